//! Stage 1, **discover**: the audited root in, the list of source files out.
//!
//! Walks the tree once (the `ignore` crate's walker, so nested `.gitignore`
//! files are honoured the way git does), applies the default excludes and the
//! user's globs, tells the language from the extension, and records every file
//! it will not analyse with the reason. It never reads a non-regular file and
//! never follows a symlink out of the root or into a loop. Reading a file's
//! bytes ([`SourceFile::read`]) happens later, in parallel, inside `extract`.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::WalkBuilder;
use serde::{Deserialize, Serialize};

use crate::config::AuditConfig;
use crate::error::SetupError;

/// Directories never audited: VCS data, dependencies, virtualenvs, caches and
/// build output. Listed once each in the report, not file by file.
pub const DEFAULT_EXCLUDED_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "bower_components",
    "__pycache__",
    ".venv",
    "venv",
    "virtualenv",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "site-packages",
    "dist",
    "build",
    ".next",
    ".nuxt",
    ".seam-cache",
    "seam-report",
];

/// Directories skipped without an entry in the report (pure noise).
/// seam's own cache and report folders are silent too, so a warm run lists
/// exactly what a cold run lists.
const SILENT_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "__pycache__",
    ".seam-cache",
    "seam-report",
];

/// Files at least this large with lines this long on average are minified.
const MINIFIED_MIN_BYTES: usize = 8 * 1024;
const MINIFIED_MEAN_LINE: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    #[serde(rename = "javascript")]
    JavaScript,
    #[serde(rename = "typescript")]
    TypeScript,
    Tsx,
    /// HTML, Jinja and Django templates: inline `<script>` code is read as
    /// JavaScript, forms and route-name tags as requests.
    Html,
    /// Vue single-file components: their `<script>` blocks (`setup`, `lang="ts"`
    /// or plain) are read as TypeScript, in place.
    Vue,
}

impl Language {
    pub const ALL: [Language; 6] = [
        Language::Python,
        Language::JavaScript,
        Language::TypeScript,
        Language::Tsx,
        Language::Html,
        Language::Vue,
    ];

    pub fn from_path(path: &str) -> Option<Language> {
        let ext = path.rsplit_once('.')?.1;
        match ext {
            "py" | "pyi" => Some(Language::Python),
            "js" | "mjs" | "cjs" | "jsx" => Some(Language::JavaScript),
            "ts" | "mts" | "cts" => Some(Language::TypeScript),
            "tsx" => Some(Language::Tsx),
            "html" | "htm" | "jinja" | "jinja2" | "j2" | "djhtml" => Some(Language::Html),
            "vue" => Some(Language::Vue),
            _ => None,
        }
    }

    pub fn is_ecma(self) -> bool {
        self != Language::Python
    }
}

/// A source file found by the walk; its bytes are read later.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Root-relative, `/`-separated.
    pub path: String,
    pub abs_path: PathBuf,
    pub language: Language,
    pub bytes: u64,
    /// Modification time in nanoseconds since the epoch, when the file system
    /// has one (the facts cache trusts an unchanged size and time).
    pub modified: Option<u64>,
}

/// Why a file or directory is not analysed.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// The walk's result: sources sorted by path, everything skipped, every file
/// seen (for resolution probing) and the JS/TS config files' bytes.
#[derive(Debug, Default)]
pub struct Discovery {
    pub sources: Vec<SourceFile>,
    pub skipped: Vec<Skipped>,
    /// Only looked up, never iterated (so a hash set keeps output order).
    pub all_files: HashSet<String>,
    pub configs: BTreeMap<String, Vec<u8>>,
}

fn is_config_file(name: &str) -> bool {
    name == "package.json"
        || name == "jsconfig.json"
        || (name.starts_with("tsconfig") && name.ends_with(".json"))
}

fn glob_set(globs: &[String], flag: &str) -> Result<GlobSet, SetupError> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let parsed =
            Glob::new(glob).map_err(|e| SetupError::Usage(format!("{flag} {glob}: {e}")))?;
        builder.add(parsed);
    }
    builder
        .build()
        .map_err(|e| SetupError::Usage(format!("{flag}: {e}")))
}

/// `a/b` relative to `root`, `/`-separated; lossy for non-UTF-8 names.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

pub fn discover(config: &AuditConfig) -> Result<Discovery, SetupError> {
    let root = config.root.clone();
    let exclude = glob_set(&config.exclude, "--exclude")?;
    let include = glob_set(&config.include, "--include")?;
    let skipped = Arc::new(Mutex::new(Vec::<Skipped>::new()));

    let mut walker = WalkBuilder::new(&root);
    walker
        .standard_filters(false)
        .hidden(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .ignore(true)
        .parents(false)
        .require_git(false)
        .follow_links(true);
    {
        let root = root.clone();
        let skipped = Arc::clone(&skipped);
        let exclude = exclude.clone();
        walker.filter_entry(move |entry| {
            let path = relative(&root, entry.path());
            if entry.depth() == 0 {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            let reason = if is_dir && DEFAULT_EXCLUDED_DIRS.contains(&name.as_ref()) {
                (!SILENT_DIRS.contains(&name.as_ref())).then(|| "default exclude".to_string())
            } else if is_dir && entry.path().join("pyvenv.cfg").is_file() {
                Some("virtualenv".to_string())
            } else if exclude.is_match(&path) {
                Some("excluded by --exclude".to_string())
            } else if entry.path_is_symlink() && !inside(&root, entry.path()) {
                Some("symlink leads outside the root".to_string())
            } else {
                return true;
            };
            if let Some(reason) = reason {
                let path = if is_dir { format!("{path}/") } else { path };
                skipped
                    .lock()
                    .expect("not poisoned")
                    .push(Skipped { path, reason });
            }
            false
        });
    }

    // Parallel walk (the walk is mostly system calls: stat, open, getdents),
    // then one sort, so the order never depends on thread timing.
    let found = Mutex::new(Vec::new());
    walker.threads(config.threads).build_parallel().run(|| {
        let found = &found;
        let root = &root;
        let include = &include;
        Box::new(move |result| {
            let item = match result {
                Ok(entry) => classify(root, config, include, &entry),
                Err(err) => walk_error(root, err).map(Found::Skip),
            };
            if let Some(item) = item {
                found.lock().expect("not poisoned").push(item);
            }
            ignore::WalkState::Continue
        })
    });
    let mut discovery = Discovery::default();
    for item in found.into_inner().expect("not poisoned") {
        match item {
            Found::Source(file) => {
                discovery.all_files.insert(file.path.clone());
                discovery.sources.push(file);
            }
            Found::Skip(skipped) => {
                if let Some(path) = skipped.file.clone() {
                    discovery.all_files.insert(path);
                }
                discovery.skipped.push(skipped.entry);
            }
            Found::Config(path, bytes) => {
                discovery.all_files.insert(path.clone());
                discovery.configs.insert(path, bytes);
            }
            Found::File(path) => {
                discovery.all_files.insert(path);
            }
        }
    }
    discovery
        .skipped
        .extend(skipped.lock().expect("not poisoned").drain(..));
    discovery.sources.sort_by(|a, b| a.path.cmp(&b.path));
    discovery.sources.dedup_by(|a, b| a.path == b.path);
    discovery.skipped.sort();
    discovery.skipped.dedup();
    Ok(discovery)
}

/// A skipped entry, and the file path it stands for when it is a file that
/// still exists (resolution may point at it).
struct SkipEntry {
    entry: Skipped,
    file: Option<String>,
}

/// What the walk found at one entry.
enum Found {
    Source(SourceFile),
    Skip(SkipEntry),
    /// A `tsconfig*.json`, `jsconfig.json` or `package.json`, with its bytes.
    Config(String, Vec<u8>),
    /// Any other regular file (resolution probes for assets and JSON).
    File(String),
}

fn skip(path: String, reason: impl Into<String>, is_file: bool) -> Found {
    Found::Skip(SkipEntry {
        file: is_file.then(|| path.clone()),
        entry: Skipped {
            path,
            reason: reason.into(),
        },
    })
}

fn classify(
    root: &Path,
    config: &AuditConfig,
    include: &GlobSet,
    entry: &ignore::DirEntry,
) -> Option<Found> {
    let path = relative(root, entry.path());
    let file_type = entry.file_type()?;
    if file_type.is_dir() {
        return None;
    }
    let language = Language::from_path(&path);
    if !file_type.is_file() {
        return language
            .is_some()
            .then(|| skip(path, "not a regular file (FIFO, socket or device)", false));
    }
    let name = entry.file_name().to_string_lossy();
    if is_config_file(&name)
        && let Ok(bytes) = fs::read(entry.path())
    {
        return Some(Found::Config(path, bytes));
    }
    let Some(language) = language else {
        return Some(Found::File(path));
    };
    if !include.is_empty() && !include.is_match(&path) {
        return Some(skip(path, "not matched by --include", true));
    }
    let metadata = entry.metadata().ok();
    let bytes = metadata.as_ref().map_or(0, |m| m.len());
    let modified = metadata
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos() as u64);
    if bytes > config.max_file_bytes {
        let reason = format!(
            "too large ({bytes} bytes; limit {} bytes, see --max-file-size)",
            config.max_file_bytes
        );
        return Some(skip(path, reason, true));
    }
    if language.is_ecma() && (name.contains(".min.") || name.contains("-min.")) {
        return Some(skip(path, "minified (file name)", true));
    }
    Some(Found::Source(SourceFile {
        path,
        abs_path: entry.path().to_path_buf(),
        language,
        bytes,
        modified,
    }))
}

fn inside(root: &Path, path: &Path) -> bool {
    match fs::canonicalize(path) {
        Ok(target) => target.starts_with(root),
        // Dangling: nothing to follow; the walk reports it.
        Err(_) => true,
    }
}

fn walk_error(root: &Path, err: ignore::Error) -> Option<SkipEntry> {
    let (path, reason) = walk_error_parts(&err);
    let path = path.map(|p| relative(root, &p)).unwrap_or_default();
    // A dangling link or unreadable entry that is not a source file does not
    // matter to the audit; loops and unreadable folders are always worth a line.
    let relevant = Language::from_path(&path).is_some()
        || reason.contains("loop")
        || reason.starts_with("unreadable")
        || path.is_empty();
    relevant.then_some(SkipEntry {
        entry: Skipped { path, reason },
        file: None,
    })
}

fn walk_error_parts(err: &ignore::Error) -> (Option<PathBuf>, String) {
    match err {
        ignore::Error::WithPath { path, err } => (Some(path.clone()), walk_error_parts(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_parts(err)
        }
        ignore::Error::Loop { child, .. } => (Some(child.clone()), "symlink loop".to_string()),
        ignore::Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
            (None, "dangling symlink or vanished file".to_string())
        }
        ignore::Error::Io(io) => (None, format!("unreadable: {io}")),
        other => (None, other.to_string()),
    }
}

impl SourceFile {
    /// Reads the file's bytes, or says why it cannot be analysed: unreadable,
    /// vanished, binary, or minified. A UTF-8 byte-order mark is blanked (kept
    /// as spaces so byte offsets stay true).
    pub fn read(&self, max_bytes: u64) -> Result<Vec<u8>, String> {
        let file = fs::File::open(&self.abs_path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "vanished before it could be read".to_string(),
            _ => format!("unreadable: {e}"),
        })?;
        let mut content = Vec::new();
        file.take(max_bytes + 1)
            .read_to_end(&mut content)
            .map_err(|e| format!("unreadable: {e}"))?;
        if content.len() as u64 > max_bytes {
            return Err(format!("too large (grew past {max_bytes} bytes)"));
        }
        if let Some(offset) = content.iter().take(8192).position(|&b| b == 0) {
            return Err(format!("binary (NUL byte at offset {offset})"));
        }
        if content.starts_with(b"\xEF\xBB\xBF") {
            content[..3].copy_from_slice(b"   ");
        }
        if self.language.is_ecma() && content.len() >= MINIFIED_MIN_BYTES {
            let lines = crate::text::count_lines(&content).max(1) as usize;
            if content.len() / lines >= MINIFIED_MEAN_LINE {
                return Err(format!(
                    "minified ({} bytes on {lines} line(s))",
                    content.len()
                ));
            }
        }
        Ok(content)
    }
}

/// Test code by the usual conventions: a `tests`/`test`/`__tests__`/`spec`
/// directory, `test_*.py`, `*_test.py`, `*.test.*`, `*.spec.*`.
pub fn is_test_path(path: &str) -> bool {
    let mut parts = path.split('/').rev();
    let file = parts.next().unwrap_or("");
    parts.any(|d| matches!(d, "tests" | "test" | "__tests__" | "spec" | "e2e-tests"))
        || file.starts_with("test_")
        || file.starts_with("tests.")
        || file.contains("_test.")
        || file.contains(".test.")
        || file.contains(".spec.")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file listed by the walk and deleted before it is read (a build
    /// cleaning up, a branch switch) is skipped with its reason, and the
    /// files next to it are still extracted.
    #[test]
    fn a_file_that_vanishes_after_listing_is_skipped() {
        let tree = tempfile::tempdir().unwrap();
        std::fs::write(tree.path().join("gone.py"), "import os\n").unwrap();
        std::fs::write(tree.path().join("kept.py"), "import sys\n").unwrap();
        let config = AuditConfig::new(tree.path()).unwrap();
        let found = discover(&config).unwrap();
        let listed: Vec<&str> = found.sources.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(listed, ["gone.py", "kept.py"]);
        std::fs::remove_file(tree.path().join("gone.py")).unwrap();

        let gone = &found.sources[0];
        assert_eq!(
            gone.read(config.max_file_bytes).unwrap_err(),
            "vanished before it could be read"
        );
        let outcomes =
            crate::extract::extract_all(&found.sources, config.max_file_bytes, None, &|| {});
        match &outcomes[0] {
            Err(skipped) => {
                assert_eq!(skipped.path, "gone.py");
                assert_eq!(skipped.reason, "vanished before it could be read");
            }
            Ok(_) => panic!("a vanished file has no facts"),
        }
        let kept = outcomes[1].as_ref().expect("kept.py is read");
        assert_eq!(kept.facts.imports.len(), 1);
    }

    /// A file that grows past the limit between listing and reading is
    /// caught by the read itself, not only by the listed size.
    #[test]
    fn a_file_that_grows_after_listing_is_skipped() {
        let tree = tempfile::tempdir().unwrap();
        std::fs::write(tree.path().join("grows.py"), "x = 1\n").unwrap();
        let config = AuditConfig::new(tree.path()).unwrap();
        let found = discover(&config).unwrap();
        std::fs::write(tree.path().join("grows.py"), "x".repeat(100)).unwrap();
        let reason = found.sources[0].read(10).unwrap_err();
        assert!(reason.starts_with("too large"), "{reason}");
    }
}
