//! Readability formulas, each a function of counts, each citing its source.
//!
//! Every function takes the counts reported in [`super::Stats`], so any score in a report can
//! be recomputed from the report's `stats`. Every function returns `None` when its counts cannot
//! support it (no words or no sentences): a score of an empty text would be a made-up number.
//!
//! Whole-text forms: formulas defined on a sample (SMOG's 30 sentences, FORCAST's 150 words,
//! Linsear Write's 100 words) are applied to the whole text with their counts scaled to the
//! sample size, which is what the sampling procedures estimate.

use super::counts::Counts;

/// Flesch Reading Ease: 206.835 − 1.015 · (words / sentences) − 84.6 · (syllables / words).
/// Flesch, R. (1948). "A new readability yardstick". Journal of Applied Psychology 32(3),
/// 221–233. Higher is easier; 60–70 is plain English.
pub fn flesch_reading_ease(words: u32, sentences: u32, syllables: u32) -> Option<f64> {
    let (wps, spw) = ratios(words, sentences, syllables)?;
    Some(206.835 - 1.015 * wps - 84.6 * spw)
}

/// Flesch–Kincaid grade level: 0.39 · (words / sentences) + 11.8 · (syllables / words) − 15.59.
/// Kincaid, J. P., Fishburne, R. P., Rogers, R. L., Chissom, B. S. (1975). "Derivation of new
/// readability formulas for Navy enlisted personnel". Research Branch Report 8-75, Naval
/// Technical Training Command.
pub fn flesch_kincaid_grade(words: u32, sentences: u32, syllables: u32) -> Option<f64> {
    let (wps, spw) = ratios(words, sentences, syllables)?;
    Some(0.39 * wps + 11.8 * spw - 15.59)
}

/// Gunning Fog index: 0.4 · (words / sentences + 100 · complex words / words).
/// Gunning, R. (1952). The Technique of Clear Writing. McGraw-Hill. A complex word has three or
/// more syllables, is not a proper noun or a hyphenated compound, and does not reach three
/// syllables only by an -es, -ed or -ing ending (see [`super::counts::is_complex`]).
pub fn gunning_fog(words: u32, sentences: u32, complex_words: u32) -> Option<f64> {
    let (wps, share) = ratios(words, sentences, complex_words)?;
    Some(0.4 * (wps + 100.0 * share))
}

/// SMOG grade: 1.0430 · √(polysyllables · 30 / sentences) + 3.1291.
/// McLaughlin, G. H. (1969). "SMOG grading — a new readability formula". Journal of Reading
/// 12(8), 639–646. The formula counts polysyllables (three or more syllables) in 30 sentences;
/// the count is normalised to 30 sentences here, and the report warns below 30
/// (`smog_needs_30_sentences`) because the formula was not validated on shorter samples.
pub fn smog(sentences: u32, polysyllables: u32) -> Option<f64> {
    if sentences == 0 {
        return None;
    }
    Some(1.0430 * (polysyllables as f64 * 30.0 / sentences as f64).sqrt() + 3.1291)
}

/// Coleman–Liau index: 0.0588 · L − 0.296 · S − 15.8, where L is letters per 100 words and
/// S sentences per 100 words.
/// Coleman, M., Liau, T. L. (1975). "A computer readability formula designed for machine
/// scoring". Journal of Applied Psychology 60(2), 283–284.
pub fn coleman_liau(words: u32, sentences: u32, letters: u32) -> Option<f64> {
    let (wps, lpw) = ratios(words, sentences, letters)?;
    let l = 100.0 * lpw;
    let s = 100.0 / wps;
    Some(0.0588 * l - 0.296 * s - 15.8)
}

/// Automated Readability Index: 4.71 · (characters / words) + 0.5 · (words / sentences) − 21.43.
/// Smith, E. A., Senter, R. J. (1967). "Automated Readability Index". AMRL-TR-66-220,
/// Aerospace Medical Research Laboratories. Characters are the characters of words.
pub fn automated_readability_index(words: u32, sentences: u32, characters: u32) -> Option<f64> {
    let (wps, cpw) = ratios(words, sentences, characters)?;
    Some(4.71 * cpw + 0.5 * wps - 21.43)
}

/// Dale–Chall raw score: 0.1579 · (100 · difficult words / words) + 0.0496 · (words / sentences),
/// plus 3.6365 when more than 5% of words are difficult.
/// Dale, E., Chall, J. S. (1948). "A formula for predicting readability". Educational Research
/// Bulletin 27(1), 11–20 and 37–54; with the familiar-word list of Chall, J. S., Dale, E.
/// (1995). Readability Revisited: The New Dale–Chall Readability Formula. Brookline Books.
/// A difficult word is one not on the list of about 3,000 familiar words (see
/// [`super::familiar`]); every occurrence counts, not only distinct words.
pub fn dale_chall(words: u32, sentences: u32, difficult_words: u32) -> Option<f64> {
    let (wps, share) = ratios(words, sentences, difficult_words)?;
    let percent = 100.0 * share;
    let adjustment = if percent > 5.0 { 3.6365 } else { 0.0 };
    Some(0.1579 * percent + 0.0496 * wps + adjustment)
}

/// Dale–Chall over a text's counts, with its figures read the way the formula needs for
/// today's texts. The counting rules of 1948 make numerals familiar words: in the school prose
/// they were written for, a numeral is a date, a page or a count ("12 months"), and legible
/// keeps those out of the words for every formula. A figure with a decimal fraction ("OR
/// 4.60; 95% CI 1.53 to 13.85", "2.5 mg") is measurement and statistical notation instead,
/// which the fourth-grade readers behind the familiar list could not read, so each counts
/// here as a word and as an unfamiliar one (`decimal_figures` in the report's `stats`). On
/// the Cochrane abstract/summary pairs this ranks the abstract harder in 92.3% of pairs,
/// against 87.5% with decimals left out and 81.4% with every numeral a familiar word (see
/// EVALUATION.md).
pub fn dale_chall_of(counts: &Counts) -> Option<f64> {
    dale_chall(
        counts.words + counts.decimal_figures,
        counts.sentences,
        counts.difficult_words + counts.decimal_figures,
    )
}

/// The grade band of a Dale–Chall raw score (Chall and Dale 1995, table of corrected grade
/// levels): `4 and below`, `5–6`, `7–8`, `9–10`, `11–12`, `13–15`, `16 and above`.
pub fn dale_chall_band(score: f64) -> &'static str {
    match score {
        s if s < 5.0 => "4 and below",
        s if s < 6.0 => "5-6",
        s if s < 7.0 => "7-8",
        s if s < 8.0 => "9-10",
        s if s < 9.0 => "11-12",
        s if s < 10.0 => "13-15",
        _ => "16 and above",
    }
}

/// Linsear Write: r = (easy words + 3 · hard words) / sentences, where hard words have three or
/// more syllables; the grade is r / 2 when r > 20, else (r − 2) / 2.
/// O'Hayre, J. (1966). Gobbledygook Has Gotta Go. U.S. Bureau of Land Management. The method
/// scores a 100-word sample; the ratio is the same over the whole text.
pub fn linsear_write(words: u32, sentences: u32, polysyllables: u32) -> Option<f64> {
    if words == 0 || sentences == 0 {
        return None;
    }
    let easy = words.saturating_sub(polysyllables);
    let r = (f64::from(easy) + 3.0 * f64::from(polysyllables)) / f64::from(sentences);
    Some(if r > 20.0 { r / 2.0 } else { (r - 2.0) / 2.0 })
}

/// FORCAST grade: 20 − N / 10, where N is the number of one-syllable words in 150 words.
/// Caylor, J. S., Sticht, T. G., Fox, L. C., Ford, J. P. (1973). "Methodologies for determining
/// reading requirements of military occupational specialties". HumRRO Technical Report 73-5.
/// It ignores sentences, so it suits lists and forms.
pub fn forcast(words: u32, monosyllables: u32) -> Option<f64> {
    if words == 0 {
        return None;
    }
    let per_150 = monosyllables as f64 * 150.0 / words as f64;
    Some(20.0 - per_150 / 10.0)
}

/// Consensus grade: the median of the grade-level formulas that have a value (Flesch–Kincaid,
/// Gunning Fog, SMOG, Coleman–Liau, ARI, Linsear Write and FORCAST); with an even number of
/// values, the mean of the middle two. A median is not pulled by one formula that misjudges a
/// kind of text (FORCAST on long sentences, SMOG on short texts). Flesch Reading Ease and the
/// Dale–Chall raw score are not grades and are not included.
pub fn consensus(grades: &[Option<f64>]) -> Option<f64> {
    let mut values: Vec<f64> = grades.iter().flatten().copied().collect();
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    })
}

/// (words per sentence, count per word), when both are defined.
fn ratios(words: u32, sentences: u32, count: u32) -> Option<(f64, f64)> {
    if words == 0 || sentences == 0 {
        return None;
    }
    Some((words as f64 / sentences as f64, count as f64 / words as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(value: Option<f64>, expected: f64) {
        let value = value.expect("a score");
        assert!((value - expected).abs() < 1e-9, "{value} != {expected}");
    }

    // The hand-computed examples use 100 words, 5 sentences, 150 syllables, 10 polysyllables.

    #[test]
    fn flesch_and_flesch_kincaid() {
        // 206.835 − 1.015·20 − 84.6·1.5 = 206.835 − 20.3 − 126.9
        close(flesch_reading_ease(100, 5, 150), 59.635);
        // 0.39·20 + 11.8·1.5 − 15.59 = 7.8 + 17.7 − 15.59
        close(flesch_kincaid_grade(100, 5, 150), 9.91);
    }

    #[test]
    fn gunning_fog_hand_computed() {
        // 0.4 · (20 + 100·8/100) = 0.4 · 28
        close(gunning_fog(100, 5, 8), 11.2);
    }

    #[test]
    fn smog_hand_computed() {
        // 30 sentences with 9 polysyllables: 1.0430·√9 + 3.1291 = 3.129 + 3.1291
        close(smog(30, 9), 6.2581);
        // 15 sentences with 8 polysyllables normalise to 16 in 30: 1.043·4 + 3.1291
        close(smog(15, 8), 7.3011);
    }

    #[test]
    fn coleman_liau_hand_computed() {
        // L = 500 letters per 100 words, S = 5 sentences per 100 words:
        // 0.0588·500 − 0.296·5 − 15.8 = 29.4 − 1.48 − 15.8
        close(coleman_liau(100, 5, 500), 12.12);
    }

    #[test]
    fn ari_hand_computed() {
        // 4.71·5 + 0.5·20 − 21.43 = 23.55 + 10 − 21.43
        close(automated_readability_index(100, 5, 500), 12.12);
    }

    #[test]
    fn dale_chall_adds_its_constant_only_above_five_percent() {
        // 10% difficult: 0.1579·10 + 0.0496·20 + 3.6365 = 1.579 + 0.992 + 3.6365
        close(dale_chall(100, 5, 10), 6.2075);
        // 5% difficult is not above 5%: 0.1579·5 + 0.992
        close(dale_chall(100, 5, 5), 1.7815);
        assert_eq!(dale_chall_band(6.2075), "7-8");
        assert_eq!(dale_chall_band(4.99), "4 and below");
        assert_eq!(dale_chall_band(10.0), "16 and above");
    }

    #[test]
    fn linsear_write_both_branches() {
        // (90 + 3·10) / 5 = 24 > 20 → 12
        close(linsear_write(100, 5, 10), 12.0);
        // (90 + 30) / 10 = 12 → (12 − 2) / 2 = 5
        close(linsear_write(100, 10, 10), 5.0);
    }

    #[test]
    fn forcast_hand_computed() {
        // 70 one-syllable words in 100 → 105 in 150: 20 − 10.5
        close(forcast(100, 70), 9.5);
    }

    #[test]
    fn consensus_is_the_median() {
        close(consensus(&[Some(3.0), Some(9.0), Some(4.0)]), 4.0);
        close(
            consensus(&[Some(3.0), None, Some(9.0), Some(4.0), Some(5.0)]),
            4.5,
        );
        assert_eq!(consensus(&[None, None]), None);
    }

    #[test]
    fn empty_counts_have_no_score() {
        assert_eq!(flesch_reading_ease(0, 0, 0), None);
        assert_eq!(flesch_kincaid_grade(10, 0, 12), None);
        assert_eq!(gunning_fog(0, 1, 0), None);
        assert_eq!(smog(0, 3), None);
        assert_eq!(coleman_liau(0, 0, 0), None);
        assert_eq!(automated_readability_index(5, 0, 20), None);
        assert_eq!(dale_chall(0, 0, 0), None);
        assert_eq!(linsear_write(0, 1, 0), None);
        assert_eq!(forcast(0, 0), None);
    }
}
