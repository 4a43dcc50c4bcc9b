//! Check results as text for people, JSON for tools, SARIF 2.1.0 for code
//! scanning, and GitHub Actions annotation lines.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Outcome, Violation};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "sarif" => Ok(Format::Sarif),
            "github" => Ok(Format::Github),
            other => Err(format!(
                "unknown format `{other}` (text, json, sarif, github)"
            )),
        }
    }
}

pub fn render(outcome: &Outcome, format: Format) -> String {
    match format {
        Format::Text => text(outcome),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&json_value(outcome)).expect("serializes");
            s.push('\n');
            s
        }
        Format::Sarif => {
            let mut s = serde_json::to_string_pretty(&sarif(outcome)).expect("serializes");
            s.push('\n');
            s
        }
        Format::Github => github(outcome),
    }
}

fn place(v: &Violation) -> String {
    if v.line > 0 {
        format!("{}:{}", v.file, v.line)
    } else {
        v.file.clone()
    }
}

fn text(outcome: &Outcome) -> String {
    let mut out = String::new();
    for v in &outcome.new {
        out.push_str(&format!(
            "{}: [{}: {}] {}\n",
            place(v),
            v.rule,
            v.name,
            v.message
        ));
    }
    for key in &outcome.fixed {
        out.push_str(&format!("fixed (remove from the baseline): {key}\n"));
    }
    out.push_str(&format!(
        "seam check: {} new violation(s), {} in the baseline, {} fixed\n",
        outcome.new.len(),
        outcome.baselined.len(),
        outcome.fixed.len()
    ));
    out
}

fn json_value(outcome: &Outcome) -> Value {
    json!({
        "violations": outcome.new,
        "baselined": outcome.baselined,
        "fixed": outcome.fixed,
    })
}

/// SARIF 2.1.0: one rule per rule kind, one result per new violation, the
/// violation key as a partial fingerprint so code scanning tracks it.
fn sarif(outcome: &Outcome) -> Value {
    let mut rules: BTreeMap<&str, &str> = BTreeMap::new();
    for v in &outcome.new {
        rules.entry(&v.rule).or_insert(&v.name);
    }
    let rule_list: Vec<Value> = rules
        .iter()
        .map(|(id, name)| {
            json!({
                "id": id,
                "name": id,
                "shortDescription": { "text": format!("seam rule `{id}` (e.g. {name})") },
                "defaultConfiguration": { "level": "error" },
            })
        })
        .collect();
    let results: Vec<Value> = outcome
        .new
        .iter()
        .map(|v| {
            let mut region = json!({});
            if v.line > 0 {
                region = json!({ "startLine": v.line });
            }
            let mut location =
                json!({ "artifactLocation": { "uri": v.file, "uriBaseId": "SRCROOT" } });
            if v.line > 0 {
                location["region"] = region;
            }
            json!({
                "ruleId": v.rule,
                "level": "error",
                "message": { "text": format!("{}: {}", v.name, v.message) },
                "locations": [ { "physicalLocation": location } ],
                "partialFingerprints": { "seamViolation/v1": v.key },
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [ {
            "tool": { "driver": {
                "name": "seam",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/seam-audit/seam",
                "rules": rule_list,
            } },
            "originalUriBaseIds": { "SRCROOT": { "uri": "file:///" } },
            "results": results,
        } ],
    })
}

/// `::error file=…,line=…,title=…::message`, with GitHub's escaping.
fn github(outcome: &Outcome) -> String {
    let escape_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let escape_property = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for v in &outcome.new {
        let line = if v.line > 0 {
            format!(",line={}", v.line)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "::error file={}{line},title={}::{}\n",
            escape_property(&v.file),
            escape_property(&format!("seam {}: {}", v.rule, v.name)),
            escape_data(&v.message)
        ));
    }
    out
}
