//! The report: one serde type, the single source for every output (JSON API, CLI, web form,
//! SARIF, JUnit). Building it only arranges what earlier stages computed; outputs format it and
//! never compute.

use crate::checks::{Category, Rule, Severity};
use crate::document::{BlockKind, Document, Scope};
use crate::measures::{formulas, Stats};
use crate::source::Span;
use crate::text::Sentence;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub legible_version: &'static str,
    /// From the document's `lang`, else the request, else `en`.
    pub language: String,
    pub scope: Scope,
    pub stats: Stats,
    pub readability: Readability,
    pub outline: Vec<OutlineNode>,
    pub images: Vec<ImageReport>,
    pub sentences: Vec<SentenceReport>,
    pub findings: Vec<Finding>,
}

/// Scores, rounded to two decimals; `null` when the text has no sentence with a word.
#[derive(Debug, Clone, Serialize)]
pub struct Readability {
    pub flesch_reading_ease: Option<f64>,
    pub flesch_kincaid_grade: Option<f64>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutlineNode {
    pub level: u8,
    pub text: String,
    pub span: Span,
    pub selector: Option<String>,
    pub children: Vec<OutlineNode>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImageReport {
    pub selector: String,
    pub src: Option<String>,
    pub alt: Option<String>,
    pub span: Span,
    /// Ids of the rules that fired on this image.
    pub findings: Vec<&'static str>,
}

/// How hard a sentence is to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    Ok,
    Hard,
    VeryHard,
}

#[derive(Debug, Clone, Serialize)]
pub struct SentenceReport {
    pub text: String,
    pub span: Span,
    /// The kind of block the sentence is in (`heading`, `paragraph`, `list_item` …).
    pub kind: &'static str,
    pub words: usize,
    pub syllables: usize,
    /// Flesch–Kincaid grade of the sentence alone; `null` without words.
    pub grade: Option<f64>,
    pub difficulty: Difficulty,
}

#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub replace_with: String,
    pub source: &'static str,
}

#[derive(Debug, Clone, Serialize)]
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

/// Sentences of fewer words are never marked hard, however long their words: short
/// sentences are not what slows readers down.
const HARD_MIN_WORDS: usize = 14;
/// Grade at which a sentence is hard, and very hard (thresholds in the style of the
/// Hemingway editor: grade 10 and above is hard, 14 and above very hard).
const HARD_GRADE: f64 = 10.0;
const VERY_HARD_GRADE: f64 = 14.0;

pub(crate) fn readability(stats: &Stats) -> Readability {
    Readability {
        flesch_reading_ease: formulas::flesch_reading_ease(
            stats.words,
            stats.sentences,
            stats.syllables,
        )
        .map(round2),
        flesch_kincaid_grade: formulas::flesch_kincaid_grade(
            stats.words,
            stats.sentences,
            stats.syllables,
        )
        .map(round2),
        warnings: Vec::new(),
    }
}

pub(crate) fn sentences(document: &Document, sentences: &[Sentence]) -> Vec<SentenceReport> {
    sentences
        .iter()
        .map(|sentence| {
            let block = &document.blocks[sentence.block];
            let (words, syllables) = sentence
                .words()
                .fold((0, 0), |(w, s), (_, syl)| (w + 1, s + syl as usize));
            let grade = formulas::flesch_kincaid_grade(words, 1, syllables).map(round2);
            let difficulty = match grade {
                Some(g) if words >= HARD_MIN_WORDS && g >= VERY_HARD_GRADE => Difficulty::VeryHard,
                Some(g) if words >= HARD_MIN_WORDS && g >= HARD_GRADE => Difficulty::Hard,
                _ => Difficulty::Ok,
            };
            SentenceReport {
                text: block.text[sentence.range.clone()].to_string(),
                span: document.block_span(sentence.block, sentence.range.clone()),
                kind: kind_name(block.kind),
                words,
                syllables,
                grade,
                difficulty,
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
pub(crate) fn outline(document: &Document) -> Vec<OutlineNode> {
    let mut roots: Vec<OutlineNode> = Vec::new();
    for (index, block) in document.blocks.iter().enumerate() {
        let BlockKind::Heading(level) = block.kind else {
            continue;
        };
        let node = OutlineNode {
            level,
            text: block.text.clone(),
            span: document.block_span(index, 0..block.text.len()),
            selector: block.selector.clone(),
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
    let raw = &document.source.text()[hit.span.start..hit.span.end];
    let excerpt = shorten(raw, 120);
    Finding {
        rule: rule.id,
        category: rule.category,
        severity: rule.severity,
        message: hit.message,
        wcag: rule.wcag,
        span: hit.span,
        selector: hit.selector,
        fingerprint: fingerprint(rule.id, raw),
        excerpt,
        suggestions: Vec::new(),
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

fn shorten(text: &str, max_chars: usize) -> String {
    let folded = fold(text);
    match folded.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &folded[..cut]),
        None => folded,
    }
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// FNV-1a (64-bit) of the rule id and the lowercased, whitespace-folded text: stable across
/// runs, platforms and line moves.
fn fingerprint(rule: &str, text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let normalised = fold(text).to_lowercase();
    for byte in rule.bytes().chain([0]).chain(normalised.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}
