//! `azurerm_container_registry`.

use super::{block, collect, public_access};
use crate::load::tree::Cursor;
use crate::model::{Field, NetworkAccess, Registry, Spec};

pub(super) fn registry(r: &Cursor) -> Spec {
    let rules = block(r, "network_rule_set");
    Spec::Registry(Registry {
        sku: r.get("sku").string().map(From::from),
        admin_user: r.get("admin_enabled").bool(),
        anonymous_pull: r.get("anonymous_pull_enabled").bool(),
        data_endpoint: r.get("data_endpoint_enabled").bool(),
        zone_redundancy: r.get("zone_redundancy_enabled").bool(),
        // azurerm 4 sets days (`retention_policy_in_days`), 3 a block.
        untagged_retention: match r.get("retention_policy_in_days").int() {
            Field::Set(days, loc) => Field::Set(days > 0, loc),
            _ => block(r, "retention_policy").get("enabled").bool(),
        },
        access: NetworkAccess {
            public_network_access: public_access(r),
            default_action: rules.get("default_action").string().map(From::from),
            ip_rules: collect(&rules, "ip_rule", |c| c.get("ip_range").string()),
            vnet_rules: Field::Absent(rules.loc()),
            bypass: r.get("network_rule_bypass_option").string(),
            approved_private_endpoints: 0,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::adapt_one;
    use crate::model::{Field, PublicNetworkAccess, RegistrySku, Spec};

    #[test]
    fn a_standard_registry_with_public_access_off() {
        let resource = adapt_one(
            r#"
resource "azurerm_container_registry" "acr" {
  name                          = "acr"
  sku                           = "Standard"
  admin_enabled                 = true
  public_network_access_enabled = false
}
"#,
        );
        let Spec::Registry(registry) = &resource.spec else {
            panic!("{resource:?}")
        };
        assert_eq!(resource.arm_type, "Microsoft.ContainerRegistry/registries");
        assert!(matches!(registry.sku, Field::Set(RegistrySku::Standard, _)));
        assert!(matches!(registry.admin_user, Field::Set(true, _)));
        assert!(matches!(
            registry.access.public_network_access,
            Field::Set(PublicNetworkAccess::Disabled, _)
        ));
    }
}
