//! The JSON Schema of `report.json`, generated from the serde types of
//! [`super::model`] with schemars. Takes nothing, gives the schema text;
//! never hand-edited: `schemas/report.schema.json` is this function's output,
//! committed so consumers can read it without building seam, and a test
//! fails when the two drift apart.

use super::model::Report;

/// Where the committed copy lives, relative to the repository root.
pub const COMMITTED_PATH: &str = "schemas/report.schema.json";

/// The schema (JSON Schema 2020-12) as pretty-printed JSON with a final
/// newline; byte-identical for the same types.
pub fn report_schema() -> String {
    let mut schema = schemars::schema_for!(Report);
    let object = schema
        .as_object_mut()
        .expect("a struct gives an object schema");
    object.insert(
        "$id".to_string(),
        serde_json::Value::String(format!(
            "https://github.com/seam-audit/seam/schemas/report-v{}.schema.json",
            super::SCHEMA_VERSION
        )),
    );
    object.insert(
        "description".to_string(),
        serde_json::Value::String(format!(
            "seam's report.json, schema_version \"{}\": keys are added, never removed or renamed.",
            super::SCHEMA_VERSION
        )),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_schema_names_every_top_level_key_of_the_contract() {
        let schema: serde_json::Value = serde_json::from_str(&super::report_schema()).unwrap();
        let properties = schema["properties"].as_object().unwrap();
        for key in [
            "schema_version",
            "tool",
            "root",
            "summary",
            "files",
            "modules",
            "edges",
            "globals",
            "tables",
            "routes",
            "requests",
            "links",
            "cycles",
            "hotspots",
            "clusters",
            "packages",
            "diagnostics",
        ] {
            assert!(
                properties.contains_key(key),
                "{key} missing from the schema"
            );
        }
        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(required.contains(&"edges"));
        assert!(
            !required.contains(&"components"),
            "components has a default"
        );
    }
}
