//! Every 2xx rule: failing, passing and (where the rule has a precondition)
//! not-applicable or unknown cases, asserting code, object and line.
//!
//! Each case patches a hardened set of objects — a Deployment, a
//! default-deny NetworkPolicy and an internal LoadBalancer Service in
//! namespace `shop` — written as one `kind: List` manifest. Expected lines
//! come from a marker in the written text.

use crate::{Expect, check, fail, fail_nth};

use chanto::load::LoadOptions;
use chanto::rules::{Input, PodSecurityProfile, Severity};
use chanto::scan::{RuleOverrides, ScanOptions, Selection, scan};
use serde_json::{Value, json};

fn hardened() -> Vec<Value> {
    vec![
        json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {
                "replicas": 2,
                "template": {
                    "metadata": {"labels": {"app": "web"}},
                    "spec": {
                        "automountServiceAccountToken": false,
                        "containers": [{
                            "name": "app",
                            "image": "shop.azurecr.io/web:1.2.3",
                            "env": [{"name": "LOG_LEVEL", "value": "info"}],
                            "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}},
                            "securityContext": {
                                "allowPrivilegeEscalation": false,
                                "capabilities": {"drop": ["ALL"]}
                            }
                        }],
                        "securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}}
                    }
                }
            }
        }),
        json!({
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": "default-deny", "namespace": "shop"},
            "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}
        }),
        json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {
                "name": "web",
                "namespace": "shop",
                "annotations": {"service.beta.kubernetes.io/azure-load-balancer-internal": "true"}
            },
            "spec": {"type": "LoadBalancer", "ports": [{"port": 80}]}
        }),
    ]
}

fn pod(objects: &mut [Value]) -> &mut Value {
    &mut objects[0]["spec"]["template"]["spec"]
}

fn container(objects: &mut [Value]) -> &mut Value {
    &mut pod(objects)["containers"][0]
}

fn nothing(_: &mut Vec<Value>) {}

struct Case {
    code: &'static str,
    patch: fn(&mut Vec<Value>),
    expect: Expect,
    restricted: bool,
}

fn case(code: &'static str, patch: fn(&mut Vec<Value>), expect: Expect) -> Case {
    Case {
        code,
        patch,
        expect,
        restricted: false,
    }
}

fn run(case: &Case) {
    let mut objects = hardened();
    (case.patch)(&mut objects);
    let list = json!({"apiVersion": "v1", "kind": "List", "items": objects});
    let text = serde_json::to_string_pretty(&list).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("manifests.json");
    std::fs::write(&path, &text).unwrap();
    let rules = RuleOverrides {
        pod_security: case.restricted.then_some(PodSecurityProfile::Restricted),
        ..RuleOverrides::default()
    };
    let result = scan(&ScanOptions {
        paths: vec![path],
        as_of: "2026-11-28".parse().unwrap(),
        selection: Selection {
            select: vec![case.code.into()],
            ignore: vec![],
        },
        rules,
        policy: Default::default(),
        load: LoadOptions::default(),
        config: None,
        baseline: None,
    });
    check(&result, case.code, &case.expect, &text);
}

fn windows(objects: &mut [Value]) {
    pod(objects)["os"] = json!({"name": "windows"});
}

#[test]
fn hardened_objects_are_clean_under_every_workload_rule() {
    let workload_rules = chanto::rules::registry()
        .iter()
        .filter(|r| matches!(r.input(), Input::Workloads | Input::Namespaces));
    let mut checked = 0;
    for rule in workload_rules {
        run(&case(rule.meta.code, nothing, Expect::Clean));
        checked += 1;
    }
    assert!(checked > 20, "{checked} workload rules");
}

/// A SecretProviderClass: the Key Vault CSI driver is in use.
fn secret_store(o: &mut Vec<Value>) {
    o.push(
        json!({"apiVersion": "secrets-store.csi.x-k8s.io/v1", "kind": "SecretProviderClass",
        "metadata": {"name": "kv", "namespace": "shop"}, "spec": {"provider": "azure"}}),
    );
}

cases! {
    hardened_objects;
    cl201_passes: case("CL201", nothing, Expect::Pass);
    cl202_passes: case("CL202", nothing, Expect::Pass);
    cl203_passes: case("CL203", nothing, Expect::Pass);
    cl208_passes: case("CL208", nothing, Expect::Pass);
    cl209_passes: case("CL209", nothing, Expect::Pass);
    cl211_passes: case("CL211", nothing, Expect::Pass);
    cl213_passes: case("CL213", nothing, Expect::Pass);
    cl215_passes: case("CL215", nothing, Expect::Pass);
    cl216_passes: case("CL216", nothing, Expect::Pass);
    cl219_passes: case("CL219", nothing, Expect::Pass);
    cl223_passes: case("CL223", nothing, Expect::Pass);
    cn203_passes: case("CN203", nothing, Expect::Pass);
    au203_passes: case("AU203", nothing, Expect::Pass);
    au204_passes_with_the_csi_driver_and_no_secret_ref: case("AU204", secret_store, Expect::Pass);
}

cases! {
    pod_security_baseline_controls;
    cl201_fails: case(
        "CL201",
        |o| container(o)["securityContext"]["privileged"] = json!(true),
        fail("web", "\"privileged\": true"),
    );
    cl202_fails: case(
        "CL202",
        |o| pod(o)["hostPID"] = json!("yes"),
        fail("web", "\"hostPID\""),
    );
    cl203_fails: case(
        "CL203",
        |o| pod(o)["volumes"] = json!([{"name": "root", "hostPath": {"path": "/"}}]),
        fail("web", "\"hostPath\""),
    );
    cl204_fails: case(
        "CL204",
        |o| container(o)["ports"] = json!([{"containerPort": 80, "hostPort": 8080}]),
        fail("web", "\"hostPort\": 8080"),
    );
    cl204_passes: case(
        "CL204",
        |o| container(o)["ports"] = json!([{"containerPort": 80, "hostPort": 0}]),
        Expect::Pass,
    );
    cl204_unknown: case(
        "CL204",
        |o| container(o)["ports"] = json!([{"containerPort": 80, "hostPort": "http"}]),
        Expect::Unknown {
            resource: Some("web"),
            marker: "\"hostPort\": \"http\"",
        },
    );
    cl205_fails: case(
        "CL205",
        |o| container(o)["securityContext"]["capabilities"]["add"] = json!(["NET_ADMIN"]),
        fail("web", "\"add\""),
    );
    cl205_passes: case(
        "CL205",
        |o| {
            container(o)["securityContext"]["capabilities"]["add"] =
                json!(["CHOWN", "NET_BIND_SERVICE"])
        },
        Expect::Pass,
    );
    cl206_fails_1: case(
        "CL206",
        |o| container(o)["securityContext"]["appArmorProfile"] = json!({"type": "Unconfined"}),
        fail("web", "\"type\": \"Unconfined\""),
    );
    cl206_fails_2: case(
        "CL206",
        |o| {
            o[0]["spec"]["template"]["metadata"]["annotations"] =
                json!({"container.apparmor.security.beta.kubernetes.io/app": "unconfined"})
        },
        fail("web", "container.apparmor.security.beta.kubernetes.io/app"),
    );
    cl206_passes: case(
        "CL206",
        |o| {
            container(o)["securityContext"]["appArmorProfile"] =
                json!({"type": "RuntimeDefault"})
        },
        Expect::Pass,
    );
    cl207_fails_1: case(
        "CL207",
        |o| container(o)["securityContext"]["seLinuxOptions"] = json!({"user": "system_u"}),
        fail("web", "\"user\""),
    );
    cl207_fails_2: case(
        "CL207",
        |o| pod(o)["securityContext"]["seLinuxOptions"] = json!({"type": "spc_t"}),
        fail("web", "\"type\": \"spc_t\""),
    );
    cl207_passes: case(
        "CL207",
        |o| container(o)["securityContext"]["seLinuxOptions"] = json!({"type": "container_t"}),
        Expect::Pass,
    );
    cl208_fails: case(
        "CL208",
        |o| container(o)["securityContext"]["procMount"] = json!("Unmasked"),
        fail("web", "\"procMount\""),
    );
    cl208_not_applicable: case(
        "CL208",
        |o| {
            container(o)["securityContext"]["procMount"] = json!("Unmasked");
            pod(o)["hostUsers"] = json!(false);
        },
        Expect::NotApplicable,
    );
    cl209_fails: case(
        "CL209",
        |o| container(o)["securityContext"]["seccompProfile"] = json!({"type": "Unconfined"}),
        fail("web", "\"type\": \"Unconfined\""),
    );
    cl210_fails: case(
        "CL210",
        |o| {
            pod(o)["securityContext"]["sysctls"] =
                json!([{"name": "kernel.msgmax", "value": "65536"}])
        },
        fail("web", "\"name\": \"kernel.msgmax\""),
    );
    cl210_passes: case(
        "CL210",
        |o| {
            pod(o)["securityContext"]["sysctls"] =
                json!([{"name": "net.ipv4.tcp_keepalive_time", "value": "600"}])
        },
        Expect::Pass,
    );
    cl211_fails: case(
        "CL211",
        |o| container(o)["securityContext"]["windowsOptions"] = json!({"hostProcess": true}),
        fail("web", "\"hostProcess\": true"),
    );
    cl212_fails: case(
        "CL212",
        |o| {
            container(o)["livenessProbe"] =
                json!({"httpGet": {"host": "169.254.169.254", "path": "/", "port": 80}})
        },
        fail("web", "\"host\": \"169.254.169.254\""),
    );
    cl212_passes: case(
        "CL212",
        |o| {
            container(o)["livenessProbe"] = json!({"httpGet": {"path": "/healthz", "port": 80}})
        },
        Expect::Pass,
    );
    cl212_unknown: case(
        "CL212",
        |o| {
            container(o)["lifecycle"] =
                json!({"preStop": {"httpGet": {"host": ["10.0.0.1"], "path": "/", "port": 80}}})
        },
        Expect::Unknown {
            resource: Some("web"),
            marker: "\"host\": [",
        },
    );
    cl213_fails: case(
        "CL213",
        |o| {
            container(o)["securityContext"]["ulimits"] =
                json!([{"name": "nofile", "soft": 1048576}])
        },
        fail("web", "\"ulimits\""),
    );
}

cases! {
    pod_security_restricted_controls;
    cl214_fails: case(
        "CL214",
        |o| {
            pod(o)["volumes"] =
                json!([{"name": "share", "nfs": {"server": "nfs", "path": "/"}}])
        },
        Expect::Fail {
            resource: "web",
            marker: "\"nfs\"",
            nth: 1,
            offset: 0,
            severity: Some(Severity::Low),
        },
    );
    cl214_passes_a_volume_with_only_a_name_which_is_an_empty_dir: Case {
        restricted: true,
        ..case(
            "CL214",
            |o| pod(o)["volumes"] = json!([{"name": "scratch"}]),
            Expect::Pass,
        )
    };
    cl214_passes: case(
        "CL214",
        |o| pod(o)["volumes"] = json!([{"name": "c", "configMap": {"name": "c"}}]),
        Expect::Pass,
    );
    cl215_fails: case(
        "CL215",
        |o| {
            container(o)["securityContext"]
                .as_object_mut()
                .unwrap()
                .remove("allowPrivilegeEscalation");
        },
        fail_nth("web", "\"securityContext\"", 1),
    );
    cl215_not_applicable: case(
        "CL215",
        |o| {
            container(o)["securityContext"]
                .as_object_mut()
                .unwrap()
                .remove("allowPrivilegeEscalation");
            windows(o);
        },
        Expect::NotApplicable,
    );
    cl216_fails_1: case(
        "CL216",
        |o| container(o)["securityContext"]["runAsNonRoot"] = json!(false),
        fail("web", "\"runAsNonRoot\": false"),
    );
    cl216_fails_2: case(
        "CL216",
        |o| {
            pod(o)["securityContext"]
                .as_object_mut()
                .unwrap()
                .remove("runAsNonRoot");
        },
        fail_nth("web", "\"securityContext\"", 2),
    );
    cl217_fails: case(
        "CL217",
        |o| container(o)["securityContext"]["runAsUser"] = json!(0),
        fail("web", "\"runAsUser\": 0"),
    );
    cl217_passes: case(
        "CL217",
        |o| pod(o)["securityContext"]["runAsUser"] = json!(1000),
        Expect::Pass,
    );
    cl218_fails: case(
        "CL218",
        |o| {
            pod(o)["securityContext"]
                .as_object_mut()
                .unwrap()
                .remove("seccompProfile");
        },
        fail_nth("web", "\"securityContext\"", 2),
    );
    cl218_passes: case(
        "CL218",
        |o| {
            pod(o)["securityContext"]
                .as_object_mut()
                .unwrap()
                .remove("seccompProfile");
            container(o)["securityContext"]["seccompProfile"] =
                json!({"type": "Localhost", "localhostProfile": "p.json"});
        },
        Expect::Pass,
    );
    cl218_not_applicable: case(
        "CL218",
        |o| {
            pod(o)["securityContext"]
                .as_object_mut()
                .unwrap()
                .remove("seccompProfile");
            windows(o);
        },
        Expect::NotApplicable,
    );
    cl219_fails_1: case(
        "CL219",
        |o| {
            container(o)["securityContext"]["capabilities"] =
                json!({"add": ["NET_BIND_SERVICE"]})
        },
        fail("web", "\"capabilities\""),
    );
    cl219_fails_2: case(
        "CL219",
        |o| container(o)["securityContext"]["capabilities"]["add"] = json!(["SYS_TIME"]),
        fail("web", "\"add\""),
    );
    cl219_not_applicable: case(
        "CL219",
        |o| {
            container(o)["securityContext"]["capabilities"] = json!({});
            windows(o);
        },
        Expect::NotApplicable,
    );
    // With the restricted profile asked for, restricted controls keep their severity.
    cl217_fails_with_the_restricted_profile: Case {
        restricted: true,
        ..case(
            "CL217",
            |o| pod(o)["securityContext"]["runAsUser"] = json!(0),
            Expect::Fail {
                resource: "web",
                marker: "\"runAsUser\": 0",
                nth: 1,
                offset: 0,
                severity: Some(Severity::Medium),
            },
        )
    };
}

cases! {
    image_secret_and_resource_rules;
    cl220_fails: case(
        "CL220",
        |o| container(o)["image"] = json!("nginx:1.27"),
        fail("web", "\"image\": \"nginx:1.27\""),
    );
    cl220_passes: case(
        "CL220",
        |o| container(o)["image"] = json!("mcr.microsoft.com/dotnet/samples:aspnetapp"),
        Expect::Pass,
    );
    cl221_fails: case(
        "CL221",
        |o| container(o)["image"] = json!("shop.azurecr.io/web"),
        fail("web", "\"image\""),
    );
    cl221_passes: case(
        "CL221",
        |o| container(o)["image"] = json!("shop.azurecr.io/web@sha256:0123"),
        Expect::Pass,
    );
    cl222_fails: case(
        "CL222",
        |o| container(o)["env"] = json!([{"name": "DB_PASSWORD", "value": "hunter2-hunter2"}]),
        Expect::Fail {
            resource: "web",
            marker: "\"value\": \"hunter2-hunter2\"",
            nth: 1,
            offset: 0,
            severity: Some(Severity::Medium),
        },
    );
    cl222_passes: case(
        "CL222",
        |o| container(o)["env"] = json!([{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "pw"}}}]),
        Expect::Pass,
    );
    cl222_fails_for_a_short_password: case(
        "CL222",
        |o| container(o)["env"] = json!([{"name": "MYSQL_PWD", "value": "root"}]),
        fail("web", "\"value\": \"root\""),
    );
    cl222_fails_for_a_bearer_credential: case(
        "CL222",
        |o| container(o)["env"] = json!([{"name": "UPSTREAM_HEADER", "value": "Bearer abcdef123456"}]),
        fail("web", "\"value\": \"Bearer abcdef123456\""),
    );
    cl222_fails_for_a_key_named_variable: case(
        "CL222",
        |o| container(o)["env"] = json!([{"name": "STRIPE_KEY", "value": "sk_live_0123456789"}]),
        fail("web", "\"value\": \"sk_live_0123456789\""),
    );
    cl222_passes_for_a_mounted_file_path: case(
        "CL222",
        |o| container(o)["env"] = json!([{"name": "DB_PASSWORD", "value": "/mnt/secrets-store/db-password"}]),
        Expect::Pass,
    );
    cl222_passes_for_names_that_describe_a_secret: case(
        "CL222",
        |o| container(o)["env"] = json!([
            {"name": "KEY_VAULT_NAME", "value": "kv-shop-prod"},
            {"name": "KEYCLOAK_REALM", "value": "production"},
            {"name": "PUBLIC_KEY", "value": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5"}
        ]),
        Expect::Pass,
    );
    cl223_fails: case(
        "CL223",
        |o| {
            container(o)["resources"]["limits"]
                .as_object_mut()
                .unwrap()
                .remove("memory");
        },
        fail("web", "\"limits\""),
    );
}

/// The Service without its internal-load-balancer annotation.
fn public(o: &mut [Value]) {
    o[2]["metadata"]
        .as_object_mut()
        .unwrap()
        .remove("annotations");
}

cases! {
    connectivity_rules_on_objects;
    cn201_fails_1: case(
        "CN201",
        |o| public(o),
        fail("web", "\"type\": \"LoadBalancer\""),
    );
    cn201_fails_2: case(
        "CN201",
        |o| {
            public(o);
            o[2]["spec"]["loadBalancerSourceRanges"] = json!(["203.0.113.0/24", "0.0.0.0/0"]);
        },
        fail("web", "\"loadBalancerSourceRanges\""),
    );
    cn201_passes_1: case(
        "CN201",
        |o| {
            public(o);
            o[2]["spec"]["loadBalancerSourceRanges"] = json!(["203.0.113.0/24"]);
        },
        Expect::Pass,
    );
    cn201_not_applicable: case("CN201", nothing, Expect::NotApplicable);
    cn201_unknown: case(
        "CN201",
        |o| o[2]["spec"]["type"] = json!(["LoadBalancer"]),
        Expect::Unknown {
            resource: Some("web"),
            marker: "\"type\": [",
        },
    );
    cn201_passes_2: case(
        "CN201",
        |o| {
            // An empty list in the spec defers to the annotation.
            public(o);
            o[2]["spec"]["loadBalancerSourceRanges"] = json!([]);
            o[2]["metadata"]["annotations"] = json!({
                "service.beta.kubernetes.io/load-balancer-source-ranges": "203.0.113.0/24, 198.51.100.0/24"
            });
        },
        Expect::Pass,
    );
    cn202_fails: case(
        "CN202",
        |o| public(o),
        fail("web", "\"type\": \"LoadBalancer\""),
    );
    cn202_not_applicable: case("CN202", nothing, Expect::NotApplicable);
    cn202_passes: case(
        "CN202",
        |o| {
            o.push(json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                "metadata": {"name": "web", "namespace": "shop",
                    "annotations": {"appgw.ingress.kubernetes.io/waf-policy-for-path": "/subscriptions/x/waf"}},
                "spec": {"ingressClassName": "azure-application-gateway"}}));
            o.remove(2);
        },
        Expect::Pass,
    );
    cn202_unknown: case(
        "CN202",
        |o| {
            o.push(
                json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                "metadata": {"name": "web", "namespace": "shop"},
                "spec": {"ingressClassName": "azure-application-gateway"}}),
            );
            o.remove(2);
        },
        Expect::Unknown {
            resource: Some("web"),
            marker: "\"ingressClassName\"",
        },
    );
    cn203_not_applicable: case(
        "CN203",
        |o| {
            // Only the policy and the Service are left in `shop`.
            o.remove(0);
        },
        Expect::NotApplicable,
    );
    cn203_fails_1: case(
        "CN203",
        |o| {
            o.remove(1);
        },
        Expect::Fail {
            // The namespace's first object: the Deployment, whose item starts
            // two lines above its `kind`.
            resource: "shop",
            marker: "\"kind\": \"Deployment\"",
            nth: 1,
            offset: -2,
            severity: None,
        },
    );
    cn203_fails_2: case(
        "CN203",
        |o| {
            o[1]["spec"]["namespace"] = json!("other");
            o[1]["metadata"]["namespace"] = json!("other");
        },
        Expect::Fail {
            resource: "shop",
            marker: "\"kind\": \"Deployment\"",
            nth: 1,
            offset: -2,
            severity: None,
        },
    );
    cn203_fails_3: case(
        "CN203",
        |o| {
            o.push(
                json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": "allow-all", "namespace": "shop"},
            "spec": {"podSelector": {}, "ingress": [{}]}}),
            );
        },
        Expect::Fail {
            resource: "shop",
            marker: "\"name\": \"allow-all\"",
            nth: 1,
            offset: -4,
            severity: None,
        },
    );
}

fn binding(kind: &str, role_kind: &str, role: &str, subject: Value) -> Value {
    json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
        "metadata": {"name": "grant", "namespace": "shop"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role},
        "subjects": [subject]})
}

cases! {
    auth_rules_on_objects;
    au201_fails_1: case(
        "AU201",
        |o| {
            o.push(binding(
                "ClusterRoleBinding",
                "ClusterRole",
                "cluster-admin",
                json!({"kind": "Group", "name": "dev-team"}),
            ))
        },
        fail("grant", "\"name\": \"cluster-admin\""),
    );
    au201_fails_2: case(
        "AU201",
        |o| {
            o.push(
                json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
            "metadata": {"name": "everything"},
            "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]}),
            );
            o.push(binding(
                "RoleBinding",
                "ClusterRole",
                "everything",
                json!({"kind": "ServiceAccount", "name": "ci", "namespace": "shop"}),
            ));
        },
        fail_nth("grant", "\"name\": \"everything\"", 2),
    );
    au201_passes: case(
        "AU201",
        |o| {
            o.push(binding(
                "ClusterRoleBinding",
                "ClusterRole",
                "view",
                json!({"kind": "Group", "name": "dev-team"}),
            ))
        },
        Expect::Pass,
    );
    au201_exempts_system_masters: case(
        "AU201",
        |o| {
            o.push(binding(
                "ClusterRoleBinding",
                "ClusterRole",
                "cluster-admin",
                json!({"kind": "Group", "name": "system:masters"}),
            ))
        },
        Expect::Exempt { resource: "grant", marker: "\"name\": \"cluster-admin\"" },
    );
    au201_fails_3: case(
        "AU201",
        |o| {
            // A `system:` name, but it means every signed-in caller.
            o.push(binding(
                "ClusterRoleBinding",
                "ClusterRole",
                "cluster-admin",
                json!({"kind": "Group", "name": "system:authenticated"}),
            ))
        },
        fail("grant", "\"name\": \"cluster-admin\""),
    );
    au201_fails_4: case(
        "AU201",
        |o| {
            o.push(binding(
                "ClusterRoleBinding",
                "ClusterRole",
                "cluster-admin",
                json!({"kind": "User", "name": "system:serviceaccount:shop:web"}),
            ))
        },
        fail("grant", "\"name\": \"cluster-admin\""),
    );
    au201_exempts_an_aks_component_account: case(
        "AU201",
        |o| {
            o.push(binding(
                "ClusterRoleBinding",
                "ClusterRole",
                "cluster-admin",
                json!({"kind": "User", "name": "system:serviceaccount:kube-system:coredns"}),
            ))
        },
        Expect::Exempt { resource: "grant", marker: "\"name\": \"cluster-admin\"" },
    );
    au201_unknown: case(
        "AU201",
        |o| {
            o.push(binding(
                "ClusterRoleBinding",
                "ClusterRole",
                "custom-role",
                json!({"kind": "User", "name": "alice"}),
            ))
        },
        Expect::Unknown {
            resource: Some("grant"),
            marker: "\"custom-role\"",
        },
    );
    au202_fails: case(
        "AU202",
        |o| {
            o.push(binding(
                "ClusterRoleBinding",
                "ClusterRole",
                "edit",
                json!({"kind": "User", "name": "alice"}),
            ))
        },
        fail("grant", "\"name\": \"edit\""),
    );
    au202_passes: case(
        "AU202",
        |o| {
            o.push(binding(
                "ClusterRoleBinding",
                "ClusterRole",
                "view",
                json!({"kind": "User", "name": "alice"}),
            ))
        },
        Expect::Pass,
    );
    au202_not_applicable: case(
        "AU202",
        |o| {
            o.push(binding(
                "RoleBinding",
                "ClusterRole",
                "edit",
                json!({"kind": "User", "name": "alice"}),
            ))
        },
        Expect::NotApplicable,
    );
    au203_fails: case(
        "AU203",
        |o| {
            pod(o)["volumes"] = json!([{"name": "kv",
        "flexVolume": {"driver": "azure/kv", "options": {"keyvaultname": "kv"}}}])
        },
        fail("web", "\"flexVolume\""),
    );
    au204_fails: case(
        "AU204",
        |o| {
            container(o)["env"] = json!([{"name": "DB", "valueFrom": {"secretKeyRef": {"name": "db", "key": "pw"}}}]);
            o.push(json!({"apiVersion": "secrets-store.csi.x-k8s.io/v1", "kind": "SecretProviderClass",
            "metadata": {"name": "kv", "namespace": "shop"}, "spec": {"provider": "azure"}}));
        },
        fail("web", "\"valueFrom\""),
    );
    au204_not_applicable: case(
        "AU204",
        |o| {
            container(o)["env"] = json!([{"name": "DB", "valueFrom": {"secretKeyRef": {"name": "db", "key": "pw"}}}]);
        },
        Expect::NotApplicable,
    );
    au205_fails: case(
        "AU205",
        |o| {
            pod(o)
                .as_object_mut()
                .unwrap()
                .remove("automountServiceAccountToken");
        },
        fail_nth("web", "\"spec\"", 2),
    );
    au205_fails_when_the_pod_mounts_it_whatever_its_service_account_says: case(
        "AU205",
        |o| {
            pod(o)["automountServiceAccountToken"] = json!(true);
            o.push(json!({"apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": {"name": "default", "namespace": "shop"}, "automountServiceAccountToken": false}));
        },
        fail("web", "\"automountServiceAccountToken\": true"),
    );
    au205_passes: case(
        "AU205",
        |o| {
            pod(o)
                .as_object_mut()
                .unwrap()
                .remove("automountServiceAccountToken");
            o.push(json!({"apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": {"name": "default", "namespace": "shop"}, "automountServiceAccountToken": false}));
        },
        Expect::Pass,
    );
}

pub fn summaries() -> Vec<(&'static str, crate::Expected)> {
    [
        hardened_objects(),
        pod_security_baseline_controls(),
        pod_security_restricted_controls(),
        image_secret_and_resource_rules(),
        connectivity_rules_on_objects(),
        auth_rules_on_objects(),
    ]
    .concat()
}
