//! Every 2xx rule: failing, passing and (where the rule has a precondition)
//! not-applicable or unknown cases, asserting code, object and line.
//!
//! Each case patches a hardened set of objects — a Deployment, a
//! default-deny NetworkPolicy and an internal LoadBalancer Service in
//! namespace `shop` — written as one `kind: List` manifest. Expected lines
//! come from a marker in the written text.

mod support;

use chanto::load::LoadOptions;
use chanto::model::Subject;
use chanto::rules::{PodSecurityProfile, Severity, Verdict};
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

#[derive(Debug)]
enum Expect {
    /// A finding on `resource` at the line of `marker` (`nth` occurrence)
    /// plus `offset`.
    Fail {
        resource: &'static str,
        marker: &'static str,
        nth: usize,
        offset: i64,
        severity: Option<Severity>,
    },
    Pass,
    NotApplicable,
    /// An unknown on `resource` at the line of `marker`.
    Unknown {
        resource: &'static str,
        marker: &'static str,
    },
}

fn fail(resource: &'static str, marker: &'static str) -> Expect {
    Expect::Fail {
        resource,
        marker,
        nth: 1,
        offset: 0,
        severity: None,
    }
}

fn fail_nth(resource: &'static str, marker: &'static str, nth: usize) -> Expect {
    Expect::Fail {
        resource,
        marker,
        nth,
        offset: 0,
        severity: None,
    }
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

fn line_of(text: &str, marker: &str, nth: usize) -> i64 {
    i64::from(support::nth_line_of(text, marker, nth))
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
    });
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    let outcomes: Vec<_> = result.outcomes.iter().collect();
    let tally = result.tallies.first().map(|(_, t)| *t).unwrap_or_default();
    assert!(
        !outcomes.is_empty() || tally.passed + tally.not_applicable > 0,
        "{} evaluated nothing",
        case.code
    );
    let name = |s: Subject| result.inventory.resource(s).name;
    let context = || {
        format!(
            "{} expecting {:?}; got {outcomes:#?} and {tally:?}",
            case.code, case.expect
        )
    };
    match &case.expect {
        Expect::Fail {
            resource,
            marker,
            nth,
            offset,
            severity,
        } => {
            let line = line_of(&text, marker, *nth) + offset;
            let hit = outcomes.iter().find(|o| {
                matches!(&o.evaluation.verdict, Verdict::Fail { loc, .. } if i64::from(loc.line) == line)
                    && name(o.evaluation.subject) == *resource
            });
            let hit = hit.unwrap_or_else(|| {
                panic!("no finding on {resource} at line {line}: {}", context())
            });
            let got = match &hit.evaluation.verdict {
                Verdict::Fail { severity, .. } => severity.unwrap_or(hit.rule.severity),
                _ => unreachable!("matched a failure"),
            };
            if let Some(want) = severity {
                assert_eq!(got, *want, "{}", context());
            }
        }
        Expect::Pass => assert!(outcomes.is_empty() && tally.passed > 0, "{}", context()),
        Expect::NotApplicable => assert!(
            outcomes.is_empty() && tally.not_applicable > 0,
            "{}",
            context()
        ),
        Expect::Unknown { resource, marker } => {
            let line = line_of(&text, marker, 1);
            assert!(
                outcomes.iter().any(|o| {
                    matches!(&o.evaluation.verdict, Verdict::Unknown { loc, .. } if i64::from(loc.line) == line)
                        && name(o.evaluation.subject) == *resource
                }),
                "no unknown on {resource} at line {line}: {}",
                context()
            );
        }
    }
}

fn windows(objects: &mut [Value]) {
    pod(objects)["os"] = json!({"name": "windows"});
}

#[test]
fn hardened_objects_pass_every_workload_rule() {
    for code in [
        "CL201", "CL202", "CL203", "CL204", "CL205", "CL206", "CL207", "CL208", "CL209", "CL210",
        "CL211", "CL212", "CL213", "CL214", "CL215", "CL216", "CL217", "CL218", "CL219", "CL220",
        "CL221", "CL222", "CL223", "CN203", "AU203", "AU205",
    ] {
        run(&case(code, nothing, Expect::Pass));
    }
}

#[test]
fn pod_security_baseline_controls() {
    let cases = [
        case(
            "CL201",
            |o| container(o)["securityContext"]["privileged"] = json!(true),
            fail("web", "\"privileged\": true"),
        ),
        case(
            "CL202",
            |o| pod(o)["hostPID"] = json!("yes"),
            fail("web", "\"hostPID\""),
        ),
        case(
            "CL203",
            |o| pod(o)["volumes"] = json!([{"name": "root", "hostPath": {"path": "/"}}]),
            fail("web", "\"hostPath\""),
        ),
        case(
            "CL204",
            |o| container(o)["ports"] = json!([{"containerPort": 80, "hostPort": 8080}]),
            fail("web", "\"hostPort\": 8080"),
        ),
        case(
            "CL204",
            |o| container(o)["ports"] = json!([{"containerPort": 80, "hostPort": 0}]),
            Expect::Pass,
        ),
        case(
            "CL204",
            |o| container(o)["ports"] = json!([{"containerPort": 80, "hostPort": "http"}]),
            Expect::Unknown {
                resource: "web",
                marker: "\"hostPort\": \"http\"",
            },
        ),
        case(
            "CL205",
            |o| container(o)["securityContext"]["capabilities"]["add"] = json!(["NET_ADMIN"]),
            fail("web", "\"add\""),
        ),
        case(
            "CL205",
            |o| {
                container(o)["securityContext"]["capabilities"]["add"] =
                    json!(["CHOWN", "NET_BIND_SERVICE"])
            },
            Expect::Pass,
        ),
        case(
            "CL206",
            |o| container(o)["securityContext"]["appArmorProfile"] = json!({"type": "Unconfined"}),
            fail("web", "\"type\": \"Unconfined\""),
        ),
        case(
            "CL206",
            |o| {
                o[0]["spec"]["template"]["metadata"]["annotations"] =
                    json!({"container.apparmor.security.beta.kubernetes.io/app": "unconfined"})
            },
            fail("web", "container.apparmor.security.beta.kubernetes.io/app"),
        ),
        case(
            "CL206",
            |o| {
                container(o)["securityContext"]["appArmorProfile"] =
                    json!({"type": "RuntimeDefault"})
            },
            Expect::Pass,
        ),
        case(
            "CL207",
            |o| container(o)["securityContext"]["seLinuxOptions"] = json!({"user": "system_u"}),
            fail("web", "\"user\""),
        ),
        case(
            "CL207",
            |o| pod(o)["securityContext"]["seLinuxOptions"] = json!({"type": "spc_t"}),
            fail("web", "\"type\": \"spc_t\""),
        ),
        case(
            "CL207",
            |o| container(o)["securityContext"]["seLinuxOptions"] = json!({"type": "container_t"}),
            Expect::Pass,
        ),
        case(
            "CL208",
            |o| container(o)["securityContext"]["procMount"] = json!("Unmasked"),
            fail("web", "\"procMount\""),
        ),
        case(
            "CL208",
            |o| {
                container(o)["securityContext"]["procMount"] = json!("Unmasked");
                pod(o)["hostUsers"] = json!(false);
            },
            Expect::NotApplicable,
        ),
        case(
            "CL209",
            |o| container(o)["securityContext"]["seccompProfile"] = json!({"type": "Unconfined"}),
            fail("web", "\"type\": \"Unconfined\""),
        ),
        case(
            "CL210",
            |o| {
                pod(o)["securityContext"]["sysctls"] =
                    json!([{"name": "kernel.msgmax", "value": "65536"}])
            },
            fail("web", "\"name\": \"kernel.msgmax\""),
        ),
        case(
            "CL210",
            |o| {
                pod(o)["securityContext"]["sysctls"] =
                    json!([{"name": "net.ipv4.tcp_keepalive_time", "value": "600"}])
            },
            Expect::Pass,
        ),
        case(
            "CL211",
            |o| container(o)["securityContext"]["windowsOptions"] = json!({"hostProcess": true}),
            fail("web", "\"hostProcess\": true"),
        ),
        case(
            "CL212",
            |o| {
                container(o)["livenessProbe"] =
                    json!({"httpGet": {"host": "169.254.169.254", "path": "/", "port": 80}})
            },
            fail("web", "\"host\": \"169.254.169.254\""),
        ),
        case(
            "CL212",
            |o| {
                container(o)["livenessProbe"] = json!({"httpGet": {"path": "/healthz", "port": 80}})
            },
            Expect::Pass,
        ),
        case(
            "CL212",
            |o| {
                container(o)["lifecycle"] =
                    json!({"preStop": {"httpGet": {"host": ["10.0.0.1"], "path": "/", "port": 80}}})
            },
            Expect::Unknown {
                resource: "web",
                marker: "\"host\": [",
            },
        ),
        case(
            "CL213",
            |o| {
                container(o)["securityContext"]["ulimits"] =
                    json!([{"name": "nofile", "soft": 1048576}])
            },
            fail("web", "\"ulimits\""),
        ),
    ];
    cases.iter().for_each(run);
}

#[test]
fn pod_security_restricted_controls() {
    let mut cases = vec![
        case(
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
        ),
        case(
            "CL214",
            |o| pod(o)["volumes"] = json!([{"name": "c", "configMap": {"name": "c"}}]),
            Expect::Pass,
        ),
        case(
            "CL215",
            |o| {
                container(o)["securityContext"]
                    .as_object_mut()
                    .unwrap()
                    .remove("allowPrivilegeEscalation");
            },
            fail_nth("web", "\"securityContext\"", 1),
        ),
        case(
            "CL215",
            |o| {
                container(o)["securityContext"]
                    .as_object_mut()
                    .unwrap()
                    .remove("allowPrivilegeEscalation");
                windows(o);
            },
            Expect::NotApplicable,
        ),
        case(
            "CL216",
            |o| container(o)["securityContext"]["runAsNonRoot"] = json!(false),
            fail("web", "\"runAsNonRoot\": false"),
        ),
        case(
            "CL216",
            |o| {
                pod(o)["securityContext"]
                    .as_object_mut()
                    .unwrap()
                    .remove("runAsNonRoot");
            },
            fail_nth("web", "\"securityContext\"", 2),
        ),
        case(
            "CL217",
            |o| container(o)["securityContext"]["runAsUser"] = json!(0),
            fail("web", "\"runAsUser\": 0"),
        ),
        case(
            "CL217",
            |o| pod(o)["securityContext"]["runAsUser"] = json!(1000),
            Expect::Pass,
        ),
        case(
            "CL218",
            |o| {
                pod(o)["securityContext"]
                    .as_object_mut()
                    .unwrap()
                    .remove("seccompProfile");
            },
            fail_nth("web", "\"securityContext\"", 2),
        ),
        case(
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
        ),
        case(
            "CL218",
            |o| {
                pod(o)["securityContext"]
                    .as_object_mut()
                    .unwrap()
                    .remove("seccompProfile");
                windows(o);
            },
            Expect::NotApplicable,
        ),
        case(
            "CL219",
            |o| {
                container(o)["securityContext"]["capabilities"] =
                    json!({"add": ["NET_BIND_SERVICE"]})
            },
            fail("web", "\"capabilities\""),
        ),
        case(
            "CL219",
            |o| container(o)["securityContext"]["capabilities"]["add"] = json!(["SYS_TIME"]),
            fail("web", "\"add\""),
        ),
        case(
            "CL219",
            |o| {
                container(o)["securityContext"]["capabilities"] = json!({});
                windows(o);
            },
            Expect::NotApplicable,
        ),
    ];
    // With the restricted profile asked for, restricted controls keep their severity.
    cases.push(Case {
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
    });
    cases.iter().for_each(run);
}

#[test]
fn image_secret_and_resource_rules() {
    let cases = [
        case(
            "CL220",
            |o| container(o)["image"] = json!("nginx:1.27"),
            fail("web", "\"image\": \"nginx:1.27\""),
        ),
        case(
            "CL220",
            |o| container(o)["image"] = json!("mcr.microsoft.com/dotnet/samples:aspnetapp"),
            Expect::Pass,
        ),
        case(
            "CL221",
            |o| container(o)["image"] = json!("shop.azurecr.io/web"),
            fail("web", "\"image\""),
        ),
        case(
            "CL221",
            |o| container(o)["image"] = json!("shop.azurecr.io/web@sha256:0123"),
            Expect::Pass,
        ),
        case(
            "CL222",
            |o| container(o)["env"] = json!([{"name": "DB_PASSWORD", "value": "hunter2-hunter2"}]),
            Expect::Fail {
                resource: "web",
                marker: "\"value\": \"hunter2-hunter2\"",
                nth: 1,
                offset: 0,
                severity: Some(Severity::Medium),
            },
        ),
        case(
            "CL222",
            |o| container(o)["env"] = json!([{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "pw"}}}]),
            Expect::Pass,
        ),
        case(
            "CL223",
            |o| {
                container(o)["resources"]["limits"]
                    .as_object_mut()
                    .unwrap()
                    .remove("memory");
            },
            fail("web", "\"limits\""),
        ),
    ];
    cases.iter().for_each(run);
}

#[test]
fn connectivity_rules_on_objects() {
    fn public(o: &mut [Value]) {
        o[2]["metadata"]
            .as_object_mut()
            .unwrap()
            .remove("annotations");
    }
    let cases = [
        case(
            "CN201",
            |o| public(o),
            fail("web", "\"type\": \"LoadBalancer\""),
        ),
        case(
            "CN201",
            |o| {
                public(o);
                o[2]["spec"]["loadBalancerSourceRanges"] = json!(["203.0.113.0/24", "0.0.0.0/0"]);
            },
            fail("web", "\"loadBalancerSourceRanges\""),
        ),
        case(
            "CN201",
            |o| {
                public(o);
                o[2]["spec"]["loadBalancerSourceRanges"] = json!(["203.0.113.0/24"]);
            },
            Expect::Pass,
        ),
        case("CN201", nothing, Expect::NotApplicable),
        case(
            "CN201",
            |o| o[2]["spec"]["type"] = json!(["LoadBalancer"]),
            Expect::Unknown {
                resource: "web",
                marker: "\"type\": [",
            },
        ),
        case(
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
        ),
        case(
            "CN202",
            |o| public(o),
            fail("web", "\"type\": \"LoadBalancer\""),
        ),
        case("CN202", nothing, Expect::NotApplicable),
        case(
            "CN202",
            |o| {
                o.push(json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                    "metadata": {"name": "web", "namespace": "shop",
                        "annotations": {"appgw.ingress.kubernetes.io/waf-policy-for-path": "/subscriptions/x/waf"}},
                    "spec": {"ingressClassName": "azure-application-gateway"}}));
                o.remove(2);
            },
            Expect::Pass,
        ),
        case(
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
                resource: "web",
                marker: "\"ingressClassName\"",
            },
        ),
        case(
            "CN203",
            |o| {
                // Only the policy and the Service are left in `shop`.
                o.remove(0);
            },
            Expect::NotApplicable,
        ),
        case(
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
        ),
        case(
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
        ),
        case(
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
        ),
    ];
    cases.iter().for_each(run);
}

fn binding(kind: &str, role_kind: &str, role: &str, subject: Value) -> Value {
    json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
        "metadata": {"name": "grant", "namespace": "shop"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role},
        "subjects": [subject]})
}

#[test]
fn auth_rules_on_objects() {
    let cases = [
        case(
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
        ),
        case(
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
        ),
        case(
            "AU201",
            |o| {
                o.push(binding(
                    "ClusterRoleBinding",
                    "ClusterRole",
                    "cluster-admin",
                    json!({"kind": "Group", "name": "system:masters"}),
                ))
            },
            Expect::Pass,
        ),
        case(
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
        ),
        case(
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
        ),
        case(
            "AU201",
            |o| {
                o.push(binding(
                    "ClusterRoleBinding",
                    "ClusterRole",
                    "cluster-admin",
                    json!({"kind": "User", "name": "system:serviceaccount:kube-system:coredns"}),
                ))
            },
            Expect::Pass,
        ),
        case(
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
                resource: "grant",
                marker: "\"custom-role\"",
            },
        ),
        case(
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
        ),
        case(
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
        ),
        case(
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
        ),
        case(
            "AU203",
            |o| {
                pod(o)["volumes"] = json!([{"name": "kv",
            "flexVolume": {"driver": "azure/kv", "options": {"keyvaultname": "kv"}}}])
            },
            fail("web", "\"flexVolume\""),
        ),
        case(
            "AU204",
            |o| {
                container(o)["env"] = json!([{"name": "DB", "valueFrom": {"secretKeyRef": {"name": "db", "key": "pw"}}}]);
                o.push(json!({"apiVersion": "secrets-store.csi.x-k8s.io/v1", "kind": "SecretProviderClass",
                "metadata": {"name": "kv", "namespace": "shop"}, "spec": {"provider": "azure"}}));
            },
            fail("web", "\"valueFrom\""),
        ),
        case(
            "AU204",
            |o| {
                container(o)["env"] = json!([{"name": "DB", "valueFrom": {"secretKeyRef": {"name": "db", "key": "pw"}}}]);
            },
            Expect::NotApplicable,
        ),
        case(
            "AU205",
            |o| {
                pod(o)
                    .as_object_mut()
                    .unwrap()
                    .remove("automountServiceAccountToken");
            },
            fail_nth("web", "\"spec\"", 2),
        ),
        case(
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
        ),
    ];
    cases.iter().for_each(run);
}
