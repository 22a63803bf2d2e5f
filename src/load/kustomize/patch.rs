//! The two patch languages kustomize applies: strategic merge (a partial
//! object merged in, lists of named things merged by their key) and JSON
//! patch (RFC 6902 operations on JSON pointers). What a patch writes keeps
//! the patch's file and line.

use crate::load::tree::{Node, Value};
use crate::model::FileId;

/// Nesting past this is no Kubernetes object; refusing it bounds recursion.
const MAX_DEPTH: usize = 128;

/// Merges `patch` into `base` the way `kubectl apply`'s strategic merge
/// does for the built-in kinds: mappings merge key by key (`null` deletes),
/// lists of containers, env vars, volumes, ports and mounts merge element by
/// element on their key, other lists are replaced; `$patch: replace` and
/// `$patch: delete` are obeyed. `origin` is the patch's file.
pub(super) fn strategic_merge(base: &mut Node, patch: &Node, origin: FileId) -> Result<(), String> {
    merge_map(base, patch, origin, 0)
}

/// Whether a strategic merge patch deletes the object it targets.
pub(super) fn deletes_object(patch: &Node) -> bool {
    directive(patch) == Some("delete")
}

fn directive(node: &Node) -> Option<&str> {
    node.entries()
        .iter()
        .find(|(k, _)| k == "$patch")
        .and_then(|(_, v)| v.as_str())
}

/// A patch value as written in `origin`, directives dropped. Every node
/// carries its file, so a list item read apart from its list (as the
/// adapters read containers and volumes) still points at the patch.
fn graft(node: &Node, origin: FileId) -> Node {
    let origin = node.origin.unwrap_or(origin);
    let value = match &node.value {
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .filter(|(k, _)| !k.starts_with('$'))
                .map(|(k, v)| (k.clone(), graft(v, origin)))
                .collect(),
        ),
        Value::Seq(items) => Value::Seq(items.iter().map(|i| graft(i, origin)).collect()),
        other => other.clone(),
    };
    Node::new(node.line, node.col, value).written_in(origin)
}

fn merge_map(base: &mut Node, patch: &Node, origin: FileId, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("patch nested too deeply".into());
    }
    // A patch node's own origin wins over the file's (an inline patch keeps
    // its kustomization).
    let origin = patch.origin.unwrap_or(origin);
    if directive(patch) == Some("replace") || !base.is_map() || !patch.is_map() {
        *base = graft(patch, origin);
        return Ok(());
    }
    for (key, value) in patch.entries() {
        if key.starts_with('$') {
            continue;
        }
        let Value::Map(entries) = &mut base.value else {
            unreachable!("a mapping, checked above")
        };
        let existing = entries.iter().position(|(k, _)| k == key);
        match (existing, &value.value) {
            (Some(i), Value::Null) => {
                entries.remove(i);
            }
            (None, Value::Null) => {}
            (Some(i), Value::Map(_)) if directive(value) == Some("delete") => {
                entries.remove(i);
            }
            (Some(i), Value::Map(_)) => merge_map(&mut entries[i].1, value, origin, depth + 1)?,
            (Some(i), Value::Seq(items)) => {
                let target = &mut entries[i].1;
                match (merge_key(key, items), &mut target.value) {
                    (Some(merge_key), Value::Seq(existing)) => {
                        merge_list(existing, items, merge_key, origin, depth + 1)?;
                    }
                    _ => *target = graft(value, origin),
                }
            }
            (Some(i), _) => entries[i].1 = graft(value, origin),
            (None, _) => entries.push((key.clone(), graft(value, origin))),
        }
    }
    Ok(())
}

/// The key lists of the built-in kinds merge on (their `patchMergeKey`).
fn merge_key(field: &str, items: &[Node]) -> Option<&'static str> {
    match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "env"
        | "volumes"
        | "imagePullSecrets" => Some("name"),
        "volumeMounts" => Some("mountPath"),
        "volumeDevices" => Some("devicePath"),
        "hostAliases" => Some("ip"),
        "topologySpreadConstraints" => Some("topologyKey"),
        // A container's ports merge on the container port, a Service's on
        // the port.
        "ports" if items.iter().any(|i| i.get("containerPort").is_some()) => Some("containerPort"),
        "ports" => Some("port"),
        _ => None,
    }
}

fn merge_list(
    base: &mut Vec<Node>,
    patch: &[Node],
    key: &str,
    origin: FileId,
    depth: usize,
) -> Result<(), String> {
    let key_of = |node: &Node| {
        node.entries()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.value.clone())
    };
    for item in patch {
        let Some(wanted) = key_of(item) else {
            // An element without the key cannot be matched: it is added.
            base.push(graft(item, origin));
            continue;
        };
        let existing = base
            .iter()
            .position(|b| key_of(b).as_ref() == Some(&wanted));
        match (existing, directive(item)) {
            (Some(i), Some("delete")) => {
                base.remove(i);
            }
            (None, Some("delete")) => {}
            (Some(i), _) => merge_map(&mut base[i], item, origin, depth)?,
            (None, _) => base.push(graft(item, origin)),
        }
    }
    Ok(())
}

/// Applies JSON patch operations (`add`, `remove`, `replace`, `move`,
/// `copy`, `test`) to `base`; what fails is an error naming the operation,
/// as kustomize refuses such a patch.
pub(super) fn json6902(base: &mut Node, operations: &Node, origin: FileId) -> Result<(), String> {
    let Some(ops) = operations.as_seq() else {
        return Err("a JSON patch is a list of operations".into());
    };
    for (n, op) in ops.iter().enumerate() {
        let text = |key: &str| op.get(key).and_then(Node::as_str);
        let name = text("op").unwrap_or_default();
        let path = text("path").ok_or_else(|| format!("operation {} has no path", n + 1))?;
        let target = pointer(path)?;
        let fail = |why: String| format!("{name} {path}: {why}");
        let value = || {
            op.entries()
                .iter()
                .find(|(k, _)| k == "value")
                .map(|(_, v)| graft(v, op.origin.unwrap_or(origin)))
                .ok_or_else(|| fail("no value".into()))
        };
        match name {
            "add" => insert(base, &target, value()?).map_err(fail)?,
            "replace" => {
                *locate(base, &target).ok_or_else(|| fail("no such field".into()))? = value()?;
            }
            "remove" => {
                remove(base, &target).map_err(fail)?;
            }
            "move" | "copy" => {
                let from = pointer(text("from").ok_or_else(|| fail("no from".into()))?)?;
                let moved = if name == "move" {
                    remove(base, &from).map_err(fail)?
                } else {
                    locate(base, &from)
                        .map(|n| n.clone())
                        .ok_or_else(|| fail("no such field to copy".into()))?
                };
                insert(base, &target, moved).map_err(fail)?;
            }
            "test" => {
                let found = locate(base, &target).ok_or_else(|| fail("no such field".into()))?;
                if !same(found, &value()?) {
                    return Err(fail("test failed".into()));
                }
            }
            other => return Err(format!("{other:?} is not a JSON patch operation")),
        }
    }
    Ok(())
}

/// A JSON pointer's reference tokens, unescaped.
fn pointer(path: &str) -> Result<Vec<String>, String> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(format!("{path:?} is not a JSON pointer"));
    };
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn locate<'n>(node: &'n mut Node, tokens: &[String]) -> Option<&'n mut Node> {
    let mut current = node;
    for token in tokens {
        current = match &mut current.value {
            Value::Map(entries) => entries
                .iter_mut()
                .find(|(k, _)| k == token)
                .map(|(_, v)| v)?,
            Value::Seq(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

fn insert(base: &mut Node, tokens: &[String], value: Node) -> Result<(), String> {
    let Some((last, parent)) = tokens.split_last() else {
        *base = value;
        return Ok(());
    };
    let parent = locate(base, parent).ok_or("no such parent")?;
    match &mut parent.value {
        Value::Map(entries) => match entries.iter_mut().find(|(k, _)| k == last) {
            Some((_, existing)) => *existing = value,
            None => entries.push((last.clone(), value)),
        },
        Value::Seq(items) if last == "-" => items.push(value),
        Value::Seq(items) => {
            let index: usize = last.parse().map_err(|_| "not a list index")?;
            if index > items.len() {
                return Err("index past the end of the list".into());
            }
            items.insert(index, value);
        }
        _ => return Err("the parent is not a mapping or a list".into()),
    }
    Ok(())
}

fn remove(base: &mut Node, tokens: &[String]) -> Result<Node, String> {
    let (last, parent) = tokens
        .split_last()
        .ok_or("cannot remove the whole object")?;
    let parent = locate(base, parent).ok_or("no such field")?;
    match &mut parent.value {
        Value::Map(entries) => {
            let i = entries
                .iter()
                .position(|(k, _)| k == last)
                .ok_or("no such field")?;
            Ok(entries.remove(i).1)
        }
        Value::Seq(items) => {
            let index: usize = last.parse().map_err(|_| "not a list index")?;
            if index >= items.len() {
                return Err("no such element".into());
            }
            Ok(items.remove(index))
        }
        _ => Err("no such field".into()),
    }
}

/// Equal values, wherever they were written.
fn same(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.iter().any(|(k2, v2)| k == k2 && same(v, v2)))
        }
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        (x, y) => x == y,
    }
}
