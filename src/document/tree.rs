//! Builds the browsers' tree (html5ever's tree builder into a `scraper::Html`) from the
//! position-aware tokenizer, and records where every element and text node came from.
//!
//! The tree sink wraps scraper's own sink and watches each call the tree builder makes while a
//! token is processed: an element created for a start tag gets that tag's byte range; text
//! appended to a text node is matched to the character token it was cut from, so the node's
//! [`SourceMap`] survives splitting, merging and foster-parenting. Parse errors are recorded with
//! the range of the token that caused them (markup damage such as an unclosed `<strong>`).

use super::sourcemap::SourceMap;
use super::tokenizer::{Item, Tokenizer};
use ego_tree::{NodeId, Tree};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{
    ElementFlags, NodeOrText, QuirksMode, TreeBuilder, TreeBuilderOpts, TreeSink,
};
use html5ever::{local_name, Attribute, LocalName, QualName};
use rustc_hash::FxHashMap as HashMap;
use scraper::node::Text;
use scraper::{Html, HtmlTreeSink, Node};
use std::borrow::Cow;
use std::cell::{Ref, RefCell};
use std::collections::VecDeque;
use std::ops::Range;

/// The parsed tree plus where its parts came from.
pub struct Parsed {
    pub html: Html,
    /// Byte range of the start tag each element was created for. Elements the parser implied
    /// (`<tbody>`, a `<body>` nobody wrote) or cloned (misnested formatting) have none.
    pub start_tags: NodeMap<Range<usize>>,
    /// Source map of every text node.
    pub text_maps: NodeMap<SourceMap>,
    /// Parse errors, each with the range of the token being processed.
    pub errors: Vec<ParseError>,
    /// Did the source contain a DOCTYPE or an `<html>`, `<head>` or `<body>` tag?
    pub is_page: bool,
    /// Did a tag carry `data-legible-ignore`? Without one, no element is to be left out.
    pub marks_ignored: bool,
    /// Every comment's text and the byte range of the whole `<!-- … -->` (suppressions).
    pub comments: Vec<(String, Range<usize>)>,
}

/// Values by node, in the order of the nodes' ids.
///
/// ego_tree numbers nodes in the order they are created, and the sink records a node's value
/// as the node is created, so values arrive in that order and are pushed: no hash and no insert
/// probe per element or text node (a `HashMap` cost both, and a probe per node walked). Text
/// merged into an existing node updates that node's entry, which is usually the last one.
pub struct NodeMap<T> {
    entries: Vec<(NodeId, T)>,
}

impl<T> Default for NodeMap<T> {
    fn default() -> Self {
        NodeMap {
            entries: Vec::new(),
        }
    }
}

impl<T> NodeMap<T> {
    fn with_capacity(capacity: usize) -> Self {
        NodeMap {
            entries: Vec::with_capacity(capacity),
        }
    }

    /// How many nodes have a value.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Where `id`'s entry is (`Ok`) or would go to keep the order (`Err`), the last entry
    /// tried first: nodes are mostly recorded as they are created.
    fn position(&self, id: NodeId) -> Result<usize, usize> {
        match self.entries.last() {
            None => Err(0),
            Some((last, _)) if *last < id => Err(self.entries.len()),
            Some((last, _)) if *last == id => Ok(self.entries.len() - 1),
            Some(_) => self.entries.binary_search_by_key(&id, |(node, _)| *node),
        }
    }

    /// Gives `id` the value `value`.
    fn insert(&mut self, id: NodeId, value: T) {
        match self.position(id) {
            Ok(at) => self.entries[at].1 = value,
            Err(at) => self.entries.insert(at, (id, value)),
        }
    }

    /// The value of node `id`, if it has one.
    pub fn get(&self, id: NodeId) -> Option<&T> {
        let at = self.entries.binary_search_by_key(&id, |(node, _)| *node);
        at.ok().map(|at| &self.entries[at].1)
    }

    /// As [`NodeMap::get`], for nodes asked about in the order of their ids, as a walk of the
    /// tree mostly meets them: the entry at `cursor` is tried before a search, and `cursor` is
    /// left after the entry found.
    pub fn get_next(&self, cursor: &mut usize, id: NodeId) -> Option<&T> {
        let at = match self.entries.get(*cursor) {
            Some((node, _)) if *node == id => *cursor,
            _ => self
                .entries
                .binary_search_by_key(&id, |(node, _)| *node)
                .ok()?,
        };
        *cursor = at + 1;
        Some(&self.entries[at].1)
    }
}

/// A parse error reported by the tree builder, at the token that caused it.
#[derive(Debug, Clone)]
pub struct ParseError {
    pub message: Cow<'static, str>,
    pub range: Range<usize>,
}

/// Parses `shared` as an HTML document; the tree's text is sliced from it (see
/// [`Tokenizer::tendril`]), so the caller's tendril, the source's own, is not copied.
pub fn parse(shared: &StrTendril) -> Parsed {
    let markup = memchr::memchr_iter(b'<', shared.as_bytes()).count();
    let sink = PositionSink {
        inner: HtmlTreeSink::new(empty_document(markup)),
        record: RefCell::new(Record::with_room(markup)),
    };
    let builder = TreeBuilder::new(sink, TreeBuilderOpts::default());
    let mut tokenizer = Tokenizer::new(shared);
    let mut is_page = false;
    let mut comments = Vec::new();
    let mut depth = DepthGuard::default();
    let cdata_allowed = || builder.adjusted_current_node_present_but_not_in_html_namespace();
    while let Some(item) = tokenizer.next_item(&cdata_allowed) {
        let token = match item {
            Item::Text(text, _) if text.is_empty() => continue,
            Item::Text(text, map) => {
                let token = Token::CharacterTokens(tokenizer.tendril(&text));
                builder.sink.record.borrow_mut().begin_text(text, map);
                token
            }
            Item::Token(token, range) => {
                if !depth.admit(&token) {
                    builder.sink.record.borrow_mut().errors.push(ParseError {
                        message: Cow::Borrowed("element nested too deep; flattened"),
                        range,
                    });
                    continue;
                }
                is_page = is_page || starts_page(&token);
                if let Token::CommentToken(body) = &token {
                    comments.push((body.to_string(), range.clone()));
                }
                builder.sink.record.borrow_mut().begin_token(&token, range);
                token
            }
        };
        let result = builder.process_token(token, 1);
        builder.sink.record.borrow_mut().end_token();
        match result {
            TokenSinkResult::RawData(kind) => tokenizer.set_raw(kind),
            TokenSinkResult::Plaintext => tokenizer.set_plaintext(),
            _ => {}
        }
    }
    builder.end();
    let PositionSink { inner, record } = builder.sink;
    let record = record.into_inner();
    Parsed {
        html: inner.finish(),
        start_tags: record.start_tags,
        text_maps: record.text_maps,
        errors: record.errors,
        is_page,
        marks_ignored: tokenizer.marks_ignored(),
        comments,
    }
}

/// An empty document whose tree has room for the nodes a source with `markup` `<`s is likely
/// to make: growing it node by node moved the whole tree each time it doubled (a third of the
/// sink's appends). Each `<` starts at most one element and ends at most one text node, and about half of them
/// are start tags, so one and a half per `<` is what a page needs (doubling would reserve as
/// much); memory reserved for tags the parser drops is never touched.
fn empty_document(markup: usize) -> Html {
    let mut html = Html::new_document();
    html.tree = Tree::with_capacity(Node::Document, markup + markup / 2 + 8);
    html
}

/// How deep elements may nest before further start tags are dropped (their content is kept).
/// The tree builder walks its stack of open elements for every tag, so unbounded nesting would
/// make parsing quadratic; browsers cap their trees at the same depth.
pub const MAX_DEPTH: usize = 512;

/// Counts nesting from start and end tags, ignoring void elements and those whose end tag may
/// be left out (a `<p>` or `<li>` closes itself), so sloppy but ordinary markup never reaches
/// the cap. A list or table counts with the uncounted levels it holds (see [`weight`]), so
/// that the cap bounds the tree's real depth.
/// Only an end tag whose name has an admitted start tag still open counts down: stray end tags
/// (`<div></b>` repeated) must not let the tree grow past the cap.
/// The items of a list or table dropped at the cap are dropped with it (see [`container`]):
/// admitted, they joined the innermost list or table still open, so 100,000 `<ul><li>` put
/// 100,000 items 512 levels deep, and every item made the tree builder walk those levels.
#[derive(Default)]
struct DepthGuard {
    depth: usize,
    open: HashMap<LocalName, usize>,
    dropped: HashMap<LocalName, usize>,
}

impl DepthGuard {
    /// Should this token reach the tree builder?
    fn admit(&mut self, token: &Token) -> bool {
        let Token::TagToken(tag) = token else {
            return true;
        };
        if tag.self_closing {
            return true;
        }
        // The name is read out of its atom and matched once for both questions.
        let Some(weight) = weight(&tag.name) else {
            return self.admit_item(tag);
        };
        match tag.kind {
            TagKind::StartTag if self.depth + weight > MAX_DEPTH => {
                *self.dropped.entry(tag.name.clone()).or_insert(0) += 1;
                false
            }
            TagKind::StartTag => {
                self.depth += weight;
                *self.open.entry(tag.name.clone()).or_insert(0) += 1;
                true
            }
            TagKind::EndTag => {
                if self.swallows(&tag.name) {
                    return false;
                }
                if let Some(open) = self.open.get_mut(&tag.name).filter(|n| **n > 0) {
                    *open -= 1;
                    self.depth = self.depth.saturating_sub(weight);
                }
                true
            }
        }
    }

    /// An uncounted tag is dropped while its list or table is dropped, with its end tag.
    fn admit_item(&mut self, tag: &html5ever::tokenizer::Tag) -> bool {
        match tag.kind {
            TagKind::StartTag => {
                let flattened = !self.dropped.is_empty()
                    && container(&tag.name).iter().any(|name| {
                        let name = LocalName::from(*name);
                        self.dropped.get(&name).is_some_and(|n| *n > 0)
                    });
                if flattened {
                    *self.dropped.entry(tag.name.clone()).or_insert(0) += 1;
                }
                !flattened
            }
            TagKind::EndTag => !self.swallows(&tag.name),
        }
    }

    /// Is this end tag the end of a dropped start tag? Then it is dropped too.
    fn swallows(&mut self, name: &LocalName) -> bool {
        match self.dropped.get_mut(name) {
            Some(count) if *count > 0 => {
                *count -= 1;
                true
            }
            _ => false,
        }
    }
}

/// The elements an uncounted element is an item of: a list item of its list, a row or cell of
/// its table, an option of its select.
fn container(name: &str) -> &'static [&'static str] {
    match name {
        "li" => &["ul", "ol", "menu"],
        "dt" | "dd" => &["dl"],
        "tr" | "td" | "th" | "tbody" | "thead" | "tfoot" | "caption" | "colgroup" => &["table"],
        "option" | "optgroup" => &["select", "datalist"],
        _ => &[],
    }
}

/// How many levels of the tree a counted element opens: a table holds a row group, a row and a
/// cell (none of them counted, their end tags being optional), a list or a select its items.
/// Without this, 100,000 `<table><tr><td>` built a tree four times deeper than the cap, and
/// every later tag and block paid for that depth. `None` for void elements and elements whose
/// end tag is optional: neither counts toward the depth.
fn weight(name: &str) -> Option<usize> {
    match name {
        "table" => Some(4),
        "ul" | "ol" | "menu" | "dl" | "select" | "datalist" => Some(2),
        "area" | "base" | "br" | "col" | "embed" | "hr" | "img" | "input" | "link" | "meta"
        | "source" | "track" | "wbr" | "param" | "keygen" | "image" | "html" | "head" | "body"
        | "p" | "li" | "dt" | "dd" | "option" | "optgroup" | "rb" | "rp" | "rt" | "rtc" | "tr"
        | "td" | "th" | "tbody" | "thead" | "tfoot" | "colgroup" | "caption" => None,
        _ => Some(1),
    }
}

fn starts_page(token: &Token) -> bool {
    match token {
        Token::DoctypeToken(_) => true,
        Token::TagToken(tag) => {
            // Interned names compare as one word each, where the string compare read the
            // name out of its atom for every tag.
            tag.kind == TagKind::StartTag
                && (tag.name == local_name!("html")
                    || tag.name == local_name!("head")
                    || tag.name == local_name!("body"))
        }
        _ => false,
    }
}

/// Character data not yet fully placed in the tree.
struct PendingText<'a> {
    text: Cow<'a, str>,
    map: SourceMap,
    consumed: usize,
}

impl PendingText<'_> {
    /// Consumes `piece` at the front of the text not yet placed and returns where it starts
    /// in the text, or `None` when the text not yet placed does not start with it.
    fn consume(&mut self, piece: &str) -> Option<usize> {
        let rest = &self.text[self.consumed..];
        // The tree builder drops a newline right after `<pre>`, `<listing>`, `<textarea>`.
        let skip = if starts_with(rest, piece) {
            0
        } else if rest.starts_with('\n') && starts_with(&rest[1..], piece) {
            1
        } else {
            return None;
        };
        let start = self.consumed + skip;
        self.consumed = start + piece.len();
        Some(start)
    }

    /// Is all of the text placed?
    fn is_done(&self) -> bool {
        self.consumed >= self.text.len()
    }

    /// Leaves in `matched` the map of the text from `start` to what is consumed.
    fn map_into(&mut self, matched: &mut SourceMap, start: usize) {
        if start == 0 && self.is_done() {
            // The whole token (the common case): its map is taken, not copied.
            std::mem::swap(matched, &mut self.map);
        } else {
            matched.append_slice(&self.map, start..self.consumed, 0);
        }
    }
}

#[derive(Default)]
struct Record<'a> {
    /// The character token being processed, whose text the tree builder places while it
    /// processes it, most often whole: held here and not queued, so such a token is never
    /// moved into and out of `pending`.
    current: Option<PendingText<'a>>,
    /// Earlier character tokens whose text the tree builder may still insert (tables defer
    /// it), oldest first.
    pending: VecDeque<PendingText<'a>>,
    /// The tag being processed and the elements created meanwhile.
    current_tag: Option<(LocalName, TagKind, Range<usize>)>,
    current_range: Range<usize>,
    created: Vec<(NodeId, LocalName)>,
    start_tags: NodeMap<Range<usize>>,
    text_maps: NodeMap<SourceMap>,
    errors: Vec<ParseError>,
    /// The map of the piece of text being placed (reused, so placing allocates nothing).
    matched: SourceMap,
}

/// Does `text` start with `piece`? A piece the tree builder cut from a text item's tendril
/// starts at the address of the item's text not yet placed (both are the source tendril's
/// bytes: see [`Tokenizer::new`]), and is then its prefix without a comparison of the bytes;
/// anything else (decoded text, a dropped newline) is compared.
fn starts_with(text: &str, piece: &str) -> bool {
    (text.as_ptr() == piece.as_ptr() && piece.len() <= text.len()) || text.starts_with(piece)
}

/// How many unplaced character tokens to remember; more means text was dropped by the parser
/// (for example outside a frameset), which must not make matching quadratic.
const MAX_PENDING: usize = 16;

impl<'a> Record<'a> {
    /// Room for the start tags and text nodes of a source with `markup` `<`s (about one start
    /// tag per two, one text node per one), so the maps are not moved as they fill.
    fn with_room(markup: usize) -> Self {
        Record {
            start_tags: NodeMap::with_capacity(markup / 2 + 8),
            text_maps: NodeMap::with_capacity(markup + 8),
            ..Record::default()
        }
    }

    fn begin_text(&mut self, text: Cow<'a, str>, map: SourceMap) {
        // The text item's map covers all of its text.
        self.current_range = map.extent().unwrap_or(0..0);
        // With this one, at most `MAX_PENDING` tokens are remembered.
        if self.pending.len() == MAX_PENDING {
            self.pending.pop_front();
        }
        self.current = Some(PendingText {
            text,
            map,
            consumed: 0,
        });
    }

    fn begin_token(&mut self, token: &Token, range: Range<usize>) {
        self.current_range = range.clone();
        if let Token::TagToken(tag) = token {
            self.current_tag = Some((tag.name.clone(), tag.kind, range));
        }
    }

    /// Gives the token's range to the element created for it: the last one created with the
    /// tag's name (formatting elements reconstructed before it come first). End tags create
    /// elements only for `</p>` and `</br>` written without a start tag.
    fn end_token(&mut self) {
        if let Some(unplaced) = self.current.take() {
            self.pending.push_back(unplaced);
        }
        if let Some((name, kind, range)) = self.current_tag.take() {
            // Interned names compare as one word; only a name the tree builder adjusted (SVG's
            // camel case) needs the strings compared.
            let wanted = if name == local_name!("image") {
                local_name!("img")
            } else {
                name
            };
            let applies = kind == TagKind::StartTag
                || wanted == local_name!("p")
                || wanted == local_name!("br");
            if applies {
                if let Some((id, _)) = self.created.iter().rev().find(|(_, n)| {
                    *n == wanted || n.as_bytes().eq_ignore_ascii_case(wanted.as_bytes())
                }) {
                    self.start_tags.insert(*id, range);
                }
            }
        }
        self.created.clear();
    }

    /// Finds `piece` at the front of the unplaced character data and leaves its map in
    /// `matched`; text the parser synthesised is tied to the token being processed instead.
    /// Called before the piece goes into the tree, so the piece is borrowed, not copied.
    fn match_text(&mut self, piece: &str) {
        self.matched.clear();
        for (index, pending) in self.pending.iter_mut().enumerate() {
            let Some(start) = pending.consume(piece) else {
                continue;
            };
            pending.map_into(&mut self.matched, start);
            let done = pending.is_done();
            // Text the tree builder dropped before this piece is forgotten (a drain of nothing
            // still cost a `VecDeque` drain's set-up and drop on every piece).
            if index > 0 {
                self.pending.drain(..index);
            }
            if done {
                self.pending.pop_front();
            }
            return;
        }
        if let Some(current) = &mut self.current {
            if let Some(start) = current.consume(piece) {
                current.map_into(&mut self.matched, start);
                if current.is_done() {
                    self.current = None;
                }
                // All earlier text was dropped.
                if !self.pending.is_empty() {
                    self.pending.clear();
                }
                return;
            }
        }
        let range = self.current_range.clone();
        self.matched
            .push_atomic(0, piece.len(), range.start, range.len());
    }

    /// Adds the last matched piece's map to text node `node`, where the piece landed at
    /// `offset`.
    fn record_text(&mut self, node: NodeId, offset: usize) {
        let position = self.text_maps.position(node);
        let entries = &mut self.text_maps.entries;
        match position {
            // A new text node takes the map over instead of copying it.
            Err(at) if offset == 0 => entries.insert(at, (node, std::mem::take(&mut self.matched))),
            Err(at) => {
                entries.insert(at, (node, SourceMap::default()));
                entries[at].1.append_shifted(&self.matched, offset);
            }
            Ok(at) => entries[at].1.append_shifted(&self.matched, offset),
        }
    }
}

struct PositionSink<'a> {
    inner: HtmlTreeSink,
    record: RefCell<Record<'a>>,
}

/// Where the tree builder puts a piece of text: after the children of a node, or before a
/// node (foster parenting).
#[derive(Clone, Copy)]
enum Place {
    LastChildOf(NodeId),
    Before(NodeId),
}

impl PositionSink<'_> {
    /// Puts `text` at `place` as scraper's sink does (into the text node already beside that
    /// place, else as a new text node there), in one borrow of the tree, and returns the text
    /// node it landed in and the offset it landed at. Going through scraper's sink instead
    /// looked the node and its neighbour up three times, in three borrows.
    fn place_text(&self, place: Place, text: StrTendril) -> (NodeId, usize) {
        let mut html = self.inner.0.borrow_mut();
        let (Place::LastChildOf(id) | Place::Before(id)) = place;
        let Some(mut node) = html.tree.get_mut(id) else {
            unreachable!("the tree builder places text beside nodes of the tree");
        };
        let neighbour = match place {
            Place::LastChildOf(_) => node.last_child(),
            Place::Before(_) => node.prev_sibling(),
        };
        let merged = neighbour.and_then(|mut neighbour| {
            let id = neighbour.id();
            match neighbour.value() {
                Node::Text(existing) => {
                    let offset = existing.text.len();
                    existing.text.push_tendril(&text);
                    Some((id, offset))
                }
                _ => None,
            }
        });
        merged.unwrap_or_else(|| {
            let new = Node::Text(Text { text });
            let new = match place {
                Place::LastChildOf(_) => node.append(new),
                Place::Before(_) => node.insert_before(new),
            };
            (new.id(), 0)
        })
    }

    fn has_parent(&self, node: NodeId) -> bool {
        let html = self.inner.0.borrow();
        html.tree.get(node).is_some_and(|n| n.parent().is_some())
    }
}

impl TreeSink for PositionSink<'_> {
    type Handle = NodeId;
    type Output = Self;
    type ElemName<'a>
        = Ref<'a, QualName>
    where
        Self: 'a;

    fn finish(self) -> Self {
        self
    }

    fn parse_error(&self, message: Cow<'static, str>) {
        let mut record = self.record.borrow_mut();
        let range = record.current_range.clone();
        record.errors.push(ParseError { message, range });
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    /// As scraper's sink answers it, but here: the tree builder asks for names thousands of
    /// times a page (scopes, implied end tags), and a call through to scraper's answer (not
    /// inlined across the crates) cost as much as the answer.
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        Ref::map(self.inner.0.borrow(), |html| {
            match html.tree.get(*target).map(|node| node.value()) {
                Some(Node::Element(element)) => &element.name,
                _ => unreachable!("the tree builder asks for the names of elements only"),
            }
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let local = name.local.clone();
        let id = self.inner.create_element(name, attrs, flags);
        self.record.borrow_mut().created.push((id, local));
        id
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let NodeOrText::AppendText(text) = child else {
            return self.inner.append(parent, child);
        };
        self.record.borrow_mut().match_text(&text);
        let (node, offset) = self.place_text(Place::LastChildOf(*parent), text);
        self.record.borrow_mut().record_text(node, offset);
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        if self.has_parent(*element) {
            self.append_before_sibling(element, child)
        } else {
            self.append(prev_element, child)
        }
    }

    fn append_doctype_to_document(&self, name: StrTendril, public: StrTendril, system: StrTendril) {
        self.inner.append_doctype_to_document(name, public, system)
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let NodeOrText::AppendText(text) = new_node else {
            return self.inner.append_before_sibling(sibling, new_node);
        };
        if !self.has_parent(*sibling) {
            return;
        }
        self.record.borrow_mut().match_text(&text);
        let (node, offset) = self.place_text(Place::Before(*sibling), text);
        self.record.borrow_mut().record_text(node, offset);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `src` from a tendril of its own, as a source would hold it.
    fn parse(src: &str) -> Parsed {
        super::parse(&StrTendril::from_slice(src))
    }

    fn text_nodes(src: &str) -> Vec<(String, String)> {
        let parsed = parse(src);
        let mut out = Vec::new();
        for node in parsed.html.tree.root().descendants() {
            if let Node::Text(text) = node.value() {
                let map = parsed.text_maps.get(node.id()).unwrap();
                let range = map.source_range(0..text.len()).unwrap();
                out.push((text.to_string(), src[range].to_string()));
            }
        }
        out
    }

    #[test]
    fn text_nodes_map_back_through_entities_and_crlf() {
        let nodes = text_nodes("<p>caf&eacute;\r\nau lait &amp; cr&#232;me</p>");
        assert_eq!(
            nodes,
            vec![(
                "café\nau lait & crème".to_string(),
                "caf&eacute;\r\nau lait &amp; cr&#232;me".to_string()
            )]
        );
    }

    #[test]
    fn foster_parented_table_text_keeps_its_origin() {
        let nodes = text_nodes("<table>stray<tr><td>cell</td></tr></table>");
        assert!(nodes.contains(&("stray".to_string(), "stray".to_string())));
        assert!(nodes.contains(&("cell".to_string(), "cell".to_string())));
    }

    #[test]
    fn text_merged_into_an_earlier_node_keeps_both_origins() {
        // "b" is foster-parented into "a", a text node older than "cell": its map is not the
        // last one recorded, and is updated where it is.
        let src = "<table>a<tr><td>cell</td></tr>b</table>";
        let nodes = text_nodes(src);
        assert!(nodes.contains(&("ab".to_string(), "a<tr><td>cell</td></tr>b".to_string())));
        assert!(nodes.contains(&("cell".to_string(), "cell".to_string())));
    }

    #[test]
    fn text_placed_after_its_token_or_in_part_keeps_its_origin() {
        // The newline after `<pre>` is dropped and the rest of that token placed.
        let nodes = text_nodes("<pre>\nkept</pre>");
        assert_eq!(nodes, vec![("kept".to_string(), "kept".to_string())]);
        // Table text waits for the next token, here a comment, before it is placed.
        let nodes = text_nodes("<table>a<!--x-->b<tr><td>c</td></tr></table>");
        assert!(nodes.contains(&("ab".to_string(), "a<!--x-->b".to_string())));
        assert!(nodes.contains(&("c".to_string(), "c".to_string())));
    }

    #[test]
    fn node_map_finds_values_recorded_in_any_order() {
        let parsed = parse("<p>a<b>b</b>c</p><p>d</p>");
        let ids: Vec<NodeId> = parsed.html.tree.nodes().map(|n| n.id()).collect();
        let mut map = NodeMap::default();
        for &id in ids.iter().rev() {
            map.insert(id, id);
        }
        map.insert(ids[1], ids[0]);
        assert_eq!(map.len(), ids.len());
        assert_eq!(map.get(ids[1]), Some(&ids[0]));
        let mut cursor = 0;
        for &id in ids.iter().skip(2).chain(ids.iter().take(1)) {
            assert_eq!(map.get_next(&mut cursor, id), Some(&id));
        }
        assert_eq!(cursor, 1);
    }

    #[test]
    fn misnested_formatting_is_reparented_with_positions() {
        let src = "<p><b>one<p>two</b> three</p>";
        let nodes = text_nodes(src);
        assert_eq!(
            nodes
                .iter()
                .map(|(t, s)| (t.as_str(), s.as_str()))
                .collect::<Vec<_>>(),
            vec![("one", "one"), ("two", "two"), (" three", " three")]
        );
    }

    #[test]
    fn elements_get_their_start_tags_and_implied_ones_none() {
        let src = "<table><tr><td><img src=a.png></td></tr></table>";
        let parsed = parse(src);
        let mut tags = Vec::new();
        for node in parsed.html.tree.root().descendants() {
            if let Node::Element(el) = node.value() {
                let range = parsed.start_tags.get(node.id()).cloned();
                tags.push((el.name().to_string(), range.map(|r| src[r].to_string())));
            }
        }
        let get = |name: &str| tags.iter().find(|(n, _)| n == name).unwrap().1.clone();
        assert_eq!(get("tbody"), None);
        assert_eq!(get("body"), None);
        assert_eq!(get("img").as_deref(), Some("<img src=a.png>"));
        assert_eq!(get("td").as_deref(), Some("<td>"));
        assert!(!parsed.is_page);
    }

    /// The most elements any node of the parsed tree has above it.
    fn tree_depth(src: &str) -> usize {
        let parsed = parse(src);
        let tree = &parsed.html.tree;
        tree.nodes()
            .filter(|n| n.first_child().is_none())
            .map(|n| n.ancestors().count())
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn nesting_is_capped_at_the_real_depth_of_the_tree() {
        // `</b>` closes nothing here: such stray end tags counted down, the tree grew 100,000
        // deep, and naming a heading's content overflowed the stack.
        for open in [
            "<div>",
            "<table><tr><td>",
            "<ul><li>",
            "<dl><dd>",
            "<div></b>",
        ] {
            let depth = tree_depth(&(open.repeat(5_000) + "deep"));
            // The cap, plus the document, html and body around it.
            assert!(depth <= MAX_DEPTH + 3, "{open}: {depth}");
            assert!(depth > MAX_DEPTH / 2, "{open}: {depth}");
        }
    }

    #[test]
    fn items_of_a_flattened_list_or_table_are_flattened_with_it() {
        for (open, item) in [
            ("<ul><li>", "li"),
            ("<table><tr><td>", "td"),
            ("<dl><dd>", "dd"),
        ] {
            let src = (open.to_string() + "x ").repeat(5_000);
            let parsed = parse(&src);
            let tree = &parsed.html.tree;
            let items = tree
                .nodes()
                .filter(|n| n.value().as_element().is_some_and(|e| e.name() == item))
                .count();
            assert!(items <= MAX_DEPTH, "{open}: {items} {item} elements");
            // Every word is kept.
            let text: String = tree
                .nodes()
                .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
                .collect();
            assert_eq!(text.matches('x').count(), 5_000, "{open}");
        }
        // A list closed again after the cap lets the items that follow in.
        let src =
            "<ul><li>".repeat(400) + "deep" + &"</li></ul>".repeat(400) + "<ul><li>a<li>b</ul>";
        let parsed = parse(&src);
        let last_list = parsed
            .html
            .tree
            .nodes()
            .rfind(|n| n.value().as_element().is_some_and(|e| e.name() == "ul"))
            .unwrap();
        assert_eq!(last_list.children().count(), 2);
    }

    #[test]
    fn parse_errors_point_at_the_token() {
        let src = "<p>a <strong>b</p><p>c";
        let parsed = parse(src);
        assert!(!parsed.errors.is_empty());
        assert!(parsed
            .errors
            .iter()
            .any(|e| &src[e.range.clone()] == "</p>"));
    }
}
