//! Python: lowers the constructs found by `queries/python/web.scm` into
//! language-neutral [`WebFacts`] — assignments, import aliases, functions
//! with their decorators and parameters, classes with their methods and
//! attributes, and the calls that register routes or name them.

use compact_str::CompactString;
use thin_vec::ThinVec;
use tree_sitter::Node;

use crate::lang::field::FieldChild;

use crate::facts::web::{
    Binding, Call, CallSite, Class, Expr, Function, ImportBinding, Param, WebFacts,
};
use crate::syntax::scan::{Container, Item, Scan, line, name_text};
use crate::text::unescape;

/// Expressions nested deeper than this are [`Expr::Unknown`]; route and URL
/// expressions are shallow, generated code is not.
const MAX_DEPTH: u32 = 48;

pub fn lower(scan: &Scan, source: &[u8]) -> WebFacts {
    let lw = Lower { scan, source };
    let mut facts = WebFacts::default();
    for def in &scan.functions {
        facts
            .functions
            .push(lw.function(def.node, def.name, def.parent));
    }
    for def in &scan.classes {
        let node = def.node;
        let bases = node
            .field("superclasses")
            .map(|args| {
                named_children(args)
                    .filter(|c| c.kind() != "keyword_argument")
                    // `ModelViewSet[Tag]`, `Generic[T]`: a generic base is its class.
                    .map(|c| match c.kind() {
                        "subscript" => c.field("value").unwrap_or(c),
                        _ => c,
                    })
                    .map(|c| lw.expr(c, 0))
                    .collect()
            })
            .unwrap_or_default();
        facts.classes.push(Class {
            name: def.name.map(|n| name_text(n, source)).unwrap_or_default(),
            bases,
            decorators: lw.decorators(node).into(),
            methods: Vec::new(),
            attributes: Vec::new(),
            line: line(node),
        });
    }
    for (i, def) in scan.functions.iter().enumerate() {
        if let Some(Container::Class(c)) = def.parent {
            let name = facts.functions[i].name.clone();
            facts.classes[c as usize].methods.push((name, i as u32));
        }
    }
    let mut seen_calls = std::collections::HashSet::new();
    for &(item, container) in &scan.items {
        lw.item(item, container, &mut facts, &mut seen_calls);
    }
    facts
}

struct Lower<'a, 't> {
    scan: &'a Scan<'t>,
    source: &'a [u8],
}

/// Named children without comments: a comment inside a list or an argument
/// list is no element (a URLconf often opens its list with one).
fn named_children(node: Node) -> impl Iterator<Item = Node> {
    (0..node.named_child_count())
        .filter_map(move |i| node.named_child(i as u32))
        .filter(|c| c.kind() != "comment")
}

fn function_scope(container: Option<Container>) -> Option<u32> {
    match container {
        Some(Container::Function(f)) => Some(f),
        _ => None,
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
        seen_calls: &mut std::collections::HashSet<usize>,
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
                if let Some(Container::Class(c)) = container {
                    facts.classes[c as usize].attributes.push((name, value));
                    return;
                }
                let augmented = stmt.kind() == "augmented_assignment";
                if augmented
                    && stmt
                        .field("operator")
                        .is_some_and(|op| self.text(op) != "+=")
                {
                    return;
                }
                facts.bindings.push(Binding {
                    name,
                    value,
                    scope: function_scope(container),
                    augmented,
                    line: line(stmt),
                });
            }
            Item::Call { call } => {
                // A call two patterns match (a path given to `add_resource`)
                // is one call.
                if !seen_calls.insert(call.id()) {
                    return;
                }
                if let Expr::Call(c) = self.expr(call, 0) {
                    facts.calls.push(CallSite {
                        call: *c,
                        scope: function_scope(container),
                    });
                }
            }
            Item::Import {
                stmt,
                source,
                name,
                alias,
            } => {
                let specifier = super::dotted_name(&self.text(source));
                let (local, imported) = match (name, alias) {
                    (Some(name), alias) => {
                        let name = self.text(name);
                        (
                            alias.map(|a| self.text(a)).unwrap_or(name.clone()),
                            Some(name),
                        )
                    }
                    (None, Some(alias)) => (self.text(alias), None),
                    (None, None) => (specifier.as_str().into(), None),
                };
                facts.imports.push(ImportBinding {
                    local,
                    specifier: specifier.into(),
                    imported,
                    line: line(stmt),
                });
            }
            Item::Export { .. } => {}
        }
    }

    fn decorators(&self, def: Node) -> Vec<Expr> {
        let Some(parent) = def.parent().filter(|p| p.kind() == "decorated_definition") else {
            return Vec::new();
        };
        named_children(parent)
            .filter(|c| c.kind() == "decorator")
            .filter_map(|d| d.named_child(0))
            .map(|e| self.expr(e, 0))
            .collect()
    }

    fn function(&self, node: Node, name: Option<Node>, parent: Option<Container>) -> Function {
        let mut params = Vec::new();
        if let Some(list) = node.field("parameters") {
            for p in named_children(list) {
                if let Some(param) = self.param(p) {
                    params.push(param);
                }
            }
        }
        let mut returns = Vec::new();
        if node.kind() == "lambda"
            && let Some(body) = node.field("body")
        {
            returns.push(self.expr(body, 0));
        }
        let decorators = self.decorators(node);
        // `@property`, `@cached_property`, `@functools.cached_property`.
        let getter = decorators.iter().any(|d| match d {
            Expr::Name(n) => n == "property" || n == "cached_property",
            Expr::Member(_, n) => n == "cached_property",
            _ => false,
        });
        Function {
            name: name.map(|n| self.text(n)).unwrap_or_default(),
            class: match parent {
                Some(Container::Class(c)) => Some(c),
                _ => None,
            },
            parent: function_scope(parent),
            params,
            decorators: decorators.into(),
            returns: returns.into(),
            line: line(node),
            getter,
        }
    }

    fn param(&self, p: Node) -> Option<Param> {
        let plain = |name: CompactString| Param {
            name,
            properties: ThinVec::new(),
            default: None,
            rest: false,
        };
        match p.kind() {
            "identifier" => Some(plain(self.text(p))),
            "typed_parameter" => {
                let inner = p.named_child(0)?;
                let mut param = self.param(inner)?;
                param.rest |= inner.kind() != "identifier";
                Some(param)
            }
            "default_parameter" | "typed_default_parameter" => {
                let mut param = plain(self.text(p.field("name")?));
                param.default = p.field("value").map(|v| Box::new(self.expr(v, 0)));
                Some(param)
            }
            "list_splat_pattern" | "dictionary_splat_pattern" => {
                let mut param = plain(self.text(p.named_child(0)?));
                param.rest = true;
                Some(param)
            }
            _ => None,
        }
    }

    fn expr(&self, node: Node, depth: u32) -> Expr {
        if depth > MAX_DEPTH {
            return Expr::Unknown;
        }
        let d = depth + 1;
        match node.kind() {
            "string" => self.string(node, d),
            "concatenated_string" => {
                Expr::Concat(named_children(node).map(|s| self.expr(s, d)).collect())
            }
            "binary_operator" => {
                let op = node.field("operator").map(|o| self.text(o));
                match (op.as_deref(), node.field("left"), node.field("right")) {
                    (Some("+"), Some(l), Some(r)) => {
                        Expr::Concat(vec![self.expr(l, d), self.expr(r, d)])
                    }
                    _ => Expr::Unknown,
                }
            }
            "boolean_operator" => {
                let op = node.field("operator").map(|o| self.text(o));
                match (op.as_deref(), node.field("left"), node.field("right")) {
                    (Some("or"), Some(l), Some(r)) => {
                        Expr::Either(vec![self.expr(l, d), self.expr(r, d)])
                    }
                    _ => Expr::Unknown,
                }
            }
            // `a if c else b`: the first and last of its expressions.
            "conditional_expression" => {
                let parts: Vec<Node> = named_children(node).collect();
                match (parts.first(), parts.get(2)) {
                    (Some(a), Some(b)) => Expr::Either(vec![self.expr(*a, d), self.expr(*b, d)]),
                    _ => Expr::Unknown,
                }
            }
            "identifier" => Expr::Name(self.text(node)),
            "attribute" => match (node.field("object"), node.field("attribute")) {
                (Some(o), Some(a)) => Expr::Member(Box::new(self.expr(o, d)), self.text(a)),
                _ => Expr::Unknown,
            },
            "call" => self.call(node, d),
            "list" | "tuple" | "set" | "expression_list" | "pattern_list" => {
                Expr::List(named_children(node).map(|c| self.expr(c, d)).collect())
            }
            // `[scoped(u) for u in urls]`: the items, each passed through
            // a function seam may not see into, stand for the list.
            "list_comprehension" | "generator_expression" => {
                let body = node.field("body");
                let clause = named_children(node).find(|c| c.kind() == "for_in_clause");
                match (
                    body,
                    clause.and_then(|c| Some((c.field("left")?, c.field("right")?))),
                ) {
                    (Some(body), Some((var, items)))
                        if self.passes_through(body, &self.text(var)) =>
                    {
                        Expr::List(vec![Expr::Spread(Box::new(self.expr(items, d)))])
                    }
                    _ => Expr::Unknown,
                }
            }
            "list_splat" => node
                .named_child(0)
                .map_or(Expr::Unknown, |c| Expr::Spread(Box::new(self.expr(c, d)))),
            "dictionary" => Expr::Dict(
                named_children(node)
                    .filter_map(|pair| match pair.kind() {
                        "pair" => {
                            let key = pair.field("key")?;
                            let key = match self.expr(key, d) {
                                Expr::Str(s) => s,
                                _ => return None,
                            };
                            Some((key, self.expr(pair.field("value")?, d)))
                        }
                        "dictionary_splat" => {
                            Some(("...".into(), self.expr(pair.named_child(0)?, d)))
                        }
                        _ => None,
                    })
                    .collect(),
            ),
            "parenthesized_expression" | "await" => node
                .named_child(0)
                .map_or(Expr::Unknown, |c| self.expr(c, d)),
            "lambda" => self
                .scan
                .function_ids
                .get(&node.id())
                .map_or(Expr::Unknown, |&i| Expr::Function(i)),
            "integer" | "float" | "true" | "false" | "none" => Expr::Other(self.text(node)),
            _ => Expr::Unknown,
        }
    }

    /// `u`, or a call with `u` as an argument (`scoped(u)`).
    fn passes_through(&self, body: Node, var: &str) -> bool {
        match body.kind() {
            "identifier" => self.text(body) == var,
            "call" => body.field("arguments").is_some_and(|args| {
                named_children(args).any(|a| a.kind() == "identifier" && self.text(a) == var)
            }),
            _ => false,
        }
    }

    fn call(&self, node: Node, d: u32) -> Expr {
        let Some(function) = node.field("function") else {
            return Expr::Unknown;
        };
        let mut call = Call {
            callee: self.expr(function, d),
            args: Vec::new(),
            kwargs: ThinVec::new(),
            new: false,
            line: line(node),
        };
        if let Some(arguments) = node.field("arguments") {
            for a in named_children(arguments) {
                match a.kind() {
                    "keyword_argument" => {
                        if let (Some(k), Some(v)) = (a.field("name"), a.field("value")) {
                            call.kwargs.push((self.text(k), self.expr(v, d)));
                        }
                    }
                    "dictionary_splat" => {
                        if let Some(v) = a.named_child(0) {
                            call.kwargs.push(("**".into(), self.expr(v, d)));
                        }
                    }
                    "comment" => {}
                    _ => call.args.push(self.expr(a, d)),
                }
            }
        }
        Expr::Call(Box::new(call))
    }

    /// A string literal; an f-string's `{x}` parts become pieces of a
    /// concatenation. Escapes are kept as written in raw strings.
    fn string(&self, node: Node, d: u32) -> Expr {
        let raw = node
            .named_child(0)
            .filter(|s| s.kind() == "string_start")
            .is_some_and(|s| self.text(s).to_ascii_lowercase().contains('r'));
        let mut parts: Vec<Expr> = Vec::new();
        let mut literal = CompactString::default();
        for child in named_children(node) {
            match child.kind() {
                "string_content" if raw => literal.push_str(&self.text(child)),
                "string_content" => literal.push_str(&unescape(&self.text(child))),
                "interpolation" => {
                    if !literal.is_empty() {
                        parts.push(Expr::Str(std::mem::take(&mut literal)));
                    }
                    let value = child
                        .field("expression")
                        .map_or(Expr::Unknown, |e| self.expr(e, d));
                    parts.push(value);
                }
                _ => {}
            }
        }
        if parts.is_empty() {
            return Expr::Str(literal);
        }
        if !literal.is_empty() {
            parts.push(Expr::Str(literal));
        }
        Expr::Concat(parts)
    }
}
