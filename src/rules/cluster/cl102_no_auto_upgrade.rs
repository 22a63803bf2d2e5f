use crate::model::{Cluster, UpgradeChannel};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// The cluster auto-upgrade channel (`autoUpgradeProfile.upgradeChannel`):
    /// `patch`, `stable` or `rapid` pass; `none`, absent (the default) and the
    /// legacy `node-image` (which upgrades node images but never the
    /// Kubernetes version) fail.
    ///
    /// ## Why it matters
    /// Without a channel the cluster stays on its version until someone
    /// remembers, and drifts out of support (CL101; policy requirement P6).
    ///
    /// ## How to fix
    /// `az aks update -g RG -n NAME --auto-upgrade-channel stable` with a
    /// planned maintenance window (`aksManagedAutoUpgradeSchedule`). ARM:
    /// `autoUpgradeProfile.upgradeChannel`; Terraform:
    /// `automatic_upgrade_channel` (3.x: `automatic_channel_upgrade`).
    ///
    /// ## What the fix costs
    /// Upgrades happen on AKS's schedule inside your window: workloads need
    /// PodDisruptionBudgets and must tolerate node drains, and removed APIs
    /// must be gone before a minor upgrade.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/auto-upgrade-cluster
    code: "CL102", name: "no-auto-upgrade-channel", judges: [Cluster(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: ApiServer,
    since: "0.1.0", status: Stable, title: "No cluster auto-upgrade channel",
    remediation: "az aks update --auto-upgrade-channel stable (with a maintenance window)",
}

fn judge(_: &Context, cluster: Item<Cluster>) -> Judgement {
    match cluster.upgrade_channel.or_default(&UpgradeChannel::None)? {
        (UpgradeChannel::Patch | UpgradeChannel::Stable | UpgradeChannel::Rapid, _) => pass(),
        (UpgradeChannel::None, loc) => fail(
            loc,
            "no auto-upgrade channel: the Kubernetes version is only upgraded by hand",
        ),
        (UpgradeChannel::NodeImage, loc) => fail(
            loc,
            "auto-upgrade channel node-image upgrades node images only, never the Kubernetes version",
        ),
        (UpgradeChannel::Other(channel), loc) => {
            unknown(loc, format!("unrecognised upgradeChannel {channel:?}"))
        }
    }
}
