use crate::model::{KubeObject, PodSpec};
use crate::rules::workload::images;
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Container images referenced by a mutable tag: `:latest`, or no tag at
    /// all (which means `latest`). A digest (`@sha256:…`) always passes.
    ///
    /// ## Why it matters
    /// What a mutable tag points to changes without a deployment: nodes can run
    /// different code, a scanned image can be replaced by an unscanned one, and
    /// rollbacks are not reproducible.
    ///
    /// ## How to fix
    /// Pin a version tag (`web:1.4.2`), or better a digest
    /// (`web@sha256:…`); ACR can lock tags (`az acr repository update
    /// --write-enabled false`).
    ///
    /// ## What the fix costs
    /// Updates become explicit changes to the manifests (automate them with
    /// Renovate or Dependabot).
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/container-registry/container-registry-image-tag-version
    code: "CL221", name: "mutable-image-tag", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: Registry,
    since: "0.1.0", status: Stable, title: "Image referenced by a mutable tag",
    remediation: "Pin images by version tag or digest instead of :latest",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    fail_all(
        images(spec)?
            .into_iter()
            .filter_map(|(c, image, loc)| {
                mutable(image).map(|why| (loc, format!("container {} uses {image} ({why})", c.name)))
            })
            .collect(),
    )
}

/// Why an image reference is mutable, if it is.
fn mutable(image: &str) -> Option<&'static str> {
    if image.contains('@') {
        return None;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        None => Some("no tag means latest"),
        Some((_, tag)) if tag.eq_ignore_ascii_case("latest") => Some("latest"),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::mutable;

    #[test]
    fn tags_and_digests() {
        assert!(mutable("nginx").is_some());
        assert!(mutable("nginx:latest").is_some());
        assert!(
            mutable("localhost:5000/web").is_some(),
            "the port is not a tag"
        );
        assert!(mutable("nginx:1.27").is_none());
        assert!(mutable("web@sha256:abc").is_none());
    }
}
