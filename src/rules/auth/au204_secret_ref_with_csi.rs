use crate::model::{KubeObject, WorkloadFacts};
use crate::rules::{Context, Judgement, declare_rule, fail_all, not_applicable};

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
    /// with Key Vault the secret stays in one audited, rotated place.
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
    code: "AU204", name: "secret-env-instead-of-key-vault", judges: [Workload(judge)],
    pillar: Auth, kind: Exposure, severity: Low, responsibility: Customer, component: KeyVault,
    since: "0.1.0", status: Stable, title: "Kubernetes Secret in env where Key Vault CSI is available",
    remediation: "Mount the secret from Key Vault with a SecretProviderClass instead of secretKeyRef",
}

fn judge(cx: &Context, _: &KubeObject, facts: &WorkloadFacts) -> Judgement {
    if !cx.inventory.key_vault_csi() && !cx.inventory.object_facts.secret_provider_class {
        return not_applicable("the Key Vault CSI driver is not available in the scanned inputs");
    }
    fail_all(
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
}
