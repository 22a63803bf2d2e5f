//! `chanto scan --kube` against a loopback HTTPS server that answers as the
//! Kubernetes API's list protocol documents: pages by `limit` and
//! `continue`, an expired continue token (410 Gone) once, Secrets as
//! `PartialObjectMetadataList` when metadata is asked for, a kind the user
//! may not list (403) and one that is not served (404). The objects are
//! `examples/first-cluster/manifests` plus what a cluster adds (the
//! ReplicaSet and Pod its Deployment owns, a Secret), so the oracle is a
//! scan of those manifests. Nothing is reached beyond 127.0.0.1.
#![cfg(feature = "kube")]

#[path = "support/https.rs"]
mod https;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use assert_cmd::Command;
use base64::Engine;
use https::{Reply, Request, Server, query, report_of, verdicts};
use serde_json::{Value, json};

const TOKEN: &str = "kube-token";
const AS_OF: &str = "2026-11-28";

fn status(code: u16, reason: &str, message: &str) -> Reply {
    Reply::json(
        code,
        &json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message, "reason": reason, "code": code}),
    )
}

/// A kind's plural, as the API names its collection.
fn plural_of(kind: &str) -> String {
    match kind {
        "ingress" => "ingresses".to_string(),
        "networkpolicy" => "networkpolicies".to_string(),
        other => format!("{other}s"),
    }
}

/// A server answering list requests for the fixture's objects, a page at
/// the size asked for.
fn cluster(forbidden: Option<&'static str>) -> Server {
    serve(forbidden, None)
}

/// As [`cluster`], with one kind answered only after `slow` seconds.
fn serve(forbidden: Option<&'static str>, slow: Option<(&'static str, u64)>) -> Server {
    let text = std::fs::read_to_string("tests/fixtures/kube-live/objects.json").unwrap();
    let objects: Vec<Value> = serde_json::from_str::<Value>(&text).unwrap()["items"]
        .as_array()
        .unwrap()
        .clone();
    let expired = Arc::new(AtomicBool::new(false));
    https::start(move |request: &Request| {
        if request.authorization.as_deref() != Some(&format!("Bearer {TOKEN}")) {
            return status(401, "Unauthorized", "Unauthorized");
        }
        let path = request.target.split('?').next().unwrap_or("");
        let plural = path.rsplit('/').next().unwrap_or("");
        if forbidden == Some(plural) {
            return status(
                403,
                "Forbidden",
                &format!(
                    "{plural} is forbidden: User \"ci\" cannot list resource \"{plural}\" at the cluster scope"
                ),
            );
        }
        if plural == "secretproviderclasses" {
            return status(
                404,
                "NotFound",
                "the server could not find the requested resource",
            );
        }
        let kind_of = |o: &Value| o["kind"].as_str().unwrap_or("").to_ascii_lowercase();
        let mine: Vec<&Value> = objects
            .iter()
            .filter(|o| plural_of(&kind_of(o)) == plural)
            .collect();
        let limit: usize = query(&request.target, "limit").map_or(500, |l| l.parse().unwrap());
        let from: usize = match query(&request.target, "continue") {
            // The first continue token for Namespaces has expired.
            Some(_) if plural == "namespaces" && !expired.swap(true, Ordering::SeqCst) => {
                return status(
                    410,
                    "Expired",
                    "The provided continue parameter is too old to display a consistent list result.",
                );
            }
            Some(token) => token.parse().unwrap(),
            None => 0,
        };
        let metadata_only = request.accept.contains("as=PartialObjectMetadataList");
        let page: Vec<Value> = mine
            .iter()
            .skip(from)
            .take(limit)
            .map(|o| {
                if metadata_only {
                    json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": o["metadata"]})
                } else {
                    // A list's items carry no kind of their own.
                    let mut item = (*o).clone();
                    let item_map = item.as_object_mut().unwrap();
                    item_map.remove("kind");
                    item_map.remove("apiVersion");
                    item
                }
            })
            .collect();
        let mut metadata = json!({"resourceVersion": "100"});
        if from + limit < mine.len() {
            metadata["continue"] = json!((from + limit).to_string());
        }
        let kind = if metadata_only {
            "PartialObjectMetadataList".to_string()
        } else {
            "List".to_string()
        };
        let mut reply = Reply::json(
            200,
            &json!({"kind": kind, "apiVersion": "v1", "metadata": metadata, "items": page}),
        );
        if let Some((slow_plural, seconds)) = slow
            && slow_plural == plural
        {
            reply.delay = std::time::Duration::from_secs(seconds);
        }
        reply
    })
}

fn kubeconfig(server: &Server, dir: &Path) -> std::path::PathBuf {
    let ca = std::fs::read(&server.ca_file).unwrap();
    let data = base64::engine::general_purpose::STANDARD.encode(ca);
    let text = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n    server: {}\n    certificate-authority-data: {data}\nusers:\n- name: ci\n  user:\n    token: {TOKEN}\ncontexts:\n- name: test\n  context:\n    cluster: test\n    user: ci\ncurrent-context: test\n",
        server.url
    );
    let path = dir.join("kubeconfig");
    std::fs::write(&path, text).unwrap();
    path
}

fn live(server: &Server, dir: &Path, extra: &[&str]) -> (Value, String, i32) {
    let config = kubeconfig(server, dir);
    let output = Command::cargo_bin("chanto")
        .unwrap()
        .env_remove("KUBECONFIG")
        .args(["scan", "--kube", "--context", "test", "--kubeconfig"])
        .arg(&config)
        .args([
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--kube-page-size",
            "1",
        ])
        .args(extra)
        .output()
        .unwrap();
    report_of(&output)
}

#[test]
fn a_live_cluster_gives_the_findings_of_its_manifests() {
    let server = cluster(None);
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("saved");
    let (report, stderr, code) = live(&server, dir.path(), &["--save", saved.to_str().unwrap()]);
    assert_eq!(code, 1, "findings, no error: {stderr}");
    let output = Command::cargo_bin("chanto")
        .unwrap()
        .args([
            "scan",
            "examples/first-cluster/manifests",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let expected: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(!verdicts(&expected, "findings").is_empty());
    assert_eq!(
        verdicts(&report, "findings"),
        verdicts(&expected, "findings"),
        "the Deployment's ReplicaSet and Pod are left to the Deployment"
    );

    // Paged one at a time: the Namespace list's first continue token had
    // expired (410), so it was read again from the start, and Secrets were
    // asked for as metadata only.
    let namespaces: Vec<String> = server
        .requests_to("/api/v1/namespaces")
        .iter()
        .map(|r| r.target.clone())
        .collect();
    assert_eq!(
        namespaces,
        [
            "/api/v1/namespaces?&limit=1",
            "/api/v1/namespaces?&limit=1&continue=1",
            "/api/v1/namespaces?&limit=1",
            "/api/v1/namespaces?&limit=1&continue=1",
        ]
    );
    let secrets = server.requests_to("/api/v1/secrets");
    assert!(
        !secrets.is_empty()
            && secrets
                .iter()
                .all(|r| r.accept.contains("as=PartialObjectMetadataList"))
    );
    assert!(
        server
            .requests
            .lock()
            .unwrap()
            .iter()
            .all(|r| r.method == "GET")
    );

    // A Secret's value reaches neither the report nor the saved files.
    let text = report.to_string();
    assert!(!text.contains("aHVudGVyMg"));
    for entry in walk(&saved) {
        let content = std::fs::read_to_string(&entry).unwrap();
        assert!(!content.contains("aHVudGVyMg"), "{}", entry.display());
        assert!(!content.contains("managedFields"), "{}", entry.display());
    }
    assert!(saved.join("kube/test/deployments.json").is_file());
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn bindings_the_user_may_not_list_make_the_rbac_rules_unknown_naming_the_kind() {
    let server = cluster(Some("rolebindings"));
    let dir = tempfile::tempdir().unwrap();
    let (report, stderr, code) = live(&server, dir.path(), &[]);
    assert_eq!(code, 2, "an incomplete read is never a pass");
    assert!(
        stderr.contains("listing rolebindings was refused (HTTP 403"),
        "{stderr}"
    );
    let unknown: Vec<&Value> = report["unknown"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["code"] == "AU201")
        .collect();
    assert!(!unknown.is_empty(), "{report}");
    assert!(
        unknown
            .iter()
            .all(|u| u["reason"].as_str().unwrap().contains("rolebindings")),
        "{unknown:?}"
    );
    // The rest is still read and judged.
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "CL201" || f["resource"]["name"] == "storefront")
    );
}

/// With `--azure` too, the objects belong to the scanned cluster whose API
/// server FQDN the kubeconfig names: findings on them carry that cluster,
/// as its pools' do. (The test cluster's FQDN is the loopback address the
/// test API server listens on.)
#[cfg(feature = "azure")]
#[test]
fn objects_read_live_belong_to_the_azure_cluster_with_their_server_s_fqdn() {
    let kube = cluster(None);
    let mut row = serde_json::from_str::<Value>(
        &std::fs::read_to_string("tests/fixtures/azure-live/resources.json").unwrap(),
    )
    .unwrap()
    .as_array()
    .unwrap()
    .iter()
    .find(|r| r["name"] == "aks-first")
    .unwrap()
    .clone();
    row["properties"]["fqdn"] = json!("127.0.0.1");
    let subscription = row["subscriptionId"].as_str().unwrap().to_string();
    let azure = https::start(move |request: &Request| {
        if request
            .target
            .starts_with("/providers/Microsoft.ResourceGraph/")
        {
            Reply::json(200, &json!({"count": 1, "data": [row]}))
        } else if request
            .target
            .starts_with(&format!("/subscriptions/{subscription}?"))
        {
            Reply::json(200, &json!({"subscriptionId": subscription}))
        } else {
            Reply::json(200, &json!({"value": []}))
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let bin = https::fake_az(dir.path(), Some("t"));
    let config = kubeconfig(&kube, dir.path());
    let output = Command::cargo_bin("chanto")
        .unwrap()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env_remove("AZURE_CLIENT_SECRET")
        .env_remove("KUBECONFIG")
        .args(["scan", "--kube", "--context", "test", "--kubeconfig"])
        .arg(&config)
        .args(["--azure", "--azure-endpoint", &azure.url, "--ca-file"])
        .arg(&azure.ca_file)
        .args(["--subscription", "00000000-0000-0000-0000-000000000000"])
        .args(["--as-of", AS_OF, "--format", "json", "--save"])
        .arg(dir.path().join("saved"))
        .output()
        .unwrap();
    let (report, stderr, _) = report_of(&output);
    let on_storefront: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["resource"]["name"] == "storefront")
        .collect();
    assert!(!on_storefront.is_empty(), "{stderr}");
    assert!(
        on_storefront.iter().all(|f| f["cluster"] == "aks-first"),
        "{on_storefront:?}"
    );
    // Saved and read back from the files, they still do: the lists say
    // which API server they came from.
    let saved = dir.path().join("saved");
    let again = Command::cargo_bin("chanto")
        .unwrap()
        .arg("scan")
        .arg(&saved)
        .arg("--root")
        .arg(&saved)
        .args(["--as-of", AS_OF, "--format", "json"])
        .output()
        .unwrap();
    let (again, _, _) = report_of(&again);
    assert!(
        again["findings"] == report["findings"],
        "same findings, ids and places"
    );

    // Read alone, the same objects belong to no scanned cluster.
    let dir = tempfile::tempdir().unwrap();
    let (alone, _, _) = live(&kube, dir.path(), &[]);
    assert!(
        alone["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["cluster"].is_null())
    );
}

/// A list that takes longer than --request-timeout is an error naming the
/// kind; the other kinds are still read and judged.
#[test]
fn a_slow_list_times_out_as_a_named_error_and_the_rest_is_read() {
    let server = serve(None, Some(("services", 5)));
    let dir = tempfile::tempdir().unwrap();
    let (report, stderr, code) = live(&server, dir.path(), &["--request-timeout", "1"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cannot list services"), "{stderr}");
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["resource"]["name"] == "storefront" && f["resource"]["type"] == "Deployment"),
        "{report}"
    );
}

/// Workloads the user may not list make the rules that judge pod specs
/// (run file by file for manifests) unknown too, not passed.
#[test]
fn workloads_the_user_may_not_list_make_the_pod_rules_unknown() {
    let server = cluster(Some("deployments"));
    let dir = tempfile::tempdir().unwrap();
    let (report, stderr, code) = live(&server, dir.path(), &[]);
    assert_eq!(code, 2, "{stderr}");
    let unknown: Vec<&str> = report["unknown"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| {
            u["reason"]
                .as_str()
                .unwrap()
                .contains("listing deployments was refused")
        })
        .map(|u| u["code"].as_str().unwrap())
        .collect();
    for code in ["CL201", "CL215", "CL223"] {
        assert!(unknown.contains(&code), "{code} in {unknown:?}");
    }
}

#[test]
fn quotas_the_user_may_not_list_leave_the_namespace_rules_unknown_not_failed() {
    let server = cluster(Some("resourcequotas"));
    let dir = tempfile::tempdir().unwrap();
    let (report, stderr, code) = live(&server, dir.path(), &[]);
    assert_eq!(code, 2, "an incomplete read is never a pass");
    assert!(
        stderr.contains("listing resourcequotas was refused (HTTP 403"),
        "{stderr}"
    );
    // Without the quotas, CL225 cannot tell: unknown in each namespace,
    // never the finding "no ResourceQuota" it would otherwise be.
    let of = |list: &str| -> Vec<String> {
        report[list]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u["code"] == "CL225")
            .map(|u| u["resource"]["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(of("unknown").contains(&"shop".to_string()), "{report}");
    assert!(!of("findings").contains(&"shop".to_string()), "{report}");
}
