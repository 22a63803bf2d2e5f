//! Markdown sized for a pull-request comment: a summary table by pillar and
//! severity, every rule with its count, the policy verdicts, then findings
//! (worst first, with their fix and owner) grouped by pillar in collapsible
//! sections, cut with what was cut counted past a limit, then unknowns and
//! attestations to write.

use std::io::{self, Write};

use super::text::{markdown_cell as cell, markdown_code as code};
use super::{ControlStatus, Report, shown_name};
use crate::rules::{Pillar, Severity};

/// Findings listed per pillar before the rest are counted instead.
const LIMIT_PER_PILLAR: usize = 25;

/// GitHub refuses comments over 65,536 characters; finding rows stop short
/// of it, leaving room for the sections after them.
const COMMENT_BUDGET: usize = 56_000;

/// Counts what passes through, so rows can stop before the comment limit.
struct Counted<W> {
    inner: W,
    written: usize,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Where `severity` sits in [`Severity::ALL`].
fn severity_rank(severity: Severity) -> usize {
    Severity::ALL
        .iter()
        .position(|s| *s == severity)
        .unwrap_or(0)
}

/// Clusters a fleet's summary lists; the rest are counted in one line, so a
/// fleet of thousands stays within a comment.
const MAX_CLUSTER_ROWS: usize = 50;

/// A fleet's clusters, the worst first, with their findings by severity
/// and unknowns.
fn write_cluster_counts(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let clusters = report.cluster_counts();
    if clusters.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<details><summary>By cluster — {} clusters</summary>\n\n| cluster | critical | high | medium | low | unknown |\n|---|---:|---:|---:|---:|---:|",
        clusters.len()
    )?;
    for c in clusters.iter().take(MAX_CLUSTER_ROWS) {
        let [critical, high, medium, low, _] = c.by_severity;
        writeln!(
            out,
            "| {} | {critical} | {high} | {medium} | {low} | {} |",
            cell(c.cluster),
            c.unknown
        )?;
    }
    if clusters.len() > MAX_CLUSTER_ROWS {
        writeln!(
            out,
            "\n{} more clusters, with fewer findings, are in the JSON report.",
            clusters.len() - MAX_CLUSTER_ROWS
        )?;
    }
    writeln!(out, "\n</details>\n")
}

/// A fleet's policy matrix: clusters failing the most first, each
/// requirement as the cluster's own resources decide it (— where only the
/// fleet's resources do), then how many clusters do not meet each.
fn write_policy_by_cluster(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let rows = report.policy_by_cluster_worst_first();
    if rows.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = report.policy.iter().map(|r| cell(&r.id)).collect();
    writeln!(
        out,
        "<details><summary>Policy by cluster — {} clusters</summary>\n\n| cluster | {} |\n|---|{}",
        rows.len(),
        ids.join(" | "),
        "---|".repeat(ids.len())
    )?;
    for c in rows.iter().take(MAX_CLUSTER_ROWS) {
        let statuses: Vec<String> = c
            .requirements
            .iter()
            .map(|r| r.status.map_or_else(|| "—".to_string(), |s| s.to_string()))
            .collect();
        writeln!(out, "| {} | {} |", cell(&c.cluster), statuses.join(" | "))?;
    }
    let totals: Vec<String> = report
        .policy_failing_clusters()
        .iter()
        .map(|(failing, judged)| match judged {
            0 => "—".to_string(),
            _ => format!("{failing} of {judged}"),
        })
        .collect();
    writeln!(out, "| **not met by** | {} |", totals.join(" | "))?;
    if rows.len() > MAX_CLUSTER_ROWS {
        writeln!(
            out,
            "\n{} more clusters, meeting more of the policy, are in the JSON report.",
            rows.len() - MAX_CLUSTER_ROWS
        )?;
    }
    writeln!(out, "\n</details>\n")
}

/// One row per rule with findings, worst first then most frequent: every
/// rule and its count survive however many rows are cut below, and the
/// table is bounded by the catalogue, not by the findings.
fn write_rule_counts(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let rules = report.rule_counts();
    if rules.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<details><summary>By rule — {} rule(s) with findings</summary>\n\n| rule | worst | findings | explain |\n|---|---|---:|---|",
        rules.len()
    )?;
    for r in rules {
        writeln!(
            out,
            "| {code} {} | {} | {} | `chanto explain {code}` |",
            r.name,
            r.worst.as_str(),
            r.count,
            code = r.code
        )?;
    }
    writeln!(out, "\n</details>\n")
}

/// A collapsible section of `count` table rows under `header`, nothing
/// when there are none, cut with a count before the comment's budget.
fn write_section<W: Write>(
    out: &mut Counted<W>,
    summary: &str,
    header: &str,
    count: usize,
    rows: impl Iterator<Item = String>,
) -> io::Result<()> {
    if count == 0 {
        return Ok(());
    }
    writeln!(out, "<details><summary>{summary}</summary>\n\n{header}")?;
    for (shown, row) in rows.enumerate() {
        if out.written + row.len() > COMMENT_BUDGET {
            writeln!(out, "\n…and {} more.", count - shown)?;
            break;
        }
        writeln!(out, "{row}")?;
    }
    writeln!(out, "\n</details>\n")
}

pub fn write(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let out = &mut Counted {
        inner: out,
        written: 0,
    };
    writeln!(out, "## chanto: security posture\n")?;
    let severities = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];
    writeln!(
        out,
        "| pillar | critical | high | medium | low |\n|---|---:|---:|---:|---:|"
    )?;
    let mut counts = [[0usize; 4]; Pillar::ALL.len()];
    for f in report.findings.iter() {
        let pillar = Pillar::ALL.iter().position(|p| *p == f.pillar);
        let severity = severities.iter().position(|s| *s == f.severity);
        if let (Some(p), Some(s)) = (pillar, severity) {
            counts[p][s] += 1;
        }
    }
    for (pillar, counts) in Pillar::ALL.iter().zip(counts) {
        let counts = counts.map(|c| c.to_string());
        writeln!(out, "| {} | {} |", pillar.title(), counts.join(" | "))?;
    }
    let s = &report.summary;
    let baseline = report
        .baseline
        .as_ref()
        .map(|b| {
            format!(
                ", {} in the baseline ({} of its entries no longer found)",
                b.findings.len(),
                b.absent.len()
            )
        })
        .unwrap_or_default();
    writeln!(
        out,
        "\n{} finding(s), {} unknown, {} suppressed, {} error(s){baseline} · as of {}\n",
        s.findings, s.unknown, s.suppressed, s.errors, report.as_of
    )?;
    write_cluster_counts(report, out)?;
    write_rule_counts(report, out)?;
    if !report.policy.is_empty() {
        writeln!(out, "| requirement | status |\n|---|---|")?;
        for r in report.policy {
            writeln!(out, "| {} {} | {} |", r.id, cell(&r.title), r.status)?;
        }
        writeln!(out)?;
        write_policy_by_cluster(report, out)?;
    }
    for pillar in Pillar::ALL {
        let count = report
            .findings
            .iter()
            .filter(|f| f.pillar == pillar)
            .count();
        if count == 0 {
            continue;
        }
        writeln!(
            out,
            "<details><summary>{} — {} finding(s)</summary>\n\n| severity | code | resource | where | finding and fix (owner) |\n|---|---|---|---|---|",
            pillar.title(),
            count
        )?;
        let listed = report.findings_worst_first().filter(|f| f.pillar == pillar);
        let mut shown = 0;
        for f in listed.take(LIMIT_PER_PILLAR) {
            let row = format!(
                "| {} | {} | {} | {} | {}<br>Fix ({}): {} |",
                f.severity.as_str(),
                f.code,
                cell(&shown_name(&f.resource.name, f.cluster)),
                code(&format!("{}:{}", f.location.file, f.location.line)),
                cell(f.message),
                f.responsibility,
                cell(f.remediation)
            );
            if out.written + row.len() > COMMENT_BUDGET {
                break;
            }
            writeln!(out, "{row}")?;
            shown += 1;
        }
        if count > shown {
            // Rows run worst first, so what is cut is the least severe.
            let mut dropped = [0usize; 5];
            for f in report
                .findings_worst_first()
                .filter(|f| f.pillar == pillar)
                .skip(shown)
            {
                dropped[severity_rank(f.severity)] += 1;
            }
            let by_severity: Vec<String> = Severity::ALL
                .iter()
                .filter(|s| dropped[severity_rank(**s)] > 0)
                .map(|s| format!("{} {}", dropped[severity_rank(*s)], s.as_str()))
                .collect();
            writeln!(
                out,
                "\n…and {} more ({}); the rule counts above include them.",
                count - shown,
                by_severity.join(", ")
            )?;
        }
        writeln!(out, "\n</details>\n")?;
    }
    let unknown = report.unknown.iter().map(|u| {
        format!(
            "| {} | {} | {} | {} |",
            u.code,
            cell(&shown_name(&u.resource.name, u.cluster)),
            code(&format!("{}:{}", u.location.file, u.location.line)),
            cell(u.reason)
        )
    });
    write_section(
        out,
        &format!(
            "Unknown — {} verdict(s) the inputs cannot tell (never counted as passed)",
            report.unknown.len()
        ),
        "| code | resource | where | what is missing |\n|---|---|---|---|",
        report.unknown.len(),
        unknown,
    )?;
    let todo = report.todo.iter().map(|t| {
        format!(
            "| {} | {} | {} |",
            t.code,
            cell(&shown_name(&t.resource.name, t.cluster)),
            cell(t.title)
        )
    });
    write_section(
        out,
        &format!(
            "To do — {} attestation(s) to write in chanto.yaml (they fail nothing yet)",
            report.todo.len()
        ),
        "| code | resource | attest that |\n|---|---|---|",
        report.todo.len(),
        todo,
    )?;
    for section in &report.frameworks {
        let rows = section.controls.iter().map(|c| {
            format!(
                "| {} | {} | {} | {} |",
                cell(&c.id),
                c.status,
                c.rules.join(" "),
                cell(c.reason.as_deref().unwrap_or(&c.title))
            )
        });
        let failing = section
            .controls
            .iter()
            .filter(|c| c.status == ControlStatus::Fail)
            .count();
        write_section(
            out,
            &format!(
                "{} — {failing} of {} control(s) failing",
                section.title,
                section.controls.len()
            ),
            "| control | status | rules | title |\n|---|---|---|---|",
            section.controls.len(),
            rows,
        )?;
    }
    Ok(())
}
