//! The organisation's policy file: requirements, attestations, waivers,
//! balance rules and config errors, run through the binary.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{Value, json};

const AS_OF: &str = "2026-11-28";

fn chanto() -> Command {
    let mut cmd = Command::cargo_bin("chanto").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Scans `paths` with `config` as the policy file; returns the JSON report
/// and the exit code.
fn scan(paths: &[&str], config: &std::path::Path, extra: &[&str]) -> (Value, i32) {
    let output = chanto()
        .arg("scan")
        .args(paths)
        .arg("--config")
        .arg(config)
        .args(["--format", "json", "--as-of", AS_OF])
        .args(extra)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    (report, output.status.code().unwrap())
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn line_of(text: &str, marker: &str) -> u64 {
    let index = text.lines().position(|l| l.contains(marker)).unwrap();
    u64::try_from(index + 1).unwrap()
}

fn requirement<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["policy"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no requirement {id}"))
}

fn codes(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_first_cluster_violates_p5_and_p6_and_p2_is_never_compliant() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(&dir, "chanto.yaml", "");
    let (report, _) = scan(&["examples/first-cluster"], &config, &[]);
    for id in ["P5", "P6"] {
        let r = requirement(&report, id);
        assert_eq!(r["status"], "violated", "{r:#}");
        assert!(!r["findings"].as_array().unwrap().is_empty());
    }
    assert!(
        requirement(&report, "P5")["findings"]
            .as_array()
            .unwrap()
            .contains(&json!("AU103 aks-first"))
    );
    assert!(
        requirement(&report, "P6")["findings"]
            .as_array()
            .unwrap()
            .contains(&json!("CL102 aks-first"))
    );
    let p2 = &requirement(&report, "P2")["status"];
    assert!(p2 == "violated" || p2 == "unknown", "P2 is {p2}");
    // With no registry, storage or database among the inputs, P4 can't be judged.
    let p4 = requirement(&report, "P4");
    assert_eq!(p4["status"], "unknown");
    assert!(
        p4["reasons"][0]
            .as_str()
            .unwrap()
            .contains("no registry, storage account, Key Vault or database among the inputs")
    );
}

#[test]
fn waivers_hide_until_they_expire_and_unused_ones_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let waivers = |expires: &str| {
        format!(
            "waivers:\n  - codes: [CN201]\n    namespace: shop\n    kind: Service\n    name: storefront\n    reason: demo endpoint until the gateway lands\n    owner: shop-team@example.com\n    expires: {expires}\n  - codes: [AU201]\n    name: nothing-matches-*\n    reason: old exception\n    owner: someone\n    expires: 2027-06-30\n"
        )
    };
    let yesterday = write(&dir, "yesterday.yaml", &waivers("2026-11-27"));
    let (report, _) = scan(&["examples/first-cluster"], &yesterday, &[]);
    assert!(
        codes(&report).contains(&"CN201".to_string()),
        "an expired waiver stops hiding"
    );
    assert_eq!(report["waivers"][0]["state"], "expired");
    assert_eq!(report["waivers"][0]["matched"], 1);
    assert_eq!(report["waivers"][1]["state"], "unused");

    let tomorrow = write(&dir, "tomorrow.yaml", &waivers("2026-11-29"));
    let (report, _) = scan(&["examples/first-cluster"], &tomorrow, &[]);
    assert!(
        !codes(&report).contains(&"CN201".to_string()),
        "an active waiver hides"
    );
    assert_eq!(report["waivers"][0]["state"], "active");
    let suppressed = &report["suppressed"][0];
    assert_eq!(suppressed["code"], "CN201");
    assert_eq!(suppressed["suppressed_by"], "waiver");
    assert!(
        suppressed["reason"]
            .as_str()
            .unwrap()
            .contains("expires 2026-11-29")
    );

    chanto()
        .args([
            "scan",
            "examples/first-cluster",
            "--as-of",
            AS_OF,
            "--config",
        ])
        .arg(&yesterday)
        .assert()
        .stdout(predicate::str::contains(
            "expired on 2026-11-27, no longer hides 1 finding(s)",
        ))
        .stdout(predicate::str::contains("matches nothing"));
}

fn cluster(extra: &str) -> String {
    format!(
        r#"{{"type": "Microsoft.ContainerService/ManagedClusters", "name": "aks-locked",
  "currentKubernetesVersion": "1.35.2",
  "agentPoolProfiles": [{{"name": "system", "mode": "System", "osType": "Linux"}}],
  {extra}
}}"#
    )
}

#[test]
fn local_accounts_off_without_admin_group_or_azure_rbac_is_a_breakage_finding() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(&dir, "chanto.yaml", "");
    let text = cluster(
        r#""disableLocalAccounts": true,
  "aadProfile": {"managed": true, "enableAzureRbac": false, "adminGroupObjectIDs": null}"#,
    );
    let path = write(&dir, "locked.json", &text);
    let (report, _) = scan(&[path.to_str().unwrap()], &config, &["--select", "AU901"]);
    let finding = &report["findings"][0];
    assert_eq!(finding["code"], "AU901");
    assert_eq!(finding["kind"], "breakage");
    assert_eq!(finding["severity"], "critical");
    assert_eq!(
        finding["location"]["line"],
        line_of(&text, "disableLocalAccounts")
    );
    assert_eq!(report["summary"]["breakage"], 1);

    let text = cluster(
        r#""disableLocalAccounts": true,
  "aadProfile": {"managed": true, "enableAzureRbac": false, "adminGroupObjectIDs": ["group-1"]}"#,
    );
    let path = write(&dir, "admins.json", &text);
    let (report, _) = scan(&[path.to_str().unwrap()], &config, &["--select", "AU901"]);
    assert_eq!(report["findings"], json!([]));
    assert_eq!(report["unknown"], json!([]));

    // An admin group is a way in, whatever the Azure RBAC setting says.
    let text = cluster(
        r#""disableLocalAccounts": true,
  "aadProfile": {"managed": true, "enableAzureRbac": "maybe", "adminGroupObjectIDs": ["group-1"]}"#,
    );
    let path = write(&dir, "admins-rbac-unreadable.json", &text);
    let (report, _) = scan(&[path.to_str().unwrap()], &config, &["--select", "AU901"]);
    assert_eq!(report["findings"], json!([]));
    assert_eq!(report["unknown"], json!([]));

    // Without a group, the unreadable setting decides.
    let text = cluster(
        r#""disableLocalAccounts": true,
  "aadProfile": {"managed": true, "enableAzureRbac": "maybe"}"#,
    );
    let path = write(&dir, "rbac-unreadable.json", &text);
    let (report, _) = scan(&[path.to_str().unwrap()], &config, &["--select", "AU901"]);
    assert_eq!(report["findings"], json!([]));
    assert_eq!(report["unknown"][0]["code"], "AU901");
    assert_eq!(
        report["unknown"][0]["location"]["line"],
        line_of(&text, "enableAzureRbac")
    );
}

#[test]
fn authorized_ranges_that_lock_out_declared_networks_are_a_breakage_finding() {
    let dir = tempfile::tempdir().unwrap();
    let text = cluster(
        r#""apiServerAccessProfile": {"enablePrivateCluster": false, "authorizedIpRanges": ["203.0.113.0/24"]}"#,
    );
    let path = write(&dir, "public.json", &text);
    let covered = write(
        &dir,
        "covered.yaml",
        "organisation:\n  ci_cidrs: [203.0.113.16/28]\n",
    );
    let (report, _) = scan(&[path.to_str().unwrap()], &covered, &["--select", "CN902"]);
    assert_eq!(report["findings"], json!([]));
    let locked = write(
        &dir,
        "locked.yaml",
        "organisation:\n  ci_cidrs: [203.0.113.16/28]\n  admin_cidrs: [198.51.100.0/29]\n",
    );
    let (report, _) = scan(&[path.to_str().unwrap()], &locked, &["--select", "CN902"]);
    let finding = &report["findings"][0];
    assert_eq!(finding["kind"], "breakage");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("198.51.100.0/29")
    );
    assert_eq!(
        finding["location"]["line"],
        line_of(&text, "apiServerAccessProfile")
    );
    let none = write(&dir, "none.yaml", "");
    let (report, _) = scan(&[path.to_str().unwrap()], &none, &["--select", "CN902"]);
    assert!(
        report["unknown"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("ci_cidrs")
    );
}

#[test]
fn attestations_go_stale_and_say_since_when() {
    let dir = tempfile::tempdir().unwrap();
    let text = "attestations:\n  - code: CN001\n    statement: MFA for Azure management\n    owner: sec@example.com\n    reviewed: 2026-01-10\n    valid_for: 180\n";
    let config = write(&dir, "chanto.yaml", text);
    let (report, _) = scan(&["examples/first-cluster"], &config, &["--select", "CN001"]);
    let finding = &report["findings"][0];
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("stale since 2026-07-09"),
        "{finding}"
    );
    assert_eq!(finding["location"]["line"], 2, "points at the attestation");
    assert_eq!(finding["kind"], "attestation");
    let fresh = write(
        &dir,
        "fresh.yaml",
        &text.replace("2026-01-10", "2026-11-01"),
    );
    let (report, _) = scan(&["examples/first-cluster"], &fresh, &["--select", "CN001"]);
    assert_eq!(report["findings"], json!([]));
}

#[test]
fn config_errors_name_the_line_and_suggest_a_fix() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "rules:\n  selct: [CN]\n",
            2,
            "unknown key \"selct\" in rules (did you mean select?)",
        ),
        (
            "waivers:\n  - codes: [CN201]\n    reason: r\n    owner: o\n    expires: 31/12/2026\n",
            5,
            "not a date",
        ),
        ("rules:\n  ignore: [CN1O1]\n", 2, "did you mean CN101?"),
        (
            "waivers:\n  - codes: [CN201]\n    reason: r\n    owner: o\n",
            2,
            "a waiver needs `expires`",
        ),
        (
            "attestations:\n  - code: CN001\n    statement: s\n    owner: o\n    reviewed: 2026-01-01\n    valid_for: soon\n",
            6,
            "valid_for is a number of days",
        ),
        (
            "policy:\n  requirements:\n    - id: P7\n      title: t\n      codes: [AU1O3]\n",
            5,
            "did you mean AU103?",
        ),
    ];
    for (text, line, message) in cases {
        let config = write(&dir, "chanto.yaml", text);
        // The scan stops first and loudly: located errors, exit 2, and no
        // report whose policy defaults stood in for the broken file.
        let output = chanto()
            .args([
                "scan",
                "examples/first-cluster",
                "--as-of",
                AS_OF,
                "--format",
                "json",
            ])
            .arg("--config")
            .arg(&config)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{text}");
        assert!(output.stdout.is_empty(), "{text}: no report");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{text}: {stderr}");
        assert!(
            stderr.contains(&format!("chanto.yaml:{line}:")),
            "{text}: {stderr}"
        );
        // Nor does `chanto policy` print the built-in P1–P6 as the
        // organisation's policy.
        let policy = chanto()
            .args(["policy", "--config"])
            .arg(&config)
            .output()
            .unwrap();
        assert_eq!(policy.status.code(), Some(2), "{text}");
        assert!(policy.stdout.is_empty(), "{text}");
    }
}

#[test]
fn requirements_can_be_extended_and_attested() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        &dir,
        "chanto.yaml",
        "attestations:\n  - code: ORG-VPN\n    statement: Admin access only over the corporate VPN\n    owner: net@example.com\n    reviewed: 2026-11-01\n    valid_for: 90\npolicy:\n  mode: extend\n  requirements:\n    - id: P7\n      title: Admins come through the VPN\n      codes: [ORG-VPN]\n",
    );
    let (report, _) = scan(&["examples/first-cluster"], &config, &[]);
    assert_eq!(report["policy"].as_array().unwrap().len(), 7);
    assert_eq!(requirement(&report, "P7")["status"], "attested");
}

#[test]
fn init_writes_a_starter_file_that_scans_cleanly_and_policy_prints_the_mapping() {
    let dir = tempfile::tempdir().unwrap();
    chanto().arg("init").arg(dir.path()).assert().success();
    chanto().arg("init").arg(dir.path()).assert().code(2);
    let (report, code) = scan(&["examples/baseline"], &dir.path().join("chanto.yaml"), &[]);
    assert_eq!(report["errors"], json!([]));
    assert_ne!(code, 2);
    chanto()
        .args(["policy", "--config"])
        .arg(dir.path().join("chanto.yaml"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "P4 No public endpoints on storage and databases",
        ))
        .stdout(predicate::str::contains(
            "CN105  Egress does not pass through a firewall",
        ));
}

#[test]
fn an_ingress_behind_a_declared_waf_passes_cn202() {
    let dir = tempfile::tempdir().unwrap();
    let ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\n  namespace: shop\nspec:\n  ingressClassName: azure-application-gateway\n  rules:\n  - host: shop.example.com\n";
    let path = write(&dir, "ingress.yaml", ingress);
    let declared = write(
        &dir,
        "waf.yaml",
        "organisation:\n  wafs: [shop.example.com]\n",
    );
    let (report, _) = scan(&[path.to_str().unwrap()], &declared, &["--select", "CN202"]);
    assert_eq!(
        (report["findings"].clone(), report["unknown"].clone()),
        (json!([]), json!([]))
    );
    let none = write(&dir, "none.yaml", "");
    let (report, _) = scan(&[path.to_str().unwrap()], &none, &["--select", "CN202"]);
    assert_eq!(
        report["unknown"][0]["code"], "CN202",
        "the gateway's own WAF policy is not an input"
    );
}
