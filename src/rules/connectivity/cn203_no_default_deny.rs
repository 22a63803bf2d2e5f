use crate::model::{Namespace, ObjectSpec};
use crate::rules::{Context, Judgement, declare_rule, fail, not_applicable, pass};

declare_rule! {
    /// ## What it checks
    /// Every namespace that runs workloads for a NetworkPolicy in that same
    /// namespace that denies ingress by default: an empty `podSelector`
    /// (all pods), ingress among its `policyTypes` (or no `policyTypes`), and
    /// no ingress rules. A policy selecting all pods with a rule that has no
    /// `from` (`ingress: [{}]`) allows every source, and since policies add up,
    /// it cancels the default deny. Policies in other namespaces never count.
    ///
    /// Not applicable to namespaces without workloads.
    ///
    /// ## Why it matters
    /// Without a default deny, every pod accepts connections from every other
    /// pod in the cluster; one compromised workload reaches them all.
    ///
    /// ## How to fix
    /// Add `kind: NetworkPolicy` with `podSelector: {}` and `policyTypes:
    /// [Ingress]` to each namespace, then allow the flows each workload needs.
    /// Needs a network policy engine (CN106).
    ///
    /// ## What the fix costs
    /// Flows nobody declared stop: add allow policies (ingress controller,
    /// monitoring scrapes) before or with the default deny.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-traffic
    code: "CN203", name: "namespace-without-default-deny", judges: [Namespace(judge)],
    pillar: Connectivity, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload,
    since: "0.1.0", status: Stable, title: "Namespace with workloads and no default-deny NetworkPolicy",
    remediation: "Add a NetworkPolicy with podSelector {} and policyTypes [Ingress] to the namespace",
}

fn judge(cx: &Context, namespace: &Namespace) -> Judgement {
    if namespace.workloads.is_empty() {
        return not_applicable("no workloads in this namespace");
    }
    let policies: Vec<_> = namespace
        .network_policies
        .iter()
        .map(|&id| &cx.inventory.objects[id])
        .filter_map(|o| match &o.spec {
            ObjectSpec::NetworkPolicy(p) if p.selects_all_pods && p.ingress_type => Some((o, p)),
            _ => None,
        })
        .collect();
    if let Some((policy, _)) = policies.iter().find(|(_, p)| p.allows_all_ingress) {
        return fail(
            policy.loc,
            format!(
                "NetworkPolicy {} allows ingress from everywhere to every pod in {}",
                policy.name, namespace.name
            ),
        );
    }
    if policies.iter().any(|(_, p)| p.ingress_rules.unwrap_or(0) == 0) {
        return pass();
    }
    fail(
        namespace.loc,
        format!(
            "namespace {} runs workloads without a default-deny ingress NetworkPolicy",
            namespace.name
        ),
    )
}
