//! What a scan found, in the shape every output format renders: build a
//! [`Report`] from a [`ScanResult`] and [`write`] it in any [`Format`].

#![warn(missing_docs)]

mod annotations;
mod html;
mod json;
mod junit;
mod markdown;
mod sarif;
mod table;
mod text;

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::data::Answer;
pub use crate::data::Framework;
use crate::model::LoadError;
use crate::model::{Inventory, Loc, ResourceRef, Spec, Subject};
use crate::policy::WaiverState;
use crate::policy::compliance::{AttestationUsed, ClusterCompliance, RequirementVerdict, Status};
use crate::rules::{Component, Kind, Pillar, Responsibility, Severity, Verdict};
use crate::rules::{Outcome, SuppressedBy, Tally};
use crate::scan::{BaselineEntry, Fingerprint, ScanResult};

pub use table::TableOptions;
pub use text::{uri_path, visible};

/// The version of the JSON contract.
pub const SCHEMA: &str = "chanto/v1";

/// An output format; the command line takes these names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people at a terminal.
    Table,
    /// The stable contract, `chanto/v1`.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for CI test tabs.
    Junit,
    /// For pull-request comments.
    Markdown,
    /// One self-contained page, for review meetings.
    Html,
    /// GitHub Actions workflow commands: an annotation per finding.
    Github,
    /// Azure Pipelines logging commands: an issue per finding.
    Azure,
}

/// What some formats need besides the report.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// How much the table shows.
    pub table: TableOptions,
    /// The scanned root as a `file://` URI, which SARIF locations are
    /// relative to.
    pub root_uri: String,
    /// The inputs as given, which the HTML page names.
    pub inputs: Vec<String>,
}

/// Writes `report` in `format` to `out` as it is rendered, so a large
/// report is never held whole in memory.
pub fn write(
    format: Format,
    report: &Report,
    options: &RenderOptions,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        Format::Table => table::write(report, options.table, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, &options.root_uri, out),
        Format::Junit => junit::write(report, out),
        Format::Markdown => markdown::write(report, out),
        Format::Html => html::write(report, &options.inputs, out),
        Format::Github => annotations::write_github(report, out),
        Format::Azure => annotations::write_azure(report, out),
    }
}

/// The report borrows from the [`ScanResult`] it describes, so a scan's
/// findings are held once however many formats render them.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// [`SCHEMA`]: the version of this contract.
    pub schema: &'static str,
    /// The tool that wrote the report.
    pub tool: Tool,
    /// The date version and support windows were judged on.
    pub as_of: String,
    /// What was read.
    pub scanned: Scanned,
    /// The counts a CI gate reads.
    pub summary: Summary,
    /// Every finding, by file, line, code and resource.
    pub findings: Outcomes<'a, Finding<'a>>,
    /// Every verdict the inputs could not decide, with what is missing.
    pub unknown: Outcomes<'a, UnknownVerdict<'a>>,
    /// Without a policy file: what the organisation has yet to attest.
    /// These fail nothing.
    pub todo: Vec<ToDo<'a>>,
    /// Findings and unknowns the organisation suppressed, with why.
    pub suppressed: Outcomes<'a, SuppressedFinding<'a>>,
    /// With `--baseline`: the findings it holds, shown apart and failing
    /// nothing, and its entries no finding matches any more.
    pub baseline: Option<BaselineReport<'a>>,
    /// Inputs that could not be read, with where and why.
    pub errors: &'a [LoadError],
    /// Errors in the organisation's policy file and ignore annotations.
    pub policy_errors: &'a [LoadError],
    /// Walked files that hold nothing chanto reads, and module calls it
    /// could not follow.
    pub skipped: Vec<SkippedFile<'a>>,
    /// The organisation's policy file, when one was used.
    pub config: Option<&'a str>,
    /// Each of the organisation's requirements and its verdict.
    pub policy: &'a [RequirementVerdict],
    /// With more than one cluster: each cluster's verdict on each
    /// requirement, from its own resources (clusters × P1–P6), in the
    /// order the clusters were read; `policy` is the fleet's.
    pub policy_by_cluster: &'a [ClusterCompliance],
    /// Every waiver in the policy file, with its state.
    pub waivers: &'a [WaiverState],
    /// Every attestation in the policy file, as stated: the controls no
    /// configuration shows that a verdict may rest on.
    pub attestations: &'a [AttestationUsed],
    /// With `--framework`: each control of each framework asked for, with
    /// its verdict from the rules that answer it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub frameworks: Vec<FrameworkSection>,
    /// How many subjects each rule passed or found not applicable.
    #[serde(skip)]
    pub tallies: &'a [(&'static str, Tally)],
    /// The findings' outcome indices, worst first: what people read;
    /// sorted the first time a writer asks (JSON and SARIF never do).
    #[serde(skip)]
    worst_first: std::cell::OnceCell<Vec<u32>>,
}

/// An attestation to write in `chanto.yaml`: a control no configuration
/// shows (MFA, PIM reviews, a jump host).
#[derive(Debug, Serialize)]
pub struct ToDo<'a> {
    /// The attestation's code, which `chanto.yaml` names.
    pub code: &'static str,
    /// The rule's name.
    pub name: &'static str,
    /// What to attest.
    pub title: &'static str,
    /// The cluster it is about.
    pub resource: ResourceRef<'a>,
    /// The cluster, as reports name it (as for findings).
    pub cluster: Option<&'a str>,
    /// What to attest, and where it goes.
    pub message: &'a str,
}

/// A finding or unknown the organisation suppressed.
#[derive(Debug, Serialize)]
pub struct SuppressedFinding<'a> {
    /// The finding's identity, as for findings.
    pub id: Fingerprint,
    /// The rule's code.
    pub code: &'static str,
    /// The rule's name.
    pub name: &'static str,
    /// The rule's pillar.
    pub pillar: Pillar,
    /// What the finding is about.
    pub resource: ResourceRef<'a>,
    /// The finding's message, or `unknown: ` and why.
    pub message: Cow<'a, str>,
    /// The field that decides it.
    pub location: Location<'a>,
    /// An annotation, a waiver, or the default exemption of AKS's own
    /// workloads.
    pub suppressed_by: &'a SuppressedBy,
    /// Why, as the organisation wrote it.
    pub reason: &'a str,
}

/// What a baseline did to the report.
#[derive(Debug, Serialize)]
pub struct BaselineReport<'a> {
    /// The baseline file, as given.
    pub file: &'a str,
    /// Findings the baseline holds: reported here, not among `findings`.
    pub findings: Outcomes<'a, Finding<'a>>,
    /// Baseline entries that no finding matches any more (fixed, or
    /// changed beyond recognition): the baseline can be written again.
    pub absent: &'a [BaselineEntry],
}

/// A file a scan passed over.
#[derive(Debug, Serialize)]
pub struct SkippedFile<'a> {
    /// The file, as displayed.
    pub file: &'a str,
    /// Why.
    pub reason: &'static str,
}

/// The tool that wrote a report.
#[derive(Debug, Serialize)]
pub struct Tool {
    /// `chanto`.
    pub name: &'static str,
    /// Its version.
    pub version: &'static str,
}

/// How much a scan read.
#[derive(Debug, Serialize)]
pub struct Scanned {
    /// Files that contributed at least one resource.
    pub files: usize,
    /// AKS clusters.
    pub clusters: usize,
    /// Node pools, inline or separate.
    pub node_pools: usize,
    /// Kubernetes objects.
    pub objects: usize,
    /// Azure resources other than clusters and pools (registry, firewall…).
    pub azure_resources: usize,
    /// Walked files holding nothing chanto reads.
    pub skipped: usize,
    /// Of those, parts the inputs use that were not read (a remote module
    /// `terraform init` has not installed, a chart not rendered): their
    /// resources are not scanned.
    pub not_followed: usize,
}

/// Counts of a scan's verdicts; findings by severity after overrides.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Findings not suppressed.
    pub findings: usize,
    /// Findings of kind `breakage`: hardening that will break the cluster.
    pub breakage: usize,
    /// Findings rated critical.
    pub critical: usize,
    /// Findings rated high.
    pub high: usize,
    /// Findings rated medium.
    pub medium: usize,
    /// Findings rated low.
    pub low: usize,
    /// Findings rated info.
    pub info: usize,
    /// Verdicts the inputs could not decide; never counted as passes.
    pub unknown: usize,
    /// Attestations to write (without a policy file); they fail nothing.
    pub todo: usize,
    /// Findings and unknowns the organisation suppressed.
    pub suppressed: usize,
    /// Findings the baseline holds (not counted in `findings`).
    pub in_baseline: usize,
    /// Subjects a rule's precondition excluded.
    pub not_applicable: usize,
    /// Subjects that passed a rule.
    pub passed: usize,
    /// Inputs that could not be read.
    pub errors: usize,
}

/// A finding: what is exposed, how bad, who owns the fix, and where.
#[derive(Debug, Serialize)]
pub struct Finding<'a> {
    /// The finding's identity: unique in the report, stable across line
    /// shifts and unrelated edits (what a baseline holds).
    pub id: Fingerprint,
    /// The rule's code, a public contract (`CN101`).
    pub code: &'static str,
    /// The rule's name.
    pub name: &'static str,
    /// Connectivity, cluster or auth.
    pub pillar: Pillar,
    /// The rule's severity, or the case's or the organisation's override.
    pub severity: Severity,
    /// Exposure, breakage or attestation.
    pub kind: Kind,
    /// Who owns the fix: provider, customer or shared.
    pub responsibility: Responsibility,
    /// The part of the cluster it is about, as the HTML picture draws it.
    pub component: Component,
    /// What is wrong, with the names involved.
    pub message: &'a str,
    /// The fix in one line.
    pub remediation: &'static str,
    /// What the finding is about.
    pub resource: ResourceRef<'a>,
    /// The cluster it belongs to (a cluster's or a node pool's finding), as
    /// reports name it; `null` for what is not tied to one cluster.
    pub cluster: Option<&'a str>,
    /// The field a user edits.
    pub location: Location<'a>,
}

/// One framework's controls, judged (`--framework`).
#[derive(Debug, Serialize)]
pub struct FrameworkSection {
    /// The framework's name (`cis-aks`).
    pub framework: Framework,
    /// What it is, with its version.
    pub title: &'static str,
    /// Every control, in the framework's order.
    pub controls: Vec<ControlVerdict>,
}

/// A control's verdict, from the verdicts of the rules that answer it: any
/// finding fails it, else any unknown leaves it unknown, else a pass passes.
#[derive(Debug, Serialize)]
pub struct ControlVerdict {
    /// The control's ID in its framework (`4.1.1`, `CKV_K8S_16`).
    pub id: String,
    /// Its title, as the framework words it (empty where it has none).
    pub title: String,
    /// Its verdict.
    pub status: ControlStatus,
    /// The chanto rules that answer it.
    pub rules: Vec<String>,
    /// Findings of those rules (not suppressed).
    pub findings: usize,
    /// Unknowns of those rules.
    pub unknown: usize,
    /// Why no rule answers it, when none does.
    pub reason: Option<String>,
}

/// How a control stands in this scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ControlStatus {
    /// A rule that answers it has a finding.
    Fail,
    /// No finding, and a rule that answers it could not decide.
    Unknown,
    /// Every subject its rules judged passed (or fell outside them).
    Pass,
    /// Every subject fell outside the rules' preconditions.
    NotApplicable,
    /// Nothing among the inputs was what the rules judge.
    NotEvaluated,
    /// No rule answers it (a benchmark control on node files).
    NotAnswered,
    /// A peer check chanto leaves out, with why.
    OutOfScope,
}

crate::rules::meta::display_as_serde_name!(ControlStatus);

/// A verdict the inputs could not decide, and what is missing.
#[derive(Debug, Serialize)]
pub struct UnknownVerdict<'a> {
    /// The verdict's identity, as for findings.
    pub id: Fingerprint,
    /// The rule's code.
    pub code: &'static str,
    /// The rule's name.
    pub name: &'static str,
    /// The rule's pillar.
    pub pillar: Pillar,
    /// What the verdict is about.
    pub resource: ResourceRef<'a>,
    /// The cluster it belongs to, as for findings.
    pub cluster: Option<&'a str>,
    /// What the input does not say.
    pub reason: &'a str,
    /// The field or block that leaves it open.
    pub location: Location<'a>,
}

/// A place in a scanned file, 1-based.
#[derive(Debug, Clone, Serialize)]
pub struct Location<'a> {
    /// The file, as displayed.
    pub file: &'a str,
    /// The line.
    pub line: u32,
    /// The column.
    pub column: u32,
}

impl<'a> Report<'a> {
    /// How many files were skipped and why, in one line; what was not
    /// followed is listed on its own and left out.
    pub fn skipped_summary(&self) -> Option<String> {
        let skipped: Vec<&SkippedFile> = self
            .skipped
            .iter()
            .filter(|s| !crate::model::is_not_followed(s.reason))
            .collect();
        if skipped.is_empty() {
            return None;
        }
        let mut reasons: Vec<(&str, usize)> = Vec::new();
        for skipped in &skipped {
            match reasons.iter_mut().find(|(r, _)| *r == skipped.reason) {
                Some((_, n)) => *n += 1,
                None => reasons.push((skipped.reason, 1)),
            }
        }
        let reasons: Vec<String> = reasons.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        Some(format!(
            "skipped {} file(s) ({})",
            skipped.len(),
            reasons.join("; ")
        ))
    }

    /// The report of `result`, borrowing from it.
    pub fn new(result: &'a ScanResult) -> Report<'a> {
        let inventory = &result.inventory;
        let findings = Outcomes::new(result, finding);
        let todo: Vec<ToDo> = result
            .todo
            .iter()
            .filter_map(|o| match &o.evaluation.verdict {
                Verdict::Fail { message, .. } => Some(ToDo {
                    code: o.rule.code,
                    name: o.rule.name,
                    title: o.rule.title,
                    resource: inventory.resource(o.evaluation.subject),
                    cluster: cluster_label(inventory, o.evaluation.subject),
                    message,
                }),
                Verdict::Unknown { .. } => None,
            })
            .collect();
        let unknown = Outcomes::new(result, unknown);
        let suppressed = Outcomes::new(result, suppressed);
        let baseline = result.baseline.as_ref().map(|state| BaselineReport {
            file: &state.file,
            findings: Outcomes::new(result, baseline_finding),
            absent: &state.absent,
        });
        let mut summary = Summary {
            findings: findings.len(),
            unknown: unknown.len(),
            todo: todo.len(),
            suppressed: suppressed.len(),
            in_baseline: baseline.as_ref().map_or(0, |b| b.findings.len()),
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
                not_followed: result
                    .skipped
                    .iter()
                    .filter(|(_, reason)| crate::model::is_not_followed(reason))
                    .count(),
            },
            summary,
            findings,
            unknown,
            todo,
            suppressed,
            baseline,
            errors: &result.errors,
            policy_errors: &result.policy_errors,
            skipped: result
                .skipped
                .iter()
                .map(|(file, reason)| SkippedFile { file, reason })
                .collect(),
            config: result.config_file.as_deref(),
            policy: &result.requirements,
            policy_by_cluster: &result.requirements_by_cluster,
            waivers: &result.waivers,
            attestations: &result.attestations,
            frameworks: Vec::new(),
            tallies: &result.tallies,
            worst_first: std::cell::OnceCell::new(),
        }
    }

    /// Adds a section per framework: each control judged on the verdicts of
    /// the rules that answer it.
    pub fn with_frameworks(mut self, frameworks: &[Framework]) -> Report<'a> {
        self.frameworks = frameworks
            .iter()
            .map(|&framework| self.framework_section(framework))
            .collect();
        self
    }

    fn framework_section(&self, framework: Framework) -> FrameworkSection {
        // Counted once per rule, not once per control.
        let mut counts: std::collections::HashMap<&str, (usize, usize)> =
            std::collections::HashMap::new();
        for f in self.findings.iter() {
            counts.entry(f.code).or_default().0 += 1;
        }
        for u in self.unknown.iter() {
            counts.entry(u.code).or_default().1 += 1;
        }
        let controls = crate::data::builtin()
            .frameworks
            .controls(framework)
            .map(|control| {
                let count = |code: &String, of: &dyn Fn(&str) -> usize| of(code.as_str());
                let findings = |code: &str| counts.get(code).map_or(0, |c| c.0);
                let unknown = |code: &str| counts.get(code).map_or(0, |c| c.1);
                let tally = |code: &str| {
                    self.tallies
                        .iter()
                        .find(|(c, _)| *c == code)
                        .map(|(_, t)| *t)
                        .unwrap_or_default()
                };
                let rules = control.rules();
                let failed: usize = rules.iter().map(|c| count(c, &findings)).sum();
                let undecided: usize = rules.iter().map(|c| count(c, &unknown)).sum();
                let passed: usize = rules.iter().map(|c| tally(c).passed).sum();
                let not_applicable: usize = rules.iter().map(|c| tally(c).not_applicable).sum();
                let (status, reason) = match &control.answer {
                    Answer::NotAnswered(why) if framework.is_peer() => {
                        (ControlStatus::OutOfScope, Some(why.clone()))
                    }
                    Answer::NotAnswered(why) => (ControlStatus::NotAnswered, Some(why.clone())),
                    Answer::Rules(_) if failed > 0 => (ControlStatus::Fail, None),
                    Answer::Rules(_) if undecided > 0 => (ControlStatus::Unknown, None),
                    Answer::Rules(_) if passed > 0 => (ControlStatus::Pass, None),
                    Answer::Rules(_) if not_applicable > 0 => (ControlStatus::NotApplicable, None),
                    Answer::Rules(_) => (ControlStatus::NotEvaluated, None),
                };
                ControlVerdict {
                    id: control.id.clone(),
                    title: control.title.clone(),
                    status,
                    rules: rules.to_vec(),
                    findings: failed,
                    unknown: undecided,
                    reason,
                }
            })
            .collect();
        FrameworkSection {
            framework,
            title: framework.title(),
            controls,
        }
    }

    /// Each cluster with its findings by severity and its unknowns, the
    /// worst first (most critical, then most high, …), when the report
    /// holds more than one cluster; empty otherwise.
    pub fn cluster_counts(&self) -> Vec<ClusterCount<'a>> {
        let labels = &self.findings.result.inventory.cluster_labels;
        if labels.len() < 2 {
            return Vec::new();
        }
        let mut counts: Vec<ClusterCount<'a>> = labels
            .iter()
            .map(|label| ClusterCount {
                cluster: label.as_str(),
                by_severity: [0; Severity::ALL.len()],
                unknown: 0,
            })
            .collect();
        let index: std::collections::HashMap<&str, usize> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        for f in self.findings.iter() {
            let severity = Severity::ALL.iter().position(|s| *s == f.severity);
            if let (Some(i), Some(s)) = (f.cluster.and_then(|c| index.get(c)), severity) {
                counts[*i].by_severity[s] += 1;
            }
        }
        for u in self.unknown.iter() {
            if let Some(i) = u.cluster.and_then(|c| index.get(c)) {
                counts[*i].unknown += 1;
            }
        }
        // Stable: clusters alike keep the order they were read in.
        counts.sort_by_key(|c| std::cmp::Reverse(c.by_severity));
        counts
    }

    /// The per-cluster policy matrix, the clusters that fail the most
    /// requirements first (a violation outweighs any number of unknowns);
    /// alike clusters keep the order they were read in.
    pub fn policy_by_cluster_worst_first(&self) -> Vec<&'a ClusterCompliance> {
        let mut rows: Vec<&ClusterCompliance> = self.policy_by_cluster.iter().collect();
        rows.sort_by_key(|c| {
            let count = |wanted: &[Status]| {
                c.requirements
                    .iter()
                    .filter(|r| r.status.is_some_and(|s| wanted.contains(&s)))
                    .count()
            };
            std::cmp::Reverse((
                count(&[Status::Violated, Status::Stale]),
                count(&[Status::Unknown]),
            ))
        });
        rows
    }

    /// Per requirement of the matrix: how many clusters do not meet it
    /// (violated, stale or unknown), of those it was judged for.
    pub fn policy_failing_clusters(&self) -> Vec<(usize, usize)> {
        let width = self.policy.len();
        let mut totals = vec![(0, 0); width];
        for c in self.policy_by_cluster {
            for (total, r) in totals.iter_mut().zip(&c.requirements) {
                if let Some(status) = r.status {
                    total.1 += 1;
                    if status >= Status::Unknown {
                        total.0 += 1;
                    }
                }
            }
        }
        totals
    }

    /// Each rule with findings, by its worst severity, then most findings,
    /// then code: bounded by the catalogue however many findings there are.
    pub fn rule_counts(&self) -> Vec<RuleCount> {
        let mut counts: Vec<RuleCount> = Vec::new();
        for f in self.findings.iter() {
            match counts.iter_mut().find(|c| c.code == f.code) {
                Some(c) => {
                    c.count += 1;
                    c.worst = c.worst.max(f.severity);
                }
                None => counts.push(RuleCount {
                    code: f.code,
                    name: f.name,
                    worst: f.severity,
                    count: 1,
                }),
            }
        }
        counts.sort_by(|a, b| {
            b.worst
                .cmp(&a.worst)
                .then(b.count.cmp(&a.count))
                .then(a.code.cmp(b.code))
        });
        counts
    }

    /// The findings as people read them: by severity (critical first),
    /// then rule code, resource and location. `findings` (and the JSON
    /// contract) keep the scan's order: file, line, code, resource.
    pub fn findings_worst_first(&self) -> impl Iterator<Item = Finding<'a>> + '_ {
        let result = self.findings.result;
        self.worst_first
            .get_or_init(|| worst_first(result))
            .iter()
            .filter_map(move |i| finding(result, *i as usize))
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
    view: View<'a, T>,
}

/// What one kind of verdict shows of the outcome at an index, if it is one.
type View<'a, T> = fn(&'a ScanResult, usize) -> Option<T>;

impl<'a, T: 'a> Outcomes<'a, T> {
    fn new(result: &'a ScanResult, view: View<'a, T>) -> Self {
        let len = (0..result.outcomes.len())
            .filter(|i| view(result, *i).is_some())
            .count();
        Outcomes { result, len, view }
    }

    /// In the scan's order: file, line, code, subject.
    pub fn iter(&self) -> impl Iterator<Item = T> + 'a {
        let (result, view) = (self.result, self.view);
        (0..result.outcomes.len()).filter_map(move |i| view(result, i))
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
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

/// A resource's name as people read it: a fleet's cluster whose name
/// another shares (its label says more than its name), and that cluster's
/// node pools, carry what tells them apart. JSON keeps the plain name and
/// `cluster` beside it.
pub fn shown_name<'n>(name: &'n str, cluster: Option<&str>) -> Cow<'n, str> {
    let Some((plain, apart)) = cluster.and_then(|label| label.split_once(" (")) else {
        return Cow::Borrowed(name);
    };
    let own = name == plain
        || name
            .strip_prefix(plain)
            .is_some_and(|rest| rest.starts_with('/'));
    if own {
        Cow::Owned(format!("{name} ({apart}"))
    } else {
        Cow::Borrowed(name)
    }
}

/// One cluster's findings and unknowns in a fleet's report.
#[derive(Debug, Clone)]
pub struct ClusterCount<'a> {
    /// The cluster, as reports name it.
    pub cluster: &'a str,
    /// Its findings by severity, in [`Severity::ALL`]'s order.
    pub by_severity: [usize; Severity::ALL.len()],
    /// Its verdicts the inputs could not decide.
    pub unknown: usize,
}

/// One rule's findings in a report: what aggregated views show.
#[derive(Debug, Clone, Copy)]
pub struct RuleCount {
    /// The rule's code.
    pub code: &'static str,
    /// The rule's name.
    pub name: &'static str,
    /// The worst severity among its findings.
    pub worst: Severity,
    /// How many findings it has.
    pub count: usize,
}

/// The indices of the findings a report shows, worst first, then by rule
/// code, resource, file and line; 4 bytes each, so a large report is
/// ordered without a second copy of its findings.
fn worst_first(result: &ScanResult) -> Vec<u32> {
    let mut order: Vec<u32> = (0..result.outcomes.len())
        .filter(|i| finding(result, *i).is_some())
        .filter_map(|i| u32::try_from(i).ok())
        .collect();
    order.sort_by_cached_key(|i| {
        let f = finding(result, *i as usize).map(|f| {
            (
                std::cmp::Reverse(f.severity),
                f.code,
                f.resource.kind,
                f.resource.namespace,
                f.resource.name,
                f.location.file,
                f.location.line,
                f.location.column,
            )
        });
        (f, *i)
    });
    order
}

/// The outcome at `index` and its identity.
fn at(result: &ScanResult, index: usize) -> (&Outcome, Fingerprint) {
    let id = result
        .fingerprints
        .get(index)
        .copied()
        .unwrap_or(Fingerprint::default());
    (&result.outcomes[index], id)
}

/// Whether the baseline holds the finding at `index`.
fn known(result: &ScanResult, index: usize) -> bool {
    result
        .baseline
        .as_ref()
        .is_some_and(|b| b.known.get(index).copied().unwrap_or(false))
}

/// A finding the report shows: not suppressed, not in the baseline.
fn finding(result: &ScanResult, index: usize) -> Option<Finding<'_>> {
    (!known(result, index))
        .then(|| any_finding(result, index))
        .flatten()
}

/// A finding the baseline holds.
fn baseline_finding(result: &ScanResult, index: usize) -> Option<Finding<'_>> {
    known(result, index)
        .then(|| any_finding(result, index))
        .flatten()
}

fn any_finding(result: &ScanResult, index: usize) -> Option<Finding<'_>> {
    let (outcome, id) = at(result, index);
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
        id,
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
        cluster: cluster_label(inventory, subject),
        location: location(inventory, *loc),
    })
}

/// The label of the cluster a subject belongs to.
fn cluster_label(
    inventory: &crate::model::Inventory,
    subject: crate::model::Subject,
) -> Option<&str> {
    inventory
        .cluster_of(subject)
        .and_then(|c| inventory.cluster_labels.get(c))
        .map(String::as_str)
}

fn unknown(result: &ScanResult, index: usize) -> Option<UnknownVerdict<'_>> {
    let (outcome, id) = at(result, index);
    let Verdict::Unknown { reason, loc } = &outcome.evaluation.verdict else {
        return None;
    };
    if outcome.suppression.is_some() {
        return None;
    }
    let rule = outcome.rule;
    let inventory = &result.inventory;
    Some(UnknownVerdict {
        id,
        code: rule.code,
        name: rule.name,
        pillar: rule.pillar,
        resource: inventory.resource(outcome.evaluation.subject),
        cluster: cluster_label(inventory, outcome.evaluation.subject),
        reason,
        location: location(inventory, *loc),
    })
}

fn suppressed(result: &ScanResult, index: usize) -> Option<SuppressedFinding<'_>> {
    let (outcome, id) = at(result, index);
    let suppression = outcome.suppression.as_ref()?;
    let (message, loc) = match &outcome.evaluation.verdict {
        Verdict::Fail { message, loc, .. } => (Cow::Borrowed(message.as_str()), *loc),
        Verdict::Unknown { reason, loc } => (Cow::Owned(format!("unknown: {reason}")), *loc),
    };
    let rule = outcome.rule;
    let inventory = &result.inventory;
    Some(SuppressedFinding {
        id,
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

    /// The findings rated `severity`.
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
