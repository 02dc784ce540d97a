//! A word normalised for lookup, in a fixed buffer on the stack, and its candidate base forms.
//! Not a stemmer: only the regular English inflections that word lists leave out.

use super::{le_u32, le_u64};
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
        let mut word = Word::empty();
        word.normalise(surface).then_some(word)
    }

    /// A word of no bytes, for [`Word::normalise`] to fill.
    pub fn empty() -> Word {
        Word {
            buf: [0; CAPACITY],
            len: 0,
        }
    }

    /// Makes this the normalised form of `surface` (see [`Word::new`]); false when it is
    /// empty or too long. Written in place and inlined into the lexicon's lookup: a word
    /// returned as an `Option` of its 49 bytes was copied twice on its way there.
    #[inline]
    pub fn normalise(&mut self, surface: &str) -> bool {
        // Most words: lowercased a piece at a time, without Unicode's case tables.
        let ascii = surface.len() <= CAPACITY && lowercase_ascii(surface.as_bytes(), &mut self.buf);
        if ascii {
            self.len = surface.len() as u8;
        } else if !self.normalise_unicode(surface) {
            return false;
        }
        self.cut_possessive()
    }

    /// [`Word::normalise`] for a word with a character that is not ASCII (whose lowercase
    /// may be longer or shorter) or too long to be ASCII in the buffer; false when its
    /// lowercase does not fit.
    #[inline(never)]
    fn normalise_unicode(&mut self, surface: &str) -> bool {
        self.len = 0;
        for c in surface.chars() {
            let c = if matches!(c, '\u{2019}' | '\u{2018}') {
                '\''
            } else {
                c
            };
            for lower in c.to_lowercase() {
                let mut utf8 = [0; 4];
                let encoded = lower.encode_utf8(&mut utf8).as_bytes();
                let at = usize::from(self.len);
                if at + encoded.len() > CAPACITY {
                    // No fragment is left behind to be read as the word.
                    self.len = 0;
                    return false;
                }
                self.buf[at..at + encoded.len()].copy_from_slice(encoded);
                self.len += encoded.len() as u8;
            }
        }
        true
    }

    /// Cuts a trailing possessive (`'s`, `s'`) or apostrophe; false when nothing is left.
    fn cut_possessive(&mut self) -> bool {
        let text = self.as_str();
        let cut = if text.ends_with("'s") {
            2
        } else if text.ends_with("s'") || text.ends_with('\'') {
            1
        } else {
            0
        };
        self.len -= cut as u8;
        self.len > 0
    }

    pub fn as_str(&self) -> &str {
        // The jargon analysis reads a word's key dozens of times; validating it each time
        // cost more than the lookups themselves.
        // SAFETY: `new` copies in whole UTF-8 sequences only and cuts off ASCII bytes only,
        // so the first `len` bytes are always valid UTF-8.
        unsafe { std::str::from_utf8_unchecked(&self.buf[..usize::from(self.len)]) }
    }
}

/// Copies `bytes` into `buf` lowercased, eight bytes at a time (four, or one, for a short
/// word), reading and writing overlapping pieces as the lexicon's hash reads them: a byte
/// lowercased twice is unchanged, and no call copies a run of a length known only at run time
/// (`bytes` fit the buffer).
/// The capitals of a piece are found with byte arithmetic (Hacker's Delight, 6-1: a byte's
/// top bit is set by adding the distance from 'A' to 0x80, and left clear by adding that from
/// '[', with no carry out of an ASCII byte). False, with `buf` in any state, when a byte is
/// not ASCII. Inlined into the lookup, where a call cost about a fifth of its 46 instructions.
#[inline]
fn lowercase_ascii(bytes: &[u8], buf: &mut [u8; CAPACITY]) -> bool {
    let len = bytes.len();
    let mut seen = 0;
    let mut piece = |at: usize, width: usize| {
        let text = if width == 8 {
            le_u64(&bytes[at..])
        } else {
            u64::from(le_u32(&bytes[at..]))
        };
        seen |= text;
        buf[at..at + width].copy_from_slice(&lowercase_piece(text).to_le_bytes()[..width]);
    };
    match len {
        0 => {}
        1..=3 => {
            for (to, &from) in buf.iter_mut().zip(bytes) {
                *to = from.to_ascii_lowercase();
                seen |= u64::from(from);
            }
        }
        4..=8 => {
            piece(0, 4);
            piece(len - 4, 4);
        }
        _ => {
            let mut at = 0;
            while at + 8 < len {
                piece(at, 8);
                at += 8;
            }
            piece(len - 8, 8);
        }
    }
    seen & (BYTES * 0x80) == 0
}

/// Eight copies of a byte's weight: `BYTES * b` repeats `b` in each byte of a `u64`.
const BYTES: u64 = 0x0101_0101_0101_0101;

/// The eight ASCII bytes of `text` with their capitals lowercased (see [`lowercase_ascii`]).
fn lowercase_piece(text: u64) -> u64 {
    let from_a = text.wrapping_add(BYTES * (0x80 - u64::from(b'A')));
    let past_z = text.wrapping_add(BYTES * (0x80 - u64::from(b'Z') - 1));
    text | ((from_a & !past_z & (BYTES * 0x80)) >> 2)
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
        assert_eq!(Word::new(&"B".repeat(48)).unwrap().as_str(), "b".repeat(48));
    }

    #[test]
    fn lowercases_every_length_and_byte_as_unicode_does() {
        // The piecewise lowercasing reads overlapping pieces: every length, every ASCII byte
        // at every place, and a byte that is not ASCII anywhere.
        for len in 1..=CAPACITY {
            for at in 0..len {
                for byte in 0..=0x7f_u8 {
                    let mut text = vec![b'Q'; len];
                    text[at] = byte;
                    let text = String::from_utf8(text).unwrap();
                    let mut buf = [0; CAPACITY];
                    assert!(lowercase_ascii(text.as_bytes(), &mut buf));
                    assert_eq!(&buf[..len], text.to_lowercase().as_bytes(), "{text:?}");
                }
                if at + 1 < len {
                    // Two bytes of a word of `len`.
                    let mut text = "q".repeat(len - 2);
                    text.insert(at, '\u{e9}');
                    assert!(
                        !lowercase_ascii(text.as_bytes(), &mut [0; CAPACITY]),
                        "{text:?}"
                    );
                }
            }
        }
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
