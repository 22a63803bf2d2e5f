//! `configMapGenerator` and `secretGenerator`: ConfigMaps and Secrets made
//! from literals, files and env files, named with their content's hash the
//! way kustomize names them (so references and findings name the object a
//! cluster would have).
//!
//! A generated Secret's values are read only to compute that hash, as
//! kustomize does; like every Secret's, they never reach the model.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::transform::Reader;
use super::{Kustomization, Resource, field, field_mut};
use crate::load::LoadError;
use crate::load::tree::{Node, Value};

/// The files a generator entry reads (`files`, `envs`, `env`), as written.
pub(super) fn source_files(entry: &Node) -> Vec<String> {
    let mut files: Vec<String> = ["files", "envs"]
        .iter()
        .flat_map(|key| {
            field(entry, key)
                .and_then(Node::as_seq)
                .unwrap_or_default()
                .iter()
                .filter_map(Node::as_str)
                .map(|s| s.split_once('=').map_or(s, |(_, path)| path).to_string())
        })
        .collect();
    files.extend(field(entry, "env").and_then(Node::as_str).map(String::from));
    files
}

pub(super) fn run(
    k: &Kustomization,
    resources: &mut Vec<Resource>,
    read: &mut Reader,
) -> Result<(), LoadError> {
    let options = field(&k.doc, "generatorOptions");
    for (key, kind) in [
        ("configMapGenerator", "ConfigMap"),
        ("secretGenerator", "Secret"),
    ] {
        for entry in field(&k.doc, key)
            .and_then(Node::as_seq)
            .unwrap_or_default()
        {
            let generated = generate(k, entry, kind, options, read)?;
            place(k, entry, resources, generated)?;
        }
    }
    Ok(())
}

/// Adds a generated object, or merges it into or replaces the one it names
/// (`behavior: merge | replace`).
fn place(
    k: &Kustomization,
    entry: &Node,
    resources: &mut Vec<Resource>,
    generated: Resource,
) -> Result<(), LoadError> {
    let behavior = field(entry, "behavior")
        .and_then(Node::as_str)
        .unwrap_or("create");
    let id = generated.id();
    let existing = resources.iter().position(|r| {
        let current = r.id();
        current.kind == id.kind
            && (current.name == id.name || r.original.name == id.name)
            && (id.namespace.is_none() || current.namespace == id.namespace)
    });
    match (behavior, existing) {
        ("create", None) => resources.push(generated),
        ("create", Some(_)) => {
            return Err(k.error(
                Some(entry),
                format!(
                    "{} {} already exists: use behavior: merge or replace",
                    id.kind, id.name
                ),
            ));
        }
        ("merge", Some(i)) => {
            let target = &mut resources[i];
            for key in ["data", "metadata"] {
                if let Some(new) = field(&generated.node, key) {
                    merge_shallow(&mut target.node, key, new);
                }
            }
            target.hashed |= generated.hashed;
        }
        ("replace", Some(i)) => {
            let original = resources[i].original.clone();
            resources[i] = Resource {
                original,
                ..generated
            };
        }
        (behavior, None) => {
            return Err(k.error(
                Some(entry),
                format!(
                    "behavior {behavior} for {} {}, which no base has",
                    id.kind, id.name
                ),
            ));
        }
        (other, Some(_)) => {
            return Err(k.error(
                Some(entry),
                format!("{other:?} is not a generator behavior (create, merge, replace)"),
            ));
        }
    }
    Ok(())
}

/// Adds the entries of `new` to the mapping at `key` (one level deep, for
/// labels and annotations inside metadata).
fn merge_shallow(node: &mut Node, key: &str, new: &Node) {
    let Some(existing) = field_mut(node, key) else {
        super::set(node, key, new.clone());
        return;
    };
    for (k, v) in new.entries() {
        if v.is_map() {
            merge_shallow(existing, k, v);
        } else {
            super::set(existing, k, v.clone());
        }
    }
}

fn generate(
    k: &Kustomization,
    entry: &Node,
    kind: &str,
    options: Option<&Node>,
    read: &mut Reader,
) -> Result<Resource, LoadError> {
    let at = |n: &Node| (n.line, n.col);
    let name = field(entry, "name")
        .and_then(Node::as_str)
        .ok_or_else(|| k.error(Some(entry), "a generator without a name"))?;
    let mut data: BTreeMap<String, (String, (u32, u32))> = BTreeMap::new();
    let strings = |key: &str| {
        field(entry, key)
            .and_then(Node::as_seq)
            .unwrap_or_default()
            .iter()
            .filter_map(|n| n.as_str().map(|s| (s, n)))
            .collect::<Vec<_>>()
    };
    for (literal, node) in strings("literals") {
        let (key, value) = literal
            .split_once('=')
            .ok_or_else(|| k.error(Some(node), "a literal is key=value"))?;
        data.insert(key.to_string(), (unquote(value).to_string(), at(node)));
    }
    for (source, node) in strings("files") {
        let (key, path) = match source.split_once('=') {
            Some((key, path)) => (key.to_string(), path),
            None => (
                source.rsplit('/').next().unwrap_or(source).to_string(),
                source,
            ),
        };
        let (_, text) = read(path).map_err(|m| k.error(Some(node), m))?;
        data.insert(key, (text, at(node)));
    }
    let env_files = strings("envs")
        .into_iter()
        .chain(field(entry, "env").and_then(|n| n.as_str().map(|s| (s, n))));
    for (path, node) in env_files {
        let (_, text) = read(path).map_err(|m| k.error(Some(node), m))?;
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line.split_once('=') {
                // Unlike a literal's, an env file's quotes are the value's.
                Some((key, value)) => {
                    data.insert(key.to_string(), (value.to_string(), at(node)));
                }
                None => {
                    return Err(k.error(Some(node), format!("{path}: a line is not KEY=value")));
                }
            }
        }
    }

    let origin = k.file;
    let node =
        |(line, col): (u32, u32), value: Value| Node::new(line, col, value).written_in(origin);
    let here = at(entry);
    let text = |s: &str| Value::Str(s.to_string());
    let mut metadata = vec![("name".to_string(), node(here, text(name)))];
    if let Some(namespace) = field(entry, "namespace").and_then(Node::as_str) {
        metadata.push(("namespace".to_string(), node(here, text(namespace))));
    }
    let option = |key: &'static str| {
        [options, field(entry, "options")]
            .into_iter()
            .flatten()
            .filter_map(move |o| field(o, key))
    };
    for key in ["labels", "annotations"] {
        let pairs: Vec<(String, Node)> = option(key)
            .flat_map(|m| m.entries().iter().cloned())
            .collect();
        if !pairs.is_empty() {
            metadata.push((key.to_string(), node(here, Value::Map(pairs))));
        }
    }
    let flag = |key: &'static str| {
        option(key)
            .next_back()
            .is_some_and(|n| matches!(n.value, Value::Bool(true)))
    };
    let values: Vec<(String, Node)> = data
        .into_iter()
        .map(|(key, (value, place))| {
            let value = if kind == "Secret" {
                base64(value.as_bytes())
            } else {
                value
            };
            (key, node(place, Value::Str(value)))
        })
        .collect();
    let mut object = vec![
        ("apiVersion".to_string(), node(here, text("v1"))),
        ("kind".to_string(), node(here, text(kind))),
        ("metadata".to_string(), node(here, Value::Map(metadata))),
    ];
    if kind == "Secret" {
        let secret_type = field(entry, "type")
            .and_then(Node::as_str)
            .unwrap_or("Opaque");
        object.push(("type".to_string(), node(here, text(secret_type))));
    }
    if !values.is_empty() {
        object.push(("data".to_string(), node(here, Value::Map(values))));
    }
    if flag("immutable") {
        object.push(("immutable".to_string(), node(here, Value::Bool(true))));
    }
    let mut resource = Resource::new(node(here, Value::Map(object)));
    resource.hashed = !flag("disableNameSuffixHash");
    Ok(resource)
}

/// A literal's value without the quotes kustomize strips.
fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            return &value[1..value.len() - 1];
        }
    }
    value
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Appends each generated object's content hash to its name, as kustomize
/// does once the root is built (after prefixes and suffixes).
pub(super) fn add_hashes(resources: &mut [Resource]) {
    for r in resources.iter_mut().filter(|r| r.hashed) {
        let hash = content_hash(&r.node);
        if let Some(name) = field_mut(&mut r.node, "metadata").and_then(|m| field_mut(m, "name"))
            && let Value::Str(current) = &mut name.value
        {
            current.push('-');
            current.push_str(&hash);
        }
    }
}

/// Kustomize's name hash: the SHA-256 of the object's kind, data (and a
/// Secret's type) encoded as Go's `encoding/json` encodes a map, its first
/// ten hex digits with some letters swapped so the result never reads as a
/// word or a number. Kustomize 5 encodes the name as empty (checked against
/// `kubectl kustomize`), so the hash depends on the content alone.
fn content_hash(node: &Node) -> String {
    let text = |key: &str| field(node, key).and_then(Node::as_str).unwrap_or_default();
    let map = |key: &str| -> BTreeMap<&str, String> {
        field(node, key)
            .map(|m| {
                m.entries()
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut json = String::from("{");
    let data = map("data");
    let binary = map("binaryData");
    if !binary.is_empty() {
        let _ = write!(json, "\"binaryData\":{},", go_json_map(&binary));
    }
    let _ = write!(json, "\"data\":{},", go_json_map(&data));
    let _ = write!(json, "\"kind\":{},", go_json_string(text("kind")));
    json.push_str("\"name\":\"\"");
    if text("kind") == "Secret" {
        let _ = write!(json, ",\"type\":{}", go_json_string(text("type")));
    }
    json.push('}');
    let digest = Sha256::digest(json.as_bytes());
    digest
        .iter()
        .take(5)
        .flat_map(|b| [b >> 4, b & 15])
        .map(
            |nibble| match char::from_digit(u32::from(nibble), 16).unwrap_or('0') {
                '0' => 'g',
                '1' => 'h',
                '3' => 'k',
                'a' => 'm',
                'e' => 't',
                other => other,
            },
        )
        .collect()
}

fn go_json_map(map: &BTreeMap<&str, String>) -> String {
    let entries: Vec<String> = map
        .iter()
        .map(|(k, v)| format!("{}:{}", go_json_string(k), go_json_string(v)))
        .collect();
    format!("{{{}}}", entries.join(","))
}

/// A string as Go's `encoding/json` writes it: HTML-significant characters
/// and the two JavaScript line separators escaped too.
fn go_json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_escapes_html_characters_and_control_characters() {
        assert_eq!(
            go_json_string("a<b>&\u{1}\n"),
            r#""a\u003cb\u003e\u0026\u0001\n""#
        );
    }
}
