//! View model of the shared-state section: globals by risk, tables with the
//! modules that read and write them.

use super::super::model::Report;

pub struct GlobalRow {
    pub name: String,
    pub owner: String,
    pub line: u32,
    pub kind: String,
    pub risk: u32,
    pub writers: Vec<String>,
    pub readers: Vec<String>,
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

pub struct StateView {
    pub globals: Vec<GlobalRow>,
    pub tables: Vec<TableRow>,
    pub handlers: Vec<HandlerRow>,
}

pub fn view(report: &Report) -> StateView {
    StateView {
        globals: report
            .globals
            .iter()
            .map(|g| GlobalRow {
                name: g.name.clone(),
                owner: g.module.clone(),
                line: g.line,
                kind: g.kind.clone(),
                risk: g.risk,
                writers: g.writers.clone(),
                readers: g.readers.clone(),
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
