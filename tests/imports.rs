//! Each import form and resolution rule, on the fixtures in
//! `testdata/imports/` (their EXPECTED.md and inline comments say why).

use std::collections::BTreeSet;
use std::path::Path;

use seam::config::AuditConfig;
use seam::diagnostic::DiagnosticKind;
use seam::report::Report;

fn audit_with(case: &str, tweak: impl FnOnce(&mut AuditConfig)) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/imports")
        .join(case);
    let mut config = AuditConfig::new(&root).expect("fixture exists");
    tweak(&mut config);
    seam::audit(&config, case, &seam::Silent).expect("audit runs")
}

fn audit(case: &str) -> Report {
    audit_with(case, |_| {})
}

/// `to [kind,flags…]` for every edge leaving `from`.
fn edges_from(report: &Report, from: &str) -> BTreeSet<String> {
    report
        .edges
        .iter()
        .filter(|e| e.from == from)
        .map(|e| {
            let mut flags = vec![e.import_kind.clone()];
            for (set, name) in [
                (e.lazy, "lazy"),
                (e.type_only, "type_only"),
                (e.conditional, "conditional"),
                (e.implicit, "implicit"),
            ] {
                if set {
                    flags.push(name.to_string());
                }
            }
            format!("{} [{}]", e.to, flags.join(","))
        })
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn unresolved(report: &Report) -> BTreeSet<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::UnresolvedImport)
        .map(|d| format!("{}:{} {}", d.file, d.line.unwrap_or(0), d.message))
        .collect()
}

#[test]
fn python_import_forms_resolve_to_the_right_modules() {
    let report = audit("python");
    assert_eq!(
        edges_from(&report, "app/services/orders.py"),
        set(&[
            "app/fast.py [static]",
            "app/models.py [static]",
            "app/services/billing.py [static]",
            "app/utils/__init__.py [static]",
            "app/utils/text.py [static]",
            "ext:python:importlib [static,lazy]",
            "ext:python:json [static,conditional]",
            "ext:python:os [static]",
            "ext:python:requests [static]",
            "ext:python:typing [static]",
            "ext:python:ujson [static,conditional]",
            "ns/plugin.py [static]",
        ])
    );
}

#[test]
fn python_edges_fold_statements_and_keep_the_first_as_evidence() {
    // billing.py is imported at module level (twice), under TYPE_CHECKING and
    // dynamically: one edge, as lazy or type-only as its least lazy statement.
    let report = audit("python");
    let edge = report
        .edges
        .iter()
        .find(|e| e.from == "app/services/orders.py" && e.to == "app/services/billing.py")
        .expect("edge exists");
    assert_eq!(edge.occurrences, 4);
    assert_eq!(edge.line, 6);
    assert_eq!(edge.text, "from . import billing");
    assert!(!edge.type_only && !edge.lazy);
    // app/models.py: `import app.models`, `from ..models import Order`, `__import__`.
    let models = report
        .edges
        .iter()
        .find(|e| e.from == "app/services/orders.py" && e.to == "app/models.py")
        .expect("edge exists");
    assert_eq!(models.occurrences, 3);
}

#[test]
fn python_scripts_src_layouts_and_relative_imports() {
    let report = audit("python");
    assert_eq!(
        edges_from(&report, "scripts/run.py"),
        set(&["scripts/helper.py [static]"])
    );
    assert_eq!(
        edges_from(&report, "srcpkg/src/lib_a/core.py"),
        set(&["srcpkg/src/lib_a/util.py [static]"])
    );
    assert_eq!(
        edges_from(&report, "app/utils/__init__.py"),
        set(&["app/utils/text.py [static]"])
    );
    assert!(
        report
            .summary
            .python_roots
            .contains(&"srcpkg/src".to_string())
    );
    let names: BTreeSet<(String, String)> = report
        .modules
        .iter()
        .filter_map(|m| Some((m.id.clone(), m.name.clone()?)))
        .collect();
    assert!(names.contains(&("srcpkg/src/lib_a/core.py".into(), "lib_a.core".into())));
    assert!(names.contains(&("app/utils/__init__.py".into(), "app.utils".into())));
    assert!(names.contains(&(
        "app/services/orders.py".into(),
        "app.services.orders".into()
    )));
}

#[test]
fn python_parent_package_edges_are_a_flag() {
    let report = audit_with("python", |c| c.parent_package_edges = true);
    let edges = edges_from(&report, "app/services/orders.py");
    // `import app.utils.text` runs app/__init__.py and app/utils/__init__.py.
    assert!(
        edges.contains("app/__init__.py [static,implicit]"),
        "{edges:?}"
    );
    // The explicit `from app.utils import slugify` edge stays explicit.
    assert!(
        edges.contains("app/utils/__init__.py [static]"),
        "{edges:?}"
    );
    // Implicit edges never make cycles (a package importing its submodules).
    assert_eq!(report.summary.cycles, 0);
}

#[test]
fn python_unresolved_imports_say_why() {
    let report = audit("python");
    assert_eq!(
        unresolved(&report),
        set(&[
            "app/outside.py:1 cannot resolve `...`: outside root",
            "app/services/orders.py:26 cannot resolve `app.missing`: not found",
        ])
    );
}

#[test]
fn ecma_import_forms_resolve_to_the_right_modules() {
    let report = audit("ecma");
    assert_eq!(
        edges_from(&report, "src/index.ts"),
        set(&[
            "ext:npm:@scope/pkg [static]",
            "ext:npm:fs [static]",
            "ext:npm:react [static]",
            "lib/q.ts [static]",
            "packages/ui/src/index.ts [static]",
            "src/App.tsx [static]",
            "src/esm.ts [static]",
            "src/lazy.ts [dynamic,lazy]",
            "src/legacy.cjs [require]",
            "src/polyfill.js [static]",
            "src/reexport.ts [reexport]",
            "src/star.ts [reexport]",
            "src/types.ts [static,type_only]",
            "src/util/format.ts [static]",
            "src/util/index.ts [static]",
        ])
    );
    assert_eq!(
        edges_from(&report, "src/util/index.ts"),
        set(&["src/util/timing.ts [reexport]"])
    );
}

#[test]
fn ecma_each_file_resolves_through_its_nearest_tsconfig() {
    let report = audit("ecma");
    assert_eq!(
        edges_from(&report, "admin/admin-src/page.ts"),
        set(&["admin/admin-src/widgets.ts [static]"])
    );
}

#[test]
fn ecma_unresolved_imports_say_why() {
    let report = audit("ecma");
    assert_eq!(
        unresolved(&report),
        set(&["src/index.ts:15 cannot resolve `./nope`: not found"])
    );
}

#[test]
fn python_relative_imports_inside_a_keyword_named_package() {
    let report = audit("python");
    assert_eq!(
        edges_from(&report, "kw/async/tests.py"),
        set(&["kw/async/models.py [static]"])
    );
}

#[test]
fn ecma_implementation_wins_over_its_declaration_file() {
    let report = audit("ecma");
    assert_eq!(
        edges_from(&report, "src/layout.ts"),
        set(&["src/css_variables.js [static]"])
    );
}

/// A workspace monorepo (see its EXPECTED.md): packages exporting build
/// output resolve to the source it is built from, framework typegen imports
/// are one `generated` diagnostic, and Python dotted names broken over
/// lines resolve.
#[test]
fn workspace_packages_typegen_and_continued_python_names() {
    let r = audit("workspace");
    assert_eq!(
        edges_from(&r, "apps/web/app/routes/home.tsx"),
        set(&[
            "ext:npm:react-router [static]",
            "packages/ui/src/index.ts [static]",
            "packages/ui/src/button/index.tsx [static]",
            "packages/ui/src/icons/arrow.tsx [static]",
        ])
    );
    assert_eq!(
        edges_from(&r, "apps/web/app/routes/settings.tsx"),
        set(&["packages/ui/src/button/index.tsx [static]"])
    );
    assert_eq!(
        edges_from(&r, "packages/ui/src/index.ts"),
        set(&[
            "packages/ui/src/button/index.tsx [reexport]",
            "packages/tokens/src/index.ts [reexport]",
        ])
    );
    assert_eq!(
        edges_from(&r, "backend/shop/api.py"),
        set(&[
            "backend/shop/orders/models.py [static]",
            "backend/shop/orders/services.py [static]",
        ])
    );
    assert_eq!(
        unresolved(&r),
        set(&[
            "apps/web/app/routes/home.tsx:5 cannot resolve `@acme/tokens/colors`: \
               workspace package `@acme/tokens` points it at \
               `packages/tokens/build/colors.js`, build output that is not in the tree, and \
               no source maps to it (no tsconfig outDir/rootDir, no src/ beside it): map \
               `@acme/tokens/*` to its source with tsconfig `paths`"
        ])
    );
    let generated: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::Generated)
        .map(|d| format!("{}:{} {}", d.file, d.line.unwrap_or(0), d.message))
        .collect();
    assert_eq!(
        generated,
        vec![
            "apps/web/app/routes/home.tsx:1 2 imports of modules that React Router typegen \
             (`./+types/…`) writes at build time (first: `./+types/home`); they are not in the \
             tree and add no edges. Generate them before auditing to include them"
        ]
    );
    assert_eq!(r.diagnostics.len(), 2, "{:#?}", r.diagnostics);
}
