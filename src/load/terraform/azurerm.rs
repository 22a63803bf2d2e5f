//! The azurerm provider's resources, mapped into the model: the one place
//! that knows attribute names and the provider's defaults.
//!
//! Reflects azurerm **4.x**: names and defaults as the provider's resource
//! documentation (`website/docs/r/*.html.markdown`) gives them. Attributes
//! that 3.x spelled differently are read under both names, the 4.x name
//! first. Where the provider's default for an omitted attribute
//! differs from the Azure API's (which the rules assume for anything
//! absent), the default is written here explicitly, located at the block
//! it was omitted from.
//!
//! The same code reads a `.tf` resource block and a plan's `values`: in both,
//! a nested block is an object, or a list of objects ([`block`], [`blocks`]).

use super::super::tree::{Cursor, Node, Value};
use super::super::{FileOutput, Parent, network_rules};
use crate::model::{
    Addon, ApplicationGateway, AzureResource, Cluster, Database, DatabaseEngine, Field, FileId,
    Firewall, FirewallPolicy, IpRange, KeyVault, NetworkAccess, NetworkPlugin, NodePool, OsType,
    PrivateEndpoint, PublicNetworkAccess, Reference, Registry, RoleAssignment, Route, RouteTable,
    RuleCollection, Shape, Spec, Subnet, WafMode, WafSettings,
};

/// Built-in roles that rules look for, by the name Terraform allows instead
/// of the ID.
const ROLE_IDS: [(&str, &str); 1] = [("AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d")];

/// Subnet associations, which Terraform writes as resources of their own.
pub struct Association {
    pub subnet: Field<String>,
    pub route_table: Option<Field<String>>,
    pub security_group: Option<Field<String>>,
}

/// Adapts one resource; `address` is its Terraform address, which also
/// serves as its ID (references to `TYPE.NAME.id` evaluate to it).
pub fn adapt(
    kind: &str,
    address: &str,
    node: &Node,
    file: FileId,
    shape: Shape,
    out: &mut FileOutput,
    associations: &mut Vec<Association>,
) {
    let r = node.cursor(file);
    let name = match r.get("name").string() {
        Field::Set(name, _) => name,
        _ => address.to_string(),
    };
    let resource = |arm_type: &'static str, parent: Option<Reference>, spec: Spec| AzureResource {
        arm_type,
        name: name.clone(),
        id: Some(address.to_string()),
        shape,
        loc: r.loc(),
        api_version: None,
        parent,
        spec,
    };
    let id_of = |key: &str| match r.get(key).string() {
        Field::Set(id, _) => Some(Reference::Id(id)),
        _ => None,
    };
    let spec = match kind {
        "azurerm_kubernetes_cluster" => {
            let (cluster, pools) = cluster(&r, name.clone(), address, shape);
            let index = out.clusters.len();
            out.clusters.push(cluster);
            out.pools
                .extend(pools.into_iter().map(|p| (p, Parent::Local(index))));
            return;
        }
        "azurerm_kubernetes_cluster_node_pool" => {
            let parent = match r.get("kubernetes_cluster_id").string() {
                Field::Set(id, _) => Parent::Id(id),
                _ => Parent::Unlinked,
            };
            let cluster_name = match &parent {
                Parent::Id(id) => id.clone(),
                _ => String::new(),
            };
            out.pools.push((pool(&r, &cluster_name, "User"), parent));
            return;
        }
        "azurerm_subnet_route_table_association" => {
            associations.push(Association {
                subnet: r.get("subnet_id").string(),
                route_table: Some(r.get("route_table_id").string()),
                security_group: None,
            });
            return;
        }
        "azurerm_subnet_network_security_group_association" => {
            associations.push(Association {
                subnet: r.get("subnet_id").string(),
                route_table: None,
                security_group: Some(r.get("network_security_group_id").string()),
            });
            return;
        }
        "azurerm_container_registry" => {
            let rules = block(&r, "network_rule_set");
            Spec::Registry(Registry {
                sku: r.get("sku").string().map(From::from),
                admin_user: r.get("admin_enabled").bool(),
                anonymous_pull: r.get("anonymous_pull_enabled").bool(),
                access: NetworkAccess {
                    public_network_access: public_access(&r),
                    default_action: rules.get("default_action").string().map(From::from),
                    ip_rules: collect(&rules, "ip_rule", |c| c.get("ip_range").string()),
                    vnet_rules: Field::Absent(rules.loc()),
                    bypass: r.get("network_rule_bypass_option").string(),
                    approved_private_endpoints: 0,
                },
            })
        }
        "azurerm_storage_account" => {
            let rules = block(&r, "network_rules");
            Spec::Storage(NetworkAccess {
                public_network_access: public_access(&r),
                default_action: rules.get("default_action").string().map(From::from),
                ip_rules: rules.get("ip_rules").strings(),
                vnet_rules: rules.get("virtual_network_subnet_ids").len(),
                bypass: rules.get("bypass").strings().map(|b| b.join(",")),
                approved_private_endpoints: 0,
            })
        }
        "azurerm_key_vault" => {
            let acls = block(&r, "network_acls");
            Spec::KeyVault(KeyVault {
                rbac_authorization: attr(
                    &r,
                    &["rbac_authorization_enabled", "enable_rbac_authorization"],
                )
                .bool(),
                purge_protection: r.get("purge_protection_enabled").bool(),
                access: NetworkAccess {
                    public_network_access: public_access(&r),
                    default_action: acls.get("default_action").string().map(From::from),
                    ip_rules: acls.get("ip_rules").strings(),
                    vnet_rules: acls.get("virtual_network_subnet_ids").len(),
                    bypass: acls.get("bypass").string(),
                    approved_private_endpoints: 0,
                },
            })
        }
        "azurerm_mssql_server" => Spec::Database(Database {
            engine: DatabaseEngine::SqlServer,
            access: server_access(&r, public_access(&r)),
        }),
        "azurerm_postgresql_flexible_server" => {
            // A server injected into a subnet has no public endpoint.
            let public = match (public_access(&r), r.get("delegated_subnet_id").string()) {
                (Field::Absent(_), Field::Set(_, loc)) => {
                    Field::Set(PublicNetworkAccess::Disabled, loc)
                }
                (public, _) => public,
            };
            Spec::Database(Database {
                engine: DatabaseEngine::PostgresFlexible,
                access: server_access(&r, public),
            })
        }
        "azurerm_mssql_firewall_rule" | "azurerm_postgresql_flexible_server_firewall_rule" => {
            let arm_type = if kind.starts_with("azurerm_mssql") {
                "Microsoft.Sql/servers/firewallRules"
            } else {
                "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules"
            };
            out.resources.push(resource(
                arm_type,
                id_of("server_id"),
                Spec::ServerFirewallRule(IpRange {
                    start: r.get("start_ip_address").string(),
                    end: r.get("end_ip_address").string(),
                }),
            ));
            return;
        }
        "azurerm_mssql_virtual_network_rule" => {
            out.resources.push(resource(
                "Microsoft.Sql/servers/virtualNetworkRules",
                id_of("server_id"),
                Spec::ServerVnetRule,
            ));
            return;
        }
        "azurerm_cosmosdb_account" => Spec::Database(Database {
            engine: DatabaseEngine::Cosmos,
            access: cosmos_access(&r),
        }),
        "azurerm_private_endpoint" => Spec::PrivateEndpoint(PrivateEndpoint {
            targets: blocks(&r, "private_service_connection")
                .iter()
                .map(|c| c.get("private_connection_resource_id").string())
                .collect(),
        }),
        "azurerm_subnet" => Spec::Subnet(Subnet {
            service_endpoints: r.get("service_endpoints").strings(),
            route_table: Field::Absent(r.loc()),
            security_group: Field::Absent(r.loc()),
        }),
        "azurerm_route_table" => Spec::RouteTable(RouteTable {
            loc: r.get("route").loc(),
            routes: blocks(&r, "route")
                .iter()
                .map(|c| Route {
                    name: c.get("name").string().value().cloned().unwrap_or_default(),
                    prefix: c.get("address_prefix").string(),
                    next_hop_type: c.get("next_hop_type").string().map(From::from),
                    next_hop_ip: c.get("next_hop_in_ip_address").string(),
                    loc: c.loc(),
                })
                .collect(),
        }),
        "azurerm_firewall" => Spec::Firewall(Firewall {
            private_ips: blocks(&r, "ip_configuration")
                .iter()
                .filter_map(|c| c.get("private_ip_address").string().value().cloned())
                .collect(),
            policy: r.get("firewall_policy_id").string(),
            collections: Vec::new(),
        }),
        "azurerm_firewall_policy" => Spec::FirewallPolicy(FirewallPolicy {
            base_policy: r.get("base_policy_id").string(),
        }),
        "azurerm_firewall_policy_rule_collection_group" => {
            let group = r.get("priority").int().value().copied().unwrap_or(0);
            let collections = ["application_rule_collection", "network_rule_collection"]
                .iter()
                .flat_map(|k| blocks(&r, k))
                .map(|c| rule_collection(&c, group))
                .collect();
            out.resources.push(resource(
                "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
                id_of("firewall_policy_id"),
                Spec::RuleCollectionGroup(collections),
            ));
            return;
        }
        "azurerm_network_security_group" => Spec::SecurityGroup(
            blocks(&r, "security_rule")
                .iter()
                .map(|c| network_rules::security_rule(c, name_of(c), &network_rules::AZURERM))
                .collect(),
        ),
        "azurerm_application_gateway" => {
            let waf = block(&r, "waf_configuration");
            Spec::ApplicationGateway(ApplicationGateway {
                sku_tier: block(&r, "sku").get("tier").string(),
                waf: WafSettings {
                    enabled: waf.get("enabled").bool(),
                    mode: waf.get("firewall_mode").string().map(From::from),
                },
                waf_policy: r.get("firewall_policy_id").string(),
            })
        }
        "azurerm_web_application_firewall_policy" => {
            let settings = block(&r, "policy_settings");
            Spec::WafPolicy(WafSettings {
                // The provider enables a policy unless told otherwise.
                enabled: default(settings.get("enabled").bool(), true, &settings),
                mode: default(
                    settings.get("mode").string().map(From::from),
                    WafMode::Prevention,
                    &settings,
                ),
            })
        }
        "azurerm_role_assignment" => {
            let role = match r.get("role_definition_id").present() {
                Some(_) => r.get("role_definition_id").string(),
                None => r.get("role_definition_name").string().map(|name| {
                    ROLE_IDS
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case(&name))
                        .map_or(name, |(_, guid)| format!("roleDefinitions/{guid}"))
                }),
            };
            Spec::RoleAssignment(RoleAssignment {
                role,
                principal: r.get("principal_id").string(),
                scope: r.get("scope").string(),
            })
        }
        "azurerm_security_center_subscription_pricing" => {
            let plan = match r.get("resource_type").string() {
                Field::Set(plan, _) => plan,
                // The provider's default plan.
                _ => "VirtualMachines".to_string(),
            };
            out.resources.push(AzureResource {
                name: plan,
                ..resource(
                    "Microsoft.Security/pricings",
                    None,
                    Spec::DefenderPlan(r.get("tier").string()),
                )
            });
            return;
        }
        _ => return,
    };
    let arm_type = match kind {
        "azurerm_container_registry" => "Microsoft.ContainerRegistry/registries",
        "azurerm_storage_account" => "Microsoft.Storage/storageAccounts",
        "azurerm_key_vault" => "Microsoft.KeyVault/vaults",
        "azurerm_mssql_server" => "Microsoft.Sql/servers",
        "azurerm_postgresql_flexible_server" => "Microsoft.DBforPostgreSQL/flexibleServers",
        "azurerm_cosmosdb_account" => "Microsoft.DocumentDB/databaseAccounts",
        "azurerm_private_endpoint" => "Microsoft.Network/privateEndpoints",
        "azurerm_subnet" => "Microsoft.Network/virtualNetworks/subnets",
        "azurerm_route_table" => "Microsoft.Network/routeTables",
        "azurerm_firewall" => "Microsoft.Network/azureFirewalls",
        "azurerm_firewall_policy" => "Microsoft.Network/firewallPolicies",
        "azurerm_network_security_group" => "Microsoft.Network/networkSecurityGroups",
        "azurerm_application_gateway" => "Microsoft.Network/applicationGateways",
        "azurerm_web_application_firewall_policy" => {
            "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies"
        }
        _ => "Microsoft.Authorization/roleAssignments",
    };
    out.resources.push(resource(arm_type, None, spec));
}

/// Applies subnet associations to the subnets they name.
pub fn associate(resources: &mut [AzureResource], associations: Vec<Association>) {
    for a in associations {
        let Field::Set(subnet_id, _) = &a.subnet else {
            continue;
        };
        let subnet = resources.iter_mut().find_map(|r| match &mut r.spec {
            Spec::Subnet(s) if r.id.as_deref() == Some(subnet_id) => Some(s),
            _ => None,
        });
        if let Some(subnet) = subnet {
            if let Some(table) = a.route_table {
                subnet.route_table = table;
            }
            if let Some(nsg) = a.security_group {
                subnet.security_group = nsg;
            }
        }
    }
}

fn cluster(r: &Cursor, name: String, address: &str, shape: Shape) -> (Cluster, Vec<NodePool>) {
    let api = block(r, "api_server_access_profile");
    let aad = block(r, "azure_active_directory_role_based_access_control");
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
        enable_rbac: r.get("role_based_access_control_enabled").bool(),
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
        node_os_upgrade_channel: default(
            attr(r, &["node_os_upgrade_channel", "node_os_channel_upgrade"]).string(),
            "NodeImage".into(),
            r,
        )
        .map(From::from),
        defender: presence(r, "microsoft_defender"),
        kms: presence(r, "key_management_service"),
        kms_key_vault: None,
        image_cleaner: r.get("image_cleaner_enabled").bool(),
        disk_encryption_set: r.get("disk_encryption_set_id").string(),
    };
    (cluster, pools)
}

fn pool(p: &Cursor, cluster_name: &str, default_mode: &str) -> NodePool {
    NodePool {
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
    let mut addons = vec![
        switch("azurepolicy", r.get("azure_policy_enabled").bool()),
        switch(
            "httpApplicationRouting",
            r.get("http_application_routing_enabled").bool(),
        ),
        switch("omsagent", presence(r, "oms_agent")),
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
    let agic = block(r, "ingress_application_gateway");
    if agic.present().is_some() {
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

fn rule_collection(c: &Cursor, group_priority: i64) -> RuleCollection {
    RuleCollection {
        name: name_of(c),
        priority: (
            group_priority,
            c.get("priority").int().value().copied().unwrap_or(0),
        ),
        action: network_rules::action(c.get("action").string()),
        rules: blocks(c, "rule")
            .iter()
            .map(|r| network_rules::firewall_rule(r, name_of(r), r.loc(), &network_rules::AZURERM))
            .collect(),
        loc: c.get("rule").loc(),
    }
}

fn name_of(c: &Cursor) -> String {
    c.get("name").string().value().cloned().unwrap_or_default()
}

/// SQL and PostgreSQL keep their network rules in resources of their own.
fn server_access(r: &Cursor, public: Field<PublicNetworkAccess>) -> NetworkAccess {
    NetworkAccess {
        public_network_access: public,
        default_action: Field::Absent(r.loc()),
        ip_rules: Field::Absent(r.loc()),
        vnet_rules: Field::Absent(r.loc()),
        bypass: Field::Absent(r.loc()),
        approved_private_endpoints: 0,
    }
}

/// Cosmos DB: `ip_range_filter` is a set in 4.x and a comma-separated
/// string in 3.x.
fn cosmos_access(r: &Cursor) -> NetworkAccess {
    let filter = r.get("ip_range_filter");
    let ips = match filter.string() {
        Field::Set(s, loc) => Field::Set(
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            loc,
        ),
        _ => filter.strings(),
    };
    network_rules::cosmos_access(
        public_access(r),
        ips,
        r.get("is_virtual_network_filter_enabled").bool(),
        Field::Set(blocks(r, "virtual_network_rule").len(), r.loc()),
        0,
        r.loc(),
    )
}

/// `public_network_access_enabled` as the API's `publicNetworkAccess`.
fn public_access(r: &Cursor) -> Field<PublicNetworkAccess> {
    r.get("public_network_access_enabled").bool().map(|on| {
        if on {
            PublicNetworkAccess::Enabled
        } else {
            PublicNetworkAccess::Disabled
        }
    })
}

/// The first of `names` the resource sets (4.x spelling first), else the
/// absent first one.
fn attr<'a>(c: &Cursor<'a>, names: &[&str]) -> Cursor<'a> {
    names
        .iter()
        .map(|n| c.get(n))
        .find(|a| a.present().is_some())
        .unwrap_or_else(|| c.get(names.first().copied().unwrap_or_default()))
}

/// A nested block: the object, or the first of a list of them.
fn block<'a>(c: &Cursor<'a>, name: &str) -> Cursor<'a> {
    let b = c.get(name);
    match b.present().map(|n| &n.value) {
        Some(Value::Seq(items)) => match items.first() {
            Some(first) => first.cursor(c.file()),
            None => b.nothing(),
        },
        _ => b,
    }
}

/// Every block of a repeated kind.
fn blocks<'a>(c: &Cursor<'a>, name: &str) -> Vec<Cursor<'a>> {
    let b = c.get(name);
    match b.present().map(|n| &n.value) {
        Some(Value::Seq(items)) => items.iter().map(|i| i.cursor(c.file())).collect(),
        Some(Value::Map(_)) => vec![b],
        _ => Vec::new(),
    }
}

/// A repeated block's field, as a list; unknown when any is.
fn collect(c: &Cursor, name: &str, field: impl Fn(&Cursor) -> Field<String>) -> Field<Vec<String>> {
    let b = c.get(name);
    let mut values = Vec::new();
    for item in blocks(c, name) {
        match field(&item) {
            Field::Set(v, _) => values.push(v),
            Field::Unknown(reason, loc) => return Field::Unknown(reason, loc),
            Field::Absent(_) => {}
        }
    }
    match b.present() {
        Some(_) => Field::Set(values, b.loc()),
        None => Field::Absent(b.loc()),
    }
}

/// Whether a block the provider turns a feature on with is there (a plan
/// writes an omitted block as an empty list).
fn presence(r: &Cursor, name: &str) -> Field<bool> {
    match block(r, name).presence() {
        Field::Set((), loc) => Field::Set(true, loc),
        Field::Absent(loc) => Field::Absent(loc),
        Field::Unknown(reason, loc) => Field::Unknown(reason, loc),
    }
}

/// The provider's default for an omitted attribute, at the block it was
/// omitted from.
fn default<T>(field: Field<T>, value: T, block: &Cursor) -> Field<T> {
    match field {
        Field::Absent(_) => Field::Set(value, block.loc()),
        other => other,
    }
}

fn tags(r: &Cursor) -> Field<Vec<(String, String)>> {
    let tags = r.get("tags");
    match tags.present().map(|n| &n.value) {
        Some(Value::Map(entries)) => Field::Set(
            entries
                .iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                .collect(),
            tags.loc(),
        ),
        Some(Value::Unresolved(reason)) => Field::Unknown(reason.clone(), tags.loc()),
        _ => Field::Absent(tags.loc()),
    }
}
