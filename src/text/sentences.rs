//! Sentence segmentation inside one block of text.
//!
//! Input is the whitespace-folded text of a single block (a paragraph, list item, heading …):
//! blocks never share a sentence, so a heading or list item without final punctuation is still
//! its own unit. Output is the byte range of every sentence, trimmed of surrounding whitespace.
//!
//! The rules follow the English "Golden Rules" of pragmatic_segmenter (see
//! `tests/golden_rules.rs`) plus what real health articles need. In short, a sentence ends after
//! `.`, `!`, `?` or an ellipsis, with any closing quotes and brackets, when the next word opens a
//! sentence (a capital, a digit, an opening quote before one) — unless the period belongs to an
//! abbreviation, an initial, a list marker, an ellipsis inside a sentence or a parenthesis that
//! closes later. Numbered, lettered and bulleted lists run together in one block start a
//! sentence at each marker, and a missing space ("world.Today") still ends a sentence.
//!
//! Citation markers glued to the end of a sentence ("in our body.1 Smooth", "exams.4",
//! "pain.[3]", "pain. [3] Next", "body.¹²") belong to neither sentence: the sentence ends at its
//! punctuation and the next one starts after the marker, so the marker is in no range (and
//! [`super::words`] does not count it as a word). Markers before the punctuation ("pain [3].",
//! "pain (1,2).") stay inside the sentence.
//!
//! One pass over the bytes: only `.`, `!`, `?`, `)`, brackets and non-ASCII characters stop the
//! scan, and each whitespace-delimited chunk holding one is read once, so the cost is linear in
//! the text and nothing is allocated but the output.

use super::words::{
    bracket_citation, chunk_end, chunk_start, is_address, is_closer, is_dotted_abbreviation,
    is_opener, next_chunk, space_at, trailing_citation,
};
use std::ops::Range;

/// Splits one block of whitespace-folded text into sentences (byte ranges, trimmed).
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    split_into(text, &mut out);
    out
}

/// [`split`] into `out`, cleared first: the text engine splits every block of a document into
/// one vector, reused, instead of allocating one per block.
pub fn split_into(text: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    let mut splitter = Splitter {
        text,
        out: std::mem::take(out),
        start: 0,
        list: None,
        shield: 0,
        shield_open: 0,
        read_to: 0,
    };
    splitter.run();
    *out = splitter.out;
}

/// Where the first byte of [`STOPS`] at or after `from` is in `b`, if any: sixteen bytes at a
/// time (see [`stop_bits`]), the last sixteen of the text read again over bytes already
/// found clean, and a text shorter than sixteen bytes a byte at a time. The exact place of a
/// stop comes from its block's mask rather than from a second test of each byte.
#[inline]
fn next_stop(b: &[u8], from: usize) -> Option<usize> {
    let Some(last) = b.last_chunk::<16>() else {
        return (from..b.len()).find(|&i| STOPS[usize::from(b[i])]);
    };
    let mut i = from;
    while let Some(block) = b.get(i..).and_then(<[u8]>::first_chunk::<16>) {
        let mask = stop_bits(block);
        if mask != 0 {
            return Some(i + mask.trailing_zeros() as usize);
        }
        i += 16;
    }
    // Fewer than sixteen bytes from `i` to the end: the text's last sixteen, less those
    // before `i`.
    let before = (i + 16).saturating_sub(b.len()).min(16);
    let mask = stop_bits(last) >> before;
    (mask != 0).then(|| i + mask.trailing_zeros() as usize)
}

/// A bit for each of sixteen bytes that belongs to [`STOPS`], with SSE2 (part of every
/// x86-64): five compares of all sixteen bytes at once and one mask of them, some twenty
/// instructions where eight bytes took about thirty as one word. A byte is the first of a
/// character beyond ASCII when its top two bits are set; "(" and ")" differ in the lowest bit
/// only.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn stop_bits(block: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of the x86-64 baseline (the intrinsics need no other feature), and
    // the load reads the sixteen bytes `block` holds (unaligned loads are allowed).
    unsafe {
        let bytes = _mm_loadu_si128(block.as_ptr().cast());
        let is = |c: u8| _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c as i8));
        let masked = |m: u8, c: u8| {
            _mm_cmpeq_epi8(
                _mm_and_si128(bytes, _mm_set1_epi8(m as i8)),
                _mm_set1_epi8(c as i8),
            )
        };
        let lead = masked(0xc0, 0xc0);
        let paren = masked(0xfe, b'(');
        let punctuation = _mm_or_si128(
            _mm_or_si128(is(b'.'), is(b'!')),
            _mm_or_si128(is(b'?'), is(b'[')),
        );
        _mm_movemask_epi8(_mm_or_si128(punctuation, _mm_or_si128(lead, paren))) as u32
    }
}

/// [`stop_bits`] by the table, a byte at a time, where SSE2 is not there.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn stop_bits(block: &[u8; 16]) -> u32 {
    block.iter().enumerate().fold(0, |mask, (k, &c)| {
        mask | u32::from(STOPS[usize::from(c)]) << k
    })
}

/// Bytes the scan stops at: terminal punctuation, brackets, and the first byte of every
/// non-ASCII character (ellipses and bullets are among them).
static STOPS: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0xc0;
    while c < 256 {
        table[c] = true;
        c += 1;
    }
    table[b'.' as usize] = true;
    table[b'!' as usize] = true;
    table[b'?' as usize] = true;
    table[b'(' as usize] = true;
    table[b')' as usize] = true;
    table[b'[' as usize] = true;
    table
};

struct Splitter<'a> {
    text: &'a str,
    out: Vec<Range<usize>>,
    /// Where the sentence being read starts (possibly at whitespace).
    start: usize,
    /// The last list marker seen at the start of a sentence: the next one in sequence starts a
    /// sentence wherever it stands.
    list: Option<Marker>,
    /// Offset of the bracket closing the parenthesis being read: no sentence ends inside it.
    shield: usize,
    /// Offset of the bracket opening it.
    shield_open: usize,
    /// Chunks ending before this offset have been read.
    read_to: usize,
}

impl Splitter<'_> {
    fn run(&mut self) {
        let text = self.text;
        let b = text.as_bytes();
        let mut i = 0;
        // Most bytes are letters and spaces: the scan goes from stop to stop.
        while let Some(found) = next_stop(b, i) {
            i = found;
            match b[i] {
                // A parenthesis closed within the block shields what it holds.
                b'(' | b'[' if i >= self.shield => {
                    if let Some(close) = matching_close(b, i) {
                        self.shield = close;
                        self.shield_open = i;
                    }
                }
                b'.' | b'!' | b'?' | b')' if i >= self.read_to => self.read(i),
                0xc0.. => {
                    let c = text[i..].chars().next().unwrap_or(' ');
                    if c == '\u{2026}' && i >= self.read_to {
                        self.read(i);
                    } else if is_bullet(c)
                        && i >= self.read_to
                        && (i == 0 || is_space_before(text, i))
                    {
                        // A bullet starts a list item, hence a sentence.
                        if i > self.shield && self.has_content(i) {
                            self.end_at(i, i);
                        }
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.push(self.start, text.len());
    }

    /// Reads the chunk holding byte `i`: a list marker, glued sentence ends inside it, and
    /// whether the sentence ends with it.
    fn read(&mut self, i: usize) {
        let text = self.text;
        let cs = chunk_start(text, i);
        let ce = chunk_end(text, i);
        self.read_to = ce;
        let chunk = &text[cs..ce];
        // "1." "a)" "2.)" opening a sentence are list markers, not sentence ends.
        if chunk.len() <= 8 && self.is_first_chunk(cs) {
            if let Some(marker) = Marker::parse(chunk) {
                self.list = Some(marker);
                return;
            }
        } else if let Some(list) = self.list.filter(|_| chunk.len() <= 8) {
            // The next marker of a list run into one block ("1. First 2. Second") starts the
            // next item, even with no period before it, if the item starts like a sentence (not
            // "(1) test X, (2) test Y").
            let outside = cs > self.shield || cs == self.shield_open;
            let item = next_chunk(text, ce).is_some_and(|(s, _)| opens_sentence(text, s));
            if Marker::parse(chunk) == Some(list.next()) && outside && item {
                self.end_at(cs, cs);
                self.list = Some(list.next());
                return;
            }
        }
        // One look at the chunk: could it be an address, does punctuation stand inside it?
        let (mut colon_or_at, mut inner) = (false, false);
        for (k, &c) in chunk.as_bytes().iter().enumerate() {
            match c {
                b'@' => colon_or_at = true,
                b':' if chunk.as_bytes().get(k + 1) == Some(&b'/') => colon_or_at = true,
                b'.' | b'!' | b'?' if k > 0 && k + 2 < chunk.len() => inner = true,
                _ => {}
            }
        }
        let www = chunk.len() > 4 && chunk.as_bytes()[..4].eq_ignore_ascii_case(b"www.");
        if inner && !((colon_or_at || www) && is_address(chunk)) {
            self.glued_ends(cs, ce);
        }
        self.chunk_end(cs, ce);
    }

    /// Sentence ends with no space after them: "world.Today", "1,000.That". The punctuation
    /// must sit between a lowercase letter or digit and a capitalised word, after a word that is
    /// not an abbreviation ("Mr.Smith" stays whole).
    fn glued_ends(&mut self, cs: usize, ce: usize) {
        let b = self.text.as_bytes();
        let mut word_start = cs;
        let mut p = cs + 1;
        while p + 2 < ce {
            if matches!(b[p], b'.' | b'!' | b'?') {
                let glued = (b[p - 1].is_ascii_lowercase() || b[p - 1].is_ascii_digit())
                    && b[p + 1].is_ascii_uppercase()
                    && b[p + 2].is_ascii_lowercase();
                if glued && p + 1 > self.shield {
                    // Between whole words or a number and a word: not "Ad26.CoV2.S".
                    let word = self.text[word_start..p].trim_start_matches(is_opener);
                    let next = &b[p + 1..ce];
                    let next_len = next
                        .iter()
                        .position(|c| !c.is_ascii_alphanumeric())
                        .unwrap_or(next.len());
                    let whole = word.bytes().all(|c| c.is_ascii_alphabetic())
                        || classify(word) == Kind::Number;
                    let ends = whole
                        && next[..next_len].iter().all(u8::is_ascii_alphabetic)
                        && (b[p] != b'.' || matches!(classify(word), Kind::Number | Kind::Word));
                    if ends {
                        self.end_at(p + 1, p + 1);
                    }
                }
                word_start = p + 1;
            }
            p += 1;
        }
    }

    /// Decides whether the sentence ends with the chunk `cs..ce`.
    fn chunk_end(&mut self, cs: usize, ce: usize) {
        let text = self.text;
        // Parts of the chunk, from its end: a glued citation marker, closing quotes and
        // brackets, the terminal punctuation, and the word before it.
        let b = text.as_bytes();
        let last = b[ce - 1];
        // Most chunks end in a letter or punctuation, and cannot end with a marker.
        let cited = if last.is_ascii_digit() || matches!(last, b']' | b')' | b'*') || last >= 0x80 {
            trailing_citation(text, cs, ce)
        } else {
            None
        };
        let end = cited.unwrap_or(ce);
        let last = b[end - 1];
        let closers_start = if matches!(last, b'"' | b'\'' | b')' | b']' | b'}') || last >= 0x80 {
            cs + text[cs..end].trim_end_matches(is_closer).len()
        } else {
            end
        };
        let core_end = cs
            + text[cs..closers_start]
                .trim_end_matches(['.', '!', '?', '\u{2026}'])
                .len();
        if core_end == closers_start {
            return;
        }
        let first = b[cs];
        let opened = if matches!(first, b'"' | b'\'' | b'(' | b'[' | b'{') || first >= 0x80 {
            text[cs..core_end].len() - text[cs..core_end].trim_start_matches(is_opener).len()
        } else {
            0
        };
        let core_start = (cs + opened).max(self.start.min(core_end));
        let core = &text[core_start..core_end];
        let cluster = &text[core_end..closers_start];
        let closers = &text[closers_start..end];
        // What follows, past citation markers standing between the sentences ("pain. [3] Next").
        let (after, skipped) = self.after_citations(ce);
        let dots = cluster.bytes().filter(|&c| c == b'.').count();
        let strong = cluster.contains(['!', '?']);

        if core_end == cs && closers.is_empty() && cluster.bytes().all(|c| c == b'.') {
            // A chunk of dots: an ellipsis standing apart from the words ("and then . . . .").
            self.spaced_ellipsis(cs);
            return;
        }
        if cluster == "."
            && closers.is_empty()
            && cited.is_none()
            && after.is_some_and(|s| b[s] == b'.')
        {
            // "compounds. . . . The": a period, then an ellipsis that opens the next sentence.
            if let Some((group_end, _, _)) = dot_group(text, ce) {
                let next = next_chunk(text, group_end);
                self.read_to = group_end;
                if next.is_some_and(|(s, _)| opens_sentence(text, s)) {
                    let next_start = next_chunk(text, ce).map_or(ce, |(s, _)| s);
                    self.end_at(end, next_start);
                }
                return;
            }
        }
        let ends = match after {
            // The block's end ends the sentence anyway; only a trailing marker needs cutting off.
            None => {
                if cited.is_some() || skipped {
                    self.end_at(end, text.len());
                }
                return;
            }
            Some(next) if !opens_sentence(text, next) => false,
            Some(next) => {
                if dots >= 3 || cluster.contains('\u{2026}') {
                    // An ellipsis before a capital ends the sentence, except "[...]", which marks
                    // words left out of a quotation.
                    !(text[cs..core_end].ends_with('[') && closers.starts_with(']'))
                } else if strong || !closers.is_empty() || dots == 2 {
                    true
                } else {
                    self.period_ends(cs, core, next)
                }
            }
        };
        if ends && end > self.shield {
            let next_start = after.unwrap_or(text.len());
            self.end_at(
                end,
                if cited.is_some() || skipped {
                    next_start
                } else {
                    end
                },
            );
        }
    }

    /// Does a period after `core` end the sentence, given that the next chunk (at `next`) opens
    /// one?
    fn period_ends(&self, cs: usize, core: &str, next: usize) -> bool {
        let text = self.text;
        let next_is_digit = first_char(text, next).is_some_and(|c| c.is_ascii_digit());
        let previous = || previous_word(text, cs).trim_start_matches(is_opener);
        let mut kind = classify(core);
        if kind == Kind::Ambiguous
            && core.trim_end_matches(is_closer).len() == 1
            && previous().starts_with(|c: char| c.is_ascii_digit())
        {
            // A letter after a number is a unit: "over 24 h. Results", "aged 7-9 y. Objective".
            kind = Kind::Closing;
        }
        match kind {
            // A number or code, a period and a number: a decimal split by a stray space ("RR 0.
            // 73", "19p13. 11"), not a sentence starting with a numeral.
            _ if next_is_digit
                && core
                    .trim_end_matches(is_closer)
                    .ends_with(|c: char| c.is_ascii_digit()) =>
            {
                false
            }
            // "… $100.00. It is …", "… in 2019. The …".
            Kind::Number | Kind::Word => true,
            // "Mr. Smith", "Dr. Jones": a title is followed by a name.
            Kind::Title => false,
            // "e.g. Smith", "i.e. The": never at the end of a sentence.
            Kind::Inline => false,
            // "at 6 p.m. Mr. Smith", "5 mg. Take": usually the end when a capital follows, but not
            // in a fronted phrase ("At 5 a.m. Mr. Smith went …").
            Kind::Closing => !next_is_digit && !self.fronted(cs),
            // "Co. It closed" vs "the U.S. Government": only before a word that usually starts
            // a sentence; never before a number ("p. 55", "No. 5", "Jan. 3").
            Kind::Ambiguous => !next_is_digit && starts_sentence(text, next) && !self.fronted(cs),
            // "vitamin D. Levels", "cyclosporine A. Methods": a letter after a word that takes one
            // is a label, not an initial. Otherwise an initial ("Jonas E. Smith") ends a sentence
            // only before a sentence-starting word ("you and I. Did").
            Kind::Initial => {
                !next_is_digit
                    && (takes_letter(previous())
                        || (starts_sentence(text, next) && !self.fronted(cs)))
            }
        }
    }

    /// A chunk of dots: an ellipsis set apart by spaces. Three spaced dots (". . .") mark an
    /// omission inside a sentence, even before a capital ("the thing is . . . I didn’t"); four
    /// (". . . .") or a "..." written solid end the sentence before a capital. At the start of a
    /// sentence the dots belong to it.
    fn spaced_ellipsis(&mut self, cs: usize) {
        let text = self.text;
        let Some((group_end, total, chunks)) = dot_group(text, cs) else {
            return;
        };
        self.read_to = group_end;
        if !self.has_content(cs) {
            return;
        }
        let next = next_chunk(text, group_end);
        // A lone period set apart ("in R® . A total") still ends the sentence.
        let ends = total == 1 || (chunks == 1 && total >= 3) || total >= 4;
        if ends && group_end > self.shield && next.is_some_and(|(s, _)| opens_sentence(text, s)) {
            self.end_at(group_end, group_end);
        }
    }

    /// Start of the chunk after `ce`, past citation markers that stand alone there ("[3]",
    /// "[1, 2]", "¹²"); and whether any were passed.
    fn after_citations(&self, ce: usize) -> (Option<usize>, bool) {
        let text = self.text;
        let mut pos = ce;
        let mut skipped = false;
        loop {
            let mut s = pos;
            while s < text.len() && space_at(text, s) > 0 {
                s += space_at(text, s);
            }
            if s >= text.len() {
                return (None, skipped);
            }
            if text.as_bytes()[s] != b'[' && text.as_bytes()[s] < 0x80 {
                return (Some(s), skipped);
            }
            let e = chunk_end(text, s);
            let marker_end = if text.as_bytes()[s] == b'[' {
                bracket_citation(text, s)
            } else if text[s..e].chars().all(|c| {
                matches!(
                    c,
                    '\u{b9}' | '\u{b2}' | '\u{b3}' | '\u{2070}' | '\u{2074}'..='\u{2079}' | ','
                )
            }) {
                Some(e)
            } else {
                None
            };
            match marker_end {
                Some(m) if m == text.len() || space_at(text, m) > 0 => {
                    pos = m;
                    skipped = true;
                }
                _ => return (Some(s), skipped),
            }
        }
    }

    /// Is the sentence so far a short fronted phrase ("At 5 a.m.", "By Jan.") that cannot stand
    /// as a sentence? `cs` is the start of the chunk holding the abbreviation.
    fn fronted(&self, cs: usize) -> bool {
        let before = self.text[self.start.min(cs)..cs].trim();
        let mut words = before.split(' ');
        let first = words.next().unwrap_or("").trim_start_matches(is_opener);
        words.take(2).count() <= 1 && in_list(first, PREPOSITIONS)
    }

    /// Does the sentence hold anything but whitespace before `i`? Read from its start, which
    /// is settled at its first character that is not a space, instead of trimmed at both ends.
    fn has_content(&self, i: usize) -> bool {
        self.text[self.start.min(i)..i]
            .chars()
            .any(|c| !c.is_whitespace())
    }

    /// Is the chunk at `cs` the first of its sentence (perhaps after a lone bullet)? Most short
    /// chunks with a stop stand after words of their sentence: a letter or digit before the
    /// chunk settles it without the trim.
    fn is_first_chunk(&self, cs: usize) -> bool {
        let before = &self.text[self.start.min(cs)..cs];
        if before.bytes().any(|c| c.is_ascii_alphanumeric()) {
            return false;
        }
        let before = before.trim();
        before.is_empty()
            || (before.len() <= 4 && before.chars().count() == 1 && before.chars().all(is_bullet))
    }

    /// Ends the sentence at `end`; the next one starts at `next_start`.
    fn end_at(&mut self, end: usize, next_start: usize) {
        self.push(self.start, end);
        self.start = next_start;
        self.read_to = self.read_to.max(next_start);
    }

    fn push(&mut self, start: usize, end: usize) {
        if start >= end {
            return;
        }
        let (mut start, mut end) = (start, end);
        while start < end && space_at(self.text, start) > 0 {
            start += space_at(self.text, start);
        }
        while start < end {
            // Nearly every sentence ends in an ASCII byte that is not a space: settled on the
            // byte, without decoding the last character.
            let last = self.text.as_bytes()[end - 1];
            if last.is_ascii() && !last.is_ascii_whitespace() && last != 0x0b {
                break;
            }
            let Some(c) = self.text[start..end].chars().next_back() else {
                break;
            };
            if !c.is_whitespace() {
                break;
            }
            end -= c.len_utf8();
        }
        if start < end {
            self.out.push(start..end);
        }
    }
}

/// What the word before a period is, for deciding whether the period ends the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An ordinary word (or anything unknown): the period ends the sentence.
    Word,
    /// "1,000", "$100.00", "1026.253.553".
    Number,
    /// A title before a name.
    Title,
    /// Abbreviations that introduce what follows.
    Inline,
    /// Abbreviations that usually close a sentence when a capital follows: "etc.", times, units.
    Closing,
    /// Abbreviations as often followed by a name as at the end of a sentence.
    Ambiguous,
    /// A single capital letter.
    Initial,
}

/// Classifies the word before a period (openers already stripped).
fn classify(core: &str) -> Kind {
    let word = core.trim_end_matches(is_closer);
    let digits = word.trim_start_matches(['$', '\u{a3}', '\u{20ac}', '#', '~']);
    if !digits.is_empty()
        && digits
            .bytes()
            .all(|c| c.is_ascii_digit() || c == b',' || c == b'.')
        && digits.as_bytes()[0].is_ascii_digit()
    {
        return Kind::Number;
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return Kind::Initial;
        }
        // "p. 55", "a. The first item".
        if c.is_lowercase() {
            return Kind::Ambiguous;
        }
    }
    // Acronyms ("patients with MS.", "Sacramento, CA.") are words, whatever they spell.
    if word.len() > 8 || (word.len() >= 2 && word.bytes().all(|c| c.is_ascii_uppercase())) {
        return Kind::Word;
    }
    if word.contains('.') {
        let is = |a: &str| word.eq_ignore_ascii_case(a);
        return if is("e.g") || is("i.e") {
            Kind::Inline
        } else if is("a.m") || is("p.m") {
            Kind::Closing
        } else if is_dotted_abbreviation(word) {
            Kind::Ambiguous
        } else {
            Kind::Word
        };
    }
    // The longest abbreviation has six bytes.
    if word.len() > 6 {
        return Kind::Word;
    }
    let key = pack(word.as_bytes());
    match ABBREVIATION_KEYS.binary_search_by(|(a, _)| a.cmp(&key)) {
        Ok(k) => ABBREVIATION_KEYS[k].1,
        Err(_) => Kind::Word,
    }
}

/// Up to eight bytes, lowercased, as a number that sorts as the bytes do.
const fn pack(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut k = 0;
    while k < word.len() && k < 8 {
        key |= (word[k].to_ascii_lowercase() as u64) << (56 - 8 * k);
        k += 1;
    }
    key
}

/// [`ABBREVIATIONS`] keyed by [`pack`], for a quick binary search.
const ABBREVIATION_KEYS: [(u64, Kind); ABBREVIATIONS.len()] = {
    let mut keys = [(0, Kind::Word); ABBREVIATIONS.len()];
    let mut k = 0;
    while k < keys.len() {
        keys[k] = (pack(ABBREVIATIONS[k].0.as_bytes()), ABBREVIATIONS[k].1);
        k += 1;
    }
    keys
};

/// Abbreviations written with a final period, and what they are. Lowercase, sorted.
const ABBREVIATIONS: &[(&str, Kind)] = {
    use Kind::{Ambiguous as A, Closing as C, Inline as I, Title as T};
    &[
        ("adm", T),
        ("al", A),
        ("approx", A),
        ("apr", A),
        ("assn", A),
        ("assoc", A),
        ("aug", A),
        ("ave", A),
        ("blvd", A),
        ("bros", A),
        ("ca", A),
        ("capt", T),
        ("cf", I),
        ("ch", A),
        ("chap", A),
        ("cit", A),
        ("cm", C),
        ("cmdr", T),
        ("co", A),
        ("col", T),
        ("corp", A),
        ("cpt", T),
        ("dec", A),
        ("dept", A),
        ("dr", T),
        ("drs", T),
        ("eds", A),
        ("eq", A),
        ("eqs", A),
        ("est", A),
        ("etc", C),
        ("feb", A),
        ("fig", A),
        ("figs", A),
        ("fr", T),
        ("fri", A),
        ("ft", C),
        ("gal", C),
        ("gen", T),
        ("gov", T),
        ("govt", A),
        ("hon", T),
        ("hr", C),
        ("hrs", C),
        ("ibid", A),
        ("inc", A),
        ("insp", T),
        ("intl", A),
        ("jan", A),
        ("jr", A),
        ("jul", A),
        ("jun", A),
        ("kg", C),
        ("km", C),
        ("lb", C),
        ("lbs", C),
        ("llc", A),
        ("lt", T),
        ("ltd", A),
        ("maj", T),
        ("mar", A),
        ("mcg", C),
        ("messrs", T),
        ("mg", C),
        ("min", C),
        ("mins", C),
        ("ml", C),
        ("mlle", T),
        ("mm", C),
        ("mme", T),
        ("mmol", C),
        ("mos", C),
        ("mr", T),
        ("mrs", T),
        ("ms", T),
        ("mt", T),
        ("natl", A),
        ("no", A),
        ("nos", A),
        ("nov", A),
        ("nr", A),
        ("n\u{b0}", A),
        ("n\u{ba}", A),
        ("oct", A),
        ("op", A),
        ("oz", C),
        ("para", A),
        ("plc", A),
        ("pp", A),
        ("pres", T),
        ("prof", T),
        ("profs", T),
        ("qt", C),
        ("rd", A),
        ("ref", A),
        ("refs", A),
        ("resp", I),
        ("rev", T),
        ("sec", A),
        ("secs", C),
        ("sen", T),
        ("sep", A),
        ("sept", A),
        ("sgt", T),
        ("sr", A),
        ("st", A),
        ("supt", T),
        ("tab", A),
        ("tbsp", C),
        ("thu", A),
        ("thur", A),
        ("thurs", A),
        ("tsp", C),
        ("tues", A),
        ("univ", A),
        ("viz", I),
        ("vol", A),
        ("vols", A),
        ("vs", I),
        ("wk", C),
        ("wks", C),
        ("yr", C),
        ("yrs", C),
    ]
};

/// Words that usually begin a sentence: after an ambiguous abbreviation or an initial, one of
/// these means the sentence ended ("I live in the U.S. How about you?"), while a name does not
/// ("the U.S. Government"). Lowercase, sorted.
const STARTERS: &[&str] = &[
    "a",
    "about",
    "after",
    "afterwards",
    "again",
    "all",
    "also",
    "although",
    "always",
    "an",
    "and",
    "another",
    "any",
    "are",
    "aren",
    "as",
    "ask",
    "at",
    "avoid",
    "be",
    "because",
    "before",
    "being",
    "both",
    "but",
    "by",
    "call",
    "can",
    "check",
    "could",
    "did",
    "didn",
    "do",
    "does",
    "doesn",
    "don",
    "dr",
    "during",
    "each",
    "eat",
    "either",
    "even",
    "every",
    "finally",
    "first",
    "for",
    "from",
    "further",
    "furthermore",
    "get",
    "go",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "instead",
    "is",
    "isn",
    "it",
    "its",
    "keep",
    "let",
    "many",
    "may",
    "maybe",
    "meanwhile",
    "might",
    "millions",
    "more",
    "moreover",
    "most",
    "mr",
    "mrs",
    "ms",
    "much",
    "must",
    "my",
    "neither",
    "never",
    "next",
    "no",
    "nor",
    "not",
    "now",
    "often",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "our",
    "people",
    "perhaps",
    "please",
    "prof",
    "rather",
    "see",
    "she",
    "should",
    "similarly",
    "since",
    "so",
    "some",
    "sometimes",
    "soon",
    "still",
    "such",
    "take",
    "talk",
    "tell",
    "than",
    "thanks",
    "that",
    "the",
    "their",
    "then",
    "there",
    "therefore",
    "these",
    "they",
    "this",
    "those",
    "though",
    "thus",
    "to",
    "today",
    "together",
    "try",
    "two",
    "unless",
    "until",
    "use",
    "usually",
    "was",
    "wasn",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "without",
    "would",
    "yes",
    "yet",
    "you",
    "your",
];

/// Prepositions that open a fronted phrase ("At 5 a.m. Mr. Smith went …"). Lowercase, sorted.
const PREPOSITIONS: &[&str] = &[
    "about", "after", "around", "as", "at", "before", "between", "by", "during", "for", "from",
    "in", "near", "of", "on", "since", "through", "till", "to", "until",
];

/// Words followed by a letter that is a label, not an initial ("vitamin D", "hepatitis B",
/// "type A", "Plan B"). Lowercase, sorted.
const TAKES_LETTER: &[&str] = &[
    "annex",
    "appendix",
    "arm",
    "block",
    "box",
    "building",
    "category",
    "class",
    "cluster",
    "cohort",
    "factor",
    "figure",
    "floor",
    "gate",
    "grade",
    "group",
    "hepatitis",
    "level",
    "list",
    "model",
    "option",
    "part",
    "phase",
    "plan",
    "point",
    "question",
    "room",
    "row",
    "schedule",
    "section",
    "size",
    "stage",
    "step",
    "strain",
    "subtype",
    "table",
    "type",
    "unit",
    "vitamin",
    "vitamins",
    "ward",
    "wing",
];

/// Lowercase words that often come before a name and its initials ("by J. Smith", "said A.
/// Jones"). Lowercase, sorted.
const BEFORE_NAMES: &[&str] = &[
    "according",
    "and",
    "asked",
    "between",
    "dear",
    "for",
    "from",
    "including",
    "like",
    "nor",
    "per",
    "said",
    "says",
    "than",
    "thank",
    "thanks",
    "the",
    "told",
    "via",
    "with",
    "wrote",
];

/// Is `word` (any case) in the sorted lowercase `list`?
fn in_list(word: &str, list: &[&str]) -> bool {
    if word.is_empty() || word.len() > 16 || !word.is_ascii() {
        return false;
    }
    let mut buf = [0u8; 16];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    list.binary_search_by(|w| w.as_bytes().cmp(lower)).is_ok()
}

/// Does the chunk at `s` open a sentence: a capital, a digit, a bullet or a letter of a script
/// without case, perhaps after an opening quote or bracket?
fn opens_sentence(text: &str, s: usize) -> bool {
    let c = text.as_bytes()[s];
    if c.is_ascii_alphanumeric() {
        return !c.is_ascii_lowercase();
    }
    let rest = text[s..].trim_start_matches(is_opener);
    match rest.chars().next() {
        Some(c) => {
            c.is_uppercase()
                || c.is_ascii_digit()
                || is_bullet(c)
                || (c.is_alphabetic() && !c.is_lowercase())
        }
        None => false,
    }
}

/// Is the word at `s` one that usually starts a sentence?
fn starts_sentence(text: &str, s: usize) -> bool {
    let rest = text[s..].trim_start_matches(is_opener);
    let len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    // A whole word: "A1685S" is a name, not the article "A".
    let whole = !rest[len..].starts_with(|c: char| c.is_alphanumeric());
    whole && in_list(&rest[..len], STARTERS)
}

/// Is `word` one that takes a letter as a label: one of [`TAKES_LETTER`], or a lowercase word
/// ("cyclosporine A") other than those that come before names ("by J. Smith")?
fn takes_letter(word: &str) -> bool {
    let lowercase = word.len() >= 3 && word.bytes().all(|c| c.is_ascii_lowercase() || c == b'-');
    in_list(word, TAKES_LETTER) || (lowercase && !in_list(word, BEFORE_NAMES))
}

/// The whitespace-delimited chunk before the one starting at `cs`.
fn previous_word(text: &str, cs: usize) -> &str {
    let before = text[..cs].trim_end();
    let start = before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    &before[start..]
}

fn first_char(text: &str, i: usize) -> Option<char> {
    text[i..].trim_start_matches(is_opener).chars().next()
}

fn is_space_before(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_whitespace)
}

/// Bullets that mark list items.
fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '\u{2022}'
            | '\u{2043}'
            | '\u{2023}'
            | '\u{25e6}'
            | '\u{25aa}'
            | '\u{25ab}'
            | '\u{25cf}'
            | '\u{25cb}'
            | '\u{25a0}'
            | '\u{25a1}'
            | '\u{2219}'
            | '\u{27a2}'
            | '\u{2713}'
            | '\u{2714}'
    )
}

/// The run of dot-only chunks (".", "...", and a last one that may carry closing quotes, as in
/// ". . . .”") starting at or after `from`: its end, its number of dots and of chunks.
fn dot_group(text: &str, from: usize) -> Option<(usize, usize, usize)> {
    let mut pos = from;
    let (mut end, mut dots, mut chunks) = (from, 0, 0);
    while let Some((s, e)) = next_chunk(text, pos) {
        let chunk = &text[s..e];
        let body = chunk.trim_end_matches(is_closer);
        if body.is_empty() || !body.bytes().all(|c| c == b'.') {
            break;
        }
        end = e;
        dots += body.len();
        chunks += 1;
        pos = e;
        if body.len() < chunk.len() {
            break;
        }
    }
    (chunks > 0).then_some((end, dots, chunks))
}

/// The bracket closing the one at `i`, within 400 bytes.
fn matching_close(b: &[u8], i: usize) -> Option<usize> {
    let (open, close) = (b[i], if b[i] == b'(' { b')' } else { b']' });
    let mut depth = 0usize;
    let limit = (i + 400).min(b.len());
    let mut j = i;
    while j < limit {
        if b[j] == open {
            depth += 1;
        } else if b[j] == close {
            depth -= 1;
            if depth == 0 {
                return Some(j);
            }
        }
        j += 1;
    }
    None
}

/// A list marker: "1.", "2)", "3.)", "(4)", "a.", "b)", perhaps after a bullet ("•9.", "⁃10.").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marker {
    /// The number, or the letter's code.
    value: u32,
    letter: bool,
    style: Style,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Dot,
    Paren,
    DotParen,
    Enclosed,
}

impl Marker {
    fn parse(chunk: &str) -> Option<Marker> {
        let chunk = chunk.trim_start_matches(is_bullet);
        let (enclosed, body) = match chunk.strip_prefix('(') {
            Some(rest) => (true, rest),
            None => (false, chunk),
        };
        let label_len = body.bytes().take_while(u8::is_ascii_digit).count();
        let (value, letter, label_len) = match label_len {
            1..=3 => (body[..label_len].parse().ok()?, false, label_len),
            0 if body.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) => {
                (u32::from(body.as_bytes()[0]), true, 1)
            }
            _ => return None,
        };
        let style = match (&body[label_len..], enclosed) {
            (")", true) => Style::Enclosed,
            (".", false) => Style::Dot,
            (")", false) => Style::Paren,
            (".)", false) => Style::DotParen,
            _ => return None,
        };
        Some(Marker {
            value,
            letter,
            style,
        })
    }

    fn next(self) -> Marker {
        Marker {
            value: self.value + 1,
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    fn one(text: &str) {
        assert_eq!(
            sentences(text),
            vec![text],
            "{text:?} should be one sentence"
        );
    }

    #[test]
    fn terminal_punctuation_before_a_capital_ends_a_sentence() {
        assert_eq!(
            sentences("It hurts. Rest now! Did it help?"),
            vec!["It hurts.", "Rest now!", "Did it help?"]
        );
        assert_eq!(
            sentences("Hello!! Who is there?! Me."),
            vec!["Hello!!", "Who is there?!", "Me."]
        );
        // Before a lowercase word it does not.
        one("She works at Yahoo! in the accounting department.");
        one("Why? because it hurts.");
        // Nor is a block without punctuation split: a heading or list item is one unit.
        one("Symptoms of leiomyosarcoma");
        assert!(split("   ").is_empty());
        assert_eq!(sentences("  Padded.  "), vec!["Padded."]);
    }

    #[test]
    fn numbers_and_decimals() {
        one("The risk fell (RR 0.73, 95% CI 1.2 to 3.4) when p < 0.05 was reached.");
        one("She has $100.00 in her bag.");
        assert_eq!(
            sentences("She has $100.00. It is in her bag."),
            vec!["She has $100.00.", "It is in her bag."]
        );
        assert_eq!(
            sentences("We saw 1,000. Then more came."),
            vec!["We saw 1,000.", "Then more came."]
        );
        assert_eq!(
            sentences("Cases rose in 2019. Then 45 died."),
            vec!["Cases rose in 2019.", "Then 45 died."]
        );
        assert_eq!(
            sentences("Cases rose. 45 people died."),
            vec!["Cases rose.", "45 people died."]
        );
        // A decimal broken by a stray space is not two sentences.
        one("The risk ratio was 0. 73 and the locus 19p13. 11 was found.");
    }

    #[test]
    fn abbreviations() {
        one("Dr. Smith and Mrs. Jones met Prof. Lee at St. Mary's Hospital.");
        one("Take it with food, e.g. Bread, or i.e. The usual meal.");
        one("Smith et al. found that 5 mg. daily helps.");
        one("Please turn to p. 55 and see Fig. 3 and No. 5 on Jan. 3.");
        one("I work for the U.S. Government in Virginia.");
        one("At 5 a.m. Mr. Smith went to the bank.");
        assert_eq!(
            sentences("I live in the U.S. How about you?"),
            vec!["I live in the U.S.", "How about you?"]
        );
        assert_eq!(
            sentences("Smith et al. The study was small."),
            vec!["Smith et al.", "The study was small."]
        );
        assert_eq!(
            sentences("Bring pens, paper, etc. Leave the rest."),
            vec!["Bring pens, paper, etc.", "Leave the rest."]
        );
        assert_eq!(
            sentences("He left at 6 P.M. Mr. Smith stayed."),
            vec!["He left at 6 P.M.", "Mr. Smith stayed."]
        );
        assert_eq!(
            sentences("Take 5 mg. Rest after."),
            vec!["Take 5 mg.", "Rest after."]
        );
        assert_eq!(
            sentences("They asked Jane and co. They knew."),
            vec!["They asked Jane and co.", "They knew."]
        );
    }

    #[test]
    fn initials() {
        one("My name is Jonas E. Smith.");
        one("The book by J. R. R. Tolkien is long.");
        assert_eq!(
            sentences("You and I. Did you see Albert I. Jones?"),
            vec!["You and I.", "Did you see Albert I. Jones?"]
        );
        // A letter that labels ("vitamin D") is no initial.
        assert_eq!(
            sentences("You need vitamin D. Levels drop in winter."),
            vec!["You need vitamin D.", "Levels drop in winter."]
        );
        assert_eq!(
            sentences("It is hepatitis B. Symptoms vary."),
            vec!["It is hepatitis B.", "Symptoms vary."]
        );
    }

    #[test]
    fn citation_markers_belong_to_neither_sentence() {
        let text = "Smooth muscle is in our body.1 Smooth muscles work on their own.";
        assert_eq!(
            sentences(text),
            vec![
                "Smooth muscle is in our body.",
                "Smooth muscles work on their own."
            ]
        );
        assert_eq!(
            sentences("See your doctor for pelvic exams.4"),
            vec!["See your doctor for pelvic exams."]
        );
        assert_eq!(
            sentences("It spreads.4,5 It is rare."),
            vec!["It spreads.", "It is rare."]
        );
        assert_eq!(
            sentences("It spreads.[3] It is rare.[4][5]"),
            vec!["It spreads.", "It is rare."]
        );
        assert_eq!(
            sentences("It spreads. [3] It is rare. [1, 2]"),
            vec!["It spreads.", "It is rare."]
        );
        assert_eq!(
            sentences("It spreads.\u{b9}\u{b2} It is rare."),
            vec!["It spreads.", "It is rare."]
        );
        // Before the period a marker stays in its sentence.
        assert_eq!(
            sentences("It spreads [3]. It is rare (1,2). So."),
            vec!["It spreads [3].", "It is rare (1,2).", "So."]
        );
        // Not markers: decimals, numbered figures, a lowercase continuation.
        one("The ratio was 3.4 and see Fig.1 for more.");
        one("A value of 37.5 Celsius is normal.");
    }

    #[test]
    fn urls_and_emails() {
        assert_eq!(
            sentences("Her email is Jane.Doe@example.com. I sent her an email."),
            vec!["Her email is Jane.Doe@example.com.", "I sent her an email."]
        );
        assert_eq!(
            sentences("The site is: https://www.example.50.com/new-site/awesome_content.html. Please check it out."),
            vec!["The site is: https://www.example.50.com/new-site/awesome_content.html.", "Please check it out."]
        );
        one("Visit www.nhs.uk/Conditions/Cancer.Treatment today.");
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            sentences("I never meant that.... She left."),
            vec!["I never meant that....", "She left."]
        );
        assert_eq!(
            sentences("He paused\u{2026} Then he left."),
            vec!["He paused\u{2026}", "Then he left."]
        );
        one("I wasn’t really ... well, what I mean...see . . . what I'm saying, the thing is . . . I didn’t mean it.");
        one("\"Bohr [...] used the analogy of parallel stairways [...]\" (Smith 55).");
        assert_eq!(
            sentences("Words are left off . . . . Next sentence."),
            vec!["Words are left off . . . .", "Next sentence."]
        );
        assert_eq!(
            sentences("It was weakened . . . was that of compounds. . . . The practice was not abandoned. . . ."),
            vec!["It was weakened . . . was that of compounds.", ". . . The practice was not abandoned. . . ."]
        );
    }

    #[test]
    fn quotations() {
        one("She turned to him, \"This is great.\" she said.");
        one("She turned to him, 'This is great.' she said.");
        assert_eq!(
            sentences("She said, “This is great.” She held it out."),
            vec!["She said, “This is great.”", "She held it out."]
        );
        assert_eq!(sentences("“Rest.” Then eat."), vec!["“Rest.”", "Then eat."]);
    }

    #[test]
    fn parentheses() {
        one("He teaches science (He previously worked for 5 years as an engineer.) at the local University.");
        one("Ask your team (see below. It has tips.) about treatment.");
        assert_eq!(
            sentences("He teaches (he was an engineer.) He also writes."),
            vec!["He teaches (he was an engineer.)", "He also writes."]
        );
        // An unclosed parenthesis shields nothing.
        assert_eq!(
            sentences("Smile :) It helps. Really."),
            vec!["Smile :) It helps.", "Really."]
        );
    }

    #[test]
    fn lists() {
        assert_eq!(
            sentences("1. The first item 2. The second item"),
            vec!["1. The first item", "2. The second item"]
        );
        assert_eq!(
            sentences("1.) The first item. 2.) The second item."),
            vec!["1.) The first item.", "2.) The second item."]
        );
        assert_eq!(
            sentences("1) First 2) Second 3) Third"),
            vec!["1) First", "2) Second", "3) Third"]
        );
        assert_eq!(
            sentences("a. The first item b. The second item"),
            vec!["a. The first item", "b. The second item"]
        );
        assert_eq!(
            sentences("(a) Apples (b) Pears"),
            vec!["(a) Apples", "(b) Pears"]
        );
        assert_eq!(
            sentences("• 9. The first item • 10. The second item"),
            vec!["• 9. The first item", "• 10. The second item"]
        );
        assert_eq!(
            sentences("Bring: • a hat • a coat"),
            vec!["Bring:", "• a hat", "• a coat"]
        );
        // After a word of its sentence a number ends it; after a lone bullet, it opens a list.
        assert_eq!(
            sentences("Step 1. Mix the flour."),
            vec!["Step 1.", "Mix the flour."]
        );
        assert_eq!(
            sentences(" \u{2022}  1. The first item 2. The second item"),
            vec!["\u{2022}  1. The first item", "2. The second item"]
        );
        // Out of sequence, or not at the start: no list.
        one("1. Add 3) lemons 4) limes");
        one("Take 2 tablets 3 times a day.");
        one("Use plan b. and c. if needed");
        one("(1) Develop a model, (2) develop a test and (3) test it.");
    }

    #[test]
    fn missing_spaces() {
        assert_eq!(
            sentences("Hello world.Today is Tuesday.Mr. Smith bought 1,000.That is a lot."),
            vec![
                "Hello world.",
                "Today is Tuesday.",
                "Mr. Smith bought 1,000.",
                "That is a lot."
            ]
        );
        one("Dr.Smith saw ASP.NET and Node.js.");
        one("That is JFK Jr.'s book.");
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [STARTERS, PREPOSITIONS, TAKES_LETTER, BEFORE_NAMES] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(ABBREVIATIONS
            .iter()
            .all(|(a, _)| a.to_lowercase() == *a && a.len() <= 6));
        assert_eq!(classify("Dr"), Kind::Title);
        assert_eq!(classify("N\u{b0}"), Kind::Ambiguous);
        assert_eq!(classify("ETC"), Kind::Word);
        assert_eq!(classify("etc"), Kind::Closing);
    }

    #[test]
    fn non_ascii_text() {
        assert_eq!(
            sentences("Café au lait. Élan vital. 東京。"),
            vec!["Café au lait.", "Élan vital.", "東京。"]
        );
        assert_eq!(
            sentences("Il a dit\u{a0}: «\u{a0}Non.\u{a0}Puis il part."),
            vec!["Il a dit\u{a0}: «\u{a0}Non.", "Puis il part."]
        );
    }

    #[test]
    fn the_scan_stops_at_every_stop_and_nowhere_else() {
        // Every byte at every place of a block, in texts shorter and longer than one block,
        // from every start: the found stop is the one a byte-by-byte search finds.
        for byte in 0..=255u8 {
            for len in [1, 7, 15, 16, 17, 31, 33, 40] {
                for place in [0, len / 2, len - 1] {
                    let mut text = vec![b'a'; len];
                    text[place] = byte;
                    for from in 0..=len {
                        let expected = (from..len).find(|&i| STOPS[usize::from(text[i])]);
                        assert_eq!(next_stop(&text, from), expected, "{byte:#x} {len} {place}");
                    }
                }
            }
        }
    }
}
