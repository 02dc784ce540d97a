//! Compiles the word lists in `wordlists/` into sorted, compact tables that `src/lexicon`
//! includes with `include_str!`/`include_bytes!`: a table is one string of keys laid end to end
//! plus little-endian `u32` offsets, found through a hash index built here. Nothing is parsed at start-up and a
//! lookup allocates nothing. Only the standard library is used, so the build stays fast.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

const LISTS: &[&str] = &[
    "wordfreq_en_top50k.tsv",
    "varcon_gb_to_us.tsv",
    "health_terms.tsv",
    "cdc_thesaurus.tsv",
    "plainlanguage_gov.tsv",
    "retext_simplify.tsv",
    "everyday_health.txt",
    "acronyms_tolerated.txt",
    "units.txt",
    "dale_chall.txt",
];

/// Where a substitution came from (the numbers of `lexicon::SubstSource`). When lists share a
/// term, the first read wins: health terms, plainlanguage.gov, CDC, retext-simplify.
const HEALTH_TERMS: u8 = 0;
const CDC: u8 = 1;
const PLAIN_LANGUAGE: u8 = 2;
const RETEXT: u8 = 3;

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let lists = root.join("wordlists");
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    for list in LISTS {
        println!("cargo:rerun-if-changed=wordlists/{list}");
    }
    println!("cargo:rerun-if-changed=build.rs");
    // Not read here: a new branch profile or LEGIBLE_PGO (pgo/rustc) must recompile the crate,
    // and cargo recompiles it whenever this script runs again.
    println!("cargo:rerun-if-changed=pgo");
    println!("cargo:rerun-if-env-changed=LEGIBLE_PGO");
    println!("cargo:rerun-if-changed=src/lexicon/hash.rs");
    println!("cargo:rerun-if-changed=src/lexicon/facts.rs");
    println!("cargo:rerun-if-changed=src/lexicon/lemmas.rs");
    println!("cargo:rerun-if-changed=src/measures/regular_forms.rs");

    // Word frequencies: word -> Zipf × 20, the highest when a word appears twice.
    let mut freq: BTreeMap<String, u8> = BTreeMap::new();
    for fields in rows(&lists, "wordfreq_en_top50k.tsv") {
        let (Some(word), Some(zipf)) = (fields.get(1), fields.get(2)) else {
            continue;
        };
        let zipf: f64 = zipf.parse().expect("zipf is a number");
        let scaled = (zipf * 20.0).round().clamp(0.0, 255.0) as u8;
        let entry = freq.entry(word.to_lowercase()).or_insert(0);
        *entry = (*entry).max(scaled);
    }

    // British -> American spelling, and back (for suggestions in en-GB).
    let mut gb_us: BTreeMap<String, String> = BTreeMap::new();
    let mut us_gb: BTreeMap<String, String> = BTreeMap::new();
    for fields in rows(&lists, "varcon_gb_to_us.tsv") {
        let (Some(gb), Some(us)) = (fields.first(), fields.get(1)) else {
            continue;
        };
        if gb.ends_with("'s") || gb == us {
            continue;
        }
        // The lexicon keeps an American spelling as the key of its British one as it is, not
        // normalised again at run time: it must already be in the keys' form.
        assert!(
            us.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "the American spelling {us:?} of {gb:?} is not a lowercase key"
        );
        gb_us
            .entry(gb.to_string())
            .or_insert_with(|| us.to_string());
        us_gb
            .entry(us.to_string())
            .or_insert_with(|| gb.to_string());
    }
    write_map(&out, "gb_us", &gb_us);
    write_map(&out, "us_gb", &us_gb);

    // Substitutions: term -> `|`-separated alternatives, with the list they came from.
    let mut subst: BTreeMap<String, (String, u8)> = BTreeMap::new();
    let mut add = |term: &str, alternatives: Vec<String>, source: u8| {
        let key = normalise_term(term, &gb_us);
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_lowercase() || " '-".contains(c))
        {
            return;
        }
        subst
            .entry(key)
            .or_insert_with(|| (alternatives.join("|"), source));
    };
    for fields in rows(&lists, "health_terms.tsv") {
        let alternatives = split_alternatives(fields.get(1).copied().unwrap_or(""), &['|']);
        add(fields[0], alternatives, HEALTH_TERMS);
    }
    for fields in rows(&lists, "plainlanguage_gov.tsv") {
        let alternatives = split_alternatives(fields.get(1).copied().unwrap_or(""), &['|']);
        for term in fields[0].split(", ") {
            add(term, alternatives.clone(), PLAIN_LANGUAGE);
        }
    }
    for fields in rows(&lists, "cdc_thesaurus.tsv") {
        let alternatives = split_alternatives(fields.get(1).copied().unwrap_or(""), &[',', ';']);
        add(fields[0], alternatives, CDC);
    }
    for fields in rows(&lists, "retext_simplify.tsv") {
        // Only its phrases: its single words ("function", "request") are too often right.
        if fields[0].contains(' ') {
            let alternatives = split_alternatives(fields.get(1).copied().unwrap_or(""), &['|']);
            add(fields[0], alternatives, RETEXT);
        }
    }
    write_table(&out, "subst", subst.keys().map(String::as_str));
    write_table(&out, "subst_alt", subst.values().map(|(a, _)| a.as_str()));
    let british: Vec<String> = subst
        .values()
        .map(|(a, _)| british_alternatives(a, &us_gb))
        .collect();
    write_table(&out, "subst_alt_gb", british.iter().map(String::as_str));
    fs::write(
        out.join("subst.source"),
        subst.values().map(|(_, s)| *s).collect::<Vec<u8>>(),
    )
    .expect("write subst.source");
    // The words that begin a multiword substitution or everyday phrase: the jargon check
    // extends a phrase match only while the words so far begin one.
    let mut phrase_prefixes: BTreeMap<String, ()> = BTreeMap::new();
    let mut add_prefixes = |phrase: &str| {
        let mut ends = phrase.match_indices(' ').map(|(at, _)| at);
        for end in ends.by_ref() {
            phrase_prefixes.insert(phrase[..end].to_string(), ());
        }
    };
    subst.keys().for_each(|k| add_prefixes(k));

    let mut small_lists: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (name, file, lowercase) in [
        ("everyday", "everyday_health.txt", true),
        ("tolerated", "acronyms_tolerated.txt", false),
        ("units", "units.txt", false),
    ] {
        let mut words: Vec<String> = lines(&lists, file)
            .into_iter()
            .map(|w| {
                if lowercase {
                    normalise_term(&w, &gb_us)
                } else {
                    w
                }
            })
            .collect();
        words.sort();
        words.dedup();
        if name == "everyday" {
            // Found through the word table (`write_word_facts`), not a table of its own.
            words.iter().for_each(|w| add_prefixes(w));
        } else {
            write_table(&out, name, words.iter().map(String::as_str));
        }
        small_lists.insert(name, words);
    }
    write_word_facts(
        &out,
        &Lists {
            freq: &freq,
            gb_us: &gb_us,
            subst: &subst,
            everyday: &small_lists["everyday"],
            phrase_prefixes: &phrase_prefixes,
            units: &small_lists["units"],
        },
    );
    write_dale_chall_forms(&lists, &out);
    write_syllable_exceptions(&lists, &out);
}

/// The lists a word lookup reads, as build.rs has normalised them.
struct Lists<'a> {
    freq: &'a BTreeMap<String, u8>,
    gb_us: &'a BTreeMap<String, String>,
    subst: &'a BTreeMap<String, (String, u8)>,
    everyday: &'a [String],
    phrase_prefixes: &'a BTreeMap<String, ()>,
    units: &'a [String],
}

include!("src/lexicon/facts.rs");

/// `words`: one table of every key a word lookup probes (the frequency list, British
/// spellings, substitutions, everyday words, phrase beginnings and lowercased units), and
/// `words.facts`, eight bytes per key: its own Zipf × 20 (0: not listed), the Zipf × 20 of
/// its first base form that has one, the flags above, a spare byte, its own substitution's
/// index and the first among itself and its base forms (little-endian `u16`, `NO_SUBST`
/// for none). A listed word is then one probe, with its inflections already tried here by
/// the same `lemmas` the lexicon uses; only words not listed try their base forms at run time.
fn write_word_facts(out: &Path, lists: &Lists) {
    let everyday: HashSet<&str> = lists.everyday.iter().map(String::as_str).collect();
    let subst_index: BTreeMap<&str, u16> = lists
        .subst
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), u16::try_from(i).expect("substitutions fit u16")))
        .collect();
    let units: HashSet<String> = lists.units.iter().map(|u| u.to_lowercase()).collect();
    let phrase_ends: HashSet<&str> = lists
        .subst
        .keys()
        .filter_map(|k| k.rsplit_once(' ').map(|(_, last)| last))
        .collect();
    let phrase_followers: HashSet<&str> = lists
        .subst
        .keys()
        .map(String::as_str)
        .chain(everyday.iter().copied())
        .flat_map(|phrase| phrase.split(' ').skip(1))
        .collect();
    let mut keys: BTreeSet<&str> = BTreeSet::new();
    keys.extend(lists.freq.keys().map(String::as_str));
    keys.extend(lists.gb_us.keys().map(String::as_str));
    keys.extend(lists.subst.keys().map(String::as_str));
    keys.extend(everyday.iter().copied());
    keys.extend(lists.phrase_prefixes.keys().map(String::as_str));
    keys.extend(units.iter().map(String::as_str));
    let mut facts = Vec::with_capacity(keys.len() * 8);
    for &key in &keys {
        let zipf = lists.freq.get(key).copied().unwrap_or(0);
        assert!(zipf > 0 || !lists.freq.contains_key(key), "{key}: Zipf 0");
        let own_subst = subst_index.get(key).copied();
        let (mut lemma_zipf, mut any_everyday, mut any_subst) =
            (0, everyday.contains(key), own_subst);
        let mut lemma_ends_phrase = false;
        lemmas(key, |lemma| {
            lemma_ends_phrase |= phrase_ends.contains(lemma);
            if lemma_zipf == 0 {
                lemma_zipf = lists.freq.get(lemma).copied().unwrap_or(0);
            }
            any_everyday |= everyday.contains(lemma);
            any_subst = any_subst.or_else(|| subst_index.get(lemma).copied());
            false
        });
        let flags = [
            (everyday.contains(key), EVERYDAY_OWN),
            (any_everyday, EVERYDAY_ANY),
            (lists.gb_us.contains_key(key), BRITISH),
            (lists.phrase_prefixes.contains_key(key), PHRASE_START),
            (units.contains(key), UNIT_LOWERCASE),
            (lemma_ends_phrase, LEMMA_ENDS_PHRASE),
            (phrase_followers.contains(key), FOLLOWS_IN_PHRASE),
        ]
        .iter()
        .filter(|(set, _)| *set)
        .fold(0, |flags, (_, flag)| flags | flag);
        facts.extend_from_slice(&[zipf, lemma_zipf, flags, 0]);
        facts.extend_from_slice(&own_subst.unwrap_or(NO_SUBST).to_le_bytes());
        facts.extend_from_slice(&any_subst.unwrap_or(NO_SUBST).to_le_bytes());
    }
    write_table(out, "words", keys.iter().copied());
    fs::write(out.join("words.facts"), facts).expect("write words.facts");
}

include!("src/lexicon/lemmas.rs");

/// The Dale–Chall list with every regular form its counting rules accept (`familiar_forms`:
/// about ten per listed word), so the familiarity test is one probe instead of a dozen.
fn write_dale_chall_forms(lists: &Path, out: &Path) {
    let text = read(lists, "dale_chall.txt");
    let listed: HashSet<&[u8]> = text
        .lines()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::as_bytes)
        .collect();
    let listed_fn = |word: &[u8]| listed.contains(word);
    let mut forms: BTreeSet<String> = BTreeSet::new();
    for word in text.lines().map(str::trim).filter(|w| !w.is_empty()) {
        candidate_forms(word, |form| {
            if accepts(&mut form.clone().into_bytes(), &listed_fn) {
                forms.insert(form);
            }
        });
    }
    write_table(out, "familiar_forms", forms.iter().map(String::as_str));
}

include!("src/measures/regular_forms.rs");

/// The syllable exceptions (`wordlists/syllable_exceptions.tsv`, read by `text::syllables`)
/// as Rust source for the open-addressing table it probes: `(hash, word, syllables)` slots, an
/// empty word marking a free one, at most half full, a word's first slot chosen by the top
/// bits of `spelling_hash`. Laid out here, nothing is parsed when the first word is counted.
fn write_syllable_exceptions(lists: &Path, out: &Path) {
    println!("cargo:rerun-if-changed=wordlists/syllable_exceptions.tsv");
    println!("cargo:rerun-if-changed=src/text/hash.rs");
    let text = read(lists, "syllable_exceptions.tsv");
    let entries: Vec<(&str, u8)> = text
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let word = fields.next()?.trim();
            let n = fields.next()?.trim().parse::<u8>().ok()?;
            (!word.is_empty()).then_some((word, n))
        })
        .collect();
    let bits = (entries.len() * 2)
        .next_power_of_two()
        .trailing_zeros()
        .max(4);
    let mut slots: Vec<(u64, &str, u8)> = vec![(0, "", 0); 1 << bits];
    for (word, n) in entries {
        let h = spelling_hash(word.as_bytes());
        let mut i = (h >> (64 - bits)) as usize;
        // A word listed twice keeps its last count.
        while !slots[i].1.is_empty() && slots[i].1 != word {
            i = (i + 1) & (slots.len() - 1);
        }
        slots[i] = (h, word, n);
    }
    let mut source = format!(
        "/// 64 less the bits of the slot count.\nconst SHIFT: u32 = {};\n\
         static SLOTS: [(u64, &str, u8); {}] = [\n",
        64 - bits,
        slots.len()
    );
    for (h, word, n) in slots {
        source.push_str(&format!("    ({h:#x}, {word:?}, {n}),\n"));
    }
    source.push_str("];\n");
    fs::write(out.join("syllable_exceptions.rs"), source).expect("write syllable_exceptions.rs");
}

include!("src/text/hash.rs");

/// Lowercase, single spaces, each word in American spelling.
fn normalise_term(term: &str, gb_us: &BTreeMap<String, String>) -> String {
    term.split_whitespace()
        .map(|w| {
            let w = w.to_lowercase();
            gb_us.get(&w).cloned().unwrap_or(w)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `|`-separated alternatives with each word in British spelling (`us_gb`), in the same
/// order and number, so suggestions in en-GB need no lookup per word.
fn british_alternatives(alternatives: &str, us_gb: &BTreeMap<String, String>) -> String {
    alternatives
        .split('|')
        .map(|alternative| {
            alternative
                .split(' ')
                .map(|w| us_gb.get(w).map_or(w, String::as_str))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("|")
}

fn split_alternatives(text: &str, separators: &[char]) -> Vec<String> {
    text.split(separators)
        .map(|a| a.trim().trim_end_matches('.').trim())
        .filter(|a| !a.is_empty() && !a.contains('|'))
        .map(str::to_string)
        .collect()
}

/// Data rows of a TSV file with a header row.
fn rows(dir: &Path, file: &str) -> Vec<Vec<&'static str>> {
    let text: &'static str = read(dir, file).leak();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::trim).collect())
        .collect()
}

/// Non-empty lines of a list, without `#` comments.
fn lines(dir: &Path, file: &str) -> Vec<String> {
    read(dir, file)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn read(dir: &Path, file: &str) -> String {
    fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("wordlists/{file}: {e}"))
}

fn write_map(out: &Path, name: &str, map: &BTreeMap<String, String>) {
    write_table(out, name, map.keys().map(String::as_str));
    write_table(
        out,
        &format!("{name}_value"),
        map.values().map(String::as_str),
    );
}

include!("src/lexicon/hash.rs");

/// Slots for `n` keys: a power of two at least twice `n`, so linear probes stay short.
fn slot_count(n: usize) -> usize {
    (n * 2).next_power_of_two().max(2)
}

/// `NAME.keys`: the strings laid end to end; `NAME.idx`: n + 1 little-endian `u32` offsets;
/// `NAME.slots`: an open-addressing hash index, each slot a little-endian `u32` holding
/// key index + 1 in its low 20 bits (0 = empty) and the top 12 bits of the key's hash in its
/// high 12 bits, probed linearly from `key_hash(key) % slots`. The tag lets a lookup pass
/// over other keys' slots without reading their offsets and bytes: most lookups (inflections
/// tried, words not listed) miss, and each read elsewhere in a large table is a cache miss.
fn write_table<'a>(out: &Path, name: &str, keys: impl Iterator<Item = &'a str>) {
    let mut blob = String::new();
    let mut idx: Vec<u8> = 0u32.to_le_bytes().to_vec();
    let mut all = Vec::new();
    for key in keys {
        blob.push_str(key);
        idx.extend_from_slice(&(blob.len() as u32).to_le_bytes());
        all.push(key);
    }
    assert!(
        all.len() < SLOT_INDEX_MASK as usize,
        "{name}: too many keys for the slots' indexes"
    );
    let mut slots = vec![0u32; slot_count(all.len())];
    let mask = slots.len() - 1;
    for (i, key) in all.iter().enumerate() {
        let hash = key_hash(key);
        let mut slot = hash as usize & mask;
        while slots[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        slots[slot] = slot_tag(hash) | (i as u32 + 1);
    }
    let slot_bytes: Vec<u8> = slots.iter().flat_map(|s| s.to_le_bytes()).collect();
    fs::write(out.join(format!("{name}.keys")), blob).expect("write keys");
    fs::write(out.join(format!("{name}.idx")), idx).expect("write idx");
    fs::write(out.join(format!("{name}.slots")), slot_bytes).expect("write slots");
}
