//! AKS managed clusters and agent pools, from any JSON shape, into the model.
//!
//! The shapes differ in two ways only (`aks-reference.md` §1): the az CLI
//! flattens `properties` to the top level, and it re-cases acronyms
//! (`enableRBAC` → `enableRbac`). The first is decided here once; the second
//! disappears because the cursor matches keys case-insensitively.

use super::tree::{Cursor, Node, Value};
use crate::model::{Addon, Cluster, Field, FileId, NodePool, Shape};

/// Reads a cluster resource; its inline `agentPoolProfiles` come back as pools.
pub fn cluster(
    root: &Node,
    file: FileId,
    shape: Shape,
    api_version: Option<String>,
) -> (Cluster, Vec<NodePool>) {
    let (r, p) = super::resource_cursors(root, file, shape);
    let name = display_name(root);
    let api = p.get("apiServerAccessProfile");
    let aad = p.get("aadProfile");
    let net = p.get("networkProfile");
    let sec = p.get("securityProfile");
    let upgrade = p.get("autoUpgradeProfile");

    let defender = fallback(
        sec.at("defender/securityMonitoring/enabled").bool(),
        sec.at("azureDefender/enabled").bool(),
    );
    let kubernetes_version = fallback(
        p.get("currentKubernetesVersion").string(),
        p.get("kubernetesVersion").string(),
    );
    let addon_block = p.get("addonProfiles");
    let addons = addon_block
        .present()
        .map(|block| {
            block
                .entries()
                .iter()
                .map(|(k, v)| addon(k, v, file))
                .collect()
        })
        .unwrap_or_default();
    let csi = addon_block.get("azureKeyvaultSecretsProvider");
    let secret_rotation = match csi.at("config/enableSecretRotation").bool() {
        Field::Absent(_) => Field::Absent(csi.loc()),
        rotation => rotation,
    };

    let pools = p
        .get("agentPoolProfiles")
        .present()
        .and_then(Node::as_seq)
        .map(|items| {
            items
                .iter()
                .map(|item| pool(&item.cursor(file), &name, None))
                .collect()
        })
        .unwrap_or_default();

    let cluster = Cluster {
        id: root.str_at("id").map(String::from),
        shape,
        loc: root.loc(file),
        api_version,
        location: r.get("location").string(),
        tags: tags(&r),
        inline_pools: p.get("agentPoolProfiles").len(),
        sku_tier: r.at("sku/tier").string().map(From::from),
        kubernetes_version,
        support_plan: p.get("supportPlan").string().map(From::from),
        enable_rbac: p.get("enableRBAC").bool(),
        disable_local_accounts: p.get("disableLocalAccounts").bool(),
        aad_profile: aad.exists(),
        aad_managed: aad.get("managed").bool(),
        aad_azure_rbac: aad.get("enableAzureRBAC").bool(),
        aad_admin_groups: aad.get("adminGroupObjectIDs").strings(),
        aad_server_app: aad.get("serverAppID").string(),
        identity_type: r.at("identity/type").string().map(From::from),
        kubelet_identity: p.at("identityProfile/kubeletidentity/objectId").string(),
        service_principal_client_id: p.at("servicePrincipalProfile/clientId").string(),
        oidc_issuer: p.at("oidcIssuerProfile/enabled").bool(),
        workload_identity: sec.at("workloadIdentity/enabled").bool(),
        pod_identity: p.at("podIdentityProfile/enabled").bool(),
        ssh_public_keys: p.at("linuxProfile/ssh/publicKeys").len(),
        private_cluster: api.get("enablePrivateCluster").bool(),
        // API versions before 2019-06-01 kept the ranges at the top level.
        authorized_ip_ranges: fallback(
            api.get("authorizedIPRanges").strings(),
            p.get("apiServerAuthorizedIPRanges").strings(),
        ),
        private_cluster_public_fqdn: api.get("enablePrivateClusterPublicFQDN").bool(),
        fqdns: ["fqdn", "privateFQDN"]
            .iter()
            .filter_map(|key| p.get(key).string().value().cloned())
            .filter(|host| !host.is_empty())
            .collect(),
        disable_run_command: api.get("disableRunCommand").bool(),
        public_network_access: p.get("publicNetworkAccess").string().map(From::from),
        network_plugin: net.get("networkPlugin").string().map(From::from),
        network_policy: net.get("networkPolicy").string().map(From::from),
        outbound_type: net.get("outboundType").string().map(From::from),
        addons,
        addon_block: addon_block.exists(),
        secret_rotation,
        upgrade_channel: upgrade.get("upgradeChannel").string().map(From::from),
        node_os_upgrade_channel: upgrade.get("nodeOSUpgradeChannel").string().map(From::from),
        defender,
        kms: sec.at("azureKeyVaultKms/enabled").bool(),
        kms_key_vault: kms_key_vault(&sec.get("azureKeyVaultKms")),
        image_cleaner: sec.at("imageCleaner/enabled").bool(),
        disk_encryption_set: p.get("diskEncryptionSetID").string(),
        infrastructure_encryption: fallback(
            sec.at("kubernetesResourceObjectEncryptionProfile/infrastructureEncryption")
                .string(),
            sec.get("infrastructureEncryption").string(),
        ),
        maintenance_windows: Vec::new(),
        name,
    };
    (cluster, pools)
}

/// Reads an agent pool given as its own resource (`managedClusters/agentPools`
/// in a template, or `az aks nodepool show`), whose name is `cluster/pool` in
/// a template and the bare pool name elsewhere.
pub fn standalone_pool(root: &Node, file: FileId, parent_name: Option<&str>) -> NodePool {
    let r = root.cursor(file);
    let props = if root.get("properties").is_some_and(Node::is_map) {
        r.get("properties")
    } else {
        r.clone()
    };
    let full = display_name(root);
    let (cluster_name, pool_name) = match full.rsplit_once('/') {
        Some((c, p)) => (c.to_string(), p.to_string()),
        None => (parent_name.unwrap_or_default().to_string(), full),
    };
    NodePool {
        id: root.str_at("id").map(String::from),
        ..pool(&props, &cluster_name, Some(pool_name))
    }
}

fn pool(p: &Cursor, cluster_name: &str, name: Option<String>) -> NodePool {
    let name = name
        .or_else(|| p.get("name").string().value().cloned())
        .unwrap_or_else(|| "(unnamed pool)".to_string());
    let orchestrator_version = fallback(
        p.get("currentOrchestratorVersion").string(),
        p.get("orchestratorVersion").string(),
    );
    // `az aks nodepool show` renames the pool's `type` to `typePropertiesType`.
    NodePool {
        id: None,
        name,
        cluster: None,
        cluster_name: cluster_name.to_string(),
        loc: p.loc(),
        mode: p.get("mode").string(),
        os_type: p.get("osType").string().map(From::from),
        os_sku: p.get("osSKU").string(),
        enable_node_public_ip: p.get("enableNodePublicIP").bool(),
        encryption_at_host: p.get("enableEncryptionAtHost").bool(),
        auto_scaling: p.get("enableAutoScaling").bool(),
        availability_zones: p.get("availabilityZones").strings(),
        ssh_access: p.at("securityProfile/sshAccess").string().map(From::from),
        orchestrator_version,
        vnet_subnet_id: p.get("vnetSubnetID").string(),
        os_disk_type: p.get("osDiskType").string(),
        max_pods: p.get("maxPods").int(),
        pool_type: fallback(p.get("type").string(), p.get("typePropertiesType").string()),
        node_taints: p.get("nodeTaints").strings(),
    }
}

/// The KMS key's vault, by resource ID or by the host of the key's URL.
fn kms_key_vault(kms: &Cursor) -> Option<String> {
    if let Some(id) = kms.get("keyVaultResourceId").string().value() {
        return Some(id.clone());
    }
    let key = kms.get("keyId").string().value()?.clone();
    let host = key.strip_prefix("https://")?.split('/').next()?;
    Some(host.to_ascii_lowercase())
}

/// The first field when the input has it, else the second; when neither is
/// there, the first's (more specific) location is kept.
/// The first field when it is set, else the second when that is set, else
/// the first: a projected row may carry only the second of two columns.
fn fallback<T>(first: Field<T>, second: Field<T>) -> Field<T> {
    match (first, second) {
        (Field::Absent(loc), Field::Absent(_)) => Field::Absent(loc),
        (Field::Absent(_), second) => second,
        (Field::Unknown(..), second @ Field::Set(..)) => second,
        (first, _) => first,
    }
}

fn addon(key: &str, node: &Node, file: FileId) -> Addon {
    let c = node.cursor(file);
    let config = c
        .get("config")
        .present()
        .map(|cfg| {
            cfg.entries()
                .iter()
                .map(|(k, v)| (k.clone(), v.cursor(file).string()))
                .collect()
        })
        .unwrap_or_default();
    Addon {
        key: key.to_string(),
        enabled: c.get("enabled").bool(),
        config,
        loc: node.loc(file),
    }
}

fn tags(root: &Cursor) -> Field<Vec<(String, String)>> {
    let tags = root.get("tags");
    tags.exists().map(|()| {
        tags.present()
            .map(|t| {
                t.entries()
                    .iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The resource's name; a name only known at deployment shows as written.
fn display_name(root: &Node) -> String {
    match root.get("name").map(|n| &n.value) {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Unresolved(_)) => "(name set at deployment)".to_string(),
        _ => "(unnamed)".to_string(),
    }
}
