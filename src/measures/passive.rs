//! Passive voice: a form of "be" followed by a past participle, with up to two adverbs
//! between ("was not given", "is often prescribed", "has been widely used"). Participles are
//! regular -ed forms or irregular ones from a list. A heuristic: adjectives in -ed after "be"
//! ("is tired") count too, as they do in the editors writers know (Yoast's passive-voice check
//! flags more than 10% of sentences).

/// Forms of "be" that start a passive.
const BE: &[&str] = &[
    "am", "is", "are", "was", "were", "be", "been", "being", "isn't", "aren't", "wasn't", "weren't",
];

/// Words that may stand between "be" and the participle.
const BETWEEN: &[&str] = &[
    "not",
    "also",
    "often",
    "usually",
    "always",
    "never",
    "sometimes",
    "rarely",
    "still",
    "then",
    "now",
    "only",
    "being",
    "been",
    "mostly",
    "generally",
    "commonly",
    "already",
    "further",
];

/// Irregular past participles.
const IRREGULAR: &[&str] = &[
    "arisen",
    "awoken",
    "beaten",
    "become",
    "begun",
    "bent",
    "bet",
    "bitten",
    "bled",
    "blown",
    "born",
    "borne",
    "bought",
    "bound",
    "bred",
    "brought",
    "broken",
    "built",
    "burnt",
    "caught",
    "chosen",
    "clung",
    "cut",
    "dealt",
    "done",
    "drawn",
    "dreamt",
    "driven",
    "drunk",
    "dug",
    "eaten",
    "fallen",
    "fed",
    "felt",
    "fled",
    "flung",
    "flown",
    "forbidden",
    "forgiven",
    "forgotten",
    "forsaken",
    "found",
    "frozen",
    "given",
    "gotten",
    "ground",
    "grown",
    "held",
    "hidden",
    "hit",
    "hung",
    "hurt",
    "kept",
    "knelt",
    "known",
    "laid",
    "led",
    "learnt",
    "left",
    "lent",
    "let",
    "lit",
    "lost",
    "made",
    "meant",
    "met",
    "mistaken",
    "overcome",
    "overseen",
    "overtaken",
    "overthrown",
    "paid",
    "put",
    "quit",
    "read",
    "rid",
    "ridden",
    "rung",
    "risen",
    "run",
    "said",
    "seen",
    "sought",
    "sold",
    "sent",
    "set",
    "sewn",
    "shaken",
    "shed",
    "shot",
    "shown",
    "shrunk",
    "shut",
    "slain",
    "slid",
    "slung",
    "sown",
    "spent",
    "spilt",
    "split",
    "spoken",
    "spread",
    "sprung",
    "stolen",
    "stood",
    "struck",
    "strung",
    "stuck",
    "stung",
    "sung",
    "sunk",
    "sworn",
    "swept",
    "swollen",
    "swum",
    "swung",
    "taken",
    "taught",
    "thought",
    "thrown",
    "told",
    "torn",
    "trodden",
    "understood",
    "undertaken",
    "undone",
    "upheld",
    "upset",
    "withdrawn",
    "withheld",
    "woken",
    "won",
    "worn",
    "wound",
    "woven",
    "written",
    "wrung",
];

/// Words in -ed that are not participles.
const NOT_PARTICIPLES: &[&str] = &[
    "bed", "bred", "hundred", "naked", "need", "red", "sacred", "shed", "wicked", "kindred",
    "rugged", "ragged", "crooked", "wretched", "seed", "speed", "feed", "creed", "breed",
];

/// Whether the words of a sentence contain a passive construction.
pub fn is_passive(words: &[&str]) -> bool {
    // Words are compared folded (lowercase, straight apostrophes) without allocating: "be"
    // forms in place, the few words after one in a reused buffer.
    let mut next_folded = String::new();
    words.iter().enumerate().any(|(i, word)| {
        is_be(word)
            && words[i + 1..]
                .iter()
                .take(3)
                .find_map(|next| {
                    next_folded.clear();
                    next_folded.extend(fold(next));
                    let next = next_folded.as_str();
                    (!BETWEEN.contains(&next) && !next.ends_with("ly")).then(|| is_participle(next))
                })
                .unwrap_or(false)
    })
}

/// A form of "be", in any case, with either apostrophe.
fn is_be(word: &str) -> bool {
    // Every form starts with a, i, w or b: most words are ruled out by their first letter.
    matches!(
        word.as_bytes().first().map(u8::to_ascii_lowercase),
        Some(b'a' | b'i' | b'w' | b'b')
    ) && BE.iter().any(|be| fold(word).eq(be.chars()))
}

/// A word lowercased (ASCII letters) with curly apostrophes made straight.
fn fold(word: &str) -> impl Iterator<Item = char> + '_ {
    word.chars().map(|c| match c {
        '\u{2019}' => '\'',
        c => c.to_ascii_lowercase(),
    })
}

fn is_participle(word: &str) -> bool {
    if IRREGULAR.contains(&word) {
        return true;
    }
    word.len() > 3
        && word.ends_with("ed")
        && !word.ends_with("eed")
        && !NOT_PARTICIPLES.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::is_passive;

    fn passive(sentence: &str) -> bool {
        let words: Vec<&str> = sentence
            .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
            .filter(|w| !w.is_empty())
            .collect();
        is_passive(&words)
    }

    #[test]
    fn finds_regular_and_irregular_participles() {
        assert!(passive("The tablets are taken with food."));
        assert!(passive("The results were analysed by two reviewers."));
        assert!(passive("Patients were not randomised."));
        assert!(passive("It has been widely used."));
        assert!(passive("The drug is often given at night."));
        assert!(passive("The scan was written up."));
    }

    #[test]
    fn active_sentences_are_not_passive() {
        assert!(!passive("Take the tablets with food."));
        assert!(!passive("Two reviewers analysed the results."));
        assert!(!passive("She is a nurse."));
        assert!(!passive("There were a hundred people."));
        assert!(!passive("The bed is red."));
    }
}
