//! The egress path from a node subnet to the firewall's rules, followed by
//! resource ID once per lookup, so rules judge the path and never search.

use std::collections::BTreeSet;

use super::{
    Field, Firewall, Inventory, Loc, ResourceId, RouteTable, RuleCollection, SecurityRule, Spec,
    Subnet, Unknown,
};

/// A firewall's rules as Azure applies them: its own (classic) collections,
/// then those of its policy and the policy's base policies; with what of
/// that chain is not among the inputs, and where to add a rule.
#[derive(Debug)]
pub struct FirewallRules<'a> {
    pub collections: Vec<&'a RuleCollection>,
    /// Pieces of the chain the inputs lack, in the order met.
    pub gaps: Vec<Unknown>,
    /// The last policy followed, else the firewall itself.
    pub policy_loc: Loc,
}

impl Inventory {
    pub fn subnet(&self, id: &str) -> Option<(ResourceId, &Subnet)> {
        self.resource_of(id, |s| match s {
            Spec::Subnet(subnet) => Some(subnet),
            _ => None,
        })
    }

    pub fn route_table(&self, id: &str) -> Option<(ResourceId, &RouteTable)> {
        self.resource_of(id, |s| match s {
            Spec::RouteTable(table) => Some(table),
            _ => None,
        })
    }

    pub fn security_group(&self, id: &str) -> Option<(ResourceId, &[SecurityRule])> {
        self.resource_of(id, |s| match s {
            Spec::SecurityGroup(rules) => Some(rules.as_slice()),
            _ => None,
        })
    }

    /// The Azure Firewall that answers on a private IP (a route's next hop).
    pub fn firewall_at(&self, ip: &str) -> Option<(ResourceId, &Firewall)> {
        self.firewalls()
            .find(|(_, fw)| fw.private_ips.iter().any(|a| a == ip))
    }

    /// Every rule collection that applies to the firewall.
    pub fn firewall_rules<'a>(
        &'a self,
        rid: ResourceId,
        firewall: &'a Firewall,
    ) -> FirewallRules<'a> {
        let mut rules = FirewallRules {
            collections: firewall.collections.iter().collect(),
            gaps: Vec::new(),
            policy_loc: self.resources[rid].loc,
        };
        let mut next_policy = firewall.policy.clone();
        let mut visited = BTreeSet::new();
        loop {
            let (policy_id, loc) = match next_policy {
                Field::Set(id, loc) => (id, loc),
                Field::Unknown(reason, loc) => {
                    rules.gaps.push(Unknown::new(loc, reason));
                    break;
                }
                Field::Absent(_) => break,
            };
            // A base-policy cycle is refused by Azure; stop rather than loop.
            if !visited.insert(policy_id.to_ascii_lowercase()) {
                break;
            }
            let policy = self.resource_of(&policy_id, |s| match s {
                Spec::FirewallPolicy(p) => Some(p),
                _ => None,
            });
            let Some((policy_rid, policy)) = policy else {
                let why = format!("firewall policy {policy_id} is not among the inputs");
                rules.gaps.push(Unknown::new(loc, why));
                break;
            };
            rules.policy_loc = self.resources[policy_rid].loc;
            let groups: Vec<&Vec<RuleCollection>> = self
                .children_of(policy_rid)
                .iter()
                .filter_map(|&g| match &self.resources[g].spec {
                    Spec::RuleCollectionGroup(c) => Some(c),
                    _ => None,
                })
                .collect();
            if groups.is_empty() {
                rules.gaps.push(Unknown::new(
                    rules.policy_loc,
                    format!(
                        "the rule collection groups of firewall policy {} are not among the inputs (`az network firewall policy rule-collection-group list`)",
                        self.resources[policy_rid].name
                    ),
                ));
            }
            rules.collections.extend(groups.into_iter().flatten());
            next_policy = policy.base_policy.clone();
        }
        let unresolved = rules
            .collections
            .iter()
            .find_map(|c| c.action.known().err())
            .or_else(|| {
                rules
                    .collections
                    .iter()
                    .flat_map(|c| &c.rules)
                    .find_map(|r| {
                        let why = r.unresolved.clone()?;
                        Some(Unknown::new(r.loc.unwrap_or(rules.policy_loc), why))
                    })
            });
        rules.gaps.extend(unresolved);
        rules
    }

    /// A resource of one kind by ID.
    fn resource_of<'a, T: ?Sized>(
        &'a self,
        id: &str,
        kind: impl Fn(&'a Spec) -> Option<&'a T>,
    ) -> Option<(ResourceId, &'a T)> {
        let rid = self.resource_by_id(id)?;
        kind(&self.resources[rid].spec).map(|t| (rid, t))
    }
}
