use crate::model::{Field, Inventory, ObjectSpec};
use crate::rules::workload::Check;
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Severity, declare_rule, workload};

declare_rule! {
    /// ## What it checks
    /// Container env vars with a literal `value` that looks like a secret: a
    /// name containing password, secret, token, key, credential or connection
    /// string (with a value of 8 characters or more that is not a URL, number
    /// or boolean), or a value shaped like a secret whatever the name — a
    /// connection string with `AccountKey=`/`SharedAccessKey=`/`Password=`, a
    /// PEM private key, a JWT, an Azure storage key, an Entra client secret.
    ///
    /// High when a cluster in the same scan runs Container Insights (the
    /// `omsagent` add-on) and env collection is not disabled — neither
    /// `AZMON_COLLECT_ENV=False` on the container nor `[log_collection_settings.env_var]
    /// enabled = false` in `kube-system/container-azm-ms-agentconfig` — because
    /// the agent then copies every env var into Log Analytics. Medium when no
    /// scanned cluster tells. Messages name the variable and never repeat its value.
    ///
    /// ## Why it matters
    /// A secret in a manifest is readable by everyone with access to the
    /// repository, `kubectl describe`, and — with Container Insights defaults —
    /// everyone who can query the Log Analytics workspace (talk s27).
    ///
    /// ## How to fix
    /// Move the value to Key Vault and mount it with the Secrets Store CSI
    /// driver, or at least to a Kubernetes Secret referenced by `secretKeyRef`.
    /// Disable env collection in `container-azm-ms-agentconfig`
    /// (`[log_collection_settings.env_var] enabled = false`).
    ///
    /// ## What the fix costs
    /// Rotating the leaked value is part of the fix: it may already be in
    /// the workspace and in the repository's history.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-data-collection-configmap
    /// - https://learn.microsoft.com/azure/aks/csi-secrets-store-driver
    pub struct SecretInEnv {
        code: "CL222",
        name: "secret-in-env-var",
        title: "Secret-looking literal in a container env var",
        pillar: Cluster,
        kind: Exposure,
        severity: High,
        responsibility: Customer,
        component: Workload,
        remediation: "Move the value to Key Vault (CSI driver) or a Secret; disable Container Insights env collection",
    }
}

const AGENT_CONFIG: &str = "container-azm-ms-agentconfig";

impl Rule for SecretInEnv {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Evaluation>) {
        let monitoring = monitoring(cx.inventory);
        workload::each_workload_facts(cx, out, |_, facts| {
            let mut violations = Vec::new();
            let mut collected_anywhere = false;
            for e in &facts.env_literals {
                let Some(why) = looks_secret(&e.name, &e.value) else {
                    continue;
                };
                let opted_out = facts.env_collection_opted_out.contains(&e.container);
                let how = match (monitoring, opted_out) {
                    (Monitoring::Collects, false) => {
                        "Container Insights copies it into Log Analytics"
                    }
                    (Monitoring::Collects, true) => "env collection is off for this container",
                    (Monitoring::Disabled, _) => {
                        "env collection is disabled in the agent ConfigMap"
                    }
                    (Monitoring::Off, _) => "Container Insights is off on the scanned clusters",
                    (Monitoring::NoCluster, _) => {
                        "no scanned cluster shows whether Container Insights collects it"
                    }
                };
                collected_anywhere |= monitoring == Monitoring::Collects && !opted_out;
                violations.push((
                    e.loc,
                    format!(
                        "container {} env {} holds a literal {why} (value redacted, {} characters); {how}",
                        e.container,
                        e.name,
                        e.value.chars().count()
                    ),
                ));
            }
            let check = Check::from_violations(violations);
            // High only where the value is copied into Log Analytics.
            if collected_anywhere {
                check
            } else {
                check.rated(Severity::Medium)
            }
        });
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Monitoring {
    /// A scanned cluster runs Container Insights with env collection on.
    Collects,
    /// It runs, but the agent ConfigMap turns env collection off.
    Disabled,
    /// Scanned clusters exist and none runs Container Insights.
    Off,
    NoCluster,
}

fn monitoring(inventory: &Inventory) -> Monitoring {
    if inventory.clusters.is_empty() {
        return Monitoring::NoCluster;
    }
    let on = inventory
        .clusters
        .iter()
        .any(|c| matches!(c.addon_enabled("omsagent"), Field::Set(true, _)));
    if !on {
        return Monitoring::Off;
    }
    let disabled = inventory.objects.iter().any(|o| {
        o.name == AGENT_CONFIG
            && o.effective_namespace() == Some("kube-system")
            && matches!(&o.spec, ObjectSpec::ConfigMap(data) if data.iter().any(|(_, text)| env_collection_disabled(text)))
    });
    if disabled {
        Monitoring::Disabled
    } else {
        Monitoring::Collects
    }
}

/// Reads `[log_collection_settings.env_var] enabled = false` from the agent's
/// TOML settings, ignoring commented-out lines.
fn env_collection_disabled(settings: &str) -> bool {
    let mut in_section = false;
    for line in settings
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
    {
        if line.starts_with('[') {
            in_section = line.replace(' ', "") == "[log_collection_settings.env_var]";
        } else if in_section
            && let Some((key, value)) = line.split_once('=')
            && key.trim() == "enabled"
        {
            return value.trim().trim_matches('"').eq_ignore_ascii_case("false");
        }
    }
    false
}

const SECRET_NAMES: [&str; 12] = [
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "accesskey",
    "access_key",
    "privatekey",
    "private_key",
    "credential",
    "connectionstring",
];

/// What makes the variable look like a secret, if anything.
pub fn looks_secret(name: &str, value: &str) -> Option<&'static str> {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    if lower.contains("-----begin") && lower.contains("private key-----") {
        return Some("PEM private key");
    }
    if ["accountkey=", "sharedaccesskey=", "password=", "pwd="]
        .iter()
        .any(|k| lower.contains(k))
    {
        return Some("connection string with a credential");
    }
    if is_jwt(v) {
        return Some("JWT");
    }
    if v.len() == 88
        && v.ends_with("==")
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c))
    {
        return Some("Azure storage key");
    }
    if is_entra_client_secret(v) {
        return Some("Entra client secret");
    }
    let key = name.to_ascii_lowercase().replace('-', "_");
    let flat = key.replace('_', "");
    let named = SECRET_NAMES
        .iter()
        .any(|s| key.contains(s) || flat.contains(s));
    let plain = v.len() < 8
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || parse_bool_like(&lower)
        || v.chars().all(|c| c.is_ascii_digit() || c == '.');
    (named && !plain).then_some("secret-named value")
}

fn parse_bool_like(v: &str) -> bool {
    matches!(v, "true" | "false" | "yes" | "no" | "on" | "off")
}

fn is_jwt(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 3
        && v.starts_with("eyJ")
        && parts[..2].iter().all(|p| p.len() >= 10)
        && parts.iter().all(|p| {
            p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// Entra client secrets: three characters, a digit, `Q~`, then 31 more.
fn is_entra_client_secret(v: &str) -> bool {
    v.len() == 40
        && v.get(3..6)
            .is_some_and(|m| m.as_bytes()[0].is_ascii_digit() && &m[1..] == "Q~")
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_~.-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_shapes_are_recognised_and_plain_values_are_not() {
        assert!(looks_secret("DB_PASSWORD", "S3cr3t-P@ssw0rd").is_some());
        assert!(looks_secret("API-TOKEN", "abcd1234efgh").is_some());
        assert!(
            looks_secret(
                "STORAGE",
                "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc=="
            )
            .is_some()
        );
        assert!(
            looks_secret(
                "X",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig_nature-xyz"
            )
            .is_some()
        );
        assert!(looks_secret("CLIENT", "abc8Q~abcdefghijklmnopqrstuvwxyz01234567").is_some());
        assert!(looks_secret("TOKEN_URL", "https://login.microsoftonline.com/t").is_none());
        assert!(looks_secret("PASSWORD_MIN_LENGTH", "12").is_none());
        assert!(looks_secret("LOG_LEVEL", "debug-verbose").is_none());
        assert!(looks_secret("SECRET_ROTATION", "true").is_none());
    }

    #[test]
    fn only_uncommented_env_var_settings_count() {
        let commented = "[log_collection_settings.env_var]\n  # enabled = false\n";
        let set = "[log_collection_settings.stdout]\n enabled = true\n[log_collection_settings.env_var]\n  enabled = false\n";
        assert!(!env_collection_disabled(commented));
        assert!(env_collection_disabled(set));
    }
}
