//! ARM deployment templates: resources (nested ones included) with their
//! expressions resolved as far as the template itself decides them.

use super::arm_expr::Scope;
use super::arm_parameters::ParameterSet;
use super::tree::{Node, Value};
use super::{AGENT_POOL, CLUSTER, FileOutput, Parent, aks, azure};
use crate::model::{FileId, LINKED_TEMPLATE, ResourceId, Shape};

pub fn is_template(root: &Node) -> bool {
    let schema = root.str_at("$schema").unwrap_or_default();
    schema.contains("deploymentTemplate")
        || (root.get("resources").is_some() && root.get("contentVersion").is_some())
}

/// Reads a template's resources: once on its defaults, or once per
/// parameter set (each evaluation's clusters and resources named with its
/// parameter file when there are several).
pub fn load(template: &Node, file: FileId, out: &mut FileOutput, sets: &[ParameterSet]) {
    out.template = true;
    if sets.is_empty() {
        let scope = Scope::of_template(template);
        for resource in resources(template) {
            visit(&scope, resource, None, file, out, 0);
        }
    }
    for set in sets {
        let mark = out.mark();
        let scope = Scope::with_parameters(template, set.values.clone());
        for resource in resources(template) {
            visit(&scope, resource, None, file, out, 0);
        }
        if sets.len() > 1 {
            out.name_since(mark, &set.display);
        }
    }
    link_pools(out);
}

/// `resources` is an array, or (language version 2.0) an object keyed by
/// symbolic name.
fn resources(node: &Node) -> Vec<&Node> {
    match node.get("resources").map(|r| &r.value) {
        Some(Value::Seq(items)) => items.iter().collect(),
        Some(Value::Map(entries)) => entries.iter().map(|(_, v)| v).collect(),
        _ => Vec::new(),
    }
}

/// The resource a nested child sits in.
struct Enclosing {
    /// The nearest enclosing cluster, by index in the file's output.
    cluster: Option<usize>,
    /// The enclosing resource, by index in the file's resources, when it
    /// was read as one.
    resource: Option<ResourceId>,
    arm_type: String,
    name: String,
}

/// The type of a nested deployment: what a Bicep module compiles to.
const DEPLOYMENT: &str = "microsoft.resources/deployments";

/// Deployments nest at most this deep (a module calling a module…).
const MAX_NESTED_DEPLOYMENTS: usize = 16;

fn visit(
    scope: &Scope,
    raw: &Node,
    enclosing: Option<&Enclosing>,
    file: FileId,
    out: &mut FileOutput,
    depth: usize,
) {
    let resource = scope.resolve(raw);
    let no_instance = matches!(
        resource.get("condition").map(|c| &c.value),
        Some(Value::Bool(false))
    ) || matches!(
        resource
            .get("copy")
            .and_then(|c| c.get("count"))
            .map(|c| &c.value),
        Some(Value::Int(0))
    );
    if no_instance {
        return;
    }
    // A nested child states only its own type segment (`firewallRules`) and
    // name; both extend its parent's.
    let written = resource.str_at("type").unwrap_or_default();
    let arm_type = match enclosing {
        Some(e) if !written.contains('.') => format!("{}/{written}", e.arm_type),
        _ => written.to_string(),
    };
    let own_name = match resource.get("name").map(|n| &n.value) {
        Some(Value::Str(s)) => s.as_str(),
        Some(Value::Unresolved(_)) => azure::NAME_SET_AT_DEPLOYMENT,
        _ => "",
    };
    let name = match enclosing {
        Some(e) if !own_name.contains('/') => format!("{}/{own_name}", e.name),
        _ => own_name.to_string(),
    };
    if arm_type.eq_ignore_ascii_case(DEPLOYMENT) {
        nested_deployment(scope, raw, &resource, file, out, depth);
        return;
    }
    let here = read(&resource, arm_type, name, enclosing, file, out);
    for child in resources(raw) {
        visit(scope, child, Some(&here), file, out, depth);
    }
}

/// Reads a resource whose values are evaluated already (a Bicep resource):
/// its type and name are its full ones.
pub fn read_evaluated(resource: &Node, file: FileId, out: &mut FileOutput) {
    let arm_type = resource.str_at("type").unwrap_or_default().to_string();
    let name = resource.str_at("name").unwrap_or_default().to_string();
    read(resource, arm_type, name, None, file, out);
}

/// Pools may precede their cluster; a pool whose cluster name is only
/// known at deployment belongs to the file's cluster when there is exactly
/// one.
pub fn link_pools(out: &mut FileOutput) {
    for (_, parent) in &mut out.pools {
        match parent {
            Parent::Name(name) => {
                if let Some(i) = out.clusters.iter().position(|c| c.name == *name) {
                    *parent = Parent::Local(i);
                }
            }
            Parent::Unlinked if out.clusters.len() == 1 => *parent = Parent::Local(0),
            _ => {}
        }
    }
}

/// Adds one resolved resource to the output by its type; returns what its
/// nested children sit in.
fn read(
    resource: &Node,
    arm_type: String,
    name: String,
    enclosing: Option<&Enclosing>,
    file: FileId,
    out: &mut FileOutput,
) -> Enclosing {
    let api_version = resource.str_at("apiVersion").map(String::from);
    let parent_cluster = enclosing.and_then(|e| e.cluster);
    let mut this_cluster = None;
    let mut this_resource = None;
    let existing = matches!(
        resource.get("existing").map(|e| &e.value),
        Some(Value::Bool(true))
    );
    if existing {
        // A reference to a resource deployed elsewhere: never judged as if
        // this template created it (its children may still be deployed).
    } else if arm_type.eq_ignore_ascii_case(CLUSTER) {
        let (cluster, pools) = aks::cluster(resource, file, Shape::ArmTemplate, api_version);
        let index = out.clusters.len();
        out.clusters.push(cluster);
        out.pools
            .extend(pools.into_iter().map(|p| (p, Parent::Local(index))));
        this_cluster = Some(index);
    } else if arm_type.eq_ignore_ascii_case(AGENT_POOL) {
        let parent_name = parent_cluster.map(|i| out.clusters[i].name.clone());
        let pool = aks::standalone_pool(resource, file, parent_name.as_deref());
        let link = match parent_cluster {
            Some(index) => Parent::Local(index),
            None if pool.cluster_name.is_empty() => Parent::Unlinked,
            None => Parent::Name(pool.cluster_name.clone()),
        };
        out.pools.push((pool, link));
    } else if let Some(known) = azure::known_type(&arm_type) {
        let placement = azure::Placement {
            shape: Shape::ArmTemplate,
            api_version,
            parent_name: enclosing.map(|e| e.name.clone()),
            enclosing: enclosing.and_then(|e| e.resource),
        };
        let before = out.resources.len();
        azure::read(resource, known, file, placement, &mut out.resources);
        // A virtual network is read as its subnets, not as one resource.
        if out.resources.len() == before + 1 && out.resources[before].arm_type == known {
            this_resource = Some(before);
        }
    }
    Enclosing {
        cluster: this_cluster.or(parent_cluster),
        resource: this_resource,
        arm_type,
        name,
    }
}

/// A template a nested deployment links by `relativePath` (the form `az
/// deployment` packs with the template), with the parameters it passes.
pub struct Linked {
    /// The `templateLink`.
    pub at: crate::model::Loc,
    pub relative_path: String,
    pub values: std::collections::HashMap<String, super::arm_expr::Passed>,
}

/// The values a nested deployment's `parameters` pass, evaluated in the
/// enclosing template's scope.
fn passed_parameters(
    scope: &Scope,
    properties: &Node,
) -> std::collections::HashMap<String, super::arm_expr::Passed> {
    properties
        .get("parameters")
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .map(|(name, given)| {
            let value = match given.get("value") {
                Some(value) => {
                    let value = scope.resolve(value);
                    match &value.value {
                        Value::Unresolved(reason) => Err(reason.clone()),
                        _ => Ok(value),
                    }
                }
                None => Err(format!(
                    "parameter '{name}' of a nested deployment comes from a Key Vault reference: chanto does not read it"
                )),
            };
            (name.clone(), value)
        })
        .collect()
}

/// A `Microsoft.Resources/deployments` resource with an inline `template`:
/// its resources are read as deployed, their expressions evaluated in the
/// template's own scope with the `parameters` the deployment passes
/// (`expressionEvaluationOptions.scope: inner`, what Bicep modules compile
/// to) or in the enclosing template's scope (`outer`, the default).
fn nested_deployment(
    scope: &Scope,
    raw: &Node,
    resolved: &Node,
    file: FileId,
    out: &mut FileOutput,
    depth: usize,
) {
    let Some(properties) = raw.get("properties") else {
        return;
    };
    let Some(template) = properties.get("template").filter(|t| t.is_map()) else {
        if let Some(link) = properties.get("templateLink") {
            match link.str_at("relativePath") {
                // Read once every input is known (see `Linked`).
                Some(relative) if !relative.contains("://") => out.linked.push(Linked {
                    at: link.loc(file),
                    relative_path: relative.to_string(),
                    values: passed_parameters(scope, properties),
                }),
                _ => {
                    let target = link.str_at("uri").unwrap_or("a template spec");
                    out.not_followed.push((
                        link.loc(file),
                        format!("templateLink ({target})"),
                        LINKED_TEMPLATE,
                    ));
                }
            }
        }
        return;
    };
    if depth >= MAX_NESTED_DEPLOYMENTS {
        out.unreadable.push((
            template.loc(file),
            "deployments nested more than 16 deep: the inner ones are not read",
        ));
        return;
    }
    let inner = resolved
        .get("properties")
        .and_then(|p| p.get("expressionEvaluationOptions"))
        .and_then(|o| o.str_at("scope"))
        .is_some_and(|s| s.eq_ignore_ascii_case("inner"));
    if !inner {
        for resource in resources(template) {
            visit(scope, resource, None, file, out, depth + 1);
        }
        return;
    }
    let inner_scope = Scope::with_parameters(template, passed_parameters(scope, properties));
    for resource in resources(template) {
        visit(&inner_scope, resource, None, file, out, depth + 1);
    }
}
