//! What seam can see is there but could not read, said as diagnostics
//! instead of a silent zero: a backend whose files use a web framework but
//! yield no route of it, a frontend whose files import an HTTP client but
//! yield no request, and functions called again and again with API paths
//! that seam cannot see into (candidates for `--request-wrapper`).

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::discover::{Language, is_test_path};
use crate::extract::FileFacts;

use super::program::Program;
use super::{Request, RequestKind, Route};

/// Python packages whose files declare routes, and the `framework` value
/// of the routes seam reads from them (`None`: seam does not read them).
const BACKENDS: &[(&str, Option<&[&str]>)] = &[
    ("django", Some(&["django", "django-rest-framework"])),
    ("rest_framework", Some(&["django-rest-framework", "django"])),
    ("flask", Some(&["flask", "flask-restful"])),
    ("flask_restful", Some(&["flask-restful"])),
    ("flask_restx", Some(&["flask-restful"])),
    ("fastapi", Some(&["fastapi", "starlette"])),
    ("starlette", Some(&["starlette", "fastapi"])),
    ("aiohttp", None),
    ("sanic", None),
    ("tornado", None),
    ("bottle", None),
    ("pyramid", None),
    ("falcon", None),
    ("litestar", None),
    ("quart", None),
    ("ninja", None),
    ("connexion", None),
];

/// npm packages that send requests.
const CLIENTS: &[&str] = &[
    "axios",
    "ky",
    "superagent",
    "ofetch",
    "redaxios",
    "@angular/common/http",
];

/// Files named in one diagnostic's message.
const EXAMPLES: usize = 3;
/// Import hops from a client's importers within which a request counts as
/// sent through it (`client.ts` makes the instance, `api/orders.ts` uses it).
const CLIENT_HOPS: usize = 3;

/// A callee seam could not see into, called with API-looking paths.
pub struct UnknownCallee {
    pub name: String,
    pub calls: usize,
    /// (file, line, path as written) of the first call.
    pub example: (String, u32, String),
}

pub fn diagnostics(
    program: &Program,
    routes: &[Route],
    requests: &[Request],
    unknown: &[UnknownCallee],
) -> Vec<Diagnostic> {
    let facts: Vec<&FileFacts> = program.files.clone();
    let mut out = backends(&facts, routes);
    out.extend(clients(program, &facts, requests));
    for u in unknown {
        let (file, line, path) = &u.example;
        out.push(Diagnostic::new(
            DiagnosticKind::Endpoints,
            file,
            Some(*line),
            format!(
                "`{}` is called {} times with API paths (here `{path}`) and seam cannot see \
                 what it does; if it sends HTTP requests, declare it: \
                 --request-wrapper {}:0[:METHOD]",
                u.name, u.calls, u.name
            ),
        ));
    }
    out
}

/// Source (not test) files of a language group that import `package`.
fn importers<'f>(
    facts: &'f [&'f FileFacts],
    python: bool,
    package: &str,
) -> impl Iterator<Item = &'f FileFacts> {
    facts.iter().copied().filter(move |f| {
        (f.language == Language::Python) == python
            && !is_test_path(&f.path)
            && f.imports.iter().any(|i| {
                let s = i.specifier.as_str();
                s == package
                    || s.strip_prefix(package)
                        .is_some_and(|rest| rest.starts_with(['.', '/']))
            })
    })
}

fn examples<'f>(files: impl Iterator<Item = &'f FileFacts>) -> (usize, Vec<&'f str>) {
    let all: Vec<&str> = files.map(|f| f.path.as_str()).collect();
    let n = all.len();
    (n, all.into_iter().take(EXAMPLES).collect())
}

fn backends(facts: &[&FileFacts], routes: &[Route]) -> Vec<Diagnostic> {
    let mut found: BTreeMap<&str, usize> = BTreeMap::new();
    for r in routes {
        *found.entry(r.framework.as_str()).or_default() += 1;
    }
    let mut out = Vec::new();
    for (package, frameworks) in BACKENDS {
        let (n, files) = examples(importers(facts, true, package));
        if n == 0 {
            continue;
        }
        let message = match frameworks {
            Some(fw) if fw.iter().all(|f| !found.contains_key(f)) => format!(
                "{n} file(s) import {package} (e.g. {}) but seam found no route of it: \
                 routes registered through a helper, a registry or a settings-driven \
                 list it cannot follow are missing, and requests to them stay unlinked",
                files.join(", ")
            ),
            None => format!(
                "{n} file(s) import {package} (e.g. {}), whose routes seam does not read: \
                 requests to them stay unlinked",
                files.join(", ")
            ),
            _ => continue,
        };
        out.push(Diagnostic::new(
            DiagnosticKind::Endpoints,
            files[0],
            None,
            message,
        ));
    }
    out
}

fn clients(program: &Program, facts: &[&FileFacts], requests: &[Request]) -> Vec<Diagnostic> {
    // A request counts for the file it is reported in and for the file of
    // the wrapper it goes through (`web/src/api.ts:get`).
    let sending: std::collections::BTreeSet<&str> = requests
        .iter()
        .filter(|r| r.kind == RequestKind::Data)
        .flat_map(|r| {
            let wrapper = r.wrapper.as_deref().and_then(|w| w.split_once(':'));
            std::iter::once(r.file.as_str()).chain(wrapper.map(|(file, _)| file))
        })
        .collect();
    // Who imports each file: a client instance is made in one module and
    // used in the modules that import it.
    let mut importers_of: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (i, f) in facts.iter().enumerate() {
        for import in &f.imports {
            for &t in program.import_targets(i, &import.specifier) {
                importers_of
                    .entry(program.path(t))
                    .or_default()
                    .push(&f.path);
            }
        }
    }
    let mut out = Vec::new();
    for package in CLIENTS {
        let users: Vec<&FileFacts> = importers(facts, false, package).collect();
        let mut reached: std::collections::BTreeSet<&str> =
            users.iter().map(|f| f.path.as_str()).collect();
        let mut frontier: Vec<&str> = reached.iter().copied().collect();
        for _ in 0..CLIENT_HOPS {
            let next: Vec<&str> = frontier
                .iter()
                .flat_map(|f| importers_of.get(f).into_iter().flatten().copied())
                .filter(|f| reached.insert(f))
                .collect();
            frontier = next;
        }
        if users.is_empty() || reached.iter().any(|f| sending.contains(f)) {
            continue;
        }
        let (n, files) = examples(users.into_iter());
        out.push(Diagnostic::new(
            DiagnosticKind::Endpoints,
            files[0],
            None,
            format!(
                "{n} file(s) import {package} (e.g. {}) but seam found no request sent \
                 from any of them: the client may be passed around in a way seam cannot \
                 follow; declare the function that sends with --request-wrapper",
                files.join(", ")
            ),
        ));
    }
    out
}
