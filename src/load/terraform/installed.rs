//! Modules `terraform init` installed: `.terraform/modules/modules.json` in a
//! root module's folder maps each module call (by its key, `aks` or
//! `aks.network` for a call inside it) to the folder it was downloaded to,
//! whatever its source (registry, git, an archive).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::load::normalise;

/// Where `terraform init` records the modules it installed, under a root.
const MANIFEST: &str = ".terraform/modules/modules.json";

/// A root's installed modules: call key to folder.
pub(super) type Installed = HashMap<String, PathBuf>;

#[derive(Deserialize)]
struct Manifest {
    #[serde(rename = "Modules", default)]
    modules: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "Key")]
    key: String,
    #[serde(rename = "Dir")]
    dir: String,
}

/// The manifest's path under a root module's folder.
pub(super) fn manifest_path(root: &Path) -> PathBuf {
    root.join(MANIFEST)
}

/// The installed modules the manifest text lists, their folders resolved
/// against the root (Terraform writes them relative to it). The root's own
/// entry (an empty key) and folders that would leave the root are left out:
/// a manifest is input like any other file.
pub(super) fn parse(root: &Path, text: &str) -> Result<Installed, String> {
    let manifest: Manifest =
        serde_json::from_str(text).map_err(|e| format!("not a Terraform module manifest: {e}"))?;
    Ok(manifest
        .modules
        .into_iter()
        .filter(|entry| !entry.key.is_empty())
        .filter_map(|entry| {
            let relative = Path::new(&entry.dir);
            let inside = relative.is_relative()
                && !relative
                    .components()
                    .any(|c| matches!(c, std::path::Component::ParentDir));
            inside.then(|| (entry.key, normalise(&root.join(relative))))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_folders_under_the_root() {
        let text = r#"{"Modules":[
            {"Key":"","Source":"","Dir":"."},
            {"Key":"aks","Source":"registry.terraform.io/Azure/aks/azurerm","Version":"9.4.1","Dir":".terraform/modules/aks"},
            {"Key":"aks.net","Source":"./modules/net","Dir":".terraform/modules/aks/modules/net"},
            {"Key":"evil","Source":"x","Dir":"../../etc"}
        ]}"#;
        let installed = parse(Path::new("infra"), text).unwrap();
        assert_eq!(
            installed.get("aks"),
            Some(&PathBuf::from("infra/.terraform/modules/aks"))
        );
        assert_eq!(
            installed.get("aks.net"),
            Some(&PathBuf::from("infra/.terraform/modules/aks/modules/net"))
        );
        assert_eq!(installed.len(), 2, "{installed:?}");
    }

    #[test]
    fn a_manifest_that_is_not_json_is_an_error() {
        assert!(parse(Path::new("."), "{").is_err());
    }
}
