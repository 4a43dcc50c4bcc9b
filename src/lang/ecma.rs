//! JavaScript and TypeScript: import context from the syntax tree, and the
//! module resolution rules used by `resolve` — relative paths with extension
//! and `index` probing, `tsconfig.json`/`jsconfig.json` `baseUrl` and `paths`
//! (nearest config per file, `extends` followed), and workspace packages.

pub mod web;
mod workspace;

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;
use tree_sitter::Node;

use super::ImportContext;
use crate::facts::ImportKind;
use workspace::Package;

/// Framework type generation: modules written at build time, never in the
/// tree (`import type { Route } from "./+types/home"`). A specifier that
/// holds the mark and leads nowhere is that framework's.
const TYPEGEN: &[(&str, &str)] = &[
    ("/+types/", "React Router typegen (`./+types/…`)"),
    (
        ".react-router/types",
        "React Router typegen (`.react-router/types`)",
    ),
    ("/$types", "SvelteKit typegen (`./$types`)"),
    (".svelte-kit/", "SvelteKit typegen (`.svelte-kit/types`)"),
    (".next/types", "Next.js typegen (`.next/types`)"),
    (".nuxt/", "Nuxt generated (`.nuxt/…`)"),
    (".astro/", "Astro generated (`.astro/…`)"),
];

/// Extensions probed for an extension-less specifier. Implementations come
/// before `.d.ts` declarations: TypeScript itself picks `x.d.ts` over `x.js`,
/// but the code that runs — the dependency an architect cares about — is
/// `x.js` (dependency-cruiser agrees).
const PROBE_EXTENSIONS: &[&str] = &[
    ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".d.ts", ".json", ".vue",
];

/// `function`-like ancestors: an import or `require` under one runs lazily.
const FUNCTION_KINDS: &[&str] = &[
    "function_declaration",
    "function_expression",
    "function",
    "arrow_function",
    "method_definition",
    "generator_function_declaration",
    "generator_function",
];

/// Whether a syntax error sits where tree-sitter-javascript (0.25) rejects
/// what Babel and TypeScript accept: a bare `&` in JSX text (`Terms &
/// conditions`), and a JSX attribute named `default` (`<Select default="x"
/// />`, which also breaks the rest of its line).
pub fn grammar_gap(error: Node, source: &[u8]) -> bool {
    let text = &source[error.byte_range()];
    let in_jsx = std::iter::successors(error.parent(), |n| n.parent())
        .take(4)
        .any(|n| n.kind().starts_with("jsx_"));
    if in_jsx && text.trim_ascii_start().starts_with(b"&") && !text.starts_with(b"&&") {
        return true;
    }
    let line_start = source[..error.start_byte()]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |i| i + 1);
    let line_end = source[error.start_byte()..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(source.len(), |i| error.start_byte() + i);
    let line = &source[line_start..line_end];
    line.contains(&b'<')
        && line
            .windows(9)
            .any(|w| w[0].is_ascii_whitespace() && &w[1..] == b"default=")
}

pub fn import_context(root: Node, stmt: Node, kind: ImportKind) -> ImportContext {
    let mut context = ImportContext {
        lazy: kind == ImportKind::Dynamic,
        ..ImportContext::default()
    };
    // `import type { T } from "a"` / `export type { T } from "a"`: the `type`
    // keyword is an anonymous child of the statement in the TS grammars.
    let mut cursor = stmt.walk();
    context.type_only = matches!(stmt.kind(), "import_statement" | "export_statement")
        && stmt
            .children(&mut cursor)
            .any(|c| !c.is_named() && c.kind() == "type");
    for parent in crate::syntax::ancestors(root, stmt) {
        if FUNCTION_KINDS.contains(&parent.kind()) {
            context.lazy = true;
        }
        if parent.kind() == "try_statement" {
            context.conditional = true;
        }
    }
    context
}

/// What a JS/TS specifier resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EcmaTarget {
    File(String),
    /// An npm package (or a Node built-in), by package name.
    External(String),
    /// A file that exists but is not source code (`./styles.css`).
    Asset(String),
    Unresolved(&'static str),
    /// Written at build time by a framework (see [`TYPEGEN`]): its name.
    Generated(&'static str),
    /// A workspace package's `exports`/`main` names build output that is
    /// not in the tree, and no source maps to it.
    BuildOutput {
        package: String,
        /// The first declared target, root-relative.
        target: String,
    },
}

/// One `tsconfig.json`/`jsconfig.json` after `extends` is followed.
#[derive(Debug, Clone, Default)]
struct TsConfig {
    /// Directory bare specifiers resolve against (`baseUrl`), root-relative.
    base_url: Option<String>,
    /// `paths` patterns with their targets, already joined to their base.
    paths: Vec<(String, Vec<String>)>,
}

pub struct EcmaIndex<'a> {
    /// Every file in the tree (sources, JSON, assets), root-relative.
    files: &'a HashSet<String>,
    /// Directory → its effective config.
    configs: BTreeMap<String, TsConfig>,
    /// Workspace package name → what its `package.json` declares.
    packages: BTreeMap<String, Package>,
}

/// Problems met while reading configs, reported as diagnostics.
pub type ConfigProblem = (String, String);

impl<'a> EcmaIndex<'a> {
    /// `configs` holds the bytes of every `tsconfig*.json`, `jsconfig.json` and
    /// `package.json` in the tree, by path.
    pub fn new(
        files: &'a HashSet<String>,
        configs: &BTreeMap<String, Vec<u8>>,
    ) -> (Self, Vec<ConfigProblem>) {
        let mut problems = Vec::new();
        let mut index = EcmaIndex {
            files,
            configs: BTreeMap::new(),
            packages: BTreeMap::new(),
        };
        for (path, bytes) in configs {
            let name = path.rsplit('/').next().unwrap_or(path);
            let dir = parent_dir(path).to_string();
            match name {
                "tsconfig.json" | "jsconfig.json" => {
                    // tsconfig.json wins when a directory has both.
                    if name == "jsconfig.json" && index.configs.contains_key(&dir) {
                        continue;
                    }
                    match load_tsconfig(path, configs, 0) {
                        Ok(config) => {
                            index.configs.insert(dir, config);
                        }
                        Err(e) => problems.push((path.clone(), e)),
                    }
                }
                "package.json" => match parse_jsonc(bytes) {
                    Ok(json) => {
                        if let Some(name) = json.get("name").and_then(Value::as_str) {
                            index
                                .packages
                                .entry(name.to_string())
                                .or_insert_with(|| Package::new(&dir, &json, configs));
                        }
                    }
                    Err(e) => problems.push((path.clone(), e)),
                },
                _ => {}
            }
        }
        (index, problems)
    }

    /// Makes each of `paths` (root-relative `tsconfig*.json`/`jsconfig.json`
    /// files, the `tsconfig` setting) the config of its folder, in place of the
    /// one found there by name. A path that is not among `configs` (missing,
    /// excluded, or not named like a config) or does not parse is a problem.
    pub fn use_configs(
        &mut self,
        paths: &[String],
        configs: &BTreeMap<String, Vec<u8>>,
    ) -> Vec<ConfigProblem> {
        let mut problems = Vec::new();
        for path in paths {
            let path = path.trim_start_matches("./").trim_matches('/');
            if !configs.contains_key(path) {
                problems.push((
                    path.to_string(),
                    "named by the tsconfig setting, but not a tsconfig*.json or jsconfig.json in the audited tree".to_string(),
                ));
                continue;
            }
            match load_tsconfig(path, configs, 0) {
                Ok(config) => {
                    self.configs.insert(parent_dir(path).to_string(), config);
                }
                Err(e) => problems.push((path.to_string(), e)),
            }
        }
        problems
    }

    fn nearest_config(&self, importer: &str) -> Option<&TsConfig> {
        let mut dir = parent_dir(importer);
        loop {
            if let Some(config) = self.configs.get(dir) {
                return Some(config);
            }
            if dir.is_empty() {
                return None;
            }
            dir = parent_dir(dir);
        }
    }

    pub fn resolve(&self, importer: &str, spec: &str) -> EcmaTarget {
        let target = self.resolve_in_tree(importer, spec);
        if matches!(target, EcmaTarget::Unresolved(_))
            && let Some((_, framework)) = TYPEGEN
                .iter()
                .find(|(mark, _)| format!("/{spec}").contains(mark))
        {
            return EcmaTarget::Generated(framework);
        }
        target
    }

    fn resolve_in_tree(&self, importer: &str, spec: &str) -> EcmaTarget {
        let spec = spec.split(['?', '#']).next().unwrap_or(spec);
        if spec.starts_with("./") || spec.starts_with("../") || spec == "." || spec == ".." {
            return match normalize(&join(parent_dir(importer), spec)) {
                None => EcmaTarget::Unresolved("outside root"),
                Some(base) => self
                    .probe(&base)
                    .unwrap_or(EcmaTarget::Unresolved("not found")),
            };
        }
        if spec.starts_with('/') {
            return EcmaTarget::Unresolved("absolute path");
        }
        if let Some(config) = self.nearest_config(importer) {
            let mut matched_alias = false;
            for (pattern, targets) in best_patterns(&config.paths, spec) {
                // A catch-all `*` pattern (extra type roots) falls back to
                // node_modules like TypeScript does; a named alias does not.
                matched_alias |= pattern != "*";
                let star = star_match(pattern, spec).unwrap_or_default();
                for target in targets {
                    let candidate = target.replacen('*', star, 1);
                    if let Some(found) = normalize(&candidate).and_then(|c| self.probe(&c)) {
                        return found;
                    }
                }
            }
            if let Some(base) = &config.base_url
                && let Some(found) = normalize(&join(base, spec)).and_then(|c| self.probe(&c))
            {
                return found;
            }
            if matched_alias {
                return EcmaTarget::Unresolved("not found");
            }
        }
        if let Some(found) = self.resolve_workspace(spec) {
            return found;
        }
        EcmaTarget::External(package_name(spec).to_string())
    }

    /// A workspace package imported by name: what its `exports` (else its
    /// entry, else its folder) name, in the tree or mapped back from build
    /// output to the source it is built from.
    fn resolve_workspace(&self, spec: &str) -> Option<EcmaTarget> {
        let name = package_name(spec);
        let package = self.packages.get(name)?;
        let rest = spec[name.len()..].trim_start_matches('/');
        let declared: Vec<String> = match package.exported(rest) {
            Some(targets) => targets,
            None if rest.is_empty() => package.entry.iter().cloned().collect(),
            None => Vec::new(),
        };
        for target in &declared {
            if let Some(found) = self.probe(target) {
                return Some(found);
            }
        }
        for target in &declared {
            for source in package.sources_of(target) {
                if let Some(found) = self.probe(&source) {
                    return Some(found);
                }
            }
        }
        let fallback = if rest.is_empty() {
            self.probe(&join(&package.dir, "index"))
                .or_else(|| self.probe(&join(&package.dir, "src/index")))
        } else {
            self.probe(&join(&package.dir, rest))
                .or_else(|| self.probe(&join(&package.dir, &format!("src/{rest}"))))
        };
        Some(fallback.unwrap_or_else(|| match declared.first() {
            None => EcmaTarget::Unresolved("not found"),
            Some(target) => EcmaTarget::BuildOutput {
                package: name.to_string(),
                target: target.clone(),
            },
        }))
    }

    /// Node/TypeScript file probing: the exact file, a `.js` specifier naming a
    /// `.ts` file, the path plus each extension, then `index` in a directory.
    fn probe(&self, base: &str) -> Option<EcmaTarget> {
        let found = |p: &str| self.files.contains(p).then(|| classify(p));
        if let Some(hit) = found(base) {
            return Some(hit);
        }
        for (js, ts) in [
            (".js", ".ts"),
            (".jsx", ".tsx"),
            (".mjs", ".mts"),
            (".cjs", ".cts"),
        ] {
            if let Some(stem) = base.strip_suffix(js) {
                for ext in [ts, ".tsx", ".d.ts"] {
                    if let Some(hit) = found(&format!("{stem}{ext}")) {
                        return Some(hit);
                    }
                }
            }
        }
        for ext in PROBE_EXTENSIONS {
            if let Some(hit) = found(&format!("{base}{ext}")) {
                return Some(hit);
            }
        }
        let index = join(base, "index");
        PROBE_EXTENSIONS
            .iter()
            .find_map(|ext| found(&format!("{index}{ext}")))
    }
}

fn classify(path: &str) -> EcmaTarget {
    if crate::discover::Language::from_path(path).is_some() {
        EcmaTarget::File(path.to_string())
    } else {
        EcmaTarget::Asset(path.to_string())
    }
}

/// The `paths` patterns matching `spec`, longest prefix first (TypeScript's rule).
fn best_patterns<'a>(
    paths: &'a [(String, Vec<String>)],
    spec: &str,
) -> Vec<(&'a str, &'a [String])> {
    let mut hits: Vec<(&str, &[String])> = paths
        .iter()
        .filter(|(pattern, _)| star_match(pattern, spec).is_some())
        .map(|(p, t)| (p.as_str(), t.as_slice()))
        .collect();
    hits.sort_by_key(|(p, _)| std::cmp::Reverse(p.find('*').unwrap_or(p.len())));
    hits
}

/// Matches `@/*` against `@/store/cart` → `Some("store/cart")`.
fn star_match<'a>(pattern: &str, spec: &'a str) -> Option<&'a str> {
    match pattern.split_once('*') {
        None => (pattern == spec).then_some(""),
        Some((prefix, suffix)) => spec
            .strip_prefix(prefix)?
            .strip_suffix(suffix)
            .filter(|_| spec.len() >= prefix.len() + suffix.len()),
    }
}

/// `react-dom/client` → `react-dom`; `@scope/pkg/x` → `@scope/pkg`; `node:fs` → `fs`.
pub fn package_name(spec: &str) -> &str {
    let spec = spec.strip_prefix("node:").unwrap_or(spec);
    let mut parts = spec.splitn(3, '/');
    let first = parts.next().unwrap_or(spec);
    if first.starts_with('@')
        && let Some(second) = parts.next()
    {
        return &spec[..first.len() + 1 + second.len()];
    }
    first
}

fn load_tsconfig(
    path: &str,
    configs: &BTreeMap<String, Vec<u8>>,
    depth: usize,
) -> Result<TsConfig, String> {
    if depth > 16 {
        return Err("`extends` chain longer than 16 (a loop?)".into());
    }
    let bytes = configs.get(path).ok_or("file not found")?;
    let json = parse_jsonc(bytes)?;
    let dir = parent_dir(path);
    let mut config = TsConfig::default();
    let parents: Vec<&str> = match json.get("extends") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    for parent in parents {
        // Package configs (`@tsconfig/node20`) live in node_modules, which is
        // not audited; their options rarely hold `paths`.
        if !parent.starts_with('.') {
            continue;
        }
        let Some(mut target) = normalize(&join(dir, parent)) else {
            continue;
        };
        if !target.ends_with(".json") {
            target.push_str(".json");
        }
        let inherited = load_tsconfig(&target, configs, depth + 1)
            .map_err(|e| format!("extends {parent}: {e}"))?;
        if inherited.base_url.is_some() {
            config.base_url = inherited.base_url;
        }
        if !inherited.paths.is_empty() {
            config.paths = inherited.paths;
        }
    }
    let options = json.get("compilerOptions");
    if let Some(base) = options
        .and_then(|o| o.get("baseUrl"))
        .and_then(Value::as_str)
    {
        config.base_url = normalize(&join(dir, base));
    }
    if let Some(paths) = options
        .and_then(|o| o.get("paths"))
        .and_then(Value::as_object)
    {
        // Without baseUrl, `paths` are relative to the config that holds them.
        let base = options
            .and_then(|o| o.get("baseUrl"))
            .and_then(Value::as_str)
            .and_then(|b| normalize(&join(dir, b)))
            .unwrap_or_else(|| dir.to_string());
        config.paths = paths
            .iter()
            .map(|(pattern, targets)| {
                let targets = targets
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_else(Vec::new)
                    .into_iter()
                    .map(|t| join(&base, t))
                    .collect();
                (pattern.clone(), targets)
            })
            .collect();
    }
    Ok(config)
}

/// JSON with `//` and `/* */` comments and trailing commas, as tsconfig allows.
pub fn parse_jsonc(bytes: &[u8]) -> Result<Value, String> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut prev = ' ';
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
            }
            _ => out.push(c),
        }
    }
    let out = remove_trailing_commas(&out);
    serde_json::from_str(&out).map_err(|e| e.to_string())
}

fn remove_trailing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        if c == '"' {
            in_string = true;
        }
        if c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some('}') | Some(']')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn join(dir: &str, rest: &str) -> String {
    if dir.is_empty() || rest.is_empty() {
        format!("{dir}{rest}")
    } else {
        format!("{dir}/{rest}")
    }
}

/// Folds `.` and `..` segments; `None` when the path climbs above the root.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonc_with_comments_and_trailing_commas_parses() {
        let text = br#"{
          // comment with "quotes"
          "compilerOptions": { "baseUrl": ".", /* block */ "paths": { "@/*": ["src/*",], }, },
          "s": "a // not a comment, ]",
        }"#;
        let json = parse_jsonc(text).unwrap();
        assert_eq!(json["compilerOptions"]["paths"]["@/*"][0], "src/*");
        assert_eq!(json["s"], "a // not a comment, ]");
    }

    #[test]
    fn package_names() {
        assert_eq!(package_name("react-dom/client"), "react-dom");
        assert_eq!(package_name("@scope/pkg/x/y"), "@scope/pkg");
        assert_eq!(package_name("node:fs"), "fs");
    }

    #[test]
    fn normalize_refuses_to_climb_above_the_root() {
        assert_eq!(normalize("a/./b/../c").as_deref(), Some("a/c"));
        assert_eq!(normalize("a/../.."), None);
    }
}
