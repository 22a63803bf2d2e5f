use crate::model::Field;
use crate::rules::workload::{Check, decide};
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

declare_rule! {
    /// ## What it checks
    /// `securityContext.procMount` other than `Default`. Not applicable to pods in a user
    /// namespace (`hostUsers: false`), where the standard allows it since Kubernetes 1.35.
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// The default /proc masks hide kernel interfaces that leak host information or allow
    /// tampering. (talk s23)
    ///
    /// ## How to fix
    /// Remove `procMount: Unmasked`, or run the pod with `hostUsers: false`.
    ///
    /// ## What the fix costs
    /// Nested container builds sometimes need an unmasked /proc; give them a user namespace
    /// instead.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    pub struct ProcMount {
        code: "CL208",
        name: "unmasked-proc-mount",
        title: "Unmasked /proc mount",
        pillar: Cluster,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Workload,
        remediation: "Remove procMount: Unmasked",
        profile: Baseline,
    }
}

impl Rule for ProcMount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        workload::each_workload(cx, out, Self::META.profile, |_, spec| {
            if matches!(spec.host_users, Field::Set(false, _)) {
                return Check::NotApplicable("pod runs in a user namespace (hostUsers: false)");
            }
            decide(workload::container_fields(
                spec,
                |c| [&c.security.proc_mount],
                |mount| {
                    (!mount.eq_ignore_ascii_case("Default"))
                        .then(|| format!("mounts /proc {mount}"))
                },
            ))
        });
    }
}
