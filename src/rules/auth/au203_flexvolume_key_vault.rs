use crate::model::{KubeObject, PodSpec};
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Pod volumes using the Key Vault FlexVolume driver (`flexVolume.driver:
    /// azure/kv`).
    ///
    /// ## Why it matters
    /// The FlexVolume driver was deprecated in 2020 and is unsupported on any
    /// Kubernetes version AKS still runs; it also needs a service principal
    /// secret in the cluster to reach Key Vault.
    ///
    /// ## How to fix
    /// Enable the Key Vault Secrets Store CSI driver add-on and mount the
    /// secrets with a `SecretProviderClass` and a `csi` volume, authenticated
    /// with workload identity.
    ///
    /// ## What the fix costs
    /// Each workload's volume definition changes; rotation then works
    /// (AU106).
    ///
    /// ## References
    /// - https://github.com/Azure/kubernetes-keyvault-flexvol
    /// - https://learn.microsoft.com/azure/aks/csi-secrets-store-driver
    code: "AU203", name: "flexvolume-key-vault-driver", judges: [PodSpec(judge)],
    pillar: Auth, kind: Exposure, severity: High, responsibility: Customer, component: KeyVault,
    since: "0.1.0", status: Stable, title: "Deprecated Key Vault FlexVolume driver",
    remediation: "Replace the azure/kv FlexVolume with the Secrets Store CSI driver",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    fail_all(
        spec.volumes
            .iter()
            .filter(|v| v.flex_driver.as_deref().is_some_and(|d| d.eq_ignore_ascii_case("azure/kv")))
            .map(|v| (v.loc, format!("volume {} uses the deprecated azure/kv FlexVolume driver", v.name)))
            .collect(),
    )
}
