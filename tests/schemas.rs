//! Schemas: the committed JSON Schema of `report.json` is the one generated
//! from the serde types, every report the test fixtures produce validates
//! against it (as do the reports in the insta snapshots), and `seam check
//! --format sarif` validates against the official SARIF 2.1.0 schema
//! (vendored in `tests/schemas/`, see its README for the licence).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn report_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(manifest().join(seam::report::schema::COMMITTED_PATH))
        .expect("schemas/report.schema.json is committed");
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft202012::new(&schema).expect("the report schema compiles")
}

fn sarif_validator() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(manifest().join("tests/schemas/sarif-schema-2.1.0.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft4::new(&schema).expect("the SARIF schema compiles")
}

/// Every error, with where it is, so a failure says what to fix.
fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(20)
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not validate:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_committed_report_schema_is_the_generated_one() {
    let generated = seam::report::schema::report_schema();
    let path = manifest().join(seam::report::schema::COMMITTED_PATH);
    if std::env::var_os("SEAM_UPDATE_SCHEMA").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run `SEAM_UPDATE_SCHEMA=1 cargo test --test schemas` and commit it",
        path.display()
    );
    // `seam schema` prints the same text.
    let out = Command::cargo_bin("seam")
        .unwrap()
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), generated);
}

/// Every fixture project under testdata/ (one folder per scenario).
fn fixture_projects() -> Vec<PathBuf> {
    let testdata = manifest().join("testdata");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&testdata).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        // A group of scenarios (testdata/endpoints/flask, …) or one project.
        let has_sources = std::fs::read_dir(&dir).unwrap().any(|e| {
            let p = e.unwrap().path();
            p.is_file() && p.extension().is_some_and(|x| x != "md")
        });
        let subdirs: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        if has_sources || dir.ends_with("demo") || subdirs.is_empty() {
            out.push(dir);
        } else {
            out.extend(subdirs);
        }
    }
    out.sort();
    out
}

fn audit(dir: &Path, extra: &[&str]) -> Value {
    let out = tempfile::tempdir().unwrap();
    let status = Command::cargo_bin("seam")
        .unwrap()
        .arg("audit")
        .arg(dir)
        .arg("--out")
        .arg(out.path())
        .args(["--no-cache", "--no-history", "--quiet"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "seam audit {} failed: {}",
        dir.display(),
        String::from_utf8_lossy(&status.stderr)
    );
    serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap()
}

#[test]
fn every_fixture_report_validates_against_the_report_schema() {
    let validator = report_validator();
    let projects = fixture_projects();
    assert!(projects.len() >= 8, "{projects:?}");
    for dir in &projects {
        let report = audit(dir, &[]);
        assert_valid(&validator, &report, &dir.display().to_string());
    }
    // Declared components fill components[] and boundary_violations[].
    let demo = manifest().join("testdata/demo");
    let report = audit(
        &demo,
        &[
            "--component",
            "backend=backend/**",
            "--component",
            "frontend=frontend/**",
            "--parent-packages",
        ],
    );
    assert!(!report["components"].as_array().unwrap().is_empty());
    assert_valid(&validator, &report, "demo with components");
}

#[test]
fn the_snapshot_reports_validate_against_the_report_schema() {
    let validator = report_validator();
    let mut seen = 0;
    for entry in std::fs::read_dir(manifest().join("tests/snapshots")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // insta: a `---`-delimited header, then the value.
        let Some(body) = text.splitn(3, "---\n").nth(2) else {
            continue;
        };
        let Ok(value) = serde_json::from_str::<Value>(body) else {
            continue;
        };
        if value.get("schema_version").is_some() {
            assert_valid(&validator, &value, &path.display().to_string());
            seen += 1;
        }
    }
    assert!(seen >= 1, "no report snapshots found");
}

#[test]
fn a_broken_report_does_not_validate() {
    let validator = report_validator();
    let mut report = audit(&manifest().join("testdata/imports/python"), &[]);
    report["edges"][0]["line"] = Value::String("twelve".into());
    assert!(!validator.is_valid(&report));
    report.as_object_mut().unwrap().remove("edges");
    assert!(!validator.is_valid(&report));
}

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

[[rules.limits]]
path = "backend/shop/**"
max_fan_in = 5
max_fan_out = 3
max_instability = 0.5
"#;

fn check_sarif(dir: &Path, rules: &str, extra: &[&str]) -> Value {
    std::fs::write(dir.join("seam.toml"), rules).unwrap();
    let out = Command::cargo_bin("seam")
        .unwrap()
        .arg("check")
        .arg(dir)
        .args(["--no-cache", "--no-history", "--format", "sarif"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn sarif_output_validates_against_the_official_sarif_2_1_0_schema() {
    let validator = sarif_validator();
    let dir = tempfile::tempdir().unwrap();
    copy(&manifest().join("testdata/demo"), dir.path());

    // Violations of every kind that the demo has.
    let sarif = check_sarif(dir.path(), RULES, &[]);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() >= 5, "{sarif}");
    assert_valid(&validator, &sarif, "SARIF with violations");

    // A clean run: no results, still a valid log.
    let sarif = check_sarif(dir.path(), "[rules]\n", &[]);
    assert!(sarif["runs"][0]["results"].as_array().unwrap().is_empty());
    assert_valid(&validator, &sarif, "SARIF without violations");

    // After a baseline: the old violations are not new results.
    let updated = Command::cargo_bin("seam")
        .unwrap()
        .arg("check")
        .arg(dir.path())
        .args(["--no-cache", "--no-history", "--update-baseline"])
        .output()
        .unwrap();
    assert_eq!(updated.status.code(), Some(0));
    let sarif = check_sarif(dir.path(), RULES, &[]);
    assert_valid(&validator, &sarif, "SARIF against a baseline");

    // The validator is not a rubber stamp: a result without a message fails.
    let mut broken = check_sarif(dir.path(), RULES, &["--baseline", "/nonexistent/none.json"]);
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&broken));
    broken["version"] = Value::String("2.0.0".into());
    assert!(!validator.is_valid(&broken));
}

fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel.starts_with(".seam-cache") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
