//! The report's view of the seams analysis: hotspots, clusters, the history
//! summary and `co_change` edges.

use super::model::{
    BoundarySummary, BoundaryViolation, Cluster, Component, Decomposition, Edge, HistorySummary,
    Hotspot, Kernel, KernelModule, Module, ModuleHistory,
};
use crate::analyze::Seams;
use crate::analyze::hotspots::FORMULA;

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

pub fn history_summary(seams: &Seams) -> HistorySummary {
    HistorySummary {
        used: seams.history.is_some(),
        note: seams.history_note.clone(),
        since: seams.since.clone(),
        commits: seams.history.as_ref().map_or(0, |h| h.commits),
        skipped_commits: seams.history.as_ref().map_or(0, |h| h.skipped_commits),
        co_changes: seams
            .history
            .as_ref()
            .map_or(0, |h| h.coupling.len() as u32),
    }
}

pub fn formula() -> String {
    FORMULA.to_string()
}

pub fn hotspots(seams: &Seams) -> Vec<Hotspot> {
    seams
        .hotspots
        .iter()
        .map(|h| Hotspot {
            module: h.module.clone(),
            score: round(h.score),
            factors: h
                .factors
                .iter()
                .map(|(k, v)| (k.clone(), round(*v)))
                .collect(),
        })
        .collect()
}

pub fn clusters(seams: &Seams) -> Vec<Cluster> {
    seams
        .services
        .iter()
        .map(|s| {
            let (tables, globals): (Vec<String>, Vec<String>) = s
                .shared
                .iter()
                .cloned()
                .partition(|id| id.starts_with("table"));
            Cluster {
                id: format!("cluster-{}", s.extraction_rank),
                name: s.name.clone(),
                modules: s.modules.clone(),
                api: s.api.clone(),
                routes: s.routes.clone(),
                globals,
                tables,
                cut_cost: round(s.cut_cost),
                extraction_rank: s.extraction_rank,
                route_callers: s.route_callers.clone(),
                tests: s.tests.clone(),
                migrations: s.migrations.clone(),
                scripts: s.scripts.clone(),
                kernel_share: round(s.kernel_share),
                entanglement: round(s.entanglement()),
                change_coupling: s
                    .change_coupling
                    .iter()
                    .map(|(rank, w)| (format!("cluster-{rank}"), round(*w)))
                    .collect(),
            }
        })
        .collect()
}

pub fn kernel(seams: &Seams) -> Kernel {
    let k = &seams.kernel;
    Kernel {
        modules: k
            .modules
            .iter()
            .map(|(id, users)| KernelModule {
                id: id.clone(),
                users: *users as u32,
            })
            .collect(),
        min_users: k.min_users as u32,
        users: k.users as u32,
    }
}

/// `None` when nothing was clustered.
pub fn decomposition(seams: &Seams) -> Option<Decomposition> {
    let m = &seams.decomposition;
    if m.services == 0 {
        return None;
    }
    let largest = m.sizes.last().copied().unwrap_or(0);
    Some(Decomposition {
        services: m.services as u32,
        modules: m.modules as u32,
        structural_modularity: round(m.structural_modularity),
        icp: round(m.icp),
        ifn: round(m.ifn),
        ned: round(m.ned),
        ned_bounds: [
            crate::analyze::decomposition::NED_BOUNDS.0 as u32,
            crate::analyze::decomposition::NED_BOUNDS.1 as u32,
        ],
        sizes: m.sizes.iter().map(|&s| s as u32).collect(),
        largest_share: round(largest as f64 / m.modules.max(1) as f64),
    })
}

/// Change coupling as edges: no line to point at, so `line` is 0 and the
/// text says how often the two files changed together.
pub fn co_change_edges(seams: &Seams) -> Vec<Edge> {
    let Some(history) = &seams.history else {
        return Vec::new();
    };
    history
        .coupling
        .iter()
        .map(|c| Edge {
            from: c.a.clone(),
            to: c.b.clone(),
            kind: "co_change".into(),
            file: c.a.clone(),
            line: 0,
            text: format!(
                "changed together in {} commits (degree {:.2})",
                c.shared, c.degree
            ),
            import_kind: String::new(),
            lazy: false,
            type_only: false,
            conditional: false,
            implicit: false,
            occurrences: c.shared,
        })
        .collect()
}

pub fn boundary_summary(seams: &Seams) -> Option<BoundarySummary> {
    let b = seams.boundaries.as_ref()?;
    Some(BoundarySummary {
        components: b.components.len() as u32,
        unassigned_modules: b.unassigned,
        agreement: round(b.agreement),
        violations: b.violations.len() as u32,
    })
}

pub fn components(seams: &Seams) -> Vec<Component> {
    let Some(b) = &seams.boundaries else {
        return Vec::new();
    };
    b.components
        .iter()
        .map(|c| Component {
            name: c.name.clone(),
            globs: c.globs.clone(),
            may_use: c.may_use.clone(),
            modules: c.modules.clone(),
            clusters: c
                .clusters
                .iter()
                .map(|(rank, n)| (format!("cluster-{rank}"), *n))
                .collect(),
            uncoupled: c.uncoupled,
            cohesion: round(c.cohesion),
            mixed_with: c.mixed_with.clone(),
            violations: c.violations,
        })
        .collect()
}

pub fn boundary_violations(seams: &Seams) -> Vec<BoundaryViolation> {
    let Some(b) = &seams.boundaries else {
        return Vec::new();
    };
    b.violations
        .iter()
        .map(|v| BoundaryViolation {
            from: v.from.clone(),
            to: v.to.clone(),
            from_component: v.from_component.clone(),
            to_component: v.to_component.clone(),
            kind: v.kind.clone(),
            file: v.file.clone(),
            line: v.line,
            text: v.text.clone(),
        })
        .collect()
}

/// Per file module its commits, authors and (with `--churn`) lines added
/// and removed in the window, when history was used (zeros for a file that
/// did not change).
pub fn with_history(mut modules: Vec<Module>, seams: &Seams) -> Vec<Module> {
    let Some(history) = &seams.history else {
        return modules;
    };
    for m in modules.iter_mut().filter(|m| m.kind == "module") {
        let h = history.files.get(&m.id);
        m.history = Some(ModuleHistory {
            commits: h.map_or(0, |h| h.commits),
            authors: h.map_or(0, |h| h.authors.len() as u32),
            lines_added: history.churn.then(|| h.map_or(0, |h| h.added)),
            lines_removed: history.churn.then(|| h.map_or(0, |h| h.removed)),
        });
    }
    modules
}
