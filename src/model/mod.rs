//! The normalised inventory: every input shape ends up here, and rules only
//! ever read these types.

use std::borrow::Cow;

use rayon::slice::ParallelSliceMut;

mod azure;
mod cluster;
mod diagnostics;
mod egress;
mod field;
mod kubernetes;
mod links;
mod organisation;
mod secrets;
mod shape;
mod values;

pub use azure::{
    ApplicationGateway, AzureResource, Database, DatabaseEngine, DiagnosticSetting, Firewall,
    FirewallPolicy, FirewallRule, IpRange, KeyVault, NetworkAccess, PortRange, PrivateEndpoint,
    Reference, Registry, ResourceId, RoleAssignment, Route, RouteTable, RuleAction, RuleCollection,
    SecurityRule, Spec, Subnet, WafSettings, id_tail, is_resource_group_name, is_subscription_id,
    provider_path, subscription_of,
};
pub use cluster::{Addon, CRITICAL_ADDONS_ONLY_TAINT, Cluster, NodePool};
pub use diagnostics::{
    BICEP_REGISTRY_MODULE, CHART_NOT_RENDERED, KUSTOMIZE_FIELD_NOT_APPLIED, LINKED_TEMPLATE,
    LoadError, REMOTE_MODULE, REMOTE_RESOURCE, is_not_followed,
};
pub use egress::FirewallRules;
pub use field::{Field, Unknown};
pub use kubernetes::{
    BindingSpec, Container, ContainerKind, EnvVar, IngressSpec, KubeObject,
    NAMESPACE_SET_AT_DEPLOYMENT, NetworkPolicySpec, ObjectKind, ObjectSpec, PodSpec, PolicyRule,
    RbacSubject, RoleSpec, SecretLiteral, SecretRef, SecurityContext, ServiceSpec, Volume,
    Workload, WorkloadFacts,
};
pub use links::ResourceLinks;
pub use organisation::{Attestation, Organisation};
pub use secrets::secret_kind;
pub use shape::Shape;
pub use values::{
    DefaultAction, IdentityType, NetworkPlugin, NetworkPolicyEngine, NextHopType, NodeOsChannel,
    OsType, OutboundType, PublicNetworkAccess, RegistrySku, SkuTier, SshAccess, SupportPlan,
    UpgradeChannel, WafMode,
};

/// Index of a scanned file in [`Inventory::files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A place in a scanned file: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
}

pub type ClusterId = usize;
pub type PoolId = usize;
pub type ObjectId = usize;
pub type NamespaceId = usize;

/// A namespace that holds scanned objects, whether or not its Namespace
/// object was scanned too.
#[derive(Debug, Clone)]
pub struct Namespace {
    pub name: String,
    /// The Namespace object, or the first object found in it.
    pub loc: Loc,
    pub object: Option<ObjectId>,
    pub workloads: Vec<ObjectId>,
    pub network_policies: Vec<ObjectId>,
}

impl Namespace {
    /// The namespace, or unknown when its objects name it by something only
    /// known at deployment.
    pub fn known(&self) -> Result<&str, Unknown> {
        if self.name == NAMESPACE_SET_AT_DEPLOYMENT {
            Err(Unknown::new(
                self.loc,
                "the namespace is only known at deployment (a reference to another resource)",
            ))
        } else {
            Ok(&self.name)
        }
    }
}

/// What the scanned Kubernetes objects show as a whole.
#[derive(Debug, Clone, Copy, Default)]
pub struct ObjectFacts {
    /// A kured DaemonSet, which reboots nodes after OS patches.
    pub kured: bool,
    /// A SecretProviderClass: the Key Vault CSI driver is in use.
    pub secret_provider_class: bool,
    /// The Container Insights agent config in `kube-system` turns env var
    /// collection off.
    pub env_collection_disabled: bool,
}

/// Everything one scan read, with links between the pieces computed once.
#[derive(Debug, Default)]
pub struct Inventory {
    /// Display paths, relative to the scanned root where possible.
    pub files: Vec<String>,
    pub clusters: Vec<Cluster>,
    pub pools: Vec<NodePool>,
    pub objects: Vec<KubeObject>,
    /// Azure resources other than clusters and pools.
    pub resources: Vec<AzureResource>,
    /// Links between [`Inventory::resources`], computed once after loading.
    pub links: ResourceLinks,
    /// Computed once after loading, in name order.
    pub namespaces: Vec<Namespace>,
    /// Facts about the objects as a whole, computed once after loading.
    pub object_facts: ObjectFacts,
    /// Object ids ordered by `(kind, namespace or "", name)`, for lookups
    /// across objects (a binding's role, a pod's ServiceAccount) without a
    /// copy of every name.
    pub(crate) by_name: Vec<ObjectId>,
    /// Every `namespace`, label and value some workload's pods carry, as
    /// `namespace\0key\0value`: whether a selector can match any pod
    /// without walking the namespace's workloads.
    pub(crate) pod_labels: std::collections::HashSet<String>,
    /// How reports name each cluster: its name, with what tells it apart
    /// when another cluster has the same name. Computed once after loading.
    pub cluster_labels: Vec<String>,
    /// Each cluster's node pools, in input order. Computed once after
    /// loading, so a fleet's rules never walk every pool per cluster.
    pub(crate) cluster_pools: Vec<Vec<PoolId>>,
    /// Kinds a live read could not list: the rules that judge them are
    /// unknown, not passed.
    pub unlisted: Vec<Unlisted>,
    /// Files of objects read from a running cluster (live, or saved from
    /// a live read), in file order, and which cluster each is.
    pub live_objects: Vec<LiveObjects>,
}

/// A file of objects read from a running cluster: its API server, and the
/// scanned cluster with that server's host name.
#[derive(Debug, Clone)]
pub struct LiveObjects {
    pub server: String,
    pub file: FileId,
    /// Set once the clusters are linked, when one's FQDN is the server's.
    pub cluster: Option<ClusterId>,
}

/// A kind of Kubernetes object a live read could not list, and why.
#[derive(Debug, Clone)]
pub struct Unlisted {
    pub kind: ObjectKind,
    pub reason: String,
}

impl Inventory {
    /// The cluster a subject belongs to: a cluster itself, a node pool's
    /// cluster. Objects and other resources are not tied to one.
    pub fn cluster_of(&self, subject: Subject) -> Option<ClusterId> {
        match subject {
            Subject::Cluster(id) => Some(id),
            Subject::NodePool(id) => self.pools[id].cluster,
            // Objects are tied to a cluster only when read from it.
            Subject::Object(id) => self.live_cluster_of(self.objects[id].loc.file),
            Subject::Namespace(id) => self.live_cluster_of(self.namespaces[id].loc.file),
            Subject::Resource(_) => None,
        }
    }

    /// The scanned cluster a live read of `file` came from, if known.
    fn live_cluster_of(&self, file: FileId) -> Option<ClusterId> {
        self.live_objects
            .iter()
            .find(|live| live.file == file)
            .and_then(|live| live.cluster)
    }

    /// Names each cluster for reports; two with one name are told apart by
    /// their resource group, else subscription, else Terraform address or
    /// resource ID, else file and line.
    pub fn label_clusters(&mut self) {
        let mut by_name: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for c in &self.clusters {
            *by_name.entry(c.name.as_str()).or_default() += 1;
        }
        self.cluster_labels = self
            .clusters
            .iter()
            .map(|c| {
                if by_name.get(c.name.as_str()).copied().unwrap_or(0) < 2 {
                    return c.name.clone();
                }
                let segment = |key: &str| {
                    let id = c.id.as_deref()?;
                    let mut parts = id.split('/');
                    parts.find(|p| p.eq_ignore_ascii_case(key))?;
                    parts
                        .next()
                        .filter(|p| !p.is_empty() && !p.starts_with('('))
                };
                let apart = match (segment("resourceGroups"), segment("subscriptions"), &c.id) {
                    (Some(group), _, _) => format!("resource group {group}"),
                    (None, Some(subscription), _) => format!("subscription {subscription}"),
                    (None, None, Some(id)) => id.clone(),
                    (None, None, None) => format!("{}:{}", self.file(c.loc.file), c.loc.line),
                };
                format!("{} ({apart})", c.name)
            })
            .collect();
    }

    pub fn file(&self, id: FileId) -> &str {
        &self.files[id.0 as usize]
    }

    /// Workloads whose pod specs are still held (while their file is
    /// evaluated, or when loaded without evaluation).
    pub fn workloads(&self) -> impl Iterator<Item = (ObjectId, &KubeObject, &PodSpec)> {
        self.objects
            .iter()
            .enumerate()
            .filter_map(|(id, o)| match &o.spec {
                ObjectSpec::Workload(w) => w.pod.as_deref().map(|pod| (id, o, pod)),
                _ => None,
            })
    }

    /// Every workload's facts, for rules that span objects.
    pub fn workload_facts(&self) -> impl Iterator<Item = (ObjectId, &KubeObject, &WorkloadFacts)> {
        self.objects
            .iter()
            .enumerate()
            .filter_map(|(id, o)| match &o.spec {
                ObjectSpec::Workload(w) => Some((id, o, &w.facts)),
                _ => None,
            })
    }

    /// The object of that kind and name, in that namespace (`None` for
    /// cluster-scoped kinds).
    pub fn object_named(
        &self,
        kind: &ObjectKind,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<&KubeObject> {
        let wanted = (kind.as_str(), namespace.unwrap_or_default(), name);
        // The last of equal keys wins, as a later manifest replaces an
        // earlier one when applied.
        let end = self
            .by_name
            .partition_point(|&id| self.name_key(id) <= wanted);
        let id = *self.by_name.get(end.checked_sub(1)?)?;
        (self.name_key(id) == wanted).then(|| &self.objects[id])
    }

    /// Every object of a kind (the last of equal names only), by name.
    pub fn objects_of_kind<'a>(
        &'a self,
        kind: &'a ObjectKind,
    ) -> impl Iterator<Item = &'a KubeObject> + 'a {
        let start = self
            .by_name
            .partition_point(|&id| self.objects[id].kind.as_str() < kind.as_str());
        let ids = &self.by_name[start..];
        ids.iter()
            .enumerate()
            .take_while(move |(_, id)| self.objects[**id].kind == *kind)
            .filter(move |(at, id)| {
                ids.get(at + 1)
                    .is_none_or(|next| self.name_key(*next) != self.name_key(**id))
            })
            .map(move |(_, id)| &self.objects[*id])
    }

    fn name_key(&self, id: ObjectId) -> (&str, &str, &str) {
        let o = &self.objects[id];
        (
            o.kind.as_str(),
            o.effective_namespace().unwrap_or_default(),
            o.name.as_str(),
        )
    }

    /// Indexes objects by name and groups them by namespace; call once after
    /// loading.
    pub fn index_objects(&mut self) {
        // Keys computed once, and the id as the last key: equal names keep
        // their file order without a stable sort's buffer.
        let mut keyed: Vec<_> = (0..self.objects.len())
            .map(|id| (self.name_key(id), id))
            .collect();
        keyed.par_sort_unstable();
        self.by_name = keyed.into_iter().map(|(_, id)| id).collect();
        let mut namespaces: std::collections::BTreeMap<String, Namespace> = Default::default();
        let mut facts = ObjectFacts::default();
        for (id, o) in self.objects.iter().enumerate() {
            facts.kured |= o.kind == ObjectKind::DaemonSet && o.name.contains("kured");
            facts.secret_provider_class |= o.kind == ObjectKind::SecretProviderClass;
            facts.env_collection_disabled |= o.effective_namespace() == Some("kube-system")
                && matches!(
                    o.spec,
                    ObjectSpec::AgentConfig {
                        env_collection_disabled: true
                    }
                );
            let name = match (&o.kind, o.effective_namespace()) {
                (ObjectKind::Namespace, _) => o.name.as_str(),
                (_, Some(ns)) => ns,
                (_, None) => continue,
            };
            if !namespaces.contains_key(name) {
                let namespace = Namespace {
                    name: name.to_string(),
                    loc: o.loc,
                    object: None,
                    workloads: Vec::new(),
                    network_policies: Vec::new(),
                };
                namespaces.insert(name.to_string(), namespace);
            }
            let Some(entry) = namespaces.get_mut(name) else {
                continue;
            };
            if o.kind == ObjectKind::Namespace {
                entry.object = Some(id);
                entry.loc = o.loc;
            }
            match o.spec {
                ObjectSpec::Workload(_) => entry.workloads.push(id),
                ObjectSpec::NetworkPolicy(_) => entry.network_policies.push(id),
                _ => {}
            }
        }
        self.namespaces = namespaces.into_values().collect();
        self.object_facts = facts;
        let mut pod_labels = std::collections::HashSet::new();
        // A kind chanto does not model may run pods (an Argo Rollout):
        // their labels are not known, so any selector may match there.
        for object in &self.objects {
            if let (ObjectKind::Other(_), Some(namespace)) =
                (&object.kind, object.effective_namespace())
            {
                pod_labels.insert(format!("{namespace}\0"));
            }
        }
        for (_, object, facts) in self.workload_facts() {
            let Some(namespace) = object.effective_namespace() else {
                continue;
            };
            if !facts.labels_complete {
                // Pods whose labels are only known at deployment may
                // match any selector.
                pod_labels.insert(format!("{namespace}\0"));
            }
            for (key, value) in &facts.labels {
                pod_labels.insert(format!("{namespace}\0{key}\0{value}"));
            }
        }
        self.pod_labels = pod_labels;
    }

    /// Whether a workload among the inputs in `namespace` could have pods
    /// `selector` selects: false only when some label of the selector is on
    /// no pod template of the namespace, so a selector that matches no pod
    /// is told without walking the workloads (one that each label matches
    /// on different pods counts as matching, and so does any selector in a
    /// namespace with pod labels only known at deployment or with objects of
    /// kinds chanto does not model).
    pub fn pods_may_match(&self, namespace: &str, selector: &[(String, String)]) -> bool {
        self.pod_labels.contains(&format!("{namespace}\0"))
            || selector.iter().all(|(key, value)| {
                self.pod_labels
                    .contains(&format!("{namespace}\0{key}\0{value}"))
            })
    }

    /// Whether any object of `kind` in `namespace` is among the inputs.
    pub fn has_object_in(&self, kind: &ObjectKind, namespace: &str) -> bool {
        let start = self.by_name.partition_point(|&id| {
            let (k, ns, _) = self.name_key(id);
            (k, ns) < (kind.as_str(), namespace)
        });
        self.by_name.get(start).is_some_and(|&id| {
            let (k, ns, _) = self.name_key(id);
            k == kind.as_str() && ns == namespace
        })
    }

    /// The namespace of that name among the inputs.
    pub fn namespace_named(&self, name: &str) -> Option<&Namespace> {
        self.namespaces
            .binary_search_by(|n| n.name.as_str().cmp(name))
            .ok()
            .map(|at| &self.namespaces[at])
    }

    /// The cluster's node pools, from the index [`Inventory::index_pools`]
    /// builds after loading.
    pub fn pools_of(&self, cluster: ClusterId) -> impl Iterator<Item = (PoolId, &NodePool)> {
        self.cluster_pools
            .get(cluster)
            .into_iter()
            .flatten()
            .map(move |id| (*id, &self.pools[*id]))
    }

    /// Indexes each cluster's node pools; call once after loading.
    pub fn index_pools(&mut self) {
        let mut index = vec![Vec::new(); self.clusters.len()];
        for (id, pool) in self.pools.iter().enumerate() {
            if let Some(list) = pool.cluster.and_then(|c| index.get_mut(c)) {
                list.push(id);
            }
        }
        self.cluster_pools = index;
    }
}

/// What a finding is about, as reported to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    Cluster(ClusterId),
    NodePool(PoolId),
    Object(ObjectId),
    Namespace(NamespaceId),
    Resource(ResourceId),
}

/// The user-facing identity of a subject, borrowed from the inventory where
/// it can be (a report of many findings holds one of these for each).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ResourceRef<'a> {
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub name: Cow<'a, str>,
    pub namespace: Option<&'a str>,
    pub id: Option<Cow<'a, str>>,
}

pub const CLUSTER_TYPE: &str = "Microsoft.ContainerService/managedClusters";
pub const POOL_TYPE: &str = "Microsoft.ContainerService/managedClusters/agentPools";

impl Inventory {
    pub fn resource(&self, subject: Subject) -> ResourceRef<'_> {
        match subject {
            Subject::Cluster(id) => {
                let c = &self.clusters[id];
                ResourceRef {
                    kind: CLUSTER_TYPE,
                    name: Cow::Borrowed(&c.name),
                    namespace: None,
                    id: c.id.as_deref().map(Cow::Borrowed),
                }
            }
            Subject::NodePool(id) => {
                let p = &self.pools[id];
                let cluster = p.cluster.map(|c| &self.clusters[c]);
                let cluster_name = cluster.map_or(p.cluster_name.as_str(), |c| c.name.as_str());
                ResourceRef {
                    kind: POOL_TYPE,
                    name: Cow::Owned(format!("{cluster_name}/{}", p.name)),
                    namespace: None,
                    // A pool of its own keeps its ID; an inline one is the
                    // agent pool child of its cluster's.
                    id: match &p.id {
                        Some(id) => Some(Cow::Borrowed(id.as_str())),
                        None => cluster
                            .and_then(|c| c.id.as_ref())
                            .map(|id| Cow::Owned(format!("{id}/agentPools/{}", p.name))),
                    },
                }
            }
            Subject::Object(id) => {
                let o = &self.objects[id];
                ResourceRef {
                    kind: o.kind.as_str(),
                    name: Cow::Borrowed(&o.name),
                    namespace: o.effective_namespace(),
                    id: None,
                }
            }
            Subject::Namespace(id) => ResourceRef {
                kind: "Namespace",
                name: Cow::Borrowed(&self.namespaces[id].name),
                namespace: None,
                id: None,
            },
            Subject::Resource(id) => {
                let r = &self.resources[id];
                ResourceRef {
                    kind: r.arm_type,
                    name: Cow::Borrowed(&r.name),
                    namespace: None,
                    id: r.id.as_deref().map(Cow::Borrowed),
                }
            }
        }
    }
}
