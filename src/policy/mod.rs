//! The organisation's say over findings, applied after evaluation: severity
//! overrides, ignore annotations on objects, waivers with an expiry, the
//! default exemptions for AKS's own workloads — and, from all of that, the
//! verdict on each of the organisation's requirements. Suppressed findings
//! are kept, counted and listed, never lost.

pub mod compliance;
pub(crate) mod config;
pub mod peer_ids;
pub(crate) mod requirements;

use jiff::civil::Date;

use crate::data::SystemWorkloads;
use crate::model::LoadError;
use crate::model::{Inventory, KubeObject, ObjectId, ObjectSpec, ResourceRef, Subject};
use crate::rules::{self, Outcome, SuppressedBy, Suppression, Verdict, suggest};
use config::{Config, Waiver};

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

/// A waiver and what it did in this scan.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WaiverState {
    pub codes: Vec<String>,
    pub selector: String,
    pub reason: String,
    pub owner: String,
    pub expires: String,
    /// `active`, `expired` or `unused`.
    pub state: &'static str,
    /// Findings it hides (active) or would hide (expired).
    pub matched: usize,
    pub file: String,
    pub line: u32,
}

/// What the policy stage produced besides marking outcomes.
#[derive(Debug, Default)]
pub struct PolicyResult {
    pub errors: Vec<LoadError>,
    pub waivers: Vec<WaiverState>,
    /// The outcomes (by index) that only an expired waiver would hide: a
    /// decision that ran out, which a baseline must not hide either.
    pub expired_waiver_matches: Vec<usize>,
}

/// An ignore annotation, parsed.
struct Ignore {
    codes: Vec<String>,
    reason: String,
}

struct WaiverUse<'a> {
    waiver: &'a Waiver,
    expired: bool,
    matched: usize,
}

impl Waiver {
    /// Every selector given must match; `cluster` matches only findings on a
    /// cluster or node pool, unless it is `*`.
    fn matches(&self, code: &str, resource: &ResourceRef, cluster: Option<&str>) -> bool {
        let is = |p: &Option<config::Pattern>, value: Option<&str>| match p {
            None => true,
            Some(p) => p.text == "*" || value.is_some_and(|v| p.matches(v)),
        };
        let namespace = resource
            .namespace
            .or((resource.kind == "Namespace").then_some(&*resource.name));
        let short_kind = resource.kind.rsplit('/').next();
        self.codes.iter().any(|c| c.eq_ignore_ascii_case(code))
            && is(&self.cluster, cluster)
            && is(&self.namespace, namespace)
            && (is(&self.kind, Some(resource.kind)) || is(&self.kind, short_kind))
            && is(&self.name, Some(&resource.name))
    }
}

/// Applies severity overrides and suppressions to `outcomes`.
pub fn apply(
    inventory: &Inventory,
    outcomes: &mut [Outcome],
    options: &PolicyOptions,
    system: &SystemWorkloads,
    config: &Config,
    as_of: Date,
) -> PolicyResult {
    let mut result = PolicyResult::default();
    // Only the objects that carry the annotation, in id order: a scan of
    // many objects holds nothing for the others.
    let ignores: Vec<(ObjectId, Ignore)> = inventory
        .objects
        .iter()
        .enumerate()
        .filter_map(|(id, o)| match parse_ignore(o) {
            Ok(ignore) => ignore.map(|i| (id, i)),
            Err(message) => {
                result.errors.push(LoadError {
                    file: inventory.file(o.loc.file).to_string(),
                    line: Some(o.loc.line),
                    column: Some(o.loc.col),
                    message: format!("{} {}: {IGNORE_ANNOTATION}: {message}", o.kind, o.name),
                });
                None
            }
        })
        .collect();
    let ignore_of = |id: ObjectId| {
        ignores
            .binary_search_by_key(&id, |(i, _)| *i)
            .ok()
            .map(|at| &ignores[at].1)
    };
    let mut waivers: Vec<WaiverUse> = config
        .waivers
        .iter()
        .map(|w| WaiverUse {
            waiver: w,
            expired: as_of > w.expires,
            matched: 0,
        })
        .collect();

    for (index, outcome) in outcomes.iter_mut().enumerate() {
        if let Verdict::Fail { severity, .. } = &mut outcome.evaluation.verdict
            && let Some((_, s)) = config
                .rules
                .severity
                .iter()
                .find(|(code, _)| code.eq_ignore_ascii_case(outcome.rule.code))
        {
            *severity = Some(*s);
        }
        let subject = outcome.evaluation.subject;
        let object = match subject {
            Subject::Object(id) => Some(id),
            Subject::Namespace(id) => inventory.namespaces[id].object,
            _ => None,
        };
        if let Some(ignore) = object.and_then(ignore_of).filter(|i| {
            i.codes
                .iter()
                .any(|c| c.eq_ignore_ascii_case(outcome.rule.code))
        }) {
            outcome.suppression = Some(Box::new(Suppression {
                by: SuppressedBy::Annotation,
                reason: ignore.reason.clone(),
            }));
            continue;
        }
        let resource = inventory.resource(subject);
        let cluster = match subject {
            Subject::Cluster(id) => Some(inventory.clusters[id].name.as_str()),
            Subject::NodePool(id) => Some(inventory.pools[id].cluster_name.as_str()),
            _ => None,
        };
        let mut waived = None;
        let mut expired_match = false;
        for w in waivers
            .iter_mut()
            .filter(|w| w.waiver.matches(outcome.rule.code, &resource, cluster))
        {
            w.matched += 1;
            expired_match |= w.expired;
            if !w.expired && waived.is_none() {
                waived = Some(Box::new(Suppression {
                    by: SuppressedBy::Waiver,
                    reason: format!(
                        "{} (owner {}, expires {})",
                        w.waiver.reason, w.waiver.owner, w.waiver.expires
                    ),
                }));
            }
        }
        if expired_match && waived.is_none() {
            result.expired_waiver_matches.push(index);
        }
        outcome.suppression = waived.or_else(|| {
            options
                .default_exemptions
                .then(|| exemption(inventory, subject, system))
                .flatten()
                .map(|reason| {
                    Box::new(Suppression {
                        by: SuppressedBy::DefaultExemption,
                        reason,
                    })
                })
        });
    }

    result.waivers = waivers
        .iter()
        .map(|w| WaiverState {
            codes: w.waiver.codes.clone(),
            selector: selector_text(w.waiver),
            reason: w.waiver.reason.clone(),
            owner: w.waiver.owner.clone(),
            expires: w.waiver.expires.to_string(),
            state: match (w.expired, w.matched) {
                (true, _) => "expired",
                (false, 0) => "unused",
                (false, _) => "active",
            },
            matched: w.matched,
            file: inventory.file(w.waiver.loc.file).to_string(),
            line: w.waiver.loc.line,
        })
        .collect();
    result
}

fn selector_text(w: &Waiver) -> String {
    let parts: Vec<String> = [
        ("cluster", &w.cluster),
        ("namespace", &w.namespace),
        ("kind", &w.kind),
        ("name", &w.name),
    ]
    .iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", v.text)))
    .collect();
    if parts.is_empty() {
        "everything".to_string()
    } else {
        parts.join(" ")
    }
}

/// Why the platform's own `subject` is exempt by default, if it is: an
/// AKS system workload, a namespace AKS manages, or an RBAC binding whose
/// every subject is one the platform manages (`system:masters`, an AKS
/// component's service account).
fn exemption(inventory: &Inventory, subject: Subject, system: &SystemWorkloads) -> Option<String> {
    let exempt = match subject {
        Subject::Object(id) => {
            let o = &inventory.objects[id];
            match &o.spec {
                ObjectSpec::Binding(binding) => {
                    return rules::grants_only_to_platform(binding, system).then(|| {
                        "binds only subjects AKS and Kubernetes manage (default exemption)"
                            .to_string()
                    });
                }
                _ => {
                    o.aks_managed
                        && o.effective_namespace()
                            .is_some_and(|ns| system.covers(ns, &o.name))
                }
            }
        }
        Subject::Namespace(id) => system
            .exempt_namespace_subjects
            .contains(&inventory.namespaces[id].name),
        _ => false,
    };
    exempt.then(|| system.reason.clone())
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
    // Peer check IDs (`CKV_K8S_16`) stand for the rules that answer them;
    // the suppression's reason says how each was read.
    let mut own = Vec::new();
    let mut read_as = Vec::new();
    for code in codes {
        if rules::find(&code).is_some() {
            own.push(code);
        } else if let Some(peer) = peer_ids::translate(&code) {
            read_as.push(if peer.codes.is_empty() {
                format!("{code} is out of scope")
            } else {
                format!("{code} = {}", peer.codes.join(", "))
            });
            own.extend(peer.codes);
        } else {
            let hint = suggest(&code)
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            return Err(format!("unknown rule code {code:?}{hint}"));
        }
    }
    if own.is_empty() {
        return Err(format!("no rule chanto has answers {}", read_as.join("; ")));
    }
    let reason = if read_as.is_empty() {
        reason.to_string()
    } else {
        format!("{reason} ({})", read_as.join("; "))
    };
    Ok(Some(Ignore { codes: own, reason }))
}
