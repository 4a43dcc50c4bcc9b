//! Shared globals and tables: exact results on `testdata/state` (forms and
//! negatives, see its EXPECTED.md) and on the demo.

use std::path::Path;

use seam::config::AuditConfig;
use seam::report::Report;

fn audit(case: &str) -> Report {
    audit_counting_tests(case, false)
}

/// `include_tests`: tests, migrations and fixtures count (`--include-tests`).
fn audit_counting_tests(case: &str, include_tests: bool) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(case);
    let mut config = AuditConfig::new(&root).unwrap();
    config.history = None;
    config.include_tests = include_tests;
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

/// `table -> referenced (kind, via)` per reference.
fn references(report: &Report) -> Vec<String> {
    report
        .tables
        .iter()
        .flat_map(|t| {
            t.references
                .iter()
                .map(move |r| format!("{} -> {} ({}, {})", t.name, r.table, r.kind, r.via))
        })
        .collect()
}

#[test]
fn forms_and_negatives() {
    let report = audit("state");
    assert_eq!(
        globals(&report),
        vec![
            "global:state/registry.py:REGISTRY: state/mod_user.py,state/user.py | state/registry.py,state/user.py",
            "global:window.counter: web/legacy/checkout.js,web/legacy/globals.js | web/legacy/badge.js",
            "global:window.cart: web/legacy/checkout.js,web/legacy/globals.js | ",
            "global:web/src/store.js:session: web/src/login.js | web/src/header.js,web/src/login.js",
        ]
    );
    assert_eq!(
        tables(&report),
        vec![
            // production users only: the data migration writing it is left out
            "blog_post [blog/models.py:Post]: blog/helpers.py,blog/models.py | blog/feeds.py,blog/views.py",
            "blog_author [blog/models.py:Author]:  | blog/feeds.py,blog/views.py",
            "blog_comment [blog/models.py:Comment]:  | blog/feeds.py,blog/views.py",
            "tags [blog/models.py:Tag]: blog/views.py | blog/views.py",
            "blog_article [blog/models.py:Article]:  | blog/views.py",
            "blog_post_tags []: blog/views.py | ",
            "blog_reader [blog/models.py:Reader]:  | ",
            "blog_session [blog/models.py:Session]:  | ",
        ]
    );
    assert_eq!(
        references(&report),
        vec![
            "blog_post -> blog_author (foreign_key, blog/models.py:Post.author)",
            "blog_post -> tags (many_to_many, blog/models.py:Post.tags)",
            "blog_comment -> blog_comment (foreign_key, blog/models.py:Comment.parent)",
            "blog_comment -> blog_post (foreign_key, blog/models.py:Comment.post)",
            "blog_article -> blog_author (foreign_key, blog/models.py:Base.editor)",
            "blog_post_tags -> blog_post (many_to_many, blog/models.py:Post.tags)",
            "blog_post_tags -> tags (many_to_many, blog/models.py:Post.tags)",
        ]
    );
    let handlers: Vec<String> = report
        .handler_queries
        .iter()
        .map(|h| {
            format!(
                "{} {}: writes {} | reads {}",
                h.handler,
                h.routes.join(","),
                h.writes.join(","),
                h.reads.join(",")
            )
        })
        .collect();
    assert_eq!(
        handlers,
        vec![
            "blog.views:post_detail route:ANY /posts/{pk}/: writes blog_post_tags | reads blog_comment,blog_post,tags",
            "blog.views:author_posts route:ANY /authors/{author_id}/posts/: writes  | reads blog_article,blog_author,blog_post",
            "blog.views:index route:ANY /: writes tags | reads blog_post",
        ]
    );
    // Each table edge with its first evidence line and the statements folded
    // into it: `rename` (an unsaved change), `widget.save()` (not a model)
    // and `post.save()` on a name bound elsewhere add nothing to helpers.py;
    // the parameter, the local and the string named REGISTRY are no reads.
    let state_edges: Vec<(String, String, String, u32, u32)> = report
        .edges
        .iter()
        .filter(|e| e.kind == "uses_table" || e.kind.ends_with("_global"))
        .map(|e| {
            (
                e.from.clone(),
                e.kind.clone(),
                e.to.clone(),
                e.line,
                e.occurrences.max(1),
            )
        })
        .collect();
    let expected: Vec<(&str, &str, &str, u32, u32)> = vec![
        ("blog/feeds.py", "uses_table", "table:blog_author", 5, 1),
        ("blog/feeds.py", "uses_table", "table:blog_comment", 5, 1),
        ("blog/feeds.py", "uses_table", "table:blog_post", 5, 1),
        ("blog/helpers.py", "uses_table", "table:blog_post", 12, 1),
        (
            "blog/migrations/0002_backfill_titles.py",
            "uses_table",
            "table:blog_post",
            7,
            1,
        ),
        ("blog/models.py", "uses_table", "table:blog_post", 26, 1),
        ("blog/views.py", "uses_table", "table:blog_article", 25, 1),
        ("blog/views.py", "uses_table", "table:blog_author", 24, 1),
        ("blog/views.py", "uses_table", "table:blog_comment", 17, 1),
        ("blog/views.py", "uses_table", "table:blog_post", 8, 3),
        ("blog/views.py", "uses_table", "table:blog_post_tags", 19, 1),
        ("blog/views.py", "uses_table", "table:tags", 9, 3),
        (
            "state/mod_user.py",
            "writes_global",
            "global:state/registry.py:REGISTRY",
            5,
            1,
        ),
        (
            "state/registry.py",
            "reads_global",
            "global:state/registry.py:REGISTRY",
            19,
            1,
        ),
        (
            "state/user.py",
            "reads_global",
            "global:state/registry.py:REGISTRY",
            1,
            1,
        ),
        (
            "state/user.py",
            "writes_global",
            "global:state/registry.py:REGISTRY",
            3,
            1,
        ),
        (
            "web/legacy/badge.js",
            "reads_global",
            "global:window.counter",
            2,
            1,
        ),
        (
            "web/legacy/checkout.js",
            "writes_global",
            "global:window.cart",
            2,
            1,
        ),
        (
            "web/legacy/checkout.js",
            "writes_global",
            "global:window.counter",
            3,
            1,
        ),
        (
            "web/legacy/globals.js",
            "writes_global",
            "global:window.cart",
            2,
            2,
        ),
        (
            "web/legacy/globals.js",
            "writes_global",
            "global:window.counter",
            9,
            1,
        ),
        (
            "web/src/header.js",
            "reads_global",
            "global:web/src/store.js:session",
            1,
            1,
        ),
        (
            "web/src/login.js",
            "reads_global",
            "global:web/src/store.js:session",
            1,
            1,
        ),
        (
            "web/src/login.js",
            "writes_global",
            "global:web/src/store.js:session",
            4,
            1,
        ),
    ];
    let expected: Vec<(String, String, String, u32, u32)> = expected
        .into_iter()
        .map(|(a, b, c, d, e)| (a.into(), b.into(), c.into(), d, e))
        .collect();
    assert_eq!(state_edges, expected);
}

#[test]
fn the_demo_globals_and_tables() {
    let report = audit("demo");
    // Production code only, ranked by writes from modules other than the
    // owner first: `db`, read everywhere and written nowhere, comes after
    // the state other modules change.
    assert_eq!(
        globals(&report),
        vec![
            "global:window.SHOP_STATE: frontend/legacy/orders.js,frontend/legacy/state.js,frontend/legacy/stock.js | frontend/legacy/state.js",
            "global:backend/shop/services/notifications.py:_listeners: backend/shop/services/notifications.py,backend/shop/views/admin.py | backend/shop/services/notifications.py",
            "global:backend/shop/extensions.py:cache: backend/shop/views/catalog.py | backend/shop/views/catalog.py",
            "global:backend/shop/services/notifications.py:HANDLERS: backend/shop/services/payments.py | backend/shop/services/notifications.py",
            "global:backend/shop/extensions.py:db:  | backend/shop/app.py,backend/shop/models/catalog.py,backend/shop/models/inventory.py,backend/shop/models/orders.py,backend/shop/models/users.py,backend/shop/services/inventory.py,backend/shop/services/orders.py,backend/shop/views/account.py,backend/shop/views/admin.py,backend/shop/views/catalog.py,backend/shop/views/orders.py",
            "global:backend/shop/extensions.py:redis_client:  | backend/shop/views/cart.py",
        ]
    );
    // With --include-tests the test fixture reading `db` is back.
    let with_tests = audit_counting_tests("demo", true);
    assert!(
        globals(&with_tests)
            .iter()
            .any(|g| g.starts_with("global:backend/shop/extensions.py:db:")
                && g.ends_with(",backend/tests/conftest.py"))
    );
    assert!(
        tables(&with_tests)
            .iter()
            .any(|t| t.contains("backend/tests/test_orders.py"))
    );
    let state = audit_counting_tests("state", true);
    assert!(
        tables(&state)
            .iter()
            .any(|t| t.contains("blog/migrations/0002_backfill_titles.py"))
    );
    assert_eq!(
        tables(&report),
        vec![
            "inventory [backend/shop/models/inventory.py:StockLevel]: backend/shop/services/inventory.py,backend/shop/views/admin.py | backend/shop/services/inventory.py,backend/shop/views/admin.py",
            "orders [backend/shop/models/orders.py:Order]: backend/shop/services/orders.py | backend/shop/services/orders.py,backend/shop/views/admin.py,backend/shop/views/orders.py",
            "users [backend/shop/models/users.py:User]: backend/shop/views/account.py | backend/shop/views/account.py",
            "categories [backend/shop/models/catalog.py:Category]:  | backend/shop/views/catalog.py",
            "order_items [backend/shop/models/orders.py:OrderItem]: backend/shop/services/orders.py | ",
            "products [backend/shop/models/catalog.py:Product]:  | backend/shop/views/catalog.py",
            "order_tags []:  | ",
        ]
    );
    // SQLAlchemy change tracking: `user.name = …` on an instance loaded in
    // the same view, flushed by `db.session.commit()`.
    let writes: Vec<(&str, &str)> = report
        .handler_queries
        .iter()
        .filter(|h| !h.writes.is_empty())
        .map(|h| (h.handler.as_str(), h.writes[0].as_str()))
        .collect();
    assert_eq!(
        writes,
        vec![
            ("shop.views.account:update_profile", "users"),
            ("shop.views.admin:StockView.put", "inventory"),
        ]
    );
    assert_eq!(report.handler_queries.len(), 10);
}

/// Hidden bridges (testdata/bridges, see its EXPECTED.md): raw SQL that
/// travels through variables, the user model behind `AUTH_USER_MODEL` and
/// `get_user_model()`, scalars rebound through `global` and imported by
/// value; with the negatives (prose, a table name from a parameter, a
/// `global` only read).
#[test]
fn hidden_bridges() {
    let report = audit("bridges");
    assert_eq!(
        tables(&report),
        vec![
            "invoices_invoice [billing/invoices/models.py:Invoice]: billing/invoices/sql.py | billing/invoices/sql.py",
            "accounts_account [billing/accounts/models.py:Account]:  | billing/accounts/users.py",
            "customers []:  | billing/invoices/sql.py",
            "invoice_archive []: billing/invoices/sql.py | ",
            "ledger []:  | billing/invoices/sql.py",
            "payments []:  | billing/invoices/sql.py",
            "invoices_note [billing/invoices/models.py:Note]:  | ",
        ]
    );
    assert_eq!(
        references(&report),
        vec![
            "invoices_invoice -> accounts_account (foreign_key, billing/invoices/models.py:Invoice.owner)",
            "invoices_note -> accounts_account (foreign_key, billing/invoices/models.py:Note.author)",
            "invoices_note -> invoices_invoice (foreign_key, billing/invoices/models.py:Note.invoice)",
        ]
    );
    assert_eq!(
        globals(&report),
        vec![
            "global:billing/counters.py:hits: billing/counters.py | billing/dashboard.py",
            "global:billing/counters.py:last_error: billing/counters.py | billing/dashboard.py",
        ]
    );
    let stale: Vec<(&str, &[String])> = report
        .globals
        .iter()
        .map(|g| (g.name.as_str(), g.stale_copies.as_slice()))
        .collect();
    assert_eq!(
        stale,
        vec![
            ("hits", &["billing/dashboard.py".to_string()][..]),
            ("last_error", &[][..]),
        ]
    );
    // The project's `alembic/` migrations folder (no `__init__.py`) does not
    // shadow the installed `alembic` it imports from.
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.kind != seam::diagnostic::DiagnosticKind::UnresolvedImport),
        "{:?}",
        report.diagnostics
    );
    assert!(
        report.edges.iter().any(|e| e.from == "alembic/env.py"
            && e.to == "ext:python:alembic"
            && e.kind == "import")
    );
}

/// The HTML shows a stale copy where it is: beside the reader that imported
/// the rebound value.
#[test]
fn stale_copies_are_flagged_in_the_html() {
    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/bridges");
    assert_cmd::Command::cargo_bin("seam")
        .unwrap()
        .args(["audit", "--no-history", "--no-cache", "--quiet", "--out"])
        .arg(out.path())
        .arg(&root)
        .assert()
        .success();
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    let row = html
        .lines()
        .find(|l| l.contains("<code>hits</code>"))
        .expect("hits is a shared global");
    assert!(
        row.contains("billing/dashboard.py</code> <span class=\"badge warn\""),
        "{row}"
    );
    let other = html
        .lines()
        .find(|l| l.contains("<code>last_error</code>"))
        .expect("last_error is a shared global");
    assert!(!other.contains("stale copy"), "{other}");
}
