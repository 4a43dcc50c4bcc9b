//! Hotspots: modules where change, complexity and coupling meet — the places
//! a migration will hurt most.
//!
//! score = change × complexity × (1 + coupling) / 2, each factor normalised
//! to 0..1 by the largest value in the tree: change is the number of commits
//! (1 for every module when history is not used), complexity is the file's
//! branch-point count, coupling is fan-in + fan-out + change-coupled partners.

use std::collections::BTreeMap;

use super::ModuleMetrics;
use crate::extract::FileFacts;
use crate::history::History;

/// How many hotspots the report lists.
pub const MAX_HOTSPOTS: usize = 50;

pub const FORMULA: &str = "score = change × complexity × (1 + coupling) / 2, each factor divided by \
its largest value in the tree; change = commits in the history window (1 for all when history is \
not used), complexity = 1 + branch points, coupling = fan-in + fan-out + change-coupled modules";

#[derive(Debug, Clone, PartialEq)]
pub struct Hotspot {
    pub module: String,
    pub score: f64,
    pub factors: BTreeMap<String, f64>,
}

pub fn hotspots(
    facts: &[FileFacts],
    metrics: &BTreeMap<String, ModuleMetrics>,
    history: Option<&History>,
) -> Vec<Hotspot> {
    let mut partners: BTreeMap<&str, u32> = BTreeMap::new();
    if let Some(h) = history {
        for c in &h.coupling {
            *partners.entry(&c.a).or_default() += 1;
            *partners.entry(&c.b).or_default() += 1;
        }
    }
    struct Raw<'a> {
        module: &'a str,
        change: f64,
        complexity: f64,
        coupling: f64,
        factors: BTreeMap<String, f64>,
    }
    let raw: Vec<Raw> = facts
        .iter()
        .filter(|f| f.lines > 0)
        .map(|f| {
            let m = metrics.get(&f.path).cloned().unwrap_or_default();
            let file_history = history.and_then(|h| h.files.get(&f.path));
            let commits = file_history.map_or(0, |fh| fh.commits);
            let co = partners.get(f.path.as_str()).copied().unwrap_or(0);
            let mut factors = BTreeMap::new();
            factors.insert("lines".into(), f64::from(f.lines));
            factors.insert("complexity".into(), f64::from(f.complexity));
            factors.insert("fan_in".into(), f64::from(m.fan_in));
            factors.insert("fan_out".into(), f64::from(m.fan_out));
            if history.is_some() {
                factors.insert("commits".into(), f64::from(commits));
                factors.insert(
                    "authors".into(),
                    file_history.map_or(0.0, |fh| fh.authors.len() as f64),
                );
                factors.insert("co_changes".into(), f64::from(co));
            }
            Raw {
                module: &f.path,
                change: if history.is_some() {
                    f64::from(commits)
                } else {
                    1.0
                },
                complexity: f64::from(f.complexity.max(1)),
                coupling: f64::from(m.fan_in + m.fan_out + co),
                factors,
            }
        })
        .collect();
    let max = |get: fn(&Raw) -> f64| {
        raw.iter()
            .map(get)
            .fold(0.0, f64::max)
            .max(f64::MIN_POSITIVE)
    };
    let (max_change, max_complexity, max_coupling) = (
        max(|r| r.change),
        max(|r| r.complexity),
        max(|r| r.coupling),
    );
    let mut out: Vec<Hotspot> = raw
        .into_iter()
        .map(|r| {
            let score = (r.change / max_change)
                * (r.complexity / max_complexity)
                * (1.0 + r.coupling / max_coupling)
                / 2.0;
            Hotspot {
                module: r.module.to_string(),
                score,
                factors: r.factors,
            }
        })
        .filter(|h| h.score > 0.0)
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.module.cmp(&b.module)));
    out.truncate(MAX_HOTSPOTS);
    out
}
