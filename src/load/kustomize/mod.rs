//! Kustomize, built natively: a folder with a `kustomization.yaml` is read
//! the way `kustomize build` reads it — its resources (files, and folders
//! that are kustomizations themselves), components, generators and
//! transformers — and only what it builds is scanned.
//!
//! Every value keeps the file that set it ([`Node::origin`]): a field an
//! overlay patched points at the patch, one a transformer set at the
//! kustomization's line, the rest at the base. Only root kustomizations
//! (those no other scanned one uses) are built; the files kustomizations
//! use are not scanned again as loose manifests, and patch files are never
//! objects.
//!
//! Built as kustomize 5 does, in its order: resources, components,
//! generators, then `patchesStrategicMerge`, `patches`, `namespace`,
//! `namePrefix`/`nameSuffix`, labels, `commonAnnotations`,
//! `patchesJson6902`, `replicas` and `images`; generated names get their
//! content hash and references to renamed objects follow, once, at the end.

mod generate;
mod patch;
mod select;
mod transform;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::tree::{Node, Value};
use super::{FileNames, FolderLoad, LoadError, normalise, read_text, yaml};
use crate::model::{FileId, KUSTOMIZE_FIELD_NOT_APPLIED, REMOTE_RESOURCE};

/// Fields that change what a kustomization builds which chanto does not
/// apply (plugins, Helm inflation, replacements): listed as not followed,
/// never silently dropped.
const NOT_APPLIED: [&str; 8] = [
    "helmCharts",
    "helmGlobals",
    "replacements",
    "vars",
    "transformers",
    "generators",
    "validators",
    "openapi",
];

/// The names kustomize looks for in a folder, in its order.
const FILE_NAMES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// Kustomizations nest at most this deep (overlays of overlays of bases).
const MAX_DEPTH: usize = 32;

/// More objects than one kustomization builds in any real repository: past
/// it, the build stops with an error rather than growing without bound
/// (a base used many times over through components).
const MAX_OBJECTS: usize = 100_000;

/// Whether a file is a kustomization, by its name.
pub(super) fn is_kustomization(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| FILE_NAMES.contains(&n))
}

/// One object while a kustomization is built: its tree, and the identity
/// it had when loaded or generated, which references to it use.
#[derive(Debug, Clone)]
struct Resource {
    node: Node,
    original: Id,
    /// A generated ConfigMap or Secret whose name gets its content's hash.
    hashed: bool,
}

/// Kind, name and namespace: what kustomize tells objects apart by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Id {
    kind: String,
    name: String,
    namespace: Option<String>,
}

impl Resource {
    fn new(node: Node) -> Self {
        let original = id_of(&node);
        Resource {
            node,
            original,
            hashed: false,
        }
    }

    fn id(&self) -> Id {
        id_of(&self.node)
    }

    fn kind(&self) -> &str {
        self.node.str_at("kind").unwrap_or_default()
    }
}

fn id_of(node: &Node) -> Id {
    let metadata = node.get("metadata");
    Id {
        kind: node.str_at("kind").unwrap_or_default().to_string(),
        name: metadata
            .and_then(|m| m.str_at("name"))
            .unwrap_or_default()
            .to_string(),
        namespace: metadata
            .and_then(|m| m.str_at("namespace"))
            .map(String::from),
    }
}

/// A parsed kustomization file.
#[derive(Debug)]
struct Kustomization {
    dir: PathBuf,
    file: FileId,
    display: String,
    doc: Node,
}

impl Kustomization {
    /// A located error in this kustomization.
    fn error(&self, at: Option<&Node>, message: impl Into<String>) -> LoadError {
        LoadError {
            file: self.display.clone(),
            line: at.map(|n| n.line),
            column: at.map(|n| n.col),
            message: message.into(),
        }
    }

    /// The string entries of a list field, with their nodes.
    fn list(&self, key: &str) -> Vec<(&str, &Node)> {
        field(&self.doc, key)
            .and_then(Node::as_seq)
            .unwrap_or_default()
            .iter()
            .filter_map(|n| n.as_str().map(|s| (s, n)))
            .collect()
    }

    fn is_component(&self) -> bool {
        self.doc.str_at("kind") == Some("Component")
    }
}

/// A mapping's value by exact key: Kubernetes and kustomize keys are case
/// sensitive, unlike the Azure ones [`Node::get`] serves.
fn field<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    node.entries()
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

fn field_mut<'n>(node: &'n mut Node, key: &str) -> Option<&'n mut Node> {
    match &mut node.value {
        Value::Map(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

/// The value at `key`, created as an empty mapping (placed at `at`) when
/// missing or not a mapping.
fn map_at<'n>(node: &'n mut Node, key: &str, at: &Node, origin: FileId) -> &'n mut Node {
    if !node.is_map() {
        *node = Node::new(at.line, at.col, Value::Map(Vec::new())).written_in(origin);
    }
    let Value::Map(entries) = &mut node.value else {
        unreachable!("made a mapping above")
    };
    let index = match entries.iter().position(|(k, _)| k == key) {
        Some(i) => i,
        None => {
            entries.push((
                key.to_string(),
                Node::new(at.line, at.col, Value::Map(Vec::new())).written_in(origin),
            ));
            entries.len() - 1
        }
    };
    let child = &mut entries[index].1;
    if !child.is_map() {
        *child = Node::new(at.line, at.col, Value::Map(Vec::new())).written_in(origin);
    }
    child
}

/// Sets `key` to `value` in a mapping, in place when it is there.
fn set(node: &mut Node, key: &str, value: Node) {
    if let Value::Map(entries) = &mut node.value {
        match entries.iter_mut().find(|(k, _)| k == key) {
            Some((_, existing)) => *existing = value,
            None => entries.push((key.to_string(), value)),
        }
    }
}

/// What the kustomizations among the inputs are, and which files they use.
pub(super) struct Plan {
    /// Each kustomization among the inputs by folder, parsed (or why not).
    found: BTreeMap<PathBuf, PathBuf>,
    /// Files a kustomization among the inputs uses: never loose manifests.
    consumed: BTreeSet<PathBuf>,
    /// Folders of kustomizations no other one among the inputs uses.
    roots: Vec<PathBuf>,
    /// The kustomization files among the inputs, read and parsed once for
    /// the plan and kept for the build.
    read: HashMap<PathBuf, ReadKustomization>,
}

/// More kustomization builds for one root than any repository needs: folders
/// that use each other many times over (each once per use) stop here.
const MAX_BUILDS: usize = 10_000;

/// Finds the kustomizations among `files` and what each uses.
pub(super) fn plan<'p>(files: impl Iterator<Item = &'p Path>, max_size: u64) -> Plan {
    let mut found = BTreeMap::new();
    for path in files.filter(|p| is_kustomization(p)) {
        let dir = normalise(path.parent().unwrap_or(Path::new(".")));
        // Kustomize takes the first of its names a folder has.
        found.entry(dir).or_insert_with(|| normalise(path));
    }
    let mut consumed = BTreeSet::new();
    let mut uses: BTreeMap<&PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut read = HashMap::new();
    for (dir, path) in &found {
        consumed.insert(path.clone());
        let parsed = read_kustomization(path, max_size);
        let first = parsed.as_ref().ok().and_then(|docs| docs.first());
        for (entry, folder) in first.map(|doc| references(dir, doc)).unwrap_or_default() {
            if folder {
                uses.entry(dir).or_default().push(entry);
            } else {
                consumed.insert(entry);
            }
        }
        read.insert(path.clone(), parsed);
    }
    let used: BTreeSet<&PathBuf> = uses
        .iter()
        .flat_map(|(dir, used)| used.iter().filter(move |u| u != dir))
        .collect();
    let mut roots: Vec<PathBuf> = found
        .keys()
        .filter(|dir| !used.contains(dir))
        .cloned()
        .collect();
    // Kustomizations that only use each other have no root: each cycle is
    // built from its first folder, so the cycle is reported, never dropped.
    loop {
        let mut reached: BTreeSet<&PathBuf> = BTreeSet::new();
        let mut pending: Vec<&PathBuf> = roots.iter().collect();
        while let Some(dir) = pending.pop() {
            if reached.insert(dir) {
                pending.extend(uses.get(dir).into_iter().flatten());
            }
        }
        match found.keys().find(|dir| !reached.contains(dir)) {
            Some(unreached) => roots.push(unreached.clone()),
            None => break,
        }
    }
    Plan {
        found,
        consumed,
        roots,
        read,
    }
}

/// A kustomization file's documents, or why it cannot be read: a place (if
/// any) and a message.
type ReadKustomization = Result<Vec<Node>, (Option<(u32, u32)>, String)>;

fn read_kustomization(path: &Path, max_size: u64) -> ReadKustomization {
    let text = read_text(path, max_size).map_err(|m| (None, m))?;
    yaml::parse(&text).map_err(|e| (Some((e.line, e.col)), e.message))
}

/// The local paths a kustomization names, each with whether it must be a
/// folder (a base or component) or may be a file; remote ones are left out.
fn references(dir: &Path, doc: &Node) -> Vec<(PathBuf, bool)> {
    let strings = |key: &str| -> Vec<String> {
        field(doc, key)
            .and_then(Node::as_seq)
            .unwrap_or_default()
            .iter()
            .filter_map(|n| n.as_str().map(String::from))
            .collect()
    };
    let mut out = Vec::new();
    for entry in strings("resources").into_iter().chain(strings("bases")) {
        if is_remote(&entry) {
            continue;
        }
        let path = normalise(&dir.join(&entry));
        let folder = path.is_dir();
        out.push((path, folder));
    }
    for entry in strings("components") {
        out.push((normalise(&dir.join(entry)), true));
    }
    for entry in strings("patchesStrategicMerge") {
        // An entry may be the patch itself, written inline.
        if !entry.contains('\n') {
            out.push((normalise(&dir.join(entry)), false));
        }
    }
    for key in ["patches", "patchesJson6902"] {
        for item in field(doc, key).and_then(Node::as_seq).unwrap_or_default() {
            if let Some(path) = field(item, "path").and_then(Node::as_str) {
                out.push((normalise(&dir.join(path)), false));
            }
        }
    }
    for key in ["configMapGenerator", "secretGenerator"] {
        for item in field(doc, key).and_then(Node::as_seq).unwrap_or_default() {
            for source in generate::source_files(item) {
                out.push((normalise(&dir.join(source)), false));
            }
        }
    }
    out
}

/// A resource kustomize fetches (a URL, a git repository), which chanto
/// does not.
fn is_remote(entry: &str) -> bool {
    entry.contains("://")
        || entry.starts_with("git@")
        || entry.contains("?ref=")
        || ["github.com/", "gitlab.com/", "bitbucket.org/"]
            .iter()
            .any(|host| entry.starts_with(host))
}

impl Plan {
    /// Whether a kustomization among the inputs uses this file, so it is
    /// not read as a loose manifest.
    pub(super) fn consumes(&self, path: &Path) -> bool {
        !self.consumed.is_empty() && self.consumed.contains(&normalise(path))
    }

    pub(super) fn is_empty(&self) -> bool {
        self.found.is_empty()
    }
}

/// What building the root kustomizations gave.
#[derive(Default)]
pub(super) struct Built {
    /// Each root's objects, with the file of its kustomization: built
    /// trees, still to be read as Kubernetes objects.
    pub roots: Vec<(FileId, Vec<Node>)>,
    /// Errors, what was not followed (remote resources, fields not
    /// applied), files read and files beside the inputs; its output stays
    /// empty.
    pub read: FolderLoad,
}

/// Builds every root kustomization of `plan`. Files among the inputs keep
/// the ids `ids` gives them; others get ids from `next_file`.
pub(super) fn build(
    plan: Plan,
    ids: HashMap<PathBuf, (FileId, String)>,
    next_file: u32,
    max_size: u64,
    names: &FileNames,
) -> Built {
    let mut builder = Builder {
        files: Files {
            ids,
            next: next_file,
            extra: Vec::new(),
            names,
        },
        parsed: HashMap::new(),
        read: plan.read,
        builds: 0,
        max_size,
        skipped: Vec::new(),
        stack: Vec::new(),
        files_read: BTreeSet::new(),
    };
    let mut built = Built::default();
    for root in &plan.roots {
        builder.builds = 0;
        let mut resources = Vec::new();
        match builder.accumulate(root, &mut resources, 0) {
            Ok(k) => {
                // What kustomize does once, after the root is built:
                // generated names get their content's hash, then references
                // follow renamed objects.
                generate::add_hashes(&mut resources);
                transform::fix_references(&mut resources);
                built
                    .roots
                    .push((k.file, resources.into_iter().map(|r| r.node).collect()));
            }
            Err(error) => built.read.errors.push(error),
        }
    }
    // A base two overlays use says so once.
    built.read.skipped = builder.skipped;
    built.read.skipped.sort_unstable();
    built.read.skipped.dedup();
    built.read.files_read = builder.files_read.len();
    built.read.extra_files = builder.files.extra;
    built
}

/// The objects the kustomization in `dir` builds, as JSON, or the errors
/// that stop it: what `kustomize build` would print, to compare with it.
/// Secret values are in it, as in kustomize's output; the scan never keeps
/// them.
pub fn build_as_json(dir: &Path, max_size: u64) -> Result<Vec<serde_json::Value>, Vec<LoadError>> {
    let dir = normalise(dir);
    let plan = Plan {
        found: BTreeMap::new(),
        consumed: BTreeSet::new(),
        roots: vec![dir],
        read: HashMap::new(),
    };
    let built = build(plan, HashMap::new(), 0, max_size, &FileNames::default());
    if !built.read.errors.is_empty() {
        return Err(built.read.errors);
    }
    Ok(built
        .roots
        .iter()
        .flat_map(|(_, nodes)| nodes.iter().map(to_json))
        .collect())
}

fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value as Json;
    match &node.value {
        Value::Null | Value::Unresolved(_) => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => Json::from(*f),
        Value::Str(s) => Json::String(s.clone()),
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect(),
        ),
    }
}

/// File ids: those of the inputs, then new ones for files read beside them.
struct Files<'n> {
    ids: HashMap<PathBuf, (FileId, String)>,
    next: u32,
    extra: Vec<String>,
    names: &'n FileNames,
}

impl Files<'_> {
    fn id(&mut self, path: &Path) -> (FileId, String) {
        if let Some(known) = self.ids.get(path) {
            return known.clone();
        }
        let display = self.names.name(path);
        let id = (FileId(self.next), display.clone());
        self.next = self.next.saturating_add(1);
        self.extra.push(display);
        self.ids.insert(path.to_path_buf(), id.clone());
        id
    }
}

struct Builder<'n> {
    files: Files<'n>,
    /// Kustomization files by folder, parsed once however often used.
    parsed: HashMap<PathBuf, Rc<Kustomization>>,
    /// Kustomization files the plan read already, taken as they are used.
    read: HashMap<PathBuf, ReadKustomization>,
    /// Kustomizations built for the current root, against [`MAX_BUILDS`].
    builds: usize,
    max_size: u64,
    skipped: Vec<(String, &'static str)>,
    /// The folders being built, outermost first: one used again inside
    /// itself is a cycle.
    stack: Vec<PathBuf>,
    files_read: BTreeSet<PathBuf>,
}

impl Builder<'_> {
    /// The kustomization in `dir`, parsed; `None` when the folder has none.
    fn kustomization(&mut self, dir: &Path) -> Result<Option<Rc<Kustomization>>, LoadError> {
        if let Some(k) = self.parsed.get(dir) {
            return Ok(Some(k.clone()));
        }
        let Some(path) = FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file()) else {
            return Ok(None);
        };
        let path = normalise(&path);
        let (file, display) = self.files.id(&path);
        let error = |line: Option<u32>, column: Option<u32>, message: String| LoadError {
            file: display.clone(),
            line,
            column,
            message,
        };
        let docs = self
            .read
            .remove(&path)
            .unwrap_or_else(|| read_kustomization(&path, self.max_size))
            .map_err(|(at, message)| error(at.map(|a| a.0), at.map(|a| a.1), message))?;
        self.files_read.insert(path);
        let doc = docs
            .into_iter()
            .next()
            .filter(Node::is_map)
            .unwrap_or_else(|| Node::new(1, 1, Value::Map(Vec::new())))
            .written_in(file);
        let k = Rc::new(Kustomization {
            dir: dir.to_path_buf(),
            file,
            display,
            doc,
        });
        self.parsed.insert(dir.to_path_buf(), k.clone());
        Ok(Some(k))
    }

    /// The kustomization a `resources` or `components` entry names.
    fn used(
        &mut self,
        k: &Kustomization,
        entry: &str,
        at: &Node,
        dir: &Path,
    ) -> Result<Rc<Kustomization>, LoadError> {
        self.not_a_cycle(k, entry, at, dir)?;
        self.kustomization(dir)?.ok_or_else(|| {
            k.error(
                Some(at),
                format!(
                    "{entry} is a folder without a kustomization.yaml: kustomize cannot build it"
                ),
            )
        })
    }

    /// Adds what the kustomization in `dir` builds to `into`: its resources
    /// and components' (a component works on what is there already), its
    /// generated objects, then its transformers over all of them.
    fn accumulate(
        &mut self,
        dir: &Path,
        into: &mut Vec<Resource>,
        depth: usize,
    ) -> Result<Rc<Kustomization>, LoadError> {
        let k = self.kustomization(dir)?.ok_or_else(|| LoadError {
            file: self.files.names.name(dir),
            line: None,
            column: None,
            message: "no kustomization.yaml: kustomize cannot build the folder".to_string(),
        })?;
        self.builds += 1;
        if self.builds > MAX_BUILDS {
            return Err(k.error(
                None,
                format!("more than {MAX_BUILDS} kustomizations built for one root: the folders use each other too many times over"),
            ));
        }
        if depth > MAX_DEPTH {
            return Err(k.error(
                None,
                format!("kustomizations nest more than {MAX_DEPTH} deep"),
            ));
        }
        if self.stack.iter().any(|d| d == dir) {
            return Err(k.error(
                None,
                "uses itself through its resources or components: a cycle kustomize refuses",
            ));
        }
        self.stack.push(dir.to_path_buf());
        let result = self.accumulate_in(&k, into, depth);
        self.stack.pop();
        result.map(|()| k)
    }

    fn accumulate_in(
        &mut self,
        k: &Kustomization,
        into: &mut Vec<Resource>,
        depth: usize,
    ) -> Result<(), LoadError> {
        for (key, at) in k.doc.entries() {
            if NOT_APPLIED.contains(&key.as_str()) {
                self.skipped.push((
                    format!("{}:{}: {key}", k.display, at.line),
                    KUSTOMIZE_FIELD_NOT_APPLIED,
                ));
            }
        }
        for key in ["resources", "bases"] {
            for (entry, at) in k.list(key) {
                self.resource(k, entry, at, into, depth)?;
            }
        }
        no_duplicates(k, into)?;
        for (entry, at) in k.list("components") {
            let dir = normalise(&k.dir.join(entry));
            let component = self.used(k, entry, at, &dir)?;
            if !component.is_component() {
                return Err(k.error(
                    Some(at),
                    format!("{entry} is a Kustomization, not a Component: list it under resources"),
                ));
            }
            self.accumulate(&dir, into, depth + 1)?;
        }
        generate::run(k, into, &mut |path| self.read(k, path))?;
        transform::run(k, into, &mut |path| self.read(k, path))?;
        if into.len() > MAX_OBJECTS {
            return Err(k.error(None, format!("builds more than {MAX_OBJECTS} objects")));
        }
        Ok(())
    }

    /// One `resources` entry: a file of manifests, or a folder that is a
    /// kustomization of its own.
    fn resource(
        &mut self,
        k: &Kustomization,
        entry: &str,
        at: &Node,
        into: &mut Vec<Resource>,
        depth: usize,
    ) -> Result<(), LoadError> {
        let path = normalise(&k.dir.join(entry));
        if path.is_dir() {
            let base = self.used(k, entry, at, &path)?;
            let mut built = Vec::new();
            self.accumulate(&path, &mut built, depth + 1)?;
            if base.is_component() {
                return Err(k.error(
                    Some(at),
                    format!("{entry} is a Component: list it under components"),
                ));
            }
            into.extend(built);
            return Ok(());
        }
        if !path.exists() && is_remote(entry) {
            self.skipped.push((
                format!("{}:{}: {entry}", k.display, at.line),
                REMOTE_RESOURCE,
            ));
            return Ok(());
        }
        let (file, text) = self.read(k, entry).map_err(|m| k.error(Some(at), m))?;
        let docs = yaml::parse(&text).map_err(|e| LoadError {
            file: self.files.id(&path).1,
            line: Some(e.line),
            column: Some(e.col),
            message: e.message,
        })?;
        let mut loaded = Vec::new();
        for doc in docs {
            let doc = doc.written_in(file);
            // A `List` is its items, as kustomize reads it.
            match field(&doc, "items").and_then(Node::as_seq) {
                Some(items)
                    if doc
                        .str_at("kind")
                        .is_some_and(|kind| kind.ends_with("List")) =>
                {
                    loaded.extend(items.iter().map(|i| Resource::new(i.clone())));
                }
                _ if doc.str_at("kind").is_some() => loaded.push(Resource::new(doc)),
                _ => {
                    return Err(k.error(
                        Some(at),
                        format!("{entry}: a document without apiVersion and kind is not a Kubernetes object"),
                    ));
                }
            }
        }
        into.extend(loaded);
        Ok(())
    }

    /// An error at `entry` when the folder it names is being built already.
    fn not_a_cycle(
        &self,
        k: &Kustomization,
        entry: &str,
        at: &Node,
        dir: &Path,
    ) -> Result<(), LoadError> {
        if self.stack.iter().any(|d| d == dir) {
            return Err(k.error(
                Some(at),
                format!("{entry} uses this kustomization again: a cycle kustomize refuses"),
            ));
        }
        Ok(())
    }

    /// A file a kustomization names, with its id and text. Kustomize reads
    /// only files in or below the kustomization's folder (its load
    /// restriction), and so does chanto.
    fn read(&mut self, k: &Kustomization, entry: &str) -> Result<(FileId, String), String> {
        let path = normalise(&k.dir.join(entry));
        let inside = match (std::fs::canonicalize(&k.dir), std::fs::canonicalize(&path)) {
            (Ok(dir), Ok(file)) => file.starts_with(dir),
            (_, Err(_)) => return Err(format!("{entry}: no such file or folder")),
            (Err(_), _) => false,
        };
        if !inside {
            return Err(format!(
                "{entry} is outside the kustomization's folder: kustomize refuses to read it (its load restriction), and so does chanto"
            ));
        }
        let text = read_text(&path, self.max_size).map_err(|m| format!("{entry}: {m}"))?;
        self.files_read.insert(path.clone());
        Ok((self.files.id(&path).0, text))
    }
}

/// An object added twice (same kind, name and namespace) is an error, as in
/// kustomize.
fn no_duplicates(k: &Kustomization, resources: &[Resource]) -> Result<(), LoadError> {
    let mut ids: Vec<Id> = resources.iter().map(Resource::id).collect();
    ids.sort();
    match ids.windows(2).find(|pair| pair[0] == pair[1]) {
        Some(pair) => Err(k.error(
            field(&k.doc, "resources"),
            format!(
                "{} {} is added twice: kustomize refuses an object it already has",
                pair[0].kind, pair[0].name
            ),
        )),
        None => Ok(()),
    }
}
