use crate::model::{Cluster, Field};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, not_applicable, pass};

declare_rule! {
    /// ## What it checks
    /// Local accounts disabled (`disableLocalAccounts: true`) while no Entra
    /// admin group is set (`aadProfile.adminGroupObjectIDs` empty or absent)
    /// and Azure RBAC for Kubernetes is off: nobody can administer the
    /// cluster. Without Entra integration at all, every sign-in fails. Not
    /// applicable while local accounts are enabled.
    ///
    /// ## Why it matters
    /// Hardening can break a cluster as surely as its absence leaves it open:
    /// AU103 asks for local accounts off, and doing only that locks everyone
    /// out, including the people who would fix it.
    ///
    /// ## How to fix
    /// Before disabling local accounts, set an admin group
    /// (`az aks update --aad-admin-group-object-ids <group>`) or enable Azure
    /// RBAC with a *Azure Kubernetes Service RBAC Cluster Admin* assignment.
    ///
    /// ## What the fix costs
    /// Nothing beyond keeping that group's membership small (AU001).
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/manage-local-accounts-managed-azure-ad
    code: "AU901", name: "no-one-can-administer", judges: [Cluster(judge)],
    pillar: Auth, kind: Breakage, severity: Critical, responsibility: Customer, component: EntraId,
    since: "0.1.0", status: Stable, title: "Local accounts disabled with no admin group and no Azure RBAC",
    remediation: "Set aadProfile.adminGroupObjectIDs or enable Azure RBAC before disabling local accounts",
}

fn judge(_: &Context, cluster: Item<Cluster>) -> Judgement {
    let Some((true, disabled_at)) = cluster.disable_local_accounts.set()? else {
        return not_applicable("local accounts are enabled");
    };
    if matches!(cluster.aad_profile, Field::Absent(_)) {
        return fail(
            disabled_at,
            "local accounts are disabled without Entra ID integration: every sign-in fails",
        );
    }
    // Either an Entra admin group or Azure RBAC is a way in; the first one
    // that is on decides, whatever the other says.
    let ways_in = [
        cluster.aad_admin_groups.clone().map(|g| !g.is_empty()),
        cluster.aad_azure_rbac.clone(),
    ];
    if ways_in.iter().any(|w| matches!(w, Field::Set(true, _))) {
        return pass();
    }
    for way in &ways_in {
        way.known()?;
    }
    fail(
        disabled_at,
        "local accounts are disabled with no Entra admin group and Azure RBAC off: nobody can administer the cluster",
    )
}
