//! Databases: `azurerm_mssql_server` and its firewall rules,
//! `azurerm_postgresql_flexible_server`, `azurerm_mysql_flexible_server` and
//! their firewall rules,
//! `azurerm_cosmosdb_account`.

use super::{blocks, public_access};
use crate::load::network_rules;
use crate::load::tree::Cursor;
use crate::model::{
    Database, DatabaseEngine, Field, IpRange, NetworkAccess, PublicNetworkAccess, Spec,
};

pub(super) fn sql_server(r: &Cursor) -> Spec {
    Spec::Database(Database {
        engine: DatabaseEngine::SqlServer,
        access: server_access(r, public_access(r)),
    })
}

/// A PostgreSQL or MySQL flexible server.
pub(super) fn flexible_server(r: &Cursor, engine: DatabaseEngine) -> Spec {
    // A server injected into a subnet has no public endpoint.
    let public = match (public_access(r), r.get("delegated_subnet_id").string()) {
        (Field::Absent(_), Field::Set(_, loc)) => Field::Set(PublicNetworkAccess::Disabled, loc),
        (public, _) => public,
    };
    Spec::Database(Database {
        engine,
        access: server_access(r, public),
    })
}

pub(super) fn cosmos_account(r: &Cursor) -> Spec {
    Spec::Database(Database {
        engine: DatabaseEngine::Cosmos,
        access: cosmos_access(r),
    })
}

/// A SQL or PostgreSQL server firewall rule.
pub(super) fn firewall_rule(r: &Cursor) -> Spec {
    Spec::ServerFirewallRule(IpRange {
        start: r.get("start_ip_address").string(),
        end: r.get("end_ip_address").string(),
    })
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

#[cfg(test)]
mod tests {
    use super::super::tests::adapt_one;
    use crate::model::{DatabaseEngine, Reference, Spec};

    #[test]
    fn a_3x_cosmos_ip_filter_string_is_split() {
        let resource = adapt_one(
            r#"
resource "azurerm_cosmosdb_account" "db" {
  name            = "db"
  ip_range_filter = "203.0.113.1, 0.0.0.0"
}
"#,
        );
        let Spec::Database(db) = &resource.spec else {
            panic!("{resource:?}")
        };
        assert_eq!(db.engine, DatabaseEngine::Cosmos);
        assert_eq!(db.access.ip_rules.value().map(Vec::len), Some(2));
    }

    #[test]
    fn a_firewall_rule_names_its_server() {
        let resource = adapt_one(
            r#"
resource "azurerm_mssql_firewall_rule" "all" {
  name             = "all"
  server_id        = "sql-id"
  start_ip_address = "0.0.0.0"
  end_ip_address   = "255.255.255.255"
}
"#,
        );
        assert_eq!(resource.arm_type, "Microsoft.Sql/servers/firewallRules");
        assert!(matches!(&resource.parent, Some(Reference::Id(id)) if id == "sql-id"));
        assert!(matches!(&resource.spec, Spec::ServerFirewallRule(_)));
    }
}
