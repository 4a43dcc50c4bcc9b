//! Shared globals and tables: exact results on `testdata/state` (forms and
//! negatives, see its EXPECTED.md) and on the demo.

use std::path::Path;

use seam::config::AuditConfig;
use seam::report::Report;

fn audit(case: &str) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(case);
    let mut config = AuditConfig::new(&root).unwrap();
    config.history = None;
    seam::audit(&config, case, &seam::Silent).unwrap()
}

/// `id: writers | readers` per global.
fn globals(report: &Report) -> Vec<String> {
    report
        .globals
        .iter()
        .map(|g| {
            format!(
                "{}: {} | {}",
                g.id,
                g.writers.join(","),
                g.readers.join(",")
            )
        })
        .collect()
}

/// `name [models]: writers | readers` per table.
fn tables(report: &Report) -> Vec<String> {
    report
        .tables
        .iter()
        .map(|t| {
            format!(
                "{} [{}]: {} | {}",
                t.name,
                t.models.join(","),
                t.writers.join(","),
                t.readers.join(",")
            )
        })
        .collect()
}

#[test]
fn forms_and_negatives() {
    let report = audit("state");
    assert_eq!(
        globals(&report),
        vec!["global:state/registry.py:REGISTRY: state/mod_user.py,state/user.py | state/user.py"]
    );
    assert_eq!(
        tables(&report),
        vec![
            "blog_post [blog/models.py:Post]:  | blog/views.py",
            "tags [blog/models.py:Tag]: blog/views.py | ",
            "blog_article [blog/models.py:Article]:  | ",
        ]
    );
    let kinds: Vec<(&str, &str, &str, u32)> = report
        .edges
        .iter()
        .filter(|e| e.kind.ends_with("_global") || e.kind == "uses_table")
        .map(|e| (e.from.as_str(), e.kind.as_str(), e.to.as_str(), e.line))
        .collect();
    assert!(kinds.contains(&(
        "state/user.py",
        "writes_global",
        "global:state/registry.py:REGISTRY",
        3
    )));
    assert!(kinds.contains(&(
        "state/mod_user.py",
        "writes_global",
        "global:state/registry.py:REGISTRY",
        5
    )));
    assert!(kinds.contains(&("blog/views.py", "uses_table", "table:tags", 8)));
    assert!(!kinds.iter().any(|k| k.0 == "state/shadow.py"), "{kinds:?}");
}

#[test]
fn the_demo_globals_and_tables() {
    let report = audit("demo");
    assert_eq!(
        globals(&report),
        vec![
            "global:backend/shop/extensions.py:db:  | backend/shop/app.py,backend/shop/models/catalog.py,backend/shop/models/inventory.py,backend/shop/models/orders.py,backend/shop/models/users.py,backend/shop/services/inventory.py,backend/shop/services/orders.py,backend/shop/views/account.py,backend/shop/views/admin.py,backend/shop/views/catalog.py,backend/shop/views/orders.py,backend/tests/conftest.py",
            "global:window.SHOP_STATE: frontend/legacy/orders.js,frontend/legacy/state.js,frontend/legacy/stock.js | frontend/legacy/state.js",
            "global:backend/shop/services/notifications.py:_listeners: backend/shop/services/notifications.py,backend/shop/views/admin.py | ",
            "global:backend/shop/extensions.py:cache: backend/shop/views/catalog.py | backend/shop/views/catalog.py",
            "global:backend/shop/services/notifications.py:HANDLERS: backend/shop/services/payments.py | ",
            "global:backend/shop/extensions.py:redis_client:  | backend/shop/views/cart.py",
        ]
    );
    assert_eq!(
        tables(&report),
        vec![
            "orders [backend/shop/models/orders.py:Order]: backend/shop/services/orders.py | backend/shop/services/orders.py,backend/shop/views/admin.py,backend/shop/views/orders.py,backend/tests/test_orders.py",
            "inventory [backend/shop/models/inventory.py:StockLevel]: backend/shop/services/inventory.py | backend/shop/services/inventory.py,backend/shop/views/admin.py",
            "categories [backend/shop/models/catalog.py:Category]:  | backend/shop/views/catalog.py",
            "order_items [backend/shop/models/orders.py:OrderItem]: backend/shop/services/orders.py | ",
            "products [backend/shop/models/catalog.py:Product]:  | backend/shop/views/catalog.py",
            "users [backend/shop/models/users.py:User]:  | backend/shop/views/account.py",
            "order_tags []:  | ",
        ]
    );
}
