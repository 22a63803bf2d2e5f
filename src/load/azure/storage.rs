//! Storage accounts (`Microsoft.Storage/storageAccounts`).

use super::network_access;
use crate::load::tree::Cursor;
use crate::model::Spec;

pub(super) fn account(p: &Cursor) -> Spec {
    // The az CLI calls the storage ACLs `networkRuleSet`.
    let acls = match p.get("networkAcls").present() {
        Some(_) => p.get("networkAcls"),
        None => p.get("networkRuleSet"),
    };
    Spec::Storage(network_access(p, Some(&acls)))
}

#[cfg(test)]
mod tests {
    use super::super::tests::read_one;
    use crate::model::{DefaultAction, Field, Spec};

    #[test]
    fn the_az_cli_network_rule_set_is_read_as_the_acls() {
        let spec = read_one(
            r#"{"type": "Microsoft.Storage/storageAccounts", "name": "st",
                "networkRuleSet": {"defaultAction": "Deny", "ipRules": [{"ipAddressOrRange": "203.0.113.0/24"}]}}"#,
        );
        let Spec::Storage(access) = spec else {
            panic!("{spec:?}")
        };
        assert!(matches!(
            access.default_action,
            Field::Set(DefaultAction::Deny, _)
        ));
        assert_eq!(
            access.ip_rules.value().unwrap(),
            &["203.0.113.0/24".to_string()]
        );
    }
}
