//! seam's own pattern matcher (`src/syntax/matcher.rs`) against tree-sitter's
//! `QueryCursor` as the oracle: the same `.scm` text, run by both engines
//! over every source file in `testdata/`, must give the same matches in the
//! same order (pattern, and each capture's name and node).
//!
//! On a real tree too: `SEAM_ORACLE_DIR=/path/to/corpus cargo test --release
//! --test matcher_oracle` (zulip: 2,487 files, about 1.2 M matches).

use std::path::Path;

use seam::config::AuditConfig;
use seam::discover::Language;
use seam::extract::queries::{combined_text, compile, query_files};
use streaming_iterator::StreamingIterator;
use tree_sitter::{Parser, Query, QueryCursor};

/// (pattern, [(capture name, node id)]) per match, in order.
type Matches = Vec<(usize, Vec<(String, usize)>)>;

fn oracle(query: &Query, tree: &tree_sitter::Tree, source: &[u8]) -> Matches {
    let names = query.capture_names();
    let mut cursor = QueryCursor::new();
    let mut out = Vec::new();
    let mut it = cursor.matches(query, tree.root_node(), source);
    while let Some(m) = it.next() {
        let captures = m
            .captures()
            .iter()
            .map(|c| (names[c.index as usize].to_string(), c.node.id()))
            .collect();
        out.push((m.pattern_index, captures));
    }
    out
}

fn ours(
    compiled: &seam::extract::queries::CompiledQuery,
    tree: &tree_sitter::Tree,
    source: &[u8],
) -> Matches {
    let names = compiled.query.capture_names();
    let mut out = Vec::new();
    compiled
        .query
        .for_each_match(tree.root_node(), source, |m| {
            let captures = m
                .captures()
                .iter()
                .map(|c| (names[c.index as usize].clone(), c.node.id()))
                .collect();
            out.push((m.pattern_index, captures));
        });
    out
}

/// Files where the engines disagree, with the first difference of each.
fn compare(root: &Path) -> (usize, usize, Vec<String>) {
    let config = AuditConfig::new(root).expect("a directory");
    let discovery = seam::discover::discover(&config).expect("walk");
    let mut problems = Vec::new();
    let (mut files, mut matches) = (0, 0);
    for language in [
        Language::Python,
        Language::JavaScript,
        Language::TypeScript,
        Language::Tsx,
    ] {
        let grammar = seam::extract::grammar(language);
        let files_of = query_files(language);
        let (text, _) = combined_text(&files_of);
        let query = Query::new(&grammar, &text).expect("tree-sitter compiles the queries");
        let compiled = compile(&grammar, &files_of).expect("seam reads the queries");
        assert_eq!(
            query.capture_names().to_vec(),
            compiled
                .query
                .capture_names()
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            "{language:?}: capture numbering"
        );
        assert_eq!(query.pattern_count(), compiled.query.pattern_count());
        let mut parser = Parser::new();
        parser.set_language(&grammar).expect("grammar");
        for file in discovery.sources.iter().filter(|f| f.language == language) {
            let Ok(source) = file.read(config.max_file_bytes) else {
                continue;
            };
            let Some(tree) = parser.parse(&source, None) else {
                continue;
            };
            let want = oracle(&query, &tree, &source);
            let got = ours(&compiled, &tree, &source);
            files += 1;
            matches += want.len();
            if want != got {
                let at = want
                    .iter()
                    .zip(&got)
                    .position(|(a, b)| a != b)
                    .unwrap_or(want.len().min(got.len()));
                problems.push(format!(
                    "{}: {} matches from tree-sitter, {} from seam; first difference at #{at}: \
                     tree-sitter {:?}, seam {:?}",
                    file.path,
                    want.len(),
                    got.len(),
                    want.get(at),
                    got.get(at)
                ));
            }
        }
    }
    (files, matches, problems)
}

#[test]
fn seam_matches_what_tree_sitter_matches_on_every_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let (files, matches, problems) = compare(&root);
    assert!(
        files > 50 && matches > 1000,
        "{files} files, {matches} matches"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn seam_matches_what_tree_sitter_matches_on_a_corpus() {
    let Some(root) = std::env::var_os("SEAM_ORACLE_DIR") else {
        return;
    };
    let (files, matches, problems) = compare(Path::new(&root));
    let line = format!(
        "{files} files, {matches} matches, {} differ\n",
        problems.len()
    );
    std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes()).ok();
    assert!(
        problems.is_empty(),
        "{}",
        problems
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
