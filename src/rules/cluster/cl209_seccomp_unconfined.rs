use crate::model::{KubeObject, PodSpec};
use crate::rules::workload::security_fields;
use crate::rules::{Context, Judgement, declare_rule, fail_all};

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
    /// filter off.
    ///
    /// ## How to fix
    /// Use `seccompProfile.type: RuntimeDefault`.
    ///
    /// ## What the fix costs
    /// A program using an unusual syscall needs a `Localhost` profile, not no profile.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL209", name: "seccomp-unconfined", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload, profile: Baseline,
    since: "0.1.0", status: Stable, title: "Seccomp profile set to Unconfined",
    remediation: "Use seccompProfile.type: RuntimeDefault",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    fail_all(security_fields(
        spec,
        |sc| &sc.seccomp_type,
        |t| {
            t.eq_ignore_ascii_case("Unconfined")
                .then(|| "runs without seccomp (Unconfined)".to_string())
        },
    )?)
}
