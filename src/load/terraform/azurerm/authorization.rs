//! `azurerm_role_assignment`.

use crate::load::tree::Cursor;
use crate::model::{RoleAssignment, Spec};

/// Built-in roles that rules look for, by the name Terraform allows instead
/// of the ID.
const ROLE_IDS: [(&str, &str); 1] = [("AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d")];
pub(super) fn role_assignment(r: &Cursor) -> Spec {
    let role = match r.get("role_definition_id").present() {
        Some(_) => r.get("role_definition_id").string(),
        None => r.get("role_definition_name").string().map(|name| {
            ROLE_IDS
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(&name))
                .map_or(name, |(_, guid)| format!("roleDefinitions/{guid}"))
        }),
    };
    Spec::RoleAssignment(RoleAssignment {
        role,
        principal: r.get("principal_id").string(),
        scope: r.get("scope").string(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::adapt_one;
    use crate::model::Spec;

    #[test]
    fn a_role_named_acr_pull_is_the_built_in_role() {
        let resource = adapt_one(
            r#"
resource "azurerm_role_assignment" "pull" {
  principal_id         = "kubelet"
  role_definition_name = "AcrPull"
  scope                = "acr-id"
}
"#,
        );
        let Spec::RoleAssignment(assignment) = &resource.spec else {
            panic!("{resource:?}")
        };
        assert!(assignment.grants("7f951dda-4ed3-4680-a7ca-43fe172d538d"));
    }
}
