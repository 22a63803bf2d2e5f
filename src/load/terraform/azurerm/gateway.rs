//! `azurerm_application_gateway` and `azurerm_web_application_firewall_policy`.

use super::{block, default};
use crate::load::tree::Cursor;
use crate::model::{ApplicationGateway, Spec, WafMode, WafSettings};

pub(super) fn application_gateway(r: &Cursor) -> Spec {
    let waf = block(r, "waf_configuration");
    Spec::ApplicationGateway(ApplicationGateway {
        sku_tier: block(r, "sku").get("tier").string(),
        waf: WafSettings {
            enabled: waf.get("enabled").bool(),
            mode: waf.get("firewall_mode").string().map(From::from),
        },
        waf_policy: r.get("firewall_policy_id").string(),
    })
}

pub(super) fn waf_policy(r: &Cursor) -> Spec {
    let settings = block(r, "policy_settings");
    Spec::WafPolicy(WafSettings {
        // The provider enables a policy unless told otherwise.
        enabled: default(settings.get("enabled").bool(), true, &settings),
        mode: default(
            settings.get("mode").string().map(From::from),
            WafMode::Prevention,
            &settings,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::adapt_one;
    use crate::model::{Field, Spec, WafMode};

    #[test]
    fn an_omitted_waf_policy_mode_is_the_providers_prevention() {
        let resource = adapt_one(
            r#"
resource "azurerm_web_application_firewall_policy" "waf" {
  name = "waf"
  policy_settings {
    enabled = true
  }
}
"#,
        );
        let Spec::WafPolicy(waf) = &resource.spec else {
            panic!("{resource:?}")
        };
        assert!(matches!(waf.mode, Field::Set(WafMode::Prevention, _)));
    }
}
