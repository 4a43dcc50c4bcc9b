//! Routes, requests and links on the fixtures in `testdata/endpoints/`
//! (each has an EXPECTED.md saying what it exercises). Every assertion is on
//! the exact set, so a missing or extra route, request or link fails.

use std::collections::BTreeSet;
use std::path::Path;

use seam::config::AuditConfig;
use seam::report::Report;

fn audit_with(case: &str, tweak: impl FnOnce(&mut AuditConfig)) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/endpoints")
        .join(case);
    let mut config = AuditConfig::new(&root).expect("fixture exists");
    tweak(&mut config);
    seam::audit(&config, case, &seam::Silent).expect("audit runs")
}

fn audit(case: &str) -> Report {
    audit_with(case, |_| {})
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// `METHOD path handler [name]`
fn routes(r: &Report) -> BTreeSet<String> {
    r.routes
        .iter()
        .map(|x| {
            let name = x
                .name
                .as_deref()
                .map(|n| format!(" [{n}]"))
                .unwrap_or_default();
            format!("{} {} {}{name}", x.method, x.path, x.handler)
        })
        .collect()
}

/// `file:line METHOD path via` (+ ` wrapper=…`, ` name=…`, ` unlinked=…`)
fn requests(r: &Report) -> BTreeSet<String> {
    r.requests
        .iter()
        .map(|x| {
            let mut s = format!("{}:{} {} {} {}", x.file, x.line, x.method, x.path, x.via);
            if let Some(w) = &x.wrapper {
                s.push_str(&format!(" wrapper={w}"));
            }
            if let Some(n) = &x.route_name {
                s.push_str(&format!(" name={n}"));
            }
            if let Some(u) = &x.unlinked {
                s.push_str(&format!(" unlinked={u}"));
            }
            s
        })
        .collect()
}

/// `file:line → route id (confidence)`
fn links(r: &Report) -> BTreeSet<String> {
    r.links
        .iter()
        .map(|l| {
            let req = r
                .requests
                .iter()
                .find(|q| q.id == l.request)
                .expect("request exists");
            assert!(
                r.routes.iter().any(|x| x.id == l.route),
                "{} exists",
                l.route
            );
            format!("{}:{} → {} ({})", req.file, req.line, l.route, l.confidence)
        })
        .collect()
}

#[test]
fn flask_blueprints_and_fetch_axios() {
    let r = audit("flask");
    assert_eq!(
        routes(&r),
        set(&[
            "GET /api/cart shop.api:CartAPI.get [api.cart]",
            "PUT /api/cart shop.api:CartAPI.put [api.cart]",
            "GET /api/products shop.api:products [api.products]",
            "POST /api/products shop.api:products [api.products]",
            "GET /api/products/{product_id} shop.api:product [api.product]",
            "DELETE /api/products/{product_id} shop.api:delete_product [api.delete_product]",
            "POST /auth/login shop.auth:login [auth.login]",
            "GET /health shop:health [health]",
        ])
    );
    assert_eq!(
        requests(&r),
        set(&[
            "frontend/src/shop.js:6 GET /api/products fetch",
            "frontend/src/shop.js:7 POST /api/products fetch",
            "frontend/src/shop.js:8 DELETE /api/products/7 axios",
            "frontend/src/shop.js:9 GET /api/products/{id} axios wrapper=frontend/src/api.js:getProduct",
            "frontend/src/shop.js:10 PUT /api/cart axios",
            "frontend/src/shop.js:11 GET https://api.stripe.com/v1/charges fetch unlinked=another host (https://api.stripe.com)",
            "frontend/src/shop.js:12 GET /api/missing fetch unlinked=no route matches",
            "frontend/src/shop.js:13 POST /auth/login axios",
            "shop/auth.py:8 ANY /api/products url_for name=api.products",
        ])
    );
    assert_eq!(
        links(&r),
        set(&[
            "frontend/src/shop.js:6 → route:GET /api/products (1)",
            "frontend/src/shop.js:7 → route:POST /api/products (1)",
            "frontend/src/shop.js:8 → route:DELETE /api/products/{product_id} (0.98)",
            "frontend/src/shop.js:9 → route:GET /api/products/{product_id} (1)",
            "frontend/src/shop.js:10 → route:PUT /api/cart (1)",
            "frontend/src/shop.js:13 → route:POST /auth/login (1)",
            "shop/auth.py:8 → route:GET /api/products (0.9)",
            "shop/auth.py:8 → route:POST /api/products (0.9)",
        ])
    );
    // The graph: a route node per route, handled by its module, requested by
    // the frontend module that calls it.
    let edge = |kind: &str, from: &str, to: &str| {
        r.edges
            .iter()
            .any(|e| e.kind == kind && e.from == from && e.to == to)
    };
    assert!(edge("handles", "route:PUT /api/cart", "shop/api.py"));
    assert!(edge(
        "requests",
        "frontend/src/shop.js",
        "route:PUT /api/cart"
    ));
    assert!(!r.modules.iter().any(|m| m.id.starts_with("route:")));
}
