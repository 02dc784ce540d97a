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

/// The longest word worth looking up: longer words are never on the list.
const MAX_LEN: usize = 24;

/// Whether `word` (as written) counts as familiar; `initial` says it begins its sentence.
///
/// The measures ask [`familiarity`] for both answers at once and remember them per thread with
/// a spelling's other classes (see `counts::classes`); this is the one-question form.
pub fn is_familiar(word: &str, initial: bool) -> bool {
    familiarity(word) & if initial { INITIAL } else { INSIDE } != 0
}

/// [`familiarity`] bits: familiar inside a sentence, familiar at its start.
pub(crate) const INSIDE: u8 = 1;
pub(crate) const INITIAL: u8 = 2;

/// Whether `word` counts as familiar inside a sentence and at its start, as [`INSIDE`] and
/// [`INITIAL`] bits: they differ only for a proper name, which is familiar inside a sentence.
pub(crate) fn familiarity(word: &str) -> u8 {
    let mut buffer = [0u8; MAX_LEN];
    let (shape, lower) = Shape::read(word, &mut buffer);
    if shape.hyphen {
        // A compound is familiar where all its parts are.
        let mut answers = INSIDE | INITIAL;
        for part in word.split(['-', '\u{2010}', '\u{2011}']) {
            answers &= if part.is_empty() {
                0
            } else {
                familiarity(part)
            };
            if answers == 0 {
                break;
            }
        }
        return answers;
    }
    if shape.abbreviation {
        return 0;
    }
    let Some(lower) = lower else {
        return 0;
    };
    let key = lexicon::Key::new(lower);
    if on_list(key) || on_list_as_american(&key) {
        INSIDE | INITIAL
    } else if shape.name && !lexicon::is_unit(word) {
        INSIDE
    } else {
        0
    }
}

/// What the counting rules ask of how a word is written.
struct Shape {
    /// It holds a hyphen: a compound, familiar when all its parts are.
    hyphen: bool,
    /// Two or more letters, all capitals ("CI", "OR", "NHS"): read as an abbreviation even
    /// when the lowercase word is on the list.
    abbreviation: bool,
    /// A capital, then lowercase letters and apostrophes only: a proper name inside a sentence.
    name: bool,
}

impl Shape {
    /// The word's shape and, folded into `buffer`, its lowercase form (see [`fold`]). An ASCII
    /// word (most words) is read in one pass over its bytes for both, a table lookup a byte,
    /// so it is not read once per question.
    fn read<'b>(word: &str, buffer: &'b mut [u8; MAX_LEN]) -> (Shape, Option<&'b str>) {
        if !word.is_ascii() {
            return (Shape::of_chars(word), fold(word, buffer));
        }
        let bytes = word.as_bytes();
        let (mut letters, mut capitals, mut seen) = (0, 0, 0);
        for (i, &b) in bytes.iter().enumerate() {
            let class = ASCII_CLASS[usize::from(b)];
            letters += u32::from(class & LETTER);
            capitals += u32::from(class & CAPITAL != 0);
            seen |= class;
            if let Some(lower) = buffer.get_mut(i) {
                *lower = b.to_ascii_lowercase();
            }
        }
        let first_capital = bytes.first().is_some_and(u8::is_ascii_uppercase);
        let shape = Shape {
            hyphen: seen & HYPHEN != 0,
            abbreviation: letters >= 2 && capitals == letters,
            name: first_capital && capitals == 1 && seen & OTHER == 0,
        };
        let lower = buffer.get(..bytes.len()).map(|lower| {
            // SAFETY: ASCII bytes, lowercased, are valid UTF-8 by themselves.
            unsafe { std::str::from_utf8_unchecked(lower) }
        });
        (shape, lower)
    }

    /// [`Shape::read`] for a word with characters outside ASCII.
    fn of_chars(word: &str) -> Shape {
        let letters = word.chars().filter(|c| c.is_alphabetic());
        let mut chars = word.chars();
        let first_upper = chars.next().is_some_and(char::is_uppercase);
        let rest_lower = chars.all(|c| !c.is_uppercase());
        let letters_only = word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '\u{2019}'));
        Shape {
            hyphen: word.contains(['-', '\u{2010}', '\u{2011}']),
            // `all` first: it stops at the first lowercase letter, where `count` reads the
            // whole word.
            abbreviation: letters.clone().all(char::is_uppercase) && letters.count() >= 2,
            name: first_upper && rest_lower && letters_only,
        }
    }
}

/// [`ASCII_CLASS`] bits: a letter, a capital, neither a letter nor an apostrophe, a hyphen.
const LETTER: u8 = 1;
const CAPITAL: u8 = 2;
const OTHER: u8 = 4;
const HYPHEN: u8 = 8;

/// What each ASCII byte is to [`Shape::read`].
static ASCII_CLASS: [u8; 128] = {
    let mut table = [OTHER; 128];
    let mut c = 0;
    while c < 128 {
        table[c] = match c as u8 {
            b'A'..=b'Z' => LETTER | CAPITAL,
            b'a'..=b'z' => LETTER,
            b'\'' => 0,
            b'-' => OTHER | HYPHEN,
            _ => OTHER,
        };
        c += 1;
    }
    table
};

/// The list is in American spelling; a British spelling of a listed word or of its regular
/// form ("colour", "favoured", "centres") is the same word.
fn on_list_as_american(lower: &lexicon::Key) -> bool {
    let Some(us) = lexicon::to_us(lower) else {
        return false;
    };
    let mut buffer = [0u8; MAX_LEN];
    match fold(us, &mut buffer) {
        Some(us) => on_list(lexicon::Key::new(us)),
        None => false,
    }
}

/// Lowercases an ASCII word (curly apostrophes become straight ones, ligatures their letters)
/// into `buffer`; `None` for words that cannot be on the list (too long, or with letters
/// outside ASCII).
fn fold<'b>(word: &str, buffer: &'b mut [u8; MAX_LEN]) -> Option<&'b str> {
    let len = if word.is_ascii() {
        // Most words: nothing to replace, so lowercase the bytes in place.
        let bytes = buffer.get_mut(..word.len())?;
        for (lower, &b) in bytes.iter_mut().zip(word.as_bytes()) {
            *lower = b.to_ascii_lowercase();
        }
        word.len()
    } else {
        fold_chars(word, buffer)?
    };
    // SAFETY: both branches write ASCII bytes only, which are valid UTF-8 by themselves.
    Some(unsafe { std::str::from_utf8_unchecked(&buffer[..len]) })
}

/// [`fold`] for a word with characters outside ASCII: how many bytes it wrote.
fn fold_chars(word: &str, buffer: &mut [u8; MAX_LEN]) -> Option<usize> {
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
    Some(len)
}

/// The word or a regular form of a listed word: one probe of the forms build.rs worked out
/// with the counting rules of `regular_forms.rs`, after any possessive 's (which stacks, and
/// which those rules strip before anything else) is cut. The word comes hashed: its first probe
/// shares the hash with the British spellings' ([`on_list_as_american`]).
fn on_list(word: lexicon::Key) -> bool {
    let mut word = word;
    loop {
        if lexicon::is_familiar_form(&word) {
            return true;
        }
        match word.as_str().strip_suffix("'s") {
            Some(rest) if word.as_str().len() > 2 => word = lexicon::Key::new(rest),
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{familiarity, is_familiar, on_list, INITIAL, INSIDE};
    use crate::lexicon;
    use std::collections::HashSet;

    include!("regular_forms.rs");

    fn listed() -> HashSet<&'static [u8]> {
        include_str!("../../wordlists/dale_chall.txt")
            .lines()
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(str::as_bytes)
            .collect()
    }

    /// The precomputed forms answer as the counting rules do, for every form build.rs tried
    /// and for the 50,000 most frequent words, with and without possessives.
    #[test]
    fn precomputed_forms_agree_with_the_counting_rules() {
        let list = listed();
        let rules = |word: &str| accepts(&mut word.as_bytes().to_vec(), &|w| list.contains(w));
        let mut words: Vec<String> = Vec::new();
        for word in include_str!("../../wordlists/dale_chall.txt").lines() {
            candidate_forms(word.trim(), |form| words.push(form));
        }
        let frequent = include_str!("../../wordlists/wordfreq_en_top50k.tsv");
        words.extend(
            frequent
                .lines()
                .skip(1)
                .filter_map(|row| row.split('\t').nth(1))
                .filter(|w| w.is_ascii())
                .map(str::to_ascii_lowercase),
        );
        let possessives: Vec<String> = words
            .iter()
            .flat_map(|w| [format!("{w}'s"), format!("{w}'s's"), format!("{w}'")])
            .collect();
        words.extend(possessives);
        let mut familiar = 0;
        for word in &words {
            let expected = rules(word);
            familiar += usize::from(expected);
            assert_eq!(on_list(lexicon::Key::new(word)), expected, "{word}");
        }
        assert!(familiar > 10_000, "{familiar} of {} familiar", words.len());
    }

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

    #[test]
    fn both_answers_are_worked_out_at_once() {
        assert_eq!(familiarity("Cochrane"), INSIDE);
        assert_eq!(familiarity("well-known"), INSIDE | INITIAL);
        assert_eq!(familiarity("interferon"), 0);
    }
}
