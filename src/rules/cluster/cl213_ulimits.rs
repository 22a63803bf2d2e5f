use crate::model::{KubeObject, PodSpec};
use crate::rules::workload::container_fields;
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// `securityContext.ulimits` on any container. Part of the baseline profile since Kubernetes
    /// 1.37.
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// Raising resource limits per container can exhaust node resources shared with other pods.
    ///
    /// ## How to fix
    /// Remove `securityContext.ulimits`; size the workload with requests and limits instead.
    ///
    /// ## What the fix costs
    /// Software tuned with high file-descriptor limits needs node-level configuration instead.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL213", name: "container-ulimits", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: Workload, profile: Baseline,
    since: "0.1.0", status: Stable, title: "Container sets ulimits",
    remediation: "Remove securityContext.ulimits",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    fail_all(container_fields(
        spec,
        |c| [&c.security.ulimits],
        |()| Some("sets ulimits".to_string()),
    )?)
}
