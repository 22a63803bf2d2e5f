//! ARM deployment templates: resources (nested ones included) with their
//! expressions resolved as far as the template itself decides them.

use super::arm_expr::Scope;
use super::tree::{Node, Value};
use super::{FileOutput, Parent, aks};
use crate::model::{ClusterShape, FileId};

pub fn is_template(root: &Node) -> bool {
    let schema = root.str_at("$schema").unwrap_or_default();
    schema.contains("deploymentTemplate")
        || (root.get("resources").is_some() && root.get("contentVersion").is_some())
}

pub fn load(template: &Node, file: FileId, out: &mut FileOutput) {
    let scope = Scope::of_template(template);
    for resource in resources(template) {
        visit(&scope, resource, None, file, out);
    }
    // Pools may precede their cluster; a pool whose cluster name is only
    // known at deployment belongs to the template's cluster when there is
    // exactly one.
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

/// `resources` is an array, or (language version 2.0) an object keyed by
/// symbolic name.
fn resources(node: &Node) -> Vec<&Node> {
    match node.get("resources").map(|r| &r.value) {
        Some(Value::Seq(items)) => items.iter().collect(),
        Some(Value::Map(entries)) => entries.iter().map(|(_, v)| v).collect(),
        _ => Vec::new(),
    }
}

fn visit(scope: &Scope, raw: &Node, parent: Option<usize>, file: FileId, out: &mut FileOutput) {
    let resource = scope.resolve(raw);
    if matches!(
        resource.get("condition").map(|c| &c.value),
        Some(Value::Bool(false))
    ) {
        return;
    }
    let kind = resource
        .str_at("type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let api_version = resource.str_at("apiVersion").map(String::from);
    let mut this_cluster = None;
    if kind == "microsoft.containerservice/managedclusters" {
        let (cluster, pools) =
            aks::cluster(&resource, file, ClusterShape::ArmTemplate, api_version);
        let index = out.clusters.len();
        out.clusters.push(cluster);
        out.pools
            .extend(pools.into_iter().map(|p| (p, Parent::Local(index))));
        this_cluster = Some(index);
    } else if kind == "microsoft.containerservice/managedclusters/agentpools"
        || kind == "agentpools"
    {
        let parent_name = parent.map(|i| out.clusters[i].name.clone());
        let pool = aks::standalone_pool(&resource, file, parent_name.as_deref());
        let link = match parent {
            Some(index) => Parent::Local(index),
            None if pool.cluster_name.is_empty() => Parent::Unlinked,
            None => Parent::Name(pool.cluster_name.clone()),
        };
        out.pools.push((pool, link));
    }
    for child in resources(raw) {
        visit(scope, child, this_cluster.or(parent), file, out);
    }
}
