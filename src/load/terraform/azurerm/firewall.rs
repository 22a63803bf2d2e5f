//! `azurerm_firewall`, `azurerm_firewall_policy` and
//! `azurerm_firewall_policy_rule_collection_group`.

use super::{blocks, name_of};
use crate::load::network_rules;
use crate::load::tree::Cursor;
use crate::model::{Firewall, FirewallPolicy, RuleCollection, Spec};

pub(super) fn firewall(r: &Cursor) -> Spec {
    Spec::Firewall(Firewall {
        private_ips: blocks(r, "ip_configuration")
            .iter()
            .filter_map(|c| c.get("private_ip_address").string().value().cloned())
            .collect(),
        policy: r.get("firewall_policy_id").string(),
        collections: Vec::new(),
    })
}

pub(super) fn policy(r: &Cursor) -> Spec {
    Spec::FirewallPolicy(FirewallPolicy {
        base_policy: r.get("base_policy_id").string(),
    })
}

pub(super) fn rule_collection_group(r: &Cursor) -> Spec {
    let group = r.get("priority").int().value().copied().unwrap_or(0);
    Spec::RuleCollectionGroup(
        ["application_rule_collection", "network_rule_collection"]
            .iter()
            .flat_map(|k| blocks(r, k))
            .map(|c| rule_collection(&c, group))
            .collect(),
    )
}

fn rule_collection(c: &Cursor, group_priority: i64) -> RuleCollection {
    RuleCollection {
        name: name_of(c),
        priority: (
            group_priority,
            c.get("priority").int().value().copied().unwrap_or(0),
        ),
        action: network_rules::action(c.get("action").string()),
        rules: blocks(c, "rule")
            .iter()
            .map(|r| network_rules::firewall_rule(r, name_of(r), r.loc(), &network_rules::AZURERM))
            .collect(),
        loc: c.get("rule").loc(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::adapt_one;
    use crate::model::{RuleAction, Spec};

    #[test]
    fn collections_keep_the_group_priority_first() {
        let resource = adapt_one(
            r#"
resource "azurerm_firewall_policy_rule_collection_group" "aks" {
  name               = "aks"
  firewall_policy_id = "policy-id"
  priority           = 200
  application_rule_collection {
    name     = "aks"
    priority = 100
    action   = "Allow"
    rule {
      name = "tag"
      protocols {
        type = "Https"
        port = 443
      }
      destination_fqdn_tags = ["AzureKubernetesService"]
    }
  }
}
"#,
        );
        let Spec::RuleCollectionGroup(collections) = &resource.spec else {
            panic!("{resource:?}")
        };
        assert_eq!(collections[0].priority, (200, 100));
        assert_eq!(collections[0].action.value(), Some(&RuleAction::Allow));
        assert_eq!(
            collections[0].rules[0].fqdn_tags,
            ["AzureKubernetesService"]
        );
    }
}
