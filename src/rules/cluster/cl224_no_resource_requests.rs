use crate::model::{ContainerKind, Field, KubeObject, PodSpec};
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Containers and init containers without a CPU or a memory request
    /// (`resources.requests`). A resource with a limit but no request is not
    /// reported: Kubernetes sets the request to the limit (Checkov and Trivy
    /// report it anyway; chanto follows what the API server stores). Missing
    /// limits are CL223's.
    ///
    /// ## Why it matters
    /// The scheduler places pods by their requests: a pod without them lands on
    /// a full node, is the first evicted under pressure (BestEffort), and the
    /// cluster autoscaler cannot size the pool for it.
    ///
    /// ## How to fix
    /// Set `resources.requests.cpu` and `resources.requests.memory` from
    /// observed usage, or a `LimitRange` default per namespace (CL225).
    ///
    /// ## What the fix costs
    /// Requests reserve capacity: over-sized ones waste nodes.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits
    /// - https://learn.microsoft.com/azure/aks/developer-best-practices-resource-management
    code: "CL224", name: "no-resource-requests", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: Workload,
    since: "0.2.0", status: Preview, title: "Container without CPU or memory requests",
    remediation: "Set resources.requests.cpu and resources.requests.memory on every container",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    let mut violations = Vec::new();
    for c in spec.containers.iter().filter(|c| c.kind != ContainerKind::Ephemeral) {
        let mut missing = Vec::new();
        for (request, limit, what) in [
            (&c.requests_cpu, &c.limits_cpu, "cpu"),
            (&c.requests_memory, &c.limits_memory, "memory"),
        ] {
            if let (Field::Absent(loc), Field::Absent(_)) = (request.known()?, limit.known()?) {
                missing.push((*loc, what));
            }
        }
        if let Some((loc, _)) = missing.first() {
            let what: Vec<&str> = missing.iter().map(|(_, w)| *w).collect();
            violations.push((
                *loc,
                format!("container {} has no {} request", c.name, what.join(" or ")),
            ));
        }
    }
    fail_all(violations)
}
