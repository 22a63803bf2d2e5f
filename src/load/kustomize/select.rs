//! Which objects a patch's `target` selects: `group`, `version`, `kind`,
//! `name` and `namespace` (each a regular expression matching the whole
//! value, as kustomize reads them), `labelSelector` and
//! `annotationSelector` (equality, inequality and existence terms).

use regex::Regex;

use super::{Resource, field};
use crate::load::tree::Node;

/// A compiled `target`.
pub(super) struct Selector {
    group: Option<Regex>,
    version: Option<Regex>,
    kind: Option<Regex>,
    name: Option<Regex>,
    namespace: Option<Regex>,
    labels: Vec<Term>,
    annotations: Vec<Term>,
}

enum Term {
    Equals(String, String),
    NotEquals(String, String),
    Exists(String),
    Missing(String),
}

impl Selector {
    /// The selector a `target` mapping describes, or why it is not one.
    pub(super) fn new(target: &Node) -> Result<Self, String> {
        let pattern = |key: &str| -> Result<Option<Regex>, String> {
            field(target, key)
                .and_then(Node::as_str)
                .map(|p| {
                    Regex::new(&format!("^(?:{p})$"))
                        .map_err(|e| format!("target {key} {p:?} is not a regular expression: {e}"))
                })
                .transpose()
        };
        let terms = |key: &str| {
            field(target, key)
                .and_then(Node::as_str)
                .map(parse_terms)
                .unwrap_or_default()
        };
        Ok(Selector {
            group: pattern("group")?,
            version: pattern("version")?,
            kind: pattern("kind")?,
            name: pattern("name")?,
            namespace: pattern("namespace")?,
            labels: terms("labelSelector"),
            annotations: terms("annotationSelector"),
        })
    }

    pub(super) fn matches(&self, resource: &Resource) -> bool {
        let node = &resource.node;
        let api_version = node.str_at("apiVersion").unwrap_or_default();
        let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
        let metadata = field(node, "metadata");
        let text = |key: &str| {
            metadata
                .and_then(|m| field(m, key))
                .and_then(Node::as_str)
                .unwrap_or_default()
        };
        let matches = |pattern: &Option<Regex>, value: &str| {
            pattern.as_ref().is_none_or(|p| p.is_match(value))
        };
        // A target names an object by its name and namespace now or as it
        // was loaded (before a prefix or the namespace transformer).
        let original = &resource.original;
        let either = |pattern: &Option<Regex>, now: &str, then: Option<&str>| {
            matches(pattern, now) || matches(pattern, then.unwrap_or_default())
        };
        matches(&self.group, group)
            && matches(&self.version, version)
            && matches(&self.kind, resource.kind())
            && either(&self.name, text("name"), Some(&original.name))
            && either(
                &self.namespace,
                text("namespace"),
                original.namespace.as_deref(),
            )
            && satisfied(&self.labels, metadata.and_then(|m| field(m, "labels")))
            && satisfied(
                &self.annotations,
                metadata.and_then(|m| field(m, "annotations")),
            )
    }
}

fn parse_terms(selector: &str) -> Vec<Term> {
    selector
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|term| {
            if let Some((k, v)) = term.split_once("!=") {
                Term::NotEquals(k.trim().into(), v.trim().into())
            } else if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
                Term::Equals(k.trim().into(), v.trim().into())
            } else if let Some(k) = term.strip_prefix('!') {
                Term::Missing(k.trim().into())
            } else {
                Term::Exists(term.into())
            }
        })
        .collect()
}

fn satisfied(terms: &[Term], map: Option<&Node>) -> bool {
    let value = |key: &str| map.and_then(|m| field(m, key)).and_then(Node::as_str);
    terms.iter().all(|term| match term {
        Term::Equals(k, v) => value(k) == Some(v.as_str()),
        Term::NotEquals(k, v) => value(k) != Some(v.as_str()),
        Term::Exists(k) => value(k).is_some(),
        Term::Missing(k) => value(k).is_none(),
    })
}
