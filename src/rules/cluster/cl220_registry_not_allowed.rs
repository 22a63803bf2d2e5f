use crate::model::{KubeObject, PodSpec};
use crate::rules::workload::images;
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Every container image's registry against the organisation's allow-list
    /// (`--allowed-registry`, later the policy file). Default: any Azure
    /// Container Registry (`*.azurecr.io`) and `mcr.microsoft.com`. An image
    /// without a registry host comes from Docker Hub (`docker.io`). Images from
    /// `k8s.gcr.io`, which the Kubernetes project froze in 2023, fail even when
    /// allowed: nothing there gets fixes.
    ///
    /// ## Why it matters
    /// Images from public registries are unscanned, can change under a tag, and
    /// need egress to the internet.
    ///
    /// ## How to fix
    /// Import the image into your registry (`az acr import --name REG --source
    /// docker.io/library/nginx:1.27`) and reference it there.
    ///
    /// ## What the fix costs
    /// Someone must keep imported images up to date (ACR tasks or a pipeline).
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/container-registry/container-registry-import-images
    /// - https://kubernetes.io/blog/2023/02/06/k8s-gcr-io-freeze-announcement/
    code: "CL220", name: "image-registry-not-allowed", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Registry,
    since: "0.1.0", status: Stable, title: "Image from a registry the organisation does not allow",
    remediation: "Import the image into an allowed registry (az acr import) and reference it there",
}

/// The Kubernetes project's old registry, which no longer receives images.
const FROZEN_REGISTRY: &str = "k8s.gcr.io";

fn judge(cx: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    let allowed = &cx.options.allowed_registries;
    fail_all(
        images(spec)?
            .into_iter()
            .filter_map(|(c, image, loc)| {
                let registry = registry_of(image);
                if registry.eq_ignore_ascii_case(FROZEN_REGISTRY) {
                    return Some((
                        loc,
                        format!(
                            "container {} pulls from {registry}, frozen since 2023 (use registry.k8s.io)",
                            c.name
                        ),
                    ));
                }
                (!allowed.iter().any(|pattern| host_matches(pattern, registry)))
                    .then(|| (loc, format!("container {} pulls from {registry}", c.name)))
            })
            .collect(),
    )
}

/// The registry host of an image reference; Docker Hub when the first path
/// component is not a host (no `.` or `:`, not `localhost`).
pub fn registry_of(image: &str) -> &str {
    match image.split_once('/') {
        Some((first, _)) if first.contains(['.', ':']) || first == "localhost" => first,
        _ => "docker.io",
    }
}

/// `*.azurecr.io` matches any subdomain; anything else matches exactly.
fn host_matches(pattern: &str, host: &str) -> bool {
    let host = host.split(':').next().unwrap_or(host);
    match pattern.strip_prefix("*.") {
        Some(suffix) => {
            host.len() > suffix.len() + 1
                && host
                    .to_ascii_lowercase()
                    .ends_with(&format!(".{}", suffix.to_ascii_lowercase()))
        }
        None => host.eq_ignore_ascii_case(pattern),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registries_are_read_from_image_references() {
        assert_eq!(registry_of("nginx:1.27"), "docker.io");
        assert_eq!(registry_of("library/nginx"), "docker.io");
        assert_eq!(registry_of("shop.azurecr.io/web:1"), "shop.azurecr.io");
        assert_eq!(registry_of("localhost:5000/x"), "localhost:5000");
        assert!(host_matches("*.azurecr.io", "shop.azurecr.io"));
        assert!(!host_matches("*.azurecr.io", "azurecr.io"));
        assert!(!host_matches("*.azurecr.io", "evil-azurecr.io"));
        assert!(host_matches("mcr.microsoft.com", "MCR.microsoft.com"));
    }
}
