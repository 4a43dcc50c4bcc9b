//! The validated settings of one run. Built by the CLI (or a test) before any
//! work starts; no stage sees clap.

use std::path::{Path, PathBuf};

use crate::error::SetupError;

/// Files larger than this are listed as skipped, not parsed.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct AuditConfig {
    /// Canonical absolute path of the audited tree.
    pub root: PathBuf,
    pub exclude: Vec<String>,
    pub include: Vec<String>,
    pub max_file_bytes: u64,
    /// Extra Python source roots, root-relative (`--python-root`).
    pub python_roots: Vec<String>,
    /// Also draw an edge to every parent package's `__init__.py` that Python
    /// runs when it imports a submodule (`import a.b.c` runs `a/__init__.py`).
    pub parent_package_edges: bool,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    pub progress: bool,
    /// Where per-file facts are cached between runs; `None` disables it.
    pub cache_dir: Option<PathBuf>,
    /// Request functions seam cannot see into (a wrapper in a vendored or
    /// minified file, a client it does not know). Found wrappers need no entry.
    pub request_wrappers: Vec<RequestWrapper>,
}

/// A function that sends an HTTP request, declared by the user:
///
/// ```toml
/// [[request_wrappers]]
/// name = "channel.get"        # the callee as written at the call
/// url_arg = 0                 # the argument that holds the URL …
/// url_property = "url"        # … or the options property that does
/// method = "GET"              # or `method_arg` / `method_property`, or none (ANY)
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RequestWrapper {
    /// `channel.get`, `apiFetch`: matched against the callee's dotted text,
    /// whole or as its last names (`get` does not match `channel.get`'s
    /// declared name, `api.channel.get` does).
    pub name: String,
    #[serde(default)]
    pub url_arg: usize,
    #[serde(default)]
    pub url_property: Option<String>,
    /// Upper-case HTTP method.
    #[serde(default)]
    pub method: Option<String>,
    /// The options property that holds the method (`type`, `method`).
    #[serde(default)]
    pub method_property: Option<String>,
    /// The argument that holds the method (`send(url, "POST")` → 1).
    #[serde(default)]
    pub method_arg: Option<usize>,
}

impl RequestWrapper {
    /// Whether a callee written as `dotted` is this wrapper.
    pub fn matches(&self, dotted: &str) -> bool {
        dotted == self.name
            || dotted
                .strip_suffix(self.name.as_str())
                .is_some_and(|head| head.ends_with('.'))
    }
}

impl AuditConfig {
    /// A config with defaults for the tree at `root`, which must be a directory.
    pub fn new(root: &Path) -> Result<Self, SetupError> {
        let canonical = root.canonicalize().map_err(|e| SetupError::Root {
            path: root.to_path_buf(),
            reason: e.to_string(),
        })?;
        if !canonical.is_dir() {
            return Err(SetupError::Root {
                path: root.to_path_buf(),
                reason: "not a directory".into(),
            });
        }
        Ok(AuditConfig {
            root: canonical,
            exclude: Vec::new(),
            include: Vec::new(),
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            python_roots: Vec::new(),
            parent_package_edges: false,
            threads: 0,
            progress: false,
            cache_dir: None,
            request_wrappers: Vec::new(),
        })
    }

    /// The default cache folder of a tree: `<root>/.seam-cache`.
    pub fn default_cache_dir(&self) -> PathBuf {
        self.root.join(".seam-cache")
    }

    /// Everything besides a file's bytes that its extracted facts depend on:
    /// seam's build (its queries are compiled in) and the settings. Any change
    /// invalidates the whole facts cache.
    pub fn extraction_fingerprint(&self) -> String {
        let build = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| format!("{}:{:?}", m.len(), m.modified().ok()))
            .unwrap_or_default();
        let mut settings = self.clone();
        settings.threads = 0;
        settings.progress = false;
        settings.cache_dir = None;
        format!("{} {build} {settings:?}", env!("CARGO_PKG_VERSION"))
    }
}
