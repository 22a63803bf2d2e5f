//! A seeded generator of Kubernetes manifests that records, for every object
//! and namespace, the rule codes it must get. The truth comes from the
//! generator's own choices, never from chanto.
// Each test crate compiles this module and uses part of it.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// `(code, subject name)` pairs: objects by name, namespaces by name.
pub type Truth = BTreeSet<(String, String)>;

const NAMESPACES: usize = 12;

pub struct Corpus {
    pub files: usize,
    pub truth: Truth,
}

/// Writes `files` manifests under `dir`; about one in ten carries more than
/// one document.
pub fn generate(dir: &Path, files: usize, seed: u64) -> std::io::Result<Corpus> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut truth = Truth::new();
    let mut namespaces_with_workloads = BTreeSet::new();
    for i in 0..files {
        let mut docs = Vec::new();
        let namespace = format!("ns-{}", rng.random_range(0..NAMESPACES));
        match rng.random_range(0..10) {
            0..=6 => {
                docs.push(workload(&mut rng, i, &namespace, &mut truth));
                namespaces_with_workloads.insert(namespace.clone());
            }
            7 => docs.push(service(&mut rng, i, &namespace, &mut truth)),
            8 => docs.push(binding(&mut rng, i, &mut truth)),
            _ => docs.push(secret_pod(
                &mut rng,
                i,
                &namespace,
                &mut truth,
                &mut namespaces_with_workloads,
            )),
        }
        if rng.random_bool(0.1) {
            docs.push(service(&mut rng, i + files, &namespace, &mut truth));
        }
        std::fs::write(dir.join(format!("m{i:05}.yaml")), docs.join("---\n"))?;
    }
    // Network policies per namespace: some deny by default, some add an
    // allow-all that cancels the deny, some sit in the wrong namespace.
    let mut policies = String::new();
    for n in 0..NAMESPACES {
        let namespace = format!("ns-{n}");
        let denies = match n % 4 {
            0 => {
                policies.push_str(&policy("default-deny", &namespace, false));
                true
            }
            1 => {
                policies.push_str(&policy("default-deny", &namespace, false));
                policies.push_str(&policy("allow-all", &namespace, true));
                false
            }
            2 => {
                policies.push_str(&policy(
                    &format!("deny-for-{namespace}"),
                    "elsewhere",
                    false,
                ));
                false
            }
            _ => false,
        };
        if !denies && namespaces_with_workloads.contains(&namespace) {
            truth.insert(("CN203".into(), namespace));
        }
    }
    std::fs::write(dir.join("policies.yaml"), policies)?;
    Ok(Corpus {
        files: files + 1,
        truth,
    })
}

fn policy(name: &str, namespace: &str, allow_all: bool) -> String {
    let ingress = if allow_all {
        "  ingress:\n  - {}\n"
    } else {
        ""
    };
    format!(
        "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {name}\n  namespace: {namespace}\nspec:\n  podSelector: {{}}\n  policyTypes:\n  - Ingress\n{ingress}"
    )
}

fn mark(truth: &mut Truth, code: &str, name: &str) {
    truth.insert((code.to_string(), name.to_string()));
}

/// A workload with random pod security features; each feature records the
/// control it breaks.
fn workload(rng: &mut StdRng, i: usize, namespace: &str, truth: &mut Truth) -> String {
    let name = format!("w{i:05}");
    let kind = [
        "Deployment",
        "StatefulSet",
        "DaemonSet",
        "Job",
        "CronJob",
        "Pod",
    ][rng.random_range(0..6)];
    let mut pod = String::new();
    let mut pod_sc = String::new();
    let mut container_sc = String::new();
    let mut container_extra = String::new();
    let mut volumes = String::new();
    let mut init = String::new();
    let p = |rng: &mut StdRng| rng.random_bool(0.12);

    pod.push_str("automountServiceAccountToken: false\n");
    if p(rng) {
        pod.push_str(
            ["hostNetwork: true\n", "hostPID: yes\n", "hostIPC: on\n"][rng.random_range(0..3)],
        );
        mark(truth, "CL202", &name);
    }
    if p(rng) {
        volumes.push_str("- name: host\n  hostPath:\n    path: /var/log\n");
        mark(truth, "CL203", &name);
        mark(truth, "CL214", &name);
    }
    if p(rng) {
        volumes.push_str("- name: share\n  nfs:\n    server: nfs.internal\n    path: /export\n");
        mark(truth, "CL214", &name);
    }
    if rng.random_bool(0.3) {
        volumes.push_str("- name: config\n  configMap:\n    name: app-config\n");
    }
    if p(rng) {
        container_sc.push_str(["privileged: true\n", "privileged: yes\n"][rng.random_range(0..2)]);
        mark(truth, "CL201", &name);
    }
    let has_init = p(rng);
    if has_init {
        init.push_str("initContainers:\n- name: setup\n  image: shop.azurecr.io/setup:1.0\n  resources:\n    limits: {cpu: 100m, memory: 64Mi}\n  securityContext:\n    privileged: true\n    allowPrivilegeEscalation: false\n    capabilities:\n      drop: [ALL]\n");
        mark(truth, "CL201", &name);
    }
    if p(rng) {
        container_extra.push_str("ports:\n- containerPort: 8080\n  hostPort: 8080\n");
        mark(truth, "CL204", &name);
    }
    let drop_all = rng.random_bool(0.8);
    match rng.random_range(0..10) {
        0 => {
            container_sc.push_str("capabilities:\n  add: [NET_ADMIN]\n");
            mark(truth, "CL205", &name);
            mark(truth, "CL219", &name);
        }
        1 => {
            container_sc.push_str("capabilities:\n  add: [CHOWN]\n");
            mark(truth, "CL219", &name);
        }
        2 => {
            container_sc.push_str(if drop_all {
                "capabilities:\n  drop: [ALL]\n  add: [NET_BIND_SERVICE]\n"
            } else {
                "capabilities:\n  add: [NET_BIND_SERVICE]\n"
            });
            if !drop_all {
                mark(truth, "CL219", &name);
            }
        }
        _ if drop_all => container_sc.push_str("capabilities:\n  drop: [ALL]\n"),
        _ => mark(truth, "CL219", &name),
    }
    if p(rng) {
        container_sc.push_str("appArmorProfile:\n  type: Unconfined\n");
        mark(truth, "CL206", &name);
    }
    if p(rng) {
        container_sc.push_str("seLinuxOptions:\n  user: system_u\n");
        mark(truth, "CL207", &name);
    }
    if p(rng) {
        container_sc.push_str("procMount: Unmasked\n");
        mark(truth, "CL208", &name);
    }
    // Seccomp: pod-level default, container override.
    let pod_seccomp = rng.random_bool(0.7);
    if pod_seccomp {
        pod_sc.push_str("seccompProfile:\n  type: RuntimeDefault\n");
    }
    match rng.random_range(0..8) {
        0 => {
            container_sc.push_str("seccompProfile:\n  type: Unconfined\n");
            mark(truth, "CL209", &name);
            mark(truth, "CL218", &name);
        }
        1 => container_sc.push_str("seccompProfile:\n  type: RuntimeDefault\n"),
        _ if !pod_seccomp => mark(truth, "CL218", &name),
        _ => {}
    }
    // The init container sets no seccomp profile of its own.
    if has_init && !pod_seccomp {
        mark(truth, "CL218", &name);
    }
    if p(rng) {
        pod_sc.push_str("sysctls:\n- name: kernel.msgmax\n  value: \"65536\"\n");
        mark(truth, "CL210", &name);
    } else if rng.random_bool(0.1) {
        pod_sc.push_str("sysctls:\n- name: net.ipv4.tcp_syncookies\n  value: \"1\"\n");
    }
    if p(rng) {
        container_sc.push_str("windowsOptions:\n  hostProcess: true\n");
        mark(truth, "CL211", &name);
    }
    if p(rng) {
        container_extra
            .push_str("livenessProbe:\n  tcpSocket:\n    host: 10.0.0.1\n    port: 80\n");
        mark(truth, "CL212", &name);
    }
    if p(rng) {
        container_sc.push_str("ulimits:\n- name: nofile\n  soft: 65536\n");
        mark(truth, "CL213", &name);
    }
    match rng.random_range(0..6) {
        0 => mark(truth, "CL215", &name),
        1 => {
            container_sc.push_str("allowPrivilegeEscalation: true\n");
            mark(truth, "CL215", &name);
        }
        _ => container_sc.push_str("allowPrivilegeEscalation: false\n"),
    }
    let pod_non_root = rng.random_bool(0.7);
    if pod_non_root {
        pod_sc.push_str("runAsNonRoot: true\n");
    }
    match rng.random_range(0..8) {
        0 => {
            container_sc.push_str("runAsNonRoot: false\n");
            mark(truth, "CL216", &name);
        }
        1 => container_sc.push_str("runAsNonRoot: true\n"),
        _ if !pod_non_root => mark(truth, "CL216", &name),
        _ => {}
    }
    // Nor does it set runAsNonRoot.
    if has_init && !pod_non_root {
        mark(truth, "CL216", &name);
    }
    if p(rng) {
        container_sc.push_str("runAsUser: 0\n");
        mark(truth, "CL217", &name);
    } else if rng.random_bool(0.2) {
        pod_sc.push_str("runAsUser: 1000\n");
    }

    let mut spec = String::new();
    spec.push_str(&pod);
    if !pod_sc.is_empty() {
        spec.push_str("securityContext:\n");
        spec.push_str(&indent(&pod_sc, 2));
    }
    spec.push_str(&init);
    spec.push_str("containers:\n- name: app\n  image: shop.azurecr.io/app:1.2.3\n  resources:\n    limits: {cpu: 500m, memory: 256Mi}\n  env:\n  - name: LOG_LEVEL\n    value: info\n");
    spec.push_str(&indent(&container_extra, 2));
    if !container_sc.is_empty() {
        spec.push_str("  securityContext:\n");
        spec.push_str(&indent(&container_sc, 4));
    }
    if !volumes.is_empty() {
        spec.push_str("volumes:\n");
        spec.push_str(&volumes);
    }
    wrap(kind, &name, namespace, &spec)
}

/// A Pod whose env may carry a secret (CL222).
fn secret_pod(
    rng: &mut StdRng,
    i: usize,
    namespace: &str,
    truth: &mut Truth,
    namespaces: &mut BTreeSet<String>,
) -> String {
    let name = format!("s{i:05}");
    namespaces.insert(namespace.to_string());
    let env = match rng.random_range(0..6) {
        0 => "- name: DB_PASSWORD\n  value: Sup3r-s3cret-pw\n",
        1 => {
            "- name: STORAGE\n  value: \"DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=c2VjcmV0LWtleQ==\"\n"
        }
        2 => {
            "- name: API_TOKEN\n  valueFrom:\n    secretKeyRef:\n      name: api\n      key: token\n"
        }
        3 => "- name: TOKEN_URL\n  value: https://login.microsoftonline.com/tenant/oauth2/token\n",
        4 => "- name: PASSWORD_MIN_LENGTH\n  value: \"12\"\n",
        _ => {
            "- name: TLS_KEY\n  value: \"-----BEGIN RSA PRIVATE KEY-----MIIEow-----END RSA PRIVATE KEY-----\"\n"
        }
    };
    if env.contains("DB_PASSWORD") || env.contains("AccountKey") || env.contains("PRIVATE KEY") {
        mark(truth, "CL222", &name);
    }
    // Every restricted control is met, so the pod only tests CL222.
    let spec = format!(
        "automountServiceAccountToken: false\nsecurityContext:\n  runAsNonRoot: true\n  seccompProfile:\n    type: RuntimeDefault\ncontainers:\n- name: app\n  image: shop.azurecr.io/app:2.0.0\n  resources:\n    limits: {{cpu: 200m, memory: 128Mi}}\n  securityContext:\n    allowPrivilegeEscalation: false\n    capabilities:\n      drop: [ALL]\n  env:\n{}",
        indent(env, 2)
    );
    wrap("Pod", &name, namespace, &spec)
}

fn service(rng: &mut StdRng, i: usize, namespace: &str, truth: &mut Truth) -> String {
    let name = format!("svc{i:05}");
    let (annotations, spec, public_open) = match rng.random_range(0..6) {
        0 => ("", "type: LoadBalancer\n", true),
        1 => (
            "",
            "type: LoadBalancer\nloadBalancerSourceRanges:\n- 0.0.0.0/0\n",
            true,
        ),
        2 => (
            "",
            "type: LoadBalancer\nloadBalancerSourceRanges:\n- 203.0.113.0/24\n",
            false,
        ),
        3 => (
            "  annotations:\n    service.beta.kubernetes.io/azure-load-balancer-internal: \"true\"\n",
            "type: LoadBalancer\n",
            false,
        ),
        4 => ("", "type: NodePort\n", false),
        _ => ("", "type: ClusterIP\n", false),
    };
    if public_open {
        mark(truth, "CN201", &name);
    }
    format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n  namespace: {namespace}\n{annotations}spec:\n{}  ports:\n  - port: 80\n",
        indent(spec, 2)
    )
}

fn binding(rng: &mut StdRng, i: usize, truth: &mut Truth) -> String {
    let name = format!("b{i:05}");
    let (role, subject, admin) = match rng.random_range(0..5) {
        0 => ("cluster-admin", "kind: Group\n  name: dev-team", true),
        1 => (
            "cluster-admin",
            "kind: Group\n  name: system:masters",
            false,
        ),
        2 => (
            "view",
            "kind: ServiceAccount\n  name: reader\n  namespace: ns-1",
            false,
        ),
        3 => (
            "cluster-admin",
            "kind: ServiceAccount\n  name: azure-policy\n  namespace: kube-system",
            false,
        ),
        _ => (
            "cluster-admin",
            "kind: User\n  name: alice@example.com",
            true,
        ),
    };
    if admin {
        mark(truth, "AU201", &name);
    }
    format!(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: {name}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: {role}\nsubjects:\n- {subject}\n"
    )
}

fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines().fold(String::new(), |mut out, line| {
        let _ = writeln!(out, "{pad}{line}");
        out
    })
}

/// Puts a pod spec where each kind keeps it.
fn wrap(kind: &str, name: &str, namespace: &str, spec: &str) -> String {
    let header = |api: &str| {
        format!(
            "apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\n  namespace: {namespace}\n"
        )
    };
    match kind {
        "Pod" => format!("{}spec:\n{}", header("v1"), indent(spec, 2)),
        "Job" => format!(
            "{}spec:\n  template:\n    spec:\n{}",
            header("batch/v1"),
            indent(spec, 6)
        ),
        "CronJob" => format!(
            "{}spec:\n  schedule: \"0 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n{}",
            header("batch/v1"),
            indent(spec, 10)
        ),
        _ => format!(
            "{}spec:\n  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n{}",
            header("apps/v1"),
            indent(spec, 6)
        ),
    }
}

/// Writes `count` AKS cluster definitions under `dir`, cycling through the
/// az CLI, ARM resource, ARM template, Resource Graph and Terraform shapes,
/// with random settings (no truth is recorded: cluster rules have their own
/// fixtures).
/// One cluster's settings, drawn in a fixed order so that a seed always
/// gives the same corpus, whatever shape the cluster is written in.
struct ClusterChoices {
    private: bool,
    ranges: bool,
    version: &'static str,
    rbac: bool,
    local: bool,
    aad: bool,
    plugin: &'static str,
    policy: &'static str,
    outbound: &'static str,
    sku: &'static str,
    scale: bool,
    host: bool,
    public_ip: bool,
    policy_addon: bool,
    oms: bool,
    channel: &'static str,
    node_channel: &'static str,
    defender: bool,
    cleaner: bool,
    oidc: bool,
}

impl ClusterChoices {
    fn draw(rng: &mut StdRng) -> Self {
        let pick = |rng: &mut StdRng, options: &[&'static str]| {
            options[rng.random_range(0..options.len())]
        };
        let private = rng.random_bool(0.3);
        let ranges = !private && rng.random_bool(0.5);
        let version = pick(rng, &["1.30.9", "1.33.4", "1.34.2", "1.35.1", "1.36.0"]);
        let rbac = rng.random_bool(0.95);
        let local = rng.random_bool(0.5);
        let aad = rng.random_bool(0.5);
        let plugin = pick(rng, &["azure", "kubenet"]);
        let policy = pick(rng, &["cilium", "azure", "none", ""]);
        let outbound = pick(
            rng,
            &["loadBalancer", "userDefinedRouting", "managedNATGateway"],
        );
        let sku = pick(rng, &["AzureLinux", "Ubuntu", "CBLMariner"]);
        let scale = rng.random_bool(0.6);
        let host = rng.random_bool(0.5);
        let public_ip = rng.random_bool(0.15);
        let policy_addon = rng.random_bool(0.5);
        let oms = rng.random_bool(0.6);
        let channel = pick(rng, &["none", "stable", "patch", "node-image"]);
        let node_channel = pick(rng, &["NodeImage", "None", "Unmanaged", "SecurityPatch"]);
        let defender = rng.random_bool(0.4);
        let cleaner = rng.random_bool(0.4);
        let oidc = rng.random_bool(0.5);
        ClusterChoices {
            private,
            ranges,
            version,
            rbac,
            local,
            aad,
            plugin,
            policy,
            outbound,
            sku,
            scale,
            host,
            public_ip,
            policy_addon,
            oms,
            channel,
            node_channel,
            defender,
            cleaner,
            oidc,
        }
    }

    /// The `properties` of the cluster's REST shape.
    fn properties(&self) -> String {
        let ClusterChoices {
            private,
            ranges,
            version,
            rbac,
            local,
            aad,
            plugin,
            policy,
            outbound,
            sku,
            scale,
            host,
            public_ip,
            policy_addon,
            oms,
            channel,
            node_channel,
            defender,
            cleaner,
            oidc,
        } = self;
        format!(
            r#"{{
    "kubernetesVersion": "{version}",
    "enableRBAC": {rbac},
    "disableLocalAccounts": {local},
    "aadProfile": {aad},
    "apiServerAccessProfile": {{"enablePrivateCluster": {private}, "authorizedIPRanges": {ranges}}},
    "networkProfile": {{"networkPlugin": "{plugin}", "networkPolicy": {policy}, "outboundType": "{outbound}"}},
    "agentPoolProfiles": [
      {{"name": "system", "mode": "System", "count": 3, "osType": "Linux", "osSKU": "{sku}", "enableAutoScaling": {scale}, "enableEncryptionAtHost": {host}, "enableNodePublicIP": false}},
      {{"name": "user", "mode": "User", "count": 2, "osType": "Linux", "enableNodePublicIP": {public_ip}}}
    ],
    "addonProfiles": {{"azurepolicy": {{"enabled": {policy_addon}}}, "omsagent": {{"enabled": {oms}}}}},
    "autoUpgradeProfile": {{"upgradeChannel": "{channel}", "nodeOSUpgradeChannel": "{node_channel}"}},
    "securityProfile": {{"defender": {{"securityMonitoring": {{"enabled": {defender}}}}}, "imageCleaner": {{"enabled": {cleaner}}}}},
    "oidcIssuerProfile": {{"enabled": {oidc}}}
  }}"#,
            aad = if *aad {
                r#"{"managed": true, "enableAzureRBAC": true, "adminGroupObjectIDs": ["g"]}"#
            } else {
                "null"
            },
            ranges = if *ranges {
                r#"["203.0.113.0/24"]"#
            } else {
                "null"
            },
            policy = if policy.is_empty() {
                "null".to_string()
            } else {
                format!("\"{policy}\"")
            },
        )
    }
}

pub fn generate_clusters(dir: &Path, count: usize, seed: u64) -> std::io::Result<()> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x00c1_u64);
    for i in 0..count {
        let choices = ClusterChoices::draw(&mut rng);
        let properties = choices.properties();
        let ClusterChoices {
            private,
            ranges,
            version,
            rbac,
            local,
            aad,
            plugin,
            policy,
            outbound,
            sku,
            scale,
            host,
            public_ip,
            policy_addon,
            oms,
            channel,
            node_channel,
            defender,
            cleaner,
            oidc,
        } = choices;

        let name = format!("aks-{i:05}");
        if i % 5 == 4 {
            let mut tf = format!(
                "resource \"azurerm_kubernetes_cluster\" \"c{i:05}\" {{\n  name                      = \"{name}\"\n  kubernetes_version        = \"{version}\"\n  role_based_access_control_enabled = {rbac}\n  local_account_disabled    = {local}\n  private_cluster_enabled   = {private}\n  azure_policy_enabled      = {policy_addon}\n  automatic_upgrade_channel = \"{channel}\"\n  node_os_upgrade_channel   = \"{node_channel}\"\n  image_cleaner_enabled     = {cleaner}\n  oidc_issuer_enabled       = {oidc}\n"
            );
            if ranges {
                tf += "  api_server_access_profile {\n    authorized_ip_ranges = [\"203.0.113.0/24\"]\n  }\n";
            }
            if aad {
                tf += "  azure_active_directory_role_based_access_control {\n    azure_rbac_enabled     = true\n    admin_group_object_ids = [\"g\"]\n  }\n";
            }
            let policy_line = if policy.is_empty() {
                String::new()
            } else {
                format!("    network_policy = \"{policy}\"\n")
            };
            tf += &format!(
                "  network_profile {{\n    network_plugin = \"{plugin}\"\n{policy_line}    outbound_type  = \"{outbound}\"\n  }}\n  default_node_pool {{\n    name                    = \"system\"\n    node_count              = 3\n    os_sku                  = \"{sku}\"\n    auto_scaling_enabled    = {scale}\n    host_encryption_enabled = {host}\n  }}\n  identity {{\n    type = \"SystemAssigned\"\n  }}\n"
            );
            if oms {
                tf += "  oms_agent {\n    log_analytics_workspace_id = \"law\"\n  }\n";
            }
            if defender {
                tf += "  microsoft_defender {\n    log_analytics_workspace_id = \"law\"\n  }\n";
            }
            tf += &format!(
                "}}\n\nresource \"azurerm_kubernetes_cluster_node_pool\" \"u{i:05}\" {{\n  name                   = \"user\"\n  kubernetes_cluster_id  = azurerm_kubernetes_cluster.c{i:05}.id\n  node_count             = 2\n  node_public_ip_enabled = {public_ip}\n}}\n"
            );
            std::fs::write(dir.join(format!("cluster-{i:05}.tf")), tf)?;
            continue;
        }
        let text = match i % 5 {
            0 => format!(
                r#"{{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
  "parameters": {{"clusterName": {{"type": "string", "defaultValue": "{name}"}}}},
  "resources": [{{"type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2025-10-01", "name": "[parameters('clusterName')]", "identity": {{"type": "SystemAssigned"}}, "properties": {properties}}}]}}"#
            ),
            1 => format!(
                r#"{{"count": 1, "data": [{{"type": "microsoft.containerservice/managedclusters", "name": "{name}", "subscriptionId": "0", "identity": {{"type": "SystemAssigned"}}, "properties": {properties}}}]}}"#
            ),
            2 => format!(
                r#"{{"type": "Microsoft.ContainerService/managedClusters", "name": "{name}", "identity": {{"type": "SystemAssigned"}}, "properties": {properties}}}"#
            ),
            // The az CLI shape: the properties flattened to the top level.
            _ => {
                let inner = properties
                    .trim()
                    .trim_start_matches('{')
                    .trim_end_matches('}');
                format!(
                    r#"{{"type": "Microsoft.ContainerService/ManagedClusters", "name": "{name}", "identity": null, "servicePrincipalProfile": {{"clientId": "msi"}}, {inner}}}"#
                )
            }
        };
        std::fs::write(dir.join(format!("cluster-{i:05}.json")), text)?;
    }
    Ok(())
}

/// Writes a Resource Graph export of `count` clusters with the resources
/// around each (a registry, a storage account, a Key Vault, a virtual
/// network with its node subnet, a route table and a network security
/// group), as `az graph query` pages of 1,000 rows: a fleet's estate.
pub fn generate_graph_export(dir: &Path, count: usize, seed: u64) -> std::io::Result<()> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x6a7a_u64);
    let mut rows: Vec<String> = Vec::new();
    let mut page = 0;
    let mut flush = |rows: &mut Vec<String>, last: bool| -> std::io::Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let skip = if last {
            String::new()
        } else {
            format!(", \"$skipToken\": \"page-{}\"", page + 1)
        };
        let text = format!(
            "{{\"count\": {}, \"data\": [\n{}\n]{skip}}}\n",
            rows.len(),
            rows.join(",\n")
        );
        std::fs::write(dir.join(format!("graph-page-{page:04}.json")), text)?;
        page += 1;
        rows.clear();
        Ok(())
    };
    for i in 0..count {
        let subscription = format!("{:08x}-0000-4000-8000-000000000000", i / 200);
        let group = format!("rg-{:04}", i / 10);
        let scope = format!("/subscriptions/{subscription}/resourceGroups/{group}/providers");
        let row = |kind: &str, name: &str, properties: &str| {
            format!(
                r#"{{"id": "{scope}/{kind}/{name}", "name": "{name}", "type": "{}", "location": "japaneast", "resourceGroup": "{group}", "subscriptionId": "{subscription}", "properties": {properties}}}"#,
                kind.to_ascii_lowercase()
            )
        };
        let cluster = ClusterChoices::draw(&mut rng);
        let public = |rng: &mut StdRng| {
            if rng.random_bool(0.3) {
                "Enabled"
            } else {
                "Disabled"
            }
        };
        let vnet = format!("vnet-{i:05}");
        let subnet_id = format!("{scope}/Microsoft.Network/virtualNetworks/{vnet}/subnets/nodes");
        rows.push(row(
            "Microsoft.ContainerService/managedClusters",
            &format!("aks-{i:05}"),
            &cluster.properties(),
        ));
        rows.push(row(
            "Microsoft.ContainerRegistry/registries",
            &format!("acr{i:05}"),
            &format!(
                r#"{{"adminUserEnabled": {}, "publicNetworkAccess": "{}", "anonymousPullEnabled": false}}"#,
                rng.random_bool(0.2),
                public(&mut rng)
            ),
        ));
        rows.push(row(
            "Microsoft.Storage/storageAccounts",
            &format!("st{i:05}"),
            &format!(
                r#"{{"publicNetworkAccess": "{}", "allowBlobPublicAccess": {}, "networkAcls": {{"defaultAction": "Allow"}}}}"#,
                public(&mut rng),
                rng.random_bool(0.1)
            ),
        ));
        rows.push(row(
            "Microsoft.KeyVault/vaults",
            &format!("kv-{i:05}"),
            &format!(
                r#"{{"publicNetworkAccess": "{}", "enableSoftDelete": true, "enablePurgeProtection": {}}}"#,
                public(&mut rng),
                rng.random_bool(0.5)
            ),
        ));
        rows.push(row(
            "Microsoft.Network/routeTables",
            &format!("rt-{i:05}"),
            r#"{"routes": [{"name": "default", "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.0.4"}}]}"#,
        ));
        rows.push(row(
            "Microsoft.Network/networkSecurityGroups",
            &format!("nsg-{i:05}"),
            r#"{"securityRules": [{"name": "allow-https", "properties": {"direction": "Inbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "Internet", "destinationPortRange": "443", "priority": 100}}]}"#,
        ));
        rows.push(row(
            "Microsoft.Network/virtualNetworks",
            &vnet,
            &format!(
                r#"{{"addressSpace": {{"addressPrefixes": ["10.1.0.0/16"]}}, "subnets": [{{"id": "{subnet_id}", "name": "nodes", "properties": {{"addressPrefix": "10.1.0.0/22", "routeTable": {{"id": "{scope}/Microsoft.Network/routeTables/rt-{i:05}"}}, "networkSecurityGroup": {{"id": "{scope}/Microsoft.Network/networkSecurityGroups/nsg-{i:05}"}}}}}}]}}"#
            ),
        ));
        if rows.len() >= 1000 {
            flush(&mut rows, false)?;
        }
    }
    flush(&mut rows, true)
}
