//! Bicep (issue 15): `.bicep` files are read natively, with their modules
//! and `.bicepparam` files, give the verdicts of the ARM JSON the Bicep
//! compiler makes from them, and locate findings at `.bicep` lines.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chanto::rules::Verdict;
use chanto::scan::{ScanOptions, ScanResult, scan};

const AS_OF: &str = "2026-11-28";

fn sample(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/samples/bicep")
        .join(path)
}

const AVM: &str = "avm/res/container-service/managed-cluster";

fn scan_paths(paths: &[PathBuf]) -> ScanResult {
    let result = scan(&ScanOptions::new(paths.to_vec(), AS_OF.parse().unwrap()));
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    result
}

/// (code, resource, verdict) of every finding and unknown.
fn verdicts(result: &ScanResult) -> BTreeSet<(String, String, String)> {
    result
        .outcomes
        .iter()
        .map(|o| {
            let verdict = match &o.evaluation.verdict {
                Verdict::Fail { severity, .. } => {
                    format!("fail {:?}", severity.unwrap_or(o.rule.severity))
                }
                Verdict::Unknown { .. } => "unknown".to_string(),
            };
            (
                o.rule.code.to_string(),
                result
                    .inventory
                    .resource(o.evaluation.subject)
                    .name
                    .into_owned(),
                verdict,
            )
        })
        .collect()
}

/// The names of the clusters read, sorted.
fn cluster_names(result: &ScanResult) -> Vec<&str> {
    let mut names: Vec<&str> = result
        .inventory
        .clusters
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    names.sort_unstable();
    names
}

/// Findings as (code, file, line).
fn locations(result: &ScanResult) -> Vec<(String, String, u32)> {
    result
        .outcomes
        .iter()
        .filter_map(|o| match &o.evaluation.verdict {
            Verdict::Fail { loc, .. } => Some((
                o.rule.code.to_string(),
                result.inventory.file(loc.file).to_string(),
                loc.line,
            )),
            Verdict::Unknown { .. } => None,
        })
        .collect()
}

#[test]
fn the_avm_module_gives_the_verdicts_of_its_compiled_arm_json() {
    let bicep = scan_paths(&[sample(&format!("{AVM}/main.bicep"))]);
    let json = scan_paths(&[sample(&format!("{AVM}/main.json"))]);
    assert!(!verdicts(&bicep).is_empty());
    assert_eq!(verdicts(&bicep), verdicts(&json));
    // Only the places differ: the Bicep ones are in the .bicep source.
    for (code, file, _) in locations(&bicep) {
        assert!(file.ends_with(".bicep"), "{code} at {file}");
    }
}

#[test]
fn every_avm_end_to_end_test_scans_without_error() {
    let tests = sample(&format!("{AVM}/tests/e2e"));
    let mut names: Vec<PathBuf> = std::fs::read_dir(&tests)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert_eq!(names.len(), 8);
    for dir in names {
        let result = scan_paths(&[dir.join("main.test.bicep")]);
        assert!(
            !result.inventory.clusters.is_empty(),
            "{}: the module's cluster is read",
            dir.display()
        );
    }
}

/// The private-cluster tests: the API server has no public endpoint, so
/// CN101 does not apply — neither a finding nor unknown.
#[test]
fn the_private_cluster_tests_make_cn101_not_applicable() {
    for test in ["priv", "waf-aligned"] {
        let result = scan_paths(&[sample(&format!("{AVM}/tests/e2e/{test}/main.test.bicep"))]);
        support::assert_nothing_kept(&result, "CN101", test);
        let (_, tally) = result
            .tallies
            .iter()
            .find(|(code, _)| *code == "CN101")
            .expect("CN101 is tallied");
        assert!(tally.not_applicable > 0, "{test}: {tally:?}");
    }
}

/// The waf-aligned test turns off local accounts and turns on Azure RBAC
/// and a private API server: no high finding remains on the cluster.
#[test]
fn the_waf_aligned_test_leaves_no_high_finding_on_its_cluster() {
    let result = scan_paths(&[sample(&format!(
        "{AVM}/tests/e2e/waf-aligned/main.test.bicep"
    ))]);
    let high: Vec<_> = verdicts(&result)
        .into_iter()
        .filter(|(_, resource, verdict)| {
            resource.contains("cswaf001")
                && (verdict.contains("High") || verdict.contains("Critical"))
        })
        .collect();
    assert!(high.is_empty(), "{high:?}");
}

/// The aks-baseline stamp with its `.bicepparam`: findings at `.bicep`
/// lines, unknowns naming what only the deployment knows, no error.
#[test]
fn the_aks_baseline_stamp_is_read_with_its_parameter_file() {
    let dir = sample("aks-baseline/workload-team");
    let result = scan_paths(std::slice::from_ref(&dir));
    assert_eq!(result.inventory.clusters.len(), 1);
    let stamp = std::fs::read_to_string(dir.join("cluster-stamp.bicep")).unwrap();
    let found = locations(&result);
    assert!(
        found.contains(&(
            "CL102".to_string(),
            "cluster-stamp.bicep".to_string(),
            support::line_of(&stamp, "upgradeChannel: 'none'")
        )),
        "{found:?}"
    );
    let unknown: Vec<String> = result
        .outcomes
        .iter()
        .filter_map(|o| match &o.evaluation.verdict {
            Verdict::Unknown { reason, .. } => Some(reason.clone()),
            Verdict::Fail { .. } => None,
        })
        .collect();
    assert!(
        unknown.iter().any(|r| r.contains("subscription()")),
        "{unknown:?}"
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

const MODULE: &str = "param name string\nparam private bool = false\nparam ranges array?\n\nresource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {\n  name: name\n  location: 'japaneast'\n  properties: {\n    dnsPrefix: name\n    agentPoolProfiles: []\n    apiServerAccessProfile: {\n      enablePrivateCluster: private\n      authorizedIPRanges: ranges\n    }\n  }\n}\n";

/// A local module is evaluated through its call, once per loop element,
/// and not again on its own; a false condition deploys nothing.
#[test]
fn modules_are_evaluated_through_their_calls() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cluster.bicep", MODULE);
    write(
        dir.path(),
        "main.bicep",
        "param environments array = ['dev', 'prod']\nparam withTest bool = false\n\nmodule clusters './cluster.bicep' = [for env in environments: {\n  name: 'aks-${env}'\n  params: {\n    name: 'aks-${env}'\n    private: env == 'prod'\n  }\n}]\n\nmodule test './cluster.bicep' = if (withTest) {\n  name: 'test'\n  params: {\n    name: 'aks-test'\n  }\n}\n",
    );
    let result = scan_paths(&[dir.path().to_path_buf()]);
    let names = cluster_names(&result);
    assert_eq!(names, ["aks-dev", "aks-prod"]);
    let open: Vec<(String, String, String)> = verdicts(&result)
        .into_iter()
        .filter(|(code, _, _)| code == "CN101")
        .collect();
    // Only dev is public; `ranges`, nullable and not passed, is null.
    assert_eq!(
        open,
        [(
            "CN101".to_string(),
            "aks-dev".to_string(),
            "fail High".to_string()
        )]
    );
}

/// Each `.bicepparam` file is one evaluation of its template, named in the
/// report; a value it sets is found at its line.
#[test]
fn each_parameter_file_is_one_evaluation_at_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.bicep",
        &MODULE.replace("param name string", "param name string = 'aks'"),
    );
    write(
        dir.path(),
        "dev.bicepparam",
        "using './main.bicep'\n\nparam ranges = ['0.0.0.0/0']\n",
    );
    write(
        dir.path(),
        "prod.bicepparam",
        "using 'main.bicep'\n\nparam private = true\n",
    );
    let result = scan_paths(&[dir.path().to_path_buf()]);
    let names = cluster_names(&result);
    assert_eq!(names, ["aks (dev.bicepparam)", "aks (prod.bicepparam)"]);
    // Dev opens the API server to every address, on line 3 of its file.
    let found = locations(&result);
    let cn101: Vec<_> = found
        .iter()
        .filter(|(code, _, _)| code == "CN101")
        .collect();
    assert_eq!(cn101.len(), 1, "{found:?}");
    assert!(cn101[0].1.ends_with("dev.bicepparam"), "{cn101:?}");
    assert_eq!(cn101[0].2, 3);
}

#[test]
fn a_syntax_error_is_located_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "broken.bicep",
        "param x string = 'unterminated\n",
    );
    write(
        dir.path(),
        "main.bicep",
        &MODULE.replace("param name string", "param name string = 'aks'"),
    );
    let result = scan(&ScanOptions::new(
        vec![dir.path().to_path_buf()],
        AS_OF.parse().unwrap(),
    ));
    assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
    let error = &result.errors[0];
    assert!(error.file.ends_with("broken.bicep"));
    assert_eq!((error.line, error.column), (Some(1), Some(18)));
    assert_eq!(result.inventory.clusters.len(), 1);
}

#[test]
fn a_secure_parameter_is_never_read() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.bicep",
        &MODULE
            .replace(
                "param private bool = false",
                "@secure()\nparam private bool = false",
            )
            .replace("param name string", "param name string = 'aks'"),
    );
    let result = scan_paths(&[dir.path().to_path_buf()]);
    let reasons: Vec<String> = result
        .outcomes
        .iter()
        .filter_map(|o| match &o.evaluation.verdict {
            Verdict::Unknown { reason, .. } if o.rule.code == "CN101" => Some(reason.clone()),
            _ => None,
        })
        .collect();
    assert!(
        reasons.iter().any(|r| r.contains("@secure()")),
        "{reasons:?}"
    );
}

/// A registry module the Bicep CLI has restored is read from its cache
/// (`~/.bicep/br/…/main.json`, the module compiled to ARM JSON) with the
/// call's params; one not in the cache is listed as not followed.
#[test]
fn a_registry_module_is_read_from_the_bicep_cli_cache() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.bicep",
        "module aks 'br/public:avm/res/container-service/managed-cluster:0.12.0' = {\n  name: 'aks'\n  params: {\n    name: 'aks-prod'\n    primaryAgentPoolProfiles: []\n  }\n}\n",
    );
    let scan_json = |home: &Path| {
        let output = assert_cmd::Command::cargo_bin("chanto")
            .unwrap()
            .env("HOME", home)
            .args(["scan", "--as-of", AS_OF, "--format", "json"])
            .arg(dir.path())
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()
    };
    let report = scan_json(home.path());
    assert_eq!(
        report["scanned"]["not_followed"], 1,
        "{}",
        report["skipped"]
    );

    let cached = home.path().join(
        ".bicep/br/mcr.microsoft.com/bicep$avm$res$container-service$managed-cluster/0.12.0$",
    );
    std::fs::create_dir_all(&cached).unwrap();
    std::fs::copy(
        sample(&format!("{AVM}/main.json")),
        cached.join("main.json"),
    )
    .unwrap();
    let report = scan_json(home.path());
    assert_eq!(
        report["scanned"]["not_followed"], 0,
        "{}",
        report["skipped"]
    );
    assert_eq!(report["scanned"]["clusters"], 1);
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["resource"]["name"] == "aks-prod"),
        "the module's cluster, named by the call's params"
    );
}

const SPOKE: &str = r#"resource vnet 'Microsoft.Network/virtualNetworks@2024-01-01' = {
  name: 'vnet-spoke'
  location: 'japaneast'
  properties: {
    addressSpace: { addressPrefixes: ['10.1.0.0/16'] }
    subnets: [
      {
        name: 'snet-nodes'
        properties: {
          addressPrefix: '10.1.0.0/24'
          routeTable: { id: egress.id }
        }
      }
    ]
  }
  resource nodes 'subnets' existing = {
    name: 'snet-nodes'
  }
}

resource egress 'Microsoft.Network/routeTables@2024-01-01' = {
  name: 'rt-egress'
  location: 'japaneast'
  properties: {
    routes: [
      {
        name: 'to-firewall'
        properties: {
          addressPrefix: '0.0.0.0/0'
          nextHopType: 'VirtualAppliance'
          nextHopIpAddress: '10.0.0.4'
        }
      }
    ]
  }
}

resource policy 'Microsoft.Network/firewallPolicies@2024-01-01' = {
  name: 'fwp-hub'
  location: 'japaneast'
  resource aks 'ruleCollectionGroups' = {
    name: 'aks'
    properties: {
      priority: 200
      ruleCollections: [
        {
          ruleCollectionType: 'FirewallPolicyFilterRuleCollection'
          name: 'aks'
          priority: 100
          action: { type: 'Allow' }
          rules: [
            {
              ruleType: 'ApplicationRule'
              name: 'aks'
              protocols: [ { protocolType: 'Https', port: 443 } ]
              sourceAddresses: ['10.1.0.0/24']
              fqdnTags: TAGS
              targetFqdns: FQDNS
            }
          ]
        }
      ]
    }
  }
}

resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {
  name: 'aks-spoke'
  location: 'japaneast'
  properties: {
    dnsPrefix: 'aks-spoke'
    apiServerAccessProfile: { enablePrivateCluster: true }
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        vnetSubnetID: vnet::nodes.id
      }
    ]
    networkProfile: {
      networkPlugin: 'azure'
      outboundType: 'userDefinedRouting'
    }
  }
}
"#;

/// A hub written in Bicep feeds the egress check: the route, the firewall
/// (here its `az network firewall show` output) and the Bicep policy's rules.
#[test]
fn a_hub_in_bicep_feeds_the_egress_check() {
    let firewall = r#"{"type": "Microsoft.Network/azureFirewalls", "name": "fw-hub",
        "id": "/subscriptions/0/resourceGroups/hub/providers/Microsoft.Network/azureFirewalls/fw-hub",
        "firewallPolicy": {"id": "/subscriptions/0/resourceGroups/hub/providers/Microsoft.Network/firewallPolicies/fwp-hub"},
        "ipConfigurations": [{"name": "ip", "privateIPAddress": "10.0.0.4"}]}"#;
    let run = |tags: &str, fqdns: &str| {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "spoke.bicep",
            &SPOKE.replace("TAGS", tags).replace("FQDNS", fqdns),
        );
        write(dir.path(), "fw.json", firewall);
        let result = scan_paths(&[dir.path().to_path_buf()]);
        let text = std::fs::read_to_string(dir.path().join("spoke.bicep")).unwrap();
        (result, text)
    };
    let (result, _) = run("['AzureKubernetesService']", "[]");
    support::assert_nothing_kept(&result, "CN901", "AzureKubernetesService allowed");
    let (_, tally) = result.tallies.iter().find(|(c, _)| *c == "CN901").unwrap();
    assert_eq!(tally.passed, 1);

    let (result, text) = run("[]", "['mcr.microsoft.com']");
    let cn901: Vec<_> = locations(&result)
        .into_iter()
        .filter(|(code, _, _)| code == "CN901")
        .collect();
    assert_eq!(cn901.len(), 1, "{cn901:?}");
    assert!(cn901[0].1.ends_with("spoke.bicep"));
    // Where the missing allowance would go, as for the compiled ARM.
    assert_eq!(cn901[0].2, support::line_of(&text, "rules: ["));
}

/// `--parameters prod.bicepparam`, as `az deployment group create` takes
/// it: the template it is `using` is evaluated with its values.
#[test]
fn a_bicepparam_given_with_parameters_evaluates_its_template() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.bicep",
        &MODULE.replace("param name string", "param name string = 'aks'"),
    );
    let params = tempfile::tempdir().unwrap();
    write(
        params.path(),
        "prod.bicepparam",
        &format!(
            "using '{}'\n\nparam private = true\n",
            dir.path().join("main.bicep").display()
        ),
    );
    let mut options = ScanOptions::new(vec![dir.path().to_path_buf()], AS_OF.parse().unwrap());
    options.load.parameter_files = vec![params.path().join("prod.bicepparam")];
    let result = scan(&options);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert_eq!(cluster_names(&result), ["aks"]);
    assert!(
        !verdicts(&result).iter().any(|(code, _, _)| code == "CN101"),
        "private through the parameter file"
    );
}

#[test]
fn a_parameter_file_using_a_missing_template_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "prod.bicepparam",
        "// prod\nusing './missing.bicep'\n\nparam x = 1\n",
    );
    let result = scan(&ScanOptions::new(
        vec![dir.path().to_path_buf()],
        AS_OF.parse().unwrap(),
    ));
    assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
    let error = &result.errors[0];
    assert!(error.file.ends_with("prod.bicepparam"));
    assert_eq!(error.line, Some(2));
    assert!(
        error.message.contains("missing.bicep: no such file"),
        "{error}"
    );
}
