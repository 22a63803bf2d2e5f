//! What the live readers share: documents named as `--save` writes them,
//! from names a server sent.

use std::path::Path;

use serde_json::Value;

use super::Document;
use crate::model::LoadError;

/// The runtime a live read runs its requests on: two workers, as many as
/// the CI machine has cores; the requests wait on the network, not on them.
pub fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the HTTP runtime: {e}"))
}

/// An error of a live read, named by its source (`azure`, `kube`).
pub fn read_error(source: &str, message: String) -> LoadError {
    LoadError {
        file: source.to_string(),
        line: None,
        column: None,
        message,
    }
}

/// One path segment from a name a server sent: characters outside
/// `[A-Za-z0-9._-]` become `_`, and `.`, `..` or nothing become `_`.
pub fn path_segment(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .take(120)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() || cleaned.chars().all(|c| c == '.') {
        "_".to_string()
    } else {
        cleaned
    }
}

/// A document's text: pretty JSON, ending in a newline.
pub fn pretty_json(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes `documents` under `dir`, each at its name: a folder a later
/// `chanto scan DIR` reads to the same result.
pub fn save_documents(documents: &[Document], dir: &Path) -> Result<(), String> {
    for d in documents {
        let path = dir.join(&d.display);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("--save {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &d.text).map_err(|e| format!("--save {}: {e}", path.display()))?;
    }
    Ok(())
}
