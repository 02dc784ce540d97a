//! The lexicon: word lists from `wordlists/`, compiled into the binary by `build.rs` as sorted
//! tables (keys laid end to end plus offsets) and searched by bisection. Nothing is parsed at
//! start-up, and no lookup allocates: words are normalised into a fixed buffer on the stack.
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
/// a hash index of slots (key index + 1 in the low 16 bits, 0 for empty; the top 16 bits of
/// the key's hash in the high 16) so a lookup costs one hash and, almost always, one
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

    fn offset(&self, i: usize) -> usize {
        let b = &self.idx[i * 4..i * 4 + 4];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
    }

    fn get(&self, i: usize) -> &'static str {
        &self.keys[self.offset(i)..self.offset(i + 1)]
    }

    fn find(&self, key: &str) -> Option<usize> {
        self.find_hashed(&Key::new(key))
    }

    /// [`Table::find`] with the key's hash already worked out.
    fn find_hashed(&self, key: &Key) -> Option<usize> {
        let Key { text: key, hash } = *key;
        let mask = self.slots.len() / 4 - 1;
        let tag = (hash >> 48) as u32;
        let mut slot = hash as usize & mask;
        loop {
            let b = &self.slots[slot * 4..slot * 4 + 4];
            let entry = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            let index = (entry & 0xFFFF) as usize;
            if index == 0 {
                return None;
            }
            if entry >> 16 == tag && self.get(index - 1) == key {
                return Some(index - 1);
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// A key and its hash: a word is looked up in several tables, and hashing it once for all of
/// them saves a pass over its bytes per table.
#[derive(Clone, Copy)]
struct Key<'a> {
    text: &'a str,
    hash: u64,
}

impl<'a> Key<'a> {
    fn new(text: &'a str) -> Key<'a> {
        Key {
            text,
            hash: key_hash(text),
        }
    }
}

static FREQ: Table = table!("freq");
static FREQ_ZIPF: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/freq.zipf"));
static GB_US: Table = table!("gb_us");
static GB_US_VALUE: Table = table!("gb_us_value");
static US_GB: Table = table!("us_gb");
static US_GB_VALUE: Table = table!("us_gb_value");
static SUBST: Table = table!("subst");
static SUBST_ALT: Table = table!("subst_alt");
static SUBST_SOURCE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/subst.source"));
static PHRASE_PREFIX: Table = table!("phrase_prefix");
static EVERYDAY: Table = table!("everyday");
static TOLERATED: Table = table!("tolerated");
static UNITS: Table = table!("units");
static FAMILIAR_FORMS: Table = table!("familiar_forms");

/// The most words in a multiword term or phrase of [`substitution`].
pub const MAX_PHRASE_WORDS: usize = 6;

/// The Zipf frequency (log10 of occurrences per billion words) of a lowercase word, `None`
/// when it is not among the 50,000 most frequent (Zipf below about 2.55).
pub fn zipf(word: &str) -> Option<f32> {
    zipf_of(&Key::new(word))
}

fn zipf_of(word: &Key) -> Option<f32> {
    FREQ.find_hashed(word)
        .map(|i| f32::from(FREQ_ZIPF[i]) / 20.0)
}

/// The American spelling of a lowercase British or variant spelling.
pub fn to_us(word: &str) -> Option<&'static str> {
    GB_US.find(word).map(|i| GB_US_VALUE.get(i))
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
    pub source: SubstSource,
}

impl Substitution {
    /// The alternatives in the list's order (none: explain the term instead).
    pub fn alternatives(&self) -> impl Iterator<Item = &'static str> {
        self.alternatives.split('|').filter(|a| !a.is_empty())
    }
}

/// The substitution for a normalised term or phrase (see [`Substitution::term`]).
pub fn substitution(key: &str) -> Option<Substitution> {
    substitution_of(&Key::new(key))
}

fn substitution_of(key: &Key) -> Option<Substitution> {
    SUBST.find_hashed(key).map(|i| Substitution {
        term: SUBST.get(i),
        alternatives: SUBST_ALT.get(i),
        source: match SUBST_SOURCE[i] {
            0 => SubstSource::HealthTerms,
            1 => SubstSource::Cdc,
            2 => SubstSource::PlainLanguage,
            _ => SubstSource::Retext,
        },
    })
}

/// Whether some multiword term or phrase (of [`substitution`] or [`is_everyday`]) starts with
/// these normalised words, one space between them, and goes on after them.
pub fn starts_phrase(words: &str) -> bool {
    PHRASE_PREFIX.find(words).is_some()
}

/// A health word most readers know (lowercase, American spelling), never jargon.
pub fn is_everyday(word: &str) -> bool {
    EVERYDAY.find(word).is_some()
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
pub fn is_familiar_form(word: &str) -> bool {
    FAMILIAR_FORMS.find(word).is_some()
}

/// What the lexicon says about one word token.
#[derive(Debug, Clone)]
pub struct WordInfo {
    /// Lowercase, possessive removed, American spelling.
    pub key: Word,
    /// The highest frequency of the word, its American spelling and its base form.
    pub zipf: Option<f32>,
    /// The word (or its base form) is an everyday health word.
    pub everyday: bool,
    /// The substitution for the word or its base form.
    pub substitution: Option<Substitution>,
    /// Some multiword term or phrase starts with the word (see [`starts_phrase`]).
    pub starts_phrase: bool,
}

impl WordInfo {
    pub fn band(&self) -> Band {
        Band::of(self.zipf)
    }
}

/// Looks a word token up: lowercased, possessive removed, British spelling made American,
/// then its inflections (plural, -ed, -ing, -ly) tried when the form itself is not listed.
/// A hyphenated compound not listed whole is as frequent as its rarest part. `None` when the
/// word does not fit the buffer.
pub fn lookup(surface: &str) -> Option<WordInfo> {
    let lower = Word::new(surface)?;
    let key = to_us(lower.as_str())
        .and_then(Word::new)
        .unwrap_or_else(|| lower.clone());
    let hashed = Key::new(key.as_str());
    let mut zipf_found = if key == lower {
        zipf_of(&hashed)
    } else {
        best(zipf(lower.as_str()), zipf_of(&hashed))
    };
    let mut everyday = EVERYDAY.find_hashed(&hashed).is_some();
    let mut subst = substitution_of(&hashed);
    if zipf_found.is_none() || !everyday || subst.is_none() {
        lemmas(key.as_str(), |lemma| {
            let lemma = Key::new(lemma);
            if zipf_found.is_none() {
                zipf_found = zipf_of(&lemma);
            }
            everyday |= EVERYDAY.find_hashed(&lemma).is_some();
            if subst.is_none() {
                subst = substitution_of(&lemma);
            }
            false
        });
    }
    if zipf_found.is_none() && key.as_str().contains('-') {
        zipf_found = key
            .as_str()
            .split('-')
            .filter(|p| !p.is_empty())
            .map(|part| lookup(part).and_then(|i| i.zipf).unwrap_or(0.0))
            .reduce(f32::min);
    }
    Some(WordInfo {
        starts_phrase: PHRASE_PREFIX.find_hashed(&hashed).is_some(),
        key,
        zipf: zipf_found,
        everyday,
        substitution: subst,
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
        for table in [
            &FREQ,
            &GB_US,
            &SUBST,
            &PHRASE_PREFIX,
            &EVERYDAY,
            &TOLERATED,
            &UNITS,
            &FAMILIAR_FORMS,
        ] {
            assert!(table.len() > 0);
            for i in 1..table.len() {
                assert!(table.get(i - 1) < table.get(i), "{}", table.get(i));
            }
        }
        assert_eq!(FREQ_ZIPF.len(), FREQ.len());
        assert_eq!(SUBST_SOURCE.len(), SUBST.len());
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
        assert_eq!(to_us("metastasised"), Some("metastasized"));
        assert_eq!(to_us("tumours"), Some("tumors"));
        assert_eq!(to_gb("tumor"), Some("tumour"));
    }

    #[test]
    fn lookup_normalises_spelling_and_inflection() {
        let info = lookup("Metastasised").unwrap();
        assert_eq!(info.key.as_str(), "metastasized");
        assert_eq!(info.substitution.unwrap().term, "metastasize");
        assert!(lookup("Tumours").unwrap().everyday);
        assert_eq!(lookup("doctor's").unwrap().key.as_str(), "doctor");
        assert_eq!(
            lookup("uterus")
                .unwrap()
                .substitution
                .unwrap()
                .alternatives()
                .next(),
            Some("womb")
        );
        assert_eq!(
            lookup("uterus").unwrap().substitution.unwrap().source,
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
}
