//! SARIF 2.1.0 for code-scanning UIs: every rule with its documentation and a
//! numeric `security-severity`, results at the exact region, suppressed
//! findings as SARIF suppressions, paths relative to `originalUriBaseIds`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;
use serde_sarif::sarif;

use super::text::uri_path;
use super::{Finding, Location, Report, SuppressedFinding, UnknownVerdict};
use crate::model::ResourceRef;
use crate::rules::{self, RuleMeta, Severity, SuppressedBy};
use crate::scan::Fingerprint;

/// The base result paths are relative to: the report's root (the
/// repository's top level by default). GitHub resolves the relative `uri`
/// against the repository and ignores the base; other tools read it.
pub const ROOT: &str = "%SRCROOT%";

/// Writes the SARIF log for `report`; `root_uri` is the scanned root as a
/// `file://` URI ending in `/`. Results are built one at a time as they are
/// written, so a large report is never held a second time as SARIF.
pub fn write(report: &Report, root_uri: &str, out: &mut impl Write) -> io::Result<()> {
    let registry = rules::registry();
    let driver = sarif::ToolComponent::builder()
        .name(report.tool.name)
        .version(report.tool.version)
        .rules(
            registry
                .iter()
                .map(|r| descriptor(&r.meta))
                .collect::<Vec<_>>(),
        )
        .build();
    let mut bases = BTreeMap::new();
    bases.insert(
        ROOT.to_string(),
        sarif::ArtifactLocation::builder().uri(root_uri).build(),
    );
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .original_uri_base_ids(bases);
    // With `--framework`: each control's verdict, in the run's property bag.
    let run = if report.frameworks.is_empty() {
        run.build()
    } else {
        run.properties(bag(
            &[],
            [(
                "frameworks",
                serde_json::to_value(&report.frameworks).map_err(io::Error::from)?,
            )],
        ))
        .build()
    };
    let log = Log {
        schema: sarif::SCHEMA_URL,
        version: sarif::Version::V2_1_0,
        runs: [Run {
            run,
            results: Results(report),
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// `sarif::Sarif` with its one run's results streamed.
#[derive(Serialize)]
struct Log<'r, 'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: sarif::Version,
    runs: [Run<'r, 'a>; 1],
}

#[derive(Serialize)]
struct Run<'r, 'a> {
    #[serde(flatten)]
    run: sarif::Run,
    results: Results<'r, 'a>,
}

struct Results<'r, 'a>(&'r Report<'a>);

impl Serialize for Results<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        // With a baseline, each finding says whether it is new or one the
        // baseline holds (`unchanged`), which gates nothing.
        let (new, unchanged) = match &report.baseline {
            Some(_) => (
                Some(sarif::ResultBaselineState::New),
                Some(sarif::ResultBaselineState::Unchanged),
            ),
            None => (None, None),
        };
        let findings = report.findings.iter().map(|f| finding(&f, new.as_ref()));
        let unknown = report.unknown.iter().map(|u| unknown(&u));
        let suppressed = report.suppressed.iter().map(|s| suppressed(&s));
        let in_baseline = report
            .baseline
            .iter()
            .flat_map(|b| b.findings.iter())
            .map(|f| finding(&f, unchanged.as_ref()));
        serializer.collect_seq(findings.chain(unknown).chain(suppressed).chain(in_baseline))
    }
}

/// The rule's position in the driver's rule list.
fn rule_index(code: &str) -> i64 {
    rules::registry()
        .iter()
        .position(|r| r.meta.code == code)
        .and_then(|i| i64::try_from(i).ok())
        .unwrap_or(-1)
}

fn finding(f: &Finding, baseline: Option<&sarif::ResultBaselineState>) -> sarif::Result {
    let result = sarif::Result::builder()
        .rule_id(f.code)
        .rule_index(rule_index(f.code))
        .level(level(f.severity))
        .message(f.message)
        .locations(vec![location(&f.location, &f.resource)])
        .partial_fingerprints(fingerprint(f.id))
        .properties(bag(
            &[],
            [
                ("severity", Value::from(f.severity.as_str())),
                ("resourceType", Value::from(f.resource.kind)),
            ],
        ));
    match baseline {
        Some(state) => result
            .baseline_state(Value::from(state.to_string()))
            .build(),
        None => result.build(),
    }
}

fn unknown(u: &UnknownVerdict) -> sarif::Result {
    sarif::Result::builder()
        .rule_id(u.code)
        .rule_index(rule_index(u.code))
        .kind(sarif::ResultKind::Review)
        .level(sarif::ResultLevel::Note)
        .message(format!("unknown: {}", u.reason).as_str())
        .locations(vec![location(&u.location, &u.resource)])
        .partial_fingerprints(fingerprint(u.id))
        .build()
}

fn suppressed(s: &SuppressedFinding) -> sarif::Result {
    let kind = match s.suppressed_by {
        SuppressedBy::Annotation => sarif::SupressionKind::InSource,
        SuppressedBy::Waiver | SuppressedBy::DefaultExemption => sarif::SupressionKind::External,
    };
    let severity = rules::find(s.code).map_or(Severity::Info, |r| r.meta.severity);
    sarif::Result::builder()
        .rule_id(s.code)
        .rule_index(rule_index(s.code))
        .level(level(severity))
        .message(&*s.message)
        .locations(vec![location(&s.location, &s.resource)])
        .partial_fingerprints(fingerprint(s.id))
        .suppressions(vec![
            sarif::Suppression::builder()
                .kind(kind.to_string())
                .justification(s.reason)
                .build(),
        ])
        .build()
}

fn level(severity: Severity) -> sarif::ResultLevel {
    match severity {
        Severity::Critical | Severity::High => sarif::ResultLevel::Error,
        Severity::Medium => sarif::ResultLevel::Warning,
        Severity::Low | Severity::Info => sarif::ResultLevel::Note,
    }
}

/// What code-scanning UIs rank by (GitHub: ≥9 critical, ≥7 high, ≥4 medium).
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "7.5",
        Severity::Medium => "5.0",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn descriptor(m: &RuleMeta) -> sarif::ReportingDescriptor {
    let doc = m.documentation();
    let what = doc
        .split("## ")
        .find_map(|section| section.strip_prefix("What it checks"))
        .map(str::trim)
        .unwrap_or(m.title);
    let help_uri = doc
        .lines()
        .find_map(|l| l.trim().strip_prefix("- http"))
        .map(|rest| format!("http{rest}"));
    let mut tags = vec!["security".to_string(), m.pillar.to_string()];
    if let Some(profile) = m.profile {
        tags.push(format!("pod-security-{profile}"));
    }
    // The framework controls and peer checks the rule answers, as
    // `cis-aks/4.1.1` or `checkov/CKV_K8S_16`: code scanning filters on tags.
    tags.extend(
        crate::data::builtin()
            .frameworks
            .of_rule(m.code)
            .map(|c| format!("{}/{}", c.framework, c.id)),
    );
    let builder = sarif::ReportingDescriptor::builder()
        .id(m.code)
        .name(m.name)
        .short_description(&m.title.to_string())
        .full_description(&what.to_string())
        .help(
            sarif::MultiformatMessageString::builder()
                .text(doc.as_str())
                .markdown(doc.as_str())
                .build(),
        )
        .default_configuration(
            sarif::ReportingConfiguration::builder()
                .level(Value::from(level(m.severity).to_string()))
                .build(),
        )
        .properties(bag(
            &tags,
            [
                (
                    "security-severity",
                    Value::from(security_severity(m.severity)),
                ),
                ("pillar", Value::from(m.pillar.to_string())),
                ("kind", Value::from(m.kind.to_string())),
                ("responsibility", Value::from(m.responsibility.to_string())),
                ("since", Value::from(m.since)),
                ("status", Value::from(m.status.to_string())),
                ("component", Value::from(m.component.to_string())),
            ],
        ));
    match help_uri {
        Some(uri) => builder.help_uri(uri).build(),
        None => builder.build(),
    }
}

fn bag<const N: usize>(tags: &[String], values: [(&str, Value); N]) -> sarif::PropertyBag {
    sarif::PropertyBag::builder()
        .tags(tags.to_vec())
        .additional_properties(
            values
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<BTreeMap<_, _>>(),
        )
        .build()
}

fn location(at: &Location, resource: &ResourceRef) -> sarif::Location {
    let region = sarif::Region::builder()
        .start_line(i64::from(at.line))
        .start_column(i64::from(at.column))
        .build();
    // A file outside the root keeps the name it was given: absolute ones
    // become `file://` URIs, which need no base.
    let artifact = if std::path::Path::new(at.file).is_absolute() {
        sarif::ArtifactLocation::builder()
            .uri(format!("file://{}", uri_path(at.file)))
            .build()
    } else {
        sarif::ArtifactLocation::builder()
            .uri(uri_path(at.file))
            .uri_base_id(ROOT)
            .build()
    };
    let physical = sarif::PhysicalLocation::builder()
        .artifact_location(artifact)
        .region(region)
        .build();
    let qualified = match &resource.namespace {
        Some(ns) => format!("{}/{ns}/{}", resource.kind, resource.name),
        None => format!("{}/{}", resource.kind, resource.name),
    };
    sarif::Location::builder()
        .physical_location(physical)
        .logical_locations(vec![
            sarif::LogicalLocation::builder()
                .name(&*resource.name)
                .fully_qualified_name(qualified)
                .kind("resource")
                .build(),
        ])
        .build()
}

/// The identity chanto gives each verdict: unique in the run, stable
/// across line shifts, so code scanning tracks one alert per finding.
fn fingerprint(id: Fingerprint) -> BTreeMap<String, String> {
    BTreeMap::from([("chantoId/v1".to_string(), id.to_string())])
}
