use crate::model::{Cluster, Field, NodeOsChannel, UpgradeChannel};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// The node OS upgrade channel (`autoUpgradeProfile.nodeOSUpgradeChannel`):
    /// `NodeImage` and `SecurityPatch` pass; `None` fails; `Unmanaged` fails
    /// unless a kured DaemonSet is among the scanned manifests, because the OS
    /// then installs patches but nothing reboots the nodes.
    ///
    /// When the field is absent: a template on API version 2023-06-01 or
    /// later gets `NodeImage` by default (pass), an older one gets no channel
    /// (fail); live output (az CLI, REST, Resource Graph) reports the effective
    /// channel, so absent there means none (fail). The legacy `node-image`
    /// cluster channel forces `NodeImage` (pass). An azurerm 2.x configuration
    /// (recognised by its `role_based_access_control` or `addon_profile`
    /// block) had no such attribute, so its channel is unknown.
    ///
    /// ## Why it matters
    /// Nodes are yours to patch. Kernel and OS CVEs stay open
    /// on nodes that never receive or never reboot into patches.
    ///
    /// ## How to fix
    /// `az aks update -g RG -n NAME --node-os-upgrade-channel NodeImage`. ARM:
    /// `autoUpgradeProfile.nodeOSUpgradeChannel`; Terraform:
    /// `node_os_upgrade_channel` (3.x: `node_os_channel_upgrade`).
    ///
    /// ## What the fix costs
    /// `NodeImage` reimages nodes weekly inside the maintenance window;
    /// `SecurityPatch` needs egress to `snapshot.ubuntu.com`. Switching channel
    /// can reimage nodes.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/auto-upgrade-node-os-image
    /// - https://learn.microsoft.com/azure/aks/node-updates-kured
    code: "CL103", name: "node-os-updates-not-applied", judges: [Cluster(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: NodePool,
    since: "0.1.0", status: Stable, title: "Node OS security updates not applied",
    remediation: "az aks update --node-os-upgrade-channel NodeImage",
}

/// The first API version whose default node OS channel is `NodeImage`.
const NODE_IMAGE_DEFAULT_SINCE: &str = "2023-06-01";

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    let (channel, loc) = match cluster.node_os_upgrade_channel.known()? {
        Field::Set(channel, loc) => (channel, *loc),
        Field::Absent(_) if matches!(cluster.upgrade_channel, Field::Set(UpgradeChannel::NodeImage, _)) => {
            return pass();
        }
        absent => {
            let default_node_image = !cluster.shape.is_live()
                && cluster
                    .api_version
                    .as_deref()
                    .is_some_and(|v| v >= NODE_IMAGE_DEFAULT_SINCE);
            if default_node_image {
                return pass();
            }
            (&NodeOsChannel::None, absent.loc())
        }
    };
    match channel {
        NodeOsChannel::NodeImage | NodeOsChannel::SecurityPatch => pass(),
        NodeOsChannel::Unmanaged if cx.inventory.object_facts.kured => pass(),
        NodeOsChannel::Unmanaged => fail(
            loc,
            "node OS channel Unmanaged installs patches but nothing reboots the nodes (no kured DaemonSet found)",
        ),
        NodeOsChannel::None => fail(
            loc,
            "no node OS upgrade channel: nodes receive no OS security patches",
        ),
        NodeOsChannel::Other(channel) => {
            unknown(loc, format!("unrecognised nodeOSUpgradeChannel {channel:?}"))
        }
    }
}

