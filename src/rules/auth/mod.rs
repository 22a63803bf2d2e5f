//! Auth: who and what can act on the cluster — Entra ID, Kubernetes RBAC,
//! local accounts, the cluster's and workloads' Azure identities (talk
//! s28–s30).

mod au001_pim_review;
mod au101_rbac_disabled;
mod au102_no_entra_integration;
mod au103_local_accounts_enabled;
mod au104_azure_rbac_off;
mod au105_service_principal;
mod au106_key_vault_csi_off;
mod au107_no_workload_identity;
mod au108_run_command_enabled;
mod au109_node_ssh;
mod au201_cluster_admin_binding;
mod au202_cluster_wide_secret_read;
mod au203_flexvolume_key_vault;
mod au204_secret_ref_with_csi;
mod au205_token_automounted;
mod au301_registry_anonymous_access;
mod au302_key_vault_protection;
mod au901_admin_lockout;
mod rbac;

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[
    &au001_pim_review::PimReview,
    &au101_rbac_disabled::RbacDisabled,
    &au102_no_entra_integration::NoEntraIntegration,
    &au103_local_accounts_enabled::LocalAccountsEnabled,
    &au104_azure_rbac_off::AzureRbacOff,
    &au105_service_principal::ServicePrincipal,
    &au106_key_vault_csi_off::KeyVaultCsiOff,
    &au107_no_workload_identity::NoWorkloadIdentity,
    &au108_run_command_enabled::RunCommandEnabled,
    &au109_node_ssh::NodeSsh,
    &au201_cluster_admin_binding::ClusterAdminBinding,
    &au202_cluster_wide_secret_read::ClusterWideSecretRead,
    &au203_flexvolume_key_vault::FlexVolumeKeyVault,
    &au204_secret_ref_with_csi::SecretRefWithCsi,
    &au205_token_automounted::TokenAutomounted,
    &au301_registry_anonymous_access::RegistryAnonymousAccess,
    &au302_key_vault_protection::KeyVaultProtection,
    &au901_admin_lockout::AdminLockout,
];
