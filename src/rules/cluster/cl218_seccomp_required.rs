use crate::model::Field;
use crate::rules::workload::{Check, effective};
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

declare_rule! {
    /// ## What it checks
    /// Every container must run with seccomp `RuntimeDefault` or `Localhost`, set on the pod or
    /// on the container. Not applicable to Windows pods.
    ///
    /// Pod Security Standards, restricted profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// Without a profile the container runtime applies none on many nodes, and the kernel's full
    /// syscall surface is open. (talk s23)
    ///
    /// ## How to fix
    /// Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod.
    ///
    /// ## What the fix costs
    /// Rarely any: RuntimeDefault blocks only syscalls ordinary applications don't make.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    pub struct SeccompRequired {
        code: "CL218",
        name: "seccomp-profile-missing",
        title: "No seccomp profile",
        pillar: Cluster,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Workload,
        remediation: "Set seccompProfile.type: RuntimeDefault on the pod",
        profile: Restricted,
    }
}

impl Rule for SeccompRequired {
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
                match effective(&c.security.seccomp_type, &spec.security.seccomp_type) {
                    Field::Set(t, _)
                        if t.eq_ignore_ascii_case("RuntimeDefault")
                            || t.eq_ignore_ascii_case("Localhost") => {}
                    Field::Set(t, loc) => violations
                        .push((*loc, format!("container {} runs with seccomp {t}", c.name))),
                    Field::Absent(loc) => violations
                        .push((*loc, format!("container {} has no seccomp profile", c.name))),
                    Field::Unknown(reason, loc) => return Check::Unknown(reason.clone(), *loc),
                }
            }
            Check::from_violations(violations)
        });
    }
}
