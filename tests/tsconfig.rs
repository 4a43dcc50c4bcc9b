//! The `tsconfig` setting (`seam.toml` key, `--tsconfig` flag): a TypeScript
//! config with another name than `tsconfig.json` governs its folder. Fixture:
//! `testdata/tsconfig-named/` (see its EXPECTED.md).

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/tsconfig-named")
}

/// Audits the fixture with `args` and returns report.json.
fn audit(args: &[&str]) -> serde_json::Value {
    let out = tempfile::tempdir().expect("tempdir");
    Command::cargo_bin("seam")
        .expect("binary builds")
        .arg("audit")
        .arg(fixture())
        .arg("--out")
        .arg(out.path())
        .args(["--no-cache", "--no-history", "--quiet"])
        .args(args)
        .assert()
        .code(0);
    let bytes = std::fs::read(out.path().join("report.json")).expect("report.json");
    serde_json::from_slice(&bytes).expect("valid JSON")
}

fn edges(report: &serde_json::Value) -> Vec<(String, String, u64)> {
    report["edges"]
        .as_array()
        .expect("edges[]")
        .iter()
        .filter(|e| e["kind"] == "import")
        .map(|e| {
            (
                e["from"].as_str().unwrap_or_default().to_string(),
                e["to"].as_str().unwrap_or_default().to_string(),
                e["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

const EDGE: (&str, &str, u64) = ("web/src/main.ts", "web/src/lib/util.ts", 1);

fn has_edge(report: &serde_json::Value) -> bool {
    edges(report)
        .iter()
        .any(|(f, t, l)| (f.as_str(), t.as_str(), *l) == EDGE)
}

#[test]
fn a_differently_named_tsconfig_is_only_used_when_named() {
    let plain = audit(&[]);
    assert!(!has_edge(&plain), "{:?}", edges(&plain));

    let flagged = audit(&["--tsconfig", "web/tsconfig.app.json"]);
    assert!(has_edge(&flagged), "{:?}", edges(&flagged));
    assert_eq!(flagged["diagnostics"].as_array().map(Vec::len), Some(0));

    let dir = tempfile::tempdir().expect("tempdir");
    let toml = dir.path().join("seam.toml");
    std::fs::write(&toml, "tsconfig = [\"./web/tsconfig.app.json\"]\n").expect("seam.toml");
    let configured = audit(&["--config", toml.to_str().expect("utf-8 path")]);
    assert!(has_edge(&configured), "{:?}", edges(&configured));
}

#[test]
fn a_named_tsconfig_that_is_not_there_is_a_config_diagnostic() {
    let report = audit(&["--tsconfig", "web/tsconfig.nope.json"]);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics[]");
    assert!(
        diagnostics
            .iter()
            .any(|d| d["file"] == "web/tsconfig.nope.json" && d["kind"] == "config"),
        "{diagnostics:?}"
    );
    assert!(!has_edge(&report));
}

#[test]
fn the_tsconfig_key_must_be_a_list_of_strings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let toml = dir.path().join("seam.toml");
    std::fs::write(&toml, "tsconfig = \"web/tsconfig.app.json\"\n").expect("seam.toml");
    let out = Command::cargo_bin("seam")
        .expect("binary builds")
        .arg("audit")
        .arg(fixture())
        .arg("--config")
        .arg(&toml)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("seam.toml:1") && err.contains("tsconfig"),
        "{err}"
    );
}
