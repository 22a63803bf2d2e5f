use crate::model::{Cluster, NetworkPlugin};
use crate::rules::support::retirement;
use crate::rules::{Context, Item, Judgement, Rated, Severity, declare_rule, fail, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// `networkPlugin: kubenet`. Unknown when a template leaves the plugin
    /// out: the API's default changed between versions (kubenet on old ones,
    /// Azure CNI Overlay on new ones), so the template alone can't tell.
    ///
    /// ## Why it matters
    /// Kubenet retires on 2028-03-31. It supports only Calico for network
    /// policy, not Azure network policy or Cilium, and rules out features such
    /// as Windows pools and API server VNet integration options. From the
    /// retirement date (judged on `--as-of`) the finding is rated high: the
    /// cluster then runs a network plugin AKS no longer supports.
    ///
    /// ## How to fix
    /// Migrate in place to Azure CNI Overlay:
    /// `az aks update -g RG -n NAME --network-plugin azure --network-plugin-mode overlay`.
    /// ARM: `networkProfile.networkPlugin: azure` with `networkPluginMode:
    /// overlay`; Terraform: `network_profile.network_plugin = "azure"`.
    ///
    /// ## What the fix costs
    /// The migration reimages nodes; plan it in a maintenance window and check
    /// pod CIDR overlaps with peered networks.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/upgrade-azure-cni
    code: "CN108", name: "kubenet-network-plugin", judges: [Cluster(judge)],
    pillar: Connectivity, kind: Exposure, severity: Low, responsibility: Customer, component: Vnet,
    since: "0.1.0", status: Stable, title: "Kubenet network plugin (retirement on 2028-03-31)",
    remediation: "Migrate to Azure CNI Overlay: az aks update --network-plugin azure --network-plugin-mode overlay",
}

/// The day AKS retires kubenet.
const RETIREMENT: jiff::civil::Date = jiff::civil::date(2028, 3, 31);

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    match cluster.network_plugin.set()? {
        Some((NetworkPlugin::Kubenet, loc)) => fail(
            loc,
            format!(
                "kubenet network plugin: {} and supports only Calico network policy",
                retirement(cx.as_of, RETIREMENT)
            ),
        )
        .rated((cx.as_of >= RETIREMENT).then_some(Severity::High)),
        Some((NetworkPlugin::Other(plugin), loc)) => {
            unknown(loc, format!("unrecognised networkPlugin {plugin:?}"))
        }
        Some(_) => pass(),
        None => unknown(
            cluster.network_plugin.loc(),
            "networkPlugin is not set and the API's default depends on its version",
        ),
    }
}
