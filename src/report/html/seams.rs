//! View model of the seams: the cluster map (an SVG laid out here, so the
//! template only prints coordinates), the migration plan, and hotspots.

use std::collections::BTreeMap;

use super::super::model::Report;

/// Items listed per cluster in the plan before "and N more".
const MAX_LISTED: usize = 12;

pub struct MapNode {
    pub id: String,
    pub x: String,
    pub y: String,
    pub r: String,
    pub label: String,
    pub title: String,
    pub label_y: String,
}

pub struct MapEdge {
    pub x1: String,
    pub y1: String,
    pub x2: String,
    pub y2: String,
    pub width: String,
    pub title: String,
}

pub struct PlanRow {
    pub id: String,
    pub rank: u32,
    pub name: String,
    pub modules: usize,
    pub cut_cost: String,
    pub api: Vec<String>,
    pub api_more: usize,
    pub routes: Vec<String>,
    pub routes_more: usize,
    pub shared: Vec<String>,
    pub members: Vec<String>,
    /// Attached, not clustered: tests, migrations, scripts and config.
    pub tests: Vec<String>,
    pub migrations: Vec<String>,
    pub scripts: Vec<String>,
}

/// A declared component next to the clusters found.
pub struct ComponentRow {
    pub name: String,
    pub globs: String,
    pub may_use: String,
    pub modules: usize,
    /// `cluster-3 ×4` per cluster holding its modules, most first.
    pub clusters: Vec<(String, String)>,
    pub cohesion: String,
    pub mixed_with: String,
    pub violations: u32,
}

pub struct ViolationRow {
    pub kind: String,
    pub from: String,
    pub to: String,
    pub components: String,
    pub evidence: String,
}

/// Boundary violations shown in the page (all are in report.json).
const MAX_VIOLATIONS: usize = 500;

pub struct HotspotRow {
    pub module: String,
    pub score: String,
    pub factors: String,
}

pub struct SeamsView {
    pub modularity: String,
    pub history_note: String,
    pub formula: String,
    pub size: u32,
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    pub plan: Vec<PlanRow>,
    pub hotspots: Vec<HotspotRow>,
    pub components: Vec<ComponentRow>,
    pub boundary_note: String,
    pub violations: Vec<ViolationRow>,
    pub violations_more: usize,
}

fn listed(items: &[String]) -> (Vec<String>, usize) {
    let shown = items.iter().take(MAX_LISTED).cloned().collect();
    (shown, items.len().saturating_sub(MAX_LISTED))
}

pub fn view(report: &Report) -> SeamsView {
    let size = 640u32;
    let center = f64::from(size) / 2.0;
    let clusters = &report.clusters;
    let n = clusters.len().max(1) as f64;
    let ring = if clusters.len() <= 1 {
        0.0
    } else {
        center - 70.0
    };
    let largest = clusters.iter().map(|c| c.modules.len()).max().unwrap_or(1) as f64;
    let mut cluster_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut positions = Vec::new();
    let mut nodes = Vec::new();
    for (i, c) in clusters.iter().enumerate() {
        for m in &c.modules {
            cluster_of.insert(m, i);
        }
        // Extraction order runs clockwise from the top.
        let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n;
        let (x, y) = (center + ring * angle.cos(), center + ring * angle.sin());
        let r = 8.0 + 32.0 * (c.modules.len() as f64 / largest).sqrt();
        positions.push((x, y));
        nodes.push(MapNode {
            id: c.id.clone(),
            x: format!("{x:.1}"),
            y: format!("{y:.1}"),
            r: format!("{r:.1}"),
            label: format!("{}. {}", c.extraction_rank, short(&c.name)),
            title: format!(
                "#{} {} — {} modules, cut cost {}",
                c.extraction_rank,
                c.name,
                c.modules.len(),
                c.cut_cost
            ),
            label_y: format!("{:.1}", y + r + 12.0),
        });
    }
    let mut between: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    for e in &report.edges {
        if let (Some(&a), Some(&b)) = (
            cluster_of.get(e.from.as_str()),
            cluster_of.get(e.to.as_str()),
        ) && a != b
        {
            *between.entry((a.min(b), a.max(b))).or_default() += 1;
        }
    }
    let heaviest = between.values().copied().max().unwrap_or(1) as f64;
    let edges = between
        .iter()
        .map(|(&(a, b), &count)| MapEdge {
            x1: format!("{:.1}", positions[a].0),
            y1: format!("{:.1}", positions[a].1),
            x2: format!("{:.1}", positions[b].0),
            y2: format!("{:.1}", positions[b].1),
            width: format!("{:.1}", 1.0 + 7.0 * f64::from(count) / heaviest),
            title: format!(
                "{} ↔ {}: {count} edge(s)",
                clusters[a].name, clusters[b].name
            ),
        })
        .collect();
    let plan = clusters
        .iter()
        .map(|c| {
            let (api, api_more) = listed(&c.api);
            let routes: Vec<String> = c
                .routes
                .iter()
                .map(|r| match c.route_callers.get(r) {
                    Some(from) if from.len() > 2 => {
                        format!("{r} ← {}, {} and {} more", from[0], from[1], from.len() - 2)
                    }
                    Some(from) => format!("{r} ← {}", from.join(", ")),
                    None => r.clone(),
                })
                .collect();
            let (routes, routes_more) = listed(&routes);
            let shared: Vec<String> = c.globals.iter().chain(&c.tables).cloned().collect();
            PlanRow {
                id: c.id.clone(),
                rank: c.extraction_rank,
                name: c.name.clone(),
                modules: c.modules.len(),
                cut_cost: format!("{}", c.cut_cost),
                api,
                api_more,
                routes,
                routes_more,
                shared,
                members: c.modules.clone(),
                tests: c.tests.clone(),
                migrations: c.migrations.clone(),
                scripts: c.scripts.clone(),
            }
        })
        .collect();
    let hotspots = report
        .hotspots
        .iter()
        .map(|h| HotspotRow {
            module: h.module.clone(),
            score: format!("{:.3}", h.score),
            factors: h
                .factors
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(" · "),
        })
        .collect();
    let components = report
        .components
        .iter()
        .map(|c| {
            let mut clusters: Vec<(&String, &u32)> = c.clusters.iter().collect();
            clusters.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            ComponentRow {
                name: c.name.clone(),
                globs: c.globs.join(", "),
                may_use: c.may_use.join(", "),
                modules: c.modules.len(),
                clusters: clusters
                    .into_iter()
                    .map(|(id, n)| {
                        let label = report
                            .clusters
                            .iter()
                            .find(|k| &k.id == id)
                            .map_or(id.clone(), |k| format!("{}. {}", k.extraction_rank, k.name));
                        (id.clone(), format!("{label} ×{n}"))
                    })
                    .chain(
                        (c.uncoupled > 0)
                            .then(|| (String::new(), format!("uncoupled ×{}", c.uncoupled))),
                    )
                    .collect(),
                cohesion: if c.modules.len() as u32 > c.uncoupled {
                    format!("{:.0}%", c.cohesion * 100.0)
                } else {
                    "—".to_string()
                },
                mixed_with: c
                    .mixed_with
                    .iter()
                    .map(|(name, n)| format!("{name} ×{n}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                violations: c.violations,
            }
        })
        .collect();
    let violations = report
        .boundary_violations
        .iter()
        .take(MAX_VIOLATIONS)
        .map(|v| ViolationRow {
            kind: v.kind.clone(),
            from: v.from.clone(),
            to: v.to.clone(),
            components: format!("{} → {}", v.from_component, v.to_component),
            evidence: if v.line > 0 {
                format!("{}:{} {}", v.file, v.line, v.text)
            } else {
                v.text.clone()
            },
        })
        .collect();
    let boundary_note = report.summary.boundaries.as_ref().map_or_else(String::new, |b| {
        format!(
            "{} declared components; {} modules belong to none. Agreement with the clusters found \
             (normalised mutual information over the declared modules): {:.2}. {} edges cross a \
             declared border the declaration does not allow.",
            b.components, b.unassigned_modules, b.agreement, b.violations
        )
    });
    SeamsView {
        components,
        boundary_note,
        violations,
        violations_more: report
            .boundary_violations
            .len()
            .saturating_sub(MAX_VIOLATIONS),
        modularity: report
            .summary
            .modularity
            .map_or("—".into(), |q| format!("{q:.3}")),
        history_note: report.summary.history.note.clone(),
        formula: report.summary.hotspot_formula.clone(),
        size,
        nodes,
        edges,
        plan,
        hotspots,
    }
}

/// The last two path segments: enough to tell clusters apart on the map.
fn short(name: &str) -> String {
    let parts: Vec<&str> = name.split('/').collect();
    if parts.len() <= 2 {
        name.to_string()
    } else {
        format!("…/{}", parts[parts.len() - 2..].join("/"))
    }
}
