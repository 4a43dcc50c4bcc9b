//! Property tests: extraction never panics whatever the bytes, and import
//! resolution never leads outside the audited root.

use std::collections::{BTreeMap, HashSet};

use proptest::prelude::*;
use seam::discover::{Language, SourceFile};
use seam::lang::ecma::{EcmaIndex, EcmaTarget, normalize};
use seam::lang::python::{PyTarget, PythonIndex};

fn source(language: Language, path: &str) -> SourceFile {
    SourceFile {
        path: path.into(),
        abs_path: path.into(),
        language,
        bytes: 0,
        modified: None,
    }
}

/// Bytes that look like code often enough to reach deep into the grammars.
fn code_like() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just("import ".to_string()),
        Just("from ".to_string()),
        Just(" . ".to_string()),
        Just("require(".to_string()),
        Just("export * from ".to_string()),
        Just("\"./x\"".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("[".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("\n    ".to_string()),
        Just("window.X = ".to_string()),
        Just("X[1] = ".to_string()),
        Just("class A(models.Model):\n".to_string()),
        Just("fetch(`/api/${id}`)".to_string()),
        "[a-z_]{1,8}".prop_map(|s| s),
        any::<u8>().prop_map(|b| String::from_utf8_lossy(&[b]).into_owned()),
    ];
    proptest::collection::vec(token, 0..60).prop_map(|t| t.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn extraction_never_panics(bytes in code_like(), raw in proptest::collection::vec(any::<u8>(), 0..300)) {
        for (language, path) in [
            (Language::Python, "m.py"),
            (Language::JavaScript, "m.js"),
            (Language::TypeScript, "m.ts"),
            (Language::Tsx, "m.tsx"),
        ] {
            let file = source(language, path);
            let facts = seam::extract::extract(&file, &bytes);
            prop_assert_eq!(facts.path.as_str(), path);
            seam::extract::extract(&file, &raw);
        }
    }

    #[test]
    fn python_resolution_stays_inside_the_root(
        spec in "[.]{0,4}[a-z]{0,3}([.][a-z]{1,3}){0,3}",
        names in proptest::collection::vec("[a-z]{1,3}", 0..3),
    ) {
        let files = ["a/__init__.py", "a/b.py", "a/c/__init__.py", "a/c/d.py", "x.py", "s/t.py"];
        let index = PythonIndex::new(files.iter().copied(), &[]);
        for importer in ["a/b.py", "a/c/d.py", "x.py", "s/t.py"] {
            for target in index.resolve(importer, &spec, &names) {
                if let PyTarget::File(path) = target {
                    prop_assert!(files.contains(&path.as_str()), "{} from {}: {}", spec, importer, path);
                }
            }
        }
    }

    #[test]
    fn ecma_resolution_stays_inside_the_root(spec in "(\\.{1,2}/){0,6}[a-z@/.*-]{0,12}") {
        let files: HashSet<String> = ["src/a.ts", "src/b/index.ts", "lib/c.js", "package.json"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (index, _) = EcmaIndex::new(&files, &BTreeMap::new());
        for importer in ["src/a.ts", "src/b/index.ts", "lib/c.js"] {
            if let EcmaTarget::File(path) | EcmaTarget::Asset(path) = index.resolve(importer, &spec) {
                prop_assert!(files.contains(&path), "{} from {}: {}", spec, importer, path);
            }
        }
        if let Some(n) = normalize(&spec) {
            prop_assert!(!n.split('/').any(|p| p == ".." || p == "."), "{}", n);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Path templates: parsing what `display` shows gives the same pattern,
    /// and a request that fills each parameter with text matches its route.
    #[test]
    fn path_templates_round_trip_and_match_their_own_requests(
        segments in proptest::collection::vec("([a-z.-]{1,4}|\\{[a-z]{0,3}\\}){1,3}", 0..5),
        trailing in any::<bool>(),
        fill in "[a-z0-9]{1,3}",
    ) {
        use seam::endpoints::link::glob_matches;
        use seam::endpoints::path::{Piece, parse_template};
        let text = format!("/{}{}", segments.join("/"), if trailing { "/" } else { "" });
        let pattern = parse_template(&text, false);
        prop_assert_eq!(parse_template(&pattern.display(), false), pattern.clone());
        for segment in &pattern.segments {
            let filled: String = segment
                .iter()
                .map(|p| match p {
                    Piece::Lit(s) => s.clone(),
                    Piece::Param(_) => fill.clone(),
                })
                .collect();
            prop_assert!(glob_matches(segment, &filled), "{:?} vs {}", segment, filled);
            let longer = format!("{filled}~");
            let ends_in_param = matches!(segment.last(), Some(Piece::Param(_)));
            prop_assert_eq!(glob_matches(segment, &longer), ends_in_param);
        }
    }
}
