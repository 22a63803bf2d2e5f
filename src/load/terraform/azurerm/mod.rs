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

mod authorization;
mod cluster;
mod database;
mod firewall;
mod gateway;
mod key_vault;
mod network;
mod registry;
mod security;
mod storage;

use super::super::tree::{Cursor, Node, Value};
use super::super::{FileOutput, Parent};
use crate::model::{
    AzureResource, DatabaseEngine, DiagnosticSetting, Field, FileId, NetworkAccess, NodePool,
    PublicNetworkAccess, Reference, Shape, Spec,
};

/// Settings Terraform writes as resources of their own, applied to the
/// resource they name once every file is adapted.
pub enum Association {
    /// A subnet's route table or network security group.
    Subnet {
        subnet: Field<String>,
        route_table: Option<Field<String>>,
        security_group: Option<Field<String>>,
    },
    /// `azurerm_storage_account_network_rules`: a storage account's network
    /// rule set, replacing the account's own `network_rules` block.
    StorageRules {
        account: Field<String>,
        access: NetworkAccess,
    },
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
    let (arm_type, parent, spec) = match kind {
        "azurerm_kubernetes_cluster" => {
            let (cluster, pools) = cluster::cluster(&r, name.clone(), address, shape);
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
            let pool = NodePool {
                id: Some(address.to_string()),
                ..cluster::pool(&r, &cluster_name, "User")
            };
            out.pools.push((pool, parent));
            return;
        }
        "azurerm_subnet_route_table_association" => {
            associations.push(Association::Subnet {
                subnet: r.get("subnet_id").string(),
                route_table: Some(r.get("route_table_id").string()),
                security_group: None,
            });
            return;
        }
        "azurerm_subnet_network_security_group_association" => {
            associations.push(Association::Subnet {
                subnet: r.get("subnet_id").string(),
                route_table: None,
                security_group: Some(r.get("network_security_group_id").string()),
            });
            return;
        }
        "azurerm_storage_account_network_rules" => {
            associations.push(Association::StorageRules {
                account: r.get("storage_account_id").string(),
                access: storage::network_rules(&r),
            });
            return;
        }
        "azurerm_container_registry" => (
            "Microsoft.ContainerRegistry/registries",
            None,
            registry::registry(&r),
        ),
        "azurerm_storage_account" => (
            "Microsoft.Storage/storageAccounts",
            None,
            storage::account(&r),
        ),
        "azurerm_key_vault" => ("Microsoft.KeyVault/vaults", None, key_vault::vault(&r)),
        "azurerm_mssql_server" => ("Microsoft.Sql/servers", None, database::sql_server(&r)),
        "azurerm_postgresql_flexible_server" => (
            "Microsoft.DBforPostgreSQL/flexibleServers",
            None,
            database::flexible_server(&r, DatabaseEngine::PostgresFlexible),
        ),
        "azurerm_mysql_flexible_server" => (
            "Microsoft.DBforMySQL/flexibleServers",
            None,
            database::flexible_server(&r, DatabaseEngine::MySqlFlexible),
        ),
        "azurerm_mysql_flexible_server_firewall_rule" => (
            "Microsoft.DBforMySQL/flexibleServers/firewallRules",
            id_of("server_id"),
            database::firewall_rule(&r),
        ),
        "azurerm_mssql_firewall_rule" => (
            "Microsoft.Sql/servers/firewallRules",
            id_of("server_id"),
            database::firewall_rule(&r),
        ),
        "azurerm_postgresql_flexible_server_firewall_rule" => (
            "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules",
            id_of("server_id"),
            database::firewall_rule(&r),
        ),
        "azurerm_mssql_virtual_network_rule" => (
            "Microsoft.Sql/servers/virtualNetworkRules",
            id_of("server_id"),
            Spec::ServerVnetRule,
        ),
        "azurerm_cosmosdb_account" => (
            "Microsoft.DocumentDB/databaseAccounts",
            None,
            database::cosmos_account(&r),
        ),
        "azurerm_private_endpoint" => (
            "Microsoft.Network/privateEndpoints",
            None,
            network::private_endpoint(&r),
        ),
        "azurerm_subnet" => (
            "Microsoft.Network/virtualNetworks/subnets",
            None,
            network::subnet(&r),
        ),
        "azurerm_route_table" => (
            "Microsoft.Network/routeTables",
            None,
            network::route_table(&r),
        ),
        "azurerm_network_security_group" => (
            "Microsoft.Network/networkSecurityGroups",
            None,
            network::security_group(&r),
        ),
        "azurerm_firewall" => (
            "Microsoft.Network/azureFirewalls",
            None,
            firewall::firewall(&r),
        ),
        "azurerm_firewall_policy" => (
            "Microsoft.Network/firewallPolicies",
            None,
            firewall::policy(&r),
        ),
        "azurerm_firewall_policy_rule_collection_group" => (
            "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
            id_of("firewall_policy_id"),
            firewall::rule_collection_group(&r),
        ),
        "azurerm_application_gateway" => (
            "Microsoft.Network/applicationGateways",
            None,
            gateway::application_gateway(&r),
        ),
        "azurerm_web_application_firewall_policy" => (
            "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
            None,
            gateway::waf_policy(&r),
        ),
        "azurerm_role_assignment" => (
            "Microsoft.Authorization/roleAssignments",
            None,
            authorization::role_assignment(&r),
        ),
        "azurerm_monitor_diagnostic_setting" => (
            "Microsoft.Insights/diagnosticSettings",
            None,
            Spec::DiagnosticSetting(DiagnosticSetting {
                target: r.get("target_resource_id").string(),
                logs: blocks(&r, "enabled_log")
                    .into_iter()
                    .chain(
                        blocks(&r, "log")
                            .into_iter()
                            .filter(|l| l.get("enabled").bool().value() != Some(&false)),
                    )
                    .filter_map(|l| {
                        let name = l
                            .get("category")
                            .string()
                            .value()
                            .or(l.get("category_group").string().value())
                            .cloned()?;
                        Some((name, l.loc()))
                    })
                    .collect(),
            }),
        ),
        "azurerm_security_center_subscription_pricing" => {
            let (plan, spec) = security::pricing(&r);
            out.resources.push(AzureResource {
                name: plan,
                ..resource("Microsoft.Security/pricings", None, spec)
            });
            return;
        }
        _ => return,
    };
    out.resources.push(resource(arm_type, parent, spec));
}

/// Applies associations to the resources they name.
pub fn associate(resources: &mut [AzureResource], associations: Vec<Association>) {
    for a in associations {
        match a {
            Association::Subnet {
                subnet,
                route_table,
                security_group,
            } => {
                let Field::Set(subnet_id, _) = &subnet else {
                    continue;
                };
                let subnet = resources.iter_mut().find_map(|r| match &mut r.spec {
                    Spec::Subnet(s) if r.id.as_deref() == Some(subnet_id) => Some(s),
                    _ => None,
                });
                if let Some(subnet) = subnet {
                    if let Some(table) = route_table {
                        subnet.route_table = table;
                    }
                    if let Some(nsg) = security_group {
                        subnet.security_group = nsg;
                    }
                }
            }
            Association::StorageRules { account, access } => {
                let Field::Set(account_id, _) = &account else {
                    continue;
                };
                let target = resources.iter_mut().find_map(|r| match &mut r.spec {
                    Spec::Storage(a) if r.id.as_deref() == Some(account_id) => Some(a),
                    _ => None,
                });
                if let Some(own) = target {
                    storage::apply_separate_rules(own, access);
                }
            }
        }
    }
}

fn name_of(c: &Cursor) -> String {
    c.get("name").string().value().cloned().unwrap_or_default()
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

#[cfg(test)]
pub(super) mod tests {
    use crate::model::{AzureResource, Spec};

    /// The one resource a Terraform snippet declares, adapted.
    pub fn adapt_one(hcl: &str) -> AzureResource {
        let loaded = super::super::tests::load_text(hcl);
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let mut resources = loaded.output.resources;
        assert_eq!(resources.len(), 1, "{resources:?}");
        resources.remove(0)
    }

    #[test]
    fn a_subnet_takes_its_route_table_from_an_association() {
        let loaded = super::super::tests::load_text(
            r#"
resource "azurerm_subnet" "nodes" {
  name = "nodes"
}
resource "azurerm_subnet_route_table_association" "a" {
  subnet_id      = azurerm_subnet.nodes.id
  route_table_id = "rt-id"
}
"#,
        );
        let subnet = &loaded.output.resources[0];
        assert!(
            matches!(&subnet.spec, Spec::Subnet(s) if s.route_table.value().is_some_and(|t| t == "rt-id")),
            "{subnet:?}"
        );
    }
}
