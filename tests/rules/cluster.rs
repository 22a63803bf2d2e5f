//! Every 1xx rule: a failing, a passing and (where the rule has a
//! precondition) a not-applicable or unknown case, each asserting the exact
//! code, resource and line.
//!
//! Each case patches a hardened cluster (which passes every rule), writes it
//! as an ARM/REST resource, and scans it. Expected lines are found from a
//! marker text in the written file, so a test names the field it expects a
//! finding on rather than a number that drifts.

use crate::{Expect, check, fail};

use chanto::load::LoadOptions;
use chanto::rules::Severity;
use chanto::scan::{ScanOptions, Selection, scan};
use serde_json::{Value, json};

const AS_OF: &str = "2026-11-28";

fn hardened() -> Value {
    json!({
        "id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-test",
        "name": "aks-test",
        "type": "Microsoft.ContainerService/managedClusters",
        "tags": {"environment": "production"},
        "sku": {"name": "Base", "tier": "Standard"},
        "identity": {"type": "SystemAssigned"},
        "properties": {
            "currentKubernetesVersion": "1.35.2",
            "enableRBAC": true,
            "disableLocalAccounts": true,
            "aadProfile": {"managed": true, "enableAzureRBAC": true, "adminGroupObjectIDs": ["group-1"]},
            "apiServerAccessProfile": {"enablePrivateCluster": true, "enablePrivateClusterPublicFQDN": false, "disableRunCommand": true},
            "networkProfile": {"networkPlugin": "azure", "networkPolicy": "cilium", "outboundType": "userDefinedRouting"},
            "agentPoolProfiles": [
                {"name": "system", "mode": "System", "osType": "Linux", "osSKU": "AzureLinux", "enableAutoScaling": true,
                 "availabilityZones": ["1", "2", "3"], "enableEncryptionAtHost": true, "enableNodePublicIP": false,
                 "securityProfile": {"sshAccess": "Disabled"}, "osDiskType": "Ephemeral", "maxPods": 110,
                 "type": "VirtualMachineScaleSets", "nodeTaints": ["CriticalAddonsOnly=true:NoSchedule"]},
                {"name": "user", "mode": "User", "osType": "Linux", "osSKU": "Ubuntu", "enableAutoScaling": true,
                 "availabilityZones": ["1", "2"], "enableEncryptionAtHost": true, "enableNodePublicIP": false,
                 "securityProfile": {"sshAccess": "Disabled"}, "osDiskType": "Ephemeral", "maxPods": 110,
                 "type": "VirtualMachineScaleSets"}
            ],
            "addonProfiles": {
                "azurepolicy": {"enabled": true},
                "azureKeyvaultSecretsProvider": {"enabled": true, "config": {"enableSecretRotation": "true"}}
            },
            "autoUpgradeProfile": {"upgradeChannel": "stable", "nodeOSUpgradeChannel": "NodeImage"},
            "oidcIssuerProfile": {"enabled": true},
            "identityProfile": {"kubeletidentity": {"objectId": "kubelet-1"}},
            "securityProfile": {
                "workloadIdentity": {"enabled": true},
                "defender": {"securityMonitoring": {"enabled": true}},
                "imageCleaner": {"enabled": true},
                "azureKeyVaultKms": {"enabled": true}
            },
            "diskEncryptionSetID": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des"
        }
    })
}

/// What configures the hardened cluster from outside it: a diagnostic
/// setting exporting the audit log, both maintenance windows, Defender for
/// Resource Manager, and the kubelet identity's AcrPull grant.
fn around() -> Value {
    const CLUSTER: &str = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-test";
    json!([
        {"id": format!("{CLUSTER}/providers/microsoft.insights/diagnosticSettings/audit"),
         "name": "audit", "type": "Microsoft.Insights/diagnosticSettings",
         "properties": {"logs": [{"category": "kube-audit-admin", "enabled": true}]}},
        {"id": format!("{CLUSTER}/maintenanceConfigurations/aksManagedAutoUpgradeSchedule"),
         "name": "aksManagedAutoUpgradeSchedule",
         "type": "Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
         "properties": {"maintenanceWindow": {"schedule": {"weekly": {"dayOfWeek": "Sunday", "intervalWeeks": 1}},
                        "durationHours": 4, "startTime": "01:00"}}},
        {"id": format!("{CLUSTER}/maintenanceConfigurations/aksManagedNodeOSUpgradeSchedule"),
         "name": "aksManagedNodeOSUpgradeSchedule",
         "type": "Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
         "properties": {"maintenanceWindow": {"schedule": {"daily": {"intervalDays": 1}},
                        "durationHours": 4, "startTime": "02:00"}}},
        {"id": "/subscriptions/0/providers/Microsoft.Security/pricings/Arm", "name": "Arm",
         "type": "Microsoft.Security/pricings", "properties": {"pricingTier": "Standard"}},
        {"id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Authorization/roleAssignments/pull",
         "name": "pull", "type": "Microsoft.Authorization/roleAssignments",
         "properties": {"principalId": "kubelet-1",
            "scope": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr",
            "roleDefinitionId": "/subscriptions/0/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d"}}
    ])
}

struct Case {
    code: &'static str,
    patch: fn(&mut Value),
    /// Patches what [`around`] lists.
    around: fn(&mut Value),
    /// The expected line is in the file of [`around`], not the cluster's.
    lines_in_around: bool,
    expect: Expect,
    as_of: &'static str,
    /// The organisation's `chanto.yaml`, when the case needs one.
    config: &'static str,
    /// Written as the one resource of an ARM template rather than as the
    /// live resource: what only a declaration leaves open.
    template: bool,
    /// The expected line is in the policy file, not the cluster's.
    lines_in_config: bool,
}

fn case(code: &'static str, patch: fn(&mut Value), expect: Expect) -> Case {
    Case {
        code,
        patch,
        around: nothing,
        lines_in_around: false,
        expect,
        as_of: AS_OF,
        config: "",
        template: false,
        lines_in_config: false,
    }
}

/// A policy file whose attestations name none of the built-in codes.
const UNATTESTED: &str = "organisation:
  ci_cidrs: [203.0.113.0/24]
attestations:
  - code: ORG1
    statement: Backups are restored every quarter
    owner: ops@example.com
    reviewed: 2026-10-01
    valid_for: 90
";

/// An attestation reviewed on 2026-10-01, valid for 90 days.
const ATTESTED: &str = "attestations:
  - code: CN001
    statement: MFA for Azure management
    owner: sec@example.com
    reviewed: 2026-10-01
    valid_for: 90
  - code: CN002
    statement: A maintained jump host
    owner: ops@example.com
    reviewed: 2026-10-01
    valid_for: 90
  - code: AU001
    statement: PIM with access reviews
    owner: sec@example.com
    reviewed: 2026-10-01
    valid_for: 90
";

/// CI and admin networks inside `203.0.113.0/24`.
const NETWORKS_INSIDE: &str =
    "organisation:\n  ci_cidrs: [203.0.113.16/28]\n  admin_cidrs: [203.0.113.128/29]\n";

fn nothing(_: &mut Value) {}

fn run(case: &Case) {
    let mut cluster = hardened();
    (case.patch)(&mut cluster);
    if case.template {
        let object = cluster.as_object_mut().unwrap();
        object.remove("id");
        object
            .entry("apiVersion")
            .or_insert_with(|| json!("2025-05-01"));
        cluster = json!({
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "contentVersion": "1.0.0.0",
            "resources": [cluster]
        });
    }
    let text = serde_json::to_string_pretty(&cluster).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cluster.json");
    std::fs::write(&path, &text).unwrap();
    let mut surroundings = around();
    (case.around)(&mut surroundings);
    let around_text = serde_json::to_string_pretty(&surroundings).unwrap();
    let around_path = dir.path().join("around.json");
    std::fs::write(&around_path, &around_text).unwrap();
    let config = (!case.config.is_empty()).then(|| {
        let config = dir.path().join("chanto.yaml");
        std::fs::write(&config, case.config).unwrap();
        config
    });
    let result = scan(&ScanOptions {
        paths: vec![path, around_path],
        as_of: case.as_of.parse().unwrap(),
        selection: Selection {
            select: vec![case.code.into()],
            ignore: vec![],
        },
        rules: Default::default(),
        policy: Default::default(),
        load: LoadOptions::default(),
        config,
        baseline: None,
    });
    let lines = if case.lines_in_config {
        case.config
    } else if case.lines_in_around {
        &around_text
    } else {
        &text
    };
    check(&result, case.code, &case.expect, lines);
}

fn props(c: &mut Value) -> &mut Value {
    &mut c["properties"]
}

fn kubenet(c: &mut Value) {
    props(c)["networkProfile"]["networkPlugin"] = json!("kubenet");
}

/// The first node pool pins `version`.
fn pool_version(c: &mut Value, version: &str) {
    props(c)["agentPoolProfiles"][0]["orchestratorVersion"] = json!(version);
}

/// Authorized ranges that include `0.0.0.0/0`.
fn open_to_the_internet(c: &mut Value) {
    props(c)["apiServerAccessProfile"] =
        json!({"authorizedIPRanges": ["203.0.113.0/24", "0.0.0.0/0"]});
}

fn public(c: &mut Value) {
    props(c)["apiServerAccessProfile"] = json!({"enablePrivateCluster": false});
}

#[test]
fn hardened_cluster_passes_every_rule_that_applies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cluster.json");
    std::fs::write(&path, serde_json::to_string_pretty(&hardened()).unwrap()).unwrap();
    let around_path = dir.path().join("around.json");
    std::fs::write(
        &around_path,
        serde_json::to_string_pretty(&around()).unwrap(),
    )
    .unwrap();
    let result = scan(&ScanOptions {
        paths: vec![path, around_path],
        as_of: AS_OF.parse().unwrap(),
        // Attestations (CN0, AU0) come from the policy file, and CN901
        // follows the egress path through resources this cluster lacks:
        // both have cases of their own (attestations_and_balance, surroundings).
        selection: Selection {
            select: vec![],
            ignore: vec!["CN0".into(), "AU0".into(), "CL0".into(), "CN901".into()],
        },
        rules: Default::default(),
        policy: Default::default(),
        load: LoadOptions::default(),
        config: None,
        baseline: None,
    });
    assert_eq!(result.inventory.clusters.len(), 1);
    assert_eq!(result.inventory.pools.len(), 2);
    let evaluated: Vec<_> = result
        .tallies
        .iter()
        .filter(|(_, t)| t.passed + t.not_applicable > 0)
        .collect();
    // Every rule about clusters, but the ones left out above.
    let cluster_rules = chanto::rules::registry()
        .iter()
        .filter(|r| r.input() == chanto::rules::Input::Clusters)
        .filter(|r| {
            !["CN0", "AU0", "CL0", "CN901"]
                .iter()
                .any(|p| r.meta.code.starts_with(p))
        })
        .count();
    assert_eq!(
        evaluated.len(),
        cluster_rules,
        "every 1xx and 9xx rule evaluates the cluster: {evaluated:?}"
    );
    let findings: Vec<_> = result
        .outcomes
        .iter()
        .map(|o| (o.rule.code, &o.evaluation.verdict))
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
    for (code, tally) in evaluated {
        // A private cluster has no public endpoint to judge, and pools that
        // pin no version have no skew; the rest pass.
        let private = ["CN101", "CN102", "CN902", "CL111"].contains(code);
        assert_eq!(tally.passed > 0, !private, "{code}: {tally:?}");
        if private {
            assert!(tally.not_applicable > 0, "{code}: {tally:?}");
        }
    }
}

cases! {
    connectivity_rules;
    cn101_fails: case(
        "CN101",
        public,
        fail("aks-test", "\"apiServerAccessProfile\""),
    );
    cn101_fails_when_the_ranges_admit_the_whole_internet: Case {
        expect: Expect::Fail {
            resource: "aks-test",
            marker: "\"authorizedIPRanges\"",
            nth: 1,
            offset: 0,
            severity: Some(Severity::High),
        },
        ..case("CN101", open_to_the_internet, Expect::Pass)
    };
    cn101_fails_when_halves_of_the_internet_add_up_to_all_of_it: case(
        "CN101",
        |c| {
            props(c)["apiServerAccessProfile"] =
                json!({"authorizedIPRanges": ["0.0.0.0/1", "128.0.0.0/1"]})
        },
        fail("aks-test", "\"authorizedIPRanges\""),
    );
    cn101_passes_with_the_2019_api_ranges: case(
        "CN101",
        |c| {
            props(c)["apiServerAccessProfile"] = json!({"enablePrivateCluster": false});
            props(c)["apiServerAuthorizedIPRanges"] = json!(["203.0.113.0/24"]);
        },
        Expect::Pass,
    );
    cn101_passes: case(
        "CN101",
        |c| {
            props(c)["apiServerAccessProfile"] =
                json!({"authorizedIPRanges": ["203.0.113.0/24"]})
        },
        Expect::Pass,
    );
    cn101_not_applicable_1: case("CN101", nothing, Expect::NotApplicable);
    cn101_unknown: case(
        "CN101",
        |c| props(c)["apiServerAccessProfile"] = json!({"enablePrivateCluster": "perhaps"}),
        Expect::Unknown {
            resource: None,
            marker: "\"enablePrivateCluster\"",
        },
    );
    cn101_not_applicable_2: case(
        "CN101",
        |c| props(c)["publicNetworkAccess"] = json!("Disabled"),
        Expect::NotApplicable,
    );
    cn102_fails: case(
        "CN102",
        |c| {
            props(c)["apiServerAccessProfile"] =
                json!({"authorizedIPRanges": ["203.0.113.0/24", "20.0.0.0/8"]})
        },
        fail("aks-test", "\"authorizedIPRanges\""),
    );
    cn102_not_applicable_when_the_ranges_admit_the_whole_internet: case(
        "CN102",
        open_to_the_internet,
        Expect::NotApplicable,
    );
    cn102_passes: case(
        "CN102",
        |c| {
            props(c)["apiServerAccessProfile"] =
                json!({"authorizedIPRanges": ["203.0.113.0/24", "10.0.0.0/8"]})
        },
        Expect::Pass,
    );
    cn102_not_applicable: case("CN102", nothing, Expect::NotApplicable);
    cn103_fails: case(
        "CN103",
        |c| props(c)["apiServerAccessProfile"]["enablePrivateClusterPublicFQDN"] = json!(true),
        fail("aks-test", "\"enablePrivateClusterPublicFQDN\": true"),
    );
    cn103_passes: case("CN103", nothing, Expect::Pass);
    cn103_not_applicable: case("CN103", public, Expect::NotApplicable);
    cn104_fails: case(
        "CN104",
        |c| props(c)["agentPoolProfiles"][1]["enableNodePublicIP"] = json!(true),
        fail("aks-test/user", "\"enableNodePublicIP\": true"),
    );
    cn104_passes: case("CN104", nothing, Expect::Pass);
    cn105_fails_1: case(
        "CN105",
        |c| props(c)["networkProfile"]["outboundType"] = json!("loadBalancer"),
        fail("aks-test", "\"outboundType\""),
    );
    cn105_fails_2: case(
        "CN105",
        |c| {
            props(c)["networkProfile"]
                .as_object_mut()
                .unwrap()
                .remove("outboundType");
        },
        fail("aks-test", "\"networkProfile\""),
    );
    cn105_passes: case("CN105", nothing, Expect::Pass);
    cn106_fails_1: case(
        "CN106",
        |c| props(c)["networkProfile"]["networkPolicy"] = json!("None"),
        fail("aks-test", "\"networkPolicy\""),
    );
    cn106_fails_2: case(
        "CN106",
        |c| props(c)["networkProfile"]["networkPolicy"] = Value::Null,
        fail("aks-test", "\"networkPolicy\": null"),
    );
    cn106_passes: case("CN106", nothing, Expect::Pass);
    cn106_unknown: case(
        "CN106",
        |c| props(c)["networkProfile"]["networkPlugin"] = json!("none"),
        Expect::Unknown {
            resource: None,
            marker: "\"networkPlugin\"",
        },
    );
    cn107_fails: case(
        "CN107",
        |c| props(c)["addonProfiles"]["HTTPApplicationRouting"] = json!({"enabled": "true"}),
        fail("aks-test", "\"enabled\": \"true\""),
    );
    cn107_passes: case("CN107", nothing, Expect::Pass);
    cn108_fails: Case {
        expect: Expect::Fail {
            resource: "aks-test",
            marker: "\"networkPlugin\"",
            nth: 1,
            offset: 0,
            severity: Some(Severity::Low),
        },
        ..case("CN108", kubenet, Expect::Pass)
    };
    cn108_fails_high_once_kubenet_is_retired: Case {
        as_of: "2028-04-01",
        expect: Expect::Fail {
            resource: "aks-test",
            marker: "\"networkPlugin\"",
            nth: 1,
            offset: 0,
            severity: Some(Severity::High),
        },
        ..case("CN108", kubenet, Expect::Pass)
    };
    cn108_passes: case("CN108", nothing, Expect::Pass);
    cn108_unknown_on_a_value_it_does_not_know: case(
        "CN108",
        |c| props(c)["networkProfile"]["networkPlugin"] = json!("kubernet"),
        Expect::Unknown {
            resource: None,
            marker: "\"kubernet\"",
        },
    );
    cn108_unknown: case(
        "CN108",
        |c| {
            props(c)["networkProfile"]
                .as_object_mut()
                .unwrap()
                .remove("networkPlugin");
        },
        Expect::Unknown {
            resource: None,
            marker: "\"networkProfile\"",
        },
    );
}

cases! {
    cluster_rules;
    cl101_fails_1: case(
        "CL101",
        |c| props(c)["currentKubernetesVersion"] = json!("1.29.2"),
        fail("aks-test", "\"currentKubernetesVersion\""),
    );
    cl101_fails_2: case(
        "CL101",
        |c| props(c)["currentKubernetesVersion"] = json!("1.34.3"),
        Expect::Fail {
            resource: "aks-test",
            marker: "\"currentKubernetesVersion\"",
            nth: 1,
            offset: 0,
            severity: Some(Severity::Medium),
        },
    );
    cl101_fails_3: case(
        "CL101",
        |c| props(c)["currentKubernetesVersion"] = json!("1.22.1"),
        fail("aks-test", "\"currentKubernetesVersion\""),
    );
    cl101_passes_1: Case {
        as_of: "2026-06-01",
        ..case(
            "CL101",
            |c| {
                props(c)["currentKubernetesVersion"] = json!("1.31.5");
                props(c)["supportPlan"] = json!("AKSLongTermSupport");
            },
            Expect::Pass,
        )
    };
    cl101_passes_2: case("CL101", nothing, Expect::Pass);
    cl101_unknown: case(
        "CL101",
        |c| props(c)["currentKubernetesVersion"] = json!("1.99.0"),
        Expect::Unknown {
            resource: None,
            marker: "\"currentKubernetesVersion\"",
        },
    );
    cl102_fails_1: case(
        "CL102",
        |c| props(c)["autoUpgradeProfile"] = json!({"nodeOSUpgradeChannel": "NodeImage"}),
        fail("aks-test", "\"autoUpgradeProfile\""),
    );
    cl102_fails_2: case(
        "CL102",
        |c| props(c)["autoUpgradeProfile"]["upgradeChannel"] = json!("node-image"),
        fail("aks-test", "\"upgradeChannel\""),
    );
    cl102_passes: case("CL102", nothing, Expect::Pass);
    cl103_fails_1: case(
        "CL103",
        |c| props(c)["autoUpgradeProfile"]["nodeOSUpgradeChannel"] = json!("None"),
        fail("aks-test", "\"nodeOSUpgradeChannel\""),
    );
    cl103_fails_2: case(
        "CL103",
        |c| props(c)["autoUpgradeProfile"]["nodeOSUpgradeChannel"] = json!("unmanaged"),
        fail("aks-test", "\"nodeOSUpgradeChannel\""),
    );
    cl103_fails_3: case(
        "CL103",
        |c| props(c)["autoUpgradeProfile"] = json!({"upgradeChannel": "stable"}),
        fail("aks-test", "\"autoUpgradeProfile\""),
    );
    cl103_passes: case("CL103", nothing, Expect::Pass);
    cl104_fails_1: case(
        "CL104",
        |c| props(c)["securityProfile"]["defender"] = Value::Null,
        fail("aks-test", "\"defender\": null"),
    );
    cl104_fails_2: case(
        "CL104",
        |c| props(c)["securityProfile"]["defender"] = json!({}),
        fail("aks-test", "\"defender\""),
    );
    cl104_passes: case(
        "CL104",
        |c| {
            props(c)["securityProfile"]["defender"] = Value::Null;
            props(c)["securityProfile"]["azureDefender"] = json!({"enabled": true});
        },
        Expect::Pass,
    );
    cl105_fails: case(
        "CL105",
        |c| props(c)["addonProfiles"]["azurepolicy"]["enabled"] = json!(false),
        fail("aks-test", "\"enabled\": false"),
    );
    cl105_passes: case(
        "CL105",
        |c| {
            let addons = props(c)["addonProfiles"].as_object_mut().unwrap();
            addons.remove("azurepolicy");
            addons.insert("azurePolicy".into(), json!({"enabled": true}));
        },
        Expect::Pass,
    );
    cl106_fails_1: case(
        "CL106",
        |c| props(c)["agentPoolProfiles"][1]["enableEncryptionAtHost"] = json!(false),
        fail("aks-test/user", "\"enableEncryptionAtHost\": false"),
    );
    cl106_fails_2: case(
        "CL106",
        |c| {
            props(c)
                .as_object_mut()
                .unwrap()
                .remove("diskEncryptionSetID");
        },
        Expect::Fail {
            resource: "aks-test",
            marker: "\"properties\"",
            nth: 1,
            offset: 0,
            severity: Some(Severity::Low),
        },
    );
    cl106_passes: case("CL106", nothing, Expect::Pass);
    cl107_fails_1: case(
        "CL107",
        |c| {
            props(c)["agentPoolProfiles"][0]["enableAutoScaling"] = json!(false);
            props(c)["agentPoolProfiles"][1]["enableAutoScaling"] = json!(false);
        },
        fail("aks-test", "\"enableAutoScaling\""),
    );
    cl107_fails_2: case(
        "CL107",
        |c| {
            props(c)["agentPoolProfiles"][0]["availabilityZones"] = Value::Null;
            props(c)["agentPoolProfiles"][1]["availabilityZones"] = json!(["1"]);
        },
        fail("aks-test", "\"availabilityZones\": null"),
    );
    cl107_passes: case("CL107", nothing, Expect::Pass);
    cl108_fails: case(
        "CL108",
        |c| c["sku"]["tier"] = json!("free"),
        fail("aks-test", "\"tier\""),
    );
    cl108_passes: case("CL108", nothing, Expect::Pass);
    cl108_not_applicable: case(
        "CL108",
        |c| c["tags"] = json!({"environment": "dev"}),
        Expect::NotApplicable,
    );
    cl109_fails: case(
        "CL109",
        |c| props(c)["securityProfile"]["imageCleaner"]["enabled"] = json!("false"),
        fail("aks-test", "\"enabled\": \"false\""),
    );
    cl109_passes: case("CL109", nothing, Expect::Pass);
    cl110_fails_1: case(
        "CL110",
        |c| props(c)["agentPoolProfiles"][1]["osSKU"] = json!("Windows2019"),
        fail("aks-test/user", "\"osSKU\": \"Windows2019\""),
    );
    cl110_fails_2: case(
        "CL110",
        |c| {
            props(c)["currentKubernetesVersion"] = json!("1.31.3");
            props(c)["agentPoolProfiles"][0]["osSKU"] = json!("AzureLinux");
        },
        fail("aks-test/system", "\"osSKU\": \"AzureLinux\""),
    );
    cl110_unknown: case(
        "CL110",
        |c| {
            // Without an osSKU the OS type picks the default image.
            let pool = &mut props(c)["agentPoolProfiles"][1];
            pool.as_object_mut().unwrap().remove("osSKU");
            pool["osType"] = json!(["Windows"]);
        },
        Expect::Unknown {
            resource: None,
            marker: "\"osType\": [",
        },
    );
    cl110_unknown_pool_version: case(
        "CL110",
        |c| {
            // A pool's own version that the input cannot tell is not the
            // control plane's: pools lag behind it.
            props(c)["currentKubernetesVersion"] = json!("1.31.3");
            let pool = &mut props(c)["agentPoolProfiles"][0];
            pool["osSKU"] = json!("AzureLinux");
            pool["orchestratorVersion"] = json!(["1.31.3"]);
        },
        Expect::Unknown {
            resource: None,
            marker: "\"osSKU\": \"AzureLinux\"",
        },
    );
    cl110_passes: case("CL110", nothing, Expect::Pass);
}

cases! {
    auth_rules;
    au101_fails: case(
        "AU101",
        |c| props(c)["enableRBAC"] = json!(false),
        fail("aks-test", "\"enableRBAC\""),
    );
    au101_passes: case(
        "AU101",
        |c| {
            props(c).as_object_mut().unwrap().remove("enableRBAC");
        },
        Expect::Pass,
    );
    au102_fails_1: case(
        "AU102",
        |c| props(c)["aadProfile"] = Value::Null,
        fail("aks-test", "\"aadProfile\": null"),
    );
    au102_fails_2: case(
        "AU102",
        |c| props(c)["aadProfile"] = json!({"serverAppID": "app", "clientAppID": "client"}),
        fail("aks-test", "\"aadProfile\""),
    );
    au102_passes: case("AU102", nothing, Expect::Pass);
    au103_fails_1: case(
        "AU103",
        |c| props(c)["disableLocalAccounts"] = json!(false),
        fail("aks-test", "\"disableLocalAccounts\""),
    );
    au103_fails_2: case(
        "AU103",
        |c| {
            props(c)
                .as_object_mut()
                .unwrap()
                .remove("disableLocalAccounts");
        },
        fail("aks-test", "\"properties\""),
    );
    au103_passes: case("AU103", nothing, Expect::Pass);
    au104_fails: case(
        "AU104",
        |c| props(c)["aadProfile"]["enableAzureRBAC"] = json!(false),
        fail("aks-test", "\"enableAzureRBAC\""),
    );
    au104_passes: case("AU104", nothing, Expect::Pass);
    au104_not_applicable: case(
        "AU104",
        |c| props(c)["aadProfile"] = Value::Null,
        Expect::NotApplicable,
    );
    au105_fails: case(
        "AU105",
        |c| {
            c["identity"] = Value::Null;
            props(c)["servicePrincipalProfile"] =
                json!({"clientId": "3f6c9d2e-8a41-4b7c-9e05-2d1a7b8c6f40"});
        },
        fail("aks-test", "\"clientId\""),
    );
    au105_passes: case(
        "AU105",
        |c| props(c)["servicePrincipalProfile"] = json!({"clientId": "msi"}),
        Expect::Pass,
    );
    au105_unknown: case(
        "AU105",
        |c| c["identity"] = Value::Null,
        Expect::Unknown {
            resource: None,
            marker: "\"identity\": null",
        },
    );
    au106_fails_1: case(
        "AU106",
        |c| {
            props(c)["addonProfiles"]["azureKeyvaultSecretsProvider"]["config"]["enableSecretRotation"] =
                json!("false")
        },
        fail("aks-test", "\"enableSecretRotation\""),
    );
    au106_fails_2: case(
        "AU106",
        |c| {
            props(c)["addonProfiles"]
                .as_object_mut()
                .unwrap()
                .remove("azureKeyvaultSecretsProvider");
        },
        fail("aks-test", "\"addonProfiles\""),
    );
    au106_passes: case("AU106", nothing, Expect::Pass);
    au107_fails_1: case(
        "AU107",
        |c| props(c)["podIdentityProfile"] = json!({"enabled": "yes"}),
        fail("aks-test", "\"enabled\": \"yes\""),
    );
    au107_fails_2: case(
        "AU107",
        |c| props(c)["oidcIssuerProfile"] = Value::Null,
        fail("aks-test", "\"oidcIssuerProfile\": null"),
    );
    au107_passes: case("AU107", nothing, Expect::Pass);
    au108_fails: case(
        "AU108",
        |c| props(c)["apiServerAccessProfile"]["disableRunCommand"] = json!(false),
        fail("aks-test", "\"disableRunCommand\""),
    );
    au108_passes: case("AU108", nothing, Expect::Pass);
    au108_not_applicable: case("AU108", public, Expect::NotApplicable);
    au109_fails: case(
        "AU109",
        |c| {
            props(c)["linuxProfile"] = json!({"adminUsername": "azureuser", "ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAA"}]}});
            props(c)["agentPoolProfiles"][1]["securityProfile"]["sshAccess"] =
                json!("LocalUser");
        },
        fail("aks-test", "\"publicKeys\""),
    );
    au109_passes_1: case(
        "AU109",
        |c| props(c)["linuxProfile"] = json!({"adminUsername": "azureuser", "ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAA"}]}}),
        Expect::Pass,
    );
    au109_unknown: case(
        "AU109",
        |c| {
            props(c)["linuxProfile"] = json!({"adminUsername": "azureuser", "ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAA"}]}});
            props(c)["agentPoolProfiles"][1]["securityProfile"]["sshAccess"] =
                json!(["Disabled"]);
        },
        Expect::Unknown {
            resource: None,
            marker: "\"sshAccess\": [",
        },
    );
    au109_passes_2: case("AU109", nothing, Expect::Pass);
}

/// The organisation's attestations, the balance rules and what only a
/// declaration leaves open.
fn local_accounts_off_without_a_way_in(c: &mut Value) {
    props(c)["aadProfile"] = json!({"managed": true, "enableAzureRBAC": false});
}

fn ranges(c: &mut Value) {
    props(c)["apiServerAccessProfile"] = json!({"authorizedIPRanges": ["203.0.113.0/24"]});
}

cases! {
    attestations_and_balance;
    cn001_fails_at_the_policy_files_attestations: Case {
        config: UNATTESTED,
        lines_in_config: true,
        ..case("CN001", nothing, fail("aks-test", "attestations:"))
    };
    cn001_passes: Case {
        config: ATTESTED,
        ..case("CN001", nothing, Expect::Pass)
    };
    cn002_fails_at_the_policy_files_attestations: Case {
        config: UNATTESTED,
        lines_in_config: true,
        ..case("CN002", nothing, fail("aks-test", "attestations:"))
    };
    cn002_passes: Case {
        config: ATTESTED,
        ..case("CN002", nothing, Expect::Pass)
    };
    cn002_not_applicable: case("CN002", public, Expect::NotApplicable);
    au001_fails_at_the_policy_files_attestations: Case {
        config: UNATTESTED,
        lines_in_config: true,
        ..case("AU001", nothing, fail("aks-test", "attestations:"))
    };
    au001_passes: Case {
        config: ATTESTED,
        ..case("AU001", nothing, Expect::Pass)
    };
    au901_fails: case(
        "AU901",
        local_accounts_off_without_a_way_in,
        fail("aks-test", "\"disableLocalAccounts\""),
    );
    au901_passes: case("AU901", nothing, Expect::Pass);
    au901_not_applicable: case(
        "AU901",
        |c| props(c)["disableLocalAccounts"] = json!(false),
        Expect::NotApplicable,
    );
    cn902_fails: Case {
        config: "organisation:\n  admin_cidrs: [198.51.100.0/29]\n",
        ..case("CN902", ranges, fail("aks-test", "\"authorizedIPRanges\""))
    };
    cn902_passes: Case {
        config: NETWORKS_INSIDE,
        ..case("CN902", ranges, Expect::Pass)
    };
    cn902_not_applicable: Case {
        config: NETWORKS_INSIDE,
        ..case("CN902", nothing, Expect::NotApplicable)
    };
    cl101_fails_on_a_node_pool_that_pins_an_old_version: case(
        "CL101",
        |c| pool_version(c, "1.28.9"),
        fail("aks-test/system", "\"orchestratorVersion\""),
    );
    cl111_fails_four_minors_behind: case(
        "CL111",
        |c| pool_version(c, "1.31.1"),
        fail("aks-test/system", "\"orchestratorVersion\""),
    );
    cl111_fails_ahead_of_the_control_plane: case(
        "CL111",
        |c| pool_version(c, "1.36.0"),
        fail("aks-test/system", "\"orchestratorVersion\""),
    );
    cl111_passes_three_minors_behind: case(
        "CL111",
        |c| pool_version(c, "1.32.4"),
        Expect::Pass,
    );
    cl111_not_applicable_when_the_pool_runs_the_clusters_version: case(
        "CL111",
        nothing,
        Expect::NotApplicable,
    );
    au101_fails_in_a_template_before_2019_without_enable_rbac: Case {
        template: true,
        ..case(
            "AU101",
            |c| {
                props(c).as_object_mut().unwrap().remove("enableRBAC");
                c["apiVersion"] = json!("2018-03-31");
            },
            fail("aks-test", "\"properties\""),
        )
    };
    au101_passes_in_a_2019_template_without_enable_rbac: Case {
        template: true,
        ..case(
            "AU101",
            |c| {
                props(c).as_object_mut().unwrap().remove("enableRBAC");
                c["apiVersion"] = json!("2019-02-01");
            },
            Expect::Pass,
        )
    };
    cl101_not_applicable_without_a_pinned_version_in_a_template: Case {
        template: true,
        ..case(
            "CL101",
            |c| {
                props(c).as_object_mut().unwrap().remove("currentKubernetesVersion");
            },
            Expect::NotApplicable,
        )
    };
}

pub fn summaries() -> Vec<(&'static str, crate::Expected)> {
    [
        connectivity_rules(),
        cluster_rules(),
        auth_rules(),
        attestations_and_balance(),
        peer_cluster_rules(),
    ]
    .concat()
}

/// Removes the surroundings of `type` from [`around`].
fn without(around: &mut Value, arm_type: &str) {
    around
        .as_array_mut()
        .unwrap()
        .retain(|r| r["type"] != arm_type);
}

const CL_ATTESTED: &str = "attestations:
  - code: CL001
    statement: Ratify verifies Notation signatures at admission
    owner: platform@example.com
    reviewed: 2026-10-01
    valid_for: 180
  - code: CL002
    statement: Webhooks reviewed
    owner: platform@example.com
    reviewed: 2026-10-01
    valid_for: 90
  - code: CL003
    statement: Tenants run in separate clusters
    owner: platform@example.com
    reviewed: 2026-10-01
    valid_for: 365
";

cases! {
    peer_cluster_rules;
    cn109_fails: case(
        "CN109",
        |c| props(c)["addonProfiles"]["kubeDashboard"] = json!({"enabled": true}),
        Expect::Fail { resource: "aks-test", marker: "\"kubeDashboard\"", nth: 1, offset: 1, severity: None },
    );
    cn109_passes: case("CN109", nothing, Expect::Pass);
    cl112_fails_on_a_setting_without_the_audit_log: Case {
        around: |a| a[0]["properties"]["logs"] = json!([{"category": "kube-apiserver", "enabled": true}]),
        lines_in_around: true,
        ..case("CL112", nothing, Expect::Fail { resource: "aks-test", marker: "diagnosticSettings/audit\"", nth: 1, offset: -1, severity: None })
    };
    cl112_passes: case("CL112", nothing, Expect::Pass);
    cl112_unknown_without_diagnostic_settings: Case {
        around: |a| without(a, "Microsoft.Insights/diagnosticSettings"),
        ..case("CL112", nothing, Expect::Unknown { resource: Some("aks-test"), marker: "{" })
    };
    cl113_fails_without_the_node_os_window: Case {
        around: |a| a.as_array_mut().unwrap().remove(2).as_null().unwrap_or(()),
        ..case("CL113", nothing, fail("aks-test", "\"nodeOSUpgradeChannel\""))
    };
    cl113_passes: case("CL113", nothing, Expect::Pass);
    cl113_not_applicable_outside_production: case(
        "CL113",
        |c| c["tags"] = json!({"environment": "dev"}),
        Expect::NotApplicable,
    );
    cl113_unknown_without_maintenance_configurations: Case {
        around: |a| without(a, "Microsoft.ContainerService/managedClusters/maintenanceConfigurations"),
        ..case("CL113", nothing, Expect::Unknown { resource: Some("aks-test"), marker: "\"upgradeChannel\"" })
    };
    cl114_fails: case(
        "CL114",
        |c| {
            props(c)["agentPoolProfiles"][0].as_object_mut().unwrap().remove("nodeTaints");
        },
        Expect::Fail { resource: "aks-test", marker: "\"agentPoolProfiles\"", nth: 1, offset: 1, severity: None },
    );
    cl114_passes: case("CL114", nothing, Expect::Pass);
    cl114_passes_with_a_no_execute_taint: case(
        "CL114",
        |c| props(c)["agentPoolProfiles"][0]["nodeTaints"] = json!(["CriticalAddonsOnly=true:NoExecute"]),
        Expect::Pass,
    );
    cl114_not_applicable_without_user_pools: case(
        "CL114",
        |c| {
            props(c)["agentPoolProfiles"].as_array_mut().unwrap().pop();
        },
        Expect::NotApplicable,
    );
    cl115_fails: case(
        "CL115",
        |c| props(c)["agentPoolProfiles"][1]["osDiskType"] = json!("Managed"),
        fail("aks-test/user", "\"osDiskType\": \"Managed\""),
    );
    cl115_passes: case("CL115", nothing, Expect::Pass);
    cl116_fails: case(
        "CL116",
        |c| props(c)["agentPoolProfiles"][1]["maxPods"] = json!(30),
        fail("aks-test/user", "\"maxPods\": 30"),
    );
    cl116_passes: case("CL116", nothing, Expect::Pass);
    cl117_fails: case(
        "CL117",
        |c| props(c)["agentPoolProfiles"][1]["type"] = json!("AvailabilitySet"),
        fail("aks-test/user", "\"AvailabilitySet\""),
    );
    cl117_passes: case("CL117", nothing, Expect::Pass);
    cl302_fails_on_a_free_resource_manager_plan: Case {
        around: |a| a[3]["properties"]["pricingTier"] = json!("Free"),
        lines_in_around: true,
        ..case("CL302", nothing, fail("aks-test", "\"pricingTier\": \"Free\""))
    };
    cl302_passes: case("CL302", nothing, Expect::Pass);
    au303_fails: Case {
        around: |a| a[4]["properties"]["roleDefinitionId"] = json!("/providers/Microsoft.Authorization/roleDefinitions/8311e382-0749-4cb8-b61a-304f252e45ec"),
        lines_in_around: true,
        ..case("AU303", nothing, Expect::Fail { resource: "aks-test", marker: "roleAssignments/pull", nth: 1, offset: -1, severity: None })
    };
    au303_passes: case("AU303", nothing, Expect::Pass);
    au303_unknown_without_the_kubelet_identity: case(
        "AU303",
        |c| {
            props(c).as_object_mut().unwrap().remove("identityProfile");
        },
        Expect::Unknown { resource: Some("aks-test"), marker: "\"properties\"" },
    );
    au303_not_applicable_with_a_service_principal: case(
        "AU303",
        |c| {
            props(c).as_object_mut().unwrap().remove("identityProfile");
            c.as_object_mut().unwrap().remove("identity");
            props(c)["servicePrincipalProfile"] = json!({"clientId": "3f2b0000-0000-0000-0000-00000000a1b2"});
        },
        Expect::NotApplicable,
    );
    cl001_fails_at_the_policy_files_attestations: Case {
        config: UNATTESTED,
        lines_in_config: true,
        ..case("CL001", nothing, fail("aks-test", "attestations:"))
    };
    cl001_passes: Case {
        config: CL_ATTESTED,
        ..case("CL001", nothing, Expect::Pass)
    };
    cl002_fails_at_the_policy_files_attestations: Case {
        config: UNATTESTED,
        lines_in_config: true,
        ..case("CL002", nothing, fail("aks-test", "attestations:"))
    };
    cl002_passes: Case {
        config: CL_ATTESTED,
        ..case("CL002", nothing, Expect::Pass)
    };
    cl003_fails_at_the_policy_files_attestations: Case {
        config: UNATTESTED,
        lines_in_config: true,
        ..case("CL003", nothing, fail("aks-test", "attestations:"))
    };
    cl003_passes: Case {
        config: CL_ATTESTED,
        ..case("CL003", nothing, Expect::Pass)
    };
    cl106_passes_with_infrastructure_encryption_instead_of_kms: case(
        "CL106",
        |c| {
            let security = &mut props(c)["securityProfile"];
            security.as_object_mut().unwrap().remove("azureKeyVaultKms");
            security["kubernetesResourceObjectEncryptionProfile"] = json!({"infrastructureEncryption": "Enabled"});
        },
        Expect::Pass,
    );
}
