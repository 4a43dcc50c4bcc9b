//! Declared components (`AuditConfig::components`, `--component`) compared
//! with the clusters found, on the demo monolith, and the edges that cross
//! a declared border.

use assert_cmd::Command;
use serde_json::Value;

fn audit(args: &[&str]) -> (Value, String) {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("seam")
        .unwrap()
        .args(["audit", "--quiet", "--no-cache", "--no-history", "--out"])
        .arg(out.path())
        .args(args)
        .arg("testdata/demo")
        .assert()
        .success();
    let json = serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap());
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    (json.unwrap(), html)
}

const CATALOG: &str = "catalog=backend/shop/**/catalog.py,backend/shop/services/pricing.py,\
backend/shop/services/promotions.py,frontend/src/api/catalog.ts,frontend/src/components/Product*.tsx";
const ORDERS: &str = "orders=backend/shop/**/orders.py,backend/shop/services/payments.py,\
backend/shop/services/coupons.py,frontend/src/api/orders.ts,frontend/src/components/OrderHistory.tsx,\
frontend/src/components/Checkout.tsx:catalog";
const INVENTORY: &str = "inventory=backend/shop/**/inventory.py,frontend/legacy/stock.js";
const NOTHING: &str = "ghost=nowhere/**";

#[test]
fn declared_components_are_compared_with_the_clusters_found() {
    let (report, html) = audit(&[
        "--component",
        CATALOG,
        "--component",
        ORDERS,
        "--component",
        INVENTORY,
        "--component",
        NOTHING,
    ]);
    let summary = &report["summary"]["boundaries"];
    assert_eq!(summary["components"], 4, "{summary}");
    // 58 modules, 7 + 8 + 3 declared.
    assert_eq!(summary["unassigned_modules"], 40, "{summary}");
    let agreement = summary["agreement"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&agreement), "{agreement}");

    let violations: Vec<(String, String, String)> = report["boundary_violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["from"].as_str().unwrap().to_string(),
                v["to"].as_str().unwrap().to_string(),
                format!("{} {}", v["kind"].as_str().unwrap(), v["line"]),
            )
        })
        .collect();
    let expected = [
        (
            "backend/shop/services/inventory.py",
            "backend/shop/services/orders.py",
            "import 6",
        ),
        (
            "backend/shop/services/orders.py",
            "backend/shop/services/inventory.py",
            "import 6",
        ),
        // catalog may not use orders (the declaration only allows the reverse).
        (
            "backend/shop/services/pricing.py",
            "backend/shop/services/coupons.py",
            "import 4",
        ),
        (
            "backend/shop/views/orders.py",
            "backend/shop/services/inventory.py",
            "import 5",
        ),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(violations, expected);
    assert_eq!(summary["violations"], 4);

    let components = report["components"].as_array().unwrap();
    let by_name = |name: &str| components.iter().find(|c| c["name"] == name).unwrap();
    let orders = by_name("orders");
    assert_eq!(orders["may_use"], serde_json::json!(["catalog"]));
    assert_eq!(orders["modules"].as_array().unwrap().len(), 8);
    assert_eq!(orders["violations"], 2);
    // Every module lands in exactly one found cluster, and the cohesion is
    // the share in the largest.
    for c in components {
        let counts: Vec<u64> = c["clusters"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .collect();
        let modules = c["modules"].as_array().unwrap().len() as u64;
        let uncoupled = c["uncoupled"].as_u64().unwrap();
        assert_eq!(counts.iter().sum::<u64>() + uncoupled, modules, "{c}");
        if modules > uncoupled {
            let cohesion = *counts.iter().max().unwrap() as f64 / (modules - uncoupled) as f64;
            assert!(
                (c["cohesion"].as_f64().unwrap() - cohesion).abs() < 1e-3,
                "{c}"
            );
        }
        for id in c["clusters"].as_object().unwrap().keys() {
            assert!(
                report["clusters"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|k| k["id"] == *id)
            );
        }
    }
    assert_eq!(by_name("ghost")["modules"], serde_json::json!([]));
    // frontend/legacy/stock.js only calls the admin stock API: requests do
    // not pull a frontend module into a backend service (a headless split
    // keeps the frontend apart), so it alone of inventory is uncoupled.
    assert_eq!(by_name("inventory")["uncoupled"], 1);

    assert!(html.contains("id=\"components\""));
    assert!(html.contains("matches no module"));
    assert!(html.contains("from shop.services import coupons"));
}

#[test]
fn without_declarations_nothing_is_compared_and_bad_globs_are_refused() {
    let (report, html) = audit(&[]);
    assert_eq!(report["summary"]["boundaries"], Value::Null);
    assert_eq!(report["components"], serde_json::json!([]));
    assert_eq!(report["boundary_violations"], serde_json::json!([]));
    assert!(!html.contains("id=\"components\""));

    let out = tempfile::tempdir().unwrap();
    let assert = Command::cargo_bin("seam")
        .unwrap()
        .args(["audit", "--quiet", "--no-cache", "--out"])
        .arg(out.path())
        .args(["--component", "broken=backend/[", "testdata/demo"])
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("component `broken`"), "{stderr}");
    assert!(!out.path().join("report.json").exists());
}

/// Module roles on the demo: tests by path and by name (`conftest.py`),
/// configuration by name; only source modules are clustered, and the tests
/// are listed with the service whose modules they import most. A
/// `[roles]` glob in seam.toml decides before the path does.
#[test]
fn roles_decide_what_is_clustered_and_tests_are_attached() {
    let (report, html) = audit(&[]);
    let roles: Vec<(String, String)> = report["modules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"].is_string() && m["role"] != "source")
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_string(),
                m["role"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let owned = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        roles,
        owned(&[
            ("backend/tests/conftest.py", "test"),
            ("backend/tests/test_helpers.py", "test"),
            ("backend/tests/test_orders.py", "test"),
            ("backend/tests/test_pricing.py", "test"),
            ("frontend/postcss.config.cjs", "config"),
        ])
    );
    let clusters = report["clusters"].as_array().unwrap();
    let clustered: Vec<&str> = clusters
        .iter()
        .flat_map(|c| c["modules"].as_array().unwrap())
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(clustered.iter().all(|m| !m.starts_with("backend/tests/")));
    assert!(!clustered.contains(&"frontend/postcss.config.cjs"));
    // Every test imports the backend: all four sit with the service that
    // holds `backend/shop/app.py`.
    let with_app = clusters
        .iter()
        .find(|c| {
            c["modules"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m == "backend/shop/app.py")
        })
        .unwrap();
    assert_eq!(
        with_app["tests"],
        serde_json::json!([
            "backend/tests/conftest.py",
            "backend/tests/test_helpers.py",
            "backend/tests/test_orders.py",
            "backend/tests/test_pricing.py"
        ])
    );
    // The plan's Tests column counts them and opens onto the list.
    assert!(html.contains(
        r#"<td class="num" data-sort="4"><details><summary>4</summary><div class="list"><code class="node-link" data-node="backend/tests/conftest.py""#
    ));

    // `[roles]` in a seam.toml decides first.
    let tree = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tree.path().join("ops")).unwrap();
    std::fs::write(tree.path().join("ops/deploy.py"), "import os\n").unwrap();
    std::fs::write(
        tree.path().join("seam.toml"),
        "[roles]\nscript = [\"ops/**\"]\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("seam")
        .unwrap()
        .args(["audit", "--quiet", "--no-cache", "--no-history", "--out"])
        .arg(out.path())
        .arg(tree.path())
        .assert()
        .success();
    let r: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap();
    let deploy = r["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "ops/deploy.py")
        .unwrap();
    assert_eq!(deploy["role"], "script");
    assert_eq!(deploy["role_rule"], "[roles] script in seam.toml");
    // An unknown role key is refused with the file and line.
    std::fs::write(
        tree.path().join("seam.toml"),
        "[roles]\nscripts = [\"ops/**\"]\n",
    )
    .unwrap();
    let refused = Command::cargo_bin("seam")
        .unwrap()
        .args(["audit", "--quiet", "--no-cache", "--no-history", "--out"])
        .arg(out.path())
        .arg(tree.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).to_string();
    assert!(stderr.contains("seam.toml:2"), "{stderr}");
}

/// testdata/kernel (see its EXPECTED.md): the module every part imports is
/// a shared kernel, set apart, so the two groups stay two services.
#[test]
fn shared_kernel_is_set_apart() {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("seam")
        .unwrap()
        .args(["audit", "--quiet", "--no-cache", "--no-history", "--out"])
        .arg(out.path())
        .arg("testdata/kernel")
        .assert()
        .success();
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(
        report["kernel"],
        serde_json::json!({
            "modules": [{"id": "app/core/errors.py", "users": 13}],
            "min_users": 10,
            "users": 13,
        })
    );
    let services: Vec<(Vec<&str>, f64)> = report["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["name"].as_str().unwrap().starts_with("(uncoupled"))
        .map(|c| {
            let modules = c["modules"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap())
                .collect();
            (modules, c["kernel_share"].as_f64().unwrap())
        })
        .collect();
    let billing = ["b1", "b2", "b3", "b4", "b5", "b6"].map(|m| format!("app/billing/{m}.py"));
    let orders = ["o1", "o2", "o3", "o4", "o5", "o6"].map(|m| format!("app/orders/{m}.py"));
    let mut expected_billing: Vec<&str> = billing.iter().map(String::as_str).collect();
    expected_billing.push("app/web/routes.py");
    let mut expected_orders: Vec<&str> = vec!["app/core/money.py"];
    expected_orders.extend(orders.iter().map(String::as_str));
    assert_eq!(
        services.iter().map(|s| s.0.clone()).collect::<Vec<_>>(),
        vec![expected_billing, expected_orders]
    );
    // billing: 6 kernel imports against 12 inside, 6 from orders to routes
    // and 4 to money crossing (import weight 1 each): 6 / 30
    assert_eq!(services[0].1, 0.2);
    // Structural modularity, ICP and IFN by hand (see decomposition.rs):
    // 45 imports, 10 crossing; each service exports one module.
    let d = &report["summary"]["decomposition"];
    assert_eq!(d["services"], 2);
    assert_eq!(d["icp"], 0.2222);
    assert_eq!(d["ifn"], 1.0);
    assert_eq!(d["structural_modularity"], 0.2551);
    assert_eq!(d["sizes"], serde_json::json!([7, 7]));
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("Shared kernel"));
    assert!(html.contains("Inter-partition call percentage (ICP)"));
}
