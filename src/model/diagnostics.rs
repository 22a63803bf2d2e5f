//! What reading the inputs reports besides the model: errors and reasons
//! for skipping, which reports show and policy adds to.

/// An input that could not be read, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoadError {
    pub file: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Why a module call is not followed.
pub const REMOTE_MODULE: &str =
    "remote module not installed: run `terraform init`, then chanto reads .terraform/modules";

/// Why a kustomization's remote resource (a URL, a git repository) is not
/// followed.
pub const REMOTE_RESOURCE: &str = "remote resource: chanto does not fetch it; scan its repository, or `kubectl kustomize` output piped into `chanto scan -`";

/// Why a kustomization field chanto does not apply is listed: what it would
/// change is not what the scan sees.
pub const KUSTOMIZE_FIELD_NOT_APPLIED: &str = "kustomization field not applied by chanto: pipe `kubectl kustomize` output into `chanto scan -` to scan what it makes";

/// Why a Bicep registry module or template spec is not followed.
pub const BICEP_REGISTRY_MODULE: &str = "registry module not restored: run `bicep restore`, then chanto reads it from the Bicep CLI's cache (~/.bicep)";

/// Why a nested deployment's linked template is not read.
pub const LINKED_TEMPLATE: &str = "linked template by URI or template spec: chanto does not fetch it; scan the linked template on its own";

/// Why a Helm chart folder is not scanned.
pub const CHART_NOT_RENDERED: &str =
    "chart not rendered: install helm, or pipe `helm template …` into `chanto scan -`";

/// Whether a skipped input is one whose resources go unscanned although the
/// inputs use them (a module call, a chart, a remote resource): reports show
/// these in their default output, and count them, even when they hide other
/// skipped files.
pub fn is_not_followed(reason: &str) -> bool {
    NOT_FOLLOWED.contains(&reason)
}

/// The reasons [`is_not_followed`] recognises.
const NOT_FOLLOWED: [&str; 6] = [
    BICEP_REGISTRY_MODULE,
    LINKED_TEMPLATE,
    REMOTE_MODULE,
    REMOTE_RESOURCE,
    CHART_NOT_RENDERED,
    KUSTOMIZE_FIELD_NOT_APPLIED,
];
