use crate::model::{ContainerKind, Field};
use crate::rules::workload::Check;
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

declare_rule! {
    /// ## What it checks
    /// Containers and init containers without both a CPU and a memory limit
    /// (`resources.limits.cpu`, `resources.limits.memory`).
    ///
    /// ## Why it matters
    /// One pod without limits can starve its node of memory or CPU and take the
    /// other pods on it down: availability is part of security (talk s23).
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
    pub struct NoResourceLimits {
        code: "CL223",
        name: "no-resource-limits",
        title: "Container without CPU or memory limits",
        pillar: Cluster,
        kind: Exposure,
        severity: Low,
        responsibility: Customer,
        component: Workload,
        remediation: "Set resources.limits.cpu and resources.limits.memory on every container",
    }
}

impl Rule for NoResourceLimits {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        workload::each_workload(cx, out, None, |_, spec| {
            let mut violations = Vec::new();
            for c in spec
                .containers
                .iter()
                .filter(|c| c.kind != ContainerKind::Ephemeral)
            {
                let limits = [(&c.limits_cpu, "cpu"), (&c.limits_memory, "memory")];
                if let Some((Field::Unknown(reason, loc), _)) =
                    limits.iter().find(|(f, _)| matches!(f, Field::Unknown(..)))
                {
                    return Check::Unknown(reason.clone(), *loc);
                }
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
            Check::from_violations(violations)
        });
    }
}
