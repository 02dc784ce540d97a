//! A word normalised for lookup, in a fixed buffer on the stack, and its candidate base forms.
//! Not a stemmer: only the regular English inflections that word lists leave out.

use std::fmt;

/// A lowercase word of at most 48 bytes: curly apostrophes made straight, a trailing
/// possessive (`'s`, `s'`) removed.
#[derive(Clone)]
pub struct Word {
    buf: [u8; CAPACITY],
    len: u8,
}

impl Word {
    /// The normalised form of `surface`; `None` when it is empty or too long.
    pub fn new(surface: &str) -> Option<Word> {
        let mut word = Word {
            buf: [0; CAPACITY],
            len: 0,
        };
        if surface.is_ascii() {
            // Most words: lowercased as they are copied, a byte at a time, without Unicode
            // case tables or a second pass.
            let bytes = surface.as_bytes();
            let buf = word.buf.get_mut(..bytes.len())?;
            for (to, from) in buf.iter_mut().zip(bytes) {
                *to = from.to_ascii_lowercase();
            }
            word.len = bytes.len() as u8;
            return word.without_possessive();
        }
        for c in surface.chars() {
            let c = if matches!(c, '\u{2019}' | '\u{2018}') {
                '\''
            } else {
                c
            };
            for lower in c.to_lowercase() {
                let mut utf8 = [0; 4];
                let encoded = lower.encode_utf8(&mut utf8).as_bytes();
                let at = usize::from(word.len);
                if at + encoded.len() > CAPACITY {
                    return None;
                }
                word.buf[at..at + encoded.len()].copy_from_slice(encoded);
                word.len += encoded.len() as u8;
            }
        }
        word.without_possessive()
    }

    /// Cuts a trailing possessive (`'s`, `s'`) or apostrophe; `None` when nothing is left.
    fn without_possessive(mut self) -> Option<Word> {
        let text = self.as_str();
        let cut = if text.ends_with("'s") {
            2
        } else if text.ends_with("s'") || text.ends_with('\'') {
            1
        } else {
            0
        };
        self.len -= cut as u8;
        (self.len > 0).then_some(self)
    }

    pub fn as_str(&self) -> &str {
        // The jargon analysis reads a word's key dozens of times; validating it each time
        // cost more than the lookups themselves.
        // SAFETY: `new` copies in whole UTF-8 sequences only and cuts off ASCII bytes only,
        // so the first `len` bytes are always valid UTF-8.
        unsafe { std::str::from_utf8_unchecked(&self.buf[..usize::from(self.len)]) }
    }
}

impl fmt::Debug for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Word {
    fn eq(&self, other: &Word) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Word {}

include!("lemmas.rs");

#[cfg(test)]
mod tests {
    use super::*;

    fn all(word: &str) -> Vec<String> {
        let mut out = Vec::new();
        lemmas(word, |l| {
            out.push(l.to_string());
            false
        });
        out
    }

    #[test]
    fn normalises_case_apostrophes_and_possessives() {
        assert_eq!(Word::new("Doctor\u{2019}s").unwrap().as_str(), "doctor");
        assert_eq!(Word::new("patients'").unwrap().as_str(), "patients");
        assert_eq!(Word::new("ISN'T").unwrap().as_str(), "isn't");
        assert!(Word::new(&"a".repeat(49)).is_none());
    }

    #[test]
    fn candidate_base_forms() {
        assert!(all("biopsies").contains(&"biopsy".to_string()));
        assert!(all("nodes").contains(&"node".to_string()));
        assert!(all("staged").contains(&"stage".to_string()));
        assert!(all("stopped").contains(&"stop".to_string()));
        assert!(all("imaging").contains(&"image".to_string()));
        assert!(all("intravenously").contains(&"intravenous".to_string()));
        assert!(all("metastasising").contains(&"metastasizing".to_string()));
        assert!(!all("virus").contains(&"viru".to_string()));
        assert!(all("\u{aaaa}\u{aaaa}ed").contains(&"\u{aaaa}\u{aaaa}e".to_string()));
    }
}
