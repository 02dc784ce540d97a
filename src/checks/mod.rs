//! Checks: rules that produce findings. A rule is data (id, title, category, severity, WCAG
//! success criteria or guidance, ACT rule ids, help) plus one function over the analysed
//! document. Rule families live in their own files; [`REGISTRY`] lists every rule once, and
//! feeds `legible rules`, the report and conformance tests alike.
//!
//! # Severity policy
//!
//! - `error`: a real failure of a WCAG success criterion, decidable from the markup (the
//!   W3C ACT rules' "failed" outcomes: an image without a text alternative, a link without a
//!   name, an invalid `lang`).
//! - `warning`: a heuristic that is usually right (a skipped heading level, "click here", a
//!   file name as alt text); a person confirms it.
//! - `info`: something only a person can decide (is this captioned image really decorative?).
//!
//! Every accessibility finding names the WCAG success criteria it concerns, spans the start tag
//! of the element it is about (see [`accname::Dom::span`] for elements the parser implied),
//! and carries that element's selector.

mod accname;
mod aria;
mod controls;
mod frames;
mod headings;
mod images;
pub mod jargon;
mod language;
mod links;
mod lists;
mod markup;
mod readability;
mod tables;

use crate::document::Document;
use crate::measures::Measured;
use crate::report::BlockSpans;
use crate::source::Span;
use crate::text::Sentence;
use serde::Serialize;
use std::cell::RefCell;
use std::fmt;
use std::ops::Range;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Accessibility,
    Readability,
    Jargon,
    Structure,
}

impl Category {
    /// The name used in the report and in configuration (`accessibility`, `jargon` …).
    pub fn name(self) -> &'static str {
        match self {
            Category::Accessibility => "accessibility",
            Category::Readability => "readability",
            Category::Jargon => "jargon",
            Category::Structure => "structure",
        }
    }
}

/// How sure and how serious: `error` only for a real failure, `warning` for a heuristic that
/// is usually right, `info` for something a person should look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// Everything a check may read: the document and its text analysis. Checks never parse.
pub struct Context<'a> {
    pub document: &'a Document,
    pub sentences: &'a [Sentence],
    /// The span of each block's whole text, which the report's blocks take too.
    pub block_spans: &'a BlockSpans,
    /// The counts of each sentence and block, which the readability rules compare with the
    /// guidance: the rules read the measures' words rather than the text engine's tokens,
    /// which are freed before the rules run.
    pub measured: &'a Measured,
    /// Jargon terms, acronyms and wordy phrases, found once for the jargon rules and the report.
    pub jargon: &'a jargon::Analysis,
    /// The caller's options (e.g. `first_heading_level` for the heading rules).
    pub options: &'a crate::Options,
    /// Where the rules write their hits' messages.
    pub messages: &'a Messages,
    /// The element index the accessibility rules share, built on first use.
    dom: std::cell::OnceCell<Option<accname::Dom<'a>>>,
    /// The tables with their grids, built on first use: four table rules read them.
    tables: std::cell::OnceCell<Vec<tables::Table<'a>>>,
    /// The headings with their levels and names, built on first use: nine heading rules read
    /// them.
    headings: std::cell::OnceCell<Vec<headings::Heading<'a>>>,
    /// The links with their names, built on first use: six link rules read them.
    links: std::cell::OnceCell<Vec<(accname::El<'a>, String)>>,
    /// The images named by their alt, with that alt folded, built on first use: six alt-text
    /// rules read them.
    images_with_alt: std::cell::OnceCell<Vec<(accname::El<'a>, String)>>,
}

impl<'a> Context<'a> {
    pub fn new(
        document: &'a Document,
        sentences: &'a [Sentence],
        block_spans: &'a BlockSpans,
        measured: &'a Measured,
        jargon: &'a jargon::Analysis,
        options: &'a crate::Options,
        messages: &'a Messages,
    ) -> Context<'a> {
        Context {
            document,
            sentences,
            block_spans,
            measured,
            jargon,
            options,
            messages,
            dom: std::cell::OnceCell::new(),
            tables: std::cell::OnceCell::new(),
            headings: std::cell::OnceCell::new(),
            links: std::cell::OnceCell::new(),
            images_with_alt: std::cell::OnceCell::new(),
        }
    }

    /// The document's elements with ids, hidden state and selectors (`None` for plain text).
    fn dom(&self) -> Option<&accname::Dom<'a>> {
        self.dom
            .get_or_init(|| accname::Dom::new(self.document, self.messages))
            .as_ref()
    }

    /// The body's tables and their grids (none for plain text).
    fn tables(&self) -> &[tables::Table<'a>] {
        self.tables
            .get_or_init(|| self.dom().map(tables::tables).unwrap_or_default())
    }

    /// The body's headings (none for plain text).
    fn headings(&self) -> &[headings::Heading<'a>] {
        self.headings
            .get_or_init(|| self.dom().map(headings::headings).unwrap_or_default())
    }

    /// The body's links and their accessible names (none for plain text).
    fn links(&self) -> &[(accname::El<'a>, String)] {
        self.links
            .get_or_init(|| self.dom().map(links::links).unwrap_or_default())
    }

    /// The exposed images whose name is their alt, and that alt folded (none for plain text).
    fn images_with_alt(&self) -> &[(accname::El<'a>, String)] {
        self.images_with_alt
            .get_or_init(|| self.dom().map(images::images_with_alt).unwrap_or_default())
    }
}

/// One place a rule fires.
#[derive(Debug, Clone)]
pub struct Hit {
    pub span: Span,
    pub selector: Option<Selector>,
    pub message: Message,
    /// Replacements to offer (plain words for jargon, shorter phrases for wordy ones).
    pub suggestions: crate::report::Suggestions,
}

/// The messages of a document's hits, written one after another into one buffer that their
/// findings share (see `report::Excerpts::findings`): a string of its own for each was an
/// allocation as the rule found it and a free with the report, per finding.
#[derive(Debug, Default)]
pub struct Messages(RefCell<String>);

/// A hit's message: where it is in the rules' [`Messages`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message(Range<usize>);

impl Messages {
    /// Writes `text` as a message: a `&str`, or `format_args!` to format it straight into
    /// the buffer.
    pub fn add(&self, text: impl fmt::Display) -> Message {
        self.write(|out| {
            // Formatting into a `String` fails only if a `Display` impl does.
            fmt::Write::write_fmt(out, format_args!("{text}")).expect("a message formats");
        })
    }

    /// The message `write` appends to the buffer.
    pub fn write(&self, write: impl FnOnce(&mut String)) -> Message {
        let mut buffer = self.0.borrow_mut();
        let start = buffer.len();
        write(&mut buffer);
        Message(start..buffer.len())
    }

    /// The buffer, for the findings to share.
    pub fn into_text(self) -> String {
        self.0.into_inner()
    }
}

impl Message {
    /// Where the message is in the buffer of [`Messages::into_text`].
    pub fn range(&self) -> Range<usize> {
        self.0.clone()
    }
}

/// The element a hit is about. Most hits are about a block of text, whose selector the
/// document keeps: such a hit names the block, and its finding's selector is the one the
/// report's blocks' texts hold after the block's text (see `report::Excerpts`), instead of each
/// hit copying it into a string of its own to be freed with the report. The accessibility
/// rules' elements have selectors of their own, copied into the findings' shared buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// The selector of the document's block of this index.
    Block(usize),
    /// An element's own selector.
    Element(String),
}

impl Selector {
    /// Block `index`'s selector, if the document has one (plain text has none).
    pub fn block(document: &Document, index: usize) -> Option<Selector> {
        document
            .block_selector(index)
            .map(|_| Selector::Block(index))
    }
}

/// A rule: metadata plus the function that finds its hits.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Rule {
    pub id: &'static str,
    pub title: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// WCAG 2.2 success criteria the rule tests.
    pub wcag: &'static [&'static str],
    /// W3C ACT rule ids the rule implements.
    pub act: &'static [&'static str],
    pub help: &'static str,
    #[serde(skip)]
    pub check: Check,
}

/// The function of a rule: its hits in a document.
pub type Check = fn(&Context) -> Vec<Hit>;

/// Every rule, in the order their findings are reported.
pub static REGISTRY: &[Rule] = &[
    // Page shell (pages only).
    language::PAGE_LANG_MISSING,
    language::PAGE_LANG_INVALID,
    language::PAGE_TITLE_MISSING,
    language::LANG_INVALID,
    // Images.
    images::IMAGE_ALT_MISSING,
    images::ROLE_IMG_NAME_MISSING,
    images::SVG_NAME_MISSING,
    images::INPUT_IMAGE_NAME_MISSING,
    images::OBJECT_NAME_MISSING,
    images::IMAGE_ALT_FILE_NAME,
    images::IMAGE_ALT_PLACEHOLDER,
    images::IMAGE_ALT_REDUNDANT,
    images::IMAGE_ALT_TOO_LONG,
    images::IMAGE_ALT_UNPRONOUNCEABLE,
    images::IMAGE_ALT_SAME_AS_CAPTION,
    images::IMAGE_DECORATIVE_IN_FIGURE,
    // Headings.
    headings::HEADING_NAME_EMPTY,
    headings::HEADING_START,
    headings::HEADING_MULTIPLE_H1,
    headings::HEADING_SKIPPED_LEVEL,
    headings::HEADING_TOO_LONG,
    headings::HEADING_DUPLICATE,
    headings::HEADING_EMPTY_SECTION,
    headings::HEADING_FAKE,
    headings::HEADING_NOT_DESCRIPTIVE,
    // Links.
    links::LINK_NAME_MISSING,
    links::LINK_GENERIC_TEXT,
    links::LINK_URL_TEXT,
    links::LINK_SAME_TEXT_DIFFERENT_TARGET,
    links::LINK_DOCUMENT_NO_FORMAT,
    links::LINK_NEW_WINDOW_NO_WARNING,
    // Frames and controls.
    frames::IFRAME_NAME_MISSING,
    controls::BUTTON_NAME_MISSING,
    controls::SUMMARY_NAME_MISSING,
    // Tables and lists.
    tables::TABLE_HEADERS_INVALID,
    tables::TABLE_HEADER_NO_CELLS,
    tables::TABLE_NO_HEADERS,
    tables::TABLE_HEADER_EMPTY,
    lists::LIST_IMITATED,
    lists::LIST_ITEM_OUTSIDE_LIST,
    // ARIA.
    aria::ROLE_INVALID,
    aria::ARIA_ATTR_UNDEFINED,
    aria::ARIA_VALUE_INVALID,
    aria::ARIA_ATTR_NOT_PERMITTED,
    aria::ARIA_REQUIRED_ATTR,
    aria::ARIA_ID_REF_MISSING,
    aria::DECORATIVE_EXPOSED,
    // Markup damage.
    markup::MARKUP_DAMAGE,
    jargon::JARGON_TERM,
    jargon::JARGON_TERM_DEFINED,
    jargon::ACRONYM_UNDEFINED,
    jargon::WORDY_PHRASE,
    jargon::PLAIN_WORD,
    jargon::IMAGE_ALT_JARGON,
    readability::SENTENCE_TOO_LONG,
    readability::PARAGRAPH_TOO_LONG,
    readability::PARAGRAPH_TOO_MANY_SENTENCES,
    readability::SECTION_WITHOUT_SUBHEADING,
];

/// Runs every rule: each rule's hits, in registry order. The hits stay in the vectors the
/// rules return, so their count is known before any finding is built, and no vector of all
/// the hits is grown (and copied) as they come.
pub fn run(context: &Context) -> Vec<(&'static Rule, Vec<Hit>)> {
    REGISTRY
        .iter()
        .map(|rule| (rule, (rule.check)(context)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Messages;

    #[test]
    fn messages_written_one_after_another_read_back_each_as_written() {
        let messages = Messages::default();
        let empty = messages.add("");
        let named = messages.add("Heading has no text");
        let formatted = messages.add(format_args!("lang=\"{}\" is not valid", "e n"));
        let pieces = messages.write(|out| {
            out.push_str("\"HbA1c\"");
            out.push_str(" is not spelled out");
        });
        let text = messages.into_text();
        assert_eq!(&text[empty.range()], "");
        assert_eq!(&text[named.range()], "Heading has no text");
        assert_eq!(&text[formatted.range()], "lang=\"e n\" is not valid");
        assert_eq!(&text[pieces.range()], "\"HbA1c\" is not spelled out");
    }
}
