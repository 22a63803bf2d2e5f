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

/// The fill the page gives each state of a component.
fn colour(state: &str) -> &'static str {
    match state {
        "critical" => "#7f1d1d",
        "high" => "#dc2626",
        "medium" => "#f59e0b",
        "low" => "#2563eb",
        "info" => "#6b7280",
        "unknown" => "#7c3aed",
        "absent" => "#9ca3af",
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
    // No unknowns here: a part without findings has passed, unless nothing
    // among the inputs describes it (this example has no registry,
    // storage account or database).
    let absent = ["registry", "storage", "database"];
    let mut worst: BTreeMap<&str, &str> = COMPONENTS
        .iter()
        .map(|c| {
            (
                *c,
                if absent.contains(c) {
                    "absent"
                } else {
                    "passed"
                },
            )
        })
        .collect();
    // A part with unknowns and no finding shows as unknown (the audit log,
    // maintenance windows and Defender for Resource Manager are settings
    // this example's inputs do not hold).
    for u in report["unknown"].as_array().unwrap() {
        let code = u["code"].as_str().unwrap();
        let component = chanto::rules::find(code)
            .unwrap()
            .meta
            .component
            .to_string();
        let current = worst.get_mut(component.as_str()).unwrap();
        if rank(current).is_none() {
            *current = "unknown";
        }
    }
    for f in report["findings"].as_array().unwrap() {
        let (component, severity) = (
            f["component"].as_str().unwrap(),
            f["severity"].as_str().unwrap(),
        );
        let current = worst.get_mut(component).unwrap();
        if rank(current).is_none() || rank(severity) > rank(current) {
            *current = severity;
        }
    }
    for (component, state) in &worst {
        let group = dom
            .split("<g ")
            .find(|g| g.contains(&format!("data-component=\"{component}\"")))
            .unwrap_or_else(|| panic!("component {component} missing from the drawing"));
        assert!(
            group.contains(&format!("data-state=\"{state}\"")),
            "{component}: expected {state} in {group}"
        );
        assert!(
            group.contains(&format!("fill=\"{}\"", colour(state))),
            "{component}: colour for {state}"
        );
        if *state == "absent" {
            assert!(group.contains("not among the inputs"), "{group}");
        }
    }
    assert_eq!(worst["api-server"], "high");
    assert_eq!(worst["node-pool"], "high");
    assert_eq!(worst["registry"], "absent");
}

/// `html` with scripts forbidden by a Content-Security-Policy, as Jenkins'
/// HTML Publisher serves reports by default.
fn without_scripts(html: &Path) -> PathBuf {
    let text = std::fs::read_to_string(html).unwrap();
    let blocked = html.with_extension("noscript.html");
    std::fs::write(
        &blocked,
        text.replacen(
            "<head>",
            "<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\">",
            1,
        ),
    )
    .unwrap();
    blocked
}

/// How a text from the report appears in the DOM Chromium dumps.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn with_scripts_blocked_the_page_shows_every_finding_requirement_and_unknown() {
    let Some(browser) = browser() else { return };
    for example in ["first-cluster", "secure-baseline", "terraform"] {
        let dir = tempfile::tempdir().unwrap();
        let (html, report) = scan_example(dir.path(), example);
        let output = headless(&browser, &dir.path().join("profile"))
            .arg("--dump-dom")
            .arg(format!("file://{}", without_scripts(&html).display()))
            .output()
            .unwrap();
        let dom = String::from_utf8_lossy(&output.stdout);
        assert!(
            dom.contains("class=\"filters\""),
            "{example}: the script ran, so this proves nothing"
        );
        let rows = dom.matches("<tr data-pillar=").count();
        // Worst first.
        let rank = |s: &str| {
            ["critical", "high", "medium", "low", "info"]
                .iter()
                .position(|r| *r == s)
        };
        let order: Vec<_> = dom
            .split("<tr data-pillar=")
            .skip(1)
            .filter_map(|row| row.split("data-severity=\"").nth(1)?.split('"').next())
            .map(rank)
            .collect();
        assert!(
            order.windows(2).all(|w| w[0] <= w[1]),
            "{example}: {order:?}"
        );
        assert_eq!(
            rows,
            report["findings"].as_array().unwrap().len(),
            "{example}"
        );
        for f in report["findings"].as_array().unwrap() {
            let message = escaped(f["message"].as_str().unwrap());
            assert!(dom.contains(&message), "{example}: finding {message}");
        }
        for r in report["policy"].as_array().unwrap() {
            let id = r["id"].as_str().unwrap();
            let status = r["status"].as_str().unwrap();
            assert!(
                dom.contains(&format!("<td>{id} ")) && dom.contains(&format!("status-{status}")),
                "{example}: requirement {id}"
            );
        }
        for u in report["unknown"].as_array().unwrap() {
            let reason = escaped(u["reason"].as_str().unwrap());
            assert!(dom.contains(&reason), "{example}: unknown {reason}");
        }
    }
}

/// A PNG's pixels as RGB.
fn pixels(png_file: &Path) -> Vec<[u8; 3]> {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_file).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    pixels[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect()
}

#[test]
fn a_screenshot_of_the_report_is_not_blank() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (html, _) = report(dir.path());
    // Kept in the build's output (not committed) for people to look at.
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join("first-cluster.png");
    let status = headless(&browser, &dir.path().join("profile"))
        .arg("--window-size=1400,1500")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", html.display()))
        .status()
        .unwrap();
    assert!(status.success() && shot.is_file(), "no screenshot taken");
    let rgb = pixels(&shot);
    let distinct: std::collections::HashSet<_> = rgb.iter().collect();
    assert!(
        distinct.len() > 50,
        "a blank page: {} colours",
        distinct.len()
    );
    // The high-severity red of the API server and node pool is drawn.
    let red = rgb.iter().filter(|p| **p == [0xdc, 0x26, 0x26]).count();
    assert!(red > 1000, "only {red} pixels of the high colour");

    // The clean cluster with its surroundings: its parts drawn as passed.
    let clean = dir.path().join("secure-baseline.html");
    Command::cargo_bin("chanto")
        .unwrap()
        .args(["scan", "examples/secure-baseline", "--as-of", "2026-11-28"])
        .arg(format!("--output=html={}", clean.display()))
        .assert()
        .code(0);
    let shot = shots.join("secure-baseline.png");
    let status = headless(&browser, &dir.path().join("profile-clean"))
        .arg("--window-size=1400,1500")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", clean.display()))
        .status()
        .unwrap();
    assert!(status.success() && shot.is_file(), "no screenshot taken");
    let green = pixels(&shot)
        .iter()
        .filter(|p| **p == [0x16, 0xa3, 0x4a])
        .count();
    assert!(green > 1000, "only {green} pixels of the passed colour");
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
        1,
        "only the page's own script closes"
    );
    for external in ["http://", "https://", "src=", "<link"] {
        assert!(!text.contains(external), "fetches something: {external}");
    }
}

/// Scans `examples/<example>` into `dir`: the HTML page's path and the
/// JSON report.
fn scan_example(dir: &Path, example: &str) -> (PathBuf, Value) {
    let (html, json) = (dir.join("out.html"), dir.join("out.json"));
    Command::cargo_bin("chanto")
        .unwrap()
        .args([
            "scan",
            &format!("examples/{example}"),
            "--as-of",
            "2026-11-28",
        ])
        .arg(format!("--output=html={}", html.display()))
        .arg(format!("--output=json={}", json.display()))
        .assert()
        .code(predicates::ord::ne(2));
    let report = serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    (html, report)
}

/// The HTML of a scan of `example`.
fn page(example: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let (html, _) = scan_example(dir.path(), example);
    std::fs::read_to_string(html).unwrap()
}

#[test]
fn the_picture_draws_the_surroundings_that_are_among_the_inputs_and_greys_the_rest() {
    let state = |page: &str, context: &str| {
        page.split("<g ")
            .find(|g| g.contains(&format!("data-context=\"{context}\"")))
            .and_then(|g| g.split("data-state=\"").nth(1)?.split('"').next())
            .map(str::to_string)
            .unwrap_or_else(|| panic!("{context} is not drawn"))
    };
    let secure = page("secure-baseline");
    let first = page("first-cluster");
    for context in ["firewall", "waf", "private-endpoints"] {
        assert_eq!(
            state(&secure, context),
            "present",
            "secure-baseline {context}"
        );
        assert_eq!(state(&first, context), "absent", "first-cluster {context}");
    }
    // The route from the node subnets to the hub firewall, and the services
    // the private endpoints serve, are drawn only where the inputs hold them.
    assert!(secure.contains("<g class=\"route\" data-state=\"present\">"));
    assert!(!first.contains("class=\"route\""), "no firewall, no route");
    let served = |page: &str| -> Vec<String> {
        page.split("data-serves=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next().map(str::to_string))
            .collect()
    };
    assert_eq!(served(&secure), ["registry", "key-vault"]);
    assert!(served(&first).is_empty());
    // Defender and Container Insights: on in the baseline; the first
    // cluster has Defender off (a CL104 finding) and Insights on.
    for (page, defender) in [(&secure, "on"), (&first, "off")] {
        assert!(page.contains(&format!(
            "data-feature=\"defender\" data-state=\"{defender}\""
        )));
        assert!(page.contains("data-feature=\"container-insights\" data-state=\"on\""));
    }
    // The first cluster has no registry, storage account or database.
    for component in ["registry", "storage", "database"] {
        let group = first
            .split("<g ")
            .find(|g| g.contains(&format!("data-component=\"{component}\"")))
            .unwrap();
        assert!(group.contains("data-state=\"absent\"") && group.contains("not among the inputs"));
    }
}

#[test]
fn a_link_to_a_part_shows_only_its_findings_and_unknowns() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (html, report) = scan_example(dir.path(), "terraform");
    let on_registry = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["component"] == "registry")
        .count();
    assert!(on_registry > 0 && on_registry < report["findings"].as_array().unwrap().len());
    let output = headless(&browser, &dir.path().join("profile"))
        .arg("--dump-dom")
        .arg(format!("file://{}#registry", html.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    let rows: Vec<&str> = dom
        .split("<tr data-")
        .skip(1)
        .map(|row| row.split('>').next().unwrap_or(""))
        .collect();
    let (mine, others): (Vec<&str>, Vec<&str>) = rows
        .iter()
        .filter(|r| r.contains("component=\""))
        .partition(|r| {
            r.contains("data-component=\"registry\"") || r.starts_with("component=\"registry\"")
        });
    assert!(
        mine.len() > on_registry,
        "its findings and its unknown: {mine:?}"
    );
    assert!(mine.iter().all(|r| !r.contains("hidden")), "{mine:?}");
    assert!(
        !others.is_empty() && others.iter().all(|r| r.contains("hidden")),
        "{others:?}"
    );
    assert!(dom.contains(&format!("Findings on registry ({on_registry} of ")));
}

/// A fleet's page: one picture for the whole scan and one per cluster, all
/// shown with scripts blocked; with scripts, a cluster selector and the
/// whole scan's picture alone until a cluster is chosen. The screenshot
/// is kept in `target/screenshots/fleet.png`.
#[test]
fn a_fleet_has_a_picture_per_cluster_and_a_selector() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("fleet.html");
    Command::cargo_bin("chanto")
        .unwrap()
        .args(["scan", "tests/fixtures/fleet", "--as-of", "2026-11-28"])
        .arg(format!("--output=html={}", html.display()))
        .assert()
        .code(1);
    let dom = |page: &Path, profile: &str| {
        let output = headless(&browser, &dir.path().join(profile))
            .arg("--dump-dom")
            .arg(format!("file://{}", page.display()))
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let figures = |dom: &str| -> Vec<(String, bool)> {
        dom.split("<figure ")
            .skip(1)
            .map(|f| {
                let head = f.split('>').next().unwrap_or("");
                let caption = f
                    .split("<figcaption>")
                    .nth(1)
                    .and_then(|c| c.split("</figcaption>").next())
                    .unwrap_or("")
                    .to_string();
                (caption, head.contains("hidden"))
            })
            .collect()
    };

    let blocked = dom(&without_scripts(&html), "profile-blocked");
    let shown = figures(&blocked);
    assert_eq!(
        shown.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(),
        [
            "Whole scan",
            "aks-dev (resource group rg-team-b)",
            "aks-ops",
            "aks-prod",
            "aks-dev (resource group rg-team-a)",
            "aks-stg",
        ],
        "the whole scan, then each cluster worst first (as the clusters table)"
    );
    assert!(shown.iter().all(|(_, hidden)| !hidden), "{shown:?}");
    // The production cluster runs Defender; the others do not.
    let prod = blocked
        .split("<figure ")
        .find(|f| f.contains("<figcaption>aks-prod</figcaption>"))
        .unwrap();
    assert!(prod.contains("data-feature=\"defender\" data-state=\"on\""));
    let dev = blocked
        .split("<figure ")
        .find(|f| f.contains("<figcaption>aks-stg</figcaption>"))
        .unwrap();
    assert!(dev.contains("data-feature=\"defender\" data-state=\"off\""));

    let scripted = dom(&html, "profile");
    let select = &scripted[scripted
        .find("<select id=\"cluster\">")
        .expect("a cluster selector")..];
    let select = &select[..select.find("</select>").unwrap()];
    assert_eq!(
        select.matches("<option").count(),
        6,
        "all, then five clusters"
    );
    assert!(select.contains(">aks-dev (resource group rg-team-b)</option>"));
    let visible: Vec<String> = figures(&scripted)
        .into_iter()
        .filter(|(_, hidden)| !hidden)
        .map(|(caption, _)| caption)
        .collect();
    assert_eq!(visible, ["Whole scan"], "one picture at a time");

    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join("fleet.png");
    let status = headless(&browser, &dir.path().join("profile-shot"))
        .arg("--window-size=1400,2400")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", without_scripts(&html).display()))
        .status()
        .unwrap();
    assert!(status.success() && shot.is_file(), "no screenshot taken");
}
