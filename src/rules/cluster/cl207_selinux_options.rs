use crate::model::Field;
use crate::rules::workload::Check;

const ALLOWED_TYPES: [&str; 5] = [
    "",
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

declare_rule! {
    /// ## What it checks
    /// `seLinuxOptions` (pod or container) with a `type` other than `container_t`,
    /// `container_init_t`, `container_kvm_t` or `container_engine_t`, or any `user` or `role`.
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// A custom SELinux label can put a container in a domain with host-level access. (talk s23)
    ///
    /// ## How to fix
    /// Remove `seLinuxOptions.user`/`role` and custom types.
    ///
    /// ## What the fix costs
    /// Only relevant on SELinux-enforcing nodes; AKS node images do not enforce SELinux, so
    /// removing options costs nothing there.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    pub struct SeLinuxOptions {
        code: "CL207",
        name: "custom-selinux-options",
        title: "Custom SELinux type, user or role",
        pillar: Cluster,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Workload,
        remediation: "Remove custom seLinuxOptions",
        profile: Baseline,
    }
}

impl Rule for SeLinuxOptions {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        workload::each_workload(cx, out, Self::META.profile, |_, spec| {
            let mut violations = Vec::new();
            let mut sources = vec![(&spec.security, "pod".to_string())];
            sources.extend(
                spec.containers
                    .iter()
                    .map(|c| (&c.security, format!("container {}", c.name))),
            );
            for (sc, who) in sources {
                for (field, what) in [
                    (&sc.selinux_type, "type"),
                    (&sc.selinux_user, "user"),
                    (&sc.selinux_role, "role"),
                ] {
                    match field {
                        Field::Set(value, loc)
                            if what == "type" && !ALLOWED_TYPES.contains(&value.as_str()) =>
                        {
                            violations.push((*loc, format!("{who} sets SELinux type {value}")));
                        }
                        Field::Set(value, loc) if what != "type" && !value.is_empty() => {
                            violations.push((*loc, format!("{who} sets SELinux {what} {value}")));
                        }
                        Field::Unknown(reason, loc) => return Check::Unknown(reason.clone(), *loc),
                        _ => {}
                    }
                }
            }
            Check::from_violations(violations)
        });
    }
}
