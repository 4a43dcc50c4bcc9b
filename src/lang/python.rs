//! Python: import context from the syntax tree, and the module system rules
//! (source roots, packages, relative imports) used by `resolve`.

pub mod sql_text;
pub mod web;

use std::collections::{BTreeSet, HashMap, HashSet};

use tree_sitter::Node;

use super::ImportContext;

/// A dotted name as Python reads it: spaces, backslash line continuations
/// (`from a.b.\\` ⏎ `c import d`) and comments between its parts are not
/// part of the name.
pub fn dotted_name(text: &str) -> String {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace() && *c != '\\')
        .collect()
}

/// Reads the ancestors of an import statement: inside a function it is lazy,
/// under `if TYPE_CHECKING:` (the `if` branch, not `else`) it is type-only,
/// inside `try:`/`except:` it is conditional.
pub fn import_context(root: Node, stmt: Node, source: &[u8]) -> ImportContext {
    let mut context = ImportContext::default();
    let mut child = stmt;
    for parent in crate::syntax::ancestors(root, stmt).into_iter().rev() {
        match parent.kind() {
            "function_definition" | "lambda" => context.lazy = true,
            "try_statement" => context.conditional = true,
            "if_statement" => {
                let in_consequence = parent
                    .child_by_field_name("consequence")
                    .is_some_and(|c| c.id() == child.id());
                let checks_types = parent.child_by_field_name("condition").is_some_and(|c| {
                    let text = &source[c.byte_range()];
                    text.windows(13).any(|w| w == b"TYPE_CHECKING")
                });
                if in_consequence && checks_types {
                    context.type_only = true;
                }
            }
            _ => {}
        }
        child = parent;
    }
    context
}

/// `a/b/c.py` → `a/b/c`; `a/b/__init__.py` → `a/b`; `None` for other files.
fn module_path(path: &str) -> Option<&str> {
    let stem = path
        .strip_suffix(".py")
        .or_else(|| path.strip_suffix(".pyi"))?;
    Some(
        stem.strip_suffix("/__init__")
            .or_else(|| (stem == "__init__").then_some(""))
            .unwrap_or(stem),
    )
}

fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn join(dir: &str, rest: &str) -> String {
    match (dir.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (_, true) => dir.to_string(),
        _ => format!("{dir}/{rest}"),
    }
}

/// The Python files of a tree, indexed for module lookups.
///
/// A source root is a directory on `sys.path`: the directory above each
/// top-level package (found by walking up while `__init__.py` exists), the
/// audited root, `src/` layouts (they fall out of the same rule) and roots the
/// user names. A file outside any package also sees its own directory, as
/// Python puts a script's directory first on `sys.path`.
pub struct PythonIndex {
    /// Module path (`a/b/c`, no extension) → file path. `.py` wins over `.pyi`.
    modules: HashMap<String, String>,
    /// Directories holding Python files (for namespace packages).
    dirs: HashSet<String>,
    /// Directories with an `__init__.py`.
    packages: HashSet<String>,
    /// Source roots, deepest first, `""` for the audited root.
    roots: Vec<String>,
    /// (root, first path segment) of every top-level module or package.
    top_level: HashSet<(String, String)>,
}

/// What a Python specifier resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PyTarget {
    /// A file in the tree.
    File(String),
    /// Not in the tree: a third-party or standard-library package (top name).
    External(String),
    /// First-party-looking but not found, with the reason.
    Unresolved(&'static str),
}

impl PythonIndex {
    pub fn new<'a>(files: impl IntoIterator<Item = &'a str>, extra_roots: &[String]) -> Self {
        let files: Vec<&str> = files
            .into_iter()
            .filter(|p| module_path(p).is_some())
            .collect();
        let mut modules = HashMap::new();
        let mut dirs = HashSet::new();
        let init_dirs: HashSet<&str> = files
            .iter()
            .filter(|p| p.ends_with("/__init__.py") || **p == "__init__.py")
            .map(|p| parent_dir(p))
            .collect();
        let mut roots: BTreeSet<String> = extra_roots.iter().cloned().collect();
        roots.insert(String::new());
        for &file in &files {
            let module = module_path(file).unwrap_or_default().to_string();
            let is_stub = file.ends_with(".pyi");
            if !is_stub || !modules.contains_key(&module) {
                modules.insert(module, file.to_string());
            }
            let mut dir = parent_dir(file);
            let mut ancestor = dir;
            while !ancestor.is_empty() && dirs.insert(ancestor.to_string()) {
                ancestor = parent_dir(ancestor);
            }
            while init_dirs.contains(dir) && !dir.is_empty() {
                dir = parent_dir(dir);
            }
            if dir != parent_dir(file) {
                roots.insert(dir.to_string());
            }
        }
        let mut roots: Vec<String> = roots.into_iter().collect();
        roots.sort_by(|a, b| depth(b).cmp(&depth(a)).then(a.cmp(b)));
        let mut top_level = HashSet::new();
        #[expect(
            clippy::iter_over_hash_type,
            reason = "fills a set; the order cannot show"
        )]
        for module in modules.keys() {
            for root in &roots {
                if let Some(rest) = strip_dir(module, root)
                    && let Some(top) = rest.split('/').next().filter(|t| !t.is_empty())
                {
                    top_level.insert((root.clone(), top.to_string()));
                }
            }
        }
        let packages = init_dirs.into_iter().map(str::to_string).collect();
        PythonIndex {
            modules,
            dirs,
            packages,
            roots,
            top_level,
        }
    }

    pub fn roots(&self) -> &[String] {
        &self.roots
    }

    /// Dotted module name of a file, relative to the deepest root above it.
    pub fn module_name(&self, file: &str) -> Option<String> {
        let module = module_path(file)?;
        let dir = parent_dir(file);
        let root = self.roots.iter().find(|r| strip_dir(dir, r).is_some())?;
        let rest = strip_dir(module, root)?;
        Some(rest.replace('/', "."))
    }

    /// A top-level name is first-party for a file when a root the file sits
    /// under has a module or package of that name: `tests/sphinx/` makes
    /// `sphinx` first-party for code under `tests/`, not for `docs/`.
    fn is_first_party(&self, importer: &str, top: &str) -> bool {
        let dir = parent_dir(importer);
        self.roots.iter().any(|root| {
            strip_dir(dir, root).is_some()
                && self.top_level.contains(&(root.clone(), top.to_string()))
        })
    }

    /// Looks up a module path under the roots a file can see: a script's own
    /// directory first (when it is not in a package), then the roots above the
    /// importer, deepest first, then every other root.
    fn find(&self, importer: &str, module: &str) -> Option<&String> {
        let own_dir = parent_dir(importer);
        let script_dir = (!self.packages.contains(own_dir)).then_some(own_dir);
        let above = self
            .roots
            .iter()
            .map(String::as_str)
            .filter(|r| strip_dir(own_dir, r).is_some());
        let candidates = script_dir
            .into_iter()
            .chain(above)
            .chain(self.roots.iter().map(String::as_str));
        candidates
            .into_iter()
            .find_map(|root| self.modules.get(&join(root, module)))
    }

    fn is_namespace_dir(&self, importer: &str, module: &str) -> bool {
        self.roots
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(parent_dir(importer)))
            .any(|root| self.dirs.contains(&join(root, module)))
    }

    /// Resolves `import spec` or `from spec import names` written in `importer`.
    /// Returns one target per imported name that is itself a submodule, and the
    /// module itself when a name is not a submodule (or there are no names).
    pub fn resolve<N: AsRef<str>>(&self, importer: &str, spec: &str, names: &[N]) -> Vec<PyTarget> {
        let (base, dotted) = if spec.starts_with('.') {
            let level = spec.chars().take_while(|&c| c == '.').count();
            let mut dir = parent_dir(importer).to_string();
            for _ in 1..level {
                if dir.is_empty() {
                    return vec![PyTarget::Unresolved("outside root")];
                }
                dir = parent_dir(&dir).to_string();
            }
            (Some(dir), &spec[level..])
        } else {
            (None, spec)
        };
        let module = dotted.replace('.', "/");
        let lookup = |m: &str| -> Option<String> {
            match &base {
                Some(dir) => self.modules.get(&join(dir, m)).cloned(),
                None => self.find(importer, m).cloned(),
            }
        };
        let exists_as_dir = |m: &str| match &base {
            Some(dir) => self.dirs.contains(&join(dir, m)),
            None => self.is_namespace_dir(importer, m),
        };
        let mut targets = Vec::new();
        let mut needs_module = names.is_empty();
        for name in names {
            let sub = join(&module, name.as_ref());
            match lookup(&sub) {
                Some(file) => targets.push(PyTarget::File(file)),
                None => needs_module = true,
            }
        }
        if needs_module {
            match lookup(&module) {
                Some(file) => targets.push(PyTarget::File(file)),
                // A folder without `__init__.py` holding none of the names
                // (mealie's own `alembic/` migrations beside the installed
                // `alembic`) does not shadow a package installed under that
                // name: Python prefers a regular package anywhere on the path
                // to namespace portions.
                None if base.is_none()
                    && targets.is_empty()
                    && !names.is_empty()
                    && exists_as_dir(&module) =>
                {
                    targets.push(PyTarget::External(
                        dotted.split('.').next().unwrap_or(dotted).to_string(),
                    ))
                }
                // A namespace package (no `__init__.py`) has no file of its own.
                None if !module.is_empty() && exists_as_dir(&module) && !names.is_empty() => {
                    targets.push(PyTarget::Unresolved("namespace package has no such module"))
                }
                None if !module.is_empty() && exists_as_dir(&module) => {}
                None if base.is_some() => targets.push(PyTarget::Unresolved("not found")),
                None => {
                    let top = dotted.split('.').next().unwrap_or(dotted);
                    if self.is_first_party(importer, top) {
                        targets.push(PyTarget::Unresolved("not found"));
                    } else {
                        targets.push(PyTarget::External(top.to_string()));
                    }
                }
            }
        }
        targets
    }
}

fn depth(dir: &str) -> usize {
    if dir.is_empty() {
        0
    } else {
        dir.matches('/').count() + 1
    }
}

/// `strip_dir("a/b/c", "a")` → `Some("b/c")`; the root `""` strips nothing.
fn strip_dir<'a>(path: &'a str, dir: &str) -> Option<&'a str> {
    if dir.is_empty() {
        return Some(path);
    }
    if path == dir {
        return Some("");
    }
    path.strip_prefix(dir)?.strip_prefix('/')
}

impl PythonIndex {
    /// The `__init__.py` files Python runs before `file` when it imports it
    /// absolutely: every package above the file, outermost last.
    pub fn parent_inits(&self, file: &str) -> Vec<String> {
        let mut dir = parent_dir(file);
        if file.ends_with("/__init__.py") {
            dir = parent_dir(dir);
        }
        let mut out = Vec::new();
        while self.packages.contains(dir) && !dir.is_empty() {
            if let Some(init) = self.modules.get(dir)
                && init != file
            {
                out.push(init.clone());
            }
            dir = parent_dir(dir);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::dotted_name;

    #[test]
    fn dotted_names_lose_continuations_and_comments() {
        assert_eq!(dotted_name("a.b.\\\n    c"), "a.b.c");
        assert_eq!(dotted_name("a.b.\\\r\n c"), "a.b.c");
        assert_eq!(dotted_name("..pkg . mod"), "..pkg.mod");
        assert_eq!(dotted_name("a.  # first\n  b"), "a.b");
    }
}
