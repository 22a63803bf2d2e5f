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
use super::{Location, Report, shown_name};
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
    let clusters = ClusterIndex::new(report);
    write_policy(report, out)?;
    write_clusters(report, out)?;
    write_picture(report, &clusters, out)?;
    write_findings(report, &clusters, out)?;
    write_unknown(report, &clusters, out)?;
    write_attestations(report, out)?;
    write_frameworks(report, out)?;
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
    writeln!(out, "    </tbody></table>")?;
    write_policy_by_cluster(report, out)?;
    writeln!(out, "  </section>")
}

/// A fleet's policy matrix: clusters failing the most first, each
/// requirement as the cluster's own resources decide it, then how many
/// clusters do not meet each.
fn write_policy_by_cluster(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let rows = report.policy_by_cluster_worst_first();
    if rows.is_empty() {
        return Ok(());
    }
    write!(
        out,
        "    <h3>By cluster ({}): each cluster's own resources; — where only the fleet's resources decide</h3>\n    <table id=\"policy-by-cluster\"><thead><tr><th>cluster</th>",
        rows.len()
    )?;
    for r in report.policy {
        write!(out, "<th>{}</th>", text(&r.id))?;
    }
    writeln!(out, "</tr></thead><tbody>")?;
    for c in rows.iter().take(MAX_ROWS) {
        write!(out, "      <tr><td>{}</td>", text(&c.cluster))?;
        for r in &c.requirements {
            match r.status {
                Some(status) => write!(out, "<td class=\"status-{status}\">{status}</td>")?,
                None => write!(out, "<td class=\"muted\">—</td>")?,
            }
        }
        writeln!(out, "</tr>")?;
    }
    write!(out, "      <tr class=\"totals\"><th>not met by</th>")?;
    for (failing, judged) in report.policy_failing_clusters() {
        match judged {
            0 => write!(out, "<td class=\"muted\">—</td>")?,
            _ => write!(out, "<td>{failing} of {judged}</td>")?,
        }
    }
    writeln!(out, "</tr>\n    </tbody></table>")?;
    if rows.len() > MAX_ROWS {
        writeln!(
            out,
            "    <p class=\"muted\">{} more clusters, meeting more of the policy, are in the JSON report.</p>",
            rows.len() - MAX_ROWS
        )?;
    }
    Ok(())
}

/// What one picture draws: the whole scan, or one cluster of a fleet with
/// what is not tied to any cluster (workloads, the registry, storage…).
#[derive(Clone, Copy)]
enum Scope<'a> {
    Whole,
    Cluster { index: usize, label: &'a str },
}

impl Scope<'_> {
    /// Whether a finding or unknown of `cluster` belongs in the picture.
    fn holds(self, cluster: Option<&str>) -> bool {
        match self {
            Scope::Whole => true,
            Scope::Cluster { label, .. } => cluster.is_none_or(|c| c == label),
        }
    }
}

/// Each part's state and number of findings, from one pass over the
/// findings and one over the unknowns: its worst finding, else unknown,
/// else passed when the inputs describe it, else absent.
fn states(report: &Report, scope: Scope) -> Vec<(State, usize)> {
    let index = |component: Component| PARTS.iter().position(|p| p.component == component);
    let mut worst: [Option<Severity>; PARTS.len()] = [None; PARTS.len()];
    let mut counts = [0usize; PARTS.len()];
    let mut unknown = [false; PARTS.len()];
    for f in report.findings.iter().filter(|f| scope.holds(f.cluster)) {
        if let Some(i) = index(f.component) {
            worst[i] = worst[i].max(Some(f.severity));
            counts[i] += 1;
        }
    }
    for u in report.unknown.iter().filter(|u| scope.holds(u.cluster)) {
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

/// The most clusters of a fleet drawn one by one (the worst first); the
/// picture of the whole scan always comes first.
const MAX_PICTURES: usize = 50;

fn write_picture(report: &Report, clusters: &ClusterIndex, out: &mut impl Write) -> io::Result<()> {
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
        "      <span><i style=\"background:{CONTEXT_PRESENT}\"></i>surroundings among the inputs</span>\n    </div>"
    )?;
    let pictured = clusters.worst_first.len().min(MAX_PICTURES);
    if pictured > 0 {
        let more = if clusters.worst_first.len() > MAX_PICTURES {
            format!(
                " The {} other clusters, with fewer findings, are in the tables below.",
                clusters.worst_first.len() - MAX_PICTURES
            )
        } else {
            String::new()
        };
        writeln!(
            out,
            "    <p class=\"muted\">The whole scan first, then each cluster, the worst first; a cluster's picture also shows what is tied to no one cluster (workloads, registry, storage, databases).{more}</p>"
        )?;
    }
    writeln!(
        out,
        "    <figure class=\"picture\" data-cluster=\"\"><figcaption>{}</figcaption>",
        if pictured > 0 { "Whole scan" } else { "" }
    )?;
    write_svg(report, Scope::Whole, out)?;
    writeln!(out, "    </figure>")?;
    for &(index, label) in clusters.worst_first.iter().take(MAX_PICTURES) {
        writeln!(
            out,
            "    <figure class=\"picture\" data-cluster=\"{index}\"><figcaption>{}</figcaption>",
            text(label)
        )?;
        write_svg(report, Scope::Cluster { index, label }, out)?;
        writeln!(out, "    </figure>")?;
    }
    writeln!(out, "  </section>")
}

/// A fleet's clusters: each label's index (what rows and pictures are
/// marked with, so no input text goes into an attribute), and the order
/// the report lists them in.
struct ClusterIndex<'a> {
    by_label: std::collections::HashMap<&'a str, usize>,
    worst_first: Vec<(usize, &'a str)>,
}

impl<'a> ClusterIndex<'a> {
    fn new(report: &Report<'a>) -> Self {
        let labels = &report.findings.result.inventory.cluster_labels;
        let by_label: std::collections::HashMap<&str, usize> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        let worst_first = report
            .cluster_counts()
            .iter()
            .filter_map(|c| by_label.get(c.cluster).map(|i| (*i, c.cluster)))
            .collect();
        ClusterIndex {
            by_label,
            worst_first,
        }
    }

    /// ` data-cluster="N"` for a row of a fleet's cluster, else nothing.
    fn attribute(&self, cluster: Option<&str>) -> String {
        match cluster.and_then(|c| self.by_label.get(c)) {
            Some(i) if self.worst_first.len() > 1 => format!(" data-cluster=\"{i}\""),
            _ => String::new(),
        }
    }
}

/// A cluster feature the picture draws in the band Azure runs: on, off,
/// unknown, or absent without a cluster.
struct Feature {
    id: &'static str,
    label: &'static str,
    x: u32,
}

const FEATURES: [Feature; 2] = [
    Feature {
        id: "defender",
        label: "Defender for Containers",
        x: 210,
    },
    Feature {
        id: "container-insights",
        label: "Container Insights",
        x: 390,
    },
];

/// The fill of a feature that is known to be off without a finding.
const FEATURE_OFF: &str = "#475569";

/// A feature's state in a scope: Defender as CL104 judged it; Container
/// Insights from the monitoring add-on of the clusters drawn.
fn feature_state(
    report: &Report,
    scope: Scope,
    id: &str,
) -> (&'static str, &'static str, &'static str) {
    let inventory = &report.findings.result.inventory;
    let clusters: Vec<&crate::model::Cluster> = match scope {
        Scope::Whole => inventory.clusters.iter().collect(),
        Scope::Cluster { index, .. } => inventory.clusters.get(index).into_iter().collect(),
    };
    if clusters.is_empty() {
        return ("absent", "not among the inputs", State::Absent.colour());
    }
    if id == "defender" {
        let worst = report
            .findings
            .iter()
            .filter(|f| f.code == "CL104" && scope.holds(f.cluster))
            .map(|f| f.severity)
            .max();
        if let Some(severity) = worst {
            return ("off", "off", State::Finding(severity).colour());
        }
        if report
            .unknown
            .iter()
            .any(|u| u.code == "CL104" && scope.holds(u.cluster))
        {
            return ("unknown", "unknown", State::Unknown.colour());
        }
        return ("on", "on", State::Passed.colour());
    }
    let agents: Vec<Option<bool>> = clusters
        .iter()
        .map(|c| c.addon_enabled("omsagent").value().copied())
        .collect();
    if agents.contains(&Some(true)) {
        ("on", "on", State::Passed.colour())
    } else if agents.contains(&None) {
        ("unknown", "unknown", State::Unknown.colour())
    } else {
        ("off", "off", FEATURE_OFF)
    }
}

/// Whether a private endpoint among the inputs connects to a resource the
/// part stands for (registry, Key Vault, storage, databases).
fn served_privately(report: &Report, component: Component) -> bool {
    let inventory = &report.findings.result.inventory;
    let drawn_as = |spec: &Spec| match spec {
        Spec::Registry(_) => Some(Component::Registry),
        Spec::KeyVault(_) => Some(Component::KeyVault),
        Spec::Storage(_) => Some(Component::Storage),
        Spec::Database(_) => Some(Component::Database),
        _ => None,
    };
    inventory.resources.iter().enumerate().any(|(rid, r)| {
        drawn_as(&r.spec) == Some(component) && !inventory.private_endpoints_to(rid).is_empty()
    })
}

/// Whether a route table sends 0.0.0.0/0 to a firewall among the inputs:
/// `Some(true)` when one does, `Some(false)` when a firewall is there
/// but no such route is, `None` without a firewall.
fn route_to_firewall(report: &Report) -> Option<bool> {
    let inventory = &report.findings.result.inventory;
    let firewall = inventory
        .resources
        .iter()
        .any(|r| matches!(r.spec, Spec::Firewall(_)));
    if !firewall {
        return None;
    }
    Some(inventory.resources.iter().any(|r| match &r.spec {
        Spec::RouteTable(table) => table.routes.iter().any(|route| {
            route.prefix.value().is_some_and(|p| p == "0.0.0.0/0")
                && route
                    .next_hop_ip
                    .value()
                    .is_some_and(|ip| inventory.firewall_at(ip).is_some())
        }),
        _ => false,
    }))
}

fn write_svg(report: &Report, scope: Scope, out: &mut impl Write) -> io::Result<()> {
    let id = match scope {
        Scope::Whole => " id=\"architecture\"".to_string(),
        Scope::Cluster { index, .. } => format!(" id=\"architecture-{index}\""),
    };
    writeln!(
        out,
        "    <svg{id} class=\"architecture\" viewBox=\"0 0 940 560\" role=\"img\" aria-label=\"AKS architecture with the state of each part\">\n      <rect x=\"190\" y=\"10\" width=\"560\" height=\"150\" rx=\"10\" fill=\"#dbeafe\" stroke=\"#60a5fa\" stroke-dasharray=\"6 4\"/>\n      <text x=\"200\" y=\"30\" fill=\"#1d4ed8\" font-size=\"12\">Azure manages (control plane)</text>\n      <rect x=\"10\" y=\"180\" width=\"740\" height=\"370\" rx=\"10\" fill=\"#fef3c7\" fill-opacity=\"0.45\" stroke=\"#d97706\" stroke-dasharray=\"6 4\"/>\n      <text x=\"20\" y=\"200\" fill=\"#92400e\" font-size=\"12\">You manage (nodes, workloads, network, identities)</text>"
    )?;
    for (part, (state, count)) in PARTS.iter().zip(states(report, scope)) {
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
    for feature in &FEATURES {
        let (state, note, fill) = feature_state(report, scope, feature.id);
        writeln!(
            out,
            "      <g class=\"feature\" data-feature=\"{id}\" data-state=\"{state}\"><title>{label}: {note}</title><rect x=\"{x}\" y=\"110\" width=\"160\" height=\"40\" rx=\"8\" fill=\"{fill}\"/><text x=\"{label_x}\" y=\"127\" text-anchor=\"middle\" fill=\"#fff\" font-size=\"11\">{label}</text><text x=\"{label_x}\" y=\"141\" text-anchor=\"middle\" fill=\"#fff\" font-size=\"10\" font-style=\"italic\">{note}</text></g>",
            id = feature.id,
            label = feature.label,
            x = feature.x,
            label_x = feature.x + 80,
        )?;
    }
    // Which services the private endpoints serve: a line from the
    // endpoints to each part with at least one endpoint among the inputs.
    for part in PARTS
        .iter()
        .filter(|p| served_privately(report, p.component))
    {
        writeln!(
            out,
            "      <g class=\"endpoint\" data-serves=\"{id}\"><title>private endpoint to the {label}</title><path d=\"M930 127 H936 V{y} H930\" fill=\"none\" stroke=\"#334155\" stroke-width=\"2\"/></g>",
            id = part.id,
            label = part.label,
            y = part.y + part.height / 2,
        )?;
    }
    match route_to_firewall(report) {
        Some(true) => writeln!(
            out,
            "      <g class=\"route\" data-state=\"present\"><title>route table: 0.0.0.0/0 to the firewall</title><path d=\"M125 504 V542 H850 V532\" fill=\"none\" stroke=\"#334155\" stroke-width=\"2\"/><text x=\"300\" y=\"556\" font-size=\"10\" fill=\"#334155\">route 0.0.0.0/0 → firewall</text></g>"
        )?,
        Some(false) => writeln!(
            out,
            "      <g class=\"route\" data-state=\"absent\"><title>no route to the firewall among the inputs</title><path d=\"M125 504 V542 H850 V532\" fill=\"none\" stroke=\"#9ca3af\" stroke-width=\"2\" stroke-dasharray=\"5 4\"/><text x=\"300\" y=\"556\" font-size=\"10\" fill=\"#64748b\">no route to the firewall among the inputs</text></g>"
        )?,
        None => {}
    }
    writeln!(out, "    </svg>")
}

/// The part of the picture a rule's verdicts are drawn on.
fn component_of(code: &str) -> &'static str {
    rules::find(code)
        .and_then(|r| PARTS.iter().find(|p| p.component == r.meta.component))
        .map_or("", |p| p.id)
}

fn write_findings(
    report: &Report,
    clusters: &ClusterIndex,
    out: &mut impl Write,
) -> io::Result<()> {
    // The cluster selector exists only for a fleet, and like every filter
    // only once the script runs.
    let mut selector = String::new();
    if clusters.worst_first.len() > 1 {
        selector.push_str(
            "      <label>Cluster <select id=\"cluster\"><option value=\"\">all</option>",
        );
        for (index, label) in &clusters.worst_first {
            selector.push_str(&format!(
                "<option value=\"{index}\">{}</option>",
                text(label)
            ));
        }
        selector.push_str("</select></label>\n");
    }
    writeln!(
        out,
        "  <section>\n    <h2 id=\"list-title\">Findings ({})</h2>\n    <div class=\"filters\" id=\"filters\">\n{selector}      <label>Pillar <select id=\"pillar\"><option value=\"\">all</option><option>connectivity</option><option>cluster</option><option>auth</option></select></label>\n      <label>At least <select id=\"severity\"><option value=\"info\">info</option><option value=\"low\">low</option><option value=\"medium\">medium</option><option value=\"high\">high</option><option value=\"critical\">critical</option></select></label>\n      <button id=\"show-all\" type=\"button\">All components</button>\n    </div>\n    <table><thead><tr><th>severity</th><th>code</th><th>resource</th><th>finding, fix and owner</th></tr></thead><tbody id=\"findings\">",
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
            "      <tr data-pillar=\"{pillar}\" data-severity=\"{severity}\" data-component=\"{component}\"{cluster}><td class=\"sev {severity}\">{severity}</td><td><span title=\"{name}\">{code}</span></td><td>{resource}</td><td>{message}<br><code>{place}</code><span class=\"fix\">Fix ({owner}): {fix} · <code>chanto explain {code}</code></span></td></tr>",
            pillar = f.pillar,
            cluster = clusters.attribute(f.cluster),
            severity = f.severity.as_str(),
            name = f.name,
            code = f.code,
            resource = text(&shown_name(&f.resource.name, f.cluster)),
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

fn write_unknown(report: &Report, clusters: &ClusterIndex, out: &mut impl Write) -> io::Result<()> {
    if report.unknown.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "  <section class=\"wide\" id=\"unknown\">\n    <h2>Unknown ({}): what the inputs do not say, and where to settle it</h2>\n    <table><thead><tr><th>code</th><th>resource</th><th>what is missing</th></tr></thead><tbody>",
        report.unknown.len()
    )?;
    for u in report.unknown.iter().take(MAX_ROWS) {
        writeln!(
            out,
            "      <tr data-component=\"{}\"{}><td>{}</td><td>{}</td><td>{}<br><code>{}</code></td></tr>",
            component_of(u.code),
            clusters.attribute(u.cluster),
            u.code,
            text(&shown_name(&u.resource.name, u.cluster)),
            text(u.reason),
            place(&u.location)
        )?;
    }
    write_cut(out, report.unknown.len(), 3)?;
    writeln!(out, "    </tbody></table>\n  </section>")
}

/// Every attestation of the policy file, by the part it is about, with
/// the requirements it counts towards and whether it is still valid: what
/// a reviewer is asked to trust, shown rather than implied.
/// With `--framework`: each framework's controls and their verdicts.
fn write_frameworks(report: &Report, out: &mut impl Write) -> io::Result<()> {
    for (index, section) in report.frameworks.iter().enumerate() {
        writeln!(
            out,
            "  <section class=\"wide\" id=\"framework-{index}\">\n    <h2>{}</h2>\n    <table><thead><tr><th>control</th><th>status</th><th>rules</th><th>title</th></tr></thead><tbody>",
            text(section.title)
        )?;
        for c in &section.controls {
            writeln!(
                out,
                "      <tr><td>{}</td><td class=\"control-{}\">{}</td><td>{}</td><td>{}</td></tr>",
                text(&c.id),
                c.status,
                c.status,
                text(&c.rules.join(" ")),
                text(c.reason.as_deref().unwrap_or(&c.title))
            )?;
        }
        writeln!(out, "    </tbody></table>\n  </section>")?;
    }
    Ok(())
}

fn write_attestations(report: &Report, out: &mut impl Write) -> io::Result<()> {
    if report.attestations.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "  <section class=\"wide\" id=\"attestations\">\n    <h2>Attestations ({}): controls no configuration shows, as the organisation states them</h2>\n    <table><thead><tr><th>code</th><th>statement</th><th>owner</th><th>reviewed</th><th>valid until</th><th>counts towards</th></tr></thead><tbody>",
        report.attestations.len()
    )?;
    for a in report.attestations {
        let towards: Vec<String> = report
            .policy
            .iter()
            .filter(|r| r.codes.iter().any(|c| c.eq_ignore_ascii_case(&a.code)))
            .map(|r| text(&r.id))
            .collect();
        // ISO dates: text order is date order.
        let validity = if report.as_of >= a.valid_until {
            format!(
                "<span class=\"status-stale\">stale since {}</span>",
                text(&a.valid_until)
            )
        } else {
            text(&a.valid_until)
        };
        writeln!(
            out,
            "      <tr data-component=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{validity}</td><td>{}</td></tr>",
            component_of(&a.code),
            text(&a.code),
            text(&a.statement),
            text(&a.owner),
            text(&a.reviewed),
            if towards.is_empty() {
                "—".to_string()
            } else {
                towards.join(", ")
            }
        )?;
    }
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
            "      <tr data-component=\"{}\"><td>{}</td><td>{}</td><td>{}<br><span class=\"muted\">{}</span></td></tr>",
            component_of(t.code),
            t.code,
            text(&shown_name(&t.resource.name, t.cluster)),
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
