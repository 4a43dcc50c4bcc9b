//! View model of the seams: the cluster map (an SVG laid out here, so the
//! template only prints coordinates), the migration plan, and hotspots.

use std::collections::BTreeMap;

use super::super::model::Report;

pub struct MapNode {
    pub id: String,
    pub x: String,
    pub y: String,
    pub r: String,
    pub label: String,
    pub title: String,
    pub label_x: String,
    pub label_y: String,
    /// `start`, `middle` or `end`: labels run away from the ring.
    pub anchor: &'static str,
}

/// One step of the migration plan, as a sentence an architect reads out.
pub struct StepRow {
    pub id: String,
    pub rank: u32,
    pub name: String,
    pub what: String,
}

pub struct MapEdge {
    /// A frontend calling routes, not code coupling.
    pub http: bool,
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
    /// Share of its coupling crossing its border (`12%`): the order's
    /// criterion.
    pub entanglement: String,
    /// Whether it serves routes or uses tables (ranked before the rest).
    pub serves: bool,
    /// Lines in its modules, and their share of all lines audited.
    pub lines: String,
    pub lines_share: String,
    pub api: Vec<String>,
    /// `route ← callers` for each route, all of them.
    pub routes: Vec<String>,
    /// Frontend modules calling its routes.
    pub callers: usize,
    pub globals: Vec<String>,
    pub tables: Vec<String>,
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
    /// The map's viewBox: labels laid out outside the ring widen it.
    pub view_box: String,
    /// Services that serve routes or use tables, in extraction order.
    pub steps: Vec<StepRow>,
    /// Services that are no step (frontend groups, helpers): their names.
    pub not_steps: Vec<(String, String)>,
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

/// Per cluster id, the tables its modules read or write.
fn tables_touched<'a>(
    report: &'a Report,
    cluster_of: &BTreeMap<&str, usize>,
) -> BTreeMap<&'a str, std::collections::BTreeSet<&'a str>> {
    let mut touched: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for t in &report.tables {
        for m in t.writers.iter().chain(&t.readers) {
            if let Some(&c) = cluster_of.get(m.as_str()) {
                touched
                    .entry(report.clusters[c].id.as_str())
                    .or_default()
                    .insert(t.id.as_str());
            }
        }
    }
    touched
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
    let mut labels = Labels::default();
    for (i, c) in clusters.iter().enumerate() {
        for m in &c.modules {
            cluster_of.insert(m, i);
        }
        // Extraction order runs clockwise from the top.
        let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n;
        let (x, y) = (center + ring * angle.cos(), center + ring * angle.sin());
        let r = 8.0 + 32.0 * (c.modules.len() as f64 / largest).sqrt();
        positions.push((x, y));
        let label = format!("{}. {}", c.extraction_rank, short(&c.name));
        let (lx, ly, anchor) = labels.place(&label, (x, y), r, angle, clusters.len() <= 1);
        nodes.push(MapNode {
            id: c.id.clone(),
            x: format!("{x:.1}"),
            y: format!("{y:.1}"),
            r: format!("{r:.1}"),
            label,
            title: format!(
                "#{} {} — {} modules, {} routes, {} shared tables, entanglement {}, cut cost {}, kernel share {}",
                c.extraction_rank,
                c.name,
                count(c.modules.len() as u64),
                count(c.routes.len() as u64),
                count(c.tables.len() as u64),
                percent(c.entanglement),
                figure(c.cut_cost),
                percent(c.kernel_share)
            ),
            label_x: format!("{lx:.1}"),
            label_y: format!("{ly:.1}"),
            anchor,
        });
        labels.extend_bounds(x - r, y - r, x + r, y + r);
    }
    // Code coupling between two services (imports, shared state, change
    // coupling), by kind; HTTP calls (a frontend module calling a route
    // another service serves) are drawn apart: they are the API already.
    let mut between: BTreeMap<(usize, usize), BTreeMap<&str, u32>> = BTreeMap::new();
    for e in &report.edges {
        if let (Some(&a), Some(&b)) = (
            cluster_of.get(e.from.as_str()),
            cluster_of.get(e.to.as_str()),
        ) && a != b
        {
            *between
                .entry((a.min(b), a.max(b)))
                .or_default()
                .entry(e.kind.as_str())
                .or_default() += 1;
        }
    }
    let mut http: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    for (b, c) in clusters.iter().enumerate() {
        for callers in c.route_callers.values() {
            for caller in callers {
                if let Some(&a) = cluster_of.get(caller.as_str())
                    && a != b
                {
                    *http.entry((a, b)).or_default() += 1;
                }
            }
        }
    }
    let heaviest = between
        .values()
        .map(|k| k.values().sum::<u32>())
        .chain(http.values().copied())
        .max()
        .unwrap_or(1) as f64;
    let line = |a: usize, b: usize, n: u32, title: String, http: bool| {
        let ((x1, y1), (x2, y2)) = (positions[a], positions[b]);
        // HTTP lines run beside the code line of the same pair, not on it.
        let (dx, dy) = (x2 - x1, y2 - y1);
        let length = (dx * dx + dy * dy).sqrt().max(1.0);
        let shift = if http { 7.0 } else { 0.0 };
        let (ox, oy) = (-dy / length * shift, dx / length * shift);
        MapEdge {
            x1: format!("{:.1}", x1 + ox),
            y1: format!("{:.1}", y1 + oy),
            x2: format!("{:.1}", x2 + ox),
            y2: format!("{:.1}", y2 + oy),
            width: format!("{:.1}", 1.0 + 7.0 * f64::from(n) / heaviest),
            title,
            http,
        }
    };
    let mut edges: Vec<MapEdge> = between
        .iter()
        .map(|(&(a, b), kinds)| {
            let n: u32 = kinds.values().sum();
            let parts: Vec<String> = kinds
                .iter()
                .map(|(kind, k)| format!("{} {}", count(u64::from(*k)), kind.replace('_', " ")))
                .collect();
            let title = format!(
                "{} ↔ {}: {}",
                clusters[a].name,
                clusters[b].name,
                parts.join(", ")
            );
            line(a, b, n, title, false)
        })
        .collect();
    edges.extend(http.iter().map(|(&(a, b), &n)| {
        let title = format!(
            "{} → {}: {} call(s) from frontend modules to its routes",
            clusters[a].name,
            clusters[b].name,
            count(u64::from(n))
        );
        line(a, b, n, title, true)
    }));
    let lines_of: BTreeMap<&str, u32> = report
        .modules
        .iter()
        .map(|m| (m.id.as_str(), m.lines))
        .collect();
    let all_lines = report.summary.lines.max(1);
    let touched = tables_touched(report, &cluster_of);
    let plan = clusters
        .iter()
        .map(|c| {
            let routes: Vec<String> = c
                .routes
                .iter()
                .map(|r| match c.route_callers.get(r) {
                    Some(from) => format!("{r} ← {}", from.join(", ")),
                    None => r.clone(),
                })
                .collect();
            let callers: std::collections::BTreeSet<&String> =
                c.route_callers.values().flatten().collect();
            let lines: u64 = c
                .modules
                .iter()
                .map(|m| u64::from(lines_of.get(m.as_str()).copied().unwrap_or(0)))
                .sum();
            PlanRow {
                id: c.id.clone(),
                rank: c.extraction_rank,
                name: c.name.clone(),
                modules: c.modules.len(),
                cut_cost: figure(c.cut_cost),
                entanglement: percent(c.entanglement),
                serves: !c.routes.is_empty() || touched.contains_key(c.id.as_str()),
                lines: count(lines),
                lines_share: format!("{:.1}%", 100.0 * lines as f64 / all_lines as f64),
                kernel_share: percent(c.kernel_share),
                api: c.api.clone(),
                routes,
                callers: callers.len(),
                globals: c.globals.clone(),
                tables: c.tables.clone(),
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
    let (steps, not_steps) = steps(report, &touched);
    SeamsView {
        view_box: labels.view_box(size),
        steps,
        not_steps,
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
/// Label boxes placed so far on the map, and the bounds of everything drawn.
#[derive(Default)]
struct Labels {
    boxes: Vec<[f64; 4]>,
    bounds: Option<[f64; 4]>,
}

/// Approximate advance of one label character at the map's font size.
const CHAR_WIDTH: f64 = 6.8;
const LINE_HEIGHT: f64 = 14.0;

impl Labels {
    /// Where a node's label goes: beyond the node, away from the ring's
    /// centre (text to the right on the right half, to the left on the
    /// left half), pushed further out until it overlaps no label placed
    /// before. Returns the text's anchor point and `text-anchor`.
    fn place(
        &mut self,
        label: &str,
        (x, y): (f64, f64),
        r: f64,
        angle: f64,
        alone: bool,
    ) -> (f64, f64, &'static str) {
        let (cos, sin) = if alone {
            (0.0, 1.0)
        } else {
            (angle.cos(), angle.sin())
        };
        let anchor = if cos > 0.35 {
            "start"
        } else if cos < -0.35 {
            "end"
        } else {
            "middle"
        };
        let width = label.chars().count() as f64 * CHAR_WIDTH;
        let mut out = r + 6.0;
        loop {
            let (ax, ay) = (x + out * cos, y + out * sin);
            // The text's baseline sits below a label under the node and
            // above one over it.
            let baseline = ay + if sin > 0.35 { LINE_HEIGHT - 3.0 } else { 4.0 };
            let left = match anchor {
                "start" => ax,
                "end" => ax - width,
                _ => ax - width / 2.0,
            };
            let b = [
                left,
                baseline - LINE_HEIGHT + 3.0,
                left + width,
                baseline + 3.0,
            ];
            let clear = self
                .boxes
                .iter()
                .all(|o| b[2] <= o[0] || o[2] <= b[0] || b[3] <= o[1] || o[3] <= b[1]);
            if clear || out > r + 6.0 + 12.0 * LINE_HEIGHT {
                self.boxes.push(b);
                self.extend_bounds(b[0], b[1], b[2], b[3]);
                return (ax, baseline, anchor);
            }
            out += LINE_HEIGHT;
        }
    }

    fn extend_bounds(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) {
        self.bounds = Some(match self.bounds {
            None => [x0, y0, x1, y1],
            Some(b) => [b[0].min(x0), b[1].min(y0), b[2].max(x1), b[3].max(y1)],
        });
    }

    /// A viewBox holding every node and label with a margin.
    fn view_box(&self, size: u32) -> String {
        let [x0, y0, x1, y1] = self
            .bounds
            .unwrap_or([0.0, 0.0, f64::from(size), f64::from(size)]);
        let m = 8.0;
        format!(
            "{:.0} {:.0} {:.0} {:.0}",
            x0 - m,
            y0 - m,
            x1 - x0 + 2.0 * m,
            y1 - y0 + 2.0 * m
        )
    }
}

/// The plan as steps: each service that serves routes or uses tables, in
/// extraction order, said in one sentence.
fn steps(
    report: &Report,
    touched: &BTreeMap<&str, std::collections::BTreeSet<&str>>,
) -> (Vec<StepRow>, Vec<(String, String)>) {
    let mut steps = Vec::new();
    let mut rest = Vec::new();
    let name_of: BTreeMap<&str, String> = report
        .clusters
        .iter()
        .map(|c| (c.id.as_str(), format!("{}. {}", c.extraction_rank, c.name)))
        .collect();
    for c in &report.clusters {
        let uses = touched.get(c.id.as_str()).map_or(0, |t| t.len());
        let callers: std::collections::BTreeSet<&str> = c
            .route_callers
            .values()
            .flatten()
            .map(String::as_str)
            .collect();
        if c.routes.is_empty() && uses == 0 {
            rest.push((c.id.clone(), format!("{}. {}", c.extraction_rank, c.name)));
            continue;
        }
        let mut what = vec![format!("{} modules", count(c.modules.len() as u64))];
        if !c.routes.is_empty() {
            what.push(format!(
                "serves {} route(s){}",
                count(c.routes.len() as u64),
                match callers.len() {
                    0 => ", none called from the frontend".to_string(),
                    n => format!(
                        " called from {} frontend or page module(s)",
                        count(n as u64)
                    ),
                }
            ));
        }
        if uses > 0 {
            what.push(format!(
                "uses {} table(s), {} of them shared with other services",
                count(uses as u64),
                count(c.tables.len().min(uses) as u64)
            ));
        }
        let mut together: Vec<(&String, &f64)> = c.change_coupling.iter().collect();
        together.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
        if !together.is_empty() {
            let named: Vec<String> = together
                .iter()
                .take(2)
                .map(|(id, w)| {
                    let name = name_of
                        .get(id.as_str())
                        .cloned()
                        .unwrap_or_else(|| (*id).clone());
                    format!("{name} ({})", figure(**w))
                })
                .collect();
            what.push(format!("changes together with {}", named.join(", ")));
        }
        if !c.globals.is_empty() {
            what.push(format!(
                "shares {} global(s) with other services",
                count(c.globals.len() as u64)
            ));
        }
        if !c.api.is_empty() {
            what.push(format!(
                "{} name(s) other services import become its API",
                count(c.api.len() as u64)
            ));
        }
        if !c.tests.is_empty() {
            what.push(format!(
                "{} test file(s) move with it",
                count(c.tests.len() as u64)
            ));
        }
        what.push(format!(
            "cut cost {}, {} of its coupling to the kernel",
            figure(c.cut_cost),
            percent(c.kernel_share)
        ));
        steps.push(StepRow {
            id: c.id.clone(),
            rank: c.extraction_rank,
            name: c.name.clone(),
            what: what.join("; "),
        });
    }
    (steps, rest)
}

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
    fn map_labels_never_overlap() {
        // Twenty long labels on a ring of radius 250: as many services as
        // a large monolith gives, each label far wider than the gap.
        let mut labels = super::Labels::default();
        let n = 20;
        for i in 0..n {
            let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
            let (x, y) = (320.0 + 250.0 * angle.cos(), 320.0 + 250.0 * angle.sin());
            let label = format!("{}. zerver: lib, views, … around zerver/x{i}.py", i + 1);
            labels.place(&label, (x, y), 20.0, angle, false);
        }
        for (i, a) in labels.boxes.iter().enumerate() {
            for b in &labels.boxes[i + 1..] {
                assert!(
                    a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1],
                    "{a:?} overlaps {b:?}"
                );
            }
        }
    }

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
