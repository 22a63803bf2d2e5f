//! The binary, run the way the README and the issue say.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const AS_OF: &str = "2026-11-28";

fn chanto() -> Command {
    let mut cmd = Command::cargo_bin("chanto").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

fn scan_json(args: &[&str]) -> (Value, i32) {
    let output = chanto()
        .arg("scan")
        .args(args)
        .args(["--format", "json", "--as-of", AS_OF])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    (report, output.status.code().unwrap())
}

fn findings(report: &Value) -> Vec<(String, String, u64)> {
    let mut all: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["resource"]["name"].as_str().unwrap().to_string(),
                f["location"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn first_cluster_reports_the_talks_first_attempt_at_the_deciding_lines() {
    let (report, code) = scan_json(&["examples/first-cluster"]);
    assert_eq!(code, 1, "high findings fail the default --fail-on high");
    assert_eq!(report["schema"], "chanto/v1");
    assert_eq!(report["scanned"]["clusters"], 1);
    assert_eq!(report["scanned"]["objects"], 4);
    let found = findings(&report);
    // The field that decides each one, in examples/first-cluster/aks-first.json.
    for (code, line) in [
        ("CN101", 49),  // "apiServerAccessProfile": null
        ("CN106", 114), // "networkPolicy": null
        ("AU103", 58),  // "disableLocalAccounts": false
        ("AU105", 140), // "clientId": "3f6c…"
        ("CL102", 53),  // "upgradeChannel": null
    ] {
        assert!(
            found.contains(&(code.to_string(), "aks-first".to_string(), line)),
            "{code} at line {line} missing from {found:?}"
        );
    }
    let text = std::fs::read_to_string("examples/first-cluster/aks-first.json").unwrap();
    let line = |n: usize| text.lines().nth(n - 1).unwrap().trim().to_string();
    assert!(line(49).starts_with("\"apiServerAccessProfile\": null"));
    assert!(line(114).starts_with("\"networkPolicy\": null"));
    assert!(line(58).starts_with("\"disableLocalAccounts\": false"));
    assert!(line(140).starts_with("\"clientId\""));
    assert!(line(53).starts_with("\"upgradeChannel\": null"));
    let f = &report["findings"][0];
    for field in [
        "code",
        "name",
        "pillar",
        "severity",
        "kind",
        "responsibility",
        "component",
        "message",
        "remediation",
    ] {
        assert!(f[field].is_string(), "finding lacks {field}: {f}");
    }
    assert_eq!(
        f["location"]["file"], "examples/first-cluster/aks-first.json",
        "paths are relative to the repository's top level"
    );
}

#[test]
fn baseline_has_no_high_or_critical_finding() {
    let (report, code) = scan_json(&["examples/baseline"]);
    assert_eq!(code, 0);
    assert_eq!(report["scanned"]["clusters"], 1);
    assert_eq!(
        report["scanned"]["node_pools"], 2,
        "the child agentPools resource is read"
    );
    let severe: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "high" || f["severity"] == "critical")
        .collect();
    assert!(severe.is_empty(), "{severe:#?}");
}

#[test]
fn secure_baseline_with_its_network_and_services_is_clean_and_compliant() {
    let (report, code) = scan_json(&["examples/secure-baseline"]);
    assert_eq!(code, 0);
    assert_eq!(report["scanned"]["files"], 18);
    assert_eq!(
        report["scanned"]["azure_resources"], 23,
        "registry, vault, firewall, policy and its groups, subnets, endpoints, \
         the audit log's diagnostic setting, maintenance windows, Defender plans…"
    );
    assert_eq!(report["summary"]["findings"], 0, "{:#}", report["findings"]);
    assert_eq!(report["summary"]["unknown"], 0, "{:#}", report["unknown"]);
    let statuses: Vec<&str> = report["policy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["compliant"; 6]);
}

#[test]
fn terraform_example_follows_its_local_module_to_the_deciding_attributes() {
    let (report, code) = scan_json(&["examples/terraform"]);
    assert_eq!(code, 1);
    assert_eq!(report["errors"], serde_json::json!([]));
    let found = findings(&report);
    let line = |file: &str, marker: &str| {
        let text = std::fs::read_to_string(Path::new("examples/terraform").join(file)).unwrap();
        u64::try_from(text.lines().position(|l| l.contains(marker)).unwrap() + 1).unwrap()
    };
    // The root's variable admits the whole internet by default, passed into
    // the module: no range at all.
    let cn101 = (
        "CN101".to_string(),
        "aks-shop-prod".to_string(),
        line("modules/aks/main.tf", "authorized_ip_ranges ="),
    );
    assert!(found.contains(&cn101), "{found:?}");
    let au301 = (
        "AU301".to_string(),
        "acrshopprod".to_string(),
        line("main.tf", "admin_enabled"),
    );
    assert!(found.contains(&au301), "{found:?}");
    // terraform.tfvars makes it production, so the Standard tier applies.
    assert!(!found.iter().any(|(c, _, _)| c == "CL108"), "{found:?}");
}

#[test]
fn the_same_cluster_in_every_shape_gives_identical_findings() {
    let dir = Path::new("tests/fixtures/shapes");
    let mut results = Vec::new();
    for shape in [
        "az-cli.json",
        "arm-resource.json",
        "arm-template.json",
        "resource-graph.json",
    ] {
        let (report, _) = scan_json(&[dir.join(shape).to_str().unwrap()]);
        assert_eq!(report["errors"], serde_json::json!([]), "{shape}");
        let mut set: Vec<_> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {} {} {}",
                    f["code"], f["resource"]["name"], f["severity"], f["message"]
                )
            })
            .collect();
        set.sort();
        let mut unknown: Vec<_> = report["unknown"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| format!("{} {} {}", u["code"], u["resource"]["name"], u["reason"]))
            .collect();
        unknown.sort();
        results.push((shape, set, unknown));
    }
    let (_, reference, reference_unknown) = &results[0];
    assert!(
        reference
            .iter()
            .any(|f| f.starts_with("\"CN104\" \"aks-shapes/win\"")),
        "second pool's public IP"
    );
    assert!(reference.len() >= 15, "{reference:#?}");
    for (shape, set, unknown) in &results {
        assert_eq!(set, reference, "{shape} differs from az-cli.json");
        assert_eq!(unknown, reference_unknown, "{shape}");
    }
}

#[test]
fn a_private_cluster_makes_cn101_and_cn102_not_applicable() {
    let (report, _) = scan_json(&["examples/baseline", "--select", "CN101,CN102"]);
    let codes: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].clone())
        .collect();
    assert!(!codes.contains(&"CN101".into()) && !codes.contains(&"CN102".into()));
    assert_eq!(report["summary"]["not_applicable"], 2);
}

#[test]
fn one_broken_file_does_not_stop_the_good_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "examples/first-cluster/aks-first.json",
        dir.path().join("good.json"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n",
    )
    .unwrap();
    let root = dir.path().to_str().unwrap();
    let (report, code) = scan_json(&[root, "--root", root]);
    assert_eq!(code, 2);
    assert!(
        report["summary"]["high"].as_u64().unwrap() >= 3,
        "the good file's findings are reported"
    );
    let error = &report["errors"][0];
    assert_eq!(error["file"], "broken.yaml");
    assert!(
        error["line"].as_u64().is_some() && error["column"].as_u64().is_some(),
        "{error}"
    );
}

#[test]
fn bad_inputs_each_get_a_clear_error_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(d.join(name), bytes).unwrap();
        d.join(name).to_str().unwrap().to_string()
    };
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        bomb.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    let cases: Vec<(String, &str)> = vec![
        (
            write("malformed.json", b"{\n  \"name\": \"x\",\n  \"type\" \n}"),
            "malformed.json:4:1: Expected colon",
        ),
        (
            write("malformed.yaml", b"kind: Pod\nmetadata: {name: x\n"),
            "malformed.yaml:",
        ),
        (
            write("no-cluster.json", br#"{"name": "web", "version": "1.0.0"}"#),
            "not a recognised input",
        ),
        (
            write("binary.json", &[0x7f, b'E', b'L', b'F', 0, 0, 1, 2]),
            "binary file",
        ),
        (write("empty.json", b""), "empty file"),
        (write("bomb.yaml", bomb.as_bytes()), "billion-laughs"),
        (
            d.join("missing.json").to_str().unwrap().to_string(),
            "no such file or directory",
        ),
    ];
    for (path, message) in &cases {
        chanto()
            .args([
                "scan",
                path,
                "examples/first-cluster/aks-first.json",
                "--as-of",
                AS_OF,
            ])
            .assert()
            .code(2)
            .stdout(predicate::str::contains("CN101"))
            .stdout(predicate::str::contains(*message));
    }
    let big = write("big.json", &vec![b' '; 2 * 1024 * 1024]);
    chanto()
        .args(["scan", &big, "--max-file-size", "1"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("over the 1 MiB limit"));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_and_the_rest_scanned() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    std::fs::copy(
        "examples/first-cluster/aks-first.json",
        dir.path().join("aks.json"),
    )
    .unwrap();
    let (report, code) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        report["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("loop"),
        "{}",
        report["errors"]
    );
    assert_eq!(report["scanned"]["clusters"], 1);
}

#[test]
fn fail_on_select_and_ignore_shape_the_exit_code() {
    let scan = |extra: &[&str]| {
        chanto()
            .args(["scan", "examples/first-cluster", "--as-of", AS_OF])
            .args(extra)
            .assert()
    };
    scan(&["--fail-on", "none"]).code(0);
    scan(&["--select", "CL108"]).code(0);
    scan(&["--select", "CL108", "--fail-on", "low"]).code(1);
    scan(&["--select", "CN", "--ignore", "CN0,CN101,CN104,CN106"]).code(0);
    scan(&["--select", "CN1O1"])
        .code(2)
        .stderr(predicate::str::contains("did you mean CN101?"));
    scan(&["--as-of", "28/11/2026"]).code(2);
}

#[test]
fn rules_and_explain_come_from_the_registry() {
    let out = chanto()
        .arg("rules")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for code in ["CN101", "CN108", "CL101", "CL110", "AU101", "AU109"] {
        assert!(text.contains(code), "{code} missing from `chanto rules`");
    }
    chanto()
        .args(["explain", "cn101"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("## How to fix")
                .and(predicate::str::contains("authorizedIPRanges")),
        );
    chanto()
        .args(["explain", "CN10"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean"));
}

#[test]
fn table_output_is_plain_without_a_terminal_and_in_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.txt");
    chanto()
        .env_remove("NO_COLOR")
        .args([
            "scan",
            "examples/first-cluster",
            "--as-of",
            AS_OF,
            "--output",
        ])
        .arg(&out)
        .assert()
        .code(1);
    let text = std::fs::read_to_string(out).unwrap();
    assert!(!text.contains('\u{1b}'), "ANSI codes in a file");
    assert!(text.contains("Connectivity") && text.contains("aks-first.json:49"));
}

fn snapshot_output(args: &[&str]) -> String {
    let output = chanto().args(args).output().unwrap();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn snapshot_json_report_of_first_cluster() {
    insta::assert_snapshot!(snapshot_output(&[
        "scan",
        "examples/first-cluster",
        "--format",
        "json",
        "--as-of",
        AS_OF
    ]));
}

#[test]
fn snapshot_table_report_of_first_cluster() {
    insta::assert_snapshot!(snapshot_output(&[
        "scan",
        "examples/first-cluster",
        "--as-of",
        AS_OF
    ]));
}

#[test]
fn snapshot_rules_list() {
    insta::assert_snapshot!(snapshot_output(&["rules"]));
}

#[test]
fn real_world_samples_scan_without_errors_at_the_deciding_lines() {
    // The Bicep samples have their own tests (tests/bicep.rs).
    let (report, _) = scan_json(&["tests/fixtures/samples", "--exclude", "bicep"]);
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(report["scanned"]["clusters"], 3);
    let found = findings(&report);
    let has = |code: &str, file_line: (&str, u64)| {
        report["findings"].as_array().unwrap().iter().any(|f| {
            f["code"] == code
                && f["location"]["file"] == format!("tests/fixtures/samples/{}", file_line.0)
                && f["location"]["line"] == file_line.1
        })
    };
    // The baseline stamp defaults authorizedIPRanges to [] ("no IP restrictions").
    assert!(has("CN101", ("cluster-stamp-2022.json", 986)), "{found:?}");
    // `az aks create` output: "aadProfile": null, "disableLocalAccounts": false.
    assert!(
        has("AU102", ("az-aks-create-tutorial.json", 2)),
        "{found:?}"
    );
    assert!(
        has("AU103", ("az-aks-create-tutorial.json", 67)),
        "{found:?}"
    );
    // Its Key Vault uses RBAC but never enables purge protection: the
    // finding points at the vault's properties block.
    assert!(has("AU302", ("cluster-stamp-2022.json", 184)), "{found:?}");
    // Azure RBAC hangs on subscription().tenantId: unknown, with the reason.
    let unknown = report["unknown"].as_array().unwrap();
    // Egress goes to a user-defined route on a subnet given as a parameter
    // without a default: CN901 cannot follow it, and says why.
    assert!(
        unknown.iter().any(|u| u["code"] == "CN901"
            && u["reason"]
                .as_str()
                .unwrap()
                .contains("'targetVnetResourceId' has no default value")),
        "{unknown:#?}"
    );
    assert!(
        unknown.iter().any(|u| u["code"] == "AU104"
            && u["reason"]
                .as_str()
                .unwrap()
                .contains("subscription() is only known at deployment time")),
        "{unknown:#?}"
    );
}

#[test]
fn aks_system_workloads_in_a_kube_system_dump_give_no_findings() {
    let (report, code) = scan_json(&["tests/fixtures/kube-system"]);
    assert_eq!(code, 0);
    assert_eq!(report["scanned"]["objects"], 16);
    assert_eq!(
        report["findings"],
        serde_json::json!([]),
        "{:#}",
        report["findings"]
    );
    assert_eq!(
        report["unknown"],
        serde_json::json!([]),
        "{:#}",
        report["unknown"]
    );
    let suppressed = report["suppressed"].as_array().unwrap();
    assert!(suppressed.len() > 20);
    assert!(
        suppressed
            .iter()
            .all(|s| s["suppressed_by"] == "default-exemption")
    );

    // Switched off, the same dump shows what AKS's components really do.
    let (raw, _) = scan_json(&["tests/fixtures/kube-system", "--no-default-exemptions"]);
    let found = findings(&raw);
    for (code, object) in [
        ("CL201", "kube-proxy"),
        ("CL202", "kube-proxy"),
        ("CL203", "csi-azuredisk-node"),
        ("CN203", "kube-system"),
    ] {
        assert!(
            found.iter().any(|(c, o, _)| c == code && o == object),
            "{code} on {object} missing: {found:?}"
        );
    }
    assert_eq!(raw["summary"]["suppressed"], 0);
}

#[test]
fn ignore_annotations_suppress_with_a_reason_and_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let pod = |annotation: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  namespace: tools\n  annotations:\n    chanto.io/ignore: \"{annotation}\"\nspec:\n  automountServiceAccountToken: false\n  containers:\n  - name: shell\n    image: tools.azurecr.io/shell:1.0\n    securityContext:\n      privileged: true\n"
        )
    };
    std::fs::write(
        dir.path().join("pod.yaml"),
        pod("CL201, CL223: break-glass debugging pod, ticket OPS-42"),
    )
    .unwrap();
    let (report, _) = scan_json(&[dir.path().to_str().unwrap(), "--select", "CL201,CL223"]);
    assert_eq!(report["findings"], serde_json::json!([]));
    let suppressed = report["suppressed"].as_array().unwrap();
    assert_eq!(suppressed.len(), 2);
    assert_eq!(suppressed[0]["suppressed_by"], "annotation");
    assert_eq!(
        suppressed[0]["reason"],
        "break-glass debugging pod, ticket OPS-42"
    );
    chanto()
        .args([
            "scan",
            dir.path().to_str().unwrap(),
            "--select",
            "CL201",
            "--show-suppressed",
        ])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("Suppressed").and(predicate::str::contains("ticket OPS-42")),
        );

    for (bad, message) in [
        ("CL201", "a reason is required"),
        ("CL2O1: typo", "did you mean CL201?"),
    ] {
        std::fs::write(dir.path().join("pod.yaml"), pod(bad)).unwrap();
        let (report, code) = scan_json(&[dir.path().to_str().unwrap()]);
        assert_eq!(code, 2, "{bad}");
        assert_eq!(report["errors"], serde_json::json!([]), "inputs were read");
        let error = &report["policy_errors"][0];
        assert!(
            error["message"].as_str().unwrap().contains(message),
            "{}",
            report["policy_errors"]
        );
        assert_eq!(error["line"], 1, "points at the object");
        assert!(
            findings(&report).iter().any(|(c, _, _)| c == "CL201"),
            "an invalid ignore suppresses nothing"
        );
    }
}

#[test]
fn no_output_repeats_a_secret_value() {
    for format in ["table", "json"] {
        let output = chanto()
            .args([
                "scan",
                "examples/first-cluster",
                "--as-of",
                AS_OF,
                "--format",
                format,
            ])
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("DB_PASSWORD"), "{format} names the variable");
        assert!(!text.contains("S3cr3t"), "{format} leaks the value");
    }
}

#[test]
fn secrets_in_env_are_high_only_where_container_insights_collects_them() {
    let severity = |paths: &[&str]| {
        let (report, _) = scan_json(&[paths, &["--select", "CL222"]].concat());
        report["findings"][0]["severity"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // The example cluster runs the omsagent add-on with env collection on.
    assert_eq!(severity(&["examples/first-cluster"]), "high");
    // No cluster in the scan: nothing tells.
    assert_eq!(severity(&["examples/first-cluster/manifests"]), "medium");
    // The agent ConfigMap turns env collection off.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("agentconfig.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: container-azm-ms-agentconfig\n  namespace: kube-system\ndata:\n  log-data-collection-settings: |-\n    [log_collection_settings]\n       [log_collection_settings.env_var]\n          enabled = false\n",
    )
    .unwrap();
    assert_eq!(
        severity(&["examples/first-cluster", dir.path().to_str().unwrap()]),
        "medium"
    );
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // Enough findings that the report outgrows the pipe's buffer, so chanto
    // is still writing when `head` has gone.
    let dir = tempfile::tempdir().unwrap();
    let pods: String = (0..2000)
        .map(|i| {
            format!(
                "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    securityContext:\n      privileged: true\n"
            )
        })
        .collect();
    std::fs::write(dir.path().join("pods.yaml"), pods).unwrap();
    // JSON, SARIF and HTML are written by serde, whose errors must keep
    // the pipe's.
    for format in ["table", "json", "sarif", "junit", "markdown", "html"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("chanto"))
            .args(["scan", "--as-of", AS_OF, "--format", format])
            .arg(dir.path())
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("cannot write"), "{format}: {stderr}");
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format}: findings still decide the exit code"
        );
    }
}

#[test]
fn an_ignore_annotation_suppresses_only_its_own_object() {
    let dir = tempfile::tempdir().unwrap();
    let pod = |name: &str, annotations: &str| {
        format!(
            "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n{annotations}spec:\n  containers:\n  - name: c\n    image: nginx\n    securityContext:\n      privileged: true\n"
        )
    };
    let ignored = "  annotations:\n    chanto.io/ignore: \"CL201: node agent\"\n";
    let manifests = [pod("first", ""), pod("middle", ignored), pod("last", "")].concat();
    std::fs::write(dir.path().join("pods.yaml"), manifests).unwrap();
    let (report, _) = scan_json(&[dir.path().to_str().unwrap(), "--select", "CL201"]);
    let names = |key: &str| -> Vec<String> {
        report[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["resource"]["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("findings"), ["first", "last"]);
    assert_eq!(names("suppressed"), ["middle"]);
}

const PRIVILEGED_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x, securityContext: {privileged: true}}]}\n";

#[test]
fn standard_input_is_scanned_and_named() {
    let output = chanto()
        .args([
            "scan",
            "-",
            "--fail-on",
            "high",
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ])
        .write_stdin(PRIVILEGED_POD)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "CL201 is high");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let privileged = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "CL201")
        .expect("CL201");
    assert_eq!(privileged["location"]["file"], "<stdin>");
    assert_eq!(privileged["location"]["line"], 4);
}

#[test]
fn nothing_read_is_never_a_pass() {
    chanto()
        .args(["scan", "/dev/null", "--as-of", AS_OF])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to scan"));
    chanto()
        .args(["scan", "-", "--as-of", AS_OF])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to scan"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("package.json"), "{\"name\": \"web\"}").unwrap();
    chanto()
        .args(["scan", "--as-of", AS_OF])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "nothing to scan: no input held an AKS cluster",
        ))
        .stderr(predicate::str::contains("skipped 1 file(s)"));
    chanto()
        .args(["scan", "--allow-empty", "--as-of", AS_OF])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("skipped 1 file(s)"));
}

#[cfg(unix)]
#[test]
fn a_fifo_is_read_as_a_stream() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("manifests");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, PRIVILEGED_POD).unwrap())
    };
    let (report, code) = scan_json(&[fifo.to_str().unwrap()]);
    writer.join().unwrap();
    assert_eq!(code, 1);
    assert!(
        findings(&report)
            .iter()
            .any(|(c, _, line)| c == "CL201" && *line == 4)
    );
}

#[test]
fn utf16_from_windows_powershell_reads_like_utf8() {
    let text = std::fs::read_to_string("examples/first-cluster/aks-first.json").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.path().join("le.json"), le).unwrap();
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    std::fs::write(dir.path().join("be.json"), be).unwrap();
    let (utf8, _) = scan_json(&["examples/first-cluster/aks-first.json"]);
    for file in ["le.json", "be.json"] {
        let (report, _) = scan_json(&[dir.path().join(file).to_str().unwrap()]);
        assert_eq!(report["errors"], serde_json::json!([]), "{file}");
        assert_eq!(findings(&report), findings(&utf8), "{file}");
    }
}

#[test]
fn a_projected_resource_graph_row_decides_only_what_its_columns_say() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graph.json");
    std::fs::write(
        &path,
        r#"{"count": 1, "data": [
  {"id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-a",
   "name": "aks-a", "type": "microsoft.containerservice/managedclusters", "kubernetesVersion": "1.29.2"}
]}"#,
    )
    .unwrap();
    let (report, _) = scan_json(&[path.to_str().unwrap()]);
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .filter(|c| !c.starts_with("CN0") && !c.starts_with("AU0"))
        .collect();
    assert_eq!(codes, ["CL101"], "only the version column decides");
    let unknown = report["unknown"].as_array().unwrap();
    assert!(unknown.len() > 25, "{}", unknown.len());
    // Each says which column is missing, or which other input decides.
    for u in unknown {
        let reason = u["reason"].as_str().unwrap();
        assert!(
            reason.contains("column") || reason.contains("among the inputs"),
            "{reason}"
        );
    }
    assert!(unknown.iter().any(|u| {
        u["code"] == "AU103"
            && u["reason"]
                .as_str()
                .unwrap()
                .contains("`disableLocalAccounts`")
    }));
}

#[test]
fn a_resource_whose_properties_are_not_an_object_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("aks.json");
    std::fs::write(
        &path,
        "{\n  \"id\": \"/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-b\",\n  \"name\": \"aks-b\",\n  \"type\": \"Microsoft.ContainerService/managedClusters\",\n  \"properties\": \"redacted\"\n}\n",
    )
    .unwrap();
    let (report, code) = scan_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(report["scanned"]["clusters"], 0);
    assert_eq!(report["errors"][0]["line"], 5);
    assert!(
        report["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not an object")
    );
}

#[test]
fn paperwork_never_fails_a_first_scan() {
    // examples/baseline without its chanto.yaml: the attestations it keeps
    // there become a to-do list, and nothing else fails.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "examples/baseline/aks-baseline.json",
        dir.path().join("aks-baseline.json"),
    )
    .unwrap();
    let (report, code) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{:#}", report["findings"]);
    let todo: Vec<&str> = report["todo"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap())
        .collect();
    assert_eq!(todo, ["AU001", "CL001", "CL002", "CL003", "CN001", "CN002"]);
    assert_eq!(report["summary"]["todo"], 6);
    assert!(
        report["todo"][0].get("location").is_none(),
        "no file region"
    );
    let p5 = report["policy"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "P5")
        .unwrap();
    assert_eq!(p5["status"], "unknown", "not attested is never compliant");
}

#[test]
fn a_separate_node_pool_keeps_its_own_id() {
    let dir = tempfile::tempdir().unwrap();
    let id = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-c/agentPools/gpu";
    std::fs::write(
        dir.path().join("pool.json"),
        serde_json::json!({
            "id": id, "name": "gpu",
            "type": "Microsoft.ContainerService/managedClusters/agentPools",
            "properties": {"enableNodePublicIP": true, "mode": "User"}
        })
        .to_string(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"azurerm_kubernetes_cluster_node_pool\" \"spot\" {\n  name                  = \"spot\"\n  kubernetes_cluster_id = \"elsewhere\"\n  node_public_ip_enabled = true\n}\n",
    )
    .unwrap();
    let (report, _) = scan_json(&[dir.path().to_str().unwrap(), "--select", "CN104"]);
    let mut ids: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource"]["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, [id, "azurerm_kubernetes_cluster_node_pool.spot"]);
}

#[test]
fn exclude_passes_over_walked_files_from_the_flag_and_the_policy_file() {
    let dir = tempfile::tempdir().unwrap();
    let copy = |to: &str| {
        let path = dir.path().join(to);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::copy("examples/first-cluster/manifests/shop.yaml", path).unwrap();
    };
    copy("app/shop.yaml");
    copy("vendor/chart/shop.yaml");
    copy("app/generated/shop.yaml");
    let root = dir.path().to_str().unwrap();
    let files = |args: &[&str]| -> Vec<String> {
        let (report, _) = scan_json(&[&[root, "--root", root], args].concat());
        let mut files: Vec<String> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["location"]["file"].as_str().unwrap().to_string())
            .collect();
        files.sort();
        files.dedup();
        files
    };
    assert_eq!(files(&[]).len(), 3);
    // A name without `/` matches anywhere; a path matches from the folder.
    assert_eq!(
        files(&["--exclude", "vendor", "--exclude", "app/generated"]),
        ["app/shop.yaml"]
    );
    std::fs::write(dir.path().join("chanto.yaml"), "exclude:\n  - vendor/**\n").unwrap();
    assert_eq!(
        files(&["--exclude", "generated"]),
        ["app/shop.yaml"],
        "the policy file's exclusions add to the flag's"
    );
    chanto()
        .args(["scan", root, "--exclude", "[oops"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--exclude"));
}

#[test]
fn colour_follows_the_flag_and_force_color() {
    let table = |args: &[&str], env: &[(&str, &str)]| -> String {
        let mut command = Command::cargo_bin("chanto").unwrap();
        command.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            command.env(k, v);
        }
        let output = command
            .args(["scan", "examples/first-cluster", "--as-of", AS_OF, "-q"])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    // Piped, so `auto` means no colour.
    assert!(!table(&[], &[]).contains('\u{1b}'));
    assert!(table(&["--color", "always"], &[]).contains('\u{1b}'));
    assert!(table(&[], &[("FORCE_COLOR", "1")]).contains('\u{1b}'));
    assert!(!table(&["--color", "never"], &[("FORCE_COLOR", "1")]).contains('\u{1b}'));
    assert!(table(&["--color", "ALWAYS"], &[]).contains('\u{1b}'));
}

#[test]
fn enum_values_are_case_insensitive_and_explain_takes_a_name() {
    let (report, code) = scan_json(&["examples/first-cluster", "--fail-on", "CRITICAL"]);
    assert_eq!(code, 0);
    assert_eq!(report["schema"], "chanto/v1");
    chanto()
        .args(["scan", "examples/first-cluster", "-f", "JSON", "-q"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("{"));
    chanto()
        .args(["explain", "api-server-open-to-internet"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("CN101"));
}

#[test]
fn an_output_file_s_extension_picks_the_format_unless_one_is_given() {
    let dir = tempfile::tempdir().unwrap();
    for (name, starts) in [
        ("r.sarif", "{"),
        ("r.json", "{"),
        ("r.xml", "<?xml"),
        ("r.md", "## "),
        ("r.html", "<!doctype html>"),
        ("r.txt", "chanto "),
    ] {
        let path = dir.path().join(name);
        chanto()
            .args(["scan", "examples/first-cluster", "--as-of", AS_OF, "-o"])
            .arg(&path)
            .assert()
            .code(1);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(starts),
            "{name}: {}",
            &text[..40.min(text.len())]
        );
    }
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let forced = dir.path().join("forced.sarif");
    chanto()
        .args(["scan", "examples/first-cluster", "-f", "json", "-o"])
        .arg(&forced)
        .assert()
        .code(1);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(forced).unwrap()).unwrap();
    assert_eq!(json["schema"], "chanto/v1");
}

#[test]
fn file_sizes_are_shown_in_a_unit_that_keeps_them_above_zero() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    std::fs::write(&path, vec![b' '; 3 * 1024]).unwrap();
    chanto()
        .args(["scan", path.to_str().unwrap(), "--max-file-size", "0"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "file is 3 KiB, over the 0 B limit",
        ));
}

#[test]
fn completions_for_every_shell_and_a_manual_page_that_renders() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = chanto().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}");
        let script = String::from_utf8(output.stdout).unwrap();
        for word in ["chanto", "scan", "baseline", "exclude", "sarif"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    // The bash script is valid bash.
    let bash = chanto().args(["completions", "bash"]).output().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("chanto.bash");
    std::fs::write(&script, &bash.stdout).unwrap();
    let checked = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .unwrap();
    assert!(checked.success());

    let man = chanto().arg("man").output().unwrap();
    assert!(man.status.success());
    let page = String::from_utf8(man.stdout).unwrap();
    assert!(page.contains(".TH chanto 1"), "{page}");
    // groff (as `man` uses it) renders it without a warning.
    let mut groff = std::process::Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("groff, which .ci/run installs");
    use std::io::Write as _;
    groff
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let rendered = groff.wait_with_output().unwrap();
    assert!(rendered.status.success());
    assert_eq!(String::from_utf8_lossy(&rendered.stderr), "");
    assert!(
        String::from_utf8_lossy(&rendered.stdout)
            .contains("Security posture for managed Kubernetes")
    );
}

/// A fleet (`az aks list` of five clusters, two named alike in different
/// resource groups): the table puts each cluster's findings under its own
/// header, named so the two stay apart, and JSON findings name their cluster.
#[test]
fn a_fleet_is_reported_cluster_by_cluster() {
    let output = chanto()
        .env("NO_COLOR", "1")
        .args(["scan", "tests/fixtures/fleet", "--as-of", AS_OF])
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    let auth = &table[table.find("\nAuth\n").expect("the auth pillar")..];
    let headers: Vec<&str> = auth
        .lines()
        .take_while(|l| !l.starts_with("Policy"))
        .filter(|l| l.starts_with("  ▸ "))
        .collect();
    assert_eq!(
        headers,
        [
            "  ▸ aks-dev (resource group rg-team-a)",
            "  ▸ aks-dev (resource group rg-team-b)",
            "  ▸ aks-prod",
            "  ▸ aks-stg",
            "  ▸ aks-ops",
        ],
        "{table}"
    );
    let (report, _) = scan_json(&["tests/fixtures/fleet"]);
    let local_accounts: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "AU103")
        .map(|f| f["cluster"].as_str().unwrap())
        .collect();
    assert_eq!(
        local_accounts,
        ["aks-dev (resource group rg-team-a)", "aks-stg"]
    );
    // The policy per cluster, in the order read; `null` where only the
    // fleet's other resources decide (no Services, no storage here).
    let matrix: Vec<(String, Vec<Value>)> = report["policy_by_cluster"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let statuses = c["requirements"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["status"].clone())
                .collect();
            (c["cluster"].as_str().unwrap().to_string(), statuses)
        })
        .collect();
    assert_eq!(matrix.len(), 5);
    let violated = Value::from("violated");
    let compliant = Value::from("compliant");
    let prod = &matrix.iter().find(|(c, _)| c == "aks-prod").unwrap().1;
    assert_eq!(
        prod,
        &[
            Value::Null,
            violated.clone(),
            compliant.clone(),
            Value::Null,
            violated.clone(),
            compliant
        ]
    );
    assert_eq!(matrix[0].0, "aks-dev (resource group rg-team-a)");
    assert_eq!(matrix[0].1[2], violated, "Defender is off on aks-dev");
}
