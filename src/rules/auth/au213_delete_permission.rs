use super::rbac::{self, Permission};
use crate::model::{BindingSpec, KubeObject};
use crate::rules::{Context, Judgement, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Bindings whose role grants `delete` or `deletecollection` on pods, pod logs,
    /// Events (core or `events.k8s.io`), workloads, Services, Secrets, ConfigMaps,
    /// PersistentVolumeClaims, PersistentVolumes or Namespaces. Rules limited by
    /// `resourceNames` are not reported.
    /// A RoleBinding of the built-in `admin` or `edit` role within one
    /// namespace is the delegation those roles are made for: not applicable
    /// (review who is in the group instead); bound cluster-wide they count.
    ///
    /// ## Why it matters
    /// Deleting takes the service down; deleting Events and logs removes what an
    /// investigation needs.
    ///
    /// ## How to fix
    /// Remove the verbs from roles that only operate the service; let the deployment
    /// pipeline own deletions.
    ///
    /// ## What the fix costs
    /// Clean-up by hand needs a request or the pipeline.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
    code: "AU213", name: "delete-permission", judges: [Binding(judge)],
    pillar: Auth, kind: Exposure, severity: Low, responsibility: Customer, component: Rbac,
    since: "0.2.0", status: Preview, title: "Deletion of workloads, logs or events granted",
    remediation: "Keep delete on workloads, pod logs and events out of everyday roles",
}

const PERMISSIONS: &[Permission] = &[
    ("", "pods", "delete", "delete pods"),
    ("", "pods", "deletecollection", "delete pods"),
    ("", "pods/log", "delete", "delete pod logs"),
    ("", "pods/log", "deletecollection", "delete pod logs"),
    ("", "events", "delete", "delete Events"),
    ("", "events", "deletecollection", "delete Events"),
    ("events.k8s.io", "events", "delete", "delete Events"),
    ("events.k8s.io", "events", "deletecollection", "delete Events"),
    ("apps", "deployments", "delete", "delete Deployments"),
    ("apps", "deployments", "deletecollection", "delete Deployments"),
    ("apps", "statefulsets", "delete", "delete StatefulSets"),
    ("apps", "statefulsets", "deletecollection", "delete StatefulSets"),
    ("apps", "daemonsets", "delete", "delete DaemonSets"),
    ("apps", "daemonsets", "deletecollection", "delete DaemonSets"),
    ("", "services", "delete", "delete Services"),
    ("", "services", "deletecollection", "delete Services"),
    ("", "secrets", "delete", "delete Secrets"),
    ("", "secrets", "deletecollection", "delete Secrets"),
    ("", "configmaps", "delete", "delete ConfigMaps"),
    ("", "configmaps", "deletecollection", "delete ConfigMaps"),
    ("", "persistentvolumeclaims", "delete", "delete PersistentVolumeClaims"),
    ("", "persistentvolumeclaims", "deletecollection", "delete PersistentVolumeClaims"),
    ("", "persistentvolumes", "delete", "delete PersistentVolumes"),
    ("", "persistentvolumes", "deletecollection", "delete PersistentVolumes"),
    ("", "namespaces", "delete", "delete Namespaces"),
    ("", "namespaces", "deletecollection", "delete Namespaces"),
];

fn judge(cx: &Context, object: &KubeObject, binding: &BindingSpec) -> Judgement {
    rbac::judge_permissions(cx, object, binding, false, |rule| {
        rbac::first_allowed(rule, PERMISSIONS)
    })
}
