//! Per-sentence counts: what the formulas need, counted once per sentence and summed into
//! [`super::Stats`] for the document and its sections. Also the word classes the formulas
//! define (Gunning's complex words, Dale–Chall's difficult words).

use super::{familiar, passive};
use crate::document::BlockKind;
use crate::text::{Sentence, Text};
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
    /// Gunning's and Dale–Chall's classes of each spelling inside a sentence and at its start
    /// (capitalisation means something else there), each worked out when first needed: see
    /// [`Class`]. Per spelling, not per word, as the article repeats most of its words.
    classes: Vec<Class>,
    /// Whether each spelling is a form of "be".
    be: Vec<bool>,
    /// The passive-voice class of each spelling met after a form of "be".
    follower: Vec<Option<passive::Follower>>,
    /// The sentence being counted: its words' spellings and whether each is a form of "be"
    /// (reused, so no allocation per sentence).
    sentence: Vec<usize>,
    sentence_be: Vec<bool>,
}

/// A spelling's classes in both positions, as bits: for each position whether it was worked
/// out, whether the word is complex and whether it is difficult there (one byte, where an
/// `Option<bool>` per class and position took four).
#[derive(Debug, Clone, Copy, Default)]
struct Class(u8);

impl Class {
    const KNOWN: u8 = 1;
    const COMPLEX: u8 = 2;
    const DIFFICULT: u8 = 4;

    /// The bits of `position` (0 inside a sentence, 1 at its start).
    fn bits(self, position: usize) -> u8 {
        self.0 >> (3 * position) & 7
    }

    fn with(self, position: usize, complex: bool, difficult: bool) -> Class {
        let bits = Class::KNOWN
            | if complex { Class::COMPLEX } else { 0 }
            | if difficult { Class::DIFFICULT } else { 0 };
        Class(self.0 | bits << (3 * position))
    }
}

impl Spellings {
    /// Room for the spellings of `text`.
    pub fn new(text: &Text) -> Spellings {
        Spellings {
            classes: vec![Class::default(); text.spellings.len()],
            be: text
                .spellings
                .iter()
                .map(|s| passive::is_be(s.text))
                .collect(),
            follower: vec![None; text.spellings.len()],
            sentence: Vec::new(),
            sentence_be: Vec::new(),
        }
    }

    /// Whether spelling `id` is a complex word and whether it is a difficult one, at the start
    /// of a sentence when `initial`, as [`Class`] bits.
    fn class(&mut self, text: &Text, id: usize, initial: bool) -> u8 {
        let position = usize::from(initial);
        let class = self.classes[id];
        if class.bits(position) & Class::KNOWN != 0 {
            return class.bits(position);
        }
        let spelling = &text.spellings[id];
        let complex = is_complex(spelling.text, spelling.syllables as usize, initial);
        let difficult = !familiar::is_familiar(spelling.text, initial);
        let class = class.with(position, complex, difficult);
        self.classes[id] = class;
        class.bits(position)
    }

    /// Whether the sentence whose words were gathered in `self.sentence` is in the passive.
    fn passive(&mut self, text: &Text) -> bool {
        let Spellings {
            be,
            follower,
            sentence,
            sentence_be,
            ..
        } = self;
        sentence_be.clear();
        sentence_be.extend(sentence.iter().map(|&id| be[id]));
        passive::is_passive(sentence_be, |i| {
            let id = sentence[i];
            *follower[id].get_or_insert_with(|| passive::Follower::of(text.spellings[id].text))
        })
    }
}

/// Counts one sentence of `text`; `spellings` holds the facts of the document's spellings
/// worked out so far (filled in as new spellings are met).
pub fn count(text: &Text, sentence: &Sentence, spellings: &mut Spellings) -> Counts {
    let mut counts = Counts::default();
    spellings.sentence.clear();
    for (index, (_, id)) in text.words(sentence).enumerate() {
        let spelling = &text.spellings[id];
        let syllables = spelling.syllables;
        let class = spellings.class(text, id, index == 0);
        counts.words += 1;
        counts.syllables += syllables;
        counts.polysyllables += u32::from(syllables >= 3);
        counts.monosyllables += u32::from(syllables == 1);
        counts.complex_words += u32::from(class & Class::COMPLEX != 0);
        counts.difficult_words += u32::from(class & Class::DIFFICULT != 0);
        counts.characters += spelling.characters;
        counts.letters += spelling.letters;
        spellings.sentence.push(id);
    }
    counts.sentences = u32::from(counts.words > 0);
    counts.decimal_figures = sentence.decimal_figures;
    counts.passive_sentences = u32::from(spellings.passive(text));
    counts
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
    fn familiarity_is_remembered_per_spelling_and_position() {
        // "Cochrane" is difficult where it opens a sentence and a name inside one.
        let counts = counted("Cochrane helps. We help Cochrane. Cochrane helps.");
        let difficult: Vec<u32> = counts.iter().map(|c| c.difficult_words).collect();
        assert_eq!(difficult, [1, 0, 1]);
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
