//! The HTML report, opened in a real headless Chromium: the architecture
//! drawing has every component, each coloured by its worst finding, and the
//! page is not blank. Chromium comes from Debian (`.ci/install-browser`); in
//! CI a missing browser fails these tests instead of skipping them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

const COMPONENTS: [&str; 14] = [
    "arm",
    "entra-id",
    "api-server",
    "etcd",
    "rbac",
    "vnet",
    "load-balancer",
    "egress",
    "node-pool",
    "workload",
    "registry",
    "key-vault",
    "storage",
    "database",
];

fn colour(severity: &str) -> &'static str {
    match severity {
        "critical" => "#7f1d1d",
        "high" => "#dc2626",
        "medium" => "#f59e0b",
        "low" => "#2563eb",
        "info" => "#6b7280",
        _ => "#16a34a",
    }
}

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHANTO_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|dir| dir.join(name))
                    .find(|candidate| candidate.is_file())
            })
        })
}

/// The browser, or `None` (said out loud) outside CI; in CI a missing
/// browser is a failure.
fn browser() -> Option<PathBuf> {
    match chromium() {
        Some(path) => Some(path),
        None if std::env::var_os("CI").is_some() => {
            panic!("Chromium is required in CI: .ci/install-browser installs it")
        }
        None => {
            eprintln!(
                "SKIPPED: no Chromium on this machine; run .ci/install-browser (as root) to run the HTML tests"
            );
            None
        }
    }
}

fn headless(browser: &Path, profile: &Path) -> Process {
    let mut cmd = Process::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

/// Scans the first example the way the issue asks, writing SARIF and HTML.
fn report(dir: &Path) -> (PathBuf, Value) {
    let (sarif, html, json) = (
        dir.join("out.sarif"),
        dir.join("out.html"),
        dir.join("out.json"),
    );
    Command::cargo_bin("chanto")
        .unwrap()
        .args(["scan", "examples/first-cluster", "--as-of", "2026-11-28"])
        .arg(format!("--output=sarif={}", sarif.display()))
        .arg(format!("--output=html={}", html.display()))
        .arg(format!("--output=json={}", json.display()))
        .assert()
        .code(1);
    assert!(sarif.is_file(), "both files are written");
    let report = serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    (html, report)
}

#[test]
fn the_rendered_drawing_colours_every_component_by_its_worst_finding() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (html, report) = report(dir.path());
    let output = headless(&browser, &dir.path().join("profile"))
        .arg("--dump-dom")
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(
        dom.contains("<svg"),
        "no drawing in the rendered page: {}",
        &dom[..dom.len().min(400)]
    );

    // What each component should show, computed here from the JSON report.
    let rank = |s: &str| {
        ["info", "low", "medium", "high", "critical"]
            .iter()
            .position(|r| *r == s)
    };
    let mut worst: BTreeMap<&str, &str> = COMPONENTS.iter().map(|c| (*c, "none")).collect();
    for f in report["findings"].as_array().unwrap() {
        let (component, severity) = (
            f["component"].as_str().unwrap(),
            f["severity"].as_str().unwrap(),
        );
        let current = worst.get_mut(component).unwrap();
        if *current == "none" || rank(severity) > rank(current) {
            *current = severity;
        }
    }
    for (component, severity) in &worst {
        let group = dom
            .split("<g ")
            .find(|g| g.contains(&format!("data-component=\"{component}\"")))
            .unwrap_or_else(|| panic!("component {component} missing from the drawing"));
        assert!(
            group.contains(&format!("data-severity=\"{severity}\"")),
            "{component}: expected {severity} in {group}"
        );
        assert!(
            group.contains(&format!("fill=\"{}\"", colour(severity))),
            "{component}: colour for {severity}"
        );
    }
    assert_eq!(worst["api-server"], "high");
    assert_eq!(worst["node-pool"], "high");
    assert_eq!(worst["registry"], "none");
}

#[test]
fn a_screenshot_of_the_report_is_not_blank() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (html, _) = report(dir.path());
    let shot = dir.path().join("shot.png");
    let status = headless(&browser, &dir.path().join("profile"))
        .arg("--window-size=1280,900")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", html.display()))
        .status()
        .unwrap();
    assert!(status.success() && shot.is_file(), "no screenshot taken");
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    let rgb: Vec<[u8; 3]> = pixels[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    let distinct: std::collections::HashSet<_> = rgb.iter().collect();
    assert!(
        distinct.len() > 50,
        "a blank page: {} colours",
        distinct.len()
    );
    // The high-severity red of the API server and node pool is drawn.
    let red = rgb.iter().filter(|p| **p == [0xdc, 0x26, 0x26]).count();
    assert!(red > 1000, "only {red} pixels of the high colour");
}

#[test]
fn the_report_is_self_contained_and_escapes_what_inputs_say() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("evil.yaml");
    std::fs::write(
        &manifest,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"</script><script>alert(1)</script>\"\nspec:\n  containers:\n  - name: c\n    image: nginx\n",
    )
    .unwrap();
    let html = dir.path().join("out.html");
    Command::cargo_bin("chanto")
        .unwrap()
        .arg("scan")
        .arg(&manifest)
        .arg(format!("--output=html={}", html.display()))
        .assert()
        .code(predicates::ord::ne(2));
    let text = std::fs::read_to_string(html).unwrap();
    assert!(!text.contains("<script>alert(1)"), "input became markup");
    assert_eq!(
        text.matches("</script>").count(),
        2,
        "only the page's own scripts close"
    );
    for external in ["http://", "https://", "src=", "<link"] {
        assert!(!text.contains(external), "fetches something: {external}");
    }
}
