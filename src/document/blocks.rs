//! From the tree to the article's blocks: scope selection, what is prose, block boundaries and
//! whitespace folding, each block keeping its [`SourceMap`].
//!
//! Blocks follow the CSS notion of a block box: a paragraph, heading, list item, table cell …
//! is a block; inline text directly inside a container (`<div>text</div>`, text beside a
//! nested list in an `<li>`) forms an anonymous block of its own, as browsers render it.

use super::selector::{Path, Selectors};
use super::sourcemap::{SourceMap, SourceMaps};
use super::tree::Parsed;
use super::AttributeByName;
use super::{Block, BlockKind, Image, Inline, InlineKind, Scope, ScopeOption};
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::Node;
use std::borrow::Cow;
use std::ops::Range;

pub(super) struct Extracted {
    pub scope: Scope,
    pub language: Option<String>,
    pub blocks: Vec<Block>,
    /// The blocks' source maps.
    pub maps: SourceMaps,
    pub images: Vec<Image>,
    /// The text holding the blocks' selectors (and their ancestors' and images').
    pub selectors: String,
}

/// About the length of a block's selector in a page, `body > main > article > p:nth-of-type(12)`
/// (the article's 90 blocks average 50 bytes, a fragment's are shorter).
const SELECTOR_BYTES: usize = 48;

pub(super) fn extract(parsed: &Parsed, option: ScopeOption) -> Extracted {
    let tree = &parsed.html.tree;
    let html_element = tree
        .root()
        .children()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "html"));
    let language = html_element
        .and_then(|n| n.value().as_element()?.attribute("lang"))
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    let body = html_element.and_then(|html| {
        html.children()
            .find(|n| n.value().as_element().is_some_and(|e| e.name() == "body"))
    });
    let as_page = match option {
        ScopeOption::Auto => parsed.is_page,
        ScopeOption::Page => true,
        ScopeOption::Fragment => false,
    };
    let (scope, root) = match (as_page, body) {
        (_, None) => (Scope::Fragment, None),
        (false, Some(body)) => (Scope::Fragment, Some(body)),
        (true, Some(body)) => {
            let (scope, root) = main_content(body);
            (scope, Some(root))
        }
    };
    let mut selectors = Selectors::new(&parsed.html, scope == Scope::Fragment);
    let Some(root) = root else {
        return Extracted {
            scope,
            language,
            blocks: Vec::new(),
            maps: SourceMaps::default(),
            images: Vec::new(),
            selectors: String::new(),
        };
    };
    // Most blocks are one run of text, one segment (the article's 90 blocks have 90), and
    // their selectors run to about `SELECTOR_BYTES` each: room for as many as the blocks
    // have, where both grew by doubling from nothing, some fifteen reallocations and
    // copies per article. `Document::from_html` gives back what is left over.
    let mut selector_text = String::with_capacity(parsed.start_tags.len() * SELECTOR_BYTES);
    let mut walker = Walker {
        parsed,
        text_cursor: 0,
        scope,
        path: Path::new(
            root,
            &mut selectors,
            &mut selector_text,
            parsed.start_tags.len(),
        ),
        selectors: &mut selectors,
        // About one block per element the author wrote (the article's 120 start tags make 110
        // blocks): room for them at once instead of a move of every block at each doubling.
        // `Document::from_html` gives back what is left over.
        blocks: Vec::with_capacity(parsed.start_tags.len()),
        images: Vec::new(),
        open: Vec::new(),
        pieces: Vec::new(),
        folded: FoldScratch::default(),
        maps: SourceMaps::with_capacity(parsed.start_tags.len()),
        selector_text,
    };
    walker.walk(root);
    Extracted {
        scope,
        language,
        blocks: walker.blocks,
        maps: walker.maps,
        images: walker.images,
        selectors: walker.selector_text,
    }
}

/// The article inside a page: the first `main`, else `article`, else `[role=main]`, else body.
fn main_content(body: NodeRef<'_, Node>) -> (Scope, NodeRef<'_, Node>) {
    let first = |pred: &dyn Fn(&Element) -> bool| {
        body.descendants()
            .find(|n| n.value().as_element().is_some_and(pred))
    };
    if let Some(n) = first(&|e| e.name() == "main") {
        return (Scope::Main, n);
    }
    if let Some(n) = first(&|e| e.name() == "article") {
        return (Scope::Article, n);
    }
    if let Some(n) = first(&|e| {
        e.attribute("role")
            .is_some_and(|r| r.eq_ignore_ascii_case("main"))
    }) {
        return (Scope::RoleMain, n);
    }
    (Scope::Body, body)
}

/// What an element is to the walk, by its name.
#[derive(Clone, Copy)]
enum Role {
    /// Its content is never prose.
    NotProse,
    /// `nav` or `aside`: left out of a page's article, a block of a fragment.
    Aside,
    /// The rest of a page's chrome (`header`, `footer`, `form`): left out when the article is
    /// the whole body, else a block.
    Chrome,
    /// Block-level (HTML's flow content rendered as blocks by default), starting a block of
    /// its own kind, or (`None`) of the kind of the block it sits in: a paragraph inside a
    /// list item, cell, quote … reads as part of that unit.
    Block(Option<BlockKind>),
    Image,
    LineBreak,
    /// Any other element: inline, its text joins the text around it.
    Inline,
}

/// The role of the element named `name`, in one match of the name, so that the walk reads
/// the name once rather than once for each list of names (not prose, page chrome,
/// block-level, the blocks' kinds).
fn role(name: &str) -> Role {
    let own = |kind| Role::Block(Some(kind));
    match name {
        "script" | "style" | "template" | "noscript" | "pre" | "code" | "textarea" | "select"
        | "button" | "svg" | "math" | "iframe" | "object" | "embed" | "video" | "audio"
        | "canvas" | "map" | "head" | "title" | "input" | "datalist" => Role::NotProse,
        "nav" | "aside" => Role::Aside,
        "header" | "footer" | "form" => Role::Chrome,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            own(BlockKind::Heading(name.as_bytes()[1] - b'0'))
        }
        "li" => own(BlockKind::ListItem),
        "td" | "th" => own(BlockKind::TableCell),
        "caption" | "figcaption" => own(BlockKind::Caption),
        "blockquote" => own(BlockKind::Quote),
        "dt" => own(BlockKind::Term),
        "dd" => own(BlockKind::Definition),
        "address" | "article" | "body" | "center" | "details" | "dialog" | "dir" | "div" | "dl"
        | "fieldset" | "figure" | "hgroup" | "hr" | "legend" | "main" | "menu" | "ol" | "p"
        | "search" | "section" | "summary" | "table" | "tbody" | "tfoot" | "thead" | "tr"
        | "ul" | "html" => Role::Block(None),
        "img" => Role::Image,
        "br" => Role::LineBreak,
        _ => Role::Inline,
    }
}

/// Block-level elements (HTML's flow content rendered as blocks by default). Everything else
/// is inline and joins the text around it.
pub(crate) fn is_block_level(name: &str) -> bool {
    matches!(role(name), Role::Aside | Role::Chrome | Role::Block(_))
}

/// An element that is open during the walk and can own text (its text is the walker's
/// `pieces` while it is the innermost one).
struct OpenBlock {
    element: NodeId,
    kind: BlockKind,
    /// The element's depth on the walk's [`Path`].
    depth: usize,
    /// Inline elements of interest: what they are and the pieces they cover (end `None`
    /// while still open).
    inlines: Vec<(NodeId, InlineKind, usize, Option<usize>)>,
}

impl OpenBlock {
    fn new(element: NodeId, kind: BlockKind, depth: usize) -> Self {
        OpenBlock {
            element,
            kind,
            depth,
            inlines: Vec::new(),
        }
    }
}

/// The inline elements whose extent later stages need: abbreviations with their expansion,
/// defining instances of terms, and links.
fn inline_kind(element: &Element) -> Option<InlineKind> {
    let non_empty = |name: &str| {
        element
            .attribute(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    match element.name() {
        "abbr" | "acronym" => Some(InlineKind::Abbreviation {
            title: non_empty("title"),
        }),
        "dfn" => Some(InlineKind::Definition),
        "a" => Some(InlineKind::Link {
            href: non_empty("href"),
        }),
        _ => None,
    }
}

struct Walker<'a, 'p> {
    parsed: &'p Parsed,
    /// Where the next text node's map is likely to be in `parsed.text_maps`: the walk meets
    /// text nodes mostly in the order they were created.
    text_cursor: usize,
    scope: Scope,
    selectors: &'a mut Selectors<'p>,
    /// The open elements, for the selectors of blocks and images.
    path: Path<'p>,
    blocks: Vec<super::Block>,
    images: Vec<Image>,
    open: Vec<OpenBlock>,
    /// Text of the innermost open block in document order; a `<br>` is a newline mapped to
    /// its tag. Only the innermost block collects text (an element that opens a block first
    /// ends the text before it as a block), so one buffer serves them all and keeps its
    /// allocation from block to block.
    pieces: Vec<(&'p str, Cow<'p, SourceMap>)>,
    /// The folded map and piece starts of the block being ended, reused from block to block.
    folded: FoldScratch,
    maps: SourceMaps,
    /// The selectors of the blocks, images and their open ancestors, each block holding the
    /// range of its own (blocks of one element share it).
    selector_text: String,
}

impl<'p> Walker<'_, 'p> {
    /// Visits the subtree iteratively: documents may nest thousands of elements deep.
    fn walk(&mut self, root: NodeRef<'p, Node>) {
        self.open.push(OpenBlock::new(
            root.id(),
            BlockKind::Paragraph,
            self.path.depth(),
        ));
        let mut skipping: Option<NodeId> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) if node.id() == root.id() => {}
                Edge::Close(node) if node.id() == root.id() => {}
                Edge::Open(node) if skipping.is_none() => match node.value() {
                    Node::Text(text) => self.text(node.id(), text),
                    Node::Element(element) => {
                        let role = role(element.name());
                        if self.skips(element, role) {
                            skipping = Some(node.id());
                        } else {
                            self.open_element(node, element, role);
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) if skipping == Some(node.id()) => skipping = None,
                Edge::Close(node) if skipping.is_none() => {
                    if let Node::Element(element) = node.value() {
                        self.close_element(node, element);
                    }
                }
                _ => {}
            }
        }
        self.flush();
    }

    /// Is `element`, of `role`, left out with its content? Page chrome is left out of a page
    /// (`nav` and `aside` of any page, the rest when the article is the whole body).
    fn skips(&self, element: &Element, role: Role) -> bool {
        match role {
            Role::NotProse => true,
            Role::Aside if self.scope != Scope::Fragment => true,
            Role::Chrome if self.scope == Scope::Body => true,
            _ => hidden_or_ignored(element),
        }
    }

    fn open_element(&mut self, node: NodeRef<'p, Node>, element: &Element, role: Role) {
        let depth = self.path.enter(node);
        let own = match role {
            Role::Block(own) => own,
            Role::Aside | Role::Chrome => None,
            Role::Image => return self.image(node, element, depth),
            Role::LineBreak => return self.line_break(node.id()),
            Role::Inline | Role::NotProse => {
                if let (Some(kind), Some(open)) = (inline_kind(element), self.open.last_mut()) {
                    open.inlines
                        .push((node.id(), kind, self.pieces.len(), None));
                }
                return;
            }
        };
        self.flush();
        let enclosing = self.open.last().map(|b| b.kind);
        let kind = own.or(enclosing).unwrap_or(BlockKind::Paragraph);
        self.open.push(OpenBlock::new(node.id(), kind, depth));
    }

    fn close_element(&mut self, node: NodeRef<'p, Node>, element: &Element) {
        self.path.leave();
        if let Some(open) = self.open.last_mut() {
            let end = self.pieces.len();
            if let Some(inline) = open.inlines.iter_mut().rev().find(|i| i.0 == node.id()) {
                inline.3 = Some(end);
            }
        }
        // A block-level element opened a block of its own, and the blocks inside it are closed
        // by now: the innermost open block is this element's exactly when it is block-level
        // (one comparison, where testing the name against the block-level list cost a string
        // match per element).
        let own_block = self.open.last().is_some_and(|b| b.element == node.id());
        if own_block && self.open.len() > 1 {
            debug_assert!(is_block_level(element.name()));
            self.flush();
            self.open.pop();
        }
    }

    fn text(&mut self, id: NodeId, text: &'p str) {
        let Some(map) = self.parsed.text_maps.get_next(&mut self.text_cursor, id) else {
            return;
        };
        if !self.open.is_empty() {
            self.pieces.push((text, Cow::Borrowed(map)));
        }
    }

    /// `<br>` separates words like whitespace does.
    fn line_break(&mut self, id: NodeId) {
        let mut map = SourceMap::default();
        let tag = self.parsed.start_tags.get(id).cloned().unwrap_or(0..0);
        map.push_atomic(0, 1, tag.start, tag.len());
        if !self.open.is_empty() {
            self.pieces.push(("\n", Cow::Owned(map)));
        }
    }

    fn image(&mut self, node: NodeRef<'p, Node>, element: &Element, depth: usize) {
        let Some(tag) = self.parsed.start_tags.get(node.id()) else {
            return;
        };
        let selector = self.selector(depth);
        self.images.push(Image {
            element: node.id(),
            src: element.attribute("src").map(str::to_string),
            alt: element.attribute("alt").map(str::to_string),
            tag: tag.clone(),
            selector: self.selector_text[selector].to_string(),
        });
    }

    /// Ends the text collected so far in the innermost open element as one block.
    fn flush(&mut self) {
        let Some(open) = self.open.last_mut() else {
            return;
        };
        if self.pieces.is_empty() {
            return;
        }
        // Whitespace alone folds to nothing, and makes no block: about half the flushes of an
        // article (the line breaks and indentation between its block elements), each of which
        // allocated its text only to free it empty.
        if self
            .pieces
            .iter()
            .all(|(text, _)| text.bytes().all(is_html_space))
        {
            self.pieces.clear();
            open.inlines.clear();
            return;
        }
        let pending = std::mem::take(&mut open.inlines);
        let (element, kind, depth) = (open.element, open.kind, open.depth);
        let pieces = self.pieces.iter().map(|(t, m)| (*t, m.as_ref()));
        let text = fold_whitespace(pieces, &mut self.folded);
        let count = self.pieces.len();
        self.pieces.clear();
        if text.is_empty() {
            return;
        }
        let starts = &self.folded.piece_starts;
        // Most blocks have no inline of interest; collecting an empty vector in place still
        // cost its set-up, some 60 instructions a block.
        if pending.is_empty() {
            return self.push_block(kind, text, element, depth, Vec::new());
        }
        let inlines = pending
            .into_iter()
            .filter_map(|(element, kind, first, last)| {
                let start = starts[first];
                let end = starts[last.unwrap_or(count)];
                let range = trim_range(&text, start..end);
                (!range.is_empty()).then_some(Inline {
                    range,
                    element,
                    kind,
                })
            })
            .collect();
        self.push_block(kind, text, element, depth, inlines);
    }

    /// The range of the selector text holding the selector of the open element at `depth`
    /// (written there if it is not yet).
    fn selector(&mut self, depth: usize) -> Range<usize> {
        self.path
            .selector(depth, self.selectors, &mut self.selector_text)
    }

    /// Adds the block of `element` (open at `depth`) with its folded `text`, whose map is the
    /// one just folded.
    fn push_block(
        &mut self,
        kind: BlockKind,
        text: String,
        element: NodeId,
        depth: usize,
        inlines: Vec<Inline>,
    ) {
        let selector = Some(self.selector(depth));
        let map = self.maps.add(&self.folded.map);
        self.blocks.push(Block {
            kind,
            text,
            map,
            element: Some(element),
            selector,
            skip: None,
            inlines,
        });
    }
}

/// Hidden by markup, or silenced by the author: each test is of an attribute, so an element
/// without any (most of an article's) is neither, and its attributes are not scanned four times.
fn hidden_or_ignored(element: &Element) -> bool {
    !element.attrs.is_empty()
        && (super::hidden::is_hidden(element)
            || super::hidden::is_aria_hidden(element)
            || super::suppressions::is_ignored(element))
}

/// `range` of `text` without the spaces at its ends.
fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

/// Joins text pieces, collapsing every run of HTML whitespace into one space (mapped to the
/// whole run) and trimming the ends, as a browser lays out normal-flow text. Works segment by
/// segment of the pieces' maps, so it is linear; it allocates only the text it returns (its
/// map and the pieces' starts go to `out`, whose allocations serve block after block).
pub(super) fn fold_whitespace<'a, I>(pieces: I, out: &mut FoldScratch) -> String
where
    I: IntoIterator<Item = (&'a str, &'a SourceMap)>,
    I::IntoIter: Clone,
{
    let pieces = pieces.into_iter();
    // Folding only shortens: the pieces' total length bounds the text, so it never reallocates.
    let (count, bytes) = pieces.clone().fold((0, 0), |(count, bytes), (piece, _)| {
        (count + 1, bytes + piece.len())
    });
    out.map.clear();
    out.piece_starts.clear();
    out.piece_starts.reserve(count + 1);
    let piece_starts = &mut out.piece_starts;
    let mut folder = Folder {
        text: String::with_capacity(bytes),
        map: &mut out.map,
        pending_space: None,
    };
    for (piece, map) in pieces {
        piece_starts.push(folder.text.len());
        for (text, src, atomic) in map.segments() {
            let part = &piece[text];
            if atomic {
                if part.bytes().all(is_html_space) {
                    folder.space(src);
                } else {
                    folder.atomic(part, src);
                }
                continue;
            }
            let bytes = part.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                let start = i;
                if is_html_space(bytes[i]) {
                    while i < bytes.len() && is_html_space(bytes[i]) {
                        i += 1;
                    }
                    folder.space(src.start + start..src.start + i);
                } else {
                    i = unfolded_end(bytes, i);
                    folder.literal(&part[start..i], src.start + start);
                }
            }
        }
    }
    piece_starts.push(folder.text.len());
    folder.text
}

/// What [`fold_whitespace`] leaves beside the text: its map, and where each piece (and, last,
/// the end) starts in it.
#[derive(Default)]
pub(super) struct FoldScratch {
    pub map: SourceMap,
    pub piece_starts: Vec<usize>,
}

/// Output of [`fold_whitespace`] under construction.
struct Folder<'m> {
    text: String,
    map: &'m mut SourceMap,
    /// A run of whitespace seen but not yet written: its source range.
    pending_space: Option<Range<usize>>,
}

impl Folder<'_> {
    fn space(&mut self, src: Range<usize>) {
        self.pending_space = Some(match self.pending_space.take() {
            Some(open) => open.start..src.end,
            None => src,
        });
    }

    /// Writes the pending space, unless the text is still empty (leading space is trimmed).
    fn flush_space(&mut self) {
        if let Some(space) = self.pending_space.take() {
            if !self.text.is_empty() {
                self.map
                    .push_atomic(self.text.len(), 1, space.start, space.len());
                self.text.push(' ');
            }
        }
    }

    fn literal(&mut self, text: &str, src: usize) {
        self.flush_space();
        self.map.push_literal(self.text.len(), src, text.len());
        self.text.push_str(text);
    }

    fn atomic(&mut self, text: &str, src: Range<usize>) {
        self.flush_space();
        self.map
            .push_atomic(self.text.len(), text.len(), src.start, src.len());
        self.text.push_str(text);
    }
}

/// Where the text from `i` (not whitespace) stops being what folding would leave as it is:
/// words separated by single spaces fold to themselves, so they are taken as one literal
/// instead of word by word. Stops before other whitespace, two spaces, or a final space.
fn unfolded_end(bytes: &[u8], i: usize) -> usize {
    let mut i = skip_unfolded_sixteens(bytes, i);
    // Eight bytes at a time while none of them can change in folding (a space at the last of
    // them needs the byte after it); the byte loop below finds the exact end in the rest.
    while let Some(chunk) = bytes.get(i..i + 9) {
        let (eight, next) = chunk.split_at(8);
        let word = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        if may_fold(word) || (eight[7] == b' ' && is_html_space(next[0])) {
            break;
        }
        i += 8;
    }
    loop {
        while i < bytes.len() && !is_html_space(bytes[i]) {
            i += 1;
        }
        match bytes.get(i..i + 2) {
            Some([b' ', next]) if !is_html_space(*next) => i += 1,
            _ => return i,
        }
    }
}

/// Past the stretches of sixteen bytes from `i` that folding leaves as they are (as the eight-
/// byte loop of [`unfolded_end`] tests them, a space at the last byte needing the byte after
/// it), with SSE2 (part of every x86-64): two compares of all sixteen bytes and a mask of
/// each, where [`may_fold`] took twice the instructions for half the bytes. A byte is below
/// 0x0e when the unsigned minimum of it and 0x0d is itself.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn skip_unfolded_sixteens(bytes: &[u8], mut i: usize) -> usize {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_set1_epi8,
    };
    while let Some(chunk) = bytes.get(i..i + 17) {
        // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 processor runs these,
        // and the load reads sixteen of the seventeen bytes `chunk` holds (unaligned loads
        // are allowed).
        let (controls, spaces) = unsafe {
            let sixteen = _mm_loadu_si128(chunk.as_ptr().cast());
            let low = _mm_cmpeq_epi8(_mm_min_epu8(sixteen, _mm_set1_epi8(0x0d)), sixteen);
            let spaces = _mm_cmpeq_epi8(sixteen, _mm_set1_epi8(b' ' as i8));
            (_mm_movemask_epi8(low), _mm_movemask_epi8(spaces))
        };
        if controls != 0
            || spaces & (spaces >> 1) != 0
            || (chunk[15] == b' ' && is_html_space(chunk[16]))
        {
            break;
        }
        i += 16;
    }
    i
}

/// Elsewhere the eight-byte loop of [`unfolded_end`] does all of the fast scan.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn skip_unfolded_sixteens(_bytes: &[u8], i: usize) -> usize {
    i
}

/// Might folding change something in these eight bytes (in memory order)? True for any byte
/// below 0x0e (tab, line feed, form feed and carriage return among them) and for two spaces in
/// a row; also, rarely, for a byte 0x21 right after a space or a control byte, which only
/// sends that stretch to the byte loop. Both tests are "does a word have a byte less than n"
/// from Sean Eron Anderson's Bit Twiddling Hacks, which never misses such a byte.
fn may_fold(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let controls = word.wrapping_sub(ONES * 0x0e) & !word & HIGH_BITS;
    let spaceless = word ^ (ONES * u64::from(b' '));
    let spaces = spaceless.wrapping_sub(ONES) & !spaceless & HIGH_BITS;
    controls != 0 || spaces & (spaces >> 8) != 0
}

fn is_html_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}
