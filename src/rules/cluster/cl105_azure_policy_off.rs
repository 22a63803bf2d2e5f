use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// The Azure Policy add-on (`addonProfiles.azurepolicy`, key matched
    /// case-insensitively since the portal writes `azurePolicy`).
    ///
    /// ## Why it matters
    /// Without an admission controller nothing stops a privileged pod, a
    /// `:latest` image or a public LoadBalancer from being created; findings
    /// in manifests only help if the cluster also refuses them.
    ///
    /// ## How to fix
    /// `az aks enable-addons -g RG -n NAME --addons azure-policy`, then assign
    /// the "Kubernetes cluster pod security baseline standards" initiative.
    /// ARM: `addonProfiles.azurepolicy.enabled: true`; Terraform:
    /// `azure_policy_enabled = true`.
    ///
    /// ## What the fix costs
    /// Start assignments in `audit` mode: `deny` on a running cluster blocks
    /// deployments that used to work, including some Helm charts.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/governance/policy/concepts/policy-for-kubernetes
    code: "CL105", name: "azure-policy-addon-off", judges: [SwitchOn(|c| c.addon_enabled("azurepolicy"), false, AZURE_POLICY_OFF)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload,
    since: "0.1.0", status: Stable, title: "Azure Policy add-on (Gatekeeper) not enabled",
    remediation: "az aks enable-addons --addons azure-policy",
}

const AZURE_POLICY_OFF: &str = "Azure Policy add-on is off: no admission control enforces pod security";
