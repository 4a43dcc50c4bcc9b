//! The values the evaluator works with: strings made of known and dynamic
//! pieces, objects, lists, and references to functions, classes, modules,
//! HTTP clients and the parameters of the function being summarised.

use super::clients::Client;
use super::program::FileIx;

/// A piece of a string value.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Lit(String),
    /// Known only at run time; the name it came from, when there is one.
    Dyn(Option<String>),
    /// Read from an attribute of the page (`data-url`, `href`), of the
    /// elements a selector picks when seam knows it (`$(".edit-checks")`):
    /// the linker looks it up among the templates' attributes.
    Data {
        key: String,
        selector: Option<String>,
    },
    /// Depends on a parameter of the function being summarised.
    Sym(Box<Val>),
    /// Pieces appended to a local that depend on parameters
    /// (`if (id !== null) url += \`${id}/\``): kept when the call gives
    /// those parameters, dropped when it leaves one out.
    Opt(Vec<Part>),
    /// One of several texts (`admin ? "/api/admin/users" : "/api/users"`):
    /// a request is reported once per alternative.
    Alt(Vec<Vec<Part>>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Text(Vec<Part>),
    Obj(Vec<(String, Val)>),
    List(Vec<Val>),
    /// The i-th parameter of the function being summarised.
    Param(usize),
    /// A property read that waits for its object (`options.url`).
    Get(Box<Val>, String),
    Func(FileIx, u32),
    /// A method with the object it was read from.
    Method(FileIx, u32, Box<Val>),
    Class(FileIx, u32),
    Instance(FileIx, u32),
    Module(FileIx),
    /// An object built by a call seam does not model (`Blueprint("a", …)`),
    /// by the binding that holds it.
    Made(FileIx, u32),
    Client(Client),
    /// A property that is not there.
    Missing,
    Unknown(Option<String>),
}

impl Part {
    fn is_symbolic(&self) -> bool {
        match self {
            Part::Sym(_) | Part::Opt(_) => true,
            Part::Alt(alternatives) => alternatives.iter().flatten().any(Part::is_symbolic),
            _ => false,
        }
    }
}

/// The values a text with alternatives ([`Part::Alt`]) stands for, one per
/// combination (at most `max`); any other value is itself.
pub fn alternatives(v: &Val, max: usize) -> Vec<Val> {
    let Val::Text(parts) = v else {
        return vec![v.clone()];
    };
    if !parts.iter().any(|p| matches!(p, Part::Alt(_))) {
        return vec![v.clone()];
    }
    let mut out: Vec<Vec<Part>> = vec![Vec::new()];
    for p in parts {
        match p {
            Part::Alt(alts) => {
                let mut next = Vec::new();
                for prefix in &out {
                    for alt in alts {
                        if next.len() < max {
                            let mut joined = prefix.clone();
                            for piece in alt {
                                push_text(&mut joined, Val::Text(vec![piece.clone()]), None);
                            }
                            next.push(joined);
                        }
                    }
                }
                out = next;
            }
            p => {
                for prefix in &mut out {
                    push_text(prefix, Val::Text(vec![p.clone()]), None);
                }
            }
        }
    }
    out.into_iter().map(Val::Text).collect()
}

impl Val {
    pub fn lit(s: &str) -> Val {
        Val::Text(vec![Part::Lit(s.to_string())])
    }

    /// Depends on a parameter of the function being summarised.
    pub fn is_symbolic(&self) -> bool {
        match self {
            Val::Param(_) | Val::Get(..) => true,
            Val::Text(parts) => parts.iter().any(Part::is_symbolic),
            Val::Obj(entries) => entries.iter().any(|(_, v)| v.is_symbolic()),
            Val::List(items) => items.iter().any(Val::is_symbolic),
            Val::Method(_, _, this) => this.is_symbolic(),
            _ => false,
        }
    }

    /// The text when it is fully known.
    pub fn as_literal(&self) -> Option<String> {
        match self {
            Val::Text(parts) => parts
                .iter()
                .map(|p| match p {
                    Part::Lit(s) => Some(s.as_str()),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()
                .map(|v| v.concat()),
            _ => None,
        }
    }

    /// Text-like: a string, or something a string could be built from.
    pub fn is_text_like(&self) -> bool {
        matches!(self, Val::Text(_) | Val::Unknown(_))
    }
}

/// Reads a property of an object literal: the last entry wins, spreads
/// included; a spread that is still symbolic defers the read.
pub fn get(object: &Val, property: &str) -> Val {
    match object {
        Val::Obj(entries) => {
            for (key, value) in entries.iter().rev() {
                if key == property {
                    return value.clone();
                }
                if key == "..." {
                    match get(value, property) {
                        Val::Missing | Val::Unknown(_) => continue,
                        Val::Get(..) if value.is_symbolic() => {
                            return Val::Get(Box::new(object.clone()), property.to_string());
                        }
                        found => return found,
                    }
                }
            }
            Val::Missing
        }
        Val::Param(_) | Val::Get(..) => Val::Get(Box::new(object.clone()), property.to_string()),
        Val::Missing => Val::Missing,
        _ => Val::Unknown(Some(property.to_string())),
    }
}

/// The name a dynamic value came from, for `{name}` in a path.
pub fn hint(v: &Val) -> Option<String> {
    match v {
        Val::Get(_, p) => Some(p.clone()),
        Val::Unknown(h) => h.clone(),
        Val::Text(parts) if parts.len() == 1 => match &parts[0] {
            Part::Dyn(h) => h.clone(),
            Part::Data { key, .. } => Some(key.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Appends a value to a string being built.
pub fn push_text(out: &mut Vec<Part>, v: Val, name: Option<String>) {
    match v {
        // A `data-*` read keeps its mark only where a URL starts (the
        // linker looks the attribute up there); inside a path, the name of
        // the variable holding it says more (`"/api/orders/" + id`).
        Val::Text(parts)
            if !out.is_empty()
                && name.is_some()
                && matches!(parts.as_slice(), [Part::Data { .. }]) =>
        {
            out.push(Part::Dyn(name))
        }
        Val::Text(parts) => {
            for p in parts {
                match (out.last_mut(), p) {
                    (_, Part::Lit(b)) if b.is_empty() => {}
                    (Some(Part::Lit(a)), Part::Lit(b)) => a.push_str(&b),
                    (_, p) => out.push(p),
                }
            }
        }
        v if v.is_symbolic() => out.push(Part::Sym(Box::new(v))),
        Val::Unknown(h) => out.push(Part::Dyn(h.or(name))),
        _ => out.push(Part::Dyn(name)),
    }
}
