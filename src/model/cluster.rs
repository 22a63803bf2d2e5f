//! An AKS managed cluster and its node pools, whatever shape they came in.

use super::{
    ClusterId, Field, IdentityType, Loc, NetworkPlugin, NetworkPolicyEngine, NodeOsChannel, OsType,
    OutboundType, PublicNetworkAccess, Shape, SkuTier, SshAccess, SupportPlan, UpgradeChannel,
};

#[derive(Debug, Clone)]
pub struct Cluster {
    pub name: String,
    pub id: Option<String>,
    pub shape: Shape,
    /// The resource's own block: where findings on absent settings point.
    pub loc: Loc,
    /// The template's `apiVersion`, which decides some defaults.
    pub api_version: Option<String>,
    /// The Azure region, which names the API server's domain.
    pub location: Field<String>,
    /// Unknown when a template computes the tags at deployment.
    pub tags: Field<Vec<(String, String)>>,
    /// How many inline `agentPoolProfiles` the input lists; unknown when a
    /// template computes the list, so pool rules can't see the pools.
    pub inline_pools: Field<usize>,

    pub sku_tier: Field<SkuTier>,
    /// `currentKubernetesVersion` when the input has it, else `kubernetesVersion`.
    pub kubernetes_version: Field<String>,
    pub support_plan: Field<SupportPlan>,

    pub enable_rbac: Field<bool>,
    pub disable_local_accounts: Field<bool>,
    /// Set when an `aadProfile` block exists.
    pub aad_profile: Field<()>,
    pub aad_managed: Field<bool>,
    pub aad_azure_rbac: Field<bool>,
    pub aad_admin_groups: Field<Vec<String>>,
    /// `serverAppID` of the legacy (AAD v1) integration.
    pub aad_server_app: Field<String>,
    pub identity_type: Field<IdentityType>,
    /// The kubelet identity's object ID, which registries grant AcrPull to.
    pub kubelet_identity: Field<String>,
    pub service_principal_client_id: Field<String>,
    pub oidc_issuer: Field<bool>,
    pub workload_identity: Field<bool>,
    pub pod_identity: Field<bool>,
    pub ssh_public_keys: Field<usize>,

    pub private_cluster: Field<bool>,
    pub authorized_ip_ranges: Field<Vec<String>>,
    pub private_cluster_public_fqdn: Field<bool>,
    /// The API server's host names as the live shapes report them (`fqdn`,
    /// `privateFQDN`): what a kubeconfig's server names.
    pub fqdns: Vec<String>,
    pub disable_run_command: Field<bool>,
    pub public_network_access: Field<PublicNetworkAccess>,

    pub network_plugin: Field<NetworkPlugin>,
    pub network_policy: Field<NetworkPolicyEngine>,
    pub outbound_type: Field<OutboundType>,

    pub addons: Vec<Addon>,
    /// The `addonProfiles` block itself: absent (with the cluster's place),
    /// set, or unknown when a template computes it at deployment.
    pub addon_block: Field<()>,
    /// `enableSecretRotation` of the Key Vault Secrets Store CSI add-on.
    pub secret_rotation: Field<bool>,

    pub upgrade_channel: Field<UpgradeChannel>,
    pub node_os_upgrade_channel: Field<NodeOsChannel>,

    /// `securityProfile.defender.securityMonitoring.enabled`, or the legacy
    /// `securityProfile.azureDefender.enabled`.
    pub defender: Field<bool>,
    pub kms: Field<bool>,
    /// The KMS key's vault: its resource ID (private key vaults) or the
    /// host of the key's URL (`https://NAME.vault.azure.net/keys/…`).
    pub kms_key_vault: Option<String>,
    pub image_cleaner: Field<bool>,
    pub disk_encryption_set: Field<String>,
    /// `securityProfile.kubernetesResourceObjectEncryptionProfile.infrastructureEncryption`:
    /// Kubernetes objects (Secrets among them) encrypted at rest with
    /// service-managed keys (`Enabled`).
    pub infrastructure_encryption: Field<String>,
    /// Planned maintenance the cluster resource itself declares (Terraform's
    /// `maintenance_window*` blocks), by the configuration name AKS gives
    /// them; those given as resources of their own are linked instead.
    pub maintenance_windows: Vec<(String, Loc)>,
}

/// The taint that keeps application pods off a system pool (what
/// Terraform's `only_critical_addons_enabled` sets).
pub const CRITICAL_ADDONS_ONLY_TAINT: &str = "CriticalAddonsOnly=true:NoSchedule";

impl Cluster {
    /// Whether the cluster's etcd encryption key lives in this vault.
    pub fn keeps_kms_key_in(&self, vault: &super::AzureResource) -> bool {
        let Some(kms_vault) = &self.kms_key_vault else {
            return false;
        };
        let by_id = vault
            .id
            .as_deref()
            .is_some_and(|id| id.eq_ignore_ascii_case(kms_vault));
        let by_host = kms_vault
            .split('.')
            .next()
            .is_some_and(|name| name.eq_ignore_ascii_case(&vault.name));
        by_id || by_host
    }

    /// Add-on keys are matched case-insensitively: the resource provider keeps
    /// whatever casing the client sent (`omsagent` / `omsAgent`).
    pub fn addon(&self, key: &str) -> Option<&Addon> {
        self.addons.iter().find(|a| a.key.eq_ignore_ascii_case(key))
    }

    /// The add-on's `enabled` flag; absent when the add-on is not listed,
    /// unknown when the whole block is.
    pub fn addon_enabled(&self, key: &str) -> Field<bool> {
        match (&self.addon_block, self.addon(key)) {
            (_, Some(addon)) => addon.enabled.clone(),
            (Field::Unknown(reason, loc), None) => Field::Unknown(reason.clone(), *loc),
            (block, None) => Field::Absent(block.loc()),
        }
    }

    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags
            .value()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Addon {
    /// The key as written.
    pub key: String,
    pub enabled: Field<bool>,
    pub config: Vec<(String, Field<String>)>,
    pub loc: Loc,
}

impl Addon {
    pub fn config(&self, key: &str) -> Field<String> {
        self.config
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map_or(Field::Absent(self.loc), |(_, v)| v.clone())
    }
}

#[derive(Debug, Clone)]
pub struct NodePool {
    pub name: String,
    /// The pool's own resource ID (or Terraform address) when it is a
    /// resource of its own; inline pools have none.
    pub id: Option<String>,
    /// The owning cluster when it is among the inputs.
    pub cluster: Option<ClusterId>,
    /// The cluster's name as the pool itself states it, for display when the
    /// cluster was not scanned.
    pub cluster_name: String,
    pub loc: Loc,
    pub mode: Field<String>,
    pub os_type: Field<OsType>,
    pub os_sku: Field<String>,
    pub enable_node_public_ip: Field<bool>,
    pub encryption_at_host: Field<bool>,
    pub auto_scaling: Field<bool>,
    pub availability_zones: Field<Vec<String>>,
    pub ssh_access: Field<SshAccess>,
    pub orchestrator_version: Field<String>,
    /// The subnet the pool's nodes sit in (absent: an AKS-managed network).
    pub vnet_subnet_id: Field<String>,
    /// `osDiskType`: `Ephemeral` or `Managed`.
    pub os_disk_type: Field<String>,
    pub max_pods: Field<i64>,
    /// `type`: `VirtualMachineScaleSets`, `AvailabilitySet` or `VirtualMachines`.
    pub pool_type: Field<String>,
    /// `nodeTaints`, as `key=value:Effect`.
    pub node_taints: Field<Vec<String>>,
}
