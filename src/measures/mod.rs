//! Measures: the counts the formulas use, and the formulas.

pub mod formulas;

use crate::document::{BlockKind, Document};
use crate::text::Sentence;
use serde::Serialize;

/// Counts every score is computed from, reported so anyone can recompute the scores.
///
/// Words are tokens of letters (hyphenated compounds and contractions count once; numbers,
/// URLs, e-mail addresses and symbols do not count). `characters` are the characters of words,
/// `letters` their alphabetic characters. A polysyllable has three or more syllables.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    pub polysyllables: usize,
    pub characters: usize,
    pub letters: usize,
    pub paragraphs: usize,
    pub headings: usize,
    pub images: usize,
}

/// Counts over the sentences that have at least one word.
pub fn stats(document: &Document, sentences: &[Sentence]) -> Stats {
    let mut stats = Stats {
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
        ..Stats::default()
    };
    for sentence in sentences {
        let text = &document.blocks[sentence.block].text;
        let mut any = false;
        for (token, syllables) in sentence.words() {
            any = true;
            let word = &text[token.range.clone()];
            stats.words += 1;
            stats.syllables += syllables as usize;
            stats.polysyllables += usize::from(syllables >= 3);
            stats.characters += word.chars().count();
            stats.letters += word.chars().filter(|c| c.is_alphabetic()).count();
        }
        stats.sentences += usize::from(any);
    }
    stats
}
