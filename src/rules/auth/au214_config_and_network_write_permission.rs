use super::rbac::{self, Permission};
use crate::model::{BindingSpec, KubeObject};
use crate::rules::{Context, Judgement, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Bindings whose role grants `create`, `update` or `patch` on ConfigMaps,
    /// Services, Endpoints, EndpointSlices, Ingresses or NetworkPolicies, or
    /// `update`/`patch` on `services/status`. Rules limited by `resourceNames` are
    /// not reported (least privilege on one ConfigMap is the fix, not the risk).
    /// A RoleBinding of the built-in `admin` or `edit` role within one
    /// namespace is the delegation those roles are made for: not applicable
    /// (review who is in the group instead); bound cluster-wide they count.
    ///
    /// ## Why it matters
    /// Rewriting a ConfigMap reconfigures the workloads that read it (CoreDNS's
    /// poisons name resolution for the cluster); rewriting a NetworkPolicy opens
    /// the network; writing `services/status` sets a LoadBalancer's ingress IP and
    /// intercepts traffic (CVE-2020-8554).
    ///
    /// ## How to fix
    /// Deploy these objects through the pipeline identity; grant
    /// `services/status` to controllers only.
    ///
    /// ## What the fix costs
    /// Changes to configuration and exposure go through review.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#kubernetes-rbac---least-privilege
    /// - https://github.com/kubernetes/kubernetes/issues/97076
    code: "AU214", name: "config-and-network-write-permission", judges: [Binding(judge)],
    pillar: Auth, kind: Exposure, severity: Low, responsibility: Customer, component: Rbac,
    since: "0.2.0", status: Preview, title: "Write access to ConfigMaps, Services, network policies or Service status granted",
    remediation: "Keep write access to ConfigMaps, Services, Ingresses and NetworkPolicies with the deployment pipeline",
}

const PERMISSIONS: &[Permission] = &[
    ("", "services/status", "update", "set Service status (CVE-2020-8554)"),
    ("", "services/status", "patch", "set Service status (CVE-2020-8554)"),
    ("", "configmaps", "create", "write ConfigMaps"),
    ("", "configmaps", "update", "write ConfigMaps"),
    ("", "configmaps", "patch", "write ConfigMaps"),
    ("", "services", "create", "write Services"),
    ("", "services", "update", "write Services"),
    ("", "services", "patch", "write Services"),
    ("", "endpoints", "create", "write Endpoints"),
    ("", "endpoints", "update", "write Endpoints"),
    ("", "endpoints", "patch", "write Endpoints"),
    ("discovery.k8s.io", "endpointslices", "create", "write EndpointSlices"),
    ("discovery.k8s.io", "endpointslices", "update", "write EndpointSlices"),
    ("discovery.k8s.io", "endpointslices", "patch", "write EndpointSlices"),
    ("networking.k8s.io", "ingresses", "create", "write Ingresses"),
    ("networking.k8s.io", "ingresses", "update", "write Ingresses"),
    ("networking.k8s.io", "ingresses", "patch", "write Ingresses"),
    ("networking.k8s.io", "networkpolicies", "create", "write NetworkPolicies"),
    ("networking.k8s.io", "networkpolicies", "update", "write NetworkPolicies"),
    ("networking.k8s.io", "networkpolicies", "patch", "write NetworkPolicies"),
];

fn judge(cx: &Context, object: &KubeObject, binding: &BindingSpec) -> Judgement {
    rbac::judge_permissions(cx, object, binding, false, |rule| {
        rbac::first_allowed(rule, PERMISSIONS)
    })
}
