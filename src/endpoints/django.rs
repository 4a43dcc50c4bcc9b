//! Django URLconfs: `urlpatterns` built from `path()`, `re_path()`, legacy
//! `url()`, list concatenation, `+=`, `i18n_patterns(*…)`, and `include()`
//! of modules, lists and Django REST framework routers, nested across files
//! with their prefixes and namespaces. Views: functions (methods from
//! `require_http_methods`/`require_GET`/`api_view`), class-based views (the
//! HTTP methods the class and its bases define), DRF ViewSets (their actions
//! and `@action` extras).
//!
//! A helper that returns `path(route, …)` (zulip's `rest_path`) is a path
//! too; its keyword arguments named after HTTP methods (`GET=view`) are the
//! per-method handlers such helpers dispatch to.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::discover::Language;
use crate::facts::web::{Call, Expr};

use super::FoundRoute;
use super::drf;
use super::path::{convert_angle, convert_regex, join};
use super::program::{Ctx, FileIx, Part, Program, Val};
use super::routers::HTTP_METHODS;
use super::views::{class_methods, decorator_methods};

const MAX_INCLUDE_DEPTH: u32 = 12;

/// The routes of the project's URLconfs, and a diagnostic per mount whose
/// prefix seam could not read (its routes are mounted at the root).
pub fn find(program: &Program) -> (Vec<FoundRoute>, Vec<Diagnostic>) {
    let mut walker = Walker {
        program,
        routes: Vec::new(),
        included: BTreeSet::new(),
        stack: Vec::new(),
        unreadable: BTreeSet::new(),
        helpers: BTreeMap::new(),
    };
    let conf_modules: Vec<FileIx> = (0..program.files.len())
        .filter(|&f| {
            program.files[f].language == Language::Python
                && !program.module_bindings(f, "urlpatterns").is_empty()
        })
        .collect();
    let roots = match root_urlconfs(program) {
        roots if !roots.is_empty() => roots,
        _ => {
            // No ROOT_URLCONF: every URLconf no other one includes is a root.
            for &f in &conf_modules {
                walker.module(f, "", None, 0);
            }
            let included = std::mem::take(&mut walker.included);
            conf_modules
                .into_iter()
                .filter(|f| !included.contains(f))
                .collect()
        }
    };
    walker.routes.clear();
    walker.unreadable.clear();
    walker.helpers.clear();
    for root in roots {
        walker.module(root, "/", None, 0);
    }
    let notes = walker
        .unreadable
        .iter()
        .map(|&(file, line, ref written, routes)| {
            Diagnostic::new(
                DiagnosticKind::Endpoints,
                program.path(file),
                Some(line),
                format!(
                    "the prefix `{written}` that mounts {routes} route(s) here is known only \
                     at run time; they are reported under `/`, as an unset setting mounts \
                     them (give the setting a literal default to mount them under it)"
                ),
            )
        })
        .collect::<Vec<_>>();
    let mut notes = notes;
    for (name, (calls, (file, line, prefix))) in &walker.helpers {
        notes.push(Diagnostic::new(
            DiagnosticKind::Endpoints,
            program.path(*file),
            Some(*line),
            format!(
                "`{name}(…)` builds URL patterns seam cannot read ({calls} call(s) in URLconfs, \
                 here under `{prefix}`); the routes it registers are missing from the report"
            ),
        ));
    }
    (walker.routes, notes)
}

/// `ROOT_URLCONF = "project.urls"` in any settings module.
fn root_urlconfs(program: &Program) -> Vec<FileIx> {
    let mut roots = BTreeSet::new();
    for (f, facts) in program.files.iter().enumerate() {
        for b in program.module_bindings(f, "ROOT_URLCONF") {
            let ctx = Ctx {
                file: f,
                scope: None,
            };
            if let Some(dotted) = program.eval(&b.value, ctx).as_literal()
                && let Some(module) = program.python_module(&dotted)
            {
                roots.insert(module);
            }
        }
        let _ = facts;
    }
    roots.into_iter().collect()
}

struct Walker<'p, 'a> {
    program: &'p Program<'a>,
    routes: Vec<FoundRoute>,
    included: BTreeSet<FileIx>,
    /// URLconf modules being walked, against include cycles.
    stack: Vec<FileIx>,
    /// Mounts whose prefix is not readable: file, line, the prefix as
    /// written, how many routes were mounted under `/` instead.
    unreadable: BTreeSet<(FileIx, u32, String, usize)>,
    /// Project helpers whose patterns seam cannot read: name → how many
    /// calls, and the first (file, line, prefix).
    helpers: BTreeMap<String, (usize, (FileIx, u32, String))>,
}

impl Walker<'_, '_> {
    fn module(&mut self, file: FileIx, prefix: &str, namespace: Option<&str>, depth: u32) {
        if depth > MAX_INCLUDE_DEPTH || self.stack.contains(&file) {
            return;
        }
        self.stack.push(file);
        let app_name = self
            .program
            .module_bindings(file, "app_name")
            .last()
            .and_then(|b| {
                self.program
                    .eval(&b.value, Ctx { file, scope: None })
                    .as_literal()
            });
        let namespace = namespace.map(str::to_string).or(app_name);
        self.name(file, "urlpatterns", prefix, namespace.as_deref(), depth);
        self.stack.pop();
    }

    /// A module-level list: its first assignment, then every `+=`.
    fn name(&mut self, file: FileIx, name: &str, prefix: &str, ns: Option<&str>, depth: u32) {
        let bindings = self.program.module_bindings(file, name);
        let start = bindings.iter().rposition(|b| !b.augmented).unwrap_or(0);
        for b in &bindings[start..] {
            self.list(&b.value, Ctx { file, scope: None }, prefix, ns, depth + 1);
        }
    }

    fn list(&mut self, e: &Expr, ctx: Ctx, prefix: &str, ns: Option<&str>, depth: u32) {
        if depth > MAX_INCLUDE_DEPTH * 4 {
            return;
        }
        let d = depth + 1;
        match e {
            Expr::List(items) => {
                for item in items {
                    self.list(item, ctx, prefix, ns, d);
                }
            }
            Expr::Concat(parts) => {
                for p in parts {
                    self.list(p, ctx, prefix, ns, d);
                }
            }
            Expr::Spread(inner) => self.list(inner, ctx, prefix, ns, d),
            Expr::Name(_) | Expr::Member(..) => {
                if let Expr::Member(object, attr) = e
                    && attr == "urls"
                    && let Val::Made(f, b) = self.program.eval(object, ctx)
                {
                    let routes = drf::router_routes(self.program, f, b, prefix, ns);
                    self.routes.extend(routes);
                    return;
                }
                if let Some((file, name)) = self.locate(e, ctx) {
                    self.name(file, &name, prefix, ns, d);
                }
            }
            Expr::Call(call) => self.call(call, ctx, prefix, ns, d),
            _ => {}
        }
    }

    /// The module and name a list expression refers to.
    fn locate(&self, e: &Expr, ctx: Ctx) -> Option<(FileIx, String)> {
        match e {
            Expr::Name(n) => {
                if !self.program.module_bindings(ctx.file, n).is_empty() {
                    return Some((ctx.file, n.to_string()));
                }
                let web = self.program.web(ctx.file);
                let import = web.imports.iter().rev().find(|i| i.local == n)?;
                let imported = import.imported.as_ref()?;
                let target = *self
                    .program
                    .import_targets(ctx.file, &import.specifier)
                    .first()?;
                Some((target, imported.to_string()))
            }
            Expr::Member(object, attr) => match self.program.eval(object, ctx) {
                Val::Module(f) => Some((f, attr.to_string())),
                _ => None,
            },
            _ => None,
        }
    }

    fn call(&mut self, call: &Call, ctx: Ctx, prefix: &str, ns: Option<&str>, d: u32) {
        let name = call.callee.last_name().unwrap_or("");
        match name {
            "path" | "re_path" | "url" => self.pattern(call, ctx, prefix, ns, name != "path", d),
            "i18n_patterns" | "format_suffix_patterns" | "patterns" | "list" | "tuple" => {
                for a in &call.args {
                    self.list(a, ctx, prefix, ns, d);
                }
            }
            // `import_string(f"{app}.urls.i18n_urlpatterns")`: a list in
            // every module the dotted name fits.
            "import_string" => {
                let Some(Val::Text(parts)) = call.args.first().map(|a| self.program.eval(a, ctx))
                else {
                    return;
                };
                let Some(Part::Lit(last)) = parts.last() else {
                    return;
                };
                let Some((head, attr)) = last.rsplit_once('.') else {
                    return;
                };
                let mut module = parts[..parts.len() - 1].to_vec();
                if !head.is_empty() {
                    module.push(Part::Lit(head.to_string()));
                }
                let files = match module.as_slice() {
                    [Part::Lit(m)] => self.program.python_module(m).into_iter().collect(),
                    _ => self.program.python_modules_like(&module),
                };
                for file in files {
                    if !self.stack.contains(&file) {
                        self.stack.push(file);
                        self.name(file, attr, prefix, ns, d);
                        self.stack.pop();
                    }
                }
            }
            _ => {
                if let Val::Func(f, i) = self.program.eval(&call.callee, ctx) {
                    match path_alias(self.program, f, i) {
                        Some(regex) => self.pattern(call, ctx, prefix, ns, regex, d),
                        // A project helper that builds patterns seam cannot
                        // read (from a registry filled by decorators): said,
                        // not silently dropped.
                        None => {
                            let name = self.program.function(f, i).name.clone();
                            let entry = self
                                .helpers
                                .entry(name.to_string())
                                .or_insert((0, (ctx.file, call.line, prefix.to_string())));
                            entry.0 += 1;
                        }
                    }
                }
            }
        }
    }

    fn pattern(
        &mut self,
        call: &Call,
        ctx: Ctx,
        prefix: &str,
        ns: Option<&str>,
        regex: bool,
        d: u32,
    ) {
        let route_expr = call.args.first().or(call.kwarg("route"));
        let view = call.args.get(1).or(call.kwarg("view"));
        let include = match view {
            Some(Expr::Call(inner)) if inner.callee.last_name() == Some("include") => Some(inner),
            _ => None,
        };
        let route = match (
            route_expr.map(|r| self.program.eval(r, ctx).as_literal()),
            include,
        ) {
            (Some(Some(route)), _) => route,
            // `path(settings.BASE_PATH, include(…))`: a prefix known only
            // at run time mounts a whole tree; it goes under the root, as
            // with the setting unset, and a diagnostic says so.
            (Some(None), Some(inner)) => {
                let before = self.routes.len();
                self.include(inner, ctx, prefix, ns, d);
                let written = route_expr
                    .and_then(Expr::dotted)
                    .unwrap_or_else(|| "…".into());
                self.unreadable
                    .insert((ctx.file, call.line, written, self.routes.len() - before));
                return;
            }
            _ => return,
        };
        let (template, catch_all) = if regex {
            convert_regex(&route)
        } else {
            convert_angle(&route)
        };
        let full = join(prefix, &template);
        if let Some(inner) = include {
            self.include(inner, ctx, &full, ns, d);
            return;
        }
        let name = call
            .kwarg("name")
            .or(call.args.get(3))
            .and_then(|n| self.program.eval(n, ctx).as_literal())
            .map(|n| match ns {
                Some(ns) => format!("{ns}:{n}"),
                None => n,
            });
        let mut handlers: Vec<(String, &Expr)> = call
            .kwargs
            .iter()
            .filter(|(k, _)| {
                HTTP_METHODS.contains(&k.to_ascii_lowercase().as_str())
                    && k.chars().all(|c| c.is_ascii_uppercase())
            })
            // `GET=(view, {"flag"})`: zulip pairs a view with its options.
            .map(|(k, v)| match v {
                Expr::List(items) if !items.is_empty() => (k.to_string(), &items[0]),
                _ => (k.to_string(), v),
            })
            .collect();
        if handlers.is_empty()
            && let Some(view) = view
        {
            handlers.push((String::new(), view));
        }
        for (method, view) in handlers {
            for (m, handler, handler_file) in self.view_methods(view, ctx) {
                let method = if method.is_empty() { m } else { method.clone() };
                self.routes.push(FoundRoute {
                    file: ctx.file,
                    line: call.line,
                    method,
                    path: full.clone(),
                    catch_all,
                    handler,
                    handler_file,
                    framework: "django",
                    name: name.clone(),
                });
            }
        }
    }

    fn include(&mut self, include: &Call, ctx: Ctx, prefix: &str, ns: Option<&str>, d: u32) {
        let namespace = include
            .kwarg("namespace")
            .and_then(|n| self.program.eval(n, ctx).as_literal());
        let ns = namespace.as_deref().or(ns);
        let Some(target) = include.args.first() else {
            return;
        };
        match self.program.eval(target, ctx) {
            Val::Text(parts) => {
                let files = match self.program.eval(target, ctx).as_literal() {
                    Some(m) => self.program.python_module(&m).into_iter().collect(),
                    // `include(f"{app}.urls")` in a loop over settings: every
                    // URLconf the name fits (those already being walked are
                    // skipped as cycles).
                    None => self.program.python_modules_like(&parts),
                };
                for file in files {
                    self.included.insert(file);
                    self.module(file, prefix, namespace.as_deref(), d);
                }
            }
            Val::Module(file) => {
                self.included.insert(file);
                self.module(file, prefix, namespace.as_deref(), d);
            }
            _ => match target {
                // include((patterns, "app_name")): a pair whose second item is
                // a name; any other list (`include([path(…), …])`) is patterns.
                Expr::List(items) if items.len() == 2 => {
                    match self.program.eval(&items[1], ctx).as_literal() {
                        Some(app) => {
                            let ns = namespace.as_deref().or(Some(app.as_str()));
                            self.list(&items[0], ctx, prefix, ns, d)
                        }
                        None => self.list(target, ctx, prefix, ns, d),
                    }
                }
                other => self.list(other, ctx, prefix, ns, d),
            },
        }
    }

    /// (method, handler, handler file) for a view expression.
    fn view_methods(&self, view: &Expr, ctx: Ctx) -> Vec<(String, String, FileIx)> {
        let program = self.program;
        if let Expr::Call(c) = view
            && let Expr::Member(object, m) = &c.callee
            && m == "as_view"
        {
            if let Val::Class(f, cl) = program.eval(object, ctx) {
                return class_methods(program, f, cl);
            }
            let text = object.dotted().unwrap_or_default();
            return vec![("ANY".into(), text, ctx.file)];
        }
        match program.eval(view, ctx) {
            Val::Func(f, i) => {
                let function = program.function(f, i);
                let methods = decorator_methods(program, f, &function.decorators);
                methods
                    .into_iter()
                    .map(|m| (m, program.handler_name(f, &function.name), f))
                    .collect()
            }
            Val::Class(f, cl) => class_methods(program, f, cl),
            _ => {
                let text = view.dotted().unwrap_or_else(|| "?".into());
                vec![("ANY".into(), text, ctx.file)]
            }
        }
    }
}

/// Whether a function is a `path()` helper: it returns `path(first_param, …)`
/// (`Some(false)`) or `re_path(…)` (`Some(true)`).
fn path_alias(program: &Program, f: FileIx, i: u32) -> Option<bool> {
    let function = program.function(f, i);
    let first = function.params.first()?;
    function.returns.iter().find_map(|r| {
        let call = r.as_call()?;
        let name = call.callee.last_name()?;
        let passes_route = matches!(call.args.first(), Some(Expr::Name(n)) if *n == first.name);
        match name {
            "path" if passes_route => Some(false),
            "re_path" | "url" if passes_route => Some(true),
            _ => None,
        }
    })
}
