//! Azure Firewalls, firewall policies and their rule collection groups.

use super::{inner, name_of};
use crate::load::network_rules;
use crate::load::tree::Cursor;
use crate::model::{Firewall, FirewallPolicy, RuleCollection, Spec};

pub(super) fn firewall(p: &Cursor) -> Spec {
    let file = p.file();
    Spec::Firewall(Firewall {
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
        // Classic rules, held on the firewall itself.
        collections: ["applicationRuleCollections", "networkRuleCollections"]
            .iter()
            .flat_map(|k| p.get(k).items())
            .map(|c| rule_collection(&c.cursor(file), 0))
            .collect(),
    })
}

pub(super) fn policy(p: &Cursor) -> Spec {
    Spec::FirewallPolicy(FirewallPolicy {
        base_policy: p.at("basePolicy/id").string(),
    })
}

/// A group's collections, without NAT collections, which carry no egress.
pub(super) fn rule_collection_group(p: &Cursor) -> Spec {
    let file = p.file();
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

#[cfg(test)]
mod tests {
    use super::super::tests::read_one;
    use crate::model::{RuleAction, Spec};

    #[test]
    fn nat_collections_are_left_out_and_priorities_keep_the_group_first() {
        let spec = read_one(
            r#"{"type": "Microsoft.Network/firewallPolicies/ruleCollectionGroups", "name": "fw/g",
                "properties": {"priority": 200, "ruleCollections": [
                  {"name": "nat", "ruleCollectionType": "FirewallPolicyNatRuleCollection", "priority": 100},
                  {"name": "aks", "ruleCollectionType": "FirewallPolicyFilterRuleCollection",
                   "priority": 300, "action": {"type": "Allow"}, "rules": []}]}}"#,
        );
        let Spec::RuleCollectionGroup(collections) = spec else {
            panic!("{spec:?}")
        };
        assert_eq!(collections.len(), 1);
        assert_eq!(collections[0].priority, (200, 300));
        assert_eq!(collections[0].action.value(), Some(&RuleAction::Allow));
    }
}
