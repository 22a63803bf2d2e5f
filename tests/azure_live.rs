//! `chanto scan --azure` against a loopback HTTPS server that answers as
//! Azure Resource Manager and Resource Graph document it: subscriptions
//! paged by `nextLink`, Graph rows paged by `$skipToken` (throttled once
//! with 429 and `Retry-After`), rule collection groups, Defender plans and
//! role assignments, a subscription the identity may not read (403), and a
//! slow answer. The token comes from a fake `az` on PATH printing what
//! `az account get-access-token` prints. The resources are
//! `examples/secure-baseline`'s and `examples/first-cluster`'s, in the REST
//! shape (tests/fixtures/azure-live), so the oracle is a scan of those
//! examples' own files. Nothing is reached beyond 127.0.0.1.
#![cfg(feature = "azure")]

#[path = "support/https.rs"]
mod https;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use assert_cmd::Command;
use https::{Reply, Request, Server, fake_az, query, report_of};
use serde_json::{Value, json};

const AS_OF: &str = "2026-11-28";
const TOKEN: &str = "test-token";
/// The secure baseline's subscription, the first cluster's, and one the
/// identity may not read.
const BASELINE: &str = "11111111-2222-3333-4444-555555555555";
const FIRST: &str = "00000000-0000-0000-0000-000000000000";
const DENIED: &str = "22222222-2222-2222-2222-222222222222";

fn fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("tests/fixtures/azure-live/{name}.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn error(status: u16, code: &str, message: &str) -> Reply {
    Reply::json(
        status,
        &json!({ "error": { "code": code, "message": message } }),
    )
}

/// What the server does besides answering as Azure.
#[derive(Default, Clone)]
struct Twists {
    /// Seconds the baseline subscription's Defender plans take.
    slow_pricings: Option<u64>,
    /// A role assignments page whose nextLink leads to another host.
    foreign_next_link: bool,
}

/// A server answering as Azure for the three subscriptions.
fn azure(twists: Twists) -> Server {
    let rows: Vec<Value> = fixture("resources").as_array().unwrap().clone();
    let groups = fixture("rule-collection-groups")["value"].clone();
    let cluster_settings = fixture("cluster-settings")["value"].clone();
    let pricings = fixture("pricings")["value"].clone();
    let roles = fixture("role-assignments")["value"].clone();
    let throttled = Arc::new(AtomicBool::new(false));
    https::start(move |request: &Request| {
        if request.authorization.as_deref() != Some(&format!("Bearer {TOKEN}")) {
            return error(401, "AuthenticationFailed", "no valid bearer token");
        }
        let target = request.target.as_str();
        let path = target.split('?').next().unwrap_or("");
        let lower = path.to_ascii_lowercase();
        let of_subscription = |items: &Value, subscription: &str| -> Value {
            Value::Array(
                items
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|i| i["id"].as_str().unwrap().contains(subscription))
                    .cloned()
                    .collect(),
            )
        };
        if request.method == "POST" && lower == "/providers/microsoft.resourcegraph/resources" {
            // Throttled once, as Graph does past its quota.
            if !throttled.swap(true, Ordering::SeqCst) {
                let mut reply = error(429, "RateLimiting", "too many requests");
                reply.headers.push(("retry-after", "0".to_string()));
                return reply;
            }
            let body: Value = serde_json::from_str(&request.body).unwrap();
            let wanted: Vec<&str> = body["subscriptions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            assert!(body["query"].as_str().unwrap().contains("managedclusters"));
            let matching: Vec<&Value> = rows
                .iter()
                .filter(|r| wanted.contains(&r["subscriptionId"].as_str().unwrap()))
                .collect();
            let from: usize = body["options"]["$skipToken"]
                .as_str()
                .map_or(0, |t| t.parse().unwrap());
            let page: Vec<&Value> = matching.iter().skip(from).take(5).copied().collect();
            let mut answer = json!({
                "totalRecords": matching.len(),
                "count": page.len(),
                "data": page,
                "facets": [],
                "resultTruncated": "false",
            });
            if from + 5 < matching.len() {
                answer["$skipToken"] = json!((from + 5).to_string());
            }
            return Reply::json(200, &answer);
        }
        if path == "/subscriptions" {
            let all: Vec<Value> = [BASELINE, FIRST, DENIED]
                .iter()
                .map(|id| json!({ "id": format!("/subscriptions/{id}"), "subscriptionId": id, "state": "Enabled" }))
                .collect();
            return if query(target, "$skiptoken").is_some() {
                Reply::json(200, &json!({ "value": [all[2]] }))
            } else {
                Reply::json(
                    200,
                    &json!({
                        "value": [all[0], all[1]],
                        "nextLink": format!("https://{}/subscriptions?api-version=2022-12-01&$skiptoken=2", request.host),
                    }),
                )
            };
        }
        let segments: Vec<&str> = path.split('/').collect();
        let subscription = segments.get(2).copied().unwrap_or("");
        if subscription == DENIED {
            return error(
                403,
                "AuthorizationFailed",
                "The client does not have authorization to perform action 'Microsoft.Resources/subscriptions/read'",
            );
        }
        if segments.len() == 3 {
            return Reply::json(
                200,
                &json!({ "id": path, "subscriptionId": subscription, "state": "Enabled" }),
            );
        }
        if lower.ends_with("/providers/microsoft.security/pricings") {
            let mut reply = Reply::json(
                200,
                &json!({ "value": of_subscription(&pricings, subscription) }),
            );
            if subscription == BASELINE
                && let Some(seconds) = twists.slow_pricings
            {
                reply.delay = Duration::from_secs(seconds);
            }
            return reply;
        }
        if lower.ends_with("/providers/microsoft.authorization/roleassignments") {
            let mut answer = json!({ "value": of_subscription(&roles, subscription) });
            if twists.foreign_next_link && subscription == BASELINE {
                answer["nextLink"] = json!("https://attacker.invalid/steal?api-version=1");
            }
            return Reply::json(200, &answer);
        }
        for child in [
            "/maintenanceconfigurations",
            "/providers/microsoft.insights/diagnosticsettings",
        ] {
            if let Some(parent) = lower.strip_suffix(child) {
                let mine: Vec<&Value> = cluster_settings
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|s| {
                        let id = s["id"].as_str().unwrap().to_ascii_lowercase();
                        id.starts_with(&format!("{parent}{child}/"))
                    })
                    .collect();
                return Reply::json(200, &json!({ "value": mine }));
            }
        }
        if lower.ends_with("/rulecollectiongroups") {
            let parent = &lower[..lower.len() - "/rulecollectiongroups".len()];
            let mine: Vec<&Value> = groups
                .as_array()
                .unwrap()
                .iter()
                .filter(|g| {
                    g["id"]
                        .as_str()
                        .unwrap()
                        .to_ascii_lowercase()
                        .starts_with(parent)
                })
                .collect();
            return Reply::json(200, &json!({ "value": mine }));
        }
        error(404, "ResourceNotFound", "not served by this test")
    })
}

/// `chanto scan --azure` against `server` with `args`: its JSON report,
/// standard error and exit code.
fn live(server: &Server, dir: &Path, signed_in: bool, args: &[&str]) -> (Value, String, i32) {
    let bin = fake_az(dir, signed_in.then_some(TOKEN));
    let output = Command::cargo_bin("chanto")
        .unwrap()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env_remove("AZURE_CLIENT_SECRET")
        .env_remove("AZURE_FEDERATED_TOKEN_FILE")
        .env_remove("IDENTITY_ENDPOINT")
        .env_remove("CHANTO_AZURE_ENDPOINT")
        .args(["scan", "--azure", "--azure-endpoint", &server.url])
        .arg("--ca-file")
        .arg(&server.ca_file)
        .args([
            "--config",
            "examples/secure-baseline/chanto.yaml",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ])
        .args(args)
        .output()
        .unwrap();
    report_of(&output)
}

/// The findings as (code, resource, message).
fn verdicts(report: &Value) -> Vec<(String, String, String)> {
    https::verdicts(report, "findings")
}

/// The same resources as the examples' own `az` output files.
fn oracle() -> Value {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("examples/secure-baseline").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(
        "examples/first-cluster/aks-first.json",
        dir.path().join("aks-first.json"),
    )
    .unwrap();
    scan_files(&[dir.path()], &[])
}

/// `chanto scan` of files with the baseline's policy: its JSON report.
fn scan_files(paths: &[&Path], extra: &[&str]) -> Value {
    let output = Command::cargo_bin("chanto")
        .unwrap()
        .arg("scan")
        .args(paths)
        .args([
            "--config",
            "examples/secure-baseline/chanto.yaml",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ])
        .args(extra)
        .output()
        .unwrap();
    report_of(&output).0
}

#[test]
fn live_azure_gives_the_findings_of_the_same_resources_read_from_files() {
    let server = azure(Twists::default());
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("saved");
    let (report, stderr, code) = live(
        &server,
        dir.path(),
        true,
        &[
            "--subscription",
            BASELINE,
            "--subscription",
            FIRST,
            "--save",
            saved.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "findings, no error: {stderr}");
    let expected = oracle();
    assert!(!verdicts(&expected).is_empty());
    assert_eq!(verdicts(&report), verdicts(&expected));
    assert_eq!(report["scanned"]["clusters"], 2);
    assert_eq!(
        report["scanned"]["azure_resources"],
        expected["scanned"]["azure_resources"]
    );
    assert_eq!(
        report["policy"].to_string(),
        expected["policy"].to_string(),
        "the policy verdicts too"
    );

    // Every request carried the token; Graph was throttled once, retried,
    // and read in pages; nothing but reads was sent.
    let requests = server.requests.lock().unwrap().clone();
    assert!(
        requests
            .iter()
            .all(|r| r.authorization.as_deref() == Some("Bearer test-token"))
    );
    assert!(
        requests
            .iter()
            .all(|r| r.method == "GET"
                || r.target.starts_with("/providers/Microsoft.ResourceGraph/"))
    );
    let graph = server.requests_to("/providers/Microsoft.ResourceGraph/resources");
    assert_eq!(graph.len(), 1 + 3, "one 429, then 13 rows in pages of 5");
    assert_eq!(
        server.requests_to("/subscriptions?").len(),
        0,
        "subscriptions were named"
    );

    // What was read, saved, scans to the same report, files named from
    // the saved folder.
    let again = scan_files(&[&saved], &["--root", saved.to_str().unwrap()]);
    assert!(
        again["findings"] == report["findings"],
        "same ids and places:\n{}\n{}",
        again["findings"][0],
        report["findings"][0]
    );
    assert_eq!(again["summary"], report["summary"]);
    assert!(
        saved
            .join(format!(
                "azure/{FIRST}/rg-shop/microsoft.containerservice.managedclusters/aks-first.json"
            ))
            .is_file()
    );
    let first = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["resource"]["name"] == "aks-first")
        .unwrap();
    assert!(
        first["location"]["file"]
            .as_str()
            .unwrap()
            .starts_with(&format!("azure/{FIRST}/rg-shop/")),
        "{first}"
    );
}

#[test]
fn a_subscription_the_identity_cannot_read_is_named_and_the_others_are_scanned() {
    let server = azure(Twists::default());
    let dir = tempfile::tempdir().unwrap();
    let (report, stderr, code) = live(&server, dir.path(), true, &[]);
    assert_eq!(code, 2, "an incomplete read is never a pass");
    assert!(
        stderr.contains(&format!("subscription {DENIED} cannot be read"))
            && stderr.contains("AuthorizationFailed")
            && stderr.contains("needs the Reader role"),
        "{stderr}"
    );
    assert_eq!(verdicts(&report), verdicts(&oracle()), "both others read");
    assert_eq!(
        server.requests_to("/subscriptions?").len(),
        2,
        "the subscription list, both pages"
    );
}

#[test]
fn a_slow_answer_times_out_as_a_named_error_and_the_rest_is_read() {
    let server = azure(Twists {
        slow_pricings: Some(5),
        ..Twists::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let (report, stderr, code) = live(
        &server,
        dir.path(),
        true,
        &["--subscription", BASELINE, "--request-timeout", "1"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "cannot read the pricings of subscription {BASELINE}"
        )) && stderr.contains("timed out"),
        "{stderr}"
    );
    assert_eq!(report["scanned"]["clusters"], 1);
    let pricings = server.requests_to(&format!(
        "/subscriptions/{BASELINE}/providers/Microsoft.Security"
    ));
    assert_eq!(
        pricings.len(),
        2,
        "a timeout is tried once more, not five times"
    );
}

#[test]
fn a_link_to_another_host_is_never_followed() {
    let server = azure(Twists {
        foreign_next_link: true,
        ..Twists::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let (_, stderr, code) = live(&server, dir.path(), true, &["--subscription", BASELINE]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("roleAssignments of subscription")
            && stderr.contains("leads away from")
            && stderr.contains("not followed"),
        "{stderr}"
    );
}

#[test]
fn without_a_sign_in_the_error_says_how_to_get_one() {
    let server = azure(Twists::default());
    let dir = tempfile::tempdir().unwrap();
    let (report, stderr, code) = live(&server, dir.path(), false, &["--subscription", BASELINE]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot get an Azure token from the Azure CLI")
            && stderr.contains("az login"),
        "{stderr}"
    );
    assert!(report["findings"].as_array().unwrap().is_empty());
    assert!(
        server.requests.lock().unwrap().is_empty(),
        "nothing sent without a token"
    );
}

/// A fleet larger than one run: each subscription read and saved on its
/// own (a job per subscription writing to shared storage), then one scan
/// of every saved folder gives the verdicts of reading them all at once.
#[test]
fn subscriptions_saved_apart_scan_together_as_one() {
    let server = azure(Twists::default());
    let dir = tempfile::tempdir().unwrap();
    let mut folders = Vec::new();
    for subscription in [BASELINE, FIRST] {
        let folder = dir.path().join(subscription);
        let (_, stderr, code) = live(
            &server,
            dir.path(),
            true,
            &[
                "--subscription",
                subscription,
                "--save",
                folder.to_str().unwrap(),
            ],
        );
        assert_ne!(code, 2, "{stderr}");
        folders.push(folder);
    }
    let folders: Vec<&Path> = folders.iter().map(|f| f.as_path()).collect();
    let merged = scan_files(&folders, &[]);
    assert_eq!(verdicts(&merged), verdicts(&oracle()));
    assert_eq!(merged["scanned"]["clusters"], 2);
}
