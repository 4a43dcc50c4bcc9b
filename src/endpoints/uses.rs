//! Which classes' methods the frontend calls: `api.recipes.duplicateOne(…)`
//! uses `duplicateOne` on whatever `recipes` holds (`this.recipes = new
//! RecipeAPI(…)`). A base class's method is only expanded into a request per
//! subclass where it is used on that subclass (or on a receiver seam cannot
//! place), so a generic CRUD base does not invent a `PATCH` on every API
//! class nobody patches.

use std::collections::{BTreeMap, BTreeSet};

use crate::discover::Language;
use crate::facts::web::Expr;

use super::program::{Ctx, FileIx, Program, Val};

/// Who a method is used on.
#[derive(Debug, Default)]
struct Receivers {
    classes: BTreeSet<(FileIx, u32)>,
    /// Used on a receiver seam cannot place (`this`, a parameter, a value
    /// returned by an unread call): any class may be meant.
    anywhere: bool,
}

#[derive(Debug, Default)]
pub struct MethodUses {
    by_method: BTreeMap<String, Receivers>,
}

impl MethodUses {
    /// Reads every member call and member reference in the frontend's files.
    pub fn build(program: &Program) -> MethodUses {
        let holders = instance_holders(program);
        let mut uses = MethodUses::default();
        for facts in &program.files {
            for (receiver, method) in &facts.web.method_uses {
                let entry = uses.by_method.entry(method.to_string()).or_default();
                match receiver.as_deref() {
                    Some(name) if name != "this" => match holders.get(name) {
                        Some(classes) => entry.classes.extend(classes.iter().copied()),
                        None => entry.anywhere = true,
                    },
                    _ => entry.anywhere = true,
                }
            }
        }
        uses
    }

    /// Whether `method` may run on an instance of class `(file, class)`.
    pub fn used_on(&self, method: &str, class: (FileIx, u32)) -> bool {
        self.by_method
            .get(method)
            .is_some_and(|r| r.anywhere || r.classes.contains(&class))
    }
}

/// Names (variables, properties) that are assigned a project class's
/// instance, with the classes: `this.recipes = new RecipeAPI(requests)` →
/// `recipes` → {RecipeAPI}.
fn instance_holders(program: &Program) -> BTreeMap<String, BTreeSet<(FileIx, u32)>> {
    let mut out: BTreeMap<String, BTreeSet<(FileIx, u32)>> = BTreeMap::new();
    for (file, facts) in program.files.iter().enumerate() {
        if facts.language == Language::Python {
            continue;
        }
        let module = Ctx { file, scope: None };
        let bindings = facts.web.bindings.iter().map(|b| {
            (
                &b.name,
                &b.value,
                Ctx {
                    file,
                    scope: b.scope,
                },
            )
        });
        let attributes = facts
            .web
            .classes
            .iter()
            .flat_map(|c| c.attributes.iter())
            .map(|(name, value)| (name, value, module));
        for (name, value, ctx) in bindings.chain(attributes) {
            if !matches!(value, Expr::Call(call) if call.new) {
                continue;
            }
            if let Val::Instance(f, c) = program.eval(value, ctx) {
                out.entry(name.to_string()).or_default().insert((f, c));
            }
        }
    }
    out
}
