use crate::model::Field;
use crate::rules::workload::Check;
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

declare_rule! {
    /// ## What it checks
    /// Containers that take Kubernetes Secrets as env vars (`valueFrom.secretKeyRef`
    /// or `envFrom.secretRef`) while the Key Vault Secrets Store CSI driver is
    /// available: a scanned cluster has the `azureKeyvaultSecretsProvider`
    /// add-on on, or a `SecretProviderClass` is among the inputs. Not
    /// applicable otherwise.
    ///
    /// ## Why it matters
    /// Kubernetes Secrets are base64 in etcd, copied into every manifest
    /// pipeline, and as env vars they leak into crash dumps and monitoring;
    /// with Key Vault the secret stays in one audited, rotated place (talk s30).
    ///
    /// ## How to fix
    /// Mount the secret from Key Vault with a `SecretProviderClass` and a
    /// `csi` volume, and read it from the file.
    ///
    /// ## What the fix costs
    /// Applications must read a file instead of an env var (or use the CSI
    /// driver's Secret sync, which keeps part of the problem).
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/csi-secrets-store-driver
    pub struct SecretRefWithCsi {
        code: "AU204",
        name: "secret-env-instead-of-key-vault",
        title: "Kubernetes Secret in env where Key Vault CSI is available",
        pillar: Auth,
        kind: Exposure,
        severity: Low,
        responsibility: Customer,
        component: KeyVault,
        remediation: "Mount the secret from Key Vault with a SecretProviderClass instead of secretKeyRef",
    }
}

impl Rule for SecretRefWithCsi {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        let available = cx.inventory.clusters.iter().any(|c| {
            matches!(
                c.addon_enabled("azureKeyvaultSecretsProvider"),
                Field::Set(true, _)
            )
        }) || cx
            .inventory
            .objects
            .iter()
            .any(|o| o.kind == "SecretProviderClass");
        workload::each_workload_facts(cx, out, |_, facts| {
            if !available {
                return Check::NotApplicable(
                    "the Key Vault CSI driver is not available in the scanned inputs",
                );
            }
            Check::from_violations(
                facts
                    .secret_refs
                    .iter()
                    .map(|r| {
                        let what = match &r.env {
                            Some(env) => format!("takes {env} from a Kubernetes Secret"),
                            None => "loads env from a Kubernetes Secret".to_string(),
                        };
                        (r.loc, format!("container {} {what}", r.container))
                    })
                    .collect(),
            )
        });
    }
}
