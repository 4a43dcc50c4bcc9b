//! Router-style backends: Flask (`@app.route`, `@bp.get`, `add_url_rule`,
//! `Blueprint(url_prefix=…)`, `register_blueprint(…, url_prefix=…)`,
//! `MethodView.as_view`), Flask-RESTful / Flask-RESTX (`Api.add_resource`,
//! `Namespace`, `@ns.route` on a `Resource`), FastAPI (`@router.get`,
//! `api_route`, `add_api_route`, `APIRouter(prefix=…)`, `include_router`)
//! and Starlette (`Route`, `Mount`).
//!
//! Routers are the objects their constructor calls build, identified by the
//! binding that holds them; decorators and registration calls anywhere in the
//! tree are joined to them through imports, and prefixes are folded down the
//! mount graph (which may hold one router under several parents).

use std::collections::{BTreeMap, BTreeSet};

use crate::discover::Language;
use crate::facts::web::{Call, Expr};

use super::FoundRoute;
use super::forward;
use super::path::{convert_angle, join};
use super::program::{Ctx, FileIx, Program, Val};
use super::views::class_methods;

pub const HTTP_METHODS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options"];
const MAX_MOUNT_PATHS: usize = 16;
/// The calls [`registration`] reads.
const REGISTRATIONS: &[&str] = &[
    "register_blueprint",
    "include_router",
    "add_namespace",
    "mount",
    "add_url_rule",
    "add_api_route",
    "add_route",
    "add_resource",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Flask,
    Blueprint,
    FastApi,
    ApiRouter,
    /// Flask-RESTful / Flask-RESTX `Api`.
    RestApi,
    Namespace,
}

impl Kind {
    /// The framework router class of this name.
    fn named(name: &str) -> Option<Kind> {
        Some(match name {
            "Flask" => Kind::Flask,
            "Blueprint" => Kind::Blueprint,
            "FastAPI" => Kind::FastApi,
            "APIRouter" => Kind::ApiRouter,
            "Api" => Kind::RestApi,
            "Namespace" => Kind::Namespace,
            _ => return None,
        })
    }

    fn framework(self) -> &'static str {
        match self {
            Kind::Flask | Kind::Blueprint => "flask",
            Kind::FastApi | Kind::ApiRouter => "fastapi",
            Kind::RestApi | Kind::Namespace => "flask-restful",
        }
    }
}

struct Router {
    kind: Kind,
    /// The blueprint or namespace name (`Blueprint("auth", …)`).
    name: Option<String>,
    prefix: String,
}

type RouterId = (FileIx, u32);

struct Mount {
    parent: RouterId,
    child: RouterId,
    prefix: Option<String>,
}

pub fn find(program: &Program) -> Vec<FoundRoute> {
    let routers = routers(program);
    if routers.is_empty() {
        return Vec::new();
    }
    let forwarders = forward::forwarders(program, REGISTRATIONS);
    let mut mounts = Vec::new();
    let mut out = Vec::new();
    // flask_restful `Api(app_or_blueprint, prefix=…)` hangs off its argument.
    for (&(file, b), router) in &routers {
        if router.kind != Kind::RestApi {
            continue;
        }
        let binding = &program.web(file).bindings[b as usize];
        if let Expr::Call(call) = &binding.value
            && let Some(arg) = call.args.first()
            && let Val::Made(pf, pb) = program.eval(
                arg,
                Ctx {
                    file,
                    scope: binding.scope,
                },
            )
            && routers.contains_key(&(pf, pb))
        {
            mounts.push(Mount {
                parent: (pf, pb),
                child: (file, b),
                prefix: None,
            });
        }
    }
    for (file, facts) in program.files.iter().enumerate() {
        if facts.language != Language::Python {
            continue;
        }
        for (i, function) in facts.web.functions.iter().enumerate() {
            let ctx = Ctx {
                file,
                scope: function.parent,
            };
            for decorator in &function.decorators {
                let handler = Handler::Function(file, i as u32);
                decorated(program, &routers, decorator, ctx, handler, &mut out);
            }
        }
        for (c, class) in facts.web.classes.iter().enumerate() {
            let ctx = Ctx { file, scope: None };
            for decorator in &class.decorators {
                let handler = Handler::Class(file, c as u32);
                decorated(program, &routers, decorator, ctx, handler, &mut out);
            }
        }
        for site in &facts.web.calls {
            let ctx = Ctx {
                file,
                scope: site.scope,
            };
            registration(program, &routers, &site.call, ctx, &mut out, &mut mounts);
            // `api.add_org_resource(View, "/x")`: what the helper registers.
            let mut forwarded =
                forward::expand(program, &forwarders, &site.call, ctx, REGISTRATIONS);
            for _ in 0..forward::MAX_FORWARDS {
                let mut next = Vec::new();
                for call in &forwarded {
                    registration(program, &routers, call, ctx, &mut out, &mut mounts);
                    next.extend(forward::expand(
                        program,
                        &forwarders,
                        call,
                        ctx,
                        REGISTRATIONS,
                    ));
                }
                forwarded = next;
            }
        }
    }
    let prefixes = mount_paths(&routers, &mounts);
    let mut routes = Vec::new();
    for pending in out {
        let router = &routers[&pending.router];
        for prefix in prefixes.get(&pending.router).into_iter().flatten() {
            for path in &pending.paths {
                let (template, catch_all) = convert_angle(&join(prefix, path));
                let template = if template.starts_with('/') {
                    template
                } else {
                    format!("/{template}")
                };
                for (method, handler, handler_file) in &pending.methods {
                    let name = pending.endpoint.as_ref().map(|e| match &router.name {
                        Some(bp) if router.kind == Kind::Blueprint => format!("{bp}.{e}"),
                        _ => e.clone(),
                    });
                    routes.push(FoundRoute {
                        file: pending.file,
                        line: pending.line,
                        method: method.clone(),
                        path: template.clone(),
                        catch_all,
                        handler: handler.clone(),
                        handler_file: *handler_file,
                        framework: router.kind.framework(),
                        name,
                    });
                }
            }
        }
    }
    routes
}

fn routers(program: &Program) -> BTreeMap<RouterId, Router> {
    let mut out = BTreeMap::new();
    for (file, facts) in program.files.iter().enumerate() {
        if facts.language != Language::Python {
            continue;
        }
        for (b, binding) in facts.web.bindings.iter().enumerate() {
            let Expr::Call(call) = &binding.value else {
                continue;
            };
            let ctx = Ctx {
                file,
                scope: binding.scope,
            };
            // The framework class itself, or a project subclass of it
            // (`class UserAPIRouter(APIRouter)`), under any import alias.
            // Only a capitalised callee can be a class: the others are not
            // worth evaluating.
            let Some(callee) = call.callee.last_name() else {
                continue;
            };
            let kind = Kind::named(callee).or_else(|| {
                callee
                    .starts_with(|c: char| c.is_ascii_uppercase())
                    .then(|| program.lineage(&call.callee, ctx))?
                    .iter()
                    .find_map(|n| Kind::named(n))
            });
            let Some(kind) = kind else {
                continue;
            };
            let text = |e: Option<&Expr>| e.and_then(|e| program.eval(e, ctx).as_literal());
            let name = text(call.args.first());
            let prefix = match kind {
                Kind::Blueprint => text(call.kwarg("url_prefix")),
                Kind::ApiRouter | Kind::RestApi => text(call.kwarg("prefix")),
                Kind::Namespace => {
                    text(call.kwarg("path")).or(name.as_ref().map(|n| format!("/{n}")))
                }
                Kind::Flask | Kind::FastApi => None,
            };
            out.insert(
                (file, b as u32),
                Router {
                    kind,
                    name,
                    prefix: prefix.unwrap_or_default(),
                },
            );
        }
    }
    out
}

#[derive(Debug, Clone, Copy)]
enum Handler {
    Function(FileIx, u32),
    Class(FileIx, u32),
}

/// A route registration before its router's prefixes are known.
struct Pending {
    router: RouterId,
    file: FileIx,
    line: u32,
    paths: Vec<String>,
    /// (method, handler, handler file)
    methods: Vec<(String, String, FileIx)>,
    endpoint: Option<String>,
}

fn router_of(
    program: &Program,
    routers: &BTreeMap<RouterId, Router>,
    e: &Expr,
    ctx: Ctx,
) -> Option<RouterId> {
    match program.eval(e, ctx) {
        Val::Made(f, b) if routers.contains_key(&(f, b)) => Some((f, b)),
        _ => None,
    }
}

fn literal_list(program: &Program, e: Option<&Expr>, ctx: Ctx) -> Option<Vec<String>> {
    match program.eval(e?, ctx) {
        Val::List(items) => Some(items.iter().filter_map(Val::as_literal).collect()),
        v => v.as_literal().map(|s| vec![s]),
    }
}

fn decorated(
    program: &Program,
    routers: &BTreeMap<RouterId, Router>,
    decorator: &Expr,
    ctx: Ctx,
    handler: Handler,
    out: &mut Vec<Pending>,
) {
    let Expr::Call(call) = decorator else {
        return;
    };
    let Expr::Member(object, verb) = &call.callee else {
        return;
    };
    let is_route = matches!(verb.as_str(), "route" | "api_route");
    if !is_route && !HTTP_METHODS.contains(&verb.as_str()) {
        return;
    }
    let Some(router) = router_of(program, routers, object, ctx) else {
        return;
    };
    let path_arg = call
        .args
        .first()
        .or(call.kwarg("path"))
        .or(call.kwarg("rule"));
    let Some(path) = path_arg.and_then(|p| program.eval(p, ctx).as_literal()) else {
        return;
    };
    let declared = if is_route {
        literal_list(program, call.kwarg("methods"), ctx)
    } else {
        Some(vec![verb.as_str().to_ascii_uppercase()])
    };
    let (file, line) = match handler {
        Handler::Function(f, i) => (f, program.function(f, i).line),
        Handler::Class(f, c) => (f, program.web(f).classes[c as usize].line),
    };
    let endpoint = call
        .kwarg("endpoint")
        .and_then(|e| program.eval(e, ctx).as_literal())
        .or_else(|| handler_short_name(program, handler));
    out.push(Pending {
        router,
        file,
        line,
        paths: vec![path],
        methods: handler_methods(program, handler, declared),
        endpoint,
    });
}

fn handler_short_name(program: &Program, handler: Handler) -> Option<String> {
    match handler {
        Handler::Function(f, i) => Some(program.function(f, i).name.to_string()),
        Handler::Class(f, c) => Some(
            program.web(f).classes[c as usize]
                .name
                .as_str()
                .to_ascii_lowercase(),
        ),
    }
}

/// (method, handler text, handler file) for each method a handler takes.
fn handler_methods(
    program: &Program,
    handler: Handler,
    declared: Option<Vec<String>>,
) -> Vec<(String, String, FileIx)> {
    match handler {
        Handler::Function(f, i) => {
            let name = qualified_function(program, f, i);
            let methods = declared.unwrap_or_else(|| vec!["GET".into()]);
            upper_unique(methods)
                .into_iter()
                .map(|m| (m, program.handler_name(f, &name), f))
                .collect()
        }
        Handler::Class(f, c) => {
            // The HTTP methods the class and its project bases define
            // (`QueryListResource(BaseQueryListResource)` inherits `get`).
            let mut out: Vec<(String, String, FileIx)> = class_methods(program, f, c)
                .into_iter()
                .filter(|(m, _, _)| m != "ANY" && declared.as_ref().is_none_or(|d| d.contains(m)))
                .collect();
            if out.is_empty() {
                let class = &program.web(f).classes[c as usize];
                for m in upper_unique(declared.unwrap_or_else(|| vec!["ANY".into()])) {
                    out.push((m, program.handler_name(f, &class.name), f));
                }
            }
            out
        }
    }
}

fn qualified_function(program: &Program, f: FileIx, i: u32) -> String {
    let function = program.function(f, i);
    match function.class {
        Some(c) => format!(
            "{}.{}",
            program.web(f).classes[c as usize].name,
            function.name
        ),
        None => function.name.to_string(),
    }
}

fn upper_unique(methods: Vec<String>) -> Vec<String> {
    let set: BTreeSet<String> = methods
        .into_iter()
        .map(|m| m.to_ascii_uppercase())
        .collect();
    set.into_iter().collect()
}

/// `add_url_rule`, `add_resource`, `add_api_route`, `add_route`, and the
/// mounts: `register_blueprint`, `include_router`, `add_namespace`, `mount`.
fn registration(
    program: &Program,
    routers: &BTreeMap<RouterId, Router>,
    call: &Call,
    ctx: Ctx,
    out: &mut Vec<Pending>,
    mounts: &mut Vec<Mount>,
) {
    let Expr::Member(object, method) = &call.callee else {
        return;
    };
    let Some(router) = router_of(program, routers, object, ctx) else {
        return;
    };
    let text = |e: Option<&Expr>| e.and_then(|e| program.eval(e, ctx).as_literal());
    match method.as_str() {
        "register_blueprint" | "include_router" | "add_namespace" => {
            let Some(child) = call
                .args
                .first()
                .and_then(|c| router_of(program, routers, c, ctx))
            else {
                return;
            };
            let prefix = text(call.kwarg("url_prefix"))
                .or(text(call.kwarg("prefix")))
                .or(text(call.kwarg("path")))
                .or(text(call.args.get(1)));
            mounts.push(Mount {
                parent: router,
                child,
                prefix,
            });
        }
        "mount" => {
            if let (Some(path), Some(child)) = (
                text(call.args.first()),
                call.args
                    .get(1)
                    .and_then(|c| router_of(program, routers, c, ctx)),
            ) {
                mounts.push(Mount {
                    parent: router,
                    child,
                    prefix: Some(path),
                });
            }
        }
        "add_url_rule" | "add_api_route" | "add_route" => {
            let Some(path) = text(
                call.args
                    .first()
                    .or(call.kwarg("rule"))
                    .or(call.kwarg("path")),
            ) else {
                return;
            };
            let view = if method == "add_url_rule" {
                call.kwarg("view_func").or(call.args.get(2))
            } else {
                call.kwarg("endpoint").or(call.args.get(1))
            };
            let declared = literal_list(program, call.kwarg("methods"), ctx);
            let endpoint = if method == "add_url_rule" {
                text(call.kwarg("endpoint").or(call.args.get(1)))
            } else {
                None
            };
            let Some(handler) = view.and_then(|v| view_handler(program, v, ctx)) else {
                return;
            };
            // `View.as_view("cart")` names the endpoint.
            let as_view_name = match view {
                Some(Expr::Call(c)) if matches!(&c.callee, Expr::Member(_, m) if m == "as_view") => {
                    text(c.args.first())
                }
                _ => None,
            };
            let endpoint = endpoint
                .or(as_view_name)
                .or_else(|| handler_short_name(program, handler));
            out.push(Pending {
                router,
                file: ctx.file,
                line: call.line,
                paths: vec![path],
                methods: handler_methods(program, handler, declared),
                endpoint,
            });
        }
        "add_resource" => {
            let Some(handler) = call
                .args
                .first()
                .and_then(|v| view_handler(program, v, ctx))
            else {
                return;
            };
            let paths: Vec<String> = call.args[1..]
                .iter()
                .filter_map(|p| text(Some(p)))
                .collect();
            if paths.is_empty() {
                return;
            }
            let endpoint =
                text(call.kwarg("endpoint")).or_else(|| handler_short_name(program, handler));
            out.push(Pending {
                router,
                file: ctx.file,
                line: call.line,
                paths,
                methods: handler_methods(program, handler, None),
                endpoint,
            });
        }
        _ => {}
    }
}

/// A view: a function, a class, or `SomeView.as_view("name")`.
fn view_handler(program: &Program, view: &Expr, ctx: Ctx) -> Option<Handler> {
    let view = match view {
        Expr::Call(c) if matches!(&c.callee, Expr::Member(_, m) if m == "as_view") => {
            match &c.callee {
                Expr::Member(object, _) => object.as_ref(),
                _ => return None,
            }
        }
        other => other,
    };
    match program.eval(view, ctx) {
        Val::Func(f, i) => Some(Handler::Function(f, i)),
        Val::Class(f, c) => Some(Handler::Class(f, c)),
        _ => None,
    }
}

/// Every full prefix each router is served under.
fn mount_paths(
    routers: &BTreeMap<RouterId, Router>,
    mounts: &[Mount],
) -> BTreeMap<RouterId, Vec<String>> {
    let mut parents: BTreeMap<RouterId, Vec<&Mount>> = BTreeMap::new();
    for m in mounts {
        parents.entry(m.child).or_default().push(m);
    }
    let mut out = BTreeMap::new();
    for &id in routers.keys() {
        let mut paths = Vec::new();
        let mut seen = BTreeSet::new();
        collect_paths(id, routers, &parents, &mut seen, &mut paths);
        paths.sort();
        paths.dedup();
        out.insert(id, paths);
    }
    out
}

fn collect_paths(
    id: RouterId,
    routers: &BTreeMap<RouterId, Router>,
    parents: &BTreeMap<RouterId, Vec<&Mount>>,
    seen: &mut BTreeSet<RouterId>,
    out: &mut Vec<String>,
) {
    let router = &routers[&id];
    if !seen.insert(id) || out.len() >= MAX_MOUNT_PATHS {
        return;
    }
    match parents.get(&id) {
        // Not mounted anywhere seam can see: served under its own prefix.
        None => out.push(router.prefix.clone()),
        Some(mounts) => {
            for m in mounts {
                let mut above = Vec::new();
                collect_paths(m.parent, routers, parents, seen, &mut above);
                let own = match (router.kind, &m.prefix) {
                    // Flask: the registration's url_prefix replaces the blueprint's.
                    (Kind::Blueprint | Kind::Namespace, Some(p)) => p.clone(),
                    // FastAPI: include_router's prefix goes before the router's.
                    (_, Some(p)) => join(p, &router.prefix),
                    (_, None) => router.prefix.clone(),
                };
                for a in above {
                    out.push(join(&a, &own));
                }
            }
        }
    }
    seen.remove(&id);
}
