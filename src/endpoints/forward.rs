//! Project helpers that register routes by passing their arguments on to a
//! framework's registration call, read the way frontend wrappers are: a
//! method `ApiExt.add_org_resource(self, resource, *urls, **kwargs)` whose
//! body calls `self.add_resource(resource, *urls, **kwargs)` makes every
//! `api.add_org_resource(View, "/api/x", endpoint="x")` a registration of
//! `View` at `/api/x`. The inner call is rewritten with the outer call's
//! arguments in place of the helper's parameters and read as if written
//! at the outer call.

use std::collections::BTreeMap;

use crate::discover::Language;
use crate::facts::web::{Call, Expr};

use super::program::{Ctx, FileIx, Program, Val};

/// Helpers of helpers are followed this deep.
pub const MAX_FORWARDS: u32 = 3;

/// Functions whose body calls a registration, by name: (file, function,
/// the registration call in it).
pub type Forwarders<'a> = BTreeMap<&'a str, Vec<(FileIx, u32, &'a Call)>>;

/// Every project function or method calling one of `registrations` on a
/// receiver or with arguments that come from its parameters.
pub fn forwarders<'a>(program: &Program<'a>, registrations: &[&str]) -> Forwarders<'a> {
    let mut out: Forwarders<'a> = BTreeMap::new();
    for (file, facts) in program.files.iter().enumerate() {
        if facts.language != Language::Python {
            continue;
        }
        for site in &facts.web.calls {
            let (Some(f), Expr::Member(_, method)) = (site.scope, &site.call.callee) else {
                continue;
            };
            if !registrations.contains(&method.as_str()) {
                continue;
            }
            let function = &facts.web.functions[f as usize];
            let names_param = |e: &Expr| match e {
                Expr::Name(n) => function.params.iter().any(|p| p.name == n),
                _ => false,
            };
            let uses_params = site.call.args.iter().any(|a| match a {
                // `*urls`: a parameter, or a local built from one.
                Expr::Spread(inner) => matches!(&**inner, Expr::Name(_)),
                other => names_param(other),
            });
            if !function.name.is_empty() && uses_params {
                out.entry(function.name.as_str())
                    .or_default()
                    .push((file, f, &site.call));
            }
        }
    }
    out
}

/// The registration calls `call` stands for when its callee is one of the
/// `forwarders`, rewritten to read at `call`'s own place.
pub fn expand(
    program: &Program,
    forwarders: &Forwarders,
    call: &Call,
    ctx: Ctx,
    registrations: &[&str],
) -> Vec<Call> {
    let Some(name) = call.callee.last_name() else {
        return Vec::new();
    };
    if registrations.contains(&name) {
        return Vec::new();
    }
    let Some(candidates) = forwarders.get(name) else {
        return Vec::new();
    };
    let Some((f, i, receiver)) = callee_function(program, &call.callee, ctx) else {
        return Vec::new();
    };
    candidates
        .iter()
        .filter(|&&(cf, ci, _)| (cf, ci) == (f, i))
        .filter_map(|&(_, _, inner)| rewrite(program, f, i, inner, call, receiver))
        .collect()
}

/// The project function a callee names, and the receiver expression of a
/// method call.
fn callee_function<'e>(
    program: &Program,
    callee: &'e Expr,
    ctx: Ctx,
) -> Option<(FileIx, u32, Option<&'e Expr>)> {
    let receiver = match callee {
        Expr::Member(object, _) => Some(&**object),
        _ => None,
    };
    match program.eval(callee, ctx) {
        Val::Func(f, i) => return Some((f, i, None)),
        Val::Method(f, i, _) => return Some((f, i, receiver)),
        _ => {}
    }
    // `api = ApiExt()` is a router, not a plain instance: its class is the
    // callee of the call that made it.
    let (Expr::Member(object, method), Some(receiver)) = (callee, receiver) else {
        return None;
    };
    let (cf, cc) = match program.eval(object, ctx) {
        Val::Instance(cf, cc) => (cf, cc),
        Val::Made(mf, mb) => {
            let binding = &program.web(mf).bindings[mb as usize];
            let Expr::Call(made) = &binding.value else {
                return None;
            };
            let at = Ctx {
                file: mf,
                scope: binding.scope,
            };
            match program.eval(&made.callee, at) {
                Val::Class(cf, cc) => (cf, cc),
                _ => return None,
            }
        }
        _ => return None,
    };
    let mut classes = vec![(cf, cc)];
    classes.extend(program.ancestors(cf, cc));
    classes.into_iter().find_map(|(f, c)| {
        program.web(f).classes[c as usize]
            .methods
            .iter()
            .find(|(n, _)| n == method)
            .map(|&(_, m)| (f, m, Some(receiver)))
    })
}

/// `inner` (in function `i` of `file`) with `outer`'s arguments in place of
/// the function's parameters and `outer`'s receiver in place of `self`;
/// `None` when a piece it needs has no value at the outer call.
fn rewrite(
    program: &Program,
    file: FileIx,
    i: u32,
    inner: &Call,
    outer: &Call,
    receiver: Option<&Expr>,
) -> Option<Call> {
    let function = program.function(file, i);
    let method = function.class.is_some() && receiver.is_some();
    let params = &function.params[usize::from(method)..];
    let locals: BTreeMap<&str, &Expr> = program
        .web(file)
        .bindings
        .iter()
        .filter(|b| b.scope == Some(i) && b.line <= inner.line)
        .map(|b| (b.name.as_str(), &b.value))
        .collect();
    let named: Vec<&str> = params
        .iter()
        .filter(|p| !p.rest)
        .map(|p| p.name.as_str())
        .collect();
    let sub = Subst {
        params,
        outer,
        receiver: if method { receiver } else { None },
        locals,
    };
    let mut args = Vec::new();
    for a in &inner.args {
        match a {
            Expr::Spread(list) => args.extend(sub.items(list, 0)?),
            other => args.push(sub.one(other, 0)?),
        }
    }
    let mut kwargs = Vec::new();
    for (k, v) in &inner.kwargs {
        if k == "**" {
            // `**kwargs`: the outer call's keywords its named parameters
            // did not take.
            kwargs.extend(
                outer
                    .kwargs
                    .iter()
                    .filter(|(ok, _)| !named.contains(&ok.as_str()))
                    .cloned(),
            );
        } else {
            kwargs.push((k.clone(), sub.one(v, 0)?));
        }
    }
    let callee = match &inner.callee {
        Expr::Member(object, m) => Expr::Member(Box::new(sub.one(object, 0)?), m.clone()),
        other => other.clone(),
    };
    Some(Call {
        callee,
        args,
        kwargs: kwargs.into(),
        new: inner.new,
        line: outer.line,
    })
}

struct Subst<'x> {
    params: &'x [crate::facts::web::Param],
    outer: &'x Call,
    receiver: Option<&'x Expr>,
    locals: BTreeMap<&'x str, &'x Expr>,
}

impl Subst<'_> {
    /// What a parameter is given at the outer call: its argument (all the
    /// rest for `*args`), its keyword, or its default.
    fn param(&self, name: &str) -> Option<Vec<Expr>> {
        let k = self.params.iter().position(|p| p.name == name)?;
        let p = &self.params[k];
        if p.rest {
            return Some(self.outer.args.get(k..).unwrap_or_default().to_vec());
        }
        self.outer
            .args
            .get(k)
            .filter(|a| !matches!(a, Expr::Spread(_)))
            .or_else(|| self.outer.kwarg(name))
            .or(p.default.as_deref())
            .map(|e| vec![e.clone()])
    }

    /// One expression of the helper, as the outer call gives it. A local is
    /// read once (`urls = [scoped(u) for u in urls]`); inside its value,
    /// names are the parameters.
    fn one(&self, e: &Expr, depth: u32) -> Option<Expr> {
        match e {
            Expr::Name(n) if n == "self" => self.receiver.cloned(),
            Expr::Name(n) => {
                if depth == 0
                    && let Some(value) = self.locals.get(n.as_str())
                {
                    return self.one(value, 1);
                }
                match self.param(n)?.as_slice() {
                    [one] => Some(one.clone()),
                    many => Some(Expr::List(many.to_vec())),
                }
            }
            Expr::Str(_) | Expr::Other(_) => Some(e.clone()),
            Expr::Concat(parts) => Some(Expr::Concat(
                parts
                    .iter()
                    .map(|p| self.one(p, depth))
                    .collect::<Option<_>>()?,
            )),
            Expr::List(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Expr::Spread(list) => out.extend(self.items(list, depth)?),
                        other => out.push(self.one(other, depth)?),
                    }
                }
                Some(Expr::List(out))
            }
            // Anything else means something only inside the helper.
            _ => None,
        }
    }

    /// The items `*list` spreads into.
    fn items(&self, list: &Expr, depth: u32) -> Option<Vec<Expr>> {
        if let Expr::Name(n) = list
            && (depth > 0 || !self.locals.contains_key(n.as_str()))
            && self.params.iter().any(|p| p.name == n && p.rest)
        {
            return self.param(n);
        }
        match self.one(list, depth)? {
            Expr::List(items) => Some(items),
            other => Some(vec![Expr::Spread(Box::new(other))]),
        }
    }
}
