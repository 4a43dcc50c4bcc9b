//! The fact types extraction produces and the language rules fill in: a leaf
//! module (serde types only), so `lang` and `extract` can share them without
//! depending on each other. `FileFacts`, which gathers them per file, stays
//! in `extract`.

pub mod web;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use thin_vec::ThinVec;

/// How an import was written. Python: `import a` and `from a import b` are
/// `Static`; `importlib.import_module("a")` is `Dynamic`. JS: `import("./a")` is
/// `Dynamic`, `require("a")` is `Require`, `export * from "a"` is `Reexport`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Static,
    Dynamic,
    Require,
    Reexport,
}

/// One import as written in the source, before resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawImport {
    /// Python: `a.b`, `.`, `..pkg`; JS/TS: `./a`, `react`, `@/store`.
    pub specifier: CompactString,
    /// Names imported from the specifier: `from a import b, c` → `[b, c]`;
    /// `import { b } from "a"` → `[b]`. Empty for `import a` and `import "a"`.
    pub names: ThinVec<CompactString>,
    pub kind: ImportKind,
    /// 1-based line of the statement.
    pub line: u32,
    /// The statement's first line, trimmed, as evidence for a reader.
    pub text: CompactString,
    /// Inside a function body: runs only when the function is called.
    pub lazy: bool,
    /// Only for the type checker: Python `if TYPE_CHECKING:`, TS `import type`.
    pub type_only: bool,
    /// Inside `try:`/`except ImportError:` (an optional dependency).
    pub conditional: bool,
}
