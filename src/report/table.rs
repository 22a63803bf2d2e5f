//! The report for people: findings grouped by pillar, one line each with the
//! place to look, then what the input could not tell, errors and a summary.
//! Colour is written as ANSI codes; the caller's stream strips them where
//! colour is off (`NO_COLOR`, not a terminal, a file).

use std::fmt::Write as _;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::text::{Visible, visible};
use super::{ControlStatus, FrameworkSection, Location, Report, shown_name};
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
    /// A count per rule instead of the findings, like ruff's.
    pub statistics: bool,
    /// The terminal's width in columns, when writing to one: messages are
    /// cut to fit, never the severity, code, resource or place.
    pub width: Option<usize>,
}

/// Below this width the owner column is dropped to leave the message room.
const OWNER_COLUMN_FROM: usize = 120;

/// The fewest characters of a message worth showing beside the place;
/// below it, the message takes the next line.
const MIN_MESSAGE: usize = 30;

/// The fewest characters of a resource name a narrow terminal shows.
const MIN_RESOURCE: usize = 12;

/// How a message on its own line is indented.
const CONTINUATION: &str = "      ";

/// Past this many findings the table ends with the rules that found most.
const LONG_REPORT: usize = 40;

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
    if options.statistics {
        write_statistics(report, out)?;
    } else {
        write_findings(report, options, resource_width, location_width, out)?;
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
            if detail.is_empty() && !r.attestations.is_empty() {
                let codes: Vec<&str> = r.attestations.iter().map(|a| a.code.as_str()).collect();
                detail = format!("attested: {}", codes.join(", "));
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
        write_policy_by_cluster(report, out)?;
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
    if !options.quiet && !report.attestations.is_empty() {
        writeln!(
            out,
            "{BOLD}Attestations{BOLD:#} {DIM}(controls no configuration shows, as chanto.yaml states them){DIM:#}"
        )?;
        for a in report.attestations {
            // ISO dates: text order is date order.
            let validity = if report.as_of >= a.valid_until {
                let red = status_style(Status::Stale);
                format!("{red}stale since {}{red:#}", a.valid_until)
            } else {
                format!("valid until {}", a.valid_until)
            };
            writeln!(
                out,
                "  {}  {}  {DIM}{} · {validity}{DIM:#}",
                Visible(&a.code),
                elide(
                    &a.statement,
                    options.width.map(|w| w.saturating_sub(60).max(MIN_MESSAGE))
                ),
                Visible(&a.owner),
            )?;
        }
        writeln!(out)?;
    }
    for section in &report.frameworks {
        write_framework(section, options, out)?;
    }
    if !options.quiet && !report.unknown.is_empty() {
        writeln!(
            out,
            "{BOLD}Unknown{BOLD:#} {DIM}(the input cannot tell; never counted as a pass){DIM:#}"
        )?;
        for u in report.unknown.iter() {
            // As for findings, only a terminal's width cuts a name.
            writeln!(
                out,
                "  {BOLD}{}{BOLD:#}  {}  {}  {}",
                u.code,
                elide(
                    &shown_name(&u.resource.name, u.cluster),
                    options.width.map(|_| UNKNOWN_NAME_WIDTH)
                ),
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
                Visible(&shown_name(&t.resource.name, t.cluster)),
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
        .filter(|s| crate::model::is_not_followed(s.reason))
        .collect();
    if !options.verbose && !unfollowed.is_empty() {
        writeln!(
            out,
            "{BOLD}Not followed{BOLD:#} {DIM}(the inputs use these, but their resources are not scanned){DIM:#}"
        )?;
        for s in unfollowed {
            writeln!(out, "  {}  {DIM}{}{DIM:#}", Visible(s.file), s.reason)?;
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
        if let Some(worst) = report.findings_worst_first().next() {
            writeln!(
                out,
                "{DIM}next: `chanto explain {}` says why the worst finding matters and how to fix it; `chanto baseline write FILE PATH…` accepts today's findings so CI fails only on new ones{DIM:#}",
                worst.code
            )?;
        }
        writeln!(out, "{}", summary_line(report, options.verbose))?;
    }
    Ok(())
}

fn write_findings(
    report: &Report,
    options: TableOptions,
    resource_width: usize,
    location_width: usize,
    out: &mut impl Write,
) -> io::Result<()> {
    let owner = options.width.is_none_or(|w| w >= OWNER_COLUMN_FROM);
    // Severity, code and place are never cut; on a narrow terminal the
    // resource name gives way first (down to a few characters).
    let fixed = 2 + 8 + 2 + 5 + 2 + 2 + location_width + 2 + if owner { 10 } else { 0 };
    let resource_width = options.width.map_or(resource_width, |w| {
        resource_width.min(w.saturating_sub(fixed).max(MIN_RESOURCE))
    });
    // What precedes the message: severity, code, resource, place, owner.
    let prefix = fixed + resource_width;
    // On a narrow terminal the message goes on its own indented line
    // rather than being cut to a stub.
    let beside = options.width.is_none_or(|w| w >= prefix + MIN_MESSAGE);
    let message_width = options.width.map(|w| {
        if beside {
            w - prefix
        } else {
            w.saturating_sub(CONTINUATION.len()).max(MIN_MESSAGE)
        }
    });
    let labels = &report.findings.result.inventory.cluster_labels;
    let fleet = labels.len() > 1;
    let cluster_order: std::collections::HashMap<&str, usize> = labels
        .iter()
        .enumerate()
        .map(|(i, label)| (label.as_str(), i))
        .collect();
    for pillar in Pillar::ALL {
        let none = !report.findings.iter().any(|f| f.pillar == pillar);
        if none && options.quiet {
            continue;
        }
        writeln!(out, "{BOLD}{}{BOLD:#}", pillar.title())?;
        if none {
            writeln!(out, "  {DIM}no findings{DIM:#}")?;
        }
        let mut rows: Vec<_> = report
            .findings_worst_first()
            .filter(|f| f.pillar == pillar)
            .collect();
        // A fleet: each cluster's findings under its name, in the order the
        // clusters were read, worst first within; then what belongs to no
        // one cluster.
        if fleet {
            rows.sort_by_key(|f| {
                f.cluster
                    .and_then(|c| cluster_order.get(c).copied())
                    .unwrap_or(usize::MAX)
            });
        }
        let mut group = None;
        for f in rows {
            if fleet && group != Some(f.cluster) {
                group = Some(f.cluster);
                match f.cluster {
                    Some(cluster) => writeln!(out, "  {BOLD}▸ {}{BOLD:#}", Visible(cluster))?,
                    None => writeln!(out, "  {DIM}▸ not tied to one cluster{DIM:#}")?,
                }
            }
            let style = severity_style(f.severity);
            let owner = if owner {
                format!("{DIM}{:<8}{DIM:#}  ", f.responsibility.to_string())
            } else {
                String::new()
            };
            let message = elide(f.message, message_width);
            // Only a terminal's width cuts a name; files and pipes get it whole.
            let resource = elide(&f.resource.name, options.width.map(|_| resource_width));
            let place = visible(&at(&f.location)).into_owned();
            let head = format!(
                "  {style}{:<8}{style:#}  {BOLD}{}{BOLD:#}  {resource:<resource_width$}  {place:<location_width$}  {owner}",
                f.severity.as_str(),
                f.code,
            );
            if beside {
                writeln!(out, "{head}{message}")?;
            } else {
                writeln!(out, "{}\n{CONTINUATION}{message}", head.trim_end())?;
            }
        }
        writeln!(out)?;
    }
    if report.findings.len() > LONG_REPORT && !options.quiet {
        let mut busiest = report.rule_counts();
        busiest.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
        let top: Vec<String> = busiest
            .iter()
            .take(5)
            .map(|r| format!("{} ×{}", r.code, r.count))
            .collect();
        writeln!(
            out,
            "{BOLD}Most frequent{BOLD:#}  {}  {DIM}(--statistics counts every rule){DIM:#}\n",
            top.join(" · ")
        )?;
    }
    Ok(())
}

/// `--statistics`: a count per rule instead of the findings.
fn write_statistics(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let mut counts = report.rule_counts();
    if counts.is_empty() {
        return writeln!(out, "{DIM}no findings{DIM:#}\n");
    }
    // Most findings first, like ruff's.
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    for r in counts {
        let style = severity_style(r.worst);
        writeln!(
            out,
            "{:>7}  {BOLD}{}{BOLD:#}  {style}{:<8}{style:#}  {}",
            r.count,
            r.code,
            r.worst.as_str(),
            r.name
        )?;
    }
    writeln!(out)
}

/// The most clusters the policy matrix lists; JSON holds them all.
const MAX_MATRIX_ROWS: usize = 50;

/// The longest cluster label the matrix shows whole.
const MAX_CLUSTER_LABEL: usize = 48;

/// A fleet's policy matrix: each cluster (those failing most first) by
/// each requirement its own resources decide, then how many clusters do
/// not meet each.
fn write_policy_by_cluster(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let rows = report.policy_by_cluster_worst_first();
    if rows.is_empty() {
        return Ok(());
    }
    let label_width = rows
        .iter()
        .take(MAX_MATRIX_ROWS)
        .map(|c| visible(&c.cluster).chars().count())
        .max()
        .unwrap_or(0)
        .clamp("not met by".len(), MAX_CLUSTER_LABEL);
    writeln!(
        out,
        "{BOLD}Policy by cluster{BOLD:#} {DIM}(each cluster's own resources; — where only the fleet's resources decide){DIM:#}"
    )?;
    let mut header = format!("  {:<label_width$}", "cluster");
    for r in report.policy {
        let _ = write!(header, "  {:<10}", Visible(&r.id));
    }
    writeln!(out, "{DIM}{}{DIM:#}", header.trim_end())?;
    for c in rows.iter().take(MAX_MATRIX_ROWS) {
        let label = elide(&c.cluster, Some(label_width));
        let mut line = format!("  {label:<label_width$}");
        for (i, r) in c.requirements.iter().enumerate() {
            // Padded after the colour ends, so no line ends in spaces.
            let (style, word) = match r.status {
                Some(status) => (status_style(status), status.to_string()),
                None => (DIM, "—".to_string()),
            };
            let pad = if i + 1 < c.requirements.len() {
                10 - word.chars().count().min(10)
            } else {
                0
            };
            let _ = write!(line, "  {style}{word}{style:#}{:pad$}", "");
        }
        writeln!(out, "{line}")?;
    }
    if rows.len() > MAX_MATRIX_ROWS {
        writeln!(
            out,
            "  {DIM}…and {} more clusters, meeting more of the policy (all in --format json){DIM:#}",
            rows.len() - MAX_MATRIX_ROWS
        )?;
    }
    let mut totals = format!("  {:<label_width$}", "not met by");
    for (failing, judged) in report.policy_failing_clusters() {
        let cell = if judged == 0 {
            "—".to_string()
        } else {
            format!("{failing} of {judged}")
        };
        let _ = write!(totals, "  {cell:<10}");
    }
    writeln!(out, "{BOLD}{}{BOLD:#}\n", totals.trim_end())
}

/// `text` with its controls made visible, cut to `width` characters with
/// `…` when there is a width and it is longer.
/// A framework's controls, one line each: the control, its verdict, the
/// rules that decide it, its title (or why nothing answers it).
fn write_framework(
    section: &FrameworkSection,
    options: TableOptions,
    out: &mut impl Write,
) -> io::Result<()> {
    let count = |status: ControlStatus| {
        section
            .controls
            .iter()
            .filter(|c| c.status == status)
            .count()
    };
    writeln!(
        out,
        "{BOLD}{}{BOLD:#} {DIM}({} fail, {} unknown, {} pass of {} controls){DIM:#}",
        section.title,
        count(ControlStatus::Fail),
        count(ControlStatus::Unknown),
        count(ControlStatus::Pass),
        section.controls.len()
    )?;
    let width = section
        .controls
        .iter()
        .map(|c| c.id.len())
        .max()
        .unwrap_or(0);
    for c in &section.controls {
        let style = match c.status {
            ControlStatus::Fail => Style::new().fg_color(Some(AnsiColor::Red.into())),
            ControlStatus::Unknown => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            ControlStatus::Pass => Style::new().fg_color(Some(AnsiColor::Green.into())),
            _ => DIM,
        };
        let what = match &c.reason {
            Some(why) => why.as_str(),
            None => c.title.as_str(),
        };
        writeln!(
            out,
            "  {:<width$}  {style}{:<14}{style:#}  {:<18}  {}",
            Visible(&c.id),
            c.status.to_string(),
            c.rules.join(" "),
            elide(
                what,
                options
                    .width
                    .map(|w| w.saturating_sub(width + 40).max(MIN_MESSAGE))
            )
        )?;
    }
    writeln!(out)
}

/// How much of a resource's name the unknowns show on a terminal.
const UNKNOWN_NAME_WIDTH: usize = 40;

fn elide(text: &str, width: Option<usize>) -> String {
    let text = visible(text);
    match width {
        Some(width) if text.chars().count() > width => {
            let cut: String = text.chars().take(width.saturating_sub(1)).collect();
            format!("{cut}…")
        }
        _ => text.into_owned(),
    }
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
    if report.scanned.not_followed > 0 {
        let _ = write!(line, " · {} not followed", report.scanned.not_followed);
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
