//! Web facts: the raw material for backend routes and frontend requests.
//!
//! Extraction lowers the parts of a file that can define a route or make a
//! request into a small language-neutral expression language ([`Expr`]):
//! assignments, imports with their local names, functions with their
//! parameters and decorators, classes with their methods, and calls. Nothing
//! here is joined across files or interpreted: which call registers a
//! blueprint, which one is a `fetch`, and which function wraps one, is decided
//! by the `endpoints` stage, which can see every file.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use thin_vec::ThinVec;

/// An expression as written, lowered to what route and request analysis
/// needs. Anything else is [`Expr::Unknown`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expr {
    /// A string literal: `"/api"`, `'users'`, `r"^x$"`.
    Str(CompactString),
    /// Concatenation: `"/a/" + id`, `` `/a/${id}` ``, `f"/a/{id}"`.
    Concat(Vec<Expr>),
    /// A bare name: `bp`, `API_ROOT`, `this`.
    Name(CompactString),
    /// `object.property` (also `object["property"]`).
    Member(Box<Expr>, CompactString),
    Call(Box<Call>),
    /// A list, tuple or array literal.
    List(Vec<Expr>),
    /// A dict or object literal; a spread (`...o`, `**o`) has the key `...`.
    Dict(Vec<(CompactString, Expr)>),
    /// `*xs` / `...xs` in a list or argument list.
    Spread(Box<Expr>),
    /// A function or lambda written inline: index into [`WebFacts::functions`].
    Function(u32),
    /// One of several values: `c ? a : b`, `a || b`, `a ?? b`, Python
    /// `a if c else b`, `a or b`.
    Either(Vec<Expr>),
    /// Another literal (number, boolean, `None`), as written.
    Other(CompactString),
    Unknown,
}

/// A call: `callee(args, key=value)`. JS `new X(a)` has `new` set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    pub callee: Expr,
    pub args: Vec<Expr>,
    /// Python keyword arguments (`methods=["GET"]`), in order.
    pub kwargs: ThinVec<(CompactString, Expr)>,
    pub new: bool,
    /// 1-based line of the call.
    pub line: u32,
}

/// `name = value` (Python), `const name = value` (JS). `x += [...]` is kept
/// with `augmented` set so `urlpatterns += [...]` adds to the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    pub name: CompactString,
    pub value: Expr,
    /// The function it is local to (index into `functions`), or module level.
    pub scope: Option<u32>,
    pub augmented: bool,
    pub line: u32,
}

/// A local name brought in by an import: `from a import b as c` → local `c`,
/// specifier `a`, imported `b`; `import * as ch from "./channel"` → local
/// `ch`, imported `None` (the module itself); a default import is `default`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportBinding {
    pub local: CompactString,
    pub specifier: CompactString,
    pub imported: Option<CompactString>,
    pub line: u32,
}

/// One parameter: `url`, `options={}`, `{url, method}` (destructured JS
/// parameters list the properties they take), `*args` / `...rest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Param {
    pub name: CompactString,
    pub properties: ThinVec<CompactString>,
    pub default: Option<Box<Expr>>,
    /// `*args`, `**kwargs`, `...rest`.
    pub rest: bool,
}

/// A function, method or lambda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    /// Empty for an anonymous function.
    pub name: CompactString,
    /// The class it is a method of (index into `classes`).
    pub class: Option<u32>,
    /// The enclosing function, if nested.
    pub parent: Option<u32>,
    pub params: Vec<Param>,
    /// Python decorators (`@bp.route("/x")`), outermost first.
    pub decorators: ThinVec<Expr>,
    /// Values of its `return` statements (arrow bodies count as one).
    pub returns: ThinVec<Expr>,
    pub line: u32,
    /// A getter (JS `get previewUrl() {…}`, Python `@property`): reading
    /// it calls it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub getter: bool,
}

/// A class with its bases, methods and class-level attributes
/// (`lookup_field = "slug"`; a TS constructor's `private http: HttpClient`
/// becomes the attribute `http` = `new HttpClient()`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Class {
    pub name: CompactString,
    pub bases: Vec<Expr>,
    pub decorators: ThinVec<Expr>,
    /// (method name, index into `functions`).
    pub methods: Vec<(CompactString, u32)>,
    pub attributes: Vec<(CompactString, Expr)>,
    pub line: u32,
}

/// A call statement or expression that may register a route or make a
/// request, with the function it sits in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallSite {
    pub call: Call,
    pub scope: Option<u32>,
}

/// A reference to a URL written in markup rather than code: a `<form>`
/// (`action`, `method`), or a route name in a template tag
/// (`{{ url_for('auth.login') }}`, `{% url 'polls:vote' q.id %}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRef {
    /// `form`, `url_for` or `url` (the Django tag).
    pub via: CompactString,
    /// Upper-case method, or `ANY`.
    pub method: CompactString,
    /// The URL as written (`/login`), when it is not a route name.
    pub url: Option<Expr>,
    /// The route name (`auth.login`, `polls:vote`).
    pub route_name: Option<CompactString>,
    pub line: u32,
}

/// A template's `data-*` attribute filled with a route's URL, with the
/// element that carries it (so a script's `$(".edit-checks")` can tell
/// it from another element's `data-url`):
/// `<div class="edit-checks" data-url="{% url 'hc-channel-checks' c %}">` →
/// key `data-url`, route `hc-channel-checks`, tag `div`, class `edit-checks`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DataUrl {
    /// The attribute name, lower case (`data-url`, `href`).
    pub key: CompactString,
    pub route: CompactString,
    /// The route tag's positional arguments: a literal, or `None` for a
    /// variable (`{% url 'pings' check.code '0' %}` → `[None, Some("0")]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<Option<CompactString>>,
    /// The element's tag name, lower case.
    pub tag: CompactString,
    pub id: Option<CompactString>,
    pub classes: Vec<CompactString>,
}

impl DataUrl {
    /// Whether the element matches the last compound of a CSS selector
    /// (`.rw .edit-checks` → `.edit-checks`, `tr.ok`, `#transfer-btn`);
    /// attribute and pseudo-class parts are not checked.
    pub fn matches(&self, selector: &str) -> bool {
        let compound = selector
            .rsplit([' ', '>', '+', '~', ','])
            .find(|s| !s.is_empty())
            .unwrap_or("");
        let compound = compound.split([':', '[']).next().unwrap_or("");
        let mut rest = compound;
        let tag_end = rest.find(['.', '#']).unwrap_or(rest.len());
        let tag = &rest[..tag_end];
        if !tag.is_empty() && tag != "*" && !tag.eq_ignore_ascii_case(&self.tag) {
            return false;
        }
        rest = &rest[tag_end..];
        while let Some(kind) = rest.chars().next() {
            let body = &rest[1..];
            let end = body.find(['.', '#']).unwrap_or(body.len());
            let name = &body[..end];
            let ok = match kind {
                '#' => self.id.as_deref() == Some(name),
                _ => self.classes.iter().any(|c| c == name),
            };
            if !ok {
                return false;
            }
            rest = &body[end..];
        }
        true
    }
}

/// Everything routes and requests are built from, for one file.
///
/// Lists that are usually empty (here, in [`Function`], [`Param`], [`Call`]
/// and [`Class`]) are `ThinVec`s: one pointer instead of three, so an empty
/// list costs 8 bytes; a non-empty one keeps its length on the heap.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebFacts {
    pub imports: ThinVec<ImportBinding>,
    pub bindings: ThinVec<Binding>,
    pub functions: ThinVec<Function>,
    pub classes: ThinVec<Class>,
    pub calls: ThinVec<CallSite>,
    /// JS exports: (exported name, local name); `export default f` is
    /// `("default", "f")`, an anonymous default export is bound to the local
    /// name `default`.
    pub exports: ThinVec<(CompactString, CompactString)>,
    pub page_refs: ThinVec<PageRef>,
    /// Templates: `data-*` attributes filled with a route's URL.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub data_urls: ThinVec<DataUrl>,
    /// JS/TS: the methods called or handed on, with the name the receiver
    /// was read from (`api.recipes.duplicateOne()` → (`recipes`,
    /// `duplicateOne`); `this.x()` → (`this`, `x`); `load(api.getAll)` →
    /// (none, `getAll`)), once each. Which subclasses a base method's
    /// request is expanded for depends on it.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub method_uses: ThinVec<(Option<CompactString>, CompactString)>,
    /// Templates: the file names of the scripts the page loads
    /// (`<script src="{% static 'js/checks.js' %}">` → `checks.js`).
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub scripts: ThinVec<CompactString>,
    /// Templates: the templates it includes (`{% include "front/table.html" %}`),
    /// whose `data-*` attributes end up on this page.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub includes: ThinVec<CompactString>,
}

impl WebFacts {
    pub fn is_empty(&self) -> bool {
        *self == WebFacts::default()
    }
}

impl Expr {
    /// The dotted text of a name chain: `a.b.c` for `Member(Member(a, b), c)`.
    pub fn dotted(&self) -> Option<String> {
        match self {
            Expr::Name(n) => Some(n.to_string()),
            Expr::Member(object, property) => Some(format!("{}.{property}", object.dotted()?)),
            _ => None,
        }
    }

    /// `$` or `jQuery`, the names jQuery is called by.
    pub fn is_jquery(&self) -> bool {
        matches!(self, Expr::Name(n) if n == "$" || n == "jQuery")
    }

    /// The last name of a chain: `c` for `a.b.c` and for `c`.
    pub fn last_name(&self) -> Option<&str> {
        match self {
            Expr::Name(n) => Some(n),
            Expr::Member(_, property) => Some(property),
            _ => None,
        }
    }

    /// The string when the expression is one literal.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Expr::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_call(&self) -> Option<&Call> {
        match self {
            Expr::Call(c) => Some(c),
            _ => None,
        }
    }
}

impl Call {
    /// A keyword argument (Python) or a property of a trailing options object
    /// is not looked at here; this is just the keyword.
    pub fn kwarg(&self, name: &str) -> Option<&Expr> {
        self.kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}
