use crate::model::{AzureResource, Field, KeyVault, Shape};
use crate::rules::{Context, Item, Judgement, declare_rule, require_on};

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
    /// RBAC reviews. Without purge protection, one deleted
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
    code: "AU302", name: "key-vault-access-policies-or-purgeable", judges: [KeyVault(rbac_authorization), KeyVault(purge_protection)],
    pillar: Auth, kind: Exposure, severity: Medium, responsibility: Customer, component: KeyVault,
    since: "0.1.0", status: Stable, title: "Key Vault without RBAC authorization or without purge protection",
    remediation: "Enable RBAC authorization and purge protection on the vault",
}

/// The first API version that creates vaults with RBAC authorization.
const RBAC_BY_DEFAULT_FROM: &str = "2026-02-01";

fn rbac_authorization(_: &Context, resource: Item<AzureResource>, vault: &KeyVault) -> Judgement {
    let template = resource.shape == Shape::ArmTemplate;
    let rbac_default = template
        && resource
            .api_version
            .as_deref()
            .and_then(|v| v.get(..10))
            .is_some_and(|date| date >= RBAC_BY_DEFAULT_FROM);
    let message = match &vault.rbac_authorization {
        Field::Absent(_) if template => format!(
            "Key Vault {} is governed by access policies: RBAC authorization is not set, and API versions before {RBAC_BY_DEFAULT_FROM} leave it off",
            resource.name
        ),
        _ => format!(
            "Key Vault {} is governed by access policies: RBAC authorization is off",
            resource.name
        ),
    };
    require_on(&vault.rbac_authorization, rbac_default, &message)
}

fn purge_protection(cx: &Context, resource: Item<AzureResource>, vault: &KeyVault) -> Judgement {
    let kms_of: Vec<&str> = cx
        .inventory
        .clusters_keeping_keys_in(resource.id)
        .iter()
        .map(|&c| cx.inventory.clusters[c].name.as_str())
        .collect();
    let at_stake = if kms_of.is_empty() {
        String::new()
    } else {
        format!(
            ", and with it the etcd encryption key of {} and every Secret it protects",
            kms_of.join(", ")
        )
    };
    require_on(
        &vault.purge_protection,
        false,
        &format!(
            "Key Vault {} can be purged: a deleted vault, key or secret is gone for good{at_stake}",
            resource.name
        ),
    )
}
