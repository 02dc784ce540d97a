//! Sentence segmentation inside one block of text.
//!
//! Input is the whitespace-folded text of a single block (a paragraph, list item, heading …):
//! blocks never share a sentence. Output is the byte range of every sentence, trimmed of
//! surrounding whitespace.

use std::ops::Range;

/// Abbreviations that end in a period without ending a sentence (lowercase, without the dot).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "approx", "fig",
    "no", "vol", "mt", "inc", "ltd", "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "u.s", "u.k", "a.m", "p.m", "al", "cf", "ca", "mg", "ml", "kg",
];

/// Splits `text` into sentences. Terminal punctuation (`.`, `!`, `?`, possibly followed by
/// closing quotes or brackets) ends a sentence when whitespace and then a capital letter, digit
/// or opening quote follow, unless the word before the period is a known abbreviation or a
/// single initial.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, next)) = chars.peek() {
            if matches!(next, '.' | '!' | '?' | '"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}') {
                end = j + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let rest = &text[end..];
        let after_space = rest.trim_start();
        if after_space.len() == rest.len() || after_space.is_empty() {
            continue;
        }
        let opens_sentence = after_space
            .chars()
            .next()
            .is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || "\"'\u{201c}\u{2018}(".contains(n));
        if !opens_sentence || (c == '.' && is_abbreviation(&text[start..i])) {
            continue;
        }
        push_trimmed(text, start..end, &mut sentences);
        start = end;
    }
    push_trimmed(text, start..text.len(), &mut sentences);
    sentences
}

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single_initial || ABBREVIATIONS.contains(&lower.as_str())
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_on_terminal_punctuation_followed_by_a_capital() {
        assert_eq!(
            sentences("It hurts. Dr. Smith said so! Did he?"),
            vec!["It hurts.", "Dr. Smith said so!", "Did he?"]
        );
    }

    #[test]
    fn decimals_and_lowercase_continuations_do_not_split() {
        assert_eq!(sentences("RR 0.73 was seen. e.g. this"), vec!["RR 0.73 was seen. e.g. this"]);
    }
}
