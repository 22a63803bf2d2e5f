use super::rbac::{self, Permission};
use crate::model::{BindingSpec, KubeObject};
use crate::rules::{Context, Judgement, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Bindings whose role grants `create`, `update`, `patch` or `delete` on
    /// `validatingwebhookconfigurations`, `mutatingwebhookconfigurations`,
    /// `validatingadmissionpolicies` or `validatingadmissionpolicybindings`
    /// (API group `admissionregistration.k8s.io`).
    /// A RoleBinding of the built-in `admin` or `edit` role within one
    /// namespace is the delegation those roles are made for: not applicable
    /// (review who is in the group instead); bound cluster-wide they count.
    ///
    /// ## Why it matters
    /// A mutating webhook sees and rewrites every object it selects (Secrets
    /// included); deleting a validating one switches off the guard rails (Azure
    /// Policy's Gatekeeper among them).
    ///
    /// ## How to fix
    /// Grant the permission only to the identity that installs the admission
    /// controllers; review the webhook configurations in the cluster regularly
    /// (CL002).
    ///
    /// ## What the fix costs
    /// Operators that register their own webhooks need their installer to run
    /// with that identity.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#control-admission-webhooks
    code: "AU210", name: "admission-webhook-permission", judges: [Binding(judge)],
    pillar: Auth, kind: Exposure, severity: High, responsibility: Customer, component: Rbac,
    since: "0.2.0", status: Preview, title: "Control over admission webhook or policy configurations granted",
    remediation: "Keep write access to webhook and admission policy configurations to the platform's own deployment identity",
}

const PERMISSIONS: &[Permission] = &[
    ("admissionregistration.k8s.io", "validatingwebhookconfigurations", "create", "change admission webhooks"),
    ("admissionregistration.k8s.io", "validatingwebhookconfigurations", "update", "change admission webhooks"),
    ("admissionregistration.k8s.io", "validatingwebhookconfigurations", "patch", "change admission webhooks"),
    ("admissionregistration.k8s.io", "validatingwebhookconfigurations", "delete", "change admission webhooks"),
    ("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "create", "change admission webhooks"),
    ("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "update", "change admission webhooks"),
    ("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "patch", "change admission webhooks"),
    ("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "delete", "change admission webhooks"),
    ("admissionregistration.k8s.io", "validatingadmissionpolicies", "create", "change admission policies"),
    ("admissionregistration.k8s.io", "validatingadmissionpolicies", "update", "change admission policies"),
    ("admissionregistration.k8s.io", "validatingadmissionpolicies", "patch", "change admission policies"),
    ("admissionregistration.k8s.io", "validatingadmissionpolicies", "delete", "change admission policies"),
    ("admissionregistration.k8s.io", "validatingadmissionpolicybindings", "create", "change admission policies"),
    ("admissionregistration.k8s.io", "validatingadmissionpolicybindings", "update", "change admission policies"),
    ("admissionregistration.k8s.io", "validatingadmissionpolicybindings", "patch", "change admission policies"),
    ("admissionregistration.k8s.io", "validatingadmissionpolicybindings", "delete", "change admission policies"),
];

fn judge(cx: &Context, object: &KubeObject, binding: &BindingSpec) -> Judgement {
    rbac::judge_permissions(cx, object, binding, true, |rule| {
        rbac::first_allowed(rule, PERMISSIONS)
    })
}
