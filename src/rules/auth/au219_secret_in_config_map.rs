use crate::model::{KubeObject, ObjectSpec};
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// ConfigMap entries that look like credentials: keys named like a
    /// password, token, secret or key with a value of their shape, and values
    /// that are recognisable credentials whatever the key (private keys,
    /// JWTs, connection strings with a password, cloud access keys). Values are
    /// never shown: the finding names the key, what it looks like and its
    /// length.
    ///
    /// ## Why it matters
    /// ConfigMaps are readable by the `view` role and appear in logs, events
    /// and diffs; anything there is as good as published within the cluster.
    ///
    /// ## How to fix
    /// Move the value to Key Vault and mount it with the Secrets Store CSI
    /// driver (AU106), then rotate it: it has been exposed.
    ///
    /// ## What the fix costs
    /// The application reads a file (or a synced Secret) instead of the
    /// ConfigMap key.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/configuration/configmap/
    /// - https://learn.microsoft.com/azure/aks/csi-secrets-store-driver
    code: "AU219", name: "secret-in-config-map", judges: [Object(judge)],
    pillar: Auth, kind: Exposure, severity: High, responsibility: Customer, component: Workload,
    since: "0.2.0", status: Preview, title: "Credential in a ConfigMap",
    remediation: "Move the credential to Key Vault, mount it with the Secrets Store CSI driver, and rotate it",
}

fn judge(_: &Context, object: &KubeObject) -> Option<Judgement> {
    let ObjectSpec::ConfigMap { secret_entries } = &object.spec else {
        return None;
    };
    Some(fail_all(
        secret_entries
            .iter()
            .map(|s| {
                (
                    s.loc,
                    format!(
                        "key {} holds {} ({} characters)",
                        s.name, s.kind, s.chars
                    ),
                )
            })
            .collect(),
    ))
}
