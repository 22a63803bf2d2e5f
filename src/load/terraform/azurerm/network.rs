//! Networks: `azurerm_private_endpoint`, `azurerm_subnet`,
//! `azurerm_route_table`, `azurerm_network_security_group`.

use super::{blocks, name_of};
use crate::load::network_rules;
use crate::load::tree::Cursor;
use crate::model::{Field, PrivateEndpoint, Route, RouteTable, Spec, Subnet};

pub(super) fn private_endpoint(r: &Cursor) -> Spec {
    Spec::PrivateEndpoint(PrivateEndpoint {
        targets: blocks(r, "private_service_connection")
            .iter()
            .map(|c| c.get("private_connection_resource_id").string())
            .collect(),
    })
}

/// A subnet; its route table and NSG come from association resources.
pub(super) fn subnet(r: &Cursor) -> Spec {
    Spec::Subnet(Subnet {
        service_endpoints: r.get("service_endpoints").strings(),
        route_table: Field::Absent(r.loc()),
        security_group: Field::Absent(r.loc()),
    })
}

pub(super) fn route_table(r: &Cursor) -> Spec {
    Spec::RouteTable(RouteTable {
        loc: r.get("route").loc(),
        routes: blocks(r, "route")
            .iter()
            .map(|c| Route {
                name: name_of(c),
                prefix: c.get("address_prefix").string(),
                next_hop_type: c.get("next_hop_type").string().map(From::from),
                next_hop_ip: c.get("next_hop_in_ip_address").string(),
                loc: c.loc(),
            })
            .collect(),
    })
}

pub(super) fn security_group(r: &Cursor) -> Spec {
    Spec::SecurityGroup(
        blocks(r, "security_rule")
            .iter()
            .map(|c| network_rules::security_rule(c, name_of(c), &network_rules::AZURERM))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::adapt_one;
    use crate::model::{Field, NextHopType, Spec};

    #[test]
    fn routes_are_read_with_their_next_hop() {
        let resource = adapt_one(
            r#"
resource "azurerm_route_table" "rt" {
  name = "rt"
  route {
    name                   = "default"
    address_prefix         = "0.0.0.0/0"
    next_hop_type          = "VirtualAppliance"
    next_hop_in_ip_address = "10.0.1.4"
  }
}
"#,
        );
        let Spec::RouteTable(table) = &resource.spec else {
            panic!("{resource:?}")
        };
        assert_eq!(table.routes[0].name, "default");
        assert!(matches!(
            table.routes[0].next_hop_type,
            Field::Set(NextHopType::VirtualAppliance, _)
        ));
    }
}
