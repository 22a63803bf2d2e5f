//! Reads and parses inputs into the model without evaluating any rule: the
//! floor a full scan is compared against (`bench/compare`).
//!
//! cargo run --release --example parse_only -- PATH...

use std::path::PathBuf;

fn main() {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let loaded = chanto::load::load(&paths, &chanto::load::LoadOptions::default());
    println!(
        "{} files: {} clusters, {} objects, {} errors",
        loaded.files_read,
        loaded.inventory.clusters.len(),
        loaded.inventory.objects.len(),
        loaded.errors.len()
    );
}
