//! Collects the web concern's query matches and sorts them into the constructs the
//! language's lowering code turns into [`super::web::WebFacts`], each with the
//! innermost function or class it sits in.
//!
//! Scopes are found by one sweep over byte ranges (containers nest properly in
//! a syntax tree), never by walking up parents, so a 20,000-deep tree costs
//! no more than a flat one.

use std::collections::HashMap;

use compact_str::CompactString;
use tree_sitter::Node;

use crate::syntax::matcher::QueryMatch;

use super::queries::{Capture, LanguageQueries};

/// The innermost function or class around a construct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Container {
    Function(u32),
    Class(u32),
}

/// One matched construct and its captures.
#[derive(Debug, Clone, Copy)]
pub enum Item<'t> {
    Return {
        value: Node<'t>,
    },
    Bind {
        stmt: Node<'t>,
        name: Node<'t>,
        value: Node<'t>,
    },
    Call {
        call: Node<'t>,
    },
    Import {
        stmt: Node<'t>,
        source: Node<'t>,
        name: Option<Node<'t>>,
        alias: Option<Node<'t>>,
    },
    Export {
        stmt: Node<'t>,
    },
}

impl Item<'_> {
    fn start(&self) -> usize {
        match self {
            Item::Return { value } => value.start_byte(),
            Item::Bind { stmt, .. } | Item::Import { stmt, .. } | Item::Export { stmt } => {
                stmt.start_byte()
            }
            Item::Call { call } => call.start_byte(),
        }
    }
}

/// A function or class definition.
#[derive(Debug, Clone, Copy)]
pub struct Def<'t> {
    pub node: Node<'t>,
    pub name: Option<Node<'t>>,
    /// The container the definition itself sits in.
    pub parent: Option<Container>,
}

#[derive(Debug, Default)]
pub struct Scan<'t> {
    /// In source order; a function's index is its position here.
    pub functions: Vec<Def<'t>>,
    pub classes: Vec<Def<'t>>,
    /// In source order, with their innermost container.
    pub items: Vec<(Item<'t>, Option<Container>)>,
    /// Function node id → index, so an inline lambda can be referred to.
    pub function_ids: HashMap<usize, u32>,
}

/// Gathers the web concern's matches during the one query walk of a file.
#[derive(Default)]
pub struct WebCollector<'t> {
    functions: Vec<Def<'t>>,
    classes: Vec<Def<'t>>,
    items: Vec<Item<'t>>,
}

impl<'t> WebCollector<'t> {
    pub fn add(&mut self, queries: &LanguageQueries, m: &QueryMatch<'_, 't>) {
        let get = |want: Capture| {
            m.captures()
                .iter()
                .find(|c| queries.query.captures[c.index as usize] == want)
                .map(|c| c.node)
        };
        let name = get(Capture::DefName);
        if let Some(node) = get(Capture::DefFunction) {
            self.functions.push(Def {
                node,
                name,
                parent: None,
            });
        } else if let Some(node) = get(Capture::DefClass) {
            self.classes.push(Def {
                node,
                name,
                parent: None,
            });
        } else if let Some(value) = get(Capture::DefReturn) {
            self.items.push(Item::Return { value });
        } else if let (Some(stmt), Some(name), Some(value)) = (
            get(Capture::BindStmt),
            get(Capture::BindName),
            get(Capture::BindValue),
        ) {
            self.items.push(Item::Bind { stmt, name, value });
        } else if let Some(call) = get(Capture::CallExpr) {
            self.items.push(Item::Call { call });
        } else if let (Some(stmt), Some(source)) =
            (get(Capture::ImportStmt), get(Capture::ImportSource))
        {
            self.items.push(Item::Import {
                stmt,
                source,
                name: get(Capture::ImportName),
                alias: get(Capture::ImportAlias),
            });
        } else if let Some(stmt) = get(Capture::DefExport) {
            self.items.push(Item::Export { stmt });
        }
    }

    /// Every construct with the innermost function or class around it.
    pub fn finish(self) -> Scan<'t> {
        let WebCollector {
            mut functions,
            mut classes,
            mut items,
        } = self;
        dedup_by_node(&mut functions);
        dedup_by_node(&mut classes);
        let function_ids = functions
            .iter()
            .enumerate()
            .map(|(i, d)| (d.node.id(), i as u32))
            .collect();
        let mut scan = Scan {
            functions,
            classes,
            items: Vec::new(),
            function_ids,
        };
        items.sort_by_key(|i| i.start());
        scan.items = assign(&mut scan, items);
        scan
    }
}

fn dedup_by_node(defs: &mut Vec<Def>) {
    defs.sort_by_key(|d| (d.node.start_byte(), std::cmp::Reverse(d.node.end_byte())));
    defs.dedup_by_key(|d| d.node.id());
}

/// Sweeps definitions and items in source order with a stack of open
/// containers; the top of the stack is the innermost one.
fn assign<'t>(scan: &mut Scan<'t>, items: Vec<Item<'t>>) -> Vec<(Item<'t>, Option<Container>)> {
    let starts: Vec<usize> = items.iter().map(Item::start).collect();
    let containers = innermost(scan, &starts);
    items.into_iter().zip(containers).collect()
}

/// The innermost container of each byte offset (in the order given); also
/// records each definition's own container.
pub fn innermost(scan: &mut Scan, starts: &[usize]) -> Vec<Option<Container>> {
    enum Event {
        Function(usize),
        Class(usize),
        At(usize),
    }
    let mut events: Vec<(usize, u8, usize, Event)> = Vec::new();
    for (i, f) in scan.functions.iter().enumerate() {
        // Containers that start at the same byte: the longer one is outer.
        let end = usize::MAX - f.node.end_byte();
        events.push((f.node.start_byte(), 0, end, Event::Function(i)));
    }
    for (i, c) in scan.classes.iter().enumerate() {
        let end = usize::MAX - c.node.end_byte();
        events.push((c.node.start_byte(), 0, end, Event::Class(i)));
    }
    for (i, start) in starts.iter().enumerate() {
        events.push((*start, 1, 0, Event::At(i)));
    }
    events.sort_by_key(|(start, order, end, _)| (*start, *order, *end));
    let mut stack: Vec<(usize, Container)> = Vec::new();
    let mut out: Vec<Option<Container>> = vec![None; starts.len()];
    for (start, _, _, event) in events {
        while stack.last().is_some_and(|(end, _)| *end <= start) {
            stack.pop();
        }
        let top = stack.last().map(|(_, c)| *c);
        match event {
            Event::Function(i) => {
                scan.functions[i].parent = top;
                stack.push((
                    scan.functions[i].node.end_byte(),
                    Container::Function(i as u32),
                ));
            }
            Event::Class(i) => {
                scan.classes[i].parent = top;
                stack.push((scan.classes[i].node.end_byte(), Container::Class(i as u32)));
            }
            Event::At(i) => out[i] = top,
        }
    }
    out
}

/// The dotted name of the innermost named function or class around each
/// byte offset: `Class.method`, `outer.inner`, `""` at module level.
/// Lambdas take their container's name.
pub fn scope_names(scan: &mut Scan, starts: &[usize], source: &[u8]) -> Vec<String> {
    let containers = innermost(scan, starts);
    let mut memo: HashMap<Container, String> = HashMap::new();
    containers
        .into_iter()
        .map(|c| c.map_or_else(String::new, |c| qualified(scan, c, source, &mut memo)))
        .collect()
}

fn qualified(
    scan: &Scan,
    container: Container,
    source: &[u8],
    memo: &mut HashMap<Container, String>,
) -> String {
    // Walk up to the first container already named (or the top), then name
    // each on the way back down: every container is named once per file.
    let mut chain: Vec<Container> = Vec::new();
    let mut at = Some(container);
    let mut prefix = String::new();
    while let Some(c) = at {
        if let Some(name) = memo.get(&c) {
            prefix = name.clone();
            break;
        }
        chain.push(c);
        at = match c {
            Container::Function(i) => scan.functions[i as usize].parent,
            Container::Class(i) => scan.classes[i as usize].parent,
        };
    }
    for c in chain.into_iter().rev() {
        let def = match c {
            Container::Function(i) => &scan.functions[i as usize],
            Container::Class(i) => &scan.classes[i as usize],
        };
        // Lambdas take their container's name.
        if let Some(name) = def.name {
            let name = text(name, source);
            prefix = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}.{name}")
            };
        }
        memo.insert(c, prefix.clone());
    }
    prefix
}

/// The text of a node, lossily decoded.
pub fn text(node: Node, source: &[u8]) -> String {
    String::from_utf8_lossy(&source[node.byte_range()]).into_owned()
}

/// [`text`] as a fact's name: names this short are stored inline, with no
/// heap block of their own.
pub fn name_text(node: Node, source: &[u8]) -> CompactString {
    CompactString::from_utf8_lossy(&source[node.byte_range()])
}

pub fn line(node: Node) -> u32 {
    node.start_position().row as u32 + 1
}
