use crate::model::{ContainerKind, KubeObject, PodSpec};
use crate::rules::{Context, Judgement, Rated, Severity, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Linux containers that declare a `containerPort` below 1024. Trivy
    /// reports every such port; chanto does too, at info severity unless the
    /// pod uses the host's network (where the port is the node's and the
    /// container needs `NET_BIND_SERVICE` or root to bind it), where it is
    /// low.
    ///
    /// ## Why it matters
    /// Binding a port below 1024 needs root or the `NET_BIND_SERVICE`
    /// capability, which the restricted profile (CL219) drops; in the host
    /// network namespace it takes a port of the node itself.
    ///
    /// ## How to fix
    /// Listen on a port of 1024 or above and map it in the Service (`port: 80`,
    /// `targetPort: 8080`).
    ///
    /// ## What the fix costs
    /// The application's listen port changes with the Service's `targetPort`.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
    /// - https://man7.org/linux/man-pages/man7/capabilities.7.html
    code: "CL233", name: "privileged-container-port", judges: [LinuxPodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Info, responsibility: Customer, component: Workload,
    since: "0.2.0", status: Preview, title: "Container listens on a privileged port (below 1024)",
    remediation: "Listen on a port of 1024 or above and map it with the Service's targetPort",
}

/// Ports below this one need privilege to bind.
const FIRST_UNPRIVILEGED_PORT: i64 = 1024;

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    let host_network = spec.host_network.set()?.is_some_and(|(on, _)| *on);
    let mut violations = Vec::new();
    for c in spec.containers.iter().filter(|c| c.kind != ContainerKind::Ephemeral) {
        for port in &c.container_ports {
            if let Some((number, loc)) = port.set()?
                && (1..FIRST_UNPRIVILEGED_PORT).contains(number)
            {
                violations.push((loc, format!("container {} listens on port {number}", c.name)));
            }
        }
    }
    let judged = fail_all(violations);
    if host_network {
        judged.rated(Severity::Low)
    } else {
        judged
    }
}
