//! Terraform input (issue 8): `.tf` modules and plan JSON give the same
//! verdicts as ARM and the az CLI, at the attribute's line.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use chanto::load::LoadOptions;
use chanto::rules::Verdict;
use chanto::scan::{ScanOptions, ScanResult, Selection, scan};
use serde_json::{Value, json};

const AS_OF: &str = "2026-11-28";

fn scan_dir(dir: &Path, var_files: &[&Path], select: &[&str]) -> ScanResult {
    let result = scan(&ScanOptions {
        paths: vec![dir.to_path_buf()],
        as_of: AS_OF.parse().unwrap(),
        selection: Selection {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: vec![],
        },
        rules: Default::default(),
        policy: Default::default(),
        load: LoadOptions {
            var_files: var_files.iter().map(|p| p.to_path_buf()).collect(),
            ..LoadOptions::default()
        },
        config: None,
        baseline: None,
    });
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    result
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// (code, resource, severity, message) of every finding and unknown.
fn verdicts(result: &ScanResult) -> BTreeSet<(String, String, String)> {
    result
        .outcomes
        .iter()
        .map(|o| {
            let what = match &o.evaluation.verdict {
                Verdict::Fail {
                    message, severity, ..
                } => {
                    format!("{:?} {message}", severity.unwrap_or(o.rule.severity))
                }
                Verdict::Unknown { reason, .. } => format!("unknown: {reason}"),
            };
            (
                o.rule.code.to_string(),
                result
                    .inventory
                    .resource(o.evaluation.subject)
                    .name
                    .into_owned(),
                what,
            )
        })
        .collect()
}

/// The line of `file` holding `marker` (see [`support::line_of`]).
fn line_of(dir: &Path, file: &str, marker: &str) -> u32 {
    support::line_of(&std::fs::read_to_string(dir.join(file)).unwrap(), marker)
}

/// The first unknown: its reason and line.
fn unknown(result: &ScanResult) -> (String, u32) {
    result
        .outcomes
        .iter()
        .find_map(|o| match &o.evaluation.verdict {
            Verdict::Unknown { reason, loc } => Some((reason.clone(), loc.line)),
            _ => None,
        })
        .expect("an unknown")
}

/// The finding of `code`, with the file and line it points at.
fn finding(result: &ScanResult, code: &str) -> Option<(String, u32, String)> {
    result
        .outcomes
        .iter()
        .find_map(|o| match &o.evaluation.verdict {
            Verdict::Fail { loc, message, .. } if o.rule.code == code => Some((
                result.inventory.file(loc.file).to_string(),
                loc.line,
                message.clone(),
            )),
            _ => None,
        })
}

/// A cluster's security settings, to write in every input shape.
#[derive(Clone)]
struct Variant {
    name: &'static str,
    private: bool,
    ranges: &'static [&'static str],
    local_accounts_disabled: bool,
    plugin: &'static str,
    policy: Option<&'static str>,
    upgrade_channel: Option<&'static str>,
    node_os_channel: &'static str,
    user_pool_public_ip: bool,
    managed_identity: bool,
    azure_rbac: bool,
    defender: bool,
    azure_policy: bool,
    version: &'static str,
    outbound: &'static str,
}

const HARDENED: Variant = Variant {
    name: "hardened",
    private: true,
    ranges: &[],
    local_accounts_disabled: true,
    plugin: "azure",
    policy: Some("cilium"),
    upgrade_channel: Some("stable"),
    node_os_channel: "NodeImage",
    user_pool_public_ip: false,
    managed_identity: true,
    azure_rbac: true,
    defender: true,
    azure_policy: true,
    version: "1.35.3",
    outbound: "userDefinedRouting",
};

fn variants() -> Vec<Variant> {
    vec![
        HARDENED,
        Variant {
            name: "first-attempt",
            private: false,
            local_accounts_disabled: false,
            plugin: "kubenet",
            policy: None,
            upgrade_channel: None,
            node_os_channel: "None",
            user_pool_public_ip: true,
            managed_identity: false,
            azure_rbac: false,
            defender: false,
            azure_policy: false,
            outbound: "loadBalancer",
            ..HARDENED
        },
        Variant {
            name: "public-wide-ranges",
            private: false,
            ranges: &["0.0.0.0/0"],
            version: "1.29.9",
            upgrade_channel: Some("none"),
            ..HARDENED
        },
        Variant {
            name: "public-narrow-ranges",
            private: false,
            ranges: &["198.51.100.0/29"],
            policy: Some("calico"),
            outbound: "loadBalancer",
            ..HARDENED
        },
    ]
}

fn terraform(v: &Variant) -> String {
    let mut tf = String::new();
    tf += "variable \"sp_secret\" {\n  type      = string\n  sensitive = true\n  default   = \"\"\n}\n\n";
    tf += &format!(
        "resource \"azurerm_kubernetes_cluster\" \"main\" {{\n  name                = \"aks-{}\"\n  location            = \"japaneast\"\n  resource_group_name = \"rg\"\n  dns_prefix          = \"aks\"\n  kubernetes_version  = \"{}\"\n  sku_tier            = \"Standard\"\n  tags                = {{ environment = \"production\" }}\n",
        v.name, v.version
    );
    tf += &format!("  private_cluster_enabled   = {}\n", v.private);
    tf += &format!(
        "  local_account_disabled    = {}\n",
        v.local_accounts_disabled
    );
    if let Some(c) = v.upgrade_channel {
        tf += &format!("  automatic_upgrade_channel = \"{c}\"\n");
    }
    tf += &format!("  node_os_upgrade_channel   = \"{}\"\n", v.node_os_channel);
    tf += "  oidc_issuer_enabled       = true\n  workload_identity_enabled = true\n  image_cleaner_enabled     = true\n  image_cleaner_interval_hours = 48\n  run_command_enabled       = false\n";
    tf += &format!("  azure_policy_enabled      = {}\n", v.azure_policy);
    tf += "  disk_encryption_set_id    = \"/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des\"\n";
    if !v.ranges.is_empty() {
        let ranges: Vec<String> = v.ranges.iter().map(|r| format!("\"{r}\"")).collect();
        tf += &format!(
            "\n  api_server_access_profile {{\n    authorized_ip_ranges = [{}]\n  }}\n",
            ranges.join(", ")
        );
    }
    tf += "\n  default_node_pool {\n    name                    = \"system\"\n    vm_size                 = \"Standard_D4s_v5\"\n    os_sku                  = \"AzureLinux\"\n    zones                   = [\"1\", \"2\", \"3\"]\n    auto_scaling_enabled    = true\n    min_count               = 3\n    max_count               = 5\n    host_encryption_enabled = true\n  }\n";
    if v.managed_identity {
        tf += "\n  identity {\n    type = \"SystemAssigned\"\n  }\n";
    } else {
        tf += "\n  service_principal {\n    client_id     = \"9c1f0e8d-0000-0000-0000-4a5b6c7d8e9f\"\n    client_secret = var.sp_secret\n  }\n";
    }
    if v.azure_rbac {
        tf += "\n  azure_active_directory_role_based_access_control {\n    azure_rbac_enabled     = true\n    admin_group_object_ids = [\"6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f\"]\n  }\n";
    }
    tf += &format!(
        "\n  network_profile {{\n    network_plugin = \"{}\"\n{}    outbound_type  = \"{}\"\n  }}\n",
        v.plugin,
        v.policy
            .map(|p| format!("    network_policy = \"{p}\"\n"))
            .unwrap_or_default(),
        v.outbound
    );
    tf += "\n  key_vault_secrets_provider {\n    secret_rotation_enabled = true\n  }\n";
    tf += "\n  key_management_service {\n    key_vault_key_id = \"https://kv.vault.azure.net/keys/etcd/0123\"\n  }\n";
    if v.defender {
        tf += "\n  microsoft_defender {\n    log_analytics_workspace_id = \"/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law\"\n  }\n";
    }
    tf += "}\n\n";
    tf += &format!(
        "resource \"azurerm_kubernetes_cluster_node_pool\" \"user\" {{\n  name                    = \"user\"\n  kubernetes_cluster_id   = azurerm_kubernetes_cluster.main.id\n  vm_size                 = \"Standard_D4s_v5\"\n  os_sku                  = \"AzureLinux\"\n  zones                   = [\"1\", \"2\"]\n  auto_scaling_enabled    = true\n  min_count               = 2\n  max_count               = 10\n  host_encryption_enabled = true\n  node_public_ip_enabled  = {}\n}}\n",
        v.user_pool_public_ip
    );
    tf
}

/// The cluster's `properties` as the ARM/REST API spells them.
fn arm_properties(v: &Variant, cli: bool) -> Value {
    let pool = |name: &str, mode: &str, zones: &[&str], public: bool| {
        json!({"name": name, "mode": mode, "osType": "Linux", "osSKU": "AzureLinux", "availabilityZones": zones,
               "enableAutoScaling": true, "enableEncryptionAtHost": true, "enableNodePublicIP": public,
               "orchestratorVersion": v.version})
    };
    let mut addons = json!({
        "azureKeyvaultSecretsProvider": {"enabled": true, "config": {"enableSecretRotation": "true"}}
    });
    if v.azure_policy {
        addons["azurepolicy"] = json!({"enabled": true});
    } else if cli {
        addons["azurepolicy"] = json!({"enabled": false});
    }
    let mut p = json!({
        "kubernetesVersion": v.version,
        "enableRBAC": true,
        "disableLocalAccounts": v.local_accounts_disabled,
        "apiServerAccessProfile": {"enablePrivateCluster": v.private, "disableRunCommand": true},
        "networkProfile": {"networkPlugin": v.plugin, "outboundType": v.outbound},
        "agentPoolProfiles": [pool("system", "System", &["1", "2", "3"], false), pool("user", "User", &["1", "2"], v.user_pool_public_ip)],
        "addonProfiles": addons,
        "autoUpgradeProfile": {"nodeOSUpgradeChannel": v.node_os_channel},
        "oidcIssuerProfile": {"enabled": true},
        "securityProfile": {
            "workloadIdentity": {"enabled": true},
            "imageCleaner": {"enabled": true, "intervalHours": 48},
            "azureKeyVaultKms": {"enabled": true, "keyId": "https://kv.vault.azure.net/keys/etcd/0123"}
        },
        "diskEncryptionSetID": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des"
    });
    if let Some(policy) = v.policy {
        p["networkProfile"]["networkPolicy"] = json!(policy);
    }
    if !v.ranges.is_empty() {
        p["apiServerAccessProfile"]["authorizedIPRanges"] = json!(v.ranges);
    }
    if let Some(c) = v.upgrade_channel {
        p["autoUpgradeProfile"]["upgradeChannel"] = json!(c);
    }
    if v.azure_rbac {
        p["aadProfile"] = json!({"managed": true, "enableAzureRBAC": true, "adminGroupObjectIDs": ["6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"]});
    }
    if v.defender {
        p["securityProfile"]["defender"] = json!({"securityMonitoring": {"enabled": true}});
    }
    if !v.managed_identity {
        p["servicePrincipalProfile"] = json!({"clientId": "9c1f0e8d-0000-0000-0000-4a5b6c7d8e9f"});
    } else if cli {
        p["servicePrincipalProfile"] = json!({"clientId": "msi"});
    }
    p
}

fn arm_template(v: &Variant) -> String {
    let mut cluster = json!({
        "type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2025-10-01",
        "name": format!("aks-{}", v.name), "location": "japaneast",
        "tags": {"environment": "production"}, "sku": {"name": "Base", "tier": "Standard"},
        "properties": arm_properties(v, false)
    });
    if v.managed_identity {
        cluster["identity"] = json!({"type": "SystemAssigned"});
    }
    serde_json::to_string_pretty(&json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [cluster]
    }))
    .unwrap()
}

fn az_cli(v: &Variant) -> String {
    let mut cluster = arm_properties(v, true);
    cluster["name"] = json!(format!("aks-{}", v.name));
    cluster["type"] = json!("Microsoft.ContainerService/ManagedClusters");
    cluster["location"] = json!("japaneast");
    cluster["tags"] = json!({"environment": "production"});
    cluster["sku"] = json!({"name": "Base", "tier": "Standard"});
    cluster["identity"] = if v.managed_identity {
        json!({"type": "SystemAssigned"})
    } else {
        Value::Null
    };
    cluster["currentKubernetesVersion"] = json!(v.version);
    serde_json::to_string_pretty(&cluster).unwrap()
}

#[test]
fn the_same_cluster_as_terraform_an_arm_template_and_az_cli_output_gives_identical_findings() {
    for v in variants() {
        let shapes = [
            ("main.tf", terraform(&v)),
            ("template.json", arm_template(&v)),
            ("az.json", az_cli(&v)),
        ];
        let mut seen = Vec::new();
        for (file, text) in &shapes {
            let dir = tempfile::tempdir().unwrap();
            write(dir.path(), file, text);
            let result = scan_dir(dir.path(), &[], &["CN1", "CN9", "CL1", "AU1", "AU9"]);
            assert_eq!(result.inventory.pools.len(), 2, "{file}");
            assert!(
                result.inventory.pools.iter().all(|p| p.cluster == Some(0)),
                "{file}: the separate node pool joins its cluster"
            );
            seen.push((*file, verdicts(&result)));
        }
        let (_, first) = &seen[0];
        for (file, found) in &seen[1..] {
            assert_eq!(
                first, found,
                "variant {}: main.tf and {file} differ",
                v.name
            );
        }
        if v.name == "first-attempt" {
            let codes: BTreeSet<&str> = first.iter().map(|(c, _, _)| c.as_str()).collect();
            for code in [
                "CN101", "CN104", "CN106", "CN108", "AU103", "AU105", "CL102", "CL103",
            ] {
                assert!(codes.contains(code), "{code} missing from {first:#?}");
            }
        }
    }
}

#[test]
fn findings_point_at_the_attribute_or_at_the_block_whose_default_decides() {
    let dir = tempfile::tempdir().unwrap();
    let v = variants().remove(1);
    write(dir.path(), "main.tf", &terraform(&v));
    let result = scan_dir(dir.path(), &[], &["AU103", "CN104", "CL102", "CN106"]);
    let at = |code: &str| {
        let (file, line, _) = finding(&result, code).unwrap_or_else(|| panic!("no {code}"));
        assert_eq!(file, "main.tf");
        line
    };
    let line = |marker: &str| line_of(dir.path(), "main.tf", marker);
    assert_eq!(at("AU103"), line("local_account_disabled"));
    // The public IP is on the separate node pool resource, which Checkov
    // does not check (checkov.md §1, CKV_AZURE_143).
    assert_eq!(at("CN104"), line("node_public_ip_enabled"));
    // No channel attribute: the cluster block, whose default decides.
    assert_eq!(at("CL102"), line("resource \"azurerm_kubernetes_cluster\""));
    assert_eq!(at("CN106"), line("network_profile {"));
}

#[test]
fn a_variable_without_default_is_unknown_by_name_until_a_var_file_decides_it() {
    let dir = tempfile::tempdir().unwrap();
    let tf = terraform(&HARDENED).replace(
        "private_cluster_enabled   = true",
        "private_cluster_enabled   = var.private_cluster",
    );
    write(
        dir.path(),
        "aks/main.tf",
        &format!("variable \"private_cluster\" {{\n  type = bool\n}}\n\n{tf}"),
    );
    let result = scan_dir(&dir.path().join("aks"), &[], &["CN101"]);
    let reason = unknown(&result);
    assert!(
        reason.0.contains("variable \"private_cluster\""),
        "{reason:?}"
    );
    assert_eq!(
        reason.1,
        line_of(
            &dir.path().join("aks"),
            "main.tf",
            "private_cluster_enabled"
        )
    );

    // From the command line: a public value makes it a finding, a private
    // one not applicable.
    write(dir.path(), "public.tfvars", "private_cluster = false\n");
    write(
        dir.path(),
        "private.tfvars.json",
        r#"{"private_cluster": true}"#,
    );
    let run = |var_file: &str| {
        Command::cargo_bin("chanto")
            .unwrap()
            .env("NO_COLOR", "1")
            .args([
                "scan",
                "aks",
                "--select",
                "CN101",
                "--as-of",
                AS_OF,
                "--format",
                "json",
                "--var-file",
                var_file,
            ])
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let public = run("public.tfvars");
    let report: Value = serde_json::from_slice(&public.stdout).unwrap();
    assert_eq!(report["findings"][0]["code"], "CN101", "{report:#}");
    assert_eq!(public.status.code(), Some(1));
    let private = run("private.tfvars.json");
    let report: Value = serde_json::from_slice(&private.stdout).unwrap();
    assert_eq!(report["summary"]["findings"], 0, "{report:#}");
    assert_eq!(report["summary"]["not_applicable"], 1);
}

#[test]
fn tfvars_locals_conditionals_and_a_local_module_are_evaluated() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("envs/prod");
    write(
        &root,
        "main.tf",
        "variable \"environment\" {\n  default = \"dev\"\n}\n\nlocals {\n  production = var.environment == \"prod\"\n}\n\nmodule \"aks\" {\n  source     = \"../../modules/aks\"\n  name       = \"aks-${var.environment}\"\n  hardened   = local.production\n}\n\nmodule \"remote\" {\n  source  = \"Azure/aks/azurerm\"\n  version = \"9.0.0\"\n}\n",
    );
    write(&root, "terraform.tfvars", "environment = \"prod\"\n");
    write(
        &dir.path().join("modules/aks"),
        "main.tf",
        "variable \"name\" {}\nvariable \"hardened\" {\n  default = false\n}\n\nresource \"azurerm_kubernetes_cluster\" \"this\" {\n  name                   = var.name\n  local_account_disabled = var.hardened ? true : false\n  default_node_pool {\n    name = \"system\"\n  }\n}\n",
    );
    // Only the environment is scanned; the module it calls is followed.
    let result = scan_dir(&root, &[], &["AU103"]);
    assert_eq!(result.inventory.clusters.len(), 1);
    let cluster = &result.inventory.clusters[0];
    assert_eq!(cluster.name, "aks-prod");
    assert_eq!(
        cluster.id.as_deref(),
        Some("module.aks.azurerm_kubernetes_cluster.this")
    );
    assert!(result.outcomes.is_empty(), "{:#?}", result.outcomes);
    assert!(
        result.skipped.iter().any(|(what, why)| what
            .ends_with("module.remote (Azure/aks/azurerm)")
            && why.contains("terraform init")),
        "{:?}",
        result.skipped
    );
    // The module's file is reported by its path, so its findings can point there.
    assert!(
        result
            .inventory
            .files
            .iter()
            .any(|f| f.contains("modules/aks/main.tf"))
    );

    // Scanning everything, the module is evaluated through its caller only.
    let result = scan_dir(dir.path(), &[], &["AU103"]);
    assert_eq!(result.inventory.clusters.len(), 1);
}

#[test]
fn renamed_3x_attributes_are_read_too() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "resource \"azurerm_kubernetes_cluster\" \"old\" {\n  name                      = \"aks-3x\"\n  automatic_channel_upgrade = \"none\"\n  node_os_channel_upgrade   = \"Unmanaged\"\n  api_server_authorized_ip_ranges = [\"20.0.0.0/8\"]\n  default_node_pool {\n    name                  = \"system\"\n    enable_node_public_ip = true\n    enable_host_encryption = false\n  }\n}\n",
    );
    let result = scan_dir(
        dir.path(),
        &[],
        &["CL102", "CL103", "CN102", "CN104", "CL106"],
    );
    for (code, attribute) in [
        ("CL102", "automatic_channel_upgrade"),
        ("CL103", "node_os_channel_upgrade"),
        ("CN102", "api_server_authorized_ip_ranges"),
        ("CN104", "enable_node_public_ip"),
        ("CL106", "enable_host_encryption"),
    ] {
        let line = line_of(dir.path(), "main.tf", attribute);
        assert!(
            result.outcomes.iter().any(|o| o.rule.code == code
                && matches!(&o.evaluation.verdict, Verdict::Fail { loc, .. } if loc.line == line)),
            "no {code} at {attribute} (line {line}): {:#?}",
            result.outcomes
        );
    }
}

fn plan() -> Value {
    let cluster_values = json!({
        "name": "aks-plan", "location": "japaneast", "kubernetes_version": "1.35", "sku_tier": "Standard",
        "private_cluster_enabled": true, "local_account_disabled": true,
        "automatic_upgrade_channel": null, "node_os_upgrade_channel": "NodeImage",
        "role_based_access_control_enabled": true, "run_command_enabled": true,
        "api_server_access_profile": [], "microsoft_defender": [], "linux_profile": [],
        "default_node_pool": [{"name": "system", "zones": ["1", "2", "3"], "auto_scaling_enabled": true,
                                "host_encryption_enabled": true, "node_public_ip_enabled": false, "mode": "System"}],
        "network_profile": [{"network_plugin": "azure", "network_policy": "cilium", "outbound_type": "loadBalancer"}],
        "identity": [{"type": "SystemAssigned"}],
        "tags": {"environment": "production"}
    });
    json!({
        "format_version": "1.2",
        "terraform_version": "1.9.8",
        "planned_values": {"root_module": {"child_modules": [{
            "address": "module.aks",
            "resources": [
                {"address": "module.aks.azurerm_kubernetes_cluster.main", "mode": "managed",
                 "type": "azurerm_kubernetes_cluster", "name": "main",
                 "provider_name": "registry.terraform.io/hashicorp/azurerm", "schema_version": 2,
                 "values": cluster_values, "sensitive_values": {}},
                {"address": "module.aks.azurerm_kubernetes_cluster_node_pool.spot", "mode": "managed",
                 "type": "azurerm_kubernetes_cluster_node_pool", "name": "spot",
                 "values": {"name": "spot", "mode": "User", "node_public_ip_enabled": true, "zones": null}},
                {"address": "module.aks.data.azurerm_client_config.current", "mode": "data",
                 "type": "azurerm_client_config", "name": "current", "values": {}}
            ]
        }]}},
        "configuration": {"root_module": {"module_calls": {"aks": {"source": "./modules/aks", "module": {"resources": [
            {"address": "azurerm_kubernetes_cluster.main", "mode": "managed", "type": "azurerm_kubernetes_cluster", "name": "main",
             "expressions": {"name": {"constant_value": "aks-plan"}}},
            {"address": "azurerm_kubernetes_cluster_node_pool.spot", "mode": "managed", "type": "azurerm_kubernetes_cluster_node_pool", "name": "spot",
             "expressions": {"kubernetes_cluster_id": {"references": ["azurerm_kubernetes_cluster.main.id", "azurerm_kubernetes_cluster.main"]}}}
        ]}}}}}
    })
}

#[test]
fn a_plan_is_read_with_its_child_modules_and_a_null_channel_fails() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "plan.json",
        &serde_json::to_string_pretty(&plan()).unwrap(),
    );
    let result = scan_dir(dir.path(), &[], &["CL102", "CN104", "AU103"]);
    assert_eq!(result.inventory.clusters.len(), 1);
    assert_eq!(
        result.inventory.clusters[0].shape,
        chanto::model::Shape::TerraformPlan
    );
    // Checkov passes a null channel in plans (checkov.md §5); it means none.
    let (file, line, _) = finding(&result, "CL102").expect("CL102");
    assert_eq!(
        (file.as_str(), line),
        (
            "plan.json",
            line_of(dir.path(), "plan.json", "\"automatic_upgrade_channel\"")
        )
    );
    // The spot pool's cluster ID is only known after apply; the
    // configuration's reference links it.
    let (_, line, message) = finding(&result, "CN104").expect("CN104");
    assert_eq!(
        line,
        line_of(
            dir.path(),
            "plan.json",
            "\"module.aks.azurerm_kubernetes_cluster_node_pool.spot\" > \"node_public_ip_enabled\""
        )
    );
    assert!(message.contains("spot"), "{message}");
    assert_eq!(
        result
            .inventory
            .pools
            .iter()
            .filter(|p| p.cluster == Some(0))
            .count(),
        2
    );
}

/// Checkov's Terraform checks on `azurerm_kubernetes_cluster` that overlap a
/// chanto code (`checkov.md` §1), each with a fixture, Checkov's verdict and
/// chanto's. Where they differ, `why` says why chanto is right.
struct Overlap {
    checkov: &'static str,
    code: &'static str,
    /// Attributes of the cluster (`default_node_pool` is added), or a
    /// whole configuration when it starts with `resource`.
    fixture: &'static str,
    checkov_passes: bool,
    chanto: &'static str,
    why: &'static str,
}

const OVERLAPS: &[Overlap] = &[
    Overlap {
        checkov: "CKV_AZURE_6",
        code: "CN101",
        fixture: "",
        checkov_passes: false,
        chanto: "fail",
        why: "",
    },
    Overlap {
        checkov: "CKV_AZURE_6",
        code: "CN101",
        fixture: "private_cluster_enabled = true",
        checkov_passes: true,
        chanto: "not-applicable",
        why: "",
    },
    Overlap {
        checkov: "CKV_AZURE_6",
        code: "CN101",
        fixture: "api_server_access_profile {\n    authorized_ip_ranges = [\"0.0.0.0/0\"]\n  }",
        checkov_passes: true,
        chanto: "fail",
        why: "0.0.0.0/0 is every address: Checkov only asks for a non-empty list",
    },
    Overlap {
        checkov: "CKV_AZURE_115",
        code: "CN101",
        fixture: "api_server_access_profile {\n    authorized_ip_ranges = [\"198.51.100.0/29\"]\n  }",
        checkov_passes: false,
        chanto: "pass",
        why: "authorized ranges are the talk's accepted answer for a public API server (s16); private is not the only safe choice",
    },
    Overlap {
        checkov: "CKV_AZURE_143",
        code: "CN104",
        fixture: "resource \"azurerm_kubernetes_cluster_node_pool\" \"gpu\" {\n  name                   = \"gpu\"\n  kubernetes_cluster_id  = azurerm_kubernetes_cluster.c.id\n  node_public_ip_enabled = true\n}",
        checkov_passes: true,
        chanto: "fail",
        why: "the public IP is on a separate node pool resource, which Checkov does not check",
    },
    Overlap {
        checkov: "CKV2_AZURE_29",
        code: "CN108",
        fixture: "network_profile {\n    network_plugin = \"kubenet\"\n  }",
        checkov_passes: false,
        chanto: "fail",
        why: "",
    },
    Overlap {
        checkov: "CKV2_AZURE_29",
        code: "CN108",
        fixture: "network_profile {\n    network_plugin = \"azure\"\n  }",
        checkov_passes: true,
        chanto: "pass",
        why: "",
    },
    Overlap {
        checkov: "CKV2_AZURE_29",
        code: "CN108",
        // The provider's default when network_profile is omitted.
        fixture: "",
        checkov_passes: false,
        chanto: "fail",
        why: "",
    },
    Overlap {
        checkov: "CKV_AZURE_246",
        code: "CN107",
        fixture: "http_application_routing_enabled = true",
        checkov_passes: false,
        chanto: "fail",
        why: "",
    },
    Overlap {
        checkov: "CKV_AZURE_7",
        code: "CN106",
        fixture: "network_profile {\n    network_plugin = \"azure\"\n    network_policy = \"cilium\"\n  }",
        checkov_passes: true,
        chanto: "pass",
        why: "",
    },
    Overlap {
        checkov: "CKV_AZURE_7",
        code: "CN106",
        fixture: "network_profile {\n    network_plugin = \"azure\"\n  }",
        checkov_passes: false,
        chanto: "fail",
        why: "",
    },
    Overlap {
        checkov: "CKV_AZURE_171",
        code: "CL102",
        fixture: "automatic_upgrade_channel = \"stable\"",
        checkov_passes: true,
        chanto: "pass",
        why: "",
    },
    Overlap {
        checkov: "CKV_AZURE_171",
        code: "CL102",
        fixture: "automatic_upgrade_channel = \"none\"",
        checkov_passes: false,
        chanto: "fail",
        why: "",
    },
    Overlap {
        checkov: "CKV_AZURE_116",
        code: "CL105",
        fixture: "azure_policy_enabled = true",
        checkov_passes: true,
        chanto: "pass",
        why: "",
    },
    Overlap {
        checkov: "CKV_AZURE_116",
        code: "CL105",
        fixture: "",
        checkov_passes: false,
        chanto: "fail",
        why: "",
    },
    Overlap {
        checkov: "CKV_AZURE_170",
        code: "CL108",
        fixture: "sku_tier = \"Free\"",
        checkov_passes: false,
        chanto: "not-applicable",
        why: "the free tier is fine for a cluster that is not production; chanto asks for the SLA where the organisation says production",
    },
    Overlap {
        checkov: "CKV_AZURE_5",
        code: "AU101",
        fixture: "",
        checkov_passes: true,
        chanto: "pass",
        why: "",
    },
    Overlap {
        checkov: "CKV_AZURE_5",
        code: "AU101",
        fixture: "role_based_access_control_enabled = false",
        checkov_passes: false,
        chanto: "fail",
        why: "",
    },
    Overlap {
        checkov: "CKV_AZURE_141",
        code: "AU103",
        fixture: "local_account_disabled = true",
        checkov_passes: true,
        chanto: "pass",
        why: "",
    },
    Overlap {
        checkov: "CKV_AZURE_141",
        code: "AU103",
        fixture: "",
        checkov_passes: false,
        chanto: "fail",
        why: "",
    },
    Overlap {
        checkov: "CKV_AZURE_172",
        code: "AU106",
        fixture: "key_vault_secrets_provider {\n    secret_rotation_enabled = true\n  }",
        checkov_passes: true,
        chanto: "pass",
        why: "",
    },
    Overlap {
        checkov: "CKV_AZURE_172",
        code: "AU106",
        fixture: "key_vault_secrets_provider {\n    secret_rotation_enabled = false\n  }",
        checkov_passes: false,
        chanto: "fail",
        why: "",
    },
];

fn overlap_fixture(o: &Overlap) -> String {
    let base = "resource \"azurerm_kubernetes_cluster\" \"c\" {\n  name = \"aks-overlap\"\n  default_node_pool {\n    name = \"system\"\n  }\n";
    if o.fixture.starts_with("resource") {
        format!("{base}}}\n\n{}\n", o.fixture)
    } else {
        format!("{base}  {}\n}}\n", o.fixture)
    }
}

fn chanto_verdict(result: &ScanResult, code: &str) -> &'static str {
    let outcomes: Vec<_> = result.outcomes_of(code).collect();
    let tally = result.tally(code);
    match outcomes.first().map(|o| &o.evaluation.verdict) {
        Some(Verdict::Fail { .. }) => "fail",
        Some(Verdict::Unknown { .. }) => "unknown",
        _ if tally.passed > 0 => "pass",
        _ if tally.not_applicable > 0 => "not-applicable",
        _ => "nothing",
    }
}

#[test]
fn chanto_agrees_with_checkov_where_both_are_right_and_documents_each_difference() {
    for o in OVERLAPS {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "main.tf", &overlap_fixture(o));
        let result = scan_dir(dir.path(), &[], &[o.code]);
        assert_eq!(
            chanto_verdict(&result, o.code),
            o.chanto,
            "{} / {} on:\n{}",
            o.checkov,
            o.code,
            overlap_fixture(o)
        );
        let agrees = (o.chanto == "pass" || o.chanto == "not-applicable") == o.checkov_passes;
        assert_eq!(
            agrees,
            o.why.is_empty(),
            "{} / {}: every difference from Checkov needs its reason, and only differences have one",
            o.checkov,
            o.code
        );
    }
}

/// Runs Checkov itself on the same fixtures (one run over a folder per
/// case), to hold the table above to the real tool. Needs Checkov
/// (`bench/install-checkov`); `.ci/run` installs it and runs ignored tests.
#[test]
#[ignore = "needs Checkov: bench/install-checkov, then cargo test -- --ignored"]
fn checkov_gives_the_verdicts_the_overlap_table_states() {
    let checkov = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/.venv/bin/checkov");
    assert!(
        checkov.exists(),
        "install Checkov with bench/install-checkov"
    );
    let dir = tempfile::tempdir().unwrap();
    for (i, o) in OVERLAPS.iter().enumerate() {
        write(dir.path(), &format!("case{i}/main.tf"), &overlap_fixture(o));
    }
    let checks: BTreeSet<&str> = OVERLAPS.iter().map(|o| o.checkov).collect();
    let output = std::process::Command::new(&checkov)
        .args([
            "-d",
            ".",
            "--framework",
            "terraform",
            "-o",
            "json",
            "--compact",
        ])
        .args(["--check", &checks.into_iter().collect::<Vec<_>>().join(",")])
        // No calls to Prisma Cloud for check metadata: tests stay offline.
        .env("BC_SKIP_MAPPING", "TRUE")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    let verdicts = |kind: &str, check: &str, case: usize| {
        report["results"][kind]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["check_id"] == check)
            .filter(|r| r["file_path"].as_str() == Some(&format!("/case{case}/main.tf")))
            .count()
    };
    for (i, o) in OVERLAPS.iter().enumerate() {
        let failed = verdicts("failed_checks", o.checkov, i);
        let passed = verdicts("passed_checks", o.checkov, i);
        assert!(failed + passed > 0, "{} did not run on case {i}", o.checkov);
        assert_eq!(
            failed == 0,
            o.checkov_passes,
            "{} on case {i}:\n{}",
            o.checkov,
            overlap_fixture(o)
        );
    }
}

const SERVICES_TF: &str = r#"
resource "azurerm_storage_account" "st" {
  name                          = "stshapes"
  public_network_access_enabled = true
  network_rules {
    default_action             = "Allow"
    virtual_network_subnet_ids = ["subnet-1"]
  }
}

resource "azurerm_key_vault" "kv" {
  name                          = "kv-shapes"
  public_network_access_enabled = false
  rbac_authorization_enabled    = false
  purge_protection_enabled      = true
}

resource "azurerm_container_registry" "acr" {
  name                          = "acrshapes"
  sku                           = "Premium"
  public_network_access_enabled = true
  admin_enabled                 = true
  network_rule_bypass_option    = "None"
  network_rule_set {
    default_action = "Deny"
    ip_rule {
      action   = "Allow"
      ip_range = "0.0.0.0/0"
    }
  }
}

resource "azurerm_mssql_server" "sql" {
  name                          = "sql-shapes"
  public_network_access_enabled = true
}

resource "azurerm_mssql_firewall_rule" "azure" {
  name             = "AllowAllWindowsAzureIps"
  server_id        = azurerm_mssql_server.sql.id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0"
}

resource "azurerm_cosmosdb_account" "cosmos" {
  name                              = "cosmos-shapes"
  public_network_access_enabled     = true
  is_virtual_network_filter_enabled = false
}

resource "azurerm_private_endpoint" "kv" {
  name = "pe-kv"
  private_service_connection {
    name                           = "vault"
    private_connection_resource_id = azurerm_key_vault.kv.id
    is_manual_connection           = false
  }
}
"#;

/// The same services as `az … show` output.
fn services_cli() -> String {
    let id = |path: &str| format!("/subscriptions/0/resourceGroups/rg/providers/{path}");
    serde_json::to_string_pretty(&json!([
        {"type": "Microsoft.Storage/storageAccounts", "name": "stshapes", "id": id("Microsoft.Storage/storageAccounts/stshapes"),
         "publicNetworkAccess": "Enabled", "networkRuleSet": {"defaultAction": "Allow", "virtualNetworkRules": [{"virtualNetworkResourceId": "subnet-1"}]}},
        {"type": "Microsoft.KeyVault/vaults", "name": "kv-shapes", "id": id("Microsoft.KeyVault/vaults/kv-shapes"),
         "properties": {"publicNetworkAccess": "Disabled", "enableRbacAuthorization": false, "enablePurgeProtection": true}},
        {"type": "Microsoft.ContainerRegistry/registries", "name": "acrshapes", "id": id("Microsoft.ContainerRegistry/registries/acrshapes"),
         "sku": {"name": "Premium"}, "publicNetworkAccess": "Enabled", "adminUserEnabled": true, "networkRuleBypassOptions": "None",
         "networkRuleSet": {"defaultAction": "Deny", "ipRules": [{"action": "Allow", "ipAddressOrRange": "0.0.0.0/0"}]}},
        {"type": "Microsoft.Sql/servers", "name": "sql-shapes", "id": id("Microsoft.Sql/servers/sql-shapes"), "publicNetworkAccess": "Enabled"},
        {"type": "Microsoft.Sql/servers/firewallRules", "name": "AllowAllWindowsAzureIps",
         "id": id("Microsoft.Sql/servers/sql-shapes/firewallRules/AllowAllWindowsAzureIps"), "startIpAddress": "0.0.0.0", "endIpAddress": "0.0.0.0"},
        {"type": "Microsoft.DocumentDB/databaseAccounts", "name": "cosmos-shapes", "id": id("Microsoft.DocumentDB/databaseAccounts/cosmos-shapes"),
         "publicNetworkAccess": "Enabled", "ipRules": [], "isVirtualNetworkFilterEnabled": false},
        {"type": "Microsoft.Network/privateEndpoints", "name": "pe-kv", "id": id("Microsoft.Network/privateEndpoints/pe-kv"),
         "privateLinkServiceConnections": [{"name": "vault", "privateLinkServiceId": id("Microsoft.KeyVault/vaults/kv-shapes")}]}
    ]))
    .unwrap()
}

#[test]
fn adjacent_services_in_terraform_give_the_findings_their_az_cli_output_gives() {
    let select = ["CN301", "CN302", "CL301", "AU301", "AU302"];
    let mut seen = Vec::new();
    for (file, text) in [
        ("services.tf", SERVICES_TF.to_string()),
        ("services.json", services_cli()),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), file, &text);
        seen.push(verdicts(&scan_dir(dir.path(), &[], &select)));
    }
    assert_eq!(seen[0], seen[1]);
    let codes: BTreeSet<(&str, &str)> = seen[0]
        .iter()
        .map(|(c, n, _)| (c.as_str(), n.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("AU301", "acrshapes"),
            ("AU302", "kv-shapes"),
            ("CL301", "acrshapes"),
            ("CN301", "acrshapes"),
            ("CN301", "cosmos-shapes"),
            ("CN301", "sql-shapes"),
            ("CN301", "stshapes"),
            ("CN302", "stshapes"),
        ]
        .into()
    );
}

const SPOKE_TF: &str = r#"
resource "azurerm_kubernetes_cluster" "aks" {
  name                    = "aks-spoke"
  location                = "japaneast"
  private_cluster_enabled = true
  default_node_pool {
    name           = "system"
    vnet_subnet_id = azurerm_subnet.nodes.id
  }
  network_profile {
    network_plugin = "azure"
    outbound_type  = "userDefinedRouting"
  }
}

resource "azurerm_subnet" "nodes" {
  name                 = "snet-nodes"
  virtual_network_name = "vnet-spoke"
}

resource "azurerm_route_table" "egress" {
  name = "rt-egress"
  route {
    name                   = "to-firewall"
    address_prefix         = "0.0.0.0/0"
    next_hop_type          = "VirtualAppliance"
    next_hop_in_ip_address = NEXT_HOP
  }
}

resource "azurerm_subnet_route_table_association" "nodes" {
  subnet_id      = azurerm_subnet.nodes.id
  route_table_id = azurerm_route_table.egress.id
}

resource "azurerm_firewall_policy" "hub" {
  name = "fwp-hub"
}

resource "azurerm_firewall_policy_rule_collection_group" "aks" {
  name               = "aks"
  firewall_policy_id = azurerm_firewall_policy.hub.id
  priority           = 200
  application_rule_collection {
    name     = "aks"
    priority = 100
    action   = "Allow"
    rule {
      name                  = "aks"
      destination_fqdn_tags = TAGS
      destination_fqdns     = FQDNS
      protocols {
        type = "Https"
        port = 443
      }
    }
  }
}
"#;

#[test]
fn cn901_follows_terraform_associations_and_joins_a_live_firewall() {
    let spoke = |next_hop: &str, tags: &str, fqdns: &str| {
        SPOKE_TF
            .replace("NEXT_HOP", next_hop)
            .replace("TAGS", tags)
            .replace("FQDNS", fqdns)
    };
    // The firewall's address is computed when it is created: unknown, saying so.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "spoke.tf",
        &spoke(
            "azurerm_firewall.hub.ip_configuration[0].private_ip_address",
            "[\"AzureKubernetesService\"]",
            "[]",
        ),
    );
    let result = scan_dir(dir.path(), &[], &["CN901"]);
    let reason = unknown(&result);
    assert!(reason.0.contains("computed"), "{reason:?}");
    assert_eq!(
        reason.1,
        line_of(dir.path(), "spoke.tf", "next_hop_in_ip_address")
    );

    // With the address written out and `az network firewall show` beside it,
    // the path reaches the Terraform policy by its Azure ID.
    let firewall = serde_json::to_string_pretty(&json!({
        "type": "Microsoft.Network/azureFirewalls", "name": "fw-hub",
        "id": "/subscriptions/0/resourceGroups/hub/providers/Microsoft.Network/azureFirewalls/fw-hub",
        "firewallPolicy": {"id": "/subscriptions/0/resourceGroups/hub/providers/Microsoft.Network/firewallPolicies/fwp-hub"},
        "ipConfigurations": [{"name": "ip", "privateIPAddress": "10.0.0.4"}]
    }))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "spoke.tf",
        &spoke("\"10.0.0.4\"", "[\"AzureKubernetesService\"]", "[]"),
    );
    write(dir.path(), "fw.json", &firewall);
    let result = scan_dir(dir.path(), &[], &["CN901"]);
    assert!(result.outcomes.is_empty(), "{:#?}", result.outcomes);
    assert_eq!(
        result
            .tallies
            .iter()
            .find(|(c, _)| *c == "CN901")
            .unwrap()
            .1
            .passed,
        1
    );

    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "spoke.tf",
        &spoke("\"10.0.0.4\"", "[]", "[\"mcr.microsoft.com\"]"),
    );
    write(dir.path(), "fw.json", &firewall);
    let result = scan_dir(dir.path(), &[], &["CN901"]);
    let (file, line, message) = finding(&result, "CN901").expect("CN901");
    assert_eq!(file, "spoke.tf");
    assert_eq!(
        line,
        line_of(
            dir.path(),
            "spoke.tf",
            "application_rule_collection > rule {"
        )
    );
    assert!(message.contains("management.azure.com:443"), "{message}");
}

#[test]
fn broken_hcl_is_an_error_with_its_place_and_the_other_files_are_still_scanned() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good/main.tf", &terraform(&HARDENED));
    write(
        dir.path(),
        "bad/main.tf",
        "resource \"azurerm_kubernetes_cluster\" \"x\" {\n  name = \"unterminated\n}\n",
    );
    let output = Command::cargo_bin("chanto")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["scan", ".", "--as-of", AS_OF, "--format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors = report["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["file"] == "bad/main.tf" && e["line"] == 2),
        "{errors:#?}"
    );
    assert_eq!(
        report["scanned"]["clusters"], 1,
        "the good module is scanned"
    );
}

#[test]
fn two_environments_calling_one_module_give_two_clusters_each_with_its_own_pool() {
    let dir = tempfile::tempdir().unwrap();
    for (env, public) in [("dev", true), ("prod", false)] {
        write(
            dir.path(),
            &format!("envs/{env}/main.tf"),
            &format!(
                "module \"aks\" {{\n  source = \"../../modules/aks\"\n  name   = \"aks-{env}\"\n  public = {public}\n}}\n"
            ),
        );
    }
    write(
        dir.path(),
        "modules/aks/main.tf",
        "variable \"name\" {}\nvariable \"public\" {}\n\nresource \"azurerm_kubernetes_cluster\" \"this\" {\n  name = var.name\n  default_node_pool {\n    name = \"system\"\n  }\n}\n\nresource \"azurerm_kubernetes_cluster_node_pool\" \"user\" {\n  name                   = \"user\"\n  kubernetes_cluster_id  = azurerm_kubernetes_cluster.this.id\n  node_public_ip_enabled = var.public\n}\n",
    );
    let result = scan_dir(dir.path(), &[], &["CN104"]);
    let clusters: Vec<(&str, Option<&str>)> = result
        .inventory
        .clusters
        .iter()
        .map(|c| (c.name.as_str(), c.id.as_deref()))
        .collect();
    assert_eq!(
        clusters,
        [
            (
                "aks-dev",
                Some("envs/dev:module.aks.azurerm_kubernetes_cluster.this")
            ),
            (
                "aks-prod",
                Some("envs/prod:module.aks.azurerm_kubernetes_cluster.this")
            ),
        ]
    );
    let flagged: Vec<String> = result
        .outcomes
        .iter()
        .map(|o| {
            result
                .inventory
                .resource(o.evaluation.subject)
                .name
                .into_owned()
        })
        .collect();
    assert_eq!(
        flagged,
        ["aks-dev/user"],
        "each pool joins its own environment's cluster"
    );
}

#[test]
fn a_state_shown_as_json_is_read_like_a_plan() {
    let mut state = plan();
    let values = state["planned_values"].take();
    state = json!({"format_version": "1.0", "terraform_version": "1.9.8", "values": values});
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "state.json",
        &serde_json::to_string_pretty(&state).unwrap(),
    );
    let result = scan_dir(dir.path(), &[], &["CL102"]);
    assert_eq!(result.inventory.clusters.len(), 1);
    assert!(finding(&result, "CL102").is_some());
}

#[test]
fn a_remote_module_is_named_in_the_table_as_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "module \"aks\" {\n  source  = \"Azure/aks/azurerm\"\n  version = \"9.0.0\"\n}\n",
    );
    let output = Command::cargo_bin("chanto")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["scan", ".", "--as-of", AS_OF])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    let at = table
        .find("Not followed")
        .unwrap_or_else(|| panic!("{table}"));
    assert!(
        table[at..].contains("main.tf:1: module.aks (Azure/aks/azurerm)  remote module not installed: run `terraform init`"),
        "{table}"
    );
}

#[test]
fn dynamic_blocks_expand_when_their_for_each_is_known() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        r#"
variable "auto_scaling" {
  default = true
}

variable "ranges" {
  default = ["20.0.0.0/8"]
}

variable "pools" {
  default = {
    gpu = { public_ip = true }
    web = { public_ip = false }
  }
}

variable "access" {}

resource "azurerm_kubernetes_cluster" "main" {
  name = "aks-dynamic"

  dynamic "default_node_pool" {
    for_each = var.auto_scaling ? [] : ["manual"]
    content {
      name                  = "manual"
      enable_node_public_ip = true
    }
  }
  dynamic "default_node_pool" {
    for_each = var.auto_scaling ? ["scaled"] : []
    content {
      name                 = default_node_pool.value
      auto_scaling_enabled = true
    }
  }
  dynamic "api_server_access_profile" {
    for_each = length(var.ranges) > 0 ? [var.ranges] : []
    iterator = profile
    content {
      authorized_ip_ranges = profile.value
    }
  }
  dynamic "network_profile" {
    for_each = var.access
    content {
      network_plugin = "azure"
    }
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "extra" {
  for_each               = var.pools
  name                   = "extra"
  kubernetes_cluster_id  = azurerm_kubernetes_cluster.main.id
  node_public_ip_enabled = false

  dynamic "upgrade_settings" {
    for_each = var.pools
    content {
      max_surge = upgrade_settings.key
    }
  }
}
"#,
    );
    let result = scan_dir(dir.path(), &[], &["CN102", "CN104", "CN108"]);
    let pools: Vec<(&str, Option<bool>)> = result
        .inventory
        .pools
        .iter()
        .map(|p| (p.name.as_str(), p.auto_scaling.value().copied()))
        .collect();
    // `for_each` over two known pools makes two instances of the pool.
    assert_eq!(
        pools,
        [("scaled", Some(true)), ("extra", None), ("extra", None)]
    );
    let (_, line, message) = finding(&result, "CN102").expect("CN102 through the iterator");
    assert!(message.contains("20.0.0.0/8"), "{message}");
    assert_eq!(line, line_of(dir.path(), "main.tf", "authorized_ip_ranges"));
    assert!(
        finding(&result, "CN104").is_none(),
        "the manual pool is not created"
    );
    // A for_each only known at plan time leaves the block unknown, by name.
    let (reason, _) = unknown(&result);
    assert!(reason.contains("\"access\""), "{reason}");
}

#[test]
fn azurerm_2x_rbac_and_addon_profile_blocks_are_read() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        r#"
resource "azurerm_kubernetes_cluster" "old" {
  name = "aks-2x"
  role_based_access_control {
    enabled = false
  }
  addon_profile {
    azure_policy {
      enabled = true
    }
    http_application_routing {
      enabled = true
    }
  }
  default_node_pool {
    name = "system"
  }
}
"#,
    );
    let result = scan_dir(dir.path(), &[], &["AU101", "CL105", "CN107"]);
    let (_, line, _) = finding(&result, "AU101").expect("RBAC off in the 2.x block");
    assert_eq!(line, line_of(dir.path(), "main.tf", "enabled = false"));
    let (_, line, _) = finding(&result, "CN107").expect("HTTP routing from addon_profile");
    assert_eq!(
        line,
        line_of(dir.path(), "main.tf", "http_application_routing > enabled")
    );
    assert!(finding(&result, "CL105").is_none(), "Azure Policy is on");
    assert_eq!(result.tally("CL105").passed, 1);
}

#[test]
fn an_azurerm_2x_cluster_gets_no_new_provider_default() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        r#"
resource "azurerm_kubernetes_cluster" "old" {
  name = "aks-2x"
  addon_profile {
    azure_policy {
      enabled = true
    }
  }
  default_node_pool {
    name = "system"
  }
}
"#,
    );
    for (code, named) in [
        ("AU101", "role_based_access_control"),
        ("CL103", "node_os_upgrade_channel"),
    ] {
        let result = scan_dir(dir.path(), &[], &[code]);
        let (reason, _) = unknown(&result);
        assert!(
            reason.contains("azurerm 2.x") && reason.contains(named),
            "{code}: {reason}"
        );
    }
}

#[test]
fn a_separate_storage_network_rules_resource_closes_its_account() {
    let account = r#"
resource "azurerm_storage_account" "st" {
  name                          = "stdata"
  public_network_access_enabled = true
  INLINE
}
"#;
    let separate = r#"
resource "azurerm_storage_account_network_rules" "st" {
  storage_account_id = azurerm_storage_account.st.id
  default_action     = "Deny"
  ip_rules           = ["203.0.113.0/24"]
}
"#;
    let scan_text = |text: &str| {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "main.tf", text);
        (scan_dir(dir.path(), &[], &["CN301"]), dir)
    };
    let (open, _dir) = scan_text(&account.replace("INLINE", ""));
    assert!(finding(&open, "CN301").is_some(), "open without rules");
    let (closed, _dir) = scan_text(&format!("{}{separate}", account.replace("INLINE", "")));
    assert!(
        finding(&closed, "CN301").is_none(),
        "{:#?}",
        closed.outcomes
    );
    assert_eq!(closed.tally("CN301").passed, 1);
    let both = account.replace(
        "INLINE",
        "network_rules {\n    default_action = \"Allow\"\n  }",
    );
    let (conflict, _dir) = scan_text(&format!("{both}{separate}"));
    let (reason, _) = unknown(&conflict);
    assert!(reason.contains("both set its rules"), "{reason}");
}

/// A root after `terraform init`: the registry module's cluster is read from
/// `.terraform/modules`, with the root's arguments, at the module's lines.
#[test]
fn a_registry_module_is_read_where_terraform_init_installed_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/terraform-init");
    let result = scan_dir(&root, &[], &["CN101", "AU103"]);
    assert_eq!(result.inventory.clusters.len(), 1);
    let cluster = &result.inventory.clusters[0];
    assert_eq!(cluster.name, "prod-aks");
    assert_eq!(
        cluster.id.as_deref(),
        Some("module.aks.azurerm_kubernetes_cluster.main")
    );
    assert!(
        !result
            .skipped
            .iter()
            .any(|(_, why)| chanto::model::is_not_followed(why)),
        "{:?}",
        result.skipped
    );
    // `private_cluster_enabled = true` from the root reaches the module.
    assert!(finding(&result, "CN101").is_none());
    let (file, line, _) = finding(&result, "AU103").expect("local accounts default to on");
    assert!(file.ends_with(".terraform/modules/aks/main.tf"), "{file}");
    assert_eq!(
        line,
        line_of(
            &root,
            ".terraform/modules/aks/main.tf",
            "local_account_disabled"
        )
    );
}

/// A manifest that lists no folder for a call leaves it not followed, named.
#[test]
fn a_call_the_module_manifest_does_not_list_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "module \"aks\" {\n  source = \"Azure/aks/azurerm\"\n}\n",
    );
    write(
        dir.path(),
        ".terraform/modules/modules.json",
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."}]}"#,
    );
    let result = scan_dir(dir.path(), &[], &[]);
    assert!(result.inventory.clusters.is_empty());
    assert_eq!(
        result.skipped,
        [(
            "main.tf:1: module.aks (Azure/aks/azurerm)".to_string(),
            chanto::model::REMOTE_MODULE
        )]
    );
}

#[test]
fn for_each_over_a_known_map_makes_one_cluster_per_key() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        r#"variable "clusters" {
  default = {
    prod = { private = true }
    dev  = { private = false }
  }
}

resource "azurerm_kubernetes_cluster" "aks" {
  for_each                = var.clusters
  name                    = "aks-${each.key}"
  private_cluster_enabled = each.value.private
  default_node_pool {
    name = "system"
  }
}
"#,
    );
    let result = scan_dir(dir.path(), &[], &["CN101"]);
    let clusters: Vec<(&str, Option<&str>)> = result
        .inventory
        .clusters
        .iter()
        .map(|c| (c.name.as_str(), c.id.as_deref()))
        .collect();
    assert_eq!(
        clusters,
        [
            ("aks-dev", Some(r#"azurerm_kubernetes_cluster.aks["dev"]"#)),
            (
                "aks-prod",
                Some(r#"azurerm_kubernetes_cluster.aks["prod"]"#)
            ),
        ]
    );
    // Only the public one fails; both instances share the block's lines.
    let failing: Vec<String> = verdicts(&result).into_iter().map(|v| v.1).collect();
    assert_eq!(failing, ["aks-dev"]);
    let (_, line, _) = finding(&result, "CN101").unwrap();
    assert_eq!(line, line_of(dir.path(), "main.tf", "resource \"azurerm"));
}

#[test]
fn count_makes_indexed_instances_of_a_module_and_zero_makes_none() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        r#"module "aks" {
  count  = 2
  source = "./modules/aks"
  name   = "aks-${count.index}"
}

resource "azurerm_kubernetes_cluster" "never" {
  count = 0
  name  = "never"
}
"#,
    );
    write(
        &dir.path().join("modules/aks"),
        "main.tf",
        "variable \"name\" {}\n\nresource \"azurerm_kubernetes_cluster\" \"this\" {\n  name = var.name\n}\n",
    );
    let result = scan_dir(dir.path(), &[], &["CN101"]);
    let clusters: Vec<(&str, Option<&str>)> = result
        .inventory
        .clusters
        .iter()
        .map(|c| (c.name.as_str(), c.id.as_deref()))
        .collect();
    assert_eq!(
        clusters,
        [
            (
                "aks-0",
                Some("module.aks[0].azurerm_kubernetes_cluster.this")
            ),
            (
                "aks-1",
                Some("module.aks[1].azurerm_kubernetes_cluster.this")
            ),
        ]
    );
}

#[test]
fn for_each_over_what_only_a_plan_knows_stays_one_unknown_instance() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        r#"resource "azurerm_kubernetes_cluster" "aks" {
  for_each                = data.azurerm_subscriptions.all.ids
  name                    = "aks"
  private_cluster_enabled = each.value
}
"#,
    );
    let result = scan_dir(dir.path(), &[], &["CN101"]);
    assert_eq!(result.inventory.clusters.len(), 1);
    let (reason, line) = unknown(&result);
    assert!(reason.contains("`each`"), "{reason}");
    assert_eq!(
        line,
        line_of(dir.path(), "main.tf", "private_cluster_enabled")
    );
}

/// A module call whose folder is missing (a local path that is not there,
/// or a manifest naming a folder `terraform init` no longer holds) is an
/// error at the call, never a module silently dropped.
#[test]
fn a_module_folder_that_is_missing_is_an_error_at_the_call() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "module \"aks\" {\n  source = \"./modules/aks\"\n}\n",
    );
    let result = scan(&ScanOptions::new(
        vec![dir.path().to_path_buf()],
        AS_OF.parse().unwrap(),
    ));
    assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
    let error = &result.errors[0];
    assert_eq!((error.file.as_str(), error.line), ("main.tf", Some(1)));
    assert!(error.message.contains("no module folder"), "{error}");
}

/// `examples/first-cluster/manifests` written with the Terraform Kubernetes
/// provider, as teams that deploy workloads from Terraform do.
const SHOP_TF: &str = r#"
resource "kubernetes_namespace_v1" "shop" {
  metadata {
    name = "shop"
  }
}

resource "kubernetes_deployment_v1" "storefront" {
  metadata {
    name      = "storefront"
    namespace = "shop"
  }
  spec {
    replicas = 2
    selector {
      match_labels = {
        app = "storefront"
      }
    }
    template {
      metadata {
        labels = {
          app = "storefront"
        }
      }
      spec {
        container {
          name  = "web"
          image = "shopregistry.azurecr.io/storefront:1.4.2"
          port {
            container_port = 8080
          }
          env {
            name  = "DB_PASSWORD"
            value = "S3cr3t-P@ssw0rd"
          }
        }
      }
    }
  }
}

resource "kubernetes_service_v1" "storefront" {
  metadata {
    name      = "storefront"
    namespace = "shop"
  }
  spec {
    type = "LoadBalancer"
    selector = {
      app = "storefront"
    }
    port {
      port        = 80
      target_port = 8080
    }
  }
}

resource "kubernetes_cluster_role_binding_v1" "dev_team_admin" {
  metadata {
    name = "dev-team-admin"
  }
  role_ref {
    api_group = "rbac.authorization.k8s.io"
    kind      = "ClusterRole"
    name      = "cluster-admin"
  }
  subject {
    api_group = "rbac.authorization.k8s.io"
    kind      = "Group"
    name      = "dev-team"
  }
}
"#;

#[test]
fn kubernetes_provider_resources_are_judged_as_the_same_manifests_in_yaml() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", SHOP_TF);
    let terraform = scan_dir(dir.path(), &[], &[]);
    let yaml = scan_dir(Path::new("examples/first-cluster/manifests"), &[], &[]);
    let verdicts = |r: &ScanResult| -> BTreeSet<(String, String, String)> {
        r.outcomes
            .iter()
            .map(|o| {
                let what = match &o.evaluation.verdict {
                    Verdict::Fail { message, .. } => message.clone(),
                    Verdict::Unknown { reason, .. } => format!("unknown: {reason}"),
                };
                (
                    o.rule.code.to_string(),
                    r.inventory.resource(o.evaluation.subject).name.to_string(),
                    what,
                )
            })
            .collect()
    };
    assert_eq!(verdicts(&terraform), verdicts(&yaml));
    // Each finding points at the HCL attribute that decides it.
    let line = |marker: &str| support::line_of(SHOP_TF, marker);
    let at = |code: &str| {
        terraform
            .outcomes_of(code)
            .map(|o| match &o.evaluation.verdict {
                Verdict::Fail { loc, .. } | Verdict::Unknown { loc, .. } => loc.line,
            })
            .collect::<Vec<u32>>()
    };
    assert_eq!(at("CL222"), [line("value = \"S3cr3t")]);
    assert_eq!(at("AU201"), [line("name      = \"cluster-admin\"")]);
    assert_eq!(at("CL228"), [line("image = ")]);
}

#[test]
fn a_namespace_given_by_reference_is_unknown_to_the_namespace_rules_never_default() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        &SHOP_TF.replacen(
            "namespace = \"shop\"",
            "namespace = kubernetes_namespace_v1.shop.metadata[0].name",
            1,
        ),
    );
    let result = scan_dir(dir.path(), &[], &["CN203", "CL230"]);
    let namespaces: Vec<&str> = result
        .inventory
        .namespaces
        .iter()
        .map(|n| n.name.as_str())
        .collect();
    assert!(!namespaces.contains(&"default"), "{namespaces:?}");
    for code in ["CN203", "CL230"] {
        let outcomes: Vec<_> = result.outcomes_of(code).collect();
        assert!(
            outcomes
                .iter()
                .any(|o| matches!(o.evaluation.verdict, Verdict::Unknown { .. })),
            "{code}: {outcomes:#?}"
        );
        assert!(
            outcomes
                .iter()
                .all(|o| !matches!(o.evaluation.verdict, Verdict::Fail { .. })
                    || result.inventory.resource(o.evaluation.subject).name == "shop"),
            "{code}: {outcomes:#?}"
        );
    }
}

/// A production cluster on both automatic channels, with the window of one.
const MAINTAINED_TF: &str = r#"
resource "azurerm_kubernetes_cluster" "aks" {
  name                      = "aks-maint"
  tags                      = { environment = "production" }
  automatic_upgrade_channel = "stable"
  node_os_upgrade_channel   = "NodeImage"
  maintenance_window_auto_upgrade {
    frequency   = "Weekly"
    interval    = 1
    duration    = 4
    day_of_week = "Sunday"
    start_time  = "01:00"
  }
  default_node_pool {
    name = "system"
  }
}
"#;

#[test]
fn a_production_cluster_upgrading_without_its_node_os_window_is_found_at_the_channel() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", MAINTAINED_TF);
    let result = scan_dir(dir.path(), &[], &["CL113"]);
    let outcomes: Vec<_> = result.outcomes_of("CL113").collect();
    assert_eq!(outcomes.len(), 1, "{outcomes:#?}");
    let Verdict::Fail { loc, message, .. } = &outcomes[0].evaluation.verdict else {
        panic!("{outcomes:#?}")
    };
    assert_eq!(
        loc.line,
        support::line_of(MAINTAINED_TF, "node_os_upgrade_channel")
    );
    assert!(
        message.contains("aksManagedNodeOSUpgradeSchedule"),
        "{message}"
    );
    assert!(
        !message.contains("aksManagedAutoUpgradeSchedule"),
        "{message}"
    );

    let both = MAINTAINED_TF.replace(
        "  default_node_pool {",
        "  maintenance_window_node_os {\n    frequency = \"Weekly\"\n    interval  = 1\n    duration  = 4\n    day_of_week = \"Tuesday\"\n    start_time = \"02:00\"\n  }\n  default_node_pool {",
    );
    write(dir.path(), "main.tf", &both);
    let result = scan_dir(dir.path(), &[], &["CL113"]);
    assert_eq!(result.outcomes_of("CL113").count(), 0);
    assert_eq!(result.tally("CL113").passed, 1);
}

#[test]
fn pod_labels_only_known_at_apply_leave_a_services_selector_unjudged() {
    let dir = tempfile::tempdir().unwrap();
    let text = SHOP_TF
        .replacen(
            "      metadata {\n        labels = {\n          app = \"storefront\"",
            "      metadata {\n        labels = {\n          app = var.app",
            1,
        )
        .replacen(
            "resource \"kubernetes_namespace_v1\"",
            "variable \"app\" {}\n\nresource \"kubernetes_namespace_v1\"",
            1,
        );
    assert!(text.contains("app = var.app"));
    write(dir.path(), "main.tf", &text);
    let result = scan_dir(dir.path(), &[], &["CL236"]);
    assert_eq!(
        result.outcomes_of("CL236").count(),
        0,
        "{:#?}",
        result.outcomes
    );
    assert!(result.tally("CL236").passed > 0);
}
