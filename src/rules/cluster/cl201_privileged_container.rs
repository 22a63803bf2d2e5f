use crate::model::{KubeObject, PodSpec};
use crate::rules::workload::true_flags;
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Any container, init container or ephemeral container with `securityContext.privileged:
    /// true` (YAML `yes`/`on` included).
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// A privileged container has every capability and the host's devices: it is root on the
    /// node, so one compromised pod owns the node and every pod on it.
    ///
    /// ## How to fix
    /// Remove `privileged: true`; grant the one capability the process needs instead
    /// (`capabilities.add`).
    ///
    /// ## What the fix costs
    /// Software that really manages the node (CSI node plugins, CNI agents) needs it; run those
    /// in a dedicated namespace exempted by policy rather than loosening the rule everywhere.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL201", name: "privileged-container", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: High, responsibility: Customer, component: Workload, profile: Baseline,
    since: "0.1.0", status: Stable, title: "Privileged container",
    remediation: "Remove securityContext.privileged: true",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    fail_all(true_flags(spec, None, |c| &c.security.privileged, "runs privileged")?)
}
