use crate::model::{Cluster, Shape};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, pass};

declare_rule! {
    /// ## What it checks
    /// Kubernetes RBAC (`enableRBAC`; az CLI `enableRbac`). Absent means the
    /// platform default: on, except in a template on an API version before
    /// 2019, where Resource Manager created the cluster without RBAC (only
    /// `az aks create` turned it on by default then), so absent fails there.
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
    /// - https://github.com/MicrosoftDocs/azure-docs/pull/22220
    code: "AU101", name: "kubernetes-rbac-disabled", judges: [Cluster(judge)],
    pillar: Auth, kind: Exposure, severity: Critical, responsibility: Customer, component: Rbac,
    since: "0.1.0", status: Stable, title: "Kubernetes RBAC disabled",
    remediation: "Recreate the cluster with Kubernetes RBAC enabled (the default)",
}

const RBAC_OFF: &str = "Kubernetes RBAC is disabled: every authenticated identity can do anything";

/// The first API version year whose templates get RBAC when `enableRBAC`
/// is absent.
const RBAC_DEFAULT_SINCE: &str = "2019";

fn judge(_: &Context, cluster: Item<Cluster>) -> Judgement {
    match cluster.enable_rbac.set()? {
        Some((true, _)) => pass(),
        Some((false, loc)) => fail(loc, RBAC_OFF),
        None => match cluster.api_version.as_deref() {
            Some(version) if cluster.shape == Shape::ArmTemplate && version < RBAC_DEFAULT_SINCE => {
                fail(
                    cluster.enable_rbac.loc(),
                    format!(
                        "enableRBAC is not set, and a template on API version {version} creates the cluster without Kubernetes RBAC: every authenticated identity can do anything"
                    ),
                )
            }
            _ => pass(),
        },
    }
}
