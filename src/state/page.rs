//! Page globals: what the scripts of one page share without importing
//! anything. `window.X = …` / `globalThis.X = …` from any script, and in a
//! classic script (no import, export or require) every top-level `var`,
//! `let`, `const` and every assignment to an undeclared name (an implicit
//! global). Other scripts write them (`X = …`, `X.a = …`, `X.push(…)`) and
//! read them by bare name (a name they use without declaring it).

use std::collections::{BTreeMap, BTreeSet};

use super::{Global, Touch};
use crate::extract::FileFacts;

/// Browser APIs that code assigns to (`window.location = url`,
/// `window.onerror = f`) without them being the page's own state.
const BROWSER_API: &[&str] = &[
    "location",
    "onerror",
    "onload",
    "onbeforeunload",
    "onresize",
    "onpopstate",
    "onhashchange",
    "onmessage",
    "onfocus",
    "onblur",
    "onscroll",
    "onkeydown",
    "name",
    "status",
    // Window methods and objects tests stub out (`window.fetch = mock`).
    "addEventListener",
    "removeEventListener",
    "dispatchEvent",
    "setTimeout",
    "clearTimeout",
    "setInterval",
    "clearInterval",
    "requestAnimationFrame",
    "cancelAnimationFrame",
    "fetch",
    "open",
    "close",
    "alert",
    "confirm",
    "prompt",
    "print",
    "scrollTo",
    "scrollBy",
    "scroll",
    "postMessage",
    "matchMedia",
    "getComputedStyle",
    "getSelection",
    "localStorage",
    "sessionStorage",
    "navigator",
    "document",
    "history",
    "console",
    "performance",
    "crypto",
    "innerWidth",
    "innerHeight",
    "devicePixelRatio",
    "top",
    "parent",
    "opener",
    "XMLHttpRequest",
    "WebSocket",
    "Notification",
    "ResizeObserver",
    "IntersectionObserver",
    "MutationObserver",
];

/// How a page global came to be.
#[derive(Default)]
struct Origin {
    /// A classic script's top-level declaration: (file, line, text, mutable).
    declared: Option<(String, u32, String, bool)>,
    /// Assigned somewhere without a declaration.
    implicit: bool,
    /// Assigned as `window.X = …` / `globalThis.X = …` by the page.
    window: bool,
}

pub(super) fn page_globals(facts: &[FileFacts]) -> Vec<Global> {
    let mut by_name: BTreeMap<String, Vec<Touch>> = BTreeMap::new();
    let mut origin: BTreeMap<String, Origin> = BTreeMap::new();
    let touch = |file: &str, line: u32, text: String, write: bool| Touch {
        file: file.to_string(),
        line,
        text,
        write,
        scope: String::new(),
    };
    for f in facts {
        let written: BTreeSet<(String, u32)> = f
            .state
            .window_writes
            .iter()
            .map(|(n, l, _)| (n.to_string(), *l))
            .collect();
        for (name, line, text) in &f.state.window_writes {
            by_name.entry(name.to_string()).or_default().push(touch(
                &f.path,
                *line,
                text.to_string(),
                true,
            ));
            let outright = ["window", "globalThis"].iter().any(|w| {
                let at = format!("{w}.{name} =");
                text.contains(&at) && !text.contains(&format!("{at}="))
            });
            if outright {
                origin.entry(name.to_string()).or_default().window = true;
            }
        }
        for (name, line) in &f.state.window_reads {
            if !written.contains(&(name.to_string(), *line)) {
                by_name.entry(name.to_string()).or_default().push(touch(
                    &f.path,
                    *line,
                    format!("window.{name}"),
                    false,
                ));
            }
        }
        if f.state.classic {
            classic_script(f, &mut by_name, &mut origin);
        }
    }
    by_name
        .into_iter()
        .filter_map(|(name, mut touches)| {
            let origin = origin.get(&name)?;
            touches.sort();
            touches.dedup();
            let files: BTreeSet<&str> = touches.iter().map(|t| t.file.as_str()).collect();
            let declared_here = origin.declared.as_ref();
            // A declared constant (`var API = "/api"`) nobody else assigns is
            // configuration, not state.
            let state = origin.window
                || origin.implicit
                || declared_here.is_some_and(|d| d.3)
                || touches.iter().any(|t| {
                    t.write
                        && declared_here
                            .is_none_or(|d| (d.0.as_str(), d.1) != (t.file.as_str(), t.line))
                });
            if files.len() < 2 || !state || BROWSER_API.contains(&name.as_str()) {
                return None;
            }
            // The owner: the declaring script, else the first outright
            // `window.X = …` or implicit `X = …`, else the first writer.
            let (module, line) = match declared_here {
                Some((file, line, _, _)) => (file.clone(), *line),
                None => {
                    let outright = |t: &&Touch| {
                        t.write
                            && (t.text.contains(&format!("window.{name} ="))
                                || t.text.starts_with(&format!("{name} = ")))
                    };
                    let t = touches
                        .iter()
                        .find(outright)
                        .or_else(|| touches.iter().find(|t| t.write))
                        .or(touches.first())?;
                    (t.file.clone(), t.line)
                }
            };
            Some(Global {
                id: format!("global:window.{name}"),
                name: format!("window.{name}"),
                module,
                line,
                kind: "browser".into(),
                touches,
                stale_copies: Vec::new(),
            })
        })
        .collect()
}

/// A classic script's declarations, assignments, writes and free names.
fn classic_script(
    f: &FileFacts,
    by_name: &mut BTreeMap<String, Vec<Touch>>,
    origin: &mut BTreeMap<String, Origin>,
) {
    let declared: BTreeSet<&str> = f.state.js_declared.iter().map(|n| n.as_str()).collect();
    let top: BTreeSet<&str> = f.state.defs.iter().map(|d| d.name.as_str()).collect();
    // A name the script declares only inside functions is a local there.
    let global_here = |name: &str| !declared.contains(name) || top.contains(name);
    let mut push = |name: &str, line: u32, text: String, write: bool| {
        by_name.entry(name.to_string()).or_default().push(Touch {
            file: f.path.clone(),
            line,
            text,
            write,
            scope: String::new(),
        });
    };
    for d in &f.state.defs {
        let text = if d.text.is_empty() {
            format!("var {} = …", d.name)
        } else {
            d.text.to_string()
        };
        push(&d.name, d.line, text.clone(), true);
        origin
            .entry(d.name.to_string())
            .or_default()
            .declared
            .get_or_insert((f.path.clone(), d.line, text, d.mutable));
    }
    for (name, line, text) in &f.state.js_assigns {
        if global_here(name) {
            push(name, *line, text.to_string(), true);
            if !declared.contains(name.as_str()) {
                origin.entry(name.to_string()).or_default().implicit = true;
            }
        }
    }
    // A name written on a line is not also read there (`n += 1` writes).
    let mut written: BTreeSet<(&str, u32)> = BTreeSet::new();
    for (name, line, _) in &f.state.js_assigns {
        written.insert((name, *line));
    }
    for w in &f.state.writes {
        if let Some(root) = w.root() {
            written.insert((root, w.line));
        }
    }
    for w in &f.state.writes {
        if let Some(root) = w.root()
            && w.depth() > 1
            && global_here(root)
            && root != "window"
            && root != "globalThis"
        {
            push(root, w.line, w.text.to_string(), true);
        }
    }
    for (name, line) in &f.state.free_names {
        if !written.contains(&(name.as_str(), *line)) {
            push(name, *line, name.to_string(), false);
        }
    }
}
