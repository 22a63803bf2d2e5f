//! How reports name files: relative to one root — the repository's top
//! level, the working directory, or `--root` — so a path means the same
//! whatever the arguments' order or number, and code-scanning UIs (which
//! resolve paths against the repository) find the file.

use std::path::{Component, Path, PathBuf};

/// Names scanned files for reports.
#[derive(Debug, Clone, Default)]
pub struct FileNames {
    /// Absolute and without `.`/`..`; `None` names files as given.
    root: Option<PathBuf>,
    cwd: Option<PathBuf>,
}

impl FileNames {
    /// Files named relative to `root` (when they are under it), or as given.
    pub fn new(root: Option<&Path>) -> Self {
        let cwd = std::env::current_dir().ok();
        let root = root.map(|r| {
            let absolute = absolute(cwd.as_deref(), r);
            std::fs::canonicalize(&absolute).unwrap_or(absolute)
        });
        FileNames { root, cwd }
    }

    /// Whether files are named relative to a root.
    pub fn has_root(&self) -> bool {
        self.root.is_some()
    }

    /// `path` relative to the root, with `/` between its parts, when it is
    /// under the root (as written, or once symbolic links are resolved);
    /// otherwise as given.
    pub fn name(&self, path: &Path) -> String {
        let Some(root) = &self.root else {
            return path.display().to_string();
        };
        let lexical = absolute(self.cwd.as_deref(), path);
        let relative = lexical
            .strip_prefix(root)
            .ok()
            .map(Path::to_path_buf)
            .or_else(|| {
                let resolved = std::fs::canonicalize(&lexical).ok()?;
                resolved.strip_prefix(root).ok().map(Path::to_path_buf)
            });
        match relative {
            Some(relative) if relative.as_os_str().is_empty() => ".".to_string(),
            Some(relative) => relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            None => path.display().to_string(),
        }
    }
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved by
/// their text (a link is not followed, so a file keeps the name it was
/// found by).
fn absolute(cwd: Option<&Path>, path: &Path) -> PathBuf {
    let joined = match cwd {
        Some(cwd) if path.is_relative() => cwd.join(path),
        _ => path.to_path_buf(),
    };
    let mut clean = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    clean
}

/// The top level of the git repository holding `start` (a folder with a
/// `.git` folder or file), if any.
pub fn repository_root(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_under_the_root_are_named_relative_to_it_however_they_were_given() {
        let root = std::env::current_dir().unwrap();
        let names = FileNames::new(Some(&root));
        assert_eq!(names.name(Path::new("examples/a.json")), "examples/a.json");
        assert_eq!(
            names.name(Path::new("./examples/../examples/a.json")),
            "examples/a.json"
        );
        assert_eq!(names.name(&root.join("src/lib.rs")), "src/lib.rs");
    }

    #[test]
    fn files_outside_the_root_keep_the_name_they_were_given() {
        let names = FileNames::new(Some(Path::new("src")));
        assert_eq!(names.name(Path::new("examples/a.json")), "examples/a.json");
        assert_eq!(names.name(Path::new("src/lib.rs")), "lib.rs");
    }

    #[test]
    fn without_a_root_files_are_named_as_given() {
        let names = FileNames::new(None);
        assert_eq!(names.name(Path::new("./x/../y.yaml")), "./x/../y.yaml");
    }

    #[test]
    fn the_repository_root_is_the_nearest_folder_with_git() {
        let repo = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(repo.path().join(".git")).unwrap();
        std::fs::create_dir_all(repo.path().join("a/b")).unwrap();
        let found = repository_root(&repo.path().join("a/b")).unwrap();
        assert_eq!(found, std::fs::canonicalize(repo.path()).unwrap());
    }
}
