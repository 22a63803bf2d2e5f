use crate::model::{Field, KubeObject, PodSpec};
use crate::rules::workload::container_fields;
use crate::rules::{Context, Judgement, declare_rule, fail_all, not_applicable};

declare_rule! {
    /// ## What it checks
    /// `securityContext.procMount` other than `Default`. Not applicable to pods in a user
    /// namespace (`hostUsers: false`), where the standard allows it since Kubernetes 1.35.
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// The default /proc masks hide kernel interfaces that leak host information or allow
    /// tampering.
    ///
    /// ## How to fix
    /// Remove `procMount: Unmasked`, or run the pod with `hostUsers: false`.
    ///
    /// ## What the fix costs
    /// Nested container builds sometimes need an unmasked /proc; give them a user namespace
    /// instead.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL208", name: "unmasked-proc-mount", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload, profile: Baseline,
    since: "0.1.0", status: Stable, title: "Unmasked /proc mount",
    remediation: "Remove procMount: Unmasked",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    if matches!(spec.host_users, Field::Set(false, _)) {
        return not_applicable("pod runs in a user namespace (hostUsers: false)");
    }
    fail_all(container_fields(
        spec,
        |c| [&c.security.proc_mount],
        |mount| (!mount.eq_ignore_ascii_case("Default")).then(|| format!("mounts /proc {mount}")),
    )?)
}
