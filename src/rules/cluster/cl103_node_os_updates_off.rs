use crate::model::{Field, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

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
    /// cluster channel forces `NodeImage` (pass).
    ///
    /// ## Why it matters
    /// Nodes are yours to patch (talk s23, s24). Kernel and OS CVEs stay open
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
    pub struct NodeOsUpdatesOff {
        code: "CL103",
        name: "node-os-updates-not-applied",
        title: "Node OS security updates not applied",
        pillar: Cluster,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: NodePool,
        remediation: "az aks update --node-os-upgrade-channel NodeImage",
    }
}

/// The first API version whose default node OS channel is `NodeImage`.
const NODE_IMAGE_DEFAULT_SINCE: &str = "2023-06-01";

impl Rule for NodeOsUpdatesOff {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        let kured = cx
            .inventory
            .objects
            .iter()
            .any(|o| o.kind.eq_ignore_ascii_case("DaemonSet") && o.name.contains("kured"));
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            let channel = match &cluster.node_os_upgrade_channel {
                Field::Set(c, loc) => Some((c.to_ascii_lowercase(), *loc)),
                Field::Absent(_) if cluster.upgrade_channel.is("node-image") => None,
                Field::Absent(loc) => {
                    let default_node_image = !cluster.shape.is_live()
                        && cluster
                            .api_version
                            .as_deref()
                            .is_some_and(|v| v >= NODE_IMAGE_DEFAULT_SINCE);
                    (!default_node_image).then(|| ("none".to_string(), *loc))
                }
                Field::Unknown(reason, loc) => {
                    out.push(Evaluation::unknown(subject, *loc, reason.clone()));
                    continue;
                }
            };
            out.push(match channel {
                None => Evaluation::pass(subject),
                Some((c, _)) if c == "nodeimage" || c == "securitypatch" => Evaluation::pass(subject),
                Some((c, _)) if c == "unmanaged" && kured => Evaluation::pass(subject),
                Some((c, loc)) if c == "unmanaged" => Evaluation::fail(
                    subject,
                    loc,
                    "node OS channel Unmanaged installs patches but nothing reboots the nodes (no kured DaemonSet found)",
                ),
                Some((c, loc)) if c == "none" => Evaluation::fail(
                    subject,
                    loc,
                    "no node OS upgrade channel: nodes receive no OS security patches",
                ),
                Some((c, loc)) => Evaluation::unknown(subject, loc, format!("unrecognised nodeOSUpgradeChannel {c:?}")),
            });
        }
    }
}
