//! The report: one serde type, the single source for every output (JSON API, CLI, web form,
//! SARIF, JUnit). Building it only arranges what earlier stages computed; outputs format it and
//! never compute.

use crate::checks::jargon::SentenceJargon;
use crate::checks::{Category, Rule, Severity};
use crate::document::{BlockKind, Document, Scope, SkipReason};
use crate::measures::counts::Counts;
use crate::measures::difficulty::{self, Thresholds};
use crate::measures::profiles::{self, ProfileResult};
use crate::measures::{counts, formulas, sections, Measured, Stats};
use crate::source::Span;
use crate::text::{fold_whitespace as fold, Sentence};
use crate::Options;
use serde::Serialize;

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
    pub text: String,
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
    pub text: String,
    pub span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
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
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct("TextRange", &TextRangeMembers(self))
    }
}

/// A text range as the object of its members, named by [`TEXT_RANGE_FIELDS`].
struct TextRangeMembers<'a>(&'a TextRange);

impl Serialize for TextRangeMembers<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let range = self.0;
        let values = [range.block, range.start, range.end];
        let mut members = serializer.serialize_struct("TextRange", TEXT_RANGE_FIELDS.len())?;
        for (name, value) in TEXT_RANGE_FIELDS.iter().zip(&values) {
            members.serialize_field(name, value)?;
        }
        members.end()
    }
}

pub(crate) fn blocks(document: &Document) -> Vec<BlockReport> {
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
            text: block.text.clone(),
            span: document.block_span(index, 0..block.text.len()),
            selector: block.selector.clone(),
            skipped: block.skip,
        })
        .collect()
}

pub(crate) fn skipped(document: &Document) -> Vec<SkippedBlock> {
    document
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(index, block)| {
            Some(SkippedBlock {
                reason: block.skip?,
                text: block.text.clone(),
                span: document.block_span(index, 0..block.text.len()),
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
    pub text: String,
    pub span: Span,
    pub selector: Option<String>,
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
    pub text: String,
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
    pub replace_with: String,
    pub source: &'static str,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Finding {
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    pub wcag: &'static [&'static str],
    pub span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    /// The flagged source text, shortened to 120 characters.
    pub excerpt: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Suggestion>,
    /// Stable id of rule + normalised excerpt: the same finding keeps it when lines move.
    pub fingerprint: String,
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
                text: block.text[sentence.text_range()].to_string(),
                span: document.block_span(sentence.block as usize, sentence.text_range()),
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
pub(crate) fn outline(document: &Document, measured: &Measured) -> Vec<OutlineNode> {
    let mut roots: Vec<OutlineNode> = Vec::new();
    for (index, block) in document.blocks.iter().enumerate() {
        let BlockKind::Heading(level) = block.kind else {
            continue;
        };
        let section: Counts =
            sections::sum(&measured.blocks, sections::section_blocks(document, index));
        let node = OutlineNode {
            level,
            text: block.text.clone(),
            span: document.block_span(index, 0..block.text.len()),
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

pub(crate) fn finding(
    document: &Document,
    rule: &'static Rule,
    hit: crate::checks::Hit,
) -> Finding {
    let raw = &document.source.text()[hit.span.range()];
    let (excerpt, fingerprint) = excerpt_and_fingerprint(rule.id, raw);
    Finding {
        rule: rule.id,
        category: rule.category,
        severity: rule.severity,
        message: hit.message,
        wcag: rule.wcag,
        span: hit.span,
        selector: hit.selector,
        fingerprint,
        excerpt,
        suggestions: hit.suggestions,
    }
}

pub(crate) fn images(document: &Document, findings: &[Finding]) -> Vec<ImageReport> {
    document
        .images
        .iter()
        .map(|image| {
            let span = document.source.span(image.tag.start, image.tag.end);
            ImageReport {
                selector: image.selector.clone(),
                src: image.src.clone(),
                alt: image.alt.clone(),
                findings: findings
                    .iter()
                    .filter(|f| f.span.start >= span.start && f.span.end <= span.end)
                    .map(|f| f.rule)
                    .collect(),
                span,
            }
        })
        .collect()
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

/// A finding's excerpt and fingerprint of `text`, the flagged source. ASCII text (nearly
/// every finding) is folded, cut and hashed in one pass over its bytes, one table look-up
/// each, without a folded copy of a span that may be a whole paragraph: the excerpt is copied
/// a word at a time. Other text is folded first, as lowercasing it depends on context (a
/// final sigma).
fn excerpt_and_fingerprint(rule: &str, text: &str) -> (String, String) {
    let mut hash = Fingerprint::new(rule);
    if !text.is_ascii() {
        let folded = fold(text);
        folded.to_lowercase().bytes().for_each(|b| hash.add(b));
        return (shorten(folded, EXCERPT_CHARS), hash.hex());
    }
    let mut excerpt = String::with_capacity(text.len().min(EXCERPT_CHARS + '…'.len_utf8()));
    let bytes = text.as_bytes();
    // Whether a word came before the current one; whether one was cut (the excerpt is then
    // full, and the words after it are only hashed).
    let (mut after_word, mut cut) = (false, false);
    let mut i = 0;
    loop {
        while bytes
            .get(i)
            .is_some_and(|&b| ASCII_FOLD[usize::from(b)] == SPACE)
        {
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        if after_word {
            hash.add(b' ');
        }
        let start = i;
        while let Some(&byte) = bytes.get(i) {
            let lower = ASCII_FOLD[usize::from(byte)];
            if lower == SPACE {
                break;
            }
            hash.add(lower);
            i += 1;
        }
        if !cut {
            cut = !show(&mut excerpt, &text[start..i]);
        }
        after_word = true;
    }
    if cut {
        excerpt.push('…');
    }
    (excerpt, hash.hex())
}

/// Adds a word of the folded text to an excerpt, after a space unless it is the first: false
/// when it did not fit whole.
fn show(excerpt: &mut String, word: &str) -> bool {
    if !excerpt.is_empty() {
        if excerpt.len() == EXCERPT_CHARS {
            return false;
        }
        excerpt.push(' ');
    }
    let room = EXCERPT_CHARS - excerpt.len();
    excerpt.push_str(&word[..word.len().min(room)]);
    word.len() <= room
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

/// FNV-1a (64-bit) of the rule id and the lowercased, whitespace-folded text: stable across
/// runs, platforms and line moves.
struct Fingerprint(u64);

impl Fingerprint {
    fn new(rule: &str) -> Fingerprint {
        let mut hash = Fingerprint(0xcbf2_9ce4_8422_2325);
        rule.bytes().chain([0]).for_each(|b| hash.add(b));
        hash
    }

    fn add(&mut self, byte: u8) {
        self.0 ^= u64::from(byte);
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }

    /// Sixteen lowercase hex digits, two at a time from [`HEX_PAIRS`], checked as UTF-8 in one
    /// piece and copied into a string of their length (no lossy conversion's scan and copy).
    fn hex(&self) -> String {
        let mut digits = [0; 16];
        for (pair, byte) in digits.chunks_exact_mut(2).zip(self.0.to_be_bytes()) {
            pair.copy_from_slice(&HEX_PAIRS[usize::from(byte)]);
        }
        std::str::from_utf8(&digits)
            .map(str::to_owned)
            .unwrap_or_default()
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
    fn excerpts_fold_whitespace_and_cut_at_120_characters() {
        let both = |text: &str| excerpt_and_fingerprint("r", text).0;
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
    fn fingerprints_ignore_case_and_whitespace_but_not_the_rule() {
        let hash = |rule: &str, text: &str| excerpt_and_fingerprint(rule, text).1;
        assert_eq!(hash("r", "Some  Text\n"), hash("r", "some text"));
        assert_eq!(hash("r", "some\u{a0}text"), hash("r", "some text"));
        assert_eq!(hash("r", "Ärger  ÜBER"), hash("r", "ärger über"));
        assert_ne!(hash("r", "some text"), hash("s", "some text"));
        assert_ne!(hash("r", "some text"), hash("r", "sometext"));
        // FNV-1a of "r", a zero byte and "a", as the fingerprints of earlier reports.
        assert_eq!(hash("r", " A "), "8a66b719615e484a");
    }
}
