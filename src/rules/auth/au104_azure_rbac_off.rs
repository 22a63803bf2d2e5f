use crate::model::Cluster;
use crate::rules::{Context, Item, Judgement, declare_rule, not_applicable, require_on};

declare_rule! {
    /// ## What it checks
    /// Azure RBAC for Kubernetes authorization (`aadProfile.enableAzureRBAC`).
    /// Not applicable without managed Entra ID integration, which it needs
    /// (see AU102).
    ///
    /// ## Why it matters
    /// With Azure RBAC, who may do what in the cluster is granted, reviewed
    /// and made just-in-time (PIM) in the same place as the rest of Azure,
    /// instead of in RoleBindings scattered across clusters.
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
    code: "AU104", name: "azure-rbac-off", judges: [Cluster(judge)],
    pillar: Auth, kind: Exposure, severity: Low, responsibility: Customer, component: EntraId,
    since: "0.1.0", status: Stable, title: "Azure RBAC for Kubernetes authorization off",
    remediation: "az aks update --enable-azure-rbac",
}

fn judge(_: &Context, cluster: Item<Cluster>) -> Judgement {
    if !cluster.aad_managed.is_true()? {
        return not_applicable("no managed Entra ID integration (see AU102)");
    }
    require_on(
        &cluster.aad_azure_rbac,
        false,
        "Azure RBAC for Kubernetes authorization is off: access is granted only by in-cluster RoleBindings",
    )
}
