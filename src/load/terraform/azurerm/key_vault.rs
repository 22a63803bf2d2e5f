//! `azurerm_key_vault`.

use super::{attr, block, public_access};
use crate::load::tree::Cursor;
use crate::model::{KeyVault, NetworkAccess, Spec};

pub(super) fn vault(r: &Cursor) -> Spec {
    let acls = block(r, "network_acls");
    Spec::KeyVault(KeyVault {
        rbac_authorization: attr(
            r,
            &["rbac_authorization_enabled", "enable_rbac_authorization"],
        )
        .bool(),
        purge_protection: r.get("purge_protection_enabled").bool(),
        access: NetworkAccess {
            public_network_access: public_access(r),
            default_action: acls.get("default_action").string().map(From::from),
            ip_rules: acls.get("ip_rules").strings(),
            vnet_rules: acls.get("virtual_network_subnet_ids").len(),
            bypass: acls.get("bypass").string(),
            approved_private_endpoints: 0,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::adapt_one;
    use crate::model::{Field, Spec};

    #[test]
    fn the_3x_rbac_name_is_read_too() {
        let resource = adapt_one(
            r#"
resource "azurerm_key_vault" "kv" {
  name                      = "kv"
  enable_rbac_authorization = true
  purge_protection_enabled  = false
}
"#,
        );
        let Spec::KeyVault(vault) = &resource.spec else {
            panic!("{resource:?}")
        };
        assert!(matches!(vault.rbac_authorization, Field::Set(true, _)));
        assert!(matches!(vault.purge_protection, Field::Set(false, _)));
    }
}
