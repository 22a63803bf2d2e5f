//! The rule catalogue's vocabulary: pillar, kind, severity,
//! responsibility, component.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pillar {
    Connectivity,
    Cluster,
    Auth,
}

impl Pillar {
    pub const ALL: [Pillar; 3] = [Pillar::Connectivity, Pillar::Cluster, Pillar::Auth];

    pub fn title(self) -> &'static str {
        match self {
            Pillar::Connectivity => "Connectivity",
            Pillar::Cluster => "Cluster",
            Pillar::Auth => "Auth",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A risk is open.
    Exposure,
    /// Hardening that will break the cluster or lock people out.
    Breakage,
    /// A control no configuration file shows, tracked as a dated statement.
    Attestation,
}

/// Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// The Pod Security Standards profile a control belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PodSecurityProfile {
    Baseline,
    Restricted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Responsibility {
    /// Azure runs it; you can only configure it through ARM.
    Provider,
    /// Node pools, workloads, network, identities.
    Customer,
    Shared,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Component {
    Arm,
    EntraId,
    ApiServer,
    Etcd,
    NodePool,
    LoadBalancer,
    Vnet,
    Egress,
    Registry,
    KeyVault,
    Storage,
    Database,
    Workload,
    Rbac,
}

/// Where a rule stands in its life; codes are a public contract, so a rule
/// is deprecated before it is removed, never renumbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// New: its verdicts may still change as real inputs teach us.
    Preview,
    Stable,
    /// Kept so configurations naming it still work; it reports nothing new.
    Deprecated,
}

/// `Display` as the name the type serializes to, so the table, Markdown and
/// JSON spell a value the same way.
macro_rules! display_as_serde_name {
    ($($t:ty),*) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match serde_json::to_value(self) {
                    Ok(serde_json::Value::String(s)) => f.write_str(&s),
                    _ => write!(f, "{self:?}"),
                }
            }
        }
    )*};
}
pub(crate) use display_as_serde_name;

display_as_serde_name!(
    Pillar,
    Kind,
    Severity,
    Responsibility,
    Component,
    PodSecurityProfile,
    Status
);

/// Everything about a rule except its check.
#[derive(Debug)]
pub struct RuleMeta {
    /// The public, stable code (`CN101`).
    pub code: &'static str,
    /// A kebab-case name that says what is wrong.
    pub name: &'static str,
    pub title: &'static str,
    pub pillar: Pillar,
    pub kind: Kind,
    pub severity: Severity,
    pub responsibility: Responsibility,
    pub component: Component,
    /// The fix in one line, for reports.
    pub remediation: &'static str,
    /// For Pod Security Standards controls: the profile that forbids it.
    pub profile: Option<PodSecurityProfile>,
    /// The chanto version the rule first appeared in.
    pub since: &'static str,
    pub status: Status,
    /// Markdown: what it checks, why it matters, how to fix it, what the fix
    /// costs, references.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The documentation with the doc-comment indentation removed.
    pub fn documentation(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }
}
