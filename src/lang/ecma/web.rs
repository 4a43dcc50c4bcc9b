//! JavaScript and TypeScript: lowers the constructs found by
//! `queries/ecma/web.scm` into language-neutral [`WebFacts`] — import local
//! names, exports, `const` bindings, functions with their parameters (a
//! destructured `{url, method}` included), classes with their fields (a TS
//! constructor's `private http: HttpClient` included) and calls.

use compact_str::CompactString;
use thin_vec::ThinVec;
use tree_sitter::Node;

use crate::lang::field::FieldChild;

use crate::facts::web::{
    Binding, Call, CallSite, Class, Expr, Function, ImportBinding, Param, WebFacts,
};
use crate::syntax::scan::{Container, Item, Scan, line, name_text};
use crate::text::unescape;

const MAX_DEPTH: u32 = 48;

/// Callee names worth keeping a call for even when no argument looks like a
/// URL (`$.get(url)`, `xhr.open(m, u)`): anything that may send a request.
const REQUEST_VERBS: &[&str] = &[
    "fetch", "ajax", "get", "post", "put", "patch", "delete", "del", "head", "options", "request",
    "getJSON", "load", "open", "axios", "create",
];

/// Beyond this bracket nesting a file is pathological (generated or hostile):
/// anonymous functions are not named from their parent node, because
/// `Node::parent` costs O(depth) and would make the file O(depth²).
const MAX_NAMING_DEPTH: usize = 256;

pub fn lower(scan: &Scan, source: &[u8]) -> WebFacts {
    let lw = Lower {
        scan,
        source,
        shallow: crate::text::bracket_depth(source) <= MAX_NAMING_DEPTH,
    };
    let mut facts = WebFacts::default();
    for def in &scan.functions {
        facts
            .functions
            .push(lw.function(def.node, def.name, def.parent));
    }
    for def in &scan.classes {
        let node = def.node;
        let mut bases = Vec::new();
        for child in named_children(node) {
            if child.kind() == "class_heritage" {
                // JS: `extends X`; TS: `extends_clause` with `value`.
                for h in named_children(child) {
                    match h.kind() {
                        "extends_clause" => {
                            if let Some(v) = h.field("value") {
                                bases.push(lw.expr(v, 0));
                            }
                        }
                        "implements_clause" => {}
                        _ => bases.push(lw.expr(h, 0)),
                    }
                }
            }
        }
        facts.classes.push(Class {
            name: def.name.map(|n| name_text(n, source)).unwrap_or_default(),
            bases,
            decorators: ThinVec::new(),
            methods: Vec::new(),
            attributes: Vec::new(),
            line: line(node),
        });
    }
    for (i, def) in scan.functions.iter().enumerate() {
        let Some(Container::Class(c)) = def.parent else {
            continue;
        };
        // Only methods of the class body, not callbacks inside field values.
        if def.node.kind() != "method_definition" {
            continue;
        }
        let name = facts.functions[i].name.clone();
        if name == "constructor" {
            let fields = lw.parameter_properties(def.node);
            facts.classes[c as usize].attributes.extend(fields);
        }
        facts.classes[c as usize].methods.push((name, i as u32));
    }
    let mut pre_class = PreClasses::default();
    for &(item, container) in &scan.items {
        lw.item(item, container, &mut facts, &mut pre_class);
    }
    pre_class.add_to(&mut facts);
    facts.method_uses.sort_unstable();
    facts.method_uses.dedup();
    facts
}

/// Classes written before `class`: a constructor function `function API(o)
/// { this.domain = o.domain }` with methods assigned to `API.prototype`.
#[derive(Default)]
struct PreClasses {
    /// (constructor name, method name — `None` for a whole `prototype =
    /// {…}` object —, value).
    methods: Vec<(CompactString, Option<CompactString>, Expr)>,
    /// `this.x = v` in a function that is no class method: (function, x, v).
    fields: Vec<(u32, CompactString, Expr)>,
}

impl PreClasses {
    /// Makes each constructor function with prototype methods a class: the
    /// methods and the constructor's `this.x` fields are its members, the
    /// constructor is its `constructor`.
    fn add_to(self, facts: &mut WebFacts) {
        for (name, method, value) in self.methods {
            let methods: Vec<(CompactString, Expr)> = match (method, value) {
                (Some(m), v) => vec![(m, v)],
                (None, Expr::Dict(entries)) => entries,
                (None, _) => continue,
            };
            let c = match facts.classes.iter().position(|c| c.name == name) {
                Some(c) => c,
                None => {
                    let ctor = facts
                        .functions
                        .iter()
                        .position(|f| f.name == name && f.class.is_none());
                    facts.classes.push(Class {
                        name: name.clone(),
                        bases: Vec::new(),
                        decorators: ThinVec::new(),
                        methods: Vec::new(),
                        attributes: Vec::new(),
                        line: ctor.map_or(0, |f| facts.functions[f].line),
                    });
                    let c = facts.classes.len() - 1;
                    if let Some(f) = ctor {
                        facts.functions[f].class = Some(c as u32);
                        facts.classes[c]
                            .methods
                            .push(("constructor".into(), f as u32));
                        for (_, field, v) in self.fields.iter().filter(|(g, ..)| *g as usize == f) {
                            facts.classes[c].attributes.push((field.clone(), v.clone()));
                        }
                    }
                    c
                }
            };
            for (m, v) in methods {
                match v {
                    Expr::Function(f) if facts.functions[f as usize].class.is_none() => {
                        let function = &mut facts.functions[f as usize];
                        function.class = Some(c as u32);
                        if function.name.is_empty() {
                            function.name = m.clone();
                        }
                        facts.classes[c].methods.push((m, f));
                    }
                    v => facts.classes[c].attributes.push((m, v)),
                }
            }
        }
    }
}

struct Lower<'a, 't> {
    scan: &'a Scan<'t>,
    source: &'a [u8],
    shallow: bool,
}

fn named_children(node: Node) -> impl Iterator<Item = Node> {
    (0..node.named_child_count()).filter_map(move |i| node.named_child(i as u32))
}

fn function_scope(container: Option<Container>) -> Option<u32> {
    match container {
        Some(Container::Function(f)) => Some(f),
        _ => None,
    }
}

/// Keeps a call when it may be a request or pass a URL (or a parameter that
/// may become one) on: a request-like callee, or an argument that is not a
/// plain non-URL literal or an inline function.
fn worth_keeping(call: &Call) -> bool {
    if call
        .callee
        .last_name()
        .is_some_and(|n| REQUEST_VERBS.contains(&n))
    {
        return true;
    }
    jquery_callback(call) || call.args.iter().any(carries_data)
}

/// A jQuery event handler or iteration (`$(".rw tr").click(function () {…})`):
/// its function reads the matched elements' `data-*` URLs through `this`.
fn jquery_callback(call: &Call) -> bool {
    fn rooted(e: &Expr) -> bool {
        match e {
            Expr::Call(c) => match &c.callee {
                Expr::Member(object, _) => rooted(object),
                callee => callee.is_jquery(),
            },
            _ => false,
        }
    }
    matches!(&call.callee, Expr::Member(object, _) if rooted(object))
        && call.args.iter().any(|a| matches!(a, Expr::Function(_)))
}

/// Notes `call`'s method and the methods passed uncalled as its arguments
/// (sorted and deduplicated once the file is read).
fn record_method_uses(call: &Call, out: &mut ThinVec<(Option<CompactString>, CompactString)>) {
    if let Expr::Member(object, method) = &call.callee {
        out.push((object.last_name().map(CompactString::from), method.clone()));
    }
    for arg in &call.args {
        if let Expr::Member(_, method) = arg {
            out.push((None, method.clone()));
        }
    }
}

fn carries_data(e: &Expr) -> bool {
    match e {
        Expr::Str(s) => s.contains('/'),
        Expr::Other(_) | Expr::Function(_) | Expr::Unknown => false,
        Expr::List(items) => items.iter().any(carries_data),
        _ => true,
    }
}

impl Lower<'_, '_> {
    fn text(&self, node: Node) -> CompactString {
        name_text(node, self.source)
    }

    fn item(
        &self,
        item: Item,
        container: Option<Container>,
        facts: &mut WebFacts,
        pre_class: &mut PreClasses,
    ) {
        match item {
            Item::Return { value } => {
                if let Some(Container::Function(f)) = container {
                    let value = self.expr(value, 0);
                    facts.functions[f as usize].returns.push(value);
                }
            }
            Item::Bind { stmt, name, value } => {
                let name = self.text(name);
                let value = self.expr(value, 0);
                let field = matches!(stmt.kind(), "field_definition" | "public_field_definition");
                if stmt.kind() == "assignment_expression"
                    && stmt
                        .field("left")
                        .is_some_and(|l| l.kind() == "member_expression")
                {
                    let target = stmt
                        .field("left")
                        .map(|l| self.expr(l, 0))
                        .unwrap_or(Expr::Unknown);
                    match &target {
                        // `API.prototype.send = function …`, `API.prototype = {…}`
                        Expr::Member(object, _) if name == "prototype" => {
                            if let Expr::Name(class) = &**object {
                                pre_class.methods.push((class.clone(), None, value));
                            }
                        }
                        Expr::Member(object, _) => match &**object {
                            Expr::Member(class, proto) if proto == "prototype" => {
                                if let Expr::Name(class) = &**class {
                                    pre_class.methods.push((class.clone(), Some(name), value));
                                }
                            }
                            // `this.x = v` in a constructor: a field of its class.
                            Expr::Name(this) if this == "this" => {
                                if let Some(Container::Function(f)) = container {
                                    let function = &facts.functions[f as usize];
                                    match function.class {
                                        Some(c) if function.name == "constructor" => {
                                            facts.classes[c as usize].attributes.push((name, value))
                                        }
                                        Some(_) => {}
                                        None => pre_class.fields.push((f, name, value)),
                                    }
                                }
                            }
                            _ => {}
                        },
                        _ => {}
                    }
                    return;
                }
                match container {
                    Some(Container::Class(c)) if field => {
                        facts.classes[c as usize].attributes.push((name, value));
                    }
                    _ if field => {}
                    _ => facts.bindings.push(Binding {
                        name,
                        value,
                        scope: function_scope(container),
                        augmented: stmt.kind() == "augmented_assignment_expression",
                        line: line(stmt),
                    }),
                }
            }
            Item::Call { call } => {
                if let Expr::Call(c) = self.expr(call, 0) {
                    record_method_uses(&c, &mut facts.method_uses);
                    if worth_keeping(&c) {
                        facts.calls.push(CallSite {
                            call: *c,
                            scope: function_scope(container),
                        });
                    }
                }
            }
            Item::Import {
                stmt,
                source,
                name,
                alias,
            } => {
                let specifier = self.text(source);
                let (local, imported) = match (name, alias) {
                    (Some(n), Some(a)) => (self.text(a), Some(self.text(n))),
                    (Some(n), None) => (self.text(n), Some(self.text(n))),
                    (None, Some(a)) => {
                        let namespace = a.parent().is_some_and(|p| p.kind() == "namespace_import");
                        (self.text(a), (!namespace).then(|| "default".into()))
                    }
                    (None, None) => return,
                };
                facts.imports.push(ImportBinding {
                    local,
                    specifier,
                    imported,
                    line: line(stmt),
                });
            }
            Item::Export { stmt } => self.export(stmt, facts),
        }
    }

    fn export(&self, stmt: Node, facts: &mut WebFacts) {
        if stmt.kind() == "assignment_expression" {
            let (Some(left), Some(right)) = (stmt.field("left"), stmt.field("right")) else {
                return;
            };
            let target = self.expr(left, 0).dotted().unwrap_or_default();
            let value = self.expr(right, 0);
            let exported = match target.as_str() {
                "module.exports" => "default".to_string(),
                t => match t.rsplit_once('.') {
                    Some((_, name)) => name.to_string(),
                    None => return,
                },
            };
            if exported == "default"
                && let Expr::Dict(entries) = &value
            {
                for (key, v) in entries {
                    if key != "..." {
                        let local = format!("module.exports.{key}");
                        push_binding(facts, &local, v.clone(), line(stmt));
                        facts.exports.push((key.clone(), local.into()));
                    }
                }
            }
            let local = format!("exports:{exported}");
            push_binding(facts, &local, value, line(stmt));
            facts.exports.push((exported.into(), local.into()));
            return;
        }
        let source = stmt.field("source");
        if let Some(declaration) = stmt.field("declaration") {
            // `export default function getTags(url) {…}` is the module's
            // default export as well as a local name.
            let default = (0..stmt.child_count())
                .filter_map(|i| stmt.child(i as _))
                .any(|c| c.kind() == "default");
            for name in self.declared_names(declaration) {
                if default {
                    facts.exports.push(("default".into(), name.clone()));
                }
                facts.exports.push((name.clone(), name));
            }
            return;
        }
        if let Some(value) = stmt.field("value") {
            let local = match value.kind() {
                "identifier" => self.text(value),
                _ => {
                    let name = value.field("name").map(|n| self.text(n));
                    match name {
                        Some(n) => n,
                        None => {
                            push_binding(facts, "default", self.expr(value, 0), line(stmt));
                            "default".into()
                        }
                    }
                }
            };
            facts.exports.push(("default".into(), local));
            return;
        }
        for clause in named_children(stmt).filter(|c| c.kind() == "export_clause") {
            for spec in named_children(clause).filter(|c| c.kind() == "export_specifier") {
                let Some(name) = spec.field("name") else {
                    continue;
                };
                let name = self.text(name);
                let exported = spec.field("alias").map_or(name.clone(), |a| self.text(a));
                if let Some(source) = source {
                    // `export { a as b } from "./m"`: a local alias of an import.
                    let specifier = self.text(source).trim_matches(['"', '\'', '`']).to_string();
                    let local = format!("reexport:{exported}");
                    facts.imports.push(ImportBinding {
                        local: local.as_str().into(),
                        specifier: specifier.into(),
                        imported: Some(name),
                        line: line(stmt),
                    });
                    facts.exports.push((exported, local.into()));
                } else {
                    facts.exports.push((exported, name));
                }
            }
        }
    }

    fn declared_names(&self, declaration: Node) -> Vec<CompactString> {
        if let Some(name) = declaration.field("name") {
            return vec![self.text(name)];
        }
        named_children(declaration)
            .filter(|d| d.kind() == "variable_declarator")
            .filter_map(|d| d.field("name"))
            .filter(|n| n.kind() == "identifier")
            .map(|n| self.text(n))
            .collect()
    }

    fn function(&self, node: Node, name: Option<Node>, parent: Option<Container>) -> Function {
        let mut params = Vec::new();
        let list = node.field("parameters").or_else(|| node.field("parameter"));
        if let Some(list) = list {
            if list.kind() == "identifier" {
                params.push(plain(self.text(list)));
            } else {
                params.extend(named_children(list).filter_map(|p| self.param(p)));
            }
        }
        let mut returns = Vec::new();
        if node.kind() == "arrow_function"
            && let Some(body) = node.field("body")
            && body.kind() != "statement_block"
        {
            returns.push(self.expr(body, 0));
        }
        let mut name = name.map(|n| self.text(n)).unwrap_or_default();
        if name.is_empty() && self.shallow {
            // `const get = (url) => …` / `get: function (url) {…}`
            if let Some(p) = node.parent() {
                let key = match p.kind() {
                    "variable_declarator" => p.field("name"),
                    "pair" => p.field("key"),
                    _ => None,
                };
                name = key.map(|k| self.text(k)).unwrap_or_default();
            }
        }
        Function {
            name,
            class: match parent {
                Some(Container::Class(c)) if node.kind() == "method_definition" => Some(c),
                _ => None,
            },
            parent: function_scope(parent),
            params,
            decorators: ThinVec::new(),
            returns: returns.into(),
            line: line(node),
            getter: node.kind() == "method_definition"
                && (0..node.child_count())
                    .filter_map(|i| node.child(i as _))
                    .any(|c| c.kind() == "get"),
        }
    }

    fn param(&self, p: Node) -> Option<Param> {
        match p.kind() {
            "identifier" => Some(plain(self.text(p))),
            "required_parameter" | "optional_parameter" => {
                let pattern = p.field("pattern")?;
                let mut param = self.param(pattern)?;
                if let Some(v) = p.field("value") {
                    param.default = Some(Box::new(self.expr(v, 0)));
                }
                Some(param)
            }
            "assignment_pattern" => {
                let mut param = self.param(p.field("left")?)?;
                param.default = p.field("right").map(|v| Box::new(self.expr(v, 0)));
                Some(param)
            }
            "rest_pattern" => {
                let mut param = self.param(p.named_child(0)?)?;
                param.rest = true;
                Some(param)
            }
            "object_pattern" => {
                let mut param = plain(CompactString::default());
                for prop in named_children(p) {
                    let key = match prop.kind() {
                        "shorthand_property_identifier_pattern" => Some(prop),
                        "pair_pattern" => prop.field("key"),
                        "object_assignment_pattern" => prop.field("left"),
                        _ => None,
                    };
                    if let Some(key) = key {
                        param.properties.push(self.text(key));
                    }
                }
                Some(param)
            }
            _ => Some(plain(CompactString::default())),
        }
    }

    /// `constructor(private http: HttpClient)` declares the field `http`.
    fn parameter_properties(&self, method: Node) -> Vec<(CompactString, Expr)> {
        let Some(list) = method.field("parameters") else {
            return Vec::new();
        };
        named_children(list)
            .filter(|p| {
                named_children(*p)
                    .any(|c| matches!(c.kind(), "accessibility_modifier" | "readonly"))
            })
            .filter_map(|p| {
                let name = p.field("pattern")?;
                let ty = p.field("type")?.named_child(0)?;
                let ty = ty.field("name").unwrap_or(ty);
                let ty = Expr::Name(self.text(ty));
                let instance = Call {
                    callee: ty,
                    args: Vec::new(),
                    kwargs: ThinVec::new(),
                    new: true,
                    line: line(p),
                };
                Some((self.text(name), Expr::Call(Box::new(instance))))
            })
            .collect()
    }

    fn expr(&self, node: Node, depth: u32) -> Expr {
        if depth > MAX_DEPTH {
            return Expr::Unknown;
        }
        let d = depth + 1;
        match node.kind() {
            "string" => Expr::Str(self.string(node)),
            "template_string" => self.template(node, d),
            "binary_expression" => {
                let op = node.field("operator").map(|o| self.text(o));
                match (op.as_deref(), node.field("left"), node.field("right")) {
                    (Some("+"), Some(l), Some(r)) => {
                        Expr::Concat(vec![self.expr(l, d), self.expr(r, d)])
                    }
                    (Some("||" | "??"), Some(l), Some(r)) => {
                        Expr::Either(vec![self.expr(l, d), self.expr(r, d)])
                    }
                    _ => Expr::Unknown,
                }
            }
            "ternary_expression" => match (node.field("consequence"), node.field("alternative")) {
                (Some(a), Some(b)) => Expr::Either(vec![self.expr(a, d), self.expr(b, d)]),
                _ => Expr::Unknown,
            },
            "identifier" | "this" | "shorthand_property_identifier" => Expr::Name(self.text(node)),
            "member_expression" => match (node.field("object"), node.field("property")) {
                (Some(o), Some(p)) => Expr::Member(Box::new(self.expr(o, d)), self.text(p)),
                _ => Expr::Unknown,
            },
            "subscript_expression" => match (node.field("object"), node.field("index")) {
                (Some(o), Some(i)) if i.kind() == "string" => {
                    Expr::Member(Box::new(self.expr(o, d)), self.string(i))
                }
                _ => Expr::Unknown,
            },
            "call_expression" | "new_expression" => self.call(node, d),
            "array" => Expr::List(named_children(node).map(|c| self.expr(c, d)).collect()),
            "spread_element" => node
                .named_child(0)
                .map_or(Expr::Unknown, |c| Expr::Spread(Box::new(self.expr(c, d)))),
            "object" => Expr::Dict(
                named_children(node)
                    .filter_map(|p| self.entry(p, d))
                    .collect(),
            ),
            "parenthesized_expression"
            | "await_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression"
            | "type_assertion" => node
                .named_child(0)
                .map_or(Expr::Unknown, |c| self.expr(c, d)),
            "arrow_function" | "function_expression" | "function" => self
                .scan
                .function_ids
                .get(&node.id())
                .map_or(Expr::Unknown, |&i| Expr::Function(i)),
            "number" | "true" | "false" | "null" | "undefined" => Expr::Other(self.text(node)),
            // `-1`, as in `url.slice(0, -1)`.
            "unary_expression"
                if node.field("operator").is_some_and(|o| self.text(o) == "-")
                    && node.field("argument").is_some_and(|a| a.kind() == "number") =>
            {
                Expr::Other(self.text(node).replace(char::is_whitespace, "").into())
            }
            _ => Expr::Unknown,
        }
    }

    fn entry(&self, p: Node, d: u32) -> Option<(CompactString, Expr)> {
        match p.kind() {
            "pair" => {
                let key = p.field("key")?;
                let key = match key.kind() {
                    "string" => self.string(key),
                    "computed_property_name" => return None,
                    _ => self.text(key),
                };
                Some((key, self.expr(p.field("value")?, d)))
            }
            "shorthand_property_identifier" => Some((self.text(p), Expr::Name(self.text(p)))),
            "spread_element" => Some(("...".into(), self.expr(p.named_child(0)?, d))),
            "method_definition" => {
                let name = self.text(p.field("name")?);
                let f = self.scan.function_ids.get(&p.id())?;
                Some((name, Expr::Function(*f)))
            }
            _ => None,
        }
    }

    fn call(&self, node: Node, d: u32) -> Expr {
        let new = node.kind() == "new_expression";
        let callee = node
            .field(if new { "constructor" } else { "function" })
            .map_or(Expr::Unknown, |f| self.expr(f, d));
        let mut args = Vec::new();
        if let Some(arguments) = node.field("arguments")
            && arguments.kind() == "arguments"
        {
            args = named_children(arguments)
                .filter(|a| a.kind() != "comment")
                .map(|a| self.expr(a, d))
                .collect();
        }
        Expr::Call(Box::new(Call {
            callee,
            args,
            kwargs: ThinVec::new(),
            new,
            line: line(node),
        }))
    }

    /// The value of a string literal, escapes decoded.
    fn string(&self, node: Node) -> CompactString {
        let raw = self.text(node);
        let inner = raw
            .get(1..raw.len().saturating_sub(1).max(1))
            .unwrap_or_default();
        unescape(inner).into()
    }

    /// `` `/a/${id}/b` `` → `Concat["/a/", id, "/b"]`.
    fn template(&self, node: Node, d: u32) -> Expr {
        let mut parts = Vec::new();
        let mut at = node.start_byte() + 1;
        let end = node.end_byte().saturating_sub(1);
        for sub in named_children(node).filter(|c| c.kind() == "template_substitution") {
            if sub.start_byte() > at {
                parts.push(Expr::Str(
                    unescape(&String::from_utf8_lossy(&self.source[at..sub.start_byte()])).into(),
                ));
            }
            parts.push(
                sub.named_child(0)
                    .map_or(Expr::Unknown, |e| self.expr(e, d)),
            );
            at = sub.end_byte();
        }
        if end > at {
            parts.push(Expr::Str(
                unescape(&String::from_utf8_lossy(&self.source[at..end])).into(),
            ));
        }
        match parts.len() {
            0 => Expr::Str(CompactString::default()),
            1 if matches!(parts[0], Expr::Str(_)) => parts.pop().expect("one part"),
            _ => Expr::Concat(parts),
        }
    }
}

fn plain(name: CompactString) -> Param {
    Param {
        name,
        properties: ThinVec::new(),
        default: None,
        rest: false,
    }
}

fn push_binding(facts: &mut WebFacts, name: &str, value: Expr, line: u32) {
    facts.bindings.push(Binding {
        name: name.into(),
        value,
        scope: None,
        augmented: false,
        line,
    });
}
