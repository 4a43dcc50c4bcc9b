//! Hidden bridges: module-level state and database tables shared across
//! modules. Runs after `resolve`: per-file facts (`FileFacts.state`) are
//! joined through the resolved imports — `from m import X` binds `X` to
//! module `m`'s global, `import m` lets `m.X` reach it — and model class
//! names are mapped to their tables. Language-neutral apart from the
//! Python/JS shapes already lowered by extraction.

mod classes;
mod handlers;
mod page;
mod tables;

use std::collections::{BTreeMap, BTreeSet};

pub use handlers::HandlerQueries;
pub use tables::user_model_setting;

use crate::endpoints::Route;
use crate::extract::FileFacts;
use crate::extract::state::Access;
use crate::resolve::{Resolution, Target};

/// One read or write of a global or table, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Touch {
    pub file: String,
    pub line: u32,
    pub text: String,
    pub write: bool,
    /// The function or class it sits in (`OrderView.get`), for tables.
    pub scope: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Global {
    /// `global:backend/shop/extensions.py:cache`, `global:window.SHOP_STATE`.
    pub id: String,
    pub name: String,
    pub module: String,
    pub line: u32,
    /// `python` or `browser`.
    pub kind: String,
    pub touches: Vec<Touch>,
    /// Modules that import the name by value (`from m import X`) while its
    /// module rebinds it through `global`: they keep a stale copy.
    pub stale_copies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub id: String,
    pub name: String,
    /// `path:Class` of the models mapped to it.
    pub models: Vec<String>,
    pub touches: Vec<Touch>,
    /// Tables this one points to: foreign keys, many-to-many and
    /// relationships (a join table points to both sides).
    pub references: Vec<Reference>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reference {
    pub table: String,
    /// `foreign_key`, `one_to_one`, `many_to_many`, `relationship`, `column`.
    pub kind: String,
    /// `path:Class.field` (or `path:table` for a `Table()` column).
    pub via: String,
    pub line: u32,
}

#[derive(Debug, Default)]
pub struct State {
    pub globals: Vec<Global>,
    pub tables: Vec<Table>,
    /// Route handlers that query tables in their own body.
    pub handlers: Vec<HandlerQueries>,
}

impl Global {
    pub fn writers(&self) -> BTreeSet<&str> {
        self.touches
            .iter()
            .filter(|t| t.write)
            .map(|t| t.file.as_str())
            .collect()
    }
    pub fn readers(&self) -> BTreeSet<&str> {
        self.touches
            .iter()
            .filter(|t| !t.write)
            .map(|t| t.file.as_str())
            .collect()
    }
}

/// How a file refers to other modules: a bound global name, or a module
/// reachable under a (dotted) local name.
#[derive(Default)]
struct Bindings {
    /// local name → (module, global name), from `from m import X`.
    names: BTreeMap<String, (String, String)>,
    /// `m`, `shop.services.orders`, `alias` → module path.
    modules: BTreeMap<String, String>,
}

/// `user_model` is what [`user_model_setting`] read before the web facts
/// were freed.
pub fn find(
    facts: &[FileFacts],
    resolution: &Resolution,
    routes: &[Route],
    user_model: &str,
) -> State {
    // Three independent reads of the same facts: on the run's pool.
    let ((globals, tables), page) = rayon::join(
        || {
            rayon::join(
                || python_globals(facts, resolution),
                || tables::tables(facts, resolution, user_model),
            )
        },
        || page::page_globals(facts),
    );
    let mut out = State {
        globals,
        handlers: handlers::find(&tables, routes),
        tables,
    };
    out.globals.extend(page);
    out.globals.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Module-level state reached through imports: Python modules, and
/// JavaScript/TypeScript modules (`export let store = {}`).
fn python_globals(facts: &[FileFacts], resolution: &Resolution) -> Vec<Global> {
    let mut defs: BTreeMap<(String, String), Global> = BTreeMap::new();
    // A name a function of its module rebinds through `global` is state
    // whatever its value (`hits = 0`, `def record(): global hits; hits += 1`).
    let rebound: BTreeSet<(&str, &str)> = facts
        .iter()
        .flat_map(|f| {
            f.state
                .global_decls
                .iter()
                .map(move |(name, _)| (f.path.as_str(), name.as_str()))
        })
        .collect();
    // A classic script's top-level names are the page's (see `page`).
    for f in facts.iter().filter(|f| !f.state.classic) {
        let kind = if f.language == crate::discover::Language::Python {
            "python"
        } else {
            "module"
        };
        for d in f.state.defs.iter().filter(|d| {
            (d.mutable || rebound.contains(&(f.path.as_str(), d.name.as_str())))
                && !d.name.starts_with("__")
        }) {
            defs.entry((f.path.clone(), d.name.to_string()))
                .or_insert_with(|| Global {
                    id: format!("global:{}:{}", f.path, d.name),
                    name: d.name.to_string(),
                    module: f.path.clone(),
                    line: d.line,
                    kind: kind.into(),
                    touches: Vec::new(),
                    stale_copies: Vec::new(),
                });
        }
    }
    let mut bindings: BTreeMap<&str, Bindings> = BTreeMap::new();
    for import in resolution.imports() {
        let Target::Module { path } = &import.target else {
            continue;
        };
        let (from, raw) = (import.from(facts), import.raw(facts));
        let b = bindings.entry(from).or_default();
        if raw.names.is_empty() {
            b.modules
                .insert(raw.specifier.to_string(), path.to_string());
            if let Some(alias) = alias_of(&raw.text, &raw.specifier) {
                b.modules.insert(alias, path.to_string());
            }
        }
        for name in &raw.names {
            if crate::resolve::is_submodule(path, &raw.specifier, name) {
                b.modules.insert(name.to_string(), path.to_string());
            } else if defs.contains_key(&(path.to_string(), name.to_string())) {
                b.names
                    .insert(name.to_string(), (path.to_string(), name.to_string()));
                let g = defs
                    .get_mut(&(path.to_string(), name.to_string()))
                    .expect("checked");
                // `from m import hits` copies the value now: when `m`
                // rebinds `hits` later, this module keeps the old one.
                if rebound.contains(&(path.as_str(), name.as_str())) {
                    g.stale_copies.push(from.to_string());
                }
                g.touches.push(Touch {
                    file: from.to_string(),
                    line: raw.line,
                    text: raw.text.to_string(),
                    write: false,
                    scope: String::new(),
                });
            }
        }
    }
    let empty = Bindings::default();
    for f in facts {
        let b = bindings.get(f.path.as_str()).unwrap_or(&empty);
        for access in &f.state.writes {
            if let Some(key) = resolve_access(&f.path, access, b, &defs) {
                defs.get_mut(&key).expect("resolved").touches.push(Touch {
                    file: f.path.clone(),
                    line: access.line,
                    text: access.text.to_string(),
                    write: true,
                    scope: String::new(),
                });
            }
        }
        for (name, line) in &f.state.global_decls {
            if let Some(g) = defs.get_mut(&(f.path.clone(), name.to_string())) {
                g.touches.push(Touch {
                    file: f.path.clone(),
                    line: *line,
                    text: format!("global {name}"),
                    write: true,
                    scope: String::new(),
                });
            }
        }
        let write_lines: BTreeSet<u32> = f.state.writes.iter().map(|w| w.line).collect();
        // The owner's own reads (`X[k] = v` is already a write on its line).
        for (name, line, text) in &f.state.own_reads {
            if let Some(g) = defs.get_mut(&(f.path.clone(), name.to_string()))
                && !write_lines.contains(line)
            {
                g.touches.push(Touch {
                    file: f.path.clone(),
                    line: *line,
                    text: text.to_string(),
                    write: false,
                    scope: String::new(),
                });
            }
        }
        for read in &f.state.attribute_reads {
            let mut names = read.names();
            let (Some(base), Some(attr)) = (names.next(), names.next()) else {
                continue;
            };
            // `m.X[k] = v` also matches as a read of `m.X`: the write says it.
            if write_lines.contains(&read.line) {
                continue;
            }
            if let Some(module) = b.modules.get(base)
                && let Some(g) = defs.get_mut(&(module.clone(), attr.to_string()))
            {
                g.touches.push(Touch {
                    file: f.path.clone(),
                    line: read.line,
                    text: format!("{base}.{attr}"),
                    write: false,
                    scope: String::new(),
                });
            }
        }
    }
    defs.into_values()
        .filter_map(|mut g| {
            g.touches.sort();
            g.touches.dedup();
            // Shared: some module other than the owner reads or writes it.
            // A JS/TS module's exported object only read elsewhere is
            // configuration; state is what other modules mutate.
            let module = g.kind == "module";
            g.touches
                .iter()
                .any(|t| t.file != g.module && (t.write || !module))
                .then_some(g)
        })
        .collect()
}

/// `import a.b as c` → `c` (read from the statement's text).
fn alias_of(text: &str, specifier: &str) -> Option<String> {
    let rest = text.split(specifier).nth(1)?.trim_start();
    let alias = rest.strip_prefix("as ")?.trim();
    let alias: String = alias
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!alias.is_empty()).then_some(alias)
}

/// Which global a write chain reaches: a name bound by `from m import X`, a
/// module reached under its local name (`m.X`, `shop.services.m.X`), or the
/// file's own global.
fn resolve_access(
    file: &str,
    access: &Access,
    b: &Bindings,
    defs: &BTreeMap<(String, String), Global>,
) -> Option<(String, String)> {
    let first = access.root()?;
    let depth = access.depth();
    // `X.append(v)` mutates X; `db.session.add(v)` mutates something X
    // reaches, not X itself.
    let exact = |rest: usize| !access.method_call || rest == 0;
    if let Some(key) = b.names.get(first) {
        return exact(depth - 1).then(|| key.clone());
    }
    for cut in (1..depth).rev() {
        if let Some(module) = b.modules.get(access.prefix(cut)) {
            let name = access.names().nth(cut).expect("cut < depth");
            let key = (module.clone(), name.to_string());
            return (defs.contains_key(&key) && exact(depth - cut - 1)).then_some(key);
        }
    }
    if access.method_call && depth > 1 {
        return None;
    }
    let own = (file.to_string(), first.to_string());
    // `X.attr = v` on the file's own global (not `X = v`, which is a binding).
    (defs.contains_key(&own) && (depth > 1 || !access.assigns_attribute)).then_some(own)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_read_from_the_statement() {
        assert_eq!(
            alias_of(
                "import shop.services.orders as orders_service",
                "shop.services.orders"
            ),
            Some("orders_service".into())
        );
        assert_eq!(alias_of("import os", "os"), None);
    }
}
