//! What the RBAC rules share: resolving a binding's role and deciding which
//! subjects are the platform's own.

use crate::data::SystemWorkloads;
use crate::model::{
    BindingSpec, Inventory, KubeObject, ObjectKind, ObjectSpec, PolicyRule, RbacSubject, Unknown,
};

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

/// What a binding grants: a built-in ClusterRole, or the rules of a role
/// among the inputs.
pub enum Grant<'a> {
    BuiltIn(BuiltIn),
    Rules(&'a [PolicyRule]),
}

/// The role a binding grants, or why it can't be told (the role is neither
/// built in nor among the inputs) and where.
pub fn grant<'a>(
    inventory: &'a Inventory,
    binding_object: &KubeObject,
    binding: &BindingSpec,
) -> Result<Grant<'a>, Unknown> {
    if let Some(built_in) = built_in(binding) {
        return Ok(Grant::BuiltIn(built_in));
    }
    role_rules(inventory, binding_object, binding)
        .map(Grant::Rules)
        .ok_or_else(|| {
            Unknown::new(
                binding.role_loc,
                format!(
                    "{} {} is not among the inputs",
                    binding.role_kind, binding.role_name
                ),
            )
        })
}

/// The rules of the role a binding references, when the role is among the
/// inputs.
fn role_rules<'a>(
    inventory: &'a Inventory,
    binding_object: &KubeObject,
    binding: &BindingSpec,
) -> Option<&'a [PolicyRule]> {
    let namespace = match binding.role_kind {
        ObjectKind::ClusterRole => None,
        _ => binding_object.effective_namespace(),
    };
    match &inventory
        .object_named(&binding.role_kind, namespace, &binding.role_name)?
        .spec
    {
        ObjectSpec::Role(role) => Some(role.rules.as_slice()),
        _ => None,
    }
}

/// Built-in ClusterRoles whose grants are known without the object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltIn {
    ClusterAdmin,
    /// `admin` and `edit`: read Secrets in their scope.
    ReadsSecrets,
    /// `view` and the `system:` roles: no Secret access for ordinary subjects.
    Other,
}

fn built_in(binding: &BindingSpec) -> Option<BuiltIn> {
    if binding.role_kind != ObjectKind::ClusterRole {
        return None;
    }
    match binding.role_name.as_str() {
        "cluster-admin" => Some(BuiltIn::ClusterAdmin),
        "admin" | "edit" => Some(BuiltIn::ReadsSecrets),
        "view" => Some(BuiltIn::Other),
        name if name.starts_with("system:") => Some(BuiltIn::Other),
        _ => None,
    }
}
