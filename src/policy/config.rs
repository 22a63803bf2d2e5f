//! `chanto.yaml`: the organisation's policy file. Parsed through the same
//! positioned tree as the inputs, so every error names its line, and unknown
//! keys and codes get a suggestion.

use jiff::civil::Date;

use super::requirements::{Requirement, default_profile};
use crate::load::tree::{Node, Value};
use crate::load::yaml;
use crate::model::{Attestation, FileId, Loc, Organisation};
use crate::rules::{self, PodSecurityProfile, Severity};

pub const FILE_NAME: &str = "chanto.yaml";

/// What `chanto init` writes: every section, commented.
pub const STARTER: &str = include_str!("starter.yaml");

#[derive(Debug, Clone)]
pub struct ConfigError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    pub rules: RulesConfig,
    pub requirements: Vec<Requirement>,
    pub organisation: Organisation,
    pub attestations: Vec<Attestation>,
    /// Where a missing attestation belongs: the `attestations` section, or
    /// the start of the file without one. `None` without a policy file.
    pub attestations_at: Option<Loc>,
    pub waivers: Vec<Waiver>,
    /// Globs of walked files and folders to pass over, as `--exclude`.
    pub exclude: Vec<String>,
    /// What the file meant where it was read generously (a peer check ID
    /// taken as the chanto codes that answer it), with its line.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct RulesConfig {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: Vec<(String, Severity)>,
    pub pod_security: Option<PodSecurityProfile>,
    pub allowed_registries: Option<Vec<String>>,
}

/// A glob as written, compiled once (case-insensitive).
#[derive(Debug, Clone)]
pub struct Pattern {
    pub text: String,
    pub matcher: globset::GlobMatcher,
}

impl Pattern {
    pub fn matches(&self, value: &str) -> bool {
        self.matcher.is_match(value)
    }
}

#[derive(Debug, Clone)]
pub struct Waiver {
    pub codes: Vec<String>,
    pub cluster: Option<Pattern>,
    pub namespace: Option<Pattern>,
    pub kind: Option<Pattern>,
    pub name: Option<Pattern>,
    pub reason: String,
    pub owner: String,
    pub expires: Date,
    pub loc: Loc,
}

impl Config {
    /// No policy file: the talk's six company rules, nothing else.
    pub fn with_default_profile() -> Config {
        Config {
            requirements: default_profile(),
            ..Config::default()
        }
    }
}

/// The policy file for a scan: `chanto.yaml` in the first scanned folder
/// (or a scanned file's folder) or the nearest parent that has one, up to
/// the repository root (a folder with `.git`).
pub fn discover(paths: &[std::path::PathBuf]) -> Option<std::path::PathBuf> {
    let first = paths.first()?;
    let start = if first.is_dir() {
        first.clone()
    } else {
        first.parent()?.to_path_buf()
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|d| std::fs::canonicalize(d).ok());
    for dir in start.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            // Shown relative to where chanto runs, as users typed the paths.
            let relative = cwd
                .as_ref()
                .and_then(|cwd| candidate.strip_prefix(cwd).ok())
                .map(std::path::Path::to_path_buf);
            return Some(relative.unwrap_or(candidate));
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

const TOP: [&str; 6] = [
    "rules",
    "policy",
    "organisation",
    "attestations",
    "waivers",
    "exclude",
];
const RULES: [&str; 5] = [
    "select",
    "ignore",
    "severity",
    "pod_security",
    "allowed_registries",
];
const POLICY: [&str; 2] = ["mode", "requirements"];
const REQUIREMENT: [&str; 5] = ["id", "title", "text", "features", "codes"];
const ORGANISATION: [&str; 5] = ["ci_cidrs", "admin_cidrs", "production", "wafs", "notes"];
const PRODUCTION: [&str; 2] = ["clusters", "tags"];
const ATTESTATION: [&str; 6] = [
    "code",
    "statement",
    "owner",
    "evidence",
    "reviewed",
    "valid_for",
];
const WAIVER: [&str; 9] = [
    "codes",
    "cluster",
    "namespace",
    "kind",
    "name",
    "reason",
    "owner",
    "expires",
    "id",
];

pub fn parse(text: &str, file: FileId) -> Result<Config, Vec<ConfigError>> {
    let docs = yaml::parse(text).map_err(|e| {
        vec![ConfigError {
            line: e.line,
            column: e.col,
            message: e.message,
        }]
    })?;
    let mut r = Reader {
        file,
        errors: Vec::new(),
        notes: Vec::new(),
    };
    let config = match docs.first() {
        // An empty policy file is still the organisation's.
        None => Config {
            attestations_at: Some(Loc {
                file,
                line: 1,
                col: 1,
            }),
            ..Config::with_default_profile()
        },
        Some(root) => r.config(root),
    };
    if r.errors.is_empty() {
        Ok(Config {
            notes: r.notes,
            ..config
        })
    } else {
        r.errors.sort_by_key(|e| (e.line, e.column));
        Err(r.errors)
    }
}

struct Reader {
    file: FileId,
    errors: Vec<ConfigError>,
    notes: Vec<String>,
}

impl Reader {
    fn error(&mut self, node: &Node, message: impl Into<String>) {
        self.errors.push(ConfigError {
            line: node.line,
            column: node.col,
            message: message.into(),
        });
    }

    /// The entries of a mapping, reporting keys the section does not know.
    fn section<'a>(
        &mut self,
        node: &'a Node,
        allowed: &[&str],
        what: &str,
    ) -> &'a [(String, Node)] {
        if !node.is_map() && node.value != Value::Null {
            self.error(node, format!("{what} must be a mapping"));
            return &[];
        }
        for (key, value) in node.entries() {
            if !allowed.contains(&key.as_str()) {
                let hint = closest(key, allowed.iter().copied())
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                self.error(value, format!("unknown key {key:?} in {what}{hint}"));
            }
        }
        node.entries()
    }

    fn text(&mut self, node: &Node) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                self.error(node, "expected text");
                None
            }
        }
    }

    fn texts(&mut self, node: &Node) -> Vec<String> {
        match &node.value {
            Value::Seq(items) => items.iter().filter_map(|i| self.text(i)).collect(),
            Value::Null => Vec::new(),
            _ => self.text(node).into_iter().collect(),
        }
    }

    fn required(&mut self, parent: &Node, key: &str, what: &str) -> Option<String> {
        match parent.get(key) {
            Some(node) => self.text(node),
            None => {
                self.error(parent, format!("{what} needs `{key}`"));
                None
            }
        }
    }

    fn date(&mut self, parent: &Node, key: &str, what: &str) -> Option<Date> {
        let node = match parent.get(key) {
            Some(node) => node,
            None => {
                self.error(parent, format!("{what} needs `{key}` (a date, YYYY-MM-DD)"));
                return None;
            }
        };
        let text = self.text(node)?;
        match text.parse::<Date>() {
            Ok(date) => Some(date),
            Err(_) => {
                self.error(
                    node,
                    format!("`{key}` is not a date: {text:?} (expected YYYY-MM-DD)"),
                );
                None
            }
        }
    }

    /// Rule codes or prefixes; `extra` names codes defined in this file.
    fn codes(&mut self, node: &Node, extra: &[String], prefixes: bool) -> Vec<String> {
        let mut out = Vec::new();
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        for item in items {
            let Some(code) = self.text(item) else {
                continue;
            };
            let known = rules::registry().iter().any(|r| {
                let c = r.meta.code;
                if prefixes {
                    c.len() >= code.len() && c[..code.len()].eq_ignore_ascii_case(&code)
                } else {
                    c.eq_ignore_ascii_case(&code)
                }
            }) || extra.iter().any(|e| e == &code);
            if known {
                out.push(code);
            } else if let Some(peer) = super::peer_ids::translate(&code) {
                self.notes
                    .push(format!("line {}: {}", item.line, peer.note));
                out.extend(peer.codes);
            } else {
                let candidates = rules::registry()
                    .iter()
                    .map(|r| r.meta.code)
                    .chain(extra.iter().map(String::as_str));
                let hint = closest(&code, candidates)
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                self.error(item, format!("unknown rule code {code:?}{hint}"));
            }
        }
        out
    }

    fn config(&mut self, root: &Node) -> Config {
        self.section(root, &TOP, "chanto.yaml");
        let mut config = Config {
            attestations_at: Some(Loc {
                file: self.file,
                line: 1,
                col: 1,
            }),
            ..Config::default()
        };
        if let Some(node) = root.get("attestations") {
            config.attestations_at = Some(node.loc(self.file));
            config.attestations = self.attestations(node);
        }
        let own_codes: Vec<String> = config.attestations.iter().map(|a| a.code.clone()).collect();
        if let Some(node) = root.get("rules") {
            config.rules = self.rules(node);
        }
        config.requirements = match root.get("policy") {
            Some(node) => self.policy(node, &own_codes),
            None => default_profile(),
        };
        if let Some(node) = root.get("organisation") {
            config.organisation = self.organisation(node);
        }
        if let Some(node) = root.get("waivers") {
            config.waivers = self.waivers(node, &own_codes);
        }
        if let Some(node) = root.get("exclude") {
            config.exclude = self.globs(node);
        }
        config
    }

    /// A list of globs, each checked to compile.
    fn globs(&mut self, node: &Node) -> Vec<String> {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        items
            .into_iter()
            .filter_map(|item| {
                let text = self.text(item)?;
                match globset::Glob::new(&text) {
                    Ok(_) => Some(text),
                    Err(e) => {
                        self.error(item, format!("exclude {text:?}: {}", e.kind()));
                        None
                    }
                }
            })
            .collect()
    }

    fn rules(&mut self, node: &Node) -> RulesConfig {
        let mut rules = RulesConfig::default();
        for (key, value) in self.section(node, &RULES, "rules") {
            match key.as_str() {
                "select" => rules.select = self.codes(value, &[], true),
                "ignore" => rules.ignore = self.codes(value, &[], true),
                "severity" => {
                    for (code, level) in value.entries() {
                        let codes = self.codes(
                            &Node::new(level.line, level.col, Value::Str(code.clone())),
                            &[],
                            false,
                        );
                        let severity = self.text(level).and_then(|l| {
                            let parsed = Severity::ALL
                                .iter()
                                .copied()
                                .find(|s| s.as_str() == l.to_ascii_lowercase());
                            if parsed.is_none() {
                                self.error(
                                    level,
                                    format!(
                                        "unknown severity {l:?} (critical, high, medium, low, info)"
                                    ),
                                );
                            }
                            parsed
                        });
                        if let (Some(code), Some(severity)) = (codes.into_iter().next(), severity) {
                            rules.severity.push((code, severity));
                        }
                    }
                }
                "pod_security" => {
                    rules.pod_security = match self.text(value).as_deref() {
                        Some("baseline") => Some(PodSecurityProfile::Baseline),
                        Some("restricted") => Some(PodSecurityProfile::Restricted),
                        Some(other) => {
                            self.error(
                                value,
                                format!("pod_security is baseline or restricted, not {other:?}"),
                            );
                            None
                        }
                        None => None,
                    }
                }
                "allowed_registries" => rules.allowed_registries = Some(self.texts(value)),
                _ => {}
            }
        }
        rules
    }

    fn policy(&mut self, node: &Node, own_codes: &[String]) -> Vec<Requirement> {
        self.section(node, &POLICY, "policy");
        let replace = match node.get("mode") {
            None => false,
            Some(m) => match self.text(m).as_deref() {
                Some("extend") | None => false,
                Some("replace") => true,
                Some(other) => {
                    self.error(
                        m,
                        format!("policy mode is extend or replace, not {other:?}"),
                    );
                    false
                }
            },
        };
        let mut requirements = if replace {
            Vec::new()
        } else {
            default_profile()
        };
        for item in node
            .get("requirements")
            .and_then(Node::as_seq)
            .unwrap_or_default()
        {
            self.section(item, &REQUIREMENT, "a requirement");
            let (Some(id), Some(title)) = (
                self.required(item, "id", "a requirement"),
                self.required(item, "title", "a requirement"),
            ) else {
                continue;
            };
            let codes = match item.get("codes") {
                Some(codes) => self.codes(codes, own_codes, false),
                None => {
                    self.error(item, format!("requirement {id} needs `codes`"));
                    continue;
                }
            };
            let requirement = Requirement {
                text: item
                    .get("text")
                    .and_then(|t| self.text(t))
                    .unwrap_or_default(),
                features: item
                    .get("features")
                    .map(|f| self.texts(f))
                    .unwrap_or_default(),
                id: id.clone(),
                title,
                codes,
            };
            match requirements.iter_mut().find(|r| r.id == id) {
                Some(existing) => *existing = requirement,
                None => requirements.push(requirement),
            }
        }
        requirements
    }

    fn organisation(&mut self, node: &Node) -> Organisation {
        let mut org = Organisation::default();
        for (key, value) in self.section(node, &ORGANISATION, "organisation") {
            match key.as_str() {
                "ci_cidrs" => org.ci_cidrs = self.cidrs(value),
                "admin_cidrs" => org.admin_cidrs = self.cidrs(value),
                "wafs" => org.wafs = self.texts(value),
                "production" => {
                    for (k, v) in self.section(value, &PRODUCTION, "organisation.production") {
                        match k.as_str() {
                            "clusters" => org.production_clusters = self.texts(v),
                            "tags" => {
                                org.production_tags = v
                                    .entries()
                                    .iter()
                                    .filter_map(|(tk, tv)| self.text(tv).map(|t| (tk.clone(), t)))
                                    .collect()
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        org
    }

    fn cidrs(&mut self, node: &Node) -> Vec<String> {
        let items: Vec<&Node> = node
            .as_seq()
            .map(|s| s.iter().collect())
            .unwrap_or_else(|| vec![node]);
        items
            .into_iter()
            .filter_map(|item| {
                let text = self.text(item)?;
                if crate::rules::support::parse_cidr(&text).is_none() {
                    self.error(item, format!("not a CIDR: {text:?}"));
                    return None;
                }
                Some(text)
            })
            .collect()
    }

    fn attestations(&mut self, node: &Node) -> Vec<Attestation> {
        let mut out = Vec::new();
        for item in node.as_seq().unwrap_or_default() {
            self.section(item, &ATTESTATION, "an attestation");
            let code = self.required(item, "code", "an attestation");
            let statement = self.required(item, "statement", "an attestation");
            let owner = self.required(item, "owner", "an attestation");
            let reviewed = self.date(item, "reviewed", "an attestation");
            let valid_for = match item.get("valid_for").map(|v| &v.value) {
                Some(Value::Int(days)) if *days > 0 => Some(*days),
                Some(_) => {
                    let node = item.get("valid_for").unwrap_or(item);
                    self.error(node, "valid_for is a number of days");
                    None
                }
                None => {
                    self.error(item, "an attestation needs `valid_for` (days)");
                    None
                }
            };
            if let (
                Some(code),
                Some(statement),
                Some(owner),
                Some(reviewed),
                Some(valid_for_days),
            ) = (code, statement, owner, reviewed, valid_for)
            {
                out.push(Attestation {
                    code,
                    statement,
                    owner,
                    evidence: item.get("evidence").and_then(|e| self.text(e)),
                    reviewed,
                    valid_for_days,
                    loc: item.loc(self.file),
                });
            }
        }
        out
    }

    fn waivers(&mut self, node: &Node, own_codes: &[String]) -> Vec<Waiver> {
        let mut out = Vec::new();
        for item in node.as_seq().unwrap_or_default() {
            self.section(item, &WAIVER, "a waiver");
            let codes = match item.get("codes") {
                Some(c) => self.codes(c, own_codes, false),
                None => {
                    self.error(item, "a waiver needs `codes`");
                    Vec::new()
                }
            };
            let reason = self.required(item, "reason", "a waiver");
            let owner = self.required(item, "owner", "a waiver");
            let expires = self.date(item, "expires", "a waiver");
            let mut glob = |key: &str| {
                let node = item.get(key)?;
                let text = self.text(node)?;
                match globset::GlobBuilder::new(&text)
                    .case_insensitive(true)
                    .build()
                {
                    Ok(glob) => Some(Pattern {
                        matcher: glob.compile_matcher(),
                        text,
                    }),
                    Err(e) => {
                        self.error(node, format!("`{key}` is not a valid glob: {e}"));
                        None
                    }
                }
            };
            let (cluster, namespace, kind, name) = (
                glob("cluster"),
                glob("namespace"),
                glob("kind"),
                glob("name"),
            );
            if let (false, Some(reason), Some(owner), Some(expires)) =
                (codes.is_empty(), reason, owner, expires)
            {
                out.push(Waiver {
                    codes,
                    cluster,
                    namespace,
                    kind,
                    name,
                    reason,
                    owner,
                    expires,
                    loc: item.loc(self.file),
                });
            }
        }
        out
    }
}

/// The candidate within edit distance 2, if any.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| {
            (
                crate::rules::edit_distance(&c.to_ascii_lowercase(), &word.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_file_parses_to_the_default_profile() {
        let config = parse(STARTER, FileId(0)).unwrap();
        assert_eq!(config.requirements, default_profile());
        assert_eq!(
            config.rules.pod_security,
            Some(PodSecurityProfile::Baseline)
        );
    }
}
