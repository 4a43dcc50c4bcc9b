//! Runs the `queries/` patterns over a tree read once with a plain `TreeCursor`.
//!
//! tree-sitter's own `QueryCursor` pays for generality on every node it
//! enters (ranges, parent lookups, field and supertype status for each
//! in-progress state): on zulip its walk cost twice a bare cursor pass before
//! any pattern matched. Our patterns use a small part of the query language,
//! so the `.scm` files stay the single source and this module reads them:
//! node kinds, `field:` children, `!field`, `[alternations]`, `_`/`(_)`,
//! `"anonymous"` nodes, `.` anchors, captures, `#eq?`, `#any-of?`,
//! `#match?` (and their `#not-` forms) and `#set!`. Anything else is an error
//! when the queries load, never a silent miss.
//!
//! Matches mean what tree-sitter's mean, and come in its order: one per
//! distinct set of captures of a pattern at a node, reported in the order
//! their last node is reached in the walk (ties: outer root first, then
//! pattern order). `tests/matcher_oracle.rs` runs both engines over every
//! fixture (and, with `SEAM_ORACLE_DIR`, over a corpus) and compares the
//! sequences.

use std::collections::HashSet;

use tree_sitter::{Language as Grammar, Node, QueryCapture};

/// A parsed pattern file set: every pattern with its root element, predicates
/// and `#set!` properties, indexed by the node kinds a pattern can start at.
pub struct Matcher {
    patterns: Vec<Pattern>,
    capture_names: Vec<String>,
    /// Node kind id → the patterns whose root can match that kind.
    by_kind: Vec<Vec<u16>>,
    /// Patterns whose root is `_` or `(_)`: tried on every node.
    any_kind: Vec<u16>,
    /// Node kind id → whether some pattern reads the fields of that kind's
    /// children (`function:`, `!arguments`); only those children's fields
    /// are looked up when the tree is read.
    field_parents: Vec<bool>,
}

struct Pattern {
    root: Elem,
    /// Cheap tests the root must pass before the full match is tried (see
    /// [`Guard`]).
    guards: Vec<Guard>,
    predicates: Vec<Predicate>,
    properties: Vec<(String, String)>,
    /// Byte range of the pattern in the query text.
    span: (usize, usize),
}

/// One element of a pattern: a node test with its children, or an
/// alternation; with the field it must sit in and its captures.
struct Elem {
    field: Option<u16>,
    captures: Vec<u16>,
    kind: ElemKind,
}

enum ElemKind {
    Node {
        test: KindTest,
        children: Vec<Child>,
        /// `!field`: the node has no child in that field.
        absent: Vec<u16>,
        /// A `.` after the last child: it is the last named child.
        anchored_end: bool,
    },
    Alternatives(Vec<Elem>),
}

struct Child {
    elem: Elem,
    /// A `.` before it: the first named child, or the named sibling right
    /// after the previous child's.
    anchored: bool,
}

enum KindTest {
    /// `_`: any node.
    Any,
    /// `(_)`: any named node.
    AnyNamed,
    /// Every symbol id spelled that way (aliases share a name).
    Ids(Vec<u16>),
}

/// A descendant a pattern requires, read off the pattern itself: a path of
/// children, each in a field and of one of some kinds, whose last node's
/// text the pattern's predicates on its captures accept. A node without one
/// cannot match, so it is turned away before the full match: most nodes a
/// pattern is tried at are calls of some other function, and the full match
/// costs hundreds of instructions to find that out.
///
/// Under an alternation in a field (`function: [(identifier) @f (attribute
/// attribute: (identifier) @f)]`) the guard has one path per alternative and
/// admits a node with any of them.
struct Guard {
    paths: Vec<GuardPath>,
}

struct GuardPath {
    steps: Vec<(u16, Vec<u16>)>,
    predicates: Vec<usize>,
}

/// At most this many guards a pattern: each is a walk over the root's
/// children.
const MAX_GUARDS: usize = 3;

/// The guards of a pattern rooted at `root`: each child in a field whose
/// kind is named, with the children below it that carry predicates.
fn guards(root: &Elem, predicates: &[Predicate]) -> Vec<Guard> {
    /// The predicates on a node's own captures.
    fn checks(elem: &Elem, predicates: &[Predicate]) -> Vec<usize> {
        predicates
            .iter()
            .enumerate()
            .filter(|(_, p)| elem.captures.contains(&p.capture()))
            .map(|(i, _)| i)
            .collect()
    }
    /// The path to test for one alternative: to its own captures' predicates,
    /// else to the shallowest child with some, else its kind alone. Without
    /// the capture a predicate tests, tree-sitter counts the predicate as
    /// held, so an alternative that binds none passes on its kind.
    fn alternative(
        alt: &Elem,
        field: u16,
        path: &mut Vec<(u16, Vec<u16>)>,
        predicates: &[Predicate],
    ) -> Option<GuardPath> {
        let ElemKind::Node {
            test: KindTest::Ids(ids),
            ..
        } = &alt.kind
        else {
            return None;
        };
        path.push((field, ids.clone()));
        let own = checks(alt, predicates);
        let found = if own.is_empty() {
            let mut below = Vec::new();
            walk(alt, path, predicates, &mut below);
            below.sort_by_key(sort_key);
            below
                .into_iter()
                .filter_map(|g| match <[GuardPath; 1]>::try_from(g.paths) {
                    Ok([p]) if !p.predicates.is_empty() => Some(p),
                    _ => None,
                })
                .next()
        } else {
            None
        };
        let found = found.unwrap_or_else(|| GuardPath {
            steps: path.clone(),
            predicates: own,
        });
        path.pop();
        Some(found)
    }
    fn walk(
        elem: &Elem,
        path: &mut Vec<(u16, Vec<u16>)>,
        predicates: &[Predicate],
        out: &mut Vec<Guard>,
    ) {
        let ElemKind::Node { children, .. } = &elem.kind else {
            return;
        };
        for child in children {
            let Some(field) = child.elem.field else {
                continue;
            };
            match &child.elem.kind {
                ElemKind::Node {
                    test: KindTest::Ids(ids),
                    ..
                } => {
                    path.push((field, ids.clone()));
                    let checks = checks(&child.elem, predicates);
                    // A path one step deep is worth testing on its own; deeper
                    // ones only with a predicate at their end.
                    if path.len() == 1 || !checks.is_empty() {
                        out.push(Guard {
                            paths: vec![GuardPath {
                                steps: path.clone(),
                                predicates: checks,
                            }],
                        });
                    }
                    walk(&child.elem, path, predicates, out);
                    path.pop();
                }
                ElemKind::Alternatives(alts) => {
                    let paths: Option<Vec<GuardPath>> = alts
                        .iter()
                        .map(|alt| alternative(alt, field, path, predicates))
                        .collect();
                    if let Some(paths) = paths
                        && (path.is_empty() || paths.iter().all(|p| !p.predicates.is_empty()))
                    {
                        out.push(Guard { paths });
                    }
                }
                ElemKind::Node { .. } => {}
            }
        }
    }
    /// Those ending in a predicate turn away the most: first.
    fn sort_key(g: &Guard) -> (bool, usize) {
        (
            g.paths.iter().any(|p| p.predicates.is_empty()),
            g.paths.iter().map(|p| p.steps.len()).max().unwrap_or(0),
        )
    }
    let mut out = Vec::new();
    walk(root, &mut Vec::new(), predicates, &mut out);
    out.sort_by_key(sort_key);
    out.truncate(MAX_GUARDS);
    out
}

impl Guard {
    /// Whether the node at `at` has the descendant this guard asks for.
    fn admits(&self, at: u32, walk: &Walk, predicates: &[Predicate]) -> bool {
        self.paths
            .iter()
            .any(|p| p.admits_below(&p.steps, at, walk, predicates))
    }
}

impl GuardPath {
    /// [`Guard::admits`] for the rest of one path, from the node at `at`.
    fn admits_below(
        &self,
        path: &[(u16, Vec<u16>)],
        at: u32,
        walk: &Walk,
        predicates: &[Predicate],
    ) -> bool {
        let Some(((field, kinds), rest)) = path.split_first() else {
            let text = &walk.source[walk.tree[at as usize].node.byte_range()];
            return self.predicates.iter().all(|&p| predicates[p].accepts(text));
        };
        // The children by index, as in `kids`, without an iterator chain:
        // this runs at every node a pattern is tried at.
        let end = walk.tree[at as usize].end;
        let mut kid = at + 1;
        while kid < end {
            let flat = &walk.tree[kid as usize];
            if flat.field == *field
                && kinds.contains(&flat.kind)
                && self.admits_below(rest, kid, walk, predicates)
            {
                return true;
            }
            kid = flat.end;
        }
        false
    }
}

enum Predicate {
    Eq(u16, String, bool),
    /// The strings sorted: a binary search beats hashing the text with
    /// SipHash (a third of the cost of checking these predicates).
    AnyOf(u16, Vec<Vec<u8>>, bool),
    Match(u16, regex::bytes::Regex, bool),
}

/// One match: its pattern and captures (tree-sitter's capture type).
pub struct QueryMatch<'a, 't> {
    pub pattern_index: usize,
    captures: &'a [QueryCapture<'t>],
}

impl<'a, 't> QueryMatch<'a, 't> {
    pub fn captures(&self) -> &'a [QueryCapture<'t>] {
        self.captures
    }
}

/// A node of the tree laid out in preorder, as the matcher reads it: its
/// subtree is the entries after it up to `end`, so its first child is the
/// next entry and each child's `end` is the next child.
///
/// The tree is read once into this array with one `TreeCursor` pass. Trying
/// patterns then looks at children by index: tree-sitter's cursor costs
/// hundreds of instructions a step, and gathering each pattern root's
/// children with a second cursor stepped most of the tree twice.
#[derive(Clone, Copy)]
struct Flat<'t> {
    node: Node<'t>,
    /// Index past the last node of the subtree.
    end: u32,
    depth: u32,
    kind: u16,
    /// The field the node sits in under its parent, 0 for none (or when no
    /// pattern reads fields under its parent's kind).
    field: u16,
    named: bool,
}

/// `root`'s subtree in preorder (see [`Flat`]).
fn flatten<'t>(root: Node<'t>, field_parents: &[bool], out: &mut Vec<Flat<'t>>) {
    let mut cursor = root.walk();
    // Entries whose subtree is still being read, with how many of their
    // children are still to come. Counting them (a node knows how many it
    // has) spares the cursor a failing `goto_next_sibling` after each last
    // child, which climbs through every hidden node above it before it fails.
    let mut open: Vec<(u32, u32)> = Vec::new();
    loop {
        let node = cursor.node();
        let children = node.child_count();
        // A field lookup climbs the cursor's stack: only where a pattern reads it.
        let reads_fields = open.last().is_some_and(|&(parent, _)| {
            field_parents
                .get(out[parent as usize].kind as usize)
                .copied()
                .unwrap_or(true)
        });
        out.push(Flat {
            node,
            end: 0,
            depth: open.len() as u32,
            kind: node.kind_id(),
            field: if reads_fields {
                cursor.field_id().map_or(0, u16::from)
            } else {
                0
            },
            named: node.is_named(),
        });
        open.push((out.len() as u32 - 1, children));
        if children > 0 && cursor.goto_first_child() {
            continue;
        }
        loop {
            let (done, _) = open.pop().expect("the node just left is open");
            out[done as usize].end = out.len() as u32;
            // The cursor never leaves `root`.
            let Some((_, left)) = open.last_mut() else {
                return;
            };
            *left -= 1;
            if *left > 0 && cursor.goto_next_sibling() {
                break;
            }
            cursor.goto_parent();
        }
    }
}

/// A match found during the walk, before sorting into tree-sitter's order.
struct Found {
    /// Preorder index of the match's last node.
    last: u32,
    root_depth: u32,
    pattern: u16,
    /// Range in the capture arena.
    captures: (u32, u32),
}

struct Walk<'s, 't> {
    source: &'s [u8],
    tree: &'s [Flat<'t>],
    /// The predicates of the pattern being tried: each is checked as soon as
    /// its capture is bound, so a call named otherwise is not looked into.
    predicates: &'s [Predicate],
    stack: Vec<QueryCapture<'t>>,
    /// The node matched last (preorder index): children are tried in order,
    /// so it is the match's last node in the walk.
    last: Option<u32>,
    arena: Vec<QueryCapture<'t>>,
    found: Vec<Found>,
}

impl Matcher {
    /// Parses query text against a grammar. Errors end with `at byte N`, the
    /// offset in `text` (`queries::compile` turns it into the file's name).
    pub fn new(grammar: &Grammar, text: &str) -> Result<Matcher, String> {
        let mut parser = QueryParser {
            grammar,
            tokens: tokenize(text)?,
            at: 0,
            captures: Vec::new(),
        };
        let mut patterns = Vec::new();
        while parser.at < parser.tokens.len() {
            patterns.push(parser.pattern()?);
        }
        let mut by_kind = vec![Vec::new(); grammar.node_kind_count()];
        let mut any_kind = Vec::new();
        for (index, pattern) in patterns.iter().enumerate() {
            let index = u16::try_from(index).map_err(|_| "too many patterns".to_string())?;
            let mut ids = Vec::new();
            if root_kinds(&pattern.root, &mut ids) {
                any_kind.push(index);
            } else {
                ids.sort_unstable();
                ids.dedup();
                for id in ids {
                    by_kind[id as usize].push(index);
                }
            }
        }
        let mut field_parents = vec![false; grammar.node_kind_count()];
        for pattern in &patterns {
            mark_field_parents(&pattern.root, &mut field_parents);
        }
        Ok(Matcher {
            field_parents,
            patterns,
            capture_names: parser.captures,
            by_kind,
            any_kind,
        })
    }

    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Capture names by index, in order of first appearance (as tree-sitter numbers them).
    pub fn capture_names(&self) -> &[String] {
        &self.capture_names
    }

    pub fn start_byte_for_pattern(&self, pattern: usize) -> usize {
        self.patterns[pattern].span.0
    }

    pub fn end_byte_for_pattern(&self, pattern: usize) -> usize {
        self.patterns[pattern].span.1
    }

    /// Stops trying a pattern (`examples/query_cost.rs` times what each costs).
    pub fn disable_pattern(&mut self, pattern: usize) {
        for list in self.by_kind.iter_mut().chain([&mut self.any_kind]) {
            list.retain(|&p| p as usize != pattern);
        }
    }

    /// A pattern's `#set! key "value"`.
    pub fn property(&self, pattern: usize, key: &str) -> Option<&str> {
        self.patterns[pattern]
            .properties
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Calls `each` with every match under `root`, in tree-sitter's order.
    pub fn for_each_match<'t>(
        &self,
        root: Node<'t>,
        source: &[u8],
        mut each: impl FnMut(&QueryMatch<'_, 't>),
    ) {
        let mut tree = Vec::with_capacity(root.descendant_count());
        flatten(root, &self.field_parents, &mut tree);
        let mut walk = Walk {
            source,
            tree: &tree,
            predicates: &[],
            stack: Vec::new(),
            last: None,
            arena: Vec::new(),
            found: Vec::new(),
        };
        for at in 0..tree.len() as u32 {
            let kind = tree[at as usize].kind;
            let candidates = self
                .by_kind
                .get(kind as usize)
                .map_or(&[][..], Vec::as_slice);
            for &pattern in candidates.iter().chain(&self.any_kind) {
                self.try_pattern(pattern, at, &mut walk);
            }
        }
        walk.found
            .sort_by_key(|f| (f.last, f.root_depth, f.pattern));
        for found in &walk.found {
            let m = QueryMatch {
                pattern_index: found.pattern as usize,
                captures: &walk.arena[found.captures.0 as usize..found.captures.1 as usize],
            };
            each(&m);
        }
    }

    fn try_pattern<'s, 't>(&'s self, index: u16, root: u32, walk: &mut Walk<'s, 't>) {
        let pattern = &self.patterns[index as usize];
        if !pattern
            .guards
            .iter()
            .all(|g| g.admits(root, walk, &pattern.predicates))
        {
            return;
        }
        let first = walk.found.len();
        walk.predicates = &pattern.predicates;
        // Past a few matches at one root, earlier capture sets are looked up
        // in a set: a module of 40,000 assignments matched `(module (…
        // (assignment …)))` 40,000 times, and comparing each with all before
        // took seconds.
        let mut seen: Option<HashSet<Vec<(u32, usize)>>> = None;
        let key = |captures: &[QueryCapture]| -> Vec<(u32, usize)> {
            captures.iter().map(|c| (c.index, c.node.id())).collect()
        };
        // Each predicate held when its capture was bound (`match_elem`), so a
        // complete match needs no second look.
        match_elem(&pattern.root, root, walk, &mut |walk| {
            // One match per distinct capture set (tree-sitter drops the copies
            // that differ only in uncaptured nodes).
            if walk.found.len() - first < LINEAR_DEDUP {
                let same = walk.found[first..].iter().any(|f| {
                    let earlier = &walk.arena[f.captures.0 as usize..f.captures.1 as usize];
                    earlier.len() == walk.stack.len()
                        && earlier
                            .iter()
                            .zip(&walk.stack)
                            .all(|(a, b)| a.index == b.index && a.node.id() == b.node.id())
                });
                if same {
                    return;
                }
            } else {
                let seen = seen.get_or_insert_with(|| {
                    walk.found[first..]
                        .iter()
                        .map(|f| key(&walk.arena[f.captures.0 as usize..f.captures.1 as usize]))
                        .collect()
                });
                if !seen.insert(key(&walk.stack)) {
                    return;
                }
            }
            let start = walk.arena.len() as u32;
            walk.arena.extend_from_slice(&walk.stack);
            walk.found.push(Found {
                last: walk.last.unwrap_or(root),
                root_depth: walk.tree[root as usize].depth,
                pattern: index,
                captures: (start, walk.arena.len() as u32),
            });
        });
        // tree-sitter keeps the longest of two matches where one's captures
        // hold all of the other's (`[(a …) (a … type: …)]` both matching).
        // Only a match with fewer captures than another can be dropped.
        let lengths = walk.found[first..]
            .iter()
            .map(|f| f.captures.1 - f.captures.0);
        let uneven = lengths.clone().min() != lengths.max();
        if walk.found.len() - first > 1 && uneven {
            let captures = |f: &Found| &walk.arena[f.captures.0 as usize..f.captures.1 as usize];
            let contained = |small: &[QueryCapture], big: &[QueryCapture]| {
                small.len() < big.len()
                    && small.iter().all(|s| {
                        big.iter()
                            .any(|b| b.index == s.index && b.node.id() == s.node.id())
                    })
            };
            let shorter: Vec<bool> = walk.found[first..]
                .iter()
                .map(|f| {
                    walk.found[first..]
                        .iter()
                        .any(|g| contained(captures(f), captures(g)))
                })
                .collect();
            let mut at = 0;
            walk.found.retain(|_| {
                at += 1;
                at <= first || !shorter[at - 1 - first]
            });
        }
    }
}

/// Matches at one root up to which a new capture set is compared with each
/// earlier one; past it, looked up in a set.
const LINEAR_DEDUP: usize = 16;

/// Marks the kinds whose children `elem` (or an element inside it) tests
/// by field; `_` and `(_)` with such children mark every kind.
fn mark_field_parents(elem: &Elem, marks: &mut [bool]) {
    match &elem.kind {
        ElemKind::Node {
            test,
            children,
            absent,
            ..
        } => {
            if !absent.is_empty() || children.iter().any(|c| c.elem.field.is_some()) {
                match test {
                    KindTest::Ids(ids) => {
                        for &id in ids {
                            if let Some(mark) = marks.get_mut(id as usize) {
                                *mark = true;
                            }
                        }
                    }
                    KindTest::Any | KindTest::AnyNamed => marks.fill(true),
                }
            }
            for child in children {
                mark_field_parents(&child.elem, marks);
            }
        }
        ElemKind::Alternatives(alternatives) => {
            for alternative in alternatives {
                mark_field_parents(alternative, marks);
            }
        }
    }
}

/// The kinds a pattern's root can match; true when it is `_` or `(_)`.
fn root_kinds(elem: &Elem, ids: &mut Vec<u16>) -> bool {
    match &elem.kind {
        ElemKind::Node { test, .. } => match test {
            KindTest::Ids(own) => {
                ids.extend(own);
                false
            }
            KindTest::Any | KindTest::AnyNamed => true,
        },
        ElemKind::Alternatives(alternatives) => {
            let mut any = false;
            for alternative in alternatives {
                any |= root_kinds(alternative, ids);
            }
            any
        }
    }
}

impl Predicate {
    fn capture(&self) -> u16 {
        match self {
            Predicate::Eq(i, ..) | Predicate::AnyOf(i, ..) | Predicate::Match(i, ..) => *i,
        }
    }

    fn holds(&self, captures: &[QueryCapture], source: &[u8]) -> bool {
        // tree-sitter: a capture absent from the match satisfies the predicate.
        captures
            .iter()
            .filter(|c| c.index == u32::from(self.capture()))
            .all(|c| self.accepts(&source[c.node.byte_range()]))
    }

    /// Whether a capture with this text satisfies the predicate.
    fn accepts(&self, text: &[u8]) -> bool {
        let (hit, positive) = match self {
            Predicate::Eq(_, s, p) => (text == s.as_bytes(), p),
            Predicate::AnyOf(_, set, p) => {
                (set.binary_search_by(|s| s.as_slice().cmp(text)).is_ok(), p)
            }
            Predicate::Match(_, re, p) => (re.is_match(text), p),
        };
        hit == *positive
    }
}

type Then<'f, 's, 't> = dyn FnMut(&mut Walk<'s, 't>) + 'f;

fn match_elem<'s, 't>(elem: &Elem, at: u32, walk: &mut Walk<'s, 't>, then: &mut Then<'_, 's, 't>) {
    let flat = walk.tree[at as usize];
    // A node of another kind fails before its captures are bound or its
    // predicates read its text.
    if let ElemKind::Node { test, .. } = &elem.kind {
        let kind_matches = match test {
            KindTest::Any => true,
            KindTest::AnyNamed => flat.named,
            KindTest::Ids(ids) => ids.contains(&flat.kind),
        };
        if !kind_matches {
            return;
        }
    }
    let mark = walk.stack.len();
    for &capture in &elem.captures {
        walk.stack.push(QueryCapture {
            node: flat.node,
            index: u32::from(capture),
        });
    }
    let bound = &walk.stack[mark..];
    if !bound.is_empty() && !walk.predicates.iter().all(|p| p.holds(bound, walk.source)) {
        walk.stack.truncate(mark);
        return;
    }
    match &elem.kind {
        ElemKind::Alternatives(alternatives) => {
            for alternative in alternatives {
                match_elem(alternative, at, walk, then);
            }
        }
        ElemKind::Node {
            test: _,
            children,
            absent,
            anchored_end,
        } => {
            let has_absent = !absent.is_empty()
                && kids(walk.tree, at).any(|kid| absent.contains(&walk.tree[kid as usize].field));
            if !has_absent {
                let before = walk.last.replace(at);
                if children.is_empty() {
                    then(walk);
                } else {
                    match_children(children, *anchored_end, at, at + 1, walk, then);
                }
                walk.last = before;
            }
        }
    }
    walk.stack.truncate(mark);
}

/// The children of the node at `at`, by index.
fn kids(tree: &[Flat], at: u32) -> impl Iterator<Item = u32> {
    kids_from(tree, at + 1, tree[at as usize].end)
}

/// The siblings from `from` (a child's index) up to the parent's `end`.
fn kids_from(tree: &[Flat], from: u32, end: u32) -> impl Iterator<Item = u32> {
    std::iter::successors(Some(from), |&kid| tree.get(kid as usize).map(|f| f.end))
        .take_while(move |&kid| kid < end)
}

/// Matches `children[0..]` against the children of `parent` from the one at
/// `from` on, in order, each child pattern on a later child than the one
/// before.
fn match_children<'s, 't>(
    children: &[Child],
    anchored_end: bool,
    parent: u32,
    from: u32,
    walk: &mut Walk<'s, 't>,
    then: &mut Then<'_, 's, 't>,
) {
    let end = walk.tree[parent as usize].end;
    let Some((child, rest)) = children.split_first() else {
        if !anchored_end || kids_from(walk.tree, from, end).all(|k| !walk.tree[k as usize].named) {
            then(walk);
        }
        return;
    };
    let mut at = from;
    while at < end {
        let kid = walk.tree[at as usize];
        if child.anchored && !kid.named {
            at = kid.end;
            continue;
        }
        if child.elem.field.is_none_or(|f| f == kid.field) {
            match_elem(&child.elem, at, walk, &mut |walk| {
                match_children(rest, anchored_end, parent, kid.end, walk, then)
            });
        }
        if child.anchored {
            // Only the first named child from here can be the anchored one.
            break;
        }
        at = kid.end;
    }
}

// --- Reading the query text -------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    OpenAlt,
    CloseAlt,
    Anchor,
    Capture(String),
    Str(String),
    Field(String),
    Absent(String),
    Directive(String),
    Word(String),
}

fn tokenize(text: &str) -> Result<Vec<(Token, usize)>, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let word_end = |mut j: usize| {
        while j < bytes.len()
            && (bytes[j].is_ascii_alphanumeric()
                || matches!(bytes[j], b'_' | b'-' | b'.' | b'?' | b'!'))
        {
            j += 1;
        }
        j
    };
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let token = match b {
            b if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b';' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'(' => {
                i += 1;
                Token::Open
            }
            b')' => {
                i += 1;
                Token::Close
            }
            b'[' => {
                i += 1;
                Token::OpenAlt
            }
            b']' => {
                i += 1;
                Token::CloseAlt
            }
            b'.' => {
                i += 1;
                Token::Anchor
            }
            b'"' => {
                let mut value = String::new();
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return Err(format!("unterminated string at byte {start}")),
                        Some(b'"') => break,
                        Some(b'\\') => {
                            i += 1;
                            match bytes.get(i) {
                                Some(b'n') => value.push('\n'),
                                Some(b't') => value.push('\t'),
                                Some(&c) => value.push(c as char),
                                None => return Err(format!("unterminated string at byte {start}")),
                            }
                            i += 1;
                        }
                        Some(_) => {
                            let rest = &text[i..];
                            let c = rest.chars().next().unwrap_or('\u{fffd}');
                            value.push(c);
                            i += c.len_utf8();
                        }
                    }
                }
                i += 1;
                Token::Str(value)
            }
            b'@' | b'!' | b'#' => {
                let end = word_end(i + 1);
                let word = text[i + 1..end].to_string();
                i = end;
                match b {
                    b'@' => Token::Capture(word),
                    b'!' => Token::Absent(word),
                    _ => Token::Directive(word),
                }
            }
            _ => {
                let end = word_end(i);
                if end == i {
                    return Err(format!("unexpected {:?} at byte {i}", b as char));
                }
                let word = text[i..end].to_string();
                i = end;
                if bytes.get(i) == Some(&b':') {
                    i += 1;
                    Token::Field(word)
                } else {
                    Token::Word(word)
                }
            }
        };
        out.push((token, start));
    }
    Ok(out)
}

struct QueryParser<'g> {
    grammar: &'g Grammar,
    tokens: Vec<(Token, usize)>,
    at: usize,
    captures: Vec<String>,
}

impl QueryParser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(t, _)| t)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.at).map_or(usize::MAX, |(_, o)| *o)
    }

    fn next(&mut self) -> Result<Token, String> {
        let token = self
            .tokens
            .get(self.at)
            .map(|(t, _)| t.clone())
            .ok_or("unexpected end of query")?;
        self.at += 1;
        Ok(token)
    }

    fn fail<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("{what} at byte {}", self.offset()))
    }

    fn capture(&mut self, name: &str) -> u16 {
        let index = match self.captures.iter().position(|c| c == name) {
            Some(i) => i,
            None => {
                self.captures.push(name.to_string());
                self.captures.len() - 1
            }
        };
        index as u16
    }

    /// A top-level pattern: an element, or `( element predicates… )`.
    fn pattern(&mut self) -> Result<Pattern, String> {
        let start = self.offset();
        let mut predicates = Vec::new();
        let mut properties = Vec::new();
        let grouped = self.peek() == Some(&Token::Open)
            && matches!(
                self.tokens.get(self.at + 1).map(|(t, _)| t),
                Some(Token::Open | Token::OpenAlt | Token::Str(_))
            )
            && !matches!(
                self.tokens.get(self.at + 2).map(|(t, _)| t),
                Some(Token::Directive(_))
            );
        let mut root = if grouped {
            self.next()?;
            let root = self.elem(None, &mut predicates, &mut properties)?;
            while self.peek() == Some(&Token::Open) {
                self.next()?;
                match self.next()? {
                    Token::Directive(name) => {
                        self.directive(&name, &mut predicates, &mut properties)?
                    }
                    _ => return self.fail("a group may hold one pattern and its predicates"),
                }
            }
            if self.next()? != Token::Close {
                return self.fail("expected ')'");
            }
            root
        } else {
            self.elem(None, &mut predicates, &mut properties)?
        };
        while let Some(Token::Capture(name)) = self.peek().cloned() {
            self.next()?;
            let index = self.capture(&name);
            root.captures.push(index);
        }
        let end = self
            .tokens
            .get(self.at.saturating_sub(1))
            .map_or(start, |(_, o)| *o + 1);
        Ok(Pattern {
            guards: guards(&root, &predicates),
            root,
            predicates,
            properties,
            span: (start, end),
        })
    }

    fn directive(
        &mut self,
        name: &str,
        predicates: &mut Vec<Predicate>,
        properties: &mut Vec<(String, String)>,
    ) -> Result<(), String> {
        let mut args = Vec::new();
        loop {
            match self.next()? {
                Token::Close => break,
                Token::Capture(c) => args.push((true, c)),
                Token::Str(s) | Token::Word(s) => args.push((false, s)),
                _ => return self.fail("unexpected token in a predicate"),
            }
        }
        let (positive, base) = match name.strip_prefix("not-") {
            Some(base) => (false, base),
            None => (true, name),
        };
        if base == "set!" {
            match args.as_slice() {
                [(false, key), (false, value)] => properties.push((key.clone(), value.clone())),
                _ => return self.fail("#set! takes a key and a value"),
            }
            return Ok(());
        }
        let Some(((true, capture), rest)) = args.split_first() else {
            return self.fail(&format!("#{name} needs a capture first"));
        };
        if rest.iter().any(|(is_capture, _)| *is_capture) {
            return self.fail(&format!("#{name} comparing two captures is not supported"));
        }
        let capture = self.capture(capture);
        let strings: Vec<String> = rest.iter().map(|(_, s)| s.clone()).collect();
        predicates.push(match (base, strings.as_slice()) {
            ("eq?", [s]) => Predicate::Eq(capture, s.clone(), positive),
            ("any-of?", _) => {
                let mut set: Vec<Vec<u8>> = strings.iter().map(|s| s.as_bytes().to_vec()).collect();
                set.sort_unstable();
                set.dedup();
                Predicate::AnyOf(capture, set, positive)
            }
            ("match?", [re]) => match regex::bytes::Regex::new(re) {
                Ok(re) => Predicate::Match(capture, re, positive),
                Err(e) => return self.fail(&format!("#match? {re:?}: {e}")),
            },
            _ => return self.fail(&format!("unsupported predicate #{name}")),
        });
        Ok(())
    }

    fn elem(
        &mut self,
        field: Option<u16>,
        predicates: &mut Vec<Predicate>,
        properties: &mut Vec<(String, String)>,
    ) -> Result<Elem, String> {
        let kind = match self.next()? {
            Token::Word(w) if w == "_" => ElemKind::Node {
                test: KindTest::Any,
                children: Vec::new(),
                absent: Vec::new(),
                anchored_end: false,
            },
            Token::Str(s) => ElemKind::Node {
                test: KindTest::Ids(self.kind_ids(&s, false)?),
                children: Vec::new(),
                absent: Vec::new(),
                anchored_end: false,
            },
            Token::OpenAlt => {
                let mut alternatives = Vec::new();
                while self.peek() != Some(&Token::CloseAlt) {
                    alternatives.push(self.elem(None, predicates, properties)?);
                }
                self.next()?;
                ElemKind::Alternatives(alternatives)
            }
            Token::Open => {
                let test = match self.next()? {
                    Token::Word(w) if w == "_" => KindTest::AnyNamed,
                    Token::Word(w) => KindTest::Ids(self.kind_ids(&w, true)?),
                    _ => return self.fail("expected a node kind"),
                };
                let mut children = Vec::new();
                let mut absent = Vec::new();
                let mut anchored = false;
                loop {
                    match self.peek().cloned() {
                        Some(Token::Close) => {
                            self.next()?;
                            break;
                        }
                        Some(Token::Anchor) => {
                            self.next()?;
                            anchored = true;
                        }
                        Some(Token::Absent(name)) => {
                            self.next()?;
                            absent.push(self.field_id(&name)?);
                        }
                        Some(Token::Open)
                            if matches!(
                                self.tokens.get(self.at + 1).map(|(t, _)| t),
                                Some(Token::Directive(_))
                            ) =>
                        {
                            self.next()?;
                            let Token::Directive(name) = self.next()? else {
                                unreachable!()
                            };
                            self.directive(&name, predicates, properties)?;
                        }
                        Some(Token::Field(name)) => {
                            self.next()?;
                            let id = self.field_id(&name)?;
                            let elem = self.elem(Some(id), predicates, properties)?;
                            children.push(Child { elem, anchored });
                            anchored = false;
                        }
                        Some(_) => {
                            let elem = self.elem(None, predicates, properties)?;
                            children.push(Child { elem, anchored });
                            anchored = false;
                        }
                        None => return self.fail("unclosed '('"),
                    }
                }
                ElemKind::Node {
                    test,
                    children,
                    absent,
                    anchored_end: anchored,
                }
            }
            _ => return self.fail("expected a pattern"),
        };
        let mut captures = Vec::new();
        while let Some(Token::Capture(name)) = self.peek().cloned() {
            self.next()?;
            captures.push(self.capture(&name));
        }
        Ok(Elem {
            field,
            captures,
            kind,
        })
    }

    fn kind_ids(&self, name: &str, named: bool) -> Result<Vec<u16>, String> {
        let ids: Vec<u16> = (0..self.grammar.node_kind_count() as u16)
            .filter(|&id| {
                self.grammar.node_kind_is_named(id) == named
                    && self.grammar.node_kind_for_id(id) == Some(name)
            })
            .collect();
        if ids.is_empty() {
            return self.fail(&format!("no node kind {name:?} in the grammar"));
        }
        Ok(ids)
    }

    fn field_id(&self, name: &str) -> Result<u16, String> {
        match self.grammar.field_id_for_name(name) {
            Some(id) => Ok(u16::from(id)),
            None => self.fail(&format!("no field {name:?} in the grammar")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn python() -> Grammar {
        tree_sitter_python::LANGUAGE.into()
    }

    #[test]
    fn what_the_matcher_cannot_read_is_an_error_not_a_silent_miss() {
        for (text, says) in [
            ("(call)*", "unexpected '*'"),
            ("(no_such_kind)", "no node kind \"no_such_kind\""),
            ("(call nope: (identifier))", "no field \"nope\""),
            ("((identifier) @a (#eq? @a @b))", "comparing two captures"),
            (
                "((identifier) @a (#is-not? local))",
                "needs a capture first",
            ),
            (
                "((identifier) @a (#lua-match? @a \"x\"))",
                "unsupported predicate",
            ),
            ("(call", "unclosed"),
            ("((identifier) @a (#match? @a \"(\"))", "#match? \"(\""),
        ] {
            let err = Matcher::new(&python(), text).err().unwrap_or_default();
            assert!(err.contains(says), "{text}: {err:?}");
        }
    }

    #[test]
    fn patterns_are_indexed_by_the_kinds_they_start_at() {
        let m = Matcher::new(
            &python(),
            "[(if_statement) (for_statement)] @b\n(_) @any\n((call) @c (#set! kind \"x\"))",
        )
        .unwrap();
        assert_eq!(m.pattern_count(), 3);
        assert_eq!(m.any_kind, vec![1]);
        let call = python().id_for_node_kind("call", true) as usize;
        assert_eq!(m.by_kind[call], vec![2]);
        assert_eq!(m.property(2, "kind"), Some("x"));
        assert_eq!(m.capture_names(), ["b", "any", "c"]);
    }

    /// Each match as (pattern, [(capture, matched text)]).
    fn run(query: &str, code: &str) -> Vec<(usize, Vec<(String, String)>)> {
        let m = Matcher::new(&python(), query).unwrap();
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&python()).unwrap();
        let tree = parser.parse(code, None).unwrap();
        let mut out = Vec::new();
        m.for_each_match(tree.root_node(), code.as_bytes(), |found| {
            let captures = found
                .captures()
                .iter()
                .map(|c| {
                    let name = m.capture_names()[c.index as usize].clone();
                    (name, c.node.utf8_text(code.as_bytes()).unwrap().to_string())
                })
                .collect();
            out.push((found.pattern_index, captures));
        });
        out
    }

    #[test]
    fn guards_turn_away_only_nodes_the_full_match_would() {
        let query = r#"
            (call function: (attribute attribute: (identifier) @m (#any-of? @m "get" "post"))) @c
            (call function: (identifier) @f (#not-eq? @f "print") arguments: (argument_list (string) @s))
            (assignment left: (identifier) @x right: (call function: (identifier) @g (#eq? @g "make")))
        "#;
        let m = Matcher::new(&python(), query).unwrap();
        // The deepest predicate first, then the one-step kind test.
        let paths: Vec<usize> = m.patterns[0]
            .guards
            .iter()
            .map(|g| g.paths[0].steps.len())
            .collect();
        assert_eq!(paths, vec![2, 1]);
        let code = "s.get('/a')\ns.put('/b')\nget('/c')\nprint('x')\nlog('y')\n\
                    v = make()\nw = other()\nz = s.make()\n";
        let names = |found: Vec<(usize, Vec<(String, String)>)>| -> Vec<(usize, String)> {
            found
                .into_iter()
                .map(|(p, c)| (p, c.last().map(|(_, t)| t.clone()).unwrap_or_default()))
                .collect()
        };
        assert_eq!(
            names(run(query, code)),
            vec![
                (0, "get".into()),
                (1, "'/c'".into()),
                (1, "'y'".into()),
                (2, "make".into()),
            ]
        );
    }

    #[test]
    fn alternation_guards_admit_a_node_through_any_alternative() {
        let query = r#"
            ((call function: [(identifier) @f (attribute attribute: (identifier) @f)]) @c
              (#any-of? @f "register" "mount"))
            ((call function: [(identifier) @g (attribute object: (identifier) @o)]) @d
              (#eq? @g "x"))
        "#;
        let m = Matcher::new(&python(), query).unwrap();
        // One guard a pattern, with a path per alternative: to the predicate
        // in both of the first; in the second, the attribute binds no `@g`,
        // so its path tests the kind alone (tree-sitter counts a predicate on
        // an absent capture as held).
        let shape = |pattern: usize| -> Vec<Vec<(usize, bool)>> {
            m.patterns[pattern]
                .guards
                .iter()
                .map(|g| {
                    g.paths
                        .iter()
                        .map(|p| (p.steps.len(), !p.predicates.is_empty()))
                        .collect()
                })
                .collect()
        };
        assert_eq!(shape(0), vec![vec![(1, true), (2, true)]]);
        assert_eq!(shape(1), vec![vec![(1, true), (1, false)]]);
        let code = "register(a)\napp.mount(b)\nmounted(c)\nx()\ny.z()\nw()\n";
        let found: Vec<(usize, String)> = run(query, code)
            .into_iter()
            .map(|(p, c)| (p, c[0].1.clone()))
            .collect();
        assert_eq!(
            found,
            vec![
                (0, "register(a)".into()),
                // Its last node, `app`, comes before the first's, `mount`.
                (1, "app.mount(b)".into()),
                (0, "app.mount(b)".into()),
                (1, "x()".into()),
                (1, "y.z()".into()),
            ]
        );
    }

    #[test]
    fn anchors_and_absent_fields_read_the_children_of_the_last_node() {
        // The module's last child ends the flattened tree: checking that no
        // named child follows it must stop at the end of the array.
        assert_eq!(
            run("(module (expression_statement) @last .)", "a\nb"),
            vec![(0, vec![("last".into(), "b".into())])]
        );
        assert_eq!(
            run("(argument_list . (identifier) @first)", "f(x, y)"),
            vec![(0, vec![("first".into(), "x".into())])]
        );
        assert_eq!(
            run("(call function: (identifier) @f !arguments)", "f(x)"),
            vec![]
        );
        assert_eq!(
            run("(import_from_statement !module_name) @i", "from . import x"),
            vec![]
        );
    }

    #[test]
    fn fields_are_read_under_every_kind_a_pattern_tests_them_at() {
        // Fields are looked up only under kinds some pattern tests by field:
        // a wildcard parent, a nested element and an alternative each count.
        assert_eq!(
            run("(_ function: (identifier) @f)", "g(x)"),
            vec![(0, vec![("f".into(), "g".into())])]
        );
        assert_eq!(
            run(
                "(expression_statement (call function: (attribute attribute: (identifier) @m)))",
                "a.b()"
            ),
            vec![(0, vec![("m".into(), "b".into())])]
        );
        assert_eq!(
            run(
                "[(identifier) (call arguments: (argument_list) @a)]",
                "f(1)"
            )
            .into_iter()
            .filter(|(_, c)| !c.is_empty())
            .collect::<Vec<_>>(),
            vec![(0, vec![("a".into(), "(1)".into())])]
        );
        let m = Matcher::new(&python(), "(call function: (identifier))").unwrap();
        let call = python().id_for_node_kind("call", true) as usize;
        let attribute = python().id_for_node_kind("attribute", true) as usize;
        assert!(m.field_parents[call]);
        assert!(!m.field_parents[attribute]);
    }
}
