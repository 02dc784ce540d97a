//! Text engine: sentences within a block, words, syllables. Pure functions of `&str`; the
//! positions they return are byte ranges of the text they were given, which the document layer
//! maps back to the submitted HTML.

pub mod sentences;
pub mod syllables;
pub mod words;

use crate::document::{Block, BlockKind};
use rustc_hash::FxHashMap;
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
    /// For each token, the index of its spelling in [`Text::spellings`] (`None` for tokens
    /// that are not words).
    pub spellings: Vec<Option<u32>>,
    /// Number tokens with a decimal fraction ("0.82", "2.5"; see [`words::is_decimal_figure`]).
    pub decimal_figures: u32,
}

impl Sentence {
    /// The word tokens (not numbers, URLs or symbols) and the index of their spelling in
    /// [`Text::spellings`].
    pub fn words(&self) -> impl Iterator<Item = (&Token, usize)> {
        self.tokens
            .iter()
            .zip(&self.spellings)
            .filter_map(|(t, s)| Some((t, (*s)? as usize)))
    }
}

/// A document's sentences and the distinct spellings of their words.
///
/// An article repeats most of its words (the fixture article's 1,604 words have 552 spellings),
/// so what depends on a spelling alone is worked out once, here for the text engine's own facts
/// and by the measures and the jargon analysis for theirs, in vectors indexed like
/// [`Text::spellings`]: each word is hashed once per document, not once per consumer.
#[derive(Debug, Clone, Default)]
pub struct Text<'t> {
    pub sentences: Vec<Sentence>,
    /// Every distinct spelling (exact, case included) in order of first use.
    pub spellings: Vec<Spelling<'t>>,
}

/// A word as written, and the facts of it that do not depend on where it stands.
#[derive(Debug, Clone, Copy)]
pub struct Spelling<'t> {
    pub text: &'t str,
    pub syllables: u32,
    /// Characters (Unicode scalar values).
    pub characters: u32,
    /// Alphabetic characters.
    pub letters: u32,
}

impl<'t> Spelling<'t> {
    fn new(text: &'t str) -> Spelling<'t> {
        let (characters, letters) = if text.is_ascii() {
            let letters = text.bytes().filter(u8::is_ascii_alphabetic).count();
            (text.len(), letters)
        } else {
            let letters = text.chars().filter(|c| c.is_alphabetic()).count();
            (text.chars().count(), letters)
        };
        Spelling {
            text,
            syllables: syllables::count(text),
            characters: characters as u32,
            letters: letters as u32,
        }
    }
}

/// Collapses runs of whitespace to one space and trims: one pass into one string, no list of
/// the words to join (accessible names, alt texts and finding excerpts are all folded).
pub fn fold_whitespace(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    folded
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

/// Splits every block into sentences and tokens, and gathers the words' spellings.
pub fn analyze(blocks: &[Block]) -> Text<'_> {
    let mut text = Text::default();
    // Sized for an article, so the map does not grow word by word.
    let mut known: FxHashMap<&str, u32> =
        FxHashMap::with_capacity_and_hasher(1024, Default::default());
    for (index, block) in blocks.iter().enumerate() {
        // Reference lists and credits are in the article but are not prose to score.
        if block.skip.is_some() {
            continue;
        }
        for range in sentences::split(&block.text) {
            let mut tokens = words::tokens(&block.text[range.clone()]);
            for token in &mut tokens {
                token.range = token.range.start + range.start..token.range.end + range.start;
            }
            let spellings = tokens
                .iter()
                .map(|t| {
                    (t.kind == TokenKind::Word).then(|| {
                        let word = &block.text[t.range.clone()];
                        *known.entry(word).or_insert_with(|| {
                            text.spellings.push(Spelling::new(word));
                            text.spellings.len() as u32 - 1
                        })
                    })
                })
                .collect();
            let decimal_figures = tokens
                .iter()
                .filter(|t| {
                    t.kind == TokenKind::Number
                        && words::is_decimal_figure(&block.text[t.range.clone()])
                })
                .count() as u32;
            text.sentences.push(Sentence {
                block: index,
                range,
                kind: block.kind,
                tokens,
                spellings,
                decimal_figures,
            });
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::analyze;
    use crate::document::Document;
    use crate::source::Source;

    #[test]
    fn each_spelling_is_kept_once_and_every_word_points_at_its_own() {
        let document = Document::from_text(Source::from_text(
            "The cat sat. The cat ran; the naïve co-op sat 3 times.",
        ));
        let text = analyze(&document.blocks);
        let spelled: Vec<&str> = text.spellings.iter().map(|s| s.text).collect();
        // Case counts: "The" and "the" are two spellings. Numbers are not words.
        assert_eq!(
            spelled,
            ["The", "cat", "sat", "ran", "the", "naïve", "co-op", "times"]
        );
        let mut words = 0;
        for sentence in &text.sentences {
            let block = &document.blocks[sentence.block].text;
            for (token, id) in sentence.words() {
                assert_eq!(&block[token.range.clone()], text.spellings[id].text);
                words += 1;
            }
        }
        assert_eq!(words, 11);
        let facts = |word: &str| {
            let s = text.spellings.iter().find(|s| s.text == word).unwrap();
            (s.syllables, s.characters, s.letters)
        };
        assert_eq!(facts("naïve"), (2, 5, 5));
        assert_eq!(facts("co-op"), (2, 5, 4));
        assert_eq!(facts("times"), (1, 5, 5));
    }
}
