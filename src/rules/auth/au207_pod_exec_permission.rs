use super::rbac::{self, Permission};
use crate::model::{BindingSpec, KubeObject};
use crate::rules::{Context, Judgement, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Bindings whose role grants `pods/exec`, `pods/attach` or `pods/portforward`
    /// with `create`, or with `get` (what the WebSocket protocol of current kubectl
    /// versions asks for). The built-in `edit` and `admin` roles grant all three.
    /// A RoleBinding of the built-in `admin` or `edit` role within one
    /// namespace is the delegation those roles are made for: not applicable
    /// (review who is in the group instead); bound cluster-wide they count.
    ///
    /// ## Why it matters
    /// A shell in a pod runs with that pod's service account token, its mounted
    /// Secrets and its network position: reading data, moving laterally and
    /// tampering with the application all follow.
    ///
    /// ## How to fix
    /// Take the subresources out of everyday roles; give debugging access through
    /// a separate role bound just in time, and prefer `kubectl debug` with
    /// ephemeral containers under review.
    ///
    /// ## What the fix costs
    /// Developers lose ad-hoc shells in production: logs, metrics and traces must
    /// answer what a shell used to.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#exec-attach-and-portforward
    /// - https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb
    code: "AU207", name: "pod-exec-permission", judges: [Binding(judge)],
    pillar: Auth, kind: Exposure, severity: Medium, responsibility: Customer, component: Rbac,
    since: "0.2.0", status: Preview, title: "Exec, attach or port-forward into pods granted",
    remediation: "Grant pods/exec, pods/attach and pods/portforward only to a break-glass or debugging role, through PIM",
}

const PERMISSIONS: &[Permission] = &[
    ("", "pods/exec", "create", "exec into pods"),
    ("", "pods/exec", "get", "exec into pods"),
    ("", "pods/attach", "create", "attach to pods"),
    ("", "pods/attach", "get", "attach to pods"),
    ("", "pods/portforward", "create", "port-forward to pods"),
    ("", "pods/portforward", "get", "port-forward to pods"),
];

fn judge(cx: &Context, object: &KubeObject, binding: &BindingSpec) -> Judgement {
    rbac::judge_permissions(cx, object, binding, true, |rule| {
        rbac::first_allowed(rule, PERMISSIONS)
    })
}
