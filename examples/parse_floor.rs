//! The parse floor of a tree: discover it the way `seam audit` does, then only
//! read and tree-sitter-parse every source file on rayon (no queries, no
//! resolution, no report). `benches/corpus.sh` times seam against this.
//!
//!     cargo run --release --example parse_floor -- PATH

use std::time::Instant;

use rayon::prelude::*;
use seam::config::AuditConfig;

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let config = AuditConfig::new(std::path::Path::new(&root)).expect("a directory");
    let started = Instant::now();
    let discovery = seam::discover::discover(&config).expect("walk");
    let nodes: usize = discovery
        .sources
        .par_iter()
        .map_init(tree_sitter::Parser::new, |parser, file| {
            let Ok(bytes) = file.read(config.max_file_bytes) else {
                return 0;
            };
            parser
                .set_language(&seam::extract::grammar(file.language))
                .expect("grammar");
            parser
                .parse(&bytes, None)
                .map_or(0, |tree| tree.root_node().descendant_count())
        })
        .sum();
    let line = format!(
        "parsed {} files ({nodes} nodes) in {:.3} s\n",
        discovery.sources.len(),
        started.elapsed().as_secs_f64()
    );
    std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes()).ok();
}
