//! The organisation's say over findings, applied after evaluation: ignore
//! annotations on objects and the default exemptions for AKS's own
//! workloads. Suppressed findings are kept, counted and listed, never lost.

use crate::data::SystemWorkloads;
use crate::load::LoadError;
use crate::model::{Inventory, KubeObject, Subject};
use crate::rules::{self, Verdict};
use crate::scan::{Outcome, suggest};

/// `chanto.io/ignore: "CL201,CN201: reason"` on any object.
pub const IGNORE_ANNOTATION: &str = "chanto.io/ignore";

#[derive(Debug, Clone)]
pub struct PolicyOptions {
    /// Exempt AKS-managed system workloads (`data/aks-system-workloads.json`).
    pub default_exemptions: bool,
}

impl Default for PolicyOptions {
    fn default() -> Self {
        PolicyOptions {
            default_exemptions: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuppressedBy {
    Annotation,
    DefaultExemption,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub by: SuppressedBy,
    pub reason: String,
}

/// An ignore annotation, parsed.
struct Ignore {
    codes: Vec<String>,
    reason: String,
}

/// Marks the outcomes the organisation has suppressed; returns the ignore
/// annotations that could not be honoured.
pub fn apply(
    inventory: &Inventory,
    outcomes: &mut [Outcome],
    options: &PolicyOptions,
    system: &SystemWorkloads,
) -> Vec<LoadError> {
    let mut errors = Vec::new();
    let ignores: Vec<Option<Ignore>> = inventory
        .objects
        .iter()
        .map(|o| {
            parse_ignore(o).unwrap_or_else(|message| {
                errors.push(LoadError {
                    file: inventory.file(o.loc.file).to_string(),
                    line: Some(o.loc.line),
                    column: Some(o.loc.col),
                    message: format!("{} {}: {IGNORE_ANNOTATION}: {message}", o.kind, o.name),
                });
                None
            })
        })
        .collect();
    for outcome in outcomes.iter_mut() {
        if matches!(
            outcome.evaluation.verdict,
            Verdict::Pass | Verdict::NotApplicable { .. }
        ) {
            continue;
        }
        let object = match outcome.evaluation.subject {
            Subject::Object(id) => Some(id),
            Subject::Namespace(id) => inventory.namespaces[id].object,
            _ => None,
        };
        let ignored = object.and_then(|id| ignores[id].as_ref()).filter(|i| {
            i.codes
                .iter()
                .any(|c| c.eq_ignore_ascii_case(outcome.rule.code))
        });
        outcome.suppression = match ignored {
            Some(ignore) => Some(Suppression {
                by: SuppressedBy::Annotation,
                reason: ignore.reason.clone(),
            }),
            None if options.default_exemptions
                && exempt(inventory, outcome.evaluation.subject, system) =>
            {
                Some(Suppression {
                    by: SuppressedBy::DefaultExemption,
                    reason: system.reason.clone(),
                })
            }
            None => None,
        };
    }
    errors
}

fn exempt(inventory: &Inventory, subject: Subject, system: &SystemWorkloads) -> bool {
    match subject {
        Subject::Object(id) => {
            let o = &inventory.objects[id];
            o.effective_namespace()
                .is_some_and(|ns| system.covers(ns, &o.name))
        }
        Subject::Namespace(id) => system
            .exempt_namespace_subjects
            .contains(&inventory.namespaces[id].name),
        _ => false,
    }
}

fn parse_ignore(object: &KubeObject) -> Result<Option<Ignore>, String> {
    let Some(value) = object.annotation(IGNORE_ANNOTATION) else {
        return Ok(None);
    };
    let (codes, reason) = value
        .split_once(':')
        .ok_or("a reason is required, as \"CODES: reason\"")?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err("a reason is required after the codes".to_string());
    }
    let codes: Vec<String> = codes
        .split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    if codes.is_empty() {
        return Err("no rule codes before the reason".to_string());
    }
    for code in &codes {
        if rules::find(code).is_none() {
            let hint = suggest(code)
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            return Err(format!("unknown rule code {code:?}{hint}"));
        }
    }
    Ok(Some(Ignore {
        codes,
        reason: reason.to_string(),
    }))
}
