//! `seam check`: the rules of `seam.toml` evaluated against a [`Report`],
//! and baselines that let a legacy monolith adopt them without a wall of red.
//!
//! Rules read only the JSON model, so a saved report can be checked as well
//! as a fresh audit. Every violation carries a stable key (rule, name and the
//! modules involved, never a line number) for baselines and SARIF
//! fingerprints.

pub mod format;

use std::collections::BTreeSet;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::config::ComponentDecl;
use crate::config_file::{Rules, SeamToml};
use crate::error::SetupError;
use crate::report::Report;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Violation {
    /// `forbidden`, `layers`, `independent`, `cycles`, `limits`,
    /// `requests_must_link`, `single_writer_globals`,
    /// `handlers_must_not_query_tables`.
    pub rule: String,
    /// The rule's `name` from the config, or a generated one.
    pub name: String,
    /// Where: root-relative file and 1-based line (0 when none applies).
    pub file: String,
    pub line: u32,
    pub message: String,
    /// Stable identity across runs: no line numbers.
    pub key: String,
}

fn globs(patterns: &[String], what: &str) -> Result<GlobSet, SetupError> {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        builder.add(Glob::new(p).map_err(|e| SetupError::Usage(format!("{what} `{p}`: {e}")))?);
    }
    builder
        .build()
        .map_err(|e| SetupError::Usage(format!("{what}: {e}")))
}

/// Import edges between first-party modules: (from, to, file, line, text).
fn imports(report: &Report) -> impl Iterator<Item = &crate::report::model::Edge> {
    report
        .edges
        .iter()
        .filter(|e| e.kind == "import" && !e.to.starts_with("ext:") && !e.implicit)
}

/// Evaluates every rule; violations sorted by file, line and rule.
pub fn evaluate(report: &Report, config: &SeamToml) -> Result<Vec<Violation>, SetupError> {
    let rules = &config.rules;
    let components = Components::new(&config.components)?;
    let mut out = Vec::new();
    forbidden(report, rules, &mut out)?;
    layers(report, rules, &mut out)?;
    independent(report, rules, &components, &mut out)?;
    cycles(report, rules, &mut out);
    limits(report, rules, &mut out)?;
    if rules.requests_must_link {
        requests(report, &mut out);
    }
    if rules.single_writer_globals {
        globals(report, &components, &mut out);
    }
    if rules.handlers_must_not_query_tables {
        handler_queries(report, &mut out);
    }
    out.sort();
    out.dedup_by(|a, b| a.key == b.key);
    Ok(out)
}

fn forbidden(report: &Report, rules: &Rules, out: &mut Vec<Violation>) -> Result<(), SetupError> {
    for (i, rule) in rules.forbidden.iter().enumerate() {
        let name = rule
            .name
            .clone()
            .unwrap_or_else(|| format!("forbidden #{}", i + 1));
        let (from, to, except) = (
            globs(&rule.from, "rules.forbidden.from")?,
            globs(&rule.to, "rules.forbidden.to")?,
            globs(&rule.except, "rules.forbidden.except")?,
        );
        for e in imports(report) {
            if from.is_match(&e.from) && to.is_match(&e.to) && !except.is_match(&e.from) {
                out.push(Violation {
                    rule: "forbidden".into(),
                    key: format!("forbidden:{name}:{}->{}", e.from, e.to),
                    name: name.clone(),
                    file: e.file.clone(),
                    line: e.line,
                    message: format!("{} imports {} (`{}`)", e.from, e.to, e.text),
                });
            }
        }
    }
    Ok(())
}

fn layers(report: &Report, rules: &Rules, out: &mut Vec<Violation>) -> Result<(), SetupError> {
    for (i, rule) in rules.layers.iter().enumerate() {
        let name = rule
            .name
            .clone()
            .unwrap_or_else(|| format!("layers #{}", i + 1));
        let order: Vec<GlobSet> = rule
            .order
            .iter()
            .map(|g| globs(std::slice::from_ref(g), "rules.layers.order"))
            .collect::<Result<_, _>>()?;
        let layer = |path: &str| order.iter().position(|g| g.is_match(path));
        for e in imports(report) {
            if let (Some(a), Some(b)) = (layer(&e.from), layer(&e.to))
                && b < a
            {
                out.push(Violation {
                    rule: "layers".into(),
                    key: format!("layers:{name}:{}->{}", e.from, e.to),
                    name: name.clone(),
                    file: e.file.clone(),
                    line: e.line,
                    message: format!(
                        "{} (layer `{}`) imports {} from the higher layer `{}` (`{}`)",
                        e.from, rule.order[a], e.to, rule.order[b], e.text
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Declared components: the first whose globs match a path owns it.
struct Components {
    named: Vec<(String, GlobSet)>,
}

impl Components {
    fn new(declared: &[ComponentDecl]) -> Result<Self, SetupError> {
        let named = declared
            .iter()
            .map(|c| Ok((c.name.clone(), globs(&c.globs, "components")?)))
            .collect::<Result<_, SetupError>>()?;
        Ok(Components { named })
    }

    fn of(&self, path: &str) -> Option<&str> {
        self.named
            .iter()
            .find(|(_, g)| g.is_match(path))
            .map(|(n, _)| n.as_str())
    }
}

fn independent(
    report: &Report,
    rules: &Rules,
    components: &Components,
    out: &mut Vec<Violation>,
) -> Result<(), SetupError> {
    for (i, rule) in rules.independent.iter().enumerate() {
        let name = rule
            .name
            .clone()
            .unwrap_or_else(|| format!("independent #{}", i + 1));
        for c in &rule.components {
            if !components.named.iter().any(|(n, _)| n == c) {
                return Err(SetupError::Usage(format!(
                    "rules.independent names `{c}`, which no [[components]] entry declares"
                )));
            }
        }
        let listed: BTreeSet<&str> = rule.components.iter().map(String::as_str).collect();
        for e in imports(report) {
            if let (Some(a), Some(b)) = (components.of(&e.from), components.of(&e.to))
                && a != b
                && listed.contains(a)
                && listed.contains(b)
            {
                out.push(Violation {
                    rule: "independent".into(),
                    key: format!("independent:{name}:{}->{}", e.from, e.to),
                    name: name.clone(),
                    file: e.file.clone(),
                    line: e.line,
                    message: format!(
                        "component `{a}` imports `{b}`: {} → {} (`{}`)",
                        e.from, e.to, e.text
                    ),
                });
            }
        }
    }
    Ok(())
}

fn cycles(report: &Report, rules: &Rules, out: &mut Vec<Violation>) {
    let Some(limit) = &rules.cycles else {
        return;
    };
    for c in &report.cycles {
        if c.size <= limit.max_size {
            continue;
        }
        // Point at the first import of the shortest cycle.
        let (file, line) = c
            .path
            .windows(2)
            .next()
            .and_then(|w| {
                imports(report)
                    .find(|e| e.from == w[0] && e.to == w[1])
                    .map(|e| (e.file.clone(), e.line))
            })
            .unwrap_or_else(|| (c.modules[0].clone(), 0));
        out.push(Violation {
            rule: "cycles".into(),
            name: format!("no cycle larger than {}", limit.max_size),
            file,
            line,
            message: format!(
                "import cycle of {} module(s): {}",
                c.size,
                c.path.join(" → ")
            ),
            key: format!("cycles:{}", c.modules.join(",")),
        });
    }
}

fn limits(report: &Report, rules: &Rules, out: &mut Vec<Violation>) -> Result<(), SetupError> {
    for rule in &rules.limits {
        let matcher = globs(std::slice::from_ref(&rule.path), "rules.limits.path")?;
        for m in report
            .modules
            .iter()
            .filter(|m| m.kind == "module" && matcher.is_match(&m.id))
        {
            let checks = [
                (
                    "fan-in",
                    f64::from(m.fan_in),
                    rule.max_fan_in.map(f64::from),
                ),
                (
                    "fan-out",
                    f64::from(m.fan_out),
                    rule.max_fan_out.map(f64::from),
                ),
                ("instability", m.instability, rule.max_instability),
            ];
            for (metric, value, max) in checks {
                if let Some(max) = max
                    && value > max
                {
                    out.push(Violation {
                        rule: "limits".into(),
                        name: format!("{} of {}", metric, rule.path),
                        file: m.id.clone(),
                        line: 0,
                        message: format!("{} has {metric} {value} (at most {max})", m.id),
                        key: format!("limits:{}:{metric}:{}", rule.path, m.id),
                    });
                }
            }
        }
    }
    Ok(())
}

fn requests(report: &Report, out: &mut Vec<Violation>) {
    let linked: BTreeSet<&str> = report.links.iter().map(|l| l.request.as_str()).collect();
    for r in report.requests.iter().filter(|r| {
        r.kind == crate::endpoints::RequestKind::Data && !linked.contains(r.id.as_str())
    }) {
        out.push(Violation {
            rule: "requests_must_link".into(),
            name: "every request reaches a route".into(),
            file: r.file.clone(),
            line: r.line,
            message: format!(
                "{} {} (via {}) reaches no backend route",
                r.method, r.path, r.via
            ),
            key: format!("requests_must_link:{} {}@{}", r.method, r.path, r.file),
        });
    }
}

fn globals(report: &Report, components: &Components, out: &mut Vec<Violation>) {
    for g in &report.globals {
        let writers: BTreeSet<&str> = g
            .writers
            .iter()
            .map(|w| components.of(w).unwrap_or(w.as_str()))
            .collect();
        if writers.len() > 1 {
            out.push(Violation {
                rule: "single_writer_globals".into(),
                name: "one writer per shared global".into(),
                file: g.module.clone(),
                line: g.line,
                message: format!(
                    "{} is written from {} components: {}",
                    g.name,
                    writers.len(),
                    writers.into_iter().collect::<Vec<_>>().join(", ")
                ),
                key: format!("single_writer_globals:{}", g.id),
            });
        }
    }
}

/// Route handlers that query tables in their own body: one violation per
/// handler (baseline the existing ones, block new ones).
fn handler_queries(report: &Report, out: &mut Vec<Violation>) {
    for h in &report.handler_queries {
        let line = h.uses.first().map_or(0, |u| u.line);
        let mut tables: Vec<String> = h
            .writes
            .iter()
            .map(|t| format!("writes {t}"))
            .chain(h.reads.iter().map(|t| format!("reads {t}")))
            .collect();
        tables.dedup();
        out.push(Violation {
            rule: "handlers_must_not_query_tables".into(),
            name: "handlers go through a service".into(),
            file: h.file.clone(),
            line,
            message: format!(
                "{} (serving {}) queries tables directly: {}",
                h.handler,
                h.routes
                    .iter()
                    .map(|r| r.trim_start_matches("route:"))
                    .collect::<Vec<_>>()
                    .join(", "),
                tables.join(", ")
            ),
            key: format!("handlers_must_not_query_tables:{}", h.handler),
        });
    }
}

/// Recorded violations a legacy codebase accepts for now.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Baseline {
    pub version: u32,
    pub violations: BTreeSet<String>,
}

/// Violations split against a baseline.
#[derive(Debug, Default)]
pub struct Outcome {
    pub new: Vec<Violation>,
    pub baselined: Vec<Violation>,
    /// Baseline keys no longer violated.
    pub fixed: Vec<String>,
}

pub fn compare(violations: Vec<Violation>, baseline: Option<&Baseline>) -> Outcome {
    let Some(baseline) = baseline else {
        return Outcome {
            new: violations,
            ..Outcome::default()
        };
    };
    let current: BTreeSet<&str> = violations.iter().map(|v| v.key.as_str()).collect();
    let fixed = baseline
        .violations
        .iter()
        .filter(|k| !current.contains(k.as_str()))
        .cloned()
        .collect();
    let (baselined, new) = violations
        .into_iter()
        .partition(|v| baseline.violations.contains(&v.key));
    Outcome {
        new,
        baselined,
        fixed,
    }
}

pub fn baseline_of(violations: &[Violation]) -> Baseline {
    Baseline {
        version: 1,
        violations: violations.iter().map(|v| v.key.clone()).collect(),
    }
}
