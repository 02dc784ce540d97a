//! Passive voice: a form of "be" followed by a past participle, with up to two adverbs
//! between ("was not given", "is often prescribed", "has been widely used"). Participles are
//! regular -ed forms or irregular ones from a list. A heuristic: adjectives in -ed after "be"
//! ("is tired") count too, as they do in the editors writers know (Yoast's passive-voice check
//! flags more than 10% of sentences).

use std::borrow::Cow;

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

/// Irregular past participles, sorted (searched by bisection).
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
    "broken",
    "brought",
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
    "flown",
    "flung",
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
    "learnt",
    "led",
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
    "risen",
    "run",
    "rung",
    "said",
    "seen",
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
    "sold",
    "sought",
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
    "swept",
    "swollen",
    "sworn",
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

/// What passive-voice detection needs to know of a word that follows a form of "be".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Follower {
    /// An adverb that may stand between "be" and the participle ([`BETWEEN`], or any word in
    /// -ly).
    pub between: bool,
    /// A past participle, regular or irregular.
    pub participle: bool,
}

impl Follower {
    /// The class of a word as written (compared folded: lowercase, straight apostrophes).
    pub fn of(word: &str) -> Follower {
        let folded = fold(word);
        Follower {
            between: BETWEEN.contains(&&*folded) || folded.ends_with("ly"),
            participle: is_participle(&folded),
        }
    }
}

/// Passive-voice detection as a sentence's words go by, one call of [`Watch::word`] each: a
/// form of "be", then within three words, past any adverbs, a participle. No list of the
/// sentence's words is kept.
///
/// Every window a form of "be" opens ends at the first word after it that is not an adverb,
/// so the windows open at one time have passed over the same adverbs and all end at the same
/// word: it is enough to know until where the latest reaches.
#[derive(Debug, Default)]
pub struct Watch {
    /// Words seen so far.
    words: usize,
    /// Index of the first word past the latest window (0 when none is open).
    open_until: usize,
    /// A passive construction was found.
    found: bool,
}

impl Watch {
    /// The next word of the sentence: whether it is a form of "be" ([`is_be`]), and its
    /// class, asked only when it stands in an open window (most words never need one).
    #[inline]
    pub fn word(&mut self, be: bool, follower: impl FnOnce() -> Follower) {
        let index = self.words;
        self.words += 1;
        if self.found {
            return;
        }
        if index < self.open_until {
            let next = follower();
            if !next.between {
                self.found = next.participle;
                self.open_until = 0;
            }
        }
        if be {
            self.open_until = index + 4;
        }
    }

    /// Whether the words so far hold a passive construction.
    pub fn found(&self) -> bool {
        self.found
    }
}

/// A form of "be", in any case, with either apostrophe.
pub fn is_be(word: &str) -> bool {
    // Every form starts with a, i, w or b and is at most nine bytes long ("weren’t"): most
    // words are ruled out without folding.
    matches!(
        word.as_bytes().first().map(u8::to_ascii_lowercase),
        Some(b'a' | b'i' | b'w' | b'b')
    ) && word.len() <= 9
        && BE.contains(&&*fold(word))
}

/// A word lowercased (ASCII letters) with curly apostrophes made straight; borrowed when it
/// is that already, as most words are.
fn fold(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| !b.is_ascii_uppercase() && b.is_ascii())
    {
        return Cow::Borrowed(word);
    }
    word.chars()
        .map(|c| match c {
            '\u{2019}' => '\'',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

fn is_participle(word: &str) -> bool {
    if IRREGULAR.binary_search(&word).is_ok() {
        return true;
    }
    word.len() > 3
        && word.ends_with("ed")
        && !word.ends_with("eed")
        && !NOT_PARTICIPLES.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::{is_be, Follower, Watch, IRREGULAR};

    fn passive(sentence: &str) -> bool {
        let mut watch = Watch::default();
        sentence
            .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
            .filter(|w| !w.is_empty())
            .for_each(|w| watch.word(is_be(w), || Follower::of(w)));
        watch.found()
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

    #[test]
    fn the_watch_agrees_with_looking_ahead_from_every_form_of_be() {
        // Each word's (is "be", is an adverb, is a participle), as "was", "not", "given",
        // "being" (both "be" and an adverb), "it" and "set" (a participle after "be" or not).
        let kinds = [
            (true, false, false),
            (false, true, false),
            (false, false, true),
            (true, true, false),
            (false, false, false),
        ];
        // The definition read directly: a form of "be", then within three words, past any
        // adverbs, a participle.
        let looked_ahead = |words: &[(bool, bool, bool)]| {
            (0..words.len()).any(|i| {
                words[i].0
                    && words[i + 1..]
                        .iter()
                        .take(3)
                        .find(|w| !w.1)
                        .is_some_and(|w| w.2)
            })
        };
        for len in 0..=6u32 {
            for n in 0..kinds.len().pow(len) {
                let words: Vec<_> = (0..len)
                    .map(|k| kinds[n / kinds.len().pow(k) % kinds.len()])
                    .collect();
                let mut watch = Watch::default();
                for &(be, between, participle) in &words {
                    watch.word(be, || Follower {
                        between,
                        participle,
                    });
                }
                assert_eq!(watch.found(), looked_ahead(&words), "{words:?}");
            }
        }
        assert!(!passive("It was not often usually given."));
        assert!(passive("It was being given."));
    }

    #[test]
    fn irregular_participles_are_sorted_for_bisection() {
        assert!(IRREGULAR.windows(2).all(|w| w[0] < w[1]));
        let given = Follower::of("Given");
        assert!(given.participle && !given.between);
        assert!(Follower::of("sold").participle && Follower::of("swept").participle);
        assert!(is_be("Weren\u{2019}t") && is_be("IS") && !is_be("island"));
    }
}
