//! Per-thread caches of a small answer per word, for questions about a spelling that cost
//! far more than a probe (its syllables, its classes for the measures: Dale–Chall
//! familiarity, Gunning's complex words, a form of "be"; its lexicon entry) and whose answer
//! depends on the spelling alone.
//!
//! Not a per-document table: a document's own spellings are found once each by the text
//! engine's interner. What repeats across documents is the words of the language, and the
//! service reads the same article again at every pause in its author's typing, so answers
//! worked out for one document are kept for the next one on the same thread.
//!
//! [`Memo`] holds words of up to 15 bytes, each with an answer of any small `Copy` type (a
//! byte for the text engine's; the jargon analysis keeps each spelling's record so too, its
//! lexicon entry with it); the syllable counts of words of 16 to 32 bytes have a [`LongMemo`]
//! of their own, and longer words are not remembered. A thread keeps two `Memo`s of a byte
//! (syllables, and the measures' classes: 68 KiB each), one `LongMemo` (8.5 KiB) and the
//! jargon analysis's `Memo` (64 KiB of keys and 4,096 records of 32 bytes: 192 KiB).

/// [`Memo`] remembers words of up to this many bytes less one; [`LongMemo`] longer ones.
const KEY_BYTES: usize = 16;
/// Sets of the memo, by the bits of a hash of the word. With 512 sets of four ways, a set
/// given five of the article's 552 spellings (two or three sets, a dozen words) lost each of
/// them before it came round again, the oldest going first: some 20 words answered again in
/// every document, a syllable count of about 800 instructions each. 1,024 sets (64 KiB of
/// keys for each memo) are given five in about one article in four, and then only one set. Eight
/// ways in 256 sets kept the article's words in 32 KiB but cost more per probe (a word is
/// looked for among twice as many), the text engine 0.6873 M to 0.6821 M instructions where
/// 1,024 sets of four made it 0.6697 M.
const SET_BITS: u32 = 10;
/// Words remembered per set. With one (a direct-mapped cache of 2,048 words) about a quarter of
/// an article's 552 spellings shared a slot with another and, each evicting the other, were
/// answered again in every document; four ways keep nearly all of them.
const WAYS: usize = 4;

/// A word of 1 to 15 bytes as the memo compares it: its bytes, zero-padded, with its length in
/// the last byte (so no two words share a key), as two numbers compared in two steps.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key {
    lo: u64,
    hi: u64,
}

impl Key {
    /// The key of `word`, or `None` for a word too long (or empty) to be remembered. Its
    /// halves are read as whole numbers, overlapping where the word is shorter than they are
    /// (the bytes read twice are the same bytes in the same places), not copied byte by byte
    /// into a zeroed buffer.
    #[inline]
    pub(crate) fn of(word: &str) -> Option<Key> {
        let b = word.as_bytes();
        let len = b.len();
        let (lo, hi) = match len {
            8..KEY_BYTES => (load8(b), load8(&b[len - 8..]) >> 8 >> (8 * (15 - len))),
            4..8 => (load4(b) | load4(&b[len - 4..]) << (8 * (len - 4)), 0),
            1..4 => {
                let (mid, last) = (len / 2, len - 1);
                let byte = |i: usize| u64::from(b[i]) << (8 * i);
                (byte(0) | byte(mid) | byte(last), 0)
            }
            _ => return None,
        };
        Some(Key {
            lo,
            hi: hi | (len as u64) << 56,
        })
    }

    /// The key of a word of 1 to 7 bytes whose bytes the caller has read as the little-endian
    /// number `bytes` (the text engine's interner reads every word so): what [`Key::of`]
    /// makes of them, without reading them again.
    #[inline]
    pub(crate) fn of_short(bytes: u64, len: usize) -> Key {
        debug_assert!((1..8).contains(&len) && bytes >> (8 * len) == 0);
        Key {
            lo: bytes,
            hi: (len as u64) << 56,
        }
    }

    /// The set the word is kept in: the top bits of a Fibonacci hash of both halves (Knuth,
    /// The Art of Computer Programming, vol. 3, 6.4).
    fn set(&self) -> usize {
        ((self.lo ^ self.hi.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SET_BITS))
            as usize
    }
}

/// The first eight bytes of `b` as a little-endian number.
#[inline]
fn load8(b: &[u8]) -> u64 {
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// The first four bytes of `b` as a little-endian number.
#[inline]
fn load4(b: &[u8]) -> u64 {
    u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// A set-associative cache of one answer per word (of one byte by default: 68 KiB): the
/// newest answer of a set first, the oldest forgotten when a fifth word comes.
pub(crate) struct Memo<V: Copy = u8> {
    keys: [[Key; WAYS]; 1 << SET_BITS],
    values: [[V; WAYS]; 1 << SET_BITS],
}

impl Memo {
    /// An empty memo of one byte per word, built at compile time for a `thread_local!`.
    pub(crate) const fn new() -> Memo {
        Memo::blank(0)
    }
}

impl<V: Copy> Memo<V> {
    /// An empty memo (no key has length 0, so the zeroed keys match no word, and `blank`, the
    /// value beside them, is never read), built at compile time for a `thread_local!`.
    pub(crate) const fn blank(blank: V) -> Memo<V> {
        Memo {
            keys: [[Key { lo: 0, hi: 0 }; WAYS]; 1 << SET_BITS],
            values: [[blank; WAYS]; 1 << SET_BITS],
        }
    }

    /// The answer remembered for `key`, if any.
    #[inline]
    pub(crate) fn get(&self, key: &Key) -> Option<V> {
        let set = key.set();
        let way = self.keys[set].iter().position(|k| k == key)?;
        Some(self.values[set][way])
    }

    /// Changes the answer remembered for `key` to `value`, where it stays among its set's
    /// (the newest is not changed); a key not remembered is left so.
    pub(crate) fn replace(&mut self, key: &Key, value: V) {
        let set = key.set();
        if let Some(way) = self.keys[set].iter().position(|k| k == key) {
            self.values[set][way] = value;
        }
    }

    /// Remembers `value` for `key`, which must not be remembered already. The set's words
    /// move down one way each, the oldest falling off: a copy per way, where `rotate_right`
    /// on answers wider than a byte became a call with a `memcpy` (about 30 instructions a
    /// word, 0.1 M for a thread's first article).
    pub(crate) fn put(&mut self, key: Key, value: V) {
        let set = key.set();
        let (keys, values) = (&mut self.keys[set], &mut self.values[set]);
        for way in (1..WAYS).rev() {
            keys[way] = keys[way - 1];
            values[way] = values[way - 1];
        }
        keys[0] = key;
        values[0] = value;
    }
}

/// Longest word [`LongMemo`] remembers, in bytes.
pub(crate) const LONG_BYTES: usize = 32;
/// Slots of [`LongMemo`], by the top bits of the word's hash.
const LONG_SLOTS: usize = 256;

/// The memo of the words of 16 to 32 bytes, which [`Key`] cannot hold: an article has a few
/// dozen ("phosphatidylcholine’s", "pharmacologically"), each answered again in every
/// document without it, and the long words' answers (the syllable rules' longest walks)
/// cost the most. Direct-mapped by the word's hash, each slot the word zero-padded with its
/// length: a word of its own for the long ones leaves the short words' keys as they are (a
/// wider key for every word, measured, cost the short ones more than the long ones saved).
pub(crate) struct LongMemo {
    words: [[u8; LONG_BYTES]; LONG_SLOTS],
    lens: [u8; LONG_SLOTS],
    values: [u8; LONG_SLOTS],
}

impl LongMemo {
    pub(crate) const fn new() -> LongMemo {
        LongMemo {
            words: [[0; LONG_BYTES]; LONG_SLOTS],
            lens: [0; LONG_SLOTS],
            values: [0; LONG_SLOTS],
        }
    }

    /// The slot of `word` (of [`KEY_BYTES`] to [`LONG_BYTES`] bytes) whose hash is `hash`, and
    /// the word zero-padded as the slot holds it; none for a word too long to hold.
    fn slot(word: &[u8], hash: u64) -> Option<(usize, [u8; LONG_BYTES])> {
        let mut padded = [0; LONG_BYTES];
        padded.get_mut(..word.len())?.copy_from_slice(word);
        Some((
            (hash >> (64 - LONG_SLOTS.trailing_zeros())) as usize,
            padded,
        ))
    }

    /// The answer kept for `word`, whose hash is `hash`.
    #[inline]
    pub(crate) fn get(&self, word: &[u8], hash: u64) -> Option<u8> {
        let (i, padded) = LongMemo::slot(word, hash)?;
        (usize::from(self.lens[i]) == word.len() && self.words[i] == padded)
            .then_some(self.values[i])
    }

    /// Keeps `value` for `word`, in place of the word that had its slot; a word longer than
    /// [`LONG_BYTES`] is not kept.
    pub(crate) fn put(&mut self, word: &[u8], hash: u64, value: u8) {
        if let Some((i, padded)) = LongMemo::slot(word, hash) {
            self.words[i] = padded;
            self.lens[i] = word.len() as u8;
            self.values[i] = value;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Key, LongMemo, Memo, WAYS};

    #[test]
    fn long_words_are_kept_whole_and_apart() {
        let mut memo = LongMemo::new();
        let word = b"pharmacologically-active".as_slice();
        assert_eq!(memo.get(word, 7 << 56), None);
        memo.put(word, 7 << 56, 9);
        assert_eq!(memo.get(word, 7 << 56), Some(9));
        // The same slot (the hash's top bits) holds one word: another of the same length or
        // a prefix is not taken for it, and replaces it when kept.
        let other = b"pharmacologically-activE".as_slice();
        assert_eq!(memo.get(other, 7 << 56), None);
        assert_eq!(memo.get(&word[..20], 7 << 56), None);
        memo.put(other, 7 << 56, 3);
        assert_eq!(memo.get(other, 7 << 56), Some(3));
        assert_eq!(memo.get(word, 7 << 56), None);
        let longest = [b'a'; super::LONG_BYTES];
        memo.put(&longest, 1 << 63, 12);
        assert_eq!(memo.get(&longest, 1 << 63), Some(12));
        // A word too long to hold is neither kept nor found, and leaves the slot as it was.
        let too_long = [b'a'; super::LONG_BYTES + 1];
        memo.put(&too_long, 1 << 63, 5);
        assert_eq!(memo.get(&too_long, 1 << 63), None);
        assert_eq!(memo.get(&longest, 1 << 63), Some(12));
    }

    #[test]
    fn a_key_is_the_word_zero_padded_with_its_length_last() {
        let word = "abcdefghijklmno";
        for len in 1..16 {
            let mut padded = [0u8; 16];
            padded[..len].copy_from_slice(&word.as_bytes()[..len]);
            padded[15] = len as u8;
            let key = Key::of(&word[..len]).unwrap();
            assert_eq!(key.lo.to_le_bytes(), padded[..8], "{len}");
            assert_eq!(key.hi.to_le_bytes(), padded[8..], "{len}");
            if len < 8 {
                let bytes = u64::from_le_bytes(padded[..8].try_into().unwrap());
                assert!(Key::of_short(bytes, len) == key, "{len}");
            }
        }
    }

    #[test]
    fn words_are_kept_apart_and_the_oldest_of_a_set_is_forgotten() {
        let mut memo = Memo::new();
        assert!(Key::of("").is_none());
        assert!(Key::of("sixteen-letters!").is_none());
        let key = |w: &str| Key::of(w).unwrap();
        // A word and its zero-padded neighbours are different keys.
        memo.put(key("ab"), 1);
        assert_eq!(memo.get(&key("ab")), Some(1));
        assert_eq!(memo.get(&key("ab\0")), None);
        assert_eq!(memo.get(&key("a")), None);
        // A word more than a set holds: the first is forgotten, the others kept.
        let set = key("ab").set();
        let same_set: Vec<String> = (0..)
            .map(|n| format!("w{n}"))
            .filter(|w| key(w).set() == set)
            .take(WAYS + 1)
            .collect();
        for (value, word) in same_set.iter().enumerate() {
            memo.put(key(word), value as u8 + 10);
        }
        assert_eq!(memo.get(&key("ab")), None);
        assert_eq!(memo.get(&key(&same_set[0])), None);
        for (value, word) in same_set.iter().enumerate().skip(1) {
            assert_eq!(memo.get(&key(word)), Some(value as u8 + 10));
        }
    }
}
