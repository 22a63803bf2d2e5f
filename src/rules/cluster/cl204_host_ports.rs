use crate::model::{KubeObject, PodSpec};
use crate::rules::workload::container_fields;
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Any container port with a `hostPort` other than 0.
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// A host port opens the node's own address to the pod, bypassing Services, NetworkPolicies
    /// on the pod network, and any load balancer rules.
    ///
    /// ## How to fix
    /// Remove `hostPort`; publish through a Service.
    ///
    /// ## What the fix costs
    /// Pods with host ports can only run once per node, so removing them also frees scheduling.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL204", name: "host-ports", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload, profile: Baseline,
    since: "0.1.0", status: Stable, title: "Container binds a host port",
    remediation: "Remove hostPort from container ports",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    fail_all(container_fields(
        spec,
        |c| &c.host_ports,
        |port| (*port != 0).then(|| format!("binds host port {port}")),
    )?)
}
