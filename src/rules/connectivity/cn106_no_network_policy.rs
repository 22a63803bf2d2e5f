use crate::model::{Field, Resolved, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

declare_rule! {
    /// ## What it checks
    /// That a network policy engine (`networkPolicy`: `azure`, `calico` or
    /// `cilium`) enforces Kubernetes NetworkPolicy. Absent, `null` or `none`
    /// means NetworkPolicy objects are accepted but never enforced.
    ///
    /// Unknown with `networkPlugin: none` (bring your own CNI): enforcement
    /// then depends on the CNI installed, which the cluster resource can't show.
    ///
    /// ## Why it matters
    /// Without enforcement every pod can reach every other pod in every
    /// namespace; one compromised workload reaches databases, the metadata
    /// endpoint and other tenants (talk s23, s27).
    ///
    /// ## How to fix
    /// `az aks update -g RG -n NAME --network-policy cilium` (Azure CNI with
    /// the Cilium dataplane) or `azure`/`calico`. ARM:
    /// `networkProfile.networkPolicy`; Terraform:
    /// `network_profile.network_policy`.
    ///
    /// ## What the fix costs
    /// Turning enforcement on makes existing NetworkPolicies bite: review them
    /// first. Kubenet supports only Calico; Azure NPM on Windows retires
    /// 2026-09-30.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/use-network-policies
    pub struct NoNetworkPolicy {
        code: "CN106",
        name: "no-network-policy-engine",
        title: "No network policy engine: pod-to-pod traffic unrestricted",
        pillar: Connectivity,
        kind: Exposure,
        severity: High,
        responsibility: Customer,
        component: Vnet,
        remediation: "Enable a network policy engine: az aks update --network-policy cilium|azure|calico",
    }
}

impl Rule for NoNetworkPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            if let Field::Set(plugin, loc) = &cluster.network_plugin
                && plugin.eq_ignore_ascii_case("none")
            {
                out.push(Evaluation::unknown(
                    subject,
                    *loc,
                    "networkPlugin none (bring your own CNI): enforcement depends on the CNI installed",
                ));
                continue;
            }
            out.push(match cluster.network_policy.or_default("none".into()) {
                Resolved::Unknown(reason, loc) => Evaluation::unknown(subject, loc, reason),
                Resolved::Known(engine, loc) => match engine.to_ascii_lowercase().as_str() {
                    "azure" | "calico" | "cilium" => Evaluation::pass(subject),
                    "none" => Evaluation::fail(
                        subject,
                        loc,
                        "no network policy engine: NetworkPolicies are not enforced and every pod can reach every other pod",
                    ),
                    _ => Evaluation::unknown(subject, loc, format!("unrecognised networkPolicy {engine:?}")),
                },
            });
        }
    }
}
