//! Registry modules where the Bicep CLI keeps them: `bicep restore` (and
//! every `bicep build`) pulls `br:` modules into a local cache,
//! `~/.bicep/br/REGISTRY/REPOSITORY/TAG/main.json`, and template specs
//! (`ts:`) into `~/.bicep/ts/SUBSCRIPTION/GROUP/NAME/VERSION/main.json`, each
//! the module compiled to ARM JSON. A module found there is read as the
//! nested template it is; one not there is listed as not followed.

use std::path::{Path, PathBuf};

/// The public registry `br/public:` stands for, and its repository prefix.
const PUBLIC_REGISTRY: &str = "mcr.microsoft.com";
const PUBLIC_PREFIX: &str = "bicep/";

/// The cache file of a `br:` or `ts:` module reference, under the cache
/// root (`~/.bicep`), or `None` for a reference chanto cannot place (an
/// alias only a `bicepconfig.json` defines).
pub(super) fn cached_module(cache_root: &Path, reference: &str) -> Option<PathBuf> {
    let safe = |part: &str| !part.is_empty() && !part.contains("..") && !part.contains('\\');
    if let Some(rest) = reference.strip_prefix("ts:") {
        // `ts:SUBSCRIPTION/GROUP/NAME:VERSION`, cached in lower case.
        let (path, version) = rest.rsplit_once(':')?;
        let parts: Vec<&str> = path.split('/').collect();
        let [subscription, group, name] = parts.as_slice() else {
            return None;
        };
        let mut file = cache_root.join("ts");
        for part in [*subscription, *group, *name, version] {
            if !safe(part) {
                return None;
            }
            file.push(part.to_lowercase());
        }
        return Some(file.join("main.json"));
    }
    let (registry, rest) = if let Some(rest) = reference.strip_prefix("br/public:") {
        (
            PUBLIC_REGISTRY.to_string(),
            format!("{PUBLIC_PREFIX}{rest}"),
        )
    } else {
        let rest = reference.strip_prefix("br:")?;
        let (registry, rest) = rest.split_once('/')?;
        (registry.to_string(), rest.to_string())
    };
    // `repository:tag` or `repository@sha256:digest`.
    let (repository, version) = match rest.split_once('@') {
        Some((repository, digest)) => (repository.to_string(), digest.replace(':', "#")),
        None => {
            let (repository, tag) = rest.rsplit_once(':')?;
            (repository.to_string(), encode_tag(tag))
        }
    };
    if !safe(&registry) || !safe(&repository) || !safe(&version) {
        return None;
    }
    Some(
        cache_root
            .join("br")
            .join(registry.replace(':', "$").to_lowercase())
            .join(repository.replace('/', "$"))
            .join(version)
            .join("main.json"),
    )
}

/// The cache's directory name for a tag: the tag, `$`, then (when the tag
/// has capitals) a hexadecimal mask of their positions, so tags differing
/// only in case stay apart on case-insensitive file systems.
fn encode_tag(tag: &str) -> String {
    let mut masks = [0u64; 2];
    for (i, c) in tag.chars().enumerate().take(128) {
        if c.is_uppercase() {
            masks[i / 64] |= 1 << (i % 64);
        }
    }
    let mut out = format!("{tag}$");
    match masks {
        [0, 0] => {}
        [low, 0] => out.push_str(&format!("{low:x}")),
        [low, high] => out.push_str(&format!("{high:x}{low:016x}")),
    }
    out
}

/// The Bicep CLI's module cache of this user: `~/.bicep`.
pub(super) fn cache_root() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(|home| PathBuf::from(home).join(".bicep"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_and_private_references_map_to_the_cli_cache() {
        let root = Path::new("/home/u/.bicep");
        assert_eq!(
            cached_module(root, "br/public:avm/res/kubernetes-configuration/extension:0.3.8"),
            Some(root.join("br/mcr.microsoft.com/bicep$avm$res$kubernetes-configuration$extension/0.3.8$/main.json"))
        );
        assert_eq!(
            cached_module(root, "br:Contoso.azurecr.io/modules/aks:V1"),
            Some(root.join("br/contoso.azurecr.io/modules$aks/V1$1/main.json"))
        );
        assert_eq!(
            cached_module(root, "ts:0000-1111/RG-Specs/AksSpec:V2.0"),
            Some(root.join("ts/0000-1111/rg-specs/aksspec/v2.0/main.json"))
        );
        assert_eq!(cached_module(root, "ts:sub/rg:1.0"), None);
        assert_eq!(cached_module(root, "br:x/../../etc:1"), None);
        assert_eq!(cached_module(root, "ts:../x/y:1"), None);
    }
}
