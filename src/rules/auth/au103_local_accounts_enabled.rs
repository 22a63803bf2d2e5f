use crate::model::Cluster;
use crate::rules::{Context, Item, Judgement, declare_rule, require_on};

declare_rule! {
    /// ## What it checks
    /// `disableLocalAccounts`. Absent means the default: local accounts on.
    ///
    /// ## Why it matters
    /// With local accounts, `az aks get-credentials --admin` hands out a
    /// static cluster-admin certificate that bypasses Entra ID, MFA and
    /// Conditional Access, and stays valid when the person leaves (talk s29).
    ///
    /// ## How to fix
    /// `az aks update -g RG -n NAME --disable-local-accounts`, then rotate the
    /// cluster certificates so already issued ones stop working
    /// (`az aks rotate-certs`). ARM: `disableLocalAccounts: true`; Terraform:
    /// `local_account_disabled = true`.
    ///
    /// ## What the fix costs
    /// Only works with Entra ID integration; without an admin group or Azure
    /// RBAC nobody can administer the cluster afterwards (AU901).
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/manage-local-accounts-managed-azure-ad
    code: "AU103", name: "local-accounts-enabled", since: "0.1.0", status: Stable,
    pillar: Auth, kind: Exposure, severity: High,
    responsibility: Customer, component: EntraId,
    title: "Local accounts enabled: a static admin credential bypasses Entra ID",
    remediation: "az aks update --disable-local-accounts, then az aks rotate-certs",
    judges: [Cluster(judge)],
}

fn judge(_: &Context, cluster: Item<Cluster>) -> Judgement {
    require_on(
        &cluster.disable_local_accounts,
        false,
        "local accounts are enabled: a static cluster-admin credential bypasses Entra ID",
    )
}
