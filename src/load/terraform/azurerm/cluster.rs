//! `azurerm_kubernetes_cluster` and `azurerm_kubernetes_cluster_node_pool`.

use super::{attr, block, blocks, default, presence, public_access, tags};
use crate::load::tree::Cursor;
use crate::model::{
    Addon, CRITICAL_ADDONS_ONLY_TAINT, Cluster, Field, NetworkPlugin, NodePool, OsType, Shape,
};

pub(super) fn cluster(
    r: &Cursor,
    name: String,
    address: &str,
    shape: Shape,
) -> (Cluster, Vec<NodePool>) {
    let api = block(r, "api_server_access_profile");
    // azurerm 2.x nested Entra ID integration inside `role_based_access_control`.
    let rbac_2x = block(r, "role_based_access_control");
    let aad = match block(r, "azure_active_directory_role_based_access_control").present() {
        Some(_) => block(r, "azure_active_directory_role_based_access_control"),
        None if rbac_2x.present().is_some() => block(&rbac_2x, "azure_active_directory"),
        None => block(r, "azure_active_directory_role_based_access_control"),
    };
    // Blocks only azurerm 2.x has: its defaults are not today's, so an
    // attribute it never had, or left to its default, is not guessed.
    let provider_2x = rbac_2x.present().is_some() || block(r, "addon_profile").present().is_some();
    let net = block(r, "network_profile");
    let identity = block(r, "identity");
    let default_pool = block(r, "default_node_pool");

    // 4.x always uses managed Entra ID integration; 3.x had `managed`, and
    // its legacy integration named a server application.
    let aad_server_app = aad.get("server_app_id").string();
    let aad_managed = match aad.get("managed").bool() {
        Field::Absent(_) if aad.present().is_some() => {
            Field::Set(aad_server_app.value().is_none(), aad.loc())
        }
        managed => managed,
    };
    let authorized_ip_ranges = match api.get("authorized_ip_ranges").present() {
        Some(_) => api.get("authorized_ip_ranges").strings(),
        None => match r.get("api_server_authorized_ip_ranges").present() {
            Some(_) => r.get("api_server_authorized_ip_ranges").strings(),
            None => api.get("authorized_ip_ranges").strings(),
        },
    };
    let pools = match default_pool.present() {
        Some(_) => vec![pool(&default_pool, &name, "System")],
        None => Vec::new(),
    };
    let cluster = Cluster {
        name,
        id: Some(address.to_string()),
        shape,
        loc: r.loc(),
        api_version: None,
        location: r.get("location").string(),
        tags: tags(r),
        inline_pools: match default_pool.present() {
            Some(_) => Field::Set(1, default_pool.loc()),
            None => Field::Absent(r.loc()),
        },
        sku_tier: r.get("sku_tier").string().map(From::from),
        kubernetes_version: r.get("kubernetes_version").string(),
        support_plan: r.get("support_plan").string().map(From::from),
        enable_rbac: match rbac_2x.present() {
            Some(_)
                if r.get("role_based_access_control_enabled")
                    .present()
                    .is_none() =>
            {
                rbac_2x.get("enabled").bool()
            }
            _ => match r.get("role_based_access_control_enabled").bool() {
                Field::Absent(loc) if provider_2x => Field::Unknown(
                    "azurerm 2.x configuration without a `role_based_access_control` block: whether RBAC is on depends on the provider version (set `role_based_access_control { enabled = true }`)".into(),
                    loc,
                ),
                rbac => rbac,
            },
        },
        disable_local_accounts: r.get("local_account_disabled").bool(),
        aad_profile: aad.exists(),
        aad_managed,
        aad_azure_rbac: aad.get("azure_rbac_enabled").bool(),
        aad_admin_groups: aad.get("admin_group_object_ids").strings(),
        aad_server_app,
        identity_type: identity.get("type").string().map(From::from),
        kubelet_identity: block(r, "kubelet_identity").get("object_id").string(),
        service_principal_client_id: block(r, "service_principal").get("client_id").string(),
        oidc_issuer: r.get("oidc_issuer_enabled").bool(),
        workload_identity: r.get("workload_identity_enabled").bool(),
        pod_identity: Field::Absent(r.loc()),
        ssh_public_keys: match block(r, "linux_profile").present() {
            Some(_) => Field::Set(
                blocks(&block(r, "linux_profile"), "ssh_key").len(),
                block(r, "linux_profile").loc(),
            ),
            None => Field::Absent(r.loc()),
        },
        private_cluster: r.get("private_cluster_enabled").bool(),
        authorized_ip_ranges,
        private_cluster_public_fqdn: r.get("private_cluster_public_fqdn_enabled").bool(),
        // Known only once deployed.
        fqdns: Vec::new(),
        disable_run_command: r.get("run_command_enabled").bool().map(|on| !on),
        public_network_access: public_access(r),
        // "If `network_profile` is not defined, `kubenet` profile will be
        // used by default" (provider documentation).
        network_plugin: match net.present() {
            Some(_) => net.get("network_plugin").string().map(From::from),
            None => Field::Set(NetworkPlugin::Kubenet, r.loc()),
        },
        network_policy: net.get("network_policy").string().map(From::from),
        outbound_type: net.get("outbound_type").string().map(From::from),
        addons: addons(r),
        addon_block: Field::Set((), r.loc()),
        secret_rotation: match block(r, "key_vault_secrets_provider").present() {
            Some(_) => block(r, "key_vault_secrets_provider")
                .get("secret_rotation_enabled")
                .bool(),
            None => Field::Absent(r.loc()),
        },
        upgrade_channel: attr(
            r,
            &["automatic_upgrade_channel", "automatic_channel_upgrade"],
        )
        .string()
        .map(From::from),
        node_os_upgrade_channel: match attr(r, &["node_os_upgrade_channel", "node_os_channel_upgrade"]).string() {
            Field::Absent(loc) if provider_2x => Field::Unknown(
                "azurerm 2.x configuration: the provider has no `node_os_upgrade_channel`, so the channel is whatever its API version defaulted to (`az aks show --query autoUpgradeProfile`)".into(),
                loc,
            ),
            channel => default(channel, "NodeImage".into(), r),
        }
        .map(From::from),
        defender: presence(r, "microsoft_defender"),
        kms: presence(r, "key_management_service"),
        kms_key_vault: None,
        image_cleaner: r.get("image_cleaner_enabled").bool(),
        disk_encryption_set: r.get("disk_encryption_set_id").string(),
        // The provider has no argument for it yet.
        infrastructure_encryption: Field::Absent(r.loc()),
        maintenance_windows: [
            ("maintenance_window", "default"),
            ("maintenance_window_auto_upgrade", "aksManagedAutoUpgradeSchedule"),
            ("maintenance_window_node_os", "aksManagedNodeOSUpgradeSchedule"),
        ]
        .iter()
        .filter_map(|(key, name)| {
            block(r, key)
                .present()
                .map(|b| (name.to_string(), b.loc(r.file())))
        })
        .collect(),
    };
    (cluster, pools)
}

pub(super) fn pool(p: &Cursor, cluster_name: &str, default_mode: &str) -> NodePool {
    NodePool {
        id: None,
        name: p
            .get("name")
            .string()
            .value()
            .cloned()
            .unwrap_or_else(|| "(unnamed pool)".into()),
        cluster: None,
        cluster_name: cluster_name.to_string(),
        loc: p.loc(),
        mode: default(p.get("mode").string(), default_mode.into(), p),
        os_type: default(p.get("os_type").string().map(From::from), OsType::Linux, p),
        os_sku: p.get("os_sku").string(),
        enable_node_public_ip: attr(p, &["node_public_ip_enabled", "enable_node_public_ip"]).bool(),
        encryption_at_host: attr(p, &["host_encryption_enabled", "enable_host_encryption"]).bool(),
        auto_scaling: attr(p, &["auto_scaling_enabled", "enable_auto_scaling"]).bool(),
        availability_zones: attr(p, &["zones", "availability_zones"]).strings(),
        ssh_access: Field::Absent(p.loc()),
        orchestrator_version: p.get("orchestrator_version").string(),
        vnet_subnet_id: p.get("vnet_subnet_id").string(),
        os_disk_type: p.get("os_disk_type").string(),
        max_pods: p.get("max_pods").int(),
        pool_type: p.get("type").string(),
        node_taints: match p.get("only_critical_addons_enabled").bool() {
            Field::Set(true, loc) => Field::Set(vec![CRITICAL_ADDONS_ONLY_TAINT.into()], loc),
            _ => p.get("node_taints").strings(),
        },
    }
}

/// Add-ons, which the provider spells as attributes and blocks.
fn addons(r: &Cursor) -> Vec<Addon> {
    let switch = |key: &str, field: Field<bool>| Addon {
        key: key.to_string(),
        loc: field.loc(),
        enabled: field,
        config: Vec::new(),
    };
    // azurerm 2.x kept the add-ons in `addon_profile { NAME { enabled } }`.
    let profile = block(r, "addon_profile");
    let legacy = |name: &str| block(&profile, name).get("enabled").bool();
    let either = |new: Field<bool>, old: Field<bool>| match new {
        Field::Absent(_) if !matches!(old, Field::Absent(_)) => old,
        new => new,
    };
    let mut addons = vec![
        switch(
            "azurepolicy",
            either(r.get("azure_policy_enabled").bool(), legacy("azure_policy")),
        ),
        switch(
            "httpApplicationRouting",
            either(
                r.get("http_application_routing_enabled").bool(),
                legacy("http_application_routing"),
            ),
        ),
        switch(
            "omsagent",
            either(presence(r, "oms_agent"), legacy("oms_agent")),
        ),
        // azurerm 2.x only; the add-on is retired.
        switch("kubeDashboard", legacy("kube_dashboard")),
    ];
    let csi = block(r, "key_vault_secrets_provider");
    if csi.present().is_some() {
        addons.push(Addon {
            key: "azureKeyvaultSecretsProvider".into(),
            enabled: Field::Set(true, csi.loc()),
            config: Vec::new(),
            loc: csi.loc(),
        });
    }
    let agic = match block(r, "ingress_application_gateway").present() {
        Some(_) => block(r, "ingress_application_gateway"),
        None => block(&profile, "ingress_application_gateway"),
    };
    if agic.present().is_some() && agic.get("enabled").bool().value() != Some(&false) {
        addons.push(Addon {
            key: "ingressApplicationGateway".into(),
            enabled: Field::Set(true, agic.loc()),
            config: vec![(
                "applicationGatewayId".into(),
                agic.get("gateway_id").string(),
            )],
            loc: agic.loc(),
        });
    }
    // An absent switch is the same as an add-on that is not listed.
    addons.retain(|a| !matches!(a.enabled, Field::Absent(_)));
    addons
}
