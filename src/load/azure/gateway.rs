//! Application Gateways and their WAF policies.

use crate::load::tree::Cursor;
use crate::model::{ApplicationGateway, Spec, WafSettings};

pub(super) fn application_gateway(p: &Cursor) -> Spec {
    let waf = p.get("webApplicationFirewallConfiguration");
    Spec::ApplicationGateway(ApplicationGateway {
        sku_tier: p.at("sku/tier").string(),
        waf: WafSettings {
            enabled: waf.get("enabled").bool(),
            mode: waf.get("firewallMode").string().map(From::from),
        },
        waf_policy: p.at("firewallPolicy/id").string(),
    })
}

pub(super) fn waf_policy(p: &Cursor) -> Spec {
    let settings = p.get("policySettings");
    Spec::WafPolicy(WafSettings {
        enabled: settings
            .get("state")
            .string()
            .map(|s| s.eq_ignore_ascii_case("Enabled")),
        mode: settings.get("mode").string().map(From::from),
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::read_one;
    use crate::model::{Field, Spec, WafMode};

    #[test]
    fn a_waf_policy_state_and_mode_are_read() {
        let spec = read_one(
            r#"{"type": "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
                "name": "waf", "properties": {"policySettings": {"state": "Enabled", "mode": "detection"}}}"#,
        );
        let Spec::WafPolicy(waf) = spec else {
            panic!("{spec:?}")
        };
        assert!(matches!(waf.enabled, Field::Set(true, _)));
        assert!(matches!(waf.mode, Field::Set(WafMode::Detection, _)));
    }
}
