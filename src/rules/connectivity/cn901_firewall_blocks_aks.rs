use std::collections::BTreeSet;

use crate::data::{Endpoint, Needed};
use crate::model::{
    Cluster, ClusterId, Field, FirewallRule, Inventory, NextHopType, OutboundType, PortRange, RuleAction,
    RuleCollection, Unknown,
};
use crate::rules::{
    Context, Item, Judgement, declare_rule, fail, not_applicable, pass, support, unknown,
};

declare_rule! {
    /// ## What it checks
    /// For a cluster whose egress is forced through a firewall
    /// (`outboundType: userDefinedRouting`), follows each node pool's subnet to
    /// its route table, the default route (`0.0.0.0/0`) to its next hop, and
    /// the Azure Firewall with that private address, to its classic rule
    /// collections or its firewall policy's rule collection groups (and the
    /// base policy's). Then checks that every endpoint AKS needs is allowed,
    /// on its port, and not denied by a collection that runs first:
    /// - the endpoints every cluster needs, covered by the
    ///   `AzureKubernetesService` FQDN tag or by explicit FQDN rules (the API
    ///   server's `*.hcp.<region>.azmk8s.io` only when it is public);
    /// - the endpoints of the enabled add-ons and features (Key Vault CSI,
    ///   Container Insights, Azure Policy, Defender), which the tag does not
    ///   cover.
    ///
    /// A network rule to the endpoint's service tag (`AzureMonitor`,
    /// `AzureKeyVault`, …) on its port covers it too (a network rule counts
    /// only when its protocols include TCP), and Key Vault traffic
    /// needs no firewall rule when every vault among the inputs has a
    /// private endpoint.
    ///
    /// Each missing endpoint is named. A live subnet with no route table, or
    /// a route table with no default route, fails: nodes have no way out (a
    /// declared subnet may get its table elsewhere, so that is unknown).
    /// The subnet's network security group fails it too when an outbound
    /// rule denies port 443 to the internet before any rule allows it (an
    /// NSG not among the inputs keeps Azure's default outbound allow). When
    /// a piece of the path (subnet, route table, firewall, policy, rule
    /// groups) is not among the inputs, or only known at deployment, the
    /// verdict is unknown and says which. The endpoint list is
    /// `data/aks-egress.json`, with its source and date.
    ///
    /// ## Why it matters
    /// Locking egress down without these endpoints breaks the cluster. Nodes cannot pull system images, register,
    /// reach the API server or upgrade, and add-ons fail quietly. This is the
    /// balance side of policy requirement P2 ("only necessary outbound traffic").
    ///
    /// ## How to fix
    /// Add an application rule with the `AzureKubernetesService` FQDN tag on
    /// HTTPS 443 (`az network firewall policy rule-collection-group collection
    /// add-filter-collection … --fqdn-tags AzureKubernetesService`), plus
    /// application rules for each add-on endpoint listed in the finding.
    ///
    /// ## What the fix costs
    /// The tag opens Microsoft-run endpoints only; it is maintained by
    /// Microsoft, so new AKS dependencies arrive without a change on your side.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/outbound-rules-control-egress
    /// - https://learn.microsoft.com/azure/aks/limit-egress-traffic
    code: "CN901", name: "firewall-blocks-required-egress", judges: [ClusterParts(judge)],
    pillar: Connectivity, kind: Breakage, severity: High, responsibility: Customer, component: Egress,
    since: "0.1.0", status: Stable, title: "Egress firewall blocks endpoints AKS requires",
    remediation: "Allow the AzureKubernetesService FQDN tag and each add-on's endpoints on the egress firewall",
}

fn judge(cx: &Context, cluster: Item<Cluster>) -> Vec<Judgement> {
    match cluster.outbound_type.set() {
        Err(unknown) => vec![Err(unknown)],
        Ok(Some((OutboundType::UserDefinedRouting, _))) => subnets(cx.inventory, cluster.id)
            .into_iter()
            .map(|subnet| path(cx, cluster, subnet))
            .collect(),
        Ok(_) => vec![not_applicable(
            "egress is not routed through a route table (CN105 judges it)",
        )],
    }
}

/// The distinct subnets of the cluster's pools, or why they are not known.
fn subnets(inventory: &Inventory, cluster: ClusterId) -> Vec<Field<String>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (_, pool) in inventory.pools_of(cluster) {
        let key = match &pool.vnet_subnet_id {
            Field::Set(id, _) => id.to_ascii_lowercase(),
            Field::Unknown(reason, _) => reason.clone(),
            Field::Absent(_) => String::new(),
        };
        if seen.insert(key) {
            out.push(pool.vnet_subnet_id.clone());
        }
    }
    if out.is_empty() {
        out.push(match &inventory.clusters[cluster].inline_pools {
            Field::Unknown(reason, loc) => Field::Unknown(reason.clone(), *loc),
            other => Field::Absent(other.loc()),
        });
    }
    out
}

/// Follows one subnet's egress path to the firewall and judges its rules.
fn path(cx: &Context, cluster: Item<Cluster>, subnet_id: Field<String>) -> Judgement {
    let cluster_id = cluster.id;
    let cluster = cluster.item;
    let inventory = cx.inventory;
    let Some((subnet_id, subnet_loc)) = subnet_id.set()? else {
        return unknown(
            subnet_id.loc(),
            "outboundType userDefinedRouting, but no node pool names its subnet (vnetSubnetID)",
        );
    };
    let Some((subnet_rid, subnet)) = inventory.subnet(subnet_id) else {
        return unknown(
            subnet_loc,
            format!("egress goes through subnet {subnet_id}, which is not among the inputs"),
        );
    };
    let subnet_name = &inventory.resources[subnet_rid].name;
    if let Some(blocked) = security_group_blocks(inventory, subnet_name, &subnet.security_group) {
        return blocked;
    }
    let table_id = match subnet.route_table.known()? {
        Field::Set(id, _) => id,
        // A declared subnet may get its route table from elsewhere (another
        // template, a Terraform association not among the inputs).
        absent if !inventory.resources[subnet_rid].shape.is_live() => {
            return unknown(
                absent.loc(),
                format!("subnet {subnet_name} names no route table among the inputs"),
            );
        }
        absent => {
            return fail(
                absent.loc(),
                format!(
                    "subnet {subnet_name} has no route table, but outboundType userDefinedRouting needs one: nodes have no way out"
                ),
            );
        }
    };
    let Some((table_rid, route_table)) = inventory.route_table(table_id) else {
        return unknown(
            subnet.route_table.loc(),
            format!("route table {table_id} is not among the inputs"),
        );
    };
    let table = &inventory.resources[table_rid];
    let default_route = route_table
        .routes
        .iter()
        .find(|r| r.prefix.value().is_some_and(|p| p.trim() == "0.0.0.0/0"));
    let Some(route) = default_route else {
        for route in &route_table.routes {
            route.prefix.known()?;
        }
        return fail(
            route_table.loc,
            format!("route table {} has no default route (0.0.0.0/0): nodes have no way out", table.name),
        );
    };
    match route.next_hop_type.set()? {
        Some((NextHopType::VirtualAppliance, _)) => {}
        Some(_) => return not_applicable("the default route goes elsewhere than a firewall"),
        None => return unknown(route.next_hop_type.loc(), "the default route has no next hop type"),
    }
    let Some((hop, _)) = route.next_hop_ip.set()? else {
        return unknown(route.next_hop_ip.loc(), "the default route has no next hop address");
    };
    let hop = hop.trim();
    let Some((firewall_rid, firewall)) = inventory.firewall_at(hop) else {
        return unknown(
            route.next_hop_ip.loc(),
            format!(
                "the default route's next hop {hop} is no Azure Firewall among the inputs, so what it allows cannot be checked"
            ),
        );
    };
    let firewall_name = &inventory.resources[firewall_rid].name;
    let rules = inventory.firewall_rules(firewall_rid, firewall);
    let collections = &rules.collections;

    let private = support::api_server_private(cluster);
    let region = cluster
        .location
        .value()
        .map(|l| l.replace(' ', "").to_ascii_lowercase());
    let tag = &cx.data.egress.fqdn_tag;
    let mut missing = Vec::new();
    let mut uncertain = None;
    for endpoint in &cx.data.egress.endpoints {
        match needed(cluster, endpoint, &private) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(why) => {
                uncertain.get_or_insert(Unknown::new(
                    why.loc,
                    format!(
                        "whether {} must be reachable cannot be told: {}",
                        endpoint.fqdn, why.reason
                    ),
                ));
                continue;
            }
        }
        if reached_privately(inventory, cluster_id, endpoint) {
            continue;
        }
        let host = match &region {
            Some(region) => endpoint.fqdn.replace("{region}", region),
            None => endpoint.fqdn.clone(),
        };
        let shown = format!("{}:{}", host.replace("{region}", "<region>"), endpoint.port);
        if !allowed(collections, &host, endpoint, tag) && !missing.iter().any(|(m, _)| *m == shown)
        {
            missing.push((shown, &endpoint.purpose));
        }
    }
    if missing.is_empty() {
        return uncertain.map_or_else(pass, Err);
    }
    if let Some(gap) = rules.gaps.into_iter().next() {
        return unknown(
            gap.loc,
            format!(
                "firewall {firewall_name} does not allow every endpoint AKS needs among the rules scanned, and {}",
                gap.reason
            ),
        );
    }
    // The place to add the missing rules: the first allow collection with
    // application rules, else the first allow collection.
    let allows = || {
        collections
            .iter()
            .filter(|c| c.action.value() == Some(&RuleAction::Allow))
    };
    let loc = allows()
        .find(|c| {
            c.rules
                .iter()
                .any(|r| !r.fqdn_tags.is_empty() || r.addresses.is_empty())
        })
        .or_else(|| allows().next())
        .map_or(rules.policy_loc, |c| c.loc);
    fail(
        loc,
        format!(
            "egress firewall {firewall_name} (route {} of {}) blocks endpoints AKS needs: {} (required list of {})",
            route.name,
            table.name,
            missing
                .iter()
                .map(|(host, purpose)| format!("{host} ({purpose})"))
                .collect::<Vec<_>>()
                .join(", "),
            cx.data.egress.retrieved
        ),
    )
}

/// Whether the endpoint's service is reached through private endpoints
/// rather than the firewall: every Key Vault the cluster uses (its KMS vault,
/// the vaults its SecretProviderClasses name; at least one) has one. Vaults
/// of other clusters, or of nobody, decide nothing.
fn reached_privately(inventory: &Inventory, cluster: ClusterId, endpoint: &Endpoint) -> bool {
    let Some(arm_type) = &endpoint.private_endpoint_for else {
        return false;
    };
    let used = match arm_type.as_str() {
        "Microsoft.KeyVault/vaults" => inventory.key_vaults_used_by(cluster),
        _ => Vec::new(),
    };
    !used.is_empty()
        && used.iter().all(|&rid| {
            !inventory.private_endpoints_to(rid).is_empty()
                || inventory.resources[rid]
                    .service_access()
                    .is_some_and(|(a, _)| a.approved_private_endpoints > 0)
        })
}

/// Whether the cluster needs the endpoint, or why the input cannot tell.
fn needed(
    cluster: &Cluster,
    endpoint: &Endpoint,
    private: &Result<bool, Unknown>,
) -> Result<bool, Unknown> {
    match &endpoint.when {
        None => Ok(true),
        Some(Needed::PublicApiServer) => private.clone().map(|p| !p),
        Some(Needed::Addon(key)) => cluster.addon_enabled(key).is_true(),
        Some(Needed::Defender) => cluster.defender.is_true(),
    }
}

/// Whether an allow rule admits `host:port` before any deny rule blocks it.
fn allowed(collections: &[&RuleCollection], host: &str, endpoint: &Endpoint, tag: &str) -> bool {
    let first = |action: RuleAction| {
        collections
            .iter()
            .filter(|c| c.action.value() == Some(&action))
            .filter(|c| c.rules.iter().any(|r| admits(r, host, endpoint, tag)))
            .map(|c| c.priority)
            .min()
    };
    match (first(RuleAction::Allow), first(RuleAction::Deny)) {
        (Some(allow), Some(deny)) => allow < deny,
        (Some(_), None) => true,
        _ => false,
    }
}

fn admits(rule: &FirewallRule, host: &str, endpoint: &Endpoint, tag: &str) -> bool {
    let port = rule.ports.is_empty() || rule.ports.iter().any(|p| p.contains(endpoint.port));
    let by_tag = endpoint.tagged && rule.fqdn_tags.iter().any(|t| t.eq_ignore_ascii_case(tag));
    let by_name = rule.fqdns.iter().any(|pattern| covers(pattern, host));
    // A service tag may carry a region (`AzureMonitor.EastUS`).
    let by_address = rule.addresses.iter().any(|a| {
        let a = a.trim();
        a == "*"
            || endpoint.service_tag.as_deref().is_some_and(|tag| {
                let (head, rest) = a.split_at_checked(tag.len()).unwrap_or((a, ""));
                head.eq_ignore_ascii_case(tag) && (rest.is_empty() || rest.starts_with('.'))
            })
    });
    rule.tcp && port && (by_tag || by_name || by_address)
}

/// Whether a rule's FQDN pattern (`host`, `*.suffix` or `*`) covers every
/// host a required name stands for. `{region}` in the required name matches
/// any one label.
fn covers(pattern: &str, required: &str) -> bool {
    let pattern: Vec<&str> = pattern.trim().split('.').collect();
    let required: Vec<&str> = required.split('.').collect();
    let same = |p: &str, r: &str| r == "{region}" || p.eq_ignore_ascii_case(r);
    match pattern.split_first() {
        Some((&"*", [])) => true,
        Some((&"*", rest)) => {
            required.len() > rest.len()
                && rest
                    .iter()
                    .zip(&required[required.len() - rest.len()..])
                    .all(|(p, r)| same(p, r))
        }
        _ => {
            pattern.len() == required.len()
                && pattern
                    .iter()
                    .zip(&required)
                    .all(|(p, r)| *r != "*" && same(p, r))
        }
    }
}

/// An NSG on the node subnet that denies outbound HTTPS to the internet
/// before allowing it stops node traffic before it reaches the firewall.
fn security_group_blocks(
    inventory: &Inventory,
    subnet: &str,
    nsg_id: &Field<String>,
) -> Option<Judgement> {
    let (rid, rules) = inventory.security_group(nsg_id.value()?)?;
    let internet =
        |d: &str| ["*", "internet", "0.0.0.0/0"].contains(&d.trim().to_ascii_lowercase().as_str());
    let first = |action: RuleAction| {
        rules
            .iter()
            .filter(|r| r.outbound && r.access.value() == Some(&action))
            .filter(|r| r.destinations.iter().any(|d| internet(d)))
            .filter(|r| r.ports.iter().any(|p: &PortRange| p.contains(443)))
            .filter_map(|r| r.priority.value().map(|p| (*p, r)))
            .min_by_key(|(p, _)| *p)
    };
    match (first(RuleAction::Deny), first(RuleAction::Allow)) {
        (Some((deny, rule)), allow) if allow.is_none_or(|(a, _)| deny < a) => Some(fail(
            rule.loc,
            format!(
                "network security group {} on subnet {subnet} denies outbound 443 to the internet (rule {}, priority {deny}): node traffic never reaches the firewall",
                inventory.resources[rid].name, rule.name
            ),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn patterns_cover_hosts_and_wildcards_as_the_firewall_does() {
        assert!(covers("*", "mcr.microsoft.com"));
        assert!(covers("mcr.microsoft.com", "MCR.microsoft.com"));
        assert!(covers("*.microsoft.com", "mcr.microsoft.com"));
        assert!(covers("*.mcr.microsoft.com", "*.data.mcr.microsoft.com"));
        assert!(covers("*.hcp.eastus.azmk8s.io", "*.hcp.{region}.azmk8s.io"));
        assert!(covers("*.azmk8s.io", "*.hcp.eastus.azmk8s.io"));
        assert!(!covers(
            "x.data.mcr.microsoft.com",
            "*.data.mcr.microsoft.com"
        ));
        assert!(!covers("*.microsoft.com", "microsoft.com"));
        assert!(!covers("mcr.microsoft.com", "packages.microsoft.com"));
    }
}
