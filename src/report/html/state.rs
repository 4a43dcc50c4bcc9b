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
}

pub struct StateView {
    pub globals: Vec<GlobalRow>,
    pub tables: Vec<TableRow>,
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
            })
            .collect(),
    }
}
