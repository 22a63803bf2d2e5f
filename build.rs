//! Lists the rule files of each pillar, so a new rule is its file alone:
//! `src/rules/<pillar>/<code>_<name>.rs` is declared as a module and its
//! `RULE` joins the registry.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for pillar in ["connectivity", "cluster", "auth"] {
        let dir = Path::new(&manifest).join("src/rules").join(pillar);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| is_rule_file(name))
            .collect();
        files.sort();
        let mut code = String::new();
        for file in &files {
            let module = file.trim_end_matches(".rs");
            let path = dir.join(file);
            // Debug-quoting escapes the path as a string literal would.
            writeln!(
                code,
                "#[path = {:?}]\nmod {module};",
                path.display().to_string()
            )
            .expect("writing to a String");
        }
        code.push_str("pub(super) static RULES: &[&crate::rules::Rule] = &[\n");
        for file in &files {
            writeln!(code, "    &{}::RULE,", file.trim_end_matches(".rs"))
                .expect("writing to a String");
        }
        code.push_str("];\n");
        std::fs::write(Path::new(&out).join(format!("{pillar}.rs")), code)
            .expect("OUT_DIR is writable");
    }
}

/// `cn101_api_server_open_to_internet.rs`: two letters, three digits, a name.
fn is_rule_file(name: &str) -> bool {
    let bytes = name.as_bytes();
    name.ends_with(".rs")
        && bytes.len() > 6
        && bytes[..2].iter().all(u8::is_ascii_lowercase)
        && bytes[2..5].iter().all(u8::is_ascii_digit)
        && bytes[5] == b'_'
}
