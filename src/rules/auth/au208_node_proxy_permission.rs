use super::rbac::{self, Permission};
use crate::model::{BindingSpec, KubeObject};
use crate::rules::{Context, Judgement, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Bindings whose role grants `get` or `create` on `nodes/proxy`, the kubelet's
    /// API behind the API server.
    /// A RoleBinding of the built-in `admin` or `edit` role within one
    /// namespace is the delegation those roles are made for: not applicable
    /// (review who is in the group instead); bound cluster-wide they count.
    ///
    /// ## Why it matters
    /// The kubelet API runs commands in any container on the node and reads its
    /// logs; requests through `nodes/proxy` bypass admission control and audit
    /// the kubelet call only as a proxy request.
    ///
    /// ## How to fix
    /// Remove `nodes/proxy`; monitoring agents need `nodes/metrics` or
    /// `nodes/stats` instead.
    ///
    /// ## What the fix costs
    /// Older monitoring agents that scrape the kubelet through the proxy need an
    /// update or their own, reviewed exception.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#access-to-proxy-subresource-of-nodes
    code: "AU208", name: "node-proxy-permission", judges: [Binding(judge)],
    pillar: Auth, kind: Exposure, severity: High, responsibility: Customer, component: Rbac,
    since: "0.2.0", status: Preview, title: "Access to the nodes/proxy subresource granted",
    remediation: "Remove nodes/proxy from every role except the monitoring agent's, and review that one",
}

const PERMISSIONS: &[Permission] = &[
    ("", "nodes/proxy", "get", "use the kubelet API through nodes/proxy"),
    ("", "nodes/proxy", "create", "use the kubelet API through nodes/proxy"),
];

fn judge(cx: &Context, object: &KubeObject, binding: &BindingSpec) -> Judgement {
    rbac::judge_permissions(cx, object, binding, true, |rule| {
        rbac::first_allowed(rule, PERMISSIONS)
    })
}
