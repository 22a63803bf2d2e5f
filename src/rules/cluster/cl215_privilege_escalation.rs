use crate::model::Field;
use crate::rules::workload::Check;
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

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
    /// it started with. (talk s23)
    ///
    /// ## How to fix
    /// Set `allowPrivilegeEscalation: false` on every container.
    ///
    /// ## What the fix costs
    /// Programs that rely on setuid (sudo, ping on old images) stop working.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    pub struct PrivilegeEscalation {
        code: "CL215",
        name: "privilege-escalation-allowed",
        title: "Privilege escalation not disallowed",
        pillar: Cluster,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Workload,
        remediation: "Set allowPrivilegeEscalation: false on every container",
        profile: Restricted,
    }
}

impl Rule for PrivilegeEscalation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        workload::each_workload(cx, out, Self::META.profile, |_, spec| {
            if spec.is_windows() {
                return Check::NotApplicable("Windows pod");
            }
            let mut violations = Vec::new();
            for c in &spec.containers {
                match &c.security.allow_privilege_escalation {
                    Field::Set(false, _) => {}
                    Field::Set(true, loc) => violations.push((
                        *loc,
                        format!("container {} allows privilege escalation", c.name),
                    )),
                    Field::Absent(loc) => violations.push((
                        *loc,
                        format!(
                            "container {} does not set allowPrivilegeEscalation: false",
                            c.name
                        ),
                    )),
                    Field::Unknown(reason, loc) => return Check::Unknown(reason.clone(), *loc),
                }
            }
            Check::from_violations(violations)
        });
    }
}
