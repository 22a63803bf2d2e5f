use crate::model::Cluster;
use crate::rules::{Context, Item, Judgement, declare_rule, fail, require_on};

declare_rule! {
    /// ## What it checks
    /// The Key Vault Secrets Store CSI driver add-on
    /// (`addonProfiles.azureKeyvaultSecretsProvider`): off fails; on without
    /// `config.enableSecretRotation: "true"` fails too (rotation is off by
    /// default, so rotated secrets never reach the pods).
    ///
    /// ## Why it matters
    /// Secrets belong in Key Vault, mounted into pods by the CSI driver, not
    /// in Kubernetes Secrets or images.
    ///
    /// ## How to fix
    /// `az aks enable-addons -g RG -n NAME --addons azure-keyvault-secrets-provider
    /// --enable-secret-rotation`. ARM:
    /// `addonProfiles.azureKeyvaultSecretsProvider: { enabled: true, config:
    /// { enableSecretRotation: "true" } }`; Terraform: `key_vault_secrets_provider
    /// { secret_rotation_enabled = true }`.
    ///
    /// ## What the fix costs
    /// Workloads need an identity with access to the vault (workload
    /// identity) and the vault's endpoint reachable, ideally by private link.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/csi-secrets-store-driver
    code: "AU106", name: "key-vault-csi-off", judges: [Cluster(judge)],
    pillar: Auth, kind: Exposure, severity: Low, responsibility: Customer, component: KeyVault,
    since: "0.1.0", status: Stable, title: "Key Vault Secrets Store CSI driver off, or without rotation",
    remediation: "az aks enable-addons --addons azure-keyvault-secrets-provider --enable-secret-rotation",
}

fn judge(_: &Context, cluster: Item<Cluster>) -> Judgement {
    let enabled = cluster.addon_enabled("azureKeyvaultSecretsProvider");
    if !enabled.is_true()? {
        return fail(
            enabled.loc(),
            "Key Vault Secrets Store CSI driver is off: secrets end up in Kubernetes Secrets or images",
        );
    }
    require_on(
        &cluster.secret_rotation,
        false,
        "Key Vault CSI driver is on without secret rotation: rotated secrets never reach the pods",
    )
}
