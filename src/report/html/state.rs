//! View model of the shared-state section: globals by risk, tables with the
//! modules that read and write them.

use super::super::model::Report;

pub struct GlobalRow {
    /// Modules other than its owner that write it, plus stale copies.
    pub foreign_writers: usize,
    pub name: String,
    pub owner: String,
    pub line: u32,
    pub kind: String,
    pub risk: u32,
    pub writers: Vec<String>,
    pub readers: Vec<String>,
    /// Readers that imported it by value while its module rebinds it.
    pub stale_copies: Vec<String>,
}

pub struct TableRow {
    pub name: String,
    pub models: Vec<String>,
    pub writers: Vec<String>,
    pub readers: Vec<String>,
    /// `table (kind)` of each table it points to, once per target.
    pub references: Vec<String>,
}

/// A route handler that queries tables in its own body.
pub struct HandlerRow {
    pub handler: String,
    pub file: String,
    pub routes: Vec<String>,
    pub writes: Vec<String>,
    pub reads: Vec<String>,
    /// `line: text` of each use.
    pub evidence: Vec<String>,
}

/// Tables × directories: who owns each table's rows.
pub struct OwnershipMatrix {
    /// Directory groups, most table-touching first.
    pub columns: Vec<String>,
    pub rows: Vec<MatrixRow>,
}

pub struct MatrixRow {
    pub table: String,
    /// One cell per column.
    pub cells: Vec<MatrixCell>,
}

pub struct MatrixCell {
    /// `W`, `R`, `RW` or empty.
    pub mark: String,
    /// The modules behind the mark, for the cell's tooltip.
    pub title: String,
}

pub struct StateView {
    pub globals: Vec<GlobalRow>,
    pub tables: Vec<TableRow>,
    pub handlers: Vec<HandlerRow>,
    pub matrix: OwnershipMatrix,
}

/// Columns shown; the rest of the tree is folded into `other`.
const MAX_COLUMNS: usize = 16;

/// A module's directory group: its first two directories (`zerver/views`),
/// or its top-level directory when it sits there.
fn group(path: &str) -> String {
    let dirs: Vec<&str> = path.split('/').collect();
    match dirs.len() {
        0 | 1 => "(root)".to_string(),
        2 => dirs[0].to_string(),
        _ => format!("{}/{}", dirs[0], dirs[1]),
    }
}

fn matrix(report: &Report) -> OwnershipMatrix {
    use std::collections::BTreeMap;
    // How many table touches each group has, to pick and order the columns.
    let mut weight: BTreeMap<String, usize> = BTreeMap::new();
    for t in &report.tables {
        for m in t.writers.iter().chain(&t.readers) {
            *weight.entry(group(m)).or_default() += 1;
        }
    }
    let mut columns: Vec<(String, usize)> = weight.into_iter().collect();
    columns.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let folded = columns.len() > MAX_COLUMNS;
    let mut names: Vec<String> = columns
        .into_iter()
        .take(if folded { MAX_COLUMNS - 1 } else { MAX_COLUMNS })
        .map(|(g, _)| g)
        .collect();
    if folded {
        names.push("other".to_string());
    }
    let column_of = |path: &str| {
        let g = group(path);
        names
            .iter()
            .position(|n| *n == g)
            .unwrap_or(names.len().saturating_sub(1))
    };
    let rows = report
        .tables
        .iter()
        .filter(|t| !t.writers.is_empty() || !t.readers.is_empty())
        .map(|t| {
            let mut writers: Vec<Vec<&str>> = vec![Vec::new(); names.len()];
            let mut readers: Vec<Vec<&str>> = vec![Vec::new(); names.len()];
            for w in &t.writers {
                writers[column_of(w)].push(w);
            }
            for r in &t.readers {
                readers[column_of(r)].push(r);
            }
            let cells = writers
                .iter()
                .zip(&readers)
                .map(|(w, r)| {
                    let mark = match (w.is_empty(), r.is_empty()) {
                        (false, false) => "RW",
                        (false, true) => "W",
                        (true, false) => "R",
                        (true, true) => "",
                    };
                    let mut title: Vec<String> = w.iter().map(|m| format!("writes: {m}")).collect();
                    title.extend(r.iter().map(|m| format!("reads: {m}")));
                    MatrixCell {
                        mark: mark.to_string(),
                        title: title.join("\n"),
                    }
                })
                .collect();
            MatrixRow {
                table: t.name.clone(),
                cells,
            }
        })
        .collect();
    OwnershipMatrix {
        columns: names,
        rows,
    }
}

pub fn view(report: &Report) -> StateView {
    // Hazards before constants: a global other modules write (or hold a
    // stale copy of) is what a split breaks; one many modules only read is
    // a constant registry, cheap to copy into each service.
    let mut globals: Vec<_> = report.globals.iter().collect();
    let hazard = |g: &super::super::model::SharedGlobal| {
        g.writers.iter().filter(|w| **w != g.module).count() + g.stale_copies.len()
    };
    globals.sort_by(|a, b| {
        hazard(b)
            .cmp(&hazard(a))
            .then(b.readers.len().cmp(&a.readers.len()))
            .then(b.risk.cmp(&a.risk))
            .then(a.id.cmp(&b.id))
    });
    StateView {
        globals: globals
            .into_iter()
            .map(|g| GlobalRow {
                foreign_writers: hazard(g),
                name: g.name.clone(),
                owner: g.module.clone(),
                line: g.line,
                kind: g.kind.clone(),
                risk: g.risk,
                writers: g.writers.clone(),
                readers: g.readers.clone(),
                stale_copies: g.stale_copies.clone(),
            })
            .collect(),
        tables: report
            .tables
            .iter()
            .map(|t| TableRow {
                name: t.name.clone(),
                models: t.models.clone(),
                writers: t.writers.clone(),
                readers: t.readers.clone(),
                references: {
                    let mut refs: Vec<String> = t
                        .references
                        .iter()
                        .map(|r| format!("{} ({})", r.table, r.kind.replace('_', " ")))
                        .collect();
                    refs.dedup();
                    refs
                },
            })
            .collect(),
        matrix: matrix(report),
        handlers: report
            .handler_queries
            .iter()
            .map(|h| HandlerRow {
                handler: h.handler.clone(),
                file: h.file.clone(),
                routes: h
                    .routes
                    .iter()
                    .map(|r| r.trim_start_matches("route:").to_string())
                    .collect(),
                writes: h.writes.clone(),
                reads: h.reads.clone(),
                evidence: h
                    .uses
                    .iter()
                    .map(|u| format!("{}: {}", u.line, u.text))
                    .collect(),
            })
            .collect(),
    }
}
