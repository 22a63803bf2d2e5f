//! `azurerm_storage_account`.

use super::{block, public_access};
use crate::load::tree::Cursor;
use crate::model::{Field, NetworkAccess, Spec};

pub(super) fn account(r: &Cursor) -> Spec {
    let rules = block(r, "network_rules");
    Spec::Storage(NetworkAccess {
        public_network_access: public_access(r),
        ..rule_set(&rules)
    })
}

/// `azurerm_storage_account_network_rules`: the same rule set as the
/// account's block, as a resource of its own.
pub(super) fn network_rules(r: &Cursor) -> NetworkAccess {
    rule_set(r)
}

fn rule_set(rules: &Cursor) -> NetworkAccess {
    NetworkAccess {
        public_network_access: Field::Absent(rules.loc()),
        default_action: rules.get("default_action").string().map(From::from),
        ip_rules: rules.get("ip_rules").strings(),
        vnet_rules: rules.get("virtual_network_subnet_ids").len(),
        bypass: rules.get("bypass").strings().map(|b| b.join(",")),
        approved_private_endpoints: 0,
    }
}

/// Puts a separate rule set on its account. Both the account's block and a
/// separate resource make Terraform fight over the rule set, each apply
/// undoing the other, so which one holds is unknown.
pub(super) fn apply_separate_rules(own: &mut NetworkAccess, separate: NetworkAccess) {
    if own.default_action.value().is_some() {
        let why = "the account's network_rules block and an azurerm_storage_account_network_rules \
                   resource both set its rules: Terraform applies them in turn, so which holds is unknown";
        let at = separate.default_action.loc();
        own.default_action = Field::Unknown(why.to_string(), at);
        own.ip_rules = Field::Unknown(why.to_string(), at);
        return;
    }
    *own = NetworkAccess {
        public_network_access: own.public_network_access.clone(),
        ..separate
    };
}

#[cfg(test)]
mod tests {
    use super::super::tests::adapt_one;
    use crate::model::{DefaultAction, Field, Spec};

    #[test]
    fn network_rules_give_the_default_action_and_bypass() {
        let resource = adapt_one(
            r#"
resource "azurerm_storage_account" "st" {
  name = "st"
  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices", "Logging"]
    ip_rules       = ["203.0.113.0/24"]
  }
}
"#,
        );
        let Spec::Storage(access) = &resource.spec else {
            panic!("{resource:?}")
        };
        assert!(matches!(
            access.default_action,
            Field::Set(DefaultAction::Deny, _)
        ));
        assert!(matches!(&access.bypass, Field::Set(b, _) if b == "AzureServices,Logging"));
        assert_eq!(access.ip_rules.value().map(Vec::len), Some(1));
    }
}
