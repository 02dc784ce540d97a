//! How hard one sentence is: a numeric `difficulty_score` on the scale of school grades, and
//! the `ok` / `hard` / `very_hard` label derived from it, in the style of the Hemingway editor
//! (a long sentence at grade 10 or above is hard, at grade 14 or above very hard).
//!
//! The score is a function of the sentence's counts ([`Inputs`]): its length, its syllables
//! per word and its share of words outside the Dale–Chall familiar list. Unfamiliar words
//! track human ratings of medical sentences better than syllables do (MedReadMe, Jiang and Xu
//! 2024; see the `Readability` section of EVALUATION.md). More inputs (jargon terms) can be
//! added to [`Inputs`] without changing callers.

use super::counts::Counts;
use serde::{Deserialize, Serialize};

/// How hard a sentence is to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    Ok,
    Hard,
    VeryHard,
}

/// Where `hard` and `very_hard` begin. Sentences of fewer than `min_words` words are never
/// hard, however long their words: short sentences are not what slows readers down.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
pub struct Thresholds {
    pub hard: f64,
    pub very_hard: f64,
    pub min_words: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            hard: 10.0,
            very_hard: 14.0,
            min_words: 14,
        }
    }
}

/// What the score is computed from: the sentence's counts and its jargon.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inputs {
    pub counts: Counts,
    pub jargon: JargonInputs,
}

/// The jargon of a sentence, as the jargon analysis counts it.
#[derive(Debug, Clone, Copy, Default)]
pub struct JargonInputs {
    /// Lexical load: the sum over words of how far each falls below Zipf 5.
    pub load: f64,
    /// Word tokens inside jargon terms and acronyms.
    pub jargon: usize,
    /// Of those, tokens of terms not defined at that point.
    pub undefined: usize,
    /// Acronyms.
    pub acronyms: usize,
    /// Words of middle frequency (Zipf 3–4).
    pub watch: usize,
}

// Weights of the score, printed by `scripts/fit_difficulty.py`: a least-squares fit of the
// human ratings of MedReadMe's train and dev sentences (Jiang and Xu 2024), equated onto the
// Flesch–Kincaid grade scale (same mean and spread on those sentences). Length enters through
// its logarithm alone, so a longer sentence never scores easier. With syllables per word held
// fixed, longer words weigh less: the ratings follow syllables per letter more than letters.
const SQRT_LOAD: f64 = 6.1953;
const LOAD: f64 = -0.3122;
const JARGON: f64 = -0.4918;
const UNDEFINED: f64 = 0.4820;
const ACRONYMS: f64 = -0.2708;
const WATCH: f64 = -0.2768;
const LN_WORDS: f64 = 1.4367;
const SYLLABLES_PER_WORD: f64 = 5.0805;
const DIFFICULT_SHARE: f64 = 3.5204;
const LETTERS_PER_WORD: f64 = -1.8796;
const CONSTANT: f64 = -3.0494;

/// The difficulty score of a sentence, on the scale of school grades; `None` without words.
///
/// Rare words weigh most (through the jargon analysis' lexical load): on MedReadMe's test
/// sentences the score's Spearman correlation with human ratings is 0.802, against 0.579 for
/// the Flesch–Kincaid grade of the sentence (EVALUATION.md, `Readability`).
pub fn score(inputs: &Inputs) -> Option<f64> {
    let c = &inputs.counts;
    let j = &inputs.jargon;
    if c.words == 0 {
        return None;
    }
    let words = c.words as f64;
    Some(
        SQRT_LOAD * j.load.max(0.0).sqrt()
            + LOAD * j.load
            + JARGON * j.jargon as f64
            + UNDEFINED * j.undefined as f64
            + ACRONYMS * j.acronyms as f64
            + WATCH * j.watch as f64
            + LN_WORDS * (1.0 + words).ln()
            + SYLLABLES_PER_WORD * c.syllables as f64 / words
            + DIFFICULT_SHARE * c.difficult_words as f64 / words
            + LETTERS_PER_WORD * c.letters as f64 / words
            + CONSTANT,
    )
}

/// The label of a score.
pub fn label(score: Option<f64>, words: usize, thresholds: &Thresholds) -> Difficulty {
    match score {
        Some(s) if words >= thresholds.min_words && s >= thresholds.very_hard => {
            Difficulty::VeryHard
        }
        Some(s) if words >= thresholds.min_words && s >= thresholds.hard => Difficulty::Hard,
        _ => Difficulty::Ok,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(words: u32, syllables: u32, difficult_words: u32, load: f64) -> Inputs {
        Inputs {
            counts: Counts {
                words,
                syllables,
                difficult_words,
                letters: words * 5,
                sentences: 1,
                ..Counts::default()
            },
            jargon: JargonInputs {
                load,
                jargon: 2,
                undefined: 1,
                acronyms: 0,
                watch: 1,
            },
        }
    }

    #[test]
    fn score_hand_computed() {
        // 6.1953·√9 − 0.3122·9 − 0.4918·2 + 0.4820·1 − 0.2768·1 + 1.4367·ln 21
        //   + 5.0805·1.5 + 3.5204·0.3 − 1.8796·5 − 3.0494
        let expected = 6.1953 * 3.0 - 0.3122 * 9.0 - 0.4918 * 2.0 + 0.4820 - 0.2768
            + 1.4367 * 21f64.ln()
            + 5.0805 * 1.5
            + 3.5204 * 0.3
            - 1.8796 * 5.0
            - 3.0494;
        let s = score(&inputs(20, 30, 6, 9.0)).unwrap();
        assert!((s - expected).abs() < 1e-9, "{s}");
        assert_eq!(score(&inputs(0, 0, 0, 0.0)), None);
    }

    #[test]
    fn more_rare_words_and_more_length_make_a_sentence_harder() {
        let base = score(&inputs(15, 22, 3, 4.0)).unwrap();
        assert!(score(&inputs(15, 22, 3, 12.0)).unwrap() > base);
        assert!(score(&inputs(45, 66, 9, 4.0)).unwrap() > base);
    }

    #[test]
    fn labels_follow_thresholds_and_minimum_length() {
        let t = Thresholds::default();
        assert_eq!(label(Some(11.0), 20, &t), Difficulty::Hard);
        assert_eq!(label(Some(15.0), 20, &t), Difficulty::VeryHard);
        assert_eq!(label(Some(15.0), 8, &t), Difficulty::Ok);
        assert_eq!(label(Some(9.9), 30, &t), Difficulty::Ok);
        assert_eq!(label(None, 30, &t), Difficulty::Ok);
    }
}
