//! `seam.toml`, or `[tool.seam]` in `pyproject.toml`: settings and rules.
//!
//! Parsed strictly: an unknown key or a wrong type is an error naming the
//! file, the line and the key (exit 2), never a silently ignored setting.
//! The result is applied onto a plain [`AuditConfig`] and a list of
//! [`RuleSet`] entries; no stage sees this file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::{AuditConfig, ComponentDecl, RequestWrapper};
use crate::error::SetupError;

/// The file's contents, as written.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SeamToml {
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub python_roots: Vec<String>,
    pub max_file_size: Option<u64>,
    #[serde(default)]
    pub requests: Requests,
    /// Declared components (`[[components]]` with `name`, `globs`, `may_use`).
    #[serde(default)]
    pub components: Vec<ComponentDecl>,
    #[serde(default)]
    pub clusters: Clusters,
    #[serde(default)]
    pub rules: Rules,
    /// TypeScript configs with other names than `tsconfig.json`, root-relative.
    #[serde(default)]
    pub tsconfig: Vec<String>,
    /// Globs that decide module roles (`[roles] test = ["qa/**"]`).
    #[serde(default)]
    pub roles: Roles,
}

/// `[roles]`: per role, root-relative globs of the modules that have it.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    #[serde(default)]
    pub source: Vec<String>,
    #[serde(default)]
    pub test: Vec<String>,
    #[serde(default)]
    pub migration: Vec<String>,
    #[serde(default)]
    pub fixture: Vec<String>,
    #[serde(default)]
    pub vendored: Vec<String>,
    #[serde(default)]
    pub generated: Vec<String>,
    #[serde(default)]
    pub script: Vec<String>,
    #[serde(default)]
    pub config: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Requests {
    #[serde(default)]
    pub wrappers: Vec<RequestWrapper>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Clusters {
    pub seed: Option<u64>,
    pub weights: Option<Weights>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub import: Option<f64>,
    pub co_change: Option<f64>,
    pub shared_state: Option<f64>,
    /// Frontend module ↔ the module handling a route it calls.
    pub request: Option<f64>,
}

/// The rules `seam check` evaluates.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// `[[rules.forbidden]]`: no module matching `from` may import one
    /// matching `to`, except modules matching `except`.
    #[serde(default)]
    pub forbidden: Vec<Forbidden>,
    /// `[rules.layers]`: `order` lists globs from the top layer down; a
    /// lower layer must not import a higher one.
    #[serde(default)]
    pub layers: Vec<Layers>,
    /// Components (from `[components]`) that must not import each other.
    #[serde(default)]
    pub independent: Vec<Independent>,
    /// No import cycle larger than `max_size` modules (0: none at all).
    pub cycles: Option<Cycles>,
    /// Coupling limits for the modules matching `path`.
    #[serde(default)]
    pub limits: Vec<Limit>,
    /// Every frontend request must reach a backend route.
    #[serde(default)]
    pub requests_must_link: bool,
    /// No shared global may be written from more than one component.
    #[serde(default)]
    pub single_writer_globals: bool,
    /// No route handler may query tables in its own body.
    #[serde(default)]
    pub handlers_must_not_query_tables: bool,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Forbidden {
    pub name: Option<String>,
    pub from: Vec<String>,
    pub to: Vec<String>,
    #[serde(default)]
    pub except: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Layers {
    pub name: Option<String>,
    pub order: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Independent {
    pub name: Option<String>,
    pub components: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Cycles {
    pub max_size: u32,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub path: String,
    pub max_fan_in: Option<u32>,
    pub max_fan_out: Option<u32>,
    pub max_instability: Option<f64>,
}

#[derive(Deserialize)]
struct PyProject {
    tool: Option<PyTool>,
}

#[derive(Deserialize)]
struct PyTool {
    seam: Option<toml::Value>,
}

/// Finds the settings for a tree: `--config FILE`, else `seam.toml` at the
/// root, else `[tool.seam]` in the root's `pyproject.toml`, else defaults.
pub fn load(
    root: &Path,
    explicit: Option<&Path>,
) -> Result<(SeamToml, Option<PathBuf>), SetupError> {
    if let Some(file) = explicit {
        return parse_file(file).map(|c| (c, Some(file.to_path_buf())));
    }
    let seam = root.join("seam.toml");
    if seam.is_file() {
        return parse_file(&seam).map(|c| (c, Some(seam)));
    }
    let pyproject = root.join("pyproject.toml");
    if pyproject.is_file() {
        let text = read(&pyproject)?;
        let parsed: PyProject = toml::from_str(&text).map_err(|e| config_error(&pyproject, &e))?;
        if parsed.tool.and_then(|t| t.seam).is_some() {
            // Parsed again as a whole so error positions point into the file.
            let config = parse_section(&pyproject, &text)?;
            return Ok((config, Some(pyproject)));
        }
    }
    Ok((SeamToml::default(), None))
}

fn read(file: &Path) -> Result<String, SetupError> {
    std::fs::read_to_string(file).map_err(|e| SetupError::Usage(format!("{}: {e}", file.display())))
}

fn parse_file(file: &Path) -> Result<SeamToml, SetupError> {
    let text = read(file)?;
    toml::from_str(&text).map_err(|e| config_error(file, &e))
}

fn parse_section(file: &Path, text: &str) -> Result<SeamToml, SetupError> {
    // Only `[tool.seam]` is ours and checked strictly; the project's other
    // tables are left alone.
    #[derive(Deserialize)]
    struct Wrapper {
        tool: ToolSeam,
    }
    #[derive(Deserialize)]
    struct ToolSeam {
        seam: SeamToml,
    }
    toml::from_str::<Wrapper>(text)
        .map(|w| w.tool.seam)
        .map_err(|e| config_error(file, &e))
}

/// `seam.toml:4:1: unknown field `exlude`, expected one of …`
fn config_error(file: &Path, error: &toml::de::Error) -> SetupError {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let place = error
        .span()
        .map(|span| {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            let key = text.get(span.clone()).unwrap_or("").trim();
            if key.is_empty() || key.contains('\n') {
                format!(":{line}")
            } else {
                format!(":{line} (`{key}`)")
            }
        })
        .unwrap_or_default();
    SetupError::Usage(format!(
        "{}{place}: {}",
        file.display(),
        error.message().trim()
    ))
}

impl SeamToml {
    /// Applies the file's settings under the command line's: flags given on
    /// the command line win, lists are joined.
    pub fn apply(&self, config: &mut AuditConfig) {
        config.include.extend(self.include.iter().cloned());
        config.exclude.extend(self.exclude.iter().cloned());
        config.python_roots.extend(
            self.python_roots
                .iter()
                .map(|r| r.trim_matches('/').to_string()),
        );
        if let Some(max) = self.max_file_size {
            config.max_file_bytes = max;
        }
        config
            .request_wrappers
            .extend(self.requests.wrappers.iter().cloned());
        config.components.extend(self.components.iter().cloned());
        config.tsconfigs.extend(self.tsconfig.iter().cloned());
        let r = &self.roles;
        for (name, globs) in [
            ("source", &r.source),
            ("test", &r.test),
            ("migration", &r.migration),
            ("fixture", &r.fixture),
            ("vendored", &r.vendored),
            ("generated", &r.generated),
            ("script", &r.script),
            ("config", &r.config),
        ] {
            if !globs.is_empty() {
                config.roles.push((name.to_string(), globs.clone()));
            }
        }
        if let Some(seed) = self.clusters.seed {
            config.seed = seed;
        }
        if let Some(w) = &self.clusters.weights {
            let weights = &mut config.service_weights;
            weights.import = w.import.unwrap_or(weights.import);
            weights.co_change = w.co_change.unwrap_or(weights.co_change);
            weights.shared_state = w.shared_state.unwrap_or(weights.shared_state);
            weights.request = w.request.unwrap_or(weights.request);
        }
    }
}

/// The commented starter file `seam init` writes.
pub const STARTER: &str = r#"# seam configuration. Every key is optional; see the README for all of them.

# Files to leave out or to limit the audit to (globs, relative to this folder).
exclude = ["**/migrations/**"]
# include = ["backend/**", "frontend/src/**"]

# Extra Python source roots (found from the package structure otherwise).
# python_roots = ["src"]

# TypeScript configs seam should use where the folder's tsconfig.json is not
# the one that builds it (tsconfig.json and jsconfig.json are found by name).
# tsconfig = ["frontend/tsconfig.app.json"]

# Request functions seam cannot see into: the URL's argument (and option
# property), and the method.
# [[requests.wrappers]]
# name = "channel.get"
# url_arg = 0
# url_property = "url"
# method = "GET"

# Declared components: the report compares them with the clusters it finds
# and lists imports a component makes outside its `may_use`.
# [[components]]
# name = "orders"
# globs = ["backend/orders/**", "frontend/src/orders/**"]
# may_use = ["catalog"]

# Candidate-service clustering.
[clusters]
seed = 1
# weights = { import = 1.0, co_change = 2.0, shared_state = 1.0, request = 0.5 }

# Rules `seam check` enforces (exit 1 on a violation).
[rules]
# No import cycle larger than this many modules (0: no cycles at all).
cycles = { max_size = 0 }
# Every frontend request must reach a backend route.
requests_must_link = false
# No shared global written from more than one component.
single_writer_globals = false
# No route handler querying tables in its own body (baseline the existing).
handlers_must_not_query_tables = false

# [[rules.forbidden]]
# name = "lib must not import views"
# from = ["app/lib/**"]
# to = ["app/views/**"]
# except = ["app/lib/legacy.py"]

# [[rules.layers]]
# name = "web layers"
# order = ["app/views/**", "app/services/**", "app/models/**"]   # top first

# [[rules.independent]]
# components = ["backend", "frontend"]

# [[rules.limits]]
# path = "app/lib/**"
# max_fan_out = 20
# max_instability = 0.8
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SeamToml, String> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("seam.toml");
        std::fs::write(&file, text).unwrap();
        parse_file(&file).map_err(|e| e.to_string())
    }

    #[test]
    fn the_starter_file_parses() {
        let config = parse(STARTER).unwrap();
        assert_eq!(config.rules.cycles, Some(Cycles { max_size: 0 }));
        assert_eq!(config.exclude, vec!["**/migrations/**".to_string()]);
    }

    #[test]
    fn unknown_keys_and_wrong_types_name_file_line_and_key() {
        let err = parse("exclude = []\nexlude = [\"x\"]\n").unwrap_err();
        assert!(err.contains("seam.toml:2"), "{err}");
        assert!(err.contains("exlude"), "{err}");
        let err = parse("[rules]\ncycles = { max_size = \"three\" }\n").unwrap_err();
        assert!(err.contains("seam.toml:2"), "{err}");
        let err = parse("[rules\n").unwrap_err();
        assert!(err.contains("seam.toml:1"), "{err}");
    }

    #[test]
    fn pyproject_tool_seam_is_read_strictly_and_the_rest_loosely() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pyproject.toml");
        std::fs::write(
            &file,
            "[project]\nname = \"x\"\n[tool.ruff]\nline-length = 99\n[tool.seam]\nexclude = [\"a/**\"]\n",
        )
        .unwrap();
        let (config, found) = load(dir.path(), None).unwrap();
        assert_eq!(found.as_deref(), Some(file.as_path()));
        assert_eq!(config.exclude, vec!["a/**".to_string()]);
        std::fs::write(&file, "[tool.seam]\nexclude = []\nbogus = 1\n").unwrap();
        let err = load(dir.path(), None).unwrap_err().to_string();
        assert!(
            err.contains("pyproject.toml:3") && err.contains("bogus"),
            "{err}"
        );
    }
}
