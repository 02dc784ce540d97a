// The Dale–Chall counting rules for regular forms of listed words (Dale and Chall (1948), "A
// formula for predicting readability: instructions", Educational Research Bulletin 27(2),
// 37–54; see `familiar.rs`). Shared through `include!` by build.rs, which applies them to
// every form a listed word can take and keeps those they accept as one table, and by the
// tests of `familiar`, which check that the table misses none: one rule set, no copy.

/// Whether `word` (lowercase ASCII) is listed or a regular form of a listed word; `listed`
/// says whether a string is on the list.
fn accepts(word: &mut [u8], listed: &dyn Fn(&[u8]) -> bool) -> bool {
    if listed(word) {
        return true;
    }
    let n = word.len();
    // Possessive: child's, children's.
    if n > 2 && word.ends_with(b"'s") {
        return listed(&word[..n - 2]) || accepts(&mut word[..n - 2], listed);
    }
    if n > 1 && word.ends_with(b"'") {
        return listed(&word[..n - 1]);
    }
    // -ies/-ied/-ier/-iest after a consonant: the stem ends in y (carries, carried, happier).
    for suffix in Y_SUFFIXES {
        if let Some(cut) = stem(word, suffix) {
            let saved = word[cut];
            word[cut] = b'y';
            let found = listed(&word[..=cut]);
            word[cut] = saved;
            if found {
                return true;
            }
        }
    }
    for suffix in SUFFIXES {
        let Some(cut) = stem(word, suffix) else {
            continue;
        };
        let base = &word[..cut];
        if !takes(base, suffix) {
            continue;
        }
        if listed(base) {
            return true;
        }
        // A doubled final consonant (stopped, bigger) or a dropped e (hoping, later).
        if cut > 2 && base[cut - 1] == base[cut - 2] && listed(&base[..cut - 1]) {
            return true;
        }
        if matches!(suffix, b"ing" | b"ed" | b"en" | b"er" | b"est") && listed_with_e(base, listed)
        {
            return true;
        }
    }
    false
}

/// Endings after a stem whose y became i.
const Y_SUFFIXES: [&[u8]; 5] = [b"ies", b"ied", b"ier", b"iest", b"ily"];

/// The other regular endings: plural or third person, past, participle, comparative,
/// superlative, -ing and adverb.
const SUFFIXES: [&[u8]; 12] = [
    b"s", b"es", b"d", b"ed", b"n", b"en", b"r", b"er", b"st", b"est", b"ing", b"ly",
];

/// Whether English spelling adds `suffix` to a stem ending like `base`: -d, -r and -st only
/// after an e (hoped, later, latest: not "moo-d", "live-r"), -n after e or w (taken, known),
/// -es after a sibilant or o (boxes, wishes, goes: not "nod-es"). Other endings go anywhere.
fn takes(base: &[u8], suffix: &[u8]) -> bool {
    let last = base.last().copied().unwrap_or(0);
    match suffix {
        b"d" | b"r" | b"st" => last == b'e',
        b"n" => matches!(last, b'e' | b'w'),
        b"es" => {
            matches!(last, b's' | b'x' | b'z' | b'o')
                || base.ends_with(b"ch")
                || base.ends_with(b"sh")
        }
        _ => true,
    }
}

/// Where `suffix` begins, when the word is longer than the suffix by at least two letters.
fn stem(word: &[u8], suffix: &[u8]) -> Option<usize> {
    (word.len() > suffix.len() + 1 && word.ends_with(suffix)).then(|| word.len() - suffix.len())
}

fn listed_with_e(base: &[u8], listed: &dyn Fn(&[u8]) -> bool) -> bool {
    let mut buffer = [0u8; 64];
    if base.len() >= buffer.len() {
        return false;
    }
    buffer[..base.len()].copy_from_slice(base);
    buffer[base.len()] = b'e';
    listed(&buffer[..=base.len()])
}

/// Every string [`accepts`] could take for a listed word, and more: the word, its possessive
/// apostrophe, and each ending added to it, to it with its last letter doubled, its final e
/// dropped or its final y made i. The possessive 's is left to the caller, which strips it
/// (it stacks: "doctor's's" is read as "doctor").
fn candidate_forms(word: &str, mut form: impl FnMut(String)) {
    form(word.to_string());
    form(format!("{word}'"));
    let stems = [
        Some(word.to_string()),
        word.chars().last().map(|last| format!("{word}{last}")),
        word.strip_suffix('e').map(str::to_string),
    ];
    for stem in stems.iter().flatten() {
        for suffix in SUFFIXES {
            form(format!("{stem}{}", String::from_utf8_lossy(suffix)));
        }
    }
    if let Some(stem) = word.strip_suffix('y') {
        for suffix in Y_SUFFIXES {
            form(format!("{stem}{}", String::from_utf8_lossy(suffix)));
        }
    }
}
