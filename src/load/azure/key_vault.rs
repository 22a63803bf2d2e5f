//! Key Vaults (`Microsoft.KeyVault/vaults`).

use super::network_access;
use crate::load::tree::Cursor;
use crate::model::{KeyVault, Spec};

pub(super) fn vault(p: &Cursor) -> Spec {
    Spec::KeyVault(KeyVault {
        rbac_authorization: p.get("enableRbacAuthorization").bool(),
        purge_protection: p.get("enablePurgeProtection").bool(),
        access: network_access(p, Some(&p.get("networkAcls"))),
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::read_one;
    use crate::model::{Field, Spec};

    #[test]
    fn rbac_and_purge_protection_are_read_and_absent_stays_absent() {
        let spec = read_one(
            r#"{"type": "Microsoft.KeyVault/vaults", "name": "kv",
                "properties": {"enableRbacAuthorization": true}}"#,
        );
        let Spec::KeyVault(vault) = spec else {
            panic!("{spec:?}")
        };
        assert!(matches!(vault.rbac_authorization, Field::Set(true, _)));
        assert!(matches!(vault.purge_protection, Field::Absent(_)));
    }
}
