//! Firewall, NSG and Cosmos DB network rules, read the same way whether the
//! ARM API (`destinationFqdns`) or the azurerm provider
//! (`destination_fqdns`) spells them.

use super::tree::{Cursor, Value};
use crate::model::{
    DefaultAction, Field, FirewallRule, Loc, NetworkAccess, PortRange, PublicNetworkAccess,
    RuleAction, SecurityRule,
};

/// The attribute names of one spelling.
pub struct Spelling {
    pub fqdn_tags: &'static str,
    /// Application rules' targets, then network rules' destinations.
    pub fqdns: [&'static str; 2],
    pub addresses: &'static str,
    pub ports: &'static str,
    /// A firewall policy's network rule protocols (classic rules and
    /// Terraform call them `protocols`).
    pub ip_protocols: &'static str,
    pub priority: &'static str,
    pub direction: &'static str,
    pub access: &'static str,
    /// NSG destinations: one prefix, and a list of them.
    pub prefixes: [&'static str; 2],
    /// NSG ports: one range, and a list of them.
    pub port_ranges: [&'static str; 2],
}

pub const ARM: Spelling = Spelling {
    fqdn_tags: "fqdnTags",
    fqdns: ["targetFqdns", "destinationFqdns"],
    addresses: "destinationAddresses",
    ports: "destinationPorts",
    ip_protocols: "ipProtocols",
    priority: "priority",
    direction: "direction",
    access: "access",
    prefixes: ["destinationAddressPrefix", "destinationAddressPrefixes"],
    port_ranges: ["destinationPortRange", "destinationPortRanges"],
};

pub const AZURERM: Spelling = Spelling {
    fqdn_tags: "destination_fqdn_tags",
    fqdns: ["destination_fqdns", "destination_fqdns"],
    addresses: "destination_addresses",
    ports: "destination_ports",
    ip_protocols: "protocols",
    priority: "priority",
    direction: "direction",
    access: "access",
    prefixes: ["destination_address_prefix", "destination_address_prefixes"],
    port_ranges: ["destination_port_range", "destination_port_ranges"],
};

/// `Allow` or `Deny`; anything else is unknown rather than guessed.
pub fn action(field: Field<String>) -> Field<RuleAction> {
    match field {
        Field::Set(a, loc) if a.eq_ignore_ascii_case("Allow") => Field::Set(RuleAction::Allow, loc),
        Field::Set(a, loc) if a.eq_ignore_ascii_case("Deny") => Field::Set(RuleAction::Deny, loc),
        Field::Set(a, loc) => Field::Unknown(format!("unrecognised action {a:?}"), loc),
        Field::Absent(loc) => Field::Absent(loc),
        Field::Unknown(reason, loc) => Field::Unknown(reason, loc),
    }
}

/// An application or network rule of a firewall or firewall policy.
pub fn firewall_rule(c: &Cursor, name: String, loc: Loc, s: &Spelling) -> FirewallRule {
    let mut unresolved = None;
    let mut list = |key: &str| -> Vec<String> {
        match c.get(key).strings() {
            Field::Set(values, _) => values,
            Field::Unknown(reason, _) => {
                unresolved.get_or_insert(reason);
                Vec::new()
            }
            Field::Absent(_) => Vec::new(),
        }
    };
    let fqdn_tags = list(s.fqdn_tags);
    let mut fqdns = list(s.fqdns[0]);
    if s.fqdns[1] != s.fqdns[0] {
        fqdns.extend(list(s.fqdns[1]));
    }
    let addresses = list(s.addresses);
    let mut ports: Vec<PortRange> = list(s.ports)
        .iter()
        .filter_map(|p| PortRange::parse(p))
        .collect();
    // Application rules state ports per protocol (`{type, port}`); network
    // rules list bare protocol names (`TCP`, `UDP`, `ICMP`, `Any`), which
    // say nothing about ports but may leave TCP out.
    let mut named_protocols = Vec::new();
    let keys: &[&str] = if s.ip_protocols == "protocols" {
        &["protocols"]
    } else {
        &["protocols", s.ip_protocols]
    };
    for key in keys {
        for protocol in c.get(key).items() {
            let p = protocol.cursor(c.file());
            match &protocol.value {
                Value::Str(name) => named_protocols.push(name.to_ascii_uppercase()),
                _ => {
                    if let Field::Set(port, _) = p.get("port").int() {
                        ports.extend(u16::try_from(port).ok().map(|p| PortRange(p, p)));
                    }
                }
            }
        }
    }
    let tcp =
        named_protocols.is_empty() || named_protocols.iter().any(|p| p == "TCP" || p == "ANY");
    FirewallRule {
        name,
        fqdn_tags,
        fqdns,
        addresses,
        ports,
        tcp,
        unresolved,
        loc: Some(loc),
    }
}

/// A network security group rule; located at its `access`, which decides.
pub fn security_rule(c: &Cursor, name: String, s: &Spelling) -> SecurityRule {
    let one_and_many = |[one, many]: [&str; 2]| -> Vec<String> {
        c.get(one)
            .string()
            .value()
            .cloned()
            .into_iter()
            .chain(c.get(many).strings().value().cloned().unwrap_or_default())
            .collect()
    };
    SecurityRule {
        name,
        priority: c.get(s.priority).int(),
        outbound: c.get(s.direction).string().is("Outbound"),
        access: action(c.get(s.access).string()),
        destinations: one_and_many(s.prefixes),
        ports: one_and_many(s.port_ranges)
            .iter()
            .filter_map(|p| PortRange::parse(p))
            .collect(),
        loc: c.get(s.access).loc(),
    }
}

/// Cosmos DB has no default action: an empty IP list with the virtual
/// network filter off admits every network, so the rule set is written as
/// the `Deny` default it amounts to when either restricts.
pub fn cosmos_access(
    public: Field<PublicNetworkAccess>,
    ips: Field<Vec<String>>,
    vnet_filter: Field<bool>,
    vnet_rules: Field<usize>,
    approved_private_endpoints: usize,
    at: Loc,
) -> NetworkAccess {
    let restricted =
        ips.value().is_some_and(|v| !v.is_empty()) || vnet_filter.value() == Some(&true);
    let default_action = match (&ips, &vnet_filter) {
        (Field::Unknown(reason, loc), _) | (_, Field::Unknown(reason, loc)) => {
            Field::Unknown(reason.clone(), *loc)
        }
        _ if restricted => Field::Set(DefaultAction::Deny, ips.loc()),
        _ => Field::Absent(ips.loc()),
    };
    // Virtual network rules only apply with the filter on.
    let vnet_rules = match &vnet_filter {
        Field::Set(true, _) => vnet_rules,
        Field::Unknown(reason, loc) => Field::Unknown(reason.clone(), *loc),
        _ => Field::Set(0, vnet_filter.loc()),
    };
    NetworkAccess {
        public_network_access: public,
        default_action,
        ip_rules: ips,
        vnet_rules,
        bypass: Field::Absent(at),
        approved_private_endpoints,
    }
}
