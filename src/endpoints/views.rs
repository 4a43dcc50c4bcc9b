//! Django views: which HTTP methods a view answers, with its handler name.
//! Function views by their decorators (`require_POST`,
//! `require_http_methods([…])`, DRF's `api_view([…])`; `ANY` otherwise);
//! class-based views by the HTTP-method functions the class and its
//! first-party bases define, or by the generic view they extend.

use std::collections::BTreeSet;

use crate::facts::web::Expr;

use super::program::{Ctx, FileIx, Program, Val};
use super::routers::HTTP_METHODS;

/// Generic views and the methods they answer when the class adds none.
const KNOWN_VIEWS: &[(&str, &[&str])] = &[
    ("TemplateView", &["GET"]),
    ("ListView", &["GET"]),
    ("DetailView", &["GET"]),
    ("ArchiveIndexView", &["GET"]),
    ("YearArchiveView", &["GET"]),
    ("MonthArchiveView", &["GET"]),
    ("DayArchiveView", &["GET"]),
    ("DateDetailView", &["GET"]),
    ("FormView", &["GET", "POST"]),
    ("CreateView", &["GET", "POST"]),
    ("UpdateView", &["GET", "POST"]),
    ("DeleteView", &["GET", "POST"]),
    ("LoginView", &["GET", "POST"]),
    ("LogoutView", &["POST"]),
    ("ListAPIView", &["GET"]),
    ("RetrieveAPIView", &["GET"]),
    ("CreateAPIView", &["POST"]),
    ("DestroyAPIView", &["DELETE"]),
    ("UpdateAPIView", &["PUT", "PATCH"]),
    ("ListCreateAPIView", &["GET", "POST"]),
    ("RetrieveUpdateAPIView", &["GET", "PUT", "PATCH"]),
    ("RetrieveDestroyAPIView", &["GET", "DELETE"]),
    (
        "RetrieveUpdateDestroyAPIView",
        &["GET", "PUT", "PATCH", "DELETE"],
    ),
];

pub fn decorator_methods(program: &Program, f: FileIx, decorators: &[Expr]) -> Vec<String> {
    for d in decorators {
        let (name, arg) = match d {
            Expr::Call(c) => (c.callee.last_name().unwrap_or(""), c.args.first()),
            other => (other.last_name().unwrap_or(""), None),
        };
        let fixed: Option<&[&str]> = match name {
            "require_GET" => Some(&["GET"]),
            "require_POST" => Some(&["POST"]),
            "require_safe" => Some(&["GET"]),
            _ => None,
        };
        if let Some(m) = fixed {
            return m.iter().map(|s| s.to_string()).collect();
        }
        if matches!(name, "require_http_methods" | "api_view") {
            let ctx = Ctx {
                file: f,
                scope: None,
            };
            if let Some(Val::List(items)) = arg.map(|a| program.eval(a, ctx)) {
                let mut m: Vec<String> = items
                    .iter()
                    .filter_map(Val::as_literal)
                    .map(|s| s.to_ascii_uppercase())
                    .collect();
                m.sort();
                m.dedup();
                if !m.is_empty() {
                    return m;
                }
            }
            if name == "api_view" {
                return vec!["GET".into()];
            }
        }
    }
    vec!["ANY".into()]
}

/// The HTTP methods a class-based view answers, with their handlers.
pub fn class_methods(program: &Program, f: FileIx, c: u32) -> Vec<(String, String, FileIx)> {
    let class = &program.web(f).classes[c as usize];
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    collect_class_methods(program, f, c, &mut out, &mut seen, 0);
    if out.is_empty() {
        return vec![("ANY".into(), program.handler_name(f, &class.name), f)];
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

fn collect_class_methods(
    program: &Program,
    f: FileIx,
    c: u32,
    out: &mut Vec<(String, String, FileIx)>,
    seen: &mut BTreeSet<String>,
    depth: u32,
) {
    if depth > 8 {
        return;
    }
    let class = &program.web(f).classes[c as usize];
    for (m, _) in &class.methods {
        if HTTP_METHODS.contains(&m.as_str()) && seen.insert(m.as_str().to_ascii_uppercase()) {
            out.push((
                m.as_str().to_ascii_uppercase(),
                program.handler_name(f, &format!("{}.{m}", class.name)),
                f,
            ));
        }
    }
    for base in &class.bases {
        match program.eval(
            base,
            Ctx {
                file: f,
                scope: None,
            },
        ) {
            Val::Class(bf, bc) => collect_class_methods(program, bf, bc, out, seen, depth + 1),
            _ => {
                let name = base.last_name().unwrap_or("");
                if let Some((_, methods)) = KNOWN_VIEWS.iter().find(|(n, _)| *n == name) {
                    for m in *methods {
                        if seen.insert(m.to_string()) {
                            out.push((m.to_string(), program.handler_name(f, &class.name), f));
                        }
                    }
                }
            }
        }
    }
}
