use crate::model::{Cluster, Field};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, pass};

declare_rule! {
    /// ## What it checks
    /// Microsoft Entra ID integration (`aadProfile`): missing fails, and so
    /// does the legacy integration (`aadProfile.managed` not true, with its
    /// own server and client applications).
    ///
    /// ## Why it matters
    /// Without Entra ID, people authenticate with certificates that can't be
    /// tied to a person, can't be forced through MFA or Conditional Access,
    /// and can't be revoked one by one. The legacy integration is
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
    code: "AU102", name: "no-entra-id-integration", judges: [Cluster(judge)],
    pillar: Auth, kind: Exposure, severity: High, responsibility: Customer, component: EntraId,
    since: "0.1.0", status: Stable, title: "No Entra ID integration, or the legacy one",
    remediation: "az aks update --enable-aad --aad-admin-group-object-ids <group>",
}

fn judge(_: &Context, cluster: Item<Cluster>) -> Judgement {
    match (cluster.aad_profile.known()?, cluster.aad_managed.known()?) {
        (Field::Absent(loc), _) => fail(
            *loc,
            "no Entra ID integration: people sign in with certificates that bypass MFA and can't be revoked one by one",
        ),
        (_, Field::Set(true, _)) => pass(),
        (_, managed) => fail(
            managed.loc(),
            "legacy (non-managed) Entra ID integration: deprecated, relies on an application secret",
        ),
    }
}
