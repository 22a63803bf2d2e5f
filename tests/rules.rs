//! Every 1xx rule: a failing, a passing and (where the rule has a
//! precondition) a not-applicable or unknown case, each asserting the exact
//! code, resource and line.
//!
//! Each case patches a hardened cluster (which passes every rule), writes it
//! as an ARM/REST resource, and scans it. Expected lines are found from a
//! marker text in the written file, so a test names the field it expects a
//! finding on rather than a number that drifts.

mod support;

use chanto::load::LoadOptions;
use chanto::model::Subject;
use chanto::rules::{Severity, Verdict};
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
                 "securityProfile": {"sshAccess": "Disabled"}},
                {"name": "user", "mode": "User", "osType": "Linux", "osSKU": "Ubuntu", "enableAutoScaling": true,
                 "availabilityZones": ["1", "2"], "enableEncryptionAtHost": true, "enableNodePublicIP": false,
                 "securityProfile": {"sshAccess": "Disabled"}}
            ],
            "addonProfiles": {
                "azurepolicy": {"enabled": true},
                "azureKeyvaultSecretsProvider": {"enabled": true, "config": {"enableSecretRotation": "true"}}
            },
            "autoUpgradeProfile": {"upgradeChannel": "stable", "nodeOSUpgradeChannel": "NodeImage"},
            "oidcIssuerProfile": {"enabled": true},
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

#[derive(Debug)]
enum Expect {
    /// A finding on `resource` at the line holding `marker` (its `nth`
    /// occurrence, from 1), with the given severity when `Some`.
    Fail {
        resource: &'static str,
        marker: &'static str,
        nth: usize,
        severity: Option<Severity>,
    },
    Pass,
    NotApplicable,
    Unknown {
        marker: &'static str,
    },
}

fn fail(resource: &'static str, marker: &'static str) -> Expect {
    Expect::Fail {
        resource,
        marker,
        nth: 1,
        severity: None,
    }
}

struct Case {
    code: &'static str,
    patch: fn(&mut Value),
    expect: Expect,
    as_of: &'static str,
}

fn case(code: &'static str, patch: fn(&mut Value), expect: Expect) -> Case {
    Case {
        code,
        patch,
        expect,
        as_of: AS_OF,
    }
}

fn nothing(_: &mut Value) {}

fn line_of(text: &str, marker: &str, nth: usize) -> u32 {
    support::nth_line_of(text, marker, nth)
}

fn run(case: &Case) {
    let mut cluster = hardened();
    (case.patch)(&mut cluster);
    let text = serde_json::to_string_pretty(&cluster).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cluster.json");
    std::fs::write(&path, &text).unwrap();
    let result = scan(&ScanOptions {
        paths: vec![path],
        as_of: case.as_of.parse().unwrap(),
        selection: Selection {
            select: vec![case.code.into()],
            ignore: vec![],
        },
        rules: Default::default(),
        policy: Default::default(),
        load: LoadOptions::default(),
        config: None,
    });
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    let outcomes: Vec<_> = result
        .outcomes
        .iter()
        .filter(|o| o.rule.code == case.code)
        .collect();
    let tally = result
        .tallies
        .iter()
        .find(|(c, _)| *c == case.code)
        .map(|(_, t)| *t)
        .unwrap_or_default();
    assert!(
        !outcomes.is_empty() || tally.passed + tally.not_applicable > 0,
        "{} evaluated nothing",
        case.code
    );
    let name = |s: Subject| result.inventory.resource(s).name;
    let context = || {
        format!(
            "{} expecting {:?}; got {outcomes:#?}",
            case.code, case.expect
        )
    };
    match &case.expect {
        Expect::Fail {
            resource,
            marker,
            nth,
            severity,
        } => {
            let line = line_of(&text, marker, *nth);
            let hit = outcomes.iter().find(|o| {
                matches!(&o.evaluation.verdict, Verdict::Fail { loc, .. } if loc.line == line)
                    && name(o.evaluation.subject) == *resource
            });
            let hit = hit.unwrap_or_else(|| panic!("no finding at line {line}: {}", context()));
            if let (Some(want), Verdict::Fail { severity: got, .. }) =
                (severity, &hit.evaluation.verdict)
            {
                assert_eq!(got.unwrap_or(hit.rule.severity), *want, "{}", context());
            }
        }
        Expect::Pass => assert!(
            outcomes.is_empty() && tally.passed > 0 && tally.not_applicable == 0,
            "{}",
            context()
        ),
        Expect::NotApplicable => assert!(
            outcomes.is_empty() && tally.not_applicable > 0 && tally.passed == 0,
            "{}",
            context()
        ),
        Expect::Unknown { marker } => {
            let line = line_of(&text, marker, 1);
            assert!(
                outcomes.iter().any(
                    |o| matches!(&o.evaluation.verdict, Verdict::Unknown { loc, .. } if loc.line == line)
                ),
                "no unknown at line {line}: {}",
                context()
            );
        }
    }
}

fn props(c: &mut Value) -> &mut Value {
    &mut c["properties"]
}

fn public(c: &mut Value) {
    props(c)["apiServerAccessProfile"] = json!({"enablePrivateCluster": false});
}

#[test]
fn hardened_cluster_passes_every_rule_that_applies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cluster.json");
    std::fs::write(&path, serde_json::to_string_pretty(&hardened()).unwrap()).unwrap();
    let result = scan(&ScanOptions {
        paths: vec![path],
        as_of: AS_OF.parse().unwrap(),
        // Attestations (CN0, AU0) come from the policy file, and CN901
        // follows the egress path through resources this cluster lacks:
        // both are tested apart (tests/policy.rs, tests/azure.rs).
        selection: Selection {
            select: vec![],
            ignore: vec!["CN0".into(), "AU0".into(), "CN901".into()],
        },
        rules: Default::default(),
        policy: Default::default(),
        load: LoadOptions::default(),
        config: None,
    });
    assert_eq!(result.inventory.clusters.len(), 1);
    assert_eq!(result.inventory.pools.len(), 2);
    let evaluated: Vec<_> = result
        .tallies
        .iter()
        .filter(|(_, t)| t.passed + t.not_applicable > 0)
        .collect();
    assert_eq!(
        evaluated.len(),
        29,
        "every 1xx and 9xx rule evaluates the cluster: {evaluated:?}"
    );
    let findings: Vec<_> = result
        .outcomes
        .iter()
        .map(|o| (o.rule.code, &o.evaluation.verdict))
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
    for (code, tally) in evaluated {
        let private = ["CN101", "CN102", "CN902"].contains(code);
        assert_eq!(tally.not_applicable > 0, private, "{code}: {tally:?}");
        assert_eq!(tally.passed > 0, !private, "{code}: {tally:?}");
    }
}

#[test]
fn connectivity_rules() {
    let cases = [
        case(
            "CN101",
            public,
            fail("aks-test", "\"apiServerAccessProfile\""),
        ),
        case(
            "CN101",
            |c| {
                props(c)["apiServerAccessProfile"] =
                    json!({"authorizedIPRanges": ["203.0.113.0/24"]})
            },
            Expect::Pass,
        ),
        case("CN101", nothing, Expect::NotApplicable),
        case(
            "CN101",
            |c| props(c)["apiServerAccessProfile"] = json!({"enablePrivateCluster": "perhaps"}),
            Expect::Unknown {
                marker: "\"enablePrivateCluster\"",
            },
        ),
        case(
            "CN101",
            |c| props(c)["publicNetworkAccess"] = json!("Disabled"),
            Expect::NotApplicable,
        ),
        case(
            "CN102",
            |c| {
                props(c)["apiServerAccessProfile"] =
                    json!({"authorizedIPRanges": ["203.0.113.0/24", "0.0.0.0/0"]})
            },
            fail("aks-test", "\"authorizedIPRanges\""),
        ),
        case(
            "CN102",
            |c| {
                props(c)["apiServerAccessProfile"] =
                    json!({"authorizedIPRanges": ["203.0.113.0/24", "10.0.0.0/8"]})
            },
            Expect::Pass,
        ),
        case("CN102", nothing, Expect::NotApplicable),
        case(
            "CN103",
            |c| props(c)["apiServerAccessProfile"]["enablePrivateClusterPublicFQDN"] = json!(true),
            fail("aks-test", "\"enablePrivateClusterPublicFQDN\": true"),
        ),
        case("CN103", nothing, Expect::Pass),
        case("CN103", public, Expect::NotApplicable),
        case(
            "CN104",
            |c| props(c)["agentPoolProfiles"][1]["enableNodePublicIP"] = json!(true),
            fail("aks-test/user", "\"enableNodePublicIP\": true"),
        ),
        case("CN104", nothing, Expect::Pass),
        case(
            "CN105",
            |c| props(c)["networkProfile"]["outboundType"] = json!("loadBalancer"),
            fail("aks-test", "\"outboundType\""),
        ),
        case(
            "CN105",
            |c| {
                props(c)["networkProfile"]
                    .as_object_mut()
                    .unwrap()
                    .remove("outboundType");
            },
            fail("aks-test", "\"networkProfile\""),
        ),
        case("CN105", nothing, Expect::Pass),
        case(
            "CN106",
            |c| props(c)["networkProfile"]["networkPolicy"] = json!("None"),
            fail("aks-test", "\"networkPolicy\""),
        ),
        case(
            "CN106",
            |c| props(c)["networkProfile"]["networkPolicy"] = Value::Null,
            fail("aks-test", "\"networkPolicy\": null"),
        ),
        case("CN106", nothing, Expect::Pass),
        case(
            "CN106",
            |c| props(c)["networkProfile"]["networkPlugin"] = json!("none"),
            Expect::Unknown {
                marker: "\"networkPlugin\"",
            },
        ),
        case(
            "CN107",
            |c| props(c)["addonProfiles"]["HTTPApplicationRouting"] = json!({"enabled": "true"}),
            fail("aks-test", "\"enabled\": \"true\""),
        ),
        case("CN107", nothing, Expect::Pass),
        case(
            "CN108",
            |c| props(c)["networkProfile"]["networkPlugin"] = json!("kubenet"),
            fail("aks-test", "\"networkPlugin\""),
        ),
        case("CN108", nothing, Expect::Pass),
        case(
            "CN108",
            |c| {
                props(c)["networkProfile"]
                    .as_object_mut()
                    .unwrap()
                    .remove("networkPlugin");
            },
            Expect::Unknown {
                marker: "\"networkProfile\"",
            },
        ),
    ];
    cases.iter().for_each(run);
}

#[test]
fn cluster_rules() {
    let cases = [
        case(
            "CL101",
            |c| props(c)["currentKubernetesVersion"] = json!("1.29.2"),
            fail("aks-test", "\"currentKubernetesVersion\""),
        ),
        case(
            "CL101",
            |c| props(c)["currentKubernetesVersion"] = json!("1.34.3"),
            Expect::Fail {
                resource: "aks-test",
                marker: "\"currentKubernetesVersion\"",
                nth: 1,
                severity: Some(Severity::Medium),
            },
        ),
        case(
            "CL101",
            |c| props(c)["currentKubernetesVersion"] = json!("1.22.1"),
            fail("aks-test", "\"currentKubernetesVersion\""),
        ),
        Case {
            as_of: "2026-06-01",
            ..case(
                "CL101",
                |c| {
                    props(c)["currentKubernetesVersion"] = json!("1.31.5");
                    props(c)["supportPlan"] = json!("AKSLongTermSupport");
                },
                Expect::Pass,
            )
        },
        case("CL101", nothing, Expect::Pass),
        case(
            "CL101",
            |c| props(c)["currentKubernetesVersion"] = json!("1.99.0"),
            Expect::Unknown {
                marker: "\"currentKubernetesVersion\"",
            },
        ),
        case(
            "CL102",
            |c| props(c)["autoUpgradeProfile"] = json!({"nodeOSUpgradeChannel": "NodeImage"}),
            fail("aks-test", "\"autoUpgradeProfile\""),
        ),
        case(
            "CL102",
            |c| props(c)["autoUpgradeProfile"]["upgradeChannel"] = json!("node-image"),
            fail("aks-test", "\"upgradeChannel\""),
        ),
        case("CL102", nothing, Expect::Pass),
        case(
            "CL103",
            |c| props(c)["autoUpgradeProfile"]["nodeOSUpgradeChannel"] = json!("None"),
            fail("aks-test", "\"nodeOSUpgradeChannel\""),
        ),
        case(
            "CL103",
            |c| props(c)["autoUpgradeProfile"]["nodeOSUpgradeChannel"] = json!("unmanaged"),
            fail("aks-test", "\"nodeOSUpgradeChannel\""),
        ),
        case(
            "CL103",
            |c| props(c)["autoUpgradeProfile"] = json!({"upgradeChannel": "stable"}),
            fail("aks-test", "\"autoUpgradeProfile\""),
        ),
        case("CL103", nothing, Expect::Pass),
        case(
            "CL104",
            |c| props(c)["securityProfile"]["defender"] = Value::Null,
            fail("aks-test", "\"defender\": null"),
        ),
        case(
            "CL104",
            |c| props(c)["securityProfile"]["defender"] = json!({}),
            fail("aks-test", "\"defender\""),
        ),
        case(
            "CL104",
            |c| {
                props(c)["securityProfile"]["defender"] = Value::Null;
                props(c)["securityProfile"]["azureDefender"] = json!({"enabled": true});
            },
            Expect::Pass,
        ),
        case(
            "CL105",
            |c| props(c)["addonProfiles"]["azurepolicy"]["enabled"] = json!(false),
            fail("aks-test", "\"enabled\": false"),
        ),
        case(
            "CL105",
            |c| {
                let addons = props(c)["addonProfiles"].as_object_mut().unwrap();
                addons.remove("azurepolicy");
                addons.insert("azurePolicy".into(), json!({"enabled": true}));
            },
            Expect::Pass,
        ),
        case(
            "CL106",
            |c| props(c)["agentPoolProfiles"][1]["enableEncryptionAtHost"] = json!(false),
            fail("aks-test/user", "\"enableEncryptionAtHost\": false"),
        ),
        case(
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
                severity: Some(Severity::Low),
            },
        ),
        case("CL106", nothing, Expect::Pass),
        case(
            "CL107",
            |c| {
                props(c)["agentPoolProfiles"][0]["enableAutoScaling"] = json!(false);
                props(c)["agentPoolProfiles"][1]["enableAutoScaling"] = json!(false);
            },
            fail("aks-test", "\"enableAutoScaling\""),
        ),
        case(
            "CL107",
            |c| {
                props(c)["agentPoolProfiles"][0]["availabilityZones"] = Value::Null;
                props(c)["agentPoolProfiles"][1]["availabilityZones"] = json!(["1"]);
            },
            fail("aks-test", "\"availabilityZones\": null"),
        ),
        case("CL107", nothing, Expect::Pass),
        case(
            "CL108",
            |c| c["sku"]["tier"] = json!("free"),
            fail("aks-test", "\"tier\""),
        ),
        case("CL108", nothing, Expect::Pass),
        case(
            "CL108",
            |c| c["tags"] = json!({"environment": "dev"}),
            Expect::NotApplicable,
        ),
        case(
            "CL109",
            |c| props(c)["securityProfile"]["imageCleaner"]["enabled"] = json!("false"),
            fail("aks-test", "\"enabled\": \"false\""),
        ),
        case("CL109", nothing, Expect::Pass),
        case(
            "CL110",
            |c| props(c)["agentPoolProfiles"][1]["osSKU"] = json!("Windows2019"),
            fail("aks-test/user", "\"osSKU\": \"Windows2019\""),
        ),
        case(
            "CL110",
            |c| {
                props(c)["currentKubernetesVersion"] = json!("1.31.3");
                props(c)["agentPoolProfiles"][0]["osSKU"] = json!("AzureLinux");
            },
            fail("aks-test/system", "\"osSKU\": \"AzureLinux\""),
        ),
        case(
            "CL110",
            |c| {
                // Without an osSKU the OS type picks the default image.
                let pool = &mut props(c)["agentPoolProfiles"][1];
                pool.as_object_mut().unwrap().remove("osSKU");
                pool["osType"] = json!(["Windows"]);
            },
            Expect::Unknown {
                marker: "\"osType\": [",
            },
        ),
        case("CL110", nothing, Expect::Pass),
    ];
    cases.iter().for_each(run);
}

#[test]
fn auth_rules() {
    let cases = [
        case(
            "AU101",
            |c| props(c)["enableRBAC"] = json!(false),
            fail("aks-test", "\"enableRBAC\""),
        ),
        case(
            "AU101",
            |c| {
                props(c).as_object_mut().unwrap().remove("enableRBAC");
            },
            Expect::Pass,
        ),
        case(
            "AU102",
            |c| props(c)["aadProfile"] = Value::Null,
            fail("aks-test", "\"aadProfile\": null"),
        ),
        case(
            "AU102",
            |c| props(c)["aadProfile"] = json!({"serverAppID": "app", "clientAppID": "client"}),
            fail("aks-test", "\"aadProfile\""),
        ),
        case("AU102", nothing, Expect::Pass),
        case(
            "AU103",
            |c| props(c)["disableLocalAccounts"] = json!(false),
            fail("aks-test", "\"disableLocalAccounts\""),
        ),
        case(
            "AU103",
            |c| {
                props(c)
                    .as_object_mut()
                    .unwrap()
                    .remove("disableLocalAccounts");
            },
            fail("aks-test", "\"properties\""),
        ),
        case("AU103", nothing, Expect::Pass),
        case(
            "AU104",
            |c| props(c)["aadProfile"]["enableAzureRBAC"] = json!(false),
            fail("aks-test", "\"enableAzureRBAC\""),
        ),
        case("AU104", nothing, Expect::Pass),
        case(
            "AU104",
            |c| props(c)["aadProfile"] = Value::Null,
            Expect::NotApplicable,
        ),
        case(
            "AU105",
            |c| {
                c["identity"] = Value::Null;
                props(c)["servicePrincipalProfile"] =
                    json!({"clientId": "3f6c9d2e-8a41-4b7c-9e05-2d1a7b8c6f40"});
            },
            fail("aks-test", "\"clientId\""),
        ),
        case(
            "AU105",
            |c| props(c)["servicePrincipalProfile"] = json!({"clientId": "msi"}),
            Expect::Pass,
        ),
        case(
            "AU105",
            |c| c["identity"] = Value::Null,
            Expect::Unknown {
                marker: "\"identity\": null",
            },
        ),
        case(
            "AU106",
            |c| {
                props(c)["addonProfiles"]["azureKeyvaultSecretsProvider"]["config"]["enableSecretRotation"] =
                    json!("false")
            },
            fail("aks-test", "\"enableSecretRotation\""),
        ),
        case(
            "AU106",
            |c| {
                props(c)["addonProfiles"]
                    .as_object_mut()
                    .unwrap()
                    .remove("azureKeyvaultSecretsProvider");
            },
            fail("aks-test", "\"addonProfiles\""),
        ),
        case("AU106", nothing, Expect::Pass),
        case(
            "AU107",
            |c| props(c)["podIdentityProfile"] = json!({"enabled": "yes"}),
            fail("aks-test", "\"enabled\": \"yes\""),
        ),
        case(
            "AU107",
            |c| props(c)["oidcIssuerProfile"] = Value::Null,
            fail("aks-test", "\"oidcIssuerProfile\": null"),
        ),
        case("AU107", nothing, Expect::Pass),
        case(
            "AU108",
            |c| props(c)["apiServerAccessProfile"]["disableRunCommand"] = json!(false),
            fail("aks-test", "\"disableRunCommand\""),
        ),
        case("AU108", nothing, Expect::Pass),
        case("AU108", public, Expect::NotApplicable),
        case(
            "AU109",
            |c| {
                props(c)["linuxProfile"] = json!({"adminUsername": "azureuser", "ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAA"}]}});
                props(c)["agentPoolProfiles"][1]["securityProfile"]["sshAccess"] =
                    json!("LocalUser");
            },
            fail("aks-test", "\"publicKeys\""),
        ),
        case(
            "AU109",
            |c| props(c)["linuxProfile"] = json!({"adminUsername": "azureuser", "ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAA"}]}}),
            Expect::Pass,
        ),
        case(
            "AU109",
            |c| {
                props(c)["linuxProfile"] = json!({"adminUsername": "azureuser", "ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAA"}]}});
                props(c)["agentPoolProfiles"][1]["securityProfile"]["sshAccess"] =
                    json!(["Disabled"]);
            },
            Expect::Unknown {
                marker: "\"sshAccess\": [",
            },
        ),
        case("AU109", nothing, Expect::Pass),
    ];
    cases.iter().for_each(run);
}
