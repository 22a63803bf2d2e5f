use super::rbac::{self, Granted};
use crate::model::{BindingSpec, KubeObject, ObjectKind};
use crate::rules::{Context, Judgement, declare_rule, fail, not_applicable, pass};

declare_rule! {
    /// ## What it checks
    /// ClusterRoleBindings whose ClusterRole can `get`, `list` or `watch`
    /// Secrets (in the core API group): the built-in `admin` and `edit`, or a
    /// ClusterRole among the inputs with such a rule, counting the rules of
    /// the ClusterRoles it aggregates (and those labelled to aggregate into
    /// `admin`, `edit` or `view`). Writing Secrets, and Secret access within
    /// one namespace, are AU217's. `cluster-admin` and
    /// `*`-on-`*` roles are AU201's. Subjects the platform manages are exempt
    /// (see AU201). Unknown when the role is not among the inputs.
    ///
    /// ## Why it matters
    /// Reading Secrets in every namespace yields every service account token,
    /// registry credential and database password in the cluster.
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
    code: "AU202", name: "cluster-wide-secret-read", judges: [Binding(judge)],
    pillar: Auth, kind: Exposure, severity: Medium, responsibility: Customer, component: Rbac,
    since: "0.1.0", status: Stable, title: "Secrets readable cluster-wide",
    remediation: "Bind secret-reading roles per namespace, or drop secrets from the ClusterRole",
}

fn judge(cx: &Context, object: &KubeObject, binding: &BindingSpec) -> Judgement {
    if object.kind != ObjectKind::ClusterRoleBinding {
        return not_applicable("a RoleBinding grants within one namespace");
    }
    let subjects = rbac::granted_subjects(binding, &cx.data.system_workloads);
    if subjects.is_empty() {
        return pass();
    }
    let reads = match rbac::granted(cx.inventory, object, binding)? {
        Granted::ClusterAdmin => false,
        Granted::Rules(rules) => {
            !rules.iter().any(|(r, _)| r.is_wildcard())
                && rules.iter().any(|(r, _)| r.reads_secrets())
        }
    };
    if !reads {
        return pass();
    }
    fail(
        binding.role_loc,
        format!(
            "ClusterRoleBinding {} lets {} read Secrets in every namespace (ClusterRole {})",
            object.name,
            rbac::describe(&subjects),
            binding.role_name
        ),
    )
}
