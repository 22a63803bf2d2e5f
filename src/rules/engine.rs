//! The engine: hands each judge its subjects one at a time and keeps what it
//! decides. The only loops over the inventory that rules run are here.

use std::ops::Deref;

use super::{
    Context, Decision, Evaluation, Judgement, PodSecurityProfile, Rated, RuleMeta, Severity,
    Verdict, not_applicable, require_on,
};
use crate::model::{
    AzureResource, BindingSpec, Cluster, Field, IngressSpec, Inventory, KeyVault, KubeObject,
    Namespace, NetworkAccess, NodePool, ObjectKind, ObjectSpec, PodSpec, Registry, ServiceSpec,
    Spec, Subject, Unknown, WorkloadFacts,
};

/// A subject handed to a judge that needs its place in the inventory (a
/// cluster's pools, a resource's private endpoints); reads as the item.
#[derive(Debug)]
pub struct Item<'a, T> {
    pub id: usize,
    pub item: &'a T,
}

// By hand: a derive would ask `T: Copy`, and only the reference is copied.
impl<T> Clone for Item<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Item<'_, T> {}

impl<T> Deref for Item<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.item
    }
}

/// A service that holds data, as CN301 and CN302 judge it: the resource,
/// its network access, and what to call it ("storage account").
#[derive(Debug, Clone, Copy)]
pub struct DataService<'a> {
    pub resource: Item<'a, AzureResource>,
    pub access: &'a NetworkAccess,
    pub what: &'static str,
}

/// One judge of a rule, over one kind of subject.
#[derive(Debug)]
pub enum Judge {
    Cluster(fn(&Context, Item<Cluster>) -> Judgement),
    /// A switch of every cluster that must be on: the field, its platform
    /// default when absent, and the finding when off.
    SwitchOn(fn(&Cluster) -> Field<bool>, bool, &'static str),
    /// A cluster judged in parts (each egress path, each resilience
    /// feature), with a verdict for each part.
    ClusterParts(fn(&Context, Item<Cluster>) -> Vec<Judgement>),
    /// Every node pool; a cluster whose pool list the input computes at
    /// deployment is unknown, so its pools are never silently passed.
    NodePool(fn(&Context, Item<NodePool>) -> Judgement),
    /// Each workload's pod spec, while its file is loaded. Restricted-profile
    /// controls are rated low unless the organisation asks for restricted.
    PodSpec(fn(&Context, &KubeObject, &PodSpec) -> Judgement),
    /// [`Judge::PodSpec`] for controls Windows pods do not have: those are
    /// not applicable.
    LinuxPodSpec(fn(&Context, &KubeObject, &PodSpec) -> Judgement),
    /// Each workload's facts that outlive its file, for judges that read
    /// other objects too.
    Workload(fn(&Context, &KubeObject, &WorkloadFacts) -> Judgement),
    Service(fn(&Context, &KubeObject, &ServiceSpec) -> Judgement),
    Ingress(fn(&Context, &KubeObject, &IngressSpec) -> Judgement),
    /// Every Kubernetes object the judge takes as its subject (`Some`): for
    /// rules about any kind (API versions) or kinds without a typed view.
    Object(fn(&Context, &KubeObject) -> Option<Judgement>),
    /// RoleBindings and ClusterRoleBindings.
    Binding(fn(&Context, &KubeObject, &BindingSpec) -> Judgement),
    Namespace(fn(&Context, &Namespace) -> Judgement),
    Registry(fn(&Context, Item<AzureResource>, &Registry) -> Judgement),
    KeyVault(fn(&Context, Item<AzureResource>, &KeyVault) -> Judgement),
    /// Registries, storage accounts, Key Vaults and databases.
    DataService(fn(&Context, DataService) -> Judgement),
    /// The escape hatch: a judge over the whole inventory that records its
    /// verdicts itself; says what it reads.
    Inventory(Input, fn(&Context, &mut Verdicts)),
}

/// What a rule judges; when none of it is among the inputs, the rule has no
/// verdict and requirements that rest on it are unknown, saying so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Clusters,
    Workloads,
    ServicesOrIngresses,
    Namespaces,
    RbacBindings,
    Objects,
    Registries,
    KeyVaults,
    DataServices,
}

impl Input {
    /// Why a rule has no verdict when this is missing.
    pub fn missing(self) -> &'static str {
        match self {
            Input::Clusters => "no AKS cluster among the inputs",
            Input::Workloads => "no workloads among the inputs",
            Input::ServicesOrIngresses => "no Services or Ingresses among the inputs",
            Input::Namespaces => "no namespaces with workloads among the inputs",
            Input::RbacBindings => "no RBAC bindings among the inputs",
            Input::Objects => "no Kubernetes objects among the inputs",
            Input::Registries => "no container registry among the inputs",
            Input::KeyVaults => "no Key Vault among the inputs",
            Input::DataServices => {
                "no registry, storage account, Key Vault or database among the inputs"
            }
        }
    }
}

impl Judge {
    pub fn per_object(&self) -> bool {
        matches!(self, Judge::PodSpec(_) | Judge::LinuxPodSpec(_))
    }

    pub fn input(&self) -> Input {
        match self {
            Judge::Cluster(_)
            | Judge::ClusterParts(_)
            | Judge::SwitchOn(..)
            | Judge::NodePool(_) => Input::Clusters,
            Judge::PodSpec(_) | Judge::LinuxPodSpec(_) | Judge::Workload(_) => Input::Workloads,
            Judge::Service(_) | Judge::Ingress(_) => Input::ServicesOrIngresses,
            Judge::Binding(_) => Input::RbacBindings,
            Judge::Object(_) => Input::Objects,
            Judge::Namespace(_) => Input::Namespaces,
            Judge::Registry(_) => Input::Registries,
            Judge::KeyVault(_) => Input::KeyVaults,
            Judge::DataService(_) => Input::DataServices,
            Judge::Inventory(input, _) => *input,
        }
    }

    pub(super) fn run(&self, meta: &RuleMeta, cx: &Context, out: &mut Verdicts) {
        let inventory = cx.inventory;
        let objects = || inventory.objects.iter().enumerate();
        let resources = || inventory.resources.iter().enumerate();
        match self {
            Judge::Cluster(judge) => {
                for (id, item) in inventory.clusters.iter().enumerate() {
                    out.record(Subject::Cluster(id), judge(cx, Item { id, item }));
                }
            }
            Judge::SwitchOn(field, default, message) => {
                for (id, cluster) in inventory.clusters.iter().enumerate() {
                    out.record(
                        Subject::Cluster(id),
                        require_on(&field(cluster), *default, message),
                    );
                }
            }
            Judge::ClusterParts(judge) => {
                for (id, item) in inventory.clusters.iter().enumerate() {
                    for judged in judge(cx, Item { id, item }) {
                        out.record(Subject::Cluster(id), judged);
                    }
                }
            }
            Judge::NodePool(judge) => {
                for (id, cluster) in inventory.clusters.iter().enumerate() {
                    if let Err(unknown) = cluster.inline_pools.known() {
                        out.record(Subject::Cluster(id), Err(unknown));
                    }
                }
                for (id, item) in inventory.pools.iter().enumerate() {
                    out.record(Subject::NodePool(id), judge(cx, Item { id, item }));
                }
            }
            Judge::PodSpec(judge) | Judge::LinuxPodSpec(judge) => {
                let linux_only = matches!(self, Judge::LinuxPodSpec(_));
                let downgrade = meta.profile == Some(PodSecurityProfile::Restricted)
                    && cx.options.pod_security == PodSecurityProfile::Baseline;
                for (id, object, spec) in inventory.workloads() {
                    let mut judged = if linux_only && spec.is_windows() {
                        not_applicable("Windows pod")
                    } else {
                        judge(cx, object, spec)
                    };
                    if downgrade {
                        judged = judged.rated(Severity::Low);
                    }
                    out.record(Subject::Object(id), judged);
                }
            }
            Judge::Workload(judge) => {
                for (id, object, facts) in inventory.workload_facts() {
                    out.record(Subject::Object(id), judge(cx, object, facts));
                }
            }
            Judge::Service(judge) => {
                for (id, object) in objects() {
                    if let ObjectSpec::Service(service) = &object.spec {
                        out.record(Subject::Object(id), judge(cx, object, service));
                    }
                }
            }
            Judge::Ingress(judge) => {
                for (id, object) in objects() {
                    if let ObjectSpec::Ingress(ingress) = &object.spec {
                        out.record(Subject::Object(id), judge(cx, object, ingress));
                    }
                }
            }
            Judge::Binding(judge) => {
                for (id, object) in objects() {
                    if let ObjectSpec::Binding(binding) = &object.spec {
                        out.record(Subject::Object(id), judge(cx, object, binding));
                    }
                }
            }
            Judge::Object(judge) => {
                for (id, object) in objects() {
                    if let Some(judged) = judge(cx, object) {
                        out.record(Subject::Object(id), judged);
                    }
                }
            }
            Judge::Namespace(judge) => {
                for (id, namespace) in inventory.namespaces.iter().enumerate() {
                    // A namespace only known at deployment is no namespace
                    // any rule can judge.
                    let judged = match namespace.known() {
                        Ok(_) => judge(cx, namespace),
                        Err(unknown) => Err(unknown),
                    };
                    out.record(Subject::Namespace(id), judged);
                }
            }
            Judge::Registry(judge) => {
                for (id, item) in resources() {
                    if let Spec::Registry(registry) = &item.spec {
                        out.record(
                            Subject::Resource(id),
                            judge(cx, Item { id, item }, registry),
                        );
                    }
                }
            }
            Judge::KeyVault(judge) => {
                for (id, item) in resources() {
                    if let Spec::KeyVault(vault) = &item.spec {
                        out.record(Subject::Resource(id), judge(cx, Item { id, item }, vault));
                    }
                }
            }
            Judge::DataService(judge) => {
                for (id, item) in resources() {
                    if let Some((access, what)) = item.service_access() {
                        let resource = Item { id, item };
                        let service = DataService {
                            resource,
                            access,
                            what,
                        };
                        out.record(Subject::Resource(id), judge(cx, service));
                    }
                }
            }
            Judge::Inventory(_, judge) => judge(cx, out),
        }
    }
}

/// The kinds that hold pod specs.
const WORKLOAD_KINDS: [ObjectKind; 8] = [
    ObjectKind::Pod,
    ObjectKind::Deployment,
    ObjectKind::StatefulSet,
    ObjectKind::DaemonSet,
    ObjectKind::ReplicaSet,
    ObjectKind::ReplicationController,
    ObjectKind::Job,
    ObjectKind::CronJob,
];

/// What namespace rules read besides the workloads.
const NAMESPACE_KINDS: [ObjectKind; 3] = [
    ObjectKind::NetworkPolicy,
    ObjectKind::LimitRange,
    ObjectKind::ResourceQuota,
];

/// What rules over any object judge or look up besides the workloads.
const OBJECT_KINDS: [ObjectKind; 7] = [
    ObjectKind::Service,
    ObjectKind::Ingress,
    ObjectKind::NetworkPolicy,
    ObjectKind::ServiceAccount,
    ObjectKind::ConfigMap,
    ObjectKind::HorizontalPodAutoscaler,
    ObjectKind::Namespace,
];

impl Judge {
    /// The kinds of object the judge reads, which a live read may have
    /// been refused: the workloads (when it reads them) and others.
    fn reads(&self) -> (&'static [ObjectKind], &'static [ObjectKind]) {
        match self {
            Judge::PodSpec(_) | Judge::LinuxPodSpec(_) | Judge::Workload(_) => {
                (&WORKLOAD_KINDS, &[])
            }
            Judge::Service(_) => (&[], &[ObjectKind::Service]),
            Judge::Ingress(_) => (&[], &[ObjectKind::Ingress]),
            Judge::Binding(_) => (
                &[],
                &[ObjectKind::RoleBinding, ObjectKind::ClusterRoleBinding],
            ),
            // What a namespace's rules look for in it, and what rules on
            // any object may look up: a kind that could not be listed leaves
            // them unknown rather than judged on part of the namespace.
            Judge::Namespace(_) => (&WORKLOAD_KINDS, &NAMESPACE_KINDS),
            Judge::Object(_) => (&WORKLOAD_KINDS, &OBJECT_KINDS),
            _ => (&[], &[]),
        }
    }

    /// A kind the judge reads that a live read could not list makes its
    /// rule unknown in every namespace read, naming the kind and why: what
    /// could not be seen is never a pass.
    pub(super) fn record_unlisted(&self, inventory: &Inventory, out: &mut Verdicts) {
        let (workloads, others) = self.reads();
        for unlisted in inventory
            .unlisted
            .iter()
            .filter(|u| workloads.contains(&u.kind) || others.contains(&u.kind))
        {
            for (id, namespace) in inventory.namespaces.iter().enumerate() {
                out.record(
                    Subject::Namespace(id),
                    Err(Unknown::new(namespace.loc, unlisted.reason.clone())),
                );
            }
        }
    }
}

/// Where a rule's verdicts go: findings and unknowns are kept, passes and
/// not-applicable verdicts only counted, so a rule over a hundred thousand
/// objects never holds a verdict for each.
#[derive(Debug, Default)]
pub struct Verdicts {
    pub kept: Vec<Evaluation>,
    pub passed: usize,
    pub not_applicable: usize,
}

impl Verdicts {
    pub fn record(&mut self, subject: Subject, judgement: Judgement) {
        let verdict = match judgement {
            Ok(Decision::Pass) => return self.passed += 1,
            Ok(Decision::NotApplicable(_)) => return self.not_applicable += 1,
            Ok(Decision::Fail(finding)) => Verdict::Fail {
                message: finding.message,
                loc: finding.loc,
                severity: finding.severity,
            },
            Err(unknown) => Verdict::Unknown {
                reason: unknown.reason,
                loc: unknown.loc,
            },
        };
        self.kept.push(Evaluation { subject, verdict });
    }
}
