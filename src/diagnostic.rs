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
