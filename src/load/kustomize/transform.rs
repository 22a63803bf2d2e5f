//! A kustomization's transformers, in kustomize's order, and the name
//! references it fixes once the root is built.

use std::collections::HashMap;

use super::patch::{deletes_object, json6902, strategic_merge};
use super::select::Selector;
use super::{Kustomization, Resource, field, field_mut, map_at, set};
use crate::load::tree::{Node, Value};
use crate::load::{LoadError, shift_lines, yaml};
use crate::model::FileId;

/// Reads a file the kustomization names: its id and text.
pub(super) type Reader<'r> = dyn FnMut(&str) -> Result<(FileId, String), String> + 'r;

/// Kinds that live outside namespaces: the namespace transformer leaves them.
const CLUSTER_SCOPED: [&str; 22] = [
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PersistentVolume",
    "StorageClass",
    "Node",
    "PriorityClass",
    "IngressClass",
    "RuntimeClass",
    "CSIDriver",
    "CSINode",
    "VolumeAttachment",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "APIService",
    "CertificateSigningRequest",
    "PodSecurityPolicy",
    "FlowSchema",
    "PriorityLevelConfiguration",
];

pub(super) fn run(
    k: &Kustomization,
    resources: &mut Vec<Resource>,
    read: &mut Reader,
) -> Result<(), LoadError> {
    patches_strategic_merge(k, resources, read)?;
    patches(k, resources, read)?;
    namespace(k, resources);
    names(k, resources);
    labels(k, resources);
    annotations(k, resources);
    patches_json6902(k, resources, read)?;
    replicas(k, resources);
    images(k, resources);
    Ok(())
}

/// A patch's documents: from its file, or written inline in the
/// kustomization (placed at their lines in it).
fn patch_documents(
    k: &Kustomization,
    path: Option<&Node>,
    inline: Option<&Node>,
    read: &mut Reader,
) -> Result<Vec<Node>, LoadError> {
    let (text, origin, shift, at) = match (path.and_then(Node::as_str), inline) {
        (Some(entry), _) => {
            let at = path.unwrap_or(&k.doc);
            let (file, text) = read(entry).map_err(|m| k.error(Some(at), m))?;
            (text, file, 0, at)
        }
        (None, Some(node)) => match node.as_str() {
            // A block scalar's text starts on the line after its key.
            Some(text) => (text.to_string(), k.file, node.line, node),
            None => return Ok(vec![node.clone()]),
        },
        (None, None) => return Err(k.error(None, "a patch has neither path nor patch")),
    };
    let docs = yaml::parse(&text).map_err(|e| {
        k.error(
            Some(at),
            format!(
                "the patch does not parse: line {}: {}",
                e.line.saturating_add(shift),
                e.message
            ),
        )
    })?;
    Ok(docs
        .into_iter()
        .map(|mut doc| {
            if shift > 0 {
                shift_lines(&mut doc, shift);
            }
            doc.written_in(origin)
        })
        .collect())
}

/// Applies a strategic merge patch to the object it names (kind, name and
/// namespace), as `patchesStrategicMerge` and an untargeted `patches` entry
/// do; a patch that names no object is an error, as in kustomize.
fn merge_into_named(
    k: &Kustomization,
    at: &Node,
    resources: &mut Vec<Resource>,
    patch: &Node,
) -> Result<(), LoadError> {
    let wanted = super::id_of(patch);
    let found = resources.iter().position(|r| {
        let id = r.id();
        let original = &r.original;
        (id.kind == wanted.kind || original.kind == wanted.kind)
            && (id.name == wanted.name || original.name == wanted.name)
            && (wanted.namespace.is_none()
                || id.namespace == wanted.namespace
                || original.namespace == wanted.namespace)
    });
    let Some(i) = found else {
        return Err(k.error(
            Some(at),
            format!(
                "the patch for {} {} matches no object",
                wanted.kind, wanted.name
            ),
        ));
    };
    if deletes_object(patch) {
        resources.remove(i);
        return Ok(());
    }
    let origin = patch.origin.unwrap_or(k.file);
    strategic_merge(&mut resources[i].node, patch, origin).map_err(|m| k.error(Some(at), m))
}

fn patches_strategic_merge(
    k: &Kustomization,
    resources: &mut Vec<Resource>,
    read: &mut Reader,
) -> Result<(), LoadError> {
    let entries = field(&k.doc, "patchesStrategicMerge")
        .and_then(Node::as_seq)
        .unwrap_or_default();
    for entry in entries {
        let inline = entry.as_str().is_some_and(|s| s.contains('\n'));
        let docs = if inline {
            patch_documents(k, None, Some(entry), read)?
        } else {
            patch_documents(k, Some(entry), None, read)?
        };
        for doc in docs {
            merge_into_named(k, entry, resources, &doc)?;
        }
    }
    Ok(())
}

fn patches(
    k: &Kustomization,
    resources: &mut Vec<Resource>,
    read: &mut Reader,
) -> Result<(), LoadError> {
    let entries = field(&k.doc, "patches")
        .and_then(Node::as_seq)
        .unwrap_or_default();
    for entry in entries {
        let docs = patch_documents(k, field(entry, "path"), field(entry, "patch"), read)?;
        let selector = field(entry, "target")
            .map(Selector::new)
            .transpose()
            .map_err(|m| k.error(Some(entry), m))?;
        for doc in docs {
            let json = matches!(doc.value, Value::Seq(_));
            match (&selector, json) {
                (None, true) => {
                    return Err(k.error(Some(entry), "a JSON patch needs a target"));
                }
                (None, false) => merge_into_named(k, entry, resources, &doc)?,
                (Some(selector), _) => {
                    let origin = doc.origin.unwrap_or(k.file);
                    let mut deleted = Vec::new();
                    for (i, r) in resources.iter_mut().enumerate() {
                        if !selector.matches(r) {
                            continue;
                        }
                        if json {
                            json6902(&mut r.node, &doc, origin)
                        } else if deletes_object(&doc) {
                            deleted.push(i);
                            Ok(())
                        } else {
                            // A targeted patch's own name and namespace are
                            // not the target's.
                            let mut doc = doc.clone();
                            if let Some(metadata) = field_mut(&mut doc, "metadata")
                                && let Value::Map(entries) = &mut metadata.value
                            {
                                entries.retain(|(key, _)| key != "name" && key != "namespace");
                            }
                            strategic_merge(&mut r.node, &doc, origin)
                        }
                        .map_err(|m| k.error(Some(entry), m))?;
                    }
                    for i in deleted.into_iter().rev() {
                        resources.remove(i);
                    }
                }
            }
        }
    }
    Ok(())
}

fn patches_json6902(
    k: &Kustomization,
    resources: &mut [Resource],
    read: &mut Reader,
) -> Result<(), LoadError> {
    let entries = field(&k.doc, "patchesJson6902")
        .and_then(Node::as_seq)
        .unwrap_or_default();
    for entry in entries {
        let docs = patch_documents(k, field(entry, "path"), field(entry, "patch"), read)?;
        let target = field(entry, "target").ok_or_else(|| k.error(Some(entry), "no target"))?;
        let selector = Selector::new(target).map_err(|m| k.error(Some(entry), m))?;
        let mut matched = false;
        for doc in &docs {
            let origin = doc.origin.unwrap_or(k.file);
            for r in resources.iter_mut().filter(|r| selector.matches(r)) {
                matched = true;
                json6902(&mut r.node, doc, origin).map_err(|m| k.error(Some(entry), m))?;
            }
        }
        if !matched {
            return Err(k.error(Some(entry), "the JSON patch's target matches no object"));
        }
    }
    Ok(())
}

fn namespace(k: &Kustomization, resources: &mut [Resource]) {
    let Some(at) = field(&k.doc, "namespace") else {
        return;
    };
    let Some(namespace) = at.as_str() else {
        return;
    };
    let value = || Node::new(at.line, at.col, Value::Str(namespace.to_string())).written_in(k.file);
    for r in resources.iter_mut() {
        let kind = r.kind().to_string();
        if !CLUSTER_SCOPED.contains(&kind.as_str()) {
            set(
                map_at(&mut r.node, "metadata", at, k.file),
                "namespace",
                value(),
            );
        }
        // Bindings name the service account `default` of the namespace
        // they are built into.
        if kind == "RoleBinding" || kind == "ClusterRoleBinding" {
            for subject in items_mut(&mut r.node, "subjects") {
                let default_account = subject.str_at("kind") == Some("ServiceAccount")
                    && field(subject, "name").and_then(Node::as_str) == Some("default");
                if default_account {
                    set(subject, "namespace", value());
                }
            }
        }
    }
}

fn items_mut<'n>(node: &'n mut Node, key: &str) -> impl Iterator<Item = &'n mut Node> {
    field_mut(node, key)
        .and_then(|n| match &mut n.value {
            Value::Seq(items) => Some(items.iter_mut()),
            _ => None,
        })
        .into_iter()
        .flatten()
}

fn names(k: &Kustomization, resources: &mut [Resource]) {
    let text = |key: &str| {
        field(&k.doc, key)
            .and_then(Node::as_str)
            .unwrap_or_default()
    };
    let (prefix, suffix) = (text("namePrefix"), text("nameSuffix"));
    if prefix.is_empty() && suffix.is_empty() {
        return;
    }
    for r in resources.iter_mut() {
        if matches!(r.kind(), "CustomResourceDefinition" | "Namespace") {
            continue;
        }
        if let Some(name) = field_mut(&mut r.node, "metadata").and_then(|m| field_mut(m, "name"))
            && let Value::Str(current) = &mut name.value
        {
            *current = format!("{prefix}{current}{suffix}");
        }
    }
}

/// Where `commonLabels` go besides `metadata/labels`: (kinds, path, whether
/// a missing path is created). Selectors and pod templates, as kustomize's
/// built-in field specs list them.
const SELECTOR_LABELS: &[(&[&str], &str, bool)] = &[
    (&["Service"], "spec/selector", true),
    (&["ReplicationController"], "spec/selector", true),
    (
        &["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"],
        "spec/selector/matchLabels",
        true,
    ),
    (&["Job"], "spec/selector/matchLabels", false),
    (
        &["CronJob"],
        "spec/jobTemplate/spec/selector/matchLabels",
        false,
    ),
    (&["PodDisruptionBudget"], "spec/selector/matchLabels", false),
    (&["NetworkPolicy"], "spec/podSelector/matchLabels", false),
    (
        &["NetworkPolicy"],
        "spec/ingress/from/podSelector/matchLabels",
        false,
    ),
    (
        &["NetworkPolicy"],
        "spec/egress/to/podSelector/matchLabels",
        false,
    ),
];

/// Pod templates' labels and annotations.
const TEMPLATE_METADATA: &[(&[&str], &str)] = &[
    (
        &[
            "ReplicationController",
            "Deployment",
            "ReplicaSet",
            "DaemonSet",
            "StatefulSet",
            "Job",
        ],
        "spec/template/metadata",
    ),
    (&["CronJob"], "spec/jobTemplate/metadata"),
    (&["CronJob"], "spec/jobTemplate/spec/template/metadata"),
];

/// One set of labels to add, and where.
struct LabelSet<'k> {
    pairs: Vec<(&'k str, &'k Node)>,
    selectors: bool,
    templates: bool,
}

fn labels(k: &Kustomization, resources: &mut [Resource]) {
    let mut sets = Vec::new();
    if let Some(common) = field(&k.doc, "commonLabels") {
        sets.push(LabelSet {
            pairs: pairs(common),
            selectors: true,
            templates: true,
        });
    }
    for entry in field(&k.doc, "labels")
        .and_then(Node::as_seq)
        .unwrap_or_default()
    {
        let flag =
            |key: &str| matches!(field(entry, key).map(|n| &n.value), Some(Value::Bool(true)));
        let selectors = flag("includeSelectors");
        sets.push(LabelSet {
            pairs: field(entry, "pairs").map(pairs).unwrap_or_default(),
            selectors,
            templates: selectors || flag("includeTemplates"),
        });
    }
    for set in sets.iter().filter(|s| !s.pairs.is_empty()) {
        for r in resources.iter_mut() {
            let kind = r.kind().to_string();
            add_pairs(
                &mut r.node,
                &["metadata", "labels"],
                &set.pairs,
                true,
                k.file,
            );
            if set.templates {
                for (kinds, path) in TEMPLATE_METADATA {
                    if kinds.contains(&kind.as_str()) {
                        let path: Vec<&str> = path.split('/').chain(["labels"]).collect();
                        add_pairs(&mut r.node, &path, &set.pairs, true, k.file);
                    }
                }
                if kind == "StatefulSet" {
                    add_pairs(
                        &mut r.node,
                        &["spec", "volumeClaimTemplates", "metadata", "labels"],
                        &set.pairs,
                        true,
                        k.file,
                    );
                }
            }
            if set.selectors {
                for (kinds, path, create) in SELECTOR_LABELS {
                    if kinds.contains(&kind.as_str()) {
                        let path: Vec<&str> = path.split('/').collect();
                        add_pairs(&mut r.node, &path, &set.pairs, *create, k.file);
                    }
                }
            }
        }
    }
}

fn annotations(k: &Kustomization, resources: &mut [Resource]) {
    let Some(common) = field(&k.doc, "commonAnnotations") else {
        return;
    };
    let pairs = pairs(common);
    for r in resources.iter_mut() {
        let kind = r.kind().to_string();
        add_pairs(
            &mut r.node,
            &["metadata", "annotations"],
            &pairs,
            true,
            k.file,
        );
        for (kinds, path) in TEMPLATE_METADATA {
            if kinds.contains(&kind.as_str()) {
                let path: Vec<&str> = path.split('/').chain(["annotations"]).collect();
                add_pairs(&mut r.node, &path, &pairs, true, k.file);
            }
        }
    }
}

fn pairs(map: &Node) -> Vec<(&str, &Node)> {
    map.entries().iter().map(|(k, v)| (k.as_str(), v)).collect()
}

/// Sets each pair in the mapping at `path`, descending into every element
/// of a list on the way; a missing step is created only when `create`.
fn add_pairs(
    node: &mut Node,
    path: &[&str],
    pairs: &[(&str, &Node)],
    create: bool,
    origin: FileId,
) {
    match &mut node.value {
        Value::Seq(items) => {
            for item in items {
                add_pairs(item, path, pairs, create, origin);
            }
            return;
        }
        Value::Map(_) => {}
        _ => return,
    }
    let Some((first, rest)) = path.split_first() else {
        for (key, value) in pairs {
            let text = match &value.value {
                Value::Str(s) => s.clone(),
                Value::Int(i) => i.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Float(f) => f.to_string(),
                _ => String::new(),
            };
            let value = Node::new(value.line, value.col, Value::Str(text)).written_in(origin);
            set(node, key, value);
        }
        return;
    };
    if field(node, first).is_none() {
        if !create {
            return;
        }
        let at = Node::new(node.line, node.col, Value::Null);
        map_at(node, first, &at, origin);
    }
    if let Some(child) = field_mut(node, first) {
        if child.value == Value::Null {
            if !create {
                return;
            }
            *child = Node::new(child.line, child.col, Value::Map(Vec::new()));
        }
        add_pairs(child, rest, pairs, create, origin);
    }
}

fn replicas(k: &Kustomization, resources: &mut [Resource]) {
    const SCALED: [&str; 4] = [
        "Deployment",
        "ReplicaSet",
        "StatefulSet",
        "ReplicationController",
    ];
    for entry in field(&k.doc, "replicas")
        .and_then(Node::as_seq)
        .unwrap_or_default()
    {
        let (Some(name), Some(count)) = (
            field(entry, "name").and_then(Node::as_str),
            field(entry, "count"),
        ) else {
            continue;
        };
        for r in resources.iter_mut() {
            let named = r.id().name == name || r.original.name == name;
            if named && SCALED.contains(&r.kind()) {
                let count = Node {
                    origin: Some(k.file),
                    ..count.clone()
                };
                set(
                    map_at(&mut r.node, "spec", entry, k.file),
                    "replicas",
                    count,
                );
            }
        }
    }
}

fn images(k: &Kustomization, resources: &mut [Resource]) {
    let entries = field(&k.doc, "images")
        .and_then(Node::as_seq)
        .unwrap_or_default();
    if entries.is_empty() {
        return;
    }
    for r in resources.iter_mut() {
        retag(&mut r.node, entries, k.file, 0);
    }
}

/// Rewrites the `image` of every container (in `containers` and
/// `initContainers`, wherever they are in the object) that an `images`
/// entry names.
fn retag(node: &mut Node, entries: &[Node], origin: FileId, depth: usize) {
    if depth > 64 {
        return;
    }
    match &mut node.value {
        Value::Map(fields) => {
            for (key, value) in fields.iter_mut() {
                if matches!(key.as_str(), "containers" | "initContainers")
                    && let Value::Seq(containers) = &mut value.value
                {
                    for container in containers {
                        if let Some(image) = field_mut(container, "image") {
                            apply_image(image, entries, origin);
                        }
                    }
                } else {
                    retag(value, entries, origin, depth + 1);
                }
            }
        }
        Value::Seq(items) => items
            .iter_mut()
            .for_each(|i| retag(i, entries, origin, depth + 1)),
        _ => {}
    }
}

fn apply_image(image: &mut Node, entries: &[Node], origin: FileId) {
    let Some(current) = image.as_str() else {
        return;
    };
    let (rest, digest) = match current.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (current, None),
    };
    let (name, tag) = match rest.rfind(':') {
        Some(i) if !rest[i..].contains('/') => (&rest[..i], Some(&rest[i + 1..])),
        _ => (rest, None),
    };
    let text = |entry: &Node, key: &str| field(entry, key).and_then(Node::as_str).map(String::from);
    let Some(entry) = entries
        .iter()
        .find(|e| text(e, "name").as_deref() == Some(name))
    else {
        return;
    };
    let new_name = text(entry, "newName").unwrap_or_else(|| name.to_string());
    let updated = match (text(entry, "digest"), text(entry, "newTag")) {
        (Some(d), _) => format!("{new_name}@{d}"),
        (None, Some(t)) => format!("{new_name}:{t}"),
        (None, None) => {
            let mut image = new_name;
            if let Some(tag) = tag {
                image = format!("{image}:{tag}");
            }
            if let Some(digest) = digest {
                image = format!("{image}@{digest}");
            }
            image
        }
    };
    *image = Node::new(entry.line, entry.col, Value::Str(updated)).written_in(origin);
}

/// Fields that name another object: (the referencing kinds, or all with
/// pod specs; the path below the pod spec or the object; the kind named).
/// When kustomize renames an object (a prefix, a generated name's hash),
/// these follow.
const POD_REFERENCES: &[(&str, &str)] = &[
    ("volumes/configMap/name", "ConfigMap"),
    ("volumes/projected/sources/configMap/name", "ConfigMap"),
    ("volumes/secret/secretName", "Secret"),
    ("volumes/projected/sources/secret/name", "Secret"),
    (
        "volumes/persistentVolumeClaim/claimName",
        "PersistentVolumeClaim",
    ),
    ("containers/env/valueFrom/configMapKeyRef/name", "ConfigMap"),
    ("containers/env/valueFrom/secretKeyRef/name", "Secret"),
    ("containers/envFrom/configMapRef/name", "ConfigMap"),
    ("containers/envFrom/secretRef/name", "Secret"),
    (
        "initContainers/env/valueFrom/configMapKeyRef/name",
        "ConfigMap",
    ),
    ("initContainers/env/valueFrom/secretKeyRef/name", "Secret"),
    ("initContainers/envFrom/configMapRef/name", "ConfigMap"),
    ("initContainers/envFrom/secretRef/name", "Secret"),
    ("imagePullSecrets/name", "Secret"),
    ("serviceAccountName", "ServiceAccount"),
];

/// Where each kind keeps its pod spec.
fn pod_spec_path(kind: &str) -> Option<&'static str> {
    match kind {
        "Pod" => Some("spec"),
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "ReplicationController"
        | "Job" => Some("spec/template/spec"),
        "CronJob" => Some("spec/jobTemplate/spec/template/spec"),
        _ => None,
    }
}

/// Points every reference to a renamed object at its new name (and, for a
/// binding's service account, its namespace), as kustomize does after the
/// root is built. A reference matches an object of the named kind by the
/// name it had when loaded, in the referrer's namespace when several do.
pub(super) fn fix_references(resources: &mut [Resource]) {
    // Renamed objects by their kind and original name: a lookup per
    // reference, however many objects a kustomization builds.
    let mut renamed: HashMap<(String, String), Vec<super::Id>> = HashMap::new();
    for r in resources.iter() {
        let id = r.id();
        if r.original.name != id.name || r.original.namespace != id.namespace {
            renamed
                .entry((r.original.kind.clone(), r.original.name.clone()))
                .or_default()
                .push(id);
        }
    }
    if renamed.is_empty() {
        return;
    }
    let find = |kind: &str, name: &str, namespace: Option<&str>| -> Option<&super::Id> {
        match renamed
            .get(&(kind.to_string(), name.to_string()))
            .map(Vec::as_slice)
        {
            None | Some([]) => None,
            Some([id]) => Some(id),
            Some(several) => several
                .iter()
                .find(|id| id.namespace.as_deref() == namespace),
        }
    };
    for r in resources.iter_mut() {
        let kind = r.kind().to_string();
        let namespace = r.id().namespace;
        let rename = |node: &mut Node, target: &str| {
            if let Some(name) = node.as_str()
                && let Some(id) = find(target, name, namespace.as_deref())
            {
                node.value = Value::Str(id.name.clone());
            }
        };
        if let Some(spec) = pod_spec_path(kind.as_str()) {
            for (path, target) in POD_REFERENCES {
                let full: Vec<&str> = spec.split('/').chain(path.split('/')).collect();
                visit(&mut r.node, &full, &mut |n| rename(n, target));
            }
        }
        match kind.as_str() {
            "Ingress" => {
                visit(&mut r.node, &["spec", "tls", "secretName"], &mut |n| {
                    rename(n, "Secret")
                });
                for path in [
                    &[
                        "spec", "rules", "http", "paths", "backend", "service", "name",
                    ][..],
                    &["spec", "defaultBackend", "service", "name"],
                ] {
                    visit(&mut r.node, path, &mut |n| rename(n, "Service"));
                }
            }
            "StatefulSet" => visit(&mut r.node, &["spec", "serviceName"], &mut |n| {
                rename(n, "Service");
            }),
            "ServiceAccount" => {
                for path in [&["secrets", "name"][..], &["imagePullSecrets", "name"]] {
                    visit(&mut r.node, path, &mut |n| rename(n, "Secret"));
                }
            }
            "RoleBinding" | "ClusterRoleBinding" => {
                if let Some(role) = field_mut(&mut r.node, "roleRef") {
                    let target = role.str_at("kind").unwrap_or("ClusterRole").to_string();
                    if let Some(name) = field_mut(role, "name") {
                        rename(name, &target);
                    }
                }
                for subject in items_mut(&mut r.node, "subjects") {
                    if subject.str_at("kind") != Some("ServiceAccount") {
                        continue;
                    }
                    let name = field(subject, "name")
                        .and_then(Node::as_str)
                        .unwrap_or_default();
                    let subject_namespace = field(subject, "namespace").and_then(Node::as_str);
                    if let Some(id) = find("ServiceAccount", name, subject_namespace).cloned() {
                        if let Some(name) = field_mut(subject, "name") {
                            name.value = Value::Str(id.name.clone());
                        }
                        if let Some(namespace) = id.namespace {
                            let at = field(subject, "name")
                                .cloned()
                                .unwrap_or_else(|| subject.clone());
                            set(
                                subject,
                                "namespace",
                                Node::new(at.line, at.col, Value::Str(namespace)),
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Calls `f` on every node at `path`, descending into every element of a
/// list on the way.
fn visit(node: &mut Node, path: &[&str], f: &mut dyn FnMut(&mut Node)) {
    if let Value::Seq(items) = &mut node.value {
        for item in items {
            visit(item, path, f);
        }
        return;
    }
    match path.split_first() {
        None => f(node),
        Some((first, rest)) => {
            if let Some(child) = field_mut(node, first) {
                visit(child, rest, f);
            }
        }
    }
}
