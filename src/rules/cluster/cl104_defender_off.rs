use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Microsoft Defender for Containers on the cluster:
    /// `securityProfile.defender.securityMonitoring.enabled`, or the legacy
    /// `securityProfile.azureDefender.enabled` of older API versions.
    ///
    /// ## Why it matters
    /// This is what "install antivirus" (policy requirement P3) means on a
    /// managed cluster: runtime threat detection on the nodes and
    /// vulnerability assessment of the images that run.
    ///
    /// ## How to fix
    /// Enable the Defender for Containers plan on the subscription, then
    /// `az aks update -g RG -n NAME --enable-defender`. ARM:
    /// `securityProfile.defender.securityMonitoring.enabled: true` with
    /// `logAnalyticsWorkspaceResourceId`; Terraform: `microsoft_defender {
    /// log_analytics_workspace_id = ... }`.
    ///
    /// ## What the fix costs
    /// A per-core plan price and a sensor DaemonSet on every node; its egress
    /// endpoints must be allowed through the firewall.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-introduction
    code: "CL104", name: "defender-for-containers-off", judges: [SwitchOn(|c| c.defender.clone(), false, DEFENDER_OFF)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: NodePool,
    since: "0.1.0", status: Stable, title: "Defender for Containers not enabled",
    remediation: "az aks update --enable-defender (with the Defender for Containers plan on)",
}

const DEFENDER_OFF: &str = "Defender for Containers is off: no runtime threat detection or image vulnerability assessment";
