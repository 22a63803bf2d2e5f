//! `azurerm_storage_account`.

use super::{block, public_access};
use crate::load::tree::Cursor;
use crate::model::{NetworkAccess, Spec};

pub(super) fn account(r: &Cursor) -> Spec {
    let rules = block(r, "network_rules");
    Spec::Storage(NetworkAccess {
        public_network_access: public_access(r),
        default_action: rules.get("default_action").string().map(From::from),
        ip_rules: rules.get("ip_rules").strings(),
        vnet_rules: rules.get("virtual_network_subnet_ids").len(),
        bypass: rules.get("bypass").strings().map(|b| b.join(",")),
        approved_private_endpoints: 0,
    })
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
