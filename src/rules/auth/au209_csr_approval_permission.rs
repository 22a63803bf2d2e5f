use super::rbac::{self, Permission};
use crate::model::{BindingSpec, KubeObject};
use crate::rules::{Context, Judgement, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Bindings whose role grants `update` or `patch` on
    /// `certificatesigningrequests/approval`, or `approve` on `signers`
    /// (API group `certificates.k8s.io`). CIS asks to minimize the first; approving
    /// also needs the second, so either is reported.
    /// A RoleBinding of the built-in `admin` or `edit` role within one
    /// namespace is the delegation those roles are made for: not applicable
    /// (review who is in the group instead); bound cluster-wide they count.
    ///
    /// ## Why it matters
    /// Whoever approves a CSR for the `kubernetes.io/kube-apiserver-client` signer
    /// mints a client certificate for any user or group, `system:masters` included,
    /// and certificates cannot be revoked.
    ///
    /// ## How to fix
    /// Leave approval to the controllers AKS runs; remove the permissions from
    /// custom roles.
    ///
    /// ## What the fix costs
    /// Tools that issue client certificates through the Kubernetes CA (rare on
    /// AKS, where Entra ID signs users in) need another issuer.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#csrs-and-certificate-issuing
    /// - https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization
    code: "AU209", name: "csr-approval-permission", judges: [Binding(judge)],
    pillar: Auth, kind: Exposure, severity: High, responsibility: Customer, component: Rbac,
    since: "0.2.0", status: Preview, title: "Approval of certificate signing requests granted",
    remediation: "Remove update on certificatesigningrequests/approval and approve on signers from people and workloads",
}

const PERMISSIONS: &[Permission] = &[
    ("certificates.k8s.io", "certificatesigningrequests/approval", "update", "approve certificate signing requests"),
    ("certificates.k8s.io", "certificatesigningrequests/approval", "patch", "approve certificate signing requests"),
    ("certificates.k8s.io", "signers", "approve", "approve certificates for signers"),
];

fn judge(cx: &Context, object: &KubeObject, binding: &BindingSpec) -> Judgement {
    rbac::judge_permissions(cx, object, binding, true, |rule| {
        rbac::first_allowed(rule, PERMISSIONS)
    })
}
