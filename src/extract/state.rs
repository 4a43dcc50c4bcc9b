//! Facts about module-level state and database tables, folded from the
//! `state` and `tables` query concerns. Raw and per file: which module a name
//! belongs to is decided later, in `src/state.rs`.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use thin_vec::ThinVec;
use tree_sitter::Node;

use crate::syntax::matcher::QueryMatch;

use super::imports::node_text;
use super::queries::{Capture, LanguageQueries};
use super::scan::Scan;
use super::tables::TableCollector;
use crate::syntax::scan::name_text;

/// A module-level binding: `cache = {}`, `db = SQLAlchemy()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobalDef {
    pub name: CompactString,
    pub line: u32,
    /// The declaration's line (JS: the evidence of a page global's owner).
    #[serde(default, skip_serializing_if = "CompactString::is_empty")]
    pub text: CompactString,
    /// Bound to a mutable value: a dict/list/set (or comprehension) or a call.
    pub mutable: bool,
}

/// A place that touches state through a dotted chain:
/// `m.X[k] = v` → `m.X`; `X.append(1)` → `X`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    /// The chain's names joined by dots, empty when the expression starts
    /// with none. One string, not a list of names: most chains fit in the
    /// string's 24 bytes, where a list took a heap block more.
    pub chain: CompactString,
    pub line: u32,
    pub text: CompactString,
    /// The chain's last name is the attribute being assigned (`a.b = v`).
    pub assigns_attribute: bool,
    /// A mutating method call on the chain (`X.append(v)`).
    #[serde(default)]
    pub method_call: bool,
}

impl Access {
    /// The chain's names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.chain.split('.').filter(|n| !n.is_empty())
    }

    /// The first name: `m` for `m.X`.
    pub fn root(&self) -> Option<&str> {
        self.names().next()
    }

    /// How many names the chain has.
    pub fn depth(&self) -> usize {
        self.names().count()
    }

    /// The first `n` names, dotted: `a.b` for `a.b.c` and 2.
    pub fn prefix(&self, n: usize) -> &str {
        if n == 0 {
            return "";
        }
        match self.chain.match_indices('.').nth(n - 1) {
            Some((end, _)) => &self.chain[..end],
            None => &self.chain,
        }
    }
}

/// A model class mapped to a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelDef {
    pub class: CompactString,
    pub line: u32,
    /// `__tablename__`, or Django's `Meta.db_table`.
    pub table: Option<CompactString>,
    pub django: bool,
    /// Django `Meta.abstract = True` / `proxy = True`: no table of its own.
    pub no_table: bool,
    /// The first base class's name, for models that inherit from another
    /// model (`class UserMessage(AbstractUserMessage)`); empty otherwise.
    #[serde(default)]
    pub base: CompactString,
    /// Its other base classes (`class UserProfile(AbstractBaseUser,
    /// PermissionsMixin, UserBaseSettings)`): any of them may be a model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_bases: Vec<CompactString>,
}

/// A use of a model or table: `Order.query`, `Order.objects.create(…)`,
/// `session.get(Order, 1)`, `Order(user_id=1)`, or raw SQL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableUse {
    /// A model class name, or (for raw SQL) a table name.
    pub name: CompactString,
    pub raw_sql: bool,
    pub write: bool,
    pub line: u32,
    pub text: CompactString,
    /// The function or class it sits in (`OrderView.get`, `place_order`;
    /// empty at module level): route handlers are matched against it.
    #[serde(default, skip_serializing_if = "CompactString::is_empty")]
    pub scope: CompactString,
    /// `x.attr = v` on a loaded instance: a write for ORMs that track
    /// changes (SQLAlchemy flushes it); Django needs `save()`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tracked: bool,
}

/// A relation declared in a model's body, or a column's `ForeignKey("t.id")`.
/// The model name standing for the project's user model (Django's
/// `AUTH_USER_MODEL` setting): `settings.AUTH_USER_MODEL`, `get_user_model()`.
/// `src/state/` resolves it to the setting's model, `auth.User` by default.
pub const USER_MODEL: &str = "AUTH_USER_MODEL";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    /// The model class declaring it; empty for a `Table("name", …)` column.
    pub class: CompactString,
    /// The `Table("name")` a column foreign key sits in (when `class` is empty).
    #[serde(default, skip_serializing_if = "CompactString::is_empty")]
    pub table: CompactString,
    pub field: CompactString,
    /// `foreign_key`, `one_to_one`, `many_to_many`, `relationship`
    /// (SQLAlchemy) or `column` (`ForeignKey("orders.id")`: `target` is a table).
    pub kind: CompactString,
    /// The target model's class name (`self` already replaced by the owner).
    pub target: CompactString,
    /// Django `related_name` (`+`: none); SQLAlchemy `back_populates`/`backref`.
    pub related_name: Option<CompactString>,
    /// Django `through=` model class; SQLAlchemy `secondary="table"`.
    pub through: Option<CompactString>,
    /// Django `ManyToManyField(db_table=…)`.
    pub db_table: Option<CompactString>,
    pub line: u32,
}

/// A related manager used: `user.message_set.filter(…)`, `realm.streams.add(s)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedUse {
    pub accessor: CompactString,
    pub method: CompactString,
    pub line: u32,
    pub text: CompactString,
    #[serde(default, skip_serializing_if = "CompactString::is_empty")]
    pub scope: CompactString,
}

/// `Model.objects.select_related("realm__owner")`: a literal lookup path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectRelated {
    pub model: CompactString,
    pub path: CompactString,
    pub line: u32,
    pub text: CompactString,
    #[serde(default, skip_serializing_if = "CompactString::is_empty")]
    pub scope: CompactString,
}

/// Most files leave most of these lists empty, hence `ThinVec` (8 bytes
/// when empty, see [`crate::facts::web::WebFacts`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateFacts {
    pub defs: ThinVec<GlobalDef>,
    /// `global X` statements of functions that assign X (rebinding module
    /// state, whatever its value).
    pub global_decls: ThinVec<(CompactString, u32)>,
    pub writes: ThinVec<Access>,
    /// `m.X` attribute reads (two-name chains).
    pub attribute_reads: ThinVec<Access>,
    /// `window.X = …` (name, line, text) and `window.X` reads.
    pub window_writes: ThinVec<(CompactString, u32, CompactString)>,
    pub window_reads: ThinVec<(CompactString, u32)>,
    pub models: ThinVec<ModelDef>,
    /// `Table("name", …)`.
    pub tables: ThinVec<(CompactString, u32)>,
    pub uses: ThinVec<TableUse>,
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub relations: ThinVec<Relation>,
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub related: ThinVec<RelatedUse>,
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub select_related: ThinVec<SelectRelated>,
    /// `Realm = apps.get_model("zerver", "Realm")` (migrations): local
    /// name → model class name.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub model_aliases: ThinVec<(CompactString, CompactString)>,
    /// JS: `X = v` with a bare name (name, line, text).
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub js_assigns: ThinVec<(CompactString, u32, CompactString)>,
    /// JS: every name a classic script declares (variables, functions,
    /// parameters); empty for a module.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub js_declared: ThinVec<CompactString>,
    /// A classic script (no import, export or require): its top-level names
    /// are the page's globals.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub classic: bool,
    /// A classic script's free names (identifiers it uses but does not
    /// declare, not after a `.`), each with its first line: reads of page
    /// globals other scripts define.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub free_names: ThinVec<(CompactString, u32)>,
    /// The module's own reads of its mutable globals (name, line, text),
    /// outside functions that bind the name locally.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub own_reads: ThinVec<(CompactString, u32, CompactString)>,
}

impl StateFacts {
    pub fn is_empty(&self) -> bool {
        self == &StateFacts::default()
    }
}

pub(super) fn line(node: Node) -> u32 {
    node.start_position().row as u32 + 1
}

/// The source line a node starts on, trimmed: the evidence text. (Reading
/// the line, not the node's parent: `Node::parent` costs O(depth).)
pub(super) fn line_text(node: Node, source: &[u8]) -> String {
    line_text_at(node.start_byte(), source)
}

/// The trimmed source line around a byte offset (at most 160 characters).
pub(super) fn line_text_at(at: usize, source: &[u8]) -> String {
    let start = at.min(source.len());
    let begin = source[..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let end = source[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(source.len(), |p| start + p);
    String::from_utf8_lossy(&source[begin..end])
        .trim()
        .chars()
        .take(160)
        .collect()
}

/// The dotted chain at the start of an expression: `m.X[k].y` → `m.X`
/// (whitespace and empty names dropped).
fn chain(node: Node, source: &[u8]) -> CompactString {
    let text = node_text(node, source);
    let head = text
        .split(['[', '('])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>();
    let mut out = CompactString::default();
    for name in head.split('.').filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(name);
    }
    out
}

/// A match's captures by name, without building a map per match (the state
/// concern has the most matches: 170,000 on zulip).
pub struct Captured<'a, 't> {
    captures: &'a [tree_sitter::QueryCapture<'t>],
    names: &'a [Capture],
}

impl<'t> Captured<'_, 't> {
    /// The node captured as `name`; the last one if it was captured twice.
    pub fn get(&self, name: &Capture) -> Option<&Node<'t>> {
        self.captures
            .iter()
            .rev()
            .find(|c| self.names[c.index as usize] == *name)
            .map(|c| &c.node)
    }

    pub fn contains_key(&self, name: &Capture) -> bool {
        self.get(name).is_some()
    }

    /// One node per name (the last, as [`get`](Self::get) gives).
    pub fn values(&self) -> impl Iterator<Item = &Node<'t>> {
        self.captures.iter().enumerate().filter_map(|(i, c)| {
            let name = self.names[c.index as usize];
            let later = self.captures[i + 1..]
                .iter()
                .any(|d| self.names[d.index as usize] == name);
            (!later).then_some(&c.node)
        })
    }
}

impl<'t> std::ops::Index<&Capture> for Captured<'_, 't> {
    type Output = Node<'t>;

    fn index(&self, name: &Capture) -> &Node<'t> {
        self.get(name).expect("the capture is in the match")
    }
}

/// Collects the state concern's matches of one file's query walk; the
/// `table.*` ones go to the [`TableCollector`].
#[derive(Default)]
pub struct StateCollector {
    facts: StateFacts,
    tables: TableCollector,
}

impl StateCollector {
    pub fn add(&mut self, queries: &LanguageQueries, source: &[u8], m: &QueryMatch) {
        let get = Captured {
            captures: m.captures(),
            names: &queries.query.captures,
        };
        let text = |c: Capture| get.get(&c).map(|n| node_text(*n, source));
        let facts = &mut self.facts;
        if let (Some(def), Some(value)) =
            (get.get(&Capture::StateDef), get.get(&Capture::StateValue))
        {
            let mutable = matches!(
                value.kind(),
                "dictionary"
                    | "list"
                    | "set"
                    | "dictionary_comprehension"
                    | "list_comprehension"
                    | "set_comprehension"
                    | "call"
                    // JavaScript: `{}`, `[]`, `new Map()` (a call's result,
                    // a schema or a bound function, is rarely state there)
                    | "object"
                    | "array"
                    | "new_expression"
            ) && !immutable_call(*value, source);
            let name = node_text(*def, source);
            // `DATABASE_URL = os.environ.get(…)`: configuration, not state.
            let constant = value.kind() == "call"
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            facts.defs.push(GlobalDef {
                mutable: mutable && !constant,
                name: name.into(),
                line: line(*def),
                text: if value.kind().ends_with("expression")
                    || value.kind() == "object"
                    || value.kind() == "array"
                {
                    line_text(*def, source).into()
                } else {
                    CompactString::default()
                },
            });
        } else if let Some(n) = get.get(&Capture::StateGlobal) {
            // Only a function that assigns the name rebinds it; `global X`
            // then reading X is a read.
            let name = node_text(*n, source);
            if assigns_in_function(*n, &name, source) {
                facts.global_decls.push((name.into(), line(*n)));
            }
        } else if let Some(n) = get.get(&Capture::StateWrite) {
            let access = Access {
                chain: chain(*n, source),
                line: line(*n),
                text: line_text(*n, source).into(),
                assigns_attribute: matches!(n.kind(), "attribute" | "member_expression"),
                method_call: false,
            };
            if n.kind() == "attribute"
                && access.depth() == 2
                && let Some(root) = access.root()
            {
                self.tables.attribute_set(
                    root.into(),
                    n.start_byte(),
                    access.line,
                    access.text.to_string(),
                );
            }
            self.facts.writes.push(access);
        } else if let Some(n) = get.get(&Capture::StateMutated) {
            facts.writes.push(Access {
                chain: chain(*n, source),
                line: line(*n),
                text: line_text(*n, source).into(),
                assigns_attribute: false,
                method_call: true,
            });
        } else if let (Some(base), Some(attr)) =
            (text(Capture::StateBase), text(Capture::StateAttr))
        {
            let node = get[&Capture::StateBase];
            facts.attribute_reads.push(Access {
                chain: compact_str::format_compact!("{base}.{attr}"),
                line: line(node),
                text: CompactString::default(),
                assigns_attribute: false,
                method_call: false,
            });
        } else if let Some(n) = get.get(&Capture::StateWindowWrite) {
            facts.window_writes.push((
                name_text(*n, source),
                line(*n),
                line_text(*n, source).into(),
            ));
        } else if let Some(n) = get.get(&Capture::StateWindowRead) {
            facts.window_reads.push((name_text(*n, source), line(*n)));
        } else if let Some(n) = get.get(&Capture::StateJsAssign) {
            facts.js_assigns.push((
                name_text(*n, source),
                line(*n),
                line_text(*n, source).into(),
            ));
        } else if let Some(n) = get.get(&Capture::StateJsDeclared) {
            facts.js_declared.push(name_text(*n, source));
        } else {
            self.tables.add(&get, source);
        }
    }

    /// The file's facts, table uses with their scopes.
    pub fn finish(self, scan: &mut Scan, source: &[u8]) -> StateFacts {
        let tables = self.tables.finish(scan, source);
        StateFacts {
            models: tables.models,
            tables: tables.tables,
            uses: tables.uses,
            relations: tables.relations,
            related: tables.related,
            select_related: tables.select_related,
            model_aliases: tables.model_aliases,
            ..self.facts
        }
    }
}

/// Calls that build immutable or uninteresting values (`TypeVar("T")`,
/// `re.compile(…)`, `logging.getLogger(…)`), not shared state.
fn immutable_call(value: Node, source: &[u8]) -> bool {
    if value.kind() != "call" && value.kind() != "call_expression" {
        return false;
    }
    let callee = value
        .child_by_field_name("function")
        .map(|f| node_text(f, source))
        .unwrap_or_default();
    let last = callee.rsplit('.').next().unwrap_or(&callee);
    matches!(
        last,
        "TypeVar" | "NewType" | "namedtuple" | "compile" | "getLogger" | "frozenset" | "tuple"
            | "str" | "int" | "float" | "bool" | "bytes" | "object" | "ParamSpec" | "cast"
            | "gettext_lazy" | "_" | "path" | "re_path" | "url" | "Enum" | "ContextVar"
            // Registration objects configured at import time, not state.
            | "Blueprint" | "APIRouter" | "Router" | "Namespace" | "Table" | "Column"
    )
}

/// Whether the function around `global_name` (a name in a `global`
/// statement) assigns `name`: `X = …`, `X += …`, `X, y = …`, `for X in …`,
/// not looking into nested functions.
fn assigns_in_function(global_name: Node, name: &str, source: &[u8]) -> bool {
    let mut function = global_name.parent();
    while let Some(f) = function {
        if f.kind() == "function_definition" {
            break;
        }
        function = f.parent();
    }
    let Some(function) = function else {
        return false;
    };
    let binds = |target: Node| -> bool {
        let mut stack = vec![target];
        while let Some(t) = stack.pop() {
            match t.kind() {
                "identifier" if node_text(t, source) == name => return true,
                "pattern_list" | "tuple_pattern" | "list_pattern" => {
                    let mut c = t.walk();
                    stack.extend(t.named_children(&mut c));
                }
                _ => {}
            }
        }
        false
    };
    let mut stack = vec![function];
    while let Some(node) = stack.pop() {
        if node != function && matches!(node.kind(), "function_definition" | "class_definition") {
            continue;
        }
        let target = match node.kind() {
            "assignment" | "augmented_assignment" | "for_statement" => {
                node.child_by_field_name("left")
            }
            _ => None,
        };
        if target.is_some_and(binds) {
            return true;
        }
        let mut c = node.walk();
        stack.extend(node.named_children(&mut c));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access(chain: &str) -> Access {
        Access {
            chain: chain.into(),
            line: 1,
            text: CompactString::default(),
            assigns_attribute: false,
            method_call: false,
        }
    }

    #[test]
    fn a_dotted_chain_reads_as_its_names() {
        let a = access("shop.services.m");
        assert_eq!(a.names().collect::<Vec<_>>(), ["shop", "services", "m"]);
        assert_eq!((a.root(), a.depth()), (Some("shop"), 3));
        assert_eq!(
            (a.prefix(0), a.prefix(1), a.prefix(2), a.prefix(3)),
            ("", "shop", "shop.services", "shop.services.m")
        );
        let one = access("X");
        assert_eq!(
            (one.root(), one.depth(), one.prefix(1)),
            (Some("X"), 1, "X")
        );
        let none = access("");
        assert_eq!((none.root(), none.depth()), (None, 0));
    }
}
