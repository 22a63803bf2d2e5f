use crate::model::{ContainerKind, KubeObject, PodSpec};
use crate::rules::workload::images;
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Containers that run software known to open the cluster, by image and
    /// version tag: the Kubernetes dashboard; Tiller (Helm 2's in-cluster
    /// server); git-sync; the community ingress-nginx controller (retired by
    /// the Kubernetes project in March 2026, no further security fixes);
    /// Argo CD before 2.1.9 or 2.2.x before 2.2.4 (CVE-2022-24348), Grafana
    /// 9.2.0–9.2.3 (CVE-2022-39328) and Kyverno 1.8.3–1.8.4 (CVE-2022-47633).
    /// Also an SSH server (container port 22) and `sudo` in a container's
    /// command or arguments. A version only a digest names is not judged.
    /// Vulnerabilities in general are Defender's (CL104): this list is the
    /// few that peers check by name.
    ///
    /// ## Why it matters
    /// The dashboard and Tiller answer requests with their own, usually broad,
    /// service account; git-sync runs what a repository tells it; the listed
    /// versions let an attacker read files or bypass authentication. An SSH
    /// server or sudo in a container is a second way in and a way up.
    ///
    /// ## How to fix
    /// Remove the dashboard (use the Azure portal's Kubernetes resources view)
    /// and Tiller (Helm 3 has no server); move off ingress-nginx to the AKS
    /// application routing add-on or another maintained controller; upgrade the
    /// listed versions; use `kubectl exec` or `kubectl debug` instead of SSH,
    /// and build images that need no sudo.
    ///
    /// ## What the fix costs
    /// A controller migration needs its Ingress annotations translated and a
    /// cut-over.
    ///
    /// ## References
    /// - https://kubernetes.io/blog/2025/11/11/ingress-nginx-retirement/
    /// - https://helm.sh/docs/faq/changes_since_helm2/#removal-of-tiller
    /// - https://learn.microsoft.com/azure/aks/kubernetes-portal
    /// - https://nvd.nist.gov/vuln/detail/CVE-2022-24348
    code: "CL232", name: "known-risky-software", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: High, responsibility: Customer, component: Workload,
    since: "0.2.0", status: Preview, title: "Known risky software in a container",
    remediation: "Remove or upgrade the software; use kubectl exec instead of SSH and images without sudo",
}

type Version = (u32, u32, u32);
/// Versions from the first up to (not including) the second.
type Affected = &'static [(Version, Version)];

/// Software recognised by the end of its image repository, with the
/// versions affected (all when `None`), and what to call it.
const RISKY: &[(&str, Option<Affected>, &str)] = &[
    ("kubernetesui/dashboard", None, "the Kubernetes dashboard"),
    ("kubernetes-dashboard", None, "the Kubernetes dashboard"),
    ("kubernetes-helm/tiller", None, "Tiller (Helm 2), end of life since 2020"),
    ("helm/tiller", None, "Tiller (Helm 2), end of life since 2020"),
    ("git-sync", None, "git-sync, which runs what a repository tells it"),
    ("ingress-nginx/controller", None, "ingress-nginx, retired in March 2026 without further security fixes"),
    (
        "argoproj/argocd",
        Some(&[((0, 0, 0), (2, 1, 9)), ((2, 2, 0), (2, 2, 4))]),
        "Argo CD with CVE-2022-24348 (path traversal)",
    ),
    (
        "grafana/grafana",
        Some(&[((9, 2, 0), (9, 2, 4))]),
        "Grafana with CVE-2022-39328 (authentication bypass)",
    ),
    (
        "kyverno/kyverno",
        Some(&[((1, 8, 3), (1, 8, 5))]),
        "Kyverno with CVE-2022-47633 (signature verification bypass)",
    ),
];

/// SSH listens here.
const SSH_PORT: i64 = 22;

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    let mut violations = Vec::new();
    for (c, image, loc) in images(spec)? {
        if let Some(what) = risky(image) {
            violations.push((loc, format!("container {} runs {what} ({image})", c.name)));
        }
    }
    for c in spec.containers.iter().filter(|c| c.kind != ContainerKind::Ephemeral) {
        for port in &c.container_ports {
            if let Some((&SSH_PORT, loc)) = port.set()? {
                violations.push((loc, format!("container {} listens on port 22 (SSH)", c.name)));
            }
        }
        if c.command
            .iter()
            .any(|arg| arg.split(|ch: char| ch.is_whitespace() || ch == ';' || ch == '&').any(|w| w == "sudo"))
        {
            violations.push((c.command_loc, format!("container {} runs sudo", c.name)));
        }
    }
    violations.sort_by_key(|(loc, _)| *loc);
    fail_all(violations)
}

/// What an image runs that is on the list, if anything.
fn risky(image: &str) -> Option<&'static str> {
    let without_digest = image.split('@').next().unwrap_or(image);
    let last = without_digest.rsplit('/').next().unwrap_or(without_digest);
    let (repository, tag) = match last.split_once(':') {
        Some((_, tag)) => (&without_digest[..without_digest.len() - tag.len() - 1], Some(tag)),
        None => (without_digest, None),
    };
    let repository = repository.to_ascii_lowercase();
    RISKY.iter().find_map(|(suffix, affected, what)| {
        let named = repository == *suffix || repository.ends_with(&format!("/{suffix}"));
        let hit = match affected {
            None => named,
            Some(ranges) => {
                named
                    && tag.and_then(version).is_some_and(|v| {
                        ranges.iter().any(|(from, before)| v >= *from && v < *before)
                    })
            }
        };
        hit.then_some(*what)
    })
}

/// `v2.2.3`, `2.2.3-alpine` → `(2, 2, 3)`.
fn version(tag: &str) -> Option<Version> {
    let mut parts = tag.trim_start_matches('v').split(['.', '-', '+']);
    let mut next = || parts.next()?.parse::<u32>().ok();
    Some((next()?, next()?, next().unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::risky;

    #[test]
    fn images_by_repository_and_affected_version() {
        assert!(risky("docker.io/kubernetesui/dashboard:v2.7.0").is_some());
        assert!(risky("registry.k8s.io/ingress-nginx/controller:v1.12.1@sha256:ab").is_some());
        assert!(risky("quay.io/argoproj/argocd:v2.2.3").is_some());
        assert!(risky("quay.io/argoproj/argocd:v2.2.4").is_none());
        assert!(risky("quay.io/argoproj/argocd@sha256:ab").is_none(), "no tag, no version");
        assert!(risky("grafana/grafana:9.2.3").is_some());
        assert!(risky("grafana/grafana:10.0.0").is_none());
        assert!(risky("shop.azurecr.io/web:1.2.3").is_none());
        assert!(risky("mcr.microsoft.com/oss/kubernetes/ingress/nginx-ingress-controller:v1.12.1").is_none());
    }
}
