//! Role assignments (`Microsoft.Authorization/roleAssignments`).

use crate::load::tree::Cursor;
use crate::model::{RoleAssignment, Spec};

/// `r` is the resource, `p` its properties.
pub(super) fn role_assignment(r: &Cursor, p: &Cursor) -> Spec {
    // Templates give the scope as a top-level property of the extension
    // resource; live shapes inside the properties.
    let scope = match p.get("scope").present() {
        Some(_) => p.get("scope").string(),
        None => r.get("scope").string(),
    };
    Spec::RoleAssignment(RoleAssignment {
        role: p.get("roleDefinitionId").string(),
        principal: p.get("principalId").string(),
        scope,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::read_one;
    use crate::model::Spec;

    #[test]
    fn an_acr_pull_assignment_names_its_principal_and_scope() {
        let spec = read_one(
            r#"{"type": "Microsoft.Authorization/roleAssignments", "name": "ra",
                "properties": {"principalId": "kubelet", "scope": "/subscriptions/0",
                  "roleDefinitionId": "/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d"}}"#,
        );
        let Spec::RoleAssignment(assignment) = spec else {
            panic!("{spec:?}")
        };
        assert!(assignment.grants("7f951dda-4ed3-4680-a7ca-43fe172d538d"));
        assert_eq!(
            assignment.principal.value().map(String::as_str),
            Some("kubelet")
        );
    }
}
