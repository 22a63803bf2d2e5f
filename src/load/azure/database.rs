//! Databases: SQL servers and their firewall and virtual network rules,
//! PostgreSQL and MySQL flexible servers and their firewall rules, Cosmos DB
//! accounts.

use super::{approved_connections, ip_rules, network_access};
use crate::load::network_rules;
use crate::load::tree::Cursor;
use crate::model::{Database, DatabaseEngine, Field, IpRange, PublicNetworkAccess, Spec};

pub(super) fn sql_server(p: &Cursor) -> Spec {
    Spec::Database(Database {
        engine: DatabaseEngine::SqlServer,
        access: network_access(p, None),
    })
}

/// A PostgreSQL or MySQL flexible server: both keep their firewall rules
/// in child resources and have no public endpoint when injected into a
/// subnet.
pub(super) fn flexible_server(p: &Cursor, engine: DatabaseEngine) -> Spec {
    let network = p.get("network");
    let mut access = network_access(&network, None);
    // A server injected into a subnet has no public endpoint at all.
    if let (Field::Absent(_), Field::Set(_, loc)) = (
        &access.public_network_access,
        network.get("delegatedSubnetResourceId").string(),
    ) {
        access.public_network_access = Field::Set(PublicNetworkAccess::Disabled, loc);
    }
    Spec::Database(Database { engine, access })
}

pub(super) fn cosmos_account(p: &Cursor) -> Spec {
    Spec::Database(Database {
        engine: DatabaseEngine::Cosmos,
        access: network_rules::cosmos_access(
            p.get("publicNetworkAccess").string().map(From::from),
            ip_rules(&p.get("ipRules")),
            p.get("isVirtualNetworkFilterEnabled").bool(),
            p.get("virtualNetworkRules").len(),
            approved_connections(p),
            p.loc(),
        ),
    })
}

/// A SQL or PostgreSQL server firewall rule.
pub(super) fn firewall_rule(p: &Cursor) -> Spec {
    Spec::ServerFirewallRule(IpRange {
        start: p.get("startIpAddress").string(),
        end: p.get("endIpAddress").string(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::read_one;
    use crate::model::{DatabaseEngine, Field, PublicNetworkAccess, Spec};

    #[test]
    fn a_postgres_server_in_a_delegated_subnet_has_no_public_endpoint() {
        let spec = read_one(
            r#"{"type": "Microsoft.DBforPostgreSQL/flexibleServers", "name": "pg",
                "properties": {"network": {"delegatedSubnetResourceId": "/subscriptions/0/x"}}}"#,
        );
        let Spec::Database(db) = spec else {
            panic!("{spec:?}")
        };
        assert_eq!(db.engine, DatabaseEngine::PostgresFlexible);
        assert!(matches!(
            db.access.public_network_access,
            Field::Set(PublicNetworkAccess::Disabled, _)
        ));
    }

    #[test]
    fn a_server_firewall_rule_is_its_address_range() {
        let spec = read_one(
            r#"{"type": "Microsoft.Sql/servers/firewallRules", "name": "sql/all",
                "properties": {"startIpAddress": "0.0.0.0", "endIpAddress": "0.0.0.0"}}"#,
        );
        let Spec::ServerFirewallRule(range) = spec else {
            panic!("{spec:?}")
        };
        assert_eq!(range.start.value().map(String::as_str), Some("0.0.0.0"));
    }
}
