use super::rbac::{self, Permission};
use crate::model::{BindingSpec, KubeObject, ObjectKind};
use crate::rules::{Context, Judgement, declare_rule};

declare_rule! {
    /// ## What it checks
    /// ClusterRoleBindings whose role may `create`, `update`, `patch` or `delete`
    /// Secrets (reading them cluster-wide is AU202's), and RoleBindings whose role
    /// may read or write Secrets in their namespace (the built-in `edit` and
    /// `admin` among them). Rules limited by `resourceNames` are not reported.
    /// A RoleBinding of the built-in `admin` or `edit` role within one
    /// namespace is the delegation those roles are made for: not applicable
    /// (review who is in the group instead); bound cluster-wide they count.
    ///
    /// ## Why it matters
    /// Secrets in a namespace include its service account tokens and registry
    /// credentials; writing them replaces what workloads trust.
    ///
    /// ## How to fix
    /// Keep credentials in Key Vault and mount them with the Secrets Store CSI
    /// driver (AU106, AU204); bind `view` rather than `edit` for people who only
    /// read.
    ///
    /// ## What the fix costs
    /// People who fix a Secret by hand go through Key Vault instead.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets
    /// - https://learn.microsoft.com/azure/aks/csi-secrets-store-driver
    code: "AU217", name: "secret-access-permission", judges: [Binding(judge)],
    pillar: Auth, kind: Exposure, severity: Low, responsibility: Customer, component: Rbac,
    since: "0.2.0", status: Preview, title: "Secrets writable, or readable within a namespace",
    remediation: "Bind secret access to the workloads that need it; keep secrets in Key Vault",
}

const WRITE: &[Permission] = &[
    ("", "secrets", "create", "create Secrets"),
    ("", "secrets", "update", "update Secrets"),
    ("", "secrets", "patch", "patch Secrets"),
    ("", "secrets", "delete", "delete Secrets"),
];

const READ: &[Permission] = &[
    ("", "secrets", "get", "read Secrets"),
    ("", "secrets", "list", "list Secrets"),
    ("", "secrets", "watch", "watch Secrets"),
];

fn judge(cx: &Context, object: &KubeObject, binding: &BindingSpec) -> Judgement {
    let namespaced = object.kind == ObjectKind::RoleBinding;
    rbac::judge_permissions(cx, object, binding, false, |rule| {
        rbac::first_allowed(rule, WRITE)
            .or_else(|| namespaced.then(|| rbac::first_allowed(rule, READ)).flatten())
    })
}
