//! One self-contained HTML page for review meetings, rendered here: the
//! policy verdict per requirement first, then the talk's architecture as
//! inline SVG with each component in its true state, then every finding
//! (worst first, with its fix and owner), unknown, attestation to write,
//! suppressed finding and waiver. The page is complete with scripts
//! blocked; its one script only filters rows already in it. Nothing is
//! fetched.
//!
//! Every text from an input is made visible (controls escaped) and then
//! HTML-escaped; attribute values are only chanto's own words.

use std::borrow::Cow;
use std::io::{self, Write};

use super::text::visible;
use super::{Location, Report};
use crate::model::Spec;
use crate::rules::{self, Component, Severity};

const STYLE: &str = include_str!("html/style.css");

/// The most rows a list shows; past it, findings are also counted by rule.
const MAX_ROWS: usize = 1_000;
const SCRIPT: &str = include_str!("html/script.js");

/// What a component of the picture shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Its worst finding.
    Finding(Severity),
    /// No finding, but a verdict the inputs could not decide.
    Unknown,
    /// Judged, and nothing found.
    Passed,
    /// Nothing among the inputs describes it: never painted as passed.
    Absent,
}

impl State {
    fn name(self) -> &'static str {
        match self {
            State::Finding(severity) => severity.as_str(),
            State::Unknown => "unknown",
            State::Passed => "passed",
            State::Absent => "absent",
        }
    }

    fn colour(self) -> &'static str {
        match self {
            State::Finding(Severity::Critical) => "#7f1d1d",
            State::Finding(Severity::High) => "#dc2626",
            State::Finding(Severity::Medium) => "#f59e0b",
            State::Finding(Severity::Low) => "#2563eb",
            State::Finding(Severity::Info) => "#6b7280",
            State::Unknown => "#7c3aed",
            State::Passed => "#16a34a",
            State::Absent => "#9ca3af",
        }
    }

    fn legend(self) -> &'static str {
        match self {
            State::Finding(severity) => severity.as_str(),
            State::Unknown => "unknown",
            State::Passed => "all passed",
            State::Absent => "not among the inputs",
        }
    }
}

/// A part of the picture: a box with a centred label, or an area holding
/// other parts, labelled at its top left.
struct Part {
    component: Component,
    id: &'static str,
    label: &'static str,
    x: u32,
    y: u32,
    width: u32,
    height: u32,
    area: bool,
}

const fn part(
    component: Component,
    id: &'static str,
    label: &'static str,
    [x, y, width, height]: [u32; 4],
    area: bool,
) -> Part {
    Part {
        component,
        id,
        label,
        x,
        y,
        width,
        height,
        area,
    }
}

/// The talk's picture: what Azure runs, what the customer runs, and the
/// resources around the cluster. Areas come before what they hold.
const PARTS: [Part; 14] = [
    part(
        Component::Arm,
        "arm",
        "Resource Manager",
        [20, 30, 150, 54],
        false,
    ),
    part(
        Component::EntraId,
        "entra-id",
        "Entra ID",
        [20, 96, 150, 54],
        false,
    ),
    part(
        Component::ApiServer,
        "api-server",
        "API server",
        [210, 46, 160, 54],
        false,
    ),
    part(Component::Etcd, "etcd", "etcd", [390, 46, 150, 54], false),
    part(
        Component::Rbac,
        "rbac",
        "Kubernetes RBAC",
        [560, 46, 170, 54],
        false,
    ),
    part(
        Component::Vnet,
        "vnet",
        "Virtual network",
        [30, 215, 700, 320],
        true,
    ),
    part(
        Component::LoadBalancer,
        "load-balancer",
        "Load balancer",
        [50, 260, 150, 54],
        false,
    ),
    part(
        Component::Egress,
        "egress",
        "Egress",
        [50, 450, 150, 54],
        false,
    ),
    part(
        Component::NodePool,
        "node-pool",
        "Node pools (VM scale sets)",
        [230, 250, 480, 265],
        true,
    ),
    part(
        Component::Workload,
        "workload",
        "Pods (workloads)",
        [260, 300, 420, 190],
        false,
    ),
    part(
        Component::Registry,
        "registry",
        "Container registry",
        [770, 190, 160, 54],
        false,
    ),
    part(
        Component::KeyVault,
        "key-vault",
        "Key Vault",
        [770, 262, 160, 54],
        false,
    ),
    part(
        Component::Storage,
        "storage",
        "Storage",
        [770, 334, 160, 54],
        false,
    ),
    part(
        Component::Database,
        "database",
        "Databases",
        [770, 406, 160, 54],
        false,
    ),
];

/// What the cluster's surroundings are drawn for: context that makes the
/// parts above secure (the hub firewall the egress goes through, the WAF in
/// front of the ingresses, the private endpoints of the registry, Key Vault
/// and databases). Rules judge them through the parts they protect, so each
/// is drawn as among the inputs or not, never as passed.
struct Context {
    id: &'static str,
    label: &'static str,
    y: u32,
    present: fn(&Spec) -> bool,
}

const CONTEXT: [Context; 3] = [
    Context {
        id: "waf",
        label: "Application Gateway WAF",
        y: 30,
        present: |s| matches!(s, Spec::ApplicationGateway(_) | Spec::WafPolicy(_)),
    },
    Context {
        id: "private-endpoints",
        label: "Private endpoints",
        y: 100,
        present: |s| matches!(s, Spec::PrivateEndpoint(_)),
    },
    Context {
        id: "firewall",
        label: "Azure Firewall (hub)",
        y: 478,
        present: |s| matches!(s, Spec::Firewall(_) | Spec::FirewallPolicy(_)),
    },
];

/// The fill of a surrounding resource that is among the inputs.
const CONTEXT_PRESENT: &str = "#334155";

/// Text from an input (or chanto), shown as text: controls made visible,
/// then escaped for HTML.
fn text(value: &str) -> String {
    html_escape::encode_text(&visible(value)).into_owned()
}

fn place(at: &Location) -> String {
    text(&format!("{}:{}", at.file, at.line))
}

pub fn write(report: &Report, inputs: &[String], out: &mut impl Write) -> io::Result<()> {
    let s = &report.summary;
    write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>chanto report</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header>\n  <h1>chanto</h1>\n  <span class=\"meta\" id=\"meta\">{} {} · as of {} · {} findings ({} critical, {} high, {} medium, {} low) · {} unknown · {} suppressed · {} to do</span>\n</header>\n<main>\n",
        report.tool.name,
        report.tool.version,
        text(&report.as_of),
        s.findings,
        s.critical,
        s.high,
        s.medium,
        s.low,
        s.unknown,
        s.suppressed,
        s.todo,
    )?;
    write_policy(report, out)?;
    write_clusters(report, out)?;
    write_picture(report, out)?;
    write_findings(report, out)?;
    write_unknown(report, out)?;
    write_todo(report, out)?;
    write_suppressed(report, out)?;
    write_waivers(report, out)?;
    let scanned = &report.scanned;
    write!(
        out,
        "  <section class=\"wide\">\n    <h2>Inputs</h2>\n    <div id=\"inputs\" class=\"muted\">{} — {} files: {} clusters, {} node pools, {} Kubernetes objects, {} other Azure resources</div>\n  </section>\n</main>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        text(&inputs.join(" · ")),
        scanned.files,
        scanned.clusters,
        scanned.node_pools,
        scanned.objects,
        scanned.azure_resources,
    )
}

/// A fleet's clusters, the worst first, with their findings by severity and
/// unknowns: which cluster to look at first.
fn write_clusters(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let clusters = report.cluster_counts();
    if clusters.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "  <section class=\"wide\" id=\"clusters-section\">\n    <h2>Clusters ({})</h2>\n    <table><thead><tr><th>cluster</th><th>critical</th><th>high</th><th>medium</th><th>low</th><th>unknown</th></tr></thead><tbody id=\"clusters\">",
        clusters.len()
    )?;
    for c in clusters.iter().take(MAX_ROWS) {
        let [critical, high, medium, low, _] = c.by_severity;
        writeln!(
            out,
            "      <tr><td>{}</td><td>{critical}</td><td>{high}</td><td>{medium}</td><td>{low}</td><td>{}</td></tr>",
            text(c.cluster),
            c.unknown
        )?;
    }
    writeln!(out, "    </tbody></table>")?;
    if clusters.len() > MAX_ROWS {
        writeln!(
            out,
            "    <p class=\"muted\">{} more clusters, with fewer findings, are in the JSON report.</p>",
            clusters.len() - MAX_ROWS
        )?;
    }
    writeln!(out, "  </section>")
}

fn write_policy(report: &Report, out: &mut impl Write) -> io::Result<()> {
    if report.policy.is_empty() {
        return Ok(());
    }
    let source = report.config.unwrap_or("the built-in profile P1–P6");
    writeln!(
        out,
        "  <section class=\"wide\" id=\"policy-section\">\n    <h2>Policy ({})</h2>\n    <table><thead><tr><th>requirement</th><th>status</th><th>what decides it</th></tr></thead><tbody id=\"policy\">",
        text(source)
    )?;
    for r in report.policy {
        let why: Vec<String> = r
            .findings
            .iter()
            .chain(&r.reasons)
            .map(|w| text(w))
            .chain(r.attestations.iter().map(|a| {
                text(&format!(
                    "attested — {}: {} (owner {}, reviewed {}, valid until {})",
                    a.code, a.statement, a.owner, a.reviewed, a.valid_until
                ))
            }))
            .collect();
        writeln!(
            out,
            "      <tr><td>{} {}</td><td class=\"status-{status}\">{status}</td><td>{}</td></tr>",
            text(&r.id),
            text(&r.title),
            why.join("<br>"),
            status = r.status,
        )?;
    }
    writeln!(out, "    </tbody></table>\n  </section>")
}

/// Each part's state and number of findings, from one pass over the
/// findings and one over the unknowns: its worst finding, else unknown,
/// else passed when the inputs describe it, else absent.
fn states(report: &Report) -> Vec<(State, usize)> {
    let index = |component: Component| PARTS.iter().position(|p| p.component == component);
    let mut worst: [Option<Severity>; PARTS.len()] = [None; PARTS.len()];
    let mut counts = [0usize; PARTS.len()];
    let mut unknown = [false; PARTS.len()];
    for f in report.findings.iter() {
        if let Some(i) = index(f.component) {
            worst[i] = worst[i].max(Some(f.severity));
            counts[i] += 1;
        }
    }
    for u in report.unknown.iter() {
        if let Some(i) = rules::find(u.code).and_then(|r| index(r.meta.component)) {
            unknown[i] = true;
        }
    }
    let inventory = &report.findings.result.inventory;
    let has = |wanted: fn(&Spec) -> bool| inventory.resources.iter().any(|r| wanted(&r.spec));
    let cluster = !inventory.clusters.is_empty();
    let objects = !inventory.objects.is_empty();
    PARTS
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let present = match part.component {
                Component::Registry => has(|s| matches!(s, Spec::Registry(_))),
                Component::KeyVault => has(|s| matches!(s, Spec::KeyVault(_))),
                Component::Storage => has(|s| matches!(s, Spec::Storage(_))),
                Component::Database => has(|s| matches!(s, Spec::Database(_))),
                Component::Workload | Component::Rbac | Component::LoadBalancer => {
                    cluster || objects
                }
                _ => cluster,
            };
            let state = match (worst[i], unknown[i], present) {
                (Some(severity), _, _) => State::Finding(severity),
                (None, true, _) => State::Unknown,
                (None, false, true) => State::Passed,
                (None, false, false) => State::Absent,
            };
            (state, counts[i])
        })
        .collect()
}

fn write_picture(report: &Report, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "  <section>\n    <h2>The cluster, as the talk draws it: each part in its state</h2>\n    <div class=\"legend\" id=\"legend\">"
    )?;
    let legend = Severity::ALL.iter().map(|s| State::Finding(*s)).chain([
        State::Unknown,
        State::Passed,
        State::Absent,
    ]);
    for state in legend {
        writeln!(
            out,
            "      <span><i style=\"background:{}\"></i>{}</span>",
            state.colour(),
            state.legend()
        )?;
    }
    writeln!(
        out,
        "      <span><i style=\"background:{CONTEXT_PRESENT}\"></i>surroundings among the inputs</span>"
    )?;
    writeln!(
        out,
        "    </div>\n    <svg id=\"architecture\" viewBox=\"0 0 940 560\" role=\"img\" aria-label=\"AKS architecture with the state of each part\">\n      <rect x=\"190\" y=\"10\" width=\"560\" height=\"150\" rx=\"10\" fill=\"#dbeafe\" stroke=\"#60a5fa\" stroke-dasharray=\"6 4\"/>\n      <text x=\"200\" y=\"30\" fill=\"#1d4ed8\" font-size=\"12\">Azure manages (control plane)</text>\n      <rect x=\"10\" y=\"180\" width=\"740\" height=\"370\" rx=\"10\" fill=\"#fef3c7\" fill-opacity=\"0.45\" stroke=\"#d97706\" stroke-dasharray=\"6 4\"/>\n      <text x=\"20\" y=\"200\" fill=\"#92400e\" font-size=\"12\">You manage (nodes, workloads, network, identities)</text>"
    )?;
    for (part, (state, count)) in PARTS.iter().zip(states(report)) {
        let count = if count > 0 {
            count.to_string()
        } else {
            String::new()
        };
        let note = match state {
            State::Absent => "not among the inputs",
            State::Unknown => "unknown",
            _ => "",
        };
        let (x, y, w, h) = (part.x, part.y, part.width, part.height);
        let (label_x, label_y, anchor, label_fill, opacity) = if part.area {
            let fill = if part.component == Component::Vnet {
                "#1f2937"
            } else {
                "#fff"
            };
            let opacity = if part.component == Component::Vnet {
                " fill-opacity=\"0.18\""
            } else {
                " fill-opacity=\"0.85\""
            };
            (x + 16, y + 22, "start", fill, opacity)
        } else {
            (x + w / 2, y + 32, "middle", "#fff", "")
        };
        writeln!(
            out,
            "      <g class=\"component\" data-component=\"{id}\" data-state=\"{state}\"><title>{label}: {legend}</title><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"{rx}\" fill=\"{fill}\"{opacity}/><text x=\"{label_x}\" y=\"{label_y}\" text-anchor=\"{anchor}\" fill=\"{label_fill}\">{label}</text><text class=\"note\" x=\"{label_x}\" y=\"{note_y}\" text-anchor=\"{anchor}\">{note}</text><text class=\"count\" x=\"{count_x}\" y=\"{count_y}\" text-anchor=\"end\">{count}</text></g>",
            id = part.id,
            state = state.name(),
            legend = state.legend(),
            label = part.label,
            rx = if part.area { 10 } else { 8 },
            fill = state.colour(),
            note_y = label_y + 14,
            count_x = x + w - 10,
            count_y = y + 14,
        )?;
    }
    let inventory = &report.findings.result.inventory;
    for context in &CONTEXT {
        let present = inventory
            .resources
            .iter()
            .any(|r| (context.present)(&r.spec));
        let (state, fill, note) = if present {
            ("present", CONTEXT_PRESENT, "among the inputs")
        } else {
            ("absent", State::Absent.colour(), "not among the inputs")
        };
        writeln!(
            out,
            "      <g class=\"context\" data-context=\"{id}\" data-state=\"{state}\"><title>{label}: {note}</title><rect x=\"770\" y=\"{y}\" width=\"160\" height=\"54\" rx=\"8\" fill=\"{fill}\"/><text x=\"850\" y=\"{label_y}\" text-anchor=\"middle\" fill=\"#fff\" font-size=\"12\">{label}</text><text x=\"850\" y=\"{note_y}\" text-anchor=\"middle\" fill=\"#fff\" font-size=\"10\" font-style=\"italic\">{note}</text></g>",
            id = context.id,
            label = context.label,
            y = context.y,
            label_y = context.y + 26,
            note_y = context.y + 42,
        )?;
    }
    writeln!(out, "    </svg>\n  </section>")
}

fn write_findings(report: &Report, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "  <section>\n    <h2 id=\"list-title\">Findings ({})</h2>\n    <div class=\"filters\" id=\"filters\">\n      <label>Pillar <select id=\"pillar\"><option value=\"\">all</option><option>connectivity</option><option>cluster</option><option>auth</option></select></label>\n      <label>At least <select id=\"severity\"><option value=\"info\">info</option><option value=\"low\">low</option><option value=\"medium\">medium</option><option value=\"high\">high</option><option value=\"critical\">critical</option></select></label>\n      <button id=\"show-all\" type=\"button\">All components</button>\n    </div>\n    <table><thead><tr><th>severity</th><th>code</th><th>resource</th><th>finding, fix and owner</th></tr></thead><tbody id=\"findings\">",
        report.findings.len()
    )?;
    if report.findings.is_empty() {
        writeln!(
            out,
            "      <tr><td colspan=\"4\" class=\"muted\">no findings</td></tr>"
        )?;
    }
    for f in report.findings_worst_first().take(MAX_ROWS) {
        let component = PARTS
            .iter()
            .find(|p| p.component == f.component)
            .map_or("", |p| p.id);
        writeln!(
            out,
            "      <tr data-pillar=\"{pillar}\" data-severity=\"{severity}\" data-component=\"{component}\"><td class=\"sev {severity}\">{severity}</td><td><span title=\"{name}\">{code}</span></td><td>{resource}</td><td>{message}<br><code>{place}</code><span class=\"fix\">Fix ({owner}): {fix} · <code>chanto explain {code}</code></span></td></tr>",
            pillar = f.pillar,
            severity = f.severity.as_str(),
            name = f.name,
            code = f.code,
            resource = text(&f.resource.name),
            message = text(f.message),
            place = place(&f.location),
            owner = f.responsibility,
            fix = text(f.remediation),
        )?;
    }
    writeln!(out, "    </tbody></table>")?;
    if report.findings.len() > MAX_ROWS {
        // Past the cap, every rule still shows with its count: a page of
        // a hundred thousand rows would be too large to open.
        writeln!(
            out,
            "    <p id=\"cut\" class=\"muted\">The {MAX_ROWS} worst of {} findings are listed; every rule's count is below (the JSON and SARIF reports hold them all).</p>\n    <table id=\"by-rule\"><thead><tr><th>rule</th><th>worst</th><th>findings</th></tr></thead><tbody>",
            report.findings.len()
        )?;
        for r in report.rule_counts() {
            writeln!(
                out,
                "      <tr><td>{} {}</td><td class=\"sev {worst}\">{worst}</td><td>{}</td></tr>",
                r.code,
                r.name,
                r.count,
                worst = r.worst.as_str()
            )?;
        }
        writeln!(out, "    </tbody></table>")?;
    }
    writeln!(out, "  </section>")
}

/// A last row saying how many of `total` rows a capped list left out.
fn write_cut(out: &mut impl Write, total: usize, columns: usize) -> io::Result<()> {
    if total <= MAX_ROWS {
        return Ok(());
    }
    writeln!(
        out,
        "      <tr><td colspan=\"{columns}\" class=\"muted\">…and {} more (the JSON report holds them all)</td></tr>",
        total - MAX_ROWS
    )
}

fn write_unknown(report: &Report, out: &mut impl Write) -> io::Result<()> {
    if report.unknown.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "  <section class=\"wide\" id=\"unknown\">\n    <h2>Unknown ({}): what the inputs do not say, and where to settle it</h2>\n    <table><thead><tr><th>code</th><th>resource</th><th>what is missing</th></tr></thead><tbody>",
        report.unknown.len()
    )?;
    for u in report.unknown.iter().take(MAX_ROWS) {
        let component = rules::find(u.code)
            .and_then(|r| PARTS.iter().find(|p| p.component == r.meta.component))
            .map_or("", |p| p.id);
        writeln!(
            out,
            "      <tr data-component=\"{component}\"><td>{}</td><td>{}</td><td>{}<br><code>{}</code></td></tr>",
            u.code,
            text(&u.resource.name),
            text(u.reason),
            place(&u.location)
        )?;
    }
    write_cut(out, report.unknown.len(), 3)?;
    writeln!(out, "    </tbody></table>\n  </section>")
}

fn write_todo(report: &Report, out: &mut impl Write) -> io::Result<()> {
    if report.todo.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "  <section class=\"wide\" id=\"todo\">\n    <h2>To do ({}): attestations to write in chanto.yaml, which fail nothing until one exists</h2>\n    <table><thead><tr><th>code</th><th>resource</th><th>attest that</th></tr></thead><tbody>",
        report.todo.len()
    )?;
    for t in &report.todo {
        writeln!(
            out,
            "      <tr><td>{}</td><td>{}</td><td>{}<br><span class=\"muted\">{}</span></td></tr>",
            t.code,
            text(&t.resource.name),
            text(t.title),
            text(t.message)
        )?;
    }
    writeln!(out, "    </tbody></table>\n  </section>")
}

fn write_suppressed(report: &Report, out: &mut impl Write) -> io::Result<()> {
    if report.suppressed.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "  <section class=\"wide\" id=\"suppressed\">\n    <h2>Suppressed ({}): findings the organisation or the platform decided on, with why</h2>\n    <table><thead><tr><th>code</th><th>resource</th><th>finding</th><th>by</th><th>why</th></tr></thead><tbody>",
        report.suppressed.len()
    )?;
    for s in report.suppressed.iter().take(MAX_ROWS) {
        let by = match s.suppressed_by {
            rules::SuppressedBy::Annotation => "annotation",
            rules::SuppressedBy::Waiver => "waiver",
            rules::SuppressedBy::DefaultExemption => "default exemption",
        };
        writeln!(
            out,
            "      <tr><td>{}</td><td>{}</td><td>{}<br><code>{}</code></td><td>{by}</td><td>{}</td></tr>",
            s.code,
            text(&s.resource.name),
            text(&s.message),
            place(&s.location),
            text(s.reason)
        )?;
    }
    write_cut(out, report.suppressed.len(), 5)?;
    writeln!(out, "    </tbody></table>\n  </section>")
}

fn write_waivers(report: &Report, out: &mut impl Write) -> io::Result<()> {
    if report.waivers.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "  <section class=\"wide\" id=\"waivers\">\n    <h2>Waivers ({})</h2>\n    <table><thead><tr><th>codes</th><th>applies to</th><th>state</th><th>owner</th><th>expires</th><th>reason</th></tr></thead><tbody>",
        report.waivers.len()
    )?;
    for w in report.waivers {
        let codes: Vec<Cow<str>> = w.codes.iter().map(|c| Cow::Owned(text(c))).collect();
        writeln!(
            out,
            "      <tr><td>{}</td><td>{}</td><td>{} ({} finding(s))</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            codes.join(", "),
            text(&w.selector),
            w.state,
            w.matched,
            text(&w.owner),
            text(&w.expires),
            text(&w.reason)
        )?;
    }
    writeln!(out, "    </tbody></table>\n  </section>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_text_is_escaped_and_its_controls_shown() {
        assert_eq!(
            text("</script><b a=\"1\">&\u{1b}[2K"),
            "&lt;/script&gt;&lt;b a=\"1\"&gt;&amp;\\u{1b}[2K"
        );
    }

    #[test]
    fn every_component_is_drawn_once() {
        let mut ids: Vec<&str> = PARTS.iter().map(|p| p.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), PARTS.len());
    }
}
