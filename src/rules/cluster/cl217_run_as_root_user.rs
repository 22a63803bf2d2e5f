use crate::model::{KubeObject, PodSpec};
use crate::rules::workload::security_fields;
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// `runAsUser: 0` on the pod or a container.
    ///
    /// Pod Security Standards, restricted profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// UID 0 inside the container is UID 0 on the node unless user namespaces are in use.
    ///
    /// ## How to fix
    /// Set a non-zero `runAsUser`, or remove it and use an image with a non-root `USER`.
    ///
    /// ## What the fix costs
    /// As for CL216.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL217", name: "run-as-root-user", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload, profile: Restricted,
    since: "0.1.0", status: Stable, title: "Runs as user 0",
    remediation: "Set a non-zero runAsUser",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    fail_all(security_fields(
        spec,
        |sc| &sc.run_as_user,
        |uid| (*uid == 0).then(|| "runs as user 0".to_string()),
    )?)
}
