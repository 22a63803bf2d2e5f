use crate::model::{Field, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

declare_rule! {
    /// ## What it checks
    /// How workloads get Azure identities: the deprecated AAD pod identity
    /// add-on (`podIdentityProfile.enabled`) fails; otherwise Microsoft Entra
    /// Workload ID needs both the OIDC issuer (`oidcIssuerProfile.enabled`)
    /// and the webhook (`securityProfile.workloadIdentity.enabled`).
    ///
    /// ## Why it matters
    /// Without workload identity, pods use secrets or the node's identity to
    /// reach Azure (talk s30). AAD pod identity is unsupported since
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
    pub struct NoWorkloadIdentity {
        code: "AU107",
        name: "no-workload-identity",
        title: "Deprecated pod identity in use, or workload identity / OIDC issuer off",
        pillar: Auth,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Workload,
        remediation: "az aks update --enable-oidc-issuer --enable-workload-identity; disable pod identity",
    }
}

impl Rule for NoWorkloadIdentity {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            if let Field::Set(true, loc) = &cluster.pod_identity {
                out.push(Evaluation::fail(
                    subject,
                    *loc,
                    "deprecated AAD pod identity is enabled (unsupported since September 2025)",
                ));
                continue;
            }
            let parts = [
                (&cluster.oidc_issuer, "OIDC issuer"),
                (&cluster.workload_identity, "workload identity"),
            ];
            if let Some((Field::Unknown(reason, loc), _)) =
                parts.iter().find(|(f, _)| matches!(f, Field::Unknown(..)))
            {
                out.push(Evaluation::unknown(subject, *loc, reason.clone()));
                continue;
            }
            let off: Vec<_> = parts
                .iter()
                .filter(|(f, _)| f.is_true() != Some(true))
                .collect();
            out.push(match off.first() {
                None => Evaluation::pass(subject),
                Some((field, _)) => Evaluation::fail(
                    subject,
                    field.loc(),
                    format!(
                        "{} off: workloads can't use Entra Workload ID and fall back to secrets",
                        off.iter()
                            .map(|(_, name)| *name)
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                ),
            });
        }
    }
}
