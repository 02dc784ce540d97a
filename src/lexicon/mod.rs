//! The lexicon: word lists from `wordlists/`, compiled into the binary by `build.rs` as sorted
//! tables (keys laid end to end plus offsets) found through hash slots. Nothing is parsed at
//! start-up, and no lookup allocates: words are normalised into a fixed buffer on the stack.
//! One table holds every single key a word lookup needs, with its facts (frequency,
//! everyday, substitution, British spelling, phrase start) and those of its base forms, so a
//! listed word costs one probe.
//!
//! What it knows: how frequent a word is ([`zipf`], wordfreq), its American spelling
//! ([`to_us`], VarCon) and back ([`to_gb`]), plainer alternatives for medical terms and wordy
//! words or phrases ([`substitution`]), health words everyone knows ([`is_everyday`]),
//! acronyms readers know ([`is_tolerated_acronym`]), units ([`is_unit`]) and the Dale–Chall
//! familiar words with their regular forms ([`is_familiar_form`]). It does not know
//! where words stand in a document: that is the jargon check's job.

pub mod glossary;
mod word;

pub use word::{lemmas, Word};

/// Words with a Zipf frequency below this are rare: jargon. Calibrated on the Cochrane
/// validation pairs and the MedReadMe train split (see EVALUATION.md): 3.0 is once per
/// million words, and keeps everyday health words such as "dizziness" (3.11) and
/// "constipation" (3.12) out while catching "heterogeneity" (2.76).
pub const RARE_BELOW: f32 = 3.0;
/// Words below this (and not rare) are in the middle band: not flagged, but counted per
/// sentence as words to watch.
pub const MID_BELOW: f32 = 4.0;

/// A frequency band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Common,
    Mid,
    Rare,
}

impl Band {
    /// The band of a Zipf frequency (`None`: not among the 50,000 most frequent words).
    pub fn of(zipf: Option<f32>) -> Band {
        match zipf {
            Some(z) if z >= MID_BELOW => Band::Common,
            Some(z) if z >= RARE_BELOW => Band::Mid,
            _ => Band::Rare,
        }
    }
}

include!("hash.rs");

/// A sorted table of strings: keys laid end to end, `n + 1` little-endian `u32` offsets, and
/// a hash index of slots (key index + 1 in the low 20 bits, 0 for empty; the top 12 bits of
/// the key's hash in the high 12) so a lookup costs one hash and, almost always, one
/// comparison, and a miss reads nothing but slots.
struct Table {
    keys: &'static str,
    idx: &'static [u8],
    slots: &'static [u8],
}

macro_rules! table {
    ($name:literal) => {
        Table {
            keys: include_str!(concat!(env!("OUT_DIR"), "/", $name, ".keys")),
            idx: include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".idx")),
            slots: include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".slots")),
        }
    };
}

impl Table {
    #[cfg(test)]
    fn len(&self) -> usize {
        self.idx.len() / 4 - 1
    }

    /// Key `i`. Inlined, with its two offsets read at once: a word's lookup takes its key
    /// from here, and a call slicing the key through two calls for its offsets cost about as
    /// much as the probe that found it.
    #[inline]
    fn get(&self, i: usize) -> &'static str {
        let (start, end) = self.bounds(i).expect("a key of the table");
        &self.keys[start..end]
    }

    /// The bytes of key `i`: what a probe compares with, read without a call or a check of
    /// UTF-8 boundaries (`None` past the table's end, which a slot never points to).
    #[inline]
    fn key_bytes(&self, i: usize) -> Option<&'static [u8]> {
        let (start, end) = self.bounds(i)?;
        self.keys.as_bytes().get(start..end)
    }

    /// Where key `i` starts and ends in the keys: its two offsets read as one eight-byte piece.
    #[inline]
    fn bounds(&self, i: usize) -> Option<(usize, usize)> {
        let b = self.idx.get(i * 4..i * 4 + 8)?;
        let start = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
        let end = u32::from_le_bytes([b[4], b[5], b[6], b[7]]) as usize;
        Some((start, end))
    }

    /// Slot `i`, read as one little-endian four-byte load: read byte by byte, as an array of
    /// its four bytes was, it took four loads and their shifts at every step of a probe.
    #[inline(always)]
    fn slot(&self, i: usize) -> u32 {
        let bytes: [u8; 4] = self.slots[i * 4..i * 4 + 4].try_into().expect("four bytes");
        u32::from_le_bytes(bytes)
    }

    fn find(&self, key: &str) -> Option<usize> {
        self.find_hashed(&Key::new(key))
    }

    /// [`Table::find`] with the key's hash already worked out. Always inlined (a plain
    /// `#[inline]` left it a call): its call and the registers it saved were about 17 of a
    /// probe's 60 instructions, for some 1,700 probes per report.
    #[inline(always)]
    fn find_hashed(&self, key: &Key) -> Option<usize> {
        let Key { text: key, hash } = *key;
        let key = key.as_bytes();
        let mask = self.slots.len() / 4 - 1;
        let tag = slot_tag(hash);
        let mut slot = hash as usize & mask;
        loop {
            let entry = self.slot(slot);
            let index = (entry & SLOT_INDEX_MASK) as usize;
            if index == 0 {
                return None;
            }
            if entry & !SLOT_INDEX_MASK == tag && self.key_bytes(index - 1) == Some(key) {
                return Some(index - 1);
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// A key and its hash: a word is looked up in several tables (the familiar forms, then the
/// British spellings; the words, then the British spellings), and hashing it once for all of
/// them saves a pass over its bytes per table.
#[derive(Clone, Copy)]
pub struct Key<'a> {
    text: &'a str,
    hash: u64,
}

impl<'a> Key<'a> {
    pub fn new(text: &'a str) -> Key<'a> {
        Key {
            text,
            hash: key_hash(text),
        }
    }

    pub fn as_str(&self) -> &'a str {
        self.text
    }
}

static WORDS: Table = table!("words");
static WORDS_FACTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.facts"));
static GB_US: Table = table!("gb_us");
static GB_US_VALUE: Table = table!("gb_us_value");
static US_GB: Table = table!("us_gb");
static US_GB_VALUE: Table = table!("us_gb_value");
static SUBST: Table = table!("subst");
static SUBST_ALT: Table = table!("subst_alt");
static SUBST_ALT_GB: Table = table!("subst_alt_gb");
const SUBST_SOURCE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/subst.source"));
/// How many substitutions the lexicon lists (one source byte each), known at compile time.
pub const SUBSTITUTIONS: usize = SUBST_SOURCE.len();
static TOLERATED: Table = table!("tolerated");
static UNITS: Table = table!("units");
static FAMILIAR_FORMS: Table = table!("familiar_forms");

/// The most words in a multiword term or phrase of [`substitution`].
pub const MAX_PHRASE_WORDS: usize = 6;

/// What the lexicon lists about one key of [`WORDS`]: the eight bytes build.rs wrote for it
/// (`write_word_facts`), the key's own entries and those it has through its base forms
/// ([`lemmas`]), worked out ahead so that a listed word costs one probe. A reference to an
/// array of eight: as a slice, each fact read (a lookup reads seven) tested the slice's length
/// again.
#[derive(Clone, Copy)]
struct Facts(&'static [u8; 8]);

include!("facts.rs");

impl Facts {
    fn of(key: &Key) -> Option<Facts> {
        WORDS.find_hashed(key).map(Facts::at)
    }

    /// The facts of key `i` of [`WORDS`].
    fn at(i: usize) -> Facts {
        Facts(
            WORDS_FACTS[i * 8..i * 8 + 8]
                .try_into()
                .expect("eight bytes a key"),
        )
    }

    /// Its own Zipf frequency.
    fn zipf(self) -> Option<f32> {
        zipf_scaled(self.0[0])
    }

    /// The Zipf frequency of its first base form that has one.
    fn lemma_zipf(self) -> Option<f32> {
        zipf_scaled(self.0[1])
    }

    fn has(self, flag: u8) -> bool {
        self.0[2] & flag != 0
    }

    /// Its own substitution.
    fn substitution(self) -> Option<Substitution> {
        substitution_at(self.substitution_index())
    }

    /// The index of its own substitution in [`SUBST`] (`NO_SUBST`: none).
    fn substitution_index(self) -> u16 {
        u16::from_le_bytes([self.0[4], self.0[5]])
    }

    /// The index of its own substitution, else that of its first base form that has one.
    fn any_substitution_index(self) -> u16 {
        u16::from_le_bytes([self.0[6], self.0[7]])
    }
}

/// A Zipf frequency × 20 as build.rs stores it (0: not listed).
fn zipf_scaled(scaled: u8) -> Option<f32> {
    (scaled != 0).then(|| f32::from(scaled) / 20.0)
}

/// The Zipf frequency (log10 of occurrences per billion words) of a lowercase word, `None`
/// when it is not among the 50,000 most frequent (Zipf below about 2.55).
pub fn zipf(word: &str) -> Option<f32> {
    Facts::of(&Key::new(word)).and_then(Facts::zipf)
}

/// The American spelling of a lowercase British or variant spelling.
pub fn to_us(word: &Key) -> Option<&'static str> {
    GB_US.find_hashed(word).map(|i| GB_US_VALUE.get(i))
}

/// The British spelling of a lowercase American spelling.
pub fn to_gb(word: &str) -> Option<&'static str> {
    US_GB.find(word).map(|i| US_GB_VALUE.get(i))
}

/// The list a substitution comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubstSource {
    /// `wordlists/health_terms.tsv`: medical terms, including common words in a technical
    /// sense; every entry is jargon.
    HealthTerms,
    /// The CDC Plain Language Thesaurus for Health Communications.
    Cdc,
    /// plainlanguage.gov "Use simple words and phrases".
    PlainLanguage,
    /// retext-simplify's phrases.
    Retext,
}

impl SubstSource {
    /// The name reported as a suggestion's `source`.
    pub fn name(self) -> &'static str {
        match self {
            SubstSource::HealthTerms => "legible health terms",
            SubstSource::Cdc => "CDC Plain Language Thesaurus",
            SubstSource::PlainLanguage => "plainlanguage.gov",
            SubstSource::Retext => "retext-simplify",
        }
    }
}

/// A term or phrase with plainer alternatives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Substitution {
    /// The key: lowercase, American spelling, words separated by one space.
    pub term: &'static str,
    alternatives: &'static str,
    /// The same, each word in British spelling ([`to_gb`]).
    alternatives_gb: &'static str,
    pub source: SubstSource,
    index: u16,
}

impl Substitution {
    /// The alternatives in the list's order (none: explain the term instead).
    pub fn alternatives(&self) -> impl Iterator<Item = &'static str> {
        self.alternatives.split('|').filter(|a| !a.is_empty())
    }

    /// Each alternative with its British spelling (every word made British, as [`to_gb`]
    /// would), worked out by build.rs.
    pub fn alternatives_spelled(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        self.alternatives
            .split('|')
            .zip(self.alternatives_gb.split('|'))
            .filter(|(a, _)| !a.is_empty())
    }

    /// Its place among the [`SUBSTITUTIONS`]: an index for what is kept beside each, such as
    /// the jargon check's suggestions.
    pub fn index(&self) -> usize {
        usize::from(self.index)
    }
}

/// The substitution for a normalised term or phrase (see [`Substitution::term`]).
pub fn substitution(key: &str) -> Option<Substitution> {
    entry(key).and_then(|e| e.substitution())
}

/// What the lexicon lists for one normalised key (a word or words, one space between them),
/// read in one probe: phrase matching asks three questions of each window of words, and
/// one lookup answers all of them.
#[derive(Clone, Copy)]
pub struct Entry(Facts);

impl Entry {
    /// Some multiword term or phrase starts with the key and goes on after it.
    pub fn starts_phrase(self) -> bool {
        self.0.has(PHRASE_START)
    }

    /// The key is an everyday health word or phrase, never jargon.
    pub fn is_everyday(self) -> bool {
        self.0.has(EVERYDAY_OWN)
    }

    /// The key's own substitution (not its base forms').
    pub fn substitution(self) -> Option<Substitution> {
        self.0.substitution()
    }
}

/// The entry of a normalised key, `None` when the lexicon does not list it.
pub fn entry(key: &str) -> Option<Entry> {
    Facts::of(&Key::new(key)).map(Entry)
}

/// The substitution at index `i` of [`SUBST`] (`NO_SUBST`: none).
#[inline]
fn substitution_at(index: u16) -> Option<Substitution> {
    let i = usize::from(index);
    (index != NO_SUBST && i < SUBST_SOURCE.len()).then(|| Substitution {
        term: SUBST.get(i),
        alternatives: SUBST_ALT.get(i),
        alternatives_gb: SUBST_ALT_GB.get(i),
        source: match SUBST_SOURCE[i] {
            0 => SubstSource::HealthTerms,
            1 => SubstSource::Cdc,
            2 => SubstSource::PlainLanguage,
            _ => SubstSource::Retext,
        },
        index,
    })
}

/// Whether some multiword term or phrase (of [`substitution`] or [`is_everyday`]) starts with
/// these normalised words, one space between them, and goes on after them.
pub fn starts_phrase(words: &str) -> bool {
    entry(words).is_some_and(Entry::starts_phrase)
}

/// A health word most readers know (lowercase, American spelling), never jargon.
pub fn is_everyday(word: &str) -> bool {
    entry(word).is_some_and(Entry::is_everyday)
}

/// An acronym readers know without its expansion, as written (`CT`, `MRI`, `GP`, `NHS` …).
pub fn is_tolerated_acronym(word: &str) -> bool {
    TOLERATED.find(word).is_some()
}

/// A unit of measure, as written (`mg`, `mmHg` …).
pub fn is_unit(word: &str) -> bool {
    UNITS.find(word).is_some()
}

/// A word of the Dale–Chall familiar list or a regular form of one, lowercase, without a
/// trailing possessive 's (see `measures::familiar`, whose counting rules build.rs applied).
pub fn is_familiar_form(word: &Key) -> bool {
    FAMILIAR_FORMS.find_hashed(word).is_some()
}

/// What the lexicon says about one word token. Small (24 bytes), and `Copy`: the jargon
/// analysis keeps one per distinct spelling of a document and per thread in a memo, and a key
/// borrowed from the lexicon's tables (or made again from the word where it is read) and a
/// substitution kept as an index spare it a 48-byte buffer, a heap copy of the key and a
/// 56-byte substitution per word.
#[derive(Debug, Clone, Copy)]
pub struct WordInfo {
    /// The lexicon's own key when it lists the word (or its American spelling); see
    /// [`WordInfo::key`].
    key: &'static str,
    /// All the rest, in eight bytes copied whole.
    facts: Brief,
}

/// A word's frequency, substitution and flags: all of a [`WordInfo`] but its key, in eight
/// bytes copied whole between the lookup, a memo and the answer made again from the memo
/// (one flag at a time, a `WordInfo` of six `bool`s cost some 50 instructions a word to make
/// again).
#[derive(Debug, Clone, Copy)]
struct Brief {
    /// [`WordInfo::zipf`], NaN for `None` (no frequency is NaN: they are stored as twentieths).
    zipf: f32,
    /// The index of the substitution for the word or its base form (`NO_SUBST`: none).
    substitution: u16,
    /// The bits below.
    flags: u8,
}

impl Brief {
    const EVERYDAY: u8 = 1;
    const STARTS_PHRASE: u8 = 2;
    const UNIT_LOWERCASE: u8 = 4;
    const LEMMA_ENDS_PHRASE: u8 = 8;
    const FOLLOWS_IN_PHRASE: u8 = 16;
    /// The key is the word itself normalised ([`Word::new`]): the lexicon does not list it.
    const KEY_OF_WORD: u8 = 32;
    /// With `KEY_OF_WORD`: normalising the word left it as it was written (a lowercase word
    /// such as a rare term), so its key is the word itself, borrowed, not made again.
    const KEY_AS_WRITTEN: u8 = 64;
}

/// A word's key (see [`WordInfo::key`]): the lexicon's own text, the word as written, or
/// made on the stack.
pub(crate) enum WordKey<'a> {
    Listed(&'static str),
    Written(&'a str),
    Made(Word),
}

impl WordKey<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            WordKey::Listed(key) => key,
            WordKey::Written(key) => key,
            WordKey::Made(word) => word.as_str(),
        }
    }
}

impl WordInfo {
    /// Lowercase, possessive removed, American spelling: the lexicon's own key when it lists
    /// the word, else made again from `surface`, the word this was looked up for, where it
    /// is read (a word the lexicon does not list kept no copy of its key).
    #[inline]
    pub(crate) fn key<'a>(&self, surface: &'a str) -> WordKey<'a> {
        match self.listed_key() {
            Some(key) => WordKey::Listed(key),
            None if self.has(Brief::KEY_AS_WRITTEN) => WordKey::Written(surface),
            None => self.made_key(surface),
        }
    }

    /// [`WordInfo::key`] for a word the lexicon does not list whose key is not the word as
    /// written (few words), out of line.
    #[inline(never)]
    fn made_key(&self, surface: &str) -> WordKey<'static> {
        // `lookup` made this key from the same text once already, so it is made again.
        WordKey::Made(Word::new(surface).unwrap_or_else(Word::empty))
    }

    /// The key when it is the lexicon's own text, which a caller may borrow for good.
    #[inline]
    pub(crate) fn listed_key(&self) -> Option<&'static str> {
        (!self.has(Brief::KEY_OF_WORD)).then_some(self.key)
    }

    /// The highest frequency of the word, its American spelling and its base form.
    #[inline]
    pub fn zipf(&self) -> Option<f32> {
        let zipf = self.facts.zipf;
        (!zipf.is_nan()).then_some(zipf)
    }

    pub fn band(&self) -> Band {
        Band::of(self.zipf())
    }

    /// The substitution for the word or its base form. Inlined: most words have none, which
    /// a call took longer to say than the test.
    #[inline]
    pub fn substitution(&self) -> Option<Substitution> {
        substitution_at(self.facts.substitution)
    }

    /// The word (or its base form) is an everyday health word.
    #[inline]
    pub fn everyday(&self) -> bool {
        self.has(Brief::EVERYDAY)
    }

    /// Some multiword term or phrase starts with the word (see [`starts_phrase`]).
    #[inline]
    pub fn starts_phrase(&self) -> bool {
        self.has(Brief::STARTS_PHRASE)
    }

    /// Lowercased, the word is a unit of measure: [`is_unit`] may hold for it as written.
    #[inline]
    pub fn unit_lowercase(&self) -> bool {
        self.has(Brief::UNIT_LOWERCASE)
    }

    /// A base form of the word ([`lemmas`]) may end a multiword substitution (always true for
    /// words the lexicon does not list): when false, no phrase ending in the word matches
    /// through its base forms.
    #[inline]
    pub fn lemma_ends_phrase(&self) -> bool {
        self.has(Brief::LEMMA_ENDS_PHRASE)
    }

    /// The word comes after the first word of some multiword term or phrase (always true for
    /// words the lexicon does not list): when false, no window of words ending in it is a
    /// phrase or begins one, and phrase matching need not look it up.
    #[inline]
    pub fn follows_in_phrase(&self) -> bool {
        self.has(Brief::FOLLOWS_IN_PHRASE)
    }

    fn has(&self, flag: u8) -> bool {
        self.facts.flags & flag != 0
    }
}

/// Looks a word token up: lowercased, possessive removed, British spelling made American,
/// then its inflections (plural, -ed, -ing, -ly) tried when the form itself is not listed.
/// A hyphenated compound not listed whole is as frequent as its rarest part. `None` when the
/// word does not fit the buffer.
///
/// The answer is a function of the spelling alone (no language, glossary or accepted term
/// enters it), so a caller that meets the same spellings again may keep it, in its 24 bytes:
/// the jargon analysis keeps it per thread with the rest of what it works out of each
/// spelling.
///
/// A listed word is one probe of [`WORDS`] (two for a British spelling): build.rs tried its
/// inflections already. Only a word not listed tries them here, one probe each.
pub fn lookup(surface: &str) -> Option<WordInfo> {
    let mut lower = Word::empty();
    if !lower.normalise(surface) {
        return None;
    }
    let lower_key = Key::new(lower.as_str());
    let lower_index = WORDS.find_hashed(&lower_key);
    let lower_facts = lower_index.map(Facts::at);
    let british = lower_facts
        .filter(|f| f.has(BRITISH))
        .and_then(|_| to_us(&lower_key))
        .and_then(|us| Some((us, Word::new(us)?)));
    // The key as the entry keeps it, the flag that says how to make it again, and its text.
    let (kept, key_flag, key, facts, zipf_found) = match &british {
        Some((us, key)) if *key != lower => {
            let facts = Facts::of(&Key::new(key.as_str()));
            let zipf = best(
                lower_facts.and_then(Facts::zipf),
                facts.and_then(Facts::zipf),
            );
            // The American spelling as the table has it, a key already (build.rs checks).
            (*us, 0, key.as_str(), facts, zipf)
        }
        _ => {
            let (kept, flag, key) = match lower_index {
                Some(i) => (WORDS.get(i), 0, WORDS.get(i)),
                None if lower.as_str() == surface => (
                    "",
                    Brief::KEY_OF_WORD | Brief::KEY_AS_WRITTEN,
                    lower.as_str(),
                ),
                None => ("", Brief::KEY_OF_WORD, lower.as_str()),
            };
            (
                kept,
                flag,
                key,
                lower_facts,
                lower_facts.and_then(Facts::zipf),
            )
        }
    };
    let (mut zipf_found, everyday, substitution, starts_phrase, lemma_ends_phrase) = match facts {
        Some(f) => (
            zipf_found.or(f.lemma_zipf()),
            f.has(EVERYDAY_ANY),
            f.any_substitution_index(),
            f.has(PHRASE_START),
            f.has(LEMMA_ENDS_PHRASE),
        ),
        None => {
            let (mut zipf_found, mut everyday, mut subst) = (zipf_found, false, NO_SUBST);
            lemmas(key, |lemma| {
                if let Some(f) = Facts::of(&Key::new(lemma)) {
                    zipf_found = zipf_found.or(f.zipf());
                    everyday |= f.has(EVERYDAY_OWN);
                    if subst == NO_SUBST {
                        subst = f.substitution_index();
                    }
                }
                false
            });
            (zipf_found, everyday, subst, false, true)
        }
    };
    if zipf_found.is_none() && key.contains('-') {
        zipf_found = key
            .split('-')
            .filter(|p| !p.is_empty())
            .map(|part| lookup(part).and_then(|i| i.zipf()).unwrap_or(0.0))
            .reduce(f32::min);
    }
    let flag = |set: bool, flag: u8| if set { flag } else { 0 };
    Some(WordInfo {
        key: kept,
        facts: Brief {
            zipf: zipf_found.unwrap_or(f32::NAN),
            substitution,
            flags: key_flag
                | flag(everyday, Brief::EVERYDAY)
                | flag(starts_phrase, Brief::STARTS_PHRASE)
                | flag(
                    lower_facts.is_some_and(|f| f.has(UNIT_LOWERCASE)),
                    Brief::UNIT_LOWERCASE,
                )
                | flag(lemma_ends_phrase, Brief::LEMMA_ENDS_PHRASE)
                | flag(
                    facts.is_none_or(|f| f.has(FOLLOWS_IN_PHRASE)),
                    Brief::FOLLOWS_IN_PHRASE,
                ),
        },
    })
}

fn best(a: Option<f32>, b: Option<f32>) -> Option<f32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_searchable() {
        for table in [&WORDS, &GB_US, &SUBST, &TOLERATED, &UNITS, &FAMILIAR_FORMS] {
            assert!(table.len() > 0);
            for i in 1..table.len() {
                assert!(table.get(i - 1) < table.get(i), "{}", table.get(i));
            }
            for i in 0..table.len() {
                assert_eq!(table.find(table.get(i)), Some(i), "{}", table.get(i));
            }
        }
        assert_eq!(WORDS_FACTS.len(), WORDS.len() * 8);
        assert_eq!(SUBST_SOURCE.len(), SUBST.len());
        assert_eq!(SUBST_ALT_GB.len(), SUBST.len());
        for i in 0..SUBST.len() {
            let british: Vec<String> = SUBST_ALT
                .get(i)
                .split('|')
                .map(|a| {
                    let words: Vec<&str> = a.split(' ').map(|w| to_gb(w).unwrap_or(w)).collect();
                    words.join(" ")
                })
                .collect();
            assert_eq!(SUBST_ALT_GB.get(i), british.join("|"));
        }
        assert!(
            MAX_PHRASE_WORDS
                >= (0..SUBST.len())
                    .map(|i| SUBST.get(i).split(' ').count())
                    .max()
                    .unwrap()
        );
    }

    #[test]
    fn frequencies_and_spelling() {
        assert_eq!(zipf("the"), Some(7.75));
        assert!(zipf("leiomyosarcoma").is_none());
        assert_eq!(to_us(&Key::new("metastasised")), Some("metastasized"));
        assert_eq!(to_us(&Key::new("tumours")), Some("tumors"));
        assert_eq!(to_gb("tumor"), Some("tumour"));
    }

    /// A word's key is the lexicon's own text where it lists the word (or its American
    /// spelling), borrowed for good, and otherwise the word normalised again where it is read:
    /// for listed, British, unlisted, possessive, hyphenated, unit and non-ASCII words alike.
    #[test]
    fn keys_are_listed_or_made_from_the_word() {
        assert_eq!(std::mem::size_of::<Option<WordInfo>>(), 24);
        let keys = [
            ("Metastasised", "metastasized", true),
            ("TUMOURS", "tumors", true),
            ("doctor's", "doctor", true),
            ("doctors\u{2019}", "doctors", true),
            ("Okonkwo", "okonkwo", false),
            ("Okonkwo's", "okonkwo", false),
            ("MG", "mg", true),
            ("mmHg", "mmhg", true),
            ("non-cirrhotic", "non-cirrhotic", false),
            ("colour", "color", true),
            ("\u{c4}rzte", "\u{e4}rzte", false),
            (
                "pharmacologically-active",
                "pharmacologically-active",
                false,
            ),
        ];
        assert!(matches!(
            lookup("non-cirrhotic").unwrap().key("non-cirrhotic"),
            WordKey::Written("non-cirrhotic")
        ));
        assert!(matches!(
            lookup("Okonkwo").unwrap().key("Okonkwo"),
            WordKey::Made(_)
        ));
        for (word, key, listed) in keys {
            let info = lookup(word).expect(word);
            assert_eq!(info.key(word).as_str(), key, "{word}");
            assert_eq!(info.listed_key().is_some(), listed, "{word}");
            assert_eq!(
                matches!(info.key(word), WordKey::Listed(_)),
                listed,
                "{word}"
            );
        }
    }

    #[test]
    fn every_key_is_a_key_of_itself() {
        let words = [
            "metastasised",
            "Tumours",
            "mg",
            "well-known",
            "heterogeneity",
            "in",
            "haematology",
            "ageing",
            "x",
            "'s",
            "\u{2019}",
            "COVID-19",
            "1.5mg",
            "Okonkwo's",
            "\u{c4}rzte",
        ];
        for word in words {
            let Some(info) = lookup(word) else {
                assert!(Word::new(word).is_none(), "{word} has a key but no entry");
                continue;
            };
            let key = info.key(word);
            let again = lookup(key.as_str()).expect("a key has an entry");
            assert_eq!(again.key(key.as_str()).as_str(), key.as_str(), "{word}");
            if let Some(listed) = info.listed_key() {
                assert_eq!(listed, key.as_str(), "{word}");
            }
        }
    }

    #[test]
    fn lookup_normalises_spelling_and_inflection() {
        let info = lookup("Metastasised").unwrap();
        assert_eq!(info.key("Metastasised").as_str(), "metastasized");
        assert_eq!(info.substitution().unwrap().term, "metastasize");
        assert!(lookup("Tumours").unwrap().everyday());
        assert_eq!(
            lookup("doctor's").unwrap().key("doctor's").as_str(),
            "doctor"
        );
        assert_eq!(
            lookup("uterus")
                .unwrap()
                .substitution()
                .unwrap()
                .alternatives()
                .next(),
            Some("womb")
        );
        assert_eq!(
            lookup("uterus").unwrap().substitution().unwrap().source,
            SubstSource::HealthTerms
        );
        assert_eq!(lookup("treatment").unwrap().band(), Band::Common);
        assert_eq!(lookup("heterogeneity").unwrap().band(), Band::Rare);
        assert_eq!(lookup("well-known").unwrap().band(), Band::Common);
        assert_eq!(lookup("non-cirrhotic").unwrap().band(), Band::Rare);
    }

    #[test]
    fn phrases_and_small_lists() {
        assert!(starts_phrase("lymph"));
        assert!(starts_phrase("in order") && !starts_phrase("in order to"));
        assert_eq!(
            substitution("in order to").unwrap().alternatives().next(),
            Some("to")
        );
        assert_eq!(
            substitution("ensure").unwrap().alternatives().next(),
            Some("make sure")
        );
        assert!(is_tolerated_acronym("MRI") && !is_tolerated_acronym("LMS"));
        assert!(is_unit("mg") && is_everyday("constipation"));
    }

    #[test]
    fn a_word_entry_stays_small() {
        // The jargon analysis keeps one per distinct spelling of a document.
        assert!(std::mem::size_of::<WordInfo>() <= 24);
        assert!(matches!(
            lookup("Tumours").unwrap().key("Tumours"),
            WordKey::Listed("tumors")
        ));
        assert!(matches!(
            lookup("Okonkwo").unwrap().key("Okonkwo"),
            WordKey::Made(_)
        ));
    }

    #[test]
    fn every_unit_is_marked_in_the_word_table() {
        // `is_unit` holds only for a unit as listed, so the jargon analysis may skip it for
        // every word whose entry is not marked.
        for i in 0..UNITS.len() {
            let unit = UNITS.get(i);
            assert!(lookup(unit).unwrap().unit_lowercase(), "{unit}");
        }
        assert!(!lookup("patient").unwrap().unit_lowercase());
    }

    #[test]
    fn listed_words_agree_with_their_inflections_tried_at_run_time() {
        // build.rs works out what a listed word's base forms hold; a word not listed tries
        // them here. Both must give what trying them on the word gives.
        for word in [
            "nodes",
            "tumors",
            "biopsies",
            "metastasized",
            "utilized",
            "imaging",
        ] {
            let info = lookup(word).unwrap();
            let mut everyday = is_everyday(word);
            let mut subst = substitution(word);
            let mut lemma_zipf = None;
            lemmas(word, |lemma| {
                everyday |= is_everyday(lemma);
                subst = subst.or(substitution(lemma));
                lemma_zipf = lemma_zipf.or(zipf(lemma));
                false
            });
            assert_eq!(info.everyday(), everyday, "{word}");
            assert_eq!(info.substitution(), subst, "{word}");
            assert_eq!(info.zipf(), zipf(word).or(lemma_zipf), "{word}");
        }
        assert!(lookup("nodes").unwrap().lemma_ends_phrase());
        assert!(!lookup("patients").unwrap().lemma_ends_phrase());
    }

    #[test]
    fn every_word_after_a_phrase_start_is_marked() {
        // Phrase matching looks a window of words up only when its last word is marked: every
        // word after the first of a multiword key must be, and some words must not be.
        for i in 0..SUBST.len() {
            for word in SUBST.get(i).split(' ').skip(1) {
                let marked = Facts::of(&Key::new(word)).is_none_or(|f| f.has(FOLLOWS_IN_PHRASE));
                assert!(marked, "{word} in {}", SUBST.get(i));
            }
        }
        assert!(
            lookup("in").unwrap().follows_in_phrase() && lookup("to").unwrap().follows_in_phrase()
        );
        let unmarked = (0..WORDS.len())
            .filter(|&i| WORDS_FACTS[i * 8 + 2] & FOLLOWS_IN_PHRASE == 0)
            .count();
        assert!(unmarked > WORDS.len() / 2, "{unmarked}");
    }
}
