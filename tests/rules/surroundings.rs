//! Adjacent Azure resources (issue 5): the 3xx rules, the egress balance
//! check CN901 and CN202's Application Gateway, each case asserting the
//! exact code, resource and the line of the field that decides it.
//!
//! Most cases start from `examples/secure-baseline` (modelled on the AKS
//! secure baseline: hub firewall with the FQDN tag, private endpoints for the
//! registry and Key Vault, Application Gateway WAF), copied to a temporary
//! folder and patched.

use crate::{Expect, fail, support};

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chanto::load::LoadOptions;
use chanto::rules::Verdict;
use chanto::rules::{Outcome, Tally};
use chanto::scan::{ScanOptions, ScanResult, Selection, scan};
use serde_json::{Value, json};

const BASELINE: &str = "examples/secure-baseline";
/// The rules of the first allow collection of application rules.
const APP_RULES: &str =
    "DefaultApplicationRuleCollectionGroup\" > \"AKS-Global-Requirements > \"rules\"";

struct Scanned {
    dir: tempfile::TempDir,
    result: ScanResult,
}

/// Writes `files` (name, text) into a fresh folder and scans it with
/// `select`.
fn scan_files(files: &[(&str, String)], select: &[&str]) -> Scanned {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let result = scan_dir(dir.path(), select);
    Scanned { dir, result }
}

fn scan_dir(root: &Path, select: &[&str]) -> ScanResult {
    let result = scan(&ScanOptions {
        paths: vec![root.to_path_buf()],
        as_of: "2026-11-28".parse().unwrap(),
        selection: Selection {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: vec![],
        },
        rules: Default::default(),
        policy: Default::default(),
        load: LoadOptions::default(),
        config: None,
        baseline: None,
    });
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    result
}

/// The secure baseline with `patch` applied to its JSON files (by name).
fn baseline(patch: impl Fn(&str, &mut Value), select: &[&str]) -> Scanned {
    let mut files = Vec::new();
    for entry in walk(Path::new(BASELINE)) {
        let name = entry.strip_prefix(BASELINE).unwrap().display().to_string();
        let text = std::fs::read_to_string(&entry).unwrap();
        let text = if name.ends_with(".json") {
            let mut value: Value = serde_json::from_str(&text).unwrap();
            patch(&name, &mut value);
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            text
        };
        files.push((name, text));
    }
    let files: Vec<(&str, String)> = files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    scan_files(&files, select)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

impl Scanned {
    fn of(&self, code: &str) -> Vec<&Outcome> {
        self.result.outcomes_of(code).collect()
    }

    fn tally(&self, code: &str) -> Tally {
        self.result.tally(code)
    }

    fn name(&self, o: &Outcome) -> String {
        self.result
            .inventory
            .resource(o.evaluation.subject)
            .name
            .into_owned()
    }

    /// The line of `file` holding `marker` (see [`support::line_of`]).
    fn line(&self, file: &str, marker: &str) -> u32 {
        support::line_of(
            &std::fs::read_to_string(self.dir.path().join(file)).unwrap(),
            marker,
        )
    }

    /// The finding of `code` on `resource` at the line of `marker` in
    /// `file`; returns its message.
    fn fail(&self, code: &str, resource: &str, file: &str, marker: &str) -> String {
        let line = self.line(file, marker);
        let outcomes = self.of(code);
        outcomes
            .iter()
            .find_map(|o| match &o.evaluation.verdict {
                Verdict::Fail { loc, message, .. }
                    if loc.line == line
                        && self.result.inventory.file(loc.file) == file
                        && self.name(o) == resource =>
                {
                    Some(message.clone())
                }
                _ => None,
            })
            .unwrap_or_else(|| {
                panic!("no {code} on {resource} at {file}:{line}; got {outcomes:#?}")
            })
    }

    fn unknown(&self, code: &str, file: &str, marker: &str) -> String {
        let line = self.line(file, marker);
        let outcomes = self.of(code);
        outcomes
            .iter()
            .find_map(|o| match &o.evaluation.verdict {
                Verdict::Unknown { loc, reason }
                    if loc.line == line && self.result.inventory.file(loc.file) == file =>
                {
                    Some(reason.clone())
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("no {code} unknown at {file}:{line}; got {outcomes:#?}"))
    }

    fn passes(&self, code: &str) {
        let t = self.tally(code);
        assert!(
            self.of(code).is_empty() && t.passed > 0,
            "{code} should pass: {t:?} {:#?}",
            self.of(code)
        );
    }

    fn not_applicable(&self, code: &str) {
        let t = self.tally(code);
        assert!(
            self.of(code).is_empty() && t.not_applicable > 0,
            "{code} should be not applicable: {t:?} {:#?}",
            self.of(code)
        );
    }
}

#[test]
fn the_secure_baseline_passes_the_connectivity_checks_and_cn901() {
    let s = baseline(|_, _| {}, &[]);
    for code in ["CN301", "CN901", "CN202", "CL301", "AU301", "AU302"] {
        s.passes(code);
    }
    assert_eq!(s.tally("CN301").passed, 2, "registry and Key Vault");
    // CN302 has nothing to judge: neither service admits a subnet.
    assert_eq!(s.tally("CN302").not_applicable, 2);
    let unknown: Vec<_> = s
        .result
        .outcomes
        .iter()
        .filter(|o| matches!(o.evaluation.verdict, Verdict::Unknown { .. }))
        .collect();
    assert!(unknown.is_empty(), "{unknown:#?}");
}

fn only_mcr(name: &str, value: &mut Value) {
    if name == "hub-firewall-rule-collection-groups.json" {
        let app = &mut value[2]["ruleCollections"];
        *app = json!([{
            "action": {"type": "Allow"}, "name": "AKS-Global-Requirements", "priority": 200,
            "ruleCollectionType": "FirewallPolicyFilterRuleCollection",
            "rules": [{"name": "mcr", "ruleType": "ApplicationRule", "fqdnTags": [],
                       "protocols": [{"port": 443, "protocolType": "Https"}],
                       "targetFqdns": ["mcr.microsoft.com"]}]
        }]);
    }
}

#[test]
fn without_the_fqdn_tag_cn901_names_every_missing_endpoint() {
    let s = baseline(only_mcr, &["CN901"]);
    let file = "hub-firewall-rule-collection-groups.json";
    let message = s.fail("CN901", "aks-7x2kq", file, APP_RULES);
    let named: BTreeSet<&str> = message
        .split_whitespace()
        .filter(|w| w.ends_with(":443"))
        .collect();
    let expected: BTreeSet<&str> = [
        // Every cluster, covered by the tag (the API server is private).
        "*.data.mcr.microsoft.com:443",
        "mcr-0001.mcr-msedge.net:443",
        "management.azure.com:443",
        "login.microsoftonline.com:443",
        "packages.microsoft.com:443",
        "acs-mirror.azureedge.net:443",
        "packages.aks.azure.com:443",
        // Azure Policy and Defender; Container Insights goes through the
        // AzureMonitor network rule, Key Vault through its private endpoint.
        "data.policy.core.windows.net:443",
        "store.policy.core.windows.net:443",
        "*.cloud.defender.microsoft.com:443",
    ]
    .into();
    assert_eq!(named, expected, "{message}");
    assert!(message.contains("fw-eastus2"), "{message}");
}

#[test]
fn a_deny_collection_that_runs_first_blocks_an_allowed_endpoint() {
    let s = baseline(
        |name, v| {
            if name == "hub-firewall-rule-collection-groups.json" {
                let collections = v[2]["ruleCollections"].as_array_mut().unwrap();
                collections.push(json!({
                    "action": {"type": "Deny"}, "name": "no-microsoft-packages", "priority": 100,
                    "ruleCollectionType": "FirewallPolicyFilterRuleCollection",
                    "rules": [{"name": "pmc", "ruleType": "ApplicationRule",
                               "protocols": [{"port": 443, "protocolType": "Https"}],
                               "targetFqdns": ["packages.microsoft.com"]}]
                }));
            }
        },
        &["CN901"],
    );
    let message = s.fail(
        "CN901",
        "aks-7x2kq",
        "hub-firewall-rule-collection-groups.json",
        APP_RULES,
    );
    assert!(message.contains("packages.microsoft.com:443"), "{message}");
    assert!(!message.contains("mcr-0001"), "{message}");
}

#[test]
fn cn901_on_a_public_cluster_needs_its_regional_api_server_domain() {
    let s = baseline(
        |name, v| {
            if name == "aks-cluster.json" {
                v["apiServerAccessProfile"]["enablePrivateCluster"] = json!(false);
                v["apiServerAccessProfile"]["authorizedIpRanges"] = json!(["198.51.100.0/29"]);
            }
            only_mcr(name, v);
        },
        &["CN901"],
    );
    let message = s.fail(
        "CN901",
        "aks-7x2kq",
        "hub-firewall-rule-collection-groups.json",
        APP_RULES,
    );
    assert!(message.contains("*.hcp.eastus2.azmk8s.io:443"), "{message}");
}

#[test]
fn cn901_breakages_on_the_path_before_the_firewall() {
    // An NSG that denies outbound HTTPS to the internet first.
    let s = baseline(
        |name, v| {
            if name == "nsg-nodepools.json" {
                v["securityRules"].as_array_mut().unwrap().push(json!({
                    "name": "DenyInternetOutbound", "access": "Deny", "direction": "Outbound",
                    "priority": 4000, "protocol": "*", "destinationAddressPrefix": "Internet",
                    "destinationPortRange": "*", "sourceAddressPrefix": "*", "sourcePortRange": "*"
                }));
            }
        },
        &["CN901"],
    );
    let message = s.fail(
        "CN901",
        "aks-7x2kq",
        "nsg-nodepools.json",
        "\"access\": \"Deny\"",
    );
    assert!(message.contains("priority 4000"), "{message}");

    // A route table without a default route.
    let s = baseline(
        |name, v| {
            if name == "route-table.json" {
                v["routes"][0]["addressPrefix"] = json!("10.0.0.0/8");
            }
        },
        &["CN901"],
    );
    s.fail("CN901", "aks-7x2kq", "route-table.json", "\"routes\"");
}

#[test]
fn cn901_is_unknown_when_a_piece_of_the_path_is_missing_and_na_without_udr() {
    let without = |missing: &'static str| {
        let dir = tempfile::tempdir().unwrap();
        for entry in walk(Path::new(BASELINE)) {
            let name = entry.strip_prefix(BASELINE).unwrap();
            if name != Path::new(missing) {
                let to = dir.path().join(name);
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::copy(&entry, to).unwrap();
            }
        }
        let result = scan_dir(dir.path(), &["CN901"]);
        Scanned { dir, result }
    };
    let s = without("hub-firewall.json");
    let reason = s.unknown("CN901", "route-table.json", "\"nextHopIpAddress\"");
    assert!(reason.contains("10.200.0.4"), "{reason}");
    let s = without("hub-firewall-rule-collection-groups.json");
    let reason = s.unknown("CN901", "hub-firewall-policy.json", "{");
    assert!(reason.contains("rule collection groups"), "{reason}");
    let s = without("route-table.json");
    let reason = s.unknown("CN901", "vnet-spoke.json", "\"routeTable\" > \"id\"");
    assert!(reason.contains("route-to-eastus2-hub-fw"), "{reason}");

    let s = baseline(
        |name, v| {
            if name == "aks-cluster.json" {
                v["networkProfile"]["outboundType"] = json!("loadBalancer");
            }
        },
        &["CN901"],
    );
    s.not_applicable("CN901");
}

#[test]
fn cn202_follows_the_agic_add_on_to_its_gateway_waf() {
    let s = baseline(
        |name, v| {
            if name == "waf-policy.json" {
                v["policySettings"]["mode"] = json!("Detection");
            }
        },
        &["CN202"],
    );
    let message = s.fail("CN202", "aspnetapp-ingress", "waf-policy.json", "\"mode\"");
    assert!(message.contains("Detection"), "{message}");

    let s = baseline(
        |name, v| {
            if name == "app-gateway.json" {
                v["firewallPolicy"] = Value::Null;
                v["sku"] = json!({"name": "Standard_v2", "tier": "Standard_v2"});
            }
        },
        &["CN202"],
    );
    s.fail(
        "CN202",
        "aspnetapp-ingress",
        "app-gateway.json",
        "\"webApplicationFirewallConfiguration\"",
    );
}

#[test]
fn registry_rules_cl301_and_au301() {
    let s = baseline(
        |name, v| {
            if name == "acr.json" {
                v["networkRuleBypassOptions"] = json!("None");
                v["adminUserEnabled"] = json!(true);
                v["anonymousPullEnabled"] = json!(true);
            }
        },
        &["CL301", "AU301"],
    );
    s.fail(
        "CL301",
        "acraks7x2kq",
        "acr.json",
        "\"networkRuleBypassOptions\"",
    );
    s.fail("AU301", "acraks7x2kq", "acr.json", "\"adminUserEnabled\"");
    s.fail(
        "AU301",
        "acraks7x2kq",
        "acr.json",
        "\"anonymousPullEnabled\"",
    );

    // On the free tier the plan does not scan images.
    let s = baseline(
        |name, v| {
            if name == "defender-containers-plan.json" {
                v["pricingTier"] = json!("Free");
            }
        },
        &["CL301"],
    );
    s.fail(
        "CL301",
        "acraks7x2kq",
        "defender-containers-plan.json",
        "\"pricingTier\"",
    );

    // Without the plan among the inputs, the Defender sensor of the cluster
    // that pulls from the registry (AcrPull to its kubelet identity) shows
    // the plan is on; without either, nobody can tell.
    let registry = std::fs::read_to_string(format!("{BASELINE}/acr.json")).unwrap();
    let cluster = std::fs::read_to_string(format!("{BASELINE}/aks-cluster.json")).unwrap();
    let grants = std::fs::read_to_string(format!("{BASELINE}/role-assignments.json")).unwrap();
    let s = scan_files(
        &[
            ("acr.json", registry.clone()),
            ("aks.json", cluster),
            ("grants.json", grants),
        ],
        &["CL301"],
    );
    s.passes("CL301");
    let s = scan_files(&[("acr.json", registry)], &["CL301"]);
    let reason = s.unknown("CL301", "acr.json", "{");
    assert!(reason.contains("az security pricing show"), "{reason}");
}

#[test]
fn key_vault_rbac_and_purge_protection() {
    let s = baseline(
        |name, v| {
            if name == "key-vault.json" {
                v["properties"]["enableRbacAuthorization"] = json!(false);
                v["properties"]["enablePurgeProtection"] = Value::Null;
            }
        },
        &["AU302"],
    );
    s.fail(
        "AU302",
        "kv-aks-7x2kq",
        "key-vault.json",
        "\"enableRbacAuthorization\"",
    );
    s.fail(
        "AU302",
        "kv-aks-7x2kq",
        "key-vault.json",
        "\"enablePurgeProtection\"",
    );

    // A template that omits RBAC gets it from API version 2026-02-01 on.
    let template = |api: &str| {
        json!({
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "contentVersion": "1.0.0.0",
            "resources": [{
                "type": "Microsoft.KeyVault/vaults", "apiVersion": api, "name": "kv-template",
                "properties": {"enablePurgeProtection": true, "publicNetworkAccess": "Disabled"}
            }]
        })
        .to_string()
    };
    let s = scan_files(&[("kv.json", template("2026-02-01"))], &["AU302"]);
    s.passes("AU302");
    let s = scan_files(&[("kv.json", template("2023-07-01"))], &["AU302"]);
    s.fail("AU302", "kv-template", "kv.json", "{");
}

fn storage(public: &str, default_action: &str) -> Value {
    json!({
        "id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stdata",
        "name": "stdata",
        "type": "Microsoft.Storage/storageAccounts",
        "kind": "StorageV2",
        "properties": {
            "publicNetworkAccess": public,
            "networkAcls": {"bypass": "AzureServices", "defaultAction": default_action, "ipRules": [], "virtualNetworkRules": []}
        }
    })
}

fn private_endpoint_to(target: &str) -> Value {
    json!({
        "id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-stdata",
        "name": "pe-stdata",
        "type": "Microsoft.Network/privateEndpoints",
        "properties": {"privateLinkServiceConnections": [{"name": "blob", "properties": {"privateLinkServiceId": target, "groupIds": ["blob"]}}]}
    })
}

#[test]
fn a_public_storage_account_fails_cn301_and_a_closed_one_with_a_private_endpoint_passes() {
    let s = scan_files(
        &[("st.json", storage("Enabled", "Allow").to_string())],
        &["CN301"],
    );
    let message = s.fail("CN301", "stdata", "st.json", "\"defaultAction\"");
    assert!(message.contains("any network"), "{message}");

    let pretty = |v: Value| serde_json::to_string_pretty(&v).unwrap();
    let s = scan_files(
        &[
            ("st.json", pretty(storage("Enabled", "Deny"))),
            (
                "pe.json",
                pretty(private_endpoint_to(
                    "/subscriptions/0/resourceGroups/RG/providers/Microsoft.Storage/storageAccounts/STDATA",
                )),
            ),
        ],
        &["CN301", "CN302"],
    );
    s.passes("CN301");
    s.not_applicable("CN302");
    assert_eq!(
        s.result.inventory.private_endpoints_to(0).len()
            + s.result.inventory.private_endpoints_to(1).len(),
        1,
        "the endpoint links to the account by ID, whatever the case"
    );
}

#[test]
fn cn301_follows_each_services_own_rules() {
    let pretty = |v: Value| serde_json::to_string_pretty(&v).unwrap();
    // A Premium registry that denies by default but admits a /8.
    let registry = json!({
        "type": "Microsoft.ContainerRegistry/registries", "name": "acrwide", "sku": {"name": "Premium"},
        "publicNetworkAccess": "Enabled",
        "networkRuleSet": {"defaultAction": "Deny", "ipRules": [{"action": "Allow", "ipAddressOrRange": "20.0.0.0/8"}]}
    });
    // A Standard registry cannot restrict its endpoint at all.
    let standard = json!({
        "type": "Microsoft.ContainerRegistry/registries", "name": "acrstd", "sku": {"name": "Standard"},
        "publicNetworkAccess": "Enabled"
    });
    // A Key Vault with no network rule set admits every network.
    let vault = json!({
        "type": "Microsoft.KeyVault/vaults", "name": "kv-open", "properties": {"enableRbacAuthorization": true}
    });
    let s = scan_files(
        &[
            ("acr-wide.json", pretty(registry)),
            ("acr-std.json", pretty(standard)),
            ("kv.json", pretty(vault)),
        ],
        &["CN301"],
    );
    let m = s.fail("CN301", "acrwide", "acr-wide.json", "\"ipRules\"");
    assert!(m.contains("20.0.0.0/8"), "{m}");
    let m = s.fail("CN301", "acrstd", "acr-std.json", "\"publicNetworkAccess\"");
    assert!(m.contains("Standard"), "{m}");
    s.fail("CN301", "kv-open", "kv.json", "\"properties\"");

    // SQL: child firewall rules decide; none among the inputs is unknown.
    let server = json!({
        "id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Sql/servers/sql-app",
        "name": "sql-app", "type": "Microsoft.Sql/servers", "publicNetworkAccess": "Enabled"
    });
    let rule = |name: &str, start: &str, end: &str| {
        json!({
            "id": format!("/subscriptions/0/resourceGroups/rg/providers/Microsoft.Sql/servers/sql-app/firewallRules/{name}"),
            "name": name, "type": "Microsoft.Sql/servers/firewallRules",
            "startIpAddress": start, "endIpAddress": end
        })
    };
    let s = scan_files(&[("sql.json", pretty(server.clone()))], &["CN301"]);
    s.unknown("CN301", "sql.json", "\"publicNetworkAccess\"");
    let s = scan_files(
        &[
            ("sql.json", pretty(server.clone())),
            (
                "rules.json",
                pretty(json!([
                    rule("office", "198.51.100.0", "198.51.100.7"),
                    rule("AllowAllWindowsAzureIps", "0.0.0.0", "0.0.0.0")
                ])),
            ),
        ],
        &["CN301"],
    );
    let m = s.fail(
        "CN301",
        "sql-app",
        "rules.json",
        "\"startIpAddress\": \"0.0.0.0\"",
    );
    assert!(m.contains("every Azure service"), "{m}");
    let s = scan_files(
        &[
            ("sql.json", pretty(server)),
            (
                "rules.json",
                pretty(json!([rule("office", "198.51.100.0", "198.51.100.7")])),
            ),
        ],
        &["CN301"],
    );
    s.passes("CN301");

    // PostgreSQL injected into a subnet has no public endpoint.
    let postgres = json!({
        "type": "Microsoft.DBforPostgreSQL/flexibleServers", "name": "psql-app",
        "network": {"delegatedSubnetResourceId": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/db"}
    });
    let s = scan_files(&[("psql.json", pretty(postgres))], &["CN301", "CN302"]);
    s.passes("CN301");
    s.not_applicable("CN302");
}

#[test]
fn cn302_service_endpoints_without_a_private_endpoint() {
    let pretty = |v: Value| serde_json::to_string_pretty(&v).unwrap();
    let mut account = storage("Enabled", "Deny");
    account["properties"]["networkAcls"]["virtualNetworkRules"] = json!([{
        "id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes",
        "action": "Allow"
    }]);
    let s = scan_files(&[("st.json", pretty(account.clone()))], &["CN302"]);
    let m = s.fail("CN302", "stdata", "st.json", "\"virtualNetworkRules\"");
    assert!(m.contains("1 subnet"), "{m}");
    let s = scan_files(
        &[
            ("st.json", pretty(account)),
            (
                "pe.json",
                pretty(private_endpoint_to(
                    "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stdata",
                )),
            ),
        ],
        &["CN302"],
    );
    s.passes("CN302");
}

/// The same services, as `az … show` output, as an ARM template and as a
/// Resource Graph export.
fn service_set(shape: &str) -> String {
    let sub = "/subscriptions/0/resourceGroups/rg/providers";
    let resources = [
        (
            "Microsoft.Storage/storageAccounts",
            "stshapes",
            json!({"publicNetworkAccess": "Enabled",
                   "networkAcls": {"defaultAction": "Allow", "virtualNetworkRules": [{"id": "subnet-1", "action": "Allow"}]}}),
        ),
        (
            "Microsoft.KeyVault/vaults",
            "kv-shapes",
            json!({"publicNetworkAccess": "Disabled", "enableRbacAuthorization": false, "enablePurgeProtection": true}),
        ),
        (
            "Microsoft.ContainerRegistry/registries",
            "acrshapes",
            json!({"publicNetworkAccess": "Enabled", "adminUserEnabled": true, "networkRuleBypassOptions": "None",
                   "networkRuleSet": {"defaultAction": "Deny", "ipRules": [{"action": "Allow", "value": "0.0.0.0/0"}]}}),
        ),
        (
            "Microsoft.Sql/servers",
            "sql-shapes",
            json!({"publicNetworkAccess": "Enabled"}),
        ),
        (
            "Microsoft.Sql/servers/firewallRules",
            "sql-shapes/AllowAllWindowsAzureIps",
            json!({"startIpAddress": "0.0.0.0", "endIpAddress": "0.0.0.0"}),
        ),
        (
            "Microsoft.DocumentDB/databaseAccounts",
            "cosmos-shapes",
            json!({"publicNetworkAccess": "Enabled", "ipRules": [], "isVirtualNetworkFilterEnabled": false}),
        ),
        (
            "Microsoft.Network/privateEndpoints",
            "pe-kv",
            json!({"privateLinkServiceConnections": [{"name": "vault", "properties": {"privateLinkServiceId":
                if shape == "template" { "[resourceId('Microsoft.KeyVault/vaults', 'kv-shapes')]".to_string() }
                else { format!("{sub}/Microsoft.KeyVault/vaults/kv-shapes") }}}]}),
        ),
    ];
    let id = |t: &str, n: &str| {
        let names: Vec<&str> = n.split('/').collect();
        let segments: Vec<&str> = t.split('/').collect();
        let mut path = format!("{sub}/{}", segments[0]);
        for (i, s) in segments[1..].iter().enumerate() {
            path.push_str(&format!("/{s}/{}", names[i]));
        }
        path
    };
    let sku = |t: &str| (t.contains("Registry")).then(|| json!({"name": "Premium"}));
    let value = match shape {
        "cli" => Value::Array(
            resources
                .iter()
                .map(|(t, n, p)| {
                    // The az CLI flattens, except for Key Vault.
                    let mut v = if t.contains("KeyVault") {
                        json!({"properties": p})
                    } else {
                        p.clone()
                    };
                    v["type"] = json!(t);
                    v["name"] = json!(n.rsplit('/').next());
                    v["id"] = json!(id(t, n));
                    if let Some(s) = sku(t) {
                        v["sku"] = s;
                    }
                    v
                })
                .collect(),
        ),
        "template" => json!({
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "contentVersion": "1.0.0.0",
            "resources": resources.iter().map(|(t, n, p)| {
                let mut v = json!({"type": t, "apiVersion": "2024-01-01", "name": n, "properties": p});
                if let Some(s) = sku(t) { v["sku"] = s; }
                v
            }).collect::<Vec<_>>()
        }),
        _ => json!({
            "count": resources.len(),
            "data": resources.iter().map(|(t, n, p)| {
                let mut v = json!({"type": t.to_ascii_lowercase(), "name": n.rsplit('/').next(), "id": id(t, n),
                                   "subscriptionId": "0", "resourceGroup": "rg", "properties": p});
                if let Some(s) = sku(t) { v["sku"] = s; }
                v
            }).collect::<Vec<_>>()
        }),
    };
    serde_json::to_string_pretty(&value).unwrap()
}

#[test]
fn the_same_services_in_every_shape_give_identical_findings() {
    let mut seen = Vec::new();
    for shape in ["cli", "template", "graph"] {
        let s = scan_files(
            &[("services.json", service_set(shape))],
            &["CN301", "CN302", "CL301", "AU301", "AU302"],
        );
        let findings: BTreeSet<(String, String, String)> = s
            .result
            .outcomes
            .iter()
            .map(|o| {
                let what = match &o.evaluation.verdict {
                    Verdict::Fail { message, .. } => message.clone(),
                    Verdict::Unknown { reason, .. } => format!("unknown: {reason}"),
                };
                // Names of template children carry their parent's.
                let name = s.name(o).rsplit('/').next().unwrap().to_string();
                (o.rule.code.to_string(), name, what)
            })
            .collect();
        seen.push((shape, findings));
    }
    let (_, first) = &seen[0];
    let codes: BTreeSet<(&str, &str)> = first
        .iter()
        .map(|(c, n, _)| (c.as_str(), n.as_str()))
        .collect();
    let expected: BTreeSet<(&str, &str)> = [
        ("CN301", "stshapes"),
        ("CN302", "stshapes"),
        ("CN301", "acrshapes"),
        ("AU301", "acrshapes"),
        ("CL301", "acrshapes"),
        ("CN301", "sql-shapes"),
        ("CN301", "cosmos-shapes"),
        ("AU302", "kv-shapes"),
    ]
    .into();
    assert_eq!(codes, expected, "{first:#?}");
    for (shape, findings) in &seen[1..] {
        assert_eq!(findings, first, "{shape} differs from the az CLI shape");
    }
}

/// A spoke written as an ARM template: the subnet, route table and firewall
/// policy (with a nested rule collection group) link through `resourceId()`.
fn spoke_template(fqdn_tags: &[&str]) -> String {
    let value = json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "variables": {"subnet": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-spoke', 'snet-nodes')]"},
        "resources": [
            {"type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2025-10-01", "name": "aks-spoke", "location": "japaneast",
             "properties": {"apiServerAccessProfile": {"enablePrivateCluster": true},
                            "networkProfile": {"networkPlugin": "azure", "outboundType": "userDefinedRouting"},
                            "agentPoolProfiles": [{"name": "system", "mode": "System", "vnetSubnetID": "[variables('subnet')]"}]}},
            {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2024-05-01", "name": "vnet-spoke",
             "properties": {"subnets": [{"name": "snet-nodes", "properties": {
                 "addressPrefix": "10.1.0.0/22",
                 "routeTable": {"id": "[resourceId('Microsoft.Network/routeTables', 'rt-egress')]"}}}]}},
            {"type": "Microsoft.Network/routeTables", "apiVersion": "2024-05-01", "name": "rt-egress",
             "properties": {"routes": [{"name": "to-firewall", "properties": {
                 "addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.0.4"}}]}},
            {"type": "Microsoft.Network/firewallPolicies", "apiVersion": "2024-05-01", "name": "fwp-hub", "properties": {},
             "resources": [{"type": "ruleCollectionGroups", "apiVersion": "2024-05-01", "name": "aks",
                 "dependsOn": ["[resourceId('Microsoft.Network/firewallPolicies', 'fwp-hub')]"],
                 "properties": {"priority": 200, "ruleCollections": [{
                     "ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "aks", "priority": 100,
                     "action": {"type": "Allow"},
                     "rules": [{"ruleType": "ApplicationRule", "name": "aks", "fqdnTags": fqdn_tags,
                                "targetFqdns": if fqdn_tags.is_empty() { json!(["mcr.microsoft.com"]) } else { json!([]) },
                                "protocols": [{"protocolType": "Https", "port": 443}]}]}]}}]},
            {"type": "Microsoft.Network/azureFirewalls", "apiVersion": "2024-05-01", "name": "fw-hub",
             "properties": {"firewallPolicy": {"id": "[resourceId('Microsoft.Network/firewallPolicies', 'fwp-hub')]"},
                            "ipConfigurations": [{"name": "ip", "properties": {"subnet": {"id": "hub/AzureFirewallSubnet"}}}]}}
        ]
    });
    serde_json::to_string_pretty(&value).unwrap()
}

#[test]
fn cn901_follows_a_template_and_joins_the_live_firewall_that_has_the_address() {
    // A template cannot know the firewall's private address: unknown, naming it.
    let s = scan_files(
        &[("spoke.json", spoke_template(&["AzureKubernetesService"]))],
        &["CN901"],
    );
    let reason = s.unknown("CN901", "spoke.json", "\"nextHopIpAddress\"");
    assert!(reason.contains("10.0.0.4"), "{reason}");

    // `az network firewall show` supplies it, and names the template's policy
    // by its full ID.
    let live_firewall = serde_json::to_string_pretty(&json!({
        "type": "Microsoft.Network/azureFirewalls", "name": "fw-hub",
        "id": "/subscriptions/0/resourceGroups/hub/providers/Microsoft.Network/azureFirewalls/fw-hub",
        "firewallPolicy": {"id": "/subscriptions/0/resourceGroups/hub/providers/Microsoft.Network/firewallPolicies/fwp-hub"},
        "ipConfigurations": [{"name": "ip", "privateIPAddress": "10.0.0.4"}]
    }))
    .unwrap();
    let s = scan_files(
        &[
            ("spoke.json", spoke_template(&["AzureKubernetesService"])),
            ("fw.json", live_firewall.clone()),
        ],
        &["CN901"],
    );
    s.passes("CN901");
    let s = scan_files(
        &[
            ("spoke.json", spoke_template(&[])),
            ("fw.json", live_firewall),
        ],
        &["CN901"],
    );
    let m = s.fail(
        "CN901",
        "aks-spoke",
        "spoke.json",
        "\"ruleCollections\" > \"rules\"",
    );
    assert!(m.contains("management.azure.com:443"), "{m}");
    assert!(
        !m.contains("hcp"),
        "a private cluster needs no API server FQDN: {m}"
    );
}

#[test]
fn a_finding_on_a_service_sits_on_that_service_in_the_picture() {
    let s = baseline(
        |name, v| {
            if name == "key-vault.json" {
                v["properties"]["publicNetworkAccess"] = json!("Enabled");
                v["properties"]["networkAcls"]["defaultAction"] = json!("Allow");
            }
        },
        &["CN301"],
    );
    let report = chanto::report::Report::new(&s.result);
    let components: Vec<_> = report.findings.iter().map(|f| f.component).collect();
    assert_eq!(components, [chanto::rules::Component::KeyVault]);
}

#[test]
fn a_network_rule_allows_https_only_when_it_carries_tcp() {
    let with_protocol = |protocol: &'static str| {
        move |name: &str, v: &mut Value| {
            only_mcr(name, v);
            if name == "hub-firewall-rule-collection-groups.json" {
                v[1]["ruleCollections"][1]["rules"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({
                        "name": "everything-https", "ruleType": "NetworkRule",
                        "destinationAddresses": ["*"], "destinationPorts": ["443"],
                        "ipProtocols": [protocol]
                    }));
            }
        }
    };
    let s = baseline(with_protocol("UDP"), &["CN901"]);
    let message = s.fail(
        "CN901",
        "aks-7x2kq",
        "hub-firewall-rule-collection-groups.json",
        APP_RULES,
    );
    assert!(message.contains("management.azure.com:443"), "{message}");
    baseline(with_protocol("TCP"), &["CN901"]).passes("CN901");
}

#[test]
fn cosmos_network_rules_count_only_with_the_filter_on_and_cl301_waits_for_an_unknown_switch() {
    let pretty = |v: Value| serde_json::to_string_pretty(&v).unwrap();
    let cosmos = |filter: bool| {
        json!({
            "type": "Microsoft.DocumentDB/databaseAccounts", "name": "cosmos",
            "publicNetworkAccess": "Enabled", "isVirtualNetworkFilterEnabled": filter,
            "virtualNetworkRules": [{"id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"}]
        })
    };
    scan_files(&[("c.json", pretty(cosmos(false)))], &["CN302"]).not_applicable("CN302");
    let s = scan_files(&[("c.json", pretty(cosmos(true)))], &["CN302"]);
    s.fail("CN302", "cosmos", "c.json", "\"virtualNetworkRules\"");

    let template = json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {"public": {"type": "string"}},
        "resources": [{
            "type": "Microsoft.ContainerRegistry/registries", "apiVersion": "2025-11-01", "name": "acrq",
            "sku": {"name": "Premium"},
            "properties": {"publicNetworkAccess": "[parameters('public')]", "networkRuleBypassOptions": "None"}
        }]
    });
    let s = scan_files(&[("acr.json", pretty(template))], &["CL301"]);
    let reason = s.unknown("CL301", "acr.json", "\"publicNetworkAccess\"");
    assert!(reason.contains("public"), "{reason}");
}

/// One rule on inputs built for it: the scenario tests above look at
/// several rules at once, these cases at one, for the coverage test.
struct Case {
    code: &'static str,
    /// Writes the inputs and scans them with `code` selected.
    inputs: fn(&'static str) -> Scanned,
    /// The file a finding is expected in.
    file: &'static str,
    expect: Expect,
}

fn case(
    code: &'static str,
    inputs: fn(&'static str) -> Scanned,
    file: &'static str,
    expect: Expect,
) -> Case {
    Case {
        code,
        inputs,
        file,
        expect,
    }
}

fn run(case: &Case) {
    let scanned = (case.inputs)(case.code);
    match case.expect {
        Expect::Fail {
            resource, marker, ..
        } => {
            scanned.fail(case.code, resource, case.file, marker);
        }
        Expect::Pass => scanned.passes(case.code),
        Expect::NotApplicable => scanned.not_applicable(case.code),
        Expect::Unknown { marker, .. } => {
            scanned.unknown(case.code, case.file, marker);
        }
        Expect::Clean => assert!(scanned.of(case.code).is_empty()),
        Expect::Exempt { .. } => panic!("no Azure resource is exempt by default"),
        Expect::UnknownAt { .. } => panic!("surroundings cases name the unknown's own line"),
    }
}

fn secure_baseline(code: &'static str) -> Scanned {
    baseline(|_, _| {}, &[code])
}

fn open_registry(code: &'static str) -> Scanned {
    let open = |name: &str, v: &mut Value| {
        if name == "acr.json" {
            v["networkRuleBypassOptions"] = json!("None");
            v["adminUserEnabled"] = json!(true);
        }
    };
    baseline(open, &[code])
}

/// The baseline's Premium registry with zone redundancy, untagged
/// retention and dedicated data endpoints switched off.
fn plain_premium_registry(code: &'static str) -> Scanned {
    let plain = |name: &str, v: &mut Value| {
        if name == "acr.json" {
            v["zoneRedundancy"] = json!("Disabled");
            v["policies"]["retentionPolicy"]["status"] = json!("Disabled");
            v["dataEndpointEnabled"] = json!(false);
        }
    };
    baseline(plain, &[code])
}

/// The baseline without its Key Vault plan: the vault's protection is a
/// subscription setting the inputs no longer hold.
fn key_vault_plan_free(code: &'static str) -> Scanned {
    let free = |name: &str, v: &mut Value| {
        if name == "defender-plans.json" {
            v[0]["pricingTier"] = json!("Free");
        }
    };
    baseline(free, &[code])
}

fn unprotected_key_vault(code: &'static str) -> Scanned {
    let unprotected = |name: &str, v: &mut Value| {
        if name == "key-vault.json" {
            v["properties"]["enablePurgeProtection"] = Value::Null;
        }
    };
    baseline(unprotected, &[code])
}

/// A Basic registry that says anonymous pull is on: the tier has no such
/// feature, so only the admin user is judged (and it is off).
fn basic_registry(code: &'static str) -> Scanned {
    let registry = json!({
        "type": "Microsoft.ContainerRegistry/registries", "name": "acrbasic",
        "sku": {"name": "Basic"}, "adminUserEnabled": false, "anonymousPullEnabled": true
    });
    scan_files(&[("acr.json", registry.to_string())], &[code])
}

fn perimeter_storage(code: &'static str) -> Scanned {
    let account = storage("SecuredByPerimeter", "Allow");
    scan_files(
        &[("st.json", serde_json::to_string_pretty(&account).unwrap())],
        &[code],
    )
}

/// A MySQL flexible server whose firewall admits every address.
fn mysql_open(code: &'static str) -> Scanned {
    let server = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.DBforMySQL/flexibleServers/mysql-orders";
    let pretty = |v: Value| serde_json::to_string_pretty(&v).unwrap();
    let files = [
        (
            "server.json",
            pretty(json!({"id": server, "name": "mysql-orders",
                "type": "Microsoft.DBforMySQL/flexibleServers",
                "properties": {"network": {"publicNetworkAccess": "Enabled"}}})),
        ),
        (
            "rule.json",
            pretty(
                json!({"id": format!("{server}/firewallRules/all"), "name": "all",
                "type": "Microsoft.DBforMySQL/flexibleServers/firewallRules",
                "properties": {"startIpAddress": "0.0.0.0", "endIpAddress": "255.255.255.255"}}),
            ),
        ),
    ];
    scan_files(&files, &[code])
}

fn public_storage(code: &'static str) -> Scanned {
    scan_files(
        &[("st.json", storage("Enabled", "Allow").to_string())],
        &[code],
    )
}

fn subnet_admitted(with_private_endpoint: bool, code: &'static str) -> Scanned {
    let pretty = |v: Value| serde_json::to_string_pretty(&v).unwrap();
    let mut account = storage("Enabled", "Deny");
    account["properties"]["networkAcls"]["virtualNetworkRules"] = json!([{
        "id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes",
        "action": "Allow"
    }]);
    let mut files = vec![("st.json", pretty(account))];
    if with_private_endpoint {
        let endpoint = private_endpoint_to(
            "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stdata",
        );
        files.push(("pe.json", pretty(endpoint)));
    }
    scan_files(&files, &[code])
}

fn egress_without_the_fqdn_tag(code: &'static str) -> Scanned {
    baseline(only_mcr, &[code])
}

fn egress_through_a_load_balancer(code: &'static str) -> Scanned {
    let load_balancer = |name: &str, v: &mut Value| {
        if name == "aks-cluster.json" {
            v["networkProfile"]["outboundType"] = json!("loadBalancer");
        }
    };
    baseline(load_balancer, &[code])
}

cases! {
    one_rule_each;
    cn301_fails_on_a_public_storage_account: case(
        "CN301",
        public_storage,
        "st.json",
        fail("stdata", "\"defaultAction\""),
    );
    cn301_passes: case("CN301", secure_baseline, "", Expect::Pass);
    cn301_fails_on_a_mysql_server_open_to_every_address: case(
        "CN301",
        mysql_open,
        "rule.json",
        fail("mysql-orders", "\"startIpAddress\""),
    );
    cn302_fails_on_a_subnet_without_a_private_endpoint: case(
        "CN302",
        |code| subnet_admitted(false, code),
        "st.json",
        fail("stdata", "\"virtualNetworkRules\""),
    );
    cn302_passes_with_a_private_endpoint: case(
        "CN302",
        |code| subnet_admitted(true, code),
        "",
        Expect::Pass,
    );
    cn302_not_applicable_without_subnets: case(
        "CN302",
        secure_baseline,
        "",
        Expect::NotApplicable,
    );
    cn901_fails_without_the_fqdn_tag: case(
        "CN901",
        egress_without_the_fqdn_tag,
        "hub-firewall-rule-collection-groups.json",
        fail("aks-7x2kq", APP_RULES),
    );
    cn901_passes: case("CN901", secure_baseline, "", Expect::Pass);
    cn901_not_applicable_without_routed_egress: case(
        "CN901",
        egress_through_a_load_balancer,
        "",
        Expect::NotApplicable,
    );
    cl301_fails_on_a_closed_registry_without_trusted_services: case(
        "CL301",
        open_registry,
        "acr.json",
        fail("acraks7x2kq", "\"networkRuleBypassOptions\""),
    );
    cl301_passes: case("CL301", secure_baseline, "", Expect::Pass);
    au301_fails_on_the_admin_user: case(
        "AU301",
        open_registry,
        "acr.json",
        fail("acraks7x2kq", "\"adminUserEnabled\""),
    );
    au301_passes: case("AU301", secure_baseline, "", Expect::Pass);
    au301_not_applicable_to_anonymous_pull_on_the_basic_tier: case(
        "AU301",
        basic_registry,
        "",
        Expect::NotApplicable,
    );
    cn301_unknown_behind_a_network_security_perimeter: case(
        "CN301",
        perimeter_storage,
        "st.json",
        Expect::Unknown {
            resource: Some("stdata"),
            marker: "\"SecuredByPerimeter\"",
        },
    );
    au302_fails_without_purge_protection: case(
        "AU302",
        unprotected_key_vault,
        "key-vault.json",
        fail("kv-aks-7x2kq", "\"enablePurgeProtection\""),
    );
    au302_passes: case("AU302", secure_baseline, "", Expect::Pass);
    cl302_fails_on_a_free_key_vault_plan: case(
        "CL302",
        key_vault_plan_free,
        "defender-plans.json",
        fail("kv-aks-7x2kq", "\"pricingTier\": \"Free\""),
    );
    cl302_not_applicable_to_registries: case("CL302", basic_registry, "", Expect::NotApplicable);
    cl303_fails: case(
        "CL303",
        plain_premium_registry,
        "acr.json",
        fail("acraks7x2kq", "\"zoneRedundancy\""),
    );
    cl303_passes: case("CL303", secure_baseline, "", Expect::Pass);
    cl303_not_applicable_to_basic: case("CL303", basic_registry, "", Expect::NotApplicable);
    cl304_fails: case(
        "CL304",
        plain_premium_registry,
        "acr.json",
        fail("acraks7x2kq", "\"status\": \"Disabled\""),
    );
    cl304_passes: case("CL304", secure_baseline, "", Expect::Pass);
    cl304_not_applicable_to_basic: case("CL304", basic_registry, "", Expect::NotApplicable);
    cn303_fails: case(
        "CN303",
        plain_premium_registry,
        "acr.json",
        fail("acraks7x2kq", "\"dataEndpointEnabled\""),
    );
    cn303_passes: case("CN303", secure_baseline, "", Expect::Pass);
    cn303_not_applicable_to_basic: case("CN303", basic_registry, "", Expect::NotApplicable);
}

pub fn summaries() -> Vec<(&'static str, crate::Expected)> {
    one_rule_each()
}

#[test]
fn an_unrelated_public_key_vault_changes_no_verdict_of_the_baseline() {
    let before = baseline(|_, _| {}, &[]);
    let unrelated = json!({
        "id": "/subscriptions/99999999-0000-0000-0000-000000000000/resourceGroups/other-team/providers/Microsoft.KeyVault/vaults/kv-other-team",
        "name": "kv-other-team",
        "type": "Microsoft.KeyVault/vaults",
        "properties": {"enableRbacAuthorization": true, "enablePurgeProtection": true,
                       "publicNetworkAccess": "Enabled"}
    });
    let mut files: Vec<(String, String)> = walk(Path::new(BASELINE))
        .into_iter()
        .map(|entry| {
            let name = entry.strip_prefix(BASELINE).unwrap().display().to_string();
            (name, std::fs::read_to_string(&entry).unwrap())
        })
        .collect();
    files.push(("other-team-vault.json".into(), unrelated.to_string()));
    let files: Vec<(&str, String)> = files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    let after = scan_files(&files, &[]);
    let verdicts = |s: &Scanned| {
        let mut all: Vec<String> = s
            .result
            .outcomes
            .iter()
            .filter(|o| s.name(o) != "kv-other-team")
            .map(|o| format!("{} {} {:?}", o.rule.code, s.name(o), o.evaluation.verdict))
            .collect();
        all.sort();
        all
    };
    assert_eq!(verdicts(&after), verdicts(&before));
    // Without its chanto.yaml, only the attestations are missing.
    let unattested: Vec<String> = verdicts(&after)
        .into_iter()
        .filter(|v| !v.starts_with("CN0") && !v.starts_with("AU0"))
        .collect();
    assert!(unattested.is_empty(), "{unattested:#?}");
    after.passes("CN901");
    // The other team's vault is judged on its own.
    assert!(
        after
            .of("CN301")
            .iter()
            .any(|o| after.name(o) == "kv-other-team")
    );
}

#[test]
fn the_csi_drivers_vaults_are_the_ones_its_secret_provider_classes_name() {
    let without_kms = |name: &str, v: &mut Value| {
        if name == "aks-cluster.json" {
            v["securityProfile"]
                .as_object_mut()
                .unwrap()
                .remove("azureKeyVaultKms");
        }
    };
    // No KMS key and no SecretProviderClass: which vault the driver reads is
    // not among the inputs, so its endpoint must pass the firewall.
    let s = baseline(without_kms, &["CN901"]);
    let message = s.fail(
        "CN901",
        "aks-7x2kq",
        "hub-firewall-rule-collection-groups.json",
        APP_RULES,
    );
    assert!(message.contains("*.vault.azure.net"), "{message}");
    // A SecretProviderClass that names the baseline's vault, which has a
    // private endpoint: the driver's traffic never reaches the firewall.
    let spc = "apiVersion: secrets-store.csi.x-k8s.io/v1\nkind: SecretProviderClass\nmetadata:\n  name: app-secrets\n  namespace: a0008\nspec:\n  provider: azure\n  parameters:\n    keyvaultName: kv-aks-7x2kq\n";
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in walk(Path::new(BASELINE)) {
        let name = entry.strip_prefix(BASELINE).unwrap().display().to_string();
        let text = std::fs::read_to_string(&entry).unwrap();
        let text = if name.ends_with(".json") {
            let mut value: Value = serde_json::from_str(&text).unwrap();
            without_kms(&name, &mut value);
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            text
        };
        files.push((name, text));
    }
    files.push(("manifests/secret-provider-class.yaml".into(), spc.into()));
    let files: Vec<(&str, String)> = files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    scan_files(&files, &["CN901"]).passes("CN901");
}

#[test]
fn cn301_links_a_nested_firewall_rule_to_a_server_named_at_deployment() {
    let server = |name: &str, start: &str, end: &str| {
        json!({
            "type": "Microsoft.Sql/servers", "apiVersion": "2021-11-01",
            "name": name,
            "properties": {"administratorLogin": "app"},
            "resources": [{
                "type": "firewallRules", "apiVersion": "2021-11-01", "name": "AllowAll",
                "dependsOn": [format!("[resourceId('Microsoft.Sql/servers', {name})]")],
                "properties": {"startIpAddress": start, "endIpAddress": end}
            }]
        })
    };
    let template = json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [
            server("[concat('sql', uniqueString(resourceGroup().id))]", "0.0.0.0", "255.255.255.255"),
            server("[concat('office', uniqueString(resourceGroup().id))]", "198.51.100.0", "198.51.100.7")
        ]
    });
    let s = scan_files(
        &[("sql.json", serde_json::to_string_pretty(&template).unwrap())],
        &["CN301"],
    );
    let m = s.fail(
        "CN301",
        "(name set at deployment)",
        "sql.json",
        "\"startIpAddress\": \"0.0.0.0\"",
    );
    assert!(m.contains("0.0.0.0–255.255.255.255"), "{m}");
    assert_eq!(
        s.tally("CN301").passed,
        1,
        "the office server's rule is its own"
    );
}
