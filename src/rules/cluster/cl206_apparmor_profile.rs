use crate::rules::workload::decide;

const LEGACY_ANNOTATION: &str = "container.apparmor.security.beta.kubernetes.io/";
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

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
    /// that layer. (talk s23)
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
    pub struct AppArmorProfile {
        code: "CL206",
        name: "apparmor-disabled",
        title: "AppArmor profile overridden or disabled",
        pillar: Cluster,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Workload,
        remediation: "Remove AppArmor overrides or use RuntimeDefault",
        profile: Baseline,
    }
}

impl Rule for AppArmorProfile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        workload::each_workload(cx, out, Self::META.profile, |_, spec| {
            let allowed = |t: &String| {
                t.eq_ignore_ascii_case("RuntimeDefault") || t.eq_ignore_ascii_case("Localhost")
            };
            let fields = workload::security_fields(
                spec,
                |sc| &sc.apparmor_type,
                |t| (!allowed(t)).then(|| format!("sets AppArmor profile {t}")),
            );
            decide(fields.map(|mut violations| {
                for (key, value, loc) in &spec.annotations {
                    if let Some(container) = key.strip_prefix(LEGACY_ANNOTATION)
                        && value != "runtime/default"
                        && !value.starts_with("localhost/")
                    {
                        violations.push((
                            *loc,
                            format!("container {container} sets AppArmor profile {value}"),
                        ));
                    }
                }
                violations
            }))
        });
    }
}
