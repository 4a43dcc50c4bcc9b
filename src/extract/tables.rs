//! Facts about database tables, folded from the `tables` queries: model
//! classes and their `class Meta:`, `Table()` definitions, relations, uses
//! (queries, writes, raw SQL, related managers, `select_related` paths) and
//! change tracking (saves of instances a function loaded). Each use gets
//! the function or class it sits in; which table a name reaches is decided
//! later, in `src/state/`.

use compact_str::CompactString;
use tree_sitter::Node;

use crate::syntax::scan::name_text;

use super::imports::node_text;
use super::orm;
use super::queries::Capture;
use super::scan::{Scan, scope_names};
use super::state::{
    Captured, ModelDef, RelatedUse, Relation, SelectRelated, StateFacts, TableUse, line, line_text,
};

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

/// Collects the table captures of one file's query walk.
#[derive(Default)]
pub struct TableCollector {
    /// Only the table fields are filled; merged into the file's facts.
    facts: StateFacts,
    /// `class Meta:` settings: (offset, offset, key, value).
    metas: Vec<(usize, usize, String, String)>,
    /// Model class byte ranges: (start, end, index into `facts.models`).
    model_ranges: Vec<(usize, usize, usize)>,
    /// Raw SQL already read: (line, text).
    sql_seen: Vec<(u32, String)>,
    /// The file's module-level assignments, for the SQL text of names.
    module_assignments: crate::lang::python::sql_text::ModuleAssignments,
    /// Byte offset of each `facts.uses` entry (its scope is found at the end).
    use_starts: Vec<usize>,
    related_starts: Vec<usize>,
    select_starts: Vec<usize>,
    /// Variables bound to a model instance: (name, model class, offset).
    instances: Vec<(String, String, usize)>,
    /// `x.save()` / `x.delete()`: (name, offset, line, text).
    saves: Vec<(String, usize, u32, String)>,
    /// `x.attr = v`: (name, offset, line, text).
    attribute_sets: Vec<(CompactString, usize, u32, String)>,
    /// `ForeignKey("orders.id")`: (table, line, offset).
    fk_columns: Vec<(String, u32, usize)>,
    /// `Table("name", …)` calls: (start, end, name).
    table_calls: Vec<(usize, usize, String)>,
}

impl TableCollector {
    /// One match of a `table.*` pattern, its captures by name.
    pub fn add(&mut self, get: &Captured, source: &[u8]) {
        let at = get.values().map(|n| n.start_byte()).min().unwrap_or(0);
        self.add_table(get, source);
        self.use_starts.resize(self.facts.uses.len(), at);
    }

    /// `x.attr = v`: a write when `x` holds a model instance.
    pub fn attribute_set(&mut self, name: CompactString, at: usize, line: u32, text: String) {
        self.attribute_sets.push((name, at, line, text));
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
            class: name_text(class, source),
            line: line(class),
            table: table.map(Into::into),
            django,
            no_table: false,
            base: base.into(),
            other_bases: Vec::new(),
        });
    }

    fn add_table(&mut self, get: &Captured, source: &[u8]) {
        if self.add_relation_or_instance(get, source) {
            return;
        }
        if let (Some(class), Some(name)) =
            (get.get(&Capture::TableClass), get.get(&Capture::TableName))
        {
            let table = Some(node_text(*name, source));
            return self.push_model(*class, source, table, false, String::new());
        }
        if let Some(class) = get.get(&Capture::TableDjango) {
            let at = line(*class);
            if let Some(m) = self.facts.models.iter_mut().find(|m| m.line == at) {
                m.django = true;
                return;
            }
            return self.push_model(*class, source, None, true, String::new());
        }
        if let (Some(class), Some(base)) = (
            get.get(&Capture::TableSubclass),
            get.get(&Capture::TableBase),
        ) {
            // A candidate: `src/state.rs` keeps it when its base is a model.
            let base = node_text(*base, source);
            // `class Meta(Base.Meta)` configures its model; it is not one.
            if base == "Model" || node_text(*class, source) == "Meta" {
                return;
            }
            let at = line(*class);
            match self.facts.models.iter_mut().find(|m| m.line == at) {
                Some(m) if m.base.is_empty() => m.base = base.into(),
                Some(m) => m.other_bases.push(base.into()),
                None => self.push_model(*class, source, None, false, base),
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
        } else if let (Some(call), Some(name)) = (
            get.get(&Capture::TableTableCall),
            get.get(&Capture::TableName),
        ) {
            let text = node_text(*name, source);
            self.table_calls
                .push((call.start_byte(), call.end_byte(), text.clone()));
            facts.tables.push((text.into(), line(*name)));
        } else if let Some(model) = get.get(&Capture::TableModel) {
            let write = get
                .get(&Capture::TableMethod)
                .is_some_and(|m| WRITE_METHODS.contains(&node_text(*m, source).as_str()));
            facts.uses.push(TableUse {
                name: name_text(*model, source),
                raw_sql: false,
                write,
                line: line(*model),
                text: line_text(*model, source).into(),
                scope: CompactString::default(),
                tracked: false,
            });
        } else if let Some(model) = get.get(&Capture::TableModelArg) {
            let text = line_text(*model, source);
            facts.uses.push(TableUse {
                name: name_text(*model, source),
                raw_sql: false,
                write: text.contains(".delete("),
                line: line(*model),
                text: text.into(),
                scope: CompactString::default(),
                tracked: false,
            });
        } else if let Some(class) = get
            .get(&Capture::TableConstructed)
            .filter(|c| node_text(**c, source).starts_with(|ch: char| ch.is_ascii_uppercase()))
        {
            // Only `Model(field=…)`: classes are capitalised, calls of
            // functions with keyword arguments are not model writes.
            facts.uses.push(TableUse {
                name: name_text(*class, source),
                raw_sql: false,
                write: true,
                line: line(*class),
                text: line_text(*class, source).into(),
                scope: CompactString::default(),
                tracked: false,
            });
        } else if let Some(sql) = get.get(&Capture::TableSql) {
            let mut root = *sql;
            while let Some(parent) = root.parent() {
                root = parent;
            }
            let Some(text) = crate::lang::python::sql_text::sql_text(
                root,
                *sql,
                source,
                &mut self.module_assignments,
            ) else {
                return;
            };
            // `execute(text(q))` matches both as execute and as text.
            let key = (line(*sql), text.clone());
            if self.sql_seen.contains(&key) {
                return;
            }
            self.sql_seen.push(key);
            if let Some((reads, writes)) = crate::lang::sql::tables(&text) {
                for (names, write) in [(reads, false), (writes, true)] {
                    for name in names {
                        facts.uses.push(TableUse {
                            name: name.into(),
                            raw_sql: true,
                            write,
                            line: line(*sql),
                            text: text.chars().take(160).collect(),
                            scope: CompactString::default(),
                            tracked: false,
                        });
                    }
                }
            }
        }
    }

    /// Relations, related managers, `select_related` paths and model
    /// instances (change tracking); false when the match is none of these.
    fn add_relation_or_instance(&mut self, get: &Captured, source: &[u8]) -> bool {
        let text = |c: Capture| get.get(&c).map(|n| node_text(*n, source));
        if let (Some(class), Some(field), Some(kind), Some(args)) = (
            text(Capture::TableRelClass),
            text(Capture::TableRelField),
            text(Capture::TableRelKind),
            get.get(&Capture::TableRelArgs),
        ) {
            let annotation = text(Capture::TableRelType);
            if let Some(r) = orm::relation(&class, &field, &kind, *args, annotation, source) {
                self.facts.relations.push(r);
            }
        } else if let Some(n) = get.get(&Capture::TableFkColumn) {
            let target = node_text(*n, source);
            let table = target.split('.').next().unwrap_or_default().to_string();
            if !table.is_empty() {
                self.fk_columns.push((table, line(*n), n.start_byte()));
            }
        } else if let (Some(accessor), Some(method)) = (
            get.get(&Capture::TableRelated),
            text(Capture::TableRelatedMethod),
        ) {
            let accessor = node_text(*accessor, source);
            if accessor == "objects" || accessor == "query" {
                return true;
            }
            let node = get[&Capture::TableRelated];
            self.related_starts.push(node.start_byte());
            self.facts.related.push(RelatedUse {
                accessor: accessor.into(),
                method: method.into(),
                line: line(node),
                text: line_text(node, source).into(),
                scope: CompactString::default(),
            });
        } else if let (Some(path), Some(call)) = (
            get.get(&Capture::TableSelectRelated),
            get.get(&Capture::TableSelectCall),
        ) {
            if let Some(model) = orm::model_at_root(*call, source) {
                self.select_starts.push(call.start_byte());
                self.facts.select_related.push(SelectRelated {
                    model: model.into(),
                    path: name_text(*path, source),
                    line: line(*path),
                    text: line_text(*path, source).into(),
                    scope: CompactString::default(),
                });
            }
        } else if let Some(var) = get.get(&Capture::TableInstance) {
            let model = match (
                get.get(&Capture::TableInstanceOf),
                get.get(&Capture::TableInstanceValue),
            ) {
                (Some(annotation), _) => orm::annotated_model(&node_text(*annotation, source)),
                (None, Some(value)) => {
                    if let Some(model) = orm::get_model(*value, source) {
                        let local = node_text(*var, source);
                        self.facts.model_aliases.push((local.into(), model.into()));
                        return true;
                    }
                    orm::instance_model(*value, source)
                }
                (None, None) => None,
            };
            if let Some(model) = model {
                self.instances
                    .push((node_text(*var, source), model, var.start_byte()));
            }
        } else if let Some(chained) = get.get(&Capture::TableChained) {
            // A write at the end of a query chain, reported on the chain's
            // first line (where its read is, so the read gives way).
            if let Some(root) = orm::chain_root(*chained)
                && let Some(model) = orm::model_at_root(*chained, source)
            {
                self.use_starts.push(root.start_byte());
                self.facts.uses.push(TableUse {
                    name: (*model).into(),
                    raw_sql: false,
                    write: true,
                    line: line(root),
                    text: line_text(root, source).into(),
                    scope: CompactString::default(),
                    tracked: false,
                });
            }
        } else if let Some(var) = get.get(&Capture::TableSaved) {
            self.saves.push((
                node_text(*var, source),
                var.start_byte(),
                line(*var),
                line_text(*var, source),
            ));
        } else {
            return false;
        }
        true
    }

    /// Attaches scopes (`Class.method`) to every use, turns saves of model
    /// instances into writes, and column foreign keys into relations.
    pub fn finish(mut self, scan: &mut Scan, source: &[u8]) -> StateFacts {
        let scopes = |starts: &[usize], scan: &mut Scan| scope_names(scan, starts, source);
        for (u, scope) in self
            .facts
            .uses
            .iter_mut()
            .zip(scopes(&self.use_starts, scan))
        {
            u.scope = scope.into();
        }
        for (u, scope) in self
            .facts
            .related
            .iter_mut()
            .zip(scopes(&self.related_starts, scan))
        {
            u.scope = scope.into();
        }
        let select_scopes = scopes(&self.select_starts, scan);
        for (u, scope) in self.facts.select_related.iter_mut().zip(select_scopes) {
            u.scope = scope.into();
        }
        self.tracked_writes(scan, source);
        for (table, line, at) in std::mem::take(&mut self.fk_columns) {
            let (class, owner_table, field) = self.owner_of(at);
            self.facts.relations.push(Relation {
                class: class.into(),
                table: owner_table.into(),
                field: field.into(),
                kind: "column".into(),
                target: table.into(),
                related_name: None,
                through: None,
                db_table: None,
                line,
            });
        }
        self.finish_meta()
    }

    /// `x.save()` / `x.delete()` where `x` is bound in the same function to
    /// a model instance, and `self.save()` in a model's own methods.
    fn tracked_writes(&mut self, scan: &mut Scan, source: &[u8]) {
        if self.saves.is_empty() && self.attribute_sets.is_empty() {
            return;
        }
        let starts: Vec<usize> = self.instances.iter().map(|i| i.2).collect();
        let instance_scopes = scope_names(scan, &starts, source);
        let bound: std::collections::HashMap<(&str, &str), &str> = self
            .instances
            .iter()
            .zip(&instance_scopes)
            .map(|((var, model, _), scope)| ((var.as_str(), scope.as_str()), model.as_str()))
            .collect();
        let starts: Vec<usize> = self.saves.iter().map(|s| s.1).collect();
        let save_scopes = scope_names(scan, &starts, source);
        let models: std::collections::HashSet<&str> =
            self.facts.models.iter().map(|m| m.class.as_str()).collect();
        let mut writes = Vec::new();
        let starts: Vec<usize> = self.attribute_sets.iter().map(|s| s.1).collect();
        let set_scopes = scope_names(scan, &starts, source);
        for ((var, _, line, text), scope) in self.attribute_sets.iter().zip(set_scopes) {
            if let Some(model) = bound.get(&(var.as_str(), scope.as_str())) {
                writes.push(TableUse {
                    name: (*model).into(),
                    raw_sql: false,
                    write: true,
                    line: *line,
                    text: text.as_str().into(),
                    scope: scope.into(),
                    tracked: true,
                });
            }
        }
        for ((var, _, line, text), scope) in self.saves.iter().zip(save_scopes) {
            let model = if var == "self" {
                scope
                    .split('.')
                    .next()
                    .filter(|class| models.contains(class))
                    .map(str::to_string)
            } else {
                bound
                    .get(&(var.as_str(), scope.as_str()))
                    .map(|m| m.to_string())
            };
            if let Some(name) = model {
                writes.push(TableUse {
                    name: name.into(),
                    raw_sql: false,
                    write: true,
                    line: *line,
                    text: text.as_str().into(),
                    scope: scope.into(),
                    tracked: false,
                });
            }
        }
        self.facts.uses.extend(writes);
    }

    /// The model class (and field) or `Table()` call a byte offset lies in.
    fn owner_of(&self, at: usize) -> (String, String, String) {
        let class = self
            .model_ranges
            .iter()
            .filter(|(start, end, _)| *start <= at && at < *end)
            .max_by_key(|(start, _, _)| *start)
            .map(|&(_, _, i)| self.facts.models[i].class.clone());
        if let Some(class) = class {
            return (class.to_string(), String::new(), String::new());
        }
        let table = self
            .table_calls
            .iter()
            .filter(|(start, end, _)| *start <= at && at < *end)
            .max_by_key(|(start, _, _)| *start)
            .map(|(_, _, name)| name.clone())
            .unwrap_or_default();
        (String::new(), table, String::new())
    }

    fn finish_meta(mut self) -> StateFacts {
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
                "db_table" => model.table = Some(value.trim_matches(['"', '\'']).into()),
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
