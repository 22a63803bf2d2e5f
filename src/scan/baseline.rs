//! A baseline: the findings a team has accepted for now, remembered by
//! their identity, so that CI gates only on new ones. The file is sorted,
//! reviewable JSON naming each finding's code, resource and file (relative
//! to the report root) — never a line, which would shift, nor a value.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Fingerprint, ScanResult};
use crate::rules::Verdict;

/// The version of the baseline file's shape.
pub const SCHEMA: &str = "chanto-baseline/v1";

/// The findings of one scan, by identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// [`SCHEMA`].
    pub schema: String,
    /// Where it was read from, as given; not part of the file.
    #[serde(skip)]
    pub source: String,
    /// Sorted by file, code, resource and id.
    pub findings: Vec<Entry>,
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The file the finding was in, for a reviewer.
    pub file: String,
    /// The rule's code.
    pub code: String,
    /// `type namespace/name` of the resource, for a reviewer.
    pub resource: String,
    /// The finding's identity, which is what matches.
    pub id: Fingerprint,
}

impl Baseline {
    /// The findings `result` reports (not suppressed ones, nor unknowns).
    pub fn of(result: &ScanResult) -> Baseline {
        let mut findings: Vec<Entry> = result
            .outcomes
            .iter()
            .zip(&result.fingerprints)
            .filter(|(o, _)| o.suppression.is_none())
            .filter_map(|(o, id)| match &o.evaluation.verdict {
                Verdict::Fail { loc, .. } => {
                    let resource = result.inventory.resource(o.evaluation.subject);
                    Some(Entry {
                        file: result.inventory.file(loc.file).to_string(),
                        code: o.rule.code.to_string(),
                        resource: match resource.namespace {
                            Some(ns) => format!("{} {ns}/{}", resource.kind, resource.name),
                            None => format!("{} {}", resource.kind, resource.name),
                        },
                        id: *id,
                    })
                }
                Verdict::Unknown { .. } => None,
            })
            .collect();
        findings.sort();
        Baseline {
            schema: SCHEMA.to_string(),
            source: String::new(),
            findings,
        }
    }

    /// Reads a baseline file `chanto baseline write` wrote.
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
        let mut baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            format!(
                "not a chanto baseline (line {}, column {}): {e}",
                e.line(),
                e.column()
            )
        })?;
        if baseline.schema != SCHEMA {
            return Err(format!(
                "baseline schema {:?}, expected {SCHEMA:?}",
                baseline.schema
            ));
        }
        baseline.source = path.display().to_string();
        Ok(baseline)
    }

    /// The file's text: pretty JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// What a baseline did to a scan.
#[derive(Debug, Clone)]
pub struct BaselineState {
    /// The baseline file, as given.
    pub file: String,
    /// Per outcome (in the scan's order): a finding the baseline holds,
    /// which is shown as such and gates nothing.
    pub known: Vec<bool>,
    /// Baseline entries no scanned finding matches any more: fixed, or
    /// changed beyond recognition.
    pub absent: Vec<Entry>,
}

impl BaselineState {
    /// Matches `result`'s findings against `baseline`. A finding that only
    /// an expired waiver would hide still counts as new: the waiver's
    /// deadline is the decision, and a baseline does not extend it.
    pub fn apply(
        baseline: &Baseline,
        result: &ScanResult,
        expired_waiver_matches: &[usize],
    ) -> BaselineState {
        let ids: HashSet<Fingerprint> = baseline.findings.iter().map(|e| e.id).collect();
        let mut current: HashSet<Fingerprint> = HashSet::new();
        let known = result
            .outcomes
            .iter()
            .zip(&result.fingerprints)
            .enumerate()
            .map(|(index, (o, id))| {
                let finding =
                    matches!(o.evaluation.verdict, Verdict::Fail { .. }) && o.suppression.is_none();
                if finding {
                    current.insert(*id);
                }
                finding && ids.contains(id) && expired_waiver_matches.binary_search(&index).is_err()
            })
            .collect();
        let absent = baseline
            .findings
            .iter()
            .filter(|e| !current.contains(&e.id))
            .cloned()
            .collect();
        BaselineState {
            file: baseline.source.clone(),
            known,
            absent,
        }
    }
}
