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
    /// How git history is read; `None` leaves history out (`--no-history`).
    pub history: Option<HistoryOptions>,
    /// What pulls modules together when clustering candidate services.
    pub service_weights: ServiceWeights,
    /// Seed of the clustering's visit order: same seed, same clusters.
    pub seed: u64,
    /// Request functions seam cannot see into (a wrapper in a vendored or
    /// minified file, a client it does not know). Found wrappers need no entry.
    pub request_wrappers: Vec<RequestWrapper>,
    /// The components the architects intend; the report compares them with
    /// the boundaries it finds and lists the edges that cross them.
    pub components: Vec<ComponentDecl>,
    /// `[roles]` of seam.toml: (role name, root-relative globs) that decide
    /// a module's role before its path does.
    pub roles: Vec<(String, Vec<String>)>,
    /// TypeScript/JavaScript configs named explicitly (root-relative, e.g.
    /// `frontend/tsconfig.app.json`): each governs its folder in place of the
    /// `tsconfig.json`/`jsconfig.json` found there.
    pub tsconfigs: Vec<String>,
    /// Count tests, migrations and fixtures in hotspots, shared globals and
    /// table users (`--include-tests`); by default those views are
    /// production code only.
    pub include_tests: bool,
}

/// An intended component (`seam.toml`):
///
/// ```toml
/// [[components]]
/// name = "orders"
/// globs = ["backend/shop/**/orders*.py", "frontend/src/api/orders.ts"]
/// may_use = ["catalog"]       # imports into other components are violations
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentDecl {
    pub name: String,
    /// Root-relative globs of the modules it owns. A module matched by
    /// several components belongs to the first one declared.
    pub globs: Vec<String>,
    /// Components its modules may import from.
    #[serde(default)]
    pub may_use: Vec<String>,
}

impl ComponentDecl {
    /// The command-line form `NAME=GLOB[,GLOB…][:USES,…]`:
    /// `orders=backend/orders/**,web/orders/**:catalog,auth`.
    pub fn from_spec(spec: &str) -> Result<Self, String> {
        let (name, rest) = spec
            .split_once('=')
            .ok_or_else(|| format!("`{spec}`: expected NAME=GLOB[,GLOB…][:USES,…]"))?;
        let (globs, uses) = rest.split_once(':').unwrap_or((rest, ""));
        let list = |text: &str| -> Vec<String> {
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        let component = ComponentDecl {
            name: name.trim().to_string(),
            globs: list(globs),
            may_use: list(uses),
        };
        if component.name.is_empty() || component.globs.is_empty() {
            return Err(format!("`{spec}`: a component needs a name and a glob"));
        }
        Ok(component)
    }
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
    /// Parses the command-line form `NAME:URL[:METHOD]`: URL is an argument
    /// index (`0`) or an index and an options property (`0.url`); METHOD is
    /// a verb (`PATCH`), an argument (`arg1`) or an options property (`.type`).
    /// `channel.patch:0.url:PATCH`, `legacyApi.send:0:arg1`.
    pub fn from_spec(spec: &str) -> Result<Self, String> {
        let mut parts = spec.split(':');
        let name = parts.next().unwrap_or("").trim();
        let url = parts.next().unwrap_or("").trim();
        let method = parts.next().map(str::trim);
        if name.is_empty() || url.is_empty() || parts.next().is_some() {
            return Err(format!(
                "`{spec}`: expected NAME:URL[:METHOD], e.g. channel.get:0.url:GET"
            ));
        }
        let (index, property) = match url.split_once('.') {
            Some((i, p)) => (i, Some(p.to_string())),
            None => (url, None),
        };
        let url_arg = index
            .parse()
            .map_err(|_| format!("`{spec}`: URL position `{index}` is not an argument index"))?;
        let mut wrapper = RequestWrapper {
            name: name.to_string(),
            url_arg,
            url_property: property,
            ..RequestWrapper::default()
        };
        match method {
            None | Some("") => {}
            Some(m) if m.starts_with('.') => wrapper.method_property = Some(m[1..].to_string()),
            Some(m) if m.starts_with("arg") => {
                wrapper.method_arg = Some(
                    m[3..]
                        .parse()
                        .map_err(|_| format!("`{spec}`: `{m}` is not argN"))?,
                )
            }
            Some(m) if m.chars().all(|c| c.is_ascii_alphabetic()) => {
                wrapper.method = Some(m.to_ascii_uppercase())
            }
            Some(m) => {
                return Err(format!(
                    "`{spec}`: method `{m}` is not a verb, argN or .property"
                ));
            }
        }
        Ok(wrapper)
    }

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
            history: Some(HistoryOptions::default()),
            service_weights: Default::default(),
            seed: 1,
            request_wrappers: Vec::new(),
            components: Vec::new(),
            tsconfigs: Vec::new(),
            roles: Vec::new(),
            include_tests: false,
        })
    }

    /// The default cache folder of a tree: `<root>/.seam-cache`.
    pub fn default_cache_dir(&self) -> PathBuf {
        self.root.join(".seam-cache")
    }

    /// seam's build: its queries and code are compiled in.
    fn build_stamp() -> String {
        let build = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| format!("{}:{:?}", m.len(), m.modified().ok()))
            .unwrap_or_default();
        format!("{} {build}", env!("CARGO_PKG_VERSION"))
    }

    /// Everything besides a file's bytes that its extracted facts depend on:
    /// seam's build and the size limit (the only setting extraction reads;
    /// a new `--seed` or `--exclude` keeps the parsed facts). Any change
    /// invalidates the whole facts cache.
    pub fn extraction_fingerprint(&self) -> String {
        format!("{} max {}", Self::build_stamp(), self.max_file_bytes)
    }

    /// Everything besides the tree that a report depends on: the build and
    /// every setting (threads, progress and the cache folder aside).
    pub fn run_fingerprint(&self) -> String {
        let mut settings = self.clone();
        settings.threads = 0;
        settings.progress = false;
        settings.cache_dir = None;
        format!("{} {settings:?}", Self::build_stamp())
    }
}

#[cfg(test)]
mod tests {
    use super::RequestWrapper;

    #[test]
    fn wrapper_specs() {
        let w = RequestWrapper::from_spec("channel.patch:0.url:patch").unwrap();
        assert_eq!(w.name, "channel.patch");
        assert_eq!((w.url_arg, w.url_property.as_deref()), (0, Some("url")));
        assert_eq!(w.method.as_deref(), Some("PATCH"));
        let w = RequestWrapper::from_spec("legacyApi.send:0:arg1").unwrap();
        assert_eq!(w.method_arg, Some(1));
        let w = RequestWrapper::from_spec("api:1.url:.type").unwrap();
        assert_eq!(w.method_property.as_deref(), Some("type"));
        assert!(RequestWrapper::from_spec("nourl").is_err());
        assert!(RequestWrapper::from_spec("a:x").is_err());
        assert!(RequestWrapper::from_spec("a:0:GET/POST").is_err());
        assert!(w.matches("api") && w.matches("x.api") && !w.matches("xapi"));
    }

    #[test]
    fn component_specs() {
        let c = super::ComponentDecl::from_spec("orders=a/**, b/*.ts:catalog,auth").unwrap();
        assert_eq!(c.name, "orders");
        assert_eq!(c.globs, ["a/**", "b/*.ts"]);
        assert_eq!(c.may_use, ["catalog", "auth"]);
        assert!(super::ComponentDecl::from_spec("orders").is_err());
        assert!(super::ComponentDecl::from_spec("=a/**").is_err());
        assert!(super::ComponentDecl::from_spec("x=").is_err());
    }
}

/// Commits touching more files than this are left out: mass reformatting or
/// vendoring says nothing about which modules belong together.
pub const DEFAULT_MAX_FILES_PER_COMMIT: usize = 50;
/// code-maat's defaults for change coupling (`-n`, `-m`, `-i`).
pub const MIN_REVISIONS: u32 = 5;
pub const MIN_SHARED: u32 = 5;
pub const MIN_DEGREE: f64 = 0.3;

#[derive(Debug, Clone)]
pub struct HistoryOptions {
    /// `git log --since` value, e.g. `2024-01-01`; `None` means one year
    /// before the newest commit.
    pub since: Option<String>,
    pub max_files_per_commit: usize,
    /// Change coupling needs this many revisions of each file …
    pub min_revisions: u32,
    /// … this many shared commits …
    pub min_shared: u32,
    /// … and this degree (shared / mean revisions, 0..1).
    pub min_degree: f64,
    /// Count lines added and removed per file (`git log --numstat`, over
    /// ten times the cost of listing the files each commit touched).
    pub churn: bool,
}

impl Default for HistoryOptions {
    fn default() -> Self {
        HistoryOptions {
            since: None,
            max_files_per_commit: DEFAULT_MAX_FILES_PER_COMMIT,
            min_revisions: MIN_REVISIONS,
            min_shared: MIN_SHARED,
            min_degree: MIN_DEGREE,
            churn: false,
        }
    }
}

impl HistoryOptions {
    /// Whether the window is fixed by HEAD and the options alone: "2 weeks
    /// ago" moves with the clock, so what it reads cannot be reused.
    pub fn fixed_window(&self) -> bool {
        self.since.as_deref().is_none_or(|s| {
            s.chars()
                .all(|c| c.is_ascii_digit() || "-:TZ .+".contains(c))
        })
    }
}

/// How much each kind of coupling pulls two modules together.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceWeights {
    /// Per import edge (either direction).
    pub import: f64,
    /// Times the change-coupling degree (0..1) of two modules.
    pub co_change: f64,
    /// Per global or table two modules both touch, split among all who do.
    pub shared_state: f64,
    /// Per route between a frontend module that calls it and the module
    /// that handles it: a vertical slice pulls its screens along.
    pub request: f64,
}

impl Default for ServiceWeights {
    fn default() -> Self {
        ServiceWeights {
            import: 1.0,
            co_change: 2.0,
            shared_state: 1.0,
            request: 0.0,
        }
    }
}
