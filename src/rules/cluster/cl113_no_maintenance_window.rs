use crate::model::{Cluster, NodeOsChannel, Spec, UpgradeChannel};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, not_applicable, pass, support, unknown};

declare_rule! {
    /// ## What it checks
    /// Production clusters (CL108's marking) on an automatic upgrade channel
    /// without the planned maintenance window that channel reads: a cluster
    /// auto-upgrade channel (`patch`, `stable`, `rapid`, `node-image`) needs
    /// the `aksManagedAutoUpgradeSchedule` maintenance configuration, a node OS
    /// channel (`NodeImage`, `SecurityPatch`) needs
    /// `aksManagedNodeOSUpgradeSchedule`. Maintenance configurations are
    /// resources of their own (`managedClusters/maintenanceConfigurations`,
    /// `az aks maintenanceconfiguration list`) or Terraform's
    /// `maintenance_window_auto_upgrade` / `maintenance_window_node_os`
    /// blocks; when the inputs hold no maintenance configuration at all, the
    /// verdict is unknown (they may be set apart from the cluster, by `az`
    /// or Azure Policy). Not applicable to clusters
    /// that are not production or upgrade nothing automatically.
    ///
    /// ## Why it matters
    /// Without a window AKS upgrades whenever a release reaches the region:
    /// node drains and restarts land in business hours, and teams answer by
    /// switching auto-upgrade off, which leaves the cluster unpatched (CL102,
    /// CL103). A window keeps both.
    ///
    /// ## How to fix
    /// `az aks maintenanceconfiguration add --name aksManagedAutoUpgradeSchedule
    /// --schedule-type Weekly --day-of-week Sunday --start-time 01:00 …` and the
    /// same for `aksManagedNodeOSUpgradeSchedule`; in Terraform the
    /// `maintenance_window_auto_upgrade` and `maintenance_window_node_os`
    /// blocks.
    ///
    /// ## What the fix costs
    /// Upgrades wait for the window: a window at least four hours long, at least
    /// weekly, keeps security patches from waiting too long.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/planned-maintenance
    /// - https://learn.microsoft.com/azure/aks/auto-upgrade-cluster
    code: "CL113", name: "no-maintenance-window", judges: [Cluster(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: NodePool,
    since: "0.2.0", status: Preview, title: "Production cluster upgrades automatically without a maintenance window",
    remediation: "Add aksManagedAutoUpgradeSchedule and aksManagedNodeOSUpgradeSchedule maintenance configurations",
}

const AUTO_UPGRADE: &str = "aksManagedAutoUpgradeSchedule";
const NODE_OS: &str = "aksManagedNodeOSUpgradeSchedule";

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    if !support::production(cx, &cluster)? {
        return not_applicable("not marked as production (tag environment=production)");
    }
    let mut wanted = Vec::new();
    if let Some((channel, loc)) = cluster.upgrade_channel.set()?
        && *channel != UpgradeChannel::None
    {
        wanted.push((AUTO_UPGRADE, loc, "cluster auto-upgrade"));
    }
    if let Some((channel, loc)) = cluster.node_os_upgrade_channel.set()?
        && matches!(channel, NodeOsChannel::NodeImage | NodeOsChannel::SecurityPatch)
    {
        wanted.push((NODE_OS, loc, "node OS upgrade"));
    }
    if wanted.is_empty() {
        return not_applicable("no automatic upgrade channel");
    }
    let inventory = cx.inventory;
    let declared: Vec<&str> = cluster
        .maintenance_windows
        .iter()
        .map(|(name, _)| name.as_str())
        .chain(
            inventory
                .settings_of(cluster.id)
                .iter()
                .map(|&rid| &inventory.resources[rid])
                .filter(|r| matches!(r.spec, Spec::MaintenanceConfiguration))
                .map(|r| r.name.rsplit('/').next().unwrap_or(&r.name)),
        )
        .collect();
    let missing: Vec<_> = wanted
        .into_iter()
        .filter(|(name, ..)| !declared.iter().any(|d| d.eq_ignore_ascii_case(name)))
        .collect();
    let Some((_, loc, _)) = missing.first() else {
        return pass();
    };
    if declared.is_empty() && !inventory.has_maintenance_configurations() {
        return unknown(
            *loc,
            "no maintenance configurations among the inputs: add `az aks maintenanceconfiguration list` output",
        );
    }
    fail(
        *loc,
        format!(
            "production cluster {} upgrades automatically without {}",
            cluster.name,
            missing
                .iter()
                .map(|(name, _, what)| format!("a {what} window ({name})"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    )
}
