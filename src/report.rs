//! The report: one serde type, the single source for every output (JSON API, CLI, web form,
//! SARIF, JUnit). Building it only arranges what earlier stages computed; outputs format it and
//! never compute.

use crate::checks::jargon::SentenceJargon;
use crate::checks::{Category, Hit, Rule, Selector, Severity};
use crate::document::{BlockKind, Document, Scope, SkipReason};
use crate::measures::counts::Counts;
use crate::measures::difficulty::{self, Thresholds};
use crate::measures::profiles::{self, ProfileResult};
use crate::measures::{counts, formulas, sections, Measured, Stats};
use crate::source::Span;
use crate::text::{fold_whitespace as fold, Sentence};
use crate::Options;
use serde::Serialize;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Report {
    pub legible_version: &'static str,
    /// From the document's `lang`, else the request, else `en`.
    pub language: String,
    pub scope: Scope,
    pub stats: Stats,
    pub readability: Readability,
    /// Health-literacy profiles, the one the request chose first (`headline`).
    pub profiles: Vec<ProfileResult>,
    pub outline: Vec<OutlineNode>,
    pub images: Vec<ImageReport>,
    pub sentences: Vec<SentenceReport>,
    /// Blocks left out of every measure, and why (reference lists, credits).
    pub skipped: Vec<SkippedBlock>,
    /// The article's blocks in reading order, so that an output can show the text as we read
    /// it (the web form renders the article from these, never from the submitted markup).
    pub blocks: Vec<BlockReport>,
    /// Jargon density and terms (see [`crate::checks::jargon`]).
    pub jargon: crate::checks::jargon::Jargon,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SkippedBlock {
    pub reason: SkipReason,
    #[schema(value_type = String)]
    pub text: SharedStr,
    pub span: Span,
}

/// A block of the article: a heading, paragraph, list item, cell, caption …
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BlockReport {
    /// `heading`, `paragraph`, `list_item` … (as in `sentences[].kind`).
    pub kind: &'static str,
    /// The heading level (1 to 6) of a heading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    #[schema(value_type = String)]
    pub text: SharedStr,
    pub span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub selector: Option<SharedStr>,
    /// Why the block is left out of the measures, if it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<SkipReason>,
}

/// Where a piece of text lies in the report's `blocks`: byte offsets into `blocks[block].text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, utoipa::ToSchema)]
pub struct TextRange {
    pub block: usize,
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    /// Its members in the order of [`TEXT_RANGE_FIELDS`]: the one list for its `Serialize`
    /// impl and the service's JSON writer. Taken apart field by field, so that a new field
    /// stops the build here until it is given its place.
    pub(crate) fn members(&self) -> [usize; 3] {
        let TextRange { block, start, end } = *self;
        [block, start, end]
    }
}

/// A text range's JSON member names, in order: the one list for its `Serialize` impl and for
/// the service's JSON writer, which recognises them by address (see [`SPAN_FIELDS`]).
///
/// [`SPAN_FIELDS`]: crate::source::SPAN_FIELDS
pub static TEXT_RANGE_FIELDS: [&str; 3] = ["block", "start", "end"];

/// A text range is a newtype named `TextRange` around the object of its members, as a span
/// is (see `Span`'s `Serialize`): the JSON is the object a derived impl writes, and the
/// service's writer takes the three numbers in one call (the sentences and jargon uses hold
/// one each).
impl Serialize for TextRange {
    #[inline]
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let members = crate::source::NamedNumbers {
            name: "TextRange",
            fields: &TEXT_RANGE_FIELDS,
            values: self.members(),
        };
        serializer.serialize_newtype_struct("TextRange", &members)
    }
}

/// A piece of the report's text: a range of a buffer that many pieces share, so that each
/// holds no string of its own (a count to raise when it is copied, none to free when it is
/// dropped). The article's blocks, its sentences and its headings are the same text, copied
/// once into one buffer for all of them (see `BlockTexts`). Written as the string it is.
#[derive(Clone)]
pub struct SharedStr {
    buffer: Arc<String>,
    start: usize,
    end: usize,
}

impl SharedStr {
    fn new(buffer: &Arc<String>, range: Range<usize>) -> SharedStr {
        SharedStr {
            buffer: Arc::clone(buffer),
            start: range.start,
            end: range.end,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.buffer[self.start..self.end]
    }
}

/// A string of its own, for the pieces of text an output sets afresh (Markdown's excerpts).
impl From<String> for SharedStr {
    fn from(text: String) -> SharedStr {
        let end = text.len();
        SharedStr::new(&Arc::new(text), 0..end)
    }
}

impl std::ops::Deref for SharedStr {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

/// Compared as the string it is, as `String` compares.
impl PartialEq for SharedStr {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == other.as_str()
    }
}

impl Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

/// The document's block texts, each followed by its selector, copied into one buffer: the
/// report's blocks, sentences, outline and skipped blocks share it instead of each copying
/// their text and selector into strings of their own (378 of them for a 1,600-word
/// article).
pub(crate) struct BlockTexts {
    buffer: Arc<String>,
    /// Where each block's text and selector are in the buffer.
    placed: Vec<Placed>,
}

/// Where a block's text starts in the blocks' buffer and, if it has a selector, where that
/// selector ends: it starts at the text's end. Kept so that a selector is read without
/// asking the document for it again (the report's blocks and most findings take one).
struct Placed {
    start: usize,
    selector_end: Option<usize>,
}

impl BlockTexts {
    pub(crate) fn new(document: &Document) -> BlockTexts {
        let blocks = 0..document.blocks.len();
        let length = blocks
            .clone()
            .map(|index| {
                let selector = document.block_selector(index).unwrap_or_default();
                document.blocks[index].text.len() + selector.len()
            })
            .sum();
        let mut buffer = String::with_capacity(length);
        let placed = blocks
            .map(|index| {
                let start = buffer.len();
                buffer.push_str(&document.blocks[index].text);
                let selector_end = document.block_selector(index).map(|selector| {
                    buffer.push_str(selector);
                    buffer.len()
                });
                Placed {
                    start,
                    selector_end,
                }
            })
            .collect();
        BlockTexts {
            buffer: Arc::new(buffer),
            placed,
        }
    }

    /// Bytes `range` of the text of block `index`.
    fn text(&self, index: usize, range: Range<usize>) -> SharedStr {
        let start = self.placed[index].start;
        SharedStr::new(&self.buffer, start + range.start..start + range.end)
    }

    /// The selector of block `index`, after its text.
    fn selector(&self, document: &Document, index: usize) -> Option<SharedStr> {
        let placed = &self.placed[index];
        let end = placed.selector_end?;
        let start = placed.start + document.blocks[index].text.len();
        Some(SharedStr::new(&self.buffer, start..end))
    }
}

/// The span of each block's whole text, worked out once before the rules run: the blocks'
/// reports, the readability rules' paragraphs and every sentence that is a whole block (a
/// heading, most list items and cells: a third of the article's sentences) take it from here
/// instead of mapping the same text to the source and counting its lines and columns again.
pub struct BlockSpans(Vec<Span>);

impl BlockSpans {
    pub(crate) fn new(document: &Document) -> BlockSpans {
        let spans = document.blocks.iter().enumerate();
        BlockSpans(
            spans
                .map(|(index, block)| document.block_span(index, 0..block.text.len()))
                .collect(),
        )
    }

    /// The span of block `index`'s whole text.
    pub fn whole(&self, index: usize) -> Span {
        self.0[index]
    }

    /// The span of text `range` of block `index`, as [`Document::block_span`] gives it.
    pub fn of(&self, document: &Document, index: usize, range: Range<usize>) -> Span {
        if range.start == 0 && range.end == document.blocks[index].text.len() {
            return self.whole(index);
        }
        document.block_span(index, range)
    }
}

/// The blocks' reports, each with the span of its whole text, which the outline and the
/// skipped blocks take from here rather than work out again.
pub(crate) fn blocks(
    document: &Document,
    texts: &BlockTexts,
    spans: &BlockSpans,
) -> Vec<BlockReport> {
    document
        .blocks
        .iter()
        .enumerate()
        .map(|(index, block)| BlockReport {
            kind: kind_name(block.kind),
            level: match block.kind {
                BlockKind::Heading(level) => Some(level),
                _ => None,
            },
            text: texts.text(index, 0..block.text.len()),
            span: spans.whole(index),
            selector: texts.selector(document, index),
            skipped: block.skip,
        })
        .collect()
}

pub(crate) fn skipped(blocks: &[BlockReport]) -> Vec<SkippedBlock> {
    blocks
        .iter()
        .filter_map(|block| {
            Some(SkippedBlock {
                reason: block.skipped?,
                text: block.text.clone(),
                span: block.span,
            })
        })
        .collect()
}

/// Scores, rounded to two decimals; `null` when the text has no sentence with a word. Each is
/// its formula (see [`formulas`]) applied to the counts in `stats`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Readability {
    pub flesch_reading_ease: Option<f64>,
    pub flesch_kincaid_grade: Option<f64>,
    pub gunning_fog: Option<f64>,
    pub smog: Option<f64>,
    pub coleman_liau: Option<f64>,
    pub automated_readability_index: Option<f64>,
    /// The Dale–Chall raw score (not a grade; see `dale_chall_grade`).
    pub dale_chall: Option<f64>,
    /// The grade band of the Dale–Chall score (`7-8`, `16 and above` …).
    pub dale_chall_grade: Option<&'static str>,
    pub linsear_write: Option<f64>,
    pub forcast: Option<f64>,
    /// Median of the seven grade-level formulas (from their unrounded values).
    pub consensus_grade: Option<f64>,
    /// Percentage of sentences in the passive voice (Yoast: 10% or less is good).
    pub passive_voice_percent: Option<f64>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OutlineNode {
    pub level: u8,
    #[schema(value_type = String)]
    pub text: SharedStr,
    pub span: Span,
    #[schema(value_type = Option<String>)]
    pub selector: Option<SharedStr>,
    /// Counts of the section: the blocks after the heading up to the next heading of the same
    /// or a higher level (so subsections are included), scored sentences only.
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    /// Flesch–Kincaid grade of the section; `null` when it has no sentence.
    pub grade: Option<f64>,
    #[schema(no_recursion)]
    pub children: Vec<OutlineNode>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImageReport {
    pub selector: String,
    pub src: Option<String>,
    pub alt: Option<String>,
    pub span: Span,
    /// Ids of the rules that fired on this image.
    pub findings: Vec<&'static str>,
}

pub use crate::measures::difficulty::Difficulty;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SentenceReport {
    #[schema(value_type = String)]
    pub text: SharedStr,
    pub span: Span,
    /// Where the sentence lies in the report's `blocks`.
    pub text_range: TextRange,
    /// The kind of block the sentence is in (`heading`, `paragraph`, `list_item` …).
    pub kind: &'static str,
    pub words: usize,
    pub syllables: usize,
    /// Words of three or more syllables.
    pub polysyllables: usize,
    /// Words not on the Dale–Chall familiar list.
    pub difficult_words: usize,
    /// Letters of the sentence's words.
    pub letters: usize,
    /// Flesch–Kincaid grade of the sentence alone; `null` without words.
    pub grade: Option<f64>,
    /// A grade-like score of jargon, length, syllables, letters and unfamiliar words (see
    /// [`difficulty::score`]).
    pub difficulty_score: Option<f64>,
    /// `hard` / `very_hard` from `difficulty_score` (options `hard_grade`, `very_hard_grade`).
    pub difficulty: Difficulty,
    /// A form of "be" followed by a past participle.
    pub passive: bool,
    /// Whether the sentence counts in the document's scores (headings and table cells do not).
    pub scored: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Suggestion {
    // Borrowed from the lexicon when the alternative stands as listed (a `//` comment: a doc
    // comment would be the API's description of the field).
    #[schema(value_type = String)]
    pub replace_with: std::borrow::Cow<'static, str>,
    pub source: &'static str,
}

/// A finding's or a jargon term's suggestions: most are the lexicon's own list, borrowed
/// (see [`crate::checks::jargon::suggestions`]), not a vector built for each.
pub type Suggestions = std::borrow::Cow<'static, [Suggestion]>;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Finding {
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    #[schema(value_type = String)]
    pub message: SharedStr,
    pub wcag: &'static [&'static str],
    pub span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub selector: Option<SharedStr>,
    /// The flagged source text, shortened to 120 characters.
    #[schema(value_type = String)]
    pub excerpt: SharedStr,
    #[serde(skip_serializing_if = "<[Suggestion]>::is_empty")]
    #[schema(value_type = Vec<Suggestion>)]
    pub suggestions: Suggestions,
    /// Stable id of rule + normalised excerpt: the same finding keeps it when lines move.
    #[schema(value_type = String)]
    pub fingerprint: Fingerprint,
}

/// SMOG was fitted on samples of 30 sentences.
const SMOG_MIN_SENTENCES: u32 = 30;

/// The grade-level formulas of the consensus, unrounded.
fn grades(stats: &Stats) -> [Option<f64>; 7] {
    let (w, s) = (stats.words, stats.sentences);
    [
        formulas::flesch_kincaid_grade(w, s, stats.syllables),
        formulas::gunning_fog(w, s, stats.complex_words),
        formulas::smog(s, stats.polysyllables),
        formulas::coleman_liau(w, s, stats.letters),
        formulas::automated_readability_index(w, s, stats.characters),
        formulas::linsear_write(w, s, stats.polysyllables),
        formulas::forcast(w, stats.monosyllables),
    ]
}

fn consensus_grade(stats: &Stats) -> Option<f64> {
    formulas::consensus(&grades(stats))
}

pub(crate) fn readability(stats: &Stats) -> Readability {
    let [fk, fog, smog, cli, ari, linsear, forcast] = grades(stats);
    let dale_chall = formulas::dale_chall_of(stats);
    let mut warnings = Vec::new();
    if stats.sentences > 0 && stats.sentences < SMOG_MIN_SENTENCES {
        warnings.push(Warning {
            code: "smog_needs_30_sentences",
            message: format!(
                "SMOG was fitted on samples of 30 sentences; this text has {}, so its SMOG grade is an extrapolation",
                stats.sentences
            ),
        });
    }
    Readability {
        flesch_reading_ease: formulas::flesch_reading_ease(
            stats.words,
            stats.sentences,
            stats.syllables,
        )
        .map(round2),
        flesch_kincaid_grade: fk.map(round2),
        gunning_fog: fog.map(round2),
        smog: smog.map(round2),
        coleman_liau: cli.map(round2),
        automated_readability_index: ari.map(round2),
        dale_chall: dale_chall.map(round2),
        dale_chall_grade: dale_chall.map(formulas::dale_chall_band),
        linsear_write: linsear.map(round2),
        forcast: forcast.map(round2),
        consensus_grade: consensus_grade(stats).map(round2),
        passive_voice_percent: (stats.sentences > 0)
            .then(|| round2(100.0 * stats.passive_sentences as f64 / stats.sentences as f64)),
        warnings,
    }
}

/// The profiles, judged on the unrounded consensus grade.
pub(crate) fn profiles(stats: &Stats, options: &Options) -> Vec<ProfileResult> {
    profiles::evaluate(
        consensus_grade(stats),
        options.profile,
        options.target_grade,
    )
}

fn thresholds(options: &Options) -> Thresholds {
    let default = Thresholds::default();
    Thresholds {
        hard: options.hard_grade.unwrap_or(default.hard),
        very_hard: options.very_hard_grade.unwrap_or(default.very_hard),
        ..default
    }
}

pub(crate) fn sentences(
    document: &Document,
    texts: &BlockTexts,
    spans: &BlockSpans,
    sentences: &[Sentence],
    measured: &Measured,
    jargon: &[SentenceJargon],
    options: &Options,
) -> Vec<SentenceReport> {
    let thresholds = thresholds(options);
    sentences
        .iter()
        .zip(&measured.sentences)
        .zip(jargon)
        .map(|((sentence, counts), jargon)| {
            let block = &document.blocks[sentence.block as usize];
            let grade = formulas::flesch_kincaid_grade(counts.words, 1, counts.syllables);
            let score = difficulty::score(&difficulty::Inputs {
                counts: *counts,
                jargon: difficulty::JargonInputs {
                    load: f64::from(jargon.load),
                    jargon: jargon.jargon as usize,
                    undefined: jargon.undefined as usize,
                    acronyms: jargon.acronyms as usize,
                    watch: jargon.watch as usize,
                },
            });
            SentenceReport {
                text: texts.text(sentence.block as usize, sentence.text_range()),
                span: spans.of(document, sentence.block as usize, sentence.text_range()),
                text_range: TextRange {
                    block: sentence.block as usize,
                    start: sentence.range.start as usize,
                    end: sentence.range.end as usize,
                },
                kind: kind_name(block.kind),
                words: counts.words as usize,
                syllables: counts.syllables as usize,
                polysyllables: counts.polysyllables as usize,
                difficult_words: counts.difficult_words as usize,
                letters: counts.letters as usize,
                grade: grade.map(round2),
                difficulty_score: score.map(round2),
                difficulty: difficulty::label(score, counts.words as usize, &thresholds),
                passive: counts.passive_sentences > 0,
                scored: counts::is_scored(sentence.kind),
            }
        })
        .collect()
}

fn kind_name(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Heading(_) => "heading",
        BlockKind::Paragraph => "paragraph",
        BlockKind::ListItem => "list_item",
        BlockKind::TableCell => "table_cell",
        BlockKind::Caption => "caption",
        BlockKind::Quote => "quote",
        BlockKind::Term => "term",
        BlockKind::Definition => "definition",
    }
}

/// The heading tree: each heading holds the headings of deeper level that follow it.
pub(crate) fn outline(
    document: &Document,
    blocks: &[BlockReport],
    measured: &Measured,
) -> Vec<OutlineNode> {
    let mut roots: Vec<OutlineNode> = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        let Some(level) = block.level else {
            continue;
        };
        let section: Counts =
            sections::sum(&measured.blocks, sections::section_blocks(document, index));
        let node = OutlineNode {
            level,
            text: block.text.clone(),
            span: block.span,
            selector: block.selector.clone(),
            words: section.words as usize,
            sentences: section.sentences as usize,
            syllables: section.syllables as usize,
            grade: formulas::flesch_kincaid_grade(
                section.words,
                section.sentences,
                section.syllables,
            )
            .map(round2),
            children: Vec::new(),
        };
        insert_heading(&mut roots, node);
    }
    roots
}

fn insert_heading(siblings: &mut Vec<OutlineNode>, node: OutlineNode) {
    match siblings.last_mut() {
        Some(last) if last.level < node.level => insert_heading(&mut last.children, node),
        _ => siblings.push(node),
    }
}

/// The findings' excerpts, selectors and fingerprints. Each finding's excerpt and then its
/// selector are written one after another after the rules' messages, into the one buffer that
/// the findings share (a string of its own was an allocation and a free per finding; a buffer
/// for the excerpts beside the messages' was an allocation and a count a report more), each
/// kept as its end, as it starts where the one before it ends. A hit about a block takes its
/// selector from the blocks' texts (see [`BlockTexts`]), which hold it already, rather than a
/// copy here.
pub(crate) struct Excerpts {
    buffer: Arc<String>,
    /// Where the first excerpt starts: the messages' end.
    first: usize,
    ends: Vec<Ends>,
}

/// Where a finding's excerpt ends in the excerpts' buffer, where its selector is, and its
/// fingerprint.
struct Ends {
    excerpt: usize,
    selector: Option<SelectorAt>,
    fingerprint: Fingerprint,
}

/// Where a finding's selector is.
enum SelectorAt {
    /// In the excerpts' buffer, from the excerpt's end to here: an element's own selector.
    Written(usize),
    /// After the text of the document's block of this index, in the blocks' texts.
    Block(usize),
}

impl Excerpts {
    /// The excerpts and element selectors of every hit, rule by rule, written after
    /// `messages`, the hits' messages (see [`crate::checks::Messages`]). The buffer is grown
    /// once, for ASCII excerpts (see [`ascii_excerpt_room`]) and the element selectors, so that
    /// it is not grown and copied as they are written; the ends are sized for the hits' count,
    /// as collecting them from the rules' hits grew them by doubling.
    pub(crate) fn new(
        document: &Document,
        hits: &[(&'static Rule, Vec<Hit>)],
        messages: String,
    ) -> Excerpts {
        let (mut count, mut room) = (0, 0);
        for hit in hits.iter().flat_map(|(_, hits)| hits) {
            count += 1;
            room += ascii_excerpt_room(hit.span.range().len()) + element_selector(hit).len();
        }
        let (mut buffer, mut ends) = (messages, Vec::with_capacity(count));
        buffer.reserve_exact(room);
        let first = buffer.len();
        let text = document.source.text();
        for (rule, hits) in hits.iter().filter(|(_, hits)| !hits.is_empty()) {
            // The fingerprints hash the rule id first: once per rule, not per hit.
            let seed = FingerprintHasher::new(rule.id);
            for hit in hits {
                let fingerprint =
                    excerpt_and_fingerprint(seed, &text[hit.span.range()], &mut buffer);
                let excerpt = buffer.len();
                let selector = hit.selector.as_ref().map(|selector| match selector {
                    Selector::Block(index) => SelectorAt::Block(*index),
                    Selector::Element(selector) => {
                        buffer.push_str(selector);
                        SelectorAt::Written(buffer.len())
                    }
                });
                ends.push(Ends {
                    excerpt,
                    selector,
                    fingerprint,
                });
            }
        }
        Excerpts {
            buffer: Arc::new(buffer),
            first,
            ends,
        }
    }

    /// The findings of `hits`, the hits the excerpts were written for, whose messages are at
    /// the start of the buffer, and whose blocks' selectors are in `texts`: each rule's hits
    /// are freed once they are findings.
    pub(crate) fn findings(
        self,
        document: &Document,
        texts: &BlockTexts,
        hits: Vec<(&'static Rule, Vec<Hit>)>,
    ) -> Vec<Finding> {
        let mut findings = Vec::with_capacity(self.ends.len());
        let (mut ends, mut start) = (self.ends.into_iter(), self.first);
        for (rule, hits) in hits {
            for (hit, ends) in hits.into_iter().zip(&mut ends) {
                let excerpt = SharedStr::new(&self.buffer, start..ends.excerpt);
                start = ends.excerpt;
                let selector = ends.selector.and_then(|selector| match selector {
                    SelectorAt::Written(end) => {
                        start = end;
                        Some(SharedStr::new(&self.buffer, ends.excerpt..end))
                    }
                    SelectorAt::Block(index) => texts.selector(document, index),
                });
                let message = SharedStr::new(&self.buffer, hit.message.range());
                findings.push(finding(
                    rule,
                    hit,
                    message,
                    excerpt,
                    selector,
                    ends.fingerprint,
                ));
            }
        }
        findings
    }
}

/// The most bytes the excerpt of an ASCII text of `length` bytes takes: no more than the text
/// if it is not cut (folding only removes bytes), and [`EXCERPT_CHARS`] and an ellipsis if it
/// is, which may be two bytes more than the text (a text of 121 or 122 characters).
fn ascii_excerpt_room(length: usize) -> usize {
    if length > EXCERPT_CHARS {
        EXCERPT_CHARS + '…'.len_utf8()
    } else {
        length
    }
}

/// `hit`'s selector if it is an element's own, which the excerpts' buffer holds; empty if
/// not.
fn element_selector(hit: &Hit) -> &str {
    match &hit.selector {
        Some(Selector::Element(selector)) => selector,
        _ => "",
    }
}

fn finding(
    rule: &'static Rule,
    hit: Hit,
    message: SharedStr,
    excerpt: SharedStr,
    selector: Option<SharedStr>,
    fingerprint: Fingerprint,
) -> Finding {
    Finding {
        rule: rule.id,
        category: rule.category,
        severity: rule.severity,
        message,
        wcag: rule.wcag,
        span: hit.span,
        selector,
        fingerprint,
        excerpt,
        suggestions: hit.suggestions,
    }
}

pub(crate) fn images(document: &Document, findings: &[Finding]) -> Vec<ImageReport> {
    let spans: Vec<Span> = document
        .images
        .iter()
        .map(|image| document.source.span(image.tag.start, image.tag.end))
        .collect();
    let rules = rules_within(&spans, findings);
    document
        .images
        .iter()
        .zip(spans)
        .zip(rules)
        .map(|((image, span), findings)| ImageReport {
            selector: image.selector.clone(),
            src: image.src.clone(),
            alt: image.alt.clone(),
            findings,
            span,
        })
        .collect()
}

/// For each span, the rules of the findings that lie within it, in the findings' order. Each
/// finding is looked up among the spans sorted by their start: a binary search, then back over
/// the spans that may still reach its end (for start tags, which never overlap, at most two: an
/// empty finding where two tags touch lies in both, as the definition has it). Testing
/// every finding against every span made a page of many images, each with a finding, take time
/// in their square: 60,000 images took 8 s.
fn rules_within(spans: &[Span], findings: &[Finding]) -> Vec<Vec<&'static str>> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| spans[i].start);
    // reach[j]: the furthest end of the first j + 1 spans in that order.
    let reach: Vec<u32> = order
        .iter()
        .scan(0, |furthest, &i| {
            *furthest = spans[i].end.max(*furthest);
            Some(*furthest)
        })
        .collect();
    let mut within = vec![Vec::new(); spans.len()];
    for finding in findings {
        let mut j = order.partition_point(|&i| spans[i].start <= finding.span.start);
        while j > 0 && reach[j - 1] >= finding.span.end {
            j -= 1;
            if finding.span.end <= spans[order[j]].end {
                within[order[j]].push(finding.rule);
            }
        }
    }
    within
}

/// A finding's excerpt of `text`: folded and cut to 120 characters.
pub(crate) fn excerpt(text: &str) -> String {
    shorten(fold(text), EXCERPT_CHARS)
}

/// The longest excerpt, in characters.
const EXCERPT_CHARS: usize = 120;

/// Whitespace-folded text cut to `max_chars` characters, with an ellipsis when cut.
fn shorten(mut folded: String, max_chars: usize) -> String {
    if let Some((cut, _)) = folded.char_indices().nth(max_chars) {
        folded.truncate(cut);
        folded.push('…');
    }
    folded
}

/// A finding's fingerprint of `text`, the flagged source, from `seed` (its rule's, see
/// [`FingerprintHasher::new`]), and its excerpt written at the end of `excerpts`. ASCII text
/// (nearly every finding) is folded, cut and hashed in one pass, eight bytes at a time where
/// folding leaves them as they are but for capitals (see [`AsciiFolder::eight`]), without a
/// folded copy of a span that may be a whole paragraph. Other text is folded first, as
/// lowercasing it depends on context (a final sigma).
fn excerpt_and_fingerprint(
    seed: FingerprintHasher,
    text: &str,
    excerpts: &mut String,
) -> Fingerprint {
    if !text.is_ascii() {
        let mut hash = seed;
        let folded = fold(text);
        folded.to_lowercase().bytes().for_each(|b| hash.add(b));
        excerpts.push_str(&shorten(folded, EXCERPT_CHARS));
        return hash.finish();
    }
    let mut folder = AsciiFolder {
        hash: seed,
        shown: [0; EXCERPT_CHARS],
        length: 0,
        gap: false,
        spaced: false,
        cut: false,
    };
    let bytes = text.as_bytes();
    let is_word = |b: &u8| ASCII_FOLD[usize::from(*b)] != SPACE;
    // Whitespace before the first word and after the last is not in the folded text, so every
    // space read after the trim has a word after it.
    if let (Some(first), Some(last)) = (
        bytes.iter().position(is_word),
        bytes.iter().rposition(is_word),
    ) {
        let mut rest = &bytes[first..=last];
        while folder.length < EXCERPT_CHARS {
            let Some((chunk, after)) = rest.split_first_chunk() else {
                rest.iter().for_each(|&b| folder.byte(b));
                return folder.finish(excerpts);
            };
            folder.eight(*chunk);
            rest = after;
        }
        folder.hash_rest(rest);
    }
    folder.finish(excerpts)
}

/// ASCII text, trimmed, being folded, hashed and cut a byte or eight bytes at a time. The
/// excerpt is built on the stack and copied once: copying it a run of words at a time cost a
/// call and its bookkeeping per run, and reading it a word at a time cost a loop per word.
struct AsciiFolder {
    hash: FingerprintHasher,
    /// The folded text's first [`EXCERPT_CHARS`] bytes, the source's own (capitals kept).
    shown: [u8; EXCERPT_CHARS],
    length: usize,
    /// Whitespace was read after a word and is not yet hashed: one space, as a word follows.
    gap: bool,
    /// The last byte read was a space already hashed, eight bytes at a time.
    spaced: bool,
    /// The folded text goes on past the excerpt.
    cut: bool,
}

impl AsciiFolder {
    /// Folds one byte of the text.
    fn byte(&mut self, byte: u8) {
        let lower = ASCII_FOLD[usize::from(byte)];
        if lower == SPACE {
            self.gap = !self.spaced;
            return;
        }
        if self.gap {
            self.gap = false;
            self.show(b' ', b' ');
        }
        self.spaced = false;
        self.show(lower, byte);
    }

    /// Hashes a byte of the folded text, `lower` as the fingerprint reads it, and shows the
    /// source's `byte` if the excerpt has room.
    fn show(&mut self, lower: u8, byte: u8) {
        self.hash.add(lower);
        if self.length < EXCERPT_CHARS {
            self.shown[self.length] = byte;
            self.length += 1;
        } else {
            self.cut = true;
        }
    }

    /// Folds eight bytes of the text at once when folding would leave them as they are but
    /// for capitals: no whitespace but single spaces (a word follows each, as the text is
    /// trimmed), none pending before them, and room in the excerpt for all eight. It is called
    /// only while the excerpt is not full ([`AsciiFolder::hash_rest`] takes the rest). Most of
    /// a paragraph's eight bytes qualify (see [`fold_eight`]); the others are folded a byte at
    /// a time.
    fn eight(&mut self, bytes: [u8; 8]) {
        let room = self.length + 8 <= EXCERPT_CHARS;
        let folded =
            fold_eight(u64::from_le_bytes(bytes), self.spaced).filter(|_| !self.gap && room);
        let Some((lower, spaced)) = folded else {
            bytes.iter().for_each(|&b| self.byte(b));
            return;
        };
        self.hash.add_eight(lower);
        self.shown[self.length..self.length + 8].copy_from_slice(&bytes);
        self.length += 8;
        self.spaced = spaced;
    }

    /// Folds and hashes the rest of the text once the excerpt is full (so it is cut if any
    /// text is left, a word at least, as the text is trimmed): eight bytes at a time as
    /// [`AsciiFolder::eight`] does, without its tests of the excerpt's room. Most of a long
    /// finding's bytes (a paragraph's) come after its excerpt.
    fn hash_rest(&mut self, rest: &[u8]) {
        self.cut |= !rest.is_empty();
        let (whole, tail) = rest.split_at(rest.len() / 8 * 8);
        // Nearly always every piece left folds as it is but for capitals: tested first in a
        // loop of tests alone, then hashed in a loop without them.
        let last_spaced = whole
            .chunks_exact(8)
            .try_fold(self.spaced, |spaced, chunk| {
                plain_eight(as_number(chunk), spaced)
            });
        match last_spaced.filter(|_| !self.gap) {
            Some(spaced) => {
                self.hash.add_lowered(whole);
                self.spaced = spaced;
            }
            None => whole
                .chunks_exact(8)
                .for_each(|chunk| self.eight_past_excerpt(chunk)),
        }
        tail.iter().for_each(|&b| self.byte(b));
    }

    /// Folds and hashes eight bytes of the text past the excerpt, eight at a time if they
    /// fold as they are but for capitals, else a byte at a time.
    fn eight_past_excerpt(&mut self, chunk: &[u8]) {
        match fold_eight(as_number(chunk), self.spaced).filter(|_| !self.gap) {
            Some((lower, spaced)) => {
                self.hash.add_eight(lower);
                self.spaced = spaced;
            }
            None => chunk.iter().for_each(|&b| self.byte(b)),
        }
    }

    /// Writes the excerpt at the end of `excerpts`, with an ellipsis if it was cut: the
    /// fingerprint.
    fn finish(self, excerpts: &mut String) -> Fingerprint {
        // SAFETY: only the text's ASCII bytes and spaces are shown, valid UTF-8 by themselves.
        excerpts.push_str(unsafe { std::str::from_utf8_unchecked(&self.shown[..self.length]) });
        if self.cut {
            excerpts.push('…');
        }
        self.hash.finish()
    }
}

/// Eight bytes of ASCII text as one number, lowercased as the fingerprint reads them, and
/// whether the last is a space, when folding leaves them as they are but for capitals: no
/// whitespace but single spaces, none of them after a space (`spaced`: the byte before them
/// was one). `None` otherwise. The tests are SWAR on the bytes as one number ("Bit Twiddling
/// Hacks", Sean Eron Anderson: "Determine if a word has a zero byte" and "has a byte less
/// than n"), exact for ASCII.
fn fold_eight(x: u64, spaced: bool) -> Option<(u64, bool)> {
    Some((lowered(x), plain_eight(x, spaced)?))
}

/// Eight bytes of text as one number, the first lowest, as [`fold_eight`] reads them.
fn as_number(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(chunk.try_into().unwrap_or_default())
}

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW: u64 = ONES * 0x7f;

/// Whether the last of eight bytes of ASCII text (as one number) is a space, if folding leaves
/// them as they are but for capitals (see [`fold_eight`]); `None` if not.
fn plain_eight(x: u64, spaced: bool) -> Option<bool> {
    // The high bit of each space, and of each byte below a space (tabs, line breaks, other
    // control characters): no carry or borrow crosses a byte below 0x80.
    let other = x ^ (ONES * 0x20);
    let spaces = !((other & LOW).wrapping_add(LOW) | other | LOW);
    let controls = x.wrapping_sub(ONES * 0x20) & !x & !LOW;
    let doubled = spaces & (spaces << 8 | u64::from(spaced) << 7);
    (controls | doubled == 0).then_some(spaces >> 63 != 0)
}

/// Eight bytes of ASCII text (as one number) with their capitals lowercased.
fn lowered(x: u64) -> u64 {
    // The high bit of each capital: at least 'A' and below '['.
    let from_a = x.wrapping_add(ONES * (0x80 - u64::from(b'A')));
    let from_bracket = x.wrapping_add(ONES * (0x80 - u64::from(b'[')));
    let capitals = from_a & !from_bracket & !LOW;
    x | capitals >> 2
}

/// Marks whitespace in [`ASCII_FOLD`]; no ASCII byte is 0xff.
const SPACE: u8 = 0xff;

/// Each ASCII byte as a fingerprint reads it: lowercased, or [`SPACE`] for the bytes
/// `char::is_whitespace` accepts (vertical tab included), as `fold` reads them.
const ASCII_FOLD: [u8; 256] = {
    let mut table = [SPACE; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = match byte as u8 {
            b'\t'..=b'\r' | b' ' => SPACE,
            other => other.to_ascii_lowercase(),
        };
        byte += 1;
    }
    table
};

/// A finding's fingerprint: a 64-bit hash of the rule id and the lowercased,
/// whitespace-folded text ([`FingerprintHasher`]), stable across runs, platforms and line
/// moves. It is kept as its number and written as sixteen lowercase hex digits only when the
/// report is written, so a finding holds no string of its own for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(u64);

/// The version of [`FingerprintHasher`]'s hash: a change of the hash changes every fingerprint,
/// so what keeps them (baselines, SARIF's partial fingerprints) says which it holds. Version 1
/// was FNV-1a.
pub const FINGERPRINT_VERSION: u32 = 2;

/// A fingerprint being hashed: the rule id's bytes, a zero byte, then the folded text's
/// bytes, read as little-endian numbers eight bytes at a time (the last zero-padded), each
/// mixed into the state by [`FingerprintHasher::mix`]; then the count of bytes, and
/// MurmurHash3's 64-bit finaliser (Austin Appleby, `fmix64`, public domain) so that every bit
/// of the state reaches every digit written.
///
/// Its own hash, not the text engine's table hash, which may change for speed: baselines hold
/// fingerprints. Eight bytes a step, where FNV-1a, the hash of version 1, took a multiply a
/// byte, each waiting for the one before (BENCHMARKS.md, "Fingerprints"). Each step is
/// invertible in the state and in the eight bytes, so two texts of one length that differ in
/// one piece of eight bytes never share a fingerprint.
#[derive(Clone, Copy)]
struct FingerprintHasher {
    state: u64,
    /// The bytes added since the state last mixed eight, the first lowest.
    pending: u64,
    /// How many bytes `pending` holds, 0 to 7.
    filled: u32,
    /// Bytes added in all.
    length: u64,
}

impl FingerprintHasher {
    /// The hasher after a rule id and the zero byte after it, which every fingerprint of the
    /// rule starts from.
    fn new(rule: &str) -> FingerprintHasher {
        let mut hasher = FingerprintHasher {
            state: 0,
            pending: 0,
            filled: 0,
            length: 0,
        };
        rule.bytes().chain([0]).for_each(|b| hasher.add(b));
        hasher
    }

    /// One step: the state with eight more bytes, `word`. 2^64 divided by the golden ratio is
    /// the multiplier of Fibonacci hashing (Knuth, The Art of Computer Programming, vol. 3,
    /// 6.4); the shift brings the product's high half, which every bit of the state and word
    /// reaches, down to the low half, which only the low bits reach.
    #[inline]
    fn mix(state: u64, word: u64) -> u64 {
        let product = (state ^ word).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        product ^ product >> 32
    }

    fn add(&mut self, byte: u8) {
        self.pending |= u64::from(byte) << (8 * self.filled);
        self.filled += 1;
        self.length += 1;
        if self.filled == 8 {
            self.state = Self::mix(self.state, self.pending);
            (self.pending, self.filled) = (0, 0);
        }
    }

    /// Adds eight bytes, `bytes`, lowest first: with the pending bytes, as many of these as
    /// make eight are a step, and the rest wait.
    #[inline]
    fn add_eight(&mut self, bytes: u64) {
        self.length += 8;
        if self.filled == 0 {
            self.state = Self::mix(self.state, bytes);
            return;
        }
        let shift = 8 * self.filled;
        self.state = Self::mix(self.state, self.pending | bytes << shift);
        self.pending = bytes >> (64 - shift);
    }

    /// Adds ASCII text that folds as it is but for capitals (see [`fold_eight`]), lowercased,
    /// `text` a whole number of eight bytes long: most hashed bytes, the text past an excerpt
    /// (a paragraph's).
    fn add_lowered(&mut self, text: &[u8]) {
        text.chunks_exact(8)
            .for_each(|chunk| self.add_eight(lowered(as_number(chunk))));
    }

    fn finish(self) -> Fingerprint {
        let mut state = self.state;
        if self.filled > 0 {
            state = Self::mix(state, self.pending);
        }
        let mut k = Self::mix(state, self.length);
        k ^= k >> 33;
        k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
        k ^= k >> 33;
        k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        Fingerprint(k ^ k >> 33)
    }
}

impl Fingerprint {
    /// The sixteen lowercase hex digits as written, two at a time from [`HEX_PAIRS`]: ASCII,
    /// which the service's JSON writer stores in quotes as they are, with nothing to check.
    pub(crate) fn hex_digits(self) -> [u8; 16] {
        let mut digits = [0; 16];
        for (pair, byte) in digits.chunks_exact_mut(2).zip(self.0.to_be_bytes()) {
            pair.copy_from_slice(&HEX_PAIRS[usize::from(byte)]);
        }
        digits
    }

    /// Calls `write` with the sixteen lowercase hex digits ([`Fingerprint::hex_digits`]),
    /// checked as UTF-8 in one piece.
    fn with_hex<R>(self, write: impl FnOnce(&str) -> R) -> R {
        write(std::str::from_utf8(&self.hex_digits()).unwrap_or_default())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_hex(|hex| f.write_str(hex))
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.with_hex(|hex| serializer.serialize_str(hex))
    }
}

/// Each byte's two lowercase hex digits.
const HEX_PAIRS: [[u8; 2]; 256] = {
    let digits = b"0123456789abcdef";
    let mut table = [[0; 2]; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = [digits[byte >> 4], digits[byte & 0xf]];
        byte += 1;
    }
    table
};

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_within_each_span_are_those_a_test_of_every_pair_finds() {
        let html = "<h1>T</h1><img src=a.png><p>Utilise the <img src=b.png alt='image of a \
                    chart'> chart.</p><img alt=''><h3>Skip</h3><img src=c.png><img src=c.png>";
        let report = crate::analyze_html(html.as_bytes(), None, &crate::Options::default())
            .expect("the page is analysed");
        let within = |span: &Span| -> Vec<&'static str> {
            let findings = report.findings.iter();
            findings
                .filter(|f| f.span.start >= span.start && f.span.end <= span.end)
                .map(|f| f.rule)
                .collect()
        };
        let images: Vec<&Vec<&str>> = report.images.iter().map(|i| &i.findings).collect();
        let expected: Vec<Vec<&str>> = report.images.iter().map(|i| within(&i.span)).collect();
        assert_eq!(images, expected.iter().collect::<Vec<_>>());
        assert!(
            report
                .images
                .iter()
                .filter(|i| !i.findings.is_empty())
                .count()
                >= 4
        );
        // Spans no start tag makes, to hold the look-up to its definition: every pair of the
        // findings' ends, so overlapping, nested, touching, empty and inverted spans, in no
        // order.
        let mut ends: Vec<u32> = report
            .findings
            .iter()
            .flat_map(|f| [f.span.start, f.span.end])
            .chain([0, html.len() as u32])
            .collect();
        ends.reverse();
        let spans: Vec<Span> = ends
            .iter()
            .flat_map(|&start| ends.iter().map(move |&end| (start, end)))
            .map(|(start, end)| Span {
                start,
                end,
                ..report.images[0].span
            })
            .collect();
        let expected: Vec<Vec<&str>> = spans.iter().map(within).collect();
        assert!(expected.iter().any(|rules| rules.len() > 2));
        assert_eq!(rules_within(&spans, &report.findings), expected);
    }

    #[test]
    fn excerpts_fold_whitespace_and_cut_at_120_characters() {
        let both = |text: &str| {
            let mut excerpts = String::new();
            excerpt_and_fingerprint(FingerprintHasher::new("r"), text, &mut excerpts);
            excerpts
        };
        assert_eq!(both("  a\n\t b  "), "a b");
        for letter in ["e", "é"] {
            let exact = letter.repeat(118) + " x";
            assert_eq!(both(&exact), exact);
            assert_eq!(excerpt(&exact), exact);
            let over = format!("{exact} y");
            assert_eq!(both(&over), format!("{exact}…"));
            assert_eq!(excerpt(&over), format!("{exact}…"));
        }
        assert_eq!(both(""), "");
        // Every ASCII byte `char::is_whitespace` accepts folds, as in `excerpt`.
        let controls = " a\x0bb\x0c\rc\x1fd ";
        assert_eq!(both(controls), "a b c\x1fd");
        assert_eq!(both(controls), excerpt(controls));
    }

    #[test]
    fn ascii_excerpts_and_fingerprints_agree_with_folding_then_cutting() {
        // Words of 1 to 40 letters, capitals and control characters among them, between none
        // or more spaces, tabs, vertical tabs and newlines, around the 120-character cut and
        // the eight bytes read at once (a fixed linear congruential sequence, so every run is
        // the same).
        let mut state = 7u32;
        let mut next = |below: u32| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) % below
        };
        for round in 0..4000 {
            // Every other text has single spaces alone between its words, as most flagged
            // text has: read eight bytes at a time to its end, past the excerpt too.
            let plain = round % 2 == 1;
            let mut text = String::new();
            for _ in 0..next(12) {
                for _ in 0..if plain { 1 } else { next(3) } {
                    let separator = if plain { 0 } else { next(6) as usize };
                    text.push([' ', ' ', ' ', '\t', '\n', '\x0b'][separator]);
                }
                for _ in 0..1 + next(40) {
                    let kinds = if plain { 4 } else { 5 };
                    let letter = [b'a', b'a', b'a', b'A', b'\x1a'][next(kinds) as usize];
                    text.push(char::from(letter + next(26) as u8));
                }
            }
            let mut written = String::new();
            let hash = excerpt_and_fingerprint(FingerprintHasher::new("r"), &text, &mut written);
            assert_eq!(written, excerpt(&text), "{text:?}");
            let mut folded = FingerprintHasher::new("r");
            fold(&text)
                .to_lowercase()
                .bytes()
                .for_each(|b| folded.add(b));
            assert_eq!(hash, folded.finish(), "{text:?}");
        }
    }

    #[test]
    fn ascii_excerpts_fit_the_room_the_buffer_is_sized_for() {
        // Words and single spaces fold to themselves: the longest excerpt of each length.
        for length in 0..=200 {
            let text: String = (0..length)
                .map(|i| if i % 6 == 5 { ' ' } else { 'w' })
                .collect();
            let mut excerpts = String::new();
            excerpt_and_fingerprint(FingerprintHasher::new("r"), &text, &mut excerpts);
            let room = ascii_excerpt_room(length);
            assert!(
                excerpts.len() <= room,
                "{length}: {} > {room}",
                excerpts.len()
            );
        }
        assert_eq!(ascii_excerpt_room(122), 123);
    }

    #[test]
    fn an_excerpt_written_after_others_is_cut_as_one_alone() {
        let long = "word ".repeat(40);
        for text in [long.as_str(), "  a\n\t b  ", "Ärger  ÜBER"] {
            let mut alone = String::new();
            let seed = FingerprintHasher::new("r");
            let hash = excerpt_and_fingerprint(seed, text, &mut alone);
            let mut after = "an earlier excerpt".to_string();
            assert_eq!(excerpt_and_fingerprint(seed, text, &mut after), hash);
            assert_eq!(after, format!("an earlier excerpt{alone}"));
        }
    }

    #[test]
    fn findings_about_blocks_and_elements_carry_their_selectors() {
        let long = "word ".repeat(40);
        let html = format!(
            "<html lang=en><title>t</title><body><main><p>{long}.</p><img src=a.png></main></body></html>"
        );
        let report = crate::analyze_html(html.as_bytes(), None, &Options::default()).unwrap();
        let by_rule = |rule: &str| {
            let found = report.findings.iter().find(|f| f.rule == rule);
            found.unwrap_or_else(|| panic!("no {rule} finding"))
        };
        let paragraph = report
            .blocks
            .iter()
            .find(|b| b.kind == "paragraph")
            .unwrap();
        let sentence = by_rule("sentence-too-long");
        assert!(paragraph.selector.is_some());
        assert_eq!(sentence.selector, paragraph.selector);
        assert!(sentence.excerpt.starts_with("word word"));
        let image = by_rule("image-alt-missing");
        assert_eq!(image.selector.as_deref(), Some("body > main > img"));
        assert_eq!(image.excerpt, "<img src=a.png>");
    }

    #[test]
    fn eight_bytes_at_once_hash_as_the_same_bytes_one_at_a_time() {
        let text = b"abcdefghijklmnopqrstuvwxyz0123456789";
        // Every count of pending bytes before the eight, so every shift of the merge.
        for before in 0..16 {
            let mut one_by_one = FingerprintHasher::new("r");
            let mut by_eight = one_by_one;
            text[..before].iter().for_each(|&b| one_by_one.add(b));
            text[..before].iter().for_each(|&b| by_eight.add(b));
            text[before..before + 16]
                .iter()
                .for_each(|&b| one_by_one.add(b));
            by_eight.add_lowered(&text[before..before + 16]);
            assert_eq!(one_by_one.finish(), by_eight.finish(), "{before}");
        }
    }

    #[test]
    fn fingerprints_ignore_case_and_whitespace_but_not_the_rule() {
        let hash = |rule: &str, text: &str| {
            excerpt_and_fingerprint(FingerprintHasher::new(rule), text, &mut String::new())
                .to_string()
        };
        assert_eq!(hash("r", "Some  Text\n"), hash("r", "some text"));
        assert_eq!(hash("r", "some\u{a0}text"), hash("r", "some text"));
        assert_eq!(hash("r", "Ärger  ÜBER"), hash("r", "ärger über"));
        assert_ne!(hash("r", "some text"), hash("s", "some text"));
        assert_ne!(hash("r", "some text"), hash("r", "sometext"));
        // "r", a zero byte and "a" as the hasher's documentation reads them, worked out apart
        // from it: baselines hold fingerprints, so a change of the hash must be seen here.
        assert_eq!(hash("r", " A "), "651cc49bcd6e8866");
    }
}
