//! The embedded tree-sitter queries, compiled once per language.
//!
//! Capture names are checked against one small vocabulary (`queries/README.md`)
//! and turned into [`Capture`] values here, so the code that walks matches
//! never compares strings.

use std::sync::OnceLock;

use tree_sitter::{Language as Grammar, Query};

use crate::discover::Language;

/// The capture vocabulary. Names starting with `_` are private to predicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capture {
    ImportStmt,
    ImportSource,
    ImportName,
    Private,
}

const VOCABULARY: &[(&str, Capture)] = &[
    ("import.stmt", Capture::ImportStmt),
    ("import.source", Capture::ImportSource),
    ("import.name", Capture::ImportName),
];

/// A compiled query with its capture indices mapped to [`Capture`].
pub struct CompiledQuery {
    pub query: Query,
    pub captures: Vec<Capture>,
}

/// Everything extraction needs for one grammar.
pub struct LanguageQueries {
    pub language: Grammar,
    pub imports: CompiledQuery,
}

const PYTHON_IMPORTS: &str = include_str!("../../queries/python/imports.scm");
const ECMA_IMPORTS: &str = include_str!("../../queries/ecma/imports.scm");
const TS_IMPORTS: &str = include_str!("../../queries/typescript/imports.scm");

/// The query sources for a language, in the order they are concatenated.
pub fn import_sources(language: Language) -> Vec<&'static str> {
    match language {
        Language::Python => vec![PYTHON_IMPORTS],
        Language::JavaScript => vec![ECMA_IMPORTS],
        Language::TypeScript | Language::Tsx => vec![ECMA_IMPORTS, TS_IMPORTS],
    }
}

pub fn grammar(language: Language) -> Grammar {
    match language {
        Language::Python => tree_sitter_python::LANGUAGE.into(),
        Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
    }
}

/// Compiles a query and checks its capture names against the vocabulary.
pub fn compile(grammar: &Grammar, source: &str) -> Result<CompiledQuery, String> {
    let query = Query::new(grammar, source).map_err(|e| e.to_string())?;
    let mut captures = Vec::new();
    for name in query.capture_names() {
        if name.starts_with('_') {
            captures.push(Capture::Private);
            continue;
        }
        match VOCABULARY.iter().find(|(n, _)| n == name) {
            Some((_, capture)) => captures.push(*capture),
            None => {
                let allowed: Vec<&str> = VOCABULARY.iter().map(|(n, _)| *n).collect();
                return Err(format!(
                    "unknown capture @{name}; allowed: {}",
                    allowed.join(", ")
                ));
            }
        }
    }
    Ok(CompiledQuery { query, captures })
}

fn load(language: Language) -> LanguageQueries {
    let grammar = grammar(language);
    let imports = compile(&grammar, &import_sources(language).concat())
        .unwrap_or_else(|e| panic!("embedded {language:?} import query is invalid: {e}"));
    LanguageQueries {
        language: grammar,
        imports,
    }
}

/// The compiled queries of a language; compiled on first use, then shared.
pub fn queries_for(language: Language) -> &'static LanguageQueries {
    static PYTHON: OnceLock<LanguageQueries> = OnceLock::new();
    static JAVASCRIPT: OnceLock<LanguageQueries> = OnceLock::new();
    static TYPESCRIPT: OnceLock<LanguageQueries> = OnceLock::new();
    static TSX: OnceLock<LanguageQueries> = OnceLock::new();
    let cell = match language {
        Language::Python => &PYTHON,
        Language::JavaScript => &JAVASCRIPT,
        Language::TypeScript => &TYPESCRIPT,
        Language::Tsx => &TSX,
    };
    cell.get_or_init(|| load(language))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_query_pair_compiles() {
        for language in Language::ALL {
            let grammar = grammar(language);
            for source in import_sources(language) {
                if let Err(e) = compile(&grammar, source) {
                    panic!("{language:?}: {e}");
                }
            }
        }
    }

    #[test]
    fn unknown_capture_names_are_rejected_with_the_vocabulary() {
        let grammar = grammar(Language::Python);
        let err = compile(&grammar, "(identifier) @import.whatever")
            .err()
            .expect("must fail");
        assert!(err.contains("@import.whatever"), "{err}");
        assert!(err.contains("import.source"), "{err}");
    }
}
