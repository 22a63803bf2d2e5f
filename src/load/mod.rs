//! Discover input files, parse each once, and adapt every document into the
//! normalised [`Inventory`]. One bad file becomes one [`LoadError`]; it never
//! stops the others.

mod aks;
mod arm_expr;
mod arm_parameters;
mod arm_template;
mod azure;
#[cfg(feature = "azure")]
pub mod azure_live;
mod bicep;
mod functions;
mod helm;
mod json;
#[cfg(feature = "kube")]
pub mod kube_live;
mod kubernetes;
mod kustomize;
#[cfg(any(feature = "azure", feature = "kube"))]
mod live;
mod names;
mod network_rules;
mod terraform;
pub(crate) mod tree;
pub(crate) mod yaml;

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

pub use crate::model::LoadError;
use crate::model::{
    AzureResource, Cluster, FileId, Inventory, KubeObject, Loc, NodePool, Reference, Shape,
};
use crate::model::{CHART_NOT_RENDERED, LINKED_TEMPLATE, LiveObjects};
pub use helm::{HELM_ENV, HelmOptions};
pub use kustomize::build_as_json as build_kustomization;
pub use names::{FileNames, repository_root};
use tree::{Node, Value};

/// Extensions a directory walk reads. Files named on the command line are
/// read whatever their name; either way the content decides what they are.
const WALKED_EXTENSIONS: [&str; 7] = ["json", "jsonc", "yaml", "yml", "tf", "bicep", "bicepparam"];

#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Files larger than this are refused rather than read into memory.
    pub max_file_size: u64,
    /// Terraform variable files for every root module, after the ones
    /// Terraform loads by itself (`terraform.tfvars`, `*.auto.tfvars`).
    pub var_files: Vec<PathBuf>,
    /// Follow symbolic links that lead out of the scanned folder; links
    /// inside it are always followed.
    pub follow_links: bool,
    /// Globs of walked files and folders to pass over (`--exclude`,
    /// `exclude:` in `chanto.yaml`); files named as inputs are always read.
    pub exclude: Vec<String>,
    /// Reports name files relative to this folder (the command line uses
    /// the repository's top level); without it, relative to the one folder
    /// scanned, or as given.
    pub root: Option<PathBuf>,
    /// How Helm charts among the inputs are rendered.
    pub helm: HelmOptions,
    /// ARM parameter files for every template (`--parameters`), in place of
    /// the ones found beside each template.
    pub parameter_files: Vec<PathBuf>,
    /// Inputs read from a live service rather than a file, each as the file
    /// `--save` writes it, read after the paths.
    pub documents: Vec<Document>,
    /// Read live Azure too (`--azure`), adding its documents to the others.
    #[cfg(feature = "azure")]
    pub azure: Option<azure_live::AzureOptions>,
    /// Read a live cluster too (`--kube`).
    #[cfg(feature = "kube")]
    pub kube: Option<kube_live::KubeOptions>,
}

/// One input read from a live service (Azure Resource Manager, Resource
/// Graph): the text a file of it would hold, under the name reports give
/// it — the path `--save` writes it to, so a scan of the saved folder
/// reports the same names.
#[derive(Debug, Clone)]
pub struct Document {
    pub display: String,
    pub text: String,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_size: 64 * 1024 * 1024,
            var_files: Vec::new(),
            follow_links: false,
            exclude: Vec::new(),
            root: None,
            helm: HelmOptions::default(),
            parameter_files: Vec::new(),
            documents: Vec::new(),
            #[cfg(feature = "azure")]
            azure: None,
            #[cfg(feature = "kube")]
            kube: None,
        }
    }
}

/// A syntax error inside a file.
#[derive(Debug)]
pub struct ParseFailure {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

/// Everything a load produced.
#[derive(Debug, Default)]
pub struct Loaded {
    pub inventory: Inventory,
    pub errors: Vec<LoadError>,
    /// Walked files that hold nothing chanto reads (a `package.json`, a Helm
    /// values file), with the reason.
    pub skipped: Vec<(String, &'static str)>,
    /// Files that contributed at least one resource.
    pub files_read: usize,
}

/// Loads every input and keeps the whole model.
pub fn load(paths: &[PathBuf], options: &LoadOptions) -> Loaded {
    load_with(paths, options, &[], |_, _| (), |_, ()| (), |_, _| ())
}

/// What the live readers brought.
#[derive(Default)]
struct LiveInputs {
    /// Live Azure's documents.
    documents: Vec<Document>,
    /// A live cluster's objects.
    cluster_documents: Vec<Document>,
    /// Kinds the cluster would not list.
    unlisted: Vec<crate::model::Unlisted>,
    /// What could not be read.
    errors: Vec<LoadError>,
}

#[cfg_attr(
    not(any(feature = "azure", feature = "kube")),
    allow(unused_variables, unused_mut)
)]
fn read_live(options: &LoadOptions) -> LiveInputs {
    let mut live = LiveInputs::default();
    #[cfg(feature = "azure")]
    if let Some(azure) = &options.azure {
        let read = azure_live::read(azure);
        live.errors.extend(read.errors);
        live.documents = read.documents;
    }
    #[cfg(feature = "kube")]
    if let Some(kube) = &options.kube {
        let read = kube_live::read(kube);
        live.errors.extend(read.errors);
        live.cluster_documents = read.documents;
        live.unlisted = read.unlisted;
    }
    live
}

/// Files read and adapted in parallel before their results are merged: a
/// chunk's parse garbage is reused by the next, and what waits to be merged
/// stays bounded however large the corpus.
const CHUNK: usize = 1024;

/// Loads every input, running `each_file` on each file's Kubernetes objects
/// as soon as they are adapted (in parallel, before they are merged). What
/// it returns is handed to `merged`, on the calling thread and in file
/// order, with the index the file's first object got in the inventory.
/// `reserved` names files that take the first [`FileId`]s (the policy file,
/// whose locations are assigned before loading). `progress` hears how many
/// of how many files are done after each chunk.
pub fn load_with<R: Send>(
    paths: &[PathBuf],
    options: &LoadOptions,
    reserved: &[String],
    each_file: impl Fn(&mut Vec<KubeObject>, FileId) -> R + Sync,
    mut merged: impl FnMut(usize, R),
    mut progress: impl FnMut(usize, usize),
) -> Loaded {
    let names = FileNames::new(options.root.as_deref());
    let (exclude, exclude_errors) = exclude_set(&options.exclude);
    let (mut candidates, mut errors, passed_over) =
        discover(paths, options.follow_links, exclude, &names);
    let mut live = read_live(options);
    errors.append(&mut live.errors);
    let document = |d: &Document| Candidate {
        path: PathBuf::from(&d.display),
        display: d.display.clone(),
        explicit: true,
        stream: false,
        inline: Some(std::sync::Arc::from(d.text.as_bytes())),
    };
    candidates.extend(
        options
            .documents
            .iter()
            .chain(&live.documents)
            .map(document),
    );
    candidates.extend(live.cluster_documents.iter().map(document));
    errors.extend(exclude_errors);
    let kustomizations = kustomize::plan(
        candidates.iter().map(|c| c.path.as_path()),
        options.max_file_size,
    );
    let charts = helm::charts(candidates.iter().map(|c| c.path.as_path()));
    // `--parameters` files take the ids after the reserved ones.
    let explicit: Vec<arm_parameters::ParameterFile> = options
        .parameter_files
        .iter()
        .enumerate()
        .map(|(i, path)| arm_parameters::ParameterFile {
            file: FileId(u32::try_from(reserved.len() + i).unwrap_or(u32::MAX)),
            path: path.clone(),
            display: names.name(path),
        })
        .collect();
    let first = reserved.len() + explicit.len();

    let id = |i: usize| FileId(u32::try_from(first + i).unwrap_or(u32::MAX));
    let beside: Vec<arm_parameters::ParameterFile> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| arm_parameters::ParameterFile {
            file: id(i),
            path: c.path.clone(),
            display: c.display.clone(),
        })
        .collect();
    // A `.bicepparam` given with `--parameters` is read as the Bicep input
    // it is (its `using` names its template); the others are ARM's.
    let explicit_names: Vec<String> = explicit.iter().map(|p| p.display.clone()).collect();
    let (bicep_parameters, explicit): (Vec<_>, Vec<_>) =
        explicit.into_iter().partition(|p| bicep::is_bicep(&p.path));
    let parameters = arm_parameters::Parameters::new(explicit.clone(), &beside);
    drop(beside);
    let mut loaded = Loaded {
        inventory: Inventory {
            files: reserved
                .iter()
                .cloned()
                .chain(explicit_names)
                .chain(candidates.iter().map(|c| c.display.clone()))
                .collect(),
            unlisted: live.unlisted,
            ..Inventory::default()
        },
        skipped: passed_over,
        ..Loaded::default()
    };
    let mut unlinked = Vec::new();
    let mut terraform_files = Vec::new();
    let mut bicep_files: Vec<SourceFile> = bicep_parameters
        .into_iter()
        .map(|p| SourceFile {
            file: p.file,
            path: p.path,
            display: p.display,
        })
        .collect();
    let mut templates: Vec<(PathBuf, FileOutput)> = Vec::new();
    progress(0, candidates.len());
    for (chunk_index, chunk) in candidates.chunks(CHUNK).enumerate() {
        let offset = chunk_index * CHUNK;
        // Terraform files are read per module (a folder), after the others.
        let outputs: Vec<Option<FileResult<R>>> = chunk
            .par_iter()
            .enumerate()
            .map(|(i, c)| {
                // Terraform files are read per module, and the files
                // kustomizations use as part of what they build.
                if is_terraform(&c.path)
                    || bicep::is_bicep(&c.path)
                    || kustomizations.consumes(&c.path)
                    || helm::in_chart(&charts, &c.path)
                {
                    return None;
                }
                let file = id(offset + i);
                Some(match read_file(c, file, options, &parameters) {
                    FileRead::Parsed(mut output) => {
                        let extra = each_file(&mut output.objects, file);
                        FileResult::Read(output, extra)
                    }
                    FileRead::Rendered(text) => FileResult::Rendered(text),
                    FileRead::Skipped(reason) => FileResult::Skipped(reason),
                    FileRead::Failed(error) => FileResult::Failed(error),
                })
            })
            .collect();
        for (i, (candidate, result)) in chunk.iter().zip(outputs).enumerate() {
            match result {
                Some(FileResult::Read(mut output, extra)) => {
                    loaded.files_read += 1;
                    errors.extend(output.unreadable.drain(..).map(|(loc, message)| LoadError {
                        file: candidate.display.clone(),
                        line: Some(loc.line),
                        column: Some(loc.col),
                        message: message.to_string(),
                    }));
                    merged(loaded.inventory.objects.len(), extra);
                    // A template waits for the links; one that shares its
                    // file with Kubernetes objects is merged now, as the
                    // per-file step just counted its objects from here.
                    if output.template && output.objects.is_empty() {
                        templates.push((candidate.path.clone(), output));
                    } else {
                        merge(&mut loaded, output, &mut unlinked);
                    }
                }
                Some(FileResult::Rendered(text)) => {
                    loaded.files_read += 1;
                    let mut sink = Sink {
                        loaded: &mut loaded,
                        errors: &mut errors,
                        unlinked: &mut unlinked,
                        each_file: &each_file,
                        merged: &mut merged,
                    };
                    sink.rendered(&text, id(offset + i), &|source| source.to_string());
                }
                Some(FileResult::Skipped(reason)) => {
                    loaded.skipped.push((candidate.display.clone(), reason));
                }
                Some(FileResult::Failed(error)) => errors.push(error),
                None if bicep::is_bicep(&candidate.path) => bicep_files.push(SourceFile {
                    file: id(offset + i),
                    path: candidate.path.clone(),
                    display: candidate.display.clone(),
                }),
                None if !is_terraform(&candidate.path) => {}
                None => terraform_files.push(SourceFile {
                    file: id(offset + i),
                    path: candidate.path.clone(),
                    display: candidate.display.clone(),
                }),
            }
        }
        progress(offset + chunk.len(), candidates.len());
    }
    if !templates.is_empty() {
        let ids: std::collections::HashMap<PathBuf, FileId> = candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (normalise(&c.path), id(i)))
            .collect();
        let mut links = Links {
            loaded: &mut loaded,
            errors: &mut errors,
            unlinked: &mut unlinked,
        };
        links.follow(templates, ids, options, &names);
    }
    // Charts and kustomizations, read now that every input is known, go
    // through the same per-file step.
    let mut sink = Sink {
        loaded: &mut loaded,
        errors: &mut errors,
        unlinked: &mut unlinked,
        each_file: &each_file,
        merged: &mut merged,
    };
    for chart in &charts {
        let display = chart_display(chart, &candidates);
        match helm::render(chart, &options.helm, options.max_file_size) {
            Ok(text) => {
                sink.loaded.files_read += 1;
                let file = candidates
                    .iter()
                    .position(|c| c.path.starts_with(chart))
                    .map_or(FileId(0), id);
                // `web/templates/x.yaml` is the chart folder's templates/x.yaml.
                let within = |source: &str| match source.split_once('/') {
                    Some((_, rest)) if display == "." => rest.to_string(),
                    Some((_, rest)) => format!("{display}/{rest}"),
                    None => source.to_string(),
                };
                sink.rendered(&text, file, &within);
            }
            Err(helm::NotRendered::NoHelm) => {
                sink.loaded.skipped.push((display, CHART_NOT_RENDERED));
            }
            Err(helm::NotRendered::Failed(message)) => sink.errors.push(LoadError {
                file: display,
                line: None,
                column: None,
                message,
            }),
        }
    }
    if !kustomizations.is_empty() {
        let ids = candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (normalise(&c.path), (id(i), c.display.clone())))
            .collect();
        let next = u32::try_from(sink.loaded.inventory.files.len()).unwrap_or(u32::MAX);
        let built = kustomize::build(kustomizations, ids, next, options.max_file_size, &names);
        built
            .read
            .merge_into(sink.loaded, sink.errors, sink.unlinked);
        for (file, documents) in built.roots {
            let mut output = FileOutput::default();
            for document in &documents {
                classify(document, file, &mut output);
            }
            sink.absorb(output, file);
        }
    }
    // Every path and display name waited here for its chunk; the inventory
    // has its own copy of the names, and linking is where memory peaks.
    drop(candidates);
    if let Some(first) = terraform_files.first().map(|f| f.file) {
        let next = u32::try_from(loaded.inventory.files.len()).unwrap_or(u32::MAX);
        let folders = terraform::load(
            terraform_files,
            &options.var_files,
            options.max_file_size,
            next,
            &names,
        );
        // The Kubernetes provider's objects are judged by the per-object
        // rules like any manifest's, so they go through the sink.
        let mut sink = Sink {
            loaded: &mut loaded,
            errors: &mut errors,
            unlinked: &mut unlinked,
            each_file: &each_file,
            merged: &mut merged,
        };
        folders.absorb_into(&mut sink, first);
    }
    if !bicep_files.is_empty() {
        let next = u32::try_from(loaded.inventory.files.len()).unwrap_or(u32::MAX);
        bicep::load(bicep_files, options.max_file_size, next, &names).merge_into(
            &mut loaded,
            &mut errors,
            &mut unlinked,
        );
    }
    link_pools(&mut loaded.inventory, unlinked);
    loaded.inventory.index_objects();
    loaded.inventory.index_pools();
    loaded.inventory.label_clusters();
    loaded.inventory.link_resources();
    loaded.errors = errors;
    loaded
}

/// A file read after the parallel pass, whole folders at a time (Terraform
/// modules, Bicep files and their modules), with the id its locations carry.
struct SourceFile {
    file: FileId,
    path: PathBuf,
    display: String,
}

/// What a loader of whole folders gave.
#[derive(Default)]
struct FolderLoad {
    output: FileOutput,
    errors: Vec<LoadError>,
    /// What was not followed (a remote module), as (where, why).
    skipped: Vec<(String, &'static str)>,
    /// Files that were read.
    files_read: usize,
    /// Files read from outside the inputs (modules elsewhere), in the order
    /// of the ids they were given.
    extra_files: Vec<String>,
}

impl FolderLoad {
    /// Adds what was loaded to the scan's.
    /// As [`FolderLoad::merge_into`], with the Kubernetes objects it holds
    /// judged by the per-object rules first (`file` names the load).
    fn absorb_into<E, M, R>(self, sink: &mut Sink<'_, E, M>, file: FileId)
    where
        E: Fn(&mut Vec<KubeObject>, FileId) -> R,
        M: FnMut(usize, R),
    {
        sink.loaded.inventory.files.extend(self.extra_files);
        sink.loaded.files_read += self.files_read;
        sink.loaded.skipped.extend(self.skipped);
        sink.errors.extend(self.errors);
        sink.absorb(self.output, file);
    }

    fn merge_into(
        self,
        loaded: &mut Loaded,
        errors: &mut Vec<LoadError>,
        unlinked: &mut Vec<(usize, Parent)>,
    ) {
        loaded.inventory.files.extend(self.extra_files);
        loaded.files_read += self.files_read;
        loaded.skipped.extend(self.skipped);
        errors.extend(self.errors);
        merge(loaded, self.output, unlinked);
    }
}

/// Linked templates nest at most this deep.
const MAX_LINK_DEPTH: usize = 16;

/// Where the templates that nested deployments link go.
struct Links<'l> {
    loaded: &'l mut Loaded,
    errors: &'l mut Vec<LoadError>,
    unlinked: &'l mut Vec<(usize, Parent)>,
}

impl Links<'_> {
    /// Merges the ARM templates read, then reads the templates their nested
    /// deployments link by `relativePath` (relative to the linking
    /// template), each with the parameters its deployment passes. A
    /// template another one links is read only through that link, never on
    /// its own defaults too.
    fn follow(
        &mut self,
        templates: Vec<(PathBuf, FileOutput)>,
        mut ids: std::collections::HashMap<PathBuf, FileId>,
        options: &LoadOptions,
        names: &FileNames,
    ) {
        let target = |from: &Path, relative: &str| {
            normalise(&from.parent().unwrap_or(Path::new(".")).join(relative))
        };
        let linked_targets: std::collections::HashSet<PathBuf> = templates
            .iter()
            .flat_map(|(path, out)| out.linked.iter().map(|l| target(path, &l.relative_path)))
            .collect();
        let mut pending = Vec::new();
        for (path, mut output) in templates {
            let links = std::mem::take(&mut output.linked);
            pending.extend(
                links
                    .into_iter()
                    .map(|l| (target(&path, &l.relative_path), l, 1)),
            );
            if !linked_targets.contains(&normalise(&path)) {
                merge(self.loaded, output, self.unlinked);
            }
        }
        while let Some((path, link, depth)) = pending.pop() {
            let fail = |this: &mut Self, message: String| {
                let error = LoadError {
                    file: this.loaded.inventory.file(link.at.file).to_string(),
                    line: Some(link.at.line),
                    column: Some(link.at.col),
                    message,
                };
                this.errors.push(error);
            };
            if depth > MAX_LINK_DEPTH {
                fail(
                    self,
                    format!("linked templates nest more than {MAX_LINK_DEPTH} deep"),
                );
                continue;
            }
            let read = read_text(&path, options.max_file_size).and_then(|text| {
                json::parse(&text).map_err(|e| format!("line {}: {}", e.line, e.message))
            });
            let root = match read {
                Ok(Some(root)) if arm_template::is_template(&root) => root,
                Ok(_) => {
                    fail(self, format!("{}: not an ARM template", link.relative_path));
                    continue;
                }
                Err(message) => {
                    fail(self, format!("{}: {message}", link.relative_path));
                    continue;
                }
            };
            let files = &mut self.loaded.inventory.files;
            let file = *ids.entry(path.clone()).or_insert_with(|| {
                files.push(names.name(&path));
                FileId(u32::try_from(files.len() - 1).unwrap_or(u32::MAX))
            });
            self.loaded.files_read += 1;
            let mut output = FileOutput::default();
            let set = arm_parameters::ParameterSet {
                display: link.relative_path.clone(),
                values: link.values,
            };
            arm_template::load(&root, file, &mut output, &[set]);
            let nested = std::mem::take(&mut output.linked);
            pending.extend(
                nested
                    .into_iter()
                    .map(|l| (target(&path, &l.relative_path), l, depth + 1)),
            );
            merge(self.loaded, output, self.unlinked);
        }
    }
}

/// How a chart folder is named in reports: as its `Chart.yaml` is, without
/// the file name.
fn chart_display(chart: &Path, candidates: &[Candidate]) -> String {
    candidates
        .iter()
        .find(|c| c.path.parent().is_some_and(|p| normalise(p) == *chart))
        .and_then(|c| c.display.strip_suffix("Chart.yaml"))
        .map(|d| d.trim_end_matches('/'))
        .map_or_else(
            || chart.display().to_string(),
            |d| {
                if d.is_empty() {
                    ".".to_string()
                } else {
                    d.to_string()
                }
            },
        )
}

/// Where what is read outside the parallel file pass goes (a kustomization's
/// build, a rendered chart): through the same per-file step, into the same
/// inventory.
struct Sink<'s, E, M> {
    loaded: &'s mut Loaded,
    errors: &'s mut Vec<LoadError>,
    unlinked: &'s mut Vec<(usize, Parent)>,
    each_file: &'s E,
    merged: &'s mut M,
}

impl<E, M> Sink<'_, E, M> {
    fn absorb<R>(&mut self, mut output: FileOutput, file: FileId)
    where
        E: Fn(&mut Vec<KubeObject>, FileId) -> R,
        M: FnMut(usize, R),
    {
        let display = self.loaded.inventory.file(file).to_string();
        self.errors
            .extend(output.unreadable.drain(..).map(|(loc, message)| LoadError {
                file: display.clone(),
                line: Some(loc.line),
                column: Some(loc.col),
                message: message.to_string(),
            }));
        let extra = (self.each_file)(&mut output.objects, file);
        (self.merged)(self.loaded.inventory.objects.len(), extra);
        merge(self.loaded, output, self.unlinked);
    }

    /// Helm's rendered output: each document read as part of the template
    /// its `# Source:` comment names (`name_of` says how reports name it),
    /// at its line within the rendered document; a document without one
    /// stays part of `stream`.
    fn rendered<R>(&mut self, text: &str, stream: FileId, name_of: &dyn Fn(&str) -> String)
    where
        E: Fn(&mut Vec<KubeObject>, FileId) -> R,
        M: FnMut(usize, R),
    {
        let mut sources: Vec<(String, FileId)> = Vec::new();
        for document in helm::documents(text) {
            let (file, offset) = match document.source {
                None => (stream, document.first_line.saturating_sub(1)),
                Some(source) => {
                    let name = name_of(source);
                    let file = match sources.iter().find(|(n, _)| *n == name) {
                        Some((_, file)) => *file,
                        None => {
                            let files = &mut self.loaded.inventory.files;
                            let file = FileId(u32::try_from(files.len()).unwrap_or(u32::MAX));
                            files.push(name.clone());
                            sources.push((name, file));
                            file
                        }
                    };
                    (file, 0)
                }
            };
            match yaml::parse(document.text) {
                Ok(nodes) => {
                    let mut output = FileOutput::default();
                    for mut node in nodes {
                        if offset > 0 {
                            shift_lines(&mut node, offset);
                        }
                        classify(&node, file, &mut output);
                    }
                    self.absorb(output, file);
                }
                Err(e) => self.errors.push(LoadError {
                    file: self.loaded.inventory.file(file).to_string(),
                    line: Some(e.line.saturating_add(offset)),
                    column: Some(e.col),
                    message: e.message,
                }),
            }
        }
    }
}

/// Moves a parsed document down by `by` lines: a part of a stream parsed on
/// its own.
fn shift_lines(node: &mut Node, by: u32) {
    node.line = node.line.saturating_add(by);
    match &mut node.value {
        Value::Map(entries) => entries.iter_mut().for_each(|(_, v)| shift_lines(v, by)),
        Value::Seq(items) => items.iter_mut().for_each(|v| shift_lines(v, by)),
        _ => {}
    }
}

struct Candidate {
    path: PathBuf,
    display: String,
    /// Named on the command line, so unrecognised content is an error.
    explicit: bool,
    /// Standard input (`-`), a FIFO or a device: read to its end, once,
    /// with no size known before.
    stream: bool,
    /// A [`Document`]'s text: read from memory, never from `path`.
    inline: Option<std::sync::Arc<[u8]>>,
}

/// The path that names standard input.
const STDIN: &str = "-";

/// Why a walked file or folder was passed over.
const EXCLUDED: &str = "excluded (--exclude or exclude: in chanto.yaml)";

/// The exclusion globs as one set: each matches a path relative to the
/// scanned folder or to the report root, and one without `/` also matches
/// a file or folder of that name anywhere (as in `.gitignore`). A glob
/// that does not compile is an error; the others still apply.
fn exclude_set(globs: &[String]) -> (Option<globset::GlobSet>, Vec<LoadError>) {
    if globs.is_empty() {
        return (None, Vec::new());
    }
    let mut builder = globset::GlobSetBuilder::new();
    let mut errors = Vec::new();
    for glob in globs {
        let trimmed = glob.trim_end_matches('/');
        let variants = if trimmed.contains('/') {
            vec![trimmed.trim_start_matches("./").to_string()]
        } else {
            vec![trimmed.to_string(), format!("**/{trimmed}")]
        };
        for variant in variants {
            match globset::GlobBuilder::new(&variant)
                .literal_separator(true)
                .build()
            {
                Ok(compiled) => {
                    builder.add(compiled);
                }
                Err(e) => {
                    errors.push(LoadError {
                        file: "--exclude".to_string(),
                        line: None,
                        column: None,
                        message: format!("{glob:?}: {e}"),
                    });
                    break;
                }
            }
        }
    }
    match builder.build() {
        Ok(set) => (Some(set), errors),
        Err(e) => {
            errors.push(LoadError {
                file: "--exclude".to_string(),
                line: None,
                column: None,
                message: e.to_string(),
            });
            (None, errors)
        }
    }
}

/// Why a symbolic link in a walked folder was not followed.
const LINK_LEAVES_FOLDER: &str =
    "symbolic link out of the scanned folder (--follow-links follows it)";

/// Files to read, errors, and what the walk passed over, with why.
type Discovered = (Vec<Candidate>, Vec<LoadError>, Vec<(String, &'static str)>);

fn discover(
    paths: &[PathBuf],
    follow_links: bool,
    exclude: Option<globset::GlobSet>,
    names: &FileNames,
) -> Discovered {
    let mut candidates = Vec::new();
    let mut errors = Vec::new();
    let mut passed_over = Vec::new();
    let single_root = paths.len() == 1;
    let mut stdin_named = false;
    for root in paths {
        let display_root = names.name(root);
        if root.as_os_str() == STDIN {
            if std::mem::replace(&mut stdin_named, true) {
                errors.push(LoadError {
                    file: "<stdin>".to_string(),
                    line: None,
                    column: None,
                    message: "standard input named more than once".to_string(),
                });
            } else {
                candidates.push(Candidate {
                    path: root.clone(),
                    display: "<stdin>".to_string(),
                    explicit: true,
                    stream: true,
                    inline: None,
                });
            }
            continue;
        }
        match std::fs::metadata(root) {
            Err(e) => errors.push(LoadError {
                file: display_root,
                line: None,
                column: None,
                message: io_message(&e),
            }),
            Ok(meta) if meta.is_file() => candidates.push(Candidate {
                path: root.clone(),
                display: display_root,
                explicit: true,
                stream: false,
                inline: None,
            }),
            Ok(meta) if meta.is_dir() => {
                let walk_options = Walk {
                    single_root: single_root && !names.has_root(),
                    follow_links,
                    exclude: exclude.clone(),
                };
                passed_over.extend(walk(
                    root,
                    walk_options,
                    names,
                    &mut candidates,
                    &mut errors,
                ));
            }
            // `/dev/stdin`, process substitution, a FIFO: read as a stream.
            Ok(_) => candidates.push(Candidate {
                path: root.clone(),
                display: display_root,
                explicit: true,
                stream: true,
                inline: None,
            }),
        }
    }
    (candidates, errors, passed_over)
}

struct Walk {
    /// The only path named and no root given, so files are shown relative
    /// to it.
    single_root: bool,
    /// Walked files and folders matching these are passed over.
    exclude: Option<globset::GlobSet>,
    follow_links: bool,
}

/// Adds the walked files of `root`; returns what it passed over and why:
/// excluded files and folders, and symbolic links that lead out of it
/// (`x -> /` would walk the whole file system, `x -> ../other` would report
/// files as the repository's).
fn walk(
    root: &Path,
    options: Walk,
    names: &FileNames,
    out: &mut Vec<Candidate>,
    errors: &mut Vec<LoadError>,
) -> Vec<(String, &'static str)> {
    let single_root = options.single_root;
    let display = move |path: &Path| {
        if single_root {
            path.strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string()
        } else {
            names.name(path)
        }
    };
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .follow_links(true)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b));
    let passed_over = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let inside = (!options.follow_links)
        .then(|| std::fs::canonicalize(root).ok())
        .flatten();
    {
        let passed_over = std::sync::Arc::clone(&passed_over);
        let inside = inside.clone();
        let exclude = options.exclude.clone();
        let walk_root = root.to_path_buf();
        let names = names.clone();
        builder.filter_entry(move |entry| {
            let reason = if entry.depth() > 0
                && exclude.as_ref().is_some_and(|set| {
                    let relative = entry
                        .path()
                        .strip_prefix(&walk_root)
                        .unwrap_or(entry.path());
                    set.is_match(relative) || set.is_match(names.name(entry.path()))
                }) {
                Some(EXCLUDED)
            } else {
                inside
                    .as_ref()
                    .filter(|_| entry.path_is_symlink())
                    .filter(|inside| {
                        !std::fs::canonicalize(entry.path()).is_ok_and(|t| t.starts_with(inside))
                    })
                    .map(|_| LINK_LEAVES_FOLDER)
            };
            if let Some(reason) = reason
                && let Ok(mut list) = passed_over.lock()
            {
                list.push((entry.path().to_path_buf(), reason));
            }
            reason.is_none()
        });
    }
    let walker = builder.build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                // A link to an ancestor outside the folder (`x -> /`) is
                // seen as a loop before it could be filtered.
                match (&inside, loop_link(&e)) {
                    (Some(inside), Some((ancestor, child)))
                        if !std::fs::canonicalize(ancestor)
                            .is_ok_and(|a| a.starts_with(inside)) =>
                    {
                        if let Ok(mut list) = passed_over.lock() {
                            list.push((child.to_path_buf(), LINK_LEAVES_FOLDER));
                        }
                    }
                    _ => errors.push(walk_error(root, &e, names)),
                }
                continue;
            }
        };
        let path = entry.path();
        let walked = entry.file_type().is_some_and(|t| t.is_file())
            && (kustomize::is_kustomization(path)
                || path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| WALKED_EXTENSIONS.iter().any(|w| e.eq_ignore_ascii_case(w))));
        if walked {
            out.push(Candidate {
                path: path.to_path_buf(),
                display: display(path),
                explicit: false,
                stream: false,
                inline: None,
            });
        }
    }
    let passed_over = std::mem::take(&mut *passed_over.lock().unwrap_or_else(|e| e.into_inner()));
    passed_over
        .iter()
        .map(|(path, reason)| (display(path), *reason))
        .collect()
}

/// The ancestor a looping link points at, and the link.
fn loop_link(error: &ignore::Error) -> Option<(&Path, &Path)> {
    match error {
        ignore::Error::Loop { ancestor, child } => Some((ancestor, child)),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => loop_link(err),
        _ => None,
    }
}

fn walk_error(root: &Path, error: &ignore::Error, names: &FileNames) -> LoadError {
    let mut file = names.name(root);
    let mut current = error;
    let message = loop {
        match current {
            ignore::Error::WithPath { path, err } => {
                file = names.name(path);
                current = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                current = err;
            }
            ignore::Error::Loop { child, .. } => {
                file = names.name(child);
                break "symbolic link loop; not followed".to_string();
            }
            ignore::Error::Io(e) => break io_message(e),
            other => break other.to_string(),
        }
    };
    LoadError {
        file,
        line: None,
        column: None,
        message,
    }
}

/// A regular file's text, or why it cannot be read: for files a module or
/// kustomization names, which were not walked. A FIFO would block the scan
/// and a device (a link to /dev/zero) never end, so only files are read.
fn read_text(path: &Path, max_size: u64) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_message(&e))?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    if meta.len() > max_size {
        return Err(too_large(meta.len(), max_size));
    }
    std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidData => "not UTF-8 text".to_string(),
        _ => io_message(&e),
    })
}

/// `a/./b/../c` → `a/c`, without touching the file system (so symlinks and
/// missing folders do not matter).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// What reading one file gave, before the per-file step.
enum FileRead {
    Parsed(FileOutput),
    /// Helm's rendered output, whose documents belong to the templates that
    /// made them: read after the parallel pass, as they need file ids.
    Rendered(String),
    Skipped(&'static str),
    Failed(LoadError),
}

enum FileResult<R> {
    Read(FileOutput, R),
    Rendered(String),
    Skipped(&'static str),
    Failed(LoadError),
}

/// What one file contributes, before it is merged into the inventory.
#[derive(Default)]
struct FileOutput {
    clusters: Vec<Cluster>,
    pools: Vec<(NodePool, Parent)>,
    objects: Vec<KubeObject>,
    resources: Vec<AzureResource>,
    /// Resources that cannot be read (a `properties` that is not an
    /// object): errors at their place, never a pass.
    unreadable: Vec<(Loc, &'static str)>,
    /// What the file uses but chanto does not read (a linked template):
    /// where, what, and why.
    not_followed: Vec<(Loc, String, &'static str)>,
    /// Templates a nested deployment links by `relativePath`, to read once
    /// every input is known.
    linked: Vec<arm_template::Linked>,
    /// Read from an ARM template: merged once it is known whether another
    /// template links it (then it is read only through that link).
    template: bool,
    /// The API server a live read listed the file's objects from
    /// ([`LIVE_API_SERVER`] on the list), as read or as saved.
    api_server: Option<String>,
}

/// The key of the API server on a live read's `List` (its own, in chanto's
/// name, beside the Kubernetes fields): which cluster the objects are.
pub const LIVE_API_SERVER: &str = "chanto.io/api-server";

/// How far a [`FileOutput`] had grown: what came after is one evaluation.
#[derive(Clone, Copy)]
struct Mark {
    clusters: usize,
    pools: usize,
    resources: usize,
}

impl FileOutput {
    fn mark(&self) -> Mark {
        Mark {
            clusters: self.clusters.len(),
            pools: self.pools.len(),
            resources: self.resources.len(),
        }
    }

    /// Names what was read since `mark` after the evaluation it belongs to
    /// (`aks (prod.bicepparam)`), when one template is read several times.
    fn name_since(&mut self, mark: Mark, evaluation: &str) {
        let named = |name: &mut String| *name = format!("{name} ({evaluation})");
        self.clusters[mark.clusters..]
            .iter_mut()
            .for_each(|c| named(&mut c.name));
        self.pools[mark.pools..]
            .iter_mut()
            .for_each(|(p, _)| named(&mut p.cluster_name));
        self.resources[mark.resources..]
            .iter_mut()
            .for_each(|r| named(&mut r.name));
    }

    fn is_empty(&self) -> bool {
        self.clusters.is_empty()
            && self.pools.is_empty()
            && self.objects.is_empty()
            && self.resources.is_empty()
            && self.unreadable.is_empty()
            && self.not_followed.is_empty()
            && self.linked.is_empty()
    }
}

/// How a node pool finds its cluster.
#[derive(Debug, Clone, PartialEq)]
enum Parent {
    /// A cluster of the same file, by index.
    Local(usize),
    /// The cluster's resource ID (`az aks nodepool show` output).
    Id(String),
    /// The cluster's name (a template pool whose cluster is elsewhere).
    Name(String),
    Unlinked,
}

fn is_terraform(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tf"))
}

fn read_file(
    candidate: &Candidate,
    file: FileId,
    options: &LoadOptions,
    parameters: &arm_parameters::Parameters,
) -> FileRead {
    let fail = |line: Option<u32>, column: Option<u32>, message: String| {
        FileRead::Failed(LoadError {
            file: candidate.display.clone(),
            line,
            column,
            message,
        })
    };
    if candidate
        .path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tfvars"))
    {
        return fail(
            None,
            None,
            "a Terraform variable file: pass it with --var-file".to_string(),
        );
    }
    let bytes = match read_bytes(candidate, options.max_file_size) {
        Ok(bytes) => bytes,
        Err(message) => return fail(None, None, message),
    };
    let decoded = match decode(&bytes) {
        Ok(text) => text,
        Err((None, message)) => return fail(None, None, message.to_string()),
        Err((Some(offset), message)) => {
            let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let (line, col) = LineIndex::new(valid).position(offset);
            return fail(Some(line), Some(col), message.to_string());
        }
    };
    let text = decoded.as_ref();
    if text.trim().is_empty() {
        return if candidate.explicit {
            fail(None, None, "empty file".to_string())
        } else {
            FileRead::Skipped("empty")
        };
    }

    if !is_json(&candidate.path, text) && helm::is_rendered(text) {
        return FileRead::Rendered(text.to_string());
    }
    if is_json(&candidate.path, text) && arm_parameters::is_parameter_file(text) {
        return FileRead::Skipped(arm_parameters::PARAMETER_FILE);
    }
    let template_parameters = TemplateParameters {
        files: parameters.for_template(&candidate.path),
        max_size: options.max_file_size,
    };
    match parse_text(&candidate.path, text, file, &template_parameters) {
        Err(e) => fail(Some(e.line), Some(e.col), e.message),
        Ok(output) if output.is_empty() && candidate.explicit => fail(
            None,
            None,
            "not a recognised input: expected an AKS cluster or an adjacent Azure resource \
             (az CLI, ARM/REST, ARM template, Resource Graph or Terraform plan JSON) or \
             Kubernetes manifests"
                .to_string(),
        ),
        Ok(output) if output.is_empty() => {
            FileRead::Skipped("no Azure resource chanto reads and no Kubernetes object")
        }
        Ok(output) => FileRead::Parsed(output),
    }
}

/// A file's bytes, or why they cannot be read: a regular file with one
/// open and one stat (the size comes from the open file, and reading through
/// `take` skips the stat and seek `File::read_to_end` makes to size its
/// buffer); a stream read up to one byte past the limit.
fn read_bytes(candidate: &Candidate, max_size: u64) -> Result<Vec<u8>, String> {
    let too_large = |size: u64| too_large(size, max_size);
    if let Some(inline) = &candidate.inline {
        let size = u64::try_from(inline.len()).unwrap_or(u64::MAX);
        return if size > max_size {
            Err(too_large(size))
        } else {
            Ok(inline.to_vec())
        };
    }
    let mut bytes = Vec::new();
    if candidate.stream {
        let limit = max_size.saturating_add(1);
        let read = if candidate.path.as_os_str() == STDIN {
            std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
        } else {
            std::fs::File::open(&candidate.path)
                .and_then(|file| file.take(limit).read_to_end(&mut bytes))
        };
        read.map_err(|e| io_message(&e))?;
        let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        return if size > max_size {
            Err(too_large(size))
        } else {
            Ok(bytes)
        };
    }
    let (mut handle, size) = std::fs::File::open(&candidate.path)
        .and_then(|file| file.metadata().map(|meta| (file, meta.len())))
        .map_err(|e| io_message(&e))?;
    if size > max_size {
        return Err(too_large(size));
    }
    bytes.reserve(usize::try_from(size).unwrap_or(0));
    (&mut handle)
        .take(u64::MAX)
        .read_to_end(&mut bytes)
        .map_err(|e| io_message(&e))?;
    Ok(bytes)
}

/// Why a file is refused for its size, in units that show both sizes as
/// more than zero (a 3 KiB limit is not "0 MiB").
fn too_large(size: u64, limit: u64) -> String {
    format!(
        "file is {}, over the {} limit (raise it with --max-file-size)",
        human_size(size),
        human_size(limit)
    )
}

fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value < 10.0 && value.fract() != 0.0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

/// Why bytes are not text, with the byte offset where decoding failed when
/// it is worth pointing at.
type Undecodable = (Option<usize>, &'static str);

/// The text of a file: UTF-8 (a byte-order mark dropped), or UTF-16 with its
/// byte-order mark, as Windows PowerShell writes `az … > file.json`.
fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, Undecodable> {
    let utf16 = |units: Vec<u16>| {
        String::from_utf16(&units)
            .map(std::borrow::Cow::Owned)
            .map_err(|_| (None, "not valid UTF-16 text"))
    };
    let pairs = |rest: &[u8], unit: fn([u8; 2]) -> u16| -> Vec<u16> {
        rest.chunks(2)
            .map(|pair| unit([pair[0], pair.get(1).copied().unwrap_or(0)]))
            .collect()
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(pairs(rest, u16::from_le_bytes)),
        [0xFE, 0xFF, rest @ ..] => utf16(pairs(rest, u16::from_be_bytes)),
        _ if bytes.iter().take(8192).any(|b| *b == 0) => {
            Err((None, "binary file, not JSON or YAML"))
        }
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => Ok(std::borrow::Cow::Borrowed(
                text.strip_prefix('\u{feff}').unwrap_or(text),
            )),
            Err(e) => Err((Some(e.valid_up_to()), "not UTF-8 text")),
        },
    }
}

/// The parameter files that apply to a file, should it be a template.
struct TemplateParameters<'p> {
    files: &'p [arm_parameters::ParameterFile],
    max_size: u64,
}

/// Parses a file's text by its content (the extension only settles JSON
/// against YAML) and adapts every document it holds; an ARM template is
/// evaluated once per parameter file that applies (on its defaults when
/// none does).
fn parse_text(
    path: &Path,
    text: &str,
    file: FileId,
    parameters: &TemplateParameters,
) -> Result<FileOutput, ParseFailure> {
    let mut output = FileOutput::default();
    if is_json(path, text) {
        match json::parse(text)? {
            Some(root) if arm_template::is_template(&root) => {
                let sets = arm_parameters::read(parameters.files, parameters.max_size).map_err(
                    |message| ParseFailure {
                        line: 1,
                        col: 1,
                        message,
                    },
                )?;
                arm_template::load(&root, file, &mut output, &sets);
            }
            Some(root) => classify(&root, file, &mut output),
            None => {}
        }
    } else {
        for doc in &yaml::parse(text)? {
            classify(doc, file, &mut output);
        }
    }
    Ok(output)
}

fn is_json(path: &Path, text: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml") => false,
        Some(e) if e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("jsonc") => true,
        _ => text.trim_start().starts_with(['{', '[']),
    }
}

/// Recognises a document by its content and hands it to its adapter.
fn classify(node: &Node, file: FileId, out: &mut FileOutput) {
    match &node.value {
        Value::Seq(items) => {
            for item in items {
                classify_resource(item, file, out);
            }
        }
        Value::Map(_) if arm_template::is_template(node) => {
            arm_template::load(node, file, out, &[]);
        }
        Value::Map(_) if terraform::is_plan(node) => terraform::load_plan(node, file, out),
        Value::Map(_) => {
            // `az graph query` wraps rows in `data`; REST list calls in `value`.
            let rows = ["data", "value"]
                .iter()
                .find_map(|k| node.get(k).and_then(Node::as_seq));
            match rows {
                Some(rows) if !kubernetes::is_object(node) => {
                    for row in rows {
                        classify_resource(row, file, out);
                    }
                }
                _ => classify_resource(node, file, out),
            }
        }
        _ => {}
    }
}

pub(crate) const CLUSTER: &str = "microsoft.containerservice/managedclusters";
pub(crate) const AGENT_POOL: &str = "microsoft.containerservice/managedclusters/agentpools";

fn classify_resource(node: &Node, file: FileId, out: &mut FileOutput) {
    let arm_type = node.str_at("type").filter(|t| {
        t.get(..10)
            .is_some_and(|p| p.eq_ignore_ascii_case("microsoft."))
    });
    if arm_type.is_some()
        && let Some(properties) = node.get("properties")
        && !properties.is_map()
        && properties.value != Value::Null
    {
        out.unreadable.push((
            properties.loc(file),
            "`properties` is not an object: the resource cannot be read",
        ));
        return;
    }
    match arm_type {
        Some(t) if t.eq_ignore_ascii_case(CLUSTER) => {
            let nested = node.get("properties").is_some_and(Node::is_map)
                && node.get("agentPoolProfiles").is_none();
            let shape = live_shape(node, t, nested);
            let (cluster, pools) = aks::cluster(node, file, shape, None);
            let index = out.clusters.len();
            out.clusters.push(cluster);
            out.pools
                .extend(pools.into_iter().map(|p| (p, Parent::Local(index))));
        }
        Some(t) if t.eq_ignore_ascii_case(AGENT_POOL) => {
            let pool = aks::standalone_pool(node, file, None);
            let parent = node
                .str_at("id")
                .and_then(|id| {
                    let lower = id.to_ascii_lowercase();
                    lower.rfind("/agentpools/").map(|at| id[..at].to_string())
                })
                .map_or(Parent::Unlinked, Parent::Id);
            out.pools.push((pool, parent));
        }
        Some(t) => {
            if let Some(known) = azure::known_type(t) {
                let nested = node.get("properties").is_some_and(Node::is_map);
                let placement = azure::Placement {
                    shape: live_shape(node, t, nested),
                    api_version: None,
                    parent_name: None,
                    enclosing: None,
                };
                azure::read(node, known, file, placement, &mut out.resources);
            }
        }
        None if kubernetes::is_object(node) => {
            if let Some(server) = node.str_at(LIVE_API_SERVER) {
                out.api_server = Some(server.to_string());
            }
            kubernetes::objects(node, file, &mut out.objects);
        }
        None => {}
    }
}

/// A live resource's shape: Resource Graph lower-cases the type and adds
/// `subscriptionId` (and a query with `project` may drop `properties`); the
/// az CLI flattens `properties` away.
fn live_shape(node: &Node, arm_type: &str, nested: bool) -> Shape {
    let graph =
        !arm_type.bytes().any(|b| b.is_ascii_uppercase()) || node.get("subscriptionId").is_some();
    match (graph, nested) {
        (true, _) => Shape::ResourceGraph,
        (false, true) => Shape::ArmResource,
        (false, false) => Shape::AzCli,
    }
}

/// The cursors a resource's adapter reads: the resource itself and its
/// properties. The az CLI flattens the properties into the resource; a
/// Resource Graph row whose query projected `properties` away carries only
/// its columns, and every other setting is unknown, naming the column.
pub(super) fn resource_cursors<'a>(
    root: &'a Node,
    file: FileId,
    shape: Shape,
) -> (tree::Cursor<'a>, tree::Cursor<'a>) {
    let r = root.cursor(file);
    let nested = root.get("properties").is_some_and(Node::is_map);
    match shape {
        Shape::AzCli => (r.clone(), r),
        Shape::ResourceGraph if !nested => (r.projected(), r.projected()),
        _ => {
            let p = r.get("properties");
            (r, p)
        }
    }
}

fn merge(loaded: &mut Loaded, output: FileOutput, unlinked: &mut Vec<(usize, Parent)>) {
    let inventory = &mut loaded.inventory;
    if let (Some(server), Some(first)) = (output.api_server, output.objects.first()) {
        inventory.live_objects.push(LiveObjects {
            server,
            file: first.loc.file,
            cluster: None,
        });
    }
    // Links only a template among the inputs follows; elsewhere, say so.
    let unread_links = output.linked.into_iter().map(|l| {
        (
            l.at,
            format!("templateLink ({})", l.relative_path),
            LINKED_TEMPLATE,
        )
    });
    for (loc, what, reason) in output.not_followed.into_iter().chain(unread_links) {
        let entry = format!("{}:{}: {what}", inventory.file(loc.file), loc.line);
        loaded.skipped.push((entry, reason));
    }
    let base = inventory.clusters.len();
    inventory.clusters.extend(output.clusters);
    for (mut pool, parent) in output.pools {
        match parent {
            Parent::Local(i) => pool.cluster = Some(base + i),
            other => unlinked.push((inventory.pools.len(), other)),
        }
        inventory.pools.push(pool);
    }
    inventory.objects.extend(output.objects);
    // A nested child's parent was counted within its file.
    let base = inventory.resources.len();
    inventory
        .resources
        .extend(output.resources.into_iter().map(|mut r| {
            if let Some(Reference::Enclosing(parent)) = &mut r.parent {
                *parent += base;
            }
            r
        }));
}

/// Pools given apart from their cluster join it by resource ID, or by name
/// when exactly one scanned cluster has that name.
fn link_pools(inventory: &mut Inventory, unlinked: Vec<(usize, Parent)>) {
    for (pool, parent) in unlinked {
        let found = match &parent {
            Parent::Id(id) => inventory.clusters.iter().position(|c| {
                c.id.as_deref()
                    .is_some_and(|cid| cid.eq_ignore_ascii_case(id))
            }),
            Parent::Name(name) => {
                let mut matches = inventory
                    .clusters
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| &c.name == name);
                match (matches.next(), matches.next()) {
                    (Some((i, _)), None) => Some(i),
                    _ => None,
                }
            }
            Parent::Local(_) | Parent::Unlinked => None,
        };
        if let Some(cluster) = found {
            inventory.pools[pool].cluster = Some(cluster);
            inventory.pools[pool].cluster_name = inventory.clusters[cluster].name.clone();
        }
    }
}

/// Byte offsets to 1-based line and character column.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    /// How many characters precede each block of [`CHAR_BLOCK`] bytes, so a
    /// column costs at most one block to count however long its line (a
    /// minified file is one line).
    chars_before_block: Vec<usize>,
    /// The last position asked for, as (offset, line, column): adapters ask
    /// in document order, so the next column is usually counted from here,
    /// over the bytes between, not from a block start.
    last: std::cell::Cell<(usize, usize, usize)>,
}

const CHAR_BLOCK: usize = 1024;

/// Characters in UTF-8 bytes: every byte that does not continue a character.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let chars_before_block = std::iter::once(0)
            .chain(text.as_bytes().chunks(CHAR_BLOCK).scan(0, |seen, block| {
                *seen += chars_in(block);
                Some(*seen)
            }))
            .collect();
        LineIndex {
            text,
            starts,
            chars_before_block,
            last: std::cell::Cell::new((0, 1, 1)),
        }
    }

    /// Characters before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / CHAR_BLOCK;
        self.chars_before_block[block] + chars_in(&self.text.as_bytes()[block * CHAR_BLOCK..offset])
    }

    pub fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let (last_offset, last_line, last_col) = self.last.get();
        let col =
            if line == last_line && offset >= last_offset && offset - last_offset <= CHAR_BLOCK {
                last_col + chars_in(&self.text.as_bytes()[last_offset..offset])
            } else {
                self.chars_before(offset) - self.chars_before(start) + 1
            };
        self.last.set((offset, line, col));
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(col).unwrap_or(u32::MAX),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(name: &str, text: &str) -> Result<FileOutput, ParseFailure> {
        let none = TemplateParameters {
            files: &[],
            max_size: u64::MAX,
        };
        parse_text(Path::new(name), text, FileId(0), &none)
    }

    #[test]
    fn sizes_are_shown_in_a_unit_that_keeps_them_above_zero() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(3 * 1024), "3 KiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(64 << 20), "64 MiB");
        assert_eq!(human_size((64 << 20) + 1), "64 MiB");
        assert_eq!(human_size(5 << 30), "5 GiB");
    }

    #[test]
    fn shapes_are_told_apart_by_content() {
        let cli = r#"{"type": "Microsoft.ContainerService/ManagedClusters", "name": "a", "enableRbac": true, "agentPoolProfiles": []}"#;
        let rest = r#"{"type": "Microsoft.ContainerService/managedClusters", "name": "a", "properties": {}}"#;
        let graph = r#"{"data": [{"type": "microsoft.containerservice/managedclusters", "name": "a", "properties": {}}]}"#;
        for (text, shape) in [
            (cli, Shape::AzCli),
            (rest, Shape::ArmResource),
            (graph, Shape::ResourceGraph),
        ] {
            let out = parse("x.txt", text).unwrap();
            assert_eq!(out.clusters[0].shape, shape, "{text}");
        }
        let manifests = parse("m.yaml", "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n").unwrap();
        assert_eq!(manifests.objects[0].name, "a");
        assert!(
            parse("package.json", r#"{"name": "web", "version": "1.0.0"}"#)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_multibyte_type_does_not_split_a_character() {
        let odd = r#"{"type": "Microsoftの/x", "name": "a"}"#;
        assert!(parse("x.json", odd).unwrap().is_empty());
    }

    #[test]
    fn a_kubernetes_secret_type_is_not_an_arm_type() {
        let secret = r#"{"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls", "metadata": {"name": "tls"}}"#;
        assert_eq!(parse("s.json", secret).unwrap().objects.len(), 1);
    }

    #[test]
    fn nodepool_show_output_links_to_its_cluster_by_id() {
        let dir = tempfile::tempdir().unwrap();
        let cluster = r#"{"type": "Microsoft.ContainerService/ManagedClusters", "name": "aks", "agentPoolProfiles": [],
            "id": "/subscriptions/s/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/aks"}"#;
        let pool = r#"{"type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "gpu", "enableNodePublicIp": true,
            "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks/agentPools/gpu"}"#;
        std::fs::write(dir.path().join("a-pool.json"), pool).unwrap();
        std::fs::write(dir.path().join("b-cluster.json"), cluster).unwrap();
        let loaded = load(&[dir.path().to_path_buf()], &LoadOptions::default());
        assert_eq!(loaded.inventory.pools[0].cluster, Some(0));
    }

    proptest! {
        #[test]
        fn columns_count_characters_from_the_line_start(
            text in "(\\PC|\n){0,1500}",
            at in 0usize..1500,
        ) {
            let mut offset = at.min(text.len());
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let line = text[..offset].matches('\n').count() + 1;
            let col = text[line_start..offset].chars().count() + 1;
            let index = LineIndex::new(&text);
            prop_assert_eq!(index.position(offset), (line as u32, col as u32));
        }

        #[test]
        fn no_text_makes_the_loader_panic(text in "\\PC{0,300}") {
            let _ = parse("x.json", &text);
            let _ = parse("x.yaml", &text);
        }

        #[test]
        fn cluster_like_json_never_panics(
            key in "[a-zA-Z]{1,12}",
            value in prop_oneof![
                Just("null".to_string()), Just("true".to_string()), Just("\"[parameters('x')]\"".to_string()),
                Just("[]".to_string()), Just("{}".to_string()), "-?[1-9][0-9]{0,4}", "\"[a-z ]{0,8}\"",
            ],
        ) {
            let text = format!(
                r#"{{"type": "Microsoft.ContainerService/managedClusters", "name": "p", "properties": {{"{key}": {value}, "agentPoolProfiles": [{{"{key}": {value}}}], "apiServerAccessProfile": {value}, "networkProfile": {value}}}}}"#
            );
            let out = parse("x.json", &text).unwrap();
            prop_assert_eq!(out.clusters.len(), 1);
        }
    }
}
