//! Container registries (`Microsoft.ContainerRegistry/registries`).

use super::network_access;
use crate::load::tree::Cursor;
use crate::model::{NetworkAccess, Registry, Spec};

/// `r` is the resource (its SKU is outside `properties`), `p` its properties.
pub(super) fn registry(r: &Cursor, p: &Cursor) -> Spec {
    Spec::Registry(Registry {
        sku: r.at("sku/name").string().map(From::from),
        admin_user: p.get("adminUserEnabled").bool(),
        anonymous_pull: p.get("anonymousPullEnabled").bool(),
        data_endpoint: p.get("dataEndpointEnabled").bool(),
        zone_redundancy: p
            .get("zoneRedundancy")
            .string()
            .map(|z| z.eq_ignore_ascii_case("Enabled")),
        untagged_retention: p
            .at("policies/retentionPolicy/status")
            .string()
            .map(|s| s.eq_ignore_ascii_case("enabled")),
        access: NetworkAccess {
            bypass: p.get("networkRuleBypassOptions").string(),
            ..network_access(p, Some(&p.get("networkRuleSet")))
        },
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::read_one;
    use crate::model::{Field, RegistrySku, Spec};

    #[test]
    fn a_premium_registry_with_anonymous_pull_and_a_deny_rule_set() {
        let spec = read_one(
            r#"{"type": "Microsoft.ContainerRegistry/registries", "name": "acr",
                "sku": {"name": "premium"},
                "properties": {"adminUserEnabled": false, "anonymousPullEnabled": true,
                  "networkRuleSet": {"defaultAction": "Deny"},
                  "networkRuleBypassOptions": "None"}}"#,
        );
        let Spec::Registry(registry) = spec else {
            panic!("{spec:?}")
        };
        assert!(matches!(registry.sku, Field::Set(RegistrySku::Premium, _)));
        assert!(matches!(registry.anonymous_pull, Field::Set(true, _)));
        assert!(registry.access.default_action.value().is_some());
        assert!(matches!(&registry.access.bypass, Field::Set(b, _) if b == "None"));
    }
}
