use crate::model::{Inventory, KubeObject, WorkloadFacts};
use crate::rules::{Context, Judgement, Rated, Severity, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Container env vars with a literal `value` that looks like a secret:
    ///
    /// - a value shaped like a credential whatever the name: a connection
    ///   string with `AccountKey=`/`SharedAccessKey=`/`Password=`/`Pwd=`, a
    ///   URL with a password (`postgres://app:pw@db`), an HTTP `Bearer …` or
    ///   `Basic …` credential, a PEM private key, a JWT, an Azure storage key,
    ///   an Entra client secret;
    /// - a name with a word for a password (`password`, `passwd`, `pwd`,
    ///   `passphrase`) and any literal, however short;
    /// - a name with a word for another secret (`secret`, `token`, `key`,
    ///   `api_key`, `access_key`, `private_key`, `credential(s)`, `creds`,
    ///   `connection_string`, `connstr`, `sas`, `auth`) and a literal of at
    ///   least 8 characters.
    ///
    /// Names are split into words at `_`, `-`, `.` and case changes, so
    /// `MONKEY` or `KEYCLOAK_REALM` never match `key`. Not secrets: names
    /// that describe the secret instead of holding it (ending in `_ID`,
    /// `_NAME`, `_URL`, `_URI`, `_ENDPOINT`, `_HOST`, `_PATH`, `_FILE`,
    /// `_DIR`, `_LENGTH`, `_SIZE`, `_TTL`, `_TIMEOUT`, `_EXPIRY`, `_TYPE`,
    /// `_ALGORITHM`, `_HEADER`, `_PREFIX`, `_VERSION`, `_REF`, `_ENABLED`,
    /// `_POLICY`, `_ROTATION`, or naming a vault), `PUBLIC_KEY`, `CACHE_KEY`,
    /// `PARTITION_KEY`, `SORT_KEY`, `IDEMPOTENCY_KEY`; values that point at a
    /// secret (absolute or relative paths, `file:` references, `$(VAR)`
    /// references, template placeholders) and URLs without a password,
    /// numbers and booleans.
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
    /// everyone who can query the Log Analytics workspace.
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
    code: "CL222", name: "secret-in-env-var", judges: [Workload(judge)],
    pillar: Cluster, kind: Exposure, severity: High, responsibility: Customer, component: Workload,
    since: "0.1.0", status: Stable, title: "Secret-looking literal in a container env var",
    remediation: "Move the value to Key Vault (CSI driver) or a Secret; disable Container Insights env collection",
}

fn judge(cx: &Context, _: &KubeObject, facts: &WorkloadFacts) -> Judgement {
    let monitoring = monitoring(cx.inventory);
    let mut violations = Vec::new();
    let mut collected_anywhere = false;
    for e in &facts.secret_literals {
        let opted_out = facts.env_collection_opted_out.contains(&e.container);
        let how = match (monitoring, opted_out) {
            (Monitoring::Collects, false) => "Container Insights copies it into Log Analytics",
            (Monitoring::Collects, true) => "env collection is off for this container",
            (Monitoring::Disabled, _) => "env collection is disabled in the agent ConfigMap",
            (Monitoring::Off, _) => "Container Insights is off on the scanned clusters",
            (Monitoring::NoCluster, _) => {
                "no scanned cluster shows whether Container Insights collects it"
            }
        };
        collected_anywhere |= monitoring == Monitoring::Collects && !opted_out;
        violations.push((
            e.loc,
            format!(
                "container {} env {} holds a literal {} (value redacted, {} characters); {how}",
                e.container, e.name, e.kind, e.chars
            ),
        ));
    }
    // High only where the value is copied into Log Analytics.
    fail_all(violations).rated(if collected_anywhere { None } else { Some(Severity::Medium) })
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
    if !inventory.container_insights() {
        return Monitoring::Off;
    }
    if inventory.object_facts.env_collection_disabled {
        Monitoring::Disabled
    } else {
        Monitoring::Collects
    }
}
