//! Text engine: sentences within a block, words, syllables. Pure functions of `&str`; the
//! positions they return are byte ranges of the text they were given, which the document layer
//! maps back to the submitted HTML.

pub mod sentences;
pub mod syllables;
pub mod words;

use crate::document::{Block, BlockKind};
use std::ops::Range;
use words::{Token, TokenKind};

/// A sentence of a block, with its tokens.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Index of the block in `Document::blocks`.
    pub block: usize,
    /// Byte range in the block's text.
    pub range: Range<usize>,
    /// The kind of block it came from (a heading or list item is a unit of its own).
    pub kind: BlockKind,
    /// Tokens, with ranges relative to the block's text.
    pub tokens: Vec<Token>,
    /// Syllables of each token (0 for tokens that are not words).
    pub syllables: Vec<u32>,
}

impl Sentence {
    /// The word tokens (not numbers, URLs or symbols) and their syllables.
    pub fn words(&self) -> impl Iterator<Item = (&Token, u32)> {
        self.tokens
            .iter()
            .zip(self.syllables.iter().copied())
            .filter(|(t, _)| t.kind == TokenKind::Word)
    }
}

/// The letters a typographic ligature stands for ("ﬁ" in "ﬁgures" is "fi"): text copied
/// from PDFs keeps them, and a word must be read, counted and looked up as its letters.
pub fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{fb00}' => "ff",
        '\u{fb01}' => "fi",
        '\u{fb02}' => "fl",
        '\u{fb03}' => "ffi",
        '\u{fb04}' => "ffl",
        '\u{fb05}' | '\u{fb06}' => "st",
        _ => return None,
    })
}

/// Splits every block into sentences and tokens and counts syllables.
pub fn analyze(blocks: &[Block]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        // Reference lists and credits are in the article but are not prose to score.
        if block.skip.is_some() {
            continue;
        }
        for range in sentences::split(&block.text) {
            let slice = &block.text[range.clone()];
            let tokens: Vec<Token> = words::tokens(slice)
                .into_iter()
                .map(|t| Token {
                    range: t.range.start + range.start..t.range.end + range.start,
                    ..t
                })
                .collect();
            let syllables = tokens
                .iter()
                .map(|t| match t.kind {
                    TokenKind::Word => syllables::count(&block.text[t.range.clone()]),
                    _ => 0,
                })
                .collect();
            out.push(Sentence {
                block: index,
                range,
                kind: block.kind,
                tokens,
                syllables,
            });
        }
    }
    out
}
