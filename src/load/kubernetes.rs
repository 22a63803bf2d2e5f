//! Kubernetes objects from manifests (YAML or JSON, `kind: List` unrolled).

use super::tree::Node;
use crate::model::{FileId, KubeObject};

/// True for a mapping that has the two fields every Kubernetes object has.
pub fn is_object(node: &Node) -> bool {
    node.str_at("apiVersion").is_some() && node.str_at("kind").is_some()
}

/// The objects in one document: the object itself, or a `List`'s items.
pub fn objects(node: &Node, file: FileId, out: &mut Vec<KubeObject>) {
    let kind = node.str_at("kind").unwrap_or_default();
    if kind.ends_with("List")
        && let Some(items) = node.get("items").and_then(Node::as_seq)
    {
        for item in items.iter().filter(|i| is_object(i)) {
            objects(item, file, out);
        }
        return;
    }
    let metadata = node.get("metadata");
    let name = metadata
        .and_then(|m| m.str_at("name").or_else(|| m.str_at("generateName")))
        .unwrap_or("(unnamed)");
    out.push(KubeObject {
        api_version: node.str_at("apiVersion").unwrap_or_default().to_string(),
        kind: kind.to_string(),
        name: name.to_string(),
        namespace: metadata
            .and_then(|m| m.str_at("namespace"))
            .map(String::from),
        loc: node.loc(file),
    });
}
