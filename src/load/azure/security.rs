//! Defender for Cloud plans (`Microsoft.Security/pricings`).

use crate::load::tree::Cursor;
use crate::model::Spec;

pub(super) fn pricing(p: &Cursor) -> Spec {
    Spec::DefenderPlan(p.get("pricingTier").string())
}

#[cfg(test)]
mod tests {
    use super::super::tests::read_one;
    use crate::model::Spec;

    #[test]
    fn a_plan_is_its_pricing_tier() {
        let spec = read_one(
            r#"{"type": "Microsoft.Security/pricings", "name": "Containers",
                "properties": {"pricingTier": "Standard"}}"#,
        );
        assert!(
            matches!(&spec, Spec::DefenderPlan(tier) if tier.value().is_some_and(|t| t == "Standard"))
        );
    }
}
