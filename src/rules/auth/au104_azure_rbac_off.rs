use crate::model::{Field, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule, support};

declare_rule! {
    /// ## What it checks
    /// Azure RBAC for Kubernetes authorization (`aadProfile.enableAzureRBAC`).
    /// Not applicable without managed Entra ID integration, which it needs
    /// (see AU102).
    ///
    /// ## Why it matters
    /// With Azure RBAC, who may do what in the cluster is granted, reviewed
    /// and made just-in-time (PIM) in the same place as the rest of Azure,
    /// instead of in RoleBindings scattered across clusters (talk s29).
    ///
    /// ## How to fix
    /// `az aks update -g RG -n NAME --enable-azure-rbac`. ARM:
    /// `aadProfile.enableAzureRBAC: true`; Terraform:
    /// `azure_active_directory_role_based_access_control { azure_rbac_enabled = true }`.
    ///
    /// ## What the fix costs
    /// Role assignments must exist before people rely on them; existing
    /// Kubernetes RoleBindings keep working alongside.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/manage-azure-rbac
    pub struct AzureRbacOff {
        code: "AU104",
        name: "azure-rbac-off",
        title: "Azure RBAC for Kubernetes authorization off",
        pillar: Auth,
        kind: Exposure,
        severity: Low,
        responsibility: Customer,
        component: EntraId,
        remediation: "az aks update --enable-azure-rbac",
    }
}

impl Rule for AzureRbacOff {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            out.push(match &cluster.aad_managed {
                Field::Unknown(reason, loc) => Evaluation::unknown(subject, *loc, reason.clone()),
                Field::Set(true, _) => support::require_on(
                    subject,
                    &cluster.aad_azure_rbac,
                    false,
                    "Azure RBAC for Kubernetes authorization is off: access is granted only by in-cluster RoleBindings",
                ),
                _ => Evaluation::not_applicable(subject, "no managed Entra ID integration (see AU102)"),
            });
        }
    }
}
