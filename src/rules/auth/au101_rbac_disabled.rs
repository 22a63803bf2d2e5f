use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, support};

declare_rule! {
    /// ## What it checks
    /// Kubernetes RBAC (`enableRBAC`; az CLI `enableRbac`). Absent means the
    /// platform default, on.
    ///
    /// ## Why it matters
    /// Without RBAC every authenticated identity can do anything in the
    /// cluster; there is no authorization model to limit who has access
    /// (company rule 5; talk s29).
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
    pub struct RbacDisabled {
        code: "AU101",
        name: "kubernetes-rbac-disabled",
        title: "Kubernetes RBAC disabled",
        pillar: Auth,
        kind: Exposure,
        severity: Critical,
        responsibility: Customer,
        component: Rbac,
        remediation: "Recreate the cluster with Kubernetes RBAC enabled (the default)",
    }
}

impl Rule for RbacDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        support::require_on_every_cluster(
            cx,
            out,
            |c| c.enable_rbac.clone(),
            true,
            "Kubernetes RBAC is disabled: every authenticated identity can do anything",
        );
    }
}
