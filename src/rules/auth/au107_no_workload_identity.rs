use crate::model::{Cluster, Field};
use crate::rules::support::retirement;
use crate::rules::{Context, Item, Judgement, declare_rule, fail, pass};

declare_rule! {
    /// ## What it checks
    /// How workloads get Azure identities: the deprecated AAD pod identity
    /// add-on (`podIdentityProfile.enabled`) fails; otherwise Microsoft Entra
    /// Workload ID needs both the OIDC issuer (`oidcIssuerProfile.enabled`)
    /// and the webhook (`securityProfile.workloadIdentity.enabled`).
    ///
    /// ## Why it matters
    /// Without workload identity, pods use secrets or the node's identity to
    /// reach Azure. AAD pod identity is unsupported since
    /// September 2025 and on kubenet is open to ARP spoofing.
    ///
    /// ## How to fix
    /// `az aks update -g RG -n NAME --enable-oidc-issuer --enable-workload-identity`,
    /// migrate pods to federated credentials, then `--disable-pod-identity`.
    /// ARM: `oidcIssuerProfile.enabled`, `securityProfile.workloadIdentity.enabled`;
    /// Terraform: `oidc_issuer_enabled`, `workload_identity_enabled`.
    ///
    /// ## What the fix costs
    /// Each workload needs a federated credential on its identity (at most 20
    /// per identity) and a labelled service account.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/workload-identity-overview
    /// - https://learn.microsoft.com/azure/aks/use-azure-ad-pod-identity
    code: "AU107", name: "no-workload-identity", judges: [Cluster(judge)],
    pillar: Auth, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload,
    since: "0.1.0", status: Stable, title: "Deprecated pod identity in use, or workload identity / OIDC issuer off",
    remediation: "az aks update --enable-oidc-issuer --enable-workload-identity; disable pod identity",
}

/// The day AAD pod identity's support ended.
const POD_IDENTITY_RETIREMENT: jiff::civil::Date = jiff::civil::date(2025, 9, 1);

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    if let Field::Set(true, loc) = &cluster.pod_identity {
        return fail(
            *loc,
            format!(
                "deprecated AAD pod identity is enabled (its support {})",
                retirement(cx.as_of, POD_IDENTITY_RETIREMENT)
            ),
        );
    }
    let parts = [
        (cluster.oidc_issuer.known()?, "OIDC issuer"),
        (cluster.workload_identity.known()?, "workload identity"),
    ];
    let off: Vec<_> = parts.iter().filter(|(f, _)| f.value() != Some(&true)).collect();
    match off.first() {
        None => pass(),
        Some((field, _)) => fail(
            field.loc(),
            format!(
                "{} off: workloads can't use Entra Workload ID and fall back to secrets",
                off.iter().map(|(_, name)| *name).collect::<Vec<_>>().join(" and ")
            ),
        ),
    }
}
