//! Stage 3, **resolve**: raw import specifiers in, module ids out.
//!
//! Language-neutral driver: builds each language's index of the tree once
//! (`lang::python`, `lang::ecma`) and asks it where each import of each file
//! leads — a file in the tree, an external package, or nowhere (with the
//! reason). It reads no source file; it only consults the list of files and
//! the config files `discover` collected.

use compact_str::CompactString;
use rayon::prelude::*;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::AuditConfig;
use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::discover::{Discovery, Language};
use crate::extract::{FileFacts, ImportKind, RawImport};
use crate::lang::ecma::{EcmaIndex, EcmaTarget};
use crate::lang::python::{PyTarget, PythonIndex};

/// Where an import leads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Target {
    /// A file module in the tree, by path.
    Module { path: CompactString },
    /// A package from outside the tree: `ecosystem` is `python` or `npm`.
    External { ecosystem: String, name: String },
    /// Could not be resolved; `reason` is `not found`, `outside root`, ….
    Unresolved { reason: String },
}

/// One import statement's link to one target. The statement itself (its
/// file, specifier, line, names and evidence) stays in the facts, which
/// every stage reading the resolution also has: copied here it was two
/// thirds of the resolution's memory (24 MB at 3M lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedImport {
    /// The importing file: index into the facts.
    pub file: u32,
    /// The statement: index into that file's `imports`.
    pub raw: u32,
    pub target: Target,
    /// Drawn only because Python runs a parent package's `__init__.py`.
    pub implicit: bool,
}

impl ResolvedImport {
    /// The import statement as extracted.
    pub fn raw<'f>(&self, facts: &'f [FileFacts]) -> &'f RawImport {
        &facts[self.file as usize].imports[self.raw as usize]
    }

    /// The importing file's path.
    pub fn from<'f>(&self, facts: &'f [FileFacts]) -> &'f str {
        &facts[self.file as usize].path
    }
}

/// The resolved imports of the whole tree, and the module names found.
#[derive(Debug, Default)]
pub struct Resolution {
    /// The resolved imports in file order, in one list per [`CHUNK_FILES`]
    /// files (see [`resolve`]).
    chunks: Vec<Vec<ResolvedImport>>,
    /// File path → dotted Python module name.
    pub python_names: BTreeMap<String, String>,
    pub python_roots: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Files resolved at once. Resolved all at once, every file's targets were
/// alive beside the whole list they were copied into: the run's peak, 8 MB
/// a million lines above the facts. In chunks, one chunk's are.
const CHUNK_FILES: usize = 1024;

impl Resolution {
    /// Every resolved import, file by file in the facts' order.
    pub fn imports(&self) -> impl Iterator<Item = &ResolvedImport> {
        self.chunks.iter().flatten()
    }

    pub fn import_count(&self) -> usize {
        self.chunks.iter().map(Vec::len).sum()
    }
}

pub fn resolve(config: &AuditConfig, discovery: &Discovery, facts: &[FileFacts]) -> Resolution {
    resolve_in_chunks(config, discovery, facts, CHUNK_FILES)
}

fn resolve_in_chunks(
    config: &AuditConfig,
    discovery: &Discovery,
    facts: &[FileFacts],
    chunk_files: usize,
) -> Resolution {
    let python = PythonIndex::new(
        facts
            .iter()
            .filter(|f| f.language == Language::Python)
            .map(|f| f.path.as_str()),
        &config.python_roots,
    );
    let (mut ecma, mut problems) = EcmaIndex::new(&discovery.all_files, &discovery.configs);
    problems.extend(ecma.use_configs(&config.tsconfigs, &discovery.configs));
    let mut resolution = Resolution {
        python_roots: python.roots().to_vec(),
        ..Resolution::default()
    };
    for (file, message) in problems {
        resolution.diagnostics.push(Diagnostic::new(
            DiagnosticKind::Config,
            &file,
            None,
            format!("config ignored: {message}"),
        ));
    }
    // Framework → (imports of its build-time modules, the first importer
    // and import): one `generated` diagnostic each.
    let mut generated: BTreeMap<&str, (usize, &String, &RawImport)> = BTreeMap::new();
    for (chunk_ix, chunk) in facts.chunks(chunk_files).enumerate() {
        let first = chunk_ix * chunk_files;
        // Each file's targets on its own (the indexes are read-only), then
        // the chunk's in file order, so the output does not depend on the
        // thread count; the list is allocated once at its length.
        let per_file: Vec<FileResolution> = chunk
            .par_iter()
            .enumerate()
            .map(|(i, file)| resolve_file(&python, &ecma, config, (first + i) as u32, file))
            .collect();
        let mut imports = Vec::with_capacity(per_file.iter().map(|r| r.targets.len()).sum());
        for (file, done) in chunk.iter().zip(per_file) {
            if let Some(name) = done.module_name {
                resolution.python_names.insert(file.path.clone(), name);
            }
            imports.extend(done.targets);
            resolution.diagnostics.extend(done.diagnostics);
            for (framework, import) in done.generated {
                generated
                    .entry(framework)
                    .or_insert((0, &file.path, import))
                    .0 += 1;
            }
        }
        resolution.chunks.push(imports);
    }
    resolution
        .diagnostics
        .extend(generated.into_iter().map(generated_diagnostic));
    resolution
}

/// What one file's imports resolve to.
#[derive(Default)]
struct FileResolution<'f> {
    /// Its dotted Python module name.
    module_name: Option<String>,
    /// In the order of the file's imports.
    targets: Vec<ResolvedImport>,
    /// Unresolved imports.
    diagnostics: Vec<Diagnostic>,
    /// Imports of modules a framework generates at build time.
    generated: Vec<(&'static str, &'f RawImport)>,
}

fn resolve_file<'f>(
    python: &PythonIndex,
    ecma: &EcmaIndex,
    config: &AuditConfig,
    file_ix: u32,
    file: &'f FileFacts,
) -> FileResolution<'f> {
    let mut done = FileResolution::default();
    if file.language == Language::Python {
        done.module_name = python.module_name(&file.path);
    }
    for (i, import) in file.imports.iter().enumerate() {
        let mut from_typegen = false;
        let targets: Vec<(Target, bool)> = match file.language {
            Language::Python => python_targets(python, config, &file.path, import),
            _ => {
                let found = ecma.resolve(&file.path, &import.specifier);
                if let EcmaTarget::Generated(framework) = found {
                    from_typegen = true;
                    done.generated.push((framework, import));
                }
                ecma_target(found).into_iter().map(|t| (t, false)).collect()
            }
        };
        for (target, implicit) in targets {
            if let Target::Unresolved { reason } = &target
                && !from_typegen
            {
                done.diagnostics.push(Diagnostic::new(
                    DiagnosticKind::UnresolvedImport,
                    &file.path,
                    Some(import.line),
                    format!("cannot resolve `{}`: {reason}", import.specifier),
                ));
            }
            done.targets.push(ResolvedImport {
                file: file_ix,
                raw: i as u32,
                target,
                implicit,
            });
        }
    }
    done
}

fn python_targets(
    index: &PythonIndex,
    config: &AuditConfig,
    importer: &str,
    import: &RawImport,
) -> Vec<(Target, bool)> {
    let mut out = Vec::new();
    // `import_module(".x", package)`: relative to a package known only at run time.
    if import.kind == ImportKind::Dynamic && import.specifier.starts_with('.') {
        return vec![(
            Target::Unresolved {
                reason: "dynamic".into(),
            },
            false,
        )];
    }
    for target in index.resolve(importer, &import.specifier, &import.names) {
        match target {
            PyTarget::File(path) => {
                if config.parent_package_edges && !import.specifier.starts_with('.') {
                    for parent in index.parent_inits(&path) {
                        out.push((
                            Target::Module {
                                path: parent.into(),
                            },
                            true,
                        ));
                    }
                }
                out.push((Target::Module { path: path.into() }, false));
            }
            PyTarget::External(name) => out.push((
                Target::External {
                    ecosystem: "python".into(),
                    name,
                },
                false,
            )),
            PyTarget::Unresolved(reason) => out.push((
                Target::Unresolved {
                    reason: reason.into(),
                },
                false,
            )),
        }
    }
    out
}

fn ecma_target(found: EcmaTarget) -> Option<Target> {
    match found {
        EcmaTarget::File(path) => Some(Target::Module { path: path.into() }),
        EcmaTarget::External(name) => Some(Target::External {
            ecosystem: "npm".into(),
            name,
        }),
        // Stylesheets, images and JSON are not modules of the graph.
        EcmaTarget::Asset(_) => None,
        EcmaTarget::Unresolved(reason) => Some(Target::Unresolved {
            reason: reason.into(),
        }),
        EcmaTarget::BuildOutput { package, target } => Some(Target::Unresolved {
            reason: format!(
                "workspace package `{package}` points it at `{target}`, build output that is \
                 not in the tree, and no source maps to it (no tsconfig outDir/rootDir, no \
                 src/ beside it): map `{package}/*` to its source with tsconfig `paths`"
            ),
        }),
        EcmaTarget::Generated(framework) => Some(Target::Unresolved {
            reason: format!("generated at build time by {framework}"),
        }),
    }
}

/// The one diagnostic for a framework's build-time modules: how many
/// imports, and the first.
fn generated_diagnostic(
    (framework, (count, file, first)): (&str, (usize, &String, &RawImport)),
) -> Diagnostic {
    let imports = if count == 1 { "import" } else { "imports" };
    Diagnostic::new(
        DiagnosticKind::Generated,
        file,
        Some(first.line),
        format!(
            "{count} {imports} of modules that {framework} writes at build time \
             (first: `{}`); they are not in the tree and add no edges. Generate \
             them before auditing to include them",
            first.specifier
        ),
    )
}

/// Whether `from <specifier> import <name>`, resolved to the file `path`,
/// imports that file as a submodule (`from zerver.views import health` →
/// `zerver/views/health.py`) rather than a name defined in it (`from
/// zerver.views.health import health`, the same file).
pub fn is_submodule(path: &str, specifier: &str, name: &str) -> bool {
    let module = path.strip_suffix("/__init__.py").unwrap_or(path);
    let mut parts = module.rsplit('/');
    let stem = parts.next().unwrap_or("");
    let stem = stem.split('.').next().unwrap_or("");
    let parent = parts.next().unwrap_or("");
    let last = specifier
        .trim_start_matches('.')
        .rsplit('.')
        .next()
        .unwrap_or("");
    // Named by the specifier itself, unless it sits in a package of the same
    // name (`from a.c import c` → `a/c/c.py`).
    stem == name && (last != name || parent == last)
}

#[cfg(test)]
mod chunk_tests {
    use super::*;

    /// Chunks change when files are resolved, never what they resolve to or
    /// in which order.
    #[test]
    fn chunk_size_does_not_change_the_resolution() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/demo");
        let config = AuditConfig::new(&root).unwrap();
        let discovery = crate::discover::discover(&config).unwrap();
        let facts: Vec<FileFacts> =
            crate::extract::extract_all(&discovery.sources, config.max_file_bytes, None, &|| {})
                .into_iter()
                .map(|r| r.unwrap().facts)
                .collect();
        let whole = resolve_in_chunks(&config, &discovery, &facts, facts.len());
        assert!(whole.import_count() > 10, "the demo has imports to compare");
        for chunk in [1, 2, 7] {
            let chunked = resolve_in_chunks(&config, &discovery, &facts, chunk);
            assert_eq!(chunked.chunks.len(), facts.len().div_ceil(chunk));
            assert!(chunked.imports().eq(whole.imports()));
            assert_eq!(chunked.python_names, whole.python_names);
            assert_eq!(chunked.diagnostics, whole.diagnostics);
        }
    }
}

#[cfg(test)]
mod submodule_tests {
    use super::is_submodule;

    #[test]
    fn a_submodule_or_a_name_defined_in_the_module_named_alike() {
        assert!(is_submodule(
            "zerver/views/health.py",
            "zerver.views",
            "health"
        ));
        assert!(is_submodule("shop/orders.py", ".", "orders"));
        assert!(is_submodule("shop/orders/__init__.py", "shop", "orders"));
        assert!(!is_submodule(
            "zerver/views/health.py",
            "zerver.views.health",
            "health"
        ));
        assert!(!is_submodule("zerver/views/health.py", ".health", "health"));
        assert!(!is_submodule("a/health/__init__.py", "a.health", "health"));
        assert!(is_submodule("a/c/c.py", "a.c", "c"));
        assert!(!is_submodule("shop/orders.py", "shop", "place_order"));
    }
}
