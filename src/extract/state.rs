//! Facts about module-level state and database tables, folded from the
//! `state` and `tables` query concerns. Raw and per file: which module a name
//! belongs to is decided later, in `src/state.rs`.

use serde::{Deserialize, Serialize};
use tree_sitter::{Node, QueryMatch};

use super::imports::node_text;
use super::queries::{Capture, LanguageQueries};

/// A module-level binding: `cache = {}`, `db = SQLAlchemy()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobalDef {
    pub name: String,
    pub line: u32,
    /// Bound to a mutable value: a dict/list/set (or comprehension) or a call.
    pub mutable: bool,
}

/// A place that touches state through a dotted chain:
/// `m.X[k] = v` → `["m", "X"]`; `X.append(1)` → `["X"]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    pub chain: Vec<String>,
    pub line: u32,
    pub text: String,
    /// The chain's last name is the attribute being assigned (`a.b = v`).
    pub assigns_attribute: bool,
    /// A mutating method call on the chain (`X.append(v)`).
    #[serde(default)]
    pub method_call: bool,
}

/// A model class mapped to a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelDef {
    pub class: String,
    pub line: u32,
    /// `__tablename__`, or Django's `Meta.db_table`.
    pub table: Option<String>,
    pub django: bool,
    /// Django `Meta.abstract = True` / `proxy = True`: no table of its own.
    pub no_table: bool,
    /// The first base class's name, for models that inherit from another
    /// model (`class UserMessage(AbstractUserMessage)`); empty otherwise.
    #[serde(default)]
    pub base: String,
}

/// A use of a model or table: `Order.query`, `Order.objects.create(…)`,
/// `session.get(Order, 1)`, `Order(user_id=1)`, or raw SQL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableUse {
    /// A model class name, or (for raw SQL) a table name.
    pub name: String,
    pub raw_sql: bool,
    pub write: bool,
    pub line: u32,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateFacts {
    pub defs: Vec<GlobalDef>,
    /// `global X` statements (a function rebinding module state).
    pub global_decls: Vec<(String, u32)>,
    pub writes: Vec<Access>,
    /// `m.X` attribute reads (two-name chains).
    pub attribute_reads: Vec<Access>,
    /// `window.X = …` (name, line, text) and `window.X` reads.
    pub window_writes: Vec<(String, u32, String)>,
    pub window_reads: Vec<(String, u32)>,
    pub models: Vec<ModelDef>,
    /// `Table("name", …)`.
    pub tables: Vec<(String, u32)>,
    pub uses: Vec<TableUse>,
}

impl StateFacts {
    pub fn is_empty(&self) -> bool {
        self == &StateFacts::default()
    }
}

/// Methods of a Django manager or queryset that write.
const WRITE_METHODS: &[&str] = &[
    "create",
    "bulk_create",
    "bulk_update",
    "update",
    "delete",
    "get_or_create",
    "update_or_create",
];

fn line(node: Node) -> u32 {
    node.start_position().row as u32 + 1
}

/// The source line a node starts on, trimmed: the evidence text. (Reading
/// the line, not the node's parent: `Node::parent` costs O(depth).)
fn line_text(node: Node, source: &[u8]) -> String {
    let start = node.start_byte().min(source.len());
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

/// The dotted chain at the start of an expression: `m.X[k].y` → `[m, X]`.
fn chain(node: Node, source: &[u8]) -> Vec<String> {
    let text = node_text(node, source);
    let head = text
        .split(['[', '('])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>();
    head.split('.')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Django's Meta classes, with their byte range, to attach to models later.
#[derive(Default)]
pub struct StateCollector {
    facts: StateFacts,
    metas: Vec<(usize, usize, String, String)>,
    model_ranges: Vec<(usize, usize, usize)>,
    sql_seen: Vec<usize>,
}

impl StateCollector {
    pub fn add(&mut self, queries: &LanguageQueries, source: &[u8], m: &QueryMatch) {
        let mut get = std::collections::BTreeMap::new();
        for c in m.captures() {
            get.insert(queries.query.captures[c.index as usize], c.node);
        }
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
            ) && !immutable_call(*value, source);
            let name = node_text(*def, source);
            // `DATABASE_URL = os.environ.get(…)`: configuration, not state.
            let constant = value.kind() == "call"
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            facts.defs.push(GlobalDef {
                mutable: mutable && !constant,
                name,
                line: line(*def),
            });
        } else if let Some(n) = get.get(&Capture::StateGlobal) {
            facts.global_decls.push((node_text(*n, source), line(*n)));
        } else if let Some(n) = get.get(&Capture::StateWrite) {
            facts.writes.push(Access {
                chain: chain(*n, source),
                line: line(*n),
                text: line_text(*n, source),
                assigns_attribute: n.kind() == "attribute",
                method_call: false,
            });
        } else if let Some(n) = get.get(&Capture::StateMutated) {
            facts.writes.push(Access {
                chain: chain(*n, source),
                line: line(*n),
                text: line_text(*n, source),
                assigns_attribute: false,
                method_call: true,
            });
        } else if let (Some(base), Some(attr)) =
            (text(Capture::StateBase), text(Capture::StateAttr))
        {
            let node = get[&Capture::StateBase];
            facts.attribute_reads.push(Access {
                chain: vec![base, attr],
                line: line(node),
                text: String::new(),
                assigns_attribute: false,
                method_call: false,
            });
        } else if let Some(n) = get.get(&Capture::StateWindowWrite) {
            facts
                .window_writes
                .push((node_text(*n, source), line(*n), line_text(*n, source)));
        } else if let Some(n) = get.get(&Capture::StateWindowRead) {
            facts.window_reads.push((node_text(*n, source), line(*n)));
        } else {
            self.add_table(&get, source);
        }
    }

    /// Records a model class and the byte range its `class Meta:` lies in.
    fn push_model(
        &mut self,
        class: Node,
        source: &[u8],
        table: Option<String>,
        django: bool,
        base: String,
    ) {
        self.model_ranges.push((
            class.start_byte(),
            class_end(class, source),
            self.facts.models.len(),
        ));
        self.facts.models.push(ModelDef {
            class: node_text(class, source),
            line: line(class),
            table,
            django,
            no_table: false,
            base,
        });
    }

    fn add_table(&mut self, get: &std::collections::BTreeMap<Capture, Node>, source: &[u8]) {
        if let (Some(class), Some(name)) =
            (get.get(&Capture::TableClass), get.get(&Capture::TableName))
        {
            let table = Some(node_text(*name, source));
            return self.push_model(*class, source, table, false, String::new());
        }
        if let Some(class) = get.get(&Capture::TableDjango) {
            return self.push_model(*class, source, None, true, String::new());
        }
        if let (Some(class), Some(base)) = (
            get.get(&Capture::TableSubclass),
            get.get(&Capture::TableBase),
        ) {
            // A candidate: `src/state.rs` keeps it when its base is a model.
            let base = node_text(*base, source);
            let seen = self.facts.models.iter().any(|m| m.line == line(*class));
            if base != "Model" && !seen {
                self.push_model(*class, source, None, false, base);
            }
            return;
        }
        let facts = &mut self.facts;
        if let (Some(key), Some(value)) = (
            get.get(&Capture::TableMetaKey),
            get.get(&Capture::TableMetaValue),
        ) {
            let at = key.start_byte();
            self.metas
                .push((at, at, node_text(*key, source), node_text(*value, source)));
        } else if let (Some(_), Some(name)) = (
            get.get(&Capture::TableTableCall),
            get.get(&Capture::TableName),
        ) {
            facts.tables.push((node_text(*name, source), line(*name)));
        } else if let Some(model) = get.get(&Capture::TableModel) {
            let write = get
                .get(&Capture::TableMethod)
                .is_some_and(|m| WRITE_METHODS.contains(&node_text(*m, source).as_str()));
            facts.uses.push(TableUse {
                name: node_text(*model, source),
                raw_sql: false,
                write,
                line: line(*model),
                text: line_text(*model, source),
            });
        } else if let Some(model) = get.get(&Capture::TableModelArg) {
            let text = line_text(*model, source);
            facts.uses.push(TableUse {
                name: node_text(*model, source),
                raw_sql: false,
                write: text.contains(".delete("),
                line: line(*model),
                text,
            });
        } else if let Some(class) = get
            .get(&Capture::TableConstructed)
            .filter(|c| node_text(**c, source).starts_with(|ch: char| ch.is_ascii_uppercase()))
        {
            // Only `Model(field=…)`: classes are capitalised, calls of
            // functions with keyword arguments are not model writes.
            facts.uses.push(TableUse {
                name: node_text(*class, source),
                raw_sql: false,
                write: true,
                line: line(*class),
                text: line_text(*class, source),
            });
        } else if let Some(sql) = get.get(&Capture::TableSql) {
            // `execute(text("…"))` matches both as execute and as text.
            if self.sql_seen.contains(&sql.start_byte()) {
                return;
            }
            self.sql_seen.push(sql.start_byte());
            let text = node_text(*sql, source);
            if let Some((reads, writes)) = crate::lang::sql::tables(&text) {
                for (names, write) in [(reads, false), (writes, true)] {
                    for name in names {
                        facts.uses.push(TableUse {
                            name,
                            raw_sql: true,
                            write,
                            line: line(*sql),
                            text: text.chars().take(160).collect(),
                        });
                    }
                }
            }
        }
    }

    pub fn finish(mut self) -> StateFacts {
        // Attach `class Meta:` settings to the model class that contains them.
        for (at, _, key, value) in &self.metas {
            let owner = self
                .model_ranges
                .iter()
                .filter(|(start, end, _)| start <= at && at < end)
                .max_by_key(|(start, _, _)| *start);
            let Some(&(_, _, index)) = owner else {
                continue;
            };
            let model = &mut self.facts.models[index];
            match key.as_str() {
                "db_table" => model.table = Some(value.trim_matches(['"', '\'']).to_string()),
                "abstract" | "proxy" if value == "True" => model.no_table = true,
                _ => {}
            }
        }
        self.facts
    }
}

/// Where a class body ends, for attaching `class Meta:` to its model: the
/// class name's next sibling chain ends at the body (no parent walk).
fn class_end(name: Node, _source: &[u8]) -> usize {
    let mut node = name;
    while let Some(next) = node.next_sibling() {
        node = next;
    }
    node.end_byte()
}

/// Calls that build immutable or uninteresting values (`TypeVar("T")`,
/// `re.compile(…)`, `logging.getLogger(…)`), not shared state.
fn immutable_call(value: Node, source: &[u8]) -> bool {
    if value.kind() != "call" {
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
