//! What the RBAC rules share: resolving a binding's role and deciding which
//! subjects are the platform's own.

use std::sync::LazyLock;

use crate::data::SystemWorkloads;
use crate::model::{
    BindingSpec, FileId, Inventory, KubeObject, Loc, ObjectKind, ObjectSpec, PolicyRule,
    RbacSubject, Unknown,
};
use crate::rules::{Context, Judgement, fail_all, not_applicable, pass};

/// Subjects AKS and Kubernetes install and manage themselves: `system:`
/// users and groups (e.g. `system:masters` on the default `cluster-admin`
/// binding), the service accounts of AKS components in `kube-system`,
/// named one by one in the system workloads table (`data/aks-system-workloads.json`),
/// and the users behind AKS's own bindings (`clusterAdmin`, `clusterUser`,
/// `aksService`).
///
/// Not the `system:` names that stand for many callers (`system:anonymous`,
/// `system:authenticated`, `system:unauthenticated`, the
/// `system:serviceaccounts` groups), nor `kube-system:default` or another
/// account of that namespace, nor an application's service account named
/// as a user: granting to those is the misconfiguration itself.
fn is_platform_subject(subject: &RbacSubject, system: &SystemWorkloads) -> bool {
    let aks_account = |name: &str| system.covers("kube-system", name);
    const AKS_USERS: [&str; 3] = ["clusterAdmin", "clusterUser", "aksService"];
    const EVERYONE: [&str; 4] = [
        "system:anonymous",
        "system:authenticated",
        "system:unauthenticated",
        "system:serviceaccounts",
    ];
    let name = subject.name.as_str();
    let broad = EVERYONE.contains(&name) || name.starts_with("system:serviceaccounts:");
    let account_as_user = name.strip_prefix("system:serviceaccount:");
    let system_account_as_user = account_as_user
        .and_then(|account| account.strip_prefix("kube-system:"))
        .is_some_and(aks_account);
    (name.starts_with("system:") && !broad && (account_as_user.is_none() || system_account_as_user))
        || (subject.kind == "ServiceAccount"
            && subject.namespace.as_deref() == Some("kube-system")
            && aks_account(name))
        || (subject.kind == "User" && AKS_USERS.contains(&name))
}

/// The subjects a finding on `binding` names: those that are not the
/// platform's own, or, when the platform's are all it has, those (the
/// policy stage then marks the finding suppressed by the default exemption,
/// so it is counted and shown rather than passed). Empty only for a binding
/// without subjects.
pub fn granted_subjects<'b>(
    binding: &'b BindingSpec,
    system: &SystemWorkloads,
) -> Vec<&'b RbacSubject> {
    let customers: Vec<&RbacSubject> = binding
        .subjects
        .iter()
        .filter(|s| !is_platform_subject(s, system))
        .collect();
    if customers.is_empty() {
        binding.subjects.iter().collect()
    } else {
        customers
    }
}

/// Whether every subject `binding` names is one the platform manages (and
/// there is at least one): what the default exemption for RBAC covers.
pub fn grants_only_to_platform(binding: &BindingSpec, system: &SystemWorkloads) -> bool {
    !binding.subjects.is_empty()
        && binding
            .subjects
            .iter()
            .all(|s| is_platform_subject(s, system))
}

pub fn describe(subjects: &[&RbacSubject]) -> String {
    subjects
        .iter()
        .map(|s| format!("{} {}", s.kind, s.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A permission a rule looks for: API group, resource (with subresource),
/// verb, and how a finding says it.
pub type Permission = (&'static str, &'static str, &'static str, &'static str);

/// What a binding grants, rule by rule, as far as the inputs tell.
pub enum Granted<'a> {
    /// `cluster-admin`: everything, which AU201 judges.
    ClusterAdmin,
    /// Each rule with the line a user edits to take it away: the rule in a
    /// role among the inputs, or the binding's `roleRef` for a built-in role.
    Rules(Vec<(&'a PolicyRule, Loc)>),
}

/// The rules `binding` grants: those of its role among the inputs and of
/// the ClusterRoles it aggregates, or a built-in ClusterRole's (`admin`,
/// `edit`, `view`, with the ClusterRoles among the inputs labelled to
/// aggregate into them); `system:` roles grant nothing an ordinary subject
/// should not have. Unknown when the role is neither built in nor among the
/// inputs.
pub fn granted<'a>(
    inventory: &'a Inventory,
    binding_object: &KubeObject,
    binding: &BindingSpec,
) -> Result<Granted<'a>, Unknown> {
    let aggregated = |labels: &[(&str, &str)]| -> Vec<(&'a PolicyRule, Loc)> {
        inventory
            .objects_of_kind(&ObjectKind::ClusterRole)
            .filter(|role| {
                labels
                    .iter()
                    .any(|(key, value)| role.label(key) == Some(*value))
            })
            .flat_map(|role| match &role.spec {
                ObjectSpec::Role(spec) => spec.rules.iter().map(|r| (r, r.loc)).collect(),
                _ => Vec::new(),
            })
            .collect()
    };
    if binding.role_kind == ObjectKind::ClusterRole {
        let built_in: Option<&[&str]> = match binding.role_name.as_str() {
            "cluster-admin" => return Ok(Granted::ClusterAdmin),
            "admin" => Some(&["admin", "edit", "view"]),
            "edit" => Some(&["edit", "view"]),
            "view" => Some(&["view"]),
            name if name.starts_with("system:") => return Ok(Granted::Rules(Vec::new())),
            _ => None,
        };
        if let Some(levels) = built_in {
            let mut rules: Vec<(&'a PolicyRule, Loc)> = levels
                .iter()
                .flat_map(|level| built_in_rules(level))
                .map(|r| (r, binding.role_loc))
                .collect();
            let labels: Vec<(String, &str)> = levels
                .iter()
                .map(|level| {
                    (
                        format!("rbac.authorization.k8s.io/aggregate-to-{level}"),
                        "true",
                    )
                })
                .collect();
            let labels: Vec<(&str, &str)> = labels.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            rules.extend(aggregated(&labels));
            return Ok(Granted::Rules(rules));
        }
    }
    let namespace = match binding.role_kind {
        ObjectKind::ClusterRole => None,
        _ => binding_object.effective_namespace(),
    };
    let role = inventory
        .object_named(&binding.role_kind, namespace, &binding.role_name)
        .and_then(|o| match &o.spec {
            ObjectSpec::Role(role) => Some(role),
            _ => None,
        })
        .ok_or_else(|| {
            Unknown::new(
                binding.role_loc,
                format!(
                    "{} {} is not among the inputs",
                    binding.role_kind, binding.role_name
                ),
            )
        })?;
    let mut rules: Vec<(&'a PolicyRule, Loc)> = role.rules.iter().map(|r| (r, r.loc)).collect();
    for selector in role.aggregation.iter().flatten() {
        let matching = inventory
            .objects_of_kind(&ObjectKind::ClusterRole)
            .filter(|candidate| {
                !selector.is_empty()
                    && selector
                        .iter()
                        .all(|(key, value)| candidate.label(key) == Some(value.as_str()))
            });
        for candidate in matching {
            if let ObjectSpec::Role(spec) = &candidate.spec {
                rules.extend(spec.rules.iter().map(|r| (r, r.loc)));
            }
        }
    }
    Ok(Granted::Rules(rules))
}

/// The built-in roles Kubernetes makes for handing a namespace to a team.
const NAMESPACE_ROLES: [&str; 2] = ["admin", "edit"];

/// Judges one binding for the permissions `allows` finds in a rule: a
/// finding per granting rule, naming the subjects and what they may do.
/// `cluster-admin` is AU201's; a RoleBinding of the built-in `admin` or
/// `edit` role hands one namespace to its team, the delegation those roles
/// exist for, and is not applicable (bound cluster-wide they are judged);
/// rules limited by `resourceNames` count only
/// when `named_objects_count` (a sharp permission on one object is still
/// sharp; broad management of a named ConfigMap is least privilege).
pub fn judge_permissions(
    cx: &Context,
    object: &KubeObject,
    binding: &BindingSpec,
    named_objects_count: bool,
    allows: impl Fn(&PolicyRule) -> Option<&'static str>,
) -> Judgement {
    let subjects = granted_subjects(binding, &cx.data.system_workloads);
    if subjects.is_empty() {
        return pass();
    }
    if object.kind == ObjectKind::RoleBinding
        && binding.role_kind == ObjectKind::ClusterRole
        && NAMESPACE_ROLES.contains(&binding.role_name.as_str())
    {
        return not_applicable(
            "a built-in namespace role bound within one namespace: the delegation Kubernetes designs for",
        );
    }
    let Granted::Rules(rules) = granted(cx.inventory, object, binding)? else {
        return not_applicable("cluster-admin grants everything: AU201 judges it");
    };
    let scope = match object.kind {
        ObjectKind::RoleBinding => format!(
            " in namespace {}",
            object.effective_namespace().unwrap_or("default")
        ),
        _ => String::new(),
    };
    let mut violations = Vec::new();
    for (rule, loc) in rules {
        if (!named_objects_count && !rule.resource_names.is_empty()) || rule.is_wildcard() {
            continue;
        }
        if let Some(what) = allows(rule) {
            violations.push((
                loc,
                format!(
                    "{} {} lets {} {what}{scope} ({} {})",
                    object.kind,
                    object.name,
                    describe(&subjects),
                    binding.role_kind,
                    binding.role_name
                ),
            ));
        }
    }
    violations.sort_by_key(|(loc, _)| *loc);
    violations.dedup_by(|a, b| a.0 == b.0);
    fail_all(violations)
}

/// The first permission of `wanted` the rule grants, as a finding says it.
pub fn first_allowed(rule: &PolicyRule, wanted: &[Permission]) -> Option<&'static str> {
    wanted
        .iter()
        .find(|(group, resource, verb, _)| rule.allows(group, resource, verb))
        .map(|(.., what)| *what)
}

/// The rules of a built-in ClusterRole at one level of aggregation (`view`,
/// then what `edit` adds, then what `admin` adds), as Kubernetes bootstraps
/// them; the rules' places are unused (a finding points at the binding).
fn built_in_rules(level: &str) -> &'static [PolicyRule] {
    static RULES: LazyLock<[Vec<PolicyRule>; 3]> = LazyLock::new(|| {
        let rules = |table: &[(&[&str], &[&str], &[&str])]| -> Vec<PolicyRule> {
            table
                .iter()
                .map(|(groups, resources, verbs)| PolicyRule {
                    loc: Loc {
                        file: FileId(0),
                        line: 0,
                        col: 0,
                    },
                    api_groups: groups.iter().map(|s| s.to_string()).collect(),
                    resources: resources.iter().map(|s| s.to_string()).collect(),
                    verbs: verbs.iter().map(|s| s.to_string()).collect(),
                    resource_names: Vec::new(),
                })
                .collect()
        };
        [rules(VIEW), rules(EDIT), rules(ADMIN)]
    });
    match level {
        "view" => &RULES[0],
        "edit" => &RULES[1],
        _ => &RULES[2],
    }
}

const READ: &[&str] = &["get", "list", "watch"];
const MANAGE: &[&str] = &["create", "delete", "deletecollection", "patch", "update"];

/// `view`: read most namespaced objects, not Secrets.
const VIEW: &[(&[&str], &[&str], &[&str])] = &[
    (
        &[""],
        &[
            "configmaps",
            "endpoints",
            "persistentvolumeclaims",
            "pods",
            "pods/log",
            "pods/status",
            "replicationcontrollers",
            "serviceaccounts",
            "services",
            "events",
            "limitranges",
            "resourcequotas",
            "namespaces",
        ],
        READ,
    ),
    (
        &["apps"],
        &["daemonsets", "deployments", "replicasets", "statefulsets"],
        READ,
    ),
    (&["batch"], &["cronjobs", "jobs"], READ),
    (
        &["networking.k8s.io"],
        &["ingresses", "networkpolicies"],
        READ,
    ),
];

/// What `edit` adds: Secrets, exec and port-forward, running pods as any
/// service account, and managing most objects — not roles or bindings.
const EDIT: &[(&[&str], &[&str], &[&str])] = &[
    (
        &[""],
        &[
            "pods/attach",
            "pods/exec",
            "pods/portforward",
            "pods/proxy",
            "secrets",
            "services/proxy",
        ],
        READ,
    ),
    (&[""], &["serviceaccounts"], &["impersonate"]),
    (
        &[""],
        &[
            "pods",
            "pods/attach",
            "pods/exec",
            "pods/portforward",
            "pods/proxy",
        ],
        MANAGE,
    ),
    (
        &[""],
        &["pods/eviction", "serviceaccounts/token"],
        &["create"],
    ),
    (
        &[""],
        &[
            "configmaps",
            "events",
            "persistentvolumeclaims",
            "replicationcontrollers",
            "secrets",
            "serviceaccounts",
            "services",
            "services/proxy",
        ],
        MANAGE,
    ),
    (
        &["apps"],
        &["daemonsets", "deployments", "replicasets", "statefulsets"],
        MANAGE,
    ),
    (&["autoscaling"], &["horizontalpodautoscalers"], MANAGE),
    (&["batch"], &["cronjobs", "jobs"], MANAGE),
    (&["policy"], &["poddisruptionbudgets"], MANAGE),
    (
        &["networking.k8s.io"],
        &["ingresses", "networkpolicies"],
        MANAGE,
    ),
];

/// What `admin` adds: roles and role bindings in its namespace.
const ADMIN: &[(&[&str], &[&str], &[&str])] = &[
    (
        &["authorization.k8s.io"],
        &["localsubjectaccessreviews"],
        &["create"],
    ),
    (
        &["rbac.authorization.k8s.io"],
        &["rolebindings", "roles"],
        &[
            "create",
            "delete",
            "deletecollection",
            "get",
            "list",
            "patch",
            "update",
            "watch",
        ],
    ),
];
