//! Networks: private endpoints, virtual networks and their subnets, route
//! tables and network security groups.

use super::{inner, name_of};
use crate::load::network_rules;
use crate::load::tree::Cursor;
use crate::model::{Loc, PrivateEndpoint, Route, RouteTable, Spec, Subnet};

pub(super) fn private_endpoint(p: &Cursor) -> Spec {
    let file = p.file();
    Spec::PrivateEndpoint(PrivateEndpoint {
        targets: [
            "privateLinkServiceConnections",
            "manualPrivateLinkServiceConnections",
        ]
        .iter()
        .flat_map(|k| p.get(k).items())
        .map(|c| inner(&c.cursor(file)).get("privateLinkServiceId").string())
        .collect(),
    })
}

/// A subnet listed inside its virtual network.
pub(super) struct InlineSubnet {
    pub name: String,
    pub id: Option<String>,
    pub loc: Loc,
    pub subnet: Subnet,
}

/// The subnets a virtual network lists, with IDs from the network's own
/// when they have none.
pub(super) fn subnets_of(p: &Cursor, vnet_id: Option<&str>) -> Vec<InlineSubnet> {
    let file = p.file();
    p.get("subnets")
        .items()
        .iter()
        .map(|item| {
            let c = item.cursor(file);
            let name = name_of(&c);
            let id = item
                .str_at("id")
                .map(String::from)
                .or_else(|| vnet_id.map(|v| format!("{v}/subnets/{name}")));
            InlineSubnet {
                subnet: subnet(&inner(&c)),
                loc: item.loc(file),
                name,
                id,
            }
        })
        .collect()
}

pub(super) fn subnet(p: &Cursor) -> Subnet {
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

pub(super) fn route_table(p: &Cursor) -> Spec {
    let file = p.file();
    Spec::RouteTable(RouteTable {
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
    })
}

pub(super) fn security_group(p: &Cursor) -> Spec {
    let file = p.file();
    Spec::SecurityGroup(
        p.get("securityRules")
            .items()
            .iter()
            .map(|item| {
                let rule = item.cursor(file);
                network_rules::security_rule(&inner(&rule), name_of(&rule), &network_rules::ARM)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::read_one;
    use crate::model::{Field, NextHopType, Spec};

    #[test]
    fn a_default_route_to_a_virtual_appliance() {
        let spec = read_one(
            r#"{"type": "Microsoft.Network/routeTables", "name": "rt",
                "properties": {"routes": [{"name": "default",
                  "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance",
                                 "nextHopIpAddress": "10.0.1.4"}}]}}"#,
        );
        let Spec::RouteTable(table) = spec else {
            panic!("{spec:?}")
        };
        let route = &table.routes[0];
        assert!(matches!(
            route.next_hop_type,
            Field::Set(NextHopType::VirtualAppliance, _)
        ));
        assert_eq!(
            route.next_hop_ip.value().map(String::as_str),
            Some("10.0.1.4")
        );
    }
}
