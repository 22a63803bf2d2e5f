//! What the fuzz targets share: each writes its input where a user's file
//! would be and scans it through chanto's public API, so every target
//! exercises the real discovery, parsing, adaptation and rules.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chanto::report::{self, Format, RenderOptions, Report};
use chanto::scan::{ScanOptions, ScanResult, scan};
use clap::ValueEnum;

/// One folder per fuzzing process, in memory where the system has it.
fn workdir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = Path::new("/dev/shm");
        let base = if base.is_dir() {
            base.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("chanto-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder for the fuzz input");
        dir
    })
}

/// Scans `bytes` as a file named `name`, judged on a fixed date.
pub fn scan_as(name: &str, bytes: &[u8]) -> ScanResult {
    let path = workdir().join(name);
    std::fs::write(&path, bytes).expect("the fuzz input written");
    let as_of = jiff::civil::date(2026, 12, 1);
    scan(&ScanOptions::new(vec![path], as_of))
}

/// Renders `result` in every format and checks that each output is what its
/// format promises: JSON and SARIF parse as JSON, JUnit and HTML as XML
/// tokens without error, and no writer panics or fails.
pub fn render_every_format(result: &ScanResult) {
    let report = Report::new(result);
    let options = RenderOptions {
        root_uri: format!("file://{}/", workdir().display()),
        ..RenderOptions::default()
    };
    for format in Format::value_variants() {
        let mut out = Vec::new();
        report::write(*format, &report, &options, &mut out).expect("a report written to memory");
        match format {
            Format::Json | Format::Sarif => {
                serde_json::from_slice::<serde_json::Value>(&out).expect("valid JSON");
            }
            Format::Junit => well_formed_xml(&out),
            Format::Table | Format::Markdown | Format::Html => {
                std::str::from_utf8(&out).expect("UTF-8 output");
            }
            // The CI runner reads one command per line: no input may end
            // one early or start another.
            Format::Github | Format::Azure => {
                let text = std::str::from_utf8(&out).expect("UTF-8 output");
                let prefix = if *format == Format::Github {
                    "::"
                } else {
                    "##vso["
                };
                assert!(text.lines().all(|l| l.starts_with(prefix)), "{text}");
            }
        }
    }
}

fn well_formed_xml(bytes: &[u8]) {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Text(text)) => {
                let text = text.decode().expect("text decodes");
                assert!(
                    !text.chars().any(forbidden_in_xml),
                    "a character XML 1.0 forbids"
                );
            }
            Ok(_) => {}
            Err(e) => panic!("JUnit is not well-formed XML: {e}"),
        }
        buf.clear();
    }
}

fn forbidden_in_xml(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}
