//! `terraform show -json` output: a plan's planned values, or a state's
//! values, of every resource in the root module and its children, with the
//! configuration's references standing in for IDs only known after apply.

use super::super::FileOutput;
use super::super::tree::{Node, Value};
use super::azurerm;
use crate::model::{FileId, Shape};

/// Attributes that name another resource by ID; when the plan does not
/// know the ID yet, the configuration's reference links the two.
const LINKS: [&str; 8] = [
    "kubernetes_cluster_id",
    "server_id",
    "firewall_policy_id",
    "subnet_id",
    "route_table_id",
    "network_security_group_id",
    "base_policy_id",
    "scope",
];

pub fn is_plan(root: &Node) -> bool {
    root.get("format_version").is_some() && root_module(root).is_some()
}

/// A plan's `planned_values`, or a state's `values`.
fn root_module(root: &Node) -> Option<&Node> {
    ["planned_values", "values"]
        .iter()
        .find_map(|k| root.get(k))
        .and_then(|v| v.get("root_module"))
        .filter(|m| m.is_map())
}

pub fn load(root: &Node, file: FileId, out: &mut FileOutput) {
    let Some(planned) = root_module(root) else {
        return;
    };
    let config = root.get("configuration").and_then(|c| c.get("root_module"));
    let mut associations = Vec::new();
    module(planned, config, "", file, out, &mut associations);
    azurerm::associate(&mut out.resources, associations);
}

fn module(
    planned: &Node,
    config: Option<&Node>,
    prefix: &str,
    file: FileId,
    out: &mut FileOutput,
    associations: &mut Vec<azurerm::Association>,
) {
    for resource in planned
        .get("resources")
        .and_then(Node::as_seq)
        .unwrap_or_default()
    {
        if resource.str_at("mode") != Some("managed") {
            continue;
        }
        let (Some(kind), Some(address), Some(values)) = (
            resource.str_at("type"),
            resource.str_at("address"),
            resource.get("values"),
        ) else {
            continue;
        };
        let local = address.strip_prefix(prefix).unwrap_or(address);
        // `count`/`for_each` instances share their block's configuration.
        let block = local.split('[').next().unwrap_or(local);
        let expressions = config
            .and_then(|c| c.get("resources"))
            .and_then(Node::as_seq)
            .and_then(|rs| rs.iter().find(|r| r.str_at("address") == Some(block)))
            .and_then(|r| r.get("expressions"));
        let values = linked(values, expressions, prefix);
        if !super::kubernetes::adapt(kind, &values, file, &mut out.objects) {
            azurerm::adapt(
                kind,
                address,
                &values,
                file,
                Shape::TerraformPlan,
                out,
                associations,
            );
        }
    }
    for child in planned
        .get("child_modules")
        .and_then(Node::as_seq)
        .unwrap_or_default()
    {
        let Some(child_address) = child.str_at("address") else {
            continue;
        };
        let call = child_address
            .rsplit_once("module.")
            .map_or(child_address, |(_, name)| name);
        let call = call.split('[').next().unwrap_or(call);
        let child_config = config
            .and_then(|c| c.get("module_calls"))
            .and_then(|calls| calls.get(call))
            .and_then(|c| c.get("module"));
        module(
            child,
            child_config,
            &format!("{child_address}."),
            file,
            out,
            associations,
        );
    }
}

/// The planned values, with each link attribute the plan leaves unknown
/// set to the address of the resource the configuration refers to.
fn linked(values: &Node, expressions: Option<&Node>, prefix: &str) -> Node {
    let mut values = values.clone();
    let (Value::Map(entries), Some(expressions)) = (&mut values.value, expressions) else {
        return values;
    };
    for key in LINKS {
        let known = entries
            .iter()
            .any(|(k, v)| k == key && matches!(v.value, Value::Str(_)));
        let reference = expressions
            .get(key)
            .and_then(|e| e.get("references"))
            .and_then(Node::as_seq)
            .and_then(|refs| {
                refs.iter()
                    .filter_map(Node::as_str)
                    .find_map(|r| r.strip_suffix(".id"))
            });
        if let (false, Some(target)) = (known, reference) {
            let node = Node::new(
                values.line,
                values.col,
                Value::Str(format!("{prefix}{target}")),
            );
            entries.retain(|(k, _)| k != key);
            entries.push((key.to_string(), node));
        }
    }
    values
}
