use crate::model::{KubeObject, ServiceSpec};
use crate::rules::{Context, Judgement, declare_rule, fail, pass};

declare_rule! {
    /// ## What it checks
    /// Services that set `spec.externalIPs`.
    ///
    /// ## Why it matters
    /// Nodes route traffic for an external IP to the Service whatever the IP
    /// is: a Service can claim any address, including another service's, and
    /// intercept its traffic from inside the cluster (CVE-2020-8554, never
    /// fixed in Kubernetes itself).
    ///
    /// ## How to fix
    /// Use `type: LoadBalancer` (internal where it must not be public) instead,
    /// and block `externalIPs` with Azure Policy's "Kubernetes cluster services
    /// should only use allowed external IPs".
    ///
    /// ## What the fix costs
    /// Clients of the external IP move to the load balancer's address.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#external-ips
    /// - https://github.com/kubernetes/kubernetes/issues/97076
    code: "CN205", name: "service-external-ips", judges: [Service(judge)],
    pillar: Connectivity, kind: Exposure, severity: Medium, responsibility: Customer, component: LoadBalancer,
    since: "0.2.0", status: Preview, title: "Service with external IPs",
    remediation: "Use a LoadBalancer Service instead of spec.externalIPs",
}

fn judge(_: &Context, _: &KubeObject, service: &ServiceSpec) -> Judgement {
    match service.external_ips.set()? {
        Some((ips, loc)) if !ips.is_empty() => fail(
            loc,
            format!("the Service claims external IPs {}", ips.join(", ")),
        ),
        _ => pass(),
    }
}
