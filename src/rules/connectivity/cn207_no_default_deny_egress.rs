use crate::model::{Namespace, ObjectSpec};
use crate::rules::{Context, Judgement, declare_rule, fail, not_applicable, pass};

declare_rule! {
    /// ## What it checks
    /// Every namespace that runs workloads for a NetworkPolicy in that same
    /// namespace that denies egress by default: an empty `podSelector`,
    /// `Egress` among its `policyTypes` (or, without `policyTypes`, an
    /// `egress` list), and no egress rules. Ingress is CN203's; together they
    /// answer "ingress and egress blocked by default".
    ///
    /// Not applicable to namespaces without workloads.
    ///
    /// ## Why it matters
    /// A compromised pod that may open any connection reaches the instance
    /// metadata endpoint, the API server, other namespaces and the internet
    /// (where the cluster's firewall, CN105, does not stop it).
    ///
    /// ## How to fix
    /// Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Egress]`,
    /// then allow DNS (kube-system, port 53) and the flows each workload
    /// needs.
    ///
    /// ## What the fix costs
    /// Forgetting DNS breaks every lookup: allow it in the same change.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic
    /// - https://learn.microsoft.com/azure/aks/network-policy-best-practices
    code: "CN207", name: "namespace-without-default-deny-egress", judges: [Namespace(judge)],
    pillar: Connectivity, kind: Exposure, severity: Low, responsibility: Customer, component: Workload,
    since: "0.2.0", status: Preview, title: "Namespace with workloads and no default-deny egress NetworkPolicy",
    remediation: "Add a NetworkPolicy with podSelector {} and policyTypes [Egress], then allow DNS and needed flows",
}

fn judge(cx: &Context, namespace: &Namespace) -> Judgement {
    if namespace.workloads.is_empty() {
        return not_applicable("no workloads in this namespace");
    }
    let denies = namespace
        .network_policies
        .iter()
        .map(|&id| &cx.inventory.objects[id])
        .any(|o| match &o.spec {
            ObjectSpec::NetworkPolicy(p) => {
                p.selects_all_pods && p.egress_type && p.egress_rules.unwrap_or(0) == 0
            }
            _ => false,
        });
    if denies {
        return pass();
    }
    fail(
        namespace.loc,
        format!(
            "namespace {} runs workloads without a default-deny egress NetworkPolicy",
            namespace.name
        ),
    )
}
