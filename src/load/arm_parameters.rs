//! ARM parameter files (`deploymentParameters` schema): the values a
//! deployment passes to a template. A template is evaluated once per
//! parameter file that applies to it — those `--parameters` names, else the
//! ones beside it by the conventional names (`NAME.parameters.json`,
//! `NAME.parameters.ENV.json` for `NAME.json`) — and on its defaults when
//! none does.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::arm_expr::Passed;
use super::tree::Node;
use super::{json, normalise, read_text};
use crate::model::FileId;

/// Why a parameter file is not scanned on its own.
pub(super) const PARAMETER_FILE: &str = "ARM parameter file: applied to the template beside it (NAME.parameters.json) or given with --parameters";

/// One parameter file's values for a template.
pub struct ParameterSet {
    /// How reports name the file.
    pub display: String,
    pub values: HashMap<String, Passed>,
}

/// A parameter file to read: its id, path and name in reports.
#[derive(Debug, Clone)]
pub(super) struct ParameterFile {
    pub file: FileId,
    pub path: PathBuf,
    pub display: String,
}

/// Which parameter files apply to which template.
#[derive(Debug, Default)]
pub(super) struct Parameters {
    /// `--parameters`: for every template.
    pub explicit: Vec<ParameterFile>,
    /// By the template each names (`dir/NAME.json`), the files beside it.
    pub beside: HashMap<PathBuf, Vec<ParameterFile>>,
}

impl Parameters {
    /// Finds the conventional parameter files among `files`.
    pub(super) fn new(explicit: Vec<ParameterFile>, files: &[ParameterFile]) -> Self {
        let mut beside: HashMap<PathBuf, Vec<ParameterFile>> = HashMap::new();
        for f in files {
            if let Some(template) = template_of(&f.path) {
                beside.entry(template).or_default().push(f.clone());
            }
        }
        Parameters { explicit, beside }
    }

    /// The parameter files that apply to the template at `path`.
    pub(super) fn for_template(&self, path: &Path) -> &[ParameterFile] {
        if !self.explicit.is_empty() {
            return &self.explicit;
        }
        self.beside.get(&normalise(path)).map_or(&[], Vec::as_slice)
    }
}

/// The template a conventionally named parameter file belongs to:
/// `dir/NAME.parameters.json` and `dir/NAME.parameters.ENV.json` to
/// `dir/NAME.json`.
fn template_of(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".json")?;
    let (template, _) = stem
        .split_once(".parameters.")
        .or_else(|| stem.strip_suffix(".parameters").map(|t| (t, "")))?;
    (!template.is_empty()).then(|| normalise(&path.with_file_name(format!("{template}.json"))))
}

/// Whether JSON text is a parameter file, by its schema.
pub(super) fn is_parameter_file(text: &str) -> bool {
    let head = text.get(..text.len().min(512)).unwrap_or(text);
    head.contains("deploymentParameters.json")
}

/// Reads the parameter files `files`, each to its values; a file that
/// cannot be read is an error message naming it.
pub(super) fn read(files: &[ParameterFile], max_size: u64) -> Result<Vec<ParameterSet>, String> {
    files
        .iter()
        .map(|f| {
            let text = read_text(&f.path, max_size).map_err(|m| format!("{}: {m}", f.display))?;
            let root = json::parse(&text)
                .map_err(|e| format!("{}:{}:{}: {}", f.display, e.line, e.col, e.message))?
                .ok_or_else(|| format!("{}: empty parameter file", f.display))?;
            Ok(ParameterSet {
                display: f.display.clone(),
                values: values(&root, f.file),
            })
        })
        .collect()
}

/// Each parameter's value, written in `file`; a Key Vault reference is
/// never read.
fn values(root: &Node, file: FileId) -> HashMap<String, Passed> {
    root.get("parameters")
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .map(|(name, entry)| {
            let value = match entry.get("value") {
                Some(value) => Ok(value.clone().written_in(file)),
                None => Err(format!(
                    "parameter '{name}' comes from a Key Vault reference: chanto does not read it"
                )),
            };
            (name.clone(), value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventional_names_point_at_their_template() {
        assert_eq!(
            template_of(Path::new("infra/azuredeploy.parameters.json")),
            Some(PathBuf::from("infra/azuredeploy.json"))
        );
        assert_eq!(
            template_of(Path::new("infra/aks.parameters.prod.json")),
            Some(PathBuf::from("infra/aks.json"))
        );
        assert_eq!(template_of(Path::new("infra/aks.json")), None);
        assert_eq!(template_of(Path::new("infra/.parameters.json")), None);
    }
}
