//! Kubernetes objects from manifests (YAML or JSON, `kind: List` unrolled),
//! with typed views of pod specs, Services, Ingresses, NetworkPolicies, RBAC
//! and ConfigMaps.

use super::tree::{Cursor, Node, Value, parse_bool};
use crate::model::{
    BindingSpec, Container, ContainerKind, EnvVar, Field, FileId, IngressSpec, KubeObject, Loc,
    NAMESPACE_SET_AT_DEPLOYMENT, NetworkPolicySpec, ObjectKind, ObjectSpec, PodSpec, PolicyRule,
    RbacSubject, RoleSpec, SecretLiteral, SecretRef, SecurityContext, ServiceSpec, Volume,
    Workload, WorkloadFacts, secret_kind,
};

/// True for a mapping that has the two fields every Kubernetes object has.
pub fn is_object(node: &Node) -> bool {
    node.str_at("apiVersion").is_some() && node.str_at("kind").is_some()
}

/// The objects in one document: the object itself, or a `List`'s items.
pub fn objects(node: &Node, file: FileId, out: &mut Vec<KubeObject>) {
    let kind = node.str_at("kind").unwrap_or_default();
    if kind.ends_with("List")
        && let Some(items) = node.get("items").and_then(Node::as_seq)
    {
        for item in items.iter().filter(|i| is_object(i)) {
            objects(item, file, out);
        }
        return;
    }
    let c = node.cursor(file);
    let metadata = node.get("metadata");
    let name = metadata
        .and_then(|m| m.str_at("name").or_else(|| m.str_at("generateName")))
        .unwrap_or("(unnamed)");
    let annotations = string_map(&c.at("metadata/annotations"));
    let labels = string_map(&c.at("metadata/labels"));
    let api_version = node.str_at("apiVersion").unwrap_or_default();
    let kind = ObjectKind::from(kind);
    let spec = spec(&kind, &c, &annotations);
    let aks_managed = (aks_labels(&c.at("metadata/labels")) || has_controller(metadata))
        && microsoft_images_only(&spec);
    out.push(KubeObject {
        kind,
        name: name.to_string(),
        // A namespace only known at deployment (a Terraform reference) is
        // a namespace of its own that the namespace rules cannot judge,
        // never the default one.
        namespace: metadata
            .and_then(|m| m.get("namespace"))
            .and_then(|n| match &n.value {
                Value::Str(s) => Some(s.clone()),
                Value::Unresolved(_) => Some(NAMESPACE_SET_AT_DEPLOYMENT.to_string()),
                _ => None,
            }),
        loc: node.loc(file),
        api_version: api_version.into(),
        annotations: annotations.into_boxed_slice(),
        labels: labels.into_boxed_slice(),
        aks_managed,
        spec,
    });
}

/// The labels AKS puts on what it installs and reconciles.
fn aks_labels(labels: &Cursor) -> bool {
    labels
        .get("kubernetes.azure.com/managedby")
        .string()
        .is("aks")
        || labels
            .get("addonmanager.kubernetes.io/mode")
            .string()
            .value()
            .is_some()
}

/// Whether a controller owns the object (a DaemonSet's pods, a
/// Deployment's ReplicaSets): AKS labels its controllers, not their pods.
fn has_controller(metadata: Option<&Node>) -> bool {
    metadata
        .and_then(|m| m.get("ownerReferences"))
        .and_then(Node::as_seq)
        .is_some_and(|owners| {
            owners.iter().any(|o| {
                matches!(
                    o.get("controller").map(|c| &c.value),
                    Some(Value::Bool(true))
                )
            })
        })
}

/// Whether every container image of a workload comes from Microsoft's
/// registry (true for what runs no pods).
fn microsoft_images_only(spec: &ObjectSpec) -> bool {
    const MICROSOFT_REGISTRY: &str = "mcr.microsoft.com/";
    match spec {
        ObjectSpec::Workload(Workload { pod: Some(pod), .. }) => pod.containers.iter().all(|c| {
            c.image
                .value()
                .is_some_and(|image| image.starts_with(MICROSOFT_REGISTRY))
        }),
        ObjectSpec::Workload(Workload { pod: None, .. }) => false,
        _ => true,
    }
}

fn string_map(c: &Cursor) -> Vec<(String, String)> {
    c.entries()
        .iter()
        .filter_map(|(k, v)| scalar_text(v).map(|v| (k.clone(), v)))
        .collect()
}

fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

fn spec(kind: &ObjectKind, c: &Cursor, annotations: &[(String, String)]) -> ObjectSpec {
    match kind {
        ObjectKind::Pod => workload_of(pod_spec(
            &c.get("spec"),
            &c.get("metadata"),
            Owner {
                update_strategy: Field::Absent(c.loc()),
                selector: None,
            },
        )),
        ObjectKind::Deployment => workload(
            &c.at("spec/template"),
            Owner {
                update_strategy: c.at("spec/strategy/type").string(),
                selector: match_labels(&c.at("spec/selector")),
            },
        ),
        ObjectKind::StatefulSet | ObjectKind::DaemonSet | ObjectKind::ReplicaSet => workload(
            &c.at("spec/template"),
            Owner {
                update_strategy: c.at("spec/updateStrategy/type").string(),
                selector: match_labels(&c.at("spec/selector")),
            },
        ),
        // A ReplicationController's selector is a plain map; a Job's is
        // generated.
        ObjectKind::ReplicationController | ObjectKind::Job => workload(
            &c.at("spec/template"),
            Owner {
                update_strategy: Field::Absent(c.loc()),
                selector: None,
            },
        ),
        ObjectKind::CronJob => workload(
            &c.at("spec/jobTemplate/spec/template"),
            Owner {
                update_strategy: Field::Absent(c.loc()),
                selector: None,
            },
        ),
        ObjectKind::Service => ObjectSpec::Service(service(c, annotations)),
        ObjectKind::Ingress => {
            let class = match c.at("spec/ingressClassName").string() {
                Field::Absent(loc) => annotations
                    .iter()
                    .find(|(k, _)| k == "kubernetes.io/ingress.class")
                    .map_or(Field::Absent(loc), |(_, v)| Field::Set(v.clone(), loc)),
                class => class,
            };
            let mut hosts: Vec<String> = c
                .at("spec/rules")
                .items()
                .iter()
                .filter_map(|r| r.str_at("host").map(String::from))
                .chain(c.at("spec/tls").items().iter().flat_map(|t| {
                    t.get("hosts")
                        .and_then(Node::as_seq)
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|h| h.as_str().map(String::from))
                }))
                .collect();
            hosts.sort();
            hosts.dedup();
            let tls = c.at("spec/tls").len();
            let file = c.file();
            let service_of = |backend: &Cursor| {
                let name = match backend.at("service/name").present() {
                    Some(_) => backend.at("service/name"),
                    // extensions/v1beta1 and networking.k8s.io/v1beta1
                    None => backend.get("serviceName"),
                };
                name.present()
                    .and_then(|n| n.as_str().map(|s| (s.to_string(), n.loc(file))))
            };
            let mut backends: Vec<(String, Loc)> = ["spec/defaultBackend", "spec/backend"]
                .iter()
                .filter_map(|path| service_of(&c.at(path)))
                .collect();
            for rule in c.at("spec/rules").items() {
                for path in rule.cursor(file).at("http/paths").items() {
                    backends.extend(service_of(&path.cursor(file).get("backend")));
                }
            }
            ObjectSpec::Ingress(IngressSpec {
                class,
                hosts,
                tls,
                backends,
            })
        }
        ObjectKind::NetworkPolicy => ObjectSpec::NetworkPolicy(network_policy(&c.get("spec"))),
        ObjectKind::RoleBinding | ObjectKind::ClusterRoleBinding => ObjectSpec::Binding(binding(c)),
        ObjectKind::Role | ObjectKind::ClusterRole => ObjectSpec::Role(RoleSpec {
            rules: c
                .get("rules")
                .items()
                .iter()
                .map(|r| {
                    let rc = r.cursor(c.file());
                    let list =
                        |key: &str| rc.get(key).strings().value().cloned().unwrap_or_default();
                    PolicyRule {
                        loc: r.loc(c.file()),
                        api_groups: list("apiGroups"),
                        resources: list("resources"),
                        verbs: list("verbs"),
                        resource_names: list("resourceNames"),
                    }
                })
                .collect(),
            aggregation: c
                .at("aggregationRule/clusterRoleSelectors")
                .present()
                .map(|_| {
                    c.at("aggregationRule/clusterRoleSelectors")
                        .items()
                        .iter()
                        .map(|selector| string_map(&selector.cursor(c.file()).get("matchLabels")))
                        .collect()
                }),
        }),
        ObjectKind::ConfigMap
            if c.at("metadata/name").string().value().map(String::as_str) == Some(AGENT_CONFIG) =>
        {
            ObjectSpec::AgentConfig {
                env_collection_disabled: string_map(&c.get("data"))
                    .iter()
                    .any(|(_, settings)| env_collection_disabled(settings)),
            }
        }
        ObjectKind::HorizontalPodAutoscaler => {
            let target = c.at("spec/scaleTargetRef");
            ObjectSpec::Autoscaler {
                target: match (target.get("kind").string(), target.get("name").string()) {
                    (Field::Set(kind, _), Field::Set(name, loc)) => {
                        Some((ObjectKind::from(kind.as_str()), name, loc))
                    }
                    _ => None,
                },
            }
        }
        ObjectKind::Other(other) if other == "HTTPRoute" || other == "GRPCRoute" => {
            let file = c.file();
            ObjectSpec::Route {
                backends: c
                    .at("spec/rules")
                    .items()
                    .iter()
                    .flat_map(|rule| rule.cursor(file).get("backendRefs").items())
                    .filter(|b| {
                        b.str_at("kind").is_none_or(|k| k == "Service")
                            && b.str_at("group").is_none_or(str::is_empty)
                    })
                    .filter_map(|b| {
                        let name = b.get("name")?;
                        Some((name.as_str()?.to_string(), name.loc(file)))
                    })
                    .collect(),
            }
        }
        ObjectKind::ConfigMap => ObjectSpec::ConfigMap {
            secret_entries: config_map_secrets(&c.get("data")),
        },
        ObjectKind::ServiceAccount => ObjectSpec::ServiceAccount {
            automount: c.get("automountServiceAccountToken").bool(),
        },
        // The Azure provider names its vault in `parameters.keyvaultName`.
        ObjectKind::SecretProviderClass => ObjectSpec::SecretProviderClass {
            key_vault: c
                .at("spec/parameters/keyvaultName")
                .string()
                .value()
                .cloned(),
        },
        _ => ObjectSpec::Other,
    }
}

/// What a workload's owner says about its pods.
struct Owner {
    update_strategy: Field<String>,
    selector: Option<(Vec<(String, String)>, Loc)>,
}

fn workload(template: &Cursor, owner: Owner) -> ObjectSpec {
    workload_of(pod_spec(
        &template.get("spec"),
        &template.get("metadata"),
        owner,
    ))
}

/// A label selector's `matchLabels`, when it selects by labels alone.
fn match_labels(selector: &Cursor) -> Option<(Vec<(String, String)>, Loc)> {
    if selector.get("matchExpressions").present().is_some() {
        return None;
    }
    let labels = selector.get("matchLabels");
    labels.present()?;
    Some((string_map(&labels), labels.loc()))
}

/// The entries of a ConfigMap's `data` that look like credentials, as
/// [`secret_kind`] tells them; the values are not kept.
fn config_map_secrets(data: &Cursor) -> Box<[SecretLiteral]> {
    data.entries()
        .iter()
        .filter_map(|(key, value)| {
            let text = scalar_text(value)?;
            let kind = secret_kind(key, &text)?;
            Some(SecretLiteral {
                container: String::new(),
                name: key.clone(),
                kind,
                chars: text.chars().count(),
                loc: value.loc(data.file()),
            })
        })
        .collect()
}

fn workload_of(pod: PodSpec) -> ObjectSpec {
    let facts = facts(&pod);
    ObjectSpec::Workload(Workload {
        pod: Some(Box::new(pod)),
        facts,
    })
}

/// Extracts what rules across objects read, so the pod spec can go.
fn facts(pod: &PodSpec) -> WorkloadFacts {
    let mut secret_refs = Vec::new();
    let mut secret_literals = Vec::new();
    let mut env_collection_opted_out = Vec::new();
    for c in &pod.containers {
        for e in &c.env {
            if e.secret_key_ref {
                secret_refs.push(SecretRef {
                    container: c.name.clone(),
                    env: Some(e.name.clone()),
                    loc: e.loc,
                });
            }
        }
        for loc in &c.env_from_secrets {
            secret_refs.push(SecretRef {
                container: c.name.clone(),
                env: None,
                loc: *loc,
            });
        }
        if c.kind == ContainerKind::Ephemeral {
            continue;
        }
        for e in &c.env {
            if let Some(value) = &e.value {
                if e.name == "AZMON_COLLECT_ENV" && parse_bool(value) == Some(false) {
                    env_collection_opted_out.push(c.name.clone());
                }
                if let Some(kind) = secret_kind(&e.name, value) {
                    secret_literals.push(SecretLiteral {
                        container: c.name.clone(),
                        name: e.name.clone(),
                        kind,
                        chars: value.chars().count(),
                        loc: e.loc,
                    });
                }
            }
        }
    }
    // Facts outlive the pod spec for the whole scan: keep them tight.
    WorkloadFacts {
        loc: pod.loc,
        service_account: pod.service_account.clone(),
        automount_token: pod.automount_token.clone(),
        secret_refs: secret_refs.into_boxed_slice(),
        secret_literals: secret_literals.into_boxed_slice(),
        env_collection_opted_out: env_collection_opted_out.into_boxed_slice(),
        labels: pod.labels.clone().into_boxed_slice(),
        labels_complete: pod.labels_complete,
        selector: pod
            .selector
            .as_ref()
            .map(|(labels, loc)| (labels.clone().into_boxed_slice(), *loc)),
    }
}

/// The ConfigMap the Container Insights agent reads its settings from.
const AGENT_CONFIG: &str = "container-azm-ms-agentconfig";

/// Whether the agent's TOML settings turn env var collection off:
/// `[log_collection_settings.env_var] enabled = false`. Settings the agent
/// could not parse leave its default, collecting.
fn env_collection_disabled(settings: &str) -> bool {
    let Ok(table) = toml::from_str::<toml::Table>(settings) else {
        return false;
    };
    match table
        .get("log_collection_settings")
        .and_then(|s| s.get("env_var"))
        .and_then(|s| s.get("enabled"))
    {
        Some(toml::Value::Boolean(enabled)) => !enabled,
        Some(toml::Value::String(enabled)) => enabled.eq_ignore_ascii_case("false"),
        _ => false,
    }
}

/// Asks Azure for a load balancer IP inside the virtual network.
const INTERNAL_LOAD_BALANCER: &str = "service.beta.kubernetes.io/azure-load-balancer-internal";
/// Source ranges as an annotation, read only when the spec lists none.
const SOURCE_RANGES: &str = "service.beta.kubernetes.io/load-balancer-source-ranges";

fn service(c: &Cursor, annotations: &[(String, String)]) -> ServiceSpec {
    let annotation = |key: &str| annotations.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let annotations_loc = c.at("metadata/annotations").loc();
    let source_ranges = match c.at("spec/loadBalancerSourceRanges").strings() {
        Field::Set(ranges, loc) if !ranges.is_empty() => Field::Set(ranges, loc),
        Field::Unknown(reason, loc) => Field::Unknown(reason, loc),
        none => match annotation(SOURCE_RANGES) {
            Some(list) => Field::Set(
                list.split(',')
                    .map(|r| r.trim().to_string())
                    .filter(|r| !r.is_empty())
                    .collect(),
                annotations_loc,
            ),
            None => none,
        },
    };
    ServiceSpec {
        selector: string_map(&c.at("spec/selector")),
        selector_loc: c.at("spec/selector").loc(),
        external_ips: c.at("spec/externalIPs").strings(),
        service_type: c.at("spec/type").string(),
        source_ranges,
        internal: annotation(INTERNAL_LOAD_BALANCER)
            .is_some_and(|v| v.eq_ignore_ascii_case("true")),
    }
}

/// Before Kubernetes 1.30, AppArmor profiles were pod annotations, one per
/// container: `container.apparmor.security.beta.kubernetes.io/NAME: PROFILE`.
const LEGACY_APPARMOR_ANNOTATION: &str = "container.apparmor.security.beta.kubernetes.io/";

fn pod_spec(spec: &Cursor, metadata: &Cursor, owner: Owner) -> PodSpec {
    let file = spec.file();
    let legacy_apparmor = metadata
        .get("annotations")
        .entries()
        .iter()
        .filter_map(|(k, v)| {
            let container = k.strip_prefix(LEGACY_APPARMOR_ANNOTATION)?;
            scalar_text(v).map(|profile| (container.to_string(), profile, v.loc(file)))
        })
        .collect();
    let mut containers = Vec::new();
    for (key, kind) in [
        ("initContainers", ContainerKind::Init),
        ("containers", ContainerKind::Regular),
        ("ephemeralContainers", ContainerKind::Ephemeral),
    ] {
        for item in spec.get(key).items() {
            containers.push(container(&item.cursor(file), kind));
        }
    }
    let pod_security = spec.get("securityContext");
    PodSpec {
        loc: spec.loc(),
        legacy_apparmor,
        host_network: spec.get("hostNetwork").bool(),
        host_pid: spec.get("hostPID").bool(),
        host_ipc: spec.get("hostIPC").bool(),
        host_users: spec.get("hostUsers").bool(),
        os_name: spec.at("os/name").string(),
        service_account: match spec.get("serviceAccountName").string() {
            Field::Absent(_) => spec.get("serviceAccount").string(),
            set => set,
        },
        deprecated_service_account: match spec.get("serviceAccountName").string() {
            Field::Absent(_) => spec.get("serviceAccount").present().map(|n| n.loc(file)),
            _ => None,
        },
        host_aliases: spec.get("hostAliases").presence(),
        update_strategy: owner.update_strategy,
        labels: string_map(&metadata.get("labels")),
        labels_complete: metadata
            .get("labels")
            .entries()
            .iter()
            .all(|(_, v)| scalar_text(v).is_some()),
        selector: owner.selector,
        labels_loc: metadata.get("labels").loc(),
        automount_token: spec.get("automountServiceAccountToken").bool(),
        security: security_context(&pod_security),
        sysctls: pod_security
            .get("sysctls")
            .items()
            .iter()
            .filter_map(|s| {
                let name = s.get("name")?;
                name.as_str().map(|n| (n.to_string(), name.loc(file)))
            })
            .collect(),
        volumes: spec
            .get("volumes")
            .items()
            .iter()
            .map(|v| {
                let source = v
                    .entries()
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .find(|k| *k != "name")
                    // The API server defaults a volume with only a name to
                    // an emptyDir.
                    .unwrap_or("emptyDir");
                Volume {
                    name: v.str_at("name").unwrap_or_default().to_string(),
                    // The source key (`hostPath:`) decides, not the list item.
                    loc: v.get(source).unwrap_or(v).loc(file),
                    source: source.to_string(),
                    flex_driver: v
                        .get("flexVolume")
                        .and_then(|f| f.str_at("driver"))
                        .map(String::from),
                }
            })
            .collect(),
        containers,
    }
}

fn container(c: &Cursor, kind: ContainerKind) -> Container {
    let file = c.file();
    // An empty host means the pod's own IP, as if it were not set.
    let handlers = ["livenessProbe", "readinessProbe", "startupProbe"]
        .into_iter()
        .chain(["lifecycle/postStart", "lifecycle/preStop"]);
    let probe_hosts = handlers
        .flat_map(|h| {
            ["httpGet", "tcpSocket"].map(|kind| c.at(&format!("{h}/{kind}/host")).string())
        })
        .filter(|host| match host {
            Field::Set(h, _) => !h.is_empty(),
            Field::Unknown(..) => true,
            Field::Absent(_) => false,
        })
        .collect();
    let env = c
        .get("env")
        .items()
        .iter()
        .map(|e| EnvVar {
            name: e.str_at("name").unwrap_or_default().to_string(),
            // The value (or its reference) decides, not the list item.
            loc: e
                .get("value")
                .or_else(|| e.get("valueFrom"))
                .unwrap_or(e)
                .loc(file),
            value: e.get("value").and_then(scalar_text),
            secret_key_ref: e
                .get("valueFrom")
                .is_some_and(|v| v.get("secretKeyRef").is_some()),
        })
        .collect();
    let limits = c.at("resources/limits");
    let requests = c.at("resources/requests");
    let command: Vec<String> = ["command", "args"]
        .iter()
        .flat_map(|key| c.get(key).items())
        .filter_map(scalar_text)
        .collect();
    Container {
        name: c.get("name").string().value().cloned().unwrap_or_default(),
        kind,
        loc: c.loc(),
        image: c.get("image").string(),
        security: security_context(&c.get("securityContext")),
        host_ports: c
            .get("ports")
            .items()
            .iter()
            .map(|p| p.cursor(file).get("hostPort").int())
            .filter(|port| !matches!(port, Field::Absent(_)))
            .collect(),
        env,
        env_from_secrets: c
            .get("envFrom")
            .items()
            .iter()
            .filter_map(|e| e.get("secretRef"))
            .map(|r| r.loc(file))
            .collect(),
        limits_cpu: limits.get("cpu").presence(),
        limits_memory: limits.get("memory").presence(),
        requests_cpu: requests.get("cpu").presence(),
        requests_memory: requests.get("memory").presence(),
        liveness_probe: c.get("livenessProbe").presence(),
        readiness_probe: c.get("readinessProbe").presence(),
        container_ports: c
            .get("ports")
            .items()
            .iter()
            .map(|p| p.cursor(file).get("containerPort").int())
            .filter(|port| !matches!(port, Field::Absent(_)))
            .collect(),
        command,
        command_loc: c
            .get("command")
            .present()
            .map_or_else(|| c.get("args").loc(), |n| n.loc(file)),
        probe_hosts,
    }
}

fn security_context(sc: &Cursor) -> SecurityContext {
    SecurityContext {
        loc: sc.loc(),
        privileged: sc.get("privileged").bool(),
        allow_privilege_escalation: sc.get("allowPrivilegeEscalation").bool(),
        run_as_non_root: sc.get("runAsNonRoot").bool(),
        run_as_user: sc.get("runAsUser").int(),
        seccomp_type: sc.at("seccompProfile/type").string(),
        apparmor_type: sc.at("appArmorProfile/type").string(),
        selinux_type: sc.at("seLinuxOptions/type").string(),
        selinux_user: sc.at("seLinuxOptions/user").string(),
        selinux_role: sc.at("seLinuxOptions/role").string(),
        windows_host_process: sc.at("windowsOptions/hostProcess").bool(),
        proc_mount: sc.get("procMount").string(),
        ulimits: sc.get("ulimits").presence(),
        capabilities_add: sc.at("capabilities/add").strings(),
        capabilities_drop: sc.at("capabilities/drop").strings(),
        read_only_root_filesystem: sc.get("readOnlyRootFilesystem").bool(),
        run_as_group: sc.get("runAsGroup").int(),
        fs_group: sc.get("fsGroup").int(),
        supplemental_groups: sc.get("supplementalGroups").ints(),
    }
}

fn network_policy(spec: &Cursor) -> NetworkPolicySpec {
    let selector = spec.get("podSelector");
    let selects_all_pods = selector.entries().iter().all(|(_, v)| match &v.value {
        Value::Map(m) => m.is_empty(),
        Value::Seq(s) => s.is_empty(),
        Value::Null => true,
        _ => false,
    });
    let types = spec.get("policyTypes").strings();
    let ingress_type = match &types {
        Field::Set(t, _) => t.iter().any(|t| t.eq_ignore_ascii_case("Ingress")),
        _ => true,
    };
    let ingress = spec.get("ingress");
    let rules = ingress.present().and_then(Node::as_seq);
    let egress = spec.get("egress");
    let egress_list = egress.present().and_then(Node::as_seq);
    NetworkPolicySpec {
        pod_selector: match_labels(&selector).filter(|(labels, _)| !labels.is_empty()),
        egress_type: match &types {
            Field::Set(t, _) => t.iter().any(|t| t.eq_ignore_ascii_case("Egress")),
            _ => egress.present().is_some(),
        },
        egress_rules: egress_list.map(<[Node]>::len),
        selects_all_pods,
        ingress_type,
        ingress_rules: rules.map(<[Node]>::len),
        // A rule without `from` admits every source (on its ports, if any).
        allows_all_ingress: rules.is_some_and(|r| {
            r.iter().any(|rule| {
                rule.get("from").is_none_or(|from| {
                    from.value == Value::Null || from.as_seq().is_some_and(<[Node]>::is_empty)
                })
            })
        }),
    }
}

fn binding(c: &Cursor) -> BindingSpec {
    let role = c.get("roleRef");
    BindingSpec {
        role_kind: ObjectKind::from(role.get("kind").string().value().map_or("", String::as_str)),
        role_name: role
            .get("name")
            .string()
            .value()
            .cloned()
            .unwrap_or_default(),
        role_loc: role.get("name").loc(),
        subjects: c
            .get("subjects")
            .items()
            .iter()
            .map(|s| RbacSubject {
                kind: s.str_at("kind").unwrap_or_default().to_string(),
                name: s.str_at("name").unwrap_or_default().to_string(),
                namespace: s.str_at("namespace").map(String::from),
                loc: s.loc(c.file()),
            })
            .collect(),
    }
}
