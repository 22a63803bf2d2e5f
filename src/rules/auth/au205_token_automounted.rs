use crate::model::{Field, ObjectSpec};
use crate::rules::workload::Check;
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

declare_rule! {
    /// ## What it checks
    /// Pods that get a service-account token mounted: `automountServiceAccountToken`
    /// is not `false` on the pod spec, nor on its ServiceAccount when that is
    /// among the inputs.
    ///
    /// ## Why it matters
    /// Most workloads never call the Kubernetes API, yet every compromised pod
    /// with a token can query it with the service account's rights — and
    /// RBAC mistakes turn that into escalation (talk s29).
    ///
    /// ## How to fix
    /// Set `automountServiceAccountToken: false` on the pod spec or its
    /// ServiceAccount; workloads that do call the API keep it, with a
    /// dedicated, minimal ServiceAccount.
    ///
    /// ## What the fix costs
    /// Workloads that call the API (operators, controllers) fail until they get
    /// the token back explicitly.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
    pub struct TokenAutomounted {
        code: "AU205",
        name: "service-account-token-automounted",
        title: "Service-account token automounted",
        pillar: Auth,
        kind: Exposure,
        severity: Low,
        responsibility: Customer,
        component: Rbac,
        remediation: "Set automountServiceAccountToken: false on the pod or its ServiceAccount",
    }
}

impl Rule for TokenAutomounted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        workload::each_workload_facts(cx, out, |object, facts| match &facts.automount_token {
            Field::Set(false, _) => Check::Pass,
            Field::Unknown(reason, loc) => Check::Unknown(reason.clone(), *loc),
            pod_field => {
                let account = facts
                    .service_account
                    .value()
                    .map_or("default", String::as_str);
                let account_off = cx
                    .inventory
                    .object_named("ServiceAccount", object.effective_namespace(), account)
                    .is_some_and(|o| {
                        matches!(
                            o.spec,
                            ObjectSpec::ServiceAccount {
                                automount: Field::Set(false, _)
                            }
                        )
                    });
                if account_off {
                    Check::Pass
                } else {
                    Check::from_violations(vec![(
                        pod_field.loc(),
                        format!("pod mounts a token for service account {account}"),
                    )])
                }
            }
        });
    }
}
