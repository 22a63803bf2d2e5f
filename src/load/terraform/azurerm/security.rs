//! `azurerm_security_center_subscription_pricing`.

use crate::load::tree::Cursor;
use crate::model::{Field, Spec};

/// The plan's name (the resource is named by it) and its pricing tier.
pub(super) fn pricing(r: &Cursor) -> (String, Spec) {
    let plan = match r.get("resource_type").string() {
        Field::Set(plan, _) => plan,
        // The provider's default plan.
        _ => "VirtualMachines".to_string(),
    };
    (plan, Spec::DefenderPlan(r.get("tier").string()))
}

#[cfg(test)]
mod tests {
    use super::super::tests::adapt_one;
    use crate::model::Spec;

    #[test]
    fn a_plan_is_named_by_its_resource_type() {
        let resource = adapt_one(
            r#"
resource "azurerm_security_center_subscription_pricing" "containers" {
  tier          = "Standard"
  resource_type = "Containers"
}
"#,
        );
        assert_eq!(resource.name, "Containers");
        assert!(
            matches!(&resource.spec, Spec::DefenderPlan(t) if t.value().is_some_and(|t| t == "Standard"))
        );
    }
}
