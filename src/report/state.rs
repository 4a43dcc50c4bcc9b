//! The report's view of shared state: `globals[]` ranked by risk, `tables[]`
//! with the modules that read and write them, tables used from several
//! top-level directories first.

use std::collections::BTreeSet;

use super::model::{HandlerQueries, HandlerTableUse, SharedGlobal, Table, TableReference};
use crate::analyze::Seams;
use crate::state::State;

fn top_dir(path: &str) -> &str {
    path.split('/').next().unwrap_or(path)
}

/// Shared globals as production code sees them (tests, migrations and
/// fixtures counted only when `seams.include_tests`): a global no other
/// production module touches is not shared. Ranked by writes from other
/// modules first (a queue several modules push to is the hazard), then risk.
pub fn globals(state: &State, seams: &Seams) -> Vec<SharedGlobal> {
    let counted = |m: &str| crate::analyze::roles::counted(&seams.roles, m, seams.include_tests);
    let mut out: Vec<(usize, SharedGlobal)> = state
        .globals
        .iter()
        .filter_map(|g| {
            let kept = |modules: std::collections::BTreeSet<&str>| -> Vec<String> {
                modules
                    .into_iter()
                    .filter(|m| counted(m))
                    .map(str::to_string)
                    .collect()
            };
            let (writers, readers) = (kept(g.writers()), kept(g.readers()));
            let others = writers.iter().chain(&readers).any(|m| *m != g.module);
            if !others {
                return None;
            }
            let foreign_writers = writers.iter().filter(|m| **m != g.module).count();
            let dirs: BTreeSet<&str> = writers.iter().chain(&readers).map(|p| top_dir(p)).collect();
            let mut stale_copies: Vec<String> = g
                .stale_copies
                .iter()
                .filter(|m| counted(m))
                .cloned()
                .collect();
            stale_copies.sort();
            stale_copies.dedup();
            let risk = 3 * (writers.len() + stale_copies.len()) as u32
                + readers.len() as u32
                + 2 * dirs.len().saturating_sub(1) as u32;
            Some((
                foreign_writers,
                SharedGlobal {
                    id: g.id.clone(),
                    name: g.name.clone(),
                    module: g.module.clone(),
                    line: g.line,
                    kind: g.kind.clone(),
                    writers,
                    readers,
                    stale_copies,
                    risk,
                },
            ))
        })
        .collect();
    out.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.risk.cmp(&a.1.risk))
            .then(a.1.id.cmp(&b.1.id))
    });
    out.into_iter().map(|(_, g)| g).collect()
}

/// Tables with their production users (tests, migrations and fixtures
/// counted only when `seams.include_tests`).
pub fn tables(state: &State, seams: &Seams) -> Vec<Table> {
    let counted = |m: &str| crate::analyze::roles::counted(&seams.roles, m, seams.include_tests);
    let mut out: Vec<(usize, Table)> = state
        .tables
        .iter()
        .map(|t| {
            let writers: BTreeSet<&str> = t
                .touches
                .iter()
                .filter(|x| counted(&x.file))
                .filter(|x| x.write)
                .map(|x| x.file.as_str())
                .collect();
            let readers: BTreeSet<&str> = t
                .touches
                .iter()
                .filter(|x| counted(&x.file))
                .filter(|x| !x.write)
                .map(|x| x.file.as_str())
                .collect();
            let dirs: BTreeSet<&str> = writers.iter().chain(&readers).map(|p| top_dir(p)).collect();
            (
                dirs.len(),
                Table {
                    id: t.id.clone(),
                    name: t.name.clone(),
                    models: t.models.clone(),
                    writers: writers.into_iter().map(str::to_string).collect(),
                    readers: readers.into_iter().map(str::to_string).collect(),
                    references: t
                        .references
                        .iter()
                        .map(|r| TableReference {
                            table: r.table.clone(),
                            kind: r.kind.clone(),
                            via: r.via.clone(),
                            line: r.line,
                        })
                        .collect(),
                },
            )
        })
        .collect();
    out.sort_by(|a, b| {
        let users = |t: &Table| t.writers.len() + t.readers.len();
        b.0.cmp(&a.0)
            .then(users(&b.1).cmp(&users(&a.1)))
            .then(a.1.name.cmp(&b.1.name))
    });
    out.into_iter().map(|(_, t)| t).collect()
}

/// Handlers that query tables directly, those touching most tables first.
pub fn handler_queries(state: &State) -> Vec<HandlerQueries> {
    let mut out: Vec<HandlerQueries> = state
        .handlers
        .iter()
        .map(|h| {
            let tables = |write: bool| -> Vec<String> {
                let set: BTreeSet<&str> = h
                    .uses
                    .iter()
                    .filter(|u| u.1 == write)
                    .map(|u| u.0.as_str())
                    .collect();
                set.into_iter().map(str::to_string).collect()
            };
            HandlerQueries {
                handler: h.handler.clone(),
                file: h.file.clone(),
                routes: h.routes.clone(),
                writes: tables(true),
                reads: tables(false),
                uses: h
                    .uses
                    .iter()
                    .map(|(table, write, line, text)| HandlerTableUse {
                        table: table.clone(),
                        write: *write,
                        line: *line,
                        text: text.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let distinct = |h: &HandlerQueries| {
        let all: BTreeSet<&String> = h.writes.iter().chain(&h.reads).collect();
        all.len()
    };
    out.sort_by(|a, b| {
        distinct(b)
            .cmp(&distinct(a))
            .then(b.writes.len().cmp(&a.writes.len()))
            .then(a.handler.cmp(&b.handler))
    });
    out
}
