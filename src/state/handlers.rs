//! Route handlers that query tables in their own body — business logic in
//! the presentation layer, listed as extraction work. A table use belongs to
//! a handler when it sits in the handler's function (or a function nested in
//! it), or, for a method handler, in its class body (`queryset = …`).

use std::collections::BTreeMap;

use super::Table;
use crate::endpoints::Route;

/// One handler and the tables its body touches.
#[derive(Debug, Clone, PartialEq)]
pub struct HandlerQueries {
    /// Route ids the handler serves, sorted.
    pub routes: Vec<String>,
    /// `module:function` or `module:Class.method`.
    pub handler: String,
    pub file: String,
    /// (table, write, line, text), in file order.
    pub uses: Vec<(String, bool, u32, String)>,
}

/// Whether a use in `scope` runs as part of handler `qualified`.
fn belongs(scope: &str, qualified: &str) -> bool {
    !scope.is_empty()
        && (scope == qualified
            || scope
                .strip_prefix(qualified)
                .is_some_and(|rest| rest.starts_with('.'))
            || qualified
                .strip_prefix(scope)
                .is_some_and(|rest| rest.starts_with('.') && !rest[1..].contains('.')))
}

pub fn find(tables: &[Table], routes: &[Route]) -> Vec<HandlerQueries> {
    // Handler → the routes it serves (one view often serves several).
    let mut handlers: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for r in routes {
        if !r.handler_file.is_empty() && r.handler.contains(':') {
            handlers
                .entry((r.handler_file.as_str(), r.handler.as_str()))
                .or_default()
                .push(r.id.clone());
        }
    }
    // Table touches by file, so each handler looks only at its own file's.
    let mut by_file: BTreeMap<&str, Vec<(&str, &super::Touch)>> = BTreeMap::new();
    for t in tables {
        for touch in &t.touches {
            by_file
                .entry(touch.file.as_str())
                .or_default()
                .push((t.name.as_str(), touch));
        }
    }
    let mut out = Vec::new();
    for ((file, handler), mut ids) in handlers {
        let qualified = handler.split_once(':').map_or("", |(_, q)| q);
        let mut uses: Vec<(String, bool, u32, String)> = by_file
            .get(file)
            .into_iter()
            .flatten()
            .filter(|(_, t)| belongs(&t.scope, qualified))
            .map(|(table, t)| (table.to_string(), t.write, t.line, t.text.clone()))
            .collect();
        if uses.is_empty() {
            continue;
        }
        uses.sort_by(|a, b| (a.2, &a.0, a.1).cmp(&(b.2, &b.0, b.1)));
        uses.dedup();
        ids.sort();
        ids.dedup();
        out.push(HandlerQueries {
            routes: ids,
            handler: handler.to_string(),
            file: file.to_string(),
            uses,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::belongs;

    #[test]
    fn uses_belong_to_the_handler_its_nested_functions_and_its_class_body() {
        assert!(belongs("order_detail", "order_detail"));
        assert!(belongs("order_detail.load", "order_detail"));
        assert!(belongs("OrderView", "OrderView.get"));
        assert!(!belongs("OrderView.post", "OrderView.get"));
        assert!(!belongs("order_detail_json", "order_detail"));
        assert!(!belongs("", "order_detail"));
        assert!(!belongs("Outer", "Outer.Inner.get"));
    }
}
