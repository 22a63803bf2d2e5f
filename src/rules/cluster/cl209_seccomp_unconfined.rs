use crate::rules::workload::decide;
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

declare_rule! {
    /// ## What it checks
    /// `securityContext.seccompProfile.type: Unconfined` on the pod or a container.
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// Seccomp blocks the system calls most container escapes use; `Unconfined` switches that
    /// filter off. (talk s23)
    ///
    /// ## How to fix
    /// Use `seccompProfile.type: RuntimeDefault`.
    ///
    /// ## What the fix costs
    /// A program using an unusual syscall needs a `Localhost` profile, not no profile.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    pub struct SeccompUnconfined {
        code: "CL209",
        name: "seccomp-unconfined",
        title: "Seccomp profile set to Unconfined",
        pillar: Cluster,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Workload,
        remediation: "Use seccompProfile.type: RuntimeDefault",
        profile: Baseline,
    }
}

impl Rule for SeccompUnconfined {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        workload::each_workload(cx, out, Self::META.profile, |_, spec| {
            decide(workload::security_fields(
                spec,
                |sc| &sc.seccomp_type,
                |t| {
                    t.eq_ignore_ascii_case("Unconfined")
                        .then(|| "runs without seccomp (Unconfined)".to_string())
                },
            ))
        });
    }
}
