use crate::model::{KubeObject, PodSpec};
use crate::rules::workload::security_fields;
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// `securityContext.appArmorProfile.type` (pod or container) other than `RuntimeDefault` or
    /// `Localhost`, and the legacy annotation
    /// `container.apparmor.security.beta.kubernetes.io/<container>` other than `runtime/default`
    /// or `localhost/...`.
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// AppArmor confines what a container process may touch on the node; `Unconfined` removes
    /// that layer.
    ///
    /// ## How to fix
    /// Remove the override, or set `appArmorProfile.type: RuntimeDefault`.
    ///
    /// ## What the fix costs
    /// A workload that needs an unusual syscall path needs a custom `Localhost` profile on every
    /// node.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL206", name: "apparmor-disabled", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload, profile: Baseline,
    since: "0.1.0", status: Stable, title: "AppArmor profile overridden or disabled",
    remediation: "Remove AppArmor overrides or use RuntimeDefault",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    let allowed =
        |t: &String| t.eq_ignore_ascii_case("RuntimeDefault") || t.eq_ignore_ascii_case("Localhost");
    let mut violations = security_fields(
        spec,
        |sc| &sc.apparmor_type,
        |t| (!allowed(t)).then(|| format!("sets AppArmor profile {t}")),
    )?;
    for (container, profile, loc) in &spec.legacy_apparmor {
        if profile != "runtime/default" && !profile.starts_with("localhost/") {
            violations.push((*loc, format!("container {container} sets AppArmor profile {profile}")));
        }
    }
    fail_all(violations)
}
