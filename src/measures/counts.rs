//! Per-sentence counts: what the formulas need, counted once per sentence and summed into
//! [`super::Stats`] for the document and its sections. Also the word classes the formulas
//! define (Gunning's complex words, Dale–Chall's difficult words).

use super::{familiar, passive};
use crate::document::BlockKind;
use crate::text::memo::{self, Memo};
use crate::text::{self, Sentence, Spelling, Text};
use serde::Serialize;

/// Counts of one sentence (or, summed, of any run of sentences, or of the document).
///
/// `u32`, not `usize`: each count is at most the number of bytes of the text (a word has a
/// letter, a syllable, a character), which [`crate::source::Source`] keeps below 4 GiB, and
/// a large page holds two of these per sentence and one per block while the rules run (44
/// bytes each instead of 88).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Counts {
    pub words: u32,
    /// Sentences with at least one word.
    pub sentences: u32,
    pub syllables: u32,
    /// Words of three or more syllables (SMOG, Linsear Write).
    pub polysyllables: u32,
    /// Words of one syllable (FORCAST).
    pub monosyllables: u32,
    /// Gunning's complex words (Fog).
    pub complex_words: u32,
    /// Words not on the Dale–Chall familiar list (Dale–Chall).
    pub difficult_words: u32,
    /// Characters of words (ARI).
    pub characters: u32,
    /// Letters of words (Coleman–Liau).
    pub letters: u32,
    /// Sentences in the passive voice.
    pub passive_sentences: u32,
    /// Figures with a decimal fraction ("0.82", "2.5"). Not words for any formula but
    /// Dale–Chall, which reads each as an unfamiliar word (see [`super::formulas::dale_chall`]).
    pub decimal_figures: u32,
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.words += other.words;
        self.sentences += other.sentences;
        self.syllables += other.syllables;
        self.polysyllables += other.polysyllables;
        self.monosyllables += other.monosyllables;
        self.complex_words += other.complex_words;
        self.difficult_words += other.difficult_words;
        self.characters += other.characters;
        self.letters += other.letters;
        self.passive_sentences += other.passive_sentences;
        self.decimal_figures += other.decimal_figures;
    }
}

/// Which units count as sentences in the scores.
///
/// A sentence of a paragraph, list item, quote, caption or definition counts; headings, table
/// cells and definition terms do not. Headings and terms are labels, and table cells are data:
/// the formulas were fitted on running prose, and counting a two-word label as a sentence makes
/// any text look easier the more headings it has. List items count, because readers read each
/// one as a sentence and a list is an easier way to say the same thing. Units that do not count
/// are still reported per sentence (with `scored: false`) and checked.
pub fn is_scored(kind: BlockKind) -> bool {
    !matches!(
        kind,
        BlockKind::Heading(_) | BlockKind::TableCell | BlockKind::Term
    )
}

/// What [`count`] needs to know of each spelling of a document ([`Text::spellings`]) beyond
/// the text engine's facts, worked out once per spelling: the Dale–Chall test alone probes the
/// list up to a dozen times per word, and passive voice compares a word with some 180 forms.
#[derive(Debug, Default)]
pub struct Spellings {
    /// For each spelling, its [`Facts`] and what a word of it adds to its sentence's counts.
    /// Per spelling, not per word, as the article repeats most of its words.
    words: Vec<Word>,
}

/// A spelling as [`count`] reads it at every word: one index, one load of its sums.
#[derive(Debug, Clone, Copy)]
struct Word {
    /// What a word of this spelling adds to its sentence's counts inside the sentence (one
    /// sentence's first word is classed apart).
    tally: Tally,
    facts: Facts,
}

/// A spelling's facts as bits of one byte: Gunning's and Dale–Chall's classes inside a
/// sentence and at its start (capitalisation means something else there) and whether it is
/// a form of "be", all worked out for every spelling before the words are counted, and its
/// passive-voice class, worked out when first asked.
#[derive(Debug, Clone, Copy, Default)]
struct Facts(u8);

impl Facts {
    /// Per position (0 inside a sentence, 1 at its start, two bits apart): complex, difficult.
    const COMPLEX: u8 = 1;
    const DIFFICULT: u8 = 2;
    /// A form of "be" (worked out with the classes, as every word needs them).
    const BE: u8 = 1 << 4;
    /// The passive-voice class: worked out, an adverb between "be" and its participle, a
    /// participle.
    const FOLLOWER: u8 = 1 << 5;
    const BETWEEN: u8 = 1 << 6;
    const PARTICIPLE: u8 = 1 << 7;

    /// The class bits of `position`.
    fn class(self, position: usize) -> u8 {
        self.0 >> (2 * position) & 3
    }

    fn set(&mut self, bits: u8, on: bool) {
        if on {
            self.0 |= bits;
        }
    }
}

/// The [`Counts`] a run of words adds up to, as eight lanes of one array in the order of
/// [`Tally::counts`]: a word's part is worked out once per spelling and added with one
/// vector addition (two SSE2 additions on x86-64), where each word loaded its spelling's
/// syllables, characters and letters, tested its syllables twice and its class bits twice and
/// added eight counts one by one. No lane carries into another: each sum is at most the
/// text's bytes, which [`crate::source::Source`] keeps below 4 GiB.
#[derive(Debug, Clone, Copy, Default)]
struct Tally([u32; 8]);

impl Tally {
    /// What a word of `spelling` adds, its [`Facts`] class bits where it stands being `class`.
    fn of(spelling: &Spelling, class: u8) -> Tally {
        let syllables = spelling.syllables;
        Tally([
            1,
            syllables,
            u32::from(syllables >= 3),
            u32::from(syllables == 1),
            u32::from(class & Facts::COMPLEX != 0),
            u32::from(class & Facts::DIFFICULT != 0),
            spelling.characters,
            spelling.letters,
        ])
    }

    #[inline]
    fn add(&mut self, other: &Tally) {
        for (sum, part) in self.0.iter_mut().zip(other.0) {
            *sum += part;
        }
    }

    /// The word counts summed (the sentence's own counts are set by [`count`]).
    fn counts(self) -> Counts {
        let [words, syllables, polysyllables, monosyllables, complex_words, difficult_words, characters, letters] =
            self.0;
        Counts {
            words,
            syllables,
            polysyllables,
            monosyllables,
            complex_words,
            difficult_words,
            characters,
            letters,
            ..Counts::default()
        }
    }
}

impl Spellings {
    /// The classes and sums of every spelling of `text`, worked out at once: every spelling is
    /// a word of some sentence, so [`count`] asks for each, and the loop over words then
    /// tests nothing to know whether a spelling's facts are known.
    pub fn new(text: &Text) -> Spellings {
        let words = text
            .spellings
            .iter()
            .map(|spelling| {
                let facts = Facts(spelling.classes.unwrap_or_else(|| classes(spelling)));
                Word {
                    tally: Tally::of(spelling, facts.class(0)),
                    facts,
                }
            })
            .collect();
        Spellings { words }
    }

    /// The passive-voice class of spelling `id`, asked only of words after a form of "be".
    fn follower(&mut self, text: &Text, id: usize) -> passive::Follower {
        let facts = &mut self.words[id].facts;
        if facts.0 & Facts::FOLLOWER == 0 {
            learn(&text.spellings[id], facts);
        }
        passive::Follower {
            between: facts.0 & Facts::BETWEEN != 0,
            participle: facts.0 & Facts::PARTICIPLE != 0,
        }
    }
}

/// Works out a spelling's passive-voice class into `facts` and remembers it (see
/// [`remember`]). Out of line and cold: a steady document works out none, and inlined into
/// [`count`]'s loop over words, with the memo's probe, it took registers the loop then kept
/// on the stack at every word.
#[cold]
#[inline(never)]
fn learn(spelling: &Spelling, facts: &mut Facts) {
    let follower = passive::Follower::of(spelling.text);
    facts.set(Facts::FOLLOWER, true);
    facts.set(Facts::BETWEEN, follower.between);
    facts.set(Facts::PARTICIPLE, follower.participle);
    remember(spelling, *facts);
}

/// A spelling's classes as [`Facts`] bits (both positions and [`Facts::BE`], and its
/// passive-voice class once a document asked for it: see [`remember`]), for a spelling the
/// text engine has none for ([`Spelling::classes`]), which are then given to it
/// ([`text::keep_classes`]) for the next document. Remembered per thread too (`text::memo`),
/// which keeps more words than the text engine's table: each is a function of the spelling
/// alone, and the words of one article are mostly those of the last, so a remembered spelling
/// costs one probe of the memo where working them out cost the Dale–Chall probes, the "be"
/// forms' comparison and Gunning's test.
fn classes(spelling: &Spelling) -> u8 {
    let Some(key) = memo::Key::of(spelling.text) else {
        return classes_of(spelling);
    };
    let classes = match CLASSES.with(|m| m.borrow().get(&key)) {
        Some(classes) => classes,
        None => {
            let classes = classes_of(spelling);
            CLASSES.with(|m| m.borrow_mut().put(key, classes));
            classes
        }
    };
    text::keep_classes(spelling, classes);
    classes
}

/// Keeps a spelling's passive-voice class, worked out, with its classes in the thread's
/// memo, which [`classes`] then answers with: the next document that has the word after a
/// form of "be" reads its class from [`Spellings::new`]'s probe instead of working it out
/// again (about 460 instructions, the folded word and the participle's tests). Only a word
/// asked about is given one: working it out for every new spelling would cost a first
/// analysis far more than the few dozen words after "be" an article has. The text engine's
/// table is given them too, as it answers first.
fn remember(spelling: &Spelling, facts: Facts) {
    if let Some(key) = memo::Key::of(spelling.text) {
        CLASSES.with(|m| m.borrow_mut().replace(&key, facts.0));
        text::keep_classes(spelling, facts.0);
    }
}

thread_local! {
    /// Each spelling's [`Facts`]: its classes, and its passive-voice class once asked.
    static CLASSES: std::cell::RefCell<Memo> = const { std::cell::RefCell::new(Memo::new()) };
}

/// [`classes`] worked out.
fn classes_of(spelling: &Spelling) -> u8 {
    let word = spelling.text;
    let familiarity = familiar::familiarity(word);
    let mut facts = Facts::default();
    facts.set(Facts::BE, passive::is_be(word));
    for (position, familiar) in [(0, familiar::INSIDE), (1, familiar::INITIAL)] {
        let complex = is_complex(word, spelling.syllables as usize, position == 1);
        let shift = 2 * position;
        facts.set(Facts::COMPLEX << shift, complex);
        facts.set(Facts::DIFFICULT << shift, familiarity & familiar == 0);
    }
    facts.0
}

/// Counts one sentence of `text`; `spellings` holds the facts of the document's spellings.
/// Only the words' spellings are read, not their tokens.
pub fn count(text: &Text, sentence: &Sentence, spellings: &mut Spellings) -> Counts {
    // Summed apart from the counts returned, which the compiler would otherwise update in
    // memory at every word.
    let mut words = Tally::default();
    let mut passive = passive::Watch::default();
    let mut ids = text
        .token_spellings_of(sentence)
        .iter()
        .filter_map(|&id| Some(id? as usize));
    // The first word is classed at the start of the sentence, the others inside it.
    if let Some(id) = ids.next() {
        let facts = spellings.words[id].facts;
        words.add(&Tally::of(&text.spellings[id], facts.class(1)));
        passive.word(facts.0 & Facts::BE != 0, || spellings.follower(text, id));
    }
    for id in ids {
        let word = spellings.words[id];
        words.add(&word.tally);
        passive.word(word.facts.0 & Facts::BE != 0, || {
            spellings.follower(text, id)
        });
    }
    let words = words.counts();
    Counts {
        sentences: u32::from(words.words > 0),
        decimal_figures: sentence.decimal_figures,
        passive_sentences: u32::from(passive.found()),
        ..words
    }
}

/// Gunning's complex word: three or more syllables, not counting an -es, -ed or -ing ending
/// that adds a syllable; not a proper noun (a capitalised word that does not begin its
/// sentence, or an abbreviation in capitals); not a hyphenated compound.
pub fn is_complex(word: &str, syllables: usize, initial: bool) -> bool {
    if syllables < 3 || word.contains(['-', '\u{2010}', '\u{2011}']) {
        return false;
    }
    let mut chars = word.chars();
    if chars.next().is_some_and(char::is_uppercase) && (!initial || chars.all(char::is_uppercase)) {
        return false;
    }
    let word = word.as_bytes();
    let suffix_syllable = if ["ing", "ted", "ded"].iter().any(|end| ends_with(word, end)) {
        1
    } else if ends_with(word, "es") {
        let stem = &word[..word.len() - 2];
        usize::from(
            ["s", "x", "z", "ch", "sh", "c", "g"]
                .iter()
                .any(|end| ends_with(stem, end)),
        )
    } else {
        0
    };
    syllables - suffix_syllable >= 3
}

/// Whether `word` ends with the lowercase ASCII `end`, in any case (no allocation).
fn ends_with(word: &[u8], end: &str) -> bool {
    word.len() >= end.len() && word[word.len() - end.len()..].eq_ignore_ascii_case(end.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::source::Source;

    #[test]
    fn complex_words_per_gunning() {
        assert!(is_complex("consequences", 4, false));
        assert!(is_complex("Electricity", 5, true));
        assert!(is_complex("imagined", 3, false));
        // Only three syllables with the ending.
        assert!(!is_complex("completed", 3, false));
        assert!(!is_complex("expecting", 3, false));
        assert!(!is_complex("condenses", 3, false));
        // Proper nouns, abbreviations in capitals and compounds.
        assert!(!is_complex("Melbourne", 3, false));
        assert!(!is_complex("UNESCO", 3, true));
        assert!(!is_complex("well-informed", 3, false));
        assert!(!is_complex("happy", 2, false));
    }

    fn counted(text: &str) -> Vec<Counts> {
        let document = Document::from_text(Source::from_text(text));
        let text = crate::text::analyze(&document.blocks);
        let mut spellings = Spellings::new(&text);
        text.sentences
            .iter()
            .map(|sentence| count(&text, sentence, &mut spellings))
            .collect()
    }

    #[test]
    fn a_remembered_passive_voice_class_answers_as_a_new_one() {
        // The first document works out the classes of the words after "was" and keeps them
        // with the words' classes; later documents on the thread read them from there, and
        // count the same passive sentences. "quickly" is an adverb between "be" and its
        // participle, "there" is neither.
        let text = "The report was quickly written. It was there. The form was signed.";
        let passive = |counts: Vec<Counts>| -> Vec<u32> {
            counts.iter().map(|c| c.passive_sentences).collect()
        };
        let first = passive(counted(text));
        assert_eq!(first, [1, 0, 1]);
        let key = memo::Key::of("written").unwrap();
        let kept = CLASSES.with(|m| m.borrow().get(&key)).unwrap();
        assert_ne!(kept & Facts::FOLLOWER, 0);
        assert_ne!(kept & Facts::PARTICIPLE, 0);
        for _ in 0..2 {
            assert_eq!(passive(counted(text)), first);
        }
    }

    #[test]
    fn familiarity_is_remembered_per_spelling_and_position() {
        // "Cochrane" is difficult where it opens a sentence and a name inside one.
        let counts = counted("Cochrane helps. We help Cochrane. Cochrane helps.");
        let difficult: Vec<u32> = counts.iter().map(|c| c.difficult_words).collect();
        assert_eq!(difficult, [1, 0, 1]);
    }

    #[test]
    fn remembered_classes_are_the_classes() {
        let document = Document::from_text(Source::from_text(
            "Doctor Cochrane was well-known. Is the colour of CI, D3 and L naïve? \
             Children's aminotransferases metastasised, didn’t they?",
        ));
        let text = crate::text::analyze(&document.blocks);
        // Every spelling twice: the second answer of each is the remembered one. A word's
        // passive-voice class, once a document asked for it, is kept with its classes (see
        // `remember`), so those bits are left out of the comparison.
        let passive = Facts::FOLLOWER | Facts::BETWEEN | Facts::PARTICIPLE;
        for _ in 0..2 {
            for spelling in &text.spellings {
                assert_eq!(
                    classes(spelling) & !passive,
                    classes_of(spelling),
                    "{}",
                    spelling.text
                );
            }
        }
    }

    #[test]
    fn classes_kept_by_the_text_engine_are_the_classes() {
        let text = "Doctor Cochrane was well-known. Is the colour of CI, D3 and L naïve? \
                    Children's aminotransferases metastasised, didn’t they? It was given.";
        let first = counted(text);
        let document = Document::from_text(Source::from_text(text));
        let analysed = crate::text::analyze(&document.blocks);
        // The second analysis has the classes the first one's measures worked out, for every
        // word of fewer than sixteen bytes, and counts the same.
        let passive = Facts::FOLLOWER | Facts::BETWEEN | Facts::PARTICIPLE;
        for spelling in &analysed.spellings {
            match spelling.classes {
                Some(kept) => {
                    assert_eq!(kept & !passive, classes_of(spelling), "{}", spelling.text)
                }
                None => assert!(spelling.text.len() >= 16, "{}", spelling.text),
            }
        }
        let given = analysed
            .spellings
            .iter()
            .find(|s| s.text == "given")
            .unwrap();
        assert_ne!(given.classes.unwrap() & Facts::PARTICIPLE, 0);
        assert_eq!(counted(text), first);
    }

    #[test]
    fn passive_sentences_by_the_classes_of_their_words() {
        let counts = counted("It was given. It was not often given. Given it was. Was it?");
        let passive: Vec<u32> = counts.iter().map(|c| c.passive_sentences).collect();
        assert_eq!(passive, [1, 1, 0, 0]);
    }

    #[test]
    fn headings_and_table_cells_are_not_scored() {
        assert!(!is_scored(BlockKind::Heading(2)));
        assert!(!is_scored(BlockKind::TableCell));
        assert!(is_scored(BlockKind::ListItem));
        assert!(is_scored(BlockKind::Paragraph));
    }
}
