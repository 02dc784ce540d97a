//! Syllable counts for English words, by vowel-group rules with the common silent-e and
//! -le/-ed/-es adjustments.

/// Syllables in `word` (at least 1 for any word with a letter, 0 otherwise).
pub fn count(word: &str) -> u32 {
    let lower: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if lower.is_empty() {
        return 0;
    }
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut groups = 0u32;
    let mut previous_vowel = false;
    for &c in &lower {
        let vowel = is_vowel(c);
        if vowel && !previous_vowel {
            groups += 1;
        }
        previous_vowel = vowel;
    }
    let n = lower.len();
    let ends_with = |s: &str| lower.iter().rev().take(s.len()).rev().copied().eq(s.chars());
    if n > 2 && ends_with("e") && !ends_with("le") && !ends_with("ee") {
        groups = groups.saturating_sub(1);
    } else if n > 3 && (ends_with("ed") || ends_with("es")) && !matches!(lower[n - 3], 't' | 'd' | 's' | 'x' | 'z' | 'c' | 'g') {
        groups = groups.saturating_sub(1);
    }
    groups.max(1)
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn common_words() {
        for (word, n) in [("cat", 1), ("table", 2), ("hoped", 1), ("wanted", 2), ("reading", 2), ("the", 1), ("", 0)] {
            assert_eq!(count(word), n, "{word}");
        }
    }
}
