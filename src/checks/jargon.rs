//! Jargon rules: medical and rare words, undefined acronyms, wordy words and phrases, each
//! with plainer alternatives from the lists in [`crate::lexicon`]. PEMAT (the Patient
//! Education Materials Assessment Tool) item 4 asks that medical terms be used only to
//! familiarise the reader and be defined when first used; WCAG 3.1.3 (Unusual Words) and
//! 3.1.4 (Abbreviations) ask for a way to learn what unusual words and abbreviations mean.
//!
//! [`analyze`] reads the sentences once, before the rules run: it finds every jargon term,
//! acronym and wordy phrase, decides which are defined and where, and counts jargon per
//! sentence ([`SentenceJargon`]) for the readability measures. The rules only report it.
//!
//! A word is jargon when, after British spelling is made American and inflections are
//! removed, it is a medical term ([`SubstSource::HealthTerms`], or a CDC thesaurus entry that
//! is not a common word), or it is rare (Zipf below [`lexicon::RARE_BELOW`]). Never jargon:
//! numbers, units, everyday health words, tolerated acronyms, capitalised words inside a
//! sentence (proper names) and words of fewer than three letters.
//!
//! A term is defined (PEMAT item 4) by a parenthetical gloss right after it ("metastasised
//! (spread to other parts of the body)"), an appositive ("X, a …", "X, which is …", "X –
//! …"), a sentence that starts with it and says what it is ("X is a …", "X means …"), a
//! preceding "called" or "known as", plain words followed by it in brackets ("womb
//! (uterus)"), `<dfn>`, or a link to a glossary. An acronym is defined by "Expansion (ABBR)",
//! "ABBR (expansion)" or `<abbr title>`. Uses before the definition are undefined; the
//! definition and later uses are defined.

use super::{Category, Context, Hit, Message, Rule, Severity};
use crate::document::{Block, Document, InlineKind};
use crate::lexicon::glossary::{Entry, Glossary};
use crate::lexicon::{self, Band, SubstSource, Substitution, WordInfo};
use crate::report::{Suggestion, Suggestions};
use crate::source::{narrow_range, widen_range, Span};
use crate::text::memo;
use crate::text::words::{Token, TokenKind};
use crate::text::{self, Sentence, Text};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::OnceLock;

/// Suggestions offered per finding, at most.
const MAX_SUGGESTIONS: usize = 3;
/// The lexical load of a word is how far its Zipf frequency falls below this.
const LOAD_CEILING: f32 = 5.0;
/// The Zipf frequency a word outside the frequency list counts as.
const LOAD_UNLISTED_ZIPF: f32 = 2.0;
/// CDC thesaurus entries are jargon below this Zipf frequency; the thesaurus also lists
/// everyday words ("assess", "conclude") that are not medical terms.
const CDC_TERM_BELOW: f32 = 3.5;
/// plainlanguage.gov swaps are offered for words rarer than this Zipf frequency only: its
/// entries for the commonest words ("said, some, such") are about legal usage.
const PLAIN_WORD_BELOW: f32 = 5.5;

pub(super) const JARGON_TERM: Rule = Rule {
    id: "jargon-term",
    title: "Medical term or rare word not explained",
    category: Category::Jargon,
    severity: Severity::Warning,
    wcag: &["3.1.3"],
    act: &[],
    help: "Use the everyday word when there is one (\"womb\", not \"uterus\"). When the medical \
           term is needed, explain it the first time you use it: \"metastasised (spread to \
           other parts of the body)\". Guidance: PEMAT item 4 (medical terms are used only to \
           familiarise the audience, and are defined when first used); CDC Plain Language \
           Thesaurus; plainlanguage.gov.",
    check: jargon_term,
};

pub(super) const JARGON_TERM_DEFINED: Rule = Rule {
    id: "jargon-term-defined",
    title: "Medical term, explained in the text",
    category: Category::Jargon,
    severity: Severity::Info,
    wcag: &["3.1.3"],
    act: &[],
    help: "The term is explained where it is first used, as PEMAT item 4 asks. A plainer word \
           may still serve readers better; keep the term only if they need to learn it.",
    check: jargon_term_defined,
};

pub(super) const ACRONYM_UNDEFINED: Rule = Rule {
    id: "acronym-undefined",
    title: "Acronym not spelled out",
    category: Category::Jargon,
    severity: Severity::Warning,
    wcag: &["3.1.4"],
    act: &[],
    help: "Spell an acronym out the first time you use it: \"leiomyosarcoma (LMS)\", or mark it \
           up as <abbr title=\"…\">. Acronyms most readers know (CT, MRI, GP, NHS …) are \
           left alone. Guidance: PEMAT item 4; plainlanguage.gov (\"minimize abbreviations\").",
    check: acronym_undefined,
};

pub(super) const PLAIN_WORD: Rule = Rule {
    id: "plain-word",
    title: "A plainer word exists",
    category: Category::Jargon,
    severity: Severity::Info,
    wcag: &[],
    act: &[],
    help: "Prefer the everyday word: \"make sure\" for \"ensure\", \"use\" for \"utilize\". \
           Guidance: plainlanguage.gov, \"Use simple words and phrases\"; CDC Plain Language \
           Thesaurus.",
    check: plain_word,
};

pub(super) const WORDY_PHRASE: Rule = Rule {
    id: "wordy-phrase",
    title: "Wordy phrase",
    category: Category::Jargon,
    severity: Severity::Warning,
    wcag: &[],
    act: &[],
    help: "Say it in fewer words: \"to\" for \"in order to\", \"before\" for \"prior to\". \
           Guidance: plainlanguage.gov, \"Use simple words and phrases\"; retext-simplify.",
    check: wordy_phrase,
};

/// What an occurrence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A medical term or rare word: jargon.
    Term,
    /// An acronym that is not tolerated: jargon.
    Acronym,
    /// A word with a plainer alternative, not jargon.
    PlainWord,
    /// A multiword phrase with a shorter alternative, not jargon.
    WordyPhrase,
}

/// Why a term is jargon, as reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TermBand {
    /// In a medical list (a common word may be one in its technical sense).
    Medical,
    /// Rare in general English.
    Rare,
    /// An acronym.
    Acronym,
}

/// One place a term, acronym or phrase is used.
#[derive(Debug, Clone)]
///
/// Its indexes and offsets are `u32` (a `Source` is shorter than 4 GiB) and its texts boxed
/// without spare room: a 1 MB page has over 10,000 occurrences, whose vector, grown by
/// doubling while the text engine's tokens are alive, was the analysis' peak. Its key
/// borrows the lexicon's own text when the lexicon lists it (most occurrences): a key of its
/// own was an allocation and a free per occurrence, 8 bytes more in the record spare them.
pub struct Occurrence {
    /// Index into the analysed sentences.
    pub sentence: u32,
    pub block: u32,
    /// Byte range in the block's text.
    pub range: Range<u32>,
    /// Where it is in the source, worked out once for the rules' hits and the report's uses.
    pub span: Span,
    /// Word tokens it covers.
    pub words: u32,
    pub kind: Kind,
    pub band: TermBand,
    /// Normalised form: lowercase, American spelling (acronyms as written, without a plural s).
    pub key: Cow<'static, str>,
    pub substitution: Option<Substitution>,
    /// The deployment glossary's alternative, offered first.
    pub house: Option<Box<str>>,
    /// The term is defined here or before.
    pub defined: bool,
    /// Where it is defined, if it is: an index into [`Analysis::definitions`] (a span per
    /// occurrence would hold the same few spans again at 72 bytes each).
    pub definition: Option<u32>,
}

impl Occurrence {
    /// The byte range in the block's text, to slice it with.
    pub fn text_range(&self) -> Range<usize> {
        widen_range(&self.range)
    }
}

/// Jargon counts of one sentence, for the readability measures.
#[derive(Debug, Clone, Copy, Default, PartialEq, utoipa::ToSchema)]
pub struct SentenceJargon {
    /// Word tokens of the sentence.
    pub words: u32,
    /// Word tokens inside jargon terms and acronyms.
    pub jargon: u32,
    /// Of those, tokens of terms not defined at that point.
    pub undefined: u32,
    /// Acronyms (included in `jargon`).
    pub acronyms: u32,
    /// Words of middle frequency (Zipf 3–4) that are not jargon: words to watch.
    pub watch: u32,
    /// Lexical load: the sum over words of how far each falls below Zipf 5 (words outside the
    /// frequency list count as Zipf 2; everyday health words, names and units as 0). A graded
    /// form of the rare-word count, for the readability measures.
    pub load: f32,
}

/// A sentence's jargon counts' JSON member names, in order: the one list for its `Serialize`
/// impl and for the service's JSON writer, which recognises them by address (see
/// [`crate::source::SPAN_FIELDS`]).
pub static SENTENCE_JARGON_FIELDS: [&str; 6] =
    ["words", "jargon", "undefined", "acronyms", "watch", "load"];

/// A sentence's counts are a newtype named `SentenceJargon` around the object a derived impl
/// writes, as a span is (see `Span`'s `Serialize`): JSON writers look through the newtype,
/// and the service's writer takes the six numbers in one call (a report holds one object of
/// them per sentence).
impl Serialize for SentenceJargon {
    #[inline]
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct("SentenceJargon", &SentenceJargonMembers(self))
    }
}

/// The object inside [`SentenceJargon`]'s newtype, under [`SENTENCE_JARGON_FIELDS`].
struct SentenceJargonMembers<'a>(&'a SentenceJargon);

impl Serialize for SentenceJargonMembers<'_> {
    #[inline]
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let counts = self.0;
        let [words, jargon, undefined, acronyms, watch, load] = SENTENCE_JARGON_FIELDS;
        let mut members = serializer.serialize_struct("SentenceJargon", 6)?;
        members.serialize_field(words, &counts.words)?;
        members.serialize_field(jargon, &counts.jargon)?;
        members.serialize_field(undefined, &counts.undefined)?;
        members.serialize_field(acronyms, &counts.acronyms)?;
        members.serialize_field(watch, &counts.watch)?;
        members.serialize_field(load, &counts.load)?;
        members.end()
    }
}

/// Everything the jargon rules and the report need, computed once per document.
#[derive(Debug, Default)]
pub struct Analysis {
    /// In document order.
    pub occurrences: Vec<Occurrence>,
    /// One per analysed sentence, in the same order.
    pub sentences: Vec<SentenceJargon>,
    /// Where each defined term is defined, in the order the definitions are found.
    pub definitions: Vec<Span>,
    /// Suggestions use British spelling.
    pub british: bool,
}

/// Finds the jargon of a document. `language` (e.g. `en-GB`) decides the spelling of
/// suggestions when the document does not say.
pub fn analyze(document: &Document, text: &Text, options: &crate::Options) -> Analysis {
    let sentences = &text.sentences;
    let language = options.language.as_deref();
    let glossary = options.glossary.as_deref();
    let allowed = Allowed::new(&options.allow_terms, glossary);
    let language = document.language.as_deref().or(language).unwrap_or("en");
    let british = ["en-gb", "en-uk", "en-ie", "en-au", "en-nz"]
        .iter()
        .any(|l| language.to_ascii_lowercase().starts_with(l));
    // An article repeats most of its words: look each distinct spelling up once.
    let spellings = Spelling::all_of(&text.spellings);
    let mut analysis = Analysis {
        british,
        sentences: Vec::with_capacity(sentences.len()),
        // Twice the spellings not plain: a document whose terms are used again (a health
        // article's 112 occurrences) outgrew their count once, its vector reallocated and
        // copied to twice the room; given that room at once, it is never more than the growth
        // would reach wherever the occurrences outnumber those spellings (the reallocation
        // held both vectors at once).
        occurrences: Vec::with_capacity(2 * Spelling::not_plain(&spellings)),
        ..Analysis::default()
    };
    // Room for the keys of most phrase windows, which grew it three times a document.
    let mut key_buf = String::with_capacity(64);
    for (index, sentence) in sentences.iter().enumerate() {
        let words = Words {
            document,
            sentence,
            text: &document.blocks[sentence.block as usize].text,
            spellings: &spellings,
            tokens: text.tokens_of(sentence),
            token_spellings: text.token_spellings_of(sentence),
        };
        let counts = scan_sentence(
            index,
            &words,
            (&allowed, glossary),
            &mut key_buf,
            &mut analysis.occurrences,
        );
        analysis.sentences.push(counts);
    }
    analysis.definitions = mark_definitions(document, sentences, &mut analysis.occurrences);
    for occurrence in &analysis.occurrences {
        if matches!(occurrence.kind, Kind::Term | Kind::Acronym) && !occurrence.defined {
            analysis.sentences[occurrence.sentence as usize].undefined += occurrence.words;
        }
    }
    analysis
}

/// The terms an editor accepted for this request, lowercased, each also in its dictionary
/// form (American spelling, singular), so "tumours" is allowed by "tumour".
struct Allowed(Vec<String>);

impl Allowed {
    /// The request's accepted terms and the glossary's `ok` ones.
    fn new(terms: &[String], glossary: Option<&Glossary>) -> Allowed {
        let known = glossary.into_iter().flat_map(Glossary::known_terms);
        let mut keys = Vec::new();
        for term in terms.iter().map(String::as_str).chain(known) {
            keys.push(term.to_lowercase());
            if let Some(info) = lexicon::lookup(term) {
                keys.push(info.key(term).as_str().to_lowercase());
            }
        }
        Allowed(keys)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Is an occurrence, as written or by its key, one of the accepted terms?
    fn contains(&self, surface: &str, key: &str) -> bool {
        !self.is_empty()
            && self
                .0
                .iter()
                .any(|t| t.eq_ignore_ascii_case(surface) || t.eq_ignore_ascii_case(key))
    }
}

/// What the jargon analysis knows of one spelling, whatever its place in a sentence. Aligned
/// to 64 bytes (it holds 55): the sentence scan finds a word's record by its index three
/// times a word, and a power of two is one shift where 48 was two instructions.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Spelling<'t> {
    /// The spelling.
    surface: &'t str,
    /// The lexicon's entry (`None`: too long for the lexicon's buffer).
    info: Option<WordInfo>,
    /// Its tests, as the bits below, which the memo ([`Known`]) keeps as they are. The
    /// sentence scan reads a word's use by them and its load alone, most words being plain
    /// wherever they stand (see [`scan_sentence`]).
    flags: u16,
    /// Its lexical load (see [`SentenceJargon::load`]) where it counts.
    load: f32,
    /// What a use of it, plain where it stands, adds to its sentence's load inside the
    /// sentence and as its first word (see [`Spelling::plain_load`]): made with the record,
    /// not tested at each of the plain words, most of a text.
    plain_loads: [f32; 2],
    /// Its [`classify`] class in a sentence not all in capitals, where it is found there.
    found: Found,
}

impl<'t> Spelling<'t> {
    /// A unit of measure ("mg"): never jargon.
    const UNIT: u16 = 1;
    /// Its acronym is one readers know without an expansion.
    const PLAIN_ACRONYM: u16 = 2;
    /// Fewer than three letters, or a digit: never jargon.
    const SHORT_OR_DIGIT: u16 = 4;
    /// Begins with a capital.
    const UPPER: u16 = 8;
    /// Has a lowercase letter.
    const LOWER: u16 = 16;
    /// More than three characters (title case and shouting are judged on these).
    const LONG: u16 = 32;
    /// Plain wherever it stands in a sentence not all in capitals (its [`classify`] class
    /// there): worked out once with the rest of the record and kept in the memo with it, so
    /// that the sentence scan classifies only the uses that are not plain, not every spelling.
    const PLAIN: u16 = 64;
    /// Some multiword term or phrase starts with it ([`WordInfo::starts_phrase`]).
    const PHRASE: u16 = 128;
    /// A phrase may go on with it after a word that begins one: it follows some phrase's first
    /// word, or a base form of it ends one ([`WordInfo::follows_in_phrase`],
    /// [`WordInfo::lemma_ends_phrase`]). Without it, [`match_phrase`] finds nothing.
    const GOES_ON: u16 = 256;
    /// A plain use of it adds its load where it counts: it is not an everyday word, and the
    /// lexicon holds it (see [`counts_load`]).
    const PLAIN_LOAD: u16 = 512;
    /// A word to watch wherever it stands in a sentence not all in capitals, unless it is taken
    /// as a name there (its [`classify`] class, as `PLAIN`'s).
    const WATCH: u16 = 1024;
    /// The spelling is an acronym ([`acronym`]) as it is written.
    const ACRONYM: u16 = 2048;
    /// The spelling less its last byte, a plural "s", is an acronym.
    const ACRONYM_PLURAL: u16 = 4096;

    fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    /// Its acronym (see [`acronym`]), told by its flags: the spelling, or the spelling less a
    /// plural "s".
    fn acronym(&self) -> Option<&'t str> {
        if self.has(Spelling::ACRONYM) {
            Some(self.surface)
        } else if self.has(Spelling::ACRONYM_PLURAL) {
            self.surface.get(..self.surface.len() - 1)
        } else {
            None
        }
    }

    /// Its [`classify`] class in a sentence not all in capitals, made from the record where
    /// it was worked out once, not worked out again for each use.
    fn class(&self) -> Class<'_> {
        if self.has(Spelling::PLAIN) {
            Class::Plain
        } else if self.has(Spelling::WATCH) {
            Class::Watch
        } else {
            self.found.class(self)
        }
    }

    /// What a use of this spelling, plain where it stands, adds to its sentence's load: its
    /// load, or none (0, which leaves any load as it was: loads are never negative) where it
    /// does not count, a capitalised word inside the sentence being a name.
    #[inline]
    fn plain_load(&self, sentence_start: bool) -> f32 {
        self.plain_loads[usize::from(sentence_start)]
    }

    /// The record with its [`Spelling::plain_loads`] made from its flags and load.
    #[inline]
    fn with_plain_loads(mut self) -> Spelling<'t> {
        let counts = self.has(Spelling::PLAIN_LOAD);
        let load = |set: bool| if set { self.load } else { 0.0 };
        self.plain_loads = [load(counts && !self.has(Spelling::UPPER)), load(counts)];
        self
    }

    /// The spellings of the text engine, which has counted their characters and letters
    /// already, in its order. [`KNOWN`] is reached and borrowed once for them all, not once a
    /// spelling (the thread-local access and the borrow's flag, some 12 instructions each).
    fn all_of(spellings: &[text::Spelling<'t>]) -> Vec<Spelling<'t>> {
        KNOWN.with(|known| {
            let known = &mut known.borrow_mut();
            spellings
                .iter()
                .map(|s| {
                    Spelling::counted_in(known, s.text, s.characters as usize, s.letters as usize)
                })
                .collect()
        })
    }

    /// How many of `spellings` are not plain wherever they stand: what the occurrences'
    /// first room is reckoned by, where the vector grown from nothing was reallocated and
    /// copied six times for a health article's occurrences (most of them uses of these
    /// spellings, a few phrases). Bounded by the distinct spellings, not by the words.
    fn not_plain(spellings: &[Spelling]) -> usize {
        spellings.iter().filter(|s| !s.has(Spelling::PLAIN)).count()
    }

    /// A word the text engine did not read (in alt text), its characters and letters
    /// counted as the text engine counts them.
    fn of_word(surface: &'t str) -> Spelling<'t> {
        let (characters, letters) = crate::text::character_counts(surface);
        Spelling::counted(surface, characters, letters)
    }

    /// A spelling of `characters` characters, `letters` of them letters (which the spelling
    /// decides too). A spelling of up to 15 bytes the thread has met is copied from
    /// [`KNOWN`]: every part of the record is a function of the spelling alone, so an article
    /// the thread reads again, or one of the same language, costs a probe a spelling instead
    /// of the lexicon's lookup, the acronym test and the letter and case scans.
    fn counted(surface: &'t str, characters: usize, letters: usize) -> Spelling<'t> {
        KNOWN.with(|known| {
            Spelling::counted_in(&mut known.borrow_mut(), surface, characters, letters)
        })
    }

    /// [`Spelling::counted`], with [`KNOWN`] borrowed by the caller. Inlined into the loop
    /// over a document's spellings, nearly all of them found in the memo (a call cost some
    /// 17 instructions a spelling); working one out is a call.
    #[inline(always)]
    fn counted_in(
        known: &mut memo::Memo<Known>,
        surface: &'t str,
        characters: usize,
        letters: usize,
    ) -> Spelling<'t> {
        let Some(key) = memo::Key::of(surface) else {
            return Spelling::worked_out(surface, characters, letters);
        };
        match known.get(&key) {
            Some(kept) => kept.spelling(surface),
            None => Spelling::worked_out_and_kept(known, key, surface, characters, letters),
        }
    }

    /// [`Spelling::worked_out`], and kept in the memo under `key`.
    #[inline(never)]
    fn worked_out_and_kept(
        known: &mut memo::Memo<Known>,
        key: memo::Key,
        surface: &'t str,
        characters: usize,
        letters: usize,
    ) -> Spelling<'t> {
        let spelling = Spelling::worked_out(surface, characters, letters);
        known.put(key, Known::of(&spelling));
        spelling
    }

    /// [`Spelling::counted`] worked out. Only a word with characters other than letters is
    /// searched for a digit (most words are letters only), and an ASCII word (as many
    /// characters as bytes) is tested byte by byte.
    #[inline(never)]
    fn worked_out(surface: &'t str, characters: usize, letters: usize) -> Spelling<'t> {
        let bytes = surface.as_bytes();
        let (digit, lower, upper) = if characters == bytes.len() {
            (
                letters < characters && bytes.iter().any(u8::is_ascii_digit),
                bytes.iter().any(u8::is_ascii_lowercase),
                bytes.first().is_some_and(u8::is_ascii_uppercase),
            )
        } else {
            (
                letters < characters && surface.chars().any(|c| c.is_ascii_digit()),
                surface.chars().any(char::is_lowercase),
                starts_upper(surface),
            )
        };
        let info = lexicon::lookup(surface);
        let acronym = acronym(surface);
        let flag = |set: bool, flag: u16| if set { flag } else { 0 };
        let acronym_flag = match acronym {
            Some(a) if a.len() == surface.len() => Spelling::ACRONYM,
            Some(_) => Spelling::ACRONYM_PLURAL,
            None => 0,
        };
        let mut spelling = Spelling {
            surface,
            // The lexicon's entry says whether the word is a unit in some case: most words
            // are not, and skip the exact test.
            flags: flag(
                info.as_ref().is_some_and(WordInfo::unit_lowercase) && lexicon::is_unit(surface),
                Spelling::UNIT,
            ) | flag(
                acronym.is_some_and(|a| lexicon::is_tolerated_acronym(a) || is_roman_numeral(a)),
                Spelling::PLAIN_ACRONYM,
            ) | flag(letters < 3 || digit, Spelling::SHORT_OR_DIGIT)
                | flag(upper, Spelling::UPPER)
                | flag(lower, Spelling::LOWER)
                | flag(characters > 3, Spelling::LONG)
                | flag(
                    info.as_ref().is_some_and(WordInfo::starts_phrase),
                    Spelling::PHRASE,
                )
                | flag(
                    info.as_ref()
                        .is_some_and(|i| i.follows_in_phrase() || i.lemma_ends_phrase()),
                    Spelling::GOES_ON,
                )
                | acronym_flag,
            load: (LOAD_CEILING
                - info
                    .as_ref()
                    .and_then(WordInfo::zipf)
                    .unwrap_or(LOAD_UNLISTED_ZIPF))
            .max(0.0),
            info,
            plain_loads: [0.0; 2],
            found: Found::No,
        };
        let class = classify(&spelling, spelling.info.as_ref(), false);
        let (flag, found) = match class {
            Class::Plain => (Spelling::PLAIN, Found::No),
            Class::Watch => (Spelling::WATCH, Found::No),
            Class::Found { .. } => (0, Found::of(class)),
        };
        spelling.flags |= flag;
        spelling.found = found;
        if counts_load(Class::Plain, spelling.info.as_ref(), &spelling, true) {
            spelling.flags |= Spelling::PLAIN_LOAD;
        }
        spelling.with_plain_loads()
    }
}

thread_local! {
    /// What [`Spelling::counted`] worked out of each spelling this thread met, by the spelling
    /// as written (192 KiB a thread: 64 KiB of keys and 4,096 [`Known`] of 32 bytes; see
    /// `text::memo`). Static, as the text engine's memos are, so it lives in the thread's
    /// thread-local block, zeroed at the thread's start, not built on the stack and copied.
    static KNOWN: RefCell<memo::Memo<Known>> = const { RefCell::new(memo::Memo::blank(Known::BLANK)) };
}

/// A [`Spelling`] as [`KNOWN`] keeps it: all of it but the spelling itself, which its
/// lexicon entry's key and its acronym are made from where they are read, so a spelling
/// made again from the memo is the record copied whole, with nothing to allocate or free.
#[derive(Clone, Copy)]
struct Known {
    info: Option<WordInfo>,
    load: f32,
    /// [`Spelling::flags`].
    flags: u16,
    /// [`Spelling::found`], in the record's last spare byte.
    found: Found,
}

impl Known {
    /// The value beside an empty way of the memo, never read.
    const BLANK: Known = Known {
        info: None,
        load: 0.0,
        flags: 0,
        found: Found::No,
    };

    /// What the memo keeps of `spelling`.
    fn of(spelling: &Spelling) -> Known {
        Known {
            info: spelling.info,
            load: spelling.load,
            flags: spelling.flags,
            found: spelling.found,
        }
    }

    /// The record of `surface` this was kept for, as [`Spelling::worked_out`] gave it.
    #[inline]
    fn spelling(self, surface: &str) -> Spelling<'_> {
        Spelling {
            surface,
            info: self.info,
            flags: self.flags,
            load: self.load,
            plain_loads: [0.0; 2],
            found: self.found,
        }
        .with_plain_loads()
    }
}

/// A sentence's words counted for its title case and shouting, which are judged on the words
/// of more than three characters: its words, its long words, those capitalised and those with
/// a lowercase letter, each in 32 bits of one number (a sentence has fewer than 2^32 words: a
/// `Source` is shorter than 4 GiB), so that a word is counted with one addition.
#[derive(Clone, Copy, Default)]
struct Tally(u128);

impl Tally {
    /// What one use of a spelling adds, by its `UPPER`, `LOWER` and `LONG` bits (bits 3 to 5
    /// of [`Spelling::flags`]): read from a table of the eight, where working it out from the
    /// bits cost the scan a dozen instructions a word.
    const OF_BITS: [Tally; 8] = {
        let mut tallies = [Tally(0); 8];
        let mut bits = 0;
        while bits < 8 {
            let b = bits as u128;
            let (upper, lower, long) = (b & 1, b >> 1 & 1, b >> 2 & 1);
            tallies[bits] = Tally(1 | (long << 32) | (long & upper) << 64 | (long & lower) << 96);
            bits += 1;
        }
        tallies
    };

    /// What one use of `spelling` adds.
    #[inline]
    fn of(spelling: &Spelling) -> Tally {
        const {
            assert!(Spelling::UPPER == 8 && Spelling::LOWER == 16 && Spelling::LONG == 32);
        }
        Tally::OF_BITS[usize::from(spelling.flags >> 3 & 7)]
    }

    /// The count in 32-bit field `k`.
    fn field(self, k: u32) -> usize {
        (self.0 >> (32 * k)) as u32 as usize
    }
}

impl std::iter::Sum for Tally {
    fn sum<I: Iterator<Item = Tally>>(tallies: I) -> Tally {
        Tally(tallies.map(|t| t.0).sum())
    }
}

/// The words of one sentence as the jargon analysis reads them.
struct Words<'a> {
    document: &'a Document,
    sentence: &'a Sentence,
    /// The text of the sentence's block.
    text: &'a str,
    /// The text's spellings, by their index in [`Text::spellings`].
    spellings: &'a [Spelling<'a>],
    /// The sentence's tokens, and the index of each one's spelling in the text's spellings.
    tokens: &'a [Token],
    token_spellings: &'a [Option<u32>],
}

impl<'a> Words<'a> {
    /// The lexicon's entry of token `i` (`None` for a token that is not a word, or a word too
    /// long for the lexicon).
    fn info(&self, i: usize) -> Option<&'a WordInfo> {
        self.token_spellings[i].and_then(|id| self.spellings[id as usize].info.as_ref())
    }

    /// The lexicon's entry of token `i`, as [`Words::info`], with its spelling, which the
    /// entry's key is made from (see [`WordInfo::key`]).
    fn entry(&self, i: usize) -> Option<(&'a WordInfo, &'a str)> {
        let spelling = &self.spellings[self.token_spellings[i]? as usize];
        Some((spelling.info.as_ref()?, spelling.surface))
    }
}

/// Finds the occurrences of one sentence and counts its words.
fn scan_sentence(
    index: usize,
    words: &Words,
    (allowed, glossary): (&Allowed, Option<&Glossary>),
    key_buf: &mut String,
    out: &mut Vec<Occurrence>,
) -> SentenceJargon {
    let Words {
        spellings,
        tokens,
        token_spellings,
        ..
    } = *words;
    // Past every token when there is none: compared with a token's index, one instruction
    // where an `Option` took three, for every plain word.
    let first_word = tokens
        .iter()
        .position(|t| t.kind == TokenKind::Word)
        .unwrap_or(usize::MAX);
    // Title case and shouting are judged on the words of more than three characters; one
    // pass over the words counts them.
    let tally: Tally = token_spellings
        .iter()
        .filter_map(|id| Some(Tally::of(&spellings[(*id)? as usize])))
        .sum();
    let (word_count, long_count, capitalised) = (tally.field(0), tally.field(1), tally.field(2));
    let long_lower = tally.field(3) > 0;
    let title_case = long_count >= 2 && capitalised * 10 >= long_count * 6;
    let shouting = long_count >= 2 && !long_lower;
    let mut counts = SentenceJargon {
        words: word_count as u32,
        ..SentenceJargon::default()
    };
    // Most words are plain wherever they stand (a name is plain too): with no glossary and
    // the sentence not in capitals, only their load is left to count.
    let plain_stays_plain = glossary.is_none() && !shouting;
    let scan = Scan {
        index,
        words,
        allowed,
        glossary,
        first_word,
        title_case,
        shouting,
        plain_stays_plain,
    };
    // This loop counts the plain words itself, and little else: every other word is read by
    // `Scan::word`, not inlined here, whose many values spilled the loop's own to the stack.
    let mut i = 0;
    while i < tokens.len() {
        let Some(id) = token_spellings[i] else {
            i += 1;
            continue;
        };
        // Borrowed rather than copied: the scan reads only the fields it tests of the record.
        let spelling = &spellings[id as usize];
        // Most words that begin a phrase ("in", "a", "for") are followed by one no phrase goes
        // on with: told by the next word's flags, without a call.
        let phrase = spelling.has(Spelling::PHRASE)
            && token_spellings
                .get(i + 1)
                .copied()
                .flatten()
                .is_some_and(|next| spellings[next as usize].has(Spelling::GOES_ON));
        if !phrase && plain_stays_plain && spelling.has(Spelling::PLAIN) {
            counts.load += spelling.plain_load(i == first_word);
            i += 1;
            continue;
        }
        i = scan.word(i, phrase, key_buf, &mut counts, out);
    }
    counts
}

/// What the scan of one sentence reads every word by.
struct Scan<'s, 'a> {
    /// The sentence's index in the analysed sentences.
    index: usize,
    words: &'s Words<'a>,
    allowed: &'s Allowed,
    glossary: Option<&'s Glossary>,
    /// The sentence's first word token.
    first_word: usize,
    title_case: bool,
    shouting: bool,
    /// See [`scan_sentence`].
    plain_stays_plain: bool,
}

impl Scan<'_, '_> {
    /// Counts the word at token `i`, a phrase (or term) starting there if `phrase` says one
    /// may, and records it if it is jargon or has a plainer alternative. Returns the next
    /// token to read.
    #[inline(never)]
    fn word(
        &self,
        i: usize,
        phrase: bool,
        key_buf: &mut String,
        counts: &mut SentenceJargon,
        out: &mut Vec<Occurrence>,
    ) -> usize {
        let Scan {
            index,
            words,
            allowed,
            glossary,
            first_word,
            title_case,
            shouting,
            plain_stays_plain,
        } = *self;
        let Words {
            document,
            sentence,
            text,
            spellings,
            tokens,
            token_spellings,
        } = *words;
        let token = &tokens[i];
        let Some(id) = token_spellings[i].map(|id| id as usize) else {
            return i + 1;
        };
        let spelling = &spellings[id];
        if let Some(found) = phrase.then(|| match_phrase(i, words, key_buf)).flatten() {
            let (n, substitution) = found;
            let range = token.range.start..tokens[i + n - 1].range.end;
            if allowed.contains(&text[range.clone()], substitution.term) {
                return i + n;
            }
            let range_copy = range.clone();
            let technical =
                (i..i + n).any(|k| words.info(k).is_none_or(|info| info.band() != Band::Common));
            let kind = match substitution.source {
                SubstSource::HealthTerms => Kind::Term,
                SubstSource::Cdc if technical => Kind::Term,
                _ => Kind::WordyPhrase,
            };
            if kind == Kind::Term {
                counts.jargon += n as u32;
                counts.load += n as f32 * (LOAD_CEILING - lexicon::RARE_BELOW);
            }
            out.push(Occurrence {
                sentence: index as u32,
                block: sentence.block,
                span: document.block_span(sentence.block as usize, range.clone()),
                range: narrow_range(range),
                words: n as u32,
                kind,
                band: TermBand::Medical,
                key: Cow::Borrowed(substitution.term),
                substitution: Some(substitution),
                house: match glossary.and_then(|g| g.get(&text[range_copy.clone()])) {
                    Some(Entry::Plain(alternative)) => Some(alternative.as_str().into()),
                    _ => None,
                },
                defined: false,
                definition: None,
            });
            return i + n;
        }
        let sentence_start = i == first_word;
        if plain_stays_plain && spelling.has(Spelling::PLAIN) {
            counts.load += spelling.plain_load(sentence_start);
            return i + 1;
        }
        if plain_stays_plain && spelling.has(Spelling::WATCH) {
            // Unless it is a name (a capitalised word inside a sentence not in title case: plain,
            // its load not counted), a word to watch, whose load counts.
            if sentence_start || title_case || !spelling.has(Spelling::UPPER) {
                counts.watch += 1;
                counts.load += spelling.load;
            }
            return i + 1;
        }
        let info = spelling.info.as_ref();
        let class = if is_name(spelling, sentence_start, title_case, shouting) {
            Class::Plain
        } else if shouting {
            classify(spelling, info, shouting)
        } else {
            spelling.class()
        };
        let class = match class {
            Class::Found { key, .. } if !allowed.is_empty() => {
                let surface = &text[token.range.clone()];
                if allowed.contains(surface, &key.text(surface)) {
                    Class::Plain
                } else {
                    class
                }
            }
            class => class,
        };
        let house = glossary
            .and_then(|glossary| house_alternative(glossary, &text[token.range.clone()], info));
        let class = match (class, &house) {
            // The glossary names a house alternative: the term is jargon here, whatever its
            // frequency.
            (Class::Plain | Class::Watch, Some(_)) => Class::Found {
                kind: Kind::Term,
                band: TermBand::Medical,
                key: FoundKey::Lowercase,
                substituted: false,
            },
            (class, _) => class,
        };
        if counts_load(class, info, spelling, sentence_start) {
            counts.load += spelling.load;
        }
        match class {
            Class::Plain => {}
            Class::Watch => counts.watch += 1,
            Class::Found {
                kind,
                band,
                key,
                substituted,
            } => {
                if matches!(kind, Kind::Term | Kind::Acronym) {
                    counts.jargon += 1;
                }
                if kind == Kind::Acronym {
                    counts.acronyms += 1;
                }
                out.push(Occurrence {
                    sentence: index as u32,
                    block: sentence.block,
                    range: narrow_range(token.range.clone()),
                    span: document.block_span(sentence.block as usize, token.range.clone()),
                    words: 1,
                    kind,
                    band,
                    key: key.owned(&text[token.range.clone()]),
                    substitution: substituted
                        .then(|| info.and_then(WordInfo::substitution))
                        .flatten(),
                    house,
                    defined: false,
                    definition: None,
                });
            }
        }
        i + 1
    }
}

/// Whether a word of `class` adds its lexical load to its sentence's: everyday health words
/// and plain names add none.
fn counts_load(
    class: Class,
    info: Option<&WordInfo>,
    spelling: &Spelling,
    sentence_start: bool,
) -> bool {
    let plain = matches!(class, Class::Plain);
    (!plain || info.is_some_and(|i| !i.everyday()))
        && !(plain && spelling.has(Spelling::UPPER) && !sentence_start)
}

/// The glossary's alternative for a word, as written or in its dictionary form.
fn house_alternative(
    glossary: &Glossary,
    surface: &str,
    info: Option<&WordInfo>,
) -> Option<Box<str>> {
    let entry = glossary
        .get(surface)
        .or_else(|| info.and_then(|i| glossary.get(i.key(surface).as_str())))?;
    match entry {
        Entry::Plain(alternative) => Some(alternative.as_str().into()),
        Entry::Ok => None,
    }
}

/// What a word is, by itself and in its place. Small and copied freely: a found word's key
/// is borrowed, and its substitution is the lexicon entry's, read when the occurrence is made
/// (one word in fifteen) instead of carried through every word's classification.
#[derive(Clone, Copy)]
enum Class<'a> {
    Plain,
    Watch,
    Found {
        kind: Kind,
        band: TermBand,
        key: FoundKey<'a>,
        /// The occurrence offers the word's substitution ([`WordInfo::substitution`]).
        substituted: bool,
    },
}

/// The key of a found word (see [`Occurrence::key`]).
#[derive(Clone, Copy)]
enum FoundKey<'a> {
    /// The substitution's term or the lexicon's own key of the word, which an occurrence
    /// borrows.
    Listed(&'static str),
    /// The acronym, which an occurrence copies.
    Borrowed(&'a str),
    /// The key of a word the lexicon does not list as it is (see [`WordInfo::key`]), made
    /// from the word where it is read.
    Made(&'a WordInfo),
    /// The word lowercased: a word the lexicon cannot hold, or one the glossary names.
    Lowercase,
}

impl<'a> FoundKey<'a> {
    /// The key of a word the lexicon has an entry for.
    fn of(info: &'a WordInfo) -> FoundKey<'a> {
        info.listed_key()
            .map_or(FoundKey::Made(info), FoundKey::Listed)
    }

    /// The key of `surface`, the word it was found for.
    fn text(self, surface: &'a str) -> Cow<'a, str> {
        match self {
            FoundKey::Listed(key) => key.into(),
            FoundKey::Borrowed(key) => key.into(),
            FoundKey::Made(info) => info.key(surface).as_str().to_owned().into(),
            FoundKey::Lowercase => surface.to_lowercase().into(),
        }
    }

    /// The key as an occurrence keeps it: copied only when the lexicon does not hold it.
    fn owned(self, surface: &str) -> Cow<'static, str> {
        match self {
            FoundKey::Listed(key) => Cow::Borrowed(key),
            FoundKey::Borrowed(key) => Cow::Owned(key.to_owned()),
            FoundKey::Made(info) => Cow::Owned(info.key(surface).as_str().to_owned()),
            FoundKey::Lowercase => Cow::Owned(surface.to_lowercase()),
        }
    }
}

/// How [`classify`] finds a spelling in a sentence not all in capitals, in one byte of its
/// record (the record's flags say whether it is plain or a word to watch): a found word's
/// uses (89 in a health article) make their class back from it and the record instead of
/// classifying the word again, about 100 instructions each.
#[derive(Clone, Copy)]
enum Found {
    /// Not found: plain or a word to watch.
    No,
    /// An acronym readers may not know ([`by_form`]).
    Acronym,
    /// Too long for the lexicon's buffer.
    Unfit,
    /// A term of [`TermBand::Rare`] offered its substitution.
    SubstitutedRare,
    /// A term of [`TermBand::Medical`] offered its substitution.
    SubstitutedTerm,
    /// A word with a plainer alternative.
    SubstitutedPlainWord,
    /// Rare by the lexicon's frequency, with no substitution.
    Rare,
}

impl Found {
    /// The byte of a class [`classify`] gave.
    fn of(class: Class) -> Found {
        match class {
            Class::Plain | Class::Watch => Found::No,
            Class::Found {
                kind: Kind::Acronym,
                ..
            } => Found::Acronym,
            Class::Found {
                key: FoundKey::Lowercase,
                ..
            } => Found::Unfit,
            Class::Found {
                substituted: true,
                kind: Kind::PlainWord,
                ..
            } => Found::SubstitutedPlainWord,
            Class::Found {
                substituted: true,
                band: TermBand::Rare,
                ..
            } => Found::SubstitutedRare,
            Class::Found {
                substituted: true, ..
            } => Found::SubstitutedTerm,
            Class::Found { .. } => Found::Rare,
        }
    }

    /// The class made back from this byte and `spelling`, the record it was kept in: the
    /// key is its acronym, its substitution's term or its lexicon key, as [`classify`] took
    /// them.
    fn class<'a>(self, spelling: &'a Spelling<'_>) -> Class<'a> {
        let info = spelling.info.as_ref();
        let listed =
            || FoundKey::Listed(info.and_then(WordInfo::substitution).map_or("", |s| s.term));
        let (kind, band, key) = match self {
            Found::No => return Class::Plain,
            Found::Acronym => (
                Kind::Acronym,
                TermBand::Acronym,
                FoundKey::Borrowed(spelling.acronym().unwrap_or_default()),
            ),
            Found::Unfit => (Kind::Term, TermBand::Rare, FoundKey::Lowercase),
            Found::SubstitutedRare => (Kind::Term, TermBand::Rare, listed()),
            Found::SubstitutedTerm => (Kind::Term, TermBand::Medical, listed()),
            Found::SubstitutedPlainWord => (Kind::PlainWord, TermBand::Medical, listed()),
            Found::Rare => (
                Kind::Term,
                TermBand::Rare,
                info.map_or(FoundKey::Lowercase, FoundKey::of),
            ),
        };
        Class::Found {
            kind,
            band,
            key,
            substituted: matches!(
                self,
                Found::SubstitutedRare | Found::SubstitutedTerm | Found::SubstitutedPlainWord
            ),
        }
    }
}

/// What a word is wherever it stands in a sentence that is (`shouting`) or is not all in
/// capitals, unless it is taken as a name there ([`is_name`]).
fn classify<'a>(spelling: &Spelling<'a>, info: Option<&'a WordInfo>, shouting: bool) -> Class<'a> {
    if let Some(class) = by_form(spelling, shouting) {
        return class;
    }
    let Some(info) = info else {
        // Too long for the lexicon's buffer: certainly not an everyday word.
        return Class::Found {
            kind: Kind::Term,
            band: TermBand::Rare,
            key: FoundKey::Lowercase,
            substituted: false,
        };
    };
    if info.everyday() {
        return Class::Plain;
    }
    let band = info.band();
    if let Some(substitution) = info.substitution() {
        let kind = match substitution.source {
            SubstSource::HealthTerms => Some(Kind::Term),
            _ if band == Band::Rare => Some(Kind::Term),
            SubstSource::Cdc if info.zipf().is_some_and(|z| z < CDC_TERM_BELOW) => Some(Kind::Term),
            SubstSource::PlainLanguage if info.zipf().is_some_and(|z| z < PLAIN_WORD_BELOW) => {
                Some(Kind::PlainWord)
            }
            _ => None,
        };
        if let Some(kind) = kind {
            return Class::Found {
                kind,
                band: if kind == Kind::Term && band == Band::Rare {
                    TermBand::Rare
                } else {
                    TermBand::Medical
                },
                key: FoundKey::Listed(substitution.term),
                substituted: true,
            };
        }
    }
    match band {
        Band::Rare => Class::Found {
            kind: Kind::Term,
            band: TermBand::Rare,
            key: FoundKey::of(info),
            substituted: false,
        },
        Band::Mid => Class::Watch,
        Band::Common => Class::Plain,
    }
}

/// What a word is by its form alone, whatever the lexicon says of it: a unit, an acronym
/// (not in a sentence all in capitals, where every word looks like one), a word too short to
/// judge or with a digit. `None`: the lexicon decides, and a capitalised word inside a
/// sentence may be a name ([`is_name`]). The one place for these tests, which both
/// [`classify`] and [`is_name`] put first.
fn by_form<'a>(spelling: &Spelling<'a>, shouting: bool) -> Option<Class<'a>> {
    if spelling.has(Spelling::UNIT) {
        return Some(Class::Plain);
    }
    if !shouting {
        if let Some(acronym) = spelling.acronym() {
            return Some(if spelling.has(Spelling::PLAIN_ACRONYM) {
                Class::Plain
            } else {
                Class::Found {
                    kind: Kind::Acronym,
                    band: TermBand::Acronym,
                    key: FoundKey::Borrowed(acronym),
                    substituted: false,
                }
            });
        }
    }
    spelling
        .has(Spelling::SHORT_OR_DIGIT)
        .then_some(Class::Plain)
}

/// A capitalised word inside a sentence is a name, unless the sentence is in title case or
/// all in capitals, or the word's form decides what it is ([`by_form`]).
fn is_name(spelling: &Spelling, sentence_start: bool, title_case: bool, shouting: bool) -> bool {
    spelling.has(Spelling::UPPER)
        && !sentence_start
        && !title_case
        && !shouting
        && by_form(spelling, false).is_none()
}

/// The longest multiword term or phrase starting at word token `i`: its length in tokens and
/// its substitution. Words must follow each other with only spaces (or a hyphen) between.
///
/// Each window of words is looked up once, as it grows: its entry says whether a longer window
/// can match, whether it is an everyday phrase and what its substitution is (three probes of
/// the same key before, for most words that begin a phrase).
fn match_phrase(i: usize, words: &Words, key_buf: &mut String) -> Option<(usize, Substitution)> {
    let Words { text, tokens, .. } = *words;
    let (first, first_surface) = words.entry(i)?;
    // `entries[n]`: the entry of the window of words `i..=i + n`. The first word begins some
    // phrase (its own entry says so, or this is not called); a window grows only while the
    // words before it begin one too.
    let mut entries: [Option<lexicon::Entry>; lexicon::MAX_PHRASE_WORDS] =
        [None; lexicon::MAX_PHRASE_WORDS];
    let mut end = i + 1;
    while end < tokens.len()
        && end - i < lexicon::MAX_PHRASE_WORDS
        && tokens[end].kind == TokenKind::Word
        && is_space(&text[tokens[end - 1].range.end..tokens[end].range.start])
        && (end == i + 1 || entries[end - 1 - i].is_some_and(lexicon::Entry::starts_phrase))
    {
        let Some((info, surface)) = words.entry(end) else {
            break;
        };
        // A word that follows no first word of any phrase ends no listed window (most words),
        // and its window is not written out: the key is written only for a window looked up.
        // Past the second word a window grows only after one that was looked up, so the key
        // holds every word before this one by then.
        entries[end - i] = if info.follows_in_phrase() {
            if end == i + 1 {
                key_buf.clear();
                key_buf.push_str(first.key(first_surface).as_str());
            }
            key_buf.push(' ');
            key_buf.push_str(info.key(surface).as_str());
            lexicon::entry(key_buf)
        } else {
            None
        };
        end += 1;
    }
    for last in (i + 1..end).rev() {
        let entry = entries[last - i];
        // Everyday health phrases ("side effects", "blood pressure") are plain, whatever a
        // thesaurus offers for them.
        if entry.is_some_and(lexicon::Entry::is_everyday) {
            return None;
        }
        if let Some(found) = entry.and_then(lexicon::Entry::substitution) {
            return Some((last - i + 1, found));
        }
        if !words.info(last).is_some_and(WordInfo::lemma_ends_phrase) {
            continue;
        }
        key_buf.clear();
        for (info, surface) in (i..last).filter_map(|k| words.entry(k)) {
            key_buf.push_str(info.key(surface).as_str());
            key_buf.push(' ');
        }
        let prefix = key_buf.len();
        let (last_info, last_surface) = words.entry(last)?;
        let last_key = last_info.key(last_surface);
        let mut found = None;
        lexicon::lemmas(last_key.as_str(), |lemma| {
            key_buf.truncate(prefix);
            key_buf.push_str(lemma);
            found = lexicon::substitution(key_buf);
            found.is_some()
        });
        if let Some(found) = found {
            return Some((last - i + 1, found));
        }
    }
    None
}

/// Whether the text between two words is whitespace only. Nearly always one ASCII space, told
/// by its bytes without decoding characters; anything else is decoded and tested as Unicode
/// whitespace, so the answer is `char::is_whitespace`'s.
fn is_space(gap: &str) -> bool {
    gap.bytes().all(|b| b.is_ascii_whitespace()) || gap.chars().all(char::is_whitespace)
}

/// The acronym of a token (without a plural "s"), if it is one: two or more capitals, digits
/// allowed, no other lowercase letters ("LMS", "NSAIDs", "COVID-19", "HbA1c" is not).
fn acronym(surface: &str) -> Option<&str> {
    let core = surface.strip_suffix('s').unwrap_or(surface);
    // Most words start with a lowercase letter: no need to count their letters.
    if core.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    let upper = core.chars().filter(|c| c.is_uppercase()).count();
    let lower = core.chars().filter(|c| c.is_lowercase()).count();
    (upper >= 2
        && lower == 0
        && core
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '&'))
    .then_some(core)
}

fn is_roman_numeral(word: &str) -> bool {
    word.len() <= 4 && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The markup around an occurrence that defines it: `<abbr title>`, `<dfn>`, or a link to a
/// glossary, covering the occurrence. Returns the element's range in the block's text.
fn marked_definition(block: &Block, range: &Range<usize>) -> Option<Range<usize>> {
    block
        .inlines
        .iter()
        .filter(|inline| inline.range.start <= range.start && range.end <= inline.range.end)
        .find(|inline| match &inline.kind {
            InlineKind::Abbreviation { title } => title.is_some(),
            InlineKind::Definition => true,
            InlineKind::Link { href } => href.as_deref().is_some_and(|h| {
                let h = h.to_ascii_lowercase();
                h.contains("glossary") || h.contains("definition")
            }),
        })
        .map(|inline| inline.range.clone())
}

/// Decides, in document order, which occurrences define their term, and marks every later
/// occurrence of a defined term. The definitions are found first, keyed by the occurrences'
/// own keys (borrowed, not copied), then marked. Returns where each definition is.
fn mark_definitions(
    document: &Document,
    sentences: &[Sentence],
    occurrences: &mut [Occurrence],
) -> Vec<Span> {
    let mut definitions = Vec::new();
    let mut marks: Vec<Option<usize>> = vec![None; occurrences.len()];
    let mut defined: HashMap<(&str, bool), usize> = HashMap::default();
    for (occurrence, mark) in occurrences.iter().zip(marks.iter_mut()) {
        if !matches!(occurrence.kind, Kind::Term | Kind::Acronym) {
            continue;
        }
        let acronym = occurrence.kind == Kind::Acronym;
        let id = (&*occurrence.key, acronym);
        if let Some(&at) = defined.get(&id) {
            *mark = Some(at);
            continue;
        }
        let sentence = &sentences[occurrence.sentence as usize];
        let text = &document.blocks[occurrence.block as usize].text;
        let surface = &text[occurrence.text_range()];
        let found = if acronym {
            acronym_definition(surface, occurrence.text_range(), sentence, text)
        } else {
            term_definition(occurrence.text_range(), sentence, text)
        };
        let span = found
            .or_else(|| {
                marked_definition(
                    &document.blocks[occurrence.block as usize],
                    &occurrence.text_range(),
                )
            })
            .map(|range| document.block_span(occurrence.block as usize, range));
        if let Some(span) = span {
            defined.insert(id, definitions.len());
            *mark = Some(definitions.len());
            definitions.push(span);
        }
    }
    for (occurrence, mark) in occurrences.iter_mut().zip(marks) {
        if mark.is_some() {
            occurrence.defined = true;
            occurrence.definition = mark.map(|at| at as u32);
        }
    }
    definitions
}

/// Words that open an appositive or a gloss after a comma or a dash.
const GLOSS_OPENERS: &[&str] = &[
    "a ",
    "an ",
    "the ",
    "which is",
    "which are",
    "which means",
    "that is",
    "meaning",
    "or ",
    "also called",
    "also known as",
    "known as",
    "i.e.",
    "ie ",
    "a.k.a.",
    "aka ",
];
/// Words after a term that open the sentence and say what it is.
const COPULAS: &[&str] = &[
    "is a ",
    "is an ",
    "is the ",
    "is when ",
    "is where ",
    "is what ",
    "is how ",
    "are ",
    "means ",
    "refers to ",
    "describes ",
];
/// Words before a term that name it after describing it.
const NAMERS: &[&str] = &["called", "known as", "named", "termed"];

/// The range (in the block's text) of the definition of the term at `range`, if this
/// occurrence is defined where it stands.
fn term_definition(range: Range<usize>, sentence: &Sentence, text: &str) -> Option<Range<usize>> {
    let sentence = sentence.text_range();
    let after = &text[range.end..sentence.end];
    let gap = after.len() - after.trim_start().len();
    let rest = after.trim_start();
    // "metastasised (spread to other parts of the body)"
    if let Some(inner) = parenthetical(rest) {
        let content = &rest[1..inner];
        if content
            .split_whitespace()
            .any(|w| w.chars().any(char::is_lowercase))
        {
            let start = range.end + gap;
            return Some(start..start + inner + 1);
        }
    }
    // "X, a …", "X, which is …", "X – the …"
    let after_mark = rest
        .strip_prefix(',')
        .or_else(|| rest.strip_prefix('\u{2013}'))
        .or_else(|| rest.strip_prefix('\u{2014}'))
        .or_else(|| rest.strip_prefix("- "))
        .or_else(|| rest.strip_prefix(':'));
    if let Some(clause) = after_mark {
        let opening = clause.trim_start();
        if GLOSS_OPENERS
            .iter()
            .any(|o| starts_with_lowercase(opening, o))
        {
            let start = range.end + gap;
            let clause_end = clause
                .find([',', ';', ')', '\u{2013}', '\u{2014}'])
                .map(|e| e + (rest.len() - clause.len()))
                .unwrap_or(rest.len());
            return Some(start..start + clause_end);
        }
    }
    // "Leiomyosarcoma is a rare cancer …", "The uterus is …"
    let before = text[sentence.start..range.start].trim();
    let opening = before.is_empty()
        || ["the", "a", "an", "your"]
            .iter()
            .any(|d| before.eq_ignore_ascii_case(d));
    if opening && COPULAS.iter().any(|c| starts_with_lowercase(rest, c)) {
        return Some(range.start..sentence.end);
    }
    // "a scan called an MRI", "a womb (uterus)"
    let bracketed = before.ends_with('(')
        && rest.starts_with(')')
        && before[..before.len() - 1]
            .trim_end()
            .ends_with(char::is_alphabetic);
    if bracketed || ends_with_namer(before) {
        let end = range.end + gap + usize::from(bracketed);
        return Some(sentence.start..end);
    }
    None
}

/// Whether `text`, lowercased, starts with `prefix` (lowercase ASCII), lowercasing only as
/// many characters as it takes to tell. Text that is ASCII as far as the prefix reaches (most)
/// is compared byte for byte: an ASCII character lowercases to one ASCII byte. Most texts a
/// definition's search tries against its openers and copulas differ from each in the first
/// byte, which is told first, without reading the rest, and without a call: the search tries
/// some 180 openers and copulas a report, one call each cost more than the test (a hint to
/// inline was not taken).
#[inline(always)]
fn starts_with_lowercase(text: &str, prefix: &str) -> bool {
    if let (Some(&first), Some(&want)) = (text.as_bytes().first(), prefix.as_bytes().first()) {
        if first.is_ascii() && first.to_ascii_lowercase() != want {
            return false;
        }
    }
    starts_with_lowercase_past_first(text, prefix)
}

/// [`starts_with_lowercase`] for a text whose first byte does not rule the prefix out.
fn starts_with_lowercase_past_first(text: &str, prefix: &str) -> bool {
    if let Some(head) = text.as_bytes().get(..prefix.len()).filter(|h| h.is_ascii()) {
        return head.eq_ignore_ascii_case(prefix.as_bytes());
    }
    let mut lower = text.chars().flat_map(char::to_lowercase);
    prefix.chars().all(|p| lower.next() == Some(p))
}

/// Whether `before`, lowercased, ends with one of the [`NAMERS`] once any articles at its
/// end are cut off ("called an", "known as the"). ASCII text (most) is compared as it stands,
/// ignoring ASCII case, without the lowercased copy that other text needs: an ASCII
/// character lowercases to one ASCII byte.
fn ends_with_namer(before: &str) -> bool {
    if before.is_ascii() {
        ends_with_namer_by(before, strip_suffix_ascii_lowercase)
    } else {
        ends_with_namer_by(&before.to_lowercase(), |text, suffix| {
            text.strip_suffix(suffix)
        })
    }
}

/// [`ends_with_namer`] on `text`, cutting suffixes with `strip`.
fn ends_with_namer_by(text: &str, strip: for<'t> fn(&'t str, &str) -> Option<&'t str>) -> bool {
    let mut text = text;
    // Any number of each article in turn, as `trim_end_matches` would cut them.
    for article in [" a", " an", " the"] {
        while let Some(rest) = strip(text, article) {
            text = rest;
        }
    }
    NAMERS.iter().any(|n| strip(text, n).is_some())
}

/// ASCII `text` without `suffix` (lowercase ASCII) at its end, ignoring ASCII case.
fn strip_suffix_ascii_lowercase<'t>(text: &'t str, suffix: &str) -> Option<&'t str> {
    let cut = text.len().checked_sub(suffix.len())?;
    text.as_bytes()[cut..]
        .eq_ignore_ascii_case(suffix.as_bytes())
        .then(|| &text[..cut])
}

/// The range of the definition of the acronym at `range`, if it is spelled out here.
fn acronym_definition(
    surface: &str,
    range: Range<usize>,
    sentence: &Sentence,
    text: &str,
) -> Option<Range<usize>> {
    let sentence = sentence.text_range();
    let before = &text[sentence.start..range.start];
    let after = &text[range.end..sentence.end];
    // "Leiomyosarcoma (LMS)"
    if let (Some(open), true) = (
        before.trim_end().strip_suffix('('),
        after.trim_start().starts_with(')'),
    ) {
        let long = open.trim_end();
        if let Some(start) = expansion_start(surface, long) {
            let close = range.end + after.find(')').unwrap_or(0) + 1;
            return Some(sentence.start + start..close);
        }
    }
    // "LMS (leiomyosarcoma)"
    let rest = after.trim_start();
    if let Some(inner) = parenthetical(rest) {
        let content = &rest[1..inner];
        let words = content.split_whitespace().count();
        if (words >= 2 || expansion_start(surface, content).is_some())
            && content.chars().any(char::is_lowercase)
        {
            let gap = after.len() - rest.len();
            return Some(range.start..range.end + gap + inner + 1);
        }
    }
    None
}

/// Where, in `long`, the expansion of acronym `short` begins (Schwartz & Hearst 2003: the
/// acronym's letters appear in order, the first at the start of a word), searching at most
/// min(|A| + 5, 2|A|) words back. Both texts are read backwards as they stand, without a
/// vector of the acronym's letters, of the words' starts or of the characters searched.
fn expansion_start(short: &str, long: &str) -> Option<usize> {
    let letters = short
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase);
    let count = letters.clone().count();
    if count == 0 {
        return None;
    }
    let window_start = nth_word_start_from_end(long, (count + 5).min(count * 2));
    if short.is_ascii() && long[window_start..].is_ascii() {
        return ascii_expansion_start(short.as_bytes(), long, window_start);
    }
    let mut chars = long[window_start..]
        .char_indices()
        .rev()
        .map(|(i, c)| (window_start + i, c));
    let mut found = window_start;
    for (s, letter) in (0..count).rev().zip(letters.rev()) {
        found = chars
            .find(|&(at, c)| {
                c.to_lowercase().next().unwrap_or(c) == letter
                    && (s > 0 || is_word_start(long, at, c))
            })?
            .0;
    }
    Some(found)
}

/// [`expansion_start`] of an ASCII acronym `short` in `long`, whose window from byte
/// `window_start` is ASCII: its bytes compared as they stand, ignoring ASCII case, where
/// decoding and lowercasing each character as a `char` cost some 2,400 instructions a search.
fn ascii_expansion_start(short: &[u8], long: &str, window_start: usize) -> Option<usize> {
    let window = &long.as_bytes()[window_start..];
    let mut end = window.len();
    // The acronym's letters from its last, each searched for before the one found after it;
    // `first` is the next to search for, and the last searched (the acronym's first letter,
    // when none is left after it) must start a word.
    let mut letters = short.iter().filter(|b| b.is_ascii_alphanumeric()).rev();
    let mut first = letters.next();
    while let Some(letter) = first.map(u8::to_ascii_lowercase) {
        first = letters.next();
        let last_letter = first.is_none();
        loop {
            end = end.checked_sub(1)?;
            let b = window[end];
            if b.to_ascii_lowercase() == letter
                && (!last_letter || is_word_start(long, window_start + end, char::from(b)))
            {
                break;
            }
        }
    }
    Some(window_start + end)
}

/// The start of the `n`th word of `text` counted from its end (its first character when it has
/// fewer words). A word starts at an alphanumeric character after one that is not.
fn nth_word_start_from_end(text: &str, n: usize) -> usize {
    let mut chars = text.char_indices().rev().peekable();
    let mut seen = 0;
    while let Some((at, c)) = chars.next() {
        if c.is_alphanumeric() && chars.peek().is_none_or(|&(_, p)| !p.is_alphanumeric()) {
            seen += 1;
            if seen == n {
                return at;
            }
        }
    }
    0
}

/// Whether character `c`, at byte `at` of `text`, starts a word.
fn is_word_start(text: &str, at: usize, c: char) -> bool {
    c.is_alphanumeric()
        && text[..at]
            .chars()
            .next_back()
            .is_none_or(|p| !p.is_alphanumeric())
}

/// The byte index of the `)` closing the parenthesis `text` starts with.
fn parenthetical(text: &str) -> Option<usize> {
    if !text.starts_with('(') {
        return None;
    }
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The suggestions of an occurrence: up to three alternatives, in the case of the text they
/// replace and in the document's spelling. The lexicon's are borrowed from the lists kept for
/// each substitution ([`listed`]): only a glossary alternative makes a vector and a string,
/// for a finding or for the report's term, which both ask.
pub fn suggestions(
    analysis: &Analysis,
    document: &Document,
    occurrence: &Occurrence,
) -> Suggestions {
    let original = &document.blocks[occurrence.block as usize].text[occurrence.text_range()];
    let case = Case::of(original);
    let house = occurrence.house.as_deref().map(|alternative| Suggestion {
        replace_with: case.apply(Cow::Owned(alternative.to_string())),
        source: "glossary",
    });
    let Some(substitution) = occurrence.substitution else {
        return house.into_iter().collect();
    };
    // "lymph nodes" matched "lymph node": a one-word alternative becomes plural too.
    let plural =
        original.ends_with('s') && !original.ends_with("ss") && !substitution.term.ends_with('s');
    let lexicon = listed(
        substitution,
        Form {
            british: analysis.british,
            case,
            plural,
        },
    );
    match house {
        None => Cow::Borrowed(lexicon),
        Some(house) => std::iter::once(house)
            .chain(lexicon.iter().cloned())
            .take(MAX_SUGGESTIONS)
            .collect(),
    }
}

/// What a substitution's suggestions depend on besides the substitution: the document's
/// spelling, and the case and number of the text they replace.
#[derive(Clone, Copy)]
struct Form {
    british: bool,
    case: Case,
    plural: bool,
}

impl Form {
    /// How many cases there are: [`Case::Capitals`] is the last.
    const CASES: usize = Case::Capitals as usize + 1;
    /// How many forms there are (two spellings, each case, two numbers): each has its own
    /// list per substitution.
    const COUNT: usize = 2 * Self::CASES * 2;

    fn index(self) -> usize {
        (usize::from(self.british) * Self::CASES + self.case as usize) * 2
            + usize::from(self.plural)
    }
}

/// The first [`MAX_SUGGESTIONS`] alternatives of `substitution` as suggestions in `form`,
/// each borrowing the lexicon's text unless its case, number or spelling changed it. Each
/// list is built the first time it is asked for and kept for the life of the process, as the
/// lexicon's own tables are. The cells take about 400 KB of the binary's data (a cell does not
/// start as zeros, so they are not in `.bss`), paged in only where used. A table of the lists
/// built ahead by build.rs was measured instead and not kept: it held two pointers a
/// suggestion, some 5,800 relocations and 80,000 instructions at every start-up, where these
/// cells need no relocation and are built only for the lists a process meets.
fn listed(substitution: Substitution, form: Form) -> &'static [Suggestion] {
    type Cell = OnceLock<Box<[Suggestion]>>;
    static LISTED: [[Cell; Form::COUNT]; lexicon::SUBSTITUTIONS] =
        [const { [const { Cell::new() }; Form::COUNT] }; lexicon::SUBSTITUTIONS];
    LISTED[substitution.index()][form.index()].get_or_init(|| {
        let source = substitution.source.name();
        substitution
            .alternatives_spelled()
            .take(MAX_SUGGESTIONS)
            .map(|(american, gb)| {
                let plural = form.plural && !american.contains(' ') && !american.ends_with('s');
                let spelled = if form.british { gb } else { american };
                Suggestion {
                    replace_with: form.case.apply(spelling(
                        american,
                        spelled,
                        plural,
                        form.british,
                    )),
                    source,
                }
            })
            .collect()
    })
}

/// A listed alternative, `american` and as `spelled` in the document's spelling, made plural
/// when asked (a one-word alternative only; `british`: the document's spelling is British):
/// borrowed as listed unless it is made plural.
fn spelling(
    american: &str,
    spelled: &'static str,
    plural: bool,
    british: bool,
) -> Cow<'static, str> {
    if !plural {
        return Cow::Borrowed(spelled);
    }
    let mut out = String::with_capacity(american.len() + 1);
    out.push_str(american);
    out.push('s');
    // One word, whose plural may be spelt differently ("tumors", "tumours").
    match lexicon::to_gb(&out).filter(|_| british) {
        Some(gb) => Cow::Borrowed(gb),
        None => Cow::Owned(out),
    }
}

/// The case of the text a suggestion replaces, carried over to the suggestion: capitalised
/// stays capitalised, all capitals (two letters or more) stay so.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    /// Anything else: the suggestion stands as written.
    AsWritten = 0,
    Capitalised = 1,
    Capitals = 2,
}

impl Case {
    fn of(original: &str) -> Case {
        let mut letters = 0;
        let all_capitals = original.chars().filter(|c| c.is_alphabetic()).all(|c| {
            letters += 1;
            c.is_uppercase()
        });
        if all_capitals && letters > 1 {
            Case::Capitals
        } else if original.chars().next().is_some_and(char::is_uppercase) {
            Case::Capitalised
        } else {
            Case::AsWritten
        }
    }

    /// `replacement` in this case. An ASCII first letter is capitalised in place.
    fn apply(self, replacement: Cow<'static, str>) -> Cow<'static, str> {
        match self {
            Case::AsWritten => replacement,
            Case::Capitals => Cow::Owned(replacement.to_uppercase()),
            Case::Capitalised => {
                let mut replacement = replacement.into_owned();
                if replacement.as_bytes().first().is_some_and(u8::is_ascii) {
                    replacement[..1].make_ascii_uppercase();
                    return Cow::Owned(replacement);
                }
                let mut chars = replacement.chars();
                Cow::Owned(match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => String::new(),
                })
            }
        }
    }
}

/// The hits of the occurrences that `pick` selects, in a vector of their count (counted
/// first): grown as they came, it was reallocated and copied each time it doubled.
fn hits(
    context: &Context,
    pick: impl Fn(&Occurrence) -> bool,
    message: impl Fn(&str, &Occurrence, &[Suggestion]) -> Message,
) -> Vec<Hit> {
    let document = context.document;
    let occurrences = &context.jargon.occurrences;
    let mut hits = Vec::with_capacity(occurrences.iter().filter(|o| pick(o)).count());
    hits.extend(occurrences.iter().filter(|o| pick(o)).map(|o| {
        let block = &document.blocks[o.block as usize];
        let surface = &block.text[o.text_range()];
        let suggestions = suggestions(context.jargon, document, o);
        Hit {
            span: o.span,
            selector: super::Selector::block(document, o.block as usize),
            message: message(surface, o, &suggestions),
            suggestions,
        }
    }));
    hits
}

/// A piece of a message: text as it is, or suggestions in quotes joined by "or".
enum Piece<'a> {
    Text(&'a str),
    Quoted(&'a [Suggestion]),
}

impl Piece<'_> {
    /// Its length in bytes, written.
    fn len(&self) -> usize {
        match self {
            Piece::Text(text) => text.len(),
            Piece::Quoted(suggestions) => suggestions
                .iter()
                .map(|s| s.replace_with.len() + " or \"\"".len())
                .sum::<usize>()
                .saturating_sub(" or ".len()),
        }
    }
}

impl Context<'_> {
    /// A message of `pieces`, written into the rules' messages: no formatting machinery and
    /// no intermediate string for the quoted suggestions (a hundred jargon messages per
    /// article).
    fn message(&self, pieces: &[Piece]) -> Message {
        self.messages.write(|out| write_pieces(out, pieces))
    }
}

/// Appends `pieces`, with room for them reserved at once.
fn write_pieces(out: &mut String, pieces: &[Piece]) {
    out.reserve(pieces.iter().map(Piece::len).sum());
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Quoted(suggestions) => {
                for (i, suggestion) in suggestions.iter().enumerate() {
                    if i > 0 {
                        out.push_str(" or ");
                    }
                    out.push('"');
                    out.push_str(&suggestion.replace_with);
                    out.push('"');
                }
            }
        }
    }
}

fn jargon_term(context: &Context) -> Vec<Hit> {
    hits(
        context,
        |o| o.kind == Kind::Term && !o.defined,
        |surface, o, suggestions| {
            let what = match o.band {
                TermBand::Rare => "a word few readers know",
                _ => "a medical term",
            };
            let (say, rest) = if suggestions.is_empty() {
                (
                    "",
                    ": explain it the first time you use it, or use a plainer word",
                )
            } else {
                (": say ", ", or explain it the first time you use it")
            };
            context.message(&[
                Piece::Text("\""),
                Piece::Text(surface),
                Piece::Text("\" is "),
                Piece::Text(what),
                Piece::Text(say),
                Piece::Quoted(suggestions),
                Piece::Text(rest),
            ])
        },
    )
}

fn jargon_term_defined(context: &Context) -> Vec<Hit> {
    hits(
        context,
        |o| o.kind == Kind::Term && o.defined,
        |surface, _, suggestions| {
            let rest = if suggestions.is_empty() {
                "\" is explained in the text"
            } else {
                "\" is explained in the text; a plainer word may still help: "
            };
            context.message(&[
                Piece::Text("\""),
                Piece::Text(surface),
                Piece::Text(rest),
                Piece::Quoted(suggestions),
            ])
        },
    )
}

fn acronym_undefined(context: &Context) -> Vec<Hit> {
    hits(
        context,
        |o| o.kind == Kind::Acronym && !o.defined,
        |surface, _, _| {
            context.message(&[
                Piece::Text("\""),
                Piece::Text(surface),
                Piece::Text("\" is not spelled out: write it in full the first time, with the acronym in brackets"),
            ])
        },
    )
}

pub(super) const IMAGE_ALT_JARGON: Rule = Rule {
    id: "image-alt-jargon",
    title: "Alt text uses a term many readers will not know",
    category: Category::Jargon,
    severity: Severity::Warning,
    wcag: &["1.1.1", "3.1.3"],
    act: &[],
    help: "Alt text is read aloud in place of the image, with no chance to look a word up. \
           Describe the image in everyday words (\"womb\" rather than \"uterus\") or explain \
           the term in the text around it. Guidance: PEMAT item 4; WCAG 3.1.3 Unusual Words.",
    check: image_alt_jargon,
};

/// Medical terms, rare words and unknown acronyms in the alt text of images, found with the
/// same word classification as the article's text.
fn image_alt_jargon(context: &Context) -> Vec<Hit> {
    let document = context.document;
    let mut hits = Vec::new();
    for image in &document.images {
        let Some(alt) = image.alt.as_deref().filter(|a| !a.trim().is_empty()) else {
            continue;
        };
        let tokens = crate::text::words::tokens(alt);
        let first_word = tokens.iter().position(|t| t.kind == TokenKind::Word);
        let terms: Vec<&str> = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.kind == TokenKind::Word)
            .filter_map(|(i, t)| {
                let surface = &alt[t.range.clone()];
                let spelling = Spelling::of_word(surface);
                let class = if is_name(&spelling, Some(i) == first_word, false, false) {
                    Class::Plain
                } else {
                    classify(&spelling, spelling.info.as_ref(), false)
                };
                matches!(
                    class,
                    Class::Found {
                        kind: Kind::Term | Kind::Acronym,
                        ..
                    }
                )
                .then_some(surface)
            })
            .collect();
        if terms.is_empty() {
            continue;
        }
        let listed: Vec<String> = terms.iter().map(|t| format!("\"{t}\"")).collect();
        hits.push(Hit {
            span: document.source.span(image.tag.start, image.tag.end),
            selector: Some(super::Selector::Element(image.selector.clone())),
            message: context.messages.add(format_args!(
                "Alt text uses {} that many readers will not know: describe the image in everyday words",
                listed.join(", ")
            )),
            suggestions: Suggestions::default(),
        });
    }
    hits
}

fn plain_word(context: &Context) -> Vec<Hit> {
    hits(
        context,
        |o| o.kind == Kind::PlainWord,
        |surface, _, suggestions| {
            if suggestions.is_empty() {
                return left_out(context, surface);
            }
            context.message(&[
                Piece::Text("\""),
                Piece::Text(surface),
                Piece::Text("\": "),
                Piece::Quoted(suggestions),
                Piece::Text(" is plainer"),
            ])
        },
    )
}

fn wordy_phrase(context: &Context) -> Vec<Hit> {
    hits(
        context,
        |o| o.kind == Kind::WordyPhrase,
        |surface, _, suggestions| {
            if suggestions.is_empty() {
                return left_out(context, surface);
            }
            context.message(&[
                Piece::Text("\""),
                Piece::Text(surface),
                Piece::Text("\": say "),
                Piece::Quoted(suggestions),
            ])
        },
    )
}

/// The message of a word or phrase with no alternative but to leave it out.
fn left_out(context: &Context, surface: &str) -> Message {
    context.message(&[
        Piece::Text("\""),
        Piece::Text(surface),
        Piece::Text("\" can often be left out"),
    ])
}

/// The `jargon` section of the report.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Jargon {
    /// Word tokens inside jargon terms and acronyms, per word of the text (0 without words).
    pub density: f64,
    /// The same, counting only uses not defined at that point.
    pub density_undefined: f64,
    /// Each jargon term or acronym once, in order of first use.
    pub terms: Vec<Term>,
    /// Counts of each sentence, in the order of the report's `sentences`.
    pub sentences: Vec<SentenceJargon>,
    /// Every use of a term, acronym, plain-word or wordy phrase, in document order, located in
    /// the report's `blocks` so that an output can mark it in place.
    pub uses: Vec<Use>,
}

/// One place a term, acronym, word or phrase with a plainer alternative is used.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Use {
    pub kind: Kind,
    pub text_range: crate::report::TextRange,
    pub span: Span,
    /// Index into the report's `sentences`.
    pub sentence: usize,
    /// Index into `terms`, for terms and acronyms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<usize>,
    /// Defined here or before (PEMAT item 4); always false for words and phrases.
    pub defined: bool,
}

/// A jargon term or acronym and its uses.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Term {
    /// As first written.
    pub term: String,
    /// Lowercase and American spelling (acronyms as written).
    // The occurrence's key: borrowed from the lexicon, as most keys are, it is not copied for
    // the report (the doc comment above is the API's description of the field).
    pub normalized: Cow<'static, str>,
    pub count: usize,
    pub band: TermBand,
    /// Defined somewhere in the text.
    pub defined: bool,
    /// Where it is defined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<Span>,
    #[schema(value_type = Vec<Suggestion>)]
    pub suggestions: Suggestions,
    pub spans: Vec<Span>,
}

/// Gives each term the spans of its uses, in their order, in a vector of its count: pushed
/// as the uses were met, each term's vector was made by the push's growth path and grown
/// again at its fifth use, some 300 instructions a term.
fn fill_spans(terms: &mut [Term], uses: &[Use]) {
    for term in terms.iter_mut() {
        term.spans = Vec::with_capacity(term.count);
    }
    for located in uses {
        if let Some(at) = located.term {
            terms[at].spans.push(located.span);
        }
    }
}

/// Builds the report's `jargon` section.
pub fn report(document: &Document, analysis: &Analysis) -> Jargon {
    let words: u32 = analysis.sentences.iter().map(|s| s.words).sum();
    let jargon: u32 = analysis.sentences.iter().map(|s| s.jargon).sum();
    let undefined: u32 = analysis.sentences.iter().map(|s| s.undefined).sum();
    let share = |n: u32| {
        if words == 0 {
            0.0
        } else {
            (f64::from(n) / f64::from(words) * 10_000.0).round() / 10_000.0
        }
    };
    // The terms are fewer than the uses of terms and acronyms: the terms' vector and their
    // index are sized by those once, not grown and rehashed five times each for an article's
    // 35 terms; the vector's spare room is given back at the end.
    let term_uses = analysis
        .occurrences
        .iter()
        .filter(|o| matches!(o.kind, Kind::Term | Kind::Acronym))
        .count();
    let mut terms: Vec<Term> = Vec::with_capacity(term_uses);
    // One use per occurrence: sized once, where grown by doubling its last step held 1.4 MB
    // beside its old block on a 1 MB page, while the findings were alive.
    let mut uses: Vec<Use> = Vec::with_capacity(analysis.occurrences.len());
    let mut index: HashMap<(&str, Kind), usize> =
        HashMap::with_capacity_and_hasher(term_uses, Default::default());
    for o in &analysis.occurrences {
        let span = o.span;
        let mut located = Use {
            kind: o.kind,
            text_range: crate::report::TextRange {
                block: o.block as usize,
                start: o.range.start as usize,
                end: o.range.end as usize,
            },
            span,
            sentence: o.sentence as usize,
            term: None,
            defined: o.defined,
        };
        if !matches!(o.kind, Kind::Term | Kind::Acronym) {
            uses.push(located);
            continue;
        }
        let at = *index.entry((&*o.key, o.kind)).or_insert_with(|| {
            terms.push(Term {
                term: document.blocks[o.block as usize].text[o.text_range()].to_string(),
                normalized: o.key.clone(),
                count: 0,
                band: o.band,
                defined: false,
                definition: None,
                suggestions: suggestions(analysis, document, o),
                spans: Vec::new(),
            });
            terms.len() - 1
        });
        located.term = Some(at);
        uses.push(located);
        let term = &mut terms[at];
        term.count += 1;
        if o.defined && !term.defined {
            term.defined = true;
            term.definition = o.definition.map(|at| analysis.definitions[at as usize]);
        }
    }
    terms.shrink_to_fit();
    fill_spans(&mut terms, &uses);
    Jargon {
        density: share(jargon),
        density_undefined: share(undefined),
        terms,
        sentences: analysis.sentences.clone(),
        uses,
    }
}

#[cfg(test)]
mod tests {
    use crate::{analyze_text, Options};

    /// (rule, excerpt) of the jargon findings on a plain text.
    fn fired(text: &str) -> Vec<(String, String)> {
        let report = analyze_text(text.as_bytes(), None, &Options::default()).unwrap();
        report
            .findings
            .into_iter()
            .filter(|f| f.category == super::Category::Jargon)
            .map(|f| (f.rule.to_string(), f.excerpt.to_string()))
            .collect()
    }

    fn fires(text: &str, rule: &str, excerpt: &str) -> bool {
        fired(text).iter().any(|(r, e)| r == rule && e == excerpt)
    }

    #[test]
    fn each_rule_fires_and_stays_quiet() {
        assert!(fires(
            "The scan showed the uterus.",
            "jargon-term",
            "uterus"
        ));
        assert!(!fires("The scan showed the womb.", "jargon-term", "womb"));
        assert!(fires("Ask about HRT today.", "acronym-undefined", "HRT"));
        assert!(fired("Ask about an MRI today.").is_empty());
        assert!(fires("We ensure it works.", "plain-word", "ensure"));
        assert!(fired("We make sure it works.").is_empty());
        assert!(fires(
            "Rest in order to heal.",
            "wordy-phrase",
            "in order to"
        ));
        assert!(fired("Rest to heal.").is_empty());
    }

    /// A word of middle frequency is a word to watch, its load counted, wherever it stands in
    /// a sentence, but where it is taken as a name: capitalised inside a sentence not in title
    /// case, plain, its load not counted (as another name's).
    #[test]
    fn words_to_watch_are_counted_but_where_they_are_names() {
        let counts = |text: &str| {
            let report = analyze_text(text.as_bytes(), None, &Options::default()).unwrap();
            let s = report.jargon.sentences[0];
            (s.watch, s.load)
        };
        assert_eq!(counts("We met the lantern today.").0, 1);
        assert_eq!(counts("Lantern light met us today.").0, 1);
        assert_eq!(counts("The Lantern Shop Opens Again Today.").0, 1);
        assert_eq!(counts("We met Lantern today."), counts("We met Bob today."));
        assert_eq!(counts("We met Lantern today.").0, 0);
        assert!(counts("We met the lantern today.").1 > counts("We met the Bob today.").1);
    }

    #[test]
    fn alt_text_jargon_fires_and_everyday_alt_text_does_not() {
        let html = |alt: &str| format!("<p>Text.</p><img src=a.png alt=\"{alt}\">");
        let fired = |alt: &str| {
            let report = crate::analyze_html(html(alt).as_bytes(), None, &Options::default())
                .expect("analysis");
            report.findings.iter().any(|f| f.rule == "image-alt-jargon")
        };
        assert!(fired("Leiomyosarcoma cells under a microscope"));
        assert!(fired("Diagram of the uterus and the myometrium"));
        assert!(!fired("A nurse talking to a patient in a clinic"));
        assert!(!fired("Doctor checking a woman's blood pressure"));
    }

    #[test]
    fn allowed_terms_are_not_jargon() {
        let text = "The tumours were removed with a hysterectomy. Ask your MDT.";
        let options = |allow: &[&str]| Options {
            allow_terms: allow.iter().map(|t| t.to_string()).collect(),
            ..Options::default()
        };
        let excerpts = |options: Options| -> Vec<String> {
            analyze_text(text.as_bytes(), None, &options)
                .unwrap()
                .findings
                .into_iter()
                .filter(|f| f.category == super::Category::Jargon)
                .map(|f| f.excerpt.to_string())
                .collect()
        };
        let all = excerpts(options(&[]));
        assert!(all.contains(&"hysterectomy".to_string()), "{all:?}");
        let allowed = excerpts(options(&["Hysterectomy", "tumour", "MDT"]));
        assert!(allowed.is_empty(), "{allowed:?}");
    }

    #[test]
    fn a_glossary_accepts_terms_and_offers_house_alternatives_first() {
        let glossary = crate::lexicon::glossary::Glossary::parse(
            "hysterectomy\tok\nuterus\tyour womb\ntablets\tpills\n",
        )
        .unwrap();
        let options = Options {
            glossary: Some(std::sync::Arc::new(glossary)),
            ..Options::default()
        };
        let text = "After a hysterectomy the uterus is gone. Take the tablets.";
        let report = analyze_text(text.as_bytes(), None, &options).unwrap();
        let jargon: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.category == super::Category::Jargon)
            .collect();
        assert!(!jargon.iter().any(|f| f.excerpt == "hysterectomy"));
        let uterus = jargon.iter().find(|f| f.excerpt == "uterus").unwrap();
        assert_eq!(uterus.suggestions[0].replace_with, "your womb");
        assert_eq!(uterus.suggestions[0].source, "glossary");
        // A common word the glossary has an alternative for is flagged here.
        let tablets = jargon.iter().find(|f| f.excerpt == "tablets").unwrap();
        assert_eq!(tablets.suggestions[0].replace_with, "pills");
    }

    /// Each jargon finding's excerpt, its suggestions and whether they are the lexicon's own
    /// list, borrowed, on a plain text in `language`.
    fn suggested(text: &str, language: &str) -> Vec<(String, Vec<String>, bool)> {
        let options = Options {
            language: Some(language.to_string()),
            ..Options::default()
        };
        let report = analyze_text(text.as_bytes(), None, &options).unwrap();
        report
            .findings
            .into_iter()
            .filter(|f| f.rule == "jargon-term")
            .map(|f| {
                let listed = matches!(f.suggestions, std::borrow::Cow::Borrowed(_));
                let said = f.suggestions.iter().map(|s| s.replace_with.to_string());
                (f.excerpt.to_string(), said.collect(), listed)
            })
            .collect()
    }

    #[test]
    fn every_form_has_its_own_cell() {
        use super::{Case, Form};
        let mut seen = [false; Form::COUNT];
        for british in [false, true] {
            for case in [Case::AsWritten, Case::Capitalised, Case::Capitals] {
                for plural in [false, true] {
                    let index = Form {
                        british,
                        case,
                        plural,
                    }
                    .index();
                    assert!(index < Form::COUNT && !seen[index], "form index {index}");
                    seen[index] = true;
                }
            }
        }
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn the_lexicons_suggestions_are_borrowed_in_the_case_number_and_spelling_of_the_text() {
        let text = "The neoplasm grew. Neoplasms grew. The neoplasms grew.";
        let found = |excerpt: &str, said: [&str; 2]| {
            (excerpt.to_string(), said.map(String::from).to_vec(), true)
        };
        assert_eq!(
            suggested(text, "en"),
            [
                found("neoplasm", ["growth", "tumor"]),
                found("Neoplasms", ["Growths", "Tumors"]),
                found("neoplasms", ["growths", "tumors"]),
            ]
        );
        assert_eq!(
            suggested(text, "en-GB"),
            [
                found("neoplasm", ["growth", "tumour"]),
                found("Neoplasms", ["Growths", "Tumours"]),
                found("neoplasms", ["growths", "tumours"]),
            ]
        );
    }

    /// A spelling made again from the thread's memo is the record worked out: its lexicon
    /// entry (its key as listed or made), acronym, tests and load, for listed, British,
    /// unlisted, possessive, unit, acronym, roman numeral, numeral, non-ASCII and unfit
    /// spellings alike, and one too long to be remembered.
    #[test]
    fn remembered_spellings_are_the_spellings() {
        use super::{Known, Spelling, KNOWN};
        use crate::text::memo;
        assert_eq!(std::mem::size_of::<Known>(), 32);
        let shown = |s: &Spelling| {
            let info = s.info.as_ref().map(|i| {
                let key = i.key(s.surface);
                let listed = matches!(key, crate::lexicon::WordKey::Listed(_));
                (format!("{i:?}"), key.as_str().to_owned(), listed)
            });
            (
                info,
                s.acronym().map(str::to_owned),
                s.flags,
                s.load.to_bits(),
                s.found as u8,
            )
        };
        for word in [
            "Metastasised",
            "TUMOURS",
            "doctor's",
            "Okonkwo",
            "mg",
            "MG",
            "mmHg",
            "NSAIDs",
            "CT",
            "III",
            "COVID-19",
            "1.5mg",
            "Ärzte",
            "’",
            "x",
            "pharmacologically-active",
        ] {
            // Worked out without the memo, whatever the thread met before.
            let (characters, letters) = crate::text::character_counts(word);
            let worked_out = shown(&Spelling::worked_out(word, characters, letters));
            assert_eq!(shown(&Spelling::of_word(word)), worked_out, "{word}, first");
            let kept = memo::Key::of(word).and_then(|k| KNOWN.with(|m| m.borrow().get(&k)));
            assert_eq!(kept.is_some(), word.len() < 16, "{word} is remembered");
            assert_eq!(
                shown(&Spelling::of_word(word)),
                worked_out,
                "{word}, remembered"
            );
        }
    }

    /// A spelling's class made back from its record is the class [`classify`] gives it in a
    /// sentence not all in capitals: plain, to watch, or found with its kind, band, key and
    /// substitution, whether it was worked out or remembered.
    #[test]
    fn a_spellings_kept_class_is_its_class() {
        use super::{classify, Class, Spelling};
        let shown = |class: Class, surface: &str| match class {
            Class::Plain => "plain".to_owned(),
            Class::Watch => "watch".to_owned(),
            Class::Found {
                kind,
                band,
                key,
                substituted,
            } => format!("{kind:?} {band:?} {} {substituted}", key.text(surface)),
        };
        let long = "pneumonoultramicroscopicsilicovolcanoconiosis".repeat(3);
        for word in [
            "neoplasm",
            "Neoplasms",
            "utilize",
            "approximately",
            "hypertension",
            "myocardial",
            "metastasised",
            "NSAIDs",
            "CT",
            "doctor",
            "the",
            "Okonkwo",
            "mg",
            "Ärzte",
            &long,
        ] {
            for _ in 0..2 {
                let spelling = Spelling::of_word(word);
                let classified = classify(&spelling, spelling.info.as_ref(), false);
                assert_eq!(
                    shown(spelling.class(), word),
                    shown(classified, word),
                    "{word}"
                );
            }
        }
    }

    #[test]
    fn everyday_health_phrases_are_not_wordy() {
        let found = fired("Most people have no side effects. Check your blood pressure.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn definitions_in_the_text() {
        for text in [
            "A biopsy, which is a small sample of tissue, is taken.",
            "A biopsy (a small sample of tissue) is taken.",
            "Biopsy means taking a small sample of tissue.",
            "They take a small sample of tissue, called a biopsy.",
        ] {
            assert!(
                fires(text, "jargon-term-defined", "biopsy")
                    || fires(text, "jargon-term-defined", "Biopsy"),
                "{text}"
            );
        }
        assert!(fires(
            "The womb (uterus) is small.",
            "jargon-term-defined",
            "uterus"
        ));
        assert!(!fires(
            "HRT (hormone replacement therapy) helps.",
            "acronym-undefined",
            "HRT"
        ));
        // A later use of a defined term is defined; a use before the definition is not.
        let found = fired("The biopsy hurts. A biopsy (a small sample of tissue) is taken.");
        assert_eq!(found[0], ("jargon-term".to_string(), "biopsy".to_string()));
    }

    #[test]
    fn acronyms_are_found_in_their_expansions() {
        use super::expansion_start as start;
        assert_eq!(start("LMS", "Uterine leiomyosarcoma"), Some(8));
        assert_eq!(start("HRT", "hormone replacement therapy"), Some(0));
        assert_eq!(
            start("NSAIDs", "non-steroidal anti-inflammatory drugs"),
            Some(0)
        );
        // At most min(|A| + 5, 2|A|) words back: six for three letters.
        let long = "we saw that the patient had a hormone replacement therapy";
        assert_eq!(start("HRT", long), long.find("hormone"));
        assert_eq!(start("WST", long), None);
        assert_eq!(start("XYZ", "hormone replacement therapy"), None);
        assert_eq!(start("--", "hormone"), None);
        // The first letter starts a word; the others need not.
        assert_eq!(start("RT", "arterial tone"), None);
        assert_eq!(start("\u{c9}M", "\u{e9}tat membre"), Some(0));
        // An ASCII window is compared byte for byte, one with another character by
        // characters: the two find the same places.
        let (ascii, other) = (
            "cafe hormone replacement therapy",
            "caf\u{e9} hormone replacement therapy",
        );
        for short in ["HRT", "hrt", "CRT", "cRt", "H2", "HRX"] {
            let found = start(short, ascii);
            assert_eq!(
                found.map(|s| s + usize::from(s > 0)),
                start(short, other),
                "{short}"
            );
        }
        assert_eq!(start("CRT", ascii), Some(0));
        assert_eq!(start("hrt", ascii), Some(5));
    }

    #[test]
    fn namers_are_compared_lowercased_after_articles() {
        use super::ends_with_namer as named;
        assert!(named("A small sample of tissue, called a") && named("a scan Known As the"));
        assert!(named("a test CALLED A A") && named("a scan called"));
        assert!(!named("a scan that is") && !named("a call") && !named(""));
        // A character that is not ASCII may lowercase to an ASCII one (the Kelvin sign).
        assert!(named("un examen \u{212a}nown as") && named("\u{e9}tape called an"));
        assert!(!named("\u{e9}tape cal\u{e9}d"));
    }

    #[test]
    fn openings_are_compared_lowercased() {
        use super::starts_with_lowercase as starts;
        assert!(starts("Is A rare cancer", "is a ") && starts("WHICH IS", "which is"));
        assert!(!starts("is", "is a ") && !starts("isn't", "is a "));
        // Told by the first byte alone, whatever its case, or by no byte at all.
        assert!(!starts("Was a", "is a ") && !starts("", "a ") && starts("A ", "a "));
        // A character that is not ASCII may lowercase to an ASCII one (the Kelvin sign).
        assert!(starts("\u{212a}nown as", "known as") && !starts("\u{e9}t\u{e9}", "et"));
    }

    #[test]
    fn the_gap_between_a_phrases_words_is_unicode_whitespace() {
        // Phrase matching tests the gap's bytes first: the answer must stay Unicode's.
        for gap in [" ", "  ", "\n", "\u{b}", "\u{a0}", " \u{2009}"] {
            assert!(super::is_space(gap), "{gap:?}");
        }
        for gap in ["-", " , ", "\u{200b}"] {
            assert!(!super::is_space(gap), "{gap:?}");
        }
    }

    #[test]
    fn names_numbers_and_units_are_not_jargon() {
        assert!(fired("Take 500 mg twice a day, says Dr Okonkwo.").is_empty());
        assert!(fired("Stage IV cancer needs a doctor.").is_empty());
    }
}
