//! The overview's short plain-language reading of a report: a few sentences
//! an architect can read aloud, every number taken from the report.

use super::super::model::Report;
use super::seams::count;

pub fn plural(n: u32, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        count(u64::from(n)),
        if n == 1 { one } else { many }
    )
}

pub fn reading(report: &Report) -> Vec<String> {
    let s = &report.summary;
    let mut out = Vec::new();
    let languages: Vec<String> = s
        .languages
        .iter()
        .map(|(language, n)| format!("{} {language}", count(u64::from(*n))))
        .collect();
    out.push(format!(
        "seam read {} ({}) with {} lines{}.",
        plural(s.files_analyzed, "source file", "source files"),
        languages.join(", "),
        count(s.lines),
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
    // Import-time knots are what must move together; lazy and type-only
    // imports only add coupling, said apart.
    match report.import_cycles.first() {
        None => out.push(
            "No modules import each other when they load: the module graph is layered.".into(),
        ),
        Some(largest) => {
            let in_cycles: u32 = report.import_cycles.iter().map(|c| c.size).sum();
            out.push(format!(
                "{} tie {} together when they load; the largest knot holds {} — for example {}. Each knot has to move as one piece or be untied first: the Cycles section lists the fewest imports to untie each.",
                plural(report.import_cycles.len() as u32, "import-time cycle", "import-time cycles"),
                plural(in_cycles, "module", "modules"),
                plural(largest.size, "module", "modules"),
                largest.path.join(" → "),
            ));
        }
    }
    let coupled: u32 = report.cycles.iter().map(|c| c.size).sum();
    let tied: u32 = report.import_cycles.iter().map(|c| c.size).sum();
    if coupled > tied {
        out.push(format!(
            "Counting function-local and type-only imports too, {} tie {}: coupling to untangle, but not what stops a module loading alone.",
            plural(s.cycles, "cycle", "cycles"),
            plural(coupled, "module", "modules"),
        ));
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
