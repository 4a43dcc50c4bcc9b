//! `seam check`: each rule kind on the demo, the baseline flow, every output
//! format, strict configuration, and `seam init`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const RULES: &str = r#"
[[components]]
name = "backend"
globs = ["backend/**"]

[[components]]
name = "frontend"
globs = ["frontend/**"]

[rules]
cycles = { max_size = 2 }
requests_must_link = true
single_writer_globals = true

[[rules.forbidden]]
name = "models stay below services"
from = ["backend/shop/models/**"]
to = ["backend/shop/services/**"]

[[rules.layers]]
name = "backend layers"
order = ["backend/shop/views/**", "backend/shop/services/**", "backend/shop/models/**"]

[[rules.independent]]
components = ["backend", "frontend"]

[[rules.limits]]
path = "backend/shop/services/**"
max_fan_in = 5
"#;

/// A copy of the demo with a seam.toml, outside any git repository.
fn demo_with(rules: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/demo");
    copy(&src, dir.path());
    std::fs::write(dir.path().join("seam.toml"), rules).unwrap();
    dir
}

fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel.starts_with(".seam-cache") {
            continue;
        }
        let target: PathBuf = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn check(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("seam")
        .unwrap()
        .arg("check")
        .arg(dir)
        .arg("--no-cache")
        .args(extra)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_rule_kind_reports_its_violation_with_evidence() {
    let dir = demo_with(RULES);
    let (code, out, _) = check(dir.path(), &[]);
    assert_eq!(code, 1, "{out}");
    for expected in [
        "backend/shop/models/__init__.py:4: [cycles: no cycle larger than 2] import cycle of 5 module(s)",
        "backend/shop/models/orders.py:18: [forbidden: models stay below services] backend/shop/models/orders.py imports backend/shop/services/pricing.py",
        "backend/shop/models/orders.py:18: [layers: backend layers]",
        "backend/shop/services/pricing.py: [limits: fan-in of backend/shop/services/**] backend/shop/services/pricing.py has fan-in 6 (at most 5)",
        "frontend/src/api/orders.ts:21: [requests_must_link: every request reaches a route] GET /api/wishlist",
        "seam check: 5 new violation(s), 0 in the baseline, 0 fixed",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
}

#[test]
fn independent_components_and_a_clean_tree() {
    // The backend and the frontend share no import: clean, exit 0.
    let dir = demo_with(
        "[[components]]\nname = \"backend\"\nglobs = [\"backend/**\"]\n[[components]]\nname = \"frontend\"\nglobs = [\"frontend/**\"]\n[[rules.independent]]\ncomponents = [\"backend\", \"frontend\"]\n",
    );
    let (code, out, _) = check(dir.path(), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 new violation(s)"), "{out}");
    // Views and models declared independent: every view importing a model is one.
    let dir = demo_with(
        "[[components]]\nname = \"web\"\nglobs = [\"backend/shop/views/**\"]\n[[components]]\nname = \"core\"\nglobs = [\"backend/shop/models/**\"]\n[[rules.independent]]\nname = \"web apart from core\"\ncomponents = [\"web\", \"core\"]\n",
    );
    let (code, out, _) = check(dir.path(), &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("backend/shop/views/admin.py:8: [independent: web apart from core] component `web` imports `core`"),
        "{out}"
    );
}

#[test]
fn baselines_fail_only_on_new_violations_and_report_fixed_ones() {
    let dir = demo_with(RULES);
    let (code, _, err) = check(dir.path(), &["--update-baseline"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("recorded 5 violation(s)"), "{err}");
    let baseline: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("seam-baseline.json")).unwrap())
            .unwrap();
    assert_eq!(baseline["violations"].as_array().unwrap().len(), 5);
    let (code, out, _) = check(dir.path(), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("0 new violation(s), 5 in the baseline, 0 fixed"),
        "{out}"
    );
    // A new dead call is new. Removing the lazy import fixes forbidden and
    // layers (though every line moved), shrinks pricing's fan-in under the
    // limit, and breaks the 5-module knot — leaving a 3-module cycle, which
    // is a different cycle and so a new violation.
    let api = dir.path().join("frontend/src/api/orders.ts");
    let text = std::fs::read_to_string(&api).unwrap();
    std::fs::write(
        &api,
        format!("{text}\nexport const gone = () => fetch(\"/api/gone\");\n"),
    )
    .unwrap();
    let model = dir.path().join("backend/shop/models/orders.py");
    let text = std::fs::read_to_string(&model).unwrap().replace(
        "        from shop.services.pricing import order_total\n\n        return order_total(self)",
        "        return sum(i.unit_price_cents * i.quantity for i in self.items)",
    );
    std::fs::write(&model, format!("\n\n{text}")).unwrap();
    let (code, out, _) = check(dir.path(), &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("GET /api/gone"), "{out}");
    assert!(out.contains("import cycle of 3 module(s)"), "{out}");
    assert!(
        out.contains("2 new violation(s), 1 in the baseline, 4 fixed"),
        "{out}"
    );
    assert!(
        out.contains("fixed (remove from the baseline): forbidden:models stay below services"),
        "{out}"
    );
}

#[test]
fn json_sarif_and_github_formats() {
    let dir = demo_with(RULES);
    let (code, out, _) = check(dir.path(), &["--format", "json"]);
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["violations"].as_array().unwrap().len(), 5);
    assert_eq!(json["violations"][0]["rule"], "cycles");

    let sarif_file = dir.path().join("out.sarif");
    let (code, _, _) = check(
        dir.path(),
        &[
            "--format",
            "sarif",
            "--output",
            sarif_file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1);
    let sarif: Value = serde_json::from_slice(&std::fs::read(&sarif_file).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "seam");
    let rule_ids: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    for r in results {
        assert!(rule_ids.contains(&r["ruleId"].as_str().unwrap()), "{r}");
        assert_eq!(r["level"], "error");
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        let location = &r["locations"][0]["physicalLocation"];
        assert!(location["artifactLocation"]["uri"].as_str().is_some());
        assert!(
            r["partialFingerprints"]["seamViolation/v1"]
                .as_str()
                .is_some()
        );
    }
    let forbidden = results.iter().find(|r| r["ruleId"] == "forbidden").unwrap();
    assert_eq!(
        forbidden["locations"][0]["physicalLocation"]["region"]["startLine"],
        18
    );

    let (_, out, _) = check(dir.path(), &["--format", "github"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(
        lines.iter().all(|l| l.starts_with("::error file=")),
        "{out}"
    );
    assert!(out.contains("::error file=backend/shop/models/orders.py,line=18,title=seam forbidden%3A models stay below services::"), "{out}");
}

#[test]
fn single_writer_globals_on_a_saved_report() {
    let dir = demo_with(RULES);
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("seam")
        .unwrap()
        .args(["audit", "--quiet", "--no-cache", "--no-history", "--out"])
        .arg(out.path())
        .arg(dir.path())
        .assert()
        .success();
    let path = out.path().join("report.json");
    let mut report: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    report["globals"] = serde_json::json!([{
        "id": "global:backend/shop/extensions.py:cache",
        "name": "cache",
        "module": "backend/shop/extensions.py",
        "line": 8,
        "kind": "python",
        "writers": ["backend/shop/views/catalog.py", "frontend/legacy/state.js"],
        "readers": []
    }]);
    std::fs::write(&path, serde_json::to_vec(&report).unwrap()).unwrap();
    let (code, text, _) = check(dir.path(), &["--report", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        text.contains("backend/shop/extensions.py:8: [single_writer_globals: one writer per shared global] cache is written from 2 components: backend, frontend"),
        "{text}"
    );
}

#[test]
fn handlers_must_not_query_tables_lists_each_handler_once() {
    let dir = demo_with("[rules]\nhandlers_must_not_query_tables = true\n");
    let (code, text, _) = check(dir.path(), &[]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("[handlers_must_not_query_tables"))
        .collect();
    assert_eq!(lines.len(), 10, "{text}");
    assert!(
        text.contains("backend/shop/views/account.py:18: [handlers_must_not_query_tables: handlers go through a service] shop.views.account:update_profile (serving PATCH /api/me/) queries tables directly: writes users, reads users"),
        "{text}"
    );
}

#[test]
fn bad_configuration_is_exit_two_naming_file_line_and_key() {
    let dir = demo_with("[rules]\ncycles = { max_size = 0 }\nrequests_must_lnk = true\n");
    let (code, _, err) = check(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("seam.toml:3") && err.contains("requests_must_lnk"),
        "{err}"
    );
    let dir = demo_with("[[rules.independent]]\ncomponents = [\"nope\"]\n");
    let (code, _, err) = check(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("`nope`"), "{err}");
}

#[test]
fn init_writes_a_starter_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let init = || {
        Command::cargo_bin("seam")
            .unwrap()
            .arg("init")
            .arg(dir.path())
            .output()
            .unwrap()
    };
    assert_eq!(init().status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("seam.toml")).unwrap();
    assert!(text.contains("[rules]"));
    assert_eq!(init().status.code(), Some(2));
}
