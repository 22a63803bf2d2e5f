use crate::load::tree::parse_bool;
use crate::model::{Field, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The Key Vault Secrets Store CSI driver add-on
    /// (`addonProfiles.azureKeyvaultSecretsProvider`): off fails; on without
    /// `config.enableSecretRotation: "true"` fails too (rotation is off by
    /// default, so rotated secrets never reach the pods).
    ///
    /// ## Why it matters
    /// Secrets belong in Key Vault, mounted into pods by the CSI driver, not
    /// in Kubernetes Secrets or images (talk s29, s30).
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
    pub struct KeyVaultCsiOff {
        code: "AU106",
        name: "key-vault-csi-off",
        title: "Key Vault Secrets Store CSI driver off, or without rotation",
        pillar: Auth,
        kind: Exposure,
        severity: Low,
        responsibility: Customer,
        component: KeyVault,
        remediation: "az aks enable-addons --addons azure-keyvault-secrets-provider --enable-secret-rotation",
    }
}

const ADDON: &str = "azureKeyvaultSecretsProvider";

impl Rule for KeyVaultCsiOff {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            out.push(match cluster.addon_enabled(ADDON) {
                Field::Unknown(reason, loc) => Evaluation::unknown(subject, loc, reason),
                Field::Set(true, _) => {
                    let rotation = cluster
                        .addon(ADDON)
                        .map(|a| a.config("enableSecretRotation"))
                        .unwrap_or(Field::Absent(cluster.addon_block.loc()));
                    match rotation {
                        Field::Unknown(reason, loc) => Evaluation::unknown(subject, loc, reason),
                        Field::Set(v, _) if parse_bool(&v) == Some(true) => Evaluation::pass(subject),
                        other => Evaluation::fail(
                            subject,
                            other.loc(),
                            "Key Vault CSI driver is on without secret rotation: rotated secrets never reach the pods",
                        ),
                    }
                }
                off => Evaluation::fail(
                    subject,
                    off.loc(),
                    "Key Vault Secrets Store CSI driver is off: secrets end up in Kubernetes Secrets or images",
                ),
            });
        }
    }
}
