//! The first screen: what was audited, and how ready it is to split — the
//! figures an architect decides from, each linking to its section, then the
//! first step of the plan. Built from the [`Report`] only.

use std::collections::{BTreeMap, BTreeSet};

use super::super::model::Report;
use super::endpoints;
use super::reading::plural;
use super::seams::count;

pub struct Figure {
    pub value: String,
    pub label: &'static str,
    /// What qualifies the value (`83% linked to a route`), or empty.
    pub detail: String,
    /// The section that lists what is counted.
    pub href: &'static str,
    /// A figure that argues against splitting as things stand.
    pub warn: bool,
}

pub struct Overview {
    /// `zulip`, and `commit 1a2b3c4 of 2026-11-30`.
    pub project: String,
    pub commit: String,
    /// `report of 2026-12-02`.
    pub generated: String,
    pub readiness: Vec<Figure>,
    /// Size and parsing figures, below the readiness ones.
    pub size: Vec<Figure>,
    /// `(anchor, "Extract 1. name", what)` of the plan's first step.
    pub first_step: Option<(String, String, String)>,
}

/// Today as `YYYY-MM-DD` (UTC); `SOURCE_DATE_EPOCH` pins it for
/// reproducible output.
fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let date = crate::history::utc_date(seconds);
    date[..10.min(date.len())].to_string()
}

pub fn view(
    report: &Report,
    e: &endpoints::EndpointsView,
    first_step: Option<(String, String, String)>,
) -> Overview {
    let s = &report.summary;
    let source = &s.source;
    let commit = match (&source.commit, &source.commit_date) {
        (Some(c), Some(d)) => format!("commit {} of {d}", &c[..12.min(c.len())]),
        _ => "not a git checkout".to_string(),
    };
    let cluster_of: BTreeMap<&str, usize> = report
        .clusters
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.modules.iter().map(move |m| (m.as_str(), i)))
        .collect();
    let shared_tables = report
        .tables
        .iter()
        .filter(|t| {
            let writers: BTreeSet<usize> = t
                .writers
                .iter()
                .filter_map(|w| cluster_of.get(w.as_str()).copied())
                .collect();
            writers.len() > 1
        })
        .count();
    // Mutable in the sense that matters for a split: another module writes
    // it, so two services would each hold their own copy.
    let mutable_globals = report
        .globals
        .iter()
        .filter(|g| g.writers.iter().any(|w| *w != g.module))
        .count();
    let import_cycles = s.import_cycles.unwrap_or(s.cycles) as usize;
    let largest_cycle = s.largest_import_cycle.unwrap_or(s.largest_cycle) as usize;
    // The decomposition's own figures, so the first screen and the plan's
    // measures agree (the bucket of uncoupled modules is no service).
    let (services, largest_share) = match &s.decomposition {
        Some(d) => (d.services as usize, Some(d.largest_share)),
        None => (0, None),
    };
    let readiness = vec![
        Figure {
            value: count(e.route_count as u64),
            label: "backend routes",
            detail: if e.route_count == 0 {
                "none found: see the diagnostics".into()
            } else {
                format!(
                    "{} called by no frontend code",
                    count(e.uncalled_routes as u64)
                )
            },
            href: "#endpoints",
            warn: e.route_count == 0,
        },
        Figure {
            value: count(e.request_count as u64),
            label: "frontend data requests",
            detail: if e.request_count == 0 {
                "none found".into()
            } else {
                format!("{} linked to a route", e.linked_share)
            },
            href: "#endpoints",
            warn: false,
        },
        Figure {
            value: count(report.tables.len() as u64),
            label: "database tables",
            detail: format!(
                "{} written from several services",
                count(shared_tables as u64)
            ),
            href: "#state",
            warn: shared_tables > 0,
        },
        Figure {
            value: count(report.handler_queries.len() as u64),
            label: "handlers that query tables",
            detail: "business logic in the web layer".into(),
            href: "#handler-queries",
            warn: !report.handler_queries.is_empty(),
        },
        Figure {
            value: count(mutable_globals as u64),
            label: "shared mutable globals",
            detail: format!(
                "written from another module; {} globals shared in all",
                count(report.globals.len() as u64)
            ),
            href: "#state",
            warn: mutable_globals > 0,
        },
        Figure {
            value: count(import_cycles as u64),
            label: "import-time cycles",
            detail: if import_cycles == 0 {
                "the modules load in layers".into()
            } else {
                format!(
                    "the largest ties {}",
                    plural(largest_cycle as u32, "module", "modules")
                )
            },
            href: "#cycles",
            warn: import_cycles > 0,
        },
        Figure {
            value: count(services as u64),
            label: "candidate services",
            detail: match largest_share {
                Some(share) => format!("the largest holds {:.0}% of their modules", 100.0 * share),
                None => "no production modules to group".into(),
            },
            href: "#services",
            warn: false,
        },
    ];
    let languages: Vec<String> = s
        .languages
        .iter()
        .map(|(l, n)| format!("{} {l}", count(u64::from(*n))))
        .collect();
    let size = vec![
        Figure {
            value: count(s.lines),
            label: "lines",
            detail: format!("in {}", plural(s.files_analyzed, "file", "files")),
            href: "#modules",
            warn: false,
        },
        Figure {
            value: count(u64::from(s.modules)),
            label: "modules",
            detail: languages.join(", "),
            href: "#modules",
            warn: false,
        },
        Figure {
            value: count(u64::from(s.internal_edges)),
            label: "internal imports",
            detail: format!(
                "{} external packages",
                count(u64::from(s.external_packages))
            ),
            href: "#packages",
            warn: false,
        },
        Figure {
            value: count(u64::from(s.files_skipped)),
            label: "files skipped",
            detail: "each with its reason".into(),
            href: "#skipped",
            warn: false,
        },
        Figure {
            value: count(u64::from(s.diagnostics)),
            label: "diagnostics",
            detail: format!(
                "{} unresolved imports",
                count(u64::from(s.unresolved_imports))
            ),
            href: "#diagnostics",
            warn: false,
        },
    ];
    Overview {
        project: source.project.clone(),
        commit,
        generated: format!("report of {}", today()),
        readiness,
        size,
        first_step,
    }
}
