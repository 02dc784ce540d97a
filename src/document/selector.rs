//! CSS selectors that find an element again in the submitted document.
//!
//! Each step is `name` or `name:nth-of-type(k)` when siblings share the name; a step at an
//! element with a unique, plain `id` becomes `#id` and ends the walk. For a page the path starts
//! at `body`; for a fragment it is relative to the fragment's container (the editor's root), so
//! a plugin resolves it with `root.querySelector(":scope > " + selector)`.

use super::AttributeByName;
use ego_tree::{NodeId, NodeRef};
use html5ever::{local_name, LocalName};
use rustc_hash::FxHashMap as HashMap;
use scraper::node::Element;
use scraper::{Html, Node};
use std::ops::Range;

pub struct Selectors<'a> {
    html: &'a Html,
    /// How many elements carry each `id`, counted on the first `id` a selector could use:
    /// most blocks have none on their path, and counting walks the whole tree.
    id_counts: Option<HashMap<&'a str, usize>>,
    relative: bool,
    /// The selectors of ancestors worked out so far, each a range of `memo` (one string for
    /// all of them instead of one each).
    cache: HashMap<NodeId, Range<usize>>,
    memo: String,
    /// Each element's position among its same-name siblings (1-based) and whether it has
    /// any, filled a whole parent at a time: counting siblings for each element instead made
    /// a long page quadratic (a 1 MB page took seconds).
    positions: HashMap<NodeId, (usize, bool)>,
    /// How many siblings of each name a parent has, and each sibling's number among them:
    /// kept so their allocations serve parent after parent.
    totals: HashMap<&'a str, usize>,
    siblings: Vec<(NodeId, &'a str, usize)>,
    /// The path being built by [`Selectors::of`]: each element with the range of its step
    /// in `steps`. Both are kept to reuse their allocations.
    chain: Vec<(NodeId, Range<usize>)>,
    steps: String,
}

impl<'a> Selectors<'a> {
    pub fn new(html: &'a Html, relative: bool) -> Selectors<'a> {
        Selectors {
            html,
            id_counts: None,
            relative,
            cache: HashMap::default(),
            memo: String::new(),
            positions: HashMap::default(),
            totals: HashMap::default(),
            siblings: Vec::new(),
            chain: Vec::new(),
            steps: String::new(),
        }
    }

    /// The selector of `node` (an element). Selectors of ancestors are memoised and a
    /// selector is built from the nearest known ancestor's, so each element's step (a scan of
    /// its siblings) is worked out once per document, not once per element asked about below
    /// it. The element asked about is not memoised: most are asked about once (the accessible
    /// name rules' elements; the walk works out blocks' selectors on its own path), and
    /// keeping every one would hold a second copy of them all.
    pub fn of(&mut self, node: NodeRef<'a, Node>) -> String {
        // The elements up to the nearest ancestor whose selector is known or that ends the
        // walk (the root, a unique id, `body`), each with its step written into `steps`: the
        // selector is then allocated once, at its final length.
        let mut chain = std::mem::take(&mut self.chain);
        let mut steps = std::mem::take(&mut self.steps);
        let mut known = None;
        let mut current = Some(node);
        while let Some(n) = current {
            if self.cache.contains_key(&n.id()) {
                known = Some(n.id());
                break;
            }
            let Some(element) = n.value().as_element() else {
                break;
            };
            let start = steps.len();
            if self.own_start(element, &mut steps).is_some() {
                if steps.len() > start {
                    chain.push((n.id(), start..steps.len()));
                }
                break;
            }
            let name = element.name();
            self.step(n, name, &mut steps);
            chain.push((n.id(), start..steps.len()));
            if name == "body" {
                break;
            }
            current = n.parent();
        }
        let prefix = known.map_or("", |id| &self.memo[self.cache[&id].clone()]);
        let separators = (chain.len() + usize::from(!prefix.is_empty())).saturating_sub(1);
        let mut selector = String::with_capacity(prefix.len() + steps.len() + 3 * separators);
        selector.push_str(prefix);
        while let Some((id, step)) = chain.pop() {
            if !selector.is_empty() {
                selector.push_str(" > ");
            }
            selector.push_str(&steps[step]);
            if !chain.is_empty() {
                let start = self.memo.len();
                self.memo.push_str(&selector);
                self.cache.insert(id, start..self.memo.len());
            }
        }
        steps.clear();
        self.chain = chain;
        self.steps = steps;
        selector
    }

    /// Writes the step of `node`, an element named `name`.
    fn step(&mut self, node: NodeRef<'a, Node>, name: &str, out: &mut String) {
        if !self.positions.contains_key(&node.id()) {
            self.index_siblings(node);
        }
        let (nth, shared) = self
            .positions
            .get(&node.id())
            .copied()
            .unwrap_or((1, false));
        push_step(out, name, nth, shared);
    }

    /// Records the positions of `node` and its element siblings.
    fn index_siblings(&mut self, node: NodeRef<'a, Node>) {
        let (totals, seen) = (&mut self.totals, &mut self.siblings);
        let mut record = |sibling: NodeRef<'a, Node>| {
            if let Some(element) = sibling.value().as_element() {
                let count = totals.entry(element.name()).or_insert(0);
                *count += 1;
                seen.push((sibling.id(), element.name(), *count));
            }
        };
        match node.parent() {
            Some(parent) => parent.children().for_each(&mut record),
            None => record(node),
        }
        for (id, name, nth) in seen.drain(..) {
            self.positions.insert(id, (nth, totals[name] > 1));
        }
        totals.clear();
    }

    /// Where the selector of `element` starts over instead of extending its parent's: `None`
    /// when it extends it; otherwise the steps it starts with (none at the walk's top).
    fn own_start(&mut self, element: &'a Element, out: &mut String) -> Option<()> {
        // Interned names compare as one word, where `name()` reads the string out of the atom.
        let name = &element.name.local;
        if *name == local_name!("html") || (self.relative && *name == local_name!("body")) {
            return Some(());
        }
        // Most elements have no attributes: no call to look for an `id` among none.
        if element.attrs.is_empty() {
            return None;
        }
        let id = element
            .attribute("id")
            .filter(|id| self.is_unique_plain_id(id))?;
        out.push('#');
        out.push_str(id);
        Some(())
    }

    fn is_unique_plain_id(&mut self, id: &str) -> bool {
        let plain = id
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !plain {
            return false;
        }
        let html = self.html;
        let counts = self.id_counts.get_or_insert_with(|| {
            let mut counts = HashMap::default();
            for node in html.tree.root().descendants() {
                if let Some(id) = node.value().as_element().and_then(|e| e.attribute("id")) {
                    *counts.entry(id).or_insert(0) += 1;
                }
            }
            counts
        });
        counts.get(id) == Some(&1)
    }
}

/// The selectors of the elements on a tree walk's current path, worked out only when asked
/// for and then kept while the element is open: a walk that descends the tree knows each
/// element's parent and the siblings before it, so it needs neither the memo nor the sibling
/// positions of [`Selectors::of`], both hash maps keyed by node.
///
/// The selectors are written into the walk's selector text (the blocks' and images') and
/// each open element holds the range of its own: a block's selector is then that range, not a
/// copy, and an element's selector extends its parent's in place when the parent's was the
/// last written (the first child asked about), else starts with a copy of it.
pub(super) struct Path<'a> {
    /// The open elements from the walk's root down; those past `depth` are closed ones, kept
    /// to be reused.
    frames: Vec<Frame<'a>>,
    depth: usize,
    /// The child elements of every element counted, each parent's in order and together:
    /// each with its number among the children of its name and how many children carry the
    /// name. A step then looks nothing up by name. An element opens once, so its children
    /// are counted at most once, and each element is the child of one parent: this holds at
    /// most the document's elements, in one allocation where a list per frame grew for each
    /// parent.
    children: Vec<(NodeId, usize, usize)>,
    /// The counts by name of the parent being counted.
    names: SiblingNames<'a>,
    /// A copy of the selector the one being written starts with, when it is not the last
    /// written (its parent's, for the second child on).
    prefix: String,
}

struct Frame<'a> {
    node: NodeRef<'a, Node>,
    /// The element's selector in the walk's selector text, once worked out.
    selector: Option<Range<usize>>,
    /// The element's child elements in the path's list of them, once counted (when a
    /// child's step is first needed, so a whole parent is counted once, not once per child),
    /// and the place there of the next child not yet stepped.
    children: Option<Range<usize>>,
    next: usize,
}

impl<'a> Frame<'a> {
    fn new(node: NodeRef<'a, Node>) -> Self {
        Frame {
            node,
            selector: None,
            children: None,
            next: 0,
        }
    }

    fn reset(&mut self, node: NodeRef<'a, Node>) {
        self.node = node;
        self.selector = None;
        self.children = None;
    }
}

/// How many child elements of each name a parent has, each name in a slot of its own. Most
/// parents' children carry a handful of names, found in a short list by comparing the
/// interned names, a word each, where a hash map's hash and probe of every child cost about
/// three times as much; a parent whose children carry more than [`FEW_NAMES`] names indexes
/// them in a hash map, so that thousands of differently named children do not make the count
/// quadratic.
#[derive(Default)]
struct SiblingNames<'a> {
    /// Each name with its count, in the order first met.
    counts: Vec<(&'a LocalName, usize)>,
    /// The slots of the names, once there are more than [`FEW_NAMES`].
    many: HashMap<&'a LocalName, usize>,
}

/// How many names [`SiblingNames`] looks through one by one.
const FEW_NAMES: usize = 16;

impl<'a> SiblingNames<'a> {
    fn clear(&mut self) {
        self.counts.clear();
        if !self.many.is_empty() {
            self.many.clear();
        }
    }

    /// The slot of `name`, if a child carries it.
    fn slot(&self, name: &LocalName) -> Option<usize> {
        if !self.many.is_empty() {
            return self.many.get(name).copied();
        }
        self.counts.iter().position(|(known, _)| *known == name)
    }

    /// Counts one more child named `name`: its slot and its number among the children of
    /// its name.
    fn add(&mut self, name: &'a LocalName) -> (usize, usize) {
        let slot = self.slot(name).unwrap_or_else(|| {
            let slot = self.counts.len();
            self.counts.push((name, 0));
            if !self.many.is_empty() {
                self.many.insert(name, slot);
            } else if self.counts.len() > FEW_NAMES {
                self.many
                    .extend(self.counts.iter().map(|(name, _)| *name).zip(0..));
            }
            slot
        });
        self.counts[slot].1 += 1;
        (slot, self.counts[slot].1)
    }

    /// How many children carry the name in `slot`.
    fn total(&self, slot: usize) -> usize {
        self.counts[slot].1
    }
}

impl<'a> Path<'a> {
    /// A path at the walk's `root`, with its ancestors open above it from the document node
    /// down, so that the root's selector is worked out as any open element's is, the same as
    /// [`Selectors::of`] gives it, without that function's memo and sibling maps (hash maps
    /// built for one element). The root's selector goes to `out`; `elements`, about how many
    /// elements the document has, is the room for their numbers.
    pub fn new(
        root: NodeRef<'a, Node>,
        selectors: &mut Selectors<'a>,
        out: &mut String,
        elements: usize,
    ) -> Path<'a> {
        let mut ancestors: Vec<_> = root.ancestors().collect();
        // The tree's top (the document node), whose selector is empty, opens the path; a root
        // that is the top itself is the only frame.
        let top = ancestors.pop();
        let mut frame = Frame::new(top.unwrap_or(root));
        frame.selector = Some(out.len()..out.len());
        let mut path = Path {
            frames: vec![frame],
            depth: 0,
            children: Vec::with_capacity(elements),
            names: SiblingNames::default(),
            prefix: String::new(),
        };
        if top.is_none() {
            return path;
        }
        for ancestor in ancestors.into_iter().rev() {
            path.enter(ancestor);
        }
        let depth = path.enter(root);
        path.selector(depth, selectors, out);
        path
    }

    /// The depth of the innermost open element.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The walk opens `node`, a child element of the innermost open one; returns its depth.
    pub fn enter(&mut self, node: NodeRef<'a, Node>) -> usize {
        self.depth += 1;
        match self.frames.get_mut(self.depth) {
            Some(frame) => frame.reset(node),
            None => self.frames.push(Frame::new(node)),
        }
        self.depth
    }

    /// The walk closes the innermost open element.
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// The range of `out` holding the selector of the open element at `depth`, the same as
    /// [`Selectors::of`] gives it. Only the elements up to the nearest one whose selector is
    /// known or starts over are worked out, from the top down, their selectors written to
    /// the end of `out`.
    pub fn selector(
        &mut self,
        depth: usize,
        selectors: &mut Selectors<'a>,
        out: &mut String,
    ) -> Range<usize> {
        let mut top = depth;
        while self.frames[top].selector.is_none() {
            if let Some(element) = self.frames[top].node.value().as_element() {
                let start = out.len();
                if selectors.own_start(element, out).is_some() {
                    self.frames[top].selector = Some(start..out.len());
                    break;
                }
                if element.name.local == local_name!("body") {
                    break;
                }
            }
            top -= 1;
        }
        for at in top..=depth {
            if self.frames[at].selector.is_none() {
                self.work_out(at, out);
            }
        }
        let end = out.len();
        self.frames[depth].selector.clone().unwrap_or(end..end)
    }

    /// Works out the selector of the element at `at` (> 0) from its parent's, which is known
    /// unless the element is `body`, whose path starts at itself.
    fn work_out(&mut self, at: usize, out: &mut String) {
        let node = self.frames[at].node;
        let Some(element) = node.value().as_element() else {
            return;
        };
        let name = &element.name.local;
        let prefix = self.frames[at - 1].selector.clone().unwrap_or_default();
        let start = if *name == local_name!("body") || prefix.is_empty() {
            out.len()
        } else if prefix.end == out.len() {
            out.push_str(" > ");
            prefix.start
        } else {
            let start = out.len();
            // Through `prefix`, the text not being readable while it is written to.
            self.prefix.clear();
            self.prefix.push_str(&out[prefix]);
            out.push_str(&self.prefix);
            out.push_str(" > ");
            start
        };
        let (nth, total) = self.number(at - 1, node.id());
        push_step(out, name, nth, total > 1);
        self.frames[at].selector = Some(start..out.len());
    }

    /// The number of `child` among the child elements of its name of the element at `at`,
    /// and how many there are; `child` is the next or a later child element not yet asked
    /// about.
    fn number(&mut self, at: usize, child: NodeId) -> (usize, usize) {
        let children = match self.frames[at].children.clone() {
            Some(children) => children,
            None => self.count_children(at),
        };
        let frame = &mut self.frames[at];
        while frame.next < children.end {
            let (id, nth, total) = self.children[frame.next];
            frame.next += 1;
            if id == child {
                return (nth, total);
            }
        }
        // The walk asks about children in order and each once, so `child` is always found;
        // were it not, its bare name is the step.
        (1, 1)
    }

    /// Numbers the child elements of the element at `at` among those of their names.
    fn count_children(&mut self, at: usize) -> Range<usize> {
        let start = self.children.len();
        self.names.clear();
        for sibling in self.frames[at].node.children() {
            if let Some(element) = sibling.value().as_element() {
                let (slot, nth) = self.names.add(&element.name.local);
                self.children.push((sibling.id(), nth, slot));
            }
        }
        // Each child's name's slot becomes how many children carry the name.
        for child in &mut self.children[start..] {
            child.2 = self.names.total(child.2);
        }
        let frame = &mut self.frames[at];
        frame.children = Some(start..self.children.len());
        frame.next = start;
        start..self.children.len()
    }
}

/// Writes `name`, or `name:nth-of-type(nth)` when siblings share the name (without the
/// formatting machinery, which cost more than the rest of the step).
fn push_step(out: &mut String, name: &str, nth: usize, shared: bool) {
    out.push_str(name);
    if shared {
        out.push_str(":nth-of-type(");
        push_decimal(out, nth);
        out.push(')');
    }
}

/// Appends `n` in decimal: its digits written from the last, then pushed in order (a call
/// per digit before). A number below 100, as most siblings' are, is pushed digit by digit
/// without the buffer and the `extend`, which cost more than the digits.
fn push_decimal(out: &mut String, mut n: usize) {
    if n < 100 {
        if n >= 10 {
            out.push(char::from(b'0' + (n / 10) as u8));
        }
        out.push(char::from(b'0' + (n % 10) as u8));
        return;
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().copied().map(char::from));
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, ScopeOption};
    use crate::source::Source;

    fn selectors(html: &str, scope: ScopeOption) -> Vec<String> {
        let doc = Document::from_html(Source::from_text(html), scope);
        (0..doc.blocks.len())
            .map(|b| doc.block_selector(b).expect("an HTML block has a selector"))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn steps_number_only_siblings_that_share_a_name() {
        let html = "<body><h1>T</h1><div><p>a</p><ul><li>x</li></ul><p>b</p></div>\
                    <section id=s><p>c</p></section><div><p>d</p></div></body>";
        assert_eq!(
            selectors(html, ScopeOption::Page),
            [
                "body > h1",
                "body > div:nth-of-type(1) > p:nth-of-type(1)",
                "body > div:nth-of-type(1) > ul > li",
                "body > div:nth-of-type(1) > p:nth-of-type(2)",
                "#s > p",
                "body > div:nth-of-type(2) > p",
            ]
        );
    }

    #[test]
    fn fragments_are_relative_and_repeated_ids_are_not_used() {
        let html = "<p id=a>one</p><p id=a>two</p><p id=b>three</p>";
        assert_eq!(
            selectors(html, ScopeOption::Fragment),
            ["p:nth-of-type(1)", "p:nth-of-type(2)", "#b"]
        );
    }

    /// The walk's path and [`Selectors::of`] must agree, blocks and images being found again
    /// by either.
    #[test]
    fn the_walk_gives_every_block_and_image_the_selector_of_its_element() {
        let html = "<body><main><div><p>a</p><span><p>b</p></span><p id=u>c<img src=x></p>\
                    <section id=d><ul><li>x<ul><li>y</li></ul>z</li><li>w</li></ul></section>\
                    <section id=d><p>e</p><script></script><p>f<img src=y></p></section>\
                    <x-a><p>g</p></x-a><x-b><h2>h</h2></x-b><p>i</p></div></main></body>";
        for (blocks, images) in agree_with_selectors_of(html) {
            assert!(blocks > 8 && images == 2);
        }
        // Text in the root itself, an ancestor with an id, and same-name siblings at the top.
        for html in [
            "<body>loose text<p>p</p></body>",
            "<body><div id=w><main>t</main></div></body>",
            "<body><main>a</main><main>b</main></body>",
            // An ancestor asked about while a later-written selector (one starting at an id)
            // is open below it, and asked again after; siblings asked about out of their
            // parent's last-written place.
            "<body><div>t<span id=s><img src=x><p>u</p></span>v<p>w</p><p>x</p></div></body>",
        ] {
            for (blocks, _) in agree_with_selectors_of(html) {
                assert!(blocks >= 1, "{html}");
            }
        }
    }

    /// Checks that the blocks and images of `html`, in either scope, have the selectors
    /// [`Selectors::of`] gives their elements; their numbers in each scope.
    fn agree_with_selectors_of(html: &str) -> [(usize, usize); 2] {
        [ScopeOption::Page, ScopeOption::Fragment].map(|scope| {
            let doc = Document::from_html(Source::from_text(html), scope);
            let tree = &doc
                .html
                .as_ref()
                .expect("an HTML document keeps its tree")
                .tree;
            let mut selectors = doc.selectors().expect("an HTML document has selectors");
            let mut of = |id| selectors.of(tree.get(id).expect("a node of the tree"));
            for (index, block) in doc.blocks.iter().enumerate() {
                let element = block.element.expect("an HTML block has an element");
                assert_eq!(
                    doc.block_selector(index),
                    Some(of(element).as_str()),
                    "{html}"
                );
            }
            for image in &doc.images {
                assert_eq!(image.selector, of(image.element), "{html}");
            }
            (doc.blocks.len(), doc.images.len())
        })
    }

    /// A parent whose children carry more names than are looked through one by one counts
    /// them in a hash map: the steps must not change when it does.
    #[test]
    fn siblings_of_many_names_are_numbered_as_of_few() {
        let mut html = String::from("<body><main>");
        for round in 0..3 {
            for name in 0..super::FEW_NAMES + 4 {
                html += &format!("<x-{name}><p>{round}</p></x-{name}><p>{name}</p>");
            }
        }
        html += "</main></body>";
        for (blocks, _) in agree_with_selectors_of(&html) {
            assert!(blocks >= 2 * 3 * (super::FEW_NAMES + 4));
        }
        let all = selectors(&html, ScopeOption::Page);
        assert!(all.contains(&"body > main > x-19:nth-of-type(3) > p".to_string()));
        assert!(all.contains(&"body > main > p:nth-of-type(60)".to_string()));
    }

    #[test]
    fn many_siblings_are_numbered_in_order() {
        let html = "<p>x</p>".repeat(20_000);
        let all = selectors(&html, ScopeOption::Fragment);
        assert_eq!(all.len(), 20_000);
        assert_eq!(all[0], "p:nth-of-type(1)");
        assert_eq!(all[19_999], "p:nth-of-type(20000)");
    }
}
