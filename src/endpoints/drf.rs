//! Django REST framework routers: `DefaultRouter()`/`SimpleRouter()` and
//! their `register(prefix, ViewSet, basename=…)` calls, turned into the
//! routes DRF generates — list and detail actions from the ViewSet's own
//! methods, its first-party bases and the known DRF bases and mixins, plus
//! `@action(detail=…, methods=…, url_path=…)` extras, with `lookup_field`
//! and `trailing_slash=False` honoured.

use std::collections::BTreeSet;

use crate::facts::web::Expr;

use super::FoundRoute;
use super::path::{convert_regex, join};
use super::program::{Ctx, FileIx, Program, Val};

/// ViewSet bases and mixins and the actions they bring.
const KNOWN_VIEWSETS: &[(&str, &[&str])] = &[
    (
        "ModelViewSet",
        &[
            "list",
            "create",
            "retrieve",
            "update",
            "partial_update",
            "destroy",
        ],
    ),
    ("ReadOnlyModelViewSet", &["list", "retrieve"]),
    ("ListModelMixin", &["list"]),
    ("CreateModelMixin", &["create"]),
    ("RetrieveModelMixin", &["retrieve"]),
    ("UpdateModelMixin", &["update", "partial_update"]),
    ("DestroyModelMixin", &["destroy"]),
];

const LIST_ACTIONS: &[(&str, &str)] = &[("list", "GET"), ("create", "POST")];
const DETAIL_ACTIONS: &[(&str, &str)] = &[
    ("retrieve", "GET"),
    ("update", "PUT"),
    ("partial_update", "PATCH"),
    ("destroy", "DELETE"),
];

/// A DRF router's registrations (`router.register(prefix, ViewSet)`) as
/// routes under `prefix`.
pub fn router_routes(
    program: &Program,
    file: FileIx,
    binding: u32,
    prefix: &str,
    ns: Option<&str>,
) -> Vec<FoundRoute> {
    let mut out = Vec::new();
    let made = &program.web(file).bindings[binding as usize];
    let trailing = match &made.value {
        Expr::Call(c) => !matches!(c.kwarg("trailing_slash"), Some(Expr::Other(v)) if v == "False"),
        _ => true,
    };
    let slash = if trailing { "/" } else { "" };
    for (f, facts) in program.files.iter().enumerate() {
        for site in &facts.web.calls {
            let call = &site.call;
            let Expr::Member(object, m) = &call.callee else {
                continue;
            };
            let ctx = Ctx {
                file: f,
                scope: site.scope,
            };
            if m != "register" || program.eval(object, ctx) != Val::Made(file, binding) {
                continue;
            }
            let reg = call.args.first().or(call.kwarg("prefix"));
            let Some(reg_prefix) = reg.and_then(|p| program.eval(p, ctx).as_literal()) else {
                continue;
            };
            let Some(Val::Class(vf, vc)) = call
                .args
                .get(1)
                .or(call.kwarg("viewset"))
                .map(|v| program.eval(v, ctx))
            else {
                continue;
            };
            let basename = call
                .kwarg("basename")
                .or(call.kwarg("base_name"))
                .or(call.args.get(2))
                .and_then(|b| program.eval(b, ctx).as_literal())
                .or_else(|| queryset_name(program, vf, vc));
            let base = join(prefix, &convert_regex(&reg_prefix).0);
            let line = call.line;
            for route in viewset_routes(program, vf, vc, &base, slash) {
                let name = basename.as_ref().map(|b| {
                    let n = format!("{b}-{}", route.3);
                    match ns {
                        Some(ns) => format!("{ns}:{n}"),
                        None => n,
                    }
                });
                out.push(FoundRoute {
                    file: f,
                    line,
                    method: route.0,
                    path: route.1,
                    catch_all: false,
                    handler: route.2,
                    handler_file: vf,
                    framework: "django-rest-framework",
                    name,
                });
            }
        }
    }
    out
}

/// Actions a ViewSet has (own methods, first-party bases, known DRF bases),
/// and its `@action` extras: (name, detail, methods, url_path).
fn viewset_actions(
    program: &Program,
    f: FileIx,
    c: u32,
    actions: &mut BTreeSet<String>,
    extras: &mut Vec<(String, bool, Vec<String>, String)>,
    depth: u32,
) {
    if depth > 8 {
        return;
    }
    let class = &program.web(f).classes[c as usize];
    let ctx = Ctx {
        file: f,
        scope: None,
    };
    for (m, fi) in &class.methods {
        actions.insert(m.to_string());
        let function = program.function(f, *fi);
        for d in &function.decorators {
            let Expr::Call(call) = d else { continue };
            let dname = call.callee.last_name().unwrap_or("");
            if !matches!(dname, "action" | "detail_route" | "list_route") {
                continue;
            }
            let detail = match call.kwarg("detail") {
                Some(Expr::Other(v)) => v == "True",
                _ => dname == "detail_route",
            };
            let methods = match call.kwarg("methods").map(|e| program.eval(e, ctx)) {
                Some(Val::List(items)) => items
                    .iter()
                    .filter_map(Val::as_literal)
                    .map(|s| s.to_ascii_uppercase())
                    .collect(),
                _ => vec!["GET".to_string()],
            };
            let url_path = call
                .kwarg("url_path")
                .and_then(|p| program.eval(p, ctx).as_literal())
                .unwrap_or_else(|| m.to_string());
            extras.push((m.to_string(), detail, methods, url_path));
        }
    }
    for base in &class.bases {
        match program.eval(base, ctx) {
            Val::Class(bf, bc) => viewset_actions(program, bf, bc, actions, extras, depth + 1),
            _ => {
                let name = base.last_name().unwrap_or("");
                if let Some((_, a)) = KNOWN_VIEWSETS.iter().find(|(n, _)| *n == name) {
                    actions.extend(a.iter().map(|s| s.to_string()));
                }
            }
        }
    }
}

/// (method, path, handler, url name suffix) for each route of a ViewSet.
fn viewset_routes(
    program: &Program,
    f: FileIx,
    c: u32,
    base: &str,
    slash: &str,
) -> Vec<(String, String, String, String)> {
    let class = &program.web(f).classes[c as usize];
    let mut actions = BTreeSet::new();
    let mut extras = Vec::new();
    viewset_actions(program, f, c, &mut actions, &mut extras, 0);
    let lookup = ["lookup_url_kwarg", "lookup_field"]
        .iter()
        .find_map(|attr| {
            class
                .attributes
                .iter()
                .find(|(n, _)| n == attr)
                .and_then(|(_, v)| {
                    program
                        .eval(
                            v,
                            Ctx {
                                file: f,
                                scope: None,
                            },
                        )
                        .as_literal()
                })
        })
        .unwrap_or_else(|| "pk".into());
    let handler = |action: &str| program.handler_name(f, &format!("{}.{action}", class.name));
    let list_path = format!("{}{slash}", base.trim_end_matches('/'));
    let detail_path = format!("{}/{{{lookup}}}{slash}", base.trim_end_matches('/'));
    let mut out = Vec::new();
    for (action, method) in LIST_ACTIONS {
        if actions.contains(*action) {
            out.push((
                method.to_string(),
                list_path.clone(),
                handler(action),
                "list".into(),
            ));
        }
    }
    for (action, method) in DETAIL_ACTIONS {
        if actions.contains(*action) {
            out.push((
                method.to_string(),
                detail_path.clone(),
                handler(action),
                "detail".into(),
            ));
        }
    }
    for (name, detail, methods, url_path) in extras {
        let root = if detail { &detail_path } else { &list_path };
        let path = format!("{}/{url_path}{slash}", root.trim_end_matches('/'));
        for m in methods {
            out.push((m, path.clone(), handler(&name), url_path.replace('_', "-")));
        }
    }
    out
}

/// DRF's default basename: the model of `queryset = Model.objects…`.
fn queryset_name(program: &Program, f: FileIx, c: u32) -> Option<String> {
    let class = &program.web(f).classes[c as usize];
    let (_, qs) = class.attributes.iter().find(|(n, _)| n == "queryset")?;
    let mut e = qs;
    loop {
        match e {
            Expr::Call(call) => e = &call.callee,
            Expr::Member(object, _) => e = object,
            Expr::Name(n) => return Some(n.as_str().to_ascii_lowercase()),
            _ => return None,
        }
    }
}
