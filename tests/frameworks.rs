//! Framework mappings and peer checks (issue 20): every peer check that
//! applies to AKS is answered by a rule or out of scope with a reason, every
//! CIS AKS control is listed, and the mappings reach `rules`, `scan
//! --framework`, SARIF tags and suppressions.

use std::collections::BTreeSet;

use assert_cmd::Command;
use serde_json::Value;

const AS_OF: &str = "2026-11-28";

fn chanto() -> Command {
    let mut cmd = Command::cargo_bin("chanto").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

fn json(args: &[&str]) -> Value {
    let output = chanto().args(args).output().unwrap();
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}

/// The rows of a data table, without its comments.
fn rows(file: &str) -> Vec<Vec<String>> {
    let path = format!("{}/data/frameworks/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(String::from).collect())
        .collect()
}

fn rule_codes() -> BTreeSet<&'static str> {
    chanto::rules::registry()
        .iter()
        .map(|r| r.meta.code)
        .collect()
}

#[test]
fn every_peer_check_is_answered_by_a_rule_or_out_of_scope_with_a_reason() {
    let checks = rows("peer-checks.tsv");
    assert_eq!(checks.len(), 332, "the 332 peer checks that apply to AKS");
    let codes = rule_codes();
    let mut answered = 0;
    let mut attested = 0;
    let mut out_of_scope = 0;
    for check in &checks {
        let [tool, id, title, answer] = check.as_slice() else {
            panic!("{check:?}")
        };
        assert!(
            ["checkov", "kubescape", "trivy"].contains(&tool.as_str()),
            "{id}"
        );
        assert!(!title.is_empty(), "{id} has no title");
        if let Some(why) = answer.strip_prefix("out of scope: ") {
            assert!(why.len() > 30, "{id}: the reason says why: {why:?}");
            out_of_scope += 1;
            continue;
        }
        let answering: Vec<&str> = answer.split(' ').collect();
        for code in &answering {
            assert!(codes.contains(code), "{id} names {code}, which is no rule");
        }
        answered += 1;
        let all_attestations = answering.iter().all(|code| {
            chanto::rules::find(code).unwrap().meta.kind == chanto::rules::Kind::Attestation
        });
        if all_attestations {
            attested += 1;
        }
    }
    assert_eq!(answered + out_of_scope, 332);
    assert!(answered >= 300, "{answered} of 332 answered");
    // The README states these counts.
    let readme =
        std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let rules_only = answered - attested;
    for stated in [
        format!("{rules_only} answered by rules"),
        format!("{attested} by attestations"),
        format!("{out_of_scope} out of scope"),
    ] {
        assert!(readme.contains(&stated), "README does not say {stated:?}");
    }
}

#[test]
fn rules_framework_lists_every_control_of_the_cis_aks_benchmark() {
    let listed = json(&["rules", "--framework", "cis-aks", "--format", "json"]);
    assert_eq!(
        listed["title"],
        "CIS Azure Kubernetes Service (AKS) Benchmark v1.8.0"
    );
    let ids: Vec<&str> = listed["controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = rows("cis-aks-1.8.tsv")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(ids, expected);
    assert_eq!(ids.len(), 51);
    for control in listed["controls"].as_array().unwrap() {
        let rules = control["rules"].as_array().unwrap();
        let reason = control["not_answered"].as_str();
        assert!(
            rules.is_empty() != reason.is_none(),
            "either rules or a reason: {control}"
        );
    }
    let table = chanto()
        .args(["rules", "--framework", "cis-aks"])
        .output()
        .unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.contains("4.1.7    AU206"), "{text}");
    assert!(text.contains("3.2.1    not answered"), "{text}");
}

#[test]
fn each_peer_lists_its_checks_with_the_rules_or_why_not() {
    for (peer, id, answer) in [
        ("checkov", "CKV_K8S_16", "CL201"),
        ("kubescape", "C-0017", "CL226"),
        ("trivy", "KSV-0014", "CL226"),
    ] {
        let listed = json(&["rules", "--framework", peer, "--format", "json"]);
        let controls = listed["controls"].as_array().unwrap();
        let check = controls.iter().find(|c| c["id"] == id).unwrap();
        assert_eq!(check["rules"][0], answer, "{check}");
        for c in controls {
            assert!(
                !c["rules"].as_array().unwrap().is_empty() || c["out_of_scope"].is_string(),
                "{c}"
            );
        }
    }
    let text = String::from_utf8(
        chanto()
            .args(["rules", "--framework", "checkov"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(text.contains("out of scope: App Service"), "{text}");
}

#[test]
fn rules_json_carries_each_rules_mappings() {
    let rules = json(&["rules", "--format", "json"]);
    let cl201 = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "CL201")
        .unwrap();
    let frameworks = &cl201["frameworks"];
    assert_eq!(frameworks["cis-aks"], serde_json::json!(["4.2.1"]));
    assert!(
        frameworks["checkov"]
            .as_array()
            .unwrap()
            .contains(&"CKV_K8S_16".into())
    );
    assert_eq!(frameworks["mcsb"], serde_json::json!(["PV-4"]));
    assert_eq!(frameworks["cis-kubernetes"], serde_json::json!(["5.2.2"]));
    assert_eq!(
        frameworks["azure-policy"],
        serde_json::json!(["95edb821-ddaf-4404-9732-666045e056b4"])
    );
}

#[test]
fn scan_framework_judges_each_control_in_every_format() {
    let report = json(&[
        "scan",
        "examples/first-cluster",
        "--framework",
        "cis-aks",
        "--format",
        "json",
        "--as-of",
        AS_OF,
    ]);
    let section = &report["frameworks"][0];
    assert_eq!(section["framework"], "cis-aks");
    let status = |id: &str| {
        section["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["status"]
            .clone()
    };
    // first-cluster binds cluster-admin to a developer group and is public.
    assert_eq!(status("4.1.1"), "fail");
    assert_eq!(status("5.4.1"), "fail");
    assert_eq!(status("3.2.1"), "not-answered");
    assert_eq!(section["controls"].as_array().unwrap().len(), 51);
    // Without --framework the report is unchanged: no section at all.
    let plain = json(&[
        "scan",
        "examples/first-cluster",
        "--format",
        "json",
        "--as-of",
        AS_OF,
    ]);
    assert!(plain.get("frameworks").is_none());

    for (format, needle) in [
        (
            "table",
            "CIS Azure Kubernetes Service (AKS) Benchmark v1.8.0",
        ),
        ("markdown", "| 4.1.1 | fail | AU201 |"),
        ("html", "<td class=\"control-fail\">fail</td>"),
        ("junit", "classname=\"chanto.cis-aks\""),
        ("sarif", "\"frameworks\""),
    ] {
        let output = chanto()
            .args([
                "scan",
                "examples/first-cluster",
                "--framework",
                "cis-aks",
                "--as-of",
                AS_OF,
            ])
            .args(["--format", format])
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains(needle), "{format} lacks {needle:?}");
    }
}

#[test]
fn sarif_rules_carry_the_mappings_as_tags() {
    let sarif = json(&[
        "scan",
        "examples/first-cluster",
        "--format",
        "sarif",
        "--as-of",
        AS_OF,
    ]);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let tags = |code: &str| -> Vec<String> {
        rules.iter().find(|r| r["id"] == code).unwrap()["properties"]["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect()
    };
    let au201 = tags("AU201");
    for tag in [
        "cis-aks/4.1.1",
        "mcsb/PA-7",
        "kubescape/C-0035",
        "trivy/KSV-0111",
    ] {
        assert!(au201.contains(&tag.to_string()), "{tag} not in {au201:?}");
    }
    assert!(tags("AU215").contains(&"checkov/CKV_K8S_49".to_string()));
}

#[test]
fn peer_ids_suppress_the_rules_that_answer_them_with_a_note() {
    let output = chanto()
        .args([
            "scan",
            "examples/first-cluster",
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ])
        .args(["--ignore", "CKV_K8S_38", "--ignore", "CKV_AZURE_61"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("note: CKV_K8S_38 (checkov check \"Ensure that Service Account Tokens are only mounted where necessary\") stands for AU205"),
        "{stderr}"
    );
    assert!(
        stderr.contains("CKV_AZURE_61 (checkov check) is out of scope"),
        "{stderr}"
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains("AU205"), "{codes:?}");
    assert!(codes.contains("AU201"));

    // The same ID in a waiver of the policy file.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("chanto.yaml");
    std::fs::write(
        &config,
        "waivers:\n  - codes: [CKV_K8S_38]\n    reason: migrated from .checkov.yaml\n    owner: platform@example.com\n    expires: 2027-06-30\n",
    )
    .unwrap();
    let output = chanto()
        .args([
            "scan",
            "examples/first-cluster",
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ])
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("line 2: CKV_K8S_38"), "{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let waived: Vec<&Value> = report["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["code"] == "AU205")
        .collect();
    assert!(!waived.is_empty(), "AU205 findings are waived");
}

#[test]
fn an_ignore_annotation_takes_peer_ids_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  namespace: tools\n  annotations:\n    chanto.io/ignore: \"CKV_K8S_16: a break-glass debug pod\"\nspec:\n  containers:\n    - name: c\n      image: contoso.azurecr.io/debug:1\n      securityContext:\n        privileged: true\n",
    )
    .unwrap();
    let report = json(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
        "--as-of",
        AS_OF,
    ]);
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["code"] != "CL201"),
        "{report:#}"
    );
    let suppressed = report["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "CL201")
        .unwrap();
    assert!(
        suppressed["reason"]
            .as_str()
            .unwrap()
            .contains("a break-glass debug pod (CKV_K8S_16 = CL201)"),
        "{suppressed}"
    );
}
