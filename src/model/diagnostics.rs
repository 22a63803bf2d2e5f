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

/// Why a module call is not followed; reports show these even when they
/// hide other skipped files, as the module's resources go unscanned.
pub const REMOTE_MODULE: &str =
    "module source is not a local folder: its resources are not scanned";
