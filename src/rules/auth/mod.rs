//! Auth: who and what can act on the cluster — Entra ID, Kubernetes RBAC,
//! local accounts, the cluster's and workloads' Azure identities (talk
//! s28–s30).

mod au101_rbac_disabled;
mod au102_no_entra_integration;
mod au103_local_accounts_enabled;
mod au104_azure_rbac_off;
mod au105_service_principal;
mod au106_key_vault_csi_off;
mod au107_no_workload_identity;
mod au108_run_command_enabled;
mod au109_node_ssh;

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[
    &au101_rbac_disabled::RbacDisabled,
    &au102_no_entra_integration::NoEntraIntegration,
    &au103_local_accounts_enabled::LocalAccountsEnabled,
    &au104_azure_rbac_off::AzureRbacOff,
    &au105_service_principal::ServicePrincipal,
    &au106_key_vault_csi_off::KeyVaultCsiOff,
    &au107_no_workload_identity::NoWorkloadIdentity,
    &au108_run_command_enabled::RunCommandEnabled,
    &au109_node_ssh::NodeSsh,
];
