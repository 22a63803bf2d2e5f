use crate::model::{ContainerKind, Field, KubeObject, PodSpec};
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Containers and init containers without both a CPU and a memory limit
    /// (`resources.limits.cpu`, `resources.limits.memory`).
    ///
    /// ## Why it matters
    /// One pod without limits can starve its node of memory or CPU and take the
    /// other pods on it down: availability is part of security.
    ///
    /// ## How to fix
    /// Set `resources.limits` (and requests) on every container, or a
    /// `LimitRange` default per namespace.
    ///
    /// ## What the fix costs
    /// Limits that are too low throttle or kill the workload: size them from
    /// observed usage.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
    code: "CL223", name: "no-resource-limits", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: Workload,
    since: "0.1.0", status: Stable, title: "Container without CPU or memory limits",
    remediation: "Set resources.limits.cpu and resources.limits.memory on every container",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    let mut violations = Vec::new();
    for c in spec.containers.iter().filter(|c| c.kind != ContainerKind::Ephemeral) {
        let limits = [(c.limits_cpu.known()?, "cpu"), (c.limits_memory.known()?, "memory")];
        let missing: Vec<_> = limits
            .iter()
            .filter(|(f, _)| matches!(f, Field::Absent(_)))
            .collect();
        if let Some((first, _)) = missing.first() {
            let what: Vec<&str> = missing.iter().map(|(_, w)| *w).collect();
            violations.push((
                first.loc(),
                format!("container {} has no {} limit", c.name, what.join(" or ")),
            ));
        }
    }
    fail_all(violations)
}
