use super::rbac::{self, Granted};
use crate::model::{BindingSpec, KubeObject};
use crate::rules::{Context, Judgement, declare_rule, fail, pass};

declare_rule! {
    /// ## What it checks
    /// ClusterRoleBindings and RoleBindings that grant `cluster-admin`, or a
    /// role with `*` verbs on `*` resources in every API group, to users,
    /// groups or service accounts.
    ///
    /// Exempt, because the platform installs and manages them (a binding to
    /// these alone is still judged, and its finding shown as suppressed by the
    /// default exemption, never counted as passed): `system:` users
    /// and groups (the default `cluster-admin` binding to `system:masters`),
    /// the service accounts of AKS components in `kube-system`, named one by
    /// one (never `default`, never the whole namespace), and the AKS users `clusterAdmin`,
    /// `clusterUser` and `aksService`. Not exempt: the `system:` groups that
    /// mean everyone (`system:authenticated`, `system:unauthenticated`,
    /// `system:serviceaccounts[:ns]`), `system:anonymous`, and application
    /// service accounts named as users (`system:serviceaccount:ns:name`).
    /// Unknown when the bound role is neither built in nor among the inputs.
    ///
    /// ## Why it matters
    /// Every cluster-admin is one phished laptop or leaked token away from full
    /// control of every workload and Secret; "limit who can access" (policy
    /// requirement P5) starts here.
    ///
    /// ## How to fix
    /// Bind narrower roles (`admin` or `edit` per namespace), grant
    /// cluster-admin through the Entra admin group or Azure RBAC with PIM
    /// instead of standing bindings, and delete the binding.
    ///
    /// ## What the fix costs
    /// People lose standing access: make just-in-time elevation (PIM) work
    /// before removing bindings, or incidents wait on approvals.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
    /// - https://learn.microsoft.com/azure/aks/azure-ad-rbac
    code: "AU201", name: "cluster-admin-granted", judges: [Binding(judge)],
    pillar: Auth, kind: Exposure, severity: High, responsibility: Customer, component: Rbac,
    since: "0.1.0", status: Stable, title: "cluster-admin (or * on *) granted to users, groups or service accounts",
    remediation: "Replace the binding with namespace-scoped roles; grant admin just-in-time through PIM",
}

fn judge(cx: &Context, object: &KubeObject, binding: &BindingSpec) -> Judgement {
    let subjects = rbac::granted_subjects(binding, &cx.data.system_workloads);
    if subjects.is_empty() {
        return pass();
    }
    let role = match rbac::granted(cx.inventory, object, binding)? {
        Granted::ClusterAdmin => "cluster-admin".to_string(),
        Granted::Rules(rules) if rules.iter().any(|(r, _)| r.is_wildcard()) => {
            format!("{} {} (* on *)", binding.role_kind, binding.role_name)
        }
        Granted::Rules(_) => return pass(),
    };
    fail(
        binding.role_loc,
        format!(
            "{} {} grants {role} to {}",
            object.kind,
            object.name,
            rbac::describe(&subjects)
        ),
    )
}
