//! SQL in string literals: which tables a statement reads and writes, read by
//! a real SQL parser (sqlparser), never by pattern matching.

use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, FromTable, InTarget, ObjectName, Query, SetExpr, Statement, TableFactor, TableObject,
    TableWithJoins, visit_expressions, visit_statements,
};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;

/// Tables read and written by the SQL, or `None` when it does not parse.
pub fn tables(sql: &str) -> Option<(Vec<String>, Vec<String>)> {
    let statements = Parser::parse_sql(&GenericDialect {}, &placeholders(sql)).ok()?;
    let (mut reads, mut writes) = (Vec::new(), Vec::new());
    for statement in &statements {
        match statement {
            Statement::Query(q) => query(q, &mut reads),
            Statement::Insert(insert) => {
                if let TableObject::TableName(name) = &insert.table {
                    writes.push(table_name(name));
                }
                if let Some(source) = &insert.source {
                    query(source, &mut reads);
                }
            }
            Statement::Update(update) => {
                relation(&update.table.relation, &mut writes);
                for join in &update.table.joins {
                    relation(&join.relation, &mut reads);
                }
            }
            Statement::Delete(delete) => {
                let from = match &delete.from {
                    FromTable::WithFromKeyword(t) | FromTable::WithoutKeyword(t) => t,
                };
                for t in from {
                    relation(&t.relation, &mut writes);
                }
            }
            _ => {}
        }
    }
    // Sub-selects inside expressions: `WHERE id IN (SELECT … FROM payments)`,
    // `EXISTS (…)`, a scalar `(SELECT …)` in a SET or a column.
    for statement in &statements {
        let _ = visit_expressions(statement, |e| {
            match e {
                Expr::Subquery(q) | Expr::Exists { subquery: q, .. } => query(q, &mut reads),
                Expr::In {
                    target: InTarget::Subquery(q),
                    ..
                } => query(q, &mut reads),
                _ => {}
            }
            ControlFlow::<()>::Continue(())
        });
    }
    // A CTE's name (`WITH recent AS (…)`) is no table.
    let mut ctes = Vec::new();
    for statement in &statements {
        let _ = visit_statements(statement, |s| {
            if let Statement::Query(q) = s {
                cte_names(q, &mut ctes);
            }
            ControlFlow::<()>::Continue(())
        });
        if let Statement::Insert(insert) = statement
            && let Some(source) = &insert.source
        {
            cte_names(source, &mut ctes);
        }
    }
    reads.retain(|r| !ctes.contains(r));
    reads.sort();
    reads.dedup();
    writes.sort();
    writes.dedup();
    Some((reads, writes))
}

/// Bind parameters as drivers write them (`:name`, `%s`, `%(name)s`, and
/// format fields `{}`) become `?`, which every dialect accepts.
fn placeholders(sql: &str) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == ':' && next == Some(':') {
            out.push_str("::");
            i += 2;
        } else if c == ':' && next.is_some_and(|n| n.is_alphabetic() || n == '_') {
            out.push('?');
            i += 1;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
        } else if c == '{' {
            // psycopg2 `SQL("… {} …").format(…)`, `str.format` fields.
            out.push('?');
            while i < chars.len() && chars[i] != '}' {
                i += 1;
            }
            i += 1;
        } else if c == '%' && next == Some('s') {
            out.push('?');
            i += 2;
        } else if c == '%' && next == Some('(') {
            out.push('?');
            while i < chars.len() && chars[i] != ')' {
                i += 1;
            }
            i += 2;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn table_name(name: &ObjectName) -> String {
    // `public.orders` → `orders`; quotes are not part of the name.
    name.0
        .last()
        .map(|part| {
            part.to_string()
                .trim_matches(|c| c == '"' || c == '`')
                .to_string()
        })
        .unwrap_or_default()
}

/// PostgreSQL, MySQL and SQLite system catalogs (`pg_database`,
/// `information_schema.tables`, `sqlite_master`).
fn catalog(name: &ObjectName) -> bool {
    let full = name
        .to_string()
        .to_ascii_lowercase()
        .replace(['"', '`'], "");
    let last = table_name(name).to_ascii_lowercase();
    full.starts_with("information_schema.")
        || full.starts_with("pg_catalog.")
        || last.starts_with("pg_")
        || last.starts_with("sqlite_")
}

fn cte_names(q: &Query, out: &mut Vec<String>) {
    if let Some(with) = &q.with {
        for cte in &with.cte_tables {
            out.push(cte.alias.name.value.clone());
            cte_names(&cte.query, out);
        }
    }
}

fn query(q: &Query, reads: &mut Vec<String>) {
    if let Some(with) = &q.with {
        for cte in &with.cte_tables {
            query(&cte.query, reads);
        }
    }
    set_expr(&q.body, reads);
}

fn set_expr(body: &SetExpr, reads: &mut Vec<String>) {
    match body {
        SetExpr::Select(select) => {
            for t in &select.from {
                with_joins(t, reads);
            }
        }
        SetExpr::Query(q) => query(q, reads),
        SetExpr::SetOperation { left, right, .. } => {
            set_expr(left, reads);
            set_expr(right, reads);
        }
        _ => {}
    }
}

fn with_joins(t: &TableWithJoins, out: &mut Vec<String>) {
    relation(&t.relation, out);
    for join in &t.joins {
        relation(&join.relation, out);
    }
}

fn relation(factor: &TableFactor, out: &mut Vec<String>) {
    match factor {
        // `generate_series(1, 10)` is a function, not a table; the
        // database's own catalogs are not the application's tables.
        TableFactor::Table { name, args, .. } if args.is_none() && !catalog(name) => {
            // `FROM ?`: a value seam could not read stood where the table is.
            let table = table_name(name);
            if table.starts_with(|c: char| c.is_alphabetic() || c == '_')
                && table
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
            {
                out.push(table)
            }
        }
        TableFactor::Derived { subquery, .. } => query(subquery, out),
        TableFactor::NestedJoin {
            table_with_joins, ..
        } => with_joins(table_with_joins, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(sql: &str) -> (Vec<String>, Vec<String>) {
        tables(sql).unwrap_or_else(|| panic!("{sql} parses"))
    }

    #[test]
    fn reads_and_writes_are_told_apart() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            t(
                "SELECT id, status FROM orders WHERE user_id = :uid ORDER BY placed_at DESC LIMIT :n"
            ),
            (s(&["orders"]), s(&[]))
        );
        assert_eq!(
            t("UPDATE inventory SET reserved = reserved - :q WHERE product_id = :p"),
            (s(&[]), s(&["inventory"]))
        );
        assert_eq!(
            t("INSERT INTO audit_log (a) SELECT a FROM public.events e JOIN users u ON u.id = e.u"),
            (s(&["events", "users"]), s(&["audit_log"]))
        );
        assert_eq!(
            t("DELETE FROM sessions WHERE expires < %s"),
            (s(&[]), s(&["sessions"]))
        );
        assert_eq!(
            t("SELECT * FROM a WHERE x = %(name)s UNION SELECT * FROM b"),
            (s(&["a", "b"]), s(&[]))
        );
        assert!(tables("this is not sql").is_none());
        assert_eq!(
            t("DELETE FROM sessions WHERE id = {} AND {x} = 1"),
            (s(&[]), s(&["sessions"]))
        );
        // A table name seam cannot read is no table.
        assert!(tables("SELECT * FROM {}").is_none_or(|(r, w)| r.is_empty() && w.is_empty()));
        // Sub-selects in WHERE and a CTE (its name is no table).
        assert_eq!(
            t("UPDATE invoices SET paid = 1 WHERE id IN (SELECT invoice_id FROM payments)"),
            (s(&["payments"]), s(&["invoices"]))
        );
        assert_eq!(
            t(
                "WITH recent AS (SELECT * FROM ledger) SELECT * FROM recent JOIN customers c \
               ON c.id = recent.customer_id WHERE EXISTS (SELECT 1 FROM bans)"
            ),
            (s(&["bans", "customers", "ledger"]), s(&[]))
        );
    }

    #[test]
    fn table_functions_and_system_catalogs_are_not_tables() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            t("SELECT d FROM generate_series(1, 10) AS d JOIN orders o ON o.day = d"),
            (s(&["orders"]), s(&[]))
        );
        assert_eq!(t("SELECT datname FROM pg_database"), (s(&[]), s(&[])));
        assert_eq!(
            t("SELECT `COLUMN_NAME` FROM `information_schema`.`COLUMNS`"),
            (s(&[]), s(&[]))
        );
        assert_eq!(
            t("SELECT table_name FROM information_schema.tables"),
            (s(&[]), s(&[]))
        );
    }
}
