use super::rbac::{self, Permission};
use crate::model::{BindingSpec, KubeObject};
use crate::rules::{Context, Judgement, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Bindings whose role grants `create` on `serviceaccounts/token`: issuing
    /// tokens for any service account in scope. The built-in `edit` and `admin`
    /// roles include it.
    /// A RoleBinding of the built-in `admin` or `edit` role within one
    /// namespace is the delegation those roles are made for: not applicable
    /// (review who is in the group instead); bound cluster-wide they count.
    ///
    /// ## Why it matters
    /// A token for a service account carries that account's permissions, outside
    /// any pod and for as long as the requester asks (up to the API server's
    /// maximum).
    ///
    /// ## How to fix
    /// Leave token issuing to the kubelet (projected volumes); give external
    /// callers workload identity federation instead of Kubernetes tokens.
    ///
    /// ## What the fix costs
    /// Scripts that mint tokens with `kubectl create token` need another way to
    /// authenticate.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#token-request
    code: "AU211", name: "token-creation-permission", judges: [Binding(judge)],
    pillar: Auth, kind: Exposure, severity: Medium, responsibility: Customer, component: Rbac,
    since: "0.2.0", status: Preview, title: "Creation of service account tokens granted",
    remediation: "Remove create on serviceaccounts/token from roles people and workloads hold",
}

const PERMISSIONS: &[Permission] = &[
    ("", "serviceaccounts/token", "create", "create service account tokens"),
];

fn judge(cx: &Context, object: &KubeObject, binding: &BindingSpec) -> Judgement {
    rbac::judge_permissions(cx, object, binding, true, |rule| {
        rbac::first_allowed(rule, PERMISSIONS)
    })
}
