//! The overview's short plain-language reading of a report: a few sentences
//! an architect can read aloud, every number taken from the report.

use super::super::model::Report;

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn reading(report: &Report) -> Vec<String> {
    let s = &report.summary;
    let mut out = Vec::new();
    let languages: Vec<String> = s
        .languages
        .iter()
        .map(|(language, n)| format!("{n} {language}"))
        .collect();
    out.push(format!(
        "seam read {} ({}) with {} lines{}.",
        plural(s.files_analyzed, "source file", "source files"),
        languages.join(", "),
        s.lines,
        if s.files_skipped > 0 {
            format!(
                "; {} skipped, each listed below with its reason",
                plural(s.files_skipped, "file was", "files were")
            )
        } else {
            String::new()
        }
    ));
    let modules = report.modules.iter().filter(|m| m.kind == "module");
    let most_used = modules
        .clone()
        .max_by(|a, b| a.fan_in.cmp(&b.fan_in).then(b.id.cmp(&a.id)));
    let most_dependent = modules.max_by(|a, b| a.fan_out.cmp(&b.fan_out).then(b.id.cmp(&a.id)));
    if let (Some(used), Some(dependent)) = (most_used, most_dependent)
        && used.fan_in > 0
    {
        out.push(format!(
                "The most depended-on module is {} (imported by {}); the module that depends on most others is {} (imports {}).",
                used.id,
                plural(used.fan_in, "module", "modules"),
                dependent.id,
                plural(dependent.fan_out, "module", "modules"),
            ));
    }
    match report.cycles.first() {
        None => out.push("There are no import cycles: the module graph is layered.".into()),
        Some(largest) => {
            let in_cycles: u32 = report.cycles.iter().map(|c| c.size).sum();
            out.push(format!(
                "{} tie {} together; the largest knot holds {} — for example {}. Each knot has to move as one piece or be untied first.",
                plural(s.cycles, "import cycle", "import cycles"),
                plural(in_cycles, "module", "modules"),
                plural(largest.size, "module", "modules"),
                largest.path.join(" → "),
            ));
        }
    }
    out.push(format!(
        "The code imports {} from outside the repository.",
        plural(s.external_packages, "external package", "external packages")
    ));
    if s.unresolved_imports > 0 {
        out.push(format!(
            "{} could not be resolved; the diagnostics say why.",
            plural(s.unresolved_imports, "import", "imports")
        ));
    }
    out
}
