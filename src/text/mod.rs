//! Text engine: sentences within a block, words, syllables. Pure functions of `&str`; the
//! positions they return are byte ranges of the text they were given, which the document layer
//! maps back to the submitted HTML.

pub(crate) mod memo;
pub mod sentences;
pub mod syllables;
pub mod words;

use crate::document::{Block, BlockKind};
use crate::source::{narrow_range, widen_range};
use std::cell::Cell;
use std::ops::Range;
use words::{Token, TokenKind};

/// A sentence of a block, with its tokens.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Index of the block in `Document::blocks`.
    pub block: u32,
    /// Byte range in the block's text.
    pub range: Range<u32>,
    /// The kind of block it came from (a heading or list item is a unit of its own).
    pub kind: BlockKind,
    /// Its tokens' indices in [`Text::tokens`] (see [`Text::tokens_of`]).
    pub tokens: Range<u32>,
    /// Number tokens with a decimal fraction ("0.82", "2.5"; see [`words::is_decimal_figure`]).
    pub decimal_figures: u32,
}

impl Sentence {
    /// The byte range in the block's text, to slice it with.
    pub fn text_range(&self) -> Range<usize> {
        widen_range(&self.range)
    }

    /// Its tokens' indices in [`Text::tokens`].
    fn token_range(&self) -> Range<usize> {
        widen_range(&self.tokens)
    }
}

/// A document's sentences, their tokens and the distinct spellings of their words.
///
/// The tokens of every sentence are in one vector, each sentence holding its range of it: one
/// per sentence cost two allocations a sentence and, on a 1 MB page, 5.9 MB of vectors each
/// reserved for more tokens than it held.
///
/// An article repeats most of its words (the fixture article's 1,604 words have 552 spellings),
/// so what depends on a spelling alone is worked out once, here for the text engine's own facts
/// and by the measures and the jargon analysis for theirs, in vectors indexed like
/// [`Text::spellings`]: each word is hashed once per document, not once per consumer.
#[derive(Debug, Clone, Default)]
pub struct Text<'t> {
    pub sentences: Vec<Sentence>,
    /// The tokens of every sentence in order, with ranges relative to their block's text.
    pub tokens: Vec<Token>,
    /// For each token, the index of its spelling in [`Text::spellings`] (`None` for tokens
    /// that are not words).
    pub token_spellings: Vec<Option<u32>>,
    /// Every distinct spelling (exact, case included) in order of first use.
    pub spellings: Vec<Spelling<'t>>,
}

impl Text<'_> {
    /// The sentences alone, the tokens and spellings freed: what the rules and the sentence
    /// reports read once the measures and the jargon analysis have read the words (on a 1 MB
    /// page the tokens and their spellings are over 5 MB). The sentences, grown by doubling,
    /// lose their spare room too: they are kept until the report is built. They are shrunk
    /// after the tokens are freed, not before, as the shrink may copy them and both copies are
    /// alive meanwhile.
    pub fn into_sentences(mut self) -> Vec<Sentence> {
        let mut sentences = std::mem::take(&mut self.sentences);
        drop(self);
        sentences.shrink_to_fit();
        sentences
    }

    /// The tokens of `sentence`.
    pub fn tokens_of(&self, sentence: &Sentence) -> &[Token] {
        &self.tokens[sentence.token_range()]
    }

    /// For each token of `sentence`, the index of its spelling in [`Text::spellings`].
    pub fn token_spellings_of(&self, sentence: &Sentence) -> &[Option<u32>] {
        &self.token_spellings[sentence.token_range()]
    }
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
    /// The measures' word classes of the spelling (a byte of their own, a function of the
    /// spelling alone), if an earlier document's measures gave them to the thread's table
    /// ([`keep_classes`]): kept with the text engine's facts, they come with the probe
    /// the interner makes anyway instead of a probe of a memo of their own.
    pub(crate) classes: Option<u8>,
}

impl<'t> Spelling<'t> {
    /// The facts of `text`, whose bytes, if it has fewer than eight, the interner has read as
    /// one little-endian number (`short`): they are counted as they are instead of read again.
    fn new(text: &'t str, short: Option<u64>) -> Spelling<'t> {
        let (characters, letters) = match short.and_then(ascii_letters) {
            Some(letters) => (text.len(), letters),
            None => character_counts(text),
        };
        let syllables = match short {
            Some(bytes) => syllables::count_short(text, bytes),
            None => syllables::count(text),
        };
        Spelling {
            text,
            syllables,
            characters: characters as u32,
            letters: letters as u32,
            classes: None,
        }
    }
}

/// A word's characters and, of those, its alphabetic ones: what a spelling records for the
/// formulas that count letters, and what the jargon analysis counts for a word it reads
/// outside the text engine (alt text).
///
/// Nearly every word is ASCII, whose letters are counted eight bytes at a time
/// (`ascii_letters`); a byte beyond ASCII sends the word to the count by characters.
pub fn character_counts(word: &str) -> (usize, usize) {
    let bytes = word.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    let mut letters = 0;
    for chunk in &mut chunks {
        let eight = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        match ascii_letters(eight) {
            Some(n) => letters += n,
            None => return unicode_character_counts(word),
        }
    }
    // The last bytes past the eights, at the bottom of the text's last eight read as one
    // number, rather than gathered one by one.
    let tail = match (chunks.remainder().len(), bytes.last_chunk::<8>()) {
        (rest @ 1.., Some(&last)) => u64::from_le_bytes(last) >> (8 * (8 - rest)),
        _ => le_tail(chunks.remainder()),
    };
    match ascii_letters(tail) {
        Some(n) => (bytes.len(), letters + n),
        None => unicode_character_counts(word),
    }
}

/// [`character_counts`] of a word beyond ASCII, a character at a time.
fn unicode_character_counts(word: &str) -> (usize, usize) {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (word.chars().count(), letters)
}

/// The ASCII letters among eight bytes read as one little-endian number (zero bytes are not
/// letters), or `None` if a byte is beyond ASCII. SWAR ("SIMD within a register", Lamport,
/// "Multiple byte processing with full-word instructions", CACM 18(8), 1975): every byte is
/// folded to lower case by setting bit 5, which maps no other ASCII byte into `a..=z`; adding
/// 0x1f sets a byte's top bit from `a` (0x61) up and adding 0x05 from `{` (0x7b) up, without
/// a carry into the next byte since no byte exceeds 0x7f; a multiplication sums the marks.
#[inline]
fn ascii_letters(eight: u64) -> Option<usize> {
    const EACH: u64 = 0x0101_0101_0101_0101;
    const TOP: u64 = 0x80 * EACH;
    if eight & TOP != 0 {
        return None;
    }
    let lower = eight | (0x20 * EACH);
    let letters = (lower + (0x1f * EACH)) & !(lower + (0x05 * EACH)) & TOP;
    Some(((letters >> 7).wrapping_mul(EACH) >> 56) as usize)
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

/// Distinct spellings an article is expected to hold at most (the fixture article has 552).
const ARTICLE_SPELLINGS: usize = 1024;

/// Splits every block into sentences and tokens, and gathers the words' spellings.
pub fn analyze(blocks: &[Block]) -> Text<'_> {
    // Reference lists and credits are in the article but are not prose to score.
    let prose = || blocks.iter().enumerate().filter(|(_, b)| b.skip.is_none());
    // A word of prose and the space after it take six bytes on average, so the tokens seldom
    // outgrow a fifth of the text's bytes; the spellings and their table are sized for an
    // article, so none of them grows word by word.
    let most_tokens = prose().map(|(_, b)| b.text.len()).sum::<usize>() / 5;
    let mut text = Text {
        // A block of prose has a sentence or more (the article's 82 have 154): one each, so
        // the sentences start past the small sizes doubling would go through.
        sentences: Vec::with_capacity(prose().count()),
        tokens: Vec::with_capacity(most_tokens),
        token_spellings: Vec::with_capacity(most_tokens),
        spellings: Vec::with_capacity(ARTICLE_SPELLINGS),
    };
    let mut known = Interner::with_capacity(ARTICLE_SPELLINGS);
    let mut ranges = Vec::new();
    for (index, block) in prose() {
        sentences::split_into(&block.text, &mut ranges);
        for range in ranges.drain(..) {
            let first = text.tokens.len();
            words::tokens_from_into(&block.text[..range.end], range.start, &mut text.tokens);
            let decimal_figures = known.spell(
                &block.text,
                &text.tokens[first..],
                &mut text.spellings,
                &mut text.token_spellings,
            );
            text.sentences.push(Sentence {
                // Offsets and counts of a text `Source` keeps below 4 GiB.
                block: index as u32,
                range: narrow_range(range),
                kind: block.kind,
                tokens: narrow_range(first..text.tokens.len()),
                decimal_figures,
            });
        }
    }
    known.release();
    text
}

/// The spellings met so far, found by hash: every word of a document is looked up here, so
/// the table is an open-addressing array of [`Slot`]s, each holding a word's key and its index
/// in [`Text::spellings`]. A lookup costs one [`spelling_hash`] of the word and usually one
/// slot and one comparison, a third of what a `HashMap<&str, u32>` with FxHash cost per word
/// here.
///
/// Most words have fewer than eight bytes: such a word is read as one number from the text it
/// stands in (a load of eight bytes, the ones past the word masked off), hashed in one step
/// and compared with its slot's key in one comparison, where it was read a byte at a time for
/// its hash and compared again for its spelling. A word of 8 to 15 bytes is its key too, in
/// two numbers ([`Slot::rest`]); only a longer word is compared with its spelling's text.
///
/// The table is kept between documents on a thread ([`TABLE`]), its slots stamped with the
/// document that wrote them ([`Slot::generation`]) instead of freed: an article's words are
/// mostly the last one's, and the slot of a word of fewer than sixteen bytes from an earlier
/// document keeps its facts (syllables, characters, letters, and the measures' classes once
/// given: [`keep_classes`]), so a new spelling met before costs the probe it makes anyway
/// instead of the syllable memo's probe, the letters' count and the class memo's probe. The
/// slot of a longer word cannot keep its text: an earlier document's slot with the
/// same key is taken over by the word, which works its facts out again. A slot of no document
/// ([`Slot::generation`] 0) is free.
struct Interner {
    slots: Vec<Slot>,
    /// Slots in use, this document's and earlier documents'.
    used: usize,
    /// This document's stamp, different from every earlier document's on the table.
    generation: u32,
    /// 64 less the bits of the slot count: a slot is chosen by the hash's top bits, which
    /// depend on every byte of the word.
    shift: u32,
}

/// A spelling's place in [`Interner::slots`].
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    /// With [`Slot::rest`], the word's key ([`identity`]).
    key: u64,
    rest: u64,
    /// The spelling's index in [`Text::spellings`], if the slot is of this document.
    id: u32,
    /// The document that wrote it ([`Interner::generation`]), 0 for a free slot.
    generation: u32,
    /// The facts of a word of fewer than sixteen bytes (a longer word's are not read).
    syllables: u32,
    characters: u8,
    letters: u8,
    /// [`Spelling::classes`], once the measures gave them ([`keep_classes`]).
    classes: Option<u8>,
}

impl Slot {
    /// The slot of `spelling`, this document's `id`-th, whose key is `key` and `rest`. A word
    /// of fewer than sixteen bytes has fewer than sixteen characters and letters, so its
    /// counts fit in a byte; only such a word's are read.
    fn new(key: u64, rest: u64, id: u32, generation: u32, spelling: &Spelling) -> Slot {
        Slot {
            key,
            rest,
            id,
            generation,
            syllables: spelling.syllables,
            // A longer word's counts may not fit, and are never read: 0 for them.
            characters: u8::try_from(spelling.characters).unwrap_or(0),
            letters: u8::try_from(spelling.letters).unwrap_or(0),
            classes: spelling.classes,
        }
    }
}

/// The top byte of the key of a word of sixteen bytes or more, and its [`Slot::rest`] (the
/// rest of a shorter word is below it).
const LONG: u64 = 0xff << 56;

/// A word of 1 to 7 bytes, given as the little-endian number of its bytes, as one number
/// that no other such word shares: its bytes with its length in the top byte. A word of 8 to
/// 15 bytes keeps its first eight bytes in [`Slot::key`] too; the pair of key and
/// [`Slot::rest`] (0 for these words, never 0 for longer ones) is what no two words share.
#[inline]
fn short_key(len: usize, bytes: u64) -> u64 {
    bytes | (len as u64) << 56
}

/// The [`spelling_hash`] of `word`, of eight bytes or more, and its key ([`Slot::key`] and
/// [`Slot::rest`]): a word of fewer than sixteen bytes is its first eight bytes and the rest
/// with its length in the top byte (so no two words share a key, and the rest is not 0, the
/// rest of a shorter word, nor [`LONG`]); a longer word is its hash and [`LONG`], and is told
/// from another with the same hash by its text.
#[inline]
fn long_identity(word: &[u8]) -> (u64, u64, u64) {
    match (word.first_chunk::<8>(), word.last_chunk::<8>()) {
        (Some(&head), Some(&last)) if word.len() < 16 => {
            let head = u64::from_le_bytes(head);
            // The bytes past the first eight, at the bottom of the last eight read as one
            // number.
            let tail = match word.len() - 8 {
                0 => 0,
                rest => u64::from_le_bytes(last) >> (8 * (8 - rest)),
            };
            let hash = spelling_hash_step(
                spelling_hash_step(spelling_hash_seed(word.len()), head),
                tail,
            );
            (hash, head, short_key(word.len(), tail))
        }
        _ => {
            let hash = spelling_hash(word);
            (hash, hash | LONG, LONG)
        }
    }
}

/// [`spelling_hash`] of `word` and its key (see [`long_identity`] and [`short_key`]).
fn identity(word: &[u8]) -> (u64, u64, u64) {
    if word.len() < 8 {
        (spelling_hash(word), short_key(word.len(), le_tail(word)), 0)
    } else {
        long_identity(word)
    }
}

/// The thread's table between documents.
#[derive(Default)]
struct Table {
    slots: Vec<Slot>,
    used: usize,
    generation: u32,
}

impl Table {
    /// The slot of `word`, if the table holds it and it has fewer than sixteen bytes (a
    /// longer word's slot cannot tell it from another with the same hash).
    fn slot_of(&mut self, word: &[u8]) -> Option<&mut Slot> {
        if word.len() >= 16 || self.slots.is_empty() {
            return None;
        }
        let (hash, key, rest) = identity(word);
        let mask = self.slots.len() - 1;
        let mut i = (hash >> (64 - self.slots.len().trailing_zeros())) as usize;
        loop {
            let slot = &self.slots[i];
            if slot.generation == 0 {
                return None;
            }
            if slot.key == key && slot.rest == rest {
                return Some(&mut self.slots[i]);
            }
            i = (i + 1) & mask;
        }
    }
}

impl Interner {
    /// Room for `spellings` spellings before the table grows (it stays at most half full).
    /// The thread's table is taken if it has that size, else one is made; it is not the
    /// thread's again until [`Interner::release`] (after a panic, the next document makes its
    /// own). A table that earlier documents filled past three eighths is emptied first, so
    /// that a document has room for its own new words.
    fn with_capacity(spellings: usize) -> Interner {
        let size = (spellings * 2).next_power_of_two().max(16);
        let mut table = TABLE.try_with(Cell::take).unwrap_or_default();
        if table.slots.len() != size {
            table = Table {
                slots: vec![Slot::default(); size],
                ..Table::default()
            };
        }
        table.generation = table.generation.wrapping_add(1);
        if table.generation == 0 || table.used * 8 > size * 3 {
            table.slots.fill(Slot::default());
            table.used = 0;
            table.generation = 1;
        }
        Interner {
            slots: table.slots,
            used: table.used,
            generation: table.generation,
            shift: 64 - size.trailing_zeros(),
        }
    }

    /// Leaves the table to the thread's next document, unless a large page grew it past an
    /// article's size, which is not kept.
    fn release(self) {
        if self.slots.len() > (ARTICLE_SPELLINGS * 2).next_power_of_two() {
            return;
        }
        let table = Table {
            slots: self.slots,
            used: self.used,
            generation: self.generation,
        };
        let _ = TABLE.try_with(|kept| kept.set(table));
    }

    /// Pushes the spelling of each of a sentence's `tokens` (cut from `text`) to
    /// `token_spellings`, interning its words; returns the number of its decimal figures.
    ///
    /// Never inlined: inlined into [`analyze`]'s loop over sentences, the loop over tokens
    /// kept the table's and the vectors' fields on the stack, loaded and stored at every
    /// token, for want of registers that the sentence's loop held.
    #[inline(never)]
    fn spell<'t>(
        &mut self,
        text: &'t str,
        tokens: &[Token],
        spellings: &mut Vec<Spelling<'t>>,
        token_spellings: &mut Vec<Option<u32>>,
    ) -> u32 {
        let mut decimal_figures = 0;
        for token in tokens {
            let spelling = match token.kind {
                TokenKind::Word => Some(self.intern(text, token.range.clone(), spellings)),
                TokenKind::Number => {
                    let written = &text[token.range.clone()];
                    decimal_figures += u32::from(words::is_decimal_figure(written));
                    None
                }
                _ => None,
            };
            token_spellings.push(spelling);
        }
        decimal_figures
    }

    /// The index of the word at `range` of `text` in `spellings`, where it is added with its
    /// facts when first met.
    #[inline]
    fn intern<'t>(
        &mut self,
        text: &'t str,
        range: Range<usize>,
        spellings: &mut Vec<Spelling<'t>>,
    ) -> u32 {
        let len = range.len();
        let (hash, key, rest) = if len < 8 {
            let bytes = match text.as_bytes()[range.start..].first_chunk::<8>() {
                Some(&eight) => u64::from_le_bytes(eight) & ((1 << (8 * len)) - 1),
                // Near the end of the text: its bytes one by one.
                None => le_tail(&text.as_bytes()[range.clone()]),
            };
            let hash = spelling_hash_step(spelling_hash_seed(len), bytes);
            (hash, short_key(len, bytes), 0)
        } else {
            long_identity(&text.as_bytes()[range.clone()])
        };
        let mask = self.slots.len() - 1;
        let mut i = (hash >> self.shift) as usize;
        loop {
            let slot = &self.slots[i];
            if slot.key == key && slot.rest == rest {
                // An earlier document's slot of the word (or, for a long word, perhaps of
                // another with the same hash) is taken over: the word was not added in this
                // document, or its search would have ended here or before.
                if slot.generation != self.generation {
                    break;
                }
                if rest < LONG || same_bytes(spellings[slot.id as usize].text, &text[range.clone()])
                {
                    return slot.id;
                }
            } else if slot.generation == 0 {
                break;
            }
            i = (i + 1) & mask;
        }
        let word = &text[range];
        let slot = &mut self.slots[i];
        if slot.generation != 0 && rest < LONG {
            // A word an earlier document met (most of a document's new spellings, and a call
            // of their own cost more than this): its facts as worked out then, and its slot,
            // whose key and facts stand, made this document's.
            let id = spellings.len() as u32;
            spellings.push(Spelling {
                text: word,
                syllables: slot.syllables,
                characters: slot.characters.into(),
                letters: slot.letters.into(),
                classes: slot.classes,
            });
            slot.id = id;
            slot.generation = self.generation;
            return id;
        }
        self.add(key, rest, i, word, spellings)
    }

    /// Adds `word`, whose key is `key` and `rest`, as a new spelling with its facts worked
    /// out, in slot `i`, free or an earlier document's long word with the same key.
    ///
    /// Never inlined: inlined, the set-up of the facts (the word's start and end, its
    /// length's eight-byte part and remainder, the letter count's constants) was hoisted by
    /// the compiler above the probe and paid by every word, found or not, with the registers
    /// it took spilled to the stack.
    #[inline(never)]
    fn add<'t>(
        &mut self,
        key: u64,
        rest: u64,
        i: usize,
        word: &'t str,
        spellings: &mut Vec<Spelling<'t>>,
    ) -> u32 {
        let id = spellings.len() as u32;
        let slot = &mut self.slots[i];
        self.used += usize::from(slot.generation == 0);
        let spelling = Spelling::new(word, (rest == 0).then_some(key & !LONG));
        *slot = Slot::new(key, rest, id, self.generation, &spelling);
        spellings.push(spelling);
        if self.used * 2 > self.slots.len() {
            self.rebuild(spellings);
        }
        id
    }

    /// Moves this document's slots to a new table, twice the size if they fill three eighths
    /// of it (when a page has more distinct words than the table was sized for), else of the
    /// same size (when earlier documents' slots filled it). Three eighths, not less: a
    /// same-size rebuild then leaves an eighth of the table for new words before the next one,
    /// and an article that shares few words with the thread's last one keeps the table at its
    /// kept size instead of doubling it past what [`Interner::release`] keeps.
    fn rebuild(&mut self, spellings: &[Spelling]) {
        let mut size = self.slots.len();
        if spellings.len() * 8 > size * 3 {
            size *= 2;
        }
        self.slots = vec![Slot::default(); size];
        self.used = spellings.len();
        self.shift = 64 - size.trailing_zeros();
        let mask = size - 1;
        for (id, spelling) in spellings.iter().enumerate() {
            let (hash, key, rest) = identity(spelling.text.as_bytes());
            let mut i = (hash >> self.shift) as usize;
            while self.slots[i].generation != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = Slot::new(key, rest, id as u32, self.generation, spelling);
        }
    }
}

/// Gives `spelling`'s word classes, as the measures work them out, to its slot in the thread's
/// table, so that the next document with the word has them in its [`Spelling::classes`]. The
/// slot is found by the word's key, which no other word shares, whichever document's it now
/// is, as the classes depend on the word alone; a word no longer in the table (emptied since,
/// or a page's own table, not kept) and a word of sixteen bytes or more (whose slot is not
/// read for its facts) are left without them.
pub(crate) fn keep_classes(spelling: &Spelling, classes: u8) {
    let _ = TABLE.try_with(|kept| {
        let mut table = kept.take();
        if let Some(slot) = table.slot_of(spelling.text.as_bytes()) {
            slot.classes = Some(classes);
        }
        kept.set(table);
    });
}

thread_local! {
    /// The interner's table between documents (see [`Interner`]).
    static TABLE: Cell<Table> = const {
        Cell::new(Table {
            slots: Vec::new(),
            used: 0,
            generation: 0,
        })
    };
}

/// Whether `a` and `b` are the same bytes, compared eight at a time in place: nearly every
/// comparison is of a word with its own spelling, found by hash, and for words this short a
/// call to `memcmp` cost more than the comparison itself.
#[inline]
fn same_bytes(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let (mut a_words, mut b_words) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |w: &[u8]| u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
    (&mut a_words)
        .zip(&mut b_words)
        .all(|(x, y)| word(x) == word(y))
        && a_words
            .remainder()
            .iter()
            .zip(b_words.remainder())
            .all(|(x, y)| x == y)
}

include!("hash.rs");

#[cfg(test)]
mod tests {
    use super::words::TokenKind;
    use super::{analyze, character_counts, keep_classes, unicode_character_counts};
    use super::{ARTICLE_SPELLINGS, TABLE};
    use crate::document::Document;
    use crate::source::Source;
    use std::cell::Cell;

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
            let block = &document.blocks[sentence.block as usize].text;
            let spelled = text.token_spellings_of(sentence);
            for (token, id) in text.tokens_of(sentence).iter().zip(spelled) {
                // Words have a spelling, other tokens none.
                assert_eq!(id.is_some(), token.kind == TokenKind::Word);
                if let Some(id) = id {
                    assert_eq!(
                        &block[token.range.clone()],
                        text.spellings[*id as usize].text
                    );
                    words += 1;
                }
            }
        }
        assert_eq!(words, 11);
        let facts = |word: &str| {
            let s = text.spellings.iter().find(|s| s.text == word).unwrap();
            (s.syllables, s.characters, s.letters)
        };
        // A short word's letters are counted from the bytes the interner read, a longer
        // word's from its text: both as `character_counts` counts them.
        for spelling in &text.spellings {
            let (characters, letters) = character_counts(spelling.text);
            assert_eq!(
                (spelling.characters, spelling.letters),
                (characters as u32, letters as u32)
            );
        }
        assert_eq!(facts("naïve"), (2, 5, 5));
        assert_eq!(facts("co-op"), (2, 5, 4));
        assert_eq!(facts("times"), (1, 5, 5));
    }

    #[test]
    fn a_word_is_one_spelling_wherever_it_stands() {
        // Short words read eight bytes at a time, and one by one where fewer than eight bytes
        // are left, as the last "ran" and "Go"; long words compared whole.
        let document = Document::from_text(Source::from_text(
            "I ran. Go on. Recognised, recognised. We ran. Go",
        ));
        let text = analyze(&document.blocks);
        let spelled: Vec<&str> = text.spellings.iter().map(|s| s.text).collect();
        assert_eq!(
            spelled,
            ["I", "ran", "Go", "on", "Recognised", "recognised", "We"]
        );
    }

    /// The spellings of `text`'s words, in the order the text engine first met them.
    fn spellings_of(text: &str) -> Vec<String> {
        let document = Document::from_text(Source::from_text(text));
        let text = analyze(&document.blocks);
        text.spellings.iter().map(|s| s.text.into()).collect()
    }

    #[test]
    fn a_thread_table_kept_between_documents_holds_none_of_the_last() {
        // More distinct words than an article's table holds (it grows, and is not kept),
        // then documents on the table kept: each finds only its own words, each once.
        let many: String = (0..3000).map(|n| format!("w{n:x}q ")).collect();
        assert_eq!(spellings_of(&many).len(), 3000);
        for _ in 0..3 {
            assert_eq!(
                spellings_of("The cat sat. The dog sat."),
                ["The", "cat", "sat", "dog"]
            );
            assert_eq!(
                spellings_of("A dog ran. The cat ran."),
                ["A", "dog", "ran", "The", "cat"]
            );
        }
    }

    #[test]
    fn earlier_documents_words_leave_room_for_a_documents_own() {
        // Documents of 600 words each, none of them the last document's: the table fills with
        // the earlier ones' slots, is rebuilt within a document or emptied before one, and
        // every document still finds its own words, each once, in order.
        for round in 0..6 {
            let words: Vec<String> = (0..600)
                .map(|n| format!("{}{n:x}", ["q", "longword"][round % 2]))
                .map(|w| format!("{w}{}", "z".repeat(round)))
                .collect();
            let text = words.join(" ") + " " + &words.join(" ");
            assert_eq!(spellings_of(&text), words);
        }
    }

    #[test]
    fn an_article_after_another_of_other_words_keeps_the_table() {
        let kept_size = || {
            TABLE.with(|kept| {
                let table = kept.take();
                let size = table.slots.len();
                kept.set(table);
                size
            })
        };
        let words = |prefix: &str, count: usize| {
            let words: Vec<String> = (0..count).map(|n| format!("{prefix}{n:x}")).collect();
            words.join(" ")
        };
        TABLE.with(Cell::take);
        analyze(&Document::from_text(Source::from_text(words("a", 500))).blocks);
        let size = kept_size();
        assert_eq!(size, (ARTICLE_SPELLINGS * 2).next_power_of_two());
        // 700 new words on 500 earlier ones: the table is rebuilt within the document, at its
        // own size, and kept for the next.
        let document = Document::from_text(Source::from_text(words("b", 700)));
        assert_eq!(analyze(&document.blocks).spellings.len(), 700);
        assert_eq!(kept_size(), size);
    }

    #[test]
    fn a_word_met_in_an_earlier_document_has_the_facts_it_had() {
        let facts = |text: &str| {
            let document = Document::from_text(Source::from_text(text));
            let text = analyze(&document.blocks);
            let facts: Vec<(String, u32, u32, u32)> = text
                .spellings
                .iter()
                .map(|s| (s.text.into(), s.syllables, s.characters, s.letters))
                .collect();
            facts
        };
        // Short words (ASCII, beyond it, with a hyphen), words of 8 to 15 bytes and longer
        // ones, in documents that share some of them in another order: each spelling as it is
        // first counted.
        let first = "The naïve co-op sat. Recognised players ran quickly away, internationally \
                     responsibilities articles.";
        let second = "Away ran the co-op; naïve players sat, recognised. New articles \
                      internationally responsibilities.";
        let fresh = |word: &str| {
            let (characters, letters) = character_counts(word);
            (
                word.to_string(),
                super::syllables::count(word),
                characters as u32,
                letters as u32,
            )
        };
        for text in [first, second, first, second] {
            let got = facts(text);
            let expected: Vec<_> = got.iter().map(|(word, ..)| fresh(word)).collect();
            assert_eq!(got, expected);
        }
        assert_eq!(
            facts(second)
                .iter()
                .map(|f| f.0.as_str())
                .collect::<Vec<_>>(),
            [
                "Away",
                "ran",
                "the",
                "co-op",
                "naïve",
                "players",
                "sat",
                "recognised",
                "New",
                "articles",
                "internationally",
                "responsibilities"
            ]
        );
    }

    #[test]
    fn classes_kept_for_a_spelling_come_with_the_next_documents_word_and_no_other() {
        let classes = |text: &str| -> Vec<(String, Option<u8>)> {
            let document = Document::from_text(Source::from_text(text));
            let text = analyze(&document.blocks);
            let classes = text.spellings.iter().map(|s| (s.text.into(), s.classes));
            classes.collect()
        };
        let expected = |words: &[(&str, Option<u8>)]| -> Vec<(String, Option<u8>)> {
            words.iter().map(|&(w, c)| (w.into(), c)).collect()
        };
        let first = Document::from_text(Source::from_text("The cat sat."));
        let text = analyze(&first.blocks);
        assert!(text.spellings.iter().all(|s| s.classes.is_none()));
        keep_classes(&text.spellings[1], 7);
        let second = expected(&[("A", None), ("cat", Some(7)), ("ran", None)]);
        assert_eq!(classes("A cat ran."), second);
        // The slot is the second document's now, and still the word's.
        keep_classes(&text.spellings[1], 9);
        keep_classes(&text.spellings[2], 3);
        assert_eq!(
            classes("A cat sat."),
            expected(&[("A", None), ("cat", Some(9)), ("sat", Some(3))])
        );
        // Words enough to have the table emptied before the next document: the words of the
        // first one are no longer there, and no other word is given their classes.
        let many: String = (0..800).map(|n| format!("w{n:x}q ")).collect();
        classes(&many);
        classes("A dog ran.");
        keep_classes(&text.spellings[1], 7);
        let given = classes("A cat ran.")
            .into_iter()
            .filter(|(_, c)| c.is_some());
        assert_eq!(given.count(), 0);
        // A word of sixteen bytes or more is not kept.
        let long = Document::from_text(Source::from_text("Internationally responsibilities."));
        for spelling in &analyze(&long.blocks).spellings {
            keep_classes(spelling, 5);
        }
        assert_eq!(
            classes("Internationally responsibilities."),
            expected(&[("Internationally", Some(5)), ("responsibilities", None)])
        );
    }

    #[test]
    fn ascii_words_count_as_their_characters_do() {
        // Every ASCII byte, at every place of an eight-byte piece and of the short tail.
        for byte in 0..0x80u8 {
            let c = char::from(byte);
            for word in [
                c.to_string(),
                format!("ab{c}"),
                format!("Abcdefg{c}"),
                format!("abcdefgh{c}Z@[`{{"),
            ] {
                assert_eq!(
                    character_counts(&word),
                    unicode_character_counts(&word),
                    "{word:?}"
                );
            }
        }
        assert_eq!(character_counts("Well-known"), (10, 9));
        assert_eq!(character_counts("naïve"), (5, 5));
        assert_eq!(character_counts("phosphatidylcholine’s"), (21, 20));
        assert_eq!(character_counts(""), (0, 0));
    }
}
