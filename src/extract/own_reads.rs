//! A module's reads of its own mutable globals. Other modules reach a global
//! through imports, which the queries see; the owner reads it by bare name,
//! and capturing every identifier in the query walk would cost more than the
//! rest of the state concern. So, for the few names a file binds to mutable
//! values, one scan of the source finds their tokens; each is kept when the
//! tree says it is an identifier (not a string or comment), it is not an
//! attribute (`obj.X`) or a binding (`X = …`, `f(X=…)`), and no function
//! around it binds the name itself (a parameter, or an assignment in its
//! body) — Python's rule for local names.

use std::collections::{HashMap, HashSet};

use compact_str::CompactString;
use tree_sitter::Node;

use super::scan::{Container, Scan};
use super::state::StateFacts;

/// Reads recorded per global: the edge needs evidence, not every use.
const MAX_READS: usize = 20;
/// Tree lookups per file (each costs the tree's depth): a generated file
/// naming a global in a million strings must not cost a million lookups.
const MAX_LOOKUPS: usize = 4096;

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The next byte that is not a space or tab, from `at` on.
fn next_byte(source: &[u8], at: usize) -> Option<u8> {
    source[at..]
        .iter()
        .copied()
        .find(|b| *b != b' ' && *b != b'\t')
}

fn prev_byte(source: &[u8], at: usize) -> Option<u8> {
    source[..at]
        .iter()
        .rev()
        .copied()
        .find(|b| *b != b' ' && *b != b'\t')
}

pub fn find(state: &mut StateFacts, scan: &mut Scan, root: Node, source: &[u8]) {
    let names: HashSet<&[u8]> = state
        .defs
        .iter()
        .filter(|d| d.mutable && !d.name.starts_with("__"))
        .map(|d| d.name.as_bytes())
        .collect();
    if names.is_empty() {
        return;
    }
    // Every token of a watched name: (offset, name, binds it).
    let mut tokens: Vec<(usize, &[u8], bool)> = Vec::new();
    let mut i = 0;
    while i < source.len() {
        if !is_ident(source[i]) || (i > 0 && is_ident(source[i - 1])) {
            i += 1;
            continue;
        }
        let end = source[i..]
            .iter()
            .position(|b| !is_ident(*b))
            .map_or(source.len(), |p| i + p);
        let word = &source[i..end];
        if names.contains(word) && prev_byte(source, i) != Some(b'.') {
            let after = next_byte(source, end);
            let binds = after == Some(b'=')
                && source
                    .get(end..)
                    .and_then(|r| r.iter().position(|b| *b == b'='))
                    .is_some_and(|p| source.get(end + p + 1) != Some(&b'='));
            tokens.push((i, word, binds));
        }
        i = end;
    }
    let starts: Vec<usize> = tokens.iter().map(|t| t.0).collect();
    let containers = super::scan::innermost(scan, &starts);
    // Functions that make the name local: they bind it (and do not declare
    // it `global`) or take it as a parameter.
    let declared_global: HashSet<(&str, u32)> = state
        .global_decls
        .iter()
        .map(|(n, l)| (n.as_str(), *l))
        .collect();
    let mut local: HashSet<(&[u8], u32)> = HashSet::new();
    for ((at, word, binds), container) in tokens.iter().zip(&containers) {
        let Some(Container::Function(f)) = container else {
            continue;
        };
        let def = scan.functions[*f as usize].node;
        let in_params = def
            .child_by_field_name("parameters")
            .is_some_and(|p| p.start_byte() <= *at && *at < p.end_byte());
        if *binds || in_params {
            let name = std::str::from_utf8(word).unwrap_or_default();
            let first = def.start_position().row as u32 + 1;
            let last = def.end_position().row as u32 + 1;
            let global = declared_global
                .iter()
                .any(|(n, l)| *n == name && first <= *l && *l <= last);
            if !global {
                local.insert((word, *f));
            }
        }
    }
    let def_lines: HashSet<(&str, u32)> = state
        .defs
        .iter()
        .map(|d| (d.name.as_str(), d.line))
        .collect();
    let mut found: HashMap<&[u8], usize> = HashMap::new();
    let mut reads = Vec::new();
    let mut lookups = 0;
    for ((at, word, binds), container) in tokens.iter().zip(&containers) {
        if *binds || found.get(word).is_some_and(|n| *n >= MAX_READS) {
            continue;
        }
        if lookups == MAX_LOOKUPS {
            break;
        }
        // Local in this function or any function around it.
        let mut scope = *container;
        let mut shadowed = false;
        while let Some(c) = scope {
            scope = match c {
                Container::Function(f) => {
                    shadowed |= local.contains(&(*word, f));
                    scan.functions[f as usize].parent
                }
                Container::Class(k) => scan.classes[k as usize].parent,
            };
        }
        lookups += 1;
        let node = root.descendant_for_byte_range(*at, at + word.len());
        let Some(node) = node.filter(|n| !shadowed && n.kind() == "identifier") else {
            continue;
        };
        let name = CompactString::from_utf8_lossy(word);
        let line = node.start_position().row as u32 + 1;
        if def_lines.contains(&(name.as_str(), line)) {
            continue;
        }
        *found.entry(word).or_default() += 1;
        reads.push((name, line, super::state::line_text_at(*at, source).into()));
    }
    state.own_reads = reads.into();
}

/// Words that are JavaScript syntax or the browser's, never page globals.
const JS_RESERVED: &[&str] = &[
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "let",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "undefined",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "async",
    "await",
    "of",
    "static",
    "get",
    "set",
    "window",
    "document",
    "globalThis",
    "self",
    "console",
    "arguments",
];

/// A classic script's free names: identifier tokens it does not declare,
/// not after a `.` and not an object key, that the tree confirms are
/// identifiers (not strings, comments or, in a template, markup); each
/// with its first line. Other scripts' page globals are matched against
/// them in `src/state/`.
pub fn free_names(state: &mut StateFacts, root: Node, source: &[u8]) {
    let declared: HashSet<&[u8]> = state.js_declared.iter().map(|n| n.as_bytes()).collect();
    let mut seen: HashSet<&[u8]> = HashSet::new();
    let mut out = Vec::new();
    let mut lookups = 0;
    let mut i = 0;
    while i < source.len() && lookups < MAX_LOOKUPS {
        let b = source[i];
        let starts = (b.is_ascii_alphabetic() || b == b'_' || b == b'$')
            && (i == 0 || !(is_ident(source[i - 1]) || source[i - 1] == b'$'));
        if !starts {
            i += 1;
            continue;
        }
        let end = source[i..]
            .iter()
            .position(|c| !(is_ident(*c) || *c == b'$'))
            .map_or(source.len(), |p| i + p);
        let word = &source[i..end];
        let key = next_byte(source, end) == Some(b':');
        let name = std::str::from_utf8(word).unwrap_or("");
        if !seen.contains(word)
            && !declared.contains(word)
            && !key
            && prev_byte(source, i) != Some(b'.')
            && !JS_RESERVED.contains(&name)
        {
            lookups += 1;
            if let Some(node) = root
                .descendant_for_byte_range(i, end)
                .filter(|n| n.kind() == "identifier")
            {
                seen.insert(word);
                out.push((name.into(), node.start_position().row as u32 + 1));
            }
        }
        i = end;
    }
    out.sort();
    state.free_names = out.into();
}
