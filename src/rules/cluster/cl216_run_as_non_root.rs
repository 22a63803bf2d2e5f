use crate::model::Field;
use crate::rules::workload::{Check, effective};
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

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
    /// A process running as root in the container is root on the node after any container escape. (talk s23)
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
    pub struct RunAsNonRoot {
        code: "CL216",
        name: "run-as-non-root-not-required",
        title: "Running as non-root not required",
        pillar: Cluster,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Workload,
        remediation: "Set securityContext.runAsNonRoot: true",
        profile: Restricted,
    }
}

impl Rule for RunAsNonRoot {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        workload::each_workload(cx, out, Self::META.profile, |_, spec| {
            let mut violations = Vec::new();
            for c in &spec.containers {
                match effective(&c.security.run_as_non_root, &spec.security.run_as_non_root) {
                    Field::Set(true, _) => {}
                    Field::Set(false, loc) => violations.push((
                        *loc,
                        format!("container {} sets runAsNonRoot: false", c.name),
                    )),
                    Field::Absent(loc) => violations.push((
                        *loc,
                        format!(
                            "container {} may run as root (runAsNonRoot not set)",
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
