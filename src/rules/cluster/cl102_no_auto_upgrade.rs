use crate::model::{Resolved, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The cluster auto-upgrade channel (`autoUpgradeProfile.upgradeChannel`):
    /// `patch`, `stable` or `rapid` pass; `none`, absent (the default) and the
    /// legacy `node-image` (which upgrades node images but never the
    /// Kubernetes version) fail.
    ///
    /// ## Why it matters
    /// Without a channel the cluster stays on its version until someone
    /// remembers, and drifts out of support (CL101; talk s24; company rule 6).
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
    pub struct NoAutoUpgrade {
        code: "CL102",
        name: "no-auto-upgrade-channel",
        title: "No cluster auto-upgrade channel",
        pillar: Cluster,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: ApiServer,
        remediation: "az aks update --auto-upgrade-channel stable (with a maintenance window)",
    }
}

impl Rule for NoAutoUpgrade {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            out.push(match cluster.upgrade_channel.or_default("none".into()) {
                Resolved::Unknown(reason, loc) => Evaluation::unknown(subject, loc, reason),
                Resolved::Known(channel, loc) => match channel.to_ascii_lowercase().as_str() {
                    "patch" | "stable" | "rapid" => Evaluation::pass(subject),
                    "none" => Evaluation::fail(
                        subject,
                        loc,
                        "no auto-upgrade channel: the Kubernetes version is only upgraded by hand",
                    ),
                    "node-image" => Evaluation::fail(
                        subject,
                        loc,
                        "auto-upgrade channel node-image upgrades node images only, never the Kubernetes version",
                    ),
                    _ => Evaluation::unknown(subject, loc, format!("unrecognised upgradeChannel {channel:?}")),
                },
            });
        }
    }
}
