use crate::model::{ObjectSpec, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

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
    /// pod in the cluster; one compromised workload reaches them all (talk s23,
    /// s27).
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
    pub struct NoDefaultDeny {
        code: "CN203",
        name: "namespace-without-default-deny",
        title: "Namespace with workloads and no default-deny NetworkPolicy",
        pillar: Connectivity,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Workload,
        remediation: "Add a NetworkPolicy with podSelector {} and policyTypes [Ingress] to the namespace",
    }
}

impl Rule for NoDefaultDeny {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, namespace) in cx.inventory.namespaces.iter().enumerate() {
            let subject = Subject::Namespace(id);
            if namespace.workloads.is_empty() {
                out.push(Evaluation::not_applicable(
                    subject,
                    "no workloads in this namespace",
                ));
                continue;
            }
            let policies: Vec<_> = namespace
                .network_policies
                .iter()
                .map(|&id| &cx.inventory.objects[id])
                .filter_map(|o| match &o.spec {
                    ObjectSpec::NetworkPolicy(p) if p.selects_all_pods && p.ingress_type => {
                        Some((o, p))
                    }
                    _ => None,
                })
                .collect();
            let allow_all = policies.iter().find(|(_, p)| p.allows_all_ingress);
            let deny = policies
                .iter()
                .any(|(_, p)| p.ingress_rules.unwrap_or(0) == 0);
            out.push(match (allow_all, deny) {
                (Some((policy, _)), _) => Evaluation::fail(
                    subject,
                    policy.loc,
                    format!(
                        "NetworkPolicy {} allows ingress from everywhere to every pod in {}",
                        policy.name, namespace.name
                    ),
                ),
                (None, true) => Evaluation::pass(subject),
                (None, false) => Evaluation::fail(
                    subject,
                    namespace.loc,
                    format!(
                        "namespace {} runs workloads without a default-deny ingress NetworkPolicy",
                        namespace.name
                    ),
                ),
            });
        }
    }
}
