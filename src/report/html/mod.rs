//! The HTML view of the report: a view model built from [`Report`] (all
//! sorting, formatting and capping happens here) and an askama template that
//! only loops and prints. askama escapes every value, so paths and import text
//! from the audited code cannot inject markup.

mod data;
pub mod endpoints;
mod reading;
mod seams;
mod state;

use askama::Template;

use super::model::Report;
use crate::error::SetupError;

/// Rows per table in the HTML; the JSON always has everything.
const MAX_ROWS: usize = 2000;

pub struct Figure {
    pub label: &'static str,
    pub value: String,
}

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
    pub figures: Vec<Figure>,
    pub languages: String,
    pub modules: Vec<ModuleRow>,
    pub modules_hidden: usize,
    pub packages: Vec<PackageRow>,
    /// Import-time cycles (what must move together).
    pub cycles: Vec<CycleRow>,
    /// Every import counted (lazy and type-only too).
    pub coupling_cycles: Vec<CycleRow>,
    pub skipped: Vec<Row2>,
    pub diagnostics: Vec<DiagnosticRow>,
    pub diagnostics_hidden: usize,
    pub endpoints: endpoints::EndpointsView,
    pub seams: seams::SeamsView,
    pub state: state::StateView,
}

pub fn view(report: &Report) -> ReportPage {
    let s = &report.summary;
    let figures = vec![
        Figure {
            label: "files analysed",
            value: s.files_analyzed.to_string(),
        },
        Figure {
            label: "lines",
            value: s.lines.to_string(),
        },
        Figure {
            label: "modules",
            value: s.modules.to_string(),
        },
        Figure {
            label: "internal imports",
            value: s.internal_edges.to_string(),
        },
        Figure {
            label: "external packages",
            value: s.external_packages.to_string(),
        },
        Figure {
            label: "import-time cycles",
            value: s.import_cycles.unwrap_or(s.cycles).to_string(),
        },
        Figure {
            label: "largest import-time cycle",
            value: s
                .largest_import_cycle
                .unwrap_or(s.largest_cycle)
                .to_string(),
        },
        Figure {
            label: "files skipped",
            value: s.files_skipped.to_string(),
        },
        Figure {
            label: "diagnostics",
            value: s.diagnostics.to_string(),
        },
    ];
    let languages = s
        .languages
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect::<Vec<_>>()
        .join(" · ");
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
    let modules_hidden = modules.len().saturating_sub(MAX_ROWS);
    let modules = modules
        .into_iter()
        .take(MAX_ROWS)
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
        .take(MAX_ROWS)
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
        .take(MAX_ROWS)
        .map(|f| Row2 {
            a: f.path.clone(),
            b: f.reason.clone().unwrap_or_default(),
        })
        .collect();
    let causes = crate::diagnostic::causes(&report.diagnostics);
    let diagnostics_hidden = causes.len().saturating_sub(MAX_ROWS);
    let diagnostics = causes
        .into_iter()
        .take(MAX_ROWS)
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
    ReportPage {
        data_json: data::embed(&data::page_data(report)),
        reading: reading::reading(report),
        root: report.root.clone(),
        version: report.tool.version.clone(),
        figures,
        languages,
        modules,
        modules_hidden,
        packages,
        cycles,
        coupling_cycles,
        skipped,
        diagnostics,
        diagnostics_hidden,
        endpoints: endpoints::view(report),
        seams: seams::view(report),
        state: state::view(report),
    }
}

pub fn render(report: &Report) -> Result<String, SetupError> {
    view(report)
        .render()
        .map_err(|e| SetupError::Render(e.to_string()))
}
