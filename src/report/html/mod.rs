//! The HTML view of the report: a view model built from [`Report`] (all
//! sorting, formatting and capping happens here) and an askama template that
//! only loops and prints. askama escapes every value, so paths and import text
//! from the audited code cannot inject markup.

mod data;
mod dsm;
pub mod endpoints;
mod overview;
mod reading;
mod seams;
mod state;

use askama::Template;

use super::model::Report;
use crate::error::SetupError;

/// Rows a paged table shows before its script runs; the rest are in the
/// page, hidden, and the pager reaches them.
pub const FIRST_PAGE: usize = 100;

pub struct ModuleRow {
    pub id: String,
    pub language: String,
    pub lines: u32,
    pub fan_in: u32,
    pub fan_out: u32,
    pub external_deps: u32,
    pub instability: String,
}

pub struct PackageRow {
    pub package: String,
    pub modules: u32,
    pub afferent: u32,
    pub efferent: u32,
    pub instability: String,
}

pub struct CycleRow {
    pub id: String,
    pub size: u32,
    pub path: Vec<String>,
    pub others: Vec<String>,
    /// The imports that untie it: `from → to`, evidence, and why it may be
    /// cheap to move (lazy, type-only).
    pub breaks: Vec<(String, String, String, String)>,
}

pub struct Row2 {
    pub a: String,
    pub b: String,
}

/// One cause of diagnostics ([`crate::diagnostic::causes`]).
pub struct DiagnosticRow {
    pub count: usize,
    pub files: usize,
    pub kind: String,
    pub cause: String,
    pub advice: String,
    /// The first entries: (place, message).
    pub examples: Vec<(String, String)>,
    /// Entries beyond the examples, in report.json.
    pub more: usize,
}

#[derive(Template)]
#[template(path = "report.html")]
pub struct ReportPage {
    /// The page script's data, already escaped for a `<script>` element.
    pub data_json: String,
    pub reading: Vec<String>,
    pub root: String,
    pub version: String,
    pub overview: overview::Overview,
    pub modules: Vec<ModuleRow>,
    pub modules_total: usize,
    pub packages: Vec<PackageRow>,
    /// Import-time cycles (what must move together).
    pub cycles: Vec<CycleRow>,
    /// Every import counted (lazy and type-only too).
    pub coupling_cycles: Vec<CycleRow>,
    pub skipped: Vec<Row2>,
    pub diagnostics: Vec<DiagnosticRow>,
    pub endpoints: endpoints::EndpointsView,
    pub seams: seams::SeamsView,
    pub state: state::StateView,
}

pub fn view(report: &Report) -> ReportPage {
    let mut modules: Vec<_> = report
        .modules
        .iter()
        .filter(|m| m.kind == "module")
        .collect();
    modules.sort_by(|a, b| {
        (b.fan_in + b.fan_out)
            .cmp(&(a.fan_in + a.fan_out))
            .then(a.id.cmp(&b.id))
    });
    let modules_total = modules.len();
    // The page script renders the table from the embedded data, a page at a
    // time; the first page is in the HTML for readers without script.
    let modules = modules
        .into_iter()
        .take(FIRST_PAGE)
        .map(|m| ModuleRow {
            id: m.id.clone(),
            language: m.language.clone().unwrap_or_default(),
            lines: m.lines,
            fan_in: m.fan_in,
            fan_out: m.fan_out,
            external_deps: m.external_deps,
            instability: format!("{:.2}", m.instability),
        })
        .collect();
    let mut packages: Vec<_> = report.packages.iter().collect();
    packages.sort_by(|a, b| {
        (b.afferent + b.efferent)
            .cmp(&(a.afferent + a.efferent))
            .then(a.package.cmp(&b.package))
    });
    let packages = packages
        .into_iter()
        .map(|p| PackageRow {
            package: if p.package.is_empty() {
                "(root)".into()
            } else {
                format!("{}/", p.package)
            },
            modules: p.modules,
            afferent: p.afferent,
            efferent: p.efferent,
            instability: format!("{:.2}", p.instability),
        })
        .collect();
    let cycle_row = |c: &super::model::Cycle| CycleRow {
        id: c.id.clone(),
        size: c.size,
        path: c.path.clone(),
        others: c
            .modules
            .iter()
            .filter(|m| !c.path.contains(m))
            .cloned()
            .collect(),
        breaks: c
            .breaks
            .iter()
            .map(|b| {
                let note = match (b.lazy, b.type_only) {
                    (true, _) => "lazy (inside a function)",
                    (_, true) => "type-only",
                    _ => "",
                };
                (
                    format!("{} → {}", b.from, b.to),
                    b.from.clone(),
                    format!("{}:{} {}", b.file, b.line, b.text),
                    note.to_string(),
                )
            })
            .collect(),
    };
    let cycles = report.import_cycles.iter().map(cycle_row).collect();
    let coupling_cycles = report.cycles.iter().map(cycle_row).collect();
    let skipped = report
        .files
        .iter()
        .filter(|f| f.status == "skipped")
        .map(|f| Row2 {
            a: f.path.clone(),
            b: f.reason.clone().unwrap_or_default(),
        })
        .collect();
    let causes = crate::diagnostic::causes(&report.diagnostics);
    let diagnostics = causes
        .into_iter()
        .map(|c| DiagnosticRow {
            count: c.count,
            files: c.files,
            kind: serde_json::to_value(c.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            more: c.count - c.examples.len(),
            examples: c
                .examples
                .iter()
                .map(|d| {
                    let place = match d.line {
                        Some(line) => format!("{}:{line}", d.file),
                        None => d.file.clone(),
                    };
                    (place, d.message.clone())
                })
                .collect(),
            cause: c.cause,
            advice: c.advice.unwrap_or_default(),
        })
        .collect();
    let endpoints = endpoints::view(report);
    let seams = seams::view(report);
    let first_step = seams.steps.first().map(|st| {
        (
            st.id.clone(),
            format!("Extract {}. {}", st.rank, st.name),
            st.what.clone(),
        )
    });
    let overview = overview::view(report, &endpoints, first_step);
    ReportPage {
        data_json: data::embed(&data::page_data(report)),
        reading: reading::reading(report),
        root: report.root.clone(),
        version: report.tool.version.clone(),
        overview,
        modules,
        modules_total,
        packages,
        cycles,
        coupling_cycles,
        skipped,
        diagnostics,
        endpoints,
        seams,
        state: state::view(report),
    }
}

pub fn render(report: &Report) -> Result<String, SetupError> {
    view(report)
        .render()
        .map_err(|e| SetupError::Render(e.to_string()))
}
