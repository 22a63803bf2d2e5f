use crate::model::{BindingSpec, KubeObject};
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// RoleBindings and ClusterRoleBindings with a subject that stands for
    /// many callers: the groups `system:anonymous` / `system:unauthenticated`
    /// (anyone who reaches the API server), `system:authenticated` (anyone
    /// with any identity the cluster accepts), `system:serviceaccounts` and
    /// `system:serviceaccounts:<namespace>` (every service account), and
    /// `system:masters` (which bypasses RBAC, so a binding to it is either
    /// pointless or a sign of a copied admin setup). The bindings Kubernetes
    /// itself makes to these groups (`system:basic-user`, `system:discovery`,
    /// `system:public-info-viewer`) are not reported; AKS's own
    /// `cluster-admin` binding to `system:masters` is reported and exempt by
    /// default.
    ///
    /// ## Why it matters
    /// On AKS every Entra ID user of the tenant can authenticate to a cluster
    /// with Entra integration: `system:authenticated` is the whole tenant, and
    /// on a public API server `system:anonymous` is the internet.
    ///
    /// ## How to fix
    /// Bind named Entra ID groups or service accounts instead; delete bindings to
    /// anonymous users.
    ///
    /// ## What the fix costs
    /// Whoever relied on the broad grant needs to be in a named group.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#general-good-practice
    /// - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles
    code: "AU216", name: "binding-to-everyone", judges: [Binding(judge)],
    pillar: Auth, kind: Exposure, severity: High, responsibility: Customer, component: Rbac,
    since: "0.2.0", status: Preview, title: "Role bound to anonymous, all authenticated users, all service accounts or system:masters",
    remediation: "Bind named groups or service accounts instead of system: groups that stand for everyone",
}

/// What Kubernetes binds to everyone by design.
const DISCOVERY_ROLES: [&str; 3] = [
    "system:basic-user",
    "system:discovery",
    "system:public-info-viewer",
];

fn judge(_: &Context, object: &KubeObject, binding: &BindingSpec) -> Judgement {
    if DISCOVERY_ROLES.contains(&binding.role_name.as_str()) {
        return crate::rules::pass();
    }
    let violations = binding
        .subjects
        .iter()
        .filter_map(|s| {
            let who = match s.name.as_str() {
                "system:anonymous" | "system:unauthenticated" => "anyone who reaches the API server",
                "system:authenticated" => "every identity the cluster accepts",
                "system:serviceaccounts" => "every service account",
                "system:masters" => "system:masters, which bypasses RBAC",
                name if name.starts_with("system:serviceaccounts:") => {
                    "every service account of a namespace"
                }
                _ => return None,
            };
            Some((
                s.loc,
                format!(
                    "{} {} grants {} {} to {} ({who})",
                    object.kind, object.name, binding.role_kind, binding.role_name, s.name
                ),
            ))
        })
        .collect();
    fail_all(violations)
}
