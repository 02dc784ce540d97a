// The candidate base forms of a word. Shared by the lexicon (which tries them on words it does
// not list) and build.rs (which works them out ahead for the words it does) through
// `include!`, so both always agree.

/// The longest word, in bytes, that the lexicon looks up.
const CAPACITY: usize = 48;

/// Calls `f` with each candidate base form of a lowercase word (plural, -ed, -ing, -ly, -ise
/// made -ize), most likely first, until `f` returns `true`. Returns whether it did.
pub fn lemmas(word: &str, mut f: impl FnMut(&str) -> bool) -> bool {
    let mut buf = [0u8; CAPACITY];
    let mut try_form = |stem: &str, ending: &str| -> bool {
        let len = stem.len() + ending.len();
        if stem.len() < 3 || len > CAPACITY {
            return false;
        }
        buf[..stem.len()].copy_from_slice(stem.as_bytes());
        buf[stem.len()..len].copy_from_slice(ending.as_bytes());
        // SAFETY: `stem` is a prefix of `word` cut at an ASCII byte and `ending` is a str, so
        // the bytes copied in are valid UTF-8.
        f(unsafe { std::str::from_utf8_unchecked(&buf[..len]) })
    };
    let doubled = |stem: &str| {
        let b = stem.as_bytes();
        // ASCII letters only: two equal bytes may also end a multi-byte character ("\u{aaaa}").
        b.len() >= 2
            && b[b.len() - 1] == b[b.len() - 2]
            && b[b.len() - 1].is_ascii_alphabetic()
            && !b"aeiouls".contains(&b[b.len() - 1])
    };
    if let Some(stem) = word.strip_suffix("ies") {
        if try_form(stem, "y") {
            return true;
        }
    }
    if let Some(stem) = word.strip_suffix("es") {
        if (stem.ends_with('s')
            || stem.ends_with('x')
            || stem.ends_with("ch")
            || stem.ends_with("sh"))
            && try_form(stem, "")
        {
            return true;
        }
    }
    if let Some(stem) = word.strip_suffix('s') {
        if !stem.ends_with('s')
            && !word.ends_with("us")
            && !word.ends_with("is")
            && try_form(stem, "")
        {
            return true;
        }
    }
    for suffix in ["ed", "ing"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if suffix == "ed" && stem.ends_with('i') && try_form(&stem[..stem.len() - 1], "y") {
                return true;
            }
            if doubled(stem) && try_form(&stem[..stem.len() - 1], "") {
                return true;
            }
            if try_form(stem, "e") || try_form(stem, "") {
                return true;
            }
        }
    }
    if let Some(stem) = word.strip_suffix("ly") {
        if try_form(stem, "") || (stem.ends_with('i') && try_form(&stem[..stem.len() - 1], "y")) {
            return true;
        }
    }
    for (gb, us) in [
        ("isation", "ization"),
        ("ise", "ize"),
        ("ised", "ized"),
        ("ising", "izing"),
    ] {
        if let Some(stem) = word.strip_suffix(gb) {
            if try_form(stem, us) {
                return true;
            }
        }
    }
    false
}
