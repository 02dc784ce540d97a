//! Familiar words for the Dale–Chall formula: the list of Chall and Dale (1995), compiled into
//! the binary, with the counting rules that go with it. Not a general frequency list.
//!
//! A word is familiar when it is on the list, or is a regular form of a word on the list
//! (plural or third person -s/-es/-ies, past -d/-ed/-ied, participle -n/-en, -ing,
//! comparative -r/-er/-ier, superlative -st/-est/-iest, adverb -ly/-ily, possessive 's), or is
//! a proper name (a capitalised word of letters that does not begin its sentence; not a unit
//! symbol such as "L" or a code such as "D3"): the counting rules of Dale and Chall (1948), "A formula for predicting
//! readability: instructions", Educational Research Bulletin 27(2), 37–54. Numbers are familiar there too; here they are not words,
//! except that the Dale–Chall score reads figures with a decimal fraction as unfamiliar words
//! (see [`super::formulas::dale_chall_of`]). A hyphenated compound is familiar when all its parts are.
//! Abbreviations in capitals are not familiar. The list is American; British spellings are
//! looked up as their American form (VarCon, see `wordlists/SOURCES.md`).

use crate::{lexicon, text};
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

const LIST: &str = include_str!("../../wordlists/dale_chall.txt");

/// The longest word worth looking up: longer words are never on the list.
const MAX_LEN: usize = 24;

/// The list as bytes, so the ASCII buffers of [`fold`] are probed without UTF-8 validation,
/// with the Fx hash: a word costs up to a dozen probes (its regular forms).
fn list() -> &'static FxHashSet<&'static [u8]> {
    static SET: OnceLock<FxHashSet<&'static [u8]>> = OnceLock::new();
    SET.get_or_init(|| {
        LIST.lines()
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(str::as_bytes)
            .collect()
    })
}

/// Whether `word` (as written) counts as familiar; `initial` says it begins its sentence.
pub fn is_familiar(word: &str, initial: bool) -> bool {
    if word.contains(['-', '\u{2010}', '\u{2011}']) {
        return word
            .split(['-', '\u{2010}', '\u{2011}'])
            .all(|part| !part.is_empty() && is_familiar(part, initial));
    }
    if is_abbreviation(word) {
        return false;
    }
    let mut buffer = [0u8; MAX_LEN];
    let Some(lower) = fold(word, &mut buffer) else {
        return false;
    };
    if on_list(lower) || on_list_as_american(lower) {
        return true;
    }
    let mut chars = word.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let rest_lower = chars.all(|c| !c.is_uppercase());
    let letters_only = word
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '\'' | '\u{2019}'));
    !initial && first_upper && rest_lower && letters_only && !lexicon::is_unit(word)
}

/// The list is in American spelling; a British spelling of a listed word or of its regular
/// form ("colour", "favoured", "centres") is the same word.
fn on_list_as_american(lower: &[u8]) -> bool {
    let Some(us) = std::str::from_utf8(lower).ok().and_then(lexicon::to_us) else {
        return false;
    };
    let mut buffer = [0u8; MAX_LEN];
    match fold(us, &mut buffer) {
        Some(us) => on_list(us),
        None => false,
    }
}

/// Two or more letters, all capitals ("CI", "OR", "NHS"): read as an abbreviation even when
/// the lowercase word is on the list.
fn is_abbreviation(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic());
    // `all` first: it stops at the first lowercase letter, where `count` reads the whole word.
    letters.clone().all(char::is_uppercase) && letters.count() >= 2
}

/// Lowercases an ASCII word (curly apostrophes become straight ones, ligatures their letters)
/// into `buffer`; `None` for words that cannot be on the list (too long, or with letters
/// outside ASCII).
fn fold<'b>(word: &str, buffer: &'b mut [u8; MAX_LEN]) -> Option<&'b mut [u8]> {
    let mut len = 0;
    let mut push = |b: u8| {
        *buffer.get_mut(len)? = b.to_ascii_lowercase();
        len += 1;
        Some(())
    };
    for c in word.chars() {
        if let Some(letters) = text::ligature(c) {
            letters.bytes().try_for_each(&mut push)?;
        } else if c == '\u{2019}' {
            push(b'\'')?;
        } else if c.is_ascii() {
            push(c as u8)?;
        } else {
            return None;
        }
    }
    Some(&mut buffer[..len])
}

fn contains(word: &[u8]) -> bool {
    list().contains(word)
}

/// The word or a regular form of a listed word.
fn on_list(word: &mut [u8]) -> bool {
    if contains(word) {
        return true;
    }
    let n = word.len();
    // Possessive: child's, children's.
    if n > 2 && word.ends_with(b"'s") {
        return contains(&word[..n - 2]) || on_list(&mut word[..n - 2]);
    }
    if n > 1 && word.ends_with(b"'") {
        return contains(&word[..n - 1]);
    }
    // -ies/-ied/-ier/-iest after a consonant: the stem ends in y (carries, carried, happier).
    for suffix in [&b"ies"[..], b"ied", b"ier", b"iest", b"ily"] {
        if let Some(cut) = stem(word, suffix) {
            let saved = word[cut];
            word[cut] = b'y';
            let found = contains(&word[..=cut]);
            word[cut] = saved;
            if found {
                return true;
            }
        }
    }
    for suffix in [
        &b"s"[..],
        b"es",
        b"d",
        b"ed",
        b"n",
        b"en",
        b"r",
        b"er",
        b"st",
        b"est",
        b"ing",
        b"ly",
    ] {
        let Some(cut) = stem(word, suffix) else {
            continue;
        };
        let base = &word[..cut];
        if !takes(base, suffix) {
            continue;
        }
        if contains(base) {
            return true;
        }
        // A doubled final consonant (stopped, bigger) or a dropped e (hoping, later).
        if cut > 2 && base[cut - 1] == base[cut - 2] && contains(&base[..cut - 1]) {
            return true;
        }
        if matches!(suffix, b"ing" | b"ed" | b"en" | b"er" | b"est") && contains_with_e(base) {
            return true;
        }
    }
    false
}

/// Whether English spelling adds `suffix` to a stem ending like `base`: -d, -r and -st only
/// after an e (hoped, later, latest: not "moo-d", "live-r"), -n after e or w (taken, known),
/// -es after a sibilant or o (boxes, wishes, goes: not "nod-es"). Other endings go anywhere.
fn takes(base: &[u8], suffix: &[u8]) -> bool {
    let last = base.last().copied().unwrap_or(0);
    match suffix {
        b"d" | b"r" | b"st" => last == b'e',
        b"n" => matches!(last, b'e' | b'w'),
        b"es" => {
            matches!(last, b's' | b'x' | b'z' | b'o')
                || base.ends_with(b"ch")
                || base.ends_with(b"sh")
        }
        _ => true,
    }
}

/// Where `suffix` begins, when the word is longer than the suffix by at least two letters.
fn stem(word: &[u8], suffix: &[u8]) -> Option<usize> {
    (word.len() > suffix.len() + 1 && word.ends_with(suffix)).then(|| word.len() - suffix.len())
}

fn contains_with_e(base: &[u8]) -> bool {
    let mut buffer = [0u8; MAX_LEN + 1];
    buffer[..base.len()].copy_from_slice(base);
    buffer[base.len()] = b'e';
    contains(&buffer[..=base.len()])
}

#[cfg(test)]
mod tests {
    use super::is_familiar;

    #[test]
    fn listed_words_and_their_regular_forms_are_familiar() {
        for word in [
            "doctor",
            "Doctor",
            "doctors",
            "doctor's",
            "children's",
            "running",
            "hoped",
            "hoping",
            "carried",
            "carries",
            "bigger",
            "stopped",
            "happier",
            "didn't",
            "didn’t",
            "well-known",
            "quickly",
            "known",
            "taken",
            "happily",
            // British spellings of listed words and of their regular forms.
            "colour",
            "favoured",
            "centres",
            "neighbours",
            "\u{fb01}gures",
        ] {
            assert!(is_familiar(word, true), "{word}");
        }
    }

    #[test]
    fn unlisted_words_and_abbreviations_are_difficult() {
        for word in [
            "metastasised",
            "interferon",
            "CI",
            "OR",
            "randomised",
            "aminotransferases",
            // Not regular forms of listed words: "moo" + d, "war" + d, "nod" + es.
            "mood",
            "ward",
            "nodes",
        ] {
            assert!(!is_familiar(word, false), "{word}");
        }
    }

    #[test]
    fn capitalised_words_inside_a_sentence_are_names() {
        assert!(is_familiar("Cochrane", false));
        assert!(!is_familiar("Cochrane", true));
        // A unit symbol ("5 g/L") is an abbreviation, not a name.
        assert!(!is_familiar("L", false));
        // Nor is a code with digits ("vitamin D3").
        assert!(!is_familiar("D3", false));
    }
}
