//! One scan: load the inputs, evaluate the selected rules in parallel, and
//! order the results so the same inputs always give the same output.
//!
//! The library's front door: [`ScanOptions::new`], [`scan`], and the
//! [`ScanResult`] that reports render.

#![warn(missing_docs)]

use std::path::PathBuf;

use rayon::prelude::*;

use crate::data;
use crate::load::{self, FileNames, LoadOptions};

mod baseline;
mod fingerprint;

use crate::model::{FileId, Inventory, LoadError, ObjectSpec, Subject};
use crate::policy::compliance::{self, AttestationUsed, ClusterCompliance, RequirementVerdict};
use crate::policy::config::{self, Config};
use crate::policy::{self, PolicyOptions, WaiverState};
use crate::rules::{
    self, Context, Outcome, PodSecurityProfile, Rule, RuleMeta, RuleOptions, Tally, Verdict,
    Verdicts, suggest,
};
pub use baseline::{Baseline, BaselineState, Entry as BaselineEntry};
pub use fingerprint::Fingerprint;

/// What to scan and how: [`ScanOptions::new`] gives the defaults of a
/// plain `chanto scan PATH… --as-of DATE`; set fields to change them.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Files and folders; folders are walked, honouring `.gitignore`.
    pub paths: Vec<PathBuf>,
    /// The date version and support windows are judged on.
    pub as_of: jiff::civil::Date,
    /// Which rules run.
    pub selection: Selection,
    /// Settings given on the command line, which win over `chanto.yaml`.
    pub rules: RuleOverrides,
    /// Suppressions the organisation's policy does not decide.
    pub policy: PolicyOptions,
    /// Limits and Terraform variable files.
    pub load: LoadOptions,
    /// The organisation's policy file, if any.
    pub config: Option<PathBuf>,
    /// Findings accepted for now: reported as such, and never failing the
    /// scan (`chanto baseline write` makes one).
    pub baseline: Option<Baseline>,
}

impl ScanOptions {
    /// Every rule over `paths`, judged on `as_of`, with the built-in policy.
    pub fn new(paths: Vec<PathBuf>, as_of: jiff::civil::Date) -> Self {
        ScanOptions {
            paths,
            as_of,
            selection: Selection::default(),
            rules: RuleOverrides::default(),
            policy: PolicyOptions::default(),
            load: LoadOptions::default(),
            config: None,
            baseline: None,
        }
    }
}

/// Rule settings that win over `chanto.yaml` when given.
#[derive(Debug, Clone, Default)]
pub struct RuleOverrides {
    /// The Pod Security Standards profile restricted controls are rated by.
    pub pod_security: Option<PodSecurityProfile>,
    /// Registries images may come from, replacing the default list.
    pub allowed_registries: Option<Vec<String>>,
}

/// Which rules run: `--select` and `--ignore` code prefixes.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Code prefixes to run (all rules when empty).
    pub select: Vec<String>,
    /// Code prefixes not to run, even when selected.
    pub ignore: Vec<String>,
}

/// A `--select` or `--ignore` prefix that names no rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    /// The prefix as given.
    pub prefix: String,
    /// The closest rule code, when one is close.
    pub suggestion: Option<&'static str>,
}

impl std::fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no rule code starts with {:?}", self.prefix)?;
        match self.suggestion {
            Some(code) => write!(f, " (did you mean {code}?)"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for UnknownCode {}

impl Selection {
    /// Takes each peer check ID (`CKV_K8S_16`, `KSV-0014`, `C-0017`) that is
    /// not a rule code prefix as the chanto codes that answer it, and says
    /// so, one note per ID.
    pub fn with_peer_ids(self) -> (Selection, Vec<String>) {
        let mut notes = Vec::new();
        let mut translate = |list: Vec<String>| -> Vec<String> {
            list.into_iter()
                .flat_map(|entry| {
                    let is_code = rules::registry().iter().any(|r| matches(&r.meta, &entry));
                    match crate::policy::peer_ids::translate(&entry).filter(|_| !is_code) {
                        Some(peer) => {
                            notes.push(peer.note);
                            peer.codes
                        }
                        None => vec![entry],
                    }
                })
                .collect()
        };
        let selection = Selection {
            select: translate(self.select),
            ignore: translate(self.ignore),
        };
        (selection, notes)
    }

    /// Checks that every prefix names at least one rule.
    pub fn validate(&self) -> Result<(), UnknownCode> {
        for prefix in self.select.iter().chain(&self.ignore) {
            if !rules::registry().iter().any(|r| matches(&r.meta, prefix)) {
                return Err(UnknownCode {
                    prefix: prefix.clone(),
                    suggestion: suggest(prefix),
                });
            }
        }
        Ok(())
    }

    /// The selected rules, in registry order.
    pub fn rules(&self) -> Vec<&'static Rule> {
        rules::registry()
            .iter()
            .copied()
            .filter(|r| self.includes(&r.meta))
            .collect()
    }

    /// Whether the rule runs.
    pub fn includes(&self, meta: &RuleMeta) -> bool {
        (self.select.is_empty() || self.select.iter().any(|p| matches(meta, p)))
            && !self.ignore.iter().any(|p| matches(meta, p))
    }
}

fn matches(meta: &RuleMeta, prefix: &str) -> bool {
    meta.code.len() >= prefix.len() && meta.code[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// What evaluating the rules produced.
#[derive(Debug, Default)]
pub struct Evaluated {
    /// Findings and unknowns, ordered by file, line, code and subject.
    pub outcomes: Vec<Outcome>,
    /// Per rule code: how many subjects passed or were not applicable.
    pub tallies: Vec<(&'static str, Tally)>,
}

/// What one scan found.
#[derive(Debug)]
pub struct ScanResult {
    /// Everything read, as the normalised model.
    pub inventory: Inventory,
    /// Findings and unknowns, ordered by file, line, code and subject.
    pub outcomes: Vec<Outcome>,
    /// Without a policy file: the attestations the organisation has yet to
    /// write (what to attest, on which cluster), which fail nothing.
    pub todo: Vec<Outcome>,
    /// Per selected rule: how many subjects passed or were not applicable.
    pub tallies: Vec<(&'static str, Tally)>,
    /// Inputs that could not be read; the others are still scanned.
    pub errors: Vec<LoadError>,
    /// Errors in the organisation's policy: the policy file (the scan then
    /// stops before reading an input) and ignore annotations.
    pub policy_errors: Vec<LoadError>,
    /// Files passed over, and why.
    pub skipped: Vec<(String, &'static str)>,
    /// Files read.
    pub files_read: usize,
    /// The date the scan judged on.
    pub as_of: jiff::civil::Date,
    /// The organisation's requirements and their verdicts.
    pub requirements: Vec<RequirementVerdict>,
    /// With more than one cluster: each cluster's verdict on each
    /// requirement, from its own resources.
    pub requirements_by_cluster: Vec<ClusterCompliance>,
    /// The policy file's waivers and what each did.
    pub waivers: Vec<WaiverState>,
    /// Every attestation in the policy file, as stated.
    pub attestations: Vec<AttestationUsed>,
    /// The policy file used, as displayed.
    pub config_file: Option<String>,
    /// Each outcome's identity, in the outcomes' order: unique within the
    /// scan and stable across line shifts (SARIF `partialFingerprints`,
    /// the JSON `id`, what a baseline holds).
    pub fingerprints: Vec<Fingerprint>,
    /// What the baseline did, when one was given.
    pub baseline: Option<BaselineState>,
    /// What the policy file meant where it was read generously (peer check
    /// IDs taken as chanto codes).
    pub notes: Vec<String>,
}

impl ScanResult {
    /// The findings and unknowns of one rule, in the scan's order.
    pub fn outcomes_of(&self, code: &str) -> impl Iterator<Item = &Outcome> {
        // The registry's own code, so the iterator borrows only the result.
        let code = rules::find(code).map(|r| r.meta.code);
        self.outcomes
            .iter()
            .filter(move |o| Some(o.rule.code) == code)
    }

    /// How many subjects one rule passed or found not applicable; zero for
    /// a rule that was not selected.
    pub fn tally(&self, code: &str) -> Tally {
        self.tallies
            .iter()
            .find(|(c, _)| *c == code)
            .map_or_else(Tally::default, |(_, t)| *t)
    }
}

/// Where a scan is, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Files read and judged by the rules that look at one object at a time.
    Reading {
        /// Files read so far.
        done: usize,
        /// Files to read.
        total: usize,
    },
    /// The rules across objects, then the organisation's policy.
    Judging,
}

/// A scan, streaming: rules that judge one object run while each file is
/// loaded, after which its pod specs are dropped, so memory follows the
/// findings and the small facts rules across objects need, not the corpus.
pub fn scan(options: &ScanOptions) -> ScanResult {
    scan_with_progress(options, |_| ())
}

/// [`scan`], telling `progress` where it is as it goes (on this thread).
pub fn scan_with_progress(options: &ScanOptions, mut progress: impl FnMut(Stage)) -> ScanResult {
    let names = FileNames::new(options.load.root.as_deref());
    let reserved: Vec<String> = options.config.iter().map(|p| names.name(p)).collect();
    let config = match &options.config {
        None => Config::with_default_profile(),
        // The policy file takes the first file id, reserved before loading.
        Some(path) => match read_config(path, FileId(0)) {
            Ok(config) => config,
            // Nothing of a broken policy file is replaced by defaults: the
            // scan stops before reading an input.
            Err(errors) => {
                return ScanResult {
                    inventory: Inventory {
                        files: reserved,
                        ..Inventory::default()
                    },
                    outcomes: Vec::new(),
                    todo: Vec::new(),
                    tallies: Vec::new(),
                    errors: Vec::new(),
                    policy_errors: errors,
                    skipped: Vec::new(),
                    files_read: 0,
                    as_of: options.as_of,
                    requirements: Vec::new(),
                    requirements_by_cluster: Vec::new(),
                    waivers: Vec::new(),
                    attestations: Vec::new(),
                    config_file: Some(names.name(path)),
                    fingerprints: Vec::new(),
                    baseline: None,
                    notes: Vec::new(),
                };
            }
        },
    };
    let rules = effective_rules(&config, &options.rules);
    let selection = Selection {
        select: if options.selection.select.is_empty() {
            config.rules.select.clone()
        } else {
            options.selection.select.clone()
        },
        ignore: options
            .selection
            .ignore
            .iter()
            .chain(&config.rules.ignore)
            .cloned()
            .collect(),
    };
    let selected = selection.rules();
    let (per_object, spanning): (Vec<_>, Vec<_>) = selected.iter().partition(|r| r.per_object());

    // Files are judged by the per-object rules as they are loaded; only
    // their findings are kept, with the counts summed.
    let mut counts = vec![Tally::default(); per_object.len()];
    let mut outcomes = Vec::new();
    // `exclude:` in the policy file adds to the command line's.
    let load_options = LoadOptions {
        exclude: options
            .load
            .exclude
            .iter()
            .chain(&config.exclude)
            .cloned()
            .collect(),
        ..options.load.clone()
    };
    let loaded = load::load_with(
        &options.paths,
        &load_options,
        &reserved,
        |objects, _| {
            let file = Inventory {
                objects: std::mem::take(objects),
                ..Inventory::default()
            };
            let evaluated = evaluate_rules(&file, options.as_of, &per_object, &rules, false);
            *objects = file.objects;
            for object in objects.iter_mut() {
                if let ObjectSpec::Workload(workload) = &mut object.spec {
                    workload.pod = None;
                }
            }
            evaluated
        },
        |base, file: Evaluated| {
            for ((_, tally), sum) in file.tallies.iter().zip(&mut counts) {
                sum.passed += tally.passed;
                sum.not_applicable += tally.not_applicable;
            }
            outcomes.extend(file.outcomes.into_iter().map(|mut o| {
                if let Subject::Object(id) = &mut o.evaluation.subject {
                    *id += base;
                }
                o
            }));
        },
        |done, total| progress(Stage::Reading { done, total }),
    );
    progress(Stage::Judging);
    let errors = loaded.errors;

    let spanning_rules = spanning;
    let spanning = evaluate_rules(
        &loaded.inventory,
        options.as_of,
        &spanning_rules,
        &rules,
        true,
    );
    outcomes.extend(spanning.outcomes);
    let unlisted = unlisted_outcomes(&loaded.inventory, per_object.iter().chain(&spanning_rules));
    drop_judged_on_part(&loaded.inventory, &mut outcomes, &unlisted);
    outcomes.extend(unlisted);
    let mut tallies = spanning.tallies;
    tallies.extend(per_object.iter().map(|r| r.meta.code).zip(counts));
    sort(&mut outcomes);
    // Without a policy file, what to attest is paperwork to do, not a
    // finding: a first scan is not failed by it.
    let todo = if config.attestations_at.is_none() {
        let (todo, rest) = outcomes
            .into_iter()
            .partition(|o| o.rule.kind == rules::Kind::Attestation);
        outcomes = rest;
        todo
    } else {
        Vec::new()
    };
    let applied = policy::apply(
        &loaded.inventory,
        &mut outcomes,
        &options.policy,
        &data::builtin().system_workloads,
        &config,
        options.as_of,
    );
    let policy_errors = applied.errors;
    let evidence = compliance::Evidence {
        config: &config,
        inventory: &loaded.inventory,
        outcomes: &outcomes,
        todo: &todo,
        tallies: &tallies,
        as_of: options.as_of,
    };
    let requirements = compliance::judge(&config.requirements, &evidence);
    let requirements_by_cluster = compliance::judge_clusters(&config.requirements, &evidence);
    let fingerprints = fingerprint::fingerprints(&loaded.inventory, &outcomes);
    let mut result = ScanResult {
        inventory: loaded.inventory,
        outcomes,
        todo,
        tallies,
        errors,
        policy_errors,
        skipped: loaded.skipped,
        files_read: loaded.files_read,
        as_of: options.as_of,
        requirements,
        requirements_by_cluster,
        waivers: applied.waivers,
        attestations: config
            .attestations
            .iter()
            .map(AttestationUsed::from)
            .collect(),
        config_file: options.config.as_ref().map(|p| names.name(p)),
        fingerprints,
        baseline: None,
        notes: config.notes.clone(),
    };
    result.baseline = options
        .baseline
        .as_ref()
        .map(|baseline| BaselineState::apply(baseline, &result, &applied.expired_waiver_matches));
    result
}

fn read_config(path: &std::path::Path, file: FileId) -> Result<Config, Vec<LoadError>> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![LoadError {
            file: display.clone(),
            line: None,
            column: None,
            message: format!("cannot read the policy file: {e}"),
        }]
    })?;
    config::parse(&text, file).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| LoadError {
                file: display.clone(),
                line: Some(e.line),
                column: Some(e.column),
                message: e.message,
            })
            .collect()
    })
}

/// Defaults, then `chanto.yaml`, then the command line.
fn effective_rules(config: &Config, overrides: &RuleOverrides) -> RuleOptions {
    let defaults = RuleOptions::default();
    RuleOptions {
        pod_security: overrides
            .pod_security
            .or(config.rules.pod_security)
            .unwrap_or(defaults.pod_security),
        allowed_registries: overrides
            .allowed_registries
            .clone()
            .or_else(|| config.rules.allowed_registries.clone())
            .unwrap_or(defaults.allowed_registries),
        organisation: config.organisation.clone(),
        attestations: config.attestations.clone(),
        attestations_at: config.attestations_at,
    }
}

/// Every selected rule over a whole inventory (loaded with its pod specs).
pub fn evaluate(
    inventory: &Inventory,
    as_of: jiff::civil::Date,
    selection: &Selection,
    rules: &RuleOptions,
) -> Evaluated {
    let mut evaluated = evaluate_rules(inventory, as_of, &selection.rules(), rules, true);
    sort(&mut evaluated.outcomes);
    evaluated
}

/// Runs `selected` over `inventory`; in parallel across rules when asked
/// (a single file's objects are too few to be worth it).
/// The unknowns of kinds a live read could not list, for every rule that
/// reads them.
fn unlisted_outcomes<'r>(
    inventory: &Inventory,
    rules: impl Iterator<Item = &'r &'static Rule>,
) -> Vec<Outcome> {
    if inventory.unlisted.is_empty() {
        return Vec::new();
    }
    rules
        .flat_map(|rule| {
            let mut verdicts = Verdicts::default();
            rule.record_unlisted(inventory, &mut verdicts);
            verdicts.kept.into_iter().map(|evaluation| Outcome {
                rule: &rule.meta,
                evaluation,
                suppression: None,
            })
        })
        .collect()
}

/// Removes the findings a rule that looks across a namespace's objects
/// made in a namespace where a kind it reads could not be listed: judged
/// on part of the namespace, "no ResourceQuota" may only mean "not
/// allowed to list them". The unknowns `unlisted` holds stand instead.
fn drop_judged_on_part(inventory: &Inventory, outcomes: &mut Vec<Outcome>, unlisted: &[Outcome]) {
    if unlisted.is_empty() {
        return;
    }
    let partial: std::collections::HashSet<(&str, &str)> = unlisted
        .iter()
        .filter_map(|o| match o.evaluation.subject {
            Subject::Namespace(id) => Some((o.rule.code, inventory.namespaces[id].name.as_str())),
            _ => None,
        })
        .collect();
    let across = |code: &str| {
        rules::find(code).is_some_and(|rule| {
            rule.judges
                .iter()
                .any(|j| matches!(j, rules::Judge::Namespace(_) | rules::Judge::Object(_)))
        })
    };
    outcomes.retain(|o| {
        if !matches!(o.evaluation.verdict, Verdict::Fail { .. }) || !across(o.rule.code) {
            return true;
        }
        let namespace = match o.evaluation.subject {
            Subject::Namespace(id) => Some(inventory.namespaces[id].name.as_str()),
            Subject::Object(id) => inventory.objects[id].effective_namespace(),
            _ => None,
        };
        namespace.is_none_or(|ns| !partial.contains(&(o.rule.code, ns)))
    });
}

fn evaluate_rules(
    inventory: &Inventory,
    as_of: jiff::civil::Date,
    selected: &[&'static Rule],
    rules: &RuleOptions,
    parallel: bool,
) -> Evaluated {
    let cx = Context {
        inventory,
        as_of,
        data: data::builtin(),
        options: rules,
    };
    let run = |rule: &&'static Rule| {
        let mut verdicts = Verdicts::default();
        rule.run(&cx, &mut verdicts);
        let meta = &rule.meta;
        let tally = Tally {
            passed: verdicts.passed,
            not_applicable: verdicts.not_applicable,
        };
        let kept = verdicts
            .kept
            .into_iter()
            .map(|evaluation| Outcome {
                rule: meta,
                evaluation,
                suppression: None,
            })
            .collect();
        (kept, (meta.code, tally))
    };
    let per_rule: Vec<(Vec<Outcome>, (&'static str, Tally))> = if parallel {
        selected.par_iter().map(run).collect()
    } else {
        selected.iter().map(run).collect()
    };
    let mut evaluated = Evaluated::default();
    for (kept, tally) in per_rule {
        evaluated.outcomes.extend(kept);
        evaluated.tallies.push(tally);
    }
    evaluated
}

/// By file, line, code and subject, then message: a total order, so sorting
/// in place (without a buffer the size of half the findings) is as
/// deterministic as a stable sort.
fn sort(outcomes: &mut [Outcome]) {
    outcomes.sort_unstable_by(|a, b| sort_key(a).cmp(&sort_key(b)));
}

fn sort_key(o: &Outcome) -> impl Ord + '_ {
    let (loc, text) = match &o.evaluation.verdict {
        Verdict::Fail { loc, message, .. } => (Some(*loc), message.as_str()),
        Verdict::Unknown { loc, reason } => (Some(*loc), reason.as_str()),
    };
    (loc, o.rule.code, o.evaluation.subject, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_every_file_then_judges() {
        let options = ScanOptions {
            paths: vec![PathBuf::from("examples/first-cluster")],
            as_of: jiff::civil::date(2026, 11, 28),
            selection: Selection::default(),
            rules: RuleOverrides::default(),
            policy: PolicyOptions::default(),
            load: LoadOptions::default(),
            config: None,
            baseline: None,
        };
        let mut stages = Vec::new();
        let result = scan_with_progress(&options, |stage| stages.push(stage));
        let total = result.files_read + result.skipped.len() + result.errors.len();
        assert_eq!(
            stages,
            [
                Stage::Reading { done: 0, total },
                Stage::Reading { done: total, total },
                Stage::Judging
            ]
        );
    }

    #[test]
    fn prefixes_select_rules_and_typos_get_a_suggestion() {
        let s = Selection {
            select: vec!["cn1".into()],
            ignore: vec!["CN108".into()],
        };
        assert!(s.validate().is_ok());
        assert!(s.includes(&rules::find("CN101").unwrap().meta));
        assert!(!s.includes(&rules::find("CN108").unwrap().meta));
        assert!(!s.includes(&rules::find("AU103").unwrap().meta));
        let typo = Selection {
            select: vec!["CN1O1".into()],
            ignore: vec![],
        };
        let error = typo.validate().unwrap_err();
        assert_eq!(error.suggestion, Some("CN101"));
        assert!(error.to_string().contains("did you mean CN101?"));
    }
}
