//! Hotspots: modules where change, complexity and coupling meet — the places
//! a migration will hurt most.
//!
//! score = change × size × (1 + coupling) / 2, each factor normalised to
//! 0..1 by the largest value in the tree: change is the number of commits
//! (1 for every module when history is not used), size is the geometric mean
//! of lines and complexity (1 + the file's branch points, from the syntax
//! tree), coupling is fan-in + fan-out + change-coupled partners.

use std::collections::BTreeMap;

use super::ModuleMetrics;
use crate::extract::FileFacts;
use crate::history::History;

/// How many hotspots the report lists.
pub const MAX_HOTSPOTS: usize = 50;

pub const FORMULA: &str = "score = change × size × (1 + coupling) / 2, each factor divided by \
its largest value in the tree; change = commits in the history window (1 for all when history is \
not used), size = √(lines × complexity) with complexity = 1 + branch points (if, loops, \
except/catch, boolean operators, conditional expressions, case clauses), coupling = fan-in + \
fan-out + change-coupled modules; vendored copies (a vendor/, third_party/ directory, *.min.js) are \
not ranked";

#[derive(Debug, Clone, PartialEq)]
pub struct Hotspot {
    pub module: String,
    pub score: f64,
    pub factors: BTreeMap<String, f64>,
}

/// Someone else's code copied in: not what a migration reworks.
pub fn is_vendored(path: &str) -> bool {
    let mut parts = path.split('/').rev();
    let file = parts.next().unwrap_or("");
    file.ends_with(".min.js")
        || file.ends_with("-min.js")
        || parts.any(|d| {
            matches!(
                d,
                "vendor" | "vendors" | "vendored" | "third_party" | "third-party" | "thirdparty"
            )
        })
}

pub fn hotspots(
    facts: &[FileFacts],
    metrics: &BTreeMap<String, ModuleMetrics>,
    history: Option<&History>,
    left_out: &std::collections::BTreeSet<&str>,
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
        size: f64,
        coupling: f64,
        factors: BTreeMap<String, f64>,
    }
    let raw: Vec<Raw> = facts
        .iter()
        .filter(|f| f.lines > 0 && !is_vendored(&f.path) && !left_out.contains(f.path.as_str()))
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
                size: (f64::from(f.lines) * f64::from(f.complexity.max(1))).sqrt(),
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
    let (max_change, max_size, max_coupling) =
        (max(|r| r.change), max(|r| r.size), max(|r| r.coupling));
    let mut out: Vec<Hotspot> = raw
        .into_iter()
        .map(|r| {
            let score =
                (r.change / max_change) * (r.size / max_size) * (1.0 + r.coupling / max_coupling)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::{Language, SourceFile};
    use crate::history::FileHistory;

    fn facts(path: &str, source: &str) -> FileFacts {
        let file = SourceFile {
            path: path.into(),
            abs_path: path.into(),
            language: Language::from_path(path).expect("source file"),
            bytes: source.len() as u64,
            modified: None,
        };
        crate::extract::extract(&file, source.as_bytes())
    }

    #[test]
    fn complexity_counts_branch_points_from_the_syntax_tree() {
        let py = "\
def f(x):
    if x and not x or x:        # if + 2 boolean operators
        return [y for y in x]   # comprehension for
    elif x:                     # elif
        pass
    for i in x:                 # for
        while i:                # while
            i = 1 if i else 0   # conditional expression
    try:
        pass
    except ValueError:          # except
        pass
    match x:
        case 1:                 # case
            pass
";
        assert_eq!(facts("m.py", py).complexity, 1 + 10);
        let ts = "\
function f(x: number) {
  if (x && x || x ?? x) {}        // if + 3 logical operators
  for (const a of [1]) {}         // for-of
  for (let i = 0; i < 1; i++) {}  // for
  while (x) {} do {} while (x)    // while, do
  try {} catch (e) {}             // catch
  switch (x) { case 1: break; default: }  // one case (default is no branch)
  return x ? 1 : 2;               // ternary
}
";
        assert_eq!(facts("m.ts", ts).complexity, 1 + 11);
        assert_eq!(facts("m.js", "const a = 1;\n").complexity, 1);
    }

    #[test]
    fn score_multiplies_change_size_and_coupling_and_shows_factors() {
        let busy = facts("busy.py", &"if a:\n    pass\n".repeat(50));
        let quiet = facts("quiet.py", &"if a:\n    pass\n".repeat(50));
        let tiny = facts("tiny.py", "x = 1\n");
        let all = [busy, quiet, tiny];
        let mut metrics = BTreeMap::new();
        metrics.insert(
            "busy.py".to_string(),
            ModuleMetrics {
                fan_in: 4,
                ..ModuleMetrics::default()
            },
        );
        // Without history every module has change 1: size and coupling rank.
        let without = hotspots(&all, &metrics, None, &Default::default());
        assert_eq!(without[0].module, "busy.py");
        assert!((without[0].score - 1.0).abs() < 1e-9, "{without:?}");
        assert!((without[1].score - 0.5).abs() < 1e-9, "{without:?}");
        assert_eq!(without[0].factors.get("commits"), None);

        let mut history = History::default();
        for (path, commits) in [("busy.py", 2), ("quiet.py", 10), ("tiny.py", 10)] {
            history.files.insert(
                path.to_string(),
                FileHistory {
                    commits,
                    ..FileHistory::default()
                },
            );
        }
        let with = hotspots(&all, &metrics, Some(&history), &Default::default());
        // quiet: change 1 × size 1 × (1 + 0) / 2 = 0.5;
        // busy: change 0.2 × size 1 × (1 + 1) / 2 = 0.2.
        assert_eq!(with[0].module, "quiet.py");
        assert!((with[0].score - 0.5).abs() < 1e-9);
        assert!((with[1].score - 0.2).abs() < 1e-9);
        assert_eq!(with[1].factors["commits"], 2.0);
        assert_eq!(with[1].factors["fan_in"], 4.0);
        assert_eq!(with[1].factors["complexity"], 51.0);
        assert_eq!(with[1].factors["lines"], 100.0);
    }

    #[test]
    fn vendored_copies_are_not_ranked() {
        let big = "if a:\n    pass\n".repeat(50);
        let all = [
            facts(
                "admin/static/js/vendor/jquery/jquery.js",
                &big.replace("pass", "b"),
            ),
            facts("web/third_party/lib.py", &big),
            facts("web/app.min.js", "if (a) {}\n"),
            facts("web/app.py", "x = 1\n"),
        ];
        let found = hotspots(&all, &BTreeMap::new(), None, &Default::default());
        let modules: Vec<&str> = found.iter().map(|h| h.module.as_str()).collect();
        assert_eq!(modules, ["web/app.py"]);
        // What the caller leaves out (tests, migrations: roles) is left out.
        let found = hotspots(&all, &BTreeMap::new(), None, &["web/app.py"].into());
        assert!(found.is_empty());
        assert!(!is_vendored("web/src/vendors_page.ts"));
    }
}
