//! The document stage: the article's readable blocks, each with its text, a map from that
//! text back to the submitted bytes, and its element's CSS selector; plus the images and the
//! parse errors. Everything later in the pipeline reads this and never the HTML again.

mod blocks;
pub mod hidden;
mod nonprose;
mod plain;
mod selector;
pub mod sourcemap;
pub mod suppressions;
mod tokenizer;
mod tree;

use crate::source::{Source, Span};
use ego_tree::NodeId;
use scraper::Html;
use serde::{Deserialize, Serialize};
use sourcemap::{MapRange, SourceMaps};
use std::ops::Range;

pub(crate) use blocks::is_block_level;
pub use selector::Selectors;
pub use tree::ParseError;

/// Attribute reads by name without interning it. `scraper`'s `Element::attr` turns the name
/// into an atom on every call (a hash and a table probe, a lock for names outside the static
/// set) to binary-search the attributes; an element has a handful, so comparing their names as
/// strings is several times cheaper, and the rules read thousands of attributes per document.
pub trait AttributeByName {
    /// The value of the attribute `name` in no namespace, as `Element::attr` finds it.
    fn attribute(&self, name: &str) -> Option<&str>;
}

impl AttributeByName for scraper::node::Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(qualified, _)| qualified.ns == html5ever::ns!() && &*qualified.local == name)
            .map(|(_, value)| &**value)
    }
}

/// Which part of the input is the article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ScopeOption {
    /// A full page (it has a DOCTYPE, `<html>`, `<head>` or `<body>`) is narrowed to its main
    /// content; anything else is a fragment.
    #[default]
    Auto,
    Page,
    Fragment,
}

/// The part of the input that was analysed, as reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// The first `<main>` of a page.
    Main,
    /// The first `<article>` of a page without `<main>`.
    Article,
    /// The first `[role=main]` element.
    RoleMain,
    /// `<body>` without navigation, header, footer, asides and forms.
    Body,
    /// The whole input, taken as a fragment of an article (as a CMS editor holds it).
    Fragment,
    /// Plain text: paragraphs at blank lines.
    Text,
}

/// What kind of unit a block is; readability rules treat them differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "level")]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    ListItem,
    TableCell,
    Caption,
    Quote,
    Term,
    Definition,
}

/// A unit people read: its folded text and where each part of it came from.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    /// Where the text came from: a map in the document's [`SourceMaps`].
    pub map: MapRange,
    /// The element the block belongs to (for anonymous text, the container holding it).
    pub element: Option<NodeId>,
    /// Where the element's selector is in the document's selector text: read it with
    /// [`Document::block_selector`]. One buffer for all blocks instead of a string each saves
    /// a `malloc` and a `free` per block.
    selector: Option<Range<usize>>,
    /// Why the block is not read as prose, if it is not (reference lists, credits).
    pub skip: Option<SkipReason>,
    /// Abbreviations, defined terms and links inside the block, in order.
    pub inlines: Vec<Inline>,
}

/// An inline element whose extent matters to later stages.
#[derive(Debug, Clone)]
pub struct Inline {
    /// Byte range in the block's text.
    pub range: Range<usize>,
    pub element: NodeId,
    pub kind: InlineKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InlineKind {
    /// `<abbr>` (or `<acronym>`), with its `title` expansion if it has one.
    Abbreviation { title: Option<String> },
    /// `<dfn>`: the defining instance of a term.
    Definition,
    /// `<a>`, with its `href` if it has one.
    Link { href: Option<String> },
}

/// Text that is in the article but is not prose to be scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// A References / Sources / Bibliography section, or a list of citations.
    References,
    /// A figure credit ("Photo: …", "© …").
    Credit,
}

/// An image in the article.
#[derive(Debug, Clone)]
pub struct Image {
    pub element: NodeId,
    pub src: Option<String>,
    pub alt: Option<String>,
    /// The `<img>` start tag.
    pub tag: Range<usize>,
    pub selector: String,
}

/// The parsed article.
pub struct Document {
    pub source: Source,
    pub scope: Scope,
    /// The `lang` of the root element, if any.
    pub language: Option<String>,
    pub blocks: Vec<Block>,
    pub images: Vec<Image>,
    pub parse_errors: Vec<ParseError>,
    /// The tree, for checks that look at elements; `None` for plain text.
    pub html: Option<Html>,
    /// Where the author silenced rules (comments, `data-legible-ignore`).
    pub suppressions: Vec<suppressions::Suppression>,
    start_tags: tree::NodeMap<Range<usize>>,
    /// The blocks' source maps.
    maps: SourceMaps,
    /// The text holding the blocks' selectors, each block holding the range of its own.
    block_selectors: String,
}

impl Document {
    /// Reads `source` as HTML.
    pub fn from_html(source: Source, scope: ScopeOption) -> Document {
        let parsed = tree::parse(source.tendril());
        let mut extracted = blocks::extract(&parsed, scope);
        nonprose::mark(&mut extracted.blocks);
        // Collected by doubling, the block list of a large page had up to twice the room it
        // needs (1.8 MB for the 8,280 blocks of a 1 MB page), kept for the whole analysis.
        extracted.blocks.shrink_to_fit();
        extracted.images.shrink_to_fit();
        extracted.maps.shrink_to_fit();
        extracted.selectors.shrink_to_fit();
        Document {
            scope: extracted.scope,
            language: extracted.language,
            blocks: extracted.blocks,
            maps: extracted.maps,
            block_selectors: extracted.selectors,
            images: extracted.images,
            suppressions: suppressions::find(&parsed, source.text().len()),
            parse_errors: parsed.errors,
            html: Some(parsed.html),
            start_tags: parsed.start_tags,
            source,
        }
    }

    /// Reads `source` as plain text: paragraphs are separated by blank lines.
    pub fn from_text(source: Source) -> Document {
        let (mut blocks, maps) = plain::paragraphs(source.text());
        nonprose::mark(&mut blocks);
        Document {
            scope: Scope::Text,
            language: None,
            blocks,
            images: Vec::new(),
            parse_errors: Vec::new(),
            html: None,
            suppressions: Vec::new(),
            start_tags: tree::NodeMap::default(),
            maps,
            block_selectors: String::new(),
            source,
        }
    }

    /// The span of text `range` of block `block`.
    pub fn block_span(&self, block: usize, range: Range<usize>) -> Span {
        let block = &self.blocks[block];
        let source = self.maps.source_range(&block.map, range).unwrap_or(0..0);
        self.source.span(source.start, source.end)
    }

    /// The CSS selector of block `block`'s element; `None` for plain text (and for a block
    /// this document does not have).
    pub fn block_selector(&self, block: usize) -> Option<&str> {
        let range = self.blocks.get(block)?.selector.clone()?;
        self.block_selectors.get(range)
    }

    /// Selectors for any element of the tree, in the same form as the blocks' selectors;
    /// `None` for plain text.
    pub fn selectors(&self) -> Option<Selectors<'_>> {
        let html = self.html.as_ref()?;
        Some(Selectors::new(html, self.scope == Scope::Fragment))
    }

    /// Has the author silenced `rule` (of `category`) at byte `offset`?
    pub fn suppresses(&self, rule: &str, category: &str, offset: usize) -> bool {
        self.suppressions
            .iter()
            .any(|s| s.covers(rule, category, offset))
    }

    /// Frees the element tree and the start tags once the rules have read them: what is left
    /// (blocks with their source maps, images, the source text) is all the report is built
    /// from. [`Document::selectors`] and [`Document::start_tag_span`] answer `None` afterwards.
    pub fn release_tree(&mut self) {
        self.html = None;
        self.start_tags = tree::NodeMap::default();
    }

    /// The span of an element's start tag, when the author wrote one.
    pub fn start_tag_span(&self, element: NodeId) -> Option<Span> {
        let range = self.start_tags.get(element)?;
        Some(self.source.span(range.start, range.end))
    }
}

#[cfg(test)]
mod tests;
