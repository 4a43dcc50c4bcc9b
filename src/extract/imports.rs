//! Import facts: folds the import query's matches (one per imported name)
//! back into one [`RawImport`] per statement.

use std::collections::BTreeMap;

use compact_str::CompactString;
use thin_vec::ThinVec;
use tree_sitter::Node;

use crate::syntax::matcher::QueryMatch;

use super::queries::{Capture, LanguageQueries};
use super::{ImportKind, RawImport};
use crate::discover::Language;
use crate::lang;

/// Longest evidence text kept per import; minified code has enormous lines.
const MAX_EVIDENCE_CHARS: usize = 160;

/// Folds import matches into [`RawImport`]s. Fed by the single per-file
/// query walk in `extract`; keyed by (statement start, end, specifier start)
/// so source order is kept: one statement can hold several specifiers
/// (`import a, b`), and one specifier several names.
#[derive(Default)]
pub struct ImportCollector {
    by_statement: BTreeMap<(usize, usize, usize), RawImport>,
}

impl ImportCollector {
    pub fn add(
        &mut self,
        root: Node,
        language: Language,
        source: &[u8],
        queries: &LanguageQueries,
        m: &QueryMatch,
    ) {
        let mut stmt = None;
        let mut specifier = None;
        let mut name = None;
        for capture in m.captures() {
            match queries.query.captures[capture.index as usize] {
                Capture::ImportStmt => stmt = Some(capture.node),
                Capture::ImportSource => specifier = Some(capture.node),
                Capture::ImportName => name = Some(capture.node),
                _ => {}
            }
        }
        let (Some(stmt), Some(specifier)) = (stmt, specifier) else {
            return;
        };
        let spec = normalise_specifier(language, node_text(specifier, source));
        if spec.is_empty() {
            return;
        }
        let kind = match queries.property(m.pattern_index, "kind") {
            Some("dynamic") => ImportKind::Dynamic,
            Some("require") => ImportKind::Require,
            Some("reexport") => ImportKind::Reexport,
            _ => ImportKind::Static,
        };
        let key = (stmt.start_byte(), stmt.end_byte(), specifier.start_byte());
        let entry = self.by_statement.entry(key).or_insert_with(|| {
            let context = match language {
                Language::Python => lang::python::import_context(root, stmt, source),
                _ => lang::ecma::import_context(root, stmt, kind),
            };
            RawImport {
                specifier: spec.into(),
                names: ThinVec::new(),
                kind,
                line: stmt.start_position().row as u32 + 1,
                text: evidence(stmt, source).into(),
                lazy: context.lazy,
                type_only: context.type_only,
                conditional: context.conditional,
            }
        });
        if let Some(name) = name {
            let name = CompactString::from(normalise_specifier(language, node_text(name, source)));
            if !entry.names.contains(&name) {
                entry.names.push(name);
            }
        }
    }

    pub fn finish(self) -> Vec<RawImport> {
        self.by_statement.into_values().collect()
    }
}

/// A Python dotted name as Python reads it: spaces, backslash line
/// continuations (`from a.b.\` ⏎ `c import d`) and comments between its
/// parts are not part of the name.
fn normalise_specifier(language: Language, text: String) -> String {
    match language {
        Language::Python => lang::python::dotted_name(&text),
        _ => text.trim().to_string(),
    }
}

pub fn node_text(node: Node, source: &[u8]) -> String {
    String::from_utf8_lossy(&source[node.byte_range()]).into_owned()
}

fn evidence(stmt: Node, source: &[u8]) -> String {
    let text = String::from_utf8_lossy(&source[stmt.byte_range()]);
    let first = text.lines().next().unwrap_or("").trim();
    if first.chars().count() > MAX_EVIDENCE_CHARS {
        let cut: String = first.chars().take(MAX_EVIDENCE_CHARS).collect();
        format!("{cut}…")
    } else {
        first.to_string()
    }
}
