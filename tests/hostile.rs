//! Inputs a pull request could add to crash, stall or mislead a scan. Each
//! reproduction under `tests/fixtures/hostile/` once crashed chanto.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const AS_OF: &str = "2026-11-28";
const HOSTILE: &str = "tests/fixtures/hostile";

/// A manifest that must still be scanned next to the hostile file.
const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: bystander}\nspec: {containers: [{name: c, image: x, securityContext: {privileged: true}}]}\n";

fn scan(paths: &[&Path], extra: &[&str]) -> (Value, i32) {
    let output = Command::cargo_bin("chanto")
        .unwrap()
        .env("NO_COLOR", "1")
        .arg("scan")
        .args(paths)
        .args(["--format", "json", "--as-of", AS_OF])
        .args(extra)
        .output()
        .unwrap();
    let code = output.status.code().unwrap_or_else(|| {
        panic!(
            "killed by a signal: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    (report, code)
}

fn bystander() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pod.yaml"), POD).unwrap();
    dir
}

/// Each finding's code and resource name, in report order.
fn findings(report: &Value) -> Vec<(&str, &str)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap(),
                f["resource"]["name"].as_str().unwrap(),
            )
        })
        .collect()
}

fn resource_names(report: &Value) -> Vec<&str> {
    findings(report).into_iter().map(|(_, name)| name).collect()
}

fn has_code(report: &Value, code: &str) -> bool {
    findings(report).iter().any(|(c, _)| *c == code)
}

#[test]
fn yaml_nested_past_the_bound_is_a_located_error_and_the_rest_is_scanned() {
    let pod = bystander();
    for name in ["deep-block-sequence.yaml", "deep-complex-keys.yaml"] {
        let hostile = Path::new(HOSTILE).join(name);
        let (report, code) = scan(&[&hostile, pod.path()], &[]);
        assert_eq!(code, 2, "{name}: an error exits 2");
        let error = &report["errors"][0];
        assert!(error["file"].as_str().unwrap().ends_with(name), "{error}");
        assert_eq!(error["line"], 1, "{error}");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("nesting deeper than 200"),
            "{error}"
        );
        assert!(
            has_code(&report, "CL201"),
            "{name}: the pod is still judged"
        );
    }
}

#[test]
fn an_arm_expression_nested_past_the_bound_is_unresolved_not_a_crash() {
    let hostile = Path::new(HOSTILE).join("deep-arm-expression.json");
    let (report, code) = scan(&[&hostile], &["--select", "AU101"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["errors"].as_array().unwrap().len(), 0);
    assert_eq!(
        report["summary"]["passed"], 1,
        "the cluster is read and judged"
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_the_scanned_folder_are_skipped_unless_followed() {
    let root = tempfile::tempdir().unwrap();
    let repo = root.path().join("repo");
    let outside = root.path().join("outside");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("pod.yaml"), POD).unwrap();
    std::os::unix::fs::symlink("/", repo.join("everything")).unwrap();
    std::os::unix::fs::symlink(&outside, repo.join("other")).unwrap();
    std::fs::write(repo.join("pod.yaml"), POD.replace("bystander", "own")).unwrap();

    let (report, code) = scan(&[&repo], &["--root", repo.to_str().unwrap()]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["errors"].as_array().unwrap().len(), 0, "{report}");
    let skipped: Vec<&str> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["everything", "other"]);
    let names = resource_names(&report);
    assert!(names.contains(&"own"), "{names:?}");
    assert!(
        !names.contains(&"bystander"),
        "the outside pod is not scanned: {names:?}"
    );

    std::fs::remove_file(repo.join("everything")).unwrap();
    let (report, _) = scan(&[&repo], &["--follow-links"]);
    let names = resource_names(&report);
    assert!(
        names.contains(&"bystander"),
        "followed on request: {names:?}"
    );
}

#[test]
fn a_missing_var_file_is_one_usage_error_whatever_is_scanned() {
    let pod = bystander();
    for var_file in ["missing.tfvars", "/dev/zero"] {
        let output = Command::cargo_bin("chanto")
            .unwrap()
            .args(["scan", "--var-file", var_file])
            .arg(pod.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{var_file}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.matches(var_file).count(), 1, "{stderr}");
        assert!(output.stdout.is_empty(), "nothing is scanned");
    }
}

#[test]
fn every_output_is_attempted_when_an_earlier_one_fails() {
    let pod = bystander();
    let out = tempfile::tempdir().unwrap();
    let sarif = out.path().join("report.sarif");
    let output = Command::cargo_bin("chanto")
        .unwrap()
        .arg("scan")
        .arg(pod.path())
        .args(["--as-of", AS_OF, "--output"])
        .arg(format!(
            "html={}",
            out.path().join("missing/report.html").display()
        ))
        .arg("--output")
        .arg(format!("sarif={}", sarif.display()))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("report.html"), "{stderr}");
    let written: Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    let rules: Vec<&str> = written["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"CL201"), "{rules:?}");
}

/// A name a pull request could choose: it tries to end a Markdown row and
/// forge a heading, an image, a mention and a code span, to erase a
/// terminal line and write the clipboard (OSC 52), and to break XML.
const HOSTILE_NAME: &str = "web\n## Approved by security ✅\n![x](https://evil.example/x.png) @org/security `tick` | cell \u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2K\u{c}\u{ffff}\u{202e}";

fn hostile_pod(name: &str) -> String {
    serde_json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": name},
        "spec": {"containers": [{"name": name, "image": "x", "securityContext": {"privileged": true}}]}
    })
    .to_string()
}

/// No character that acts instead of showing: controls other than the
/// writer's own newlines, U+FFFF, bidirectional overrides. JSON and SARIF
/// carry values exactly, escaping what JSON requires (C0 controls), so
/// only those are checked there.
fn assert_inert(format: &str, text: &str) {
    if matches!(format, "json" | "sarif") {
        let raw_c0 = text
            .chars()
            .find(|c| c.is_ascii_control() && *c != '\n' && *c != '\x7f');
        assert_eq!(raw_c0, None, "{format} carries a raw control character");
        return;
    }
    let acting = text
        .chars()
        .find(|c| (c.is_control() && *c != '\n') || matches!(c, '\u{ffff}' | '\u{202e}'));
    assert_eq!(acting, None, "{format} carries a raw control character");
}

/// The body rows of every table in a Markdown document, as CommonMark with
/// GitHub's tables reads them, and whether any heading besides the report's
/// own, any image or any link appeared.
fn markdown_rows(markdown: &str) -> (usize, bool) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut rows = 0;
    let mut headings = 0;
    let mut links = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableRow) => rows += 1,
            Event::Start(Tag::Heading { .. }) => headings += 1,
            Event::Start(Tag::Image { .. } | Tag::Link { .. }) => links = true,
            _ => {}
        }
    }
    (rows, headings != 1 || links)
}

fn render(dir: &Path, format: &str) -> String {
    let output = Command::cargo_bin("chanto")
        .unwrap()
        .env("NO_COLOR", "1")
        .arg("scan")
        .arg(dir)
        .arg("--root")
        .arg(dir)
        .args(["--as-of", AS_OF, "--format", format, "--select", "CL201"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{format}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn names_from_inputs_stay_inert_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pod#1.json"), hostile_pod(HOSTILE_NAME)).unwrap();

    for format in ["table", "markdown", "junit", "sarif", "json", "html"] {
        assert_inert(format, &render(dir.path(), format));
    }
    let table = render(dir.path(), "table");
    assert!(
        !table.lines().any(|l| l.starts_with("## Approved")),
        "{table}"
    );

    let markdown = render(dir.path(), "markdown");
    let (rows, markup) = markdown_rows(&markdown);
    // Body rows: 3 pillars, 1 rule count, 6 requirements, 1 finding.
    assert_eq!(rows, 11, "{markdown}");
    assert!(
        !markup,
        "no heading, image or link from the name: {markdown}"
    );
    assert!(!markdown.contains("@org"), "no mention: {markdown}");

    let junit = render(dir.path(), "junit");
    quick_junit::Report::deserialize_from_str(&junit).expect("well-formed JUnit XML");

    let sarif: Value = serde_json::from_str(&render(dir.path(), "sarif")).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "pod%231.json");
}

#[test]
fn a_huge_name_keeps_the_markdown_report_within_a_comment() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pod.json"),
        hostile_pod(&"n".repeat(70_000)),
    )
    .unwrap();
    let markdown = render(dir.path(), "markdown");
    assert!(
        markdown.chars().count() < 65_536,
        "{} characters",
        markdown.chars().count()
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    #[test]
    fn any_name_is_one_markdown_row_and_well_formed_xml(
        name in "[a-z|`*_\\[\\]!<>@#&\\\\\n\r\t\u{0}-\u{1f}\u{7f}-\u{9f}\u{2028}\u{202e}\u{ffff} é日]{1,60}"
    ) {
        use chanto::report::{self, Format, RenderOptions};
        use chanto::scan::{ScanOptions, scan};
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pod.json"), hostile_pod(&name)).unwrap();
        let mut options = ScanOptions::new(vec![dir.path().to_path_buf()], AS_OF.parse().unwrap());
        options.selection.select = vec!["CL201".into()];
        let result = scan(&options);
        let report = report::Report::new(&result);
        let render = |format: Format| {
            let mut out = Vec::new();
            report::write(format, &report, &RenderOptions {
                table: Default::default(),
                root_uri: "file:///".into(),
                inputs: vec![],
            }, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        let markdown = render(Format::Markdown);
        assert_inert("markdown", &markdown);
        let (rows, markup) = markdown_rows(&markdown);
        proptest::prop_assert_eq!(rows, 11, "{}", markdown);
        proptest::prop_assert!(!markup, "{}", markdown);
        let junit = render(Format::Junit);
        assert_inert("junit", &junit);
        proptest::prop_assert!(quick_junit::Report::deserialize_from_str(&junit).is_ok(), "{}", junit);
        for format in [Format::Sarif, Format::Json] {
            serde_json::from_str::<Value>(&render(format)).unwrap();
        }
        // CI runners read one command per line: the one finding stays one
        // command, and the name adds no property.
        for (format, prefix, end, separator, properties) in [
            (Format::Github, "::error ", "::", ',', 4),
            (Format::Azure, "##vso[task.logissue ", "]", ';', 6),
        ] {
            let text = render(format);
            assert_inert("annotations", &text);
            let lines: Vec<&str> = text.lines().collect();
            proptest::prop_assert_eq!(lines.len(), 1, "{}", text);
            let command = lines[0].strip_prefix(prefix);
            proptest::prop_assert!(command.is_some(), "{}", text);
            let head = command.and_then(|c| c.split_once(end)).map(|(head, _)| head);
            proptest::prop_assert_eq!(head.map(|h| h.split(separator).count()), Some(properties), "{}", text);
        }
    }
}

/// The value planted in every place that holds a secret in
/// `tests/fixtures/hostile/canary`: a sensitive Terraform variable and
/// output, `secureString` and `secureObject` parameters fed into cluster
/// fields, Kubernetes Secret `data` and `stringData`, env literals and a
/// URL's userinfo.
const CANARY: &str = "Canary-7f3a-Sup3rS3cret";

#[test]
fn the_canary_secret_reaches_no_output_error_or_log() {
    let canary = Path::new(HOSTILE).join("canary");
    let base64 = "Q2FuYXJ5LTdmM2EtU3VwM3JTM2NyZXQ=";
    for format in [
        "table", "json", "sarif", "markdown", "junit", "html", "github", "azure",
    ] {
        let output = Command::cargo_bin("chanto")
            .unwrap()
            .env("NO_COLOR", "1")
            .arg("scan")
            .arg(&canary)
            .args([
                "--as-of",
                AS_OF,
                "--verbose",
                "--show-suppressed",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.is_empty() || stream == "stderr",
                "{format} wrote nothing"
            );
            assert!(
                !text.contains(CANARY),
                "{format} {stream} prints the canary:\n{text}"
            );
            assert!(
                !text.contains(base64),
                "{format} {stream} prints the encoded canary"
            );
        }
    }
    let policy = Command::cargo_bin("chanto")
        .unwrap()
        .arg("policy")
        .arg(&canary)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&policy.stdout) + String::from_utf8_lossy(&policy.stderr);
    assert!(!text.contains(CANARY), "policy prints the canary:\n{text}");
}

#[test]
fn secure_parameters_and_sensitive_variables_are_unknown_naming_them() {
    let canary = Path::new(HOSTILE).join("canary");
    let (report, _) = scan(&[&canary], &["--select", "AU101"]);
    let reasons: Vec<&str> = report["unknown"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("parameter 'adminPassword' is secure")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("variable \"admin_password\" is sensitive")),
        "{reasons:?}"
    );
}

#[test]
fn a_workload_named_like_aks_is_not_exempt_without_what_aks_sets() {
    let spoofed = Path::new(HOSTILE).join("spoofed-system.yaml");
    let (report, code) = scan(&[&spoofed], &["--select", "CL201,CL202,AU201"]);
    assert_eq!(code, 1);
    let mut found = findings(&report);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            ("AU201", "coredns-admin"),
            ("CL201", "kube-proxy-extra"),
            ("CL202", "kube-proxy-extra")
        ],
        "{report:#}"
    );
    assert_eq!(report["suppressed"].as_array().unwrap().len(), 0);
}

#[test]
fn values_that_grow_exponentially_stop_at_the_size_budget() {
    for (fixture, name) in [
        ("exponential-arm-variables.json", "(name set at deployment)"),
        (
            "exponential-terraform-locals",
            "azurerm_kubernetes_cluster.aks",
        ),
    ] {
        let path = Path::new(HOSTILE).join(fixture);
        let (report, _) = scan(&[&path], &["--select", "CN101"]);
        assert_eq!(report["findings"][0]["resource"]["name"], name, "{fixture}");
        let json = report.to_string();
        assert!(
            json.len() < 100_000,
            "{fixture}: a {} byte report",
            json.len()
        );
    }
}

#[test]
fn module_call_cycles_are_located_errors_and_the_clusters_are_still_judged() {
    for (fixture, cluster, file) in [
        ("module-self-call", "aks-self", "module-self-call/main.tf"),
        (
            "module-mutual-calls",
            "aks-a",
            "module-mutual-calls/b/main.tf",
        ),
    ] {
        let path = Path::new(HOSTILE).join(fixture);
        let (report, code) = scan(&[&path], &["--select", "CN101"]);
        assert_eq!(code, 2, "{fixture}");
        assert_eq!(
            report["findings"][0]["resource"]["name"], cluster,
            "{fixture}"
        );
        let errors = report["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0]["file"], format!("{HOSTILE}/{file}"));
        assert_eq!(errors[0]["line"], 1);
        assert!(
            errors[0]["message"].as_str().unwrap().contains("cycle"),
            "{errors:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_or_device_in_a_module_folder_is_an_error_not_a_hang() {
    let root = tempfile::tempdir().unwrap();
    let env = root.path().join("env");
    let module = root.path().join("module");
    std::fs::create_dir_all(&env).unwrap();
    std::fs::create_dir_all(&module).unwrap();
    std::fs::write(
        env.join("main.tf"),
        "module \"aks\" {\n  source = \"../module\"\n}\n",
    )
    .unwrap();
    let fifo = module.join("main.tf");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", env.join("zero.auto.tfvars")).unwrap();

    let (report, code) = scan(&[&env], &[]);
    assert_eq!(code, 2);
    let messages: Vec<(&str, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["file"].as_str().unwrap(), e["message"].as_str().unwrap()))
        .collect();
    assert!(
        messages
            .iter()
            .any(|(f, m)| f.ends_with("module/main.tf") && *m == "not a regular file"),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|(f, m)| f.ends_with("zero.auto.tfvars") && *m == "not a regular file"),
        "{messages:?}"
    );
}

#[test]
fn terraform_that_would_stall_the_parser_is_refused_at_its_open_bracket() {
    let pod = bystander();
    let hostile = Path::new(HOSTILE).join("hcl-backtracking");
    let (report, code) = scan(&[&hostile, pod.path()], &[]);
    assert_eq!(code, 2);
    let error = &report["errors"][0];
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(1), Some(8)),
        "{error}"
    );
    assert!(
        error["message"].as_str().unwrap().contains("never closed"),
        "{error}"
    );
    assert!(has_code(&report, "CL201"), "the other input is scanned");
}

/// Kustomizations that use each other many times over, with prefixes that
/// keep the copies apart, stop at a bound with an error instead of growing
/// exponentially.
#[test]
fn kustomizations_used_many_times_over_stop_at_a_bound() {
    let dir = tempfile::tempdir().unwrap();
    let levels = 14;
    for level in 0..levels {
        let next = if level + 1 == levels {
            "pod.yaml".to_string()
        } else {
            format!("../l{}", level + 1)
        };
        for (side, prefix) in [("a", "a-"), ("b", "b-")] {
            let folder = dir.path().join(format!("l{level}{side}"));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(
                folder.join("kustomization.yaml"),
                format!("namePrefix: {prefix}\nresources:\n  - ../l{level}\n"),
            )
            .unwrap();
        }
        let folder = dir.path().join(format!("l{level}"));
        std::fs::create_dir_all(&folder).unwrap();
        let resources = if level + 1 == levels {
            std::fs::write(
                folder.join("pod.yaml"),
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n",
            )
            .unwrap();
            format!("  - {next}\n")
        } else {
            format!("  - ../l{}a\n  - ../l{}b\n", level + 1, level + 1)
        };
        std::fs::write(
            folder.join("kustomization.yaml"),
            format!("resources:\n{resources}"),
        )
        .unwrap();
    }
    let started = std::time::Instant::now();
    let (report, code) = scan(&[&dir.path().join("l0")], &[]);
    assert_eq!(code, 2, "{report}");
    let errors = report["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| {
            let message = e["message"].as_str().unwrap_or_default();
            message.contains("more than")
                && (message.contains("objects") || message.contains("kustomizations built"))
        }),
        "{errors:?}"
    );
    // Not a timing target: a guard that the bound, not the machine, ended it.
    assert!(started.elapsed() < std::time::Duration::from_secs(120));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Any kustomization made of the fields kustomize reads, with values of
    /// the wrong shape, builds or fails with a located error: never a panic.
    #[test]
    fn any_kustomization_builds_or_is_a_located_error(
        fields in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("resources: [pod.yaml]"),
                proptest::strategy::Just("resources: pod.yaml"),
                proptest::strategy::Just("resources: [{a: 1}, .., /, ''] "),
                proptest::strategy::Just("namespace: [x]"),
                proptest::strategy::Just("namespace: prod"),
                proptest::strategy::Just("namePrefix: 7"),
                proptest::strategy::Just("commonLabels: [a]"),
                proptest::strategy::Just("commonLabels: {a: {b: c}}"),
                proptest::strategy::Just("labels: [{pairs: x, includeSelectors: yes}]"),
                proptest::strategy::Just("images: [{name: nginx, newTag: 1}, x]"),
                proptest::strategy::Just("replicas: [{name: app, count: many}]"),
                proptest::strategy::Just("patches: [{patch: '- {op: add, path: /a/b/c/-/d, value: 1}', target: {kind: Pod}}]"),
                proptest::strategy::Just("patches: [{patch: '- {op: move, from: /spec, path: /spec/x}', target: {kind: '('}}]"),
                proptest::strategy::Just("patches: [{patch: '{kind: Pod, metadata: {name: app}, spec: {containers: [{name: app, $patch: delete}]}}'}]"),
                proptest::strategy::Just("patchesJson6902: [{target: {kind: Pod}, patch: '[{op: remove, path: /}]'}]"),
                proptest::strategy::Just("patchesStrategicMerge: [{a: b}]"),
                proptest::strategy::Just("configMapGenerator: [{name: c, literals: [novalue], behavior: merge}]"),
                proptest::strategy::Just("secretGenerator: [{literals: [a=b]}]"),
                proptest::strategy::Just("components: [., ../x]"),
            ],
            0..6,
        )
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::new();
        let mut seen = std::collections::HashSet::new();
        for field in fields {
            let key = field.split(':').next().unwrap_or_default();
            if seen.insert(key) {
                text.push_str(field);
                text.push('\n');
            }
        }
        std::fs::write(dir.path().join("kustomization.yaml"), &text).unwrap();
        std::fs::write(
            dir.path().join("pod.yaml"),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx\n",
        )
        .unwrap();
        let result = chanto::scan::scan(&chanto::scan::ScanOptions::new(vec![dir.path().to_path_buf()], "2026-11-28".parse().unwrap()));
        for error in &result.errors {
            proptest::prop_assert!(error.file.ends_with("kustomization.yaml") || error.file.ends_with("pod.yaml"), "{error}");
        }
    }
}
