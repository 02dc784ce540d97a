//! Readability formulas, each a function of counts, each citing its source.
//!
//! Every function returns `None` when its counts cannot support it (no words or sentences):
//! a score of an empty text would be a made-up number.

/// Flesch Reading Ease: 206.835 − 1.015 · (words / sentences) − 84.6 · (syllables / words).
/// Flesch, R. (1948). "A new readability yardstick". Journal of Applied Psychology 32(3),
/// 221–233. Higher is easier; 60–70 is plain English.
pub fn flesch_reading_ease(words: usize, sentences: usize, syllables: usize) -> Option<f64> {
    let (wps, spw) = ratios(words, sentences, syllables)?;
    Some(206.835 - 1.015 * wps - 84.6 * spw)
}

/// Flesch–Kincaid grade level: 0.39 · (words / sentences) + 11.8 · (syllables / words) − 15.59.
/// Kincaid, J. P., Fishburne, R. P., Rogers, R. L., Chissom, B. S. (1975). "Derivation of new
/// readability formulas for Navy enlisted personnel". Research Branch Report 8-75, Naval
/// Technical Training Command.
pub fn flesch_kincaid_grade(words: usize, sentences: usize, syllables: usize) -> Option<f64> {
    let (wps, spw) = ratios(words, sentences, syllables)?;
    Some(0.39 * wps + 11.8 * spw - 15.59)
}

/// (words per sentence, syllables per word), when both are defined.
fn ratios(words: usize, sentences: usize, syllables: usize) -> Option<(f64, f64)> {
    if words == 0 || sentences == 0 {
        return None;
    }
    Some((
        words as f64 / sentences as f64,
        syllables as f64 / words as f64,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_examples() {
        // 100 words, 5 sentences, 150 syllables: 206.835 − 20.3 − 126.9 = 59.635
        let fre = flesch_reading_ease(100, 5, 150).unwrap();
        assert!((fre - 59.635).abs() < 1e-9);
        // 0.39·20 + 11.8·1.5 − 15.59 = 7.8 + 17.7 − 15.59 = 9.91
        let fk = flesch_kincaid_grade(100, 5, 150).unwrap();
        assert!((fk - 9.91).abs() < 1e-9);
    }

    #[test]
    fn empty_counts_have_no_score() {
        assert_eq!(flesch_reading_ease(0, 0, 0), None);
        assert_eq!(flesch_kincaid_grade(10, 0, 12), None);
    }
}
