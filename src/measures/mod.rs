//! Measures: the counts the formulas use, the formulas, per-sentence difficulty, per-section
//! counts and the health-literacy profiles. Everything here is a function of the text engine's
//! sentences; nothing parses.

pub mod counts;
pub mod difficulty;
pub mod familiar;
pub mod formulas;
pub mod passive;
pub mod profiles;
pub mod sections;

use crate::document::{BlockKind, Document};
use crate::text::Text;
use counts::Counts;
use serde::Serialize;
use std::ops::Deref;

/// Counts every score is computed from, reported so anyone can recompute the scores.
///
/// Words are tokens of letters (hyphenated compounds and contractions count once; numbers,
/// URLs, e-mail addresses and symbols do not count). `characters` are the characters of words,
/// `letters` their alphabetic characters. A polysyllable has three or more syllables, a
/// monosyllable one. `complex_words` are Gunning's (see [`counts::is_complex`]),
/// `difficult_words` those not on the Dale–Chall familiar list (see [`familiar`]).
///
/// Only sentences of units that count (see [`counts::is_scored`]: not headings, table cells or
/// definition terms) and that have a word are counted; `unscored_sentences` counts the others
/// that have a word.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Stats {
    /// The counts the formulas use (`stats.words`, `stats.sentences` … through `Deref`).
    #[serde(flatten)]
    pub counts: Counts,
    pub unscored_sentences: usize,
    pub paragraphs: usize,
    pub headings: usize,
    pub images: usize,
}

impl Deref for Stats {
    type Target = Counts;

    fn deref(&self) -> &Counts {
        &self.counts
    }
}

/// The counts of every sentence, and their sums.
#[derive(Debug, Clone)]
pub struct Measured {
    /// Counts of each sentence, in the order of the text engine's sentences.
    pub sentences: Vec<Counts>,
    /// Whether each sentence counts in the scores.
    pub scored: Vec<bool>,
    /// Sums over the scored sentences of each block, indexed like `Document::blocks`.
    pub blocks: Vec<Counts>,
    pub stats: Stats,
}

/// Counts every sentence and sums the scored ones.
pub fn measure(document: &Document, text: &Text) -> Measured {
    let sentences = &text.sentences;
    let mut spellings = counts::Spellings::new(text);
    // One pass that counts, classes and sums each sentence, where collecting the counts and
    // the classes apart and summing them in a third pass read every sentence three times.
    let mut per_sentence = Vec::with_capacity(sentences.len());
    let mut scored = Vec::with_capacity(sentences.len());
    let mut blocks = vec![Counts::default(); document.blocks.len()];
    let mut total = Counts::default();
    let mut unscored = 0;
    for sentence in sentences {
        let counts = counts::count(text, sentence, &mut spellings);
        let is_scored = counts::is_scored(sentence.kind);
        if is_scored {
            blocks[sentence.block as usize].add(&counts);
            total.add(&counts);
        } else {
            unscored += counts.sentences;
        }
        per_sentence.push(counts);
        scored.push(is_scored);
    }
    let stats = Stats {
        counts: total,
        unscored_sentences: unscored as usize,
        paragraphs: document
            .blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Heading(_)))
            .count(),
        headings: document
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Heading(_)))
            .count(),
        images: document.images.len(),
    };
    Measured {
        sentences: per_sentence,
        scored,
        blocks,
        stats,
    }
}

/// The document's counts (see [`measure`]).
pub fn stats(document: &Document, text: &Text) -> Stats {
    measure(document, text).stats
}
