//! `seam diff OLD.json NEW.json`: what changed in the coupling between two
//! reports, for pull-request comments. Cycles are matched by their module
//! sets (ids are positional), cross-component edges by (from, to) with the
//! components of the new report, coupling per module by fan-in + fan-out.
//! Takes two reports, gives a [`Diff`]; `worse` says whether CI should fail.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde::Serialize;

use crate::report::Report;

/// How far a module's coupling may move before the diff mentions it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Change of fan-in + fan-out (first-party imports), in edges.
    pub coupling: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { coupling: 3 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CycleChange {
    /// `new`, `grown`, `shrunk` or `removed`.
    pub change: String,
    pub size: u32,
    /// Size in the old report (0 for a new cycle).
    pub old_size: u32,
    /// The modules (sorted) of the cycle in the report where it exists now
    /// (the old one for a removed cycle).
    pub modules: Vec<String>,
    /// One shortest cycle path, first module repeated last.
    pub path: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossEdge {
    /// `added` or `removed`.
    pub change: String,
    pub from: String,
    pub to: String,
    pub from_component: String,
    pub to_component: String,
    /// Not allowed by the components' `may_use` (a boundary violation).
    pub violation: bool,
    pub file: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CouplingChange {
    pub module: String,
    pub old_fan_in: u32,
    pub old_fan_out: u32,
    pub fan_in: u32,
    pub fan_out: u32,
    pub old_instability: f64,
    pub instability: f64,
    /// (fan_in + fan_out) new minus old; a module absent on one side counts 0.
    pub delta: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    pub modules: i64,
    pub internal_edges: i64,
    pub cycles: i64,
    pub largest_cycle: i64,
    pub boundary_violations: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// Whether coupling got worse: a new or grown cycle, a new edge that
    /// breaks a component boundary, or a module whose coupling grew by the
    /// threshold or more.
    pub worse: bool,
    pub reasons: Vec<String>,
    /// New minus old.
    pub totals: Totals,
    pub cycles: Vec<CycleChange>,
    pub cross_component_edges: Vec<CrossEdge>,
    pub coupling: Vec<CouplingChange>,
    pub threshold: u32,
}

pub fn diff(old: &Report, new: &Report, thresholds: Thresholds) -> Diff {
    let cycles = cycle_changes(old, new);
    let cross = cross_edges(old, new);
    let coupling = coupling_changes(old, new, thresholds);
    let mut reasons = Vec::new();
    let grew = |c: &&CycleChange| c.change == "new" || c.change == "grown";
    let count = cycles.iter().filter(grew).count();
    if count > 0 {
        reasons.push(format!("{count} new or grown import cycle(s)"));
    }
    let count = cross
        .iter()
        .filter(|e| e.change == "added" && e.violation)
        .count();
    if count > 0 {
        reasons.push(format!("{count} new import(s) across a component boundary"));
    }
    let count = coupling.iter().filter(|c| c.delta > 0).count();
    if count > 0 {
        reasons.push(format!(
            "{count} module(s) with coupling up by {} or more",
            thresholds.coupling
        ));
    }
    let delta = |a: u32, b: u32| i64::from(b) - i64::from(a);
    Diff {
        worse: !reasons.is_empty(),
        reasons,
        totals: Totals {
            modules: delta(old.summary.modules, new.summary.modules),
            internal_edges: delta(old.summary.internal_edges, new.summary.internal_edges),
            cycles: delta(old.summary.cycles, new.summary.cycles),
            largest_cycle: delta(old.summary.largest_cycle, new.summary.largest_cycle),
            boundary_violations: i64::try_from(new.boundary_violations.len()).unwrap_or(0)
                - i64::try_from(old.boundary_violations.len()).unwrap_or(0),
        },
        cycles,
        cross_component_edges: cross,
        coupling,
        threshold: thresholds.coupling,
    }
}

fn cycle_changes(old: &Report, new: &Report) -> Vec<CycleChange> {
    let sets = |r: &Report| -> Vec<BTreeSet<String>> {
        r.cycles
            .iter()
            .map(|c| c.modules.iter().cloned().collect())
            .collect()
    };
    let (old_sets, new_sets) = (sets(old), sets(new));
    let mut out = Vec::new();
    for (c, set) in new.cycles.iter().zip(&new_sets) {
        if old_sets.contains(set) {
            continue;
        }
        // Cycles are strongly connected components: an old one overlapping
        // this one is contained in it (grown) or contains it (shrunk).
        let overlapping = old_sets.iter().find(|o| !o.is_disjoint(set));
        let (change, old_size) = match overlapping {
            Some(o) if o.is_subset(set) => ("grown", o.len()),
            Some(o) if set.is_subset(o) => ("shrunk", o.len()),
            // Modules left and others joined: worse when it is larger.
            Some(o) if set.len() > o.len() => ("grown", o.len()),
            Some(o) => ("changed", o.len()),
            None => ("new", 0),
        };
        out.push(CycleChange {
            change: change.into(),
            size: c.size,
            old_size: old_size as u32,
            modules: c.modules.clone(),
            path: c.path.clone(),
        });
    }
    for (c, set) in old.cycles.iter().zip(&old_sets) {
        if !new_sets.iter().any(|n| !n.is_disjoint(set)) {
            out.push(CycleChange {
                change: "removed".into(),
                size: 0,
                old_size: c.size,
                modules: c.modules.clone(),
                path: c.path.clone(),
            });
        }
    }
    out.sort_by(|a, b| {
        (
            &a.change,
            std::cmp::Reverse(a.size.max(a.old_size)),
            &a.modules,
        )
            .cmp(&(
                &b.change,
                std::cmp::Reverse(b.size.max(b.old_size)),
                &b.modules,
            ))
    });
    out
}

/// Import edges between modules of different declared components (by the
/// new report's `components[].modules`, else the old one's).
fn cross_edges(old: &Report, new: &Report) -> Vec<CrossEdge> {
    let declared = if new.components.is_empty() { old } else { new };
    let owner: BTreeMap<&str, &str> = declared
        .components
        .iter()
        .flat_map(|c| c.modules.iter().map(move |m| (m.as_str(), c.name.as_str())))
        .collect();
    let may_use: BTreeMap<&str, BTreeSet<&str>> = declared
        .components
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.may_use.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let crossing = |r: &'_ Report| -> BTreeMap<(String, String), (String, String, String, u32)> {
        r.edges
            .iter()
            .filter(|e| e.kind == "import")
            .filter_map(|e| {
                let (a, b) = (owner.get(e.from.as_str())?, owner.get(e.to.as_str())?);
                (a != b).then(|| {
                    (
                        (e.from.clone(), e.to.clone()),
                        (a.to_string(), b.to_string(), e.file.clone(), e.line),
                    )
                })
            })
            .collect()
    };
    let (before, after) = (crossing(old), crossing(new));
    let mut out = Vec::new();
    let mut push =
        |change: &str, (from, to): &(String, String), v: &(String, String, String, u32)| {
            let allowed = may_use
                .get(v.0.as_str())
                .is_some_and(|u| u.contains(v.1.as_str()));
            out.push(CrossEdge {
                change: change.into(),
                from: from.clone(),
                to: to.clone(),
                from_component: v.0.clone(),
                to_component: v.1.clone(),
                violation: !allowed,
                file: v.2.clone(),
                line: v.3,
            });
        };
    for (k, v) in &after {
        if !before.contains_key(k) {
            push("added", k, v);
        }
    }
    for (k, v) in &before {
        if !after.contains_key(k) {
            push("removed", k, v);
        }
    }
    out
}

fn coupling_changes(old: &Report, new: &Report, t: Thresholds) -> Vec<CouplingChange> {
    let modules = |r: &Report| -> BTreeMap<String, (u32, u32, f64)> {
        r.modules
            .iter()
            .filter(|m| m.kind == "module")
            .map(|m| (m.id.clone(), (m.fan_in, m.fan_out, m.instability)))
            .collect()
    };
    let (before, after) = (modules(old), modules(new));
    let ids: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut out: Vec<CouplingChange> = ids
        .into_iter()
        .filter_map(|id| {
            let (oi, oo, os) = before.get(id).copied().unwrap_or((0, 0, 0.0));
            let (ni, no, ns) = after.get(id).copied().unwrap_or((0, 0, 0.0));
            let delta = i64::from(ni + no) - i64::from(oi + oo);
            (delta.unsigned_abs() >= u64::from(t.coupling.max(1))).then(|| CouplingChange {
                module: id.clone(),
                old_fan_in: oi,
                old_fan_out: oo,
                fan_in: ni,
                fan_out: no,
                old_instability: os,
                instability: ns,
                delta,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (std::cmp::Reverse(a.delta), &a.module).cmp(&(std::cmp::Reverse(b.delta), &b.module))
    });
    out
}

/// Text for a terminal (`markdown: false`) or a pull-request comment.
pub fn render(d: &Diff, markdown: bool) -> String {
    let mut out = String::new();
    let (h, bullet) = if markdown { ("### ", "- ") } else { ("", "  ") };
    let verdict = if d.worse {
        format!("coupling got worse: {}", d.reasons.join("; "))
    } else {
        "coupling did not get worse".to_string()
    };
    let _ = writeln!(out, "{h}seam diff: {verdict}");
    let t = &d.totals;
    let _ = writeln!(
        out,
        "{}modules {:+}, internal imports {:+}, cycles {:+}, largest cycle {:+}, boundary violations {:+}",
        if markdown { "\n" } else { "" },
        t.modules,
        t.internal_edges,
        t.cycles,
        t.largest_cycle,
        t.boundary_violations
    );
    let code = |s: &str| {
        if markdown {
            format!("`{s}`")
        } else {
            s.to_string()
        }
    };
    if !d.cycles.is_empty() {
        let _ = writeln!(out, "\n{h}Cycles");
        for c in &d.cycles {
            let size = match c.change.as_str() {
                "new" => format!("{} modules", c.size),
                "removed" => format!("{} modules", c.old_size),
                _ => format!("{} → {} modules", c.old_size, c.size),
            };
            let path: Vec<String> = c.path.iter().take(6).map(|m| code(m)).collect();
            let more = if c.path.len() > 6 { " → …" } else { "" };
            let _ = writeln!(
                out,
                "{bullet}{} cycle, {size}: {}{more}",
                c.change,
                path.join(" → ")
            );
        }
    }
    if !d.cross_component_edges.is_empty() {
        let _ = writeln!(out, "\n{h}Imports across components");
        for e in &d.cross_component_edges {
            let flag = if e.violation { " (not allowed)" } else { "" };
            let _ = writeln!(
                out,
                "{bullet}{} {} → {} ({} → {}){flag} at {}:{}",
                e.change,
                code(&e.from),
                code(&e.to),
                e.from_component,
                e.to_component,
                e.file,
                e.line
            );
        }
    }
    if !d.coupling.is_empty() {
        let _ = writeln!(out, "\n{h}Coupling changes of {} or more", d.threshold);
        for c in &d.coupling {
            let _ = writeln!(
                out,
                "{bullet}{} {:+}: fan-in {} → {}, fan-out {} → {}, instability {:.2} → {:.2}",
                code(&c.module),
                c.delta,
                c.old_fan_in,
                c.fan_in,
                c.old_fan_out,
                c.fan_out,
                c.old_instability,
                c.instability
            );
        }
    }
    out
}
