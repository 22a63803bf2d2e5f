use crate::model::{Cluster, Field, NetworkPlugin, NetworkPolicyEngine};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, pass, unknown};

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
    /// endpoint and other tenants.
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
    code: "CN106", name: "no-network-policy-engine", judges: [Cluster(judge)],
    pillar: Connectivity, kind: Exposure, severity: High, responsibility: Customer, component: Vnet,
    since: "0.1.0", status: Stable, title: "No network policy engine: pod-to-pod traffic unrestricted",
    remediation: "Enable a network policy engine: az aks update --network-policy cilium|azure|calico",
}

fn judge(_: &Context, cluster: Item<Cluster>) -> Judgement {
    if let Field::Set(NetworkPlugin::None, loc) = &cluster.network_plugin {
        return unknown(
            *loc,
            "networkPlugin none (bring your own CNI): enforcement depends on the CNI installed",
        );
    }
    match cluster.network_policy.or_default(&NetworkPolicyEngine::None)? {
        (NetworkPolicyEngine::Azure | NetworkPolicyEngine::Calico | NetworkPolicyEngine::Cilium, _) => {
            pass()
        }
        (NetworkPolicyEngine::None, loc) => fail(
            loc,
            "no network policy engine: NetworkPolicies are not enforced and every pod can reach every other pod",
        ),
        (NetworkPolicyEngine::Other(engine), loc) => {
            unknown(loc, format!("unrecognised networkPolicy {engine:?}"))
        }
    }
}
