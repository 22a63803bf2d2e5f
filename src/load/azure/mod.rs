//! Azure resources around a cluster, from any JSON shape, into the model.
//!
//! Like clusters, these come flattened (most `az … show` output) or with
//! `properties` nested (ARM/REST, templates, Resource Graph, and `az keyvault
//! show`). Sub-resources (a firewall's rule collections, a network's subnets)
//! follow the same pattern one level down, so every block is read through
//! [`inner`], which takes `properties` when there is one. Each service
//! reads its types in a module of its own.

mod authorization;
mod database;
mod firewall;
mod gateway;
mod key_vault;
mod monitor;
mod network;
mod registry;
mod security;
mod storage;

use super::tree::{Cursor, Node, Value};
use crate::model::{
    AzureResource, DatabaseEngine, Field, FileId, NetworkAccess, Reference, ResourceId, Shape, Spec,
};

/// The resource types read here, lower-cased, with their documented spelling.
const TYPES: [&str; 25] = [
    "Microsoft.ContainerRegistry/registries",
    "Microsoft.Storage/storageAccounts",
    "Microsoft.KeyVault/vaults",
    "Microsoft.Sql/servers",
    "Microsoft.Sql/servers/firewallRules",
    "Microsoft.Sql/servers/virtualNetworkRules",
    "Microsoft.DBforPostgreSQL/flexibleServers",
    "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules",
    "Microsoft.DBforMySQL/flexibleServers",
    "Microsoft.DBforMySQL/flexibleServers/firewallRules",
    "Microsoft.DocumentDB/databaseAccounts",
    "Microsoft.Network/privateEndpoints",
    "Microsoft.Network/virtualNetworks",
    "Microsoft.Network/virtualNetworks/subnets",
    "Microsoft.Network/routeTables",
    "Microsoft.Network/azureFirewalls",
    "Microsoft.Network/firewallPolicies",
    "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
    "Microsoft.Network/networkSecurityGroups",
    "Microsoft.Network/applicationGateways",
    "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
    "Microsoft.Authorization/roleAssignments",
    "Microsoft.Security/pricings",
    "Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
    "Microsoft.Insights/diagnosticSettings",
];

/// The documented spelling of a type chanto reads, if it reads it.
pub fn known_type(arm_type: &str) -> Option<&'static str> {
    TYPES
        .iter()
        .copied()
        .find(|t| t.eq_ignore_ascii_case(arm_type))
}

/// What a template knows about a resource that the resource does not say.
pub struct Placement {
    pub shape: Shape,
    pub api_version: Option<String>,
    /// The enclosing resource's name, for a child nested in a template.
    pub parent_name: Option<String>,
    /// The enclosing resource's position in the file's resources, when it
    /// was read as one.
    pub enclosing: Option<ResourceId>,
}

/// Reads one resource of a [`known_type`]; a virtual network yields its
/// subnets.
pub fn read(
    root: &Node,
    arm_type: &'static str,
    file: FileId,
    placement: Placement,
    out: &mut Vec<AzureResource>,
) {
    let (r, p) = super::resource_cursors(root, file, placement.shape);
    let name = display_name(root, placement.parent_name.as_deref());
    let id = root.str_at("id").map(String::from);
    let parent = match placement.enclosing {
        Some(enclosing) => Some(Reference::Enclosing(enclosing)),
        None => parent(arm_type, id.as_deref(), &name),
    };
    let new =
        |arm_type: &'static str, name: String, id: Option<String>, spec: Spec| AzureResource {
            arm_type,
            name,
            id,
            shape: placement.shape,
            loc: root.loc(file),
            api_version: placement.api_version.clone(),
            parent: parent.clone(),
            spec,
        };
    let spec = match arm_type {
        "Microsoft.ContainerRegistry/registries" => registry::registry(&r, &p),
        "Microsoft.Storage/storageAccounts" => storage::account(&p),
        "Microsoft.KeyVault/vaults" => key_vault::vault(&p),
        "Microsoft.Sql/servers" => database::sql_server(&p),
        "Microsoft.DBforPostgreSQL/flexibleServers" => {
            database::flexible_server(&p, DatabaseEngine::PostgresFlexible)
        }
        "Microsoft.DBforMySQL/flexibleServers" => {
            database::flexible_server(&p, DatabaseEngine::MySqlFlexible)
        }
        "Microsoft.DocumentDB/databaseAccounts" => database::cosmos_account(&p),
        "Microsoft.Sql/servers/firewallRules"
        | "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules"
        | "Microsoft.DBforMySQL/flexibleServers/firewallRules" => database::firewall_rule(&p),
        "Microsoft.Sql/servers/virtualNetworkRules" => Spec::ServerVnetRule,
        "Microsoft.Security/pricings" => security::pricing(&p),
        "Microsoft.Network/privateEndpoints" => network::private_endpoint(&p),
        "Microsoft.Network/virtualNetworks" => {
            for subnet in network::subnets_of(&p, id.as_deref()) {
                out.push(AzureResource {
                    loc: subnet.loc,
                    parent: None,
                    ..new(
                        "Microsoft.Network/virtualNetworks/subnets",
                        format!("{name}/{}", subnet.name),
                        subnet.id,
                        Spec::Subnet(subnet.subnet),
                    )
                });
            }
            return;
        }
        "Microsoft.Network/virtualNetworks/subnets" => Spec::Subnet(network::subnet(&p)),
        "Microsoft.Network/routeTables" => network::route_table(&p),
        "Microsoft.Network/networkSecurityGroups" => network::security_group(&p),
        "Microsoft.Network/azureFirewalls" => firewall::firewall(&p),
        "Microsoft.Network/firewallPolicies" => firewall::policy(&p),
        "Microsoft.Network/firewallPolicies/ruleCollectionGroups" => {
            firewall::rule_collection_group(&p)
        }
        "Microsoft.Network/applicationGateways" => gateway::application_gateway(&p),
        "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies" => {
            gateway::waf_policy(&p)
        }
        "Microsoft.Authorization/roleAssignments" => authorization::role_assignment(&r, &p),
        "Microsoft.ContainerService/managedClusters/maintenanceConfigurations" => {
            Spec::MaintenanceConfiguration
        }
        "Microsoft.Insights/diagnosticSettings" => {
            monitor::diagnostic_setting(&r, &p, id.as_deref())
        }
        _ => return,
    };
    out.push(new(arm_type, name, id, spec));
}

/// A block's `properties` when it nests them, else the block itself.
pub(super) fn inner<'a>(c: &Cursor<'a>) -> Cursor<'a> {
    match c.get("properties").present() {
        Some(node) if node.is_map() => c.get("properties"),
        _ => c.clone(),
    }
}

/// The public access switch and the network rule set (`acls`), as registry,
/// storage and Key Vault share them. Database servers keep their network
/// rules in child resources, so they have no rule set here.
fn network_access(p: &Cursor, acls: Option<&Cursor>) -> NetworkAccess {
    let none = p.nothing();
    let acls = acls.unwrap_or(&none);
    NetworkAccess {
        public_network_access: p.get("publicNetworkAccess").string().map(From::from),
        default_action: acls.get("defaultAction").string().map(From::from),
        ip_rules: ip_rules(&acls.get("ipRules")),
        vnet_rules: acls.get("virtualNetworkRules").len(),
        bypass: acls.get("bypass").string(),
        approved_private_endpoints: approved_connections(p),
    }
}

/// IP rules as `{value}` (REST), `{ipAddressOrRange}` (az CLI, Cosmos DB) or
/// plain strings.
fn ip_rules(c: &Cursor) -> Field<Vec<String>> {
    let file = c.file();
    let mut unresolved = None;
    let values = c
        .items()
        .iter()
        .filter_map(|item| {
            let ic = item.cursor(file);
            let value = match &item.value {
                Value::Map(_) => match ic.get("value").present() {
                    Some(_) => ic.get("value").string(),
                    None => ic.get("ipAddressOrRange").string(),
                },
                _ => ic.string(),
            };
            match value {
                Field::Set(v, _) => Some(v),
                Field::Unknown(reason, loc) => {
                    unresolved.get_or_insert((reason, loc));
                    None
                }
                Field::Absent(_) => None,
            }
        })
        .collect();
    match (unresolved, c.len()) {
        (Some((reason, loc)), _) => Field::Unknown(reason, loc),
        (None, Field::Set(_, loc)) => Field::Set(values, loc),
        (None, Field::Absent(loc)) => Field::Absent(loc),
        (None, Field::Unknown(reason, loc)) => Field::Unknown(reason, loc),
    }
}

fn approved_connections(p: &Cursor) -> usize {
    let file = p.file();
    p.get("privateEndpointConnections")
        .items()
        .iter()
        .filter(|c| {
            inner(&c.cursor(file))
                .at("privateLinkServiceConnectionState/status")
                .string()
                .is("Approved")
        })
        .count()
}

fn name_of(c: &Cursor) -> String {
    c.get("name").string().value().cloned().unwrap_or_default()
}

/// A child resource names its parent by ID (live shapes) or by the first
/// part of its `parent/child` name (templates).
fn parent(arm_type: &str, id: Option<&str>, name: &str) -> Option<Reference> {
    if arm_type.matches('/').count() < 2 {
        return None;
    }
    match id {
        Some(id) => {
            let lower = id.to_ascii_lowercase();
            let child = arm_type
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            lower
                .rfind(&format!("/{child}/"))
                .map(|at| Reference::Id(id[..at].to_string()))
        }
        None => name
            .rsplit_once('/')
            .map(|(parent, _)| Reference::Name(parent.to_string())),
    }
}

/// How a name only known at deployment (`uniqueString()`) is shown.
pub const NAME_SET_AT_DEPLOYMENT: &str = "(name set at deployment)";

/// The resource's name, prefixed with its parent's for a child nested in a
/// template; a name only known at deployment shows as such.
fn display_name(root: &Node, parent_name: Option<&str>) -> String {
    let own = match root.get("name").map(|n| &n.value) {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Unresolved(_)) => NAME_SET_AT_DEPLOYMENT.to_string(),
        _ => "(unnamed)".to_string(),
    };
    match parent_name {
        Some(parent) if !own.contains('/') => format!("{parent}/{own}"),
        _ => own,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The one resource a JSON document describes, read as ARM/REST when it
    /// nests `properties` and as az CLI output when it does not.
    pub fn read_one(json: &str) -> Spec {
        let root = crate::load::json::parse(json)
            .expect("valid JSON")
            .expect("a document");
        let arm_type = root
            .str_at("type")
            .and_then(known_type)
            .expect("a known type");
        let shape = match root.get("properties") {
            Some(_) => Shape::ArmResource,
            None => Shape::AzCli,
        };
        let placement = Placement {
            shape,
            api_version: None,
            parent_name: None,
            enclosing: None,
        };
        let mut out = Vec::new();
        read(&root, arm_type, FileId(0), placement, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        out.remove(0).spec
    }

    #[test]
    fn a_virtual_network_yields_its_subnets_with_ids_from_its_own() {
        let root = crate::load::json::parse(
            r#"{"type": "Microsoft.Network/virtualNetworks", "name": "vnet",
                "id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet",
                "properties": {"subnets": [{"name": "nodes", "properties": {"routeTable": {"id": "rt"}}}]}}"#,
        )
        .unwrap()
        .unwrap();
        let placement = Placement {
            shape: Shape::ArmResource,
            api_version: None,
            parent_name: None,
            enclosing: None,
        };
        let mut out = Vec::new();
        read(
            &root,
            "Microsoft.Network/virtualNetworks",
            FileId(0),
            placement,
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].name, "vnet/nodes");
        assert!(
            out[0]
                .id
                .as_deref()
                .is_some_and(|id| id.ends_with("/subnets/nodes"))
        );
        assert!(matches!(&out[0].spec, Spec::Subnet(s) if s.route_table.value().is_some()));
    }
}
