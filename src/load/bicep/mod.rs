//! Bicep, read natively: `.bicep` files are parsed ([`syntax`]), their
//! expressions evaluated ([`eval`]) with the function library ARM templates
//! use, and every resource they deploy read by the same code as an ARM
//! template's, each value at its `.bicep` line.
//!
//! A file another scanned file calls as a local module is evaluated through
//! that call, with its `params`; a `.bicepparam` file evaluates the file it
//! is `using` with its values (one evaluation per parameter file); every
//! other `.bicep` file is a root, evaluated on its defaults. Registry
//! modules (`br:`, `br/public:`, `ts:`) are listed as not followed.

mod eval;
mod registry;
mod syntax;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use eval::{Env, Passed, Symbol, set};
use syntax::{Decl, DeclKind, Expr, ExprKind, Prop};

use super::arm_parameters::ParameterSet;
use super::tree::{Node, Value};
use super::{
    FileNames, FolderLoad, LoadError, SourceFile, arm_template, json, normalise, read_text,
};
use crate::model::{BICEP_REGISTRY_MODULE, FileId};

/// Module calls nest at most this deep; a cycle of modules must end.
const MAX_MODULE_DEPTH: usize = 16;

/// More module and loop instances than a real deployment has: past it the
/// evaluation stops with an error rather than growing exponentially.
const MAX_INSTANCES: usize = 10_000;

/// Whether a file is Bicep source or a Bicep parameter file, by extension.
pub(super) fn is_bicep(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("bicep") || e.eq_ignore_ascii_case("bicepparam"))
}

/// What loading the Bicep files gave; `skipped` holds the registry modules
/// not followed.
type Loaded = FolderLoad;

struct Parsed {
    file: FileId,
    display: String,
    decls: Vec<Decl>,
}

pub(super) fn load(
    files: Vec<SourceFile>,
    max_size: u64,
    next_file: u32,
    names: &FileNames,
) -> Loaded {
    let mut loaded = Loaded::default();
    let mut parsed: BTreeMap<PathBuf, Option<Parsed>> = BTreeMap::new();
    for f in files {
        let path = normalise(&f.path);
        let result = parse_file(&f.path, f.file, &f.display, max_size, &mut loaded);
        parsed.insert(path, result);
    }
    // Follow local modules and `using` targets to files not among the inputs.
    let mut next_file = next_file;
    loop {
        let missing: Vec<PathBuf> = parsed
            .iter()
            .filter_map(|(path, p)| p.as_ref().map(|p| (path, p)))
            .flat_map(|(path, p)| used_files(path, &p.decls))
            .filter(|target| !parsed.contains_key(target))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if missing.is_empty() {
            break;
        }
        for path in missing {
            if !path.is_file() {
                parsed.insert(path, None);
                continue;
            }
            let display = names.name(&path);
            loaded.extra_files.push(display.clone());
            let file = FileId(next_file);
            next_file = next_file.saturating_add(1);
            let result = parse_file(&path, file, &display, max_size, &mut loaded);
            parsed.insert(path, result);
        }
    }
    let used: BTreeSet<PathBuf> = parsed
        .iter()
        .filter_map(|(path, p)| p.as_ref().map(|p| (path, p)))
        .flat_map(|(path, p)| used_files(path, &p.decls))
        .collect();
    let mut evaluator = Evaluator {
        parsed: &parsed,
        loaded: &mut loaded,
        stack: Vec::new(),
        instances: 0,
        registry_cache: registry::cache_root(),
        cached_modules: HashMap::new(),
        names,
        next_file,
        max_size,
    };
    // `.bicepparam` files: one evaluation of their template each.
    let mut by_template: BTreeMap<PathBuf, Vec<&Parsed>> = BTreeMap::new();
    for (path, p) in parsed
        .iter()
        .filter_map(|(path, p)| p.as_ref().map(|p| (path, p)))
    {
        if let Some(target) = using(path, &p.decls) {
            by_template.entry(target).or_default().push(p);
        }
    }
    for (template, parameter_files) in &by_template {
        if !template.is_file() {
            for p in parameter_files {
                let at = p
                    .decls
                    .iter()
                    .find(|d| matches!(d.kind, DeclKind::Using(_)));
                evaluator.loaded.errors.push(LoadError {
                    file: p.display.clone(),
                    line: at.map(|d| d.line),
                    column: at.map(|d| d.col),
                    message: format!("using {}: no such file", names.name(template)),
                });
            }
            continue;
        }
        for p in parameter_files {
            let env = Env::new(&p.decls, None);
            let passed: HashMap<String, Passed> = p
                .decls
                .iter()
                .filter_map(|d| match &d.kind {
                    DeclKind::ParamValue { name, value } => {
                        let node = env.node(value).written_in(p.file);
                        let value = match &node.value {
                            Value::Unresolved(reason) => Err(reason.clone()),
                            _ => Ok(node),
                        };
                        Some((name.clone(), value))
                    }
                    _ => None,
                })
                .collect();
            let suffix = (parameter_files.len() > 1).then(|| p.display.clone());
            evaluator.root(template, Some(passed), suffix);
        }
    }
    for (path, p) in &parsed {
        let is_root = p.is_some()
            && !used.contains(path)
            && path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("bicep"));
        if is_root {
            evaluator.root(path, None, None);
        }
    }
    arm_template::link_pools(&mut loaded.output);
    loaded
}

fn parse_file(
    path: &Path,
    file: FileId,
    display: &str,
    max_size: u64,
    loaded: &mut Loaded,
) -> Option<Parsed> {
    let error = |line, column, message| LoadError {
        file: display.to_string(),
        line,
        column,
        message,
    };
    let text = match read_text(path, max_size) {
        Ok(text) => text,
        Err(message) => {
            loaded.errors.push(error(None, None, message));
            return None;
        }
    };
    match syntax::parse(&text) {
        Ok(decls) => {
            loaded.files_read += 1;
            Some(Parsed {
                file,
                display: display.to_string(),
                decls,
            })
        }
        Err(e) => {
            loaded
                .errors
                .push(error(Some(e.line), Some(e.col), e.message));
            None
        }
    }
}

/// The local files a file uses: its modules' and its `using` target.
fn used_files(path: &Path, decls: &[Decl]) -> Vec<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new("."));
    decls
        .iter()
        .filter_map(|d| match &d.kind {
            DeclKind::Module { path, .. } if !is_registry(path) => Some(normalise(&dir.join(path))),
            DeclKind::Using(target) => Some(normalise(&dir.join(target))),
            _ => None,
        })
        .collect()
}

fn using(path: &Path, decls: &[Decl]) -> Option<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new("."));
    decls.iter().find_map(|d| match &d.kind {
        DeclKind::Using(target) => Some(normalise(&dir.join(target))),
        _ => None,
    })
}

/// A module from a registry (`br:`, `br/public:`) or a template spec
/// (`ts:`), which chanto does not fetch.
fn is_registry(path: &str) -> bool {
    ["br:", "br/", "ts:", "ts/"]
        .iter()
        .any(|p| path.starts_with(p))
}

struct Evaluator<'p, 'l> {
    parsed: &'p BTreeMap<PathBuf, Option<Parsed>>,
    loaded: &'l mut Loaded,
    /// The files of the module calls being evaluated, outermost first.
    stack: Vec<PathBuf>,
    instances: usize,
    /// The Bicep CLI's module cache, if this user has a home.
    registry_cache: Option<PathBuf>,
    /// Registry modules read from the cache: their id and compiled template.
    cached_modules: HashMap<PathBuf, Option<(FileId, Node)>>,
    names: &'p FileNames,
    next_file: u32,
    max_size: u64,
}

impl Evaluator<'_, '_> {
    /// Evaluates a root: a file on its own or a parameter file's template;
    /// `suffix` names the evaluation when a template has several.
    fn root(
        &mut self,
        path: &Path,
        passed: Option<HashMap<String, Passed>>,
        suffix: Option<String>,
    ) {
        let mark = self.loaded.output.mark();
        self.file(path, passed, 0);
        if let Some(suffix) = suffix {
            self.loaded.output.name_since(mark, &suffix);
        }
    }

    fn error(&mut self, p: &Parsed, at: (u32, u32), message: String) {
        self.loaded.errors.push(LoadError {
            file: p.display.clone(),
            line: Some(at.0),
            column: Some(at.1),
            message,
        });
    }

    /// Evaluates the file at `path` with the values `passed` (none for a
    /// file scanned on its own).
    fn file(&mut self, path: &Path, passed: Option<HashMap<String, Passed>>, depth: usize) {
        let parsed = self.parsed;
        let Some(Some(p)) = parsed.get(path) else {
            return;
        };
        self.instances += 1;
        self.stack.push(path.to_path_buf());
        let env = Env::new(&p.decls, passed);
        let resources = flatten(&p.decls);
        for (decl, parent) in &resources {
            if let DeclKind::Resource { name, .. } = &decl.kind {
                let parent = parent.and_then(|p| env.symbols.borrow().get(p).cloned());
                let symbol = symbol(&env, decl, parent.as_ref());
                env.symbols.borrow_mut().insert(name.clone(), symbol);
            }
        }
        for decl in &p.decls {
            if let DeclKind::Module { name, .. } = &decl.kind {
                env.symbols.borrow_mut().insert(
                    name.clone(),
                    Symbol {
                        arm_type: "Microsoft.Resources/deployments".into(),
                        name: Err(format!("module {name}")),
                        module: true,
                    },
                );
            }
        }
        for (decl, parent) in &resources {
            self.resource(&env, p, decl, *parent);
        }
        for decl in &p.decls {
            self.module(&env, p, path, decl, depth);
        }
        self.stack.pop();
    }

    /// Calls `each` with the body of every instance of a resource or module
    /// (`if`, `for`, or just one), its loop item bound; a false condition
    /// makes none.
    fn instances(&mut self, env: &Env, value: &Expr, each: &mut dyn FnMut(&mut Self, &Env, &Expr)) {
        match &value.kind {
            ExprKind::If { condition, body } => match env.eval(condition, 0) {
                Ok(Value::Bool(false)) => {}
                // A condition only the deployment decides keeps the resource,
                // its values read as they are.
                _ => each(self, env, body),
            },
            ExprKind::For {
                item,
                index,
                source,
                body,
            } => match env.eval(source, 0) {
                Ok(Value::Seq(items)) => {
                    for (i, element) in items.into_iter().enumerate() {
                        if self.instances >= MAX_INSTANCES {
                            return;
                        }
                        self.instances += 1;
                        let mut names = vec![(item.as_str(), element.value)];
                        if let Some(index) = index {
                            names.push((index.as_str(), Value::Int(i64::try_from(i).unwrap_or(0))));
                        }
                        env.with_bound(&names, || {
                            self.instances(env, body, each);
                        });
                    }
                }
                // A collection only the deployment knows: one instance stands
                // for all, its loop item unknown.
                _ => {
                    let names = [(
                        item.as_str(),
                        Value::Unresolved(
                            "the loop's collection is only known at deployment".to_string(),
                        ),
                    )];
                    env.with_bound(&names, || self.instances(env, body, each));
                }
            },
            _ => each(self, env, value),
        }
    }

    /// Reads each instance of a resource declaration; `nested_in` is the
    /// symbolic name of the resource it is declared inside.
    fn resource(&mut self, env: &Env, p: &Parsed, decl: &Decl, nested_in: Option<&str>) {
        let DeclKind::Resource {
            type_version,
            existing,
            value,
            ..
        } = &decl.kind
        else {
            return;
        };
        let (written_type, api_version) = split_type(type_version);
        let file = p.file;
        let existing = *existing;
        self.instances(env, value, &mut |this, env, body| {
            let parent = nested_in
                .map(String::from)
                .or_else(|| field_ident(body, "parent"))
                .and_then(|name| env.symbols.borrow().get(&name).cloned());
            let mut node = env.node(body);
            let Value::Map(entries) = &mut node.value else {
                return;
            };
            let own_name = entries
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("name"))
                .and_then(|(_, v)| v.as_str().map(String::from));
            let (arm_type, name) = full_type_and_name(written_type, own_name, parent.as_ref());
            // What places the resource, not what configures it.
            // Property names match as ARM matches them, ignoring case.
            entries.retain(|(k, _)| {
                !["parent", "scope", "dependsOn"]
                    .iter()
                    .any(|placing| k.eq_ignore_ascii_case(placing))
            });
            let at = |value| Node::new(decl.line, decl.col, value);
            set(entries, "type", at(Value::Str(arm_type)));
            set(
                entries,
                "apiVersion",
                at(Value::Str(api_version.to_string())),
            );
            if let Some(name) = name {
                set(entries, "name", at(Value::Str(name)));
            }
            if existing {
                set(entries, "existing", at(Value::Bool(true)));
            }
            arm_template::read_evaluated(&node, file, &mut this.loaded.output);
        });
    }

    /// Evaluates each instance of a module call in `caller`.
    fn module(&mut self, env: &Env, p: &Parsed, caller: &Path, decl: &Decl, depth: usize) {
        let DeclKind::Module {
            name,
            path: target,
            value,
        } = &decl.kind
        else {
            return;
        };
        if is_registry(target) {
            match self.cached_module(target) {
                Some((file, template)) => {
                    // The compiled module, deployed with the call's params.
                    self.instances(env, value, &mut |this, env, body| {
                        let set = ParameterSet {
                            display: format!("module {name}"),
                            values: module_params(env, body, p.file),
                        };
                        arm_template::load(&template, file, &mut this.loaded.output, &[set]);
                    });
                }
                None => {
                    // Listed when it would be deployed (a false condition
                    // deploys nothing to miss).
                    let mut deployed = false;
                    self.instances(env, value, &mut |_, _, _| deployed = true);
                    if deployed {
                        self.loaded.skipped.push((
                            format!("{}:{}: module {name} ({target})", p.display, decl.line),
                            BICEP_REGISTRY_MODULE,
                        ));
                    }
                }
            }
            return;
        }
        let dir = caller.parent().unwrap_or(Path::new("."));
        let path = normalise(&dir.join(target));
        if self.stack.contains(&path) {
            self.error(
                p,
                (decl.line, decl.col),
                format!(
                    "module {name} calls back into a file that calls it: a cycle Bicep refuses"
                ),
            );
            return;
        }
        if depth >= MAX_MODULE_DEPTH {
            self.error(
                p,
                (decl.line, decl.col),
                format!("module {name}: modules nest more than {MAX_MODULE_DEPTH} deep"),
            );
            return;
        }
        if !matches!(self.parsed.get(&path), Some(Some(_))) {
            if !matches!(self.parsed.get(&path), Some(None)) || !path.is_file() {
                self.error(
                    p,
                    (decl.line, decl.col),
                    format!("module {name}: {target} not found"),
                );
            }
            return;
        }
        self.instances(env, value, &mut |this, env, body| {
            let passed = module_params(env, body, p.file);
            this.file(&path, Some(passed), depth + 1);
        });
    }

    /// A registry module's compiled template from the Bicep CLI's cache,
    /// read once however often it is called.
    fn cached_module(&mut self, reference: &str) -> Option<(FileId, Node)> {
        let path = self
            .registry_cache
            .as_deref()
            .and_then(|root| registry::cached_module(root, reference))
            .filter(|path| path.is_file())?;
        if let Some(known) = self.cached_modules.get(&path) {
            return known.clone();
        }
        let display = self.names.name(&path);
        let file = FileId(self.next_file);
        self.next_file = self.next_file.saturating_add(1);
        self.loaded.extra_files.push(display.clone());
        let read = read_text(&path, self.max_size).and_then(|text| {
            json::parse(&text)
                .map_err(|e| format!("line {}: {}", e.line, e.message))?
                .ok_or_else(|| "an empty file".to_string())
        });
        let template = match read {
            Ok(template) => {
                self.loaded.files_read += 1;
                Some((file, template))
            }
            Err(message) => {
                self.loaded.errors.push(LoadError {
                    file: display,
                    line: None,
                    column: None,
                    message,
                });
                None
            }
        };
        self.cached_modules.insert(path, template.clone());
        template
    }
}

/// The values a module call passes (its `params`), written in `file`.
fn module_params(env: &Env, body: &Expr, file: FileId) -> HashMap<String, Passed> {
    let Some(params) = field(body, "params") else {
        return HashMap::new();
    };
    match env.node(params).value {
        Value::Map(entries) => entries
            .into_iter()
            .map(|(k, v)| {
                let value = match &v.value {
                    Value::Unresolved(reason) => Err(reason.clone()),
                    _ => Ok(v.written_in(file)),
                };
                (k, value)
            })
            .collect(),
        _ => HashMap::new(),
    }
}

/// Every resource declaration of a file, nested ones after their parent,
/// each with the symbolic name of the resource it is declared inside.
fn flatten(decls: &[Decl]) -> Vec<(&Decl, Option<&str>)> {
    let mut out = Vec::new();
    for decl in decls {
        push_resource(decl, None, &mut out);
    }
    out
}

fn push_resource<'d>(
    decl: &'d Decl,
    parent: Option<&'d str>,
    out: &mut Vec<(&'d Decl, Option<&'d str>)>,
) {
    let DeclKind::Resource { value, name, .. } = &decl.kind else {
        return;
    };
    out.push((decl, parent));
    for prop in body_object(value).unwrap_or_default() {
        if let Prop::Resource(child) = prop {
            push_resource(child, Some(name), out);
        }
    }
}

/// The object of a resource body, through `if` (a loop's body is left out:
/// its nested resources repeat with it).
fn body_object(value: &Expr) -> Option<&[Prop]> {
    match &value.kind {
        ExprKind::Object(props) => Some(props),
        ExprKind::If { body, .. } => body_object(body),
        _ => None,
    }
}

/// A resource's full type and name: a child's extend its parent's (Bicep
/// writes a nested child's type as its last segment, and a child's name
/// without its parent's).
fn full_type_and_name(
    written_type: &str,
    own_name: Option<String>,
    parent: Option<&Symbol>,
) -> (String, Option<String>) {
    let Some(parent) = parent else {
        return (written_type.to_string(), own_name);
    };
    let arm_type = if written_type.contains('.') {
        written_type.to_string()
    } else {
        format!("{}/{written_type}", parent.arm_type)
    };
    let parent_name = parent
        .name
        .clone()
        .unwrap_or_else(|_| super::azure::NAME_SET_AT_DEPLOYMENT.to_string());
    (arm_type, own_name.map(|own| format!("{parent_name}/{own}")))
}

/// The symbol a resource declaration defines: its type and evaluated name
/// (a resource in a loop has no one name).
fn symbol(env: &Env, decl: &Decl, parent: Option<&Symbol>) -> Symbol {
    let DeclKind::Resource {
        type_version,
        value,
        ..
    } = &decl.kind
    else {
        unreachable!("symbols are made for resources")
    };
    let (written_type, _) = split_type(type_version);
    let own = match field(value, "name") {
        Some(expr) => match env.eval(expr, 0) {
            Ok(Value::Str(name)) => Ok(name),
            Ok(_) => Err("a resource name that is not a string".to_string()),
            Err(reason) => Err(reason),
        },
        None => Err("a resource declared in a loop".to_string()),
    };
    let (arm_type, name) = full_type_and_name(written_type, own.clone().ok(), parent);
    Symbol {
        arm_type,
        name: name.ok_or_else(|| own.err().unwrap_or_default()),
        module: false,
    }
}

/// `Microsoft.X/y@2024-01-01` into type and API version.
fn split_type(type_version: &str) -> (&str, &str) {
    type_version.split_once('@').unwrap_or((type_version, ""))
}

/// The symbolic name a body's field holds (`parent: vnet`).
fn field_ident(body: &Expr, key: &str) -> Option<String> {
    match field(body, key).map(|e| &e.kind) {
        Some(ExprKind::Ident(name)) => Some(name.clone()),
        _ => None,
    }
}

/// The expression of a resource or module body's field, through `if`.
fn field<'e>(body: &'e Expr, key: &str) -> Option<&'e Expr> {
    body_object(body)?.iter().find_map(|p| match p {
        Prop::Field { key: k, value, .. } if k.eq_ignore_ascii_case(key) => Some(value),
        _ => None,
    })
}
