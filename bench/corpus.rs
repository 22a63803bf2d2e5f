//! Writes a seeded corpus for benchmarks: Kubernetes manifests of realistic
//! variety and AKS cluster definitions in every JSON shape.
//!
//! cargo run --release --example corpus -- OUT_DIR MANIFESTS [CLUSTERS] [SEED] [GRAPH_CLUSTERS]
//!
//! GRAPH_CLUSTERS adds OUT_DIR/graph: a Resource Graph export of that many
//! clusters with the resources around each (a fleet's estate).

#[path = "../tests/corpus/mod.rs"]
mod corpus;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: usize| args.get(i).map_or(Ok(default), |a| a.parse::<usize>());
    let (Some(out), Ok(manifests), Ok(clusters), Ok(seed), Ok(graph)) = (
        args.first(),
        number(1, 2000),
        number(2, 0),
        number(3, 42),
        number(4, 0),
    ) else {
        eprintln!("usage: corpus OUT_DIR MANIFESTS [CLUSTERS] [SEED] [GRAPH_CLUSTERS]");
        return ExitCode::from(2);
    };
    let dir = std::path::Path::new(out);
    let written = std::fs::create_dir_all(dir.join("k8s"))
        .and_then(|()| std::fs::create_dir_all(dir.join("clusters")))
        .and_then(|()| corpus::generate(&dir.join("k8s"), manifests, seed as u64))
        .and_then(|c| {
            corpus::generate_clusters(&dir.join("clusters"), clusters, seed as u64).map(|()| c)
        })
        .and_then(|c| {
            if graph == 0 {
                return Ok(c);
            }
            std::fs::create_dir_all(dir.join("graph"))?;
            corpus::generate_graph_export(&dir.join("graph"), graph, seed as u64).map(|()| c)
        });
    match written {
        Ok(corpus) => {
            // What each object really contains: the codes it must get.
            let truth: String = corpus
                .truth
                .iter()
                .map(|(code, name)| format!("{code}\t{name}\n"))
                .collect();
            if let Err(e) = std::fs::write(dir.join("truth.tsv"), truth) {
                eprintln!("cannot write the truth file: {e}");
                return ExitCode::from(2);
            }
            println!(
                "{}: {} manifest files, {clusters} cluster files, truth.tsv",
                dir.display(),
                corpus.files
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write the corpus: {e}");
            ExitCode::from(2)
        }
    }
}
