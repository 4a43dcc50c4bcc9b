//! Workspace packages (npm, yarn, pnpm workspaces; turbo, nx): a package
//! in the tree imported by name. Its `package.json` often points at build
//! output (`"exports": {"./button": "./dist/button/index.js"}`, `main:
//! dist/index.js`) that is not in the repository; the import then means the
//! source the build comes from: the package's tsconfig `outDir` → `rootDir`
//! (or its first `include` folder), or a `src/` beside `dist/`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{join, normalize, parse_jsonc};

/// Conditions preferred when an export names several targets: where the
/// source is first, then types (usually beside the source in a repository),
/// then what a bundler would load.
const CONDITIONS: &[&str] = &[
    "source",
    "development",
    "types",
    "typings",
    "import",
    "module",
    "browser",
    "default",
    "require",
    "node",
];

/// Build output folders a `src/` mirrors when no tsconfig says so.
const BUILD_DIRS: &[&str] = &["dist", "build", "lib", "out", "esm", "cjs", "es", "types"];

#[derive(Debug, Clone, Default)]
pub struct Package {
    /// Root-relative folder of its `package.json`.
    pub dir: String,
    /// `source`, `module`, `main` or `types`, joined to `dir`.
    pub entry: Option<String>,
    /// `exports` as (subpath pattern, targets in preference order), the
    /// targets joined to `dir`: (`./button`, [`ui/dist/button/index.js`]).
    pub exports: Vec<(String, Vec<String>)>,
    /// (build folder, source folder), root-relative, from the package's
    /// tsconfig files (`outDir` → `rootDir`).
    pub out_to_src: Vec<(String, String)>,
}

impl Package {
    pub fn new(dir: &str, json: &Value, configs: &BTreeMap<String, Vec<u8>>) -> Package {
        let entry = ["source", "module", "main", "types", "typings"]
            .iter()
            .find_map(|k| json.get(*k).and_then(Value::as_str))
            .and_then(|e| normalize(&join(dir, e)));
        let exports = match json.get("exports") {
            Some(Value::Object(map)) if map.keys().any(|k| k.starts_with('.')) => map
                .iter()
                .filter(|(k, _)| k.starts_with('.'))
                .map(|(k, v)| (k.clone(), targets(dir, v)))
                .collect(),
            Some(v @ (Value::String(_) | Value::Object(_) | Value::Array(_))) => {
                vec![(".".to_string(), targets(dir, v))]
            }
            _ => Vec::new(),
        };
        Package {
            dir: dir.to_string(),
            entry,
            exports,
            out_to_src: out_dirs(dir, configs),
        }
    }

    /// The targets `exports` gives for a subpath (`""` for the package
    /// itself): the exact key, else the longest matching `*` pattern with
    /// the star filled in. `None` when `exports` does not list it.
    pub fn exported(&self, rest: &str) -> Option<Vec<String>> {
        let key = if rest.is_empty() {
            ".".to_string()
        } else {
            format!("./{rest}")
        };
        if let Some((_, t)) = self.exports.iter().find(|(k, _)| *k == key) {
            return Some(t.clone());
        }
        let mut best: Option<(usize, Vec<String>)> = None;
        for (pattern, targets) in &self.exports {
            let Some((before, after)) = pattern.split_once('*') else {
                continue;
            };
            if key.len() >= before.len() + after.len()
                && key.starts_with(before)
                && key.ends_with(after)
                && best.as_ref().is_none_or(|(len, _)| before.len() > *len)
            {
                let star = &key[before.len()..key.len() - after.len()];
                let filled = targets.iter().map(|t| t.replace('*', star)).collect();
                best = Some((before.len(), filled));
            }
        }
        best.map(|(_, t)| t)
    }

    /// The source files a build output path may come from, most likely
    /// first: `ui/dist/button/index.d.ts` → `ui/src/button/index.ts`, …
    pub fn sources_of(&self, built: &str) -> Vec<String> {
        let stem = strip_build_extension(built);
        let mut out = Vec::new();
        for (out_dir, src_dir) in &self.out_to_src {
            if let Some(rest) = stem.strip_prefix(out_dir.as_str())
                && (rest.is_empty() || rest.starts_with('/'))
            {
                out.push(format!("{src_dir}{rest}"));
            }
        }
        let inner = built
            .strip_prefix(self.dir.as_str())
            .unwrap_or(built)
            .trim_start_matches('/');
        let stem_inner = strip_build_extension(inner);
        let mut parts: Vec<&str> = stem_inner.split('/').collect();
        // `dist/esm/x` → `src/x`; `dist/x` → `src/x`.
        let mut dropped = 0;
        while dropped < 2 && parts.len() > 1 && BUILD_DIRS.contains(&parts[0]) {
            parts.remove(0);
            dropped += 1;
        }
        if dropped > 0 {
            out.push(join(&self.dir, &format!("src/{}", parts.join("/"))));
            out.push(join(&self.dir, &parts.join("/")));
        }
        out.dedup();
        out
    }
}

/// `x.d.ts` → `x`, `x.js` → `x`: the probe adds the source extension.
fn strip_build_extension(path: &str) -> &str {
    for ext in [
        ".d.ts", ".d.mts", ".d.cts", ".js", ".mjs", ".cjs", ".jsx", ".ts",
    ] {
        if let Some(stem) = path.strip_suffix(ext) {
            return stem;
        }
    }
    path
}

/// An export's targets in [`CONDITIONS`] order (unknown conditions last,
/// in their written order), joined to the package folder.
fn targets(dir: &str, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect_targets(value, &mut out, 0);
    out.into_iter()
        .filter_map(|t| normalize(&join(dir, &t)))
        .collect()
}

fn collect_targets(value: &Value, out: &mut Vec<String>, depth: u32) {
    if depth > 8 {
        return;
    }
    match value {
        Value::String(s) if !out.contains(s) => out.push(s.clone()),
        Value::Array(items) => items
            .iter()
            .for_each(|v| collect_targets(v, out, depth + 1)),
        Value::Object(map) => {
            let rank = |k: &str| {
                CONDITIONS
                    .iter()
                    .position(|c| *c == k)
                    .unwrap_or(usize::MAX)
            };
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by_key(|k| rank(k));
            for k in keys {
                collect_targets(&map[k], out, depth + 1);
            }
        }
        _ => {}
    }
}

/// `outDir` → `rootDir` of the tsconfig files in a package folder
/// (`tsconfig.json`, `tsconfig.build.json`, `tsconfig.lib.json`, …).
/// Without `rootDir`, the first `include` folder, else `src`.
fn out_dirs(dir: &str, configs: &BTreeMap<String, Vec<u8>>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    for (path, bytes) in configs.range(prefix.clone()..) {
        if !path.starts_with(&prefix) {
            break;
        }
        let name = &path[prefix.len()..];
        if name.contains('/') || !name.starts_with("tsconfig") || !name.ends_with(".json") {
            continue;
        }
        let Ok(json) = parse_jsonc(bytes) else {
            continue;
        };
        let options = json.get("compilerOptions");
        let Some(out_dir) = options
            .and_then(|o| o.get("outDir"))
            .and_then(Value::as_str)
            .and_then(|d| normalize(&join(dir, d)))
        else {
            continue;
        };
        let root = options
            .and_then(|o| o.get("rootDir"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| {
                let first = json.get("include")?.as_array()?.first()?.as_str()?;
                let folder = first.split(['*', '{']).next().unwrap_or("");
                Some(folder.trim_end_matches('/').to_string()).filter(|f| !f.is_empty())
            })
            .unwrap_or_else(|| "src".to_string());
        if let Some(root) = normalize(&join(dir, &root))
            && !out.contains(&(out_dir.clone(), root.clone()))
        {
            out.push((out_dir, root));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(json: &str, configs: &[(&str, &str)]) -> Package {
        let configs: BTreeMap<String, Vec<u8>> = configs
            .iter()
            .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
            .collect();
        Package::new(
            "packages/ui",
            &parse_jsonc(json.as_bytes()).unwrap(),
            &configs,
        )
    }

    #[test]
    fn exports_with_conditions_and_patterns() {
        let p = package(
            r#"{"name": "@acme/ui", "exports": {
                ".": {"import": "./dist/index.mjs", "types": "./dist/index.d.ts"},
                "./button": "./dist/button/index.js",
                "./icons/*": {"default": "./dist/icons/*.js"},
                "./package.json": "./package.json"}}"#,
            &[],
        );
        assert_eq!(
            p.exported("").unwrap(),
            vec!["packages/ui/dist/index.d.ts", "packages/ui/dist/index.mjs"]
        );
        assert_eq!(
            p.exported("button").unwrap(),
            vec!["packages/ui/dist/button/index.js"]
        );
        assert_eq!(
            p.exported("icons/arrow").unwrap(),
            vec!["packages/ui/dist/icons/arrow.js"]
        );
        assert_eq!(p.exported("card"), None);
    }

    #[test]
    fn build_output_maps_to_its_source() {
        let p = package(
            r#"{"name": "@acme/ui", "main": "./lib/index.js"}"#,
            &[(
                "packages/ui/tsconfig.build.json",
                r#"{"compilerOptions": {"outDir": "./lib", "rootDir": "./source"}}"#,
            )],
        );
        assert_eq!(
            p.sources_of("packages/ui/lib/button/index.d.ts"),
            vec![
                "packages/ui/source/button/index",
                "packages/ui/src/button/index",
                "packages/ui/button/index"
            ]
        );
        let bare = package(r#"{"name": "@acme/ui"}"#, &[]);
        assert_eq!(
            bare.sources_of("packages/ui/dist/esm/card.mjs"),
            vec!["packages/ui/src/card", "packages/ui/card"]
        );
        assert!(bare.sources_of("packages/ui/index.js").is_empty());
    }
}
