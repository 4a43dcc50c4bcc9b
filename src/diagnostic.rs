//! Diagnostics: what seam could not read or resolve, per file, with a reason.
//! A bad file never stops a run; it becomes one of these.

use serde::{Deserialize, Serialize};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticKind {
    /// The file has ERROR or MISSING nodes; the rest of it was still read.
    SyntaxError,
    /// Not valid UTF-8.
    Encoding,
    /// tree-sitter gave up (time limit).
    ParseFailed,
    /// A first-party-looking import that leads nowhere.
    UnresolvedImport,
    /// A `tsconfig.json` or `package.json` that could not be read.
    Config,
    /// A bug in seam, caught and confined to one file.
    InternalError,
    /// Something seam sees but cannot read: a web framework with no route
    /// found, an HTTP client with no request, a function called with API
    /// paths that seam cannot see into.
    Endpoints,
    /// Imports of modules a framework writes at build time (React Router's
    /// `./+types/…`, SvelteKit's `./$types`): one per framework.
    Generated,
}

#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Diagnostic {
    /// Root-relative path of the file concerned.
    pub file: String,
    /// 1-based, when the problem has a place.
    pub line: Option<u32>,
    pub kind: DiagnosticKind,
    pub message: String,
}

impl Diagnostic {
    pub fn new(kind: DiagnosticKind, file: &str, line: Option<u32>, message: String) -> Self {
        Diagnostic {
            file: file.to_string(),
            line,
            kind,
            message,
        }
    }
}

/// Diagnostics that share a cause, for people: one row per cause with a
/// count, the first places and what to do. The JSON keeps every entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Cause<'a> {
    pub kind: DiagnosticKind,
    /// The message with what varies between entries (names, counts) left
    /// out: `unresolved import: not found`.
    pub cause: String,
    /// What to do about it, when the messages do not say.
    pub advice: Option<String>,
    pub count: usize,
    /// Distinct files among the entries.
    pub files: usize,
    /// The first entries, in report order.
    pub examples: Vec<&'a Diagnostic>,
}

/// Examples kept per cause.
pub const CAUSE_EXAMPLES: usize = 20;

/// Groups diagnostics by cause, largest first.
pub fn causes(diagnostics: &[Diagnostic]) -> Vec<Cause<'_>> {
    use std::collections::{HashMap, HashSet};
    let mut groups: Vec<(Cause, HashSet<&str>)> = Vec::new();
    let mut index: HashMap<(DiagnosticKind, String), usize> = HashMap::new();
    for d in diagnostics {
        let (cause, advice) = cause_of(d);
        let i = *index.entry((d.kind, cause.clone())).or_insert_with(|| {
            let group = Cause {
                kind: d.kind,
                cause,
                advice,
                count: 0,
                files: 0,
                examples: Vec::new(),
            };
            groups.push((group, HashSet::new()));
            groups.len() - 1
        });
        let (group, files) = &mut groups[i];
        group.count += 1;
        if group.examples.len() < CAUSE_EXAMPLES {
            group.examples.push(d);
        }
        files.insert(&d.file);
    }
    let mut out: Vec<Cause> = groups
        .into_iter()
        .map(|(group, files)| Cause {
            files: files.len(),
            ..group
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.kind.cmp(&b.kind)));
    out
}

fn cause_of(d: &Diagnostic) -> (String, Option<String>) {
    if d.kind == DiagnosticKind::UnresolvedImport {
        let reason = d
            .message
            .split_once("`: ")
            .map_or(d.message.as_str(), |(_, r)| r);
        if let Some(rest) = reason.strip_prefix("workspace package `")
            && let Some((package, _)) = rest.split_once('`')
        {
            return (
                format!(
                    "imports of workspace package `{package}` point at build output that is not in the tree"
                ),
                Some(format!(
                    "map `{package}/*` to the package's source with tsconfig `paths`, or keep its tsconfig (outDir → rootDir) in the tree"
                )),
            );
        }
        let advice = match reason {
            "not found" => Some(
                "a file that is not in the audited tree; when one file holds most of them it is \
                 usually a vendored bundle with its own module map: leave it out with --exclude"
                    .to_string(),
            ),
            "dynamic" => Some("computed at run time; nothing to fix".to_string()),
            _ => None,
        };
        return (format!("unresolved import: {}", mask(reason)), advice);
    }
    (mask(&d.message), None)
}

/// The message with quoted names and numbers replaced by `…`/`N`, so
/// entries that differ only in them share a cause.
fn mask(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' => {
                for inner in chars.by_ref() {
                    if inner == '`' {
                        break;
                    }
                }
                out.push_str("`…`");
            }
            c if c.is_ascii_digit() => {
                while chars
                    .peek()
                    .is_some_and(|n| n.is_ascii_digit() || *n == ',')
                {
                    chars.next();
                }
                out.push('N');
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(kind: DiagnosticKind, file: &str, message: &str) -> Diagnostic {
        Diagnostic::new(kind, file, Some(1), message.to_string())
    }

    #[test]
    fn diagnostics_group_by_cause() {
        let all = vec![
            d(
                DiagnosticKind::UnresolvedImport,
                "a.js",
                "cannot resolve `./x`: not found",
            ),
            d(
                DiagnosticKind::SyntaxError,
                "b.js",
                "2 syntax error(s); facts read from the rest of the file",
            ),
            d(
                DiagnosticKind::UnresolvedImport,
                "a.js",
                "cannot resolve `./y`: not found",
            ),
            d(
                DiagnosticKind::UnresolvedImport,
                "c.ts",
                "cannot resolve `@acme/ui/b`: workspace package `@acme/ui` points it at `ui/dist/b.js`, …",
            ),
            d(
                DiagnosticKind::UnresolvedImport,
                "d.ts",
                "cannot resolve `@acme/ui/c`: workspace package `@acme/ui` points it at `ui/dist/c.js`, …",
            ),
            d(
                DiagnosticKind::UnresolvedImport,
                "d.ts",
                "cannot resolve `./z`: not found",
            ),
            d(
                DiagnosticKind::SyntaxError,
                "e.js",
                "13 syntax error(s); facts read from the rest of the file",
            ),
        ];
        let groups = causes(&all);
        let rows: Vec<(usize, usize, &str)> = groups
            .iter()
            .map(|g| (g.count, g.files, g.cause.as_str()))
            .collect();
        assert_eq!(
            rows,
            vec![
                (3, 2, "unresolved import: not found"),
                (
                    2,
                    2,
                    "N syntax error(s); facts read from the rest of the file"
                ),
                (
                    2,
                    2,
                    "imports of workspace package `@acme/ui` point at build output that is not in the tree"
                ),
            ]
        );
        assert_eq!(groups[0].examples[2].file, "d.ts");
        assert!(
            groups[2]
                .advice
                .as_deref()
                .unwrap()
                .contains("`@acme/ui/*`")
        );
    }
}
