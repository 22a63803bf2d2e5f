use crate::model::{Field, KubeObject, PodSpec};
use crate::rules::workload::effective;
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// `runAsNonRoot: true` on the pod (and not overridden by a container), or on every
    /// container.
    ///
    /// Pod Security Standards, restricted profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// A process running as root in the container is root on the node after any container escape.
    ///
    /// ## How to fix
    /// Set `securityContext.runAsNonRoot: true` on the pod and build images with a non-root
    /// `USER`.
    ///
    /// ## What the fix costs
    /// Images that write to root-owned paths at start need rebuilding.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL216", name: "run-as-non-root-not-required", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload, profile: Restricted,
    since: "0.1.0", status: Stable, title: "Running as non-root not required",
    remediation: "Set securityContext.runAsNonRoot: true",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    let mut violations = Vec::new();
    for c in &spec.containers {
        match effective(&c.security.run_as_non_root, &spec.security.run_as_non_root).known()? {
            Field::Set(true, _) => {}
            Field::Set(false, loc) => {
                violations.push((*loc, format!("container {} sets runAsNonRoot: false", c.name)))
            }
            absent => violations.push((
                absent.loc(),
                format!("container {} may run as root (runAsNonRoot not set)", c.name),
            )),
        }
    }
    fail_all(violations)
}
