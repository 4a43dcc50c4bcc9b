//! Frontend requests: every call to a known client, and every call to a
//! function that wraps one, across files.
//!
//! Each function gets a summary: the requests it makes whose URL or method
//! still depend on its parameters. A call to the function puts its arguments
//! in; a request that is then fully known is reported at that call, one that
//! still depends on the caller's parameters goes into the caller's summary.
//! So `api.get('/articles/' + slug)` is found through
//! `get(url) { return axios.get(API_ROOT + url) }` without configuration,
//! however many wrappers deep (up to [`MAX_CHAIN`]). A wrapper nobody calls
//! is reported where it sends, with its parameters as `{name}`.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::RequestWrapper;
use crate::facts::web::{CallSite, Expr};

use super::clients::{self, Template};
use super::program::{Ctx, FileIx, Part, Program, Val, get, hint};
use super::silence::UnknownCallee;
use super::uses::MethodUses;
use super::value::alternatives;

/// Requests one call site is reported as, at most, when its URL is one of
/// several values.
const MAX_ALTERNATIVES: usize = 8;
/// Wrapper-of-wrapper depth followed.
const MAX_CHAIN: u32 = 8;
/// Distinct pending requests kept per function: a wrapper calling another
/// twice at each of many levels would otherwise double them at each level.
const MAX_SUMMARY: usize = 64;

/// A request found in the code, fully instantiated.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundRequest {
    pub file: FileIx,
    pub line: u32,
    pub via: String,
    /// Upper-case, `ANY` when unknown.
    pub method: String,
    pub url: Val,
    /// The wrapper function the call went through (`web/src/channel.ts:get`).
    pub wrapper: Option<String>,
    /// Calls that reach the request through wrappers without writing its
    /// path text (they fill placeholders, or the path is the wrapper's
    /// own): the request stays where its path is written.
    pub callers: Vec<(FileIx, u32)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Request {
        template: Box<Template>,
        /// Where it is reported: the call that writes its path text.
        origin: (FileIx, u32),
        wrapper: Option<String>,
    },
    /// A call of a parameter (`request_method({url})`): resolved when the
    /// parameter is known.
    Call { callee: Val, args: Vec<Val> },
}

impl Pending {
    fn is_symbolic(&self) -> bool {
        match self {
            Pending::Request { template: t, .. } => {
                // Only what decides the URL and method: query parameters or a
                // body built from the function's parameters do not make it a
                // wrapper.
                let settings_decide = t.settings.as_ref().is_some_and(|s| {
                    t.url_key
                        .into_iter()
                        .chain(t.method_keys.iter().copied())
                        .chain(["baseURL"])
                        .any(|k| get(s, k).is_symbolic())
                });
                t.url.is_symbolic()
                    || t.method.as_ref().is_some_and(Val::is_symbolic)
                    || t.base.as_ref().is_some_and(Val::is_symbolic)
                    || settings_decide
            }
            Pending::Call { .. } => true,
        }
    }
}

pub struct Finder<'p, 'a> {
    program: &'p Program<'a>,
    wrappers: &'p [RequestWrapper],
    by_scope: BTreeMap<(FileIx, Option<u32>), Vec<&'a CallSite>>,
    summaries: BTreeMap<(FileIx, u32), Vec<Pending>>,
    in_progress: BTreeSet<(FileIx, u32)>,
    used: BTreeSet<(FileIx, u32)>,
    /// Functions with a call that sends a request (summarised or reported).
    sending: BTreeSet<(FileIx, u32)>,
    /// Per function, where the requests it sends whole are reported.
    sent: BTreeMap<(FileIx, u32), BTreeSet<(FileIx, u32)>>,
    /// Per place a request is reported, the calls that reach it through
    /// wrappers without writing its path text: its callers.
    callers: BTreeMap<(FileIx, u32), BTreeSet<(FileIx, u32)>>,
    /// Callees seam cannot see into, called with an API path: name →
    /// (calls, first call's file, line and path).
    unknown: BTreeMap<String, (usize, (FileIx, u32, String))>,
    /// Re-reading inherited methods per subclass: calls are not counted again.
    rereading: bool,
    found: Vec<FoundRequest>,
}

/// The requests the frontend code sends, and the callees it calls with API
/// paths that seam could not see into.
pub fn find(
    program: &Program,
    wrappers: &[RequestWrapper],
) -> (Vec<FoundRequest>, Vec<UnknownCallee>) {
    let mut by_scope: BTreeMap<(FileIx, Option<u32>), Vec<&CallSite>> = BTreeMap::new();
    for (file, facts) in program.files.iter().enumerate() {
        if facts.language == crate::discover::Language::Python {
            continue;
        }
        for site in &facts.web.calls {
            by_scope.entry((file, site.scope)).or_default().push(site);
        }
    }
    let mut finder = Finder {
        program,
        wrappers,
        by_scope,
        summaries: BTreeMap::new(),
        in_progress: BTreeSet::new(),
        used: BTreeSet::new(),
        sending: BTreeSet::new(),
        sent: BTreeMap::new(),
        callers: BTreeMap::new(),
        unknown: BTreeMap::new(),
        rereading: false,
        found: Vec::new(),
    };
    let scopes: Vec<(FileIx, Option<u32>)> = finder.by_scope.keys().copied().collect();
    for (file, scope) in scopes {
        match scope {
            None => {
                finder.run_scope(file, None);
            }
            Some(f) => {
                finder.summary(file, f);
            }
        }
    }
    finder.report_unused_wrappers();
    finder.inherited_requests();
    let mut unknown: Vec<UnknownCallee> = finder
        .unknown
        .into_iter()
        .filter(|(_, (calls, _))| *calls >= MIN_UNKNOWN_CALLS)
        .map(|(name, (calls, (file, line, path)))| UnknownCallee {
            name,
            calls,
            example: (program.path(file).to_string(), line, path),
        })
        .collect();
    unknown.sort_by(|a, b| b.calls.cmp(&a.calls).then_with(|| a.name.cmp(&b.name)));
    unknown.truncate(MAX_UNKNOWN_CALLEES);
    for r in &mut finder.found {
        if let Some(callers) = finder.callers.get(&(r.file, r.line)) {
            r.callers = callers
                .iter()
                .copied()
                .filter(|&c| c != (r.file, r.line))
                .collect();
        }
    }
    (distinct(finder.found), unknown)
}

/// One entry per request: reached from several callers, the same request
/// was reported once per call.
fn distinct(mut found: Vec<FoundRequest>) -> Vec<FoundRequest> {
    found.sort_by(|a, b| (a.file, a.line, &a.via).cmp(&(b.file, b.line, &b.via)));
    let mut out: Vec<FoundRequest> = Vec::with_capacity(found.len());
    let mut group = 0;
    for r in found {
        if out
            .get(group)
            .is_none_or(|g| (g.file, g.line, &g.via) != (r.file, r.line, &r.via))
        {
            group = out.len();
        }
        if !out[group..].contains(&r) {
            out.push(r);
        }
    }
    out
}

/// How much path text a URL writes itself: letters and slashes of its
/// literal pieces (a number filling a placeholder is no path).
fn path_text(url: &Val) -> usize {
    match url {
        Val::Text(parts) => parts
            .iter()
            .map(|p| match p {
                Part::Lit(s) => s.chars().filter(|c| c.is_alphabetic() || *c == '/').count(),
                _ => 0,
            })
            .sum(),
        _ => 0,
    }
}

/// A callee called this often with API paths is worth naming …
const MIN_UNKNOWN_CALLS: usize = 3;
/// … and at most this many are.
const MAX_UNKNOWN_CALLEES: usize = 5;

/// Callees that take a path without sending a request: routers, page
/// navigation, module loading.
const NOT_REQUESTS: &[&str] = &[
    "push",
    "replace",
    "navigate",
    "navigateTo",
    "navigateByUrl",
    "redirect",
    "open",
    "assign",
    "goto",
    "visit",
    "require",
    "import",
    "importScripts",
    "url_for",
    "$",
    "jQuery",
    "route",
    "get_url",
    "link",
    "href",
    "resolve",
    "join",
    "startsWith",
    "endsWith",
    "includes",
    "indexOf",
    "test",
    "match",
    "split",
];

/// The path an argument writes literally at its start: `"/api/x"`,
/// `` `/api/x/${id}` ``, `"/api/" + id`.
fn written_path(e: &Expr) -> Option<&str> {
    let s = match e {
        Expr::Str(s) => s.as_str(),
        Expr::Concat(parts) => parts.first()?.as_str()?,
        _ => return None,
    };
    (s.len() > 1 && s.starts_with('/') && !s.starts_with("//") && !s.contains(char::is_whitespace))
        .then_some(s)
}

impl Finder<'_, '_> {
    /// Evaluates every call in one scope; returns what still depends on the
    /// scope's parameters and reports the rest.
    fn run_scope(&mut self, file: FileIx, scope: Option<u32>) -> Vec<Pending> {
        let sites = self
            .by_scope
            .get(&(file, scope))
            .cloned()
            .unwrap_or_default();
        let mut symbolic = Vec::new();
        for site in sites {
            let ctx = Ctx { file, scope };
            for pending in self.at_call(site, ctx) {
                if let (Some(f), Pending::Request { .. }) = (scope, &pending) {
                    self.sending.insert((file, f));
                }
                if pending.is_symbolic() && scope.is_some() {
                    if symbolic.len() < MAX_SUMMARY && !symbolic.contains(&pending) {
                        symbolic.push(pending);
                    }
                } else {
                    if let (Some(f), Pending::Request { origin, .. }) = (scope, &pending) {
                        self.sent.entry((file, f)).or_default().insert(*origin);
                    }
                    self.report(pending);
                }
            }
        }
        symbolic
    }

    fn summary(&mut self, file: FileIx, f: u32) -> Vec<Pending> {
        if let Some(s) = self.summaries.get(&(file, f)) {
            return s.clone();
        }
        if !self.in_progress.insert((file, f)) {
            return Vec::new();
        }
        let s = self.run_scope(file, Some(f));
        self.in_progress.remove(&(file, f));
        self.summaries.insert((file, f), s.clone());
        s
    }

    fn at_call(&mut self, site: &CallSite, ctx: Ctx) -> Vec<Pending> {
        let call = &site.call;
        let program = self.program;
        let args = || -> Vec<Val> { call.args.iter().map(|a| program.eval(a, ctx)).collect() };
        if !self.wrappers.is_empty()
            && let Some(dotted) = call.callee.dotted()
            && let Some(w) = self.wrappers.iter().find(|w| w.matches(&dotted))
        {
            return vec![Pending::Request {
                template: Box::new(declared(w, &args())),
                origin: (ctx.file, call.line),
                wrapper: None,
            }];
        }
        // Most calls reach nothing that sends a request: their arguments,
        // the costly part, are evaluated only for those that may.
        let callee = self.program.eval(&call.callee, ctx);
        if let Val::Unknown(_) = &callee
            && let Expr::Member(_, verb) = &call.callee
            && clients::is_verb(verb)
        {
            let found = clients::untyped_call(verb, &args());
            // In a base class the URL may come from a subclass's field
            // (`this.baseRoute`): the method is re-read per subclass.
            if found.is_none()
                && let Some(f) = ctx.scope
                && self.program.function(ctx.file, f).class.is_some()
            {
                self.sending.insert((ctx.file, f));
            }
            return found
                .map(|template| Pending::Request {
                    template: Box::new(template),
                    origin: (ctx.file, call.line),
                    wrapper: None,
                })
                .into_iter()
                .collect();
        }
        if !self.rereading
            && let Val::Unknown(_) = &callee
            && let Some(path) = call.args.first().and_then(written_path)
            && let Some(name) = call.callee.dotted()
            // `c.fetch` in a bundle: a minified name says nothing to declare.
            && name.split('.').rev().skip(1).all(|part| part.len() > 1)
            && !call.new
            && !call
                .callee
                .last_name()
                .is_some_and(|n| NOT_REQUESTS.contains(&n))
            && !crate::discover::is_test_path(self.program.path(ctx.file))
        {
            let entry = self
                .unknown
                .entry(name)
                .or_insert_with(|| (0, (ctx.file, call.line, path.to_string())));
            entry.0 += 1;
        }
        let may_request = match &callee {
            Val::Client(_) | Val::Param(_) | Val::Get(..) => true,
            Val::Func(file, f) | Val::Method(file, f, _) => {
                self.declared_for(*file, *f).is_some()
                    || !self.summary(*file, *f).is_empty()
                    || self.sent.contains_key(&(*file, *f))
            }
            _ => false,
        };
        if !may_request {
            return Vec::new();
        }
        self.resolve(callee, args(), (ctx.file, call.line), 0)
    }

    fn resolve(
        &mut self,
        callee: Val,
        args: Vec<Val>,
        origin: (FileIx, u32),
        depth: u32,
    ) -> Vec<Pending> {
        if depth > MAX_CHAIN {
            return Vec::new();
        }
        match callee {
            Val::Client(c) => match clients::call(&c, &args) {
                clients::Outcome::Request(template) => vec![Pending::Request {
                    template: Box::new(template),
                    origin,
                    wrapper: None,
                }],
                _ => Vec::new(),
            },
            Val::Func(file, f) | Val::Method(file, f, _) => {
                if let Some(w) = self.declared_for(file, f) {
                    return vec![Pending::Request {
                        template: Box::new(declared(w, &args)),
                        origin,
                        wrapper: None,
                    }];
                }
                self.instantiate(file, f, &args, depth, origin)
            }
            callee @ (Val::Param(_) | Val::Get(..)) => vec![Pending::Call { callee, args }],
            _ => Vec::new(),
        }
    }

    /// A call of a summarised function at `site`: its pending requests with
    /// the arguments put in. A request whose path text the arguments write
    /// (`api.get("/users")`, or any call of a wrapper that writes none)
    /// moves out to `site`; one whose arguments only fill placeholders
    /// (`getInvoice(id)` of `/invoices/${id}`) stays where its path is
    /// written, keeps the wrapper's parameter names, and counts `site` as
    /// a caller.
    fn instantiate(
        &mut self,
        file: FileIx,
        f: u32,
        args: &[Val],
        depth: u32,
        site: (FileIx, u32),
    ) -> Vec<Pending> {
        let summary = self.summary(file, f);
        if !self.rereading
            && let Some(origins) = self.sent.get(&(file, f))
        {
            for &origin in origins {
                self.callers.entry(origin).or_default().insert(site);
            }
        }
        if summary.is_empty() {
            return Vec::new();
        }
        self.used.insert((file, f));
        let name = self.qualified(file, f);
        let program = self.program;
        let mut out = Vec::new();
        for pending in summary {
            match pending {
                Pending::Request {
                    template,
                    origin,
                    wrapper,
                } => {
                    let mut given = subst_template(program, &template, args);
                    let own = path_text(&template.url);
                    if own == 0 || path_text(&given.url) > own {
                        out.push(Pending::Request {
                            template: Box::new(given),
                            origin: site,
                            wrapper: Some(name.clone()),
                        });
                    } else {
                        given.url = program.subst(&template.url, &self.unknown_params(file, f));
                        self.callers.entry(origin).or_default().insert(site);
                        out.push(Pending::Request {
                            template: Box::new(given),
                            origin,
                            wrapper,
                        });
                    }
                }
                Pending::Call {
                    callee,
                    args: inner,
                } => {
                    let callee = program.subst(&callee, args);
                    let inner: Vec<Val> = inner.iter().map(|v| program.subst(v, args)).collect();
                    for mut p in self.resolve(callee, inner, site, depth + 1) {
                        if let Pending::Request { wrapper, .. } = &mut p {
                            *wrapper = Some(name.clone());
                        }
                        out.push(p);
                    }
                }
            }
        }
        out
    }

    /// A declared wrapper that names this function, as `module.function`
    /// (`channel.patch` for `patch` in `web/src/channel.ts`) or `Class.method`:
    /// so the declaration holds however the function is reached (called by
    /// name, or passed along as a value).
    fn declared_for(&self, file: FileIx, f: u32) -> Option<&'_ RequestWrapper> {
        if self.wrappers.is_empty() {
            return None;
        }
        let web = self.program.web(file);
        let function = &web.functions[f as usize];
        let path = self.program.path(file);
        let stem = path.rsplit('/').next().unwrap_or(path);
        let stem = stem.split('.').next().unwrap_or(stem);
        let owner = match function.class {
            Some(c) => web.classes[c as usize].name.as_str(),
            None => stem,
        };
        let dotted = format!("{owner}.{}", function.name);
        self.wrappers.iter().find(|w| w.matches(&dotted))
    }

    fn qualified(&self, file: FileIx, f: u32) -> String {
        let web = self.program.web(file);
        let function = &web.functions[f as usize];
        let name = if function.name.is_empty() {
            format!("<anonymous@{}>", function.line)
        } else {
            function.name.to_string()
        };
        match function.class {
            Some(c) => format!(
                "{}:{}.{name}",
                self.program.path(file),
                web.classes[c as usize].name
            ),
            None => format!("{}:{name}", self.program.path(file)),
        }
    }

    /// Records a request where it is written ([`Pending::Request::origin`]).
    fn report(&mut self, pending: Pending) {
        let Pending::Request {
            template,
            wrapper,
            origin: (file, line),
        } = pending
        else {
            return;
        };
        let (method, url) = finish(&template);
        // One request per value a URL can have (`c ? "/a" : "/b"`).
        for url in alternatives(&url, MAX_ALTERNATIVES) {
            if matches!(url, Val::Missing)
                || (template.via == clients::UNTYPED_VIA && !clients::looks_like_path(&url))
            {
                continue;
            }
            self.found.push(FoundRequest {
                file,
                line,
                via: template.via.clone(),
                method: method.clone(),
                url,
                wrapper: wrapper.clone(),
                // Filled once every call is seen.
                callers: Vec::new(),
            });
        }
    }

    /// A base class's method that sends a request runs on each subclass's
    /// instance: `BaseCRUDAPI.getAll` reads `this.baseRoute`, which every
    /// API class sets to its own. Each is reported at the base method's
    /// call, once per subclass that inherits the method and is used on it
    /// ([`MethodUses`]), in place of the base-class reading.
    fn inherited_requests(&mut self) {
        let program = self.program;
        let uses = MethodUses::build(program);
        let before = self.found.len();
        self.rereading = true;
        for (file, facts) in program.files.iter().enumerate() {
            if facts.language == crate::discover::Language::Python {
                continue;
            }
            for (c, class) in facts.web.classes.iter().enumerate() {
                let c = c as u32;
                for (bf, bc) in program.ancestors(file, c) {
                    let base = &program.web(bf).classes[bc as usize];
                    for (name, m) in &base.methods {
                        if class.methods.iter().any(|(n, _)| n == name)
                            || !self.sending.contains(&(bf, *m))
                            || !uses.used_on(name, (file, c))
                        {
                            continue;
                        }
                        program.with_receiver(file, c, || {
                            let s = self.run_scope(bf, Some(*m));
                            self.report_with_unknown_params(bf, *m, s);
                        });
                    }
                }
            }
        }
        self.rereading = false;
        let redone = self.found.split_off(before);
        let sites: BTreeSet<(FileIx, u32)> = redone.iter().map(|r| (r.file, r.line)).collect();
        self.found.retain(|r| !sites.contains(&(r.file, r.line)));
        self.found.extend(redone);
    }

    /// Reports what a function sends with its parameters unknown (`{name}`).
    fn report_with_unknown_params(&mut self, file: FileIx, f: u32, summary: Vec<Pending>) {
        let params = self.unknown_params(file, f);
        for pending in summary {
            if let Pending::Request {
                template,
                origin,
                wrapper,
            } = pending
            {
                let template = subst_template(self.program, &template, &params);
                self.report(Pending::Request {
                    template: Box::new(template),
                    origin,
                    wrapper,
                });
            }
        }
    }

    /// A function's parameters as unknown values named after them (`{id}`).
    fn unknown_params(&self, file: FileIx, f: u32) -> Vec<Val> {
        self.program
            .function(file, f)
            .params
            .iter()
            .map(|p| Val::Unknown((!p.name.is_empty()).then(|| p.name.to_string())))
            .collect()
    }

    /// A wrapper no analysed code calls still sends its requests: report
    /// them where the client is called, parameters as `{name}`.
    fn report_unused_wrappers(&mut self) {
        let unused: Vec<((FileIx, u32), Vec<Pending>)> = self
            .summaries
            .iter()
            .filter(|(key, s)| !s.is_empty() && !self.used.contains(key))
            .map(|(k, s)| (*k, s.clone()))
            .collect();
        for ((file, f), summary) in unused {
            self.report_with_unknown_params(file, f, summary);
        }
    }
}

/// A summarised request with a call's arguments put in for its parameters.
fn subst_template(program: &Program, t: &Template, args: &[Val]) -> Template {
    let s = |v: &Val| program.subst(v, args);
    Template {
        url: s(&t.url),
        method: t.method.as_ref().map(s),
        settings: t.settings.as_ref().map(s),
        base: t.base.as_ref().map(s),
        ..t.clone()
    }
}

/// A call of a declared wrapper as a request template.
fn declared(w: &RequestWrapper, args: &[Val]) -> Template {
    let arg = args.get(w.url_arg).cloned().unwrap_or(Val::Missing);
    let (url, settings) = match &w.url_property {
        Some(p) => (get(&arg, p), Some(arg)),
        None => (arg, args.get(w.url_arg + 1).cloned()),
    };
    let method = match (&w.method, w.method_arg, &w.method_property) {
        (Some(m), _, _) => Some(Val::lit(&m.to_ascii_uppercase())),
        (None, Some(i), _) => Some(args.get(i).cloned().unwrap_or(Val::Missing)),
        (None, None, Some(p)) => settings.as_ref().map(|s| get(s, p)),
        (None, None, None) => None,
    };
    Template {
        via: w.name.clone(),
        url,
        method: method.clone(),
        settings,
        url_key: None,
        // Nothing declared: the usual option names.
        method_keys: if method.is_some() {
            &[]
        } else {
            &["method", "type"]
        },
        default_method: "ANY",
        base: None,
    }
}

/// The method and URL a template comes to once nothing is symbolic.
fn finish(t: &Template) -> (String, Val) {
    let mut url = t.url.clone();
    if let (Val::Missing, Some(key), Some(settings)) = (&url, t.url_key, &t.settings) {
        url = get(settings, key);
    }
    if let Some(settings) = &t.settings
        && let Val::Text(_) = get(settings, "baseURL")
    {
        url = join_base(get(settings, "baseURL"), url);
    } else if let Some(base) = &t.base {
        url = join_base(base.clone(), url);
    }
    let mut method = t.method.clone();
    if method.is_none()
        && let Some(settings) = &t.settings
    {
        method = t
            .method_keys
            .iter()
            .map(|k| get(settings, k))
            .find(|v| !matches!(v, Val::Missing | Val::Unknown(_)));
    }
    let method = match method {
        None => t.default_method.to_string(),
        Some(v) => v
            .as_literal()
            .map(|m| m.trim().to_ascii_uppercase())
            .filter(|m| !m.is_empty() && m.chars().all(|c| c.is_ascii_alphabetic()))
            .unwrap_or_else(|| "ANY".to_string()),
    };
    (method, url)
}

/// `baseURL` + a relative URL; an absolute URL ignores the base.
fn join_base(base: Val, url: Val) -> Val {
    let absolute = match &url {
        Val::Text(parts) => {
            matches!(parts.first(), Some(super::program::Part::Lit(s)) if s.contains("://"))
        }
        _ => false,
    };
    if absolute {
        return url;
    }
    let (Val::Text(mut b), Val::Text(u)) = (base, url.clone()) else {
        return url;
    };
    use super::program::Part;
    if let (Some(Part::Lit(end)), Some(Part::Lit(start))) = (b.last_mut(), u.first()) {
        match (end.ends_with('/'), start.starts_with('/')) {
            (true, true) => {
                end.pop();
            }
            (false, false) if !start.is_empty() => end.push('/'),
            _ => {}
        }
    }
    for p in u {
        match (b.last_mut(), p) {
            (Some(Part::Lit(a)), Part::Lit(c)) => a.push_str(&c),
            (_, p) => b.push(p),
        }
    }
    Val::Text(b)
}

/// For `{name}` in a path: the hint of a dynamic value.
pub fn dyn_name(v: &Val) -> Option<String> {
    hint(v)
}
