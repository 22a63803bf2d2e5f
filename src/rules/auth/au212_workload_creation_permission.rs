use super::rbac::{self, Permission};
use crate::model::{BindingSpec, KubeObject};
use crate::rules::{Context, Judgement, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Bindings whose role grants `create` on pods, Deployments, StatefulSets,
    /// DaemonSets, ReplicaSets, ReplicationControllers, Jobs or CronJobs, or on
    /// PersistentVolumes. Rules limited by `resourceNames` are not reported (they
    /// cannot create new objects).
    /// A RoleBinding of the built-in `admin` or `edit` role within one
    /// namespace is the delegation those roles are made for: not applicable
    /// (review who is in the group instead); bound cluster-wide they count.
    ///
    /// ## Why it matters
    /// Creating a pod runs code as any service account in the namespace and, where
    /// admission allows, with host access; a PersistentVolume can point at a host
    /// path. Both reach further than the role's own rules.
    ///
    /// ## How to fix
    /// Deploy through a pipeline identity; enforce Pod Security admission or Azure
    /// Policy (CL105) so created pods cannot escape; create volumes through
    /// StorageClasses.
    ///
    /// ## What the fix costs
    /// Hands-on changes in the cluster stop: everything goes through the
    /// pipeline.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation
    /// - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#persistent-volume-creation
    code: "AU212", name: "workload-creation-permission", judges: [Binding(judge)],
    pillar: Auth, kind: Exposure, severity: Low, responsibility: Customer, component: Rbac,
    since: "0.2.0", status: Preview, title: "Creation of pods, workloads or persistent volumes granted",
    remediation: "Let deployments go through a pipeline identity; keep create on pods, workloads and persistent volumes out of everyday roles",
}

const PERMISSIONS: &[Permission] = &[
    ("", "pods", "create", "create pods"),
    ("apps", "deployments", "create", "create Deployments"),
    ("apps", "statefulsets", "create", "create StatefulSets"),
    ("apps", "daemonsets", "create", "create DaemonSets"),
    ("apps", "replicasets", "create", "create ReplicaSets"),
    ("", "replicationcontrollers", "create", "create ReplicationControllers"),
    ("batch", "jobs", "create", "create Jobs"),
    ("batch", "cronjobs", "create", "create CronJobs"),
    ("", "persistentvolumes", "create", "create PersistentVolumes"),
];

fn judge(cx: &Context, object: &KubeObject, binding: &BindingSpec) -> Judgement {
    rbac::judge_permissions(cx, object, binding, false, |rule| {
        rbac::first_allowed(rule, PERMISSIONS)
    })
}
