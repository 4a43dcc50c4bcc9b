//! Database tables: models mapped to tables, relations between them, and
//! every use (queries, writes, related managers, `select_related` paths,
//! saves of model instances, raw SQL) joined to the table it reaches.

use std::collections::{BTreeMap, BTreeSet};

use compact_str::CompactString;
use rayon::prelude::*;

use super::classes::{Hierarchy, Key};
use super::{Table, Touch};
use crate::extract::FileFacts;
use crate::extract::state::{Relation, USER_MODEL};
use crate::resolve::{Resolution, Target};

/// Django's default table name: `<app label>_<model name in lower case>`,
/// the app being the folder that holds `models.py` or the `models/` package.
fn django_table(path: &str, class: &str) -> String {
    format!("{}_{}", app_label(path), class.to_lowercase())
}

/// Model classes and the tables they map to, with what is needed to pick
/// one when several files define a class of the same name.
struct Models<'a> {
    table_of_class: BTreeMap<&'a str, Vec<(&'a str, String)>>,
    imported: &'a BTreeMap<&'a str, BTreeSet<&'a str>>,
    /// The table of the project's user model ([`USER_MODEL`]).
    user: Option<String>,
}

impl Models<'_> {
    /// The table of model `class` as seen from `file`: the only model of
    /// that name, else the one the file defines or imports.
    fn table(&self, class: &str, file: &str) -> Option<String> {
        if class == USER_MODEL {
            return self.user.clone();
        }
        let candidates = self.table_of_class.get(class)?;
        if let [(_, table)] = candidates.as_slice() {
            return Some(table.clone());
        }
        let seen = self.imported.get(file);
        candidates
            .iter()
            .find(|(p, _)| *p == file || seen.is_some_and(|s| s.contains(p)))
            .map(|(_, t)| t.clone())
    }
}

/// The model Django's `AUTH_USER_MODEL` setting names (`"accounts.User"`,
/// a module-level string in any Python file), else `auth.User`, the
/// default. Read from the web facts' bindings before they are freed: it is
/// the only thing this stage needs of them.
pub fn user_model_setting(facts: &[FileFacts]) -> CompactString {
    facts
        .iter()
        .filter(|f| f.language == crate::discover::Language::Python)
        .flat_map(|f| &f.web.bindings)
        .find_map(|b| match (&b.value, b.scope) {
            (crate::facts::web::Expr::Str(s), None) if b.name == USER_MODEL => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "auth.User".into())
}

/// The table of the user model `setting` names: the project's model of
/// that name and app when there is one, else Django's own table for it.
fn user_model_table(setting: &str, models: &Models) -> String {
    let (app, class) = setting.rsplit_once('.').unwrap_or(("", setting));
    let candidates = models.table_of_class.get(class);
    let in_app = candidates.and_then(|c| {
        c.iter()
            .find(|(path, _)| app_label(path) == app)
            .or_else(|| (c.len() == 1).then(|| &c[0]))
    });
    match in_app {
        Some((_, table)) => table.clone(),
        None => format!("{}_{}", app.to_lowercase(), class.to_lowercase()),
    }
}

/// What a related-manager accessor (`user.subscription_set`,
/// `realm.streams`) manages: the rows' table and, for many-to-many, the
/// join table; `fk` when the accessor is the reverse of a foreign key
/// (`add`/`remove` then rewrite the rows' foreign key).
#[derive(Clone, PartialEq)]
struct Accessor {
    table: String,
    through: Option<String>,
}

/// Manager methods that write the rows they manage.
const WRITES_ROWS: &[&str] = &[
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "update",
    "delete",
];
/// Manager methods that change membership: the join table of a
/// many-to-many, the rows' foreign key otherwise.
const WRITES_LINKS: &[&str] = &["add", "remove", "clear", "set"];

pub(super) fn tables(facts: &[FileFacts], resolution: &Resolution, user_model: &str) -> Vec<Table> {
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    let new_table = |name: &str| Table {
        id: format!("table:{name}"),
        name: name.to_string(),
        models: Vec::new(),
        touches: Vec::new(),
        references: Vec::new(),
    };
    let mut imported: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for import in resolution.imports() {
        if let Target::Module { path } = &import.target {
            imported
                .entry(import.from(facts))
                .or_default()
                .insert(path.as_str());
        }
    }
    let hierarchy = Hierarchy::new(facts, &imported);
    let mut models = Models {
        table_of_class: BTreeMap::new(),
        imported: &imported,
        user: None,
    };
    for f in facts {
        for m in f.state.models.iter().filter(|m| !m.no_table) {
            let is_django = hierarchy
                .django
                .contains(&(f.path.as_str(), m.class.as_str()));
            let name = match (&m.table, is_django) {
                (Some(t), _) => t.to_string(),
                (None, true) => django_table(&f.path, &m.class),
                (None, false) => continue,
            };
            tables
                .entry(name.clone())
                .or_insert_with(|| new_table(&name))
                .models
                .push(format!("{}:{}", f.path, m.class));
            models
                .table_of_class
                .entry(&m.class)
                .or_default()
                .push((&f.path, name));
        }
        for (name, _) in &f.state.tables {
            tables
                .entry(name.to_string())
                .or_insert_with(|| new_table(name));
        }
    }
    models.user = Some(user_model_table(user_model, &models));
    let accessors = relations(facts, &models, &hierarchy, &mut tables, new_table);
    let fields = forward_fields(facts, &hierarchy);
    // Each file's uses resolve on their own (the model and class lookups are
    // read-only): in parallel, then added in file order. The touches are
    // sorted below, so the result does not depend on the thread count.
    let touched: Vec<Vec<(String, Touch)>> = facts
        .par_iter()
        .map(|f| file_touches(f, &models, &hierarchy, &accessors, &fields))
        .collect();
    for (table, touch) in touched.into_iter().flatten() {
        tables
            .entry(table.clone())
            .or_insert_with(|| new_table(&table))
            .touches
            .push(touch);
    }
    let tables: Vec<Table> = tables.into_values().collect();
    tables
        .into_par_iter()
        .map(|mut t| {
            // `Tag.objects.create(…)` also matches as a read of `Tag.objects`.
            let writes: BTreeSet<(String, u32)> = t
                .touches
                .iter()
                .filter(|x| x.write)
                .map(|x| (x.file.clone(), x.line))
                .collect();
            t.touches
                .retain(|x| x.write || !writes.contains(&(x.file.clone(), x.line)));
            t.touches.sort();
            t.touches.dedup();
            t.models.sort();
            t.references.sort();
            t.references.dedup();
            t
        })
        .collect()
}

/// The tables one file's uses, related managers and `select_related`
/// paths touch, each with the touch.
fn file_touches(
    f: &FileFacts,
    models: &Models,
    hierarchy: &Hierarchy,
    accessors: &BTreeMap<String, Option<Accessor>>,
    fields: &Fields,
) -> Vec<(String, Touch)> {
    let mut out = Vec::new();
    let mut touch = |table: &str, line: u32, text: &str, write: bool, scope: &str| {
        out.push((
            table.to_string(),
            Touch {
                file: f.path.clone(),
                line,
                text: text.to_string(),
                write,
                scope: scope.to_string(),
            },
        ));
    };
    for u in &f.state.uses {
        // Django writes a changed instance only on `save()`.
        let django = |name: &str| {
            hierarchy
                .resolve(&f.path, name)
                .is_some_and(|k| hierarchy.django.contains(&k))
        };
        if u.tracked && django(&u.name) {
            continue;
        }
        let table = if u.raw_sql {
            Some(u.name.to_string())
        } else {
            // The class the name is bound to in this file (defined,
            // imported); in a migration, the model `get_model` names.
            let alias = f.state.model_aliases.iter().find(|(l, _)| *l == u.name);
            match (alias, u.name.rsplit_once('.')) {
                (Some((_, model)), _) => models.table(model, &f.path),
                // `shop.models.Order`: qualified, so looked up by name.
                (None, Some((_, last))) => models.table(last, &f.path),
                (None, None) => hierarchy
                    .resolve(&f.path, &u.name)
                    .and_then(|(p, c)| models.table(c, p)),
            }
        };
        if let Some(table) = table {
            touch(&table, u.line, &u.text, u.write, &u.scope);
        }
    }
    for r in &f.state.related {
        let Some(a) = accessors.get(r.accessor.as_str()).and_then(Option::as_ref) else {
            continue;
        };
        let method = r.method.as_str();
        let rows_written = WRITES_ROWS.contains(&method);
        let links_written = WRITES_LINKS.contains(&method);
        // Reading a many-to-many joins its table; `add` writes only the
        // join table, `create` the rows and the join.
        let rows = !links_written || a.through.is_none();
        if rows {
            touch(
                &a.table,
                r.line,
                &r.text,
                rows_written || links_written,
                &r.scope,
            );
        }
        if let Some(through) = &a.through {
            touch(
                through,
                r.line,
                &r.text,
                rows_written || links_written,
                &r.scope,
            );
        }
    }
    for s in &f.state.select_related {
        let mut class = hierarchy.resolve(&f.path, &s.model);
        for segment in s.path.split("__") {
            let Some(key) = class else {
                break;
            };
            let Some((target, file)) = field_target(fields, hierarchy, key, segment) else {
                break;
            };
            if let Some(table) = models.table(target, file) {
                touch(&table, s.line, &s.text, false, &s.scope);
            }
            class = hierarchy.resolve(file, target);
        }
    }
    out
}

/// Resolves every relation to the tables it joins, adds Django's implicit
/// many-to-many join tables, records each table's references, and returns
/// the related-manager accessors (`None` for a name two relations share).
fn relations(
    facts: &[FileFacts],
    models: &Models,
    hierarchy: &Hierarchy,
    tables: &mut BTreeMap<String, Table>,
    new_table: impl Fn(&str) -> Table,
) -> BTreeMap<String, Option<Accessor>> {
    let mut accessors: BTreeMap<String, Option<Accessor>> = BTreeMap::new();
    let mut offer = |name: String, accessor: Accessor| {
        accessors
            .entry(name)
            .and_modify(|seen| {
                if seen.as_ref() != Some(&accessor) {
                    *seen = None;
                }
            })
            .or_insert(Some(accessor));
    };
    // Fields of an abstract model belong to each concrete model below it:
    // (relation's file, class declaring it, owner's file, relation).
    let mut expanded: Vec<(&str, &str, &str, Relation)> = Vec::new();
    for f in facts {
        for r in &f.state.relations {
            if r.class.is_empty() || models.table(&r.class, &f.path).is_some() {
                expanded.push((&f.path, &r.class, &f.path, r.clone()));
                continue;
            }
            for (path, child) in hierarchy.descendants((&f.path, &r.class)) {
                let mut concrete = r.clone();
                concrete.related_name = r.related_name.as_ref().map(|n| {
                    n.replace("%(class)s", &child.to_lowercase())
                        .replace("%(app_label)s", app_label(path))
                        .into()
                });
                concrete.class = child.into();
                expanded.push((&f.path, &r.class, path, concrete));
            }
        }
    }
    for (f_path, declared_on, owner_file, r) in &expanded {
        let owner = if r.class.is_empty() {
            Some(r.table.to_string()).filter(|t| !t.is_empty())
        } else {
            models.table(&r.class, owner_file)
        };
        let target = if r.kind == "column" {
            Some(r.target.to_string())
        } else {
            models.table(&r.target, f_path)
        };
        let (Some(owner), Some(target)) = (owner, target) else {
            continue;
        };
        let via = if r.class.is_empty() {
            format!("{f_path}:{owner}")
        } else if r.field.is_empty() {
            format!("{f_path}:{declared_on}")
        } else {
            format!("{f_path}:{declared_on}.{}", r.field)
        };
        let through = match (r.kind.as_str(), &r.through) {
            ("many_to_many", Some(class)) => models.table(class, f_path),
            ("many_to_many", None) => Some(r.db_table.as_ref().map_or_else(
                || format!("{owner}_{}", r.field.to_lowercase()),
                |t| t.to_string(),
            )),
            ("relationship", Some(table)) => Some(table.to_string()),
            _ => None,
        };
        let reference = super::Reference {
            table: target.clone(),
            kind: r.kind.to_string(),
            via: via.clone(),
            line: r.line,
        };
        tables
            .entry(owner.clone())
            .or_insert_with(|| new_table(&owner))
            .references
            .push(reference);
        if let Some(join) = &through {
            let entry = tables
                .entry(join.clone())
                .or_insert_with(|| new_table(join));
            for side in [&owner, &target] {
                entry.references.push(super::Reference {
                    table: side.clone(),
                    kind: r.kind.to_string(),
                    via: via.clone(),
                    line: r.line,
                });
            }
        }
        if r.kind == "column" || r.class.is_empty() {
            continue;
        }
        // Forward: `user.groups.add(g)`, SQLAlchemy `user.orders.filter(…)`.
        if matches!(r.kind.as_str(), "many_to_many" | "relationship") {
            offer(
                r.field.to_string(),
                Accessor {
                    table: target.clone(),
                    through: through.clone(),
                },
            );
        }
        if r.kind == "relationship" {
            continue;
        }
        // Reverse: `related_name`, or Django's `<model>_set`.
        let reverse = match &r.related_name {
            Some(name) if name.ends_with('+') => None,
            Some(name) => Some(name.to_string()),
            None if r.kind == "one_to_one" => None,
            None => Some(format!("{}_set", r.class.to_lowercase())),
        };
        if let Some(name) = reverse {
            offer(
                name,
                Accessor {
                    table: owner.clone(),
                    through,
                },
            );
        }
    }
    accessors
}

/// Django's app label: the folder holding `models.py` or `models/`.
fn app_label(path: &str) -> &str {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.iter().rposition(|p| *p == "models") {
        Some(i) if i > 0 => parts[i - 1],
        _ => parts.len().checked_sub(2).map_or("", |i| parts[i]),
    }
}

/// A field of a class: the class name it points to and the file the
/// relation is declared in (where that name is looked up).
type Fields<'a> = BTreeMap<Key<'a>, BTreeMap<&'a str, (&'a str, &'a str)>>;

/// class → field → target, for following `select_related` paths.
fn forward_fields<'a>(facts: &'a [FileFacts], hierarchy: &Hierarchy<'a>) -> Fields<'a> {
    let mut fields: Fields = BTreeMap::new();
    for f in facts {
        for r in &f.state.relations {
            if r.class.is_empty() || r.kind == "column" {
                continue;
            }
            if let Some(key) = hierarchy.resolve(&f.path, &r.class) {
                fields
                    .entry(key)
                    .or_default()
                    .insert(&r.field, (&r.target, &f.path));
            }
        }
    }
    fields
}

/// What a field of `class` (or of one of its bases) points to.
fn field_target<'a>(
    fields: &Fields<'a>,
    hierarchy: &Hierarchy<'a>,
    class: Key<'a>,
    field: &str,
) -> Option<(&'a str, &'a str)> {
    // Inheritance graphs are small; the bound guards against a cycle.
    let mut queue = vec![class];
    for _ in 0..64 {
        let at = queue.pop()?;
        if let Some(target) = fields.get(&at).and_then(|f| f.get(field)) {
            return Some(*target);
        }
        queue.extend(hierarchy.bases.get(&at).into_iter().flatten().rev());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn django_default_table_names() {
        assert_eq!(
            django_table("zerver/models.py", "UserProfile"),
            "zerver_userprofile"
        );
        assert_eq!(
            django_table("zerver/models/realms.py", "Realm"),
            "zerver_realm"
        );
        assert_eq!(
            django_table("apps/shop/models/__init__.py", "Order"),
            "shop_order"
        );
    }
}
