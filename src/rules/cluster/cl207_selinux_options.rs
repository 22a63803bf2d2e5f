use crate::model::{KubeObject, PodSpec};
use crate::rules::{Context, Judgement, declare_rule, fail_all};

const ALLOWED_TYPES: [&str; 5] = [
    "",
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

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
    /// A custom SELinux label can put a container in a domain with host-level access.
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
    code: "CL207", name: "custom-selinux-options", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload, profile: Baseline,
    since: "0.1.0", status: Stable, title: "Custom SELinux type, user or role",
    remediation: "Remove custom seLinuxOptions",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
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
            match field.set()? {
                Some((value, loc)) if what == "type" && !ALLOWED_TYPES.contains(&value.as_str()) => {
                    violations.push((loc, format!("{who} sets SELinux type {value}")));
                }
                Some((value, loc)) if what != "type" && !value.is_empty() => {
                    violations.push((loc, format!("{who} sets SELinux {what} {value}")));
                }
                _ => {}
            }
        }
    }
    fail_all(violations)
}
