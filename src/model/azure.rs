//! Azure resources around a cluster: the registry, storage, Key Vault and
//! databases it talks to, and the network pieces that decide how (private
//! endpoints, subnets, route tables, firewalls, gateways), whatever shape
//! they came in.

use super::{
    DefaultAction, Field, Loc, NextHopType, PublicNetworkAccess, RegistrySku, Shape, WafMode,
};

pub type ResourceId = usize;

#[derive(Debug, Clone)]
pub struct AzureResource {
    /// The ARM type as the documentation spells it.
    pub arm_type: &'static str,
    pub name: String,
    /// The resource ID: as listed in live shapes, or as a template's
    /// `resourceId()` builds it (subscription and group unknown).
    pub id: Option<String>,
    pub shape: Shape,
    /// The resource's own block.
    pub loc: Loc,
    pub api_version: Option<String>,
    /// A child resource's parent (a rule collection group's policy, a SQL
    /// firewall rule's server, a subnet's network).
    pub parent: Option<Reference>,
    pub spec: Spec,
}

/// How a resource names another one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// A resource ID, matched case-insensitively.
    Id(String),
    /// A name within the same template.
    Name(String),
    /// The resource a template child is nested in, by position in the
    /// inventory: nesting says which parent it is even when the parent's
    /// name is only known at deployment (`uniqueString()`).
    Enclosing(ResourceId),
}

#[derive(Debug, Clone)]
pub enum Spec {
    Registry(Registry),
    Storage(NetworkAccess),
    KeyVault(KeyVault),
    Database(Database),
    /// A SQL or PostgreSQL server firewall rule (a child resource).
    ServerFirewallRule(IpRange),
    /// A SQL server virtual network rule: a subnet admitted through its
    /// service endpoint (a child resource).
    ServerVnetRule,
    /// A Defender for Cloud plan's pricing tier (`Standard` is on).
    DefenderPlan(Field<String>),
    PrivateEndpoint(PrivateEndpoint),
    Subnet(Subnet),
    RouteTable(RouteTable),
    Firewall(Firewall),
    FirewallPolicy(FirewallPolicy),
    RuleCollectionGroup(Vec<RuleCollection>),
    SecurityGroup(Vec<SecurityRule>),
    ApplicationGateway(ApplicationGateway),
    WafPolicy(WafSettings),
    RoleAssignment(RoleAssignment),
    /// A cluster's planned maintenance configuration; its name says what it
    /// schedules (`aksManagedAutoUpgradeSchedule`,
    /// `aksManagedNodeOSUpgradeSchedule`, or `default` for the legacy one).
    MaintenanceConfiguration,
    DiagnosticSetting(DiagnosticSetting),
}

/// A diagnostic setting (`Microsoft.Insights/diagnosticSettings`): what it
/// exports logs from, and which.
#[derive(Debug, Clone)]
pub struct DiagnosticSetting {
    /// The resource it exports from, by ID.
    pub target: Field<String>,
    /// Enabled log categories and category groups (`kube-audit`, `audit`,
    /// `allLogs`), with where each is.
    pub logs: Vec<(String, Loc)>,
}

/// What decides whether a PaaS service answers on its public endpoint.
#[derive(Debug, Clone)]
pub struct NetworkAccess {
    pub public_network_access: Field<PublicNetworkAccess>,
    /// The network rule set's default action; absent means `Allow`.
    pub default_action: Field<DefaultAction>,
    /// Addresses and ranges the rule set admits.
    pub ip_rules: Field<Vec<String>>,
    /// Virtual network rules, which only work through service endpoints.
    pub vnet_rules: Field<usize>,
    /// Trusted Azure services allowed through the rule set (`AzureServices`).
    pub bypass: Field<String>,
    /// Approved private endpoint connections the resource itself lists
    /// (live shapes only).
    pub approved_private_endpoints: usize,
}

#[derive(Debug, Clone)]
pub struct Registry {
    pub sku: Field<RegistrySku>,
    pub admin_user: Field<bool>,
    pub anonymous_pull: Field<bool>,
    pub data_endpoint: Field<bool>,
    pub zone_redundancy: Field<bool>,
    /// The retention policy for untagged manifests is on.
    pub untagged_retention: Field<bool>,
    pub access: NetworkAccess,
}

#[derive(Debug, Clone)]
pub struct KeyVault {
    pub rbac_authorization: Field<bool>,
    pub purge_protection: Field<bool>,
    pub access: NetworkAccess,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseEngine {
    /// Azure SQL logical server: network rules are child `firewallRules`.
    SqlServer,
    /// PostgreSQL flexible server: public access, or injected into a subnet.
    PostgresFlexible,
    MySqlFlexible,
    /// Cosmos DB account: IP rules and virtual network filter inline.
    Cosmos,
}

#[derive(Debug, Clone)]
pub struct Database {
    pub engine: DatabaseEngine,
    pub access: NetworkAccess,
}

/// A firewall rule's start and end address.
#[derive(Debug, Clone)]
pub struct IpRange {
    pub start: Field<String>,
    pub end: Field<String>,
}

#[derive(Debug, Clone)]
pub struct PrivateEndpoint {
    /// `privateLinkServiceId` of each (automatic or manual) connection.
    pub targets: Vec<Field<String>>,
}

#[derive(Debug, Clone)]
pub struct Subnet {
    /// Service types with a service endpoint on the subnet.
    pub service_endpoints: Field<Vec<String>>,
    pub route_table: Field<String>,
    pub security_group: Field<String>,
}

#[derive(Debug, Clone)]
pub struct RouteTable {
    pub routes: Vec<Route>,
    /// The `routes` list.
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Route {
    pub name: String,
    pub prefix: Field<String>,
    pub next_hop_type: Field<NextHopType>,
    pub next_hop_ip: Field<String>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Firewall {
    pub private_ips: Vec<String>,
    pub policy: Field<String>,
    /// Classic rule collections, held on the firewall itself.
    pub collections: Vec<RuleCollection>,
}

#[derive(Debug, Clone)]
pub struct FirewallPolicy {
    /// The parent policy whose rules this one inherits.
    pub base_policy: Field<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleAction {
    Allow,
    Deny,
}

/// An application or network rule collection, from a classic firewall or a
/// policy's rule collection group.
#[derive(Debug, Clone)]
pub struct RuleCollection {
    pub name: String,
    /// Lower runs first: the group's priority, then the collection's.
    pub priority: (i64, i64),
    pub action: Field<RuleAction>,
    pub rules: Vec<FirewallRule>,
    /// The `rules` list, where a missing rule would go.
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct FirewallRule {
    pub name: String,
    /// FQDN tags (`AzureKubernetesService`), application rules only.
    pub fqdn_tags: Vec<String>,
    /// Target FQDNs (application rules) or destination FQDNs (network
    /// rules), wildcards as written.
    pub fqdns: Vec<String>,
    /// Destination addresses, service tags or `*` (network rules).
    pub addresses: Vec<String>,
    /// Ports the rule allows; empty means any.
    pub ports: Vec<PortRange>,
    /// Whether it carries TCP: application rules do; a network rule only
    /// when its protocols include TCP or Any.
    pub tcp: bool,
    /// Set when part of the rule is only known at deployment.
    pub unresolved: Option<String>,
    pub loc: Option<Loc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortRange(pub u16, pub u16);

impl PortRange {
    /// `443`, `8000-8999` or `*`.
    pub fn parse(text: &str) -> Option<PortRange> {
        let text = text.trim();
        if text == "*" {
            return Some(PortRange(0, u16::MAX));
        }
        match text.split_once('-') {
            Some((a, b)) => Some(PortRange(a.trim().parse().ok()?, b.trim().parse().ok()?)),
            None => text.parse().ok().map(|p| PortRange(p, p)),
        }
    }

    pub fn contains(self, port: u16) -> bool {
        (self.0..=self.1).contains(&port)
    }
}

#[derive(Debug, Clone)]
pub struct SecurityRule {
    pub name: String,
    pub priority: Field<i64>,
    pub outbound: bool,
    pub access: Field<RuleAction>,
    pub destinations: Vec<String>,
    pub ports: Vec<PortRange>,
    /// The `access` field, which decides.
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct ApplicationGateway {
    pub sku_tier: Field<String>,
    /// The inline `webApplicationFirewallConfiguration`.
    pub waf: WafSettings,
    /// The attached WAF policy, which overrides the inline configuration.
    pub waf_policy: Field<String>,
}

#[derive(Debug, Clone)]
pub struct WafSettings {
    pub enabled: Field<bool>,
    /// `Prevention` or `Detection`.
    pub mode: Field<WafMode>,
}

#[derive(Debug, Clone)]
pub struct RoleAssignment {
    /// The role definition's ID; its last segment is the role's GUID.
    pub role: Field<String>,
    pub principal: Field<String>,
    pub scope: Field<String>,
}

impl AzureResource {
    /// The network access settings of a service that has a public endpoint
    /// (registry, storage, Key Vault, database), with what to call it.
    pub fn service_access(&self) -> Option<(&NetworkAccess, &'static str)> {
        match &self.spec {
            Spec::Registry(r) => Some((&r.access, "container registry")),
            Spec::Storage(access) => Some((access, "storage account")),
            Spec::KeyVault(kv) => Some((&kv.access, "Key Vault")),
            Spec::Database(db) => Some((
                &db.access,
                match db.engine {
                    DatabaseEngine::SqlServer => "SQL server",
                    DatabaseEngine::PostgresFlexible => "PostgreSQL server",
                    DatabaseEngine::MySqlFlexible => "MySQL server",
                    DatabaseEngine::Cosmos => "Cosmos DB account",
                },
            )),
            _ => None,
        }
    }

    /// The subscription in the resource's ID.
    pub fn subscription(&self) -> Option<&str> {
        subscription_of(self.id.as_deref()?)
    }
}

/// Whether `id` is a subscription ID (a GUID).
pub fn is_subscription_id(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Whether a resource group name is one Azure allows: letters, digits,
/// `_`, `-`, `.`, `(`, `)`, up to 90, not ending in `.`. Anything else is
/// refused before it reaches a query.
pub fn is_resource_group_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 90
        && !name.ends_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '(' | ')'))
}

/// The subscription segment of a resource ID.
pub fn subscription_of(id: &str) -> Option<&str> {
    let mut segments = id
        .split('/')
        .skip_while(|s| !s.eq_ignore_ascii_case("subscriptions"));
    segments.next()?;
    segments.next().filter(|s| !s.is_empty())
}

impl RoleAssignment {
    /// Whether the assignment grants the built-in role with that GUID.
    pub fn grants(&self, role_guid: &str) -> bool {
        self.role.value().is_some_and(|id| {
            id.rsplit('/')
                .next()
                .is_some_and(|g| g.eq_ignore_ascii_case(role_guid))
        })
    }
}

/// `/providers/Microsoft.Sql/servers/{server}/firewallRules/{rule}` from a
/// type and its names, interleaved as ARM does.
pub fn provider_path(resource_type: &str, names: &[&str]) -> String {
    let mut segments = resource_type.split('/');
    let mut path = format!("/providers/{}", segments.next().unwrap_or_default());
    let mut names = names.iter().flat_map(|n| n.split('/'));
    for segment in segments {
        path.push('/');
        path.push_str(segment);
        if let Some(name) = names.next() {
            path.push('/');
            path.push_str(name);
        }
    }
    path
}

/// The part of a resource ID that a template can know: from the last
/// `/providers/` on, lower-cased. Templates build IDs with `resourceId()`,
/// whose subscription and group are only known at deployment.
pub fn id_tail(id: &str) -> String {
    let lower = id.to_ascii_lowercase();
    match lower.rfind("/providers/") {
        Some(at) => lower[at..].to_string(),
        None => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_parse_as_firewalls_and_nsgs_write_them() {
        assert_eq!(PortRange::parse("443"), Some(PortRange(443, 443)));
        assert_eq!(PortRange::parse(" 8000-8999 "), Some(PortRange(8000, 8999)));
        assert!(PortRange::parse("*").is_some_and(|p| p.contains(443)));
        assert_eq!(PortRange::parse("https"), None);
        assert_eq!(PortRange::parse("70000"), None);
    }

    #[test]
    fn ids_from_templates_and_live_shapes_meet_from_providers_on() {
        let built = provider_path("Microsoft.Sql/servers/firewallRules", &["sql", "office"]);
        assert_eq!(
            built,
            "/providers/Microsoft.Sql/servers/sql/firewallRules/office"
        );
        let live = "/subscriptions/S/resourceGroups/RG/providers/Microsoft.Sql/servers/SQL/firewallRules/office";
        assert_eq!(id_tail(live), built.to_ascii_lowercase());
        assert_eq!(subscription_of(live), Some("S"));
        assert_eq!(subscription_of("/providers/x"), None);
    }
}
