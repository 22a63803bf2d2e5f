//! ARM templates as deployed (issue 15): `existing` resources are
//! references, pure functions (`createObject`, `union`, `tryGet`, …) are
//! evaluated, and nested deployments (what Bicep modules compile to) are
//! read with the parameters they pass.

mod support;

use std::path::Path;

use chanto::rules::Verdict;
use chanto::scan::{ScanOptions, ScanResult, scan};

fn scan_template(template: &str) -> ScanResult {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("template.json");
    std::fs::write(&path, template).unwrap();
    scan_path(&path)
}

fn scan_path(path: &Path) -> ScanResult {
    let result = scan(&ScanOptions::new(
        vec![path.to_path_buf()],
        "2026-11-28".parse().unwrap(),
    ));
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    result
}

/// (code, resource) of each failing verdict.
fn failing(result: &ScanResult) -> Vec<(String, String)> {
    let mut out: Vec<_> = result
        .outcomes
        .iter()
        .filter(|o| matches!(o.evaluation.verdict, Verdict::Fail { .. }))
        .map(|o| {
            (
                o.rule.code.to_string(),
                result
                    .inventory
                    .resource(o.evaluation.subject)
                    .name
                    .into_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

fn template(resources: &str) -> String {
    format!(
        r#"{{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0", "resources": [{resources}]}}"#
    )
}

const PUBLIC_STORAGE: &str = r#"{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01",
    "name": "logs", "location": "japaneast", "properties": {"publicNetworkAccess": "Enabled"}}"#;

#[test]
fn a_deployed_public_storage_account_fails() {
    let result = scan_template(&template(PUBLIC_STORAGE));
    assert!(failing(&result).contains(&("CN301".to_string(), "logs".to_string())));
}

#[test]
fn an_existing_resource_is_a_reference_never_judged() {
    let existing = PUBLIC_STORAGE.replacen('{', r#"{"existing": true, "#, 1);
    let result = scan_template(&template(&format!("{existing}, {CLUSTER}")));
    assert!(result.inventory.resources.is_empty());
    assert!(
        !failing(&result).iter().any(|(code, _)| code == "CN301"),
        "{:?}",
        failing(&result)
    );
}

const CLUSTER: &str = r#"{"type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-05-01",
    "name": "aks", "location": "japaneast", "properties": {"dnsPrefix": "aks", "agentPoolProfiles": [],
    "addonProfiles": {"azureKeyvaultSecretsProvider":
        "[createObject('enabled', true, 'config', createObject('enableSecretRotation', 'true'))]"}}}"#;

#[test]
fn an_add_on_built_with_create_object_is_read() {
    let result = scan_template(&template(CLUSTER));
    assert_eq!(result.inventory.clusters.len(), 1);
    // Passed: neither a finding nor unknown.
    support::assert_nothing_kept(&result, "AU106", "createObject");
}

/// A Bicep module compiles to a deployment with an inner template: its
/// cluster is read with the values the deployment passes; a nullable
/// parameter it does not pass is null, not unknown.
#[test]
fn a_nested_deployment_is_read_with_the_parameters_it_passes() {
    let inner = r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0", "languageVersion": "2.0",
        "parameters": {"clusterName": {"type": "string"}, "private": {"type": "bool", "defaultValue": false},
                       "ranges": {"type": "array", "nullable": true}},
        "resources": {"cluster": {"type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-05-01",
            "name": "[parameters('clusterName')]", "location": "japaneast",
            "properties": {"dnsPrefix": "x", "agentPoolProfiles": [],
                "apiServerAccessProfile": {"enablePrivateCluster": "[parameters('private')]",
                                           "authorizedIPRanges": "[parameters('ranges')]"}}}}}"#;
    let outer = template(&format!(
        r#"{{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "aks-module",
        "properties": {{"mode": "Incremental", "expressionEvaluationOptions": {{"scope": "inner"}},
            "parameters": {{"clusterName": {{"value": "[concat('aks-', 'prod')]"}}, "private": {{"value": true}}}},
            "template": {inner}}}}}"#
    ));
    let result = scan_template(&outer);
    assert_eq!(result.inventory.clusters.len(), 1);
    assert_eq!(result.inventory.clusters[0].name, "aks-prod");
    let private_unknown = result
        .outcomes
        .iter()
        .any(|o| o.rule.code == "CN101" && !matches!(o.evaluation.verdict, Verdict::Fail { .. }));
    assert!(!private_unknown, "CN101 is decided: the cluster is private");
    assert!(!failing(&result).iter().any(|(code, _)| code == "CN101"));
}

#[test]
fn a_resource_copied_zero_times_is_not_deployed() {
    let copied = PUBLIC_STORAGE.replacen(
        '{',
        r#"{"copy": {"name": "accounts", "count": "[length(createArray())]"}, "#,
        1,
    );
    let result = scan_template(&template(&format!("{copied}, {CLUSTER}")));
    assert!(result.inventory.resources.is_empty());
}

/// The compiled AVM module: its agent pool module (a nested deployment
/// whose cluster is `existing`) adds a pool, never a second cluster.
#[test]
fn the_compiled_avm_module_declares_one_cluster() {
    let main = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/samples/bicep/avm/res/container-service/managed-cluster/main.json");
    let result = scan_path(&main);
    assert_eq!(result.inventory.clusters.len(), 1);
}

const QUICKSTART: &str = r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "clusterName": {"type": "string", "defaultValue": "aks"},
    "clusterAuthorizedIPRanges": {"type": "array", "defaultValue": []}
  },
  "resources": [{
    "type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-05-01",
    "name": "[parameters('clusterName')]", "location": "japaneast",
    "properties": {"dnsPrefix": "aks", "agentPoolProfiles": [],
      "apiServerAccessProfile": {"authorizedIPRanges": "[parameters('clusterAuthorizedIPRanges')]"}}
  }]
}"#;

fn parameter_file(values: &str) -> String {
    format!(
        r#"{{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {values}
}}"#
    )
}

fn scan_with(dir: &Path, parameter_files: &[&Path]) -> ScanResult {
    let mut options = ScanOptions::new(vec![dir.to_path_buf()], "2026-11-28".parse().unwrap());
    options.load.parameter_files = parameter_files.iter().map(|p| p.to_path_buf()).collect();
    let result = scan(&options);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    result
}

/// The location of the first CN101 finding: file and line.
fn cn101(result: &ScanResult) -> Option<(String, u32)> {
    result
        .outcomes
        .iter()
        .find_map(|o| match &o.evaluation.verdict {
            Verdict::Fail { loc, .. } if o.rule.code == "CN101" => {
                Some((result.inventory.file(loc.file).to_string(), loc.line))
            }
            _ => None,
        })
}

#[test]
fn the_parameter_file_beside_a_template_is_applied() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("azuredeploy.json"), QUICKSTART).unwrap();
    // On its defaults the cluster is open to the internet.
    assert!(cn101(&scan_with(dir.path(), &[])).is_some());
    std::fs::write(
        dir.path().join("azuredeploy.parameters.json"),
        parameter_file(r#"{"clusterAuthorizedIPRanges": {"value": ["203.0.113.0/24"]}}"#),
    )
    .unwrap();
    let result = scan_with(dir.path(), &[]);
    assert!(cn101(&result).is_none());
    support::assert_nothing_kept(&result, "CN101", "decided, not unknown");
    assert!(
        result
            .skipped
            .iter()
            .any(|(file, _)| file.ends_with("azuredeploy.parameters.json")),
        "the parameter file is not scanned on its own"
    );
}

#[test]
fn parameters_given_explicitly_replace_the_ones_beside_and_are_located_there() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("azuredeploy.json"), QUICKSTART).unwrap();
    std::fs::write(
        dir.path().join("azuredeploy.parameters.json"),
        parameter_file(r#"{"clusterAuthorizedIPRanges": {"value": ["203.0.113.0/24"]}}"#),
    )
    .unwrap();
    let other = dir.path().join("other.json");
    std::fs::write(
        &other,
        parameter_file("{\n    \"clusterAuthorizedIPRanges\": {\n      \"value\": []\n    }\n  }"),
    )
    .unwrap();
    let result = scan_with(dir.path(), &[&other]);
    let (file, line) = cn101(&result).expect("other.json opens the cluster");
    assert!(file.ends_with("other.json"), "{file}");
    assert_eq!(
        line,
        support::line_of(&std::fs::read_to_string(&other).unwrap(), "\"value\": []")
    );
}

#[test]
fn each_parameter_file_is_one_evaluation_named_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("aks.json"), QUICKSTART).unwrap();
    for (env, ranges) in [("dev", "[]"), ("prod", r#"["203.0.113.0/24"]"#)] {
        std::fs::write(
            dir.path().join(format!("aks.parameters.{env}.json")),
            parameter_file(&format!(
                r#"{{"clusterAuthorizedIPRanges": {{"value": {ranges}}}}}"#
            )),
        )
        .unwrap();
    }
    let result = scan_with(dir.path(), &[]);
    let mut names: Vec<&str> = result
        .inventory
        .clusters
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "aks (aks.parameters.dev.json)",
            "aks (aks.parameters.prod.json)"
        ]
    );
    // Only dev leaves the API server open.
    let open: Vec<String> = failing(&result)
        .into_iter()
        .filter(|(code, _)| code == "CN101")
        .map(|(_, resource)| resource)
        .collect();
    assert_eq!(open, ["aks (aks.parameters.dev.json)"]);
}

#[test]
fn a_template_linked_by_uri_is_listed_as_not_followed() {
    let linked = r#"{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "network",
        "properties": {"mode": "Incremental", "templateLink": {"uri": "https://example.com/network.json"}}}"#;
    let result = scan_template(&template(&format!("{linked}, {CLUSTER}")));
    assert_eq!(result.skipped.len(), 1, "{:?}", result.skipped);
    let (what, why) = &result.skipped[0];
    assert!(
        what.ends_with("templateLink (https://example.com/network.json)"),
        "{what}"
    );
    assert_eq!(*why, chanto::model::LINKED_TEMPLATE);
}

/// A template linked by `relativePath` is read through the link, with the
/// parameters the deployment passes, and not again on its own defaults.
#[test]
fn a_template_linked_by_relative_path_is_read_through_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let inner = r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {"clusterName": {"type": "string", "defaultValue": "aks-default"},
                       "private": {"type": "bool", "defaultValue": false}},
        "resources": [{"type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-05-01",
            "name": "[parameters('clusterName')]", "location": "japaneast",
            "properties": {"dnsPrefix": "x", "agentPoolProfiles": [],
                "apiServerAccessProfile": {"enablePrivateCluster": "[parameters('private')]"}}}]}"#;
    std::fs::create_dir_all(dir.path().join("nested")).unwrap();
    std::fs::write(dir.path().join("nested/cluster.json"), inner).unwrap();
    let outer = template(
        r#"{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "cluster",
        "properties": {"mode": "Incremental", "templateLink": {"relativePath": "nested/cluster.json"},
            "parameters": {"clusterName": {"value": "aks-prod"}, "private": {"value": true}}}}"#,
    );
    std::fs::write(dir.path().join("main.json"), outer).unwrap();
    let result = scan_path(dir.path());
    let names: Vec<&str> = result
        .inventory
        .clusters
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["aks-prod"]);
    assert!(!failing(&result).iter().any(|(code, _)| code == "CN101"));
    assert!(result.skipped.is_empty(), "{:?}", result.skipped);
}

#[test]
fn a_missing_linked_template_is_an_error_at_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let outer = template(&format!(
        r#"{{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "network",
        "properties": {{"mode": "Incremental", "templateLink": {{"relativePath": "missing.json"}}}}}}, {CLUSTER}"#
    ));
    std::fs::write(dir.path().join("main.json"), outer).unwrap();
    let result = scan(&ScanOptions::new(
        vec![dir.path().to_path_buf()],
        "2026-11-28".parse().unwrap(),
    ));
    assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
    let error = &result.errors[0];
    assert!(error.file.ends_with("main.json"));
    assert!(error.message.contains("missing.json"), "{error}");
    assert!(error.line.is_some());
    assert_eq!(result.inventory.clusters.len(), 1, "the rest is scanned");
}

/// A YAML file holding a template and Kubernetes objects: each finding
/// still names its own object, whatever files are read after it.
#[test]
fn a_template_beside_objects_in_one_file_keeps_each_finding_on_its_object() {
    let dir = tempfile::tempdir().unwrap();
    let pod = |name: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n    - name: c\n      image: contoso.azurecr.io/web:1\n      securityContext:\n        privileged: true\n"
        )
    };
    let template = "$schema: https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\ncontentVersion: 1.0.0.0\nresources:\n  - type: Microsoft.ContainerService/managedClusters\n    apiVersion: '2024-05-01'\n    name: aks\n    location: japaneast\n    properties:\n      dnsPrefix: aks\n      agentPoolProfiles: []\n";
    std::fs::write(
        dir.path().join("a-mixed.yaml"),
        format!("{template}---\n{}", pod("mixed-pod")),
    )
    .unwrap();
    std::fs::write(dir.path().join("b-pods.yaml"), pod("other-pod")).unwrap();
    let result = scan_path(dir.path());
    assert_eq!(result.inventory.clusters.len(), 1);
    let mut privileged: Vec<String> = failing(&result)
        .into_iter()
        .filter(|(code, _)| code == "CL201")
        .map(|(_, name)| name)
        .collect();
    privileged.sort();
    assert_eq!(privileged, ["mixed-pod", "other-pod"]);
}

/// A cluster with its maintenance window and audit log as resources of the
/// same template, as Bicep compiles `parent:` and `scope:` to.
const SETTINGS_TEMPLATE: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"name": {"type": "string", "defaultValue": "aks-settings"}},
  "resources": [
    {
      "type": "Microsoft.ContainerService/managedClusters",
      "apiVersion": "2025-05-01",
      "name": "[parameters('name')]",
      "location": "japaneast",
      "tags": {"environment": "production"},
      "properties": {
        "autoUpgradeProfile": {"upgradeChannel": "stable", "nodeOSUpgradeChannel": "NodeImage"}
      }
    },
    {
      "type": "Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
      "apiVersion": "2025-05-01",
      "name": "[format('{0}/{1}', parameters('name'), 'aksManagedAutoUpgradeSchedule')]",
      "properties": {"maintenanceWindow": {"schedule": {"weekly": {"dayOfWeek": "Sunday", "intervalWeeks": 1}}, "durationHours": 4, "startTime": "01:00"}}
    },
    {
      "type": "Microsoft.Insights/diagnosticSettings",
      "apiVersion": "2021-05-01-preview",
      "scope": "[format('Microsoft.ContainerService/managedClusters/{0}', parameters('name'))]",
      "name": "audit",
      "properties": {"logs": [{"category": "kube-audit-admin", "enabled": true}]}
    }
  ]
}"#;

#[test]
fn maintenance_windows_and_diagnostic_settings_in_the_template_judge_the_cluster() {
    let result = scan_template(SETTINGS_TEMPLATE);
    assert_eq!(result.tally("CL112").passed, 1, "{:#?}", result.outcomes);
    let cl113: Vec<_> = result.outcomes_of("CL113").collect();
    assert_eq!(cl113.len(), 1, "{cl113:#?}");
    let Verdict::Fail { loc, message, .. } = &cl113[0].evaluation.verdict else {
        panic!("{cl113:#?}")
    };
    assert_eq!(
        loc.line,
        support::line_of(SETTINGS_TEMPLATE, "nodeOSUpgradeChannel")
    );
    assert!(
        message.contains("aksManagedNodeOSUpgradeSchedule"),
        "{message}"
    );
}
