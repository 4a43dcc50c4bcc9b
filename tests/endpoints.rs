//! Routes, requests and links on the fixtures in `testdata/endpoints/`
//! (each has an EXPECTED.md saying what it exercises). Every assertion is on
//! the exact set, so a missing or extra route, request or link fails.

use std::collections::BTreeSet;
use std::path::Path;

use seam::config::{AuditConfig, RequestWrapper};
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

/// `file:line METHOD path via` (+ ` wrapper=…`, ` callers=…`, ` name=…`, ` unlinked=…`)
fn requests(r: &Report) -> BTreeSet<String> {
    r.requests
        .iter()
        .map(|x| {
            let mut s = format!("{}:{} {} {} {}", x.file, x.line, x.method, x.path, x.via);
            if let Some(w) = &x.wrapper {
                s.push_str(&format!(" wrapper={w}"));
            }
            if !x.callers.is_empty() {
                s.push_str(&format!(" callers={}", x.callers.join(",")));
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
            "frontend/src/api.js:8 GET /api/products/{id} axios callers=frontend/src/shop.js:9",
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
            "frontend/src/api.js:8 → route:GET /api/products/{product_id} (1)",
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

#[test]
fn django_urlconfs_drf_and_jquery() {
    let r = audit("django");
    assert_eq!(
        routes(&r),
        set(&[
            "ANY / blog.views:index [index]",
            "GET /api/articles/ api.views:ArticleViewSet.list [article-list]",
            "POST /api/articles/ api.views:ArticleViewSet.create [article-list]",
            "GET /api/articles/recent/ api.views:ArticleViewSet.recent [article-recent]",
            "DELETE /api/v1/comments/{pk} blog.views:comment_delete",
            "GET /api/v1/comments/{pk} blog.views:comment_detail",
            "DELETE /api/articles/{slug}/ api.views:ArticleViewSet.destroy [article-detail]",
            "GET /api/articles/{slug}/ api.views:ArticleViewSet.retrieve [article-detail]",
            "PATCH /api/articles/{slug}/ api.views:ArticleViewSet.partial_update [article-detail]",
            "PUT /api/articles/{slug}/ api.views:ArticleViewSet.update [article-detail]",
            "POST /api/articles/{slug}/publish/ api.views:ArticleViewSet.publish [article-publish]",
            "ANY /archive/{year}/ blog.views:archive [archive]",
            "GET /blog/comments/ blog.views:comments [blog:comments]",
            "POST /blog/comments/ blog.views:comments [blog:comments]",
            "GET /blog/posts/new/ blog.views:PostCreate [blog:post_new]",
            "POST /blog/posts/new/ blog.views:PostCreate [blog:post_new]",
            "DELETE /blog/posts/{pk}/ blog.views:PostDetail.delete [blog:post]",
            "GET /blog/posts/{pk}/ blog.views:PostDetail.get [blog:post]",
            "POST /health/ blog.views:health",
            "ANY /legacy/ blog.views:index [legacy]",
        ])
    );
    assert!(r.routes.iter().all(|x| x.framework == "django"
        || (x.framework == "django-rest-framework" && x.path.starts_with("/api/"))));
    assert_eq!(
        requests(&r),
        set(&[
            "blog/templates/blog/post.html:3 POST /blog/comments/ form url name=blog:comments",
            "blog/templates/blog/post.html:4 POST /blog/posts/new/ form",
            "blog/templates/blog/post.html:5 ANY /archive/{year}/ url name=archive",
            "blog/templates/blog/post.html:8 DELETE /blog/posts/{postId}/ jquery",
            "blog/views.py:9 ANY /blog/posts/{pk}/ reverse name=blog:post",
            "blog/views.py:13 GET / redirect name=index",
            "static/js/app.js:3 POST /blog/comments/ jquery",
            "static/js/app.js:5 GET /api/articles/ jquery",
            "static/js/app.js:7 POST /api/articles/{slug}/publish/ jquery callers=static/js/app.js:9",
            "static/js/app.js:10 GET /blog/posts/{postId}/ jquery",
            "static/js/app.js:12 DELETE /blog/posts/{postId}/ xhr",
            "static/js/app.js:13 GET /archive/2024/ jquery",
            "static/js/app.js:14 GET /api/articles/recent/ jquery",
        ])
    );
    assert_eq!(
        links(&r),
        set(&[
            "blog/templates/blog/post.html:3 → route:POST /blog/comments/ (1)",
            "blog/templates/blog/post.html:4 → route:POST /blog/posts/new/ (1)",
            "blog/templates/blog/post.html:5 → route:ANY /archive/{year}/ (1)",
            "blog/templates/blog/post.html:8 → route:DELETE /blog/posts/{pk}/ (1)",
            "blog/views.py:9 → route:DELETE /blog/posts/{pk}/ (0.9)",
            "blog/views.py:9 → route:GET /blog/posts/{pk}/ (0.9)",
            "blog/views.py:13 → route:ANY / (0.9)",
            "static/js/app.js:3 → route:POST /blog/comments/ (1)",
            "static/js/app.js:5 → route:GET /api/articles/ (1)",
            "static/js/app.js:7 → route:POST /api/articles/{slug}/publish/ (1)",
            "static/js/app.js:10 → route:GET /blog/posts/{pk}/ (1)",
            "static/js/app.js:12 → route:DELETE /blog/posts/{pk}/ (1)",
            "static/js/app.js:13 → route:ANY /archive/{year}/ (0.88)",
            "static/js/app.js:14 → route:GET /api/articles/recent/ (1)",
        ])
    );
}

#[test]
fn fastapi_routers_and_angular_superagent_ky() {
    let r = audit("fastapi");
    assert_eq!(
        routes(&r),
        set(&[
            "GET / app.main:root [root]",
            "GET /api/items/ app.routers.items:list_items [list_items]",
            "GET /api/items/files/{file_path} app.routers.items:read_file [read_file]",
            "GET /api/items/{item_id} app.routers.items:read_item [read_item]",
            "PATCH /api/items/{item_id} app.routers.items:write_item [write_item]",
            "PUT /api/items/{item_id} app.routers.items:write_item [write_item]",
            "POST /api/users app.routers.users:create_user [create_user]",
            "GET /api/users/me/settings app.routers.users:my_settings [my_settings]",
        ])
    );
    assert!(r.routes.iter().all(|x| x.framework == "fastapi"));
    assert_eq!(
        requests(&r),
        set(&[
            "web/src/api.ts:13 GET /api/items/ angular",
            "web/src/api.ts:21 PUT /api/items/{id} angular",
            "web/src/api.ts:26 GET /api/users/me/settings superagent",
            "web/src/api.ts:29 POST /api/users superagent",
            "web/src/api.ts:30 PATCH /api/items/3 superagent",
            "web/src/api.ts:31 GET /api/items/files/a/b.txt ky",
            "web/src/api.ts:17 GET /api/items/{id} angular callers=web/src/item.component.ts:7",
        ])
    );
    assert_eq!(
        links(&r),
        set(&[
            "web/src/api.ts:13 → route:GET /api/items/ (1)",
            "web/src/api.ts:21 → route:PUT /api/items/{item_id} (1)",
            "web/src/api.ts:26 → route:GET /api/users/me/settings (1)",
            "web/src/api.ts:29 → route:POST /api/users (1)",
            "web/src/api.ts:30 → route:PATCH /api/items/{item_id} (0.98)",
            "web/src/api.ts:31 → route:GET /api/items/files/{file_path} (0.8)",
            "web/src/api.ts:17 → route:GET /api/items/{item_id} (1)",
        ])
    );
}

#[test]
fn wrappers_found_and_declared() {
    let found = audit("wrappers");
    let common = [
        "web/settings.ts:11 GET /json/users/me jquery wrapper=web/channel.ts:get",
        "web/settings.ts:12 POST /json/messages jquery wrapper=web/channel.ts:post",
        "web/settings.ts:13 GET /json/streams/{stream_id}/members jquery wrapper=web/channel.ts:get",
        "web/settings.ts:14 DELETE /json/drafts/{id} jquery wrapper=web/channel.ts:del",
    ];
    let mut expected: Vec<&str> = common.to_vec();
    expected.extend([
        "web/settings.ts:15 POST /json/settings jquery wrapper=web/channel.ts:patch unlinked=path matches, method does not (route takes PATCH)",
        "web/settings.ts:16 POST /json/settings jquery wrapper=web/settings.ts:save unlinked=path matches, method does not (route takes PATCH)",
    ]);
    assert_eq!(requests(&found), set(&expected));
    assert_eq!(found.links.len(), 4);

    let declared = audit_with("wrappers", |c| {
        c.request_wrappers = vec![
            RequestWrapper {
                name: "channel.patch".into(),
                url_property: Some("url".into()),
                method: Some("PATCH".into()),
                ..RequestWrapper::default()
            },
            RequestWrapper {
                name: "legacyApi.send".into(),
                method_arg: Some(1),
                ..RequestWrapper::default()
            },
        ]
    });
    let mut expected: Vec<&str> = common.to_vec();
    expected.extend([
        "web/settings.ts:15 PATCH /json/settings channel.patch",
        "web/settings.ts:16 PATCH /json/settings channel.patch wrapper=web/settings.ts:save",
        "web/settings.ts:17 POST /legacy/report legacyApi.send",
    ]);
    assert_eq!(requests(&declared), set(&expected));
    assert_eq!(
        links(&declared),
        set(&[
            "web/settings.ts:11 → route:GET /json/users/me (1)",
            "web/settings.ts:12 → route:POST /json/messages (1)",
            "web/settings.ts:13 → route:GET /json/streams/{stream_id}/members (1)",
            "web/settings.ts:14 → route:DELETE /json/drafts/{draft_id} (1)",
            "web/settings.ts:15 → route:PATCH /json/settings (1)",
            "web/settings.ts:16 → route:PATCH /json/settings (1)",
            "web/settings.ts:17 → route:POST /legacy/report (1)",
        ])
    );
}

fn fixture(case: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/endpoints")
        .join(case)
}

#[test]
fn endpoints_command_prints_the_table_and_writes_openapi() {
    let out = tempfile::tempdir().unwrap();
    let assert = assert_cmd::Command::cargo_bin("seam")
        .unwrap()
        .args(["endpoints", "--no-cache", "--quiet", "--openapi", "--out"])
        .arg(out.path())
        .arg(fixture("flask"))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    let row = stdout
        .lines()
        .find(|l| l.starts_with("PUT "))
        .expect("a PUT row");
    for cell in [
        "/api/cart",
        "shop.api:CartAPI.put",
        "shop/api.py:30",
        "frontend/src/shop.js:10 (axios)",
        "1.00",
    ] {
        assert!(row.contains(cell), "{row}");
    }
    assert!(
        stdout.contains("8 routes (2 with no frontend caller), 9 requests, 7 linked"),
        "{stdout}"
    );
    assert!(
        stdout.contains("/api/missing") && stdout.contains("no route matches"),
        "{stdout}"
    );

    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("openapi.json")).unwrap()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    // Only what the frontend calls: not /health, not GET /api/cart.
    let listed: BTreeSet<String> = paths
        .iter()
        .flat_map(|(p, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| format!("{m} {p}"))
        })
        .collect();
    assert_eq!(
        listed,
        set(&[
            "delete /api/products/{product_id}",
            "get /api/products",
            "get /api/products/{product_id}",
            "post /api/products",
            "post /auth/login",
            "put /api/cart",
        ])
    );
    let op = &paths["/api/products/{product_id}"]["get"];
    assert_eq!(op["parameters"][0]["name"], "product_id");
    assert_eq!(op["parameters"][0]["in"], "path");
    assert_eq!(op["x-seam-callers"][0], "frontend/src/api.js:8");
    assert_eq!(op["x-seam-callers"][1], "frontend/src/shop.js:9");

    // TSV for scripts: a header and one line per row.
    let assert = assert_cmd::Command::cargo_bin("seam")
        .unwrap()
        .args(["endpoints", "--no-cache", "--quiet", "--tsv"])
        .arg(fixture("flask"))
        .assert()
        .success();
    let tsv = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        tsv.starts_with("method\tpath\thandler\tdefined_at\tcalled_from\tconfidence_or_reason\n")
    );
    assert!(tsv.lines().all(|l| l.split('\t').count() == 6), "{tsv}");
}

#[test]
fn request_wrapper_flag_and_bad_specs() {
    let assert = assert_cmd::Command::cargo_bin("seam")
        .unwrap()
        .args([
            "endpoints",
            "--no-cache",
            "--quiet",
            "--request-wrapper",
            "channel.patch:0.url:PATCH",
        ])
        .arg(fixture("wrappers"))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        stdout.contains("web/settings.ts:15 (channel.patch)"),
        "{stdout}"
    );
    assert_cmd::Command::cargo_bin("seam")
        .unwrap()
        .args(["endpoints", "--request-wrapper", "nonsense"])
        .arg(fixture("wrappers"))
        .assert()
        .code(2);
}

#[test]
fn html_report_has_the_endpoints_section() {
    let r = audit("flask");
    let html = seam::report::html::render(&r).unwrap();
    assert!(html.contains(r#"<section id="endpoints">"#));
    assert!(html.contains(r##"href="#endpoints""##));
    assert!(html.contains("shop.api:CartAPI.put"));
    assert!(html.contains("no route matches"));
    assert!(
        html.contains("8 frontend data request(s)")
            && html.contains("6 of them linked to a route (75%)"),
        "share of data requests shown (the url_for in auth.py is server-side)"
    );
}

/// `testdata/demo/EXPECTED.md`, "Backend routes" and "Frontend requests".
#[test]
fn demo_monolith_routes_requests_and_links() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/demo");
    let config = AuditConfig::new(&root).unwrap();
    let r = seam::audit(&config, "demo", &seam::Silent).unwrap();
    assert_eq!(
        routes(&r),
        set(&[
            "POST /admin/api/orders/{order_id}/refund shop.views.admin:refund [admin.refund]",
            "GET /admin/api/stock/{product_id} shop.views.admin:StockView.get [admin.stock]",
            "PUT /admin/api/stock/{product_id} shop.views.admin:StockView.put [admin.stock]",
            "GET /api/cart shop.views.cart:show_cart [cart.show_cart]",
            "POST /api/cart/items shop.views.cart:add_item [cart.add_item]",
            "DELETE /api/cart/items/{product_id} shop.views.cart:remove_item [cart.remove_item]",
            "GET /api/catalog/categories shop.views.catalog:list_categories [catalog.list_categories]",
            "GET /api/catalog/products shop.views.catalog:list_products [catalog.list_products]",
            "GET /api/catalog/products/{product_id} shop.views.catalog:product_detail [catalog.product_detail]",
            "PUT /api/catalog/products/{product_id} shop.views.catalog:product_detail [catalog.product_detail]",
            "GET /api/catalog/search shop.views.catalog:search [catalog.search]",
            "GET /api/me/ shop.views.account:profile [account.profile]",
            "PATCH /api/me/ shop.views.account:update_profile [account.update_profile]",
            "GET /api/orders shop.views.orders:list_orders [orders.list_orders]",
            "GET /api/orders/backorders shop.views.orders:backorders [orders.backorders]",
            "POST /api/orders/checkout shop.views.orders:checkout [orders.checkout]",
            "DELETE /api/orders/{order_id} shop.views.orders:delete_order [orders.delete_order]",
            "GET /api/orders/{order_id} shop.views.orders:order_detail [orders.order_detail]",
            "POST /api/orders/{order_id}/cancel shop.views.orders:cancel [orders.cancel]",
        ])
    );
    assert_eq!(
        requests(&r),
        set(&[
            "backend/shop/templates/base.html:8 GET /api/cart fetch",
            "backend/shop/templates/checkout.html:3 POST /api/orders/checkout form url_for name=orders.checkout",
            "backend/shop/views/orders.py:41 ANY /api/orders/{order_id} url_for name=orders.order_detail",
            "frontend/legacy/orders.js:3 GET /api/catalog/products jquery",
            "frontend/legacy/orders.js:9 DELETE /api/orders/{id} jquery",
            "frontend/legacy/orders.js:19 POST /api/cart/items jquery",
            "frontend/legacy/stock.js:4 GET /admin/api/stock/{productId} xhr",
            "frontend/src/api/account.ts:4 GET /api/me/ axios",
            "frontend/src/api/account.ts:9 PATCH /api/me/ axios",
            "frontend/src/api/cart.ts:5 GET /api/cart fetch",
            "frontend/src/api/cart.ts:10 POST /api/cart/items fetch",
            "frontend/src/api/cart.ts:18 DELETE /api/cart/items/{productId} axios",
            "frontend/src/api/catalog.ts:5 GET /api/catalog/products axios callers=frontend/src/components/ProductList.tsx:12",
            "frontend/src/api/catalog.ts:20 GET /api/catalog/categories axios",
            "frontend/src/api/orders.ts:5 GET /api/orders axios",
            "frontend/src/api/orders.ts:10 GET /api/orders/{orderId} axios",
            "frontend/src/api/orders.ts:15 POST /api/orders/{orderId}/cancel axios",
            "frontend/src/api/orders.ts:21 GET /api/wishlist axios unlinked=no route matches",
            "frontend/src/api/catalog.ts:10 GET /api/catalog/products/{id} axios callers=frontend/src/components/ProductPage.tsx:9",
            "frontend/src/api/catalog.ts:15 PUT /api/catalog/products/{id} axios callers=frontend/src/pages/Admin.tsx:8",
        ])
    );
    assert_eq!(
        links(&r),
        set(&[
            "backend/shop/templates/base.html:8 → route:GET /api/cart (1)",
            "backend/shop/templates/checkout.html:3 → route:POST /api/orders/checkout (1)",
            "backend/shop/views/orders.py:41 → route:GET /api/orders/{order_id} (0.9)",
            "frontend/legacy/orders.js:3 → route:GET /api/catalog/products (1)",
            "frontend/legacy/orders.js:9 → route:DELETE /api/orders/{order_id} (1)",
            "frontend/legacy/orders.js:19 → route:POST /api/cart/items (1)",
            "frontend/legacy/stock.js:4 → route:GET /admin/api/stock/{product_id} (1)",
            "frontend/src/api/account.ts:4 → route:GET /api/me/ (1)",
            "frontend/src/api/account.ts:9 → route:PATCH /api/me/ (1)",
            "frontend/src/api/cart.ts:5 → route:GET /api/cart (1)",
            "frontend/src/api/cart.ts:10 → route:POST /api/cart/items (1)",
            "frontend/src/api/cart.ts:18 → route:DELETE /api/cart/items/{product_id} (1)",
            "frontend/src/api/catalog.ts:5 → route:GET /api/catalog/products (1)",
            "frontend/src/api/catalog.ts:20 → route:GET /api/catalog/categories (1)",
            "frontend/src/api/orders.ts:5 → route:GET /api/orders (1)",
            "frontend/src/api/orders.ts:10 → route:GET /api/orders/{order_id} (1)",
            "frontend/src/api/orders.ts:15 → route:POST /api/orders/{order_id}/cancel (1)",
            "frontend/src/api/catalog.ts:10 → route:GET /api/catalog/products/{product_id} (1)",
            "frontend/src/api/catalog.ts:15 → route:PUT /api/catalog/products/{product_id} (1)",
        ])
    );
    // Routes no frontend code calls, as EXPECTED.md lists them.
    let called: BTreeSet<&str> = r.links.iter().map(|l| l.route.as_str()).collect();
    let uncalled: BTreeSet<String> = r
        .routes
        .iter()
        .filter(|x| !called.contains(x.id.as_str()))
        .map(|x| x.id.clone())
        .collect();
    assert_eq!(
        uncalled,
        set(&[
            "route:GET /api/catalog/search",
            "route:GET /api/orders/backorders",
            "route:PUT /admin/api/stock/{product_id}",
            "route:POST /admin/api/orders/{order_id}/refund",
        ])
    );
}

#[test]
fn starlette_route_tables() {
    let r = audit("starlette");
    assert_eq!(
        routes(&r),
        set(&[
            "GET / app:homepage [home]",
            "GET /users/{username} app:user",
            "POST /users/{username} app:save_user",
            "GET /users/{username}/avatar app:Avatar.get",
            "PUT /users/{username}/avatar app:Avatar.put",
        ])
    );
    assert!(r.routes.iter().all(|x| x.framework == "starlette"));
    assert_eq!(
        links(&r),
        set(&[
            "web/main.js:1 → route:POST /users/{username} (0.98)",
            "web/main.js:2 → route:PUT /users/{username}/avatar (1)",
        ])
    );
}

/// Spellings one step from the obvious (see its EXPECTED.md): a prefix
/// variable reassigned under `if`, inline `include([...])` lists, a generic
/// ViewSet base, a project subclass of `APIRouter`, an abstract Angular
/// service whose subclass sets the resource, a client handed to a
/// constructor, URL-builder functions, and a catch-all page route that only
/// takes what nothing else matches.
#[test]
fn one_step_away() {
    let r = audit("one-step-away");
    assert_eq!(
        routes(&r),
        set(&[
            "POST /accounts/profile/ hc.accounts.views:profile [hc-profile]",
            "ANY /admin/login/ hc.accounts.views:login [hc-login]",
            "GET /api/organizers/tags recipes.routes:all_tags [all_tags]",
            "GET /api/organizers/tags/slug/{slug} recipes.routes:tag_by_slug [tag_by_slug]",
            "GET /api/organizers/units recipes.routes:all_units [all_units]",
            "POST /api/organizers/units/{item_id}/duplicate recipes.routes:duplicate_unit \
             [duplicate_unit]",
            "ANY /integrations/{code}/checks/ hc.accounts.views:channel_checks \
             [hc-channel-checks]",
            "POST /integrations/{code}/remove/ hc.accounts.views:remove_channel \
             [hc-remove-channel]",
            "GET /api/search/ docs.views:SearchView.get [search]",
            "GET /api/stats/ docs.views:StatisticsView.get [stats]",
            "GET /api/tags/ docs.views:TagViewSet.list",
            "POST /api/tags/ docs.views:TagViewSet.create",
            "POST /api/tags/bulk_edit/ docs.views:TagViewSet.bulk_edit",
            "DELETE /api/tags/{pk}/ docs.views:TagViewSet.destroy",
            "GET /api/tags/{pk}/ docs.views:TagViewSet.retrieve",
            "PATCH /api/tags/{pk}/ docs.views:TagViewSet.partial_update",
            "PUT /api/tags/{pk}/ docs.views:TagViewSet.update",
            "ANY /{page} hc.accounts.views:spa",
        ])
    );
    assert_eq!(
        requests(&r),
        set(&[
            // inherited by TagsAPI and UnitsAPI: `route(this.baseRoute, …)`
            // through `new URL`; `duplicateOne` is only called on `api.units`
            "frontend/src/api/base-clients.ts:21 GET /api/organizers/tags client",
            "frontend/src/api/base-clients.ts:21 GET /api/organizers/units client",
            "frontend/src/api/base-clients.ts:31 POST /api/organizers/units/{itemId}/duplicate \
             client",
            // `patchOne` is called on no API class: read as written, and a
            // path with no literal segment after an unknown base links nowhere
            "frontend/src/api/base-clients.ts:26 PATCH {}/{itemId} client unlinked=URL not readable",
            // one data-url per element: the handler's selector picks it
            "backend/hc/templates/front/channels.html:8 ANY /integrations/{code}/checks/ url \
             name=hc-channel-checks",
            "backend/hc/templates/front/channels.html:11 ANY /integrations/{code}/remove/ url \
             name=hc-remove-channel",
            "static/js/channels.js:4 GET /integrations/{code}/checks/ jquery \
             name=hc-channel-checks",
            "static/js/channels.js:11 POST /integrations/{code}/remove/ jquery \
             name=hc-remove-channel",
            "static/js/channels.js:16 POST {} jquery unlinked=URL not readable",
            "frontend/src/api/tags.ts:14 GET /api/organizers/tags/slug/{slug} client",
            "frontend/src/api/tags.ts:18 GET /api/organizers/tags client",
            // `{% url %}` in two templates' data-status-url attributes, and the
            // script that reads it from the page that loads it
            "backend/hc/templates/front/checks_table.html:1 ANY /accounts/profile/ url \
             name=hc-profile",
            "backend/hc/templates/front/login.html:2 ANY /admin/login/ url name=hc-login",
            "static/js/checks.js:3 POST /accounts/profile/ jquery name=hc-profile",
            // a Vue single-file component's <script> block
            "frontend/src/components/TagList.vue:16 GET /api/organizers/tags/slug/{slug} axios",
            "frontend/src/api/tags.ts:24 GET https://status.example.com/v2/ping fetch \
             unlinked=another host (https://status.example.com)",
            // inherited by TagService: `url += \`${id}/\`` kept, `${action}/` dropped
            "frontend/src/services/abstract-service.ts:26 GET http://localhost:8000/api/tags/{id}/ angular \
             callers=frontend/src/components/tag-list.component.ts:13",
            "frontend/src/services/abstract-service.ts:30 GET http://localhost:8000/api/tags/ angular",
            "frontend/src/services/tag.service.ts:11 POST http://localhost:8000/api/tags/bulk_edit/ angular",
            "frontend/src/services/tag.service.ts:20 GET http://localhost:8000/api/stats/ angular",
            "frontend/src/services/tag.service.ts:24 GET http://localhost:8000/api/search/ angular",
        ])
    );
    assert_eq!(
        links(&r),
        set(&[
            "backend/hc/templates/front/checks_table.html:1 → route:POST /accounts/profile/ (0.9)",
            "backend/hc/templates/front/login.html:2 → route:ANY /admin/login/ (1)",
            "static/js/checks.js:3 → route:POST /accounts/profile/ (1)",
            "frontend/src/api/base-clients.ts:21 → route:GET /api/organizers/tags (1)",
            "frontend/src/api/base-clients.ts:21 → route:GET /api/organizers/units (1)",
            "frontend/src/api/base-clients.ts:31 → \
             route:POST /api/organizers/units/{item_id}/duplicate (1)",
            "backend/hc/templates/front/channels.html:8 → \
             route:ANY /integrations/{code}/checks/ (1)",
            "backend/hc/templates/front/channels.html:11 → \
             route:POST /integrations/{code}/remove/ (0.9)",
            "static/js/channels.js:4 → route:ANY /integrations/{code}/checks/ (0.9)",
            "static/js/channels.js:11 → route:POST /integrations/{code}/remove/ (1)",
            "frontend/src/api/tags.ts:14 → route:GET /api/organizers/tags/slug/{slug} (1)",
            "frontend/src/api/tags.ts:18 → route:GET /api/organizers/tags (1)",
            "frontend/src/components/TagList.vue:16 → route:GET /api/organizers/tags/slug/{slug} (1)",
            "frontend/src/services/abstract-service.ts:26 → route:GET /api/tags/{pk}/ (0.8)",
            "frontend/src/services/abstract-service.ts:30 → route:GET /api/tags/ (0.8)",
            "frontend/src/services/tag.service.ts:11 → route:POST /api/tags/bulk_edit/ (0.8)",
            "frontend/src/services/tag.service.ts:20 → route:GET /api/stats/ (0.8)",
            "frontend/src/services/tag.service.ts:24 → route:GET /api/search/ (0.8)",
        ])
    );
}

/// Frontend idioms older than `class` (testdata/endpoints/module-pattern,
/// see its EXPECTED.md): a swagger-codegen client whose methods sit on a
/// constructor's prototype inside a module-pattern IIFE, reached through an
/// exported object; a `Client.prototype = {…}` object; helpers declared in a
/// `$(function () {…})` callback. A request stays where its path is written
/// and lists the calls reaching it; under an unknown base the routes' own
/// prefix and the method place it.
#[test]
fn prototype_clients_and_callers() {
    let r = audit("module-pattern");
    assert_eq!(
        requests(&r),
        set(&[
            "ctf/themes/js/api.js:22 POST {}/tags fetch wrapper=ctf/themes/js/api.js:API.request \
             callers=ctf/themes/js/tags.js:8",
            "ctf/themes/js/api.js:32 DELETE {}/tags/{tagId} fetch \
             wrapper=ctf/themes/js/api.js:API.request callers=ctf/themes/js/tags.js:4",
            "ctf/themes/js/api.js:38 POST {}/users fetch wrapper=ctf/themes/js/api.js:API.request \
             callers=ctf/themes/js/tags.js:16",
            "ctf/themes/js/api.js:45 GET {}/users/{userId}/awards fetch \
             wrapper=ctf/themes/js/api.js:API.request callers=ctf/themes/js/tags.js:12",
            "ctf/themes/js/legacy.js:9 GET /api/v1/users/{id}/awards jquery \
             callers=ctf/themes/js/legacy.js:18",
            "ctf/themes/js/legacy.js:17 GET /api/v1/tags jquery wrapper=ctf/themes/js/legacy.js:load",
            // a classic script's function called from another classic script
            "ctf/themes/js/awards-page.js:3 GET {}/api/v1/users/{id}/awards jquery \
             wrapper=ctf/themes/js/details.js:loadDetails",
            "ctf/themes/js/legacy.js:21 DELETE /users jquery \
             unlinked=path matches, method does not (route takes GET)",
            // one request per literal value of a ternary
            "ctf/themes/js/legacy.js:23 GET /share/badge/assets/logo.png jquery",
            "ctf/themes/js/legacy.js:23 GET /api/v1/tags jquery",
        ])
    );
    assert_eq!(
        links(&r),
        set(&[
            "ctf/themes/js/api.js:22 → route:POST /api/v1/tags (0.7)",
            "ctf/themes/js/api.js:32 → route:DELETE /api/v1/tags/{tag_id} (0.7)",
            "ctf/themes/js/api.js:38 → route:POST /api/v1/users (0.7)",
            "ctf/themes/js/api.js:45 → route:GET /api/v1/users/{user_id}/awards (0.7)",
            "ctf/themes/js/legacy.js:9 → route:GET /api/v1/users/{user_id}/awards (1)",
            "ctf/themes/js/legacy.js:17 → route:GET /api/v1/tags (1)",
            "ctf/themes/js/legacy.js:23 → route:GET /share/{type}/assets/{path} (0.78)",
            "ctf/themes/js/legacy.js:23 → route:GET /api/v1/tags (1)",
            "ctf/themes/js/awards-page.js:3 → route:GET /api/v1/users/{user_id}/awards (0.8)",
        ])
    );
    // The callers call the routes too: the graph has their `requests` edges.
    let calls: BTreeSet<(String, String)> = r
        .edges
        .iter()
        .filter(|e| e.kind == "requests")
        .map(|e| (e.from.clone(), e.to.clone()))
        .collect();
    assert!(calls.contains(&(
        "ctf/themes/js/tags.js".to_string(),
        "route:DELETE /api/v1/tags/{tag_id}".to_string()
    )));
}

/// What seam sees but cannot read is said, not dropped: a framework whose
/// routes it does not read, and a package function called with API paths
/// (a `--request-wrapper` candidate), an HTTP client from which no request
/// is sent (here or in a module importing it, as the demo's `client.ts` is
/// used by `api/*.ts`). Frameworks and clients it did read
/// (Django, DRF, FastAPI, axios, HttpClient) get no such diagnostic.
#[test]
fn silent_zeros_are_diagnostics() {
    let endpoint_diagnostics = |r: &Report| -> BTreeSet<String> {
        r.diagnostics
            .iter()
            .filter(|d| d.kind == seam::diagnostic::DiagnosticKind::Endpoints)
            .map(|d| format!("{}:{} {}", d.file, d.line.unwrap_or(0), d.message))
            .collect()
    };
    let r = audit("one-step-away");
    assert_eq!(
        endpoint_diagnostics(&r),
        set(&[
            "backend/hooks/aio.py:0 1 file(s) import aiohttp (e.g. backend/hooks/aio.py), \
             whose routes seam does not read: requests to them stay unlinked",
            "frontend/src/api/lost-client.ts:0 1 file(s) import ky (e.g. \
             frontend/src/api/lost-client.ts) but seam found no request sent from any of \
             them: the client may be passed around in a way seam cannot follow; declare \
             the function that sends with --request-wrapper",
            "frontend/src/api/sdk-calls.ts:3 `sdk.call` is called 3 times with API paths \
             (here `/api/organizers/tags`) and seam cannot see what it does; if it sends \
             HTTP requests, declare it: --request-wrapper sdk.call:0[:METHOD]",
        ])
    );
    // Declared (without a method), it sends three requests and is no longer a candidate.
    let r = audit_with("one-step-away", |c| {
        c.request_wrappers = vec![RequestWrapper::from_spec("sdk.call:0").unwrap()];
    });
    assert_eq!(
        endpoint_diagnostics(&r).len(),
        2,
        "aiohttp and the lost ky client are left"
    );
    let sdk: BTreeSet<String> = requests(&r)
        .into_iter()
        .filter(|q| q.starts_with("frontend/src/api/sdk-calls.ts"))
        .collect();
    assert_eq!(
        sdk,
        set(&[
            "frontend/src/api/sdk-calls.ts:3 ANY /api/organizers/tags sdk.call",
            "frontend/src/api/sdk-calls.ts:4 ANY /api/organizers/tags/slug/{slug} sdk.call",
            "frontend/src/api/sdk-calls.ts:5 ANY /api/search/ sdk.call",
        ])
    );
}

#[test]
fn server_pages() {
    let r = audit("server-pages");
    assert_eq!(
        routes(&r),
        set(&[
            "ANY / checks.views:index [index]",
            "ANY /status/ checks.views:status [status]",
            "ANY /checks/{code}/ checks.views:details [details]",
            "ANY /checks/{code}/pings/{n}/ checks.views:ping_details [ping-details]",
            "GET /checks/{code}/badges/ checks.views:Badges.get [badges]",
            "POST /checks/{code}/badges/ checks.views:Badges.post [badges]",
        ])
    );
    let data: BTreeSet<String> = requests(&r)
        .into_iter()
        .filter(|q| q.starts_with("static/"))
        .collect();
    assert_eq!(
        data,
        set(&[
            "static/js/badges.js:3 POST /checks/{code}/badges/ jquery",
            "static/js/details.js:6 GET /checks/{code}/pings/{n}/ jquery",
            "static/js/details.js:12 POST {} jquery unlinked=URL not readable",
            "static/js/index.js:3 GET / jquery",
            "static/js/menu.js:3 GET /status/ jquery",
        ])
    );
    let linked: BTreeSet<String> = links(&r)
        .into_iter()
        .filter(|l| l.starts_with("static/"))
        .collect();
    assert_eq!(
        linked,
        set(&[
            "static/js/badges.js:3 → route:POST /checks/{code}/badges/ (1)",
            "static/js/details.js:6 → route:ANY /checks/{code}/pings/{n}/ (0.9)",
            "static/js/index.js:3 → route:ANY / (0.9)",
            "static/js/menu.js:3 → route:ANY /status/ (0.9)",
        ])
    );
    // htmx attributes are data requests with their method; a plain link in
    // the same template stays navigation.
    let panel: Vec<String> = r
        .requests
        .iter()
        .filter(|q| q.file.ends_with("status_panel.html"))
        .map(|q| {
            format!(
                "{}:{} {:?} {} {} {}",
                q.file, q.line, q.kind, q.method, q.path, q.via
            )
        })
        .collect();
    assert_eq!(
        panel,
        [
            "templates/checks/status_panel.html:1 Data GET /status/ htmx url",
            "templates/checks/status_panel.html:2 Data POST /checks/0b2c/badges/ htmx",
            "templates/checks/status_panel.html:3 Navigation ANY / url",
        ]
    );
    let linked: BTreeSet<String> = links(&r)
        .into_iter()
        .filter(|l| l.contains("status_panel"))
        .collect();
    assert_eq!(
        linked,
        set(&[
            "templates/checks/status_panel.html:1 → route:ANY /status/ (0.9)",
            "templates/checks/status_panel.html:2 → route:POST /checks/{code}/badges/ (0.98)",
            "templates/checks/status_panel.html:3 → route:ANY / (1)",
        ])
    );
}

#[test]
fn settings_prefix() {
    let r = audit("settings-prefix");
    assert_eq!(
        routes(&r),
        set(&[
            "ANY /api/v2/orders/{pk}/ shop.views:order_detail [order-detail]",
            "POST /api/v2/orders/{pk}/cancel/ shop.views:order_cancel [order-cancel]",
            "ANY /portal/orders/ shop.views:order_list [orders]",
            "ANY /stats/ shop.views:stats [stats]",
        ])
    );
    assert_eq!(
        links(&r),
        set(&[
            "static/orders.js:3 → route:ANY /api/v2/orders/{pk}/ (0.9)",
            "static/orders.js:7 → route:POST /api/v2/orders/{pk}/cancel/ (1)",
        ])
    );
    let notes: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.kind == seam::diagnostic::DiagnosticKind::Endpoints)
        .map(|d| format!("{}:{} {}", d.file, d.line.unwrap_or(0), d.message))
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[0].starts_with(
            "mysite/urls.py:9 the prefix `settings.ADMIN_MOUNT` that mounts 1 route(s)"
        ),
        "{notes:?}"
    );
    // A registry helper seam cannot enumerate is named, not dropped.
    assert!(
        notes[1].starts_with(
            "mysite/urls.py:10 `get_urls(…)` builds URL patterns seam cannot read (1 call(s)"
        ),
        "{notes:?}"
    );
}

#[test]
fn forwarding() {
    let r = audit("forwarding");
    assert_eq!(
        routes(&r),
        set(&[
            "GET /admin/stats server.api:stats_page [admin.stats]",
            "GET /api/alerts server.api:AlertListResource.get [alerts]",
            "POST /api/alerts server.api:AlertListResource.post [alerts]",
            "DELETE /api/alerts/{alert_id} server.api:AlertResource.delete [alert]",
            "GET /api/alerts/{alert_id} server.api:AlertResource.get [alert]",
            // Inherited from AlertListResource.
            "GET /api/alerts/muted server.api:AlertListResource.get [muted]",
            "POST /api/alerts/muted server.api:AlertListResource.post [muted]",
        ])
    );
    assert_eq!(
        links(&r),
        set(&[
            "web/alerts.js:4 → route:GET /api/alerts (1)",
            "web/alerts.js:8 → route:POST /api/alerts (1)",
            "web/alerts.js:12 → route:DELETE /api/alerts/{alert_id} (1)",
            "web/alerts.js:16 → route:GET /admin/stats (1)",
            "web/sidebar.js:4 → route:GET /api/alerts (1)",
            "web/alerts.js:25 → route:DELETE /api/alerts/{alert_id} (1)",
        ])
    );
    // `export default function getTags(url)` is the default import's wrapper.
    assert!(
        requests(&r).contains("web/sidebar.js:4 GET /api/alerts axios wrapper=web/tags.js:getTags")
    );
}
