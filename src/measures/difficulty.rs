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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

/// What the score is computed from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inputs {
    pub counts: Counts,
}

/// Grade points per word of the sentence (Flesch–Kincaid's weight).
const PER_WORD: f64 = 0.39;
/// Grade points per syllable per word.
const PER_SYLLABLE_PER_WORD: f64 = 4.0;
/// Grade points per unfamiliar word per word.
const PER_DIFFICULT_SHARE: f64 = 20.0;
const CONSTANT: f64 = -8.55;

/// The difficulty score: 0.39 · words + 4 · (syllables / words) + 20 · (difficult words /
/// words) − 8.55. `None` for a sentence without words.
///
/// The weights are a least-squares fit of the MedReadMe training sentences' human ratings,
/// rescaled so that length weighs what it weighs in Flesch–Kincaid (0.39 per word) and shifted
/// so that the mean score on those sentences equals their mean Flesch–Kincaid grade: the
/// score reads as a grade, and the Hemingway-style thresholds apply to it.
pub fn score(inputs: &Inputs) -> Option<f64> {
    let c = &inputs.counts;
    if c.words == 0 {
        return None;
    }
    let words = c.words as f64;
    Some(
        PER_WORD * words
            + PER_SYLLABLE_PER_WORD * c.syllables as f64 / words
            + PER_DIFFICULT_SHARE * c.difficult_words as f64 / words
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

    fn inputs(words: usize, syllables: usize, difficult_words: usize) -> Inputs {
        Inputs {
            counts: Counts {
                words,
                syllables,
                difficult_words,
                sentences: 1,
                ..Counts::default()
            },
        }
    }

    #[test]
    fn score_hand_computed() {
        // 0.39·20 + 4·1.5 + 20·0.3 − 8.55 = 7.8 + 6 + 6 − 8.55
        let s = score(&inputs(20, 30, 6)).unwrap();
        assert!((s - 11.25).abs() < 1e-9, "{s}");
        assert_eq!(score(&inputs(0, 0, 0)), None);
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
