//! Word tokens of a sentence: UAX #29 word boundaries, with hyphenated compounds and
//! contractions joined into one word. Numbers, URLs, e-mail addresses and symbols are kept as
//! tokens of their own kind: they are not words for the formulas.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// What a token is; only [`TokenKind::Word`] counts as a word in the measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
}

/// A word-like token and where it stands in the text it was cut from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: TokenKind,
}

/// Tokens of `text` in order.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut joinable_end: Option<usize> = None;
    for (start, piece) in text.split_word_bound_indices() {
        let end = start + piece.len();
        let first = piece.chars().next().unwrap_or(' ');
        if first.is_alphanumeric() {
            let kind = if piece.chars().any(char::is_alphabetic) {
                TokenKind::Word
            } else {
                TokenKind::Number
            };
            match (joinable_end, out.last_mut()) {
                (Some(joint), Some(last)) if joint == start && last.kind == TokenKind::Word => {
                    last.range.end = end;
                }
                _ => out.push(Token { range: start..end, kind }),
            }
            joinable_end = None;
        } else if matches!(piece, "-" | "\u{2010}" | "\u{2011}")
            && out.last().is_some_and(|t| t.range.end == start && t.kind == TokenKind::Word)
        {
            joinable_end = Some(end);
        } else {
            joinable_end = None;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphenated_compounds_and_contractions_are_one_word() {
        let text = "A well-known drug isn't 2 doses.";
        let words: Vec<&str> = tokens(text)
            .into_iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| &text[t.range])
            .collect();
        assert_eq!(words, vec!["A", "well-known", "drug", "isn't", "doses"]);
    }
}
