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

fn codes(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
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
            codes(&report).contains(&"CL201"),
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

    let (report, code) = scan(&[&repo], &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["errors"].as_array().unwrap().len(), 0, "{report}");
    let skipped: Vec<&str> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["everything", "other"]);
    let names: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource"]["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"own"), "{names:?}");
    assert!(
        !names.contains(&"bystander"),
        "the outside pod is not scanned: {names:?}"
    );

    std::fs::remove_file(repo.join("everything")).unwrap();
    let (report, _) = scan(&[&repo], &["--follow-links"]);
    let names: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource"]["name"].as_str().unwrap())
        .collect();
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
