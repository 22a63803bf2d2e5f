use super::rbac::{self, Permission};
use crate::model::{BindingSpec, KubeObject};
use crate::rules::{Context, Judgement, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Bindings whose role (built-in, among the inputs, or aggregated) grants a
    /// way around RBAC itself: `bind` or `escalate` on Roles or ClusterRoles,
    /// `impersonate` on users, groups, service accounts or user extras, or
    /// `create`/`update`/`patch` on RoleBindings or ClusterRoleBindings (to which
    /// the built-in `admin` role belongs, within its namespace). A rule limited by
    /// `resourceNames` still counts: binding one role can be the whole escalation.
    /// Checkov and Trivy judge the Role even when nothing binds it; chanto judges
    /// the binding, where a subject gets the permission, and points at the role's
    /// rule.
    /// A RoleBinding of the built-in `admin` or `edit` role within one
    /// namespace is the delegation those roles are made for: not applicable
    /// (review who is in the group instead); bound cluster-wide they count.
    ///
    /// ## Why it matters
    /// Kubernetes stops a subject from granting permissions it does not hold,
    /// unless it holds `bind` or `escalate`; `impersonate` acts as anyone; whoever
    /// may write a binding to `cluster-admin` gets it. Each is a step to cluster
    /// admin.
    ///
    /// ## How to fix
    /// Remove the verbs from the role, or keep them on a dedicated identity used
    /// by a reviewed deployment pipeline; grant namespace `admin` through Entra ID
    /// groups with PIM rather than standing bindings.
    ///
    /// ## What the fix costs
    /// Teams that create their own role bindings need a request path (a pipeline,
    /// or a platform team) instead.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks
    /// - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-creation-or-update
    code: "AU206", name: "rbac-escalation-permission", judges: [Binding(judge)],
    pillar: Auth, kind: Exposure, severity: High, responsibility: Customer, component: Rbac,
    since: "0.2.0", status: Preview, title: "RBAC permissions that grant more RBAC: bind, escalate, impersonate, or writing bindings",
    remediation: "Drop bind, escalate and impersonate, and write access to role bindings, from roles held by people and workloads",
}

const PERMISSIONS: &[Permission] = &[
    ("rbac.authorization.k8s.io", "clusterroles", "bind", "bind ClusterRoles"),
    ("rbac.authorization.k8s.io", "roles", "bind", "bind Roles"),
    ("rbac.authorization.k8s.io", "clusterroles", "escalate", "escalate ClusterRoles"),
    ("rbac.authorization.k8s.io", "roles", "escalate", "escalate Roles"),
    ("", "users", "impersonate", "impersonate users"),
    ("", "groups", "impersonate", "impersonate groups"),
    ("", "serviceaccounts", "impersonate", "impersonate service accounts"),
    ("authentication.k8s.io", "userextras", "impersonate", "impersonate user extras"),
    ("authentication.k8s.io", "uids", "impersonate", "impersonate user IDs"),
    ("rbac.authorization.k8s.io", "clusterrolebindings", "create", "create ClusterRoleBindings"),
    ("rbac.authorization.k8s.io", "clusterrolebindings", "update", "update ClusterRoleBindings"),
    ("rbac.authorization.k8s.io", "clusterrolebindings", "patch", "patch ClusterRoleBindings"),
    ("rbac.authorization.k8s.io", "rolebindings", "create", "create RoleBindings"),
    ("rbac.authorization.k8s.io", "rolebindings", "update", "update RoleBindings"),
    ("rbac.authorization.k8s.io", "rolebindings", "patch", "patch RoleBindings"),
];

fn judge(cx: &Context, object: &KubeObject, binding: &BindingSpec) -> Judgement {
    rbac::judge_permissions(cx, object, binding, true, |rule| {
        rbac::first_allowed(rule, PERMISSIONS)
    })
}
