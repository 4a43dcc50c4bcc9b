//! Extraction of one TypeScript file never panics, whatever the bytes, and is
//! pure: the same bytes give the same facts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seam::discover::{Language, SourceFile};

fuzz_target!(|data: &[u8]| {
    let file = SourceFile {
        path: "m.ts".into(),
        abs_path: "m.ts".into(),
        language: Language::TypeScript,
        bytes: data.len() as u64,
        modified: None,
    };
    let facts = seam::extract::extract(&file, data);
    assert_eq!(facts.path, "m.ts");
    assert_eq!(facts.lines, seam::extract::count_lines(data));
});
