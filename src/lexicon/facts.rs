// The layout of a word's facts in the `words` table. Shared by build.rs (which writes them) and
// the lexicon (which reads them) through `include!`, so both always agree.

/// Flags of a key's facts (byte 2): listed as an everyday word.
const EVERYDAY_OWN: u8 = 1;
/// The key or one of its base forms (`lemmas`) is an everyday word.
const EVERYDAY_ANY: u8 = 2;
/// A British or variant spelling with an American one (`gb_us`).
const BRITISH: u8 = 4;
/// Some multiword term or phrase begins with the key.
const PHRASE_START: u8 = 8;
/// Some unit of measure, lowercased, is the key.
const UNIT_LOWERCASE: u8 = 16;
/// A base form of the key (`lemmas`) is the last word of some multiword substitution.
const LEMMA_ENDS_PHRASE: u8 = 32;
/// The key is a word after the first of some multiword substitution or everyday phrase.
const FOLLOWS_IN_PHRASE: u8 = 64;
/// No substitution, in bytes 4–5 and 6–7.
const NO_SUBST: u16 = u16::MAX;
