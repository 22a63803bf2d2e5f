use crate::model::{Field, KubeObject, PodSpec};
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Every container must set `securityContext.allowPrivilegeEscalation: false`. Not applicable
    /// to Windows pods (`spec.os.name: windows`).
    ///
    /// Pod Security Standards, restricted profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// Without it, setuid binaries and file capabilities let a process gain more privileges than
    /// it started with.
    ///
    /// ## How to fix
    /// Set `allowPrivilegeEscalation: false` on every container.
    ///
    /// ## What the fix costs
    /// Programs that rely on setuid (sudo, ping on old images) stop working.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL215", name: "privilege-escalation-allowed", judges: [LinuxPodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload, profile: Restricted,
    since: "0.1.0", status: Stable, title: "Privilege escalation not disallowed",
    remediation: "Set allowPrivilegeEscalation: false on every container",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    let mut violations = Vec::new();
    for c in &spec.containers {
        match c.security.allow_privilege_escalation.known()? {
            Field::Set(false, _) => {}
            Field::Set(true, loc) => violations.push((
                *loc,
                format!("container {} allows privilege escalation", c.name),
            )),
            absent => violations.push((
                absent.loc(),
                format!("container {} does not set allowPrivilegeEscalation: false", c.name),
            )),
        }
    }
    fail_all(violations)
}
