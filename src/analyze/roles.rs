//! Module roles: what each file is for, so only production source becomes a
//! candidate service and tests, migrations and scripts are attached to what
//! they exercise. Decided in order by `[roles]` globs of `seam.toml`, the
//! path, a generated-file header, then the graph (a module only tests
//! import is test support); each module keeps the rule that decided.

use std::collections::{BTreeMap, BTreeSet};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

/// What a module is for.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
    Source,
    Test,
    Migration,
    Fixture,
    Vendored,
    Generated,
    Script,
    Config,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Source,
        Role::Test,
        Role::Migration,
        Role::Fixture,
        Role::Vendored,
        Role::Generated,
        Role::Script,
        Role::Config,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::Source => "source",
            Role::Test => "test",
            Role::Migration => "migration",
            Role::Fixture => "fixture",
            Role::Vendored => "vendored",
            Role::Generated => "generated",
            Role::Script => "script",
            Role::Config => "config",
        }
    }
}

impl Role {
    /// Whether the production views count it: tests, migrations and
    /// fixtures only with `--include-tests`.
    pub fn counted(self, include_tests: bool) -> bool {
        include_tests || !matches!(self, Role::Test | Role::Migration | Role::Fixture)
    }
}

/// Whether the production views count module `id` (a module with no role,
/// not a file module, counts).
pub fn counted(roles: &BTreeMap<String, Assigned>, id: &str, include_tests: bool) -> bool {
    roles.get(id).is_none_or(|a| a.role.counted(include_tests))
}

/// A module's role and the rule that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assigned {
    pub role: Role,
    pub rule: String,
}

/// Directory names and what they make of the files below them, checked
/// from the file upwards (the nearest decides: `tests/fixtures/x.py` is a
/// fixture, `vendor/lib/tests/x.js` vendored — checked first, see below).
const DIRS: &[(&str, Role)] = &[
    ("migrations", Role::Migration),
    ("fixtures", Role::Fixture),
    ("__fixtures__", Role::Fixture),
    ("__mocks__", Role::Fixture),
    ("testdata", Role::Fixture),
    ("test_data", Role::Fixture),
    ("management", Role::Script),
    ("scripts", Role::Script),
    ("tools", Role::Script),
    ("bin", Role::Script),
    ("settings", Role::Config),
];

/// Top-level directories of developer tooling, documentation builds and
/// deployment: scripts, checked only as the path's first directory (a
/// package's own `docs` or `deploy` module deeper down is code).
const TOOLING_TOP_DIRS: &[&str] = &[
    "dev",
    "devtools",
    "hack",
    "ci",
    ".github",
    ".circleci",
    "docker",
    "deploy",
    "deployment",
    "ops",
    "docs",
    "doc",
    "benchmarks",
    "bench",
    "examples",
];

/// Directories whose whole subtree is someone else's code or a build's.
const VENDOR_DIRS: &[&str] = &[
    "vendor",
    "vendored",
    "third_party",
    "thirdparty",
    "node_modules",
    "bower_components",
    "external",
];
const GENERATED_DIRS: &[&str] = &["generated", "__generated__", "gen", "dist", "build"];

/// File names that are configuration or scripts wherever they are.
fn by_file_name(file: &str) -> Option<(Role, &'static str)> {
    let stem = file.split('.').next().unwrap_or(file);
    match file {
        "settings.py" | "wsgi.py" | "asgi.py" | "celeryconfig.py" | "gunicorn.conf.py" => {
            Some((Role::Config, "a settings or server configuration file name"))
        }
        "manage.py" | "setup.py" | "noxfile.py" | "fabfile.py" | "conftest.py" => Some((
            if file == "conftest.py" {
                Role::Test
            } else {
                Role::Script
            },
            if file == "conftest.py" {
                "pytest's conftest.py"
            } else {
                "a project script's file name (manage.py, setup.py, …)"
            },
        )),
        _ if file.ends_with(".min.js") || file.ends_with("-min.js") => {
            Some((Role::Vendored, "minified bundle (.min.js)"))
        }
        _ if file.ends_with("_pb2.py")
            || file.ends_with("_pb2_grpc.py")
            || file.contains(".generated.")
            || file.ends_with(".gen.ts") =>
        {
            Some((
                Role::Generated,
                "generated file name (_pb2, .generated., .gen.ts)",
            ))
        }
        // `vite.config.ts`, `webpack.config.js`, `jest.config.js`
        _ if file.contains(".config.") || stem == "gulpfile" || stem == "Gruntfile" => {
            Some((Role::Config, "build tool configuration (*.config.*)"))
        }
        _ => None,
    }
}

/// Compiled `[roles]` globs: the first role whose globs match wins.
pub struct Overrides(Vec<(Role, GlobSet)>);

impl Overrides {
    /// From `[roles]` (role name, globs), in the file's order.
    pub fn from_config(roles: &[(String, Vec<String>)]) -> Result<Overrides, String> {
        let mut globs = BTreeMap::new();
        for (name, patterns) in roles {
            let role = Role::ALL
                .into_iter()
                .find(|r| r.name() == name)
                .ok_or_else(|| format!("[roles]: unknown role {name}"))?;
            globs.insert(role, patterns.clone());
        }
        Overrides::new(&globs)
    }

    pub fn new(globs: &BTreeMap<Role, Vec<String>>) -> Result<Overrides, String> {
        let mut out = Vec::new();
        for (role, patterns) in globs {
            let mut builder = GlobSetBuilder::new();
            for p in patterns {
                builder.add(Glob::new(p).map_err(|e| format!("[roles] {}: {e}", role.name()))?);
            }
            out.push((
                *role,
                builder
                    .build()
                    .map_err(|e| format!("[roles] {}: {e}", role.name()))?,
            ));
        }
        Ok(Overrides(out))
    }
}

/// The role of one path from its name alone (no graph, no contents).
pub fn by_path(path: &str) -> Option<Assigned> {
    let parts: Vec<&str> = path.split('/').collect();
    let (file, dirs) = parts.split_last()?;
    let decided = |role: Role, rule: String| Some(Assigned { role, rule });
    if let Some(d) = dirs.iter().find(|d| VENDOR_DIRS.contains(d)) {
        return decided(Role::Vendored, format!("under a {d}/ directory"));
    }
    if let Some(d) = dirs.iter().find(|d| GENERATED_DIRS.contains(d)) {
        return decided(Role::Generated, format!("under a {d}/ directory"));
    }
    // `alembic/versions/…`, `migrate/versions/…`
    if dirs.ends_with(&["versions"]) && dirs.len() >= 2 {
        let parent = dirs[dirs.len() - 2];
        if matches!(parent, "alembic" | "migrate" | "migration" | "migrations") {
            return decided(Role::Migration, format!("under {parent}/versions/"));
        }
    }
    if let Some((role, rule)) = by_file_name(file) {
        return decided(role, rule.to_string());
    }
    if let Some(top) = dirs.first().filter(|d| TOOLING_TOP_DIRS.contains(d))
        && !dirs.iter().any(|d| is_test_dir(d))
    {
        return decided(
            Role::Script,
            format!("under the top-level {top}/ directory"),
        );
    }
    for d in dirs.iter().rev() {
        if let Some((_, role)) = DIRS.iter().find(|(name, _)| name == d) {
            return decided(*role, format!("under a {d}/ directory"));
        }
        if is_test_dir(d) {
            return decided(Role::Test, format!("under a {d}/ directory"));
        }
    }
    if crate::discover::is_test_path(path) {
        return decided(
            Role::Test,
            "test file name (test_*, *_test, *.test.*, *.spec.*)".into(),
        );
    }
    None
}

fn is_test_dir(d: &str) -> bool {
    matches!(
        d,
        "tests" | "test" | "__tests__" | "spec" | "e2e" | "e2e-tests"
    )
}

/// Entry points by name: run by a server or a command, imported by nothing
/// (or only by tests) and still production code.
const ENTRY_POINTS: &[&str] = &[
    "app",
    "main",
    "server",
    "wsgi",
    "asgi",
    "__main__",
    "index",
    "cli",
    "run",
    "application",
];

/// What a file's own text says about it.
#[derive(Debug, Default)]
pub struct Marks<'a> {
    /// Its header says it is generated.
    pub generated: BTreeSet<&'a str>,
    /// It runs as a program (`if __name__ == "__main__":`).
    pub programs: BTreeSet<&'a str>,
}

/// Every module's role. `marks` are what files say of themselves;
/// `imports` are (importer, imported) module pairs; `handlers` are modules
/// that handle routes (production code, whoever imports them).
pub fn assign(
    modules: &[&str],
    marks: &Marks,
    imports: &[(&str, &str)],
    handlers: &BTreeSet<&str>,
    overrides: &Overrides,
) -> BTreeMap<String, Assigned> {
    let mut out: BTreeMap<String, Assigned> = BTreeMap::new();
    for &m in modules {
        let assigned = overrides
            .0
            .iter()
            .find(|(_, set)| set.is_match(m))
            .map(|(role, _)| Assigned {
                role: *role,
                rule: format!("[roles] {} in seam.toml", role.name()),
            })
            .or_else(|| by_path(m))
            .or_else(|| {
                marks.generated.contains(m).then(|| Assigned {
                    role: Role::Generated,
                    rule: "header says the file is generated".into(),
                })
            });
        if let Some(a) = assigned {
            out.insert(m.to_string(), a);
        }
    }
    // Test support: a module imported only by tests — tests decided above,
    // so the rule does not spread along the imports — unless it handles
    // routes or is an entry point by name. A program (`__main__` guard) no
    // production module imports is a script, and so is what only such
    // scripts import (`dev/code-generation/main.py` and its helpers).
    let mut importers: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for &(from, to) in imports {
        if from != to {
            importers.entry(to).or_default().push(from);
        }
    }
    let by = |m: &str| importers.get(m).map(Vec::as_slice).unwrap_or(&[]);
    let kept = |m: &str| {
        let file = m.rsplit('/').next().unwrap_or(m);
        let stem = file.split('.').next().unwrap_or(file);
        handlers.contains(m) || ENTRY_POINTS.contains(&stem)
    };
    for &m in modules {
        if !out.contains_key(m) && marks.programs.contains(m) && by(m).is_empty() && !kept(m) {
            out.insert(
                m.to_string(),
                Assigned {
                    role: Role::Script,
                    rule: "runs as a program (if __name__ == \"__main__\") and nothing imports it"
                        .into(),
                },
            );
        }
    }
    let decided = out.clone();
    // Management commands run in production (cron jobs, workers): what
    // only they import is still production code.
    let counts = |a: &Assigned, role: Role| {
        a.role == role && !(role == Role::Script && a.rule.contains("management/"))
    };
    let only_by = |m: &str, role: Role| {
        !by(m).is_empty()
            && by(m)
                .iter()
                .all(|f| decided.get(*f).is_some_and(|a| counts(a, role)))
    };
    for &m in modules {
        if out.contains_key(m) {
            continue;
        }
        let role = if !kept(m) && only_by(m, Role::Test) {
            Assigned {
                role: Role::Test,
                rule: "imported only by tests (test support)".into(),
            }
        } else if !kept(m) && only_by(m, Role::Script) {
            Assigned {
                role: Role::Script,
                rule: "imported only by scripts (script support)".into(),
            }
        } else {
            Assigned {
                role: Role::Source,
                rule: "default".into(),
            }
        };
        out.insert(m.to_string(), role);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(path: &str) -> Option<Role> {
        by_path(path).map(|a| a.role)
    }

    #[test]
    fn paths_decide_the_usual_roles() {
        assert_eq!(role("zerver/tests/test_x.py"), Some(Role::Test));
        assert_eq!(role("web/src/foo.test.ts"), Some(Role::Test));
        assert_eq!(
            role("zerver/migrations/0001_initial.py"),
            Some(Role::Migration)
        );
        assert_eq!(role("alembic/versions/2024_x.py"), Some(Role::Migration));
        assert_eq!(role("tests/fixtures/data.py"), Some(Role::Fixture));
        assert_eq!(
            role("static/vendor/jquery/tests/x.js"),
            Some(Role::Vendored)
        );
        assert_eq!(role("static/js/select2.min.js"), Some(Role::Vendored));
        assert_eq!(role("api/users_pb2.py"), Some(Role::Generated));
        assert_eq!(
            role("zerver/management/commands/send.py"),
            Some(Role::Script)
        );
        assert_eq!(role("manage.py"), Some(Role::Script));
        assert_eq!(role("tools/lib/x.py"), Some(Role::Script));
        assert_eq!(role("dev/code-generation/main.py"), Some(Role::Script));
        assert_eq!(role("docs/conf.py"), Some(Role::Script));
        assert_eq!(role("dev/tests/test_gen.py"), Some(Role::Test));
        // only at the top: a package's own `docs` module is code
        assert_eq!(role("app/docs/views.py"), None);
        assert_eq!(role("proj/settings.py"), Some(Role::Config));
        assert_eq!(role("proj/settings/prod.py"), Some(Role::Config));
        assert_eq!(role("web/vite.config.ts"), Some(Role::Config));
        assert_eq!(role("src/conftest.py"), Some(Role::Test));
        // Ordinary code stays undecided by its path.
        assert_eq!(role("zerver/views/users.py"), None);
        assert_eq!(role("web/src/settings_ui.ts"), None);
        assert_eq!(role("web/src/tools.ts"), None);
    }

    #[test]
    fn overrides_then_paths_then_the_graph() {
        let mut globs = BTreeMap::new();
        globs.insert(Role::Script, vec!["ops/**".to_string()]);
        let overrides = Overrides::new(&globs).unwrap();
        let modules = [
            "ops/deploy.py",
            "app/core.py",
            "app/main.py",
            "app/factories.py",
            "app/tests/test_core.py",
            "misc/codegen.py",
            "misc/templates.py",
            "app/cli_tool.py",
        ];
        let imports = [
            ("app/tests/test_core.py", "app/core.py"),
            ("app/tests/test_core.py", "app/factories.py"),
            ("app/main.py", "app/core.py"),
            ("misc/codegen.py", "misc/templates.py"),
            ("misc/codegen.py", "app/core.py"),
            ("app/core.py", "app/cli_tool.py"),
        ];
        // Programs: a generator nothing imports (a script), an entry point
        // by name (kept), and one production code imports (kept).
        let marks = Marks {
            programs: ["misc/codegen.py", "app/main.py", "app/cli_tool.py"].into(),
            ..Marks::default()
        };
        let roles = assign(&modules, &marks, &imports, &BTreeSet::new(), &overrides);
        let got: Vec<(&str, Role)> = roles.iter().map(|(m, a)| (m.as_str(), a.role)).collect();
        assert_eq!(
            got,
            vec![
                ("app/cli_tool.py", Role::Source),
                ("app/core.py", Role::Source),
                ("app/factories.py", Role::Test),
                ("app/main.py", Role::Source),
                ("app/tests/test_core.py", Role::Test),
                ("misc/codegen.py", Role::Script),
                ("misc/templates.py", Role::Script),
                ("ops/deploy.py", Role::Script),
            ]
        );
        assert_eq!(
            roles["app/factories.py"].rule,
            "imported only by tests (test support)"
        );
        assert_eq!(roles["ops/deploy.py"].rule, "[roles] script in seam.toml");
        assert_eq!(
            roles["misc/templates.py"].rule,
            "imported only by scripts (script support)"
        );
    }
}
