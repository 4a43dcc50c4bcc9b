//! Stage benchmarks on the bundled fixtures (`cargo bench`). Whole-corpus
//! comparisons with the peers are in `benches/corpus.sh`; see the README here.

use std::path::{Path, PathBuf};

use seam::config::AuditConfig;

fn main() {
    divan::main();
}

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(case)
}

fn config(case: &str) -> AuditConfig {
    AuditConfig::new(&fixture(case)).expect("fixture exists")
}

const CASES: &[&str] = &["imports/python", "imports/ecma", "demo"];

#[divan::bench(args = CASES)]
fn discover(case: &str) -> usize {
    let config = config(case);
    seam::discover::discover(&config).unwrap().sources.len()
}

#[divan::bench(args = CASES)]
fn extract(bencher: divan::Bencher, case: &str) {
    let config = config(case);
    let discovery = seam::discover::discover(&config).unwrap();
    bencher.bench(|| {
        seam::extract::extract_all(&discovery.sources, config.max_file_bytes, None, &|| {}).len()
    });
}

#[divan::bench(args = CASES)]
fn resolve_and_analyze(bencher: divan::Bencher, case: &str) {
    let config = config(case);
    let discovery = seam::discover::discover(&config).unwrap();
    let facts: Vec<_> =
        seam::extract::extract_all(&discovery.sources, config.max_file_bytes, None, &|| {})
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.facts)
            .collect();
    bencher.bench(|| {
        let resolution = seam::resolve::resolve(&config, &discovery, &facts);
        let graph = seam::graph::DepGraph::build(&facts, &resolution);
        seam::analyze::analyze(&graph).cycles.len()
    });
}

#[divan::bench(args = CASES)]
fn whole_audit(case: &str) -> usize {
    let config = config(case);
    seam::audit(&config, case, &seam::Silent)
        .unwrap()
        .modules
        .len()
}
