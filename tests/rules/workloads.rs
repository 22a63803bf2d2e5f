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
                    "metadata": {"labels": {"app.kubernetes.io/name": "web"}},
                    "spec": {
                        "automountServiceAccountToken": false,
                        "serviceAccountName": "web",
                        "containers": [{
                            "name": "app",
                            "image": "shop.azurecr.io/web:1.2.3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                            "env": [{"name": "LOG_LEVEL", "value": "info"}],
                            "ports": [{"containerPort": 8080}],
                            "resources": {
                                "requests": {"cpu": "100m", "memory": "128Mi"},
                                "limits": {"cpu": "500m", "memory": "256Mi"}
                            },
                            "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
                            "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}},
                            "securityContext": {
                                "allowPrivilegeEscalation": false,
                                "readOnlyRootFilesystem": true,
                                "capabilities": {"drop": ["ALL"]}
                            }
                        }],
                        "securityContext": {
                            "runAsNonRoot": true,
                            "runAsUser": 10001,
                            "runAsGroup": 10001,
                            "seccompProfile": {"type": "RuntimeDefault"}
                        }
                    }
                }
            }
        }),
        json!({
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": "default-deny", "namespace": "shop"},
            "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
        }),
        json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {
                "name": "web",
                "namespace": "shop",
                "annotations": {"service.beta.kubernetes.io/azure-load-balancer-internal": "true"}
            },
            "spec": {"type": "LoadBalancer", "ports": [{"port": 80, "targetPort": 8080}]}
        }),
        json!({
            "apiVersion": "v1",
            "kind": "LimitRange",
            "metadata": {"name": "defaults", "namespace": "shop"},
            "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m", "memory": "256Mi"}}]}
        }),
        json!({
            "apiVersion": "v1",
            "kind": "ResourceQuota",
            "metadata": {"name": "shop", "namespace": "shop"},
            "spec": {"hard": {"requests.cpu": "8", "requests.memory": "16Gi"}}
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
            "metadata": {"name": "web", "namespace": "shop"}, "automountServiceAccountToken": false}));
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
        fine_grained_rbac(),
        peer_workload_rules(),
    ]
    .concat()
}

/// A ClusterRole `custom` with one rule, bound cluster-wide to user alice.
fn bound_rule(o: &mut Vec<Value>, rule: Value) {
    o.push(
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
        "metadata": {"name": "custom"}, "rules": [rule]}),
    );
    o.push(binding(
        "ClusterRoleBinding",
        "ClusterRole",
        "custom",
        json!({"kind": "User", "name": "alice"}),
    ));
}

/// `role` (built in) bound to user alice, in namespace shop or cluster-wide.
fn bound_built_in(o: &mut Vec<Value>, kind: &str, role: &str) {
    o.push(binding(
        kind,
        "ClusterRole",
        role,
        json!({"kind": "User", "name": "alice"}),
    ));
}

/// A finding at the role's rule: its item starts a line above `apiGroups`.
fn fail_at_rule(nth: usize) -> Expect {
    Expect::Fail {
        resource: "grant",
        marker: "\"apiGroups\"",
        nth,
        offset: -1,
        severity: None,
    }
}

fn cluster_admin(o: &mut Vec<Value>) {
    bound_built_in(o, "ClusterRoleBinding", "cluster-admin");
}

fn view(o: &mut Vec<Value>) {
    bound_built_in(o, "ClusterRoleBinding", "view");
}

cases! {
    fine_grained_rbac;
    au206_fails: case(
        "AU206",
        |o| bound_rule(o, json!({"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles"], "verbs": ["bind"]})),
        fail_at_rule(1),
    );
    au206_fails_through_admin: case(
        "AU206",
        |o| bound_built_in(o, "ClusterRoleBinding", "admin"),
        fail("grant", "\"name\": \"admin\""),
    );
    au206_fails_through_aggregation: case(
        "AU206",
        |o| {
            o.push(json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                "metadata": {"name": "aggregate"},
                "aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"example.com/aggregate": "true"}}]},
                "rules": []}));
            o.push(json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                "metadata": {"name": "part", "labels": {"example.com/aggregate": "true"}},
                "rules": [{"apiGroups": [""], "resources": ["users"], "verbs": ["impersonate"]}]}));
            o.push(binding("ClusterRoleBinding", "ClusterRole", "aggregate", json!({"kind": "User", "name": "alice"})));
        },
        Expect::Fail { resource: "grant", marker: "\"impersonate\"", nth: 1, offset: -8, severity: None },
    );
    au206_passes: case("AU206", view, Expect::Pass);
    au206_not_applicable: case("AU206", cluster_admin, Expect::NotApplicable);
    au206_unknown: case(
        "AU206",
        |o| bound_built_in(o, "ClusterRoleBinding", "not-scanned"),
        Expect::Unknown { resource: Some("grant"), marker: "\"not-scanned\"" },
    );
    au207_fails: case(
        "AU207",
        |o| bound_built_in(o, "ClusterRoleBinding", "edit"),
        fail("grant", "\"name\": \"edit\""),
    );
    au207_passes: case("AU207", view, Expect::Pass);
    au207_not_applicable: case("AU207", cluster_admin, Expect::NotApplicable);
    au207_not_applicable_to_a_namespace_handed_to_its_team: case(
        "AU207",
        |o| bound_built_in(o, "RoleBinding", "edit"),
        Expect::NotApplicable,
    );
    au208_fails: case(
        "AU208",
        |o| bound_rule(o, json!({"apiGroups": [""], "resources": ["nodes/proxy"], "verbs": ["get"]})),
        fail_at_rule(1),
    );
    au208_fails_through_an_aggregate_to_edit_label: case(
        "AU208",
        |o| {
            o.push(json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                "metadata": {"name": "metrics", "labels": {"rbac.authorization.k8s.io/aggregate-to-edit": "true"}},
                "rules": [{"apiGroups": [""], "resources": ["nodes/*"], "verbs": ["get"]}]}));
            bound_built_in(o, "ClusterRoleBinding", "admin");
        },
        fail_at_rule(1),
    );
    au208_passes: case("AU208", view, Expect::Pass);
    au208_not_applicable: case("AU208", cluster_admin, Expect::NotApplicable);
    au209_fails: case(
        "AU209",
        |o| bound_rule(o, json!({"apiGroups": ["certificates.k8s.io"], "resources": ["certificatesigningrequests/approval"], "verbs": ["update"]})),
        fail_at_rule(1),
    );
    au209_passes: case("AU209", view, Expect::Pass);
    au209_not_applicable: case("AU209", cluster_admin, Expect::NotApplicable);
    au210_fails: case(
        "AU210",
        |o| bound_rule(o, json!({"apiGroups": ["admissionregistration.k8s.io"], "resources": ["mutatingwebhookconfigurations"], "verbs": ["patch"]})),
        fail_at_rule(1),
    );
    au210_passes: case("AU210", view, Expect::Pass);
    au210_not_applicable: case("AU210", cluster_admin, Expect::NotApplicable);
    au211_fails: case(
        "AU211",
        |o| bound_built_in(o, "ClusterRoleBinding", "edit"),
        fail("grant", "\"name\": \"edit\""),
    );
    au211_passes: case("AU211", view, Expect::Pass);
    au211_not_applicable: case("AU211", cluster_admin, Expect::NotApplicable);
    au212_fails: case(
        "AU212",
        |o| bound_rule(o, json!({"apiGroups": [""], "resources": ["persistentvolumes"], "verbs": ["create"]})),
        fail_at_rule(1),
    );
    au212_passes_for_a_rule_limited_to_named_objects: case(
        "AU212",
        |o| bound_rule(o, json!({"apiGroups": ["apps"], "resources": ["deployments"], "resourceNames": ["web"], "verbs": ["create", "update"]})),
        Expect::Pass,
    );
    au212_not_applicable: case("AU212", cluster_admin, Expect::NotApplicable);
    au213_fails: case(
        "AU213",
        |o| bound_rule(o, json!({"apiGroups": [""], "resources": ["events"], "verbs": ["deletecollection"]})),
        fail_at_rule(1),
    );
    au213_passes: case("AU213", view, Expect::Pass);
    au213_not_applicable: case("AU213", cluster_admin, Expect::NotApplicable);
    au214_fails: case(
        "AU214",
        |o| bound_rule(o, json!({"apiGroups": [""], "resources": ["services/status"], "verbs": ["patch"]})),
        fail_at_rule(1),
    );
    au214_passes: case("AU214", view, Expect::Pass);
    au214_not_applicable: case("AU214", cluster_admin, Expect::NotApplicable);
    au215_fails: case(
        "AU215",
        |o| bound_rule(o, json!({"apiGroups": [""], "resources": ["pods"], "verbs": ["*"]})),
        fail_at_rule(1),
    );
    au215_passes: case(
        "AU215",
        |o| bound_rule(o, json!({"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]})),
        Expect::Pass,
    );
    au215_not_applicable: case("AU215", cluster_admin, Expect::NotApplicable);
    au216_fails: case(
        "AU216",
        |o| o.push(binding("ClusterRoleBinding", "ClusterRole", "view", json!({"kind": "Group", "name": "system:authenticated"}))),
        Expect::Fail { resource: "grant", marker: "\"system:authenticated\"", nth: 1, offset: -2, severity: None },
    );
    au216_passes_for_the_discovery_roles: case(
        "AU216",
        |o| o.push(binding("ClusterRoleBinding", "ClusterRole", "system:discovery", json!({"kind": "Group", "name": "system:authenticated"}))),
        Expect::Pass,
    );
    au217_fails: case(
        "AU217",
        |o| {
            o.push(json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                "metadata": {"name": "reader", "namespace": "shop"},
                "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["list"]}]}));
            o.push(binding("RoleBinding", "Role", "reader", json!({"kind": "User", "name": "alice"})));
        },
        fail_at_rule(1),
    );
    au217_fails_on_cluster_wide_writes: case(
        "AU217",
        |o| bound_built_in(o, "ClusterRoleBinding", "edit"),
        fail("grant", "\"name\": \"edit\""),
    );
    au217_passes: case("AU217", view, Expect::Pass);
    au217_not_applicable: case("AU217", cluster_admin, Expect::NotApplicable);
    au218_fails_for_a_binding: case(
        "AU218",
        |o| o.push(binding("RoleBinding", "ClusterRole", "view", json!({"kind": "ServiceAccount", "name": "default", "namespace": "shop"}))),
        Expect::Fail { resource: "grant", marker: "\"name\": \"default\"", nth: 1, offset: -2, severity: None },
    );
    au218_fails_for_a_workload: case(
        "AU218",
        |o| {
            pod(o).as_object_mut().unwrap().remove("serviceAccountName");
        },
        Expect::Fail { resource: "web", marker: "\"automountServiceAccountToken\"", nth: 1, offset: -1, severity: None },
    );
    au218_passes: case("AU218", nothing, Expect::Pass);
}

fn ingress(o: &mut Vec<Value>, annotations: Value, tls: bool) {
    let mut ingress = json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": "web", "namespace": "shop", "annotations": annotations},
        "spec": {"ingressClassName": "webapprouting.kubernetes.azure.com",
            "rules": [{"host": "shop.example.com"}]}});
    if tls {
        ingress["spec"]["tls"] = json!([{"hosts": ["shop.example.com"], "secretName": "shop-tls"}]);
    }
    o.push(ingress);
}

fn job(o: &mut [Value]) {
    o[0]["kind"] = json!("Job");
}

cases! {
    peer_workload_rules;
    cl224_fails: case(
        "CL224",
        |o| {
            container(o)["resources"] = json!({"limits": {"cpu": "500m"}});
        },
        fail("web", "\"resources\""),
    );
    cl224_passes_with_limits_only: case(
        "CL224",
        |o| container(o)["resources"] = json!({"limits": {"cpu": "500m", "memory": "256Mi"}}),
        Expect::Pass,
    );
    cl225_fails: case(
        "CL225",
        |o| {
            o.truncate(4);
        },
        Expect::Fail { resource: "shop", marker: "\"kind\": \"Deployment\"", nth: 1, offset: -2, severity: None },
    );
    cl225_passes: case("CL225", nothing, Expect::Pass);
    cl225_not_applicable: case(
        "CL225",
        |o| {
            o.remove(0);
        },
        Expect::NotApplicable,
    );
    cl226_fails: case(
        "CL226",
        |o| container(o)["securityContext"]["readOnlyRootFilesystem"] = json!(false),
        fail("web", "\"readOnlyRootFilesystem\": false"),
    );
    cl226_passes: case("CL226", nothing, Expect::Pass);
    cl226_not_applicable: case("CL226", |o| windows(o), Expect::NotApplicable);
    cl227_fails: case(
        "CL227",
        |o| {
            container(o).as_object_mut().unwrap().remove("readinessProbe");
        },
        Expect::Fail { resource: "web", marker: "\"env\"", nth: 1, offset: -1, severity: None },
    );
    cl227_passes: case("CL227", nothing, Expect::Pass);
    cl227_not_applicable: case("CL227", |o| job(o), Expect::NotApplicable);
    cl228_fails: case(
        "CL228",
        |o| container(o)["image"] = json!("shop.azurecr.io/web:1.2.3"),
        fail("web", "\"image\""),
    );
    cl228_passes: case("CL228", nothing, Expect::Pass);
    cl229_fails: case(
        "CL229",
        |o| pod(o)["securityContext"]["runAsUser"] = json!(1000),
        fail("web", "\"runAsUser\": 1000"),
    );
    cl229_fails_on_a_root_supplemental_group: case(
        "CL229",
        |o| pod(o)["securityContext"]["supplementalGroups"] = json!([0]),
        fail("web", "\"supplementalGroups\""),
    );
    cl229_passes: case("CL229", nothing, Expect::Pass);
    cl229_not_applicable: case(
        "CL229",
        |o| {
            let sc = pod(o)["securityContext"].as_object_mut().unwrap();
            sc.remove("runAsUser");
            sc.remove("runAsGroup");
        },
        Expect::NotApplicable,
    );
    cl230_fails: case(
        "CL230",
        |o| o[0]["metadata"]["namespace"] = json!("default"),
        Expect::Fail { resource: "web", marker: "\"kind\": \"Deployment\"", nth: 1, offset: -2, severity: None },
    );
    cl230_passes: case("CL230", nothing, Expect::Pass);
    cl230_unknown: case(
        "CL230",
        |o| {
            o[0]["metadata"].as_object_mut().unwrap().remove("namespace");
        },
        Expect::UnknownAt { resource: "web", marker: "\"items\"", offset: 1 },
    );
    cl231_fails: case(
        "CL231",
        |o| {
            let spec = pod(o).clone();
            o.push(json!({"apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": "debug", "namespace": "shop"}, "spec": spec}));
        },
        Expect::Fail { resource: "debug", marker: "\"kind\": \"Pod\"", nth: 1, offset: -2, severity: None },
    );
    cl231_passes: case("CL231", nothing, Expect::Pass);
    cl232_fails: case(
        "CL232",
        |o| container(o)["image"] = json!("registry.k8s.io/ingress-nginx/controller:v1.12.1"),
        fail("web", "\"image\""),
    );
    cl232_fails_on_sudo: case(
        "CL232",
        |o| container(o)["command"] = json!(["sh", "-c", "sudo /app/start"]),
        fail("web", "\"command\""),
    );
    cl232_passes: case("CL232", nothing, Expect::Pass);
    cl233_fails: case(
        "CL233",
        |o| container(o)["ports"] = json!([{"containerPort": 443}]),
        fail("web", "\"containerPort\": 443"),
    );
    cl233_passes: case("CL233", nothing, Expect::Pass);
    cl233_not_applicable: case("CL233", |o| windows(o), Expect::NotApplicable);
    cl234_fails: case(
        "CL234",
        |o| container(o)["env"] = json!([{"name": "MODE", "value": "a"}, {"name": "MODE", "value": "b"}]),
        fail("web", "\"value\": \"b\""),
    );
    cl234_passes: case("CL234", nothing, Expect::Pass);
    cl235_fails: case(
        "CL235",
        |o| o[1]["apiVersion"] = json!("extensions/v1beta1"),
        Expect::Fail { resource: "default-deny", marker: "\"extensions/v1beta1\"", nth: 1, offset: -1, severity: None },
    );
    cl235_passes: case("CL235", nothing, Expect::Pass);
    cn204_fails: case(
        "CN204",
        |o| ingress(o, json!({"nginx.ingress.kubernetes.io/server-snippet": "location /x { alias /etc/; }"}), true),
        Expect::Fail { resource: "web", marker: "\"kind\": \"Ingress\"", nth: 1, offset: -2, severity: None },
    );
    cn204_passes: case(
        "CN204",
        |o| ingress(o, json!({"nginx.ingress.kubernetes.io/ssl-redirect": "true"}), true),
        Expect::Pass,
    );
    cn205_fails: case(
        "CN205",
        |o| o[2]["spec"]["externalIPs"] = json!(["10.0.0.10"]),
        fail("web", "\"externalIPs\""),
    );
    cn205_passes: case("CN205", nothing, Expect::Pass);
    cn206_fails: case(
        "CN206",
        |o| ingress(o, json!({}), false),
        Expect::Fail { resource: "web", marker: "\"kind\": \"Ingress\"", nth: 1, offset: -2, severity: None },
    );
    cn206_passes: case("CN206", |o| ingress(o, json!({}), true), Expect::Pass);
    cn207_fails: case(
        "CN207",
        |o| o[1]["spec"]["policyTypes"] = json!(["Ingress"]),
        Expect::Fail { resource: "shop", marker: "\"kind\": \"Deployment\"", nth: 1, offset: -2, severity: None },
    );
    cn207_passes: case("CN207", nothing, Expect::Pass);
    cn207_not_applicable: case(
        "CN207",
        |o| {
            o.remove(0);
        },
        Expect::NotApplicable,
    );
    au219_fails: case(
        "AU219",
        |o| o.push(json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "settings", "namespace": "shop"},
            "data": {"DB_PASSWORD": "hunter2-but-much-longer-9f8e7d6c", "MODE": "production"}})),
        fail("settings", "\"DB_PASSWORD\""),
    );
    cl236_fails: case(
        "CL236",
        |o| o[2]["spec"]["selector"] = json!({"app": "shop-web"}),
        fail("web", "\"selector\""),
    );
    cl236_fails_on_a_policy_that_selects_no_pod: case(
        "CL236",
        |o| o[1]["spec"]["podSelector"] = json!({"matchLabels": {"app": "gone"}}),
        fail("default-deny", "\"matchLabels\""),
    );
    cl236_fails_on_an_ingress_to_a_missing_service: case(
        "CL236",
        |o| {
            o.push(json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                "metadata": {"name": "shop", "namespace": "shop"},
                "spec": {"rules": [{"host": "shop.example.com", "http": {"paths": [
                    {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web-v2", "port": {"number": 80}}}}]}}]}}));
        },
        fail("shop", "\"web-v2\""),
    );
    cl236_fails_on_a_missing_service_account: case(
        "CL236",
        |o| {
            o.push(json!({"apiVersion": "v1", "kind": "ServiceAccount",
                "metadata": {"name": "batch", "namespace": "shop"}}));
        },
        fail("web", "\"serviceAccountName\""),
    );
    cl236_fails_on_an_autoscaler_without_its_target: case(
        "CL236",
        |o| {
            o.push(json!({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                "metadata": {"name": "web", "namespace": "shop"},
                "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web-v2"},
                    "minReplicas": 2, "maxReplicas": 5}}));
        },
        fail("web", "\"web-v2\""),
    );
    cl236_passes_where_an_unmodelled_kind_may_run_the_pods: case(
        "CL236",
        |o| {
            o[2]["spec"]["selector"] = json!({"app": "shop-rollout"});
            o.push(json!({"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
                "metadata": {"name": "shop-rollout", "namespace": "shop"}}));
        },
        Expect::Pass,
    );
    cl236_passes: case(
        "CL236",
        |o| o[2]["spec"]["selector"] = json!({"app.kubernetes.io/name": "web"}),
        Expect::Pass,
    );
    cl236_not_applicable: case(
        "CL236",
        |o| {
            o[2]["spec"]["selector"] = json!({"app": "shop-web"});
            o.remove(0);
        },
        Expect::NotApplicable,
    );
    au219_passes: case(
        "AU219",
        |o| o.push(json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "settings", "namespace": "shop"},
            "data": {"MODE": "production"}})),
        Expect::Pass,
    );
}
