//! Stage 3b, **endpoints** (part of resolve): web facts of every file in,
//! backend routes, frontend requests and the links between them out.
//!
//! Takes the raw [`crate::facts::web::WebFacts`] and the resolved imports
//! (so a blueprint, a constant or a wrapper can be followed into another
//! module), runs the backends' route rules (`routers`: Flask, FastAPI,
//! Flask-RESTful; `django`, `views`, `drf`: URLconfs, views and DRF routers;
//! `starlette`: route tables), the frontend's client rules
//! (`clients`, `requests`), and links requests to routes through an index
//! (`link`). The framework rules work on the language-neutral expression
//! facts, never on syntax trees; nothing here reads a file.

pub mod clients;
pub mod django;
pub mod dom;
pub mod drf;
pub mod forward;
pub mod link;
pub mod path;
pub mod program;
pub mod requests;
pub mod routers;
pub mod silence;
pub mod starlette;
mod table;
pub mod uses;
pub mod value;
pub mod views;

use std::collections::BTreeMap;

use crate::config::AuditConfig;
use crate::discover::Language;
use crate::extract::FileFacts;
use crate::resolve::Resolution;

use link::{Index, RequestKey, RouteKey};
use path::{RequestUrl, parse_template, request_url};
use program::{Ctx, FileIx, Program, Val};

/// A route as a backend rule found it, before ids are given.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundRoute {
    pub file: FileIx,
    pub line: u32,
    pub method: String,
    /// Template with `{name}` parameters, mount prefixes included.
    pub path: String,
    pub catch_all: bool,
    pub handler: String,
    pub handler_file: FileIx,
    pub framework: &'static str,
    pub name: Option<String>,
}

/// One backend route (the contract's `routes[]`, plus the handler's file).
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub id: String,
    pub method: String,
    pub path: String,
    pub file: String,
    pub line: u32,
    pub handler: String,
    /// The module the handler is defined in (for the `handles` edge).
    pub handler_file: String,
    pub framework: String,
    pub name: Option<String>,
}

/// What a request is for. The endpoint figures and `requests_must_link`
/// count `data` requests; the others stay in the report for who needs them.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// A browser call that expects data: fetch, XHR, clients, their wrappers.
    #[default]
    Data,
    /// A page the browser goes to: template links, `<form>` posts.
    Navigation,
    /// A URL built by the backend: `url_for`, `reverse`, `redirect`.
    Server,
    /// In a test file (test clients, fixtures, e2e specs).
    Test,
}

impl RequestKind {
    /// By the file it sits in and how it is made.
    pub fn of(path: &str, language: Language, via: &str) -> RequestKind {
        if crate::discover::is_test_path(path) {
            RequestKind::Test
        } else if language == Language::Python {
            RequestKind::Server
        } else if !via.starts_with("htmx")
            && via
                .split(' ')
                .any(|v| matches!(v, "form" | "url" | "url_for" | "redirect" | "link"))
        {
            RequestKind::Navigation
        } else {
            RequestKind::Data
        }
    }
}

/// One frontend request (the contract's `requests[]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub kind: RequestKind,
    pub id: String,
    pub method: String,
    pub path: String,
    pub file: String,
    pub line: u32,
    pub via: String,
    /// The wrapper function the call goes through.
    pub wrapper: Option<String>,
    /// Calls reaching it through wrappers that only fill its placeholders
    /// (`path:line`).
    pub callers: Vec<String>,
    /// For `url_for('x')`, `{% url 'x' %}`, `reverse('x')`: the route name.
    pub route_name: Option<String>,
    /// Why it links to no route (`None` when it links).
    pub unlinked: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub request: String,
    pub route: String,
    pub confidence: f64,
}

#[derive(Debug, Default)]
pub struct Endpoints {
    pub routes: Vec<Route>,
    pub requests: Vec<Request>,
    pub links: Vec<Link>,
    /// What seam saw but could not read ([`silence`]).
    pub diagnostics: Vec<crate::diagnostic::Diagnostic>,
}

struct RawRequest {
    file: FileIx,
    line: u32,
    via: String,
    method: String,
    url: Option<RequestUrl>,
    route_name: Option<String>,
    wrapper: Option<String>,
    callers: Vec<(FileIx, u32)>,
}

pub fn find(config: &AuditConfig, facts: &[FileFacts], resolution: &Resolution) -> Endpoints {
    let program = Program::new(facts, resolution);
    let mut found = routers::find(&program);
    let (django_routes, mut notes) = django::find(&program);
    found.extend(django_routes);
    found.extend(starlette::find(&program));
    let routes = number_routes(&program, found);

    program.set_dom(dom::Dom::new(&program, &routes));
    let (found_requests, unknown_callees) = requests::find(&program, &config.request_wrappers);
    let dom = program.dom.get().expect("set above");
    let mut raw: Vec<RawRequest> = found_requests
        .into_iter()
        .map(|r| {
            let (route_name, url) = match dom.read(&r.url, program.path(r.file)) {
                Some(dom::Read::Named(name)) => (Some(name), None),
                Some(dom::Read::Text(url)) => (None, Some(request_url(&url))),
                None => (None, Some(request_url(&r.url))),
            };
            RawRequest {
                file: r.file,
                line: r.line,
                via: r.via,
                method: r.method,
                url,
                route_name,
                wrapper: r.wrapper,
                callers: r.callers,
            }
        })
        .collect();
    raw.extend(named_requests(&program));
    raw.extend(page_requests(&program));
    raw.sort_by(|a, b| (a.file, a.line, &a.via).cmp(&(b.file, b.line, &b.via)));

    let keys: Vec<RouteKey> = routes
        .iter()
        .map(|(r, catch_all)| RouteKey {
            method: r.method.clone(),
            pattern: parse_template(&r.path, *catch_all),
            name: r.name.clone(),
        })
        .collect();
    let index = Index::new(&keys);
    let mut out = Endpoints {
        routes: routes.iter().map(|(r, _)| r.clone()).collect(),
        ..Endpoints::default()
    };
    let mut per_line: BTreeMap<(FileIx, u32), u32> = BTreeMap::new();
    for r in raw {
        let path = program.path(r.file);
        let n = per_line.entry((r.file, r.line)).or_default();
        *n += 1;
        let id = match *n {
            1 => format!("request:{path}:{}", r.line),
            n => format!("request:{path}:{}#{n}", r.line),
        };
        let key = RequestKey {
            method: r.method.clone(),
            url: r.url.clone().unwrap_or_default(),
            route_name: r.route_name.clone(),
        };
        let mut display = r
            .url
            .as_ref()
            .map(|u| u.display.clone())
            .unwrap_or_default();
        let unlinked = match index.link(&key) {
            Ok(matches) => {
                if display.is_empty()
                    && let Some(first) = matches.first()
                {
                    display = out.routes[first.route].path.clone();
                }
                for m in matches {
                    out.links.push(Link {
                        request: id.clone(),
                        route: out.routes[m.route].id.clone(),
                        confidence: m.confidence,
                    });
                }
                None
            }
            Err(why) => Some(why.describe()),
        };
        let mut kind = RequestKind::of(path, program.files[r.file].language, &r.via);
        // A helper only tests call is test code.
        if kind == RequestKind::Data
            && !r.callers.is_empty()
            && r.callers
                .iter()
                .all(|&(f, _)| crate::discover::is_test_path(program.path(f)))
        {
            kind = RequestKind::Test;
        }
        out.requests.push(Request {
            kind,
            id,
            method: r.method,
            path: display,
            file: path.to_string(),
            line: r.line,
            via: r.via,
            wrapper: r.wrapper,
            callers: r
                .callers
                .iter()
                .map(|&(f, line)| format!("{}:{line}", program.path(f)))
                .collect(),
            route_name: r.route_name,
            unlinked,
        });
    }
    out.links
        .sort_by(|a, b| (&a.request, &a.route).cmp(&(&b.request, &b.route)));
    notes.extend(silence::diagnostics(
        &program,
        &out.routes,
        &out.requests,
        &unknown_callees,
    ));
    out.diagnostics = notes;
    out
}

/// Sorts routes, drops exact duplicates, and gives each a stable id:
/// `route:GET /api/users`, with `#2` for a second route of that method and path.
fn number_routes(program: &Program, mut found: Vec<FoundRoute>) -> Vec<(Route, bool)> {
    found.sort_by(|a, b| {
        (&a.path, &a.method, a.file, a.line, &a.handler)
            .cmp(&(&b.path, &b.method, b.file, b.line, &b.handler))
    });
    found.dedup();
    let mut seen: BTreeMap<(String, String), u32> = BTreeMap::new();
    found
        .into_iter()
        .map(|r| {
            let n = seen.entry((r.method.clone(), r.path.clone())).or_default();
            *n += 1;
            let id = match *n {
                1 => format!("route:{} {}", r.method, r.path),
                n => format!("route:{} {}#{n}", r.method, r.path),
            };
            let route = Route {
                id,
                method: r.method,
                path: r.path,
                file: program.path(r.file).to_string(),
                line: r.line,
                handler: r.handler,
                handler_file: program.path(r.handler_file).to_string(),
                framework: r.framework.to_string(),
                name: r.name,
            };
            (route, r.catch_all)
        })
        .collect()
}

/// Python `url_for('bp.view')`, `reverse('app:name')`, `redirect(…)`:
/// server code that names a route (a redirect, a link it renders).
fn named_requests(program: &Program) -> Vec<RawRequest> {
    let mut out = Vec::new();
    for (file, facts) in program.files.iter().enumerate() {
        if facts.language != Language::Python {
            continue;
        }
        for site in &facts.web.calls {
            let call = &site.call;
            let via = match call.callee.last_name() {
                Some("url_for") => "url_for",
                Some("reverse" | "reverse_lazy") => "reverse",
                Some("redirect") => "redirect",
                _ => continue,
            };
            let ctx = Ctx {
                file,
                scope: site.scope,
            };
            let Some(first) = call.args.first() else {
                continue;
            };
            if via == "redirect" && first.as_call().is_some() {
                // `redirect(url_for(…))`: the inner call is the reference.
                continue;
            }
            let Some(text) = program.eval(first, ctx).as_literal() else {
                continue;
            };
            // Flask's built-in static files endpoint is not an application route.
            if text == "static" {
                continue;
            }
            let is_path = text.starts_with('/') || text.contains("://");
            if via != "redirect" && is_path {
                continue;
            }
            let (url, route_name) = if is_path {
                (Some(request_url(&Val::lit(&text))), None)
            } else {
                (None, Some(text))
            };
            out.push(RawRequest {
                file,
                line: call.line,
                via: via.to_string(),
                method: if via == "redirect" { "GET" } else { "ANY" }.to_string(),
                url,
                route_name,
                wrapper: None,
                callers: Vec::new(),
            });
        }
    }
    out
}

/// Forms and route-name tags in templates (`<form action=… method=post>`,
/// `{{ url_for('x') }}`, `{% url 'x' %}`).
fn page_requests(program: &Program) -> Vec<RawRequest> {
    let mut out = Vec::new();
    for (file, facts) in program.files.iter().enumerate() {
        for page in &facts.web.page_refs {
            let url = page
                .url
                .as_ref()
                .map(|u| request_url(&program.eval(u, Ctx { file, scope: None })));
            out.push(RawRequest {
                file,
                line: page.line,
                via: page.via.to_string(),
                method: page.method.to_string(),
                url,
                route_name: page.route_name.as_ref().map(|n| n.to_string()),
                wrapper: None,
                callers: Vec::new(),
            });
        }
    }
    out
}
