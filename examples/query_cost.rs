//! Where the query walk's time goes: parses a tree's files once, then times
//! the combined query of each language, and the same query with each
//! pattern disabled in turn (the pattern's marginal cost). One thread, so
//! the figures add up; run it on a quiet machine.
//!
//!     cargo run --release --example query_cost -- PATH [python|ecma] [TOP]

use std::time::Instant;

use seam::config::AuditConfig;
use seam::discover::Language;
use seam::extract::queries::{compile, query_files};
use seam::syntax::matcher::Matcher;
use tree_sitter::{Parser, Tree};

/// A line on stdout (the crate's lints keep `println!` out of the tool).
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write;
        writeln!(std::io::stdout(), $($t)*).ok();
    }};
}

fn walk(query: &Matcher, trees: &[(Vec<u8>, Tree)]) -> (f64, usize) {
    let started = Instant::now();
    let mut matches = 0;
    for (source, tree) in trees {
        query.for_each_match(tree.root_node(), source, |_| matches += 1);
    }
    (started.elapsed().as_secs_f64(), matches)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().unwrap_or_else(|| ".".into());
    let family = args.next().unwrap_or_else(|| "python".into());
    let top: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(15);
    let config = AuditConfig::new(std::path::Path::new(&root)).expect("a directory");
    let discovery = seam::discover::discover(&config).expect("walk");
    let language = if family == "python" {
        Language::Python
    } else {
        Language::TypeScript
    };
    let wanted = |l: Language| match family.as_str() {
        "python" => l == Language::Python,
        _ => matches!(l, Language::TypeScript),
    };
    let grammar = seam::extract::grammar(language);
    let mut parser = Parser::new();
    parser.set_language(&grammar).expect("grammar");
    let started = Instant::now();
    let trees: Vec<(Vec<u8>, Tree)> = discovery
        .sources
        .iter()
        .filter(|f| wanted(f.language))
        .filter_map(|f| {
            let bytes = f.read(config.max_file_bytes).ok()?;
            let tree = parser.parse(&bytes, None)?;
            Some((bytes, tree))
        })
        .collect();
    let parse = started.elapsed().as_secs_f64();
    let files = query_files(language);
    let compiled = compile(&grammar, &files).expect("query");
    let (full, matches) = walk(&compiled.query, &trees);
    say!(
        "{} files: parse {parse:.3} s, full query {full:.3} s ({:.0}% of parse, {matches} matches)",
        trees.len(),
        100.0 * full / parse
    );
    for file in &files {
        let others: Vec<_> = query_files(language)
            .into_iter()
            .filter(|f| f.name != file.name)
            .collect();
        let q = compile(&grammar, &others).expect("query");
        let (t, _) = walk(&q.query, &trees);
        say!(
            "  without {:<28} {t:.3} s  (saves {:.3} s)",
            file.name,
            full - t
        );
    }
    // Patterns grouped by the node they start on.
    let mut source = String::new();
    for f in &files {
        source.push_str(f.source);
        source.push('\n');
    }
    let first_node = |p: usize| -> String {
        let text = &source[compiled.query.start_byte_for_pattern(p)..];
        text.trim_start_matches('(')
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("")
            .to_string()
    };
    let mut kinds: Vec<String> = (0..compiled.query.pattern_count())
        .map(first_node)
        .collect();
    kinds.sort();
    kinds.dedup();
    for kind in kinds {
        let mut q = compile(&grammar, &files).expect("query");
        let mut n = 0;
        for p in 0..q.query.pattern_count() {
            if first_node(p) == kind {
                q.query.disable_pattern(p);
                n += 1;
            }
        }
        let (t, _) = walk(&q.query, &trees);
        say!(
            "  without the {n} patterns on ({kind}): saves {:.3} s",
            full - t
        );
    }
    let mut costs = Vec::new();
    for pattern in 0..compiled.query.pattern_count() {
        let mut q = compile(&grammar, &files).expect("query");
        q.query.disable_pattern(pattern);
        let (t, _) = walk(&q.query, &trees);
        costs.push((full - t, pattern, q.query.start_byte_for_pattern(pattern)));
    }
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    say!("patterns by marginal cost:");
    for (cost, pattern, start) in costs.into_iter().take(top) {
        let text: String = source[start..]
            .lines()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        say!(
            "  {cost:+.3} s  #{pattern:<3} {}",
            text.chars().take(110).collect::<String>()
        );
    }
}
