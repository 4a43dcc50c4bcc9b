//! `Node::child_by_field_name` at the price of `child_by_field_id`.
//!
//! tree-sitter turns a field name into its id by comparing it with every field
//! name of the grammar, on every call: on zulip's TypeScript that lookup alone
//! cost 7% as many instructions as parsing, because lowering web facts asks
//! for `function`, `arguments`, `left`, `right`… of every call and binding.
//! Here each (grammar, name) pair is looked up once per thread and kept.

use std::cell::RefCell;

use tree_sitter::{Language, Node};

/// Field ids of the names asked for so far, per grammar.
type Known = Vec<(Language, Vec<(&'static str, Option<u16>)>)>;

thread_local! {
    static KNOWN: RefCell<Known> = const { RefCell::new(Vec::new()) };
}

/// [`Node::child_by_field_name`] with the name's id remembered.
pub trait FieldChild<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>>;
}

impl<'t> FieldChild<'t> for Node<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>> {
        self.child_by_field_id(field_id(&self.language(), name)?)
    }
}

fn field_id(language: &Language, name: &'static str) -> Option<u16> {
    KNOWN.with_borrow_mut(|known| {
        let at = match known.iter().position(|(l, _)| l == language) {
            Some(at) => at,
            None => {
                known.push((language.clone(), Vec::new()));
                known.len() - 1
            }
        };
        let names = &mut known[at].1;
        if let Some((_, id)) = names.iter().find(|(n, _)| *n == name) {
            return *id;
        }
        let id = language.field_id_for_name(name).map(u16::from);
        names.push((name, id));
        id
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_child_as_by_name_in_every_grammar() {
        let cases: [(Language, &str); 3] = [
            (tree_sitter_python::LANGUAGE.into(), "x = f(a)\n"),
            (tree_sitter_javascript::LANGUAGE.into(), "x = f(a);\n"),
            (
                tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
                "x = f(a);\n",
            ),
        ];
        for (language, source) in cases {
            let mut parser = tree_sitter::Parser::new();
            parser.set_language(&language).unwrap();
            let tree = parser.parse(source, None).unwrap();
            let mut cursor = tree.walk();
            let mut nodes = vec![tree.root_node()];
            while let Some(node) = nodes.pop() {
                // Twice: the second answer comes from the remembered id.
                for _ in 0..2 {
                    for name in ["left", "right", "function", "arguments", "nonesuch"] {
                        assert_eq!(node.field(name), node.child_by_field_name(name));
                    }
                }
                nodes.extend(node.children(&mut cursor));
            }
        }
    }
}
