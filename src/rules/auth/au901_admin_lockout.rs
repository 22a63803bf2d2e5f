use crate::model::{Field, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Local accounts disabled (`disableLocalAccounts: true`) while no Entra
    /// admin group is set (`aadProfile.adminGroupObjectIDs` empty or absent)
    /// and Azure RBAC for Kubernetes is off: nobody can administer the
    /// cluster. Without Entra integration at all, every sign-in fails. Not
    /// applicable while local accounts are enabled.
    ///
    /// ## Why it matters
    /// This is the over-hardening the talk warns about (s21, s32, "要はバランス"):
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
    pub struct AdminLockout {
        code: "AU901",
        name: "no-one-can-administer",
        title: "Local accounts disabled with no admin group and no Azure RBAC",
        pillar: Auth,
        kind: Breakage,
        severity: Critical,
        responsibility: Customer,
        component: EntraId,
        remediation: "Set aadProfile.adminGroupObjectIDs or enable Azure RBAC before disabling local accounts",
    }
}

impl Rule for AdminLockout {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            let disabled_at = match &cluster.disable_local_accounts {
                Field::Set(true, loc) => *loc,
                Field::Unknown(reason, loc) => {
                    out.push(Evaluation::unknown(subject, *loc, reason.clone()));
                    continue;
                }
                _ => {
                    out.push(Evaluation::not_applicable(
                        subject,
                        "local accounts are enabled",
                    ));
                    continue;
                }
            };
            if matches!(cluster.aad_profile, Field::Absent(_)) {
                out.push(Evaluation::fail(
                    subject,
                    disabled_at,
                    "local accounts are disabled without Entra ID integration: every sign-in fails",
                ));
                continue;
            }
            // Either an Entra admin group or Azure RBAC is a way in; the first
            // one that is on decides, whatever the other says.
            let ways_in = [
                cluster.aad_admin_groups.clone().map(|g| !g.is_empty()),
                cluster.aad_azure_rbac.clone(),
            ];
            out.push(if ways_in.iter().any(|w| matches!(w, Field::Set(true, _))) {
                Evaluation::pass(subject)
            } else if let Some(Field::Unknown(reason, loc)) =
                ways_in.iter().find(|w| matches!(w, Field::Unknown(..)))
            {
                Evaluation::unknown(subject, *loc, reason.clone())
            } else {
                Evaluation::fail(
                    subject,
                    disabled_at,
                    "local accounts are disabled with no Entra admin group and Azure RBAC off: nobody can administer the cluster",
                )
            });
        }
    }
}
