//! The embedded tree-sitter queries, compiled once per language.
//!
//! Capture names are checked against one small vocabulary (`queries/README.md`)
//! and turned into [`Capture`] values here, so the code that walks matches
//! never compares strings.

use std::sync::OnceLock;

use tree_sitter::Language as Grammar;

use super::matcher::Matcher;

use crate::discover::Language;

/// The capture vocabulary. Names starting with `_` are private to predicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Capture {
    ImportStmt,
    ImportSource,
    ImportName,
    ImportAlias,
    DefFunction,
    DefClass,
    DefName,
    DefReturn,
    DefExport,
    BindStmt,
    BindName,
    BindValue,
    CallExpr,
    ComplexityBranch,
    StateDef,
    StateValue,
    StateGlobal,
    StateWrite,
    StateMutated,
    StateBase,
    StateAttr,
    StateWindowWrite,
    StateWindowRead,
    StateJsAssign,
    StateJsDeclared,
    TableClass,
    TableName,
    TableDjango,
    TableMetaKey,
    TableMetaValue,
    TableTableCall,
    TableModel,
    TableManager,
    TableMethod,
    TableModelArg,
    TableConstructed,
    TableSql,
    TableSubclass,
    TableBase,
    TableInstance,
    TableInstanceOf,
    TableInstanceValue,
    TableSaved,
    TableChained,
    TableRelClass,
    TableRelField,
    TableRelKind,
    TableRelArgs,
    TableRelType,
    TableFkColumn,
    TableRelated,
    TableRelatedMethod,
    TableSelectRelated,
    TableSelectCall,
    Private,
}

const VOCABULARY: &[(&str, Capture)] = &[
    ("import.stmt", Capture::ImportStmt),
    ("import.source", Capture::ImportSource),
    ("import.name", Capture::ImportName),
    ("import.alias", Capture::ImportAlias),
    ("def.function", Capture::DefFunction),
    ("def.class", Capture::DefClass),
    ("def.name", Capture::DefName),
    ("def.return", Capture::DefReturn),
    ("def.export", Capture::DefExport),
    ("bind.stmt", Capture::BindStmt),
    ("bind.name", Capture::BindName),
    ("bind.value", Capture::BindValue),
    ("call.expr", Capture::CallExpr),
    ("complexity.branch", Capture::ComplexityBranch),
    ("state.def", Capture::StateDef),
    ("state.value", Capture::StateValue),
    ("state.global", Capture::StateGlobal),
    ("state.write", Capture::StateWrite),
    ("state.mutated", Capture::StateMutated),
    ("state.base", Capture::StateBase),
    ("state.attr", Capture::StateAttr),
    ("state.window_write", Capture::StateWindowWrite),
    ("state.window_read", Capture::StateWindowRead),
    ("state.js_assign", Capture::StateJsAssign),
    ("state.js_declared", Capture::StateJsDeclared),
    ("table.class", Capture::TableClass),
    ("table.name", Capture::TableName),
    ("table.django", Capture::TableDjango),
    ("table.meta_key", Capture::TableMetaKey),
    ("table.meta_value", Capture::TableMetaValue),
    ("table.table_call", Capture::TableTableCall),
    ("table.model", Capture::TableModel),
    ("table.manager", Capture::TableManager),
    ("table.method", Capture::TableMethod),
    ("table.model_arg", Capture::TableModelArg),
    ("table.constructed", Capture::TableConstructed),
    ("table.sql", Capture::TableSql),
    ("table.subclass", Capture::TableSubclass),
    ("table.base", Capture::TableBase),
    ("table.instance", Capture::TableInstance),
    ("table.instance_of", Capture::TableInstanceOf),
    ("table.instance_value", Capture::TableInstanceValue),
    ("table.saved", Capture::TableSaved),
    ("table.chained", Capture::TableChained),
    ("table.rel_class", Capture::TableRelClass),
    ("table.rel_field", Capture::TableRelField),
    ("table.rel_kind", Capture::TableRelKind),
    ("table.rel_args", Capture::TableRelArgs),
    ("table.rel_type", Capture::TableRelType),
    ("table.fk_column", Capture::TableFkColumn),
    ("table.related", Capture::TableRelated),
    ("table.related_method", Capture::TableRelatedMethod),
    ("table.select_related", Capture::TableSelectRelated),
    ("table.select_call", Capture::TableSelectCall),
];

/// What a query file is about. All of a language's files are read into one
/// pattern set, so a file's tree is walked once whatever the number of concerns
/// (each extra walk would cost about a third of the parse); every match is
/// handed to the collector of the concern its pattern came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Concern {
    Imports,
    /// Definitions, bindings and calls routes and requests are built from.
    Web,
    /// Branch points, for the hotspot complexity measure.
    Complexity,
    /// Module-level state, browser globals, models, tables and SQL.
    State,
}

/// One embedded query file.
pub struct QueryFile {
    pub concern: Concern,
    pub name: &'static str,
    pub source: &'static str,
}

macro_rules! query_file {
    ($concern:ident, $path:literal) => {
        QueryFile {
            concern: Concern::$concern,
            name: $path,
            source: include_str!(concat!("../../queries/", $path)),
        }
    };
}

/// The query files of a language, in the order they are concatenated.
pub fn query_files(language: Language) -> Vec<QueryFile> {
    let mut files = match language {
        Language::Python => vec![
            query_file!(Imports, "python/imports.scm"),
            query_file!(Web, "python/web.scm"),
            query_file!(Complexity, "python/complexity.scm"),
            query_file!(State, "python/state.scm"),
            query_file!(State, "python/tables.scm"),
        ],
        Language::JavaScript
        | Language::TypeScript
        | Language::Tsx
        | Language::Html
        | Language::Vue => vec![
            query_file!(Imports, "ecma/imports.scm"),
            query_file!(Web, "ecma/web.scm"),
            query_file!(Complexity, "ecma/complexity.scm"),
            query_file!(State, "ecma/state.scm"),
        ],
    };
    match language {
        Language::TypeScript | Language::Tsx | Language::Vue => {
            files.push(query_file!(Imports, "typescript/imports.scm"));
            files.push(query_file!(Web, "typescript/web.scm"));
        }
        Language::JavaScript | Language::Html => {
            files.push(query_file!(Web, "javascript/web.scm"));
            files.push(query_file!(State, "javascript/state.scm"));
        }
        Language::Python => {}
    }
    files
}

/// A language's combined query: capture indices mapped to [`Capture`], and
/// each pattern to its [`Concern`].
pub struct CompiledQuery {
    pub query: Matcher,
    pub captures: Vec<Capture>,
    pub concerns: Vec<Concern>,
}

/// Everything extraction needs for one grammar.
pub struct LanguageQueries {
    pub language: Grammar,
    pub query: CompiledQuery,
}

impl LanguageQueries {
    /// A `#set! key "value"` property of a pattern.
    pub fn property(&self, pattern: usize, key: &str) -> Option<&str> {
        self.query.query.property(pattern, key)
    }
}

pub fn grammar(language: Language) -> Grammar {
    match language {
        Language::Python => tree_sitter_python::LANGUAGE.into(),
        Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        // Inline scripts, parsed in place with included ranges.
        Language::Html => tree_sitter_javascript::LANGUAGE.into(),
        // A component's script blocks, in place; TypeScript reads plain
        // JavaScript too.
        Language::Vue => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
    }
}

/// Reads query files into one pattern set and checks capture names against the
/// vocabulary.
pub fn compile(grammar: &Grammar, files: &[QueryFile]) -> Result<CompiledQuery, String> {
    let (source, starts) = combined_text(files);
    let query = Matcher::new(grammar, &source).map_err(|e| {
        let offset = e
            .rsplit_once("at byte ")
            .and_then(|(_, n)| n.parse::<usize>().ok())
            .unwrap_or(0);
        let file = files
            .iter()
            .zip(&starts)
            .rev()
            .find(|(_, (start, _))| *start <= offset)
            .map_or("?", |(f, _)| f.name);
        format!("{file}: {e}")
    })?;
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
    let concerns = (0..query.pattern_count())
        .map(|i| {
            let start = query.start_byte_for_pattern(i);
            starts
                .iter()
                .rev()
                .find(|(s, _)| *s <= start)
                .map_or(Concern::Imports, |(_, c)| *c)
        })
        .collect();
    Ok(CompiledQuery {
        query,
        captures,
        concerns,
    })
}

/// The query files joined into one text, with where each file starts.
pub fn combined_text(files: &[QueryFile]) -> (String, Vec<(usize, Concern)>) {
    let mut source = String::new();
    let mut starts = Vec::new();
    for file in files {
        starts.push((source.len(), file.concern));
        source.push_str(file.source);
        source.push('\n');
    }
    (source, starts)
}

fn load(language: Language) -> LanguageQueries {
    let grammar = grammar(language);
    let query = compile(&grammar, &query_files(language))
        .unwrap_or_else(|e| panic!("embedded {language:?} query is invalid: {e}"));
    LanguageQueries {
        language: grammar,
        query,
    }
}

/// The patterns of a language; read on first use (about a millisecond), then shared.
pub fn queries_for(language: Language) -> &'static LanguageQueries {
    static PYTHON: OnceLock<LanguageQueries> = OnceLock::new();
    static JAVASCRIPT: OnceLock<LanguageQueries> = OnceLock::new();
    static TYPESCRIPT: OnceLock<LanguageQueries> = OnceLock::new();
    static TSX: OnceLock<LanguageQueries> = OnceLock::new();
    let cell = match language {
        Language::Python => &PYTHON,
        // Inline scripts use JavaScript's grammar and query files.
        Language::JavaScript | Language::Html => &JAVASCRIPT,
        Language::TypeScript | Language::Vue => &TYPESCRIPT,
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
            for file in query_files(language) {
                if let Err(e) = compile(&grammar, std::slice::from_ref(&file)) {
                    panic!("{language:?}: {e}");
                }
            }
            // And all of a language's files together, as extraction runs them.
            compile(&grammar, &query_files(language)).expect("combined query compiles");
        }
    }

    #[test]
    fn inline_scripts_share_the_javascript_query() {
        assert!(std::ptr::eq(
            queries_for(Language::Html),
            queries_for(Language::JavaScript)
        ));
        let names = |l| query_files(l).iter().map(|f| f.name).collect::<Vec<_>>();
        assert_eq!(names(Language::Html), names(Language::JavaScript));
    }

    #[test]
    fn each_pattern_knows_its_concern() {
        let compiled = compile(&grammar(Language::Tsx), &query_files(Language::Tsx)).unwrap();
        assert_eq!(compiled.concerns.len(), compiled.query.pattern_count());
        assert!(compiled.concerns.contains(&Concern::Imports));
        assert!(compiled.concerns.contains(&Concern::Web));
    }

    #[test]
    fn unknown_capture_names_are_rejected_with_the_vocabulary() {
        let grammar = grammar(Language::Python);
        let bad = QueryFile {
            concern: Concern::Imports,
            name: "bad.scm",
            source: "(identifier) @import.whatever",
        };
        let err = compile(&grammar, &[bad]).err().expect("must fail");
        assert!(err.contains("@import.whatever"), "{err}");
        assert!(err.contains("import.source"), "{err}");
    }
}
