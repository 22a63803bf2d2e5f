use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// `disableLocalAccounts`. Absent means the default: local accounts on.
    ///
    /// ## Why it matters
    /// With local accounts, `az aks get-credentials --admin` hands out a
    /// static cluster-admin certificate that bypasses Entra ID, MFA and
    /// Conditional Access, and stays valid when the person leaves.
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
    code: "AU103", name: "local-accounts-enabled", judges: [SwitchOn(|c| c.disable_local_accounts.clone(), false, LOCAL_ACCOUNTS_ON)],
    pillar: Auth, kind: Exposure, severity: High, responsibility: Customer, component: EntraId,
    since: "0.1.0", status: Stable, title: "Local accounts enabled: a static admin credential bypasses Entra ID",
    remediation: "az aks update --disable-local-accounts, then az aks rotate-certs",
}

const LOCAL_ACCOUNTS_ON: &str = "local accounts are enabled: a static cluster-admin credential bypasses Entra ID";
