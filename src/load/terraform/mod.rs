//! Terraform: `.tf` modules and `terraform show -json` plans, into the same
//! model as every other input.
//!
//! Each folder of `.tf` files is a module. A module that another scanned
//! module calls with a local `source` is evaluated through that call (with
//! its arguments); every other one is a root, which reads `terraform.tfvars`,
//! `*.auto.tfvars` (and their `.json` forms) from its folder, then each
//! `--var-file`. Resource blocks become positioned trees whose values are
//! evaluated as far as the configuration decides them (see [`eval`]), and
//! [`azurerm`] maps them into the model.

mod azurerm;
mod brackets;
mod eval;
mod installed;
mod kubernetes;
mod plan;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body, Structure};

use super::tree::{Node, Value};
use super::{
    FileNames, FolderLoad, LineIndex, LoadError, SourceFile, normalise, read_text as read,
};
use crate::model::{FileId, REMOTE_MODULE, Shape};
use eval::{Binding, Scope};

pub(super) use plan::{is_plan, load as load_plan};

/// A `.tf` file to load.
pub(super) type TfFile = SourceFile;

/// What loading the Terraform files gave; `skipped` holds the module calls
/// chanto cannot follow.
type Loaded = FolderLoad;

/// Module calls nest at most this deep (Terraform itself has no limit, but
/// a cycle of local modules must end).
const MAX_MODULE_DEPTH: usize = 16;

/// Arguments of a `module` block that are not the module's inputs.
const MODULE_META: [&str; 6] = [
    "source",
    "version",
    "providers",
    "count",
    "for_each",
    "depends_on",
];

/// Resource arguments that configure Terraform rather than the resource.
const RESOURCE_META: [&str; 4] = ["count", "for_each", "depends_on", "provider"];
const META_BLOCKS: [&str; 4] = ["lifecycle", "provisioner", "connection", "timeouts"];

struct ParsedFile {
    file: FileId,
    display: String,
    text: String,
    body: Body,
}

type Modules = BTreeMap<PathBuf, Vec<ParsedFile>>;

/// Loads every module among `files`, and the local modules they call from
/// outside them (whose files get ids from `next_file`, their display names
/// returned in [`Loaded::extra_files`]); `var_files` apply to root modules.
pub(super) fn load(
    files: Vec<TfFile>,
    var_files: &[PathBuf],
    max_size: u64,
    next_file: u32,
    names: &FileNames,
) -> Loaded {
    let mut loaded = Loaded::default();
    let mut modules: Modules = BTreeMap::new();
    for tf in files {
        parse_into(&mut modules, tf, max_size, &mut loaded);
    }
    let manifests = installed_modules(&modules, max_size, names, &mut loaded);
    let installed_folders: BTreeSet<PathBuf> = manifests
        .values()
        .flat_map(|installed| installed.values().cloned())
        .collect();
    // Follow local module sources, and the modules `terraform init`
    // installed, to folders not among the inputs.
    let mut next_file = next_file;
    loop {
        let missing: Vec<PathBuf> = called_folders(&modules)
            .into_iter()
            .chain(installed_folders.iter().cloned())
            .filter(|d| !modules.contains_key(d) && d.is_dir())
            .collect();
        if missing.is_empty() {
            break;
        }
        for dir in missing {
            let mut tf_files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "tf"))
                .collect();
            tf_files.sort();
            // Remember the folder so the loop ends, even when none of its
            // files can be read (a FIFO, no permission).
            modules.entry(dir).or_default();
            for path in tf_files {
                let display = names.name(&path);
                loaded.extra_files.push(display.clone());
                let tf = TfFile {
                    file: FileId(next_file),
                    path,
                    display,
                };
                next_file = next_file.saturating_add(1);
                parse_into(&mut modules, tf, max_size, &mut loaded);
            }
        }
    }

    let mut called = called_folders(&modules);
    called.extend(installed_folders);
    let mut associations = Vec::new();
    let shared_var_files: Vec<(String, Result<String, String>)> = var_files
        .iter()
        .map(|p| (names.name(p), read(p, max_size)))
        .collect();
    let roots: Vec<&PathBuf> = modules.keys().filter(|d| !called.contains(*d)).collect();
    let mut evaluator = Evaluator {
        modules: &modules,
        loaded: &mut loaded,
        associations: &mut associations,
        path: Vec::new(),
        visited: BTreeSet::new(),
        instances: 0,
        installed: None,
    };
    for dir in &roots {
        let values = root_values(dir, &shared_var_files, max_size, names, evaluator.loaded);
        // Several roots may declare the same addresses (two environments
        // calling one module): each root's addresses carry its folder.
        let prefix = match (roots.len(), modules.get(*dir).and_then(|f| f.first())) {
            (2.., Some(first)) => Path::new(&first.display)
                .parent()
                .map(|p| format!("{}:", p.display()))
                .unwrap_or_default(),
            _ => String::new(),
        };
        evaluator.installed = manifests.get(*dir);
        evaluator.module(dir, values, prefix, "", 0);
    }
    // Modules that only call each other have no root: each is evaluated
    // from the first of them, and the call back is reported as a cycle,
    // never silently dropped.
    while let Some(dir) = modules
        .keys()
        .find(|d| !evaluator.visited.contains(*d) && !modules[*d].is_empty())
    {
        let values = root_values(dir, &shared_var_files, max_size, names, evaluator.loaded);
        evaluator.installed = manifests.get(dir);
        evaluator.module(dir, values, String::new(), "", 0);
    }
    azurerm::associate(&mut loaded.output.resources, associations);
    loaded
}

/// A root module's variable values: its `.auto.tfvars` and the shared
/// `--var-file`s, later files winning.
fn root_values(
    dir: &Path,
    shared_var_files: &[(String, Result<String, String>)],
    max_size: u64,
    names: &FileNames,
    loaded: &mut Loaded,
) -> HashMap<String, Binding> {
    let mut values = HashMap::new();
    for (display, text) in auto_var_files(dir, max_size, names)
        .into_iter()
        .chain(shared_var_files.iter().map(|(d, t)| (d.clone(), t.clone())))
    {
        match text.and_then(|t| var_file(&display, &t)) {
            Ok(vars) => values.extend(vars),
            Err(message) => loaded.errors.push(error(&display, None, message)),
        }
    }
    values
}

/// The modules `terraform init` installed for each module folder that has
/// a manifest (root modules), read before evaluation so their folders are
/// loaded and never taken for roots.
fn installed_modules(
    modules: &Modules,
    max_size: u64,
    names: &FileNames,
    loaded: &mut Loaded,
) -> BTreeMap<PathBuf, installed::Installed> {
    let mut manifests = BTreeMap::new();
    for dir in modules.keys() {
        let path = installed::manifest_path(dir);
        if !path.is_file() {
            continue;
        }
        match read(&path, max_size).and_then(|text| installed::parse(dir, &text)) {
            Ok(installed) => {
                manifests.insert(dir.clone(), installed);
            }
            Err(message) => loaded.errors.push(error(&names.name(&path), None, message)),
        }
    }
    manifests
}

/// The folders that modules call with a local `source`.
fn called_folders(modules: &Modules) -> BTreeSet<PathBuf> {
    modules
        .iter()
        .flat_map(|(dir, files)| {
            files
                .iter()
                .flat_map(|f| f.body.get_blocks("module"))
                .filter_map(move |b| local_source(dir, &b.body))
        })
        .collect()
}

/// Reads and parses one `.tf` file into its folder's module.
fn parse_into(modules: &mut Modules, tf: TfFile, max_size: u64, loaded: &mut Loaded) {
    let text = match read(&tf.path, max_size) {
        Ok(text) => text,
        Err(message) => {
            loaded.errors.push(error(&tf.display, None, message));
            return;
        }
    };
    let dir = normalise(tf.path.parent().unwrap_or(Path::new(".")));
    if let Err(unbalanced) = brackets::check(&text) {
        modules.entry(dir).or_default();
        loaded.errors.push(LoadError {
            file: tf.display,
            line: Some(unbalanced.line),
            column: Some(unbalanced.col),
            message: unbalanced.message,
        });
        return;
    }
    match hcl_edit::parser::parse_body(&text) {
        Ok(body) => {
            loaded.files_read += 1;
            modules.entry(dir).or_default().push(ParsedFile {
                file: tf.file,
                display: tf.display,
                text,
                body,
            });
        }
        Err(e) => {
            // Keep the folder known, so its callers do not look for it again.
            modules.entry(dir).or_default();
            loaded.errors.push(LoadError {
                file: tf.display,
                line: u32::try_from(e.location().line()).ok(),
                column: u32::try_from(e.location().column()).ok(),
                message: e.message().to_string(),
            });
        }
    }
}

struct Evaluator<'m> {
    modules: &'m Modules,
    loaded: &'m mut Loaded,
    associations: &'m mut Vec<azurerm::Association>,
    /// The folders of the module calls being evaluated, outermost first: a
    /// call back into one of them is a cycle, which Terraform refuses too.
    path: Vec<PathBuf>,
    /// Every folder evaluated at least once, so modules only reachable
    /// through a cycle are still evaluated.
    visited: BTreeSet<PathBuf>,
    /// Module instances evaluated so far, against [`MAX_MODULE_INSTANCES`].
    instances: usize,
    /// The modules `terraform init` installed for the root being evaluated.
    installed: Option<&'m installed::Installed>,
}

/// More module instances than any real configuration has; past it, calls
/// that fan out level after level stop with an error instead of growing
/// exponentially.
const MAX_MODULE_INSTANCES: usize = 10_000;

impl Evaluator<'_> {
    /// Evaluates the module in `dir` with `inputs` for its variables;
    /// `key` names its call the way Terraform's module manifest does (empty
    /// for a root, `aks.network` for `module.network` inside `module.aks`).
    fn module(
        &mut self,
        dir: &Path,
        inputs: HashMap<String, Binding>,
        prefix: String,
        key: &str,
        depth: usize,
    ) {
        let modules = self.modules;
        let Some(files) = modules.get(dir) else {
            return;
        };
        self.visited.insert(dir.to_path_buf());
        self.instances += 1;
        let mut variables: HashMap<String, Binding> = HashMap::new();
        let mut sensitive = Vec::new();
        let mut locals: HashMap<String, &Expression> = HashMap::new();
        for f in files {
            for block in f.body.blocks() {
                match (block.ident.as_str(), block.labels.first()) {
                    ("variable", Some(name)) => {
                        let name = name.as_str().to_string();
                        let default = match block.body.get_attribute("default") {
                            Some(attr) => constant(&attr.value),
                            None => Err(format!(
                                "variable \"{name}\" has no default and no value from a .tfvars file, --var-file or the calling module"
                            )),
                        };
                        if block.body.get_attribute("sensitive").is_some_and(|attr| {
                            matches!(constant(&attr.value), Ok(Value::Bool(true)))
                        }) {
                            sensitive.push(name.clone());
                        }
                        variables.insert(name, default);
                    }
                    ("locals", _) => {
                        for attr in block.body.attributes() {
                            locals.insert(attr.key.as_str().to_string(), &attr.value);
                        }
                    }
                    _ => {}
                }
            }
        }
        for (name, value) in inputs {
            if variables.contains_key(&name) {
                variables.insert(name, value);
            }
        }
        // A sensitive value is never read, wherever it came from: what a
        // rule would say of it could print it.
        for name in sensitive {
            let reason =
                format!("variable \"{name}\" is sensitive: chanto does not read its value");
            variables.insert(name, Err(reason));
        }

        let mut calls = Vec::new();
        for f in files {
            let lines = LineIndex::new(&f.text);
            let scope = Scope::new(&variables, &locals, &prefix, &lines);
            for block in f.body.blocks() {
                let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
                let (line, col) = scope.position(block).unwrap_or((1, 1));
                match (block.ident.as_str(), labels.as_slice()) {
                    ("resource", [kind, name]) => {
                        let instances = match instances(&block.body, &scope) {
                            Ok(instances) => instances,
                            Err(message) => {
                                self.loaded
                                    .errors
                                    .push(error(&f.display, Some(line), message));
                                vec![Instance::only()]
                            }
                        };
                        for instance in instances {
                            let address = format!("{prefix}{kind}.{name}{}", instance.suffix);
                            let node = instance
                                .bound(&scope, || body_node(&block.body, &scope, line, col));
                            if !kubernetes::adapt(
                                kind,
                                &node,
                                f.file,
                                &mut self.loaded.output.objects,
                            ) {
                                azurerm::adapt(
                                    kind,
                                    &address,
                                    &node,
                                    f.file,
                                    Shape::Terraform,
                                    &mut self.loaded.output,
                                    self.associations,
                                );
                            }
                        }
                    }
                    ("module", [name]) => {
                        let call_key = if key.is_empty() {
                            (*name).to_string()
                        } else {
                            format!("{key}.{name}")
                        };
                        let source = local_source(dir, &block.body).or_else(|| {
                            self.installed
                                .and_then(|installed| installed.get(&call_key))
                                .cloned()
                        });
                        match source {
                            Some(child) if child == *dir || self.path.contains(&child) => {
                                let cycle: Vec<String> = self
                                    .path
                                    .iter()
                                    .skip_while(|p| **p != child)
                                    .map(PathBuf::as_path)
                                    .chain([dir, child.as_path()])
                                    .map(|p| p.display().to_string())
                                    .collect();
                                self.loaded.errors.push(error(
                                &f.display,
                                Some(line),
                                format!(
                                    "module.{name} calls back into a module that calls it ({}): a cycle Terraform refuses, not followed",
                                    cycle.join(" → ")
                                ),
                            ));
                            }
                            Some(_) if self.instances >= MAX_MODULE_INSTANCES => {
                                self.loaded.errors.push(error(
                                &f.display,
                                Some(line),
                                format!(
                                    "module.{name} not evaluated: more than {MAX_MODULE_INSTANCES} module instances"
                                ),
                            ));
                            }
                            Some(child) if !modules.contains_key(&child) => {
                                // Terraform refuses a source folder that is
                                // not there; so does chanto, at the call.
                                self.loaded.errors.push(error(
                                    &f.display,
                                    Some(line),
                                    format!(
                                        "module.{name}: no module folder at {}",
                                        child.display()
                                    ),
                                ));
                            }
                            Some(child) if depth < MAX_MODULE_DEPTH => {
                                let instances = match instances(&block.body, &scope) {
                                    Ok(instances) => instances,
                                    Err(message) => {
                                        self.loaded.errors.push(error(
                                            &f.display,
                                            Some(line),
                                            message,
                                        ));
                                        vec![Instance::only()]
                                    }
                                };
                                for instance in instances {
                                    let inputs = instance.bound(&scope, || {
                                        block
                                            .body
                                            .attributes()
                                            .filter(|a| !MODULE_META.contains(&a.key.as_str()))
                                            .map(|a| {
                                                (
                                                    a.key.as_str().to_string(),
                                                    scope.eval(&a.value, 0),
                                                )
                                            })
                                            .collect()
                                    });
                                    calls.push((
                                        child.clone(),
                                        inputs,
                                        format!("{prefix}module.{name}{}.", instance.suffix),
                                        call_key.clone(),
                                    ));
                                }
                            }
                            Some(_) => {}
                            None => {
                                let source = block
                                    .body
                                    .get_attribute("source")
                                    .map(|a| match &a.value {
                                        Expression::String(s) => s.value().to_string(),
                                        _ => "an expression".to_string(),
                                    })
                                    .unwrap_or_else(|| "no source".to_string());
                                self.loaded.skipped.push((
                                    format!("{}:{line}: module.{name} ({source})", f.display),
                                    REMOTE_MODULE,
                                ));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        self.path.push(dir.to_path_buf());
        for (child, inputs, prefix, call_key) in calls {
            self.module(&child, inputs, prefix, &call_key, depth + 1);
        }
        self.path.pop();
    }
}

/// More instances of one block than chanto expands: a `count` past it is
/// nothing a cluster configuration holds.
const MAX_BLOCK_INSTANCES: i64 = 1_000;

/// One instance of a resource or module block: its address suffix (`[0]`,
/// `["prod"]`) and the iterator it binds (`count.index`, `each.key` and
/// `each.value`).
struct Instance {
    suffix: String,
    iterator: Option<(&'static str, Value, Value)>,
}

impl Instance {
    /// The block's only instance: no `count` or `for_each`, or one whose
    /// collection Terraform only knows when planning (one instance stands
    /// for all, its `each`/`count` references unknown).
    fn only() -> Self {
        Instance {
            suffix: String::new(),
            iterator: None,
        }
    }

    /// `f`, with this instance's iterator bound.
    fn bound<T>(&self, scope: &Scope, f: impl FnOnce() -> T) -> T {
        match &self.iterator {
            Some((name, key, value)) => scope.with_iterator(name, key.clone(), value.clone(), f),
            None => f(),
        }
    }
}

/// The instances `count` or `for_each` make of a block, as Terraform
/// addresses them: `count = 0` (or `x ? 1 : 0` with a false `x`) makes none,
/// `for_each` one per map key or set element in key order, and a collection
/// only known when planning one instance standing for all.
fn instances(body: &Body, scope: &Scope) -> Result<Vec<Instance>, String> {
    if let Some(count) = body.get_attribute("count") {
        return match scope.eval(&count.value, 0) {
            Ok(Value::Int(n)) if n > MAX_BLOCK_INSTANCES => Err(format!(
                "count = {n}: more than the {MAX_BLOCK_INSTANCES} instances chanto expands; read as one"
            )),
            Ok(Value::Int(n)) => Ok((0..n.max(0))
                .map(|i| Instance {
                    suffix: format!("[{i}]"),
                    iterator: Some(("count", Value::Int(i), Value::Int(i))),
                })
                .collect()),
            _ => Ok(vec![Instance::only()]),
        };
    }
    let Some(for_each) = body.get_attribute("for_each") else {
        return Ok(vec![Instance::only()]);
    };
    let mut elements: Vec<(String, Value)> = match scope.eval(&for_each.value, 0) {
        Ok(Value::Map(entries)) => entries.into_iter().map(|(k, v)| (k, v.value)).collect(),
        // A set: each element is its own key (Terraform takes only strings).
        Ok(Value::Seq(items)) => {
            let mut keys = Vec::with_capacity(items.len());
            for item in items {
                match item.value {
                    Value::Str(s) => keys.push((s.clone(), Value::Str(s))),
                    _ => return Ok(vec![Instance::only()]),
                }
            }
            keys
        }
        _ => return Ok(vec![Instance::only()]),
    };
    elements.sort_by(|a, b| a.0.cmp(&b.0));
    elements.dedup_by(|a, b| a.0 == b.0);
    Ok(elements
        .into_iter()
        .map(|(key, value)| Instance {
            suffix: format!("[{}]", serde_json::Value::String(key.clone())),
            iterator: Some(("each", Value::Str(key), value)),
        })
        .collect())
}

/// A block's body as a positioned tree: attributes evaluated, nested blocks
/// as objects (a list of them when repeated), `dynamic` blocks unknown.
fn body_node(body: &Body, scope: &Scope, line: u32, col: u32) -> Node {
    let mut entries: Vec<(String, Node)> = Vec::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => {
                let key = attr.key.as_str();
                if RESOURCE_META.contains(&key) {
                    continue;
                }
                let (l, c) = scope.position(attr).unwrap_or((line, col));
                let value = scope.node(&attr.value, l, c);
                entries.push((key.to_string(), Node::new(l, c, value.value)));
            }
            Structure::Block(block) => {
                let ident = block.ident.as_str();
                if META_BLOCKS.contains(&ident) {
                    continue;
                }
                let (l, c) = scope.position(block).unwrap_or((line, col));
                match (ident, block.labels.first()) {
                    ("dynamic", Some(label)) => {
                        for node in dynamic_blocks(block, label.as_str(), scope, l, c) {
                            add_block(&mut entries, label.as_str(), node);
                        }
                    }
                    _ => add_block(&mut entries, ident, body_node(&block.body, scope, l, c)),
                }
            }
        }
    }
    Node::new(line, col, Value::Map(entries))
}

/// A nested block under its name: an object, or a list of them once the
/// name repeats.
fn add_block(entries: &mut Vec<(String, Node)>, key: &str, node: Node) {
    match entries.iter_mut().find(|(k, _)| k == key) {
        Some((_, existing)) => {
            if let Value::Seq(items) = &mut existing.value {
                items.push(node);
            } else {
                let first = existing.clone();
                *existing = Node::new(first.line, first.col, Value::Seq(vec![first, node]));
            }
        }
        None => entries.push((key.to_string(), node)),
    }
}

/// A `dynamic` block, expanded when its `for_each` is known: one block per
/// element (none for an empty collection), with the iterator bound. When
/// `for_each` is only known at plan time, one unknown block stands for all.
fn dynamic_blocks(block: &Block, name: &str, scope: &Scope, line: u32, col: u32) -> Vec<Node> {
    let unknown = |reason: String| vec![Node::new(line, col, Value::Unresolved(reason))];
    let Some(content) = block.body.get_blocks("content").next() else {
        return unknown(format!("dynamic \"{name}\" has no content block"));
    };
    let iterator = match block.body.get_attribute("iterator").map(|a| &a.value) {
        Some(Expression::Variable(v)) => v.as_str().to_string(),
        _ => name.to_string(),
    };
    let (cl, cc) = scope.position(content).unwrap_or((line, col));
    let elements: Vec<(Value, Value)> = match block
        .body
        .get_attribute("for_each")
        .map(|a| scope.eval(&a.value, 0))
    {
        Some(Ok(Value::Seq(items))) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| (Value::Int(i64::try_from(i).unwrap_or(i64::MAX)), item.value))
            .collect(),
        Some(Ok(Value::Map(entries))) => entries
            .into_iter()
            .map(|(k, v)| (Value::Str(k), v.value))
            .collect(),
        Some(Ok(_)) => {
            return unknown(format!(
                "for_each of dynamic \"{name}\" is not a collection"
            ));
        }
        Some(Err(reason)) => return unknown(reason),
        None => return unknown(format!("dynamic \"{name}\" has no for_each")),
    };
    elements
        .into_iter()
        .map(|(key, value)| {
            scope.with_iterator(&iterator, key, value, || {
                body_node(&content.body, scope, cl, cc)
            })
        })
        .collect()
}

/// A value with no references (a variable default, a `.tfvars` entry).
fn constant(expr: &Expression) -> Binding {
    let none = HashMap::new();
    let no_locals = HashMap::new();
    let lines = LineIndex::new("");
    Scope::new(&none, &no_locals, "", &lines).eval(expr, 0)
}

/// The folder of a module call whose `source` is a local path.
fn local_source(dir: &Path, body: &Body) -> Option<PathBuf> {
    let source = body.get_attribute("source")?;
    let Expression::String(s) = &source.value else {
        return None;
    };
    let s = s.value();
    (s.starts_with("./") || s.starts_with("../")).then(|| normalise(&dir.join(s)))
}

/// The variable files Terraform loads by itself, in its order.
fn auto_var_files(
    dir: &Path,
    max_size: u64,
    names: &FileNames,
) -> Vec<(String, Result<String, String>)> {
    let mut auto: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json"))
        })
        .collect();
    auto.sort();
    ["terraform.tfvars", "terraform.tfvars.json"]
        .iter()
        .map(|n| dir.join(n))
        .filter(|p| p.is_file())
        .chain(auto)
        .map(|p| (names.name(&p), read(&p, max_size)))
        .collect()
}

/// A `.tfvars` file (HCL attributes) or its `.json` form.
fn var_file(display: &str, text: &str) -> Result<HashMap<String, Binding>, String> {
    if display.ends_with(".json") {
        let root = super::json::parse(text)
            .map_err(|e| format!("line {}: {}", e.line, e.message))?
            .ok_or("empty variable file")?;
        return Ok(root
            .entries()
            .iter()
            .map(|(k, v)| (k.clone(), Ok(v.value.clone())))
            .collect());
    }
    let body = hcl_edit::parser::parse_body(text).map_err(|e| {
        format!(
            "line {}, column {}: {}",
            e.location().line(),
            e.location().column(),
            e.message()
        )
    })?;
    Ok(body
        .attributes()
        .map(|a| (a.key.as_str().to_string(), constant(&a.value)))
        .collect())
}

fn error(file: &str, line: Option<u32>, message: String) -> LoadError {
    LoadError {
        file: file.to_string(),
        line,
        column: None,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(super) fn load_text(text: &str) -> Loaded {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("main.tf");
        std::fs::write(&path, text).unwrap();
        let file = TfFile {
            file: FileId(0),
            path,
            display: "main.tf".into(),
        };
        load(vec![file], &[], 1 << 20, 1, &FileNames::default())
    }

    proptest! {
        #[test]
        fn no_text_makes_the_terraform_loader_panic(text in "\\PC{0,200}") {
            let _ = load_text(&text);
        }

        #[test]
        fn any_expression_in_a_cluster_attribute_is_read_or_unknown(
            expr in prop_oneof![
                Just("var.missing".to_string()), Just("local.a".to_string()),
                Just("[for x in var.l : x]".to_string()), Just("data.x.y.z".to_string()),
                Just("1 / 0".to_string()), Just("\"${var.a}-${local.b}\"".to_string()),
                Just("module.m.out[0]".to_string()), Just("-true".to_string()),
                "[a-z_]{1,8}\\([0-9, \"]{0,6}\\)", "-?[0-9]{1,4}", "\"[a-z ]{0,8}\"",
            ],
        ) {
            let text = format!(
                "locals {{\n  a = local.a\n}}\nresource \"azurerm_kubernetes_cluster\" \"c\" {{\n  name = {expr}\n  private_cluster_enabled = {expr}\n  default_node_pool {{\n    name = {expr}\n    zones = [{expr}]\n  }}\n  network_profile {{\n    network_plugin = {expr}\n  }}\n}}\n"
            );
            let loaded = load_text(&text);
            prop_assert!(loaded.errors.len() + loaded.output.clusters.len() == 1);
        }
    }
}
