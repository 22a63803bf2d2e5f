//! Azure resources around a cluster, from any JSON shape, into the model.
//!
//! Like clusters, these come flattened (most `az … show` output) or with
//! `properties` nested (ARM/REST, templates, Resource Graph, and `az keyvault
//! show`). Sub-resources (a firewall's rule collections, a network's subnets)
//! follow the same pattern one level down, so every block is read through
//! [`inner`], which takes `properties` when there is one.

use super::network_rules;
use super::tree::{Cursor, Node, Value};
use crate::model::{
    ApplicationGateway, AzureResource, Database, DatabaseEngine, Field, FileId, Firewall,
    FirewallPolicy, IpRange, KeyVault, NetworkAccess, PrivateEndpoint, PublicNetworkAccess,
    Reference, Registry, RoleAssignment, Route, RouteTable, RuleCollection, Shape, Spec, Subnet,
    WafSettings,
};

/// The resource types read here, lower-cased, with their documented spelling.
const TYPES: [&str; 21] = [
    "Microsoft.ContainerRegistry/registries",
    "Microsoft.Storage/storageAccounts",
    "Microsoft.KeyVault/vaults",
    "Microsoft.Sql/servers",
    "Microsoft.Sql/servers/firewallRules",
    "Microsoft.Sql/servers/virtualNetworkRules",
    "Microsoft.DBforPostgreSQL/flexibleServers",
    "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules",
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
    let r = root.cursor(file);
    let p = if placement.shape == Shape::AzCli {
        r.clone()
    } else {
        r.get("properties")
    };
    let name = display_name(root, placement.parent_name.as_deref());
    let id = root.str_at("id").map(String::from);
    let parent = parent(arm_type, id.as_deref(), &name);
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
        "Microsoft.ContainerRegistry/registries" => Spec::Registry(Registry {
            sku: r.at("sku/name").string().map(From::from),
            admin_user: p.get("adminUserEnabled").bool(),
            anonymous_pull: p.get("anonymousPullEnabled").bool(),
            access: NetworkAccess {
                bypass: p.get("networkRuleBypassOptions").string(),
                ..network_access(&p, Some(&p.get("networkRuleSet")))
            },
        }),
        "Microsoft.Storage/storageAccounts" => {
            // The az CLI calls the storage ACLs `networkRuleSet`.
            let acls = match p.get("networkAcls").present() {
                Some(_) => p.get("networkAcls"),
                None => p.get("networkRuleSet"),
            };
            Spec::Storage(network_access(&p, Some(&acls)))
        }
        "Microsoft.KeyVault/vaults" => Spec::KeyVault(KeyVault {
            rbac_authorization: p.get("enableRbacAuthorization").bool(),
            purge_protection: p.get("enablePurgeProtection").bool(),
            access: network_access(&p, Some(&p.get("networkAcls"))),
        }),
        "Microsoft.Sql/servers" => Spec::Database(Database {
            engine: DatabaseEngine::SqlServer,
            access: network_access(&p, None),
        }),
        "Microsoft.DBforPostgreSQL/flexibleServers" => {
            let network = p.get("network");
            let mut access = network_access(&network, None);
            // A server injected into a subnet has no public endpoint at all.
            if let (Field::Absent(_), Field::Set(_, loc)) = (
                &access.public_network_access,
                network.get("delegatedSubnetResourceId").string(),
            ) {
                access.public_network_access = Field::Set(PublicNetworkAccess::Disabled, loc);
            }
            Spec::Database(Database {
                engine: DatabaseEngine::PostgresFlexible,
                access,
            })
        }
        "Microsoft.DocumentDB/databaseAccounts" => Spec::Database(Database {
            engine: DatabaseEngine::Cosmos,
            access: cosmos_access(&p),
        }),
        "Microsoft.Sql/servers/firewallRules"
        | "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules" => {
            Spec::ServerFirewallRule(IpRange {
                start: p.get("startIpAddress").string(),
                end: p.get("endIpAddress").string(),
            })
        }
        "Microsoft.Sql/servers/virtualNetworkRules" => Spec::ServerVnetRule,
        "Microsoft.Security/pricings" => Spec::DefenderPlan(p.get("pricingTier").string()),
        "Microsoft.Network/privateEndpoints" => Spec::PrivateEndpoint(PrivateEndpoint {
            targets: [
                "privateLinkServiceConnections",
                "manualPrivateLinkServiceConnections",
            ]
            .iter()
            .flat_map(|k| p.get(k).items())
            .map(|c| inner(&c.cursor(file)).get("privateLinkServiceId").string())
            .collect(),
        }),
        "Microsoft.Network/virtualNetworks" => {
            let vnet_id = id.clone();
            for item in p.get("subnets").items() {
                let c = item.cursor(file);
                let subnet_name = c.get("name").string().value().cloned().unwrap_or_default();
                let subnet_id = item.str_at("id").map(String::from).or_else(|| {
                    vnet_id
                        .as_ref()
                        .map(|v| format!("{v}/subnets/{subnet_name}"))
                });
                out.push(AzureResource {
                    loc: item.loc(file),
                    parent: None,
                    ..new(
                        "Microsoft.Network/virtualNetworks/subnets",
                        format!("{name}/{subnet_name}"),
                        subnet_id,
                        Spec::Subnet(subnet(&inner(&c))),
                    )
                });
            }
            return;
        }
        "Microsoft.Network/virtualNetworks/subnets" => Spec::Subnet(subnet(&p)),
        "Microsoft.Network/routeTables" => Spec::RouteTable(RouteTable {
            loc: p.get("routes").loc(),
            routes: p
                .get("routes")
                .items()
                .iter()
                .map(|item| {
                    let c = inner(&item.cursor(file));
                    Route {
                        name: item.str_at("name").unwrap_or_default().to_string(),
                        prefix: c.get("addressPrefix").string(),
                        next_hop_type: c.get("nextHopType").string().map(From::from),
                        next_hop_ip: c.get("nextHopIpAddress").string(),
                        loc: item.loc(file),
                    }
                })
                .collect(),
        }),
        "Microsoft.Network/azureFirewalls" => Spec::Firewall(Firewall {
            private_ips: p
                .get("ipConfigurations")
                .items()
                .iter()
                .filter_map(|c| {
                    inner(&c.cursor(file))
                        .get("privateIPAddress")
                        .string()
                        .value()
                        .cloned()
                })
                .collect(),
            policy: p.at("firewallPolicy/id").string(),
            collections: ["applicationRuleCollections", "networkRuleCollections"]
                .iter()
                .flat_map(|k| p.get(k).items())
                .map(|c| rule_collection(&c.cursor(file), 0))
                .collect(),
        }),
        "Microsoft.Network/firewallPolicies" => Spec::FirewallPolicy(FirewallPolicy {
            base_policy: p.at("basePolicy/id").string(),
        }),
        "Microsoft.Network/firewallPolicies/ruleCollectionGroups" => {
            let group_priority = p.get("priority").int().value().copied().unwrap_or(0);
            Spec::RuleCollectionGroup(
                p.get("ruleCollections")
                    .items()
                    .iter()
                    .map(|c| c.cursor(file))
                    .filter(|c| {
                        !c.get("ruleCollectionType")
                            .string()
                            .is("FirewallPolicyNatRuleCollection")
                    })
                    .map(|c| rule_collection(&c, group_priority))
                    .collect(),
            )
        }
        "Microsoft.Network/networkSecurityGroups" => Spec::SecurityGroup(
            p.get("securityRules")
                .items()
                .iter()
                .map(|item| {
                    let rule = item.cursor(file);
                    network_rules::security_rule(&inner(&rule), name_of(&rule), &network_rules::ARM)
                })
                .collect(),
        ),
        "Microsoft.Network/applicationGateways" => {
            let waf = p.get("webApplicationFirewallConfiguration");
            Spec::ApplicationGateway(ApplicationGateway {
                sku_tier: p.at("sku/tier").string(),
                waf: WafSettings {
                    enabled: waf.get("enabled").bool(),
                    mode: waf.get("firewallMode").string().map(From::from),
                },
                waf_policy: p.at("firewallPolicy/id").string(),
            })
        }
        "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies" => {
            let settings = p.get("policySettings");
            Spec::WafPolicy(WafSettings {
                enabled: settings
                    .get("state")
                    .string()
                    .map(|s| s.eq_ignore_ascii_case("Enabled")),
                mode: settings.get("mode").string().map(From::from),
            })
        }
        "Microsoft.Authorization/roleAssignments" => {
            // Templates give the scope as a top-level property of the
            // extension resource; live shapes inside the properties.
            let scope = match p.get("scope").present() {
                Some(_) => p.get("scope").string(),
                None => r.get("scope").string(),
            };
            Spec::RoleAssignment(RoleAssignment {
                role: p.get("roleDefinitionId").string(),
                principal: p.get("principalId").string(),
                scope,
            })
        }
        _ => return,
    };
    out.push(new(arm_type, name, id, spec));
}

/// A block's `properties` when it nests them, else the block itself.
fn inner<'a>(c: &Cursor<'a>) -> Cursor<'a> {
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

fn cosmos_access(p: &Cursor) -> NetworkAccess {
    network_rules::cosmos_access(
        p.get("publicNetworkAccess").string().map(From::from),
        ip_rules(&p.get("ipRules")),
        p.get("isVirtualNetworkFilterEnabled").bool(),
        p.get("virtualNetworkRules").len(),
        approved_connections(p),
        p.loc(),
    )
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

fn subnet(p: &Cursor) -> Subnet {
    let file = p.file();
    let endpoints = p.get("serviceEndpoints");
    let service_endpoints = endpoints.len().map(|_| {
        endpoints
            .items()
            .iter()
            .filter_map(|e| {
                inner(&e.cursor(file))
                    .get("service")
                    .string()
                    .value()
                    .cloned()
            })
            .collect()
    });
    Subnet {
        service_endpoints,
        route_table: p.at("routeTable/id").string(),
        security_group: p.at("networkSecurityGroup/id").string(),
    }
}

fn rule_collection(item: &Cursor, group_priority: i64) -> RuleCollection {
    let c = inner(item);
    let file = c.file();
    RuleCollection {
        name: name_of(item),
        priority: (
            group_priority,
            c.get("priority").int().value().copied().unwrap_or(0),
        ),
        action: network_rules::action(c.at("action/type").string()),
        rules: c
            .get("rules")
            .items()
            .iter()
            .map(|r| {
                let rule = r.cursor(file);
                network_rules::firewall_rule(
                    &inner(&rule),
                    name_of(&rule),
                    rule.loc(),
                    &network_rules::ARM,
                )
            })
            .collect(),
        // Where a missing rule would go.
        loc: c.get("rules").loc(),
    }
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

/// The resource's name, prefixed with its parent's for a child nested in a
/// template; a name only known at deployment shows as such.
fn display_name(root: &Node, parent_name: Option<&str>) -> String {
    let own = match root.get("name").map(|n| &n.value) {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Unresolved(_)) => "(name set at deployment)".to_string(),
        _ => "(unnamed)".to_string(),
    };
    match parent_name {
        Some(parent) if !own.contains('/') => format!("{parent}/{own}"),
        _ => own,
    }
}
