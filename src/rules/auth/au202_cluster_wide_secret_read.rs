use super::rbac::{self, BuiltIn, Grant};
use crate::model::{ObjectSpec, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

declare_rule! {
    /// ## What it checks
    /// ClusterRoleBindings whose ClusterRole can `get`, `list` or `watch`
    /// Secrets (in the core API group): the built-in `admin` and `edit`, or a
    /// ClusterRole among the inputs with such a rule. `cluster-admin` and
    /// `*`-on-`*` roles are AU201's. Subjects the platform manages are exempt
    /// (see AU201). Unknown when the role is not among the inputs.
    ///
    /// ## Why it matters
    /// Reading Secrets in every namespace yields every service account token,
    /// registry credential and database password in the cluster (talk s29).
    ///
    /// ## How to fix
    /// Bind the role per namespace with a RoleBinding, or write a ClusterRole
    /// without `secrets`; keep secrets in Key Vault (AU204).
    ///
    /// ## What the fix costs
    /// Tools that list Secrets cluster-wide (backup, some operators) need a
    /// dedicated, reviewed identity.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets
    pub struct ClusterWideSecretRead {
        code: "AU202",
        name: "cluster-wide-secret-read",
        title: "Secrets readable cluster-wide",
        pillar: Auth,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Rbac,
        remediation: "Bind secret-reading roles per namespace, or drop secrets from the ClusterRole",
    }
}

impl Rule for ClusterWideSecretRead {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, object) in cx.inventory.objects.iter().enumerate() {
            let ObjectSpec::Binding(binding) = &object.spec else {
                continue;
            };
            let subject = Subject::Object(id);
            if object.kind != "ClusterRoleBinding" {
                out.push(Evaluation::not_applicable(
                    subject,
                    "a RoleBinding grants within one namespace",
                ));
                continue;
            }
            let subjects = rbac::granted_subjects(binding);
            if subjects.is_empty() {
                out.push(Evaluation::pass(subject));
                continue;
            }
            let reads = match rbac::grant(cx.inventory, object, binding) {
                Ok(Grant::BuiltIn(BuiltIn::ReadsSecrets)) => true,
                Ok(Grant::BuiltIn(_)) => false,
                Ok(Grant::Rules(rules)) => {
                    !rules.iter().any(|r| r.is_wildcard())
                        && rules.iter().any(|r| r.reads_secrets())
                }
                Err((reason, loc)) => {
                    out.push(Evaluation::unknown(subject, loc, reason));
                    continue;
                }
            };
            out.push(if reads {
                Evaluation::fail(
                    subject,
                    binding.role_loc,
                    format!(
                        "ClusterRoleBinding {} lets {} read Secrets in every namespace (ClusterRole {})",
                        object.name,
                        rbac::describe(&subjects),
                        binding.role_name
                    ),
                )
            } else {
                Evaluation::pass(subject)
            });
        }
    }
}
