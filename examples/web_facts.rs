//! Prints the web facts extraction lowers one file to (functions, classes,
//! bindings, calls), as JSON: what the endpoints stage sees of the file.
//!
//!     cargo run --release --example web_facts -- FILE

use seam::discover::{Language, SourceFile};

fn main() {
    let path = std::env::args().nth(1).expect("usage: web_facts FILE");
    let content = std::fs::read(&path).expect("readable file");
    let language = Language::from_path(&path).expect("a source file seam reads");
    let file = SourceFile {
        path: path.clone(),
        abs_path: path.clone().into(),
        language,
        bytes: content.len() as u64,
        modified: None,
    };
    let facts = seam::extract::extract(&file, &content);
    let json = serde_json::to_string_pretty(&facts.web).expect("serialisable");
    std::io::Write::write_all(&mut std::io::stdout(), json.as_bytes()).ok();
}
