//! The pipeline has no back-edges: each top-level module of `src/` uses only
//! the modules before it in [`LAYERS`] (leaves, then the stages in pipeline
//! order; the README's Layout section says the same in prose). A new `crate::later_stage` reference in production code
//! fails here, naming the file; move the shared piece into an earlier leaf
//! module instead. Test code (from `#[cfg(test)]` on) may use anything.

use std::collections::BTreeMap;
use std::path::Path;

/// The library's top-level modules in dependency order.
const LAYERS: &[&str] = &[
    // leaves
    "error",
    "diagnostic",
    "text",
    "fsio",
    // settings
    "config",
    "config_file",
    // discover, then what reads the tree besides the parser
    "discover",
    "history",
    // extract: syntax plumbing and fact types shared with the language rules
    "syntax",
    "facts",
    "lang",
    "extract",
    // resolve: imports, then routes/requests/links, then shared state
    "resolve",
    "endpoints",
    "state",
    "graph",
    "analyze",
    "report",
    // after the report: reuse, rules, exports
    "memo",
    "check",
    "export",
];

/// Module names `lib.rs` declares.
fn declared(lib: &str) -> Vec<String> {
    let mut out: Vec<String> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';').trim().to_string())
        .collect();
    out.sort();
    out
}

/// Production part of a source file: up to its first `#[cfg(test)]`, with
/// line comments dropped (docs may name later stages).
fn production(src: &str) -> String {
    let code = src.split("#[cfg(test)]").next().unwrap_or("");
    code.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Top-level modules named after `crate::`, including `crate::{a, b::c}`.
fn referenced(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let (mut depth, mut start) = (0, 0);
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.push(first_ident(&group[start..j]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(first_ident(&group[start..j]));
                        start = j + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(first_ident(rest));
        }
    }
    out
}

fn first_ident(s: &str) -> String {
    s.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_uses_a_later_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut layered: Vec<String> = LAYERS.iter().map(|s| s.to_string()).collect();
    layered.sort();
    assert_eq!(
        declared(&std::fs::read_to_string(src.join("lib.rs")).unwrap()),
        layered,
        "every module lib.rs declares has its place in LAYERS"
    );
    let rank: BTreeMap<&str, usize> = LAYERS.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut back_edges = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let top = top.trim_end_matches(".rs");
        let Some(&own) = rank.get(top) else {
            continue; // lib.rs, main.rs and the binary's cli modules
        };
        let code = production(&std::fs::read_to_string(&file).unwrap());
        for used in referenced(&code) {
            if let Some(&theirs) = rank.get(used.as_str())
                && theirs > own
            {
                back_edges.push(format!("{} uses crate::{used}", rel.display()));
            }
        }
    }
    back_edges.sort();
    back_edges.dedup();
    assert!(
        back_edges.is_empty(),
        "back-edges (a module may use only those declared before it in lib.rs):\n{}",
        back_edges.join("\n")
    );
}

#[test]
fn the_checker_sees_grouped_and_plain_paths() {
    let code = "use crate::{a::X, b};\nfn f() { crate::c::g(); }\n// crate::d\n";
    assert_eq!(referenced(&production(code)), ["a", "b", "c"]);
}
