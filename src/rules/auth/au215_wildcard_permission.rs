use super::rbac;
use crate::model::{BindingSpec, KubeObject};
use crate::rules::{Context, Judgement, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Bindings whose role (among the inputs, or aggregated into it) has a rule
    /// with `*` among its verbs or its resources. A rule with `*` in both and every
    /// API group is AU201's.
    /// A RoleBinding of the built-in `admin` or `edit` role within one
    /// namespace is the delegation those roles are made for: not applicable
    /// (review who is in the group instead); bound cluster-wide they count.
    ///
    /// ## Why it matters
    /// A wildcard grants every verb and resource that exists, including those a
    /// later CRD or Kubernetes version adds: the role grows without anyone
    /// changing it.
    ///
    /// ## How to fix
    /// Replace `*` with the verbs and resources the subject uses (the audit log
    /// lists them).
    ///
    /// ## What the fix costs
    /// The role must be extended when the workload needs something new.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#minimize-wildcard-permissions
    code: "AU215", name: "wildcard-permission", judges: [Binding(judge)],
    pillar: Auth, kind: Exposure, severity: Medium, responsibility: Customer, component: Rbac,
    since: "0.2.0", status: Preview, title: "Role with * in its verbs or resources",
    remediation: "List the verbs and resources the role needs instead of *",
}

fn judge(cx: &Context, object: &KubeObject, binding: &BindingSpec) -> Judgement {
    rbac::judge_permissions(cx, object, binding, true, |rule| {
        rule.has_wildcard().then_some("use * in a role's verbs or resources")
    })
}
