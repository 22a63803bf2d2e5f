//! SARIF, JUnit and Markdown reports, from the binary, on the examples.

use assert_cmd::Command;
use serde_json::Value;

mod corpus;

const AS_OF: &str = "2026-11-28";

/// Runs a scan of `path` writing `format` to a file; returns its text.
fn output(path: &str, format: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out");
    Command::cargo_bin("chanto")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["scan", path, "--as-of", AS_OF, "-q", "--output"])
        .arg(format!("{format}={}", file.display()))
        .args(extra)
        .assert()
        .code(predicates::ord::ne(2));
    std::fs::read_to_string(file).unwrap()
}

fn sarif(path: &str, extra: &[&str]) -> Value {
    serde_json::from_str(&output(path, "sarif", extra)).unwrap()
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/data/sarif-2.1.0-rtm.5.json").unwrap(),
    )
    .unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("sarif.json", schema).unwrap();
    let index = compiler.compile("sarif.json", &mut schemas).unwrap();
    for (path, extra) in [
        ("examples/first-cluster", vec![]),
        (
            "tests/fixtures/kube-system",
            vec!["--fail-on", "none", "--no-default-exemptions"],
        ),
        ("tests/fixtures/samples", vec![]),
        // Terraform, with findings inside a local module and on a registry.
        ("examples/terraform", vec![]),
    ] {
        let log = sarif(path, &extra);
        if let Err(e) = schemas.validate(&log, index) {
            panic!("{path}: SARIF does not validate: {e}");
        }
        // The validator does reject what the schema forbids.
        let mut broken = log.clone();
        broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
        assert!(
            schemas.validate(&broken, index).is_err(),
            "{path}: a bad level passed"
        );
    }
}

/// The SARIF `uri`s of a scan run in `cwd` with `args`.
fn sarif_uris(cwd: &std::path::Path, args: &[&str]) -> Vec<String> {
    let output = Command::cargo_bin("chanto")
        .unwrap()
        .current_dir(cwd)
        .args(["scan", "--as-of", AS_OF, "-q", "--format", "sarif"])
        .args(args)
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut uris: Vec<String> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let artifact = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
            artifact["uri"].as_str().unwrap().to_string()
        })
        .collect();
    uris.sort();
    uris.dedup();
    uris
}

#[test]
fn sarif_paths_are_relative_to_the_repository_whatever_the_arguments() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    for dir in ["sub/dir", "other"] {
        std::fs::create_dir_all(repo.path().join(dir)).unwrap();
    }
    std::fs::copy(
        "examples/first-cluster/aks-first.json",
        repo.path().join("sub/dir/aks.json"),
    )
    .unwrap();
    std::fs::copy(
        "examples/first-cluster/manifests/shop.yaml",
        repo.path().join("other/shop.yaml"),
    )
    .unwrap();
    let both = vec![
        "other/shop.yaml".to_string(),
        "sub/dir/aks.json".to_string(),
    ];
    assert_eq!(
        sarif_uris(repo.path(), &["sub/dir"]),
        vec!["sub/dir/aks.json".to_string()]
    );
    assert_eq!(sarif_uris(repo.path(), &["sub/dir", "other/"]), both);
    assert_eq!(sarif_uris(repo.path(), &["other", "./sub/dir"]), both);
    // From a folder inside the repository, with `..`: the same names.
    assert_eq!(
        sarif_uris(&repo.path().join("sub"), &["dir", "../other"]),
        both
    );
    // `--root` overrides the repository.
    assert_eq!(
        sarif_uris(repo.path(), &["sub/dir", "--root", "sub"]),
        vec!["dir/aks.json".to_string()]
    );
}

#[test]
fn sarif_carries_rules_regions_severity_and_suppressions() {
    let log = sarif("examples/first-cluster", &[]);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(
        rules.len(),
        chanto::rules::registry().len(),
        "every rule is described"
    );
    for rule in rules {
        let score: f64 = rule["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1.0..=10.0).contains(&score), "{}", rule["id"]);
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("## How to fix")
        );
        assert!(
            rule["helpUri"].as_str().unwrap().starts_with("https://"),
            "{}",
            rule["id"]
        );
        for key in ["pillar", "kind", "responsibility", "component"] {
            assert!(
                rule["properties"][key].is_string(),
                "{} lacks {key}",
                rule["id"]
            );
        }
    }
    let cn101 = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "CN101")
        .unwrap();
    assert_eq!(cn101["level"], "error");
    let physical = &cn101["locations"][0]["physicalLocation"];
    assert_eq!(
        physical["artifactLocation"]["uri"],
        "examples/first-cluster/aks-first.json"
    );
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(physical["region"]["startLine"], 49);
    assert_eq!(
        rules[cn101["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "CN101"
    );
    let root = std::fs::canonicalize(env!("CARGO_MANIFEST_DIR")).unwrap();
    assert_eq!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        format!("file://{}/", root.display())
    );
    let levels: Vec<_> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert!(
        levels.contains(&"warning") && levels.contains(&"note"),
        "levels follow severity, not all error"
    );

    let exempt = sarif("tests/fixtures/kube-system", &["--fail-on", "none"]);
    let suppressed: Vec<_> = exempt["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["suppressions"].is_array())
        .collect();
    assert!(!suppressed.is_empty());
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "external");
}

#[test]
fn junit_parses_with_one_suite_per_pillar_and_a_failure_per_finding() {
    let xml = output("examples/first-cluster", "junit", &[]);
    let report = quick_junit::Report::deserialize_from_str(&xml).unwrap();
    let names: Vec<_> = report
        .test_suites
        .iter()
        .map(|s| s.name.as_str().to_string())
        .collect();
    assert_eq!(names, ["Connectivity", "Cluster", "Auth"]);
    let failures: usize = report.test_suites.iter().map(|s| s.failures).sum();
    let json: Value = serde_json::from_str(&output("examples/first-cluster", "json", &[])).unwrap();
    assert_eq!(
        failures as u64,
        json["summary"]["findings"].as_u64().unwrap()
    );
    assert!(
        xml.contains("aks-first.json:49"),
        "failures carry the location"
    );
}

#[test]
fn markdown_is_sized_for_a_pull_request_comment() {
    let md = output("examples/first-cluster", "markdown", &[]);
    assert!(md.starts_with("## chanto: security posture"));
    assert!(md.contains("| Connectivity |") && md.contains("<details>"));
    // A large scan is truncated with a count.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        std::fs::write(
            dir.path().join(format!("p{i}.yaml")),
            format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    securityContext:\n      privileged: true\n"),
        )
        .unwrap();
    }
    let big = output(dir.path().to_str().unwrap(), "markdown", &[]);
    assert!(big.contains("…and "), "{big}");
    assert!(big.len() < 60_000, "fits a comment: {} bytes", big.len());
}

#[test]
fn several_outputs_from_one_scan_and_the_table_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let (s, j) = (dir.path().join("r.sarif"), dir.path().join("r.xml"));
    let out = Command::cargo_bin("chanto")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["scan", "examples/first-cluster", "--as-of", AS_OF])
        .arg(format!("--output=sarif={}", s.display()))
        .arg(format!("--output=junit={}", j.display()))
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("Connectivity")
    );
    assert!(s.exists() && j.exists());
}

#[test]
fn snapshot_sarif_junit_markdown_and_html() {
    let mut settings = insta::Settings::clone_current();
    // The root is the checkout, wherever it is.
    settings.add_filter(r#""file://[^"]*/""#, r#""file://[ROOT]/""#);
    settings.bind(|| {
        insta::assert_snapshot!("sarif", output("examples/first-cluster", "sarif", &[]));
        insta::assert_snapshot!("junit", output("examples/first-cluster", "junit", &[]));
        insta::assert_snapshot!(
            "markdown",
            output("examples/first-cluster", "markdown", &[])
        );
        insta::assert_snapshot!("html", output("examples/first-cluster", "html", &[]));
        insta::assert_snapshot!("github", output("examples/first-cluster", "github", &[]));
        insta::assert_snapshot!("azure", output("examples/first-cluster", "azure", &[]));
    });
}

/// The severities of the finding rows of a table or Markdown report, in
/// order, per section (a blank line or a heading ends one).
fn severities_by_section(text: &str, row: impl Fn(&str) -> Option<&str>) -> Vec<Vec<usize>> {
    let rank = |s: &str| {
        ["critical", "high", "medium", "low", "info"]
            .iter()
            .position(|r| *r == s)
    };
    let mut sections = vec![Vec::new()];
    for line in text.lines() {
        match row(line).and_then(rank) {
            Some(r) => sections.last_mut().unwrap().push(r),
            None if !sections.last().unwrap().is_empty() => sections.push(Vec::new()),
            None => {}
        }
    }
    sections.retain(|s| !s.is_empty());
    sections
}

#[test]
fn findings_run_from_the_worst_severity_down_in_the_table_and_markdown() {
    let table = output("examples/first-cluster", "table", &[]);
    let sections =
        severities_by_section(&table, |l| l.strip_prefix("  ")?.split_whitespace().next());
    assert_eq!(sections.len(), 3, "{table}");
    let markdown = output("examples/first-cluster", "markdown", &[]);
    let rows = severities_by_section(&markdown, |l| {
        // Cells split at `|` that is not escaped as `\|`.
        let mut cells = Vec::new();
        let mut start = 0;
        for (i, c) in l.char_indices() {
            if c == '|' && !l[..i].ends_with('\\') {
                cells.push(l[start..i].trim());
                start = i + 1;
            }
        }
        cells.push(l[start..].trim());
        (cells.len() == 7 && cells[2].starts_with(['C', 'A'])).then(|| cells[1])
    });
    assert_eq!(rows.len(), 3, "{markdown}");
    for section in sections.iter().chain(&rows) {
        assert!(section.windows(2).all(|w| w[0] <= w[1]), "{section:?}");
        assert!(
            section.first() < section.last(),
            "mixed severities: {section:?}"
        );
    }
    // JSON keeps its documented order: file, line.
    let json: Value = serde_json::from_str(&output("examples/first-cluster", "json", &[])).unwrap();
    let places: Vec<(String, u64)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["location"]["file"].as_str().unwrap().to_string(),
                f["location"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(places.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn statistics_count_every_rule() {
    let text = output("examples/first-cluster", "table", &["--statistics"]);
    let counts: Vec<(u64, &str)> = text
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            Some((words.next()?.parse().ok()?, words.next()?))
        })
        .collect();
    assert_eq!(counts.iter().map(|(n, _)| n).sum::<u64>(), 40, "{text}");
    assert_eq!(counts[0], (3, "CL106"), "most first: {text}");
    assert!(!text.contains("aks-first.json"), "no finding rows: {text}");
}

#[test]
fn markdown_and_html_of_ten_thousand_manifests_keep_every_high_rule_and_stay_small() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus::generate(dir.path(), 10_000, 20261128).unwrap();
    corpus::generate_clusters(dir.path(), 40, 20261128).unwrap();
    assert!(corpus.files >= 10_000);
    let root = dir.path().to_str().unwrap();
    let markdown = output(root, "markdown", &["--root", root]);
    assert!(
        markdown.chars().count() < 65_536,
        "{} characters",
        markdown.chars().count()
    );
    let json: Value = serde_json::from_str(&output(root, "json", &["--root", root])).unwrap();
    // Every rule with a high finding, and how many findings it has in all.
    let findings = json["findings"].as_array().unwrap();
    let mut high: std::collections::BTreeMap<String, usize> = findings
        .iter()
        .filter(|f| f["severity"] == "high")
        .map(|f| (f["code"].as_str().unwrap().to_string(), 0))
        .collect();
    for f in findings {
        if let Some(count) = high.get_mut(f["code"].as_str().unwrap()) {
            *count += 1;
        }
    }
    assert!(json["findings"].as_array().unwrap().len() >= corpus.truth.len());
    assert!(!high.is_empty());
    for (code, count) in &high {
        assert!(
            markdown.lines().any(
                |l| l.starts_with(&format!("| {code} ")) && l.contains(&format!("| {count} |"))
            ),
            "{code} ×{count} missing from the rule counts"
        );
    }
    // The HTML lists the worst thousand and counts every rule.
    let html = output(root, "html", &["--root", root]);
    assert!(html.len() < 5 << 20, "{} bytes", html.len());
    assert_eq!(html.matches("<tr data-pillar=").count(), 1_000);
    let by_rule = html
        .split("id=\"by-rule\"")
        .nth(1)
        .expect("a by-rule table");
    for (code, count) in &high {
        assert!(
            by_rule
                .lines()
                .any(|l| l.contains(&format!("<td>{code} "))
                    && l.contains(&format!("<td>{count}</td>"))),
            "{code} ×{count} missing from the HTML's rule counts"
        );
    }
    assert!(
        markdown.contains("the rule counts above include them"),
        "rows were cut, and it says so"
    );
}

#[test]
fn markdown_lists_each_unknown_with_what_is_missing() {
    let markdown = output("tests/fixtures/samples", "markdown", &[]);
    let json: Value = serde_json::from_str(&output("tests/fixtures/samples", "json", &[])).unwrap();
    let unknown = json["unknown"].as_array().unwrap();
    assert!(!unknown.is_empty());
    assert!(markdown.contains(&format!("Unknown — {} verdict(s)", unknown.len())));
    // Rows past the comment's budget are counted, not lost.
    let section = &markdown[markdown.find("Unknown — ").unwrap()..];
    let section = &section[..section.find("</details>").unwrap()];
    let cut: usize = section
        .lines()
        .find_map(|l| {
            l.strip_prefix("…and ")?
                .strip_suffix(" more.")?
                .parse()
                .ok()
        })
        .unwrap_or(0);
    let listed = section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| code |"))
        .count();
    assert_eq!(listed + cut, unknown.len(), "{section}");
    for u in unknown.iter().take(listed) {
        let code = u["code"].as_str().unwrap();
        let line = u["location"]["line"].as_u64().unwrap();
        assert!(
            section
                .lines()
                .any(|l| l.starts_with(&format!("| {code} |")) && l.contains(&format!(":{line}`"))),
            "{code} at line {line}"
        );
    }
}

/// The table of `report` as a terminal `width` columns wide would get it
/// (`None`: a file or pipe), its styles stripped.
fn table(report: &chanto::report::Report, width: Option<usize>) -> String {
    use chanto::report::{self, Format, RenderOptions, TableOptions};
    let mut out = Vec::new();
    let options = RenderOptions {
        table: TableOptions {
            width,
            ..TableOptions::default()
        },
        ..RenderOptions::default()
    };
    report::write(Format::Table, report, &options, &mut out).unwrap();
    anstream::adapter::strip_str(&String::from_utf8(out).unwrap()).to_string()
}

#[test]
fn the_table_fits_the_terminal_and_ends_long_reports_with_the_busiest_rules() {
    use chanto::report::Report;
    use chanto::scan::{ScanOptions, scan};
    let mut options = ScanOptions::new(
        vec!["tests/fixtures/samples".into()],
        AS_OF.parse().unwrap(),
    );
    // The JSON samples: their paths are the ones checked below.
    options.load.exclude = vec!["bicep".into()];
    let result = scan(&options);
    let report = Report::new(&result);
    let render = |width: Option<usize>| table(&report, width);
    for width in [80, 100, 160] {
        let text = render(Some(width));
        let rows: Vec<&str> = text
            .lines()
            .filter(|l| {
                l.starts_with("  high") || l.starts_with("  medium") || l.starts_with("  low")
            })
            .collect();
        assert!(!rows.is_empty());
        for row in rows {
            assert!(row.chars().count() <= width, "{width}: {row}");
            // The code, the file and the line are never cut.
            assert!(row.contains(".json:"), "{width}: {row}");
        }
    }
    // Whole lines without a terminal.
    assert!(render(None).lines().any(|l| l.chars().count() > 160));
    assert!(
        render(None).contains("Most frequent"),
        "47 findings end with the busiest rules"
    );
}

#[test]
fn a_requirement_names_the_attestations_it_rests_on_in_every_report() {
    let json: Value =
        serde_json::from_str(&output("examples/secure-baseline", "json", &[])).unwrap();
    let p5 = json["policy"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "P5")
        .unwrap();
    assert_eq!(p5["status"], "compliant");
    let attestation = &p5["attestations"][0];
    assert_eq!(attestation["code"], "AU001");
    assert_eq!(attestation["owner"], "security-team@example.com");
    let html = output("examples/secure-baseline", "html", &[]);
    assert!(html.contains("attested — AU001:"), "HTML names it");
    let table = Command::cargo_bin("chanto")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["scan", "examples/secure-baseline", "--as-of", AS_OF])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table
            .lines()
            .any(|l| l.contains("P5") && l.contains("attested: AU001")),
        "{table}"
    );
}

/// Every attestation of the policy file is shown, not only those a
/// requirement counts: the baseline's "all compliant" rests on three.
/// Past its validity one is marked stale.
#[test]
fn every_attestation_is_listed_with_its_validity() {
    let json: Value =
        serde_json::from_str(&output("examples/secure-baseline", "json", &[])).unwrap();
    let codes: Vec<&str> = json["attestations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["CN001", "CN002", "AU001", "CL001", "CL002", "CL003"]
    );

    let html = output("examples/secure-baseline", "html", &[]);
    let section = &html[html.find("id=\"attestations\"").expect("a section")..];
    let section = &section[..section.find("</table>").unwrap()];
    let rows: Vec<&str> = section.split("<tr data-component=").skip(1).collect();
    assert_eq!(rows.len(), 6, "{section}");
    assert!(rows[0].starts_with("\"arm\"><td>CN001</td>"), "{}", rows[0]);
    assert!(
        rows[2].contains("<td>2027-01-31</td><td>P5</td>"),
        "{}",
        rows[2]
    );

    // Two months later AU001's review has run out.
    let table = Command::cargo_bin("chanto")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["scan", "examples/secure-baseline", "--as-of", "2027-03-01"])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    let listed: Vec<&str> = table
        .lines()
        .skip_while(|l| !l.starts_with("Attestations"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(listed.len(), 6, "{table}");
    assert!(listed[2].starts_with("  AU001 ") && listed[2].ends_with("stale since 2027-01-31"));
    assert!(
        listed[0].ends_with("valid until 2027-05-01"),
        "{}",
        listed[0]
    );
}

#[test]
fn only_a_terminal_s_width_cuts_a_resource_name() {
    use chanto::report::Report;
    use chanto::scan::{ScanOptions, scan};
    let dir = tempfile::tempdir().unwrap();
    let name = format!("web-{}", "x".repeat(60));
    std::fs::write(
        dir.path().join("pod.yaml"),
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n    - name: c\n      image: contoso.azurecr.io/web:1\n      securityContext:\n        privileged: true\n"),
    )
    .unwrap();
    let result = scan(&ScanOptions::new(
        vec![dir.path().to_path_buf()],
        AS_OF.parse().unwrap(),
    ));
    let report = Report::new(&result);
    let render = |width: Option<usize>| table(&report, width);
    assert!(
        render(None).contains(&name),
        "a file or pipe gets the whole name"
    );
    let narrow = render(Some(100));
    assert!(
        !narrow.contains(&name) && narrow.contains("web-xxx"),
        "{narrow}"
    );
}

/// A fleet's Markdown and HTML list its clusters, the worst first, each
/// with its findings by severity: names escaped, two `aks-dev` told apart.
#[test]
fn a_fleet_summary_lists_each_cluster_worst_first() {
    let markdown = output("tests/fixtures/fleet", "markdown", &[]);
    let rows: Vec<&str> = markdown
        .lines()
        .skip_while(|l| !l.starts_with("<details><summary>By cluster"))
        .take_while(|l| *l != "</details>")
        .filter(|l| l.starts_with("| aks-"))
        .collect();
    assert_eq!(rows.len(), 5, "{markdown}");
    assert!(rows[0].contains("| 1 |"), "critical first: {rows:?}");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("| aks-dev (resource group rg-team-a) |"))
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("| aks-dev (resource group rg-team-b) |"))
    );
    let html = output("tests/fixtures/fleet", "html", &[]);
    let section = &html[html.find("id=\"clusters\"").expect("a clusters table")..];
    let section = &section[..section.find("</tbody>").unwrap()];
    assert_eq!(section.matches("<tr>").count(), 5, "{section}");
    // One cluster alone has no fleet summary.
    assert!(!output("examples/first-cluster", "markdown", &[]).contains("By cluster"));
}

/// A fleet's policy is a matrix: each cluster by each requirement its own
/// resources decide, the clusters failing most first, then how many
/// clusters do not meet each; requirements only the fleet's other
/// resources decide (P1 Services, P4 storage) are "—", not a guess.
#[test]
fn a_fleet_policy_is_a_matrix_of_clusters_by_requirement() {
    let markdown = output("tests/fixtures/fleet", "markdown", &[]);
    let matrix: Vec<&str> = markdown
        .lines()
        .skip_while(|l| !l.starts_with("<details><summary>Policy by cluster — 5 clusters"))
        .skip(2)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(
        matrix,
        [
            "| cluster | P1 | P2 | P3 | P4 | P5 | P6 |",
            "|---|---|---|---|---|---|---|",
            "| aks-dev (resource group rg-team-a) | — | violated | violated | — | violated | violated |",
            "| aks-dev (resource group rg-team-b) | — | violated | violated | — | violated | violated |",
            "| aks-stg | — | violated | violated | — | violated | violated |",
            "| aks-ops | — | violated | violated | — | violated | violated |",
            "| aks-prod | — | violated | compliant | — | violated | compliant |",
            "| **not met by** | — | 5 of 5 | 4 of 5 | — | 5 of 5 | 4 of 5 |",
        ],
        "{markdown}"
    );

    let table = Command::cargo_bin("chanto")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["scan", "tests/fixtures/fleet", "--as-of", AS_OF])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    let rows: Vec<&str> = table
        .lines()
        .skip_while(|l| !l.starts_with("Policy by cluster"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(rows.len(), 7, "header, five clusters, totals: {table}");
    assert!(rows[5].starts_with("  aks-prod ") && rows[5].contains("compliant"));
    assert!(rows[6].starts_with("  not met by") && rows[6].contains("4 of 5"));

    let html = output("tests/fixtures/fleet", "html", &[]);
    let section = &html[html.find("id=\"policy-by-cluster\"").expect("a matrix")..];
    let section = &section[..section.find("</table>").unwrap()];
    assert_eq!(section.matches("<tr><td>").count(), 5, "{section}");
    assert!(section.contains("<td>aks-prod</td><td class=\"muted\">—</td><td class=\"status-violated\">violated</td><td class=\"status-compliant\">compliant</td>"));

    // Rows about a cluster, or one of its pools, whose name another
    // cluster shares say which one they are.
    assert!(markdown.contains("| high | CN101 | aks-dev (resource group rg-team-a) |"));
    assert!(markdown.contains("| aks-dev/system (resource group rg-team-b) |"));
    assert!(html.contains("<td>aks-dev (resource group rg-team-b)</td>"));
    assert!(
        markdown.contains("| CN101 | aks-prod |"),
        "a unique name stays as it is"
    );

    // One cluster alone has the fleet's verdict only.
    let single = output("examples/first-cluster", "markdown", &[]);
    assert!(!single.contains("Policy by cluster"));
}

/// A fleet's estate as Resource Graph exports it, in pages: every cluster,
/// pool and resource around them is read, and each cluster gets its row of
/// the policy matrix.
#[test]
fn a_resource_graph_export_of_a_fleet_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    corpus::generate_graph_export(dir.path(), 300, 3).unwrap();
    let json: Value =
        serde_json::from_str(&output(dir.path().to_str().unwrap(), "json", &[])).unwrap();
    assert_eq!(json["scanned"]["files"], 3, "pages of 1,000 rows");
    assert_eq!(json["scanned"]["clusters"], 300);
    assert_eq!(json["scanned"]["node_pools"], 600);
    assert_eq!(json["scanned"]["azure_resources"], 1800);
    assert_eq!(json["policy_by_cluster"].as_array().unwrap().len(), 300);
    assert!(json["errors"].as_array().unwrap().is_empty());
}
