//! Helm (issue 16): a chart folder is rendered with `helm template`, or
//! listed once as not rendered; rendered output, from the binary or on
//! standard input, is read per template, at the template's file.

mod support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const AS_OF: &str = "2026-11-28";

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/helm")
        .join(path)
}

/// The test shim that renders with Helm's own library (see the script).
fn helm_shim() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/helm")
}

fn chanto(helm: &Path) -> Command {
    let mut command = Command::cargo_bin("chanto").unwrap();
    command
        .env("NO_COLOR", "1")
        .env(chanto::load::HELM_ENV, helm)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["scan", "--as-of", AS_OF]);
    command
}

/// (code, file, line) of each finding in a JSON report.
fn findings(stdout: &[u8]) -> Vec<(String, String, u64)> {
    let report: Value = serde_json::from_slice(stdout).unwrap();
    let mut out: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["location"]["file"].as_str().unwrap().to_string(),
                f["location"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_chart_without_helm_is_one_not_followed_line_and_no_error() {
    let output = chanto(Path::new("/nonexistent/helm"))
        .arg("tests/fixtures/helm/web")
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{table}");
    let not_rendered: Vec<&str> = table
        .lines()
        .filter(|l| l.contains("chart not rendered"))
        .collect();
    assert_eq!(
        not_rendered,
        [
            "  tests/fixtures/helm/web  chart not rendered: install helm, or pipe `helm template …` into `chanto scan -`"
        ]
    );
    // The templates are Go templates: never parsed as YAML.
    assert!(table.contains("0 error(s) · 1 not followed"), "{table}");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `helm template` output piped in: each finding names the template file
/// and its line within the rendered document.
#[test]
fn rendered_output_on_standard_input_is_found_at_its_templates() {
    let rendered = std::fs::read_to_string(fixture("web-template.yaml")).unwrap();
    let output = chanto(Path::new("/nonexistent/helm"))
        .args(["-", "--format", "json"])
        .write_stdin(rendered.clone())
        .output()
        .unwrap();
    let found = findings(&output.stdout);
    // The line within the document: after its `# Source:` comment.
    let document = rendered
        .split("# Source: web/templates/deployment.yaml\n")
        .nth(1)
        .unwrap();
    let privileged = support::line_of(document, "privileged: true");
    assert!(
        found.contains(&(
            "CL201".to_string(),
            "web/templates/deployment.yaml".to_string(),
            u64::from(privileged)
        )),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(code, file, _)| code == "CN201" && file == "web/templates/service.yaml"),
        "{found:?}"
    );
}

/// With a real Helm (the shim over Helm's Go library), the chart is
/// rendered with its values and the command line's, and findings name the
/// chart's template files.
#[test]
#[ignore = "needs the helm-python-sdk wheel (run .ci/install-tools)"]
fn a_chart_is_rendered_with_helm_template() {
    let output = chanto(&helm_shim())
        .args(["tests/fixtures/helm/web", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let found = findings(&output.stdout);
    let codes: Vec<(&str, &str)> = found
        .iter()
        .map(|(c, f, _)| (c.as_str(), f.as_str()))
        .collect();
    assert!(
        codes.contains(&("CL201", "tests/fixtures/helm/web/templates/deployment.yaml")),
        "{found:?}"
    );
    assert!(
        codes.contains(&("CN201", "tests/fixtures/helm/web/templates/service.yaml")),
        "{found:?}"
    );

    let dir = tempfile::tempdir().unwrap();
    let values = dir.path().join("prod.yaml");
    std::fs::write(&values, "service:\n  internal: true\n").unwrap();
    let output = chanto(&helm_shim())
        .args(["tests/fixtures/helm/web", "--format", "json"])
        .arg("--helm-values")
        .arg(&values)
        .args(["--helm-set", "securityContext.privileged=false"])
        .output()
        .unwrap();
    let found = findings(&output.stdout);
    assert!(
        !found.iter().any(|(c, _, _)| c == "CL201" || c == "CN201"),
        "{found:?}"
    );
}

/// The recorded output the stdin test reads is what Helm renders today.
#[test]
#[ignore = "needs the helm-python-sdk wheel (run .ci/install-tools)"]
fn the_recorded_template_output_is_helms() {
    let output = std::process::Command::new(helm_shim())
        .args(["template", "tests/fixtures/helm/web"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let recorded = std::fs::read_to_string(fixture("web-template.yaml")).unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), recorded);
}

/// A `helm` that never finishes is stopped at the timeout: an error at the
/// chart, and the other inputs are scanned.
#[test]
fn a_helm_that_hangs_is_stopped_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let helm = dir.path().join("helm");
    std::fs::write(&helm, "#!/bin/sh\nexec sleep 600\n").unwrap();
    let mut permissions = std::fs::metadata(&helm).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&helm, permissions).unwrap();
    let loose = dir.path().join("pod.yaml");
    std::fs::write(
        &loose,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: loose\nspec:\n  containers:\n    - name: c\n      image: nginx\n",
    )
    .unwrap();
    let mut options =
        chanto::scan::ScanOptions::new(vec![fixture("web"), loose], AS_OF.parse().unwrap());
    options.load.helm.timeout = std::time::Duration::from_secs(1);
    options.load.helm.binary = Some(helm);
    let started = std::time::Instant::now();
    let result = chanto::scan::scan(&options);
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
    assert!(
        result.errors[0].message.contains("did not finish"),
        "{:?}",
        result.errors
    );
    assert!(result.inventory.objects.iter().any(|o| o.name == "loose"));
}
