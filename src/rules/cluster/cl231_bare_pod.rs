use crate::model::{KubeObject, ObjectKind, WorkloadFacts};
use crate::rules::{Context, Judgement, declare_rule, fail, pass};

declare_rule! {
    /// ## What it checks
    /// Pods declared on their own, without a controller (Deployment,
    /// StatefulSet, DaemonSet, Job) to own them. Pods a live read finds owned
    /// by a controller are left to the owner and never reach this rule.
    ///
    /// ## Why it matters
    /// A bare pod is not rescheduled when its node is drained for an upgrade or
    /// fails: it disappears. Node image upgrades (CL103) then take the
    /// service down.
    ///
    /// ## How to fix
    /// Wrap the pod spec in a Deployment (or a Job for run-once work).
    ///
    /// ## What the fix costs
    /// Nothing beyond the manifest change.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/configuration/overview/#naked-pods-vs-replicasets-deployments-and-jobs
    code: "CL231", name: "bare-pod", judges: [Workload(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: Workload,
    since: "0.2.0", status: Preview, title: "Pod without a controller",
    remediation: "Run the pod through a Deployment, StatefulSet or Job",
}

fn judge(_: &Context, object: &KubeObject, _: &WorkloadFacts) -> Judgement {
    if object.kind != ObjectKind::Pod {
        return pass();
    }
    fail(object.loc, "the Pod has no controller to recreate it")
}
