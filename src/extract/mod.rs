//! Stage 2, **extract**: one source file in, its [`FileFacts`] out.
//!
//! The only stage that parses. Each file is parsed once with tree-sitter and the
//! language's queries from `queries/` are run over the tree; the captures become
//! language-neutral facts (raw import specifiers with their context). Extraction
//! is a pure function of the file's bytes, run in parallel on rayon with one
//! parser and one query cursor per thread. It never resolves a specifier and
//! never looks at another file: that is `resolve`'s job.

pub mod cache;
mod imports;
mod orm;
mod own_reads;
pub mod state;
mod tables;

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, ParseOptions, Parser, QueryCursor, Tree};

use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::discover::{Language, Skipped, SourceFile};
use crate::lang;
use crate::text::count_lines;
use cache::{FactsCache, Stamp, content_hash};
// Fact and syntax types live in leaf modules that `lang` shares; they are
// re-exported here because `FileFacts` is built from them.
pub use crate::facts::{ImportKind, RawImport, web};
pub use crate::syntax::{ancestors, queries, scan};
pub use queries::{Capture, Concern, LanguageQueries, grammar, queries_for};

/// A parse that takes longer than this is abandoned (pathological input); the
/// file is reported with a diagnostic instead of stalling the run.
pub const PARSE_TIME_LIMIT: Duration = Duration::from_secs(20);

/// Everything the later stages need to know about one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFacts {
    pub path: String,
    pub language: Language,
    pub lines: u32,
    pub bytes: u64,
    pub imports: Vec<RawImport>,
    /// Number of ERROR and MISSING nodes in the tree.
    pub syntax_errors: u32,
    pub diagnostics: Vec<Diagnostic>,
    /// 1 + branch points (`if`, loops, `except`/`catch`, ternaries, `and`/`&&`…):
    /// McCabe's count summed over the file, the hotspot size measure.
    #[serde(default)]
    pub complexity: u32,
    /// Module-level state, browser globals, models and table uses.
    #[serde(default, skip_serializing_if = "state::StateFacts::is_empty")]
    pub state: state::StateFacts,
    /// What routes and requests are built from (see [`web::WebFacts`]).
    #[serde(default, skip_serializing_if = "web::WebFacts::is_empty")]
    pub web: web::WebFacts,
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(Parser::new());
    /// Reused across files: a fresh cursor allocates its state arrays anew.
    static CURSOR: RefCell<QueryCursor> = RefCell::new(QueryCursor::new());
}

/// Facts of one file, with what the file looked like when a cache is kept.
pub struct Extracted {
    pub facts: FileFacts,
    pub stamp: Option<Stamp>,
}

/// Reads and extracts all files in parallel. The result is in the input's
/// order (which `discover` sorted by path), so the thread count never changes
/// the output. A file that cannot be read becomes a [`Skipped`] entry.
///
/// With a cache, a file whose size and modification time are unchanged is not
/// even read, and one whose bytes hash as before is not parsed.
pub fn extract_all(
    files: &[SourceFile],
    max_bytes: u64,
    cache: Option<&FactsCache>,
    on_done: &(dyn Fn() + Sync),
) -> Vec<Result<Extracted, Skipped>> {
    files
        .par_iter()
        .map(|file| {
            let outcome = extract_cached(file, max_bytes, cache).map_err(|reason| Skipped {
                path: file.path.clone(),
                reason,
            });
            on_done();
            outcome
        })
        .collect()
}

fn extract_cached(
    file: &SourceFile,
    max_bytes: u64,
    cache: Option<&FactsCache>,
) -> Result<Extracted, String> {
    let Some(cache) = cache else {
        let content = file.read(max_bytes)?;
        return Ok(Extracted {
            facts: extract_guarded(file, &content),
            stamp: None,
        });
    };
    if let Some((stamp, facts)) = cache.fresh(file) {
        return Ok(Extracted {
            facts,
            stamp: Some(stamp),
        });
    }
    let content = file.read(max_bytes)?;
    let hash = content_hash(&content);
    let facts = cache.same_bytes(file, hash).unwrap_or_else(|| {
        cache.missed(&file.path);
        extract_guarded(file, &content)
    });
    Ok(Extracted {
        facts,
        stamp: Some(Stamp {
            len: content.len() as u64,
            modified: file.modified,
            hash,
        }),
    })
}

/// [`extract`], with a panic in one file turned into a diagnostic for that file
/// so the rest of the run goes on.
fn extract_guarded(file: &SourceFile, content: &[u8]) -> FileFacts {
    match catch_unwind(AssertUnwindSafe(|| extract(file, content))) {
        Ok(facts) => facts,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            // The thread's parser may be mid-parse; replace it.
            PARSER.with(|p| *p.borrow_mut() = Parser::new());
            let mut facts = FileFacts::empty(file, content);
            facts.diagnostics.push(Diagnostic::new(
                DiagnosticKind::InternalError,
                &file.path,
                None,
                format!("extraction failed and was skipped: {message}"),
            ));
            facts
        }
    }
}

impl FileFacts {
    fn empty(file: &SourceFile, content: &[u8]) -> Self {
        FileFacts {
            path: file.path.clone(),
            language: file.language,
            lines: count_lines(content),
            bytes: content.len() as u64,
            imports: Vec::new(),
            syntax_errors: 0,
            diagnostics: Vec::new(),
            complexity: 0,
            state: Default::default(),
            web: web::WebFacts::default(),
        }
    }
}

/// Parses one file and collects its facts. Pure: same bytes, same facts.
pub fn extract(file: &SourceFile, content: &[u8]) -> FileFacts {
    #[cfg(debug_assertions)]
    if file.path.ends_with("__seam_test_panic__.py") {
        panic!("test hook: deliberate panic");
    }
    let mut facts = FileFacts::empty(file, content);
    if std::str::from_utf8(content).is_err() {
        facts.diagnostics.push(Diagnostic::new(
            DiagnosticKind::Encoding,
            &file.path,
            None,
            "not valid UTF-8; read byte-wise, names with invalid bytes are replaced".into(),
        ));
    }
    let queries = queries_for(file.language);
    // A template: only its inline scripts are code, parsed where they stand
    // (template tags masked) so lines stay true.
    let (masked, ranges) = match file.language {
        Language::Html => {
            let ranges = lang::html::script_ranges(content);
            (
                Some(lang::html::mask_template_tags(content, &ranges)),
                Some(ranges),
            )
        }
        // A component: its `<script>` blocks are the code; the template's
        // `{{ }}` lies outside them.
        Language::Vue => (None, Some(lang::html::script_ranges(content))),
        _ => (None, None),
    };
    let code = masked.as_deref().unwrap_or(content);
    if file.language == Language::Html {
        facts.web.page_refs = lang::html::page_refs(content);
        facts.web.data_urls = lang::html::data_urls(content);
        facts.web.scripts = lang::html::script_names(content);
        facts.web.includes = lang::html::includes(content);
    }
    let Some(tree) = parse(code, queries, ranges.as_deref()) else {
        facts.diagnostics.push(Diagnostic::new(
            DiagnosticKind::ParseFailed,
            &file.path,
            None,
            format!(
                "parse abandoned after {} s; no facts read",
                PARSE_TIME_LIMIT.as_secs()
            ),
        ));
        return facts;
    };
    let root = tree.root_node();
    let page_refs = std::mem::take(&mut facts.web.page_refs);
    let data_urls = std::mem::take(&mut facts.web.data_urls);
    let scripts = std::mem::take(&mut facts.web.scripts);
    let includes = std::mem::take(&mut facts.web.includes);
    collect_facts(file.language, code, queries, root, &mut facts);
    facts.web.page_refs = page_refs;
    facts.web.data_urls = data_urls;
    facts.web.scripts = scripts;
    facts.web.includes = includes;
    if root.has_error() {
        // A MISSING hidden token (Python's `_newline`) is invisible to tree
        // cursors; the tree still says it has an error, so count one.
        let (count, first_line, gaps) = match count_errors(root, file.language, code) {
            (0, ..) => (1, None, 0),
            found => found,
        };
        facts.syntax_errors = count;
        let message = if gaps == count {
            format!(
                "{count} syntax error(s) where the tree-sitter grammar is stricter than Babel \
                 and TypeScript (a bare & in JSX text, a JSX attribute named default): \
                 the file is probably valid; facts read from the rest of the file"
            )
        } else {
            format!("{count} syntax error(s); facts read from the rest of the file")
        };
        facts.diagnostics.push(Diagnostic::new(
            DiagnosticKind::SyntaxError,
            &file.path,
            first_line,
            message,
        ));
    }
    facts
}

/// Walks the tree once with the language's combined query and hands each
/// match to the collector of its pattern's concern.
fn collect_facts(
    language: Language,
    source: &[u8],
    queries: &LanguageQueries,
    root: Node,
    facts: &mut FileFacts,
) {
    let mut imports = imports::ImportCollector::default();
    let mut web = scan::WebCollector::default();
    let mut branches = 0;
    let mut state = state::StateCollector::default();
    // `matches` resets the cursor, so one left mid-walk by a panic is fine.
    CURSOR.with_borrow_mut(|cursor| {
        let mut matches = cursor.matches(&queries.query.query, root, source);
        while let Some(m) = matches.next() {
            match queries.query.concerns[m.pattern_index] {
                Concern::Imports => imports.add(root, language, source, queries, m),
                Concern::Web => web.add(queries, m),
                Concern::Complexity => branches += 1,
                Concern::State => state.add(queries, source, m),
            }
        }
    });
    facts.complexity = 1 + branches;
    facts.imports = imports.finish();
    let mut found = web.finish();
    facts.state = state.finish(&mut found, source);
    keep_module_reads(&mut facts.state, &facts.imports);
    if language == Language::Python {
        own_reads::find(&mut facts.state, &mut found, root, source);
    }
    // A script with no import, export or require runs in the page's global
    // scope: its top-level names are every other script's too.
    let classic = matches!(language, Language::JavaScript | Language::Html)
        && facts.imports.is_empty()
        && !found
            .items
            .iter()
            .any(|(item, _)| matches!(item, scan::Item::Export { .. }));
    if classic {
        facts.state.classic = true;
        own_reads::free_names(&mut facts.state, root, source);
    }
    facts.web = match language {
        Language::Python => lang::python::web::lower(&found, source),
        _ => lang::ecma::web::lower(&found, source),
    };
}

/// `a.b` reads matter only where `a` can name an imported module; keeping
/// every attribute access would make the facts (and the cache) ten times
/// larger for nothing.
fn keep_module_reads(state: &mut state::StateFacts, imports: &[RawImport]) {
    let mut local: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for import in imports {
        if import.names.is_empty() {
            let head = import.specifier.trim_start_matches('.');
            local.insert(head.split('.').next().unwrap_or(head));
            if let Some((_, alias)) = import.text.rsplit_once(" as ") {
                local.insert(alias.trim().trim_end_matches([',', ')']));
            }
        }
        for name in &import.names {
            local.insert(name);
        }
    }
    state.attribute_reads.retain(|read| {
        read.chain
            .first()
            .is_some_and(|base| local.contains(base.as_str()))
    });
}

/// Parses the whole file, or only `ranges` of it (inline scripts).
fn parse(
    bytes: &[u8],
    queries: &LanguageQueries,
    ranges: Option<&[std::ops::Range<usize>]>,
) -> Option<Tree> {
    PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        parser
            .set_language(&queries.language)
            .expect("grammar ABI matches the tree-sitter crate");
        let included: Vec<tree_sitter::Range> = ranges
            .unwrap_or_default()
            .iter()
            .map(|r| tree_sitter::Range {
                start_byte: r.start,
                end_byte: r.end,
                start_point: point_at(bytes, r.start),
                end_point: point_at(bytes, r.end),
            })
            .collect();
        if ranges.is_some() && included.is_empty() {
            // Nothing to parse: an empty tree keeps the rest of extraction uniform.
            parser
                .set_included_ranges(&[])
                .expect("empty ranges are valid");
            return parser.parse("", None);
        }
        // Ranges are sorted and disjoint by construction; a refusal means
        // parse the whole thing.
        let _ = parser.set_included_ranges(&included);
        let started = Instant::now();
        let mut give_up = |_: &tree_sitter::ParseState| {
            if started.elapsed() > PARSE_TIME_LIMIT {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let len = bytes.len();
        let tree = parser.parse_with_options(
            &mut |i, _| if i < len { &bytes[i..] } else { &[][..] },
            None,
            Some(ParseOptions::new().progress_callback(&mut give_up)),
        );
        if tree.is_none() {
            parser.reset();
        }
        if !included.is_empty() {
            parser
                .set_included_ranges(&[])
                .expect("empty ranges are valid");
        }
        tree
    })
}

fn point_at(bytes: &[u8], offset: usize) -> tree_sitter::Point {
    let before = &bytes[..offset.min(bytes.len())];
    let row = before.iter().filter(|&&b| b == b'\n').count();
    let column = before.len()
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
    tree_sitter::Point { row, column }
}

/// Counts ERROR and MISSING nodes without recursion (trees can be 20,000
/// deep), and how many of them sit where the JavaScript grammar is known to
/// be stricter than Babel and TypeScript ([`lang::ecma::grammar_gap`]).
fn count_errors(root: Node, language: Language, source: &[u8]) -> (u32, Option<u32>, u32) {
    let mut cursor = root.walk();
    let mut count = 0;
    let mut gaps = 0;
    let mut first_line = None;
    loop {
        let node = cursor.node();
        let descend = node.has_error();
        if node.is_error() || node.is_missing() {
            count += 1;
            first_line.get_or_insert(node.start_position().row as u32 + 1);
            if language != Language::Python && lang::ecma::grammar_gap(node, source) {
                gaps += 1;
            }
        }
        if descend && !node.is_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return (count, first_line, gaps);
            }
        }
    }
}

/// A source file for tests that pass its bytes directly.
#[cfg(test)]
fn source_file(path: &str) -> SourceFile {
    SourceFile {
        path: path.into(),
        abs_path: path.into(),
        language: Language::from_path(path).expect("a source file name"),
        bytes: 0,
        modified: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imports_of(path: &str, source: &str) -> Vec<(String, ImportKind, bool, bool, bool, u32)> {
        let file = source_file(path);
        extract(&file, source.as_bytes())
            .imports
            .into_iter()
            .map(|i| {
                (
                    i.specifier,
                    i.kind,
                    i.lazy,
                    i.type_only,
                    i.conditional,
                    i.line,
                )
            })
            .collect()
    }

    #[test]
    fn python_context_flags() {
        let src = "\
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    import a
else:
    import b
try:
    import c
except ImportError:
    c = None
def f():
    import d
    return importlib.import_module('e')
x = __import__('g')
";
        use ImportKind::*;
        assert_eq!(
            imports_of("m.py", src),
            vec![
                ("typing".into(), Static, false, false, false, 1),
                ("a".into(), Static, false, true, false, 3),
                ("b".into(), Static, false, false, false, 5),
                ("c".into(), Static, false, false, true, 7),
                ("d".into(), Static, true, false, false, 11),
                ("e".into(), Dynamic, true, false, false, 12),
                ("g".into(), Dynamic, false, false, false, 13),
            ]
        );
    }

    #[test]
    fn python_names_and_relative_levels() {
        let file = source_file("p/m.py");
        let src = "from ..pkg import (a,\n  b as c)\nfrom . import *\nimport x.y as z, w\n";
        let facts = extract(&file, src.as_bytes());
        let got: Vec<(String, Vec<String>)> = facts
            .imports
            .into_iter()
            .map(|i| (i.specifier, i.names))
            .collect();
        assert_eq!(
            got,
            vec![
                ("..pkg".into(), vec!["a".into(), "b".into()]),
                (".".into(), vec![]),
                ("x.y".into(), vec![]),
                ("w".into(), vec![]),
            ]
        );
    }

    #[test]
    fn ecma_forms_and_flags() {
        let src = "\
import a from './a';
import type { T } from './t';
export * from './s';
const r = require('./r');
async function f() { await import('./d'); }
try { require('opt'); } catch (e) {}
import x = require('./old');
";
        use ImportKind::*;
        assert_eq!(
            imports_of("m.ts", src),
            vec![
                ("./a".into(), Static, false, false, false, 1),
                ("./t".into(), Static, false, true, false, 2),
                ("./s".into(), Reexport, false, false, false, 3),
                ("./r".into(), Require, false, false, false, 4),
                ("./d".into(), Dynamic, true, false, false, 5),
                ("opt".into(), Require, false, false, true, 6),
                ("./old".into(), Require, false, false, false, 7),
            ]
        );
    }

    #[test]
    fn syntax_errors_keep_the_imports_that_could_be_read() {
        let src = "import a\ndef broken(:\n    pass\nimport b\n";
        let file = source_file("m.py");
        let facts = extract(&file, src.as_bytes());
        let specs: Vec<&str> = facts.imports.iter().map(|i| i.specifier.as_str()).collect();
        assert_eq!(specs, vec!["a", "b"]);
        assert!(facts.syntax_errors >= 1);
        assert_eq!(facts.diagnostics[0].kind, DiagnosticKind::SyntaxError);
    }

    #[test]
    fn jsx_the_grammar_rejects_is_probably_valid() {
        let probably_valid = |path: &str, src: &str| {
            let facts = extract(&source_file(path), src.as_bytes());
            let imports: Vec<&str> = facts.imports.iter().map(|i| i.specifier.as_str()).collect();
            assert_eq!(imports, vec!["./select", "./b"], "{path}");
            assert_eq!(facts.diagnostics.len(), 1, "{path}");
            facts.diagnostics[0].message.contains("probably valid")
        };
        let amp = "import S from './select';\nexport const A = () => <p>Terms & conditions</p>;\nimport B from './b';\n";
        let attr = "import S from './select';\nexport const A = () => <S default=\"x\" />;\nimport B from './b';\n";
        let real = "import S from './select';\nimport B from './b';\nexport const A = () => <p>{1 +}</p>;\n";
        assert!(probably_valid("a.jsx", amp));
        assert!(probably_valid("a.tsx", amp));
        assert!(probably_valid("b.jsx", attr));
        assert!(!probably_valid("c.jsx", real));
    }

    #[test]
    fn line_counts() {
        assert_eq!(count_lines(b""), 0);
        assert_eq!(count_lines(b"a"), 1);
        assert_eq!(count_lines(b"a\n"), 1);
        assert_eq!(count_lines(b"a\nb"), 2);
    }
}
#[cfg(test)]
mod error_count_tests {
    use super::*;

    #[test]
    fn every_error_shape_is_counted() {
        let file = source_file("m.py");
        let django = "from unittest import TestCase\n\nfrom django.test import tag\n\n\n@tag('syntax_error')\nclass SyntaxErrorTestCase(TestCase):\n    pass\n\n\n1syntax_error  # NOQA\n";
        for src in [
            django,
            "1syntax_error  # NOQA\n",
            "def f(:\n  pass\n",
            "x = (1,\n",
            "import\n",
        ] {
            let facts = extract(&file, src.as_bytes());
            assert!(facts.syntax_errors >= 1, "{src:?}: {facts:?}");
        }
    }
}
