//! Markdown sized for a pull-request comment: a summary table by pillar and
//! severity, the policy verdicts, then findings grouped by pillar in
//! collapsible sections, truncated with a count past a limit.

use std::fmt::Write;

use super::Report;
use crate::rules::{Pillar, Severity};

/// Findings listed per pillar before the rest are counted instead.
const LIMIT_PER_PILLAR: usize = 25;

pub fn render(report: &Report) -> String {
    let mut out = String::from("## chanto: security posture\n\n");
    let severities = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];
    out.push_str("| pillar | critical | high | medium | low |\n|---|---:|---:|---:|---:|\n");
    for pillar in Pillar::ALL {
        let counts: Vec<String> = severities
            .iter()
            .map(|s| {
                report
                    .findings
                    .iter()
                    .filter(|f| f.pillar == pillar && f.severity == *s)
                    .count()
                    .to_string()
            })
            .collect();
        let _ = writeln!(out, "| {} | {} |", pillar.title(), counts.join(" | "));
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "\n{} finding(s), {} unknown, {} suppressed, {} error(s) · as of {}\n",
        s.findings, s.unknown, s.suppressed, s.errors, report.as_of
    );
    if !report.policy.is_empty() {
        out.push_str("| requirement | status |\n|---|---|\n");
        for r in report.policy {
            let _ = writeln!(out, "| {} {} | {} |", r.id, escape(&r.title), r.status);
        }
        out.push('\n');
    }
    for pillar in Pillar::ALL {
        let findings: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.pillar == pillar)
            .collect();
        if findings.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<details><summary>{} — {} finding(s)</summary>\n\n| severity | code | resource | where | finding |\n|---|---|---|---|---|",
            pillar.title(),
            findings.len()
        );
        for f in findings.iter().take(LIMIT_PER_PILLAR) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | `{}:{}` | {} |",
                f.severity.as_str(),
                f.code,
                escape(&f.resource.name),
                f.location.file,
                f.location.line,
                escape(f.message)
            );
        }
        if findings.len() > LIMIT_PER_PILLAR {
            let _ = writeln!(out, "\n…and {} more.", findings.len() - LIMIT_PER_PILLAR);
        }
        out.push_str("\n</details>\n\n");
    }
    out
}

/// Keeps table cells intact and HTML inert in a comment.
fn escape(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
