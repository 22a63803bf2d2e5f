//! Finding identities and the baseline: unique within a scan, stable across
//! line shifts, and a baseline that gates only what is new.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

mod corpus;

const AS_OF: &str = "2026-11-28";

fn chanto(cwd: &Path) -> Command {
    let mut command = Command::cargo_bin("chanto").unwrap();
    command.current_dir(cwd).env("NO_COLOR", "1");
    command
}

/// The JSON report of scanning `args` in `cwd`, and the exit code.
fn scan(cwd: &Path, args: &[&str]) -> (Value, i32) {
    let output = chanto(cwd)
        .args(["scan", "--format", "json", "--as-of", AS_OF])
        .args(args)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    (report, output.status.code().unwrap())
}

/// Every id in a report: findings, unknowns and suppressed ones.
fn ids(report: &Value) -> Vec<String> {
    ["findings", "unknown", "suppressed"]
        .iter()
        .flat_map(|key| report[key].as_array().unwrap())
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

fn assert_unique(ids: &[String], what: &str) {
    let mut sorted = ids.to_vec();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "{what}: identities repeat");
    assert!(ids.iter().all(|id| id.len() == 16), "{what}");
}

#[test]
fn identities_are_unique_over_every_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for example in ["first-cluster", "baseline", "secure-baseline", "terraform"] {
        let (report, _) = scan(
            root,
            &[&format!("examples/{example}"), "--no-default-exemptions"],
        );
        let ids = ids(&report);
        assert_unique(&ids, example);
        all.extend(ids);
    }
    // One scan of every example together: no two clusters share identities.
    let (together, _) = scan(root, &["examples", "--no-default-exemptions"]);
    assert_unique(&ids(&together), "examples together");
    assert!(all.len() > 30, "{}", all.len());
}

#[test]
fn identities_are_unique_over_ten_thousand_generated_manifests() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus::generate(dir.path(), 10_000, 20261128).unwrap();
    assert!(corpus.files >= 10_000);
    corpus::generate_clusters(dir.path(), 40, 20261128).unwrap();
    let (report, _) = scan(dir.path(), &[".", "--no-default-exemptions", "-q"]);
    let ids = ids(&report);
    // At least one verdict per (code, subject) the corpus plants.
    assert!(ids.len() >= corpus.truth.len(), "{}", ids.len());
    assert_unique(&ids, "generated corpus");
}

/// A copy of the first example in a throwaway repository.
fn repository() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/first-cluster");
    for file in [
        "aks-first.json",
        "manifests/shop.yaml",
        "manifests/admin-binding.yaml",
    ] {
        let to = repo.path().join("infra").join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(source.join(file), to).unwrap();
    }
    repo
}

/// `chanto baseline write baseline.json infra` in `repo`.
fn write_baseline(repo: &Path) {
    chanto(repo)
        .args([
            "baseline",
            "write",
            "baseline.json",
            "infra",
            "--as-of",
            AS_OF,
        ])
        .assert()
        .code(0);
}

#[test]
fn identities_survive_line_shifts_and_unrelated_edits() {
    let repo = repository();
    let (before, _) = scan(repo.path(), &["infra"]);
    let shop = repo.path().join("infra/manifests/shop.yaml");
    let text = std::fs::read_to_string(&shop).unwrap();
    std::fs::write(&shop, format!("# moved down\n\n{text}")).unwrap();
    std::fs::write(
        repo.path().join("infra/manifests/unrelated.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n",
    )
    .unwrap();
    let (after, _) = scan(repo.path(), &["infra"]);
    let lines = |r: &Value| -> Vec<u64> {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["location"]["line"].as_u64().unwrap())
            .collect()
    };
    assert_ne!(lines(&before), lines(&after), "the lines did move");
    let mut a = ids(&before);
    let mut b = ids(&after);
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn a_baseline_gates_only_new_findings() {
    let repo = repository();
    write_baseline(repo.path());
    let text = std::fs::read_to_string(repo.path().join("baseline.json")).unwrap();
    let file: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(file["schema"], "chanto-baseline/v1");
    let entries = file["findings"].as_array().unwrap();
    assert_eq!(entries.len(), 40);
    // Reviewable: sorted, relative paths, no line numbers, no values.
    let keys: Vec<_> = entries
        .iter()
        .map(|e| (e["file"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]));
    assert!(
        entries
            .iter()
            .all(|e| e["file"].as_str().unwrap().starts_with("infra/"))
    );
    assert!(!text.contains("\"line\"") && !text.contains(&*repo.path().to_string_lossy()));
    assert!(!text.contains("DB_PASSWORD"), "no message, so no value");

    let (report, code) = scan(repo.path(), &["infra", "--baseline", "baseline.json"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["findings"], 0);
    assert_eq!(report["summary"]["in_baseline"], 40);
    assert_eq!(report["baseline"]["findings"].as_array().unwrap().len(), 40);

    std::fs::write(
        repo.path().join("infra/manifests/debug.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  namespace: shop\nspec:\n  containers:\n    - name: shell\n      image: contoso.azurecr.io/tools:1.0\n      securityContext:\n        privileged: true\n",
    )
    .unwrap();
    std::fs::remove_file(repo.path().join("infra/manifests/admin-binding.yaml")).unwrap();
    let (report, code) = scan(repo.path(), &["infra", "--baseline", "baseline.json"]);
    assert_eq!(code, 1, "{report}");
    let new = report["findings"].as_array().unwrap();
    assert!(
        new.iter()
            .all(|f| f["location"]["file"] == "infra/manifests/debug.yaml"),
        "only the new pod's findings: {new:#?}"
    );
    assert!(new.iter().any(|f| f["code"] == "CL201"));
    let absent = report["baseline"]["absent"].as_array().unwrap();
    assert_eq!(absent.len(), 1, "{absent:?}");
    assert_eq!(absent[0]["code"], "AU201");
}

#[test]
fn an_expired_waiver_fires_even_for_a_finding_in_the_baseline() {
    let repo = repository();
    std::fs::write(
        repo.path().join("chanto.yaml"),
        "waivers:\n  - codes: [CN101]\n    reason: migration to a private cluster\n    owner: platform-team\n    expires: 2026-01-31\n",
    )
    .unwrap();
    // The baseline is taken with the waiver already expired: CN101 is in it.
    write_baseline(repo.path());
    let text = std::fs::read_to_string(repo.path().join("baseline.json")).unwrap();
    assert!(text.contains("\"CN101\""));
    let (report, code) = scan(repo.path(), &["infra", "--baseline", "baseline.json"]);
    assert_eq!(code, 1, "{report}");
    let codes: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["CN101"]);
}

#[test]
fn sarif_marks_new_and_baseline_findings() {
    let repo = repository();
    write_baseline(repo.path());
    std::fs::write(
        repo.path().join("infra/manifests/debug.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: shell\n      image: contoso.azurecr.io/tools:1.0\n      securityContext:\n        privileged: true\n",
    )
    .unwrap();
    let output = chanto(repo.path())
        .args([
            "scan",
            "infra",
            "--as-of",
            AS_OF,
            "--format",
            "sarif",
            "--baseline",
            "baseline.json",
        ])
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-2.1.0-rtm.5.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("sarif.json", schema).unwrap();
    let index = compiler.compile("sarif.json", &mut schemas).unwrap();
    if let Err(e) = schemas.validate(&log, index) {
        panic!("SARIF with a baseline does not validate: {e}");
    }
    let results = log["runs"][0]["results"].as_array().unwrap();
    let state = |s: &str| results.iter().filter(|r| r["baselineState"] == s).count();
    assert_eq!(state("unchanged"), 40);
    assert!(state("new") >= 1);
    let fingerprints: Vec<_> = results
        .iter()
        .map(|r| r["partialFingerprints"]["chantoId/v1"].as_str().unwrap())
        .collect();
    let mut unique = fingerprints.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), fingerprints.len());
}

#[test]
fn a_baseline_that_is_not_one_is_a_usage_error() {
    let repo = repository();
    std::fs::write(repo.path().join("b.json"), "{\"findings\": 3}").unwrap();
    let output = chanto(repo.path())
        .args(["scan", "infra", "--baseline", "b.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a chanto baseline"));
    let missing = chanto(repo.path())
        .args(["scan", "infra", "--baseline", "nope.json"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}
