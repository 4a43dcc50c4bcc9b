//! The page model of server-rendered apps: which templates end up on which
//! page (`include`, `extends`), which scripts each page loads, which
//! elements carry a route's URL in an attribute, and which routes render
//! which page. Scripts read URLs from the DOM (`el.dataset.url`,
//! `getElementById("base-url").getAttribute("href")`) and from the page's
//! own address (`location.href`); both are answered here, after the routes
//! are known and before the requests are evaluated.

use std::collections::{BTreeMap, BTreeSet};

use crate::facts::web::{DataUrl, Expr};

use super::Route;
use super::path::Piece;
use super::program::{FileIx, Part, Program, Val};

/// More pages than this for one script: its `location.href` is left unknown.
const MAX_PAGES: usize = 8;

/// One element whose attribute holds a route's URL.
struct Attr<'a> {
    element: &'a DataUrl,
    /// The file names of the scripts loaded on the pages that show it.
    scripts: Vec<&'a str>,
    /// The URL as text (`/checks/{code}/pings/0/`), when the route is known.
    text: Option<Vec<Part>>,
}

#[derive(Default)]
pub struct Dom<'a> {
    /// By attribute name (`data-url`, `href`).
    attrs: BTreeMap<&'a str, Vec<Attr<'a>>>,
    /// Script file name → the paths of the routes whose page loads it.
    pages: BTreeMap<&'a str, BTreeSet<String>>,
}

/// What a URL read from the DOM stands for.
pub enum Read {
    /// Exactly a route's URL (a query string may follow): linked by name.
    Named(String),
    /// The route's URL with more text after it, as a value to link by path.
    Text(Val),
}

impl<'a> Dom<'a> {
    pub fn new(program: &Program<'a>, routes: &[(Route, bool)]) -> Dom<'a> {
        let files = &program.files;
        let templates: Vec<FileIx> = (0..files.len())
            .filter(|&f| {
                let web = &files[f].web;
                !(web.scripts.is_empty() && web.includes.is_empty() && web.data_urls.is_empty())
            })
            .collect();
        let by_name = |name: &str| -> Vec<FileIx> {
            templates
                .iter()
                .copied()
                .filter(|&t| {
                    let path = program.path(t);
                    path == name
                        || path
                            .strip_suffix(name)
                            .is_some_and(|head| head.ends_with('/'))
                })
                .collect()
        };
        // Each page's markup: itself and what it includes or extends.
        let mut markup: BTreeMap<FileIx, BTreeSet<FileIx>> = BTreeMap::new();
        for &page in &templates {
            let mut seen = BTreeSet::from([page]);
            let mut todo = vec![page];
            while let Some(t) = todo.pop() {
                for name in &files[t].web.includes {
                    for part in by_name(name) {
                        if seen.insert(part) {
                            todo.push(part);
                        }
                    }
                }
            }
            markup.insert(page, seen);
        }
        // The scripts each page loads, its own and those of its markup's.
        let scripts_of: BTreeMap<FileIx, BTreeSet<&'a str>> = markup
            .iter()
            .map(|(&page, parts)| {
                let scripts = parts
                    .iter()
                    .flat_map(|&t| files[t].web.scripts.iter().map(|s| s.as_str()))
                    .collect();
                (page, scripts)
            })
            .collect();
        let mut shown_with: BTreeMap<FileIx, BTreeSet<&'a str>> = BTreeMap::new();
        for (&page, parts) in &markup {
            let scripts = &scripts_of[&page];
            for &part in parts {
                shown_with
                    .entry(part)
                    .or_default()
                    .extend(scripts.iter().copied());
            }
        }
        let by_route: BTreeMap<&str, &Route> = routes
            .iter()
            .filter_map(|(r, _)| Some((r.name.as_deref()?, r)))
            .collect();
        let mut attrs: BTreeMap<&'a str, Vec<Attr<'a>>> = BTreeMap::new();
        for &t in &templates {
            for element in &files[t].web.data_urls {
                let scripts = shown_with
                    .get(&t)
                    .map(|s| s.iter().copied().collect())
                    .unwrap_or_default();
                let text = by_route
                    .get(element.route.as_str())
                    .map(|r| route_text(&r.path, &element.args));
                attrs.entry(element.key.as_str()).or_default().push(Attr {
                    element,
                    scripts,
                    text,
                });
            }
        }
        let mut pages: BTreeMap<&'a str, BTreeSet<String>> = BTreeMap::new();
        for (route, catch_all) in routes {
            if *catch_all {
                continue;
            }
            let Some(file) = program.file_of(&route.handler_file) else {
                continue;
            };
            for name in rendered_templates(program, file, &route.handler) {
                for page in by_name(&name) {
                    for &script in &scripts_of[&page] {
                        pages.entry(script).or_default().insert(route.path.clone());
                    }
                }
            }
        }
        Dom { attrs, pages }
    }

    /// The element a script reads attribute `key` of, through `selector`
    /// when seam knows it. When elements carry different routes, the
    /// selector decides (`$(".edit-checks")` → the `<div
    /// class="edit-checks">`), then the pages that load the script.
    fn attribute<'s>(
        &'s self,
        key: &str,
        selector: Option<&str>,
        script: &str,
    ) -> Option<&'s Attr<'a>> {
        let mut found: Vec<&'s Attr<'a>> = self.attrs.get(key)?.iter().collect();
        if let Some(selector) = selector {
            // Only elements the selector matches: none is an answer too
            // (the element's URL is not a route's, `data-url="{{ check.url }}"`).
            found.retain(|a| a.element.matches(selector));
        }
        let script = script.rsplit('/').next().unwrap_or(script);
        let one = |found: Vec<&'s Attr<'a>>| -> Option<&'s Attr<'a>> {
            let first = *found.first()?;
            found
                .iter()
                .all(|a| a.element.route == first.element.route)
                .then_some(first)
        };
        let on_its_page: Vec<&'s Attr<'a>> = found
            .iter()
            .copied()
            .filter(|a| a.scripts.contains(&script))
            .collect();
        one(on_its_page).or_else(|| one(found))
    }

    /// The value of attribute `key` as text, for string methods to work on.
    pub fn attribute_text(
        &self,
        key: &str,
        selector: Option<&str>,
        script: &str,
    ) -> Option<Vec<Part>> {
        self.attribute(key, selector, script)?.text.clone()
    }

    /// A request URL that starts with an attribute read: the route by name
    /// when only a query string follows, else the route's URL as text with
    /// the rest after it (`$("#log").data("url") + n + "/"`). A URL that is
    /// only a query string is the page's own.
    pub fn read(&self, url: &Val, script: &str) -> Option<Read> {
        let Val::Text(parts) = url else {
            return None;
        };
        // `""`, `"?refresh=1"`: the page's own address, as in a browser.
        if let [] | [Part::Lit(_), ..] = parts.as_slice()
            && parts
                .first()
                .is_none_or(|p| matches!(p, Part::Lit(s) if s.is_empty() || s.starts_with('?')))
        {
            let mut text = self.page_text(script)?;
            for p in parts {
                super::value::push_text(&mut text, Val::Text(vec![p.clone()]), None);
            }
            return Some(Read::Text(Val::Text(text)));
        }
        let (Some(Part::Data { key, selector }), rest) = (parts.first(), &parts[1..]) else {
            return None;
        };
        let attr = self.attribute(key, selector.as_deref(), script)?;
        let query_only = match rest {
            [] => true,
            [Part::Lit(s), ..] => s.starts_with('?'),
            _ => false,
        };
        if query_only {
            return Some(Read::Named(attr.element.route.to_string()));
        }
        let mut text = attr.text.clone()?;
        for p in rest {
            super::value::push_text(&mut text, Val::Text(vec![p.clone()]), None);
        }
        Some(Read::Text(Val::Text(text)))
    }

    /// The address of the page a script runs on (`location.href`): the
    /// path of the routes whose page loads it, one alternative per path.
    pub fn page_text(&self, script: &str) -> Option<Vec<Part>> {
        let script = script.rsplit('/').next().unwrap_or(script);
        let paths = self.pages.get(script)?;
        if paths.len() > MAX_PAGES {
            return None;
        }
        let mut alternatives: Vec<Vec<Part>> = paths.iter().map(|p| route_text(p, &[])).collect();
        match alternatives.len() {
            0 => None,
            1 => alternatives.pop(),
            _ => Some(vec![Part::Alt(alternatives)]),
        }
    }
}

/// A route's path as text, its parameters filled in order by the tag's
/// literal arguments (`/checks/{code}/pings/{n}/` with `[None, "0"]` →
/// `/checks/` code `/pings/0/`).
fn route_text(path: &str, args: &[Option<compact_str::CompactString>]) -> Vec<Part> {
    let mut out = Vec::new();
    let mut arg = args.iter();
    for piece in super::path::parse_segment(path) {
        let (value, name) = match piece {
            Piece::Lit(text) => (Val::lit(&text), None),
            Piece::Param(name) => {
                // `{rest:path}`: the converter is no part of the name.
                let name = name.map(|n| n.split(':').next().unwrap_or_default().to_string());
                match arg.next() {
                    Some(Some(literal)) => (Val::lit(literal), None),
                    _ => (Val::Unknown(name.clone()), name),
                }
            }
        };
        super::value::push_text(&mut out, value, name);
    }
    out
}

/// The templates a route's handler renders: the template file names in
/// its body (`render(request, "front/badges.html", ctx)`,
/// `render_template("x.html")`) and, for a class, its `template_name`
/// and every method's.
fn rendered_templates(program: &Program, file: FileIx, handler: &str) -> Vec<String> {
    let web = program.web(file);
    let qualified = handler.rsplit(':').next().unwrap_or(handler);
    let mut names = qualified.split('.');
    let (class, function) = match (names.next(), names.next()) {
        (Some(c), Some(m)) => (Some(c), Some(m)),
        (Some(n), None) if web.classes.iter().any(|c| c.name == n) => (Some(n), None),
        (Some(n), None) => (None, Some(n)),
        _ => return Vec::new(),
    };
    let class_ix = class.and_then(|c| web.classes.iter().position(|k| k.name == c));
    let mut exprs: Vec<&Expr> = Vec::new();
    if let Some(c) = class_ix {
        exprs.extend(web.classes[c].attributes.iter().map(|(_, e)| e));
    }
    let scopes: Vec<u32> = web
        .functions
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            let in_class = f.class.map(|k| k as usize) == class_ix;
            in_class && function.is_none_or(|name| f.name == name)
        })
        .map(|(i, _)| i as u32)
        .collect();
    for &f in &scopes {
        exprs.extend(web.functions[f as usize].returns.iter());
    }
    exprs.extend(
        web.bindings
            .iter()
            .filter(|b| b.scope.is_some_and(|s| scopes.contains(&s)))
            .map(|b| &b.value),
    );
    exprs.extend(
        web.calls
            .iter()
            .filter(|c| c.scope.is_some_and(|s| scopes.contains(&s)))
            .flat_map(|c| c.call.args.iter()),
    );
    let mut out = Vec::new();
    for e in exprs {
        template_names(e, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

fn template_names(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Str(s) => {
            let page = [".html", ".htm", ".jinja", ".jinja2", ".j2"]
                .iter()
                .any(|ext| s.ends_with(ext));
            if page && !s.contains(char::is_whitespace) {
                out.push(s.trim_start_matches('/').to_string());
            }
        }
        Expr::Call(call) => {
            call.args.iter().for_each(|a| template_names(a, out));
            call.kwargs.iter().for_each(|(_, a)| template_names(a, out));
        }
        Expr::List(items) | Expr::Either(items) => {
            items.iter().for_each(|a| template_names(a, out))
        }
        _ => {}
    }
}
