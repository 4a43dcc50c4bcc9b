//! Syntax-tree plumbing shared by extraction and the language rules: the
//! compiled tree-sitter queries (`queries/`), the scan of a file's matches
//! into containers and items, and tree helpers written against deep trees.
//! It knows grammars and capture names, never what a fact means.

pub mod matcher;
pub mod queries;
pub mod scan;

use tree_sitter::Node;

/// The ancestors of `node`, outermost first, found by one descent from the
/// root. tree-sitter's `Node::parent` searches down from the root on every
/// call, so walking up with it costs O(depth²): seconds on a file nested
/// 20,000 deep. This costs O(depth).
pub fn ancestors<'t>(root: Node<'t>, node: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut cursor = root.walk();
    let target = (node.start_byte(), node.end_byte());
    loop {
        let current = cursor.node();
        if current.id() == node.id() {
            return out;
        }
        out.push(current);
        // Step into the child that contains the node (the last child that
        // starts at or before it, since zero-width children can share a start).
        if cursor.goto_first_child_for_byte(target.0).is_none() {
            return out;
        }
        while cursor.node().id() != node.id() {
            let candidate = cursor.node();
            let contains = candidate.start_byte() <= target.0 && candidate.end_byte() >= target.1;
            if contains {
                break;
            }
            if !cursor.goto_next_sibling() {
                return out;
            }
        }
    }
}
