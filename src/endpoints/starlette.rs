//! Starlette route tables: `Starlette(routes=[…])` / `Router(routes=[…])`
//! with `Route(path, endpoint, methods=[…])` entries and `Mount(path,
//! routes=[…])` prefixes, the lists possibly bound to names or imported.
//! A function endpoint answers `GET` unless `methods=` says otherwise; an
//! `HTTPEndpoint` class answers the methods it defines.

use crate::discover::Language;
use crate::facts::web::Expr;

use super::FoundRoute;
use super::path::{convert_angle, join};
use super::program::{Ctx, FileIx, Program, Val};
use super::routers::HTTP_METHODS;

const MAX_DEPTH: u32 = 16;

pub fn find(program: &Program) -> Vec<FoundRoute> {
    let mut out = Vec::new();
    for (file, facts) in program.files.iter().enumerate() {
        if facts.language != Language::Python {
            continue;
        }
        for b in &facts.web.bindings {
            let Expr::Call(call) = &b.value else {
                continue;
            };
            if !matches!(call.callee.last_name(), Some("Starlette" | "Router")) {
                continue;
            }
            if let Some(routes) = call.kwarg("routes").or(call.args.first()) {
                let ctx = Ctx {
                    file,
                    scope: b.scope,
                };
                walk(program, routes, ctx, "", 0, &mut out);
            }
        }
    }
    out
}

fn walk(
    program: &Program,
    e: &Expr,
    ctx: Ctx,
    prefix: &str,
    depth: u32,
    out: &mut Vec<FoundRoute>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let d = depth + 1;
    match e {
        Expr::List(items) | Expr::Concat(items) => {
            for item in items {
                walk(program, item, ctx, prefix, d, out);
            }
        }
        Expr::Spread(inner) => walk(program, inner, ctx, prefix, d, out),
        Expr::Name(_) | Expr::Member(..) => {
            if let Some((file, value)) = program.binding_expr(e, ctx) {
                walk(program, value, Ctx { file, scope: None }, prefix, d, out);
            }
        }
        Expr::Call(call) => {
            let text = |e: Option<&Expr>| e.and_then(|e| program.eval(e, ctx).as_literal());
            match call.callee.last_name() {
                Some("Mount") => {
                    let Some(path) = text(call.args.first().or(call.kwarg("path"))) else {
                        return;
                    };
                    if let Some(routes) = call.kwarg("routes") {
                        walk(program, routes, ctx, &join(prefix, &path), d, out);
                    }
                }
                Some("Route") => {
                    let Some(path) = text(call.args.first().or(call.kwarg("path"))) else {
                        return;
                    };
                    let Some(endpoint) = call.args.get(1).or(call.kwarg("endpoint")) else {
                        return;
                    };
                    let declared = match call.kwarg("methods").map(|m| program.eval(m, ctx)) {
                        Some(Val::List(items)) => Some(
                            items
                                .iter()
                                .filter_map(Val::as_literal)
                                .map(|m| m.to_ascii_uppercase())
                                .collect::<Vec<_>>(),
                        ),
                        _ => None,
                    };
                    let (template, catch_all) = convert_angle(&join(prefix, &path));
                    for (method, handler, handler_file) in
                        handlers(program, endpoint, ctx, declared)
                    {
                        out.push(FoundRoute {
                            file: ctx.file,
                            line: call.line,
                            method,
                            path: template.clone(),
                            catch_all,
                            handler,
                            handler_file,
                            framework: "starlette",
                            name: text(call.kwarg("name")),
                        });
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

fn handlers(
    program: &Program,
    endpoint: &Expr,
    ctx: Ctx,
    declared: Option<Vec<String>>,
) -> Vec<(String, String, FileIx)> {
    match program.eval(endpoint, ctx) {
        Val::Func(f, i) => {
            let name = program.handler_name(f, &program.function(f, i).name);
            declared
                .unwrap_or_else(|| vec!["GET".into()])
                .into_iter()
                .map(|m| (m, name.clone(), f))
                .collect()
        }
        Val::Class(f, c) => {
            let class = &program.web(f).classes[c as usize];
            class
                .methods
                .iter()
                .filter(|(m, _)| HTTP_METHODS.contains(&m.as_str()))
                .map(|(m, _)| {
                    let handler = program.handler_name(f, &format!("{}.{m}", class.name));
                    (m.as_str().to_ascii_uppercase(), handler, f)
                })
                .collect()
        }
        _ => Vec::new(),
    }
}
