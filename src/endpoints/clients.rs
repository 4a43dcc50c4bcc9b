//! The HTTP clients frontend code calls, and what each call sends: `fetch`,
//! axios (and `axios.create({ baseURL })` instances), jQuery (`$.ajax`,
//! `$.get`, `$.post`, `$.getJSON`, `.load`), `XMLHttpRequest.open`,
//! superagent, Angular's `HttpClient`, and ky.
//!
//! A call becomes a [`Template`]: the URL and method as values that may still
//! depend on the parameters of the function it sits in, which is how wrapper
//! functions are found (see `requests`).

use super::program::{Part, Val, get};

const VERBS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options"];

#[derive(Debug, Clone, PartialEq)]
pub enum Client {
    /// `window`, `globalThis`, `self`: only reached through.
    Global,
    Fetch,
    Axios {
        base: Option<Box<Val>>,
    },
    AxiosVerb {
        verb: String,
        base: Option<Box<Val>>,
    },
    AxiosCreate,
    JQuery,
    JQueryFn(String),
    JQuerySelection,
    JQueryLoad,
    Xhr,
    XhrOpen,
    Superagent,
    SuperagentVerb(String),
    HttpClient,
    HttpClientVerb(String),
    Ky,
    KyVerb(String),
}

/// A request as one call makes it; values may still be symbolic.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// `fetch`, `axios`, `jquery`, `xhr`, `superagent`, `angular`, `ky`, or a
    /// configured wrapper's name.
    pub via: String,
    pub url: Val,
    /// The method when the call says it (`axios.post`, `xhr.open("GET", …)`).
    pub method: Option<Val>,
    /// The options object the URL or method may be read from.
    pub settings: Option<Val>,
    pub url_key: Option<&'static str>,
    pub method_keys: &'static [&'static str],
    pub default_method: &'static str,
    /// A base URL set on an instance (`axios.create({ baseURL })`).
    pub base: Option<Val>,
}

pub enum Outcome {
    /// The call sends a request.
    Request(Template),
    /// The call builds a client (`axios.create(…)`, `$(sel)`).
    Value(Val),
    None,
}

pub fn global(name: &str) -> Option<Client> {
    Some(match name {
        "fetch" => Client::Fetch,
        "axios" => Client::Axios { base: None },
        "$" | "jQuery" => Client::JQuery,
        "window" | "globalThis" | "self" => Client::Global,
        "superagent" => Client::Superagent,
        "ky" => Client::Ky,
        _ => return None,
    })
}

/// The client an import of an npm package gives: `import axios from "axios"`.
pub fn package_client(specifier: &str, imported: Option<&str>) -> Option<Client> {
    let whole = matches!(imported, None | Some("default"));
    Some(match (specifier, imported) {
        ("axios", _) if whole => Client::Axios { base: None },
        ("jquery", _) if whole => Client::JQuery,
        ("superagent", _) if whole => Client::Superagent,
        ("ky", _) if whole => Client::Ky,
        ("@angular/common/http", Some("HttpClient")) => return None,
        _ => return None,
    })
}

/// `new X()` / `inject(X)` for a class that is a client.
pub fn class_client(name: &str) -> Option<Client> {
    match name {
        "XMLHttpRequest" => Some(Client::Xhr),
        "HttpClient" => Some(Client::HttpClient),
        _ => None,
    }
}

/// Functions that turn a value into a URL piece without changing its shape.
pub fn is_encoder(name: &str) -> bool {
    matches!(name, "encodeURIComponent" | "encodeURI" | "String")
}

pub fn member(client: &Client, property: &str) -> Option<Client> {
    let verb = |v: &str| VERBS.contains(&v);
    Some(match (client, property) {
        (Client::Global, "fetch") => Client::Fetch,
        (Client::Global, "$" | "jQuery") => Client::JQuery,
        (Client::Global, "axios") => Client::Axios { base: None },
        (Client::Axios { base }, p) if verb(p) || p == "request" => Client::AxiosVerb {
            verb: p.to_string(),
            base: base.clone(),
        },
        (Client::Axios { .. }, "create") => Client::AxiosCreate,
        (Client::JQuery, p @ ("ajax" | "get" | "post" | "getJSON")) => {
            Client::JQueryFn(p.to_string())
        }
        (Client::JQuerySelection, "load") => Client::JQueryLoad,
        (Client::Xhr, "open") => Client::XhrOpen,
        (Client::Superagent, p) if verb(p) || p == "del" => Client::SuperagentVerb(p.to_string()),
        (Client::HttpClient, p) if verb(p) || p == "request" || p == "jsonp" => {
            Client::HttpClientVerb(p.to_string())
        }
        (Client::Ky, p) if verb(p) => Client::KyVerb(p.to_string()),
        _ => return None,
    })
}

/// An HTTP verb as a client method name (`get`, `post`, …, `delete`).
pub fn is_verb(name: &str) -> bool {
    matches!(
        name,
        "get" | "post" | "put" | "patch" | "delete" | "head" | "options"
    )
}

/// `x.get(url, …)` on a receiver seam cannot identify: a client handed in
/// through a constructor, a context or a type only (`this.requests`,
/// `this.http` from a base class, `ctx.$axios`). It is a request when its
/// URL reads as a path (checked once the URL is known, [`looks_like_path`]).
/// `verb` is one [`is_verb`] accepts.
pub fn untyped_call(verb: &str, args: &[Val]) -> Option<Template> {
    let url = arg(args, 0);
    if !(url.is_symbolic() || looks_like_path(&url)) {
        return None;
    }
    let mut t = template(UNTYPED_VIA, url);
    t.method = verb_val(verb);
    Some(t)
}

/// The `via` of a request through an unidentified client.
pub const UNTYPED_VIA: &str = "client";

/// Text a reader takes for a URL path: a literal piece holding `/` and no
/// piece holding whitespace (`/api/tags`, `${base}tags/`, `"users/" + id`),
/// and no file name or map key.
pub fn looks_like_path(v: &Val) -> bool {
    let Val::Text(parts) = v else {
        return false;
    };
    let lits: Vec<&str> = parts
        .iter()
        .filter_map(|p| match p {
            Part::Lit(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    lits.iter().any(|s| s.contains('/'))
        && lits.iter().all(|s| !s.contains(char::is_whitespace))
        && !lits
            .first()
            .is_some_and(|s| s.starts_with('.') || s.starts_with("data:"))
}

fn template(via: &str, url: Val) -> Template {
    Template {
        via: via.to_string(),
        url,
        method: None,
        settings: None,
        url_key: None,
        method_keys: &[],
        default_method: "GET",
        base: None,
    }
}

fn arg(args: &[Val], i: usize) -> Val {
    args.get(i).cloned().unwrap_or(Val::Missing)
}

fn verb_val(verb: &str) -> Option<Val> {
    Some(Val::lit(&match verb {
        "del" => "DELETE".to_string(),
        "jsonp" => "GET".to_string(),
        v => v.to_ascii_uppercase(),
    }))
}

/// What calling a client with these arguments does.
pub fn call(client: &Client, args: &[Val]) -> Outcome {
    let first = arg(args, 0);
    let t = match client {
        Client::Fetch => Template {
            settings: Some(arg(args, 1)),
            method_keys: &["method"],
            ..template("fetch", first)
        },
        Client::Axios { base } => axios_config(args, base),
        Client::AxiosVerb { verb, base } if verb == "request" => axios_config(args, base),
        Client::AxiosVerb { verb, base } => {
            let config = if matches!(verb.as_str(), "post" | "put" | "patch") {
                2
            } else {
                1
            };
            Template {
                method: verb_val(verb),
                settings: Some(arg(args, config)),
                base: base.as_deref().cloned(),
                ..template("axios", first)
            }
        }
        Client::AxiosCreate => {
            let base = match get(&first, "baseURL") {
                Val::Missing => None,
                b => Some(Box::new(b)),
            };
            return Outcome::Value(Val::Client(Client::Axios { base }));
        }
        Client::JQuery => return Outcome::Value(Val::Client(Client::JQuerySelection)),
        Client::JQueryFn(f) => {
            // `$.ajax(settings)` / `$.ajax(url, settings)`; `$.get(url, …)` /
            // `$.get(settings)`. A lone symbolic argument of `ajax` is the
            // settings object (the one-argument URL form is rare).
            let settings_form = match &first {
                Val::Obj(_) => true,
                Val::Param(_) | Val::Get(..) => f == "ajax" && args.len() == 1,
                _ => false,
            };
            let (url, settings) = if settings_form {
                (Val::Missing, first)
            } else {
                (first, arg(args, 1))
            };
            Template {
                method: match f.as_str() {
                    "post" => verb_val("post"),
                    "get" | "getJSON" => verb_val("get"),
                    _ => None,
                },
                settings: Some(settings),
                url_key: Some("url"),
                method_keys: &["method", "type"],
                ..template("jquery", url)
            }
        }
        Client::JQueryLoad => template("jquery", strip_selector(first)),
        Client::XhrOpen => Template {
            method: Some(first),
            ..template("xhr", arg(args, 1))
        },
        Client::Superagent => match args.len() {
            0 | 1 => template("superagent", first),
            _ => Template {
                method: Some(first),
                ..template("superagent", arg(args, 1))
            },
        },
        Client::SuperagentVerb(v) => Template {
            method: verb_val(v),
            ..template("superagent", first)
        },
        Client::HttpClientVerb(v) if v == "request" => Template {
            method: Some(first),
            ..template("angular", arg(args, 1))
        },
        Client::HttpClientVerb(v) => Template {
            method: verb_val(v),
            ..template("angular", first)
        },
        Client::Ky => Template {
            settings: Some(arg(args, 1)),
            method_keys: &["method"],
            ..template("ky", first)
        },
        Client::KyVerb(v) => Template {
            method: verb_val(v),
            ..template("ky", first)
        },
        Client::Global | Client::JQuerySelection | Client::Xhr | Client::HttpClient => {
            return Outcome::None;
        }
    };
    Outcome::Request(t)
}

/// `axios(config)`, `axios(url, config)`, `axios.request(config)`.
fn axios_config(args: &[Val], base: &Option<Box<Val>>) -> Template {
    let first = arg(args, 0);
    let (url, settings) = match first {
        Val::Obj(_) | Val::Param(_) | Val::Get(..) if args.len() == 1 => (Val::Missing, first),
        Val::Obj(_) => (Val::Missing, first),
        _ => (first, arg(args, 1)),
    };
    Template {
        settings: Some(settings),
        url_key: Some("url"),
        method_keys: &["method"],
        base: base.as_deref().cloned(),
        ..template("axios", url)
    }
}

/// `$(el).load("/part #main")` loads `/part` and keeps `#main`.
fn strip_selector(url: Val) -> Val {
    match url {
        Val::Text(mut parts) => {
            if let Some(Part::Lit(last)) = parts.last_mut()
                && let Some((before, _)) = last.split_once(' ')
            {
                *last = before.to_string();
            }
            Val::Text(parts)
        }
        other => other,
    }
}
