use crate::model::{Field, Shape, Spec, Subject};
use crate::rules::support::require_on;
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Two settings on every Key Vault, each its own evaluation:
    /// - `enableRbacAuthorization`: data-plane access decided by Azure RBAC
    ///   rather than vault access policies. When a template omits it, API
    ///   versions from 2026-02-01 create the vault with RBAC and older ones
    ///   without; live output that omits it means off;
    /// - `enablePurgeProtection`: deleted vaults, keys and secrets cannot be
    ///   purged before their retention ends (default off).
    ///
    /// ## Why it matters
    /// Access policies grant a principal all keys or all secrets of a vault,
    /// are edited by anyone with Contributor on it, and sit outside PIM and
    /// RBAC reviews (talk s29, s30). Without purge protection, one deleted
    /// vault takes the cluster's KMS key, and with it every Secret in etcd,
    /// past recovery.
    ///
    /// ## How to fix
    /// Assign `Key Vault Secrets User` and friends per identity, then
    /// `az keyvault update -n NAME --enable-rbac-authorization true
    /// --enable-purge-protection true`. ARM: `properties.enableRbacAuthorization`,
    /// `properties.enablePurgeProtection`; Terraform:
    /// `rbac_authorization_enabled` (3.x `enable_rbac_authorization`),
    /// `purge_protection_enabled`.
    ///
    /// ## What the fix costs
    /// Switching to RBAC drops every access policy at once: create the role
    /// assignments first. Purge protection cannot be turned off again, and a
    /// deleted vault's name stays taken for its retention period.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/key-vault/general/rbac-guide
    /// - https://learn.microsoft.com/azure/key-vault/general/access-control-default
    /// - https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview
    pub struct KeyVaultProtection {
        code: "AU302",
        name: "key-vault-access-policies-or-purgeable",
        title: "Key Vault without RBAC authorization or without purge protection",
        pillar: Auth,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: KeyVault,
        remediation: "Enable RBAC authorization and purge protection on the vault",
    }
}

/// The first API version that creates vaults with RBAC authorization.
const RBAC_BY_DEFAULT_FROM: &str = "2026-02-01";

impl Rule for KeyVaultProtection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (rid, resource) in cx.inventory.resources.iter().enumerate() {
            let Spec::KeyVault(vault) = &resource.spec else {
                continue;
            };
            let subject = Subject::Resource(rid);
            let rbac_default = resource.shape == Shape::ArmTemplate
                && resource
                    .api_version
                    .as_deref()
                    .and_then(|v| v.get(..10))
                    .is_some_and(|date| date >= RBAC_BY_DEFAULT_FROM);
            let rbac_message = match &vault.rbac_authorization {
                Field::Absent(_) if resource.shape == Shape::ArmTemplate => format!(
                    "Key Vault {} is governed by access policies: RBAC authorization is not set, and API versions before {RBAC_BY_DEFAULT_FROM} leave it off",
                    resource.name
                ),
                _ => format!(
                    "Key Vault {} is governed by access policies: RBAC authorization is off",
                    resource.name
                ),
            };
            out.push(require_on(
                subject,
                &vault.rbac_authorization,
                rbac_default,
                &rbac_message,
            ));
            let kms_of: Vec<&str> = cx
                .inventory
                .clusters
                .iter()
                .filter(|c| c.keeps_kms_key_in(resource))
                .map(|c| c.name.as_str())
                .collect();
            let at_stake = if kms_of.is_empty() {
                String::new()
            } else {
                format!(
                    ", and with it the etcd encryption key of {} and every Secret it protects",
                    kms_of.join(", ")
                )
            };
            out.push(require_on(
                subject,
                &vault.purge_protection,
                false,
                &format!(
                    "Key Vault {} can be purged: a deleted vault, key or secret is gone for good{at_stake}",
                    resource.name
                ),
            ));
        }
    }
}
