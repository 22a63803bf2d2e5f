use crate::model::{Field, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Microsoft Entra ID integration (`aadProfile`): missing fails, and so
    /// does the legacy integration (`aadProfile.managed` not true, with its
    /// own server and client applications).
    ///
    /// ## Why it matters
    /// Without Entra ID, people authenticate with certificates that can't be
    /// tied to a person, can't be forced through MFA or Conditional Access,
    /// and can't be revoked one by one (talk s29). The legacy integration is
    /// deprecated and relies on an application secret you must rotate.
    ///
    /// ## How to fix
    /// `az aks update -g RG -n NAME --enable-aad --aad-admin-group-object-ids GROUP_ID`.
    /// ARM: `aadProfile: { managed: true, adminGroupObjectIDs: [...] }`;
    /// Terraform: `azure_active_directory_role_based_access_control { ... }`.
    ///
    /// ## What the fix costs
    /// Users need `kubelogin` for kubectl, and non-interactive pipelines need
    /// a service principal or managed identity login.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/enable-authentication-microsoft-entra-id
    pub struct NoEntraIntegration {
        code: "AU102",
        name: "no-entra-id-integration",
        title: "No Entra ID integration, or the legacy one",
        pillar: Auth,
        kind: Exposure,
        severity: High,
        responsibility: Customer,
        component: EntraId,
        remediation: "az aks update --enable-aad --aad-admin-group-object-ids <group>",
    }
}

impl Rule for NoEntraIntegration {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            out.push(match (&cluster.aad_profile, &cluster.aad_managed) {
                (Field::Unknown(reason, loc), _) | (_, Field::Unknown(reason, loc)) => {
                    Evaluation::unknown(subject, *loc, reason.clone())
                }
                (Field::Absent(loc), _) => Evaluation::fail(
                    subject,
                    *loc,
                    "no Entra ID integration: people sign in with certificates that bypass MFA and can't be revoked one by one",
                ),
                (Field::Set(..), Field::Set(true, _)) => Evaluation::pass(subject),
                (Field::Set(..), managed) => Evaluation::fail(
                    subject,
                    managed.loc(),
                    "legacy (non-managed) Entra ID integration: deprecated, relies on an application secret",
                ),
            });
        }
    }
}
