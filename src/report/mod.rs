//! What a scan found, in the shape every output format renders.

pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod table;

use std::borrow::Cow;

use serde::Serialize;

use crate::model::LoadError;
use crate::model::{Inventory, Loc, ResourceRef, Spec, Subject};
use crate::policy::WaiverState;
use crate::policy::compliance::RequirementVerdict;
use crate::rules::{Component, Kind, Pillar, Responsibility, Severity, Verdict};
use crate::rules::{Outcome, SuppressedBy};
use crate::scan::ScanResult;

pub const SCHEMA: &str = "chanto/v1";

/// The report borrows from the [`ScanResult`] it describes, so a scan's
/// findings are held once however many formats render them.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub schema: &'static str,
    pub tool: Tool,
    pub as_of: String,
    pub scanned: Scanned,
    pub summary: Summary,
    pub findings: Outcomes<'a, Finding<'a>>,
    pub unknown: Outcomes<'a, UnknownVerdict<'a>>,
    /// Findings and unknowns the organisation suppressed, with why.
    pub suppressed: Outcomes<'a, SuppressedFinding<'a>>,
    pub errors: &'a [LoadError],
    pub skipped: Vec<SkippedFile<'a>>,
    /// The organisation's policy file, when one was used.
    pub config: Option<&'a str>,
    /// Each of the organisation's requirements and its verdict.
    pub policy: &'a [RequirementVerdict],
    /// Every waiver in the policy file, with its state.
    pub waivers: &'a [WaiverState],
}

#[derive(Debug, Serialize)]
pub struct SuppressedFinding<'a> {
    pub code: &'static str,
    pub name: &'static str,
    pub pillar: Pillar,
    pub resource: ResourceRef<'a>,
    pub message: Cow<'a, str>,
    pub location: Location<'a>,
    pub suppressed_by: &'a SuppressedBy,
    pub reason: &'a str,
}

#[derive(Debug, Serialize)]
pub struct SkippedFile<'a> {
    pub file: &'a str,
    pub reason: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Scanned {
    /// Files that contributed at least one resource.
    pub files: usize,
    pub clusters: usize,
    pub node_pools: usize,
    pub objects: usize,
    /// Azure resources other than clusters and pools (registry, firewall…).
    pub azure_resources: usize,
    /// Walked files holding nothing chanto reads.
    pub skipped: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub findings: usize,
    /// Findings of kind `breakage`: hardening that will break the cluster.
    pub breakage: usize,
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
    pub unknown: usize,
    pub suppressed: usize,
    pub not_applicable: usize,
    pub passed: usize,
    pub errors: usize,
}

#[derive(Debug, Serialize)]
pub struct Finding<'a> {
    pub code: &'static str,
    pub name: &'static str,
    pub pillar: Pillar,
    pub severity: Severity,
    pub kind: Kind,
    pub responsibility: Responsibility,
    pub component: Component,
    pub message: &'a str,
    pub remediation: &'static str,
    pub resource: ResourceRef<'a>,
    pub location: Location<'a>,
}

#[derive(Debug, Serialize)]
pub struct UnknownVerdict<'a> {
    pub code: &'static str,
    pub name: &'static str,
    pub pillar: Pillar,
    pub resource: ResourceRef<'a>,
    pub reason: &'a str,
    pub location: Location<'a>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Location<'a> {
    pub file: &'a str,
    pub line: u32,
    pub column: u32,
}

impl<'a> Report<'a> {
    pub fn new(result: &'a ScanResult) -> Report<'a> {
        let inventory = &result.inventory;
        let findings = Outcomes::new(result, finding);
        let unknown = Outcomes::new(result, unknown);
        let suppressed = Outcomes::new(result, suppressed);
        let mut summary = Summary {
            findings: findings.len(),
            unknown: unknown.len(),
            suppressed: suppressed.len(),
            errors: result.errors.len(),
            ..Summary::default()
        };
        for f in findings.iter() {
            *summary.count_mut(f.severity) += 1;
            if f.kind == Kind::Breakage {
                summary.breakage += 1;
            }
        }
        for (_, tally) in &result.tallies {
            summary.passed += tally.passed;
            summary.not_applicable += tally.not_applicable;
        }
        Report {
            schema: SCHEMA,
            tool: Tool {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
            },
            as_of: result.as_of.to_string(),
            scanned: Scanned {
                files: result.files_read,
                clusters: inventory.clusters.len(),
                node_pools: inventory.pools.len(),
                objects: inventory.objects.len(),
                azure_resources: inventory.resources.len(),
                skipped: result.skipped.len(),
            },
            summary,
            findings,
            unknown,
            suppressed,
            errors: &result.errors,
            skipped: result
                .skipped
                .iter()
                .map(|(file, reason)| SkippedFile { file, reason })
                .collect(),
            config: result.config_file.as_deref(),
            policy: &result.requirements,
            waivers: &result.waivers,
        }
    }

    /// Whether any finding is at or above `threshold` (`None`: never).
    pub fn fails_at(&self, threshold: Option<Severity>) -> bool {
        threshold.is_some_and(|t| self.findings.iter().any(|f| f.severity >= t))
    }
}

/// One kind of verdict (findings, unknowns or suppressed ones), read from
/// the scan's outcomes each time it is iterated rather than copied, so a
/// report of many findings holds them once.
pub struct Outcomes<'a, T> {
    result: &'a ScanResult,
    len: usize,
    view: fn(&'a ScanResult, &'a Outcome) -> Option<T>,
}

impl<'a, T: 'a> Outcomes<'a, T> {
    fn new(result: &'a ScanResult, view: fn(&'a ScanResult, &'a Outcome) -> Option<T>) -> Self {
        let len = result
            .outcomes
            .iter()
            .filter(|o| view(result, o).is_some())
            .count();
        Outcomes { result, len, view }
    }

    /// In the scan's order: file, line, code, subject.
    pub fn iter(&self) -> impl Iterator<Item = T> + 'a {
        let (result, view) = (self.result, self.view);
        result.outcomes.iter().filter_map(move |o| view(result, o))
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<'a, T: Serialize + 'a> Serialize for Outcomes<'a, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<T> std::fmt::Debug for Outcomes<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Outcomes({})", self.len)
    }
}

fn location(inventory: &Inventory, loc: Loc) -> Location<'_> {
    Location {
        file: inventory.file(loc.file),
        line: loc.line,
        column: loc.col,
    }
}

fn finding<'a>(result: &'a ScanResult, outcome: &'a Outcome) -> Option<Finding<'a>> {
    let Verdict::Fail {
        message,
        loc,
        severity,
    } = &outcome.evaluation.verdict
    else {
        return None;
    };
    if outcome.suppression.is_some() {
        return None;
    }
    let rule = outcome.rule;
    let inventory = &result.inventory;
    let subject = outcome.evaluation.subject;
    Some(Finding {
        code: rule.code,
        name: rule.name,
        pillar: rule.pillar,
        severity: severity.unwrap_or(rule.severity),
        kind: rule.kind,
        responsibility: rule.responsibility,
        component: component(inventory, subject).unwrap_or(rule.component),
        message,
        remediation: rule.remediation,
        resource: inventory.resource(subject),
        location: location(inventory, *loc),
    })
}

fn unknown<'a>(result: &'a ScanResult, outcome: &'a Outcome) -> Option<UnknownVerdict<'a>> {
    let Verdict::Unknown { reason, loc } = &outcome.evaluation.verdict else {
        return None;
    };
    if outcome.suppression.is_some() {
        return None;
    }
    let rule = outcome.rule;
    let inventory = &result.inventory;
    Some(UnknownVerdict {
        code: rule.code,
        name: rule.name,
        pillar: rule.pillar,
        resource: inventory.resource(outcome.evaluation.subject),
        reason,
        location: location(inventory, *loc),
    })
}

fn suppressed<'a>(result: &'a ScanResult, outcome: &'a Outcome) -> Option<SuppressedFinding<'a>> {
    let suppression = outcome.suppression.as_ref()?;
    let (message, loc) = match &outcome.evaluation.verdict {
        Verdict::Fail { message, loc, .. } => (Cow::Borrowed(message.as_str()), *loc),
        Verdict::Unknown { reason, loc } => (Cow::Owned(format!("unknown: {reason}")), *loc),
    };
    let rule = outcome.rule;
    let inventory = &result.inventory;
    Some(SuppressedFinding {
        code: rule.code,
        name: rule.name,
        pillar: rule.pillar,
        resource: inventory.resource(outcome.evaluation.subject),
        message,
        location: location(inventory, loc),
        suppressed_by: &suppression.by,
        reason: &suppression.reason,
    })
}

/// Where a finding sits on the talk's picture when its subject says more
/// than its rule: CN301 on a Key Vault is about the Key Vault.
fn component(inventory: &Inventory, subject: Subject) -> Option<Component> {
    let Subject::Resource(id) = subject else {
        return None;
    };
    match &inventory.resources[id].spec {
        Spec::Registry(_) => Some(Component::Registry),
        Spec::KeyVault(_) => Some(Component::KeyVault),
        Spec::Storage(_) => Some(Component::Storage),
        Spec::Database(_) => Some(Component::Database),
        _ => None,
    }
}

impl Summary {
    fn count_mut(&mut self, severity: Severity) -> &mut usize {
        match severity {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
            Severity::Info => &mut self.info,
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }
}
