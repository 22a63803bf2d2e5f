//! Kubernetes objects, with typed views of the parts rules read.

use super::{Field, Loc, Unknown};

/// Declares the Kubernetes kinds chanto reads by name, with `Other` for the
/// rest, and whether each lives in a namespace.
macro_rules! object_kinds {
    ($($kind:ident: $namespaced:literal,)+) => {
        /// A Kubernetes object's `kind`. Kinds are case-sensitive, so one
        /// spelled otherwise is `Other`, as the API server would refuse it.
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ObjectKind {
            $($kind,)+
            Other(String),
        }

        impl ObjectKind {
            pub fn as_str(&self) -> &str {
                match self {
                    $(ObjectKind::$kind => stringify!($kind),)+
                    ObjectKind::Other(kind) => kind,
                }
            }

            /// Whether objects of this kind live in a namespace; a kind
            /// chanto does not know is taken to be namespaced, as most are.
            pub fn namespaced(&self) -> bool {
                match self {
                    $(ObjectKind::$kind => $namespaced,)+
                    ObjectKind::Other(_) => true,
                }
            }
        }

        impl From<&str> for ObjectKind {
            fn from(kind: &str) -> Self {
                match kind {
                    $(stringify!($kind) => ObjectKind::$kind,)+
                    other => ObjectKind::Other(other.to_string()),
                }
            }
        }
    };
}

object_kinds! {
    Pod: true,
    Deployment: true,
    StatefulSet: true,
    DaemonSet: true,
    ReplicaSet: true,
    ReplicationController: true,
    Job: true,
    CronJob: true,
    Service: true,
    Ingress: true,
    NetworkPolicy: true,
    Role: true,
    RoleBinding: true,
    ServiceAccount: true,
    ConfigMap: true,
    Secret: true,
    SecretProviderClass: true,
    Namespace: false,
    ClusterRole: false,
    ClusterRoleBinding: false,
    PersistentVolume: false,
    StorageClass: false,
    LimitRange: true,
    ResourceQuota: true,
    HorizontalPodAutoscaler: true,
}

impl std::fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an object whose namespace is only known at deployment (a Terraform
/// reference to another resource) names it: rules about namespaces are
/// unknown for it.
pub const NAMESPACE_SET_AT_DEPLOYMENT: &str = "(namespace set at deployment)";

/// A Kubernetes object read from a manifest.
#[derive(Debug, Clone)]
pub struct KubeObject {
    pub kind: ObjectKind,
    pub name: String,
    pub namespace: Option<String>,
    pub loc: Loc,
    /// `apiVersion`, as written.
    pub api_version: Box<str>,
    pub annotations: Box<[(String, String)]>,
    /// `metadata.labels` (ClusterRole aggregation selects on them).
    pub labels: Box<[(String, String)]>,
    /// Carries what AKS sets on what it manages: the
    /// `kubernetes.azure.com/managedby: aks` or `addonmanager.kubernetes.io/mode`
    /// label (or a controller owner, for the pods and ReplicaSets of what
    /// carries it) and, for a workload, only images from `mcr.microsoft.com`.
    /// A name and namespace alone can be copied by anyone.
    pub aks_managed: bool,
    pub spec: ObjectSpec,
}

impl KubeObject {
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The namespace the object lives in (`default` when unset), or `None`
    /// for cluster-scoped kinds.
    pub fn effective_namespace(&self) -> Option<&str> {
        self.kind
            .namespaced()
            .then(|| self.namespace.as_deref().unwrap_or("default"))
    }
}

#[derive(Debug, Clone)]
pub enum ObjectSpec {
    /// Anything that runs pods: Pod, Deployment, StatefulSet, DaemonSet,
    /// ReplicaSet, ReplicationController, Job, CronJob.
    Workload(Workload),
    Service(ServiceSpec),
    Ingress(IngressSpec),
    NetworkPolicy(NetworkPolicySpec),
    Binding(BindingSpec),
    Role(RoleSpec),
    /// The Container Insights agent's settings (`container-azm-ms-agentconfig`).
    AgentConfig {
        env_collection_disabled: bool,
    },
    ServiceAccount {
        automount: Field<bool>,
    },
    /// A Secrets Store CSI driver class, with the Key Vault it reads when the
    /// input names it.
    SecretProviderClass {
        key_vault: Option<String>,
    },
    /// A HorizontalPodAutoscaler's `scaleTargetRef`: kind, name, place.
    Autoscaler {
        target: Option<(ObjectKind, String, Loc)>,
    },
    /// A Gateway API route (`HTTPRoute`, `GRPCRoute`): the Services its
    /// rules send to.
    Route {
        backends: Vec<(String, Loc)>,
    },
    /// A ConfigMap's entries that look like credentials (values not kept).
    ConfigMap {
        secret_entries: Box<[SecretLiteral]>,
    },
    Other,
}

/// A workload: its full pod spec while its file is being evaluated, and the
/// few facts that rules across objects need, which stay for the whole scan.
#[derive(Debug, Clone)]
pub struct Workload {
    /// Dropped once the rules that judge one object at a time have run, so
    /// a scan's memory follows its findings, not its corpus. Boxed, so that
    /// dropping it frees it.
    pub pod: Option<Box<PodSpec>>,
    pub facts: WorkloadFacts,
}

/// Labels as a selector or an object lists them, kept for the whole scan.
pub type LabelSet = Box<[(String, String)]>;

/// What rules spanning objects read about a workload.
#[derive(Debug, Clone)]
pub struct WorkloadFacts {
    /// The pod spec's own place.
    pub loc: Loc,
    pub service_account: Field<String>,
    pub automount_token: Field<bool>,
    /// Env vars taken from Kubernetes Secrets (`secretKeyRef`, `envFrom.secretRef`).
    pub secret_refs: Box<[SecretRef]>,
    /// Literal env values of containers and init containers that look like
    /// credentials ([`super::secret_kind`]); the values themselves are not
    /// kept.
    pub secret_literals: Box<[SecretLiteral]>,
    /// Containers that opt out of Container Insights env collection
    /// (`AZMON_COLLECT_ENV=False`).
    pub env_collection_opted_out: Box<[String]>,
    /// The pod template's labels, which Services, NetworkPolicies and the
    /// owner's selector select on.
    pub labels: LabelSet,
    /// As [`PodSpec::labels_complete`].
    pub labels_complete: bool,
    /// The owner's `matchLabels` selector, as on [`PodSpec::selector`].
    pub selector: Option<(LabelSet, Loc)>,
}

#[derive(Debug, Clone)]
pub struct SecretRef {
    pub container: String,
    /// The variable, or `None` for a whole `envFrom` Secret.
    pub env: Option<String>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct SecretLiteral {
    pub container: String,
    pub name: String,
    /// What it looks like: "JWT", "PEM private key", …
    pub kind: &'static str,
    /// The value's length in characters.
    pub chars: usize,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct PodSpec {
    pub loc: Loc,
    /// AppArmor profiles set by the legacy per-container annotations:
    /// container, profile, and the annotation's place.
    pub legacy_apparmor: Vec<(String, String, Loc)>,
    pub host_network: Field<bool>,
    pub host_pid: Field<bool>,
    pub host_ipc: Field<bool>,
    pub host_users: Field<bool>,
    /// `spec.os.name`: Linux-only controls do not apply to Windows pods.
    pub os_name: Field<String>,
    pub service_account: Field<String>,
    pub automount_token: Field<bool>,
    pub security: SecurityContext,
    pub sysctls: Vec<(String, Loc)>,
    pub volumes: Vec<Volume>,
    pub containers: Vec<Container>,
    /// `hostAliases`: entries written into every container's `/etc/hosts`.
    pub host_aliases: Field<()>,
    /// `serviceAccount` (deprecated) written without `serviceAccountName`.
    pub deprecated_service_account: Option<Loc>,
    /// The owner's update strategy (`spec.strategy.type` of a Deployment,
    /// `spec.updateStrategy.type` of a StatefulSet or DaemonSet).
    pub update_strategy: Field<String>,
    /// The pod template's labels (the workload's own for a bare Pod).
    pub labels: Vec<(String, String)>,
    /// False when a label's value is only known at deployment: the labels
    /// then say nothing about what does not match.
    pub labels_complete: bool,
    pub labels_loc: Loc,
    /// The owner's `spec.selector.matchLabels`, when it selects by labels
    /// alone (no `matchExpressions`).
    pub selector: Option<(Vec<(String, String)>, Loc)>,
}

impl PodSpec {
    pub fn is_windows(&self) -> bool {
        self.os_name.is("windows")
    }
}

/// The fields of a pod's or a container's `securityContext` that the Pod
/// Security Standards restrict.
#[derive(Debug, Clone)]
pub struct SecurityContext {
    pub loc: Loc,
    pub privileged: Field<bool>,
    pub allow_privilege_escalation: Field<bool>,
    pub run_as_non_root: Field<bool>,
    pub run_as_user: Field<i64>,
    pub seccomp_type: Field<String>,
    pub apparmor_type: Field<String>,
    pub selinux_type: Field<String>,
    pub selinux_user: Field<String>,
    pub selinux_role: Field<String>,
    pub windows_host_process: Field<bool>,
    pub proc_mount: Field<String>,
    pub ulimits: Field<()>,
    pub capabilities_add: Field<Vec<String>>,
    pub capabilities_drop: Field<Vec<String>>,
    pub read_only_root_filesystem: Field<bool>,
    pub run_as_group: Field<i64>,
    /// Pod level only: `fsGroup` and `supplementalGroups`.
    pub fs_group: Field<i64>,
    pub supplemental_groups: Field<Vec<i64>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    Init,
    Regular,
    Ephemeral,
}

#[derive(Debug, Clone)]
pub struct Container {
    pub name: String,
    pub kind: ContainerKind,
    pub loc: Loc,
    pub image: Field<String>,
    pub security: SecurityContext,
    /// Every `ports[].hostPort` given, including ones that cannot be read.
    pub host_ports: Vec<Field<i64>>,
    pub env: Vec<EnvVar>,
    /// `envFrom[].secretRef` entries.
    pub env_from_secrets: Vec<Loc>,
    pub limits_cpu: Field<()>,
    pub limits_memory: Field<()>,
    pub requests_cpu: Field<()>,
    pub requests_memory: Field<()>,
    pub liveness_probe: Field<()>,
    pub readiness_probe: Field<()>,
    /// `ports[].containerPort`, with each one's place.
    pub container_ports: Vec<Field<i64>>,
    /// `command` then `args`, as written.
    pub command: Vec<String>,
    pub command_loc: Loc,
    /// `host` set (non-empty) on a probe or lifecycle handler, including
    /// ones that cannot be read.
    pub probe_hosts: Vec<Field<String>>,
}

#[derive(Debug, Clone)]
pub struct EnvVar {
    pub name: String,
    pub loc: Loc,
    /// A literal `value`.
    pub value: Option<String>,
    pub secret_key_ref: bool,
}

#[derive(Debug, Clone)]
pub struct Volume {
    pub name: String,
    pub loc: Loc,
    /// The volume source key (`hostPath`, `configMap`, `flexVolume`, …).
    pub source: String,
    pub flex_driver: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ServiceSpec {
    pub service_type: Field<String>,
    /// `spec.loadBalancerSourceRanges`, or when it lists none the
    /// `load-balancer-source-ranges` annotation, as Kubernetes reads them.
    pub source_ranges: Field<Vec<String>>,
    /// The `azure-load-balancer-internal: "true"` annotation: a private IP.
    pub internal: bool,
    /// `spec.selector`: the labels of the pods it sends traffic to (none:
    /// endpoints managed by hand).
    pub selector: Vec<(String, String)>,
    pub selector_loc: Loc,
    /// `spec.externalIPs`.
    pub external_ips: Field<Vec<String>>,
}

impl ServiceSpec {
    /// Whether the Service gets a public IP on the cluster's load balancer:
    /// `type: LoadBalancer` without the internal annotation.
    pub fn public_load_balancer(&self) -> Result<bool, Unknown> {
        self.service_type.known()?;
        Ok(self.service_type.is("LoadBalancer") && !self.internal)
    }
}

#[derive(Debug, Clone)]
pub struct IngressSpec {
    /// `spec.ingressClassName`, or the legacy `kubernetes.io/ingress.class` annotation.
    pub class: Field<String>,
    /// Hostnames from `spec.rules[].host` and `spec.tls[].hosts`.
    pub hosts: Vec<String>,
    /// `spec.tls`, with at least one entry when set.
    pub tls: Field<usize>,
    /// The Services its backends name, with each one's place.
    pub backends: Vec<(String, Loc)>,
}

#[derive(Debug, Clone)]
pub struct NetworkPolicySpec {
    pub selects_all_pods: bool,
    /// `podSelector.matchLabels`, when it selects by labels alone.
    pub pod_selector: Option<(Vec<(String, String)>, Loc)>,
    /// Whether the policy governs ingress (declared, or implied by no `policyTypes`).
    pub ingress_type: bool,
    /// Number of ingress rules; `None` when there is no `ingress` list.
    pub ingress_rules: Option<usize>,
    /// Some ingress rule is `{}`: it allows every source.
    pub allows_all_ingress: bool,
    /// Whether the policy governs egress (declared, or implied by an
    /// `egress` list when there are no `policyTypes`).
    pub egress_type: bool,
    /// Number of egress rules; `None` when there is no `egress` list.
    pub egress_rules: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct BindingSpec {
    pub role_kind: ObjectKind,
    pub role_name: String,
    pub role_loc: Loc,
    pub subjects: Vec<RbacSubject>,
}

#[derive(Debug, Clone)]
pub struct RbacSubject {
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct RoleSpec {
    pub rules: Vec<PolicyRule>,
    /// A ClusterRole's `aggregationRule.clusterRoleSelectors[].matchLabels`:
    /// its rules are those of every ClusterRole a selector matches.
    pub aggregation: Option<Vec<Vec<(String, String)>>>,
}

#[derive(Debug, Clone)]
pub struct PolicyRule {
    pub loc: Loc,
    pub api_groups: Vec<String>,
    pub resources: Vec<String>,
    pub verbs: Vec<String>,
    /// `resourceNames`: when set, the rule grants on those objects only.
    pub resource_names: Vec<String>,
}

impl PolicyRule {
    fn has(list: &[String], wanted: &str) -> bool {
        list.iter().any(|v| v == "*" || v == wanted)
    }

    /// Whether the rule grants `verb` on `resource` (`pods/exec` for a
    /// subresource) in API `group`, as the authorizer matches: `*` matches
    /// every group, verb and resource, and `pods/*` every subresource of
    /// pods.
    pub fn allows(&self, group: &str, resource: &str, verb: &str) -> bool {
        Self::has(&self.api_groups, group)
            && Self::has(&self.verbs, verb)
            && self.resources.iter().any(|r| {
                r == "*"
                    || r == resource
                    || r.strip_suffix("/*").is_some_and(|parent| {
                        resource
                            .strip_prefix(parent)
                            .is_some_and(|rest| rest.starts_with('/'))
                    })
            })
    }

    /// A `*` among the verbs or the resources (not only both, as
    /// [`PolicyRule::is_wildcard`]).
    pub fn has_wildcard(&self) -> bool {
        self.verbs.iter().any(|v| v == "*") || self.resources.iter().any(|r| r == "*")
    }

    /// `*` verbs on `*` resources in every API group.
    pub fn is_wildcard(&self) -> bool {
        [&self.api_groups, &self.resources, &self.verbs]
            .iter()
            .all(|l| l.iter().any(|v| v == "*"))
    }

    pub fn reads_secrets(&self) -> bool {
        Self::has(&self.api_groups, "")
            && Self::has(&self.resources, "secrets")
            && ["get", "list", "watch"]
                .iter()
                .any(|v| Self::has(&self.verbs, v))
    }
}
