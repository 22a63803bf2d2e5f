use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Kubernetes RBAC (`enableRBAC`; az CLI `enableRbac`). Absent means the
    /// platform default, on.
    ///
    /// ## Why it matters
    /// Without RBAC every authenticated identity can do anything in the
    /// cluster; there is no authorization model to limit who has access
    /// (policy requirement P5).
    ///
    /// ## How to fix
    /// RBAC can only be chosen at creation: recreate the cluster with RBAC
    /// (the default) and migrate workloads. ARM: `enableRBAC: true`;
    /// Terraform: `role_based_access_control_enabled = true`.
    ///
    /// ## What the fix costs
    /// A new cluster and a migration; workloads that relied on unrestricted
    /// API access need Roles and RoleBindings.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/concepts-identity
    code: "AU101", name: "kubernetes-rbac-disabled", judges: [SwitchOn(|c| c.enable_rbac.clone(), true, RBAC_OFF)],
    pillar: Auth, kind: Exposure, severity: Critical, responsibility: Customer, component: Rbac,
    since: "0.1.0", status: Stable, title: "Kubernetes RBAC disabled",
    remediation: "Recreate the cluster with Kubernetes RBAC enabled (the default)",
}

const RBAC_OFF: &str = "Kubernetes RBAC is disabled: every authenticated identity can do anything";
