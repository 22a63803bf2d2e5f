//! The report for people: findings grouped by pillar, one line each with the
//! place to look, then what the input could not tell, errors and a summary.
//! Colour is written as ANSI codes; the caller's stream strips them where
//! colour is off (`NO_COLOR`, not a terminal, a file).

use std::fmt::Write as _;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::text::Visible;
use super::{Location, Report};
use crate::policy::compliance::Status;
use crate::rules::{Pillar, Severity};

/// How much the table shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableOptions {
    /// Findings and errors only.
    pub quiet: bool,
    /// Also skipped files and pass / not-applicable counts.
    pub verbose: bool,
    /// List suppressed findings, not only count them.
    pub show_suppressed: bool,
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

fn severity_style(severity: Severity) -> Style {
    let color = match severity {
        Severity::Critical => AnsiColor::BrightRed,
        Severity::High => AnsiColor::Red,
        Severity::Medium => AnsiColor::Yellow,
        Severity::Low => AnsiColor::Cyan,
        Severity::Info => AnsiColor::White,
    };
    let style = Style::new().fg_color(Some(color.into()));
    if severity == Severity::Critical {
        style.bold()
    } else {
        style
    }
}

fn at(location: &Location) -> String {
    format!("{}:{}", location.file, location.line)
}

pub fn write(report: &Report, options: TableOptions, out: &mut impl Write) -> io::Result<()> {
    let resource_width = report
        .findings
        .iter()
        .map(|f| f.resource.name.len())
        .max()
        .unwrap_or(0)
        .min(40);
    let location_width = report
        .findings
        .iter()
        .map(|f| at(&f.location).len())
        .max()
        .unwrap_or(0)
        .min(60);

    if !options.quiet {
        let s = &report.scanned;
        writeln!(
            out,
            "{DIM}chanto {} · {} file(s): {} cluster(s), {} node pool(s), {} Kubernetes object(s), {} other Azure resource(s) · as of {}{DIM:#}\n",
            report.tool.version,
            s.files,
            s.clusters,
            s.node_pools,
            s.objects,
            s.azure_resources,
            report.as_of
        )?;
    }
    // Before the findings: an organisation's own errors come first.
    if !report.policy_errors.is_empty() {
        let red = severity_style(Severity::High);
        writeln!(
            out,
            "{BOLD}Policy errors{BOLD:#} {DIM}(chanto.yaml and ignore annotations: fix them first){DIM:#}"
        )?;
        for e in report.policy_errors {
            writeln!(out, "  {red}error{red:#}  {}", Visible(&e.to_string()))?;
        }
        writeln!(out)?;
    }
    for pillar in Pillar::ALL {
        let none = !report.findings.iter().any(|f| f.pillar == pillar);
        if none && options.quiet {
            continue;
        }
        writeln!(out, "{BOLD}{}{BOLD:#}", pillar.title())?;
        if none {
            writeln!(out, "  {DIM}no findings{DIM:#}")?;
        }
        for f in report.findings.iter().filter(|f| f.pillar == pillar) {
            let style = severity_style(f.severity);
            writeln!(
                out,
                "  {style}{:<8}{style:#}  {BOLD}{}{BOLD:#}  {:<resource_width$}  {:<location_width$}  {}",
                f.severity.as_str(),
                f.code,
                Visible(&f.resource.name),
                Visible(&at(&f.location)),
                Visible(f.message),
            )?;
        }
        writeln!(out)?;
    }
    if !options.quiet && !report.policy.is_empty() {
        let source = report.config.unwrap_or("built-in profile P1–P6");
        writeln!(out, "{BOLD}Policy{BOLD:#} {DIM}({source}){DIM:#}")?;
        for r in report.policy {
            let style = status_style(r.status);
            let status = r.status.to_string();
            let mut detail = r
                .findings
                .iter()
                .take(4)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if r.findings.len() > 4 {
                let _ = write!(detail, " and {} more", r.findings.len() - 4);
            }
            if detail.is_empty() {
                detail = r.reasons.first().cloned().unwrap_or_default();
            }
            writeln!(
                out,
                "  {:<4} {style}{:<10}{style:#} {}  {DIM}{detail}{DIM:#}",
                r.id,
                status,
                Visible(&r.title),
                detail = Visible(&detail)
            )?;
        }
        writeln!(out)?;
    }
    if !options.quiet && !report.waivers.is_empty() {
        writeln!(out, "{BOLD}Waivers{BOLD:#}")?;
        for w in report.waivers {
            let state = match w.state {
                "expired" => format!(
                    "expired on {}, no longer hides {} finding(s)",
                    w.expires, w.matched
                ),
                "unused" => "matches nothing".to_string(),
                _ => format!("active until {}, hides {} finding(s)", w.expires, w.matched),
            };
            writeln!(
                out,
                "  {}  {}  {}  {DIM}{}:{}{DIM:#}",
                w.codes.join(","),
                Visible(&w.selector.to_string()),
                state,
                Visible(&w.file.to_string()),
                w.line
            )?;
        }
        writeln!(out)?;
    }
    if !options.quiet && !report.unknown.is_empty() {
        writeln!(
            out,
            "{BOLD}Unknown{BOLD:#} {DIM}(the input cannot tell; never counted as a pass){DIM:#}"
        )?;
        for u in report.unknown.iter() {
            writeln!(
                out,
                "  {BOLD}{}{BOLD:#}  {}  {}  {}",
                u.code,
                Visible(&u.resource.name),
                Visible(&at(&u.location)),
                Visible(u.reason)
            )?;
        }
        writeln!(out)?;
    }
    if !options.quiet && !report.todo.is_empty() {
        writeln!(
            out,
            "{BOLD}To do{BOLD:#} {DIM}(attestations to write in a chanto.yaml, which `chanto init` starts; they fail nothing until one exists){DIM:#}"
        )?;
        for t in &report.todo {
            writeln!(
                out,
                "  {BOLD}{}{BOLD:#}  {}  {}",
                t.code,
                Visible(&t.resource.name),
                t.title
            )?;
        }
        writeln!(out)?;
    }
    if options.show_suppressed && !report.suppressed.is_empty() {
        writeln!(out, "{BOLD}Suppressed{BOLD:#}")?;
        for s in report.suppressed.iter() {
            writeln!(
                out,
                "  {BOLD}{}{BOLD:#}  {}  {}  {}  {DIM}({}){DIM:#}",
                s.code,
                Visible(&s.resource.name),
                Visible(&at(&s.location)),
                Visible(&s.message),
                Visible(s.reason)
            )?;
        }
        writeln!(out)?;
    }
    if let Some(baseline) = &report.baseline {
        writeln!(
            out,
            "{BOLD}Baseline{BOLD:#} {}: {} finding(s) it holds are not shown and fail nothing",
            Visible(baseline.file),
            baseline.findings.len()
        )?;
        if !baseline.absent.is_empty() {
            writeln!(
                out,
                "  {} entr(ies) no longer found (fixed? `chanto baseline write` refreshes the file):",
                baseline.absent.len()
            )?;
            for entry in baseline.absent {
                writeln!(
                    out,
                    "  {}  {}  {DIM}{}{DIM:#}",
                    entry.code,
                    Visible(&entry.resource),
                    Visible(&entry.file)
                )?;
            }
        }
        writeln!(out)?;
    }
    if !report.errors.is_empty() {
        let red = severity_style(Severity::High);
        writeln!(
            out,
            "{BOLD}Errors{BOLD:#} {DIM}(these inputs were not scanned){DIM:#}"
        )?;
        for e in report.errors {
            writeln!(out, "  {red}error{red:#}  {}", Visible(&e.to_string()))?;
        }
        writeln!(out)?;
    }
    let unfollowed: Vec<_> = report
        .skipped
        .iter()
        .filter(|s| s.reason == crate::model::REMOTE_MODULE)
        .collect();
    if !options.verbose && !unfollowed.is_empty() {
        writeln!(
            out,
            "{BOLD}Not followed{BOLD:#} {DIM}(module sources that are not local folders: their resources are not scanned){DIM:#}"
        )?;
        for s in unfollowed {
            writeln!(out, "  {}", Visible(s.file))?;
        }
        writeln!(out)?;
    }
    if !options.verbose
        && !options.quiet
        && let Some(summary) = report.skipped_summary()
    {
        writeln!(out, "{DIM}{summary} (--verbose lists them){DIM:#}\n")?;
    }
    if options.verbose && !report.skipped.is_empty() {
        writeln!(out, "{BOLD}Skipped{BOLD:#}")?;
        for s in &report.skipped {
            writeln!(out, "  {}  {DIM}{}{DIM:#}", Visible(s.file), s.reason)?;
        }
        writeln!(out)?;
    }
    if !options.quiet {
        writeln!(out, "{}", summary_line(report, options.verbose))?;
    }
    Ok(())
}

fn status_style(status: Status) -> Style {
    let color = match status {
        Status::Violated | Status::Stale => AnsiColor::Red,
        Status::Unknown | Status::Waived => AnsiColor::Yellow,
        Status::Compliant | Status::Attested => AnsiColor::Green,
    };
    Style::new().fg_color(Some(color.into()))
}

fn summary_line(report: &Report, verbose: bool) -> String {
    let s = &report.summary;
    let by_severity: Vec<String> = Severity::ALL
        .iter()
        .filter(|sev| s.count(**sev) > 0)
        .map(|sev| {
            let style = severity_style(*sev);
            format!("{style}{} {}{style:#}", s.count(*sev), sev.as_str())
        })
        .collect();
    let mut line = format!("{BOLD}{} finding(s){BOLD:#}", s.findings);
    if !by_severity.is_empty() {
        let _ = write!(line, " ({})", by_severity.join(", "));
    }
    if s.breakage > 0 {
        let _ = write!(line, " · {} would break the cluster", s.breakage);
    }
    if s.todo > 0 {
        let _ = write!(line, " · {} to do", s.todo);
    }
    let _ = write!(
        line,
        " · {} unknown · {} suppressed · {} error(s)",
        s.unknown, s.suppressed, s.errors
    );
    if report.baseline.is_some() {
        let _ = write!(line, " · {} in baseline", s.in_baseline);
    }
    if verbose {
        let _ = write!(
            line,
            " · {} passed · {} not applicable",
            s.passed, s.not_applicable
        );
    }
    line
}
