//! Where extraction's time goes, one thread, on a corpus: parse alone, the
//! combined query walk, the walk without each query file (what that file
//! costs), and the whole `extract` (walk + folding matches into facts).
//! `examples/query_cost.rs` ranks single patterns; this one splits the stage.
//!
//!     cargo run --release --example extract_cost -- PATH [python|typescript|javascript]
//!
//! For instruction counts a busy machine does not disturb, run one part
//! under callgrind and subtract: `MODE=parse` (read + parse), `MODE=walk`
//! (+ the combined query walk; `SKIP=tables.scm` leaves files out),
//! `MODE=rooted` (the walk as one `TreeCursor` pass with depth-0 query cursors
//! on the nodes whose kind roots a pattern),
//! `MODE=extract` (the whole `extract`), `MODE=compile` (per-file compile ms):
//!
//!     MODE=extract valgrind --tool=callgrind target/release/examples/extract_cost PATH

use std::time::{Duration, Instant};

use seam::config::AuditConfig;
use seam::discover::Language;
use seam::extract::grammar;
use seam::extract::queries::{QueryFile, combined_text, compile, query_files};
use streaming_iterator::StreamingIterator;
use tree_sitter::{Parser, Query, QueryCursor};

/// tree-sitter's own engine over the same text, for comparison with seam's
/// matcher (`src/syntax/matcher.rs`).
fn ts_query(grammar: &tree_sitter::Language, files: &[QueryFile]) -> Query {
    Query::new(grammar, &combined_text(files).0).expect("compiles")
}

/// seam's matcher over one tree: time and match count.
fn seam_walk(
    matcher: &seam::syntax::matcher::Matcher,
    tree: &tree_sitter::Tree,
    source: &[u8],
) -> (Duration, usize) {
    let started = Instant::now();
    let mut n = 0;
    matcher.for_each_match(tree.root_node(), source, |_| n += 1);
    (started.elapsed(), n)
}

fn walk(query: &Query, tree: &tree_sitter::Tree, source: &[u8]) -> (Duration, usize) {
    let started = Instant::now();
    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(query, tree.root_node(), source);
    let mut n = 0;
    while matches.next().is_some() {
        n += 1;
    }
    (started.elapsed(), n)
}

/// The kinds at which some pattern's first step can match, read off the
/// pattern texts (`((call …`, `[(if_statement) (for_statement)] @x`): an
/// experiment's approximation, good enough for the query files we have.
fn root_kinds(query: &Query, text: &str, grammar: &tree_sitter::Language) -> Vec<u16> {
    let mut kinds = Vec::new();
    for i in 0..query.pattern_count() {
        let pattern = &text[query.start_byte_for_pattern(i)..query.end_byte_for_pattern(i)];
        let body = pattern.trim_start_matches(|c: char| c == '(' || c.is_whitespace());
        let names: Vec<&str> = if let Some(alternatives) = body.strip_prefix('[') {
            alternatives
                .split(']')
                .next()
                .unwrap_or("")
                .split(|c: char| c == '(' || c == ')' || c.is_whitespace())
                .filter(|w| !w.is_empty())
                .collect()
        } else {
            body.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .take(1)
                .collect()
        };
        for name in names {
            let id = grammar.id_for_node_kind(name, true);
            assert!(id != 0, "no node kind {name}");
            kinds.push(id);
        }
    }
    kinds.sort_unstable();
    kinds.dedup();
    kinds
}

/// One `TreeCursor` pass; a query cursor limited to start depth 0 runs only
/// on nodes whose kind roots some pattern. Same matches as [`walk`]?
fn rooted_walk(
    query: &Query,
    roots: &[u16],
    tree: &tree_sitter::Tree,
    source: &[u8],
) -> (Duration, usize) {
    let started = Instant::now();
    let mut query_cursor = QueryCursor::new();
    query_cursor.set_max_start_depth(Some(0));
    let mut cursor = tree.walk();
    let mut n = 0;
    loop {
        let node = cursor.node();
        if roots.binary_search(&node.kind_id()).is_ok() {
            let mut matches = query_cursor.matches(query, node, source);
            while matches.next().is_some() {
                n += 1;
            }
        }
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return (started.elapsed(), n);
            }
        }
    }
}

/// Every node visited with a plain `TreeCursor`, reading its kind: what a
/// walk costs without a query.
fn bare_walk(tree: &tree_sitter::Tree) -> usize {
    let mut cursor = tree.walk();
    let mut kinds = 0usize;
    loop {
        kinds = kinds.wrapping_add(usize::from(cursor.node().kind_id()));
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return kinds;
            }
        }
    }
}

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let only = std::env::args().nth(2);
    let config = AuditConfig::new(std::path::Path::new(&root)).expect("a directory");
    let discovery = seam::discover::discover(&config).expect("walk");
    if std::env::var("MODE").as_deref() == Ok("compile") {
        // What each query file costs to compile (tree-sitter analyses every
        // pattern against the grammar's parse table), best of five.
        for language in Language::ALL {
            let grammar = grammar(language);
            for file in query_files(language) {
                let best = (0..5)
                    .map(|_| {
                        let started = Instant::now();
                        compile(&grammar, std::slice::from_ref(&file)).expect("compiles");
                        started.elapsed()
                    })
                    .min()
                    .unwrap_or_default();
                let line = format!(
                    "{language:?} {:<24} {:6.1} ms\n",
                    file.name,
                    best.as_secs_f64() * 1000.0
                );
                std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes()).ok();
            }
        }
        return;
    }
    if let Ok(mode) = std::env::var("MODE") {
        // `MODE=parse` or `MODE=extract`: only that, for callgrind's
        // instruction counts (`valgrind --tool=callgrind`), which a shared
        // machine does not disturb.
        // `MODE=walk SKIP=tables.scm`: parse + one walk of the combined query
        // without the query files whose name contains SKIP.
        let skip = std::env::var("SKIP").unwrap_or_else(|_| "\u{0}".into());
        let walkers: Vec<(Language, Query, Vec<u16>)> = Language::ALL
            .into_iter()
            .filter(|_| mode == "walk" || mode == "rooted")
            .map(|l| {
                let files: Vec<QueryFile> = query_files(l)
                    .into_iter()
                    .filter(|f| !f.name.contains(&skip))
                    .collect();
                let text: String = files.iter().map(|f| format!("{}\n", f.source)).collect();
                let query = ts_query(&grammar(l), &files);
                let roots = root_kinds(&query, &text, &grammar(l));
                (l, query, roots)
            })
            .collect();
        let mut parser = Parser::new();
        for file in &discovery.sources {
            let Ok(bytes) = file.read(config.max_file_bytes) else {
                continue;
            };
            if mode == "parse" || mode == "walk" || mode == "rooted" {
                parser.set_language(&grammar(file.language)).unwrap();
                let tree = parser.parse(&bytes, None).unwrap();
                if let Some((_, q, roots)) = walkers.iter().find(|(l, _, _)| *l == file.language) {
                    if mode == "rooted" {
                        std::hint::black_box(rooted_walk(q, roots, &tree, &bytes));
                    } else {
                        std::hint::black_box(walk(q, &tree, &bytes));
                    }
                }
            } else {
                std::hint::black_box(seam::extract::extract(file, &bytes));
            }
        }
        return;
    }
    let mut out = String::new();
    for family in [Language::Python, Language::TypeScript, Language::JavaScript] {
        let members: Vec<_> = discovery
            .sources
            .iter()
            .filter(|f| f.language == family)
            .collect();
        if members.is_empty()
            || only.as_deref().is_some_and(|o| {
                !format!("{family:?}")
                    .to_lowercase()
                    .contains(&o.to_lowercase())
            })
        {
            continue;
        }
        let grammar = grammar(family);
        let files = query_files(family);
        let mut variants: Vec<(String, Query)> = vec![("all".into(), ts_query(&grammar, &files))];
        for skipped in &files {
            let rest: Vec<QueryFile> = query_files(family)
                .into_iter()
                .filter(|f| f.name != skipped.name)
                .collect();
            let q = ts_query(&grammar, &rest);
            variants.push((format!("without {}", skipped.name), q));
        }
        // The full query without one pattern at a time: what that pattern costs.
        let started = Instant::now();
        let full = ts_query(&grammar, &files);
        let compile_ms = started.elapsed().as_secs_f64() * 1000.0;
        let source_all: String = files.iter().map(|f| format!("{}\n", f.source)).collect();
        let texts: Vec<&str> = (0..full.pattern_count())
            .map(|i| &source_all[full.start_byte_for_pattern(i)..full.end_byte_for_pattern(i)])
            .collect();
        let mut singles: Vec<(String, Query)> = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let rest: String = texts
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, t)| format!("{t}\n"))
                .collect();
            if let Ok(q) = Query::new(&grammar, &rest) {
                let first: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
                singles.push((format!("pattern {i}: {first}"), q));
            }
        }
        let mut parser = Parser::new();
        parser.set_language(&grammar).unwrap();
        let mut parse = Duration::ZERO;
        let mut extract = Duration::ZERO;
        let mut parse_cb = Duration::ZERO;
        let mut drop_time = Duration::ZERO;
        let mut bare = Duration::ZERO;
        let mut rooted = (Duration::ZERO, 0usize);
        let mut ours = (Duration::ZERO, 0usize);
        let matcher = compile(&grammar, &files).expect("seam reads the queries");
        let roots = root_kinds(&variants[0].1, &source_all, &grammar);
        let mut times = vec![(Duration::ZERO, 0usize); variants.len()];
        let mut single_times = vec![(Duration::ZERO, 0usize); singles.len()];
        for file in &members {
            let Ok(bytes) = file.read(config.max_file_bytes) else {
                continue;
            };
            let started = Instant::now();
            let tree = parser.parse(&bytes, None).unwrap();
            parse += started.elapsed();
            let extract_only = std::env::var_os("EXTRACT_ONLY").is_some();
            for (i, (_, q)) in variants.iter().enumerate().filter(|_| !extract_only) {
                let (d, n) = walk(q, &tree, &bytes);
                times[i].0 += d;
                times[i].1 += n;
            }
            for (i, (_, q)) in singles.iter().enumerate().filter(|_| !extract_only) {
                let (d, n) = walk(q, &tree, &bytes);
                single_times[i].0 += d;
                single_times[i].1 += n;
            }
            let started = Instant::now();
            let begun = Instant::now();
            let mut give_up = |_: &tree_sitter::ParseState| {
                if begun.elapsed() > Duration::from_secs(20) {
                    std::ops::ControlFlow::Break(())
                } else {
                    std::ops::ControlFlow::Continue(())
                }
            };
            let len = bytes.len();
            let tree2 = parser.parse_with_options(
                &mut |i, _| if i < len { &bytes[i..] } else { &[][..] },
                None,
                Some(tree_sitter::ParseOptions::new().progress_callback(&mut give_up)),
            );
            drop(tree2);
            parse_cb += started.elapsed();
            let started = Instant::now();
            std::hint::black_box(bare_walk(&tree));
            bare += started.elapsed();
            let (d, n) = rooted_walk(&variants[0].1, &roots, &tree, &bytes);
            rooted.0 += d;
            rooted.1 += n;
            let (d, n) = seam_walk(&matcher.query, &tree, &bytes);
            ours.0 += d;
            ours.1 += n;
            let started = Instant::now();
            drop(tree);
            drop_time += started.elapsed();
            let started = Instant::now();
            let facts = seam::extract::extract(file, &bytes);
            extract += started.elapsed();
            std::hint::black_box(facts);
        }
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        out += &format!(
            "== {family:?}: {} files; compile {compile_ms:.0} ms; parse {:.0} ms; extract (parse+walk+fold) {:.0} ms\n",
            members.len(),
            ms(parse),
            ms(extract)
        );
        out += &format!(
            "  parse with progress callback {:.0} ms; tree drop {:.0} ms; bare TreeCursor walk {:.0} ms\n",
            ms(parse_cb),
            ms(drop_time),
            ms(bare)
        );
        out += &format!(
            "  rooted walk (TreeCursor + depth-0 query cursors on {} root kinds) {:.0} ms {} matches\n",
            roots.len(),
            ms(rooted.0),
            rooted.1
        );
        out += &format!(
            "  seam's matcher (what extract runs) {:.0} ms {} matches\n",
            ms(ours.0),
            ours.1
        );
        for ((name, _), (d, n)) in variants.iter().zip(&times) {
            out += &format!("  walk {name:<40} {:>7.0} ms {n:>9} matches\n", ms(*d));
        }
        let mut order: Vec<usize> = (0..singles.len()).collect();
        order.sort_by_key(|&i| single_times[i].0);
        for i in order.into_iter().take(20) {
            out += &format!(
                "  without {:>7.0} ms {:>8} m  {}\n",
                ms(single_times[i].0),
                single_times[i].1,
                singles[i].0.chars().take(130).collect::<String>()
            );
        }
    }
    std::io::Write::write_all(&mut std::io::stderr(), out.as_bytes()).ok();
}
