//! The live Azure reader over a fleet: 1,000 clusters, each with a firewall
//! policy whose rule collection groups are one more request, from a
//! loopback server that answers every request after 5 ms. With requests in
//! flight bounded at 16 the read takes about (requests × 5 ms) / 16; one at a
//! time it is the sum of the round trips. Both are measured.
//!
//! cargo bench --features azure --bench azure_live

#[path = "../tests/support/https.rs"]
mod https;

use std::hint::black_box;
use std::time::Duration;

use chanto::load::azure_live::{self, AzureOptions, Credential};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};

const CLUSTERS: usize = 1000;
const LATENCY: Duration = Duration::from_millis(5);
const SUBSCRIPTION: &str = "00000000-0000-4000-8000-000000000000";

fn rows() -> Vec<Value> {
    let scope = format!("/subscriptions/{SUBSCRIPTION}/resourceGroups/rg/providers");
    (0..CLUSTERS)
        .flat_map(|i| {
            [
                json!({
                    "id": format!("{scope}/Microsoft.ContainerService/managedClusters/aks-{i:04}"),
                    "name": format!("aks-{i:04}"),
                    "type": "microsoft.containerservice/managedclusters",
                    "resourceGroup": "rg",
                    "subscriptionId": SUBSCRIPTION,
                    "properties": {"kubernetesVersion": "1.35.1", "agentPoolProfiles": [{"name": "system", "mode": "System", "count": 3}]},
                }),
                json!({
                    "id": format!("{scope}/Microsoft.Network/firewallPolicies/policy-{i:04}"),
                    "name": format!("policy-{i:04}"),
                    "type": "microsoft.network/firewallpolicies",
                    "resourceGroup": "rg",
                    "subscriptionId": SUBSCRIPTION,
                    "properties": {"threatIntelMode": "Deny"},
                }),
            ]
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let rows = rows();
    let server = https::start(move |request| {
        let mut reply = if request
            .target
            .starts_with("/providers/Microsoft.ResourceGraph/")
        {
            let body: Value = serde_json::from_str(&request.body).unwrap_or_default();
            let from: usize = body["options"]["$skipToken"]
                .as_str()
                .and_then(|t| t.parse().ok())
                .unwrap_or(0);
            let page: Vec<&Value> = rows.iter().skip(from).take(1000).collect();
            let mut answer = json!({"count": page.len(), "data": page});
            if from + 1000 < rows.len() {
                answer["$skipToken"] = json!((from + 1000).to_string());
            }
            https::Reply::json(200, &answer)
        } else if request.target.contains("/ruleCollectionGroups") {
            https::Reply::json(
                200,
                &json!({"value": [{"id": "x/ruleCollectionGroups/default", "name": "default", "properties": {"priority": 100, "ruleCollections": []}}]}),
            )
        } else {
            https::Reply::json(200, &json!({"value": [], "subscriptionId": SUBSCRIPTION}))
        };
        reply.delay = LATENCY;
        reply
    });
    // The token comes from an `az` that prints one.
    let bin = tempfile::tempdir().expect("temporary directory");
    let az = bin.path().join("az");
    std::fs::write(
        &az,
        "#!/bin/sh\necho '{\"accessToken\": \"t\", \"expires_on\": 4070908800, \"tokenType\": \"Bearer\"}'\n",
    )
    .expect("fake az");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&az, std::fs::Permissions::from_mode(0o755)).expect("executable");
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // SAFETY: set once, before any thread of this process reads the environment.
    unsafe { std::env::set_var("PATH", path) };

    let options = |concurrency| AzureOptions {
        subscriptions: vec![SUBSCRIPTION.to_string()],
        credential: Credential::AzureCli,
        endpoint: Some(server.url.clone()),
        ca_file: Some(server.ca_file.clone()),
        concurrency,
        ..AzureOptions::default()
    };
    let mut group = c.benchmark_group("read 1,000 clusters and their rule collection groups live");
    group.sample_size(10);
    for concurrency in [16, 1] {
        let options = options(concurrency);
        let read = azure_live::read(&options);
        assert!(read.errors.is_empty(), "{:?}", read.errors);
        assert_eq!(
            read.documents.len(),
            3 * CLUSTERS,
            "clusters, policies, groups"
        );
        group.bench_function(format!("{concurrency} in flight, 5 ms a request"), |b| {
            b.iter(|| azure_live::read(black_box(&options)))
        });
    }
    group.finish();
}

criterion_group!(live_benches, benches);
criterion_main!(live_benches);
