use crate::model::{Field, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

declare_rule! {
    /// ## What it checks
    /// `networkPlugin: kubenet`. Unknown when a template leaves the plugin
    /// out: the API's default changed between versions (kubenet on old ones,
    /// Azure CNI Overlay on new ones), so the template alone can't tell.
    ///
    /// ## Why it matters
    /// Kubenet is retired on 2028-03-31. It supports only Calico for network
    /// policy, not Azure network policy or Cilium, and rules out features such
    /// as Windows pools and API server VNet integration options (talk s27).
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
    pub struct Kubenet {
        code: "CN108",
        name: "kubenet-network-plugin",
        title: "Kubenet network plugin (retires 2028-03-31)",
        pillar: Connectivity,
        kind: Exposure,
        severity: Low,
        responsibility: Customer,
        component: Vnet,
        remediation: "Migrate to Azure CNI Overlay: az aks update --network-plugin azure --network-plugin-mode overlay",
    }
}

impl Rule for Kubenet {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            out.push(match &cluster.network_plugin {
                Field::Set(plugin, loc) if plugin.eq_ignore_ascii_case("kubenet") => Evaluation::fail(
                    subject,
                    *loc,
                    "kubenet network plugin: retires 2028-03-31 and supports only Calico network policy",
                ),
                Field::Set(..) => Evaluation::pass(subject),
                Field::Absent(loc) => Evaluation::unknown(
                    subject,
                    *loc,
                    "networkPlugin is not set and the API's default depends on its version",
                ),
                Field::Unknown(reason, loc) => Evaluation::unknown(subject, *loc, reason.clone()),
            });
        }
    }
}
