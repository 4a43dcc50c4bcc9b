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
    /// Share of its coupling that goes to the kernel (`22%`).
    pub kernel_share: String,
}

/// One decomposition measure: name, value, what it says.
pub struct MeasureRow {
    pub name: &'static str,
    pub value: String,
    pub meaning: &'static str,
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
    pub measures: Vec<MeasureRow>,
    /// Kernel modules with how many source modules import each.
    pub kernel: Vec<(String, String)>,
    pub kernel_note: String,
}

/// `12,345` for a count.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A measured figure rounded to what a reader compares: `1,112` for
/// `1111.88`, `3.4` for `3.42`, `0.42` for `0.4213`.
pub fn figure(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let a = x.abs();
    let sign = if x < 0.0 { "-" } else { "" };
    if a >= 100.0 {
        format!("{sign}{}", count(a.round() as u64))
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
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
                cut_cost: figure(c.cut_cost),
                kernel_share: percent(c.kernel_share),
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
    let measures = report
        .summary
        .decomposition
        .as_ref()
        .map(|d| {
            vec![
                MeasureRow {
                    name: "Structural modularity",
                    value: figure(d.structural_modularity),
                    meaning: "how much denser imports are inside services than between them \
                              (higher is better, at most 1)",
                },
                MeasureRow {
                    name: "Inter-partition call percentage (ICP)",
                    value: percent(d.icp),
                    meaning: "imports between services that cross a border: calls that \
                              become network calls (lower is better)",
                },
                MeasureRow {
                    name: "Interface number (IFN)",
                    value: figure(d.ifn),
                    meaning: "modules per service that other services import: the API \
                              each would need (lower is better)",
                },
                MeasureRow {
                    name: "Non-extreme distribution (NED)",
                    value: percent(d.ned),
                    meaning: "modules in services smaller or larger than the literature's \
                              5–20 (lower is better; file-level monoliths score high)",
                },
                MeasureRow {
                    name: "Largest service",
                    value: percent(d.largest_share),
                    meaning: "of the modules in services; one service holding most of the \
                              code is no decomposition",
                },
            ]
        })
        .unwrap_or_default();
    let kernel = report
        .kernel
        .modules
        .iter()
        .map(|m| (m.id.clone(), count(u64::from(m.users))))
        .collect();
    let kernel_note = if report.kernel.modules.is_empty() {
        format!(
            "No module is imported by {} or more source modules: there is no shared kernel.",
            count(u64::from(report.kernel.min_users.max(1)))
        )
    } else {
        format!(
            "{} modules are each imported by at least {} source modules (5% of them); {} source \
             modules use them. They are a shared kernel, kept out of the services (a library or \
             platform layer each service depends on); the plan gives each service's share of \
             coupling to it.",
            count(report.kernel.modules.len() as u64),
            count(u64::from(report.kernel.min_users)),
            count(u64::from(report.kernel.users)),
        )
    };
    SeamsView {
        measures,
        kernel,
        kernel_note,
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

#[cfg(test)]
mod tests {
    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(super::count(519_518), "519,518");
        assert_eq!(super::count(999), "999");
        assert_eq!(super::count(1_000), "1,000");
        assert_eq!(super::figure(1111.8832), "1,112");
        assert_eq!(super::figure(42.25), "42.2");
        assert_eq!(super::figure(0.4213), "0.42");
        assert_eq!(super::figure(-0.05), "-0.05");
    }
}
