//! The Terraform Kubernetes provider's resources (`kubernetes_deployment_v1`,
//! `kubernetes_service`, `kubernetes_manifest`, …) as the Kubernetes objects
//! they create, so every rule judges them as it judges YAML.
//!
//! The provider spells an object as blocks in snake case: `container`
//! blocks, `security_context { run_as_non_root = true }`. The conversion
//! renames keys to the API's camel case, makes the blocks the API lists
//! (`container` → `containers`) lists, and keeps maps of user keys
//! (`labels`, `data`, `limits`, a Service's `selector`) as written. Every
//! value keeps its place, so findings point at the HCL line.

use crate::load::kubernetes::objects;
use crate::load::tree::{Node, Value};
use crate::model::{FileId, KubeObject};

/// Reads one `kubernetes_*` resource into `out`; false when it is not one
/// that creates a Kubernetes object chanto reads.
pub fn adapt(kind: &str, node: &Node, file: FileId, out: &mut Vec<KubeObject>) -> bool {
    if kind == "kubernetes_manifest" {
        if let Some(manifest) = node.get("manifest") {
            objects(manifest, file, out);
        }
        return true;
    }
    let Some((api_version, object_kind)) = object_kind(kind) else {
        return false;
    };
    let Value::Map(entries) = &node.value else {
        return true;
    };
    let mut converted: Vec<(String, Node)> = vec![
        (
            "apiVersion".into(),
            Node::new(node.line, node.col, Value::Str(api_version.into())),
        ),
        (
            "kind".into(),
            Node::new(node.line, node.col, Value::Str(object_kind.into())),
        ),
    ];
    converted.extend(
        entries
            .iter()
            .filter(|(key, _)| !META_ARGUMENTS.contains(&key.as_str()))
            .map(|(key, value)| convert_entry(key, value)),
    );
    let object = Node {
        value: Value::Map(converted),
        ..node.clone()
    };
    objects(&object, file, out);
    true
}

/// Terraform's own arguments, and the provider's, that are no part of the
/// object.
const META_ARGUMENTS: [&str; 8] = [
    "count",
    "for_each",
    "depends_on",
    "lifecycle",
    "provider",
    "timeouts",
    "wait_for_rollout",
    "wait_for_load_balancer",
];

/// The API version and kind a resource type creates (`_v1` and `_v2`
/// suffixes are the provider's versions of one kind).
fn object_kind(resource_type: &str) -> Option<(&'static str, &'static str)> {
    let name = resource_type.strip_prefix("kubernetes_")?;
    let name = name
        .strip_suffix("_v1")
        .or_else(|| name.strip_suffix("_v2"))
        .unwrap_or(name);
    Some(match name {
        "pod" => ("v1", "Pod"),
        "deployment" => ("apps/v1", "Deployment"),
        "stateful_set" => ("apps/v1", "StatefulSet"),
        "daemon_set" | "daemonset" => ("apps/v1", "DaemonSet"),
        "replication_controller" => ("v1", "ReplicationController"),
        "job" => ("batch/v1", "Job"),
        "cron_job" => ("batch/v1", "CronJob"),
        "service" => ("v1", "Service"),
        "ingress" => ("networking.k8s.io/v1", "Ingress"),
        "network_policy" => ("networking.k8s.io/v1", "NetworkPolicy"),
        "namespace" => ("v1", "Namespace"),
        "service_account" => ("v1", "ServiceAccount"),
        "config_map" => ("v1", "ConfigMap"),
        "secret" => ("v1", "Secret"),
        "role" => ("rbac.authorization.k8s.io/v1", "Role"),
        "role_binding" => ("rbac.authorization.k8s.io/v1", "RoleBinding"),
        "cluster_role" => ("rbac.authorization.k8s.io/v1", "ClusterRole"),
        "cluster_role_binding" => ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
        "limit_range" => ("v1", "LimitRange"),
        "resource_quota" => ("v1", "ResourceQuota"),
        "horizontal_pod_autoscaler" => ("autoscaling/v2", "HorizontalPodAutoscaler"),
        _ => return None,
    })
}

/// Blocks the provider names in the singular for what the API lists.
const PLURAL: [(&str, &str); 14] = [
    ("container", "containers"),
    ("init_container", "initContainers"),
    ("ephemeral_container", "ephemeralContainers"),
    ("port", "ports"),
    ("volume", "volumes"),
    ("volume_mount", "volumeMounts"),
    ("rule", "rules"),
    ("subject", "subjects"),
    ("toleration", "tolerations"),
    ("path", "paths"),
    ("limit", "limits"),
    ("sysctl", "sysctls"),
    ("host_aliases", "hostAliases"),
    ("image_pull_secrets", "imagePullSecrets"),
];

/// Blocks the API lists under the same name.
const LISTS: [&str; 10] = [
    "env",
    "env_from",
    "tls",
    "ingress",
    "egress",
    "from",
    "to",
    "ports",
    "cluster_role_selectors",
    "match_expressions",
];

/// Maps of user keys, kept as written.
const VERBATIM: [&str; 14] = [
    "labels",
    "annotations",
    "data",
    "binary_data",
    "string_data",
    "match_labels",
    "node_selector",
    "limits",
    "requests",
    "hard",
    "default",
    "default_request",
    "max",
    "min",
];

/// Acronyms the API spells in capitals.
const SPELLING: [(&str, &str); 6] = [
    ("host_pid", "hostPID"),
    ("host_ipc", "hostIPC"),
    ("external_ips", "externalIPs"),
    ("cluster_ip", "clusterIP"),
    ("cluster_ips", "clusterIPs"),
    ("load_balancer_ip", "loadBalancerIP"),
];

fn convert_entry(key: &str, value: &Node) -> (String, Node) {
    let is_block = match &value.value {
        Value::Map(_) => true,
        Value::Seq(items) => {
            items.iter().all(|i| matches!(i.value, Value::Map(_))) && !items.is_empty()
        }
        _ => false,
    };
    // A Service's `selector` is a map of labels; a workload's is a block.
    let user_keys = VERBATIM.contains(&key)
        || (key == "selector"
            && matches!(&value.value, Value::Map(entries)
                if entries.iter().all(|(_, v)| !matches!(v.value, Value::Map(_) | Value::Seq(_)))));
    if user_keys {
        return (camel(key), value.clone());
    }
    if let Some((_, plural)) = PLURAL.iter().find(|(single, _)| *single == key)
        && is_block
    {
        return ((*plural).to_string(), as_list(value));
    }
    if LISTS.contains(&key) && is_block {
        return (camel(key), as_list(value));
    }
    let converted = match &value.value {
        Value::Map(entries) => Node {
            value: Value::Map(entries.iter().map(|(k, v)| convert_entry(k, v)).collect()),
            ..value.clone()
        },
        // A block written once, as a plan's JSON lists every block.
        Value::Seq(items) if is_block && items.len() == 1 => {
            let only = &items[0];
            Node {
                value: convert_entry(key, only).1.value,
                ..value.clone()
            }
        }
        _ => value.clone(),
    };
    (camel(key), converted)
}

/// A block, or the blocks of a repeated one, as a list of converted objects.
fn as_list(value: &Node) -> Node {
    let items: Vec<&Node> = match &value.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![value],
    };
    let converted = items
        .into_iter()
        .map(|item| match &item.value {
            Value::Map(entries) => Node {
                value: Value::Map(entries.iter().map(|(k, v)| convert_entry(k, v)).collect()),
                ..item.clone()
            },
            _ => item.clone(),
        })
        .collect();
    Node {
        value: Value::Seq(converted),
        ..value.clone()
    }
}

/// `run_as_non_root` → `runAsNonRoot`, with the API's acronyms.
fn camel(key: &str) -> String {
    if let Some((_, spelled)) = SPELLING.iter().find(|(k, _)| *k == key) {
        return (*spelled).to_string();
    }
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::camel;

    #[test]
    fn keys_take_the_apis_spelling() {
        assert_eq!(camel("run_as_non_root"), "runAsNonRoot");
        assert_eq!(camel("host_pid"), "hostPID");
        assert_eq!(camel("se_linux_options"), "seLinuxOptions");
        assert_eq!(camel("name"), "name");
    }
}
