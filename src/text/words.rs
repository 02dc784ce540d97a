//! Word tokens of a piece of text, for the counts the readability formulas rest on.
//!
//! Boundaries are those of UAX #29 (Unicode word segmentation, via `unicode-segmentation`), with
//! the adjustments prose needs:
//!
//! - hyphenated compounds ("well-known", "follow-up") and contractions ("isn't", "patient’s")
//!   are one [`TokenKind::Word`];
//! - numbers ("1,000", "0.73", "3rd", "10am": anything that starts with a digit) are
//!   [`TokenKind::Number`];
//! - URLs and e-mail addresses are one token each, of their own kind;
//! - citation markers ("[3]", "[1, 2]", "(1,2)", "¹²", and digits glued after a sentence's final
//!   period as in "our body.1 Smooth") are [`TokenKind::Citation`];
//! - symbols ("%", "$", "<", "±", emoji) are [`TokenKind::Symbol`]; punctuation yields no token.
//!
//! Only [`TokenKind::Word`] counts as a word in the measures. This module does not know about
//! sentences; [`super::sentences`] uses its citation and URL helpers so both agree on them.
//!
//! Whitespace always separates tokens (except inside a bracketed citation such as "[1, 2]").
//! The text is read in one pass that applies the UAX #29 rules for ASCII directly, plus the
//! commonest non-ASCII punctuation (curly quotes and apostrophes, dashes, ellipsis, bullets); a
//! whitespace-delimited chunk holding any other character, or an address, is read again through
//! `unicode-segmentation` and the address rules. Tests check that both paths agree and that the
//! ASCII rules agree with the crate. No allocation but the output.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// What a token is; only [`TokenKind::Word`] counts as a word in the measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A word: letters, possibly with digits ("H1N1"), hyphens between letters ("well-known"),
    /// apostrophes ("isn't") or dots between letters ("U.S.A", "e.g").
    Word,
    /// Anything that starts with a digit: "42", "1,000", "0.73", "3rd", "10am".
    Number,
    /// A web address: "https://example.com/a", "www.nhs.uk", "nhs.uk".
    Url,
    /// An e-mail address.
    Email,
    /// A citation or footnote marker: "[3]", "[1, 2]", "(1,2)", "¹²", the "1" of "body.1 Next".
    Citation,
    /// A symbol that is neither letter, digit nor punctuation: "%", "$", "<", "±", "°", emoji.
    Symbol,
}

/// A token and where it stands (byte range) in the text it was cut from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: TokenKind,
}

/// Tokens of `text` in order. Punctuation and whitespace yield no token.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    tokens_into(text, &mut out);
    out
}

/// [`tokens`] appended to `out`, their ranges relative to `text`: the text engine reads every
/// sentence of a document straight into the document's one vector of tokens, instead of into a
/// vector of the sentence's own to copy them from.
pub fn tokens_into(text: &str, out: &mut Vec<Token>) {
    tokens_from_into(text, 0, out);
}

/// [`tokens_into`] of `text[start..]`, their ranges relative to `text`: the text engine reads
/// a sentence in its block's text, so its tokens' ranges are the block's from the start
/// instead of moved there one by one. Nothing before `start` is read.
pub(crate) fn tokens_from_into(text: &str, start: usize, out: &mut Vec<Token>) {
    let first = out.len();
    let mut builder = Builder::new(text, std::mem::take(out), first);
    builder.run(start);
    *out = builder.out;
    if builder.relation {
        mark_variables(text, &mut out[first..]);
    }
}

/// Reclassifies the letters that stand for a quantity in an equation ("P = 0.03", "n = 45",
/// "I² = 30%", "Chi2 < 3.8") as [`TokenKind::Symbol`]: they are read as part of the statistic,
/// like its number, not as words of the sentence. A variable is one letter, or up to three
/// letters followed by digits ("I2", "Chi2"), directly followed (spaces and superscript digits
/// aside) by a relation sign and a number. Words before a sign ("aged < 65", "participants =
/// 120") and abbreviations ("OR = 2.1") stay words.
fn mark_variables(text: &str, tokens: &mut [Token]) {
    for token in tokens.iter_mut() {
        if token.kind == TokenKind::Word
            && relation_then_number(&text[token.range.end..])
            && is_variable_name(&text[token.range.clone()])
        {
            token.kind = TokenKind::Symbol;
        }
    }
}

/// One letter, or one to three letters and then digits only.
fn is_variable_name(word: &str) -> bool {
    let letters = word.chars().take_while(|c| c.is_alphabetic()).count();
    let digits = &word[word
        .char_indices()
        .nth(letters)
        .map_or(word.len(), |(i, _)| i)..];
    if digits.is_empty() {
        letters == 1
    } else {
        (1..=3).contains(&letters) && digits.bytes().all(|b| b.is_ascii_digit())
    }
}

/// Whether `rest` starts with a relation sign and a number (spaces and superscript digits
/// allowed before the sign, spaces and a minus sign after it).
fn relation_then_number(rest: &str) -> bool {
    // Almost every word is followed by ASCII spaces and then an ASCII letter or punctuation:
    // settled on the bytes, without decoding characters (the signs and superscripts beyond
    // ASCII take the general path below).
    let next = rest
        .bytes()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c));
    match next {
        None => return false,
        Some(b) if b.is_ascii() && !matches!(b, b'=' | b'<' | b'>') => return false,
        Some(_) => {}
    }
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || is_superscript_digit(c));
    let Some(sign) = rest.chars().next().filter(|c| RELATIONS.contains(*c)) else {
        return false;
    };
    let rest = rest[sign.len_utf8()..].trim_start_matches('=').trim_start();
    let rest = rest.trim_start_matches(['-', '\u{2212}']);
    rest.starts_with(|c: char| c.is_ascii_digit())
        || rest.starts_with('.') && rest[1..].starts_with(|c: char| c.is_ascii_digit())
}

/// Signs of equality and inequality.
const RELATIONS: &str = "=<>\u{2264}\u{2265}\u{2260}\u{2248}";

/// Collects tokens, joining hyphenated compounds as it goes.
struct Builder<'a> {
    text: &'a str,
    out: Vec<Token>,
    /// Index in `out` of the text's first token: those before it are another text's.
    first: usize,
    /// End of a hyphen glued to the last word: a word starting here joins that word.
    hyphen_end: usize,
    /// Pieces starting before this offset are inside a citation already emitted.
    skip_until: usize,
    /// The text may hold a relation sign, so [`mark_variables`] has variables to look for. Set
    /// at every ASCII sign the reading meets and at every chunk read again (the signs beyond
    /// ASCII are among the characters that send a chunk there); what reading jumps over
    /// (letters, digits, citation markers) holds none. Most sentences have no sign, and
    /// looking past every word for one cost more than the rest of the variables' test.
    relation: bool,
}

impl Builder<'_> {
    fn new(text: &str, out: Vec<Token>, first: usize) -> Builder<'_> {
        Builder {
            text,
            out,
            first,
            hyphen_end: usize::MAX,
            skip_until: 0,
            relation: false,
        }
    }

    /// One pass over the text. ASCII words, numbers, punctuation and the commonest non-ASCII
    /// punctuation (curly quotes, dashes, ellipsis, bullets) are read directly; a chunk holding
    /// anything else (other non-ASCII characters, "@", "://", "www.") is read again through
    /// [`Builder::chunk`], after dropping the tokens already taken from it. Reading starts at
    /// `start`, which begins a chunk.
    fn run(&mut self, start: usize) {
        let text = self.text;
        let b = text.as_bytes();
        // Start of the chunk being read.
        let mut cs = start;
        let mut i = start;
        while i < b.len() {
            let c = b[i];
            if WORD_BYTE[usize::from(c)] {
                let (end, dotted) = fast_piece_end(b, i);
                // A piece is a number or a word by its first letter or digit ("_" joins them):
                // nearly always its first byte, read already, so the piece is searched only
                // when it starts with "_".
                let first = if c == b'_' {
                    b[i..end].iter().find(|&&c| c != b'_').copied()
                } else {
                    Some(c)
                };
                let Some(c) = first else {
                    self.hyphen_end = usize::MAX;
                    i = end;
                    continue;
                };
                if c.is_ascii_digit() {
                    // Digits glued after a sentence's final punctuation: a citation marker?
                    if i > cs
                        && (matches!(b[i - 1], b'.' | b'!' | b'?' | b')' | b'"' | b'\'' | b']')
                            || b[i - 1] >= 0x80)
                    {
                        let ce = chunk_end(text, i);
                        if let Some(k) = trailing_citation(text, cs, ce).filter(|&k| k <= i) {
                            self.push(k..ce, TokenKind::Citation);
                            i = ce;
                            continue;
                        }
                    }
                    self.push(i..end, TokenKind::Number);
                } else if (c | 0x20) == b'w'
                    && b.len() > i + 4
                    && b[i..i + 4].eq_ignore_ascii_case(b"www.")
                {
                    // Perhaps a web address: the general path decides.
                    i = self.reread(cs);
                    cs = i;
                    continue;
                } else if dotted {
                    self.word(i, end);
                } else {
                    self.push(i..end, TokenKind::Word);
                }
                i = end;
                // Most pieces are followed by one space: passed here as the loop would pass
                // it, without a trip round the loop and its tests for it.
                if b.get(i) == Some(&b' ') {
                    i += 1;
                    cs = i;
                }
            } else if c < 0x80 {
                match c {
                    b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                        i += 1;
                        cs = i;
                    }
                    b'@' => {
                        i = self.reread(cs);
                        cs = i;
                    }
                    b'=' | b'<' | b'>' => {
                        self.relation = true;
                        i = self.other(i, i + 1, cs);
                    }
                    b':' if b[i + 1..].starts_with(b"//") => {
                        i = self.reread(cs);
                        cs = i;
                    }
                    // The commonest punctuation after a word, settled here as `other` settles
                    // it (no token; a hyphen's join ends) without decoding it as a character.
                    b',' | b'.' | b';' | b':' | b'!' | b'?' | b')' | b'"' | b'\'' => {
                        self.hyphen_end = usize::MAX;
                        i += 1;
                    }
                    b'[' | b'(' => match bracket_citation(text, i) {
                        Some(close) => {
                            self.push(i..close, TokenKind::Citation);
                            // Reading goes on past a marker with spaces ("[1, 2]") as from the
                            // start of a chunk.
                            if chunk_end(text, i) < close {
                                cs = close;
                            }
                            i = close;
                        }
                        None => {
                            self.hyphen_end = usize::MAX;
                            i += 1;
                        }
                    },
                    _ => {
                        i = self.other(i, i + 1, cs);
                    }
                }
            } else {
                let ch = text[i..].chars().next().unwrap_or(' ');
                let end = i + ch.len_utf8();
                if ch.is_whitespace() {
                    i = end;
                    cs = i;
                } else if matches!(
                    ch,
                    '\u{201c}'
                        | '\u{201d}'
                        | '\u{2018}'
                        | '\u{2019}'
                        | '\u{2013}'
                        | '\u{2014}'
                        | '\u{2026}'
                        | '\u{2022}'
                        | '\u{ab}'
                        | '\u{bb}'
                        | '\u{2010}'
                        | '\u{2011}'
                ) {
                    i = self.other(i, end, cs);
                } else {
                    i = self.reread(cs);
                    cs = i;
                }
            }
        }
    }

    /// A piece that is neither letter nor digit, at `start..end`; returns where reading goes on.
    fn other(&mut self, start: usize, end: usize, cs: usize) -> usize {
        let text = self.text;
        let c = text[start..end].chars().next().unwrap_or(' ');
        if matches!(c, '-' | '\u{2010}' | '\u{2011}') {
            // A hyphen glued to a word on its left may join it to a word on its right.
            let joins = self
                .last()
                .is_some_and(|t| t.kind == TokenKind::Word && t.range.end == start);
            self.hyphen_end = if joins { end } else { usize::MAX };
        } else if is_punctuation(c) {
            self.hyphen_end = usize::MAX;
        } else if is_footnote_mark(c) && start > cs {
            // "illness.*": a footnote mark after the sentence's end is a citation marker.
            let ce = chunk_end(text, start);
            match trailing_citation(text, cs, ce).filter(|&k| k <= start) {
                Some(k) => {
                    self.push(k..ce, TokenKind::Citation);
                    return ce;
                }
                None => self.push(start..end, TokenKind::Symbol),
            }
        } else {
            self.push(start..end, TokenKind::Symbol);
        }
        end
    }

    /// Reads the chunk starting at `cs` again through [`Builder::chunk`], dropping the tokens
    /// already taken from it; returns where reading goes on.
    fn reread(&mut self, cs: usize) -> usize {
        while self.last().is_some_and(|t| t.range.start >= cs) {
            self.out.pop();
        }
        self.hyphen_end = usize::MAX;
        self.relation = true;
        let ce = chunk_end(self.text, cs);
        self.chunk(cs, ce)
    }

    /// Tokens of the whitespace-delimited chunk `start..end`; returns the offset reading resumes
    /// at (past `end` when a bracketed citation runs on over whitespace).
    fn chunk(&mut self, start: usize, end: usize) -> usize {
        let text = self.text;
        let chunk = &text[start..end];
        // A URL or e-mail address is one token, whatever punctuation it contains; the
        // punctuation wrapped round it ("(", "." at the end of a sentence) is not part of it.
        let (lead, trail) = if might_be_address(chunk) {
            unwrap(chunk)
        } else {
            (0, 0)
        };
        let body = &chunk[lead..chunk.len() - trail];
        if might_be_address(chunk) && (is_url(body) || is_email(body)) {
            let kind = if is_email(body) {
                TokenKind::Email
            } else {
                TokenKind::Url
            };
            self.push(start + lead..end - trail, kind);
            return end;
        }
        // Digits glued after a sentence's final punctuation are a citation, not a number.
        let cited = trailing_citation(text, start, end);
        let body_end = cited.unwrap_or(end);
        let mut resume = end;
        if chunk.is_ascii() {
            let bytes = text.as_bytes();
            let mut i = start;
            while i < body_end {
                let j = ascii_piece_end(bytes, i, body_end);
                resume = resume.max(self.piece(i, j));
                i = j;
            }
        } else {
            for (offset, piece) in text[start..body_end].split_word_bound_indices() {
                let i = start + offset;
                resume = resume.max(self.piece(i, i + piece.len()));
            }
        }
        if let Some(mut k) = cited {
            // "[3][4]" are two markers; "4,5" and "¹²" one.
            while let Some(close) = bracket_citation(text, k).filter(|&c| c < end) {
                self.push(k..close, TokenKind::Citation);
                k = close;
            }
            self.push(k..end, TokenKind::Citation);
        }
        resume
    }

    /// Classifies one UAX #29 piece; returns how far a citation starting here reached.
    fn piece(&mut self, start: usize, end: usize) -> usize {
        if start < self.skip_until {
            return 0;
        }
        let text = self.text;
        let piece = &text[start..end];
        let first = match piece.trim_start_matches('_').chars().next() {
            Some(c) if piece.starts_with('_') && c.is_alphanumeric() => c,
            _ => piece.chars().next().unwrap_or(' '),
        };
        if first == '[' || first == '(' {
            if let Some(close) = bracket_citation(text, start) {
                self.push(start..close, TokenKind::Citation);
                self.skip_until = close;
                return close;
            }
        }
        if is_superscript_digit(first) {
            self.superscript(start, end);
        } else if first.is_ascii_digit() || (!first.is_ascii() && first.is_numeric()) {
            self.push(start..end, TokenKind::Number);
        } else if first.is_alphanumeric() {
            self.word(start, end);
        } else {
            // Markers after the chunk's final punctuation were taken by `chunk` already.
            self.other(start, end, usize::MAX);
        }
        0
    }

    /// A piece that starts with a letter. Dots and colons inside it (UAX #29 keeps "a.b" and
    /// "a:b" together) make it an abbreviation ("U.S.A", "e.g"), a domain name ("nhs.uk") or
    /// words run together by a missing space ("world.Today").
    fn word(&mut self, start: usize, end: usize) {
        let piece = &self.text[start..end];
        if !piece.contains(['.', ':']) {
            self.push(start..end, TokenKind::Word);
        } else if is_domain(piece) {
            self.push(start..end, TokenKind::Url);
        } else if is_dotted_abbreviation(piece) {
            self.push(start..end, TokenKind::Word);
        } else {
            let mut s = start;
            for part in piece.split(['.', ':']) {
                if !part.is_empty() {
                    let starts_with_digit = part.as_bytes()[0].is_ascii_digit();
                    let kind = if starts_with_digit {
                        TokenKind::Number
                    } else {
                        TokenKind::Word
                    };
                    self.push(s..s + part.len(), kind);
                }
                s += part.len() + 1;
            }
        }
    }

    /// Superscript digits: an exponent after a number ("10⁶") or a short unit ("m²"), else a
    /// citation marker ("body¹²", "body.¹").
    fn superscript(&mut self, start: usize, end: usize) {
        let text = self.text;
        match self.last_mut() {
            Some(last) if last.range.end == start => match last.kind {
                // Runs of superscripts ("¹²") are one marker; an exponent extends its number.
                TokenKind::Citation | TokenKind::Number => last.range.end = end,
                TokenKind::Word if text[last.range.clone()].chars().count() <= 2 => {
                    self.push(start..end, TokenKind::Symbol)
                }
                _ => self.push(start..end, TokenKind::Citation),
            },
            _ => self.push(start..end, TokenKind::Citation),
        }
    }

    /// The text's last token so far.
    fn last(&self) -> Option<&Token> {
        self.out[self.first..].last()
    }

    fn last_mut(&mut self) -> Option<&mut Token> {
        let first = self.first;
        self.out[first..].last_mut()
    }

    fn push(&mut self, range: Range<usize>, kind: TokenKind) {
        // "well" "-" "known": a word right after a glued hyphen joins the word before it.
        if kind == TokenKind::Word && range.start == self.hyphen_end {
            if let Some(last) = self.last_mut() {
                last.range.end = range.end;
                self.hyphen_end = usize::MAX;
                return;
            }
        }
        self.hyphen_end = usize::MAX;
        self.out.push(Token { range, kind });
    }
}

/// UAX #29 word-break classes of ASCII characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// ExtendNumLet: "_".
    Connector,
    /// MidLetter: ":".
    MidLetter,
    /// MidNum: "," and ";".
    MidNum,
    /// MidNumLet and Single_Quote: "." and "'".
    MidNumLet,
    Other,
}

fn class(b: u8) -> Class {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Digit,
        b'_' => Class::Connector,
        b':' => Class::MidLetter,
        b',' | b';' => Class::MidNum,
        b'.' | b'\'' => Class::MidNumLet,
        _ => Class::Other,
    }
}

/// End of the UAX #29 piece of ASCII, whitespace-free text starting at `i` (rules WB5–WB13b; the
/// others concern characters outside ASCII or whitespace).
fn ascii_piece_end(b: &[u8], i: usize, end: usize) -> usize {
    if !matches!(class(b[i]), Class::Letter | Class::Digit | Class::Connector) {
        return i + 1;
    }
    let mut j = i + 1;
    while j < end {
        match class(b[j]) {
            // WB5, WB8, WB9, WB10, WB13a, WB13b: letters, digits and "_" run on.
            Class::Letter | Class::Digit | Class::Connector => j += 1,
            // WB6/WB7: letter (":" | "." | "'") letter; WB11/WB12: digit ("," | ";" | "." | "'") digit.
            mid @ (Class::MidLetter | Class::MidNum | Class::MidNumLet) if j + 1 < end => {
                let (before, after) = (class(b[j - 1]), class(b[j + 1]));
                let letters =
                    before == Class::Letter && after == Class::Letter && mid != Class::MidNum;
                let digits =
                    before == Class::Digit && after == Class::Digit && mid != Class::MidLetter;
                if letters || digits {
                    j += 2;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    j
}

/// ASCII letters, digits and "_": the bytes a piece runs on over.
static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 128 {
        table[c] = (c as u8).is_ascii_alphanumeric() || c == b'_' as usize;
        c += 1;
    }
    table
};

/// Like [`ascii_piece_end`] over the whole text, stopping at characters outside ASCII but for
/// the apostrophes ’ and ‘ (MidNumLet, like "'"); also says whether the piece holds "." or ":".
#[inline]
fn fast_piece_end(b: &[u8], i: usize) -> (usize, bool) {
    let mut j = i + 1;
    let mut dotted = false;
    while j < b.len() {
        let c = b[j];
        if WORD_BYTE[usize::from(c)] {
            j += 1;
            continue;
        }
        // A mid character joins only between two letters or two digits.
        let (mid, width) = match c {
            b':' => (Class::MidLetter, 1),
            b',' | b';' => (Class::MidNum, 1),
            b'.' | b'\'' => (Class::MidNumLet, 1),
            0xe2 if b.len() > j + 2 && b[j + 1] == 0x80 && matches!(b[j + 2], 0x98 | 0x99) => {
                (Class::MidNumLet, 3)
            }
            _ => break,
        };
        let Some(&next) = b.get(j + width) else { break };
        let (before, after) = (class(b[j - 1]), class(next));
        let letters = before == Class::Letter && after == Class::Letter && mid != Class::MidNum;
        let digits = before == Class::Digit && after == Class::Digit && mid != Class::MidLetter;
        if !(letters || digits) {
            break;
        }
        dotted |= matches!(c, b'.' | b':');
        j += width + 1;
    }
    (j, dotted)
}

/// Width in bytes of the whitespace character at byte `i` of `text` (0 if it is not one).
#[inline]
pub(crate) fn space_at(text: &str, i: usize) -> usize {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        usize::from(matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
    } else if b >= 0xc0 {
        match text[i..].chars().next() {
            Some(c) if c.is_whitespace() => c.len_utf8(),
            _ => 0,
        }
    } else {
        0
    }
}

/// The first whitespace-delimited chunk at or after `from`, as a byte range.
#[inline]
pub(crate) fn next_chunk(text: &str, from: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = from;
    loop {
        if i >= b.len() {
            return None;
        }
        let w = space_at(text, i);
        if w == 0 {
            break;
        }
        i += w;
    }
    let start = i;
    Some((start, chunk_end(text, i)))
}

/// End of the whitespace-delimited chunk holding byte `i`.
#[inline]
pub(crate) fn chunk_end(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while i < b.len() {
        let c = b[i];
        // Printable ASCII is never whitespace; other bytes need a closer look.
        if (c <= b' ' || c >= 0xc0) && space_at(text, i) > 0 {
            break;
        }
        i += 1;
    }
    i
}

/// Start of the whitespace-delimited chunk holding byte `i`.
#[inline]
pub(crate) fn chunk_start(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    loop {
        i = printable_run_start(b, i);
        if i == 0 {
            break;
        }
        let c = b[i - 1];
        if c < 0x80 {
            if c <= b' ' && space_at(text, i - 1) > 0 {
                break;
            }
            i -= 1;
        } else {
            let Some(ch) = text[..i].chars().next_back() else {
                break;
            };
            if ch.is_whitespace() {
                break;
            }
            i -= ch.len_utf8();
        }
    }
    i
}

/// Start of the run of ASCII bytes above the space (never whitespace) that ends at `i`, read
/// back eight bytes at a time: the sentence split looks for the start of the chunk at each
/// stop, most often a word's length back, which took eleven instructions a byte one by one.
/// SWAR: each byte's low seven bits plus 0x5f set its top bit from 0x21 up, without a carry
/// into the next byte; a byte with its own top bit set is beyond ASCII.
#[inline]
fn printable_run_start(b: &[u8], mut i: usize) -> usize {
    const EACH: u64 = 0x0101_0101_0101_0101;
    const TOP: u64 = 0x80 * EACH;
    while let Some(&eight) = b[..i].last_chunk::<8>() {
        let x = u64::from_le_bytes(eight);
        let printable = ((x & (0x7f * EACH)) + 0x5f * EACH) & !x & TOP;
        let others = !printable & TOP;
        if others != 0 {
            // Past the last byte that is not such a byte.
            return i - 8 + (63 - others.leading_zeros() as usize) / 8 + 1;
        }
        i -= 8;
    }
    i
}

/// Bytes that open a quotation or parenthesis before a word.
pub(crate) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | '['
            | '{'
            | '\u{201c}'
            | '\u{2018}'
            | '\u{ab}'
            | '\u{2039}'
            | '\u{bf}'
            | '\u{a1}'
    )
}

/// Characters that close a quotation or parenthesis after a word.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '}' | '\u{201d}' | '\u{2019}' | '\u{bb}' | '\u{203a}'
    )
}

/// Punctuation: marks that are not read as words or symbols and yield no token.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_punctuation()
            && !matches!(
                c,
                '#' | '$' | '%' | '&' | '*' | '+' | '<' | '=' | '>' | '@' | '\\' | '^' | '|' | '~'
            )
    } else {
        matches!(c,
            '\u{2010}'..='\u{2027}' // dashes, quotation marks, bullets, ellipsis, daggers
            | '\u{2039}' | '\u{203a}' | '\u{2043}' | '\u{ab}' | '\u{bb}' | '\u{a1}' | '\u{bf}' | '\u{b7}'
            | '\u{2e00}'..='\u{2e7f}' // supplemental punctuation
            | '\u{3001}' | '\u{3002}' | '\u{300c}'..='\u{300f}' // CJK commas, full stops, brackets
            | '\u{ff01}' | '\u{ff08}' | '\u{ff09}' | '\u{ff0c}' | '\u{ff0e}' | '\u{ff1a}' | '\u{ff1b}' | '\u{ff1f}')
    }
}

/// Marks that point to a footnote.
fn is_footnote_mark(c: char) -> bool {
    matches!(c, '*' | '\u{2020}' | '\u{2021}' | '\u{a7}' | '\u{b6}')
}

fn is_superscript_digit(c: char) -> bool {
    matches!(
        c,
        '\u{b9}' | '\u{b2}' | '\u{b3}' | '\u{2070}' | '\u{2074}'..='\u{2079}'
    )
}

/// Leading openers and trailing punctuation around a chunk, in bytes: what wraps a URL or
/// e-mail address in prose ("(see www.nhs.uk).").
fn unwrap(chunk: &str) -> (usize, usize) {
    let lead = chunk.len()
        - chunk
            .trim_start_matches(|c: char| is_opener(c) || c == '<')
            .len();
    let rest = &chunk[lead..];
    let mut kept = rest;
    while let Some(c) = kept.chars().next_back() {
        // A closing parenthesis stays when it closes one opened inside ("Pain_(disease)").
        let unmatched_paren = c == ')' && kept.matches(')').count() > kept.matches('(').count();
        if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '>')
            || (is_closer(c) && c != ')')
            || unmatched_paren
        {
            kept = &kept[..kept.len() - c.len_utf8()];
        } else {
            break;
        }
    }
    (lead, rest.len() - kept.len())
}

/// Whether a number token has a decimal fraction: a point between two digits ("0.82",
/// "1,234.5", "2.5mg"). Dale–Chall reads these as unfamiliar words (see
/// [`crate::measures::formulas::dale_chall`]).
pub fn is_decimal_figure(number: &str) -> bool {
    number
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit())
}

/// Is the chunk a URL or an e-mail address, once the punctuation around it is set aside?
pub(crate) fn is_address(chunk: &str) -> bool {
    if !might_be_address(chunk) {
        return false;
    }
    let (lead, trail) = unwrap(chunk);
    let body = &chunk[lead..chunk.len() - trail];
    is_url(body) || is_email(body)
}

/// A quick test that rules out most chunks: an address has an "@", a ":" or starts "www.".
#[inline]
fn might_be_address(chunk: &str) -> bool {
    let www = chunk
        .trim_start_matches(|c: char| is_opener(c) || c == '<')
        .as_bytes();
    chunk.bytes().any(|c| c == b'@' || c == b':')
        || (www.len() > 4 && www[..4].eq_ignore_ascii_case(b"www."))
}

/// "https://…", "ftp://…", "www.…".
pub(crate) fn is_url(s: &str) -> bool {
    let b = s.as_bytes();
    let starts = |p: &[u8]| b.len() > p.len() && b[..p.len()].eq_ignore_ascii_case(p);
    starts(b"http://")
        || starts(b"https://")
        || starts(b"ftp://")
        || (starts(b"www.") && b.len() > 6)
}

/// Something@domain.tld, with word characters on both sides of the "@" and a dot after it.
pub(crate) fn is_email(s: &str) -> bool {
    let Some(at) = s.find('@') else { return false };
    let (user, domain) = (&s[..at], &s[at + 1..]);
    let word = |c: char| c.is_alphanumeric();
    user.ends_with(word)
        && domain.starts_with(word)
        && domain.ends_with(word)
        && domain.contains('.')
        && !domain.contains('@')
}

/// Top-level domains common enough to tell "nhs.uk" from a missing space.
const DOMAINS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "int", "mil", "info", "biz", "io", "uk", "us", "ca", "au",
    "nz", "ie", "eu", "de", "fr", "nl", "in", "za", "health", "nhs",
];

/// A bare domain name such as "nhs.uk" or "cancer.gov": lowercase labels ending in a known
/// top-level domain.
fn is_domain(s: &str) -> bool {
    let Some((name, tld)) = s.rsplit_once('.') else {
        return false;
    };
    name.len() >= 2
        && !s.contains(':')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && DOMAINS.contains(&tld)
}

/// Letters in groups of one or two joined by dots: "U.S.A", "e.g", "i.e", "a.m", "Ph.D".
pub(crate) fn is_dotted_abbreviation(s: &str) -> bool {
    s.contains('.')
        && s.split('.').all(|part| {
            (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphabetic())
        })
}

/// Abbreviations that take a number ("Fig.1", "No.5"): digits glued after them are not a
/// citation. Lowercase.
const NUMBERED: &[&str] = &[
    "fig", "figs", "no", "nos", "vol", "vols", "pp", "ch", "chap", "sec", "para", "ref", "refs",
    "eq", "eqs", "tab", "table", "art", "ed", "step", "ex", "approx", "ca", "vs", "op", "cit",
];

/// Where a bracketed citation marker starting at byte `i` ends ("[3]", "[1, 2]", "[4–6]",
/// "(1,2)", "(3)"): digits, commas, spaces and dashes inside one pair of brackets. Numbers in
/// parentheses have at most three digits, so "(2019)" is a year, not a citation.
pub(crate) fn bracket_citation(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    let close = match b[i] {
        b'[' => b']',
        b'(' => b')',
        _ => return None,
    };
    let limit = (i + 40).min(b.len());
    let (mut j, mut run, mut digits) = (i + 1, 0, 0);
    while j < limit {
        match b[j] {
            b'0'..=b'9' => {
                run += 1;
                digits += 1;
                if close == b')' && run > 3 {
                    return None;
                }
                j += 1;
            }
            b',' | b' ' | b'-' => {
                run = 0;
                j += 1;
            }
            // En dash, as in "[4–6]".
            0xe2 if b[j..].starts_with("\u{2013}".as_bytes()) => {
                run = 0;
                j += 3;
            }
            c if c == close => {
                return (digits > 0 && b[j - 1].is_ascii_digit()).then_some(j + 1);
            }
            _ => return None,
        }
    }
    None
}

/// A citation marker glued to the end of the chunk `start..end` right after its final
/// punctuation, as in "our body.1", "exams.4,5", "pain.[3]", "body.¹²": returns where the marker
/// starts. The word before the punctuation must have two letters or more and not be an
/// abbreviation that takes a number ("Fig.1"), so decimals ("0.73") and numbered references
/// are not taken for citations.
pub(crate) fn trailing_citation(text: &str, start: usize, end: usize) -> Option<usize> {
    let chunk = &text[start..end];
    let b = chunk.as_bytes();
    let last = *b.last()?;
    // Most chunks end in a letter or punctuation: no marker.
    if !(last.is_ascii_digit() || matches!(last, b']' | b')' | b'*') || last >= 0x80) {
        return None;
    }
    // The marker itself.
    let mut k = chunk.len();
    if last == b']' || last == b')' {
        // One or more bracketed markers: "[1]", "[1][2]", "(1,2)".
        while k > 0 && (b[k - 1] == b']' || b[k - 1] == b')') {
            let open = if b[k - 1] == b']' { b'[' } else { b'(' };
            let o = chunk[..k].rfind(open as char)?;
            if bracket_citation(chunk, o) != Some(k) {
                break;
            }
            k = o;
        }
    } else if last.is_ascii_digit() {
        // "1", "4,5", "4-6", "4–6". Quick test first: most chunks ending in a digit are numbers
        // ("0.73", "1,000") with no letter before the punctuation.
        let run = b
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit() || matches!(c, b',' | b'-'))
            .count();
        let p = b.len() - run;
        if p >= 2
            && matches!(b[p - 1], b'.' | b'!' | b'?')
            && !(b[p - 2].is_ascii_alphabetic() || b[p - 2] >= 0x80 || is_closer(b[p - 2] as char))
        {
            return None;
        }
        let body = chunk
            .trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, ',' | '-' | '\u{2013}'));
        let marker = chunk[body.len()..].trim_start_matches(|c: char| !c.is_ascii_digit());
        k = chunk.len() - marker.len();
    } else if chunk.ends_with(is_footnote_mark) {
        // "illness.*", "patients.¶", "risk.†‡".
        k = chunk.trim_end_matches(is_footnote_mark).len();
    } else {
        let body = chunk
            .trim_end_matches(|c: char| is_superscript_digit(c) || c == '\u{207b}' || c == ',');
        if chunk[body.len()..].contains(is_superscript_digit) {
            k = body.len();
        }
    }
    if k == chunk.len() {
        return None;
    }
    // Sentence-final punctuation, possibly with closing quotes or brackets, right before it.
    let before = chunk[..k].trim_end_matches(is_closer);
    let word = before.trim_end_matches(['.', '!', '?', '\u{2026}']);
    if word.len() == before.len() {
        return None;
    }
    let word = word.trim_end_matches(is_closer);
    if !word.chars().next_back().is_some_and(char::is_alphabetic) {
        return None;
    }
    let word = word.trim_start_matches(is_opener);
    let word = word.rsplit(['(', '[', '/', '.']).next().unwrap_or(word);
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let numbered = || NUMBERED.iter().any(|a| a.eq_ignore_ascii_case(word));
    (letters >= 2 && !numbered()).then_some(start + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of_kind(text: &str, kind: TokenKind) -> Vec<&str> {
        tokens(text)
            .into_iter()
            .filter(|t| t.kind == kind)
            .map(|t| &text[t.range])
            .collect()
    }

    #[test]
    fn a_chunk_starts_after_the_whitespace_before_it_however_far_back() {
        // Runs longer and shorter than eight bytes, whitespace beyond ASCII, control bytes
        // that are not whitespace, DEL and letters beyond ASCII inside a chunk.
        let text = "a  verylongwordindeed.\u{a0}x\u{1}y\u{7f}z\u{2003}caf\u{e9}-au-lait\tend\n\
                    \u{201c}quoted\u{201d}, 12345678901234567890 \u{3000}\u{4e2d}\u{6587}.";
        for i in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let expected = text[..i]
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map_or(0, |(k, c)| k + c.len_utf8());
            assert_eq!(chunk_start(text, i), expected, "at {i}");
        }
    }

    #[test]
    fn decimal_figures_have_a_point_between_digits() {
        for figure in ["0.82", "4.60", "1,234.5", "2.5mg", "95.0%"] {
            assert!(is_decimal_figure(figure), "{figure}");
        }
        for figure in ["12", "1,000", "3rd", "10am", "5."] {
            assert!(!is_decimal_figure(figure), "{figure}");
        }
        // The tokens of a statistic: its decimals, not its whole numbers.
        let numbers = of_kind(
            "OR 4.60; 95% CI 1.53 to 13.85, 12 trials",
            TokenKind::Number,
        );
        let decimals: Vec<&str> = numbers
            .into_iter()
            .filter(|n| is_decimal_figure(n))
            .collect();
        assert_eq!(decimals, ["4.60", "1.53", "13.85"]);
    }

    fn words(text: &str) -> Vec<&str> {
        of_kind(text, TokenKind::Word)
    }

    fn all(text: &str) -> Vec<(&str, TokenKind)> {
        tokens(text)
            .into_iter()
            .map(|t| (&text[t.range], t.kind))
            .collect()
    }

    #[test]
    fn plain_words_and_punctuation() {
        assert_eq!(
            words("Hello, world! (It hurts.)"),
            vec!["Hello", "world", "It", "hurts"]
        );
        assert!(tokens("  ... , ; : — “ ” ").is_empty());
    }

    #[test]
    fn variables_of_an_equation_are_symbols() {
        // "P = 0.03" is read as one statistic: its letter is no more a word than its number.
        assert_eq!(
            words("no difference (P = 0.03; n = 45, I\u{b2} = 30%, Chi2 < 3.8, p<0.001)"),
            vec!["no", "difference"]
        );
        assert_eq!(
            all("N \u{2264} -2"),
            vec![
                ("N", TokenKind::Symbol),
                ("\u{2264}", TokenKind::Symbol),
                ("2", TokenKind::Number)
            ]
        );
        // Words and abbreviations before a sign, and letters not followed by a number, stay.
        assert_eq!(
            words("aged < 65, participants = 120, OR = 2.1, vitamin D, P value"),
            vec!["aged", "participants", "OR", "vitamin", "D", "P", "value"]
        );
        // Each sign alone in its text: the reading notices every one.
        for sign in [
            "=", "<", ">", "\u{2264}", "\u{2265}", "\u{2260}", "\u{2248}", "==",
        ] {
            let text = format!("then n {sign} 45 and");
            assert_eq!(words(&text), vec!["then", "and"], "{text}");
            let text = format!("then n\u{b2}{sign}-4 and");
            assert_eq!(words(&text), vec!["then", "and"], "{text}");
        }
    }

    #[test]
    fn tokens_appended_after_another_texts_are_read_apart_from_them() {
        // "a" ends where the hyphen of "(-b" stands: read alone, "b" does not join it.
        let mut out = tokens("a");
        tokens_into("(-b", &mut out);
        let word = |range| Token {
            range,
            kind: TokenKind::Word,
        };
        assert_eq!(out, [word(0..1), word(2..3)]);
    }

    #[test]
    fn hyphenated_compounds_are_one_word() {
        assert_eq!(
            words("a well-known follow-up"),
            vec!["a", "well-known", "follow-up"]
        );
        assert_eq!(words("mother-in-law"), vec!["mother-in-law"]);
        assert_eq!(words("non\u{2011}breaking"), vec!["non\u{2011}breaking"]);
        // Not joined: spaced dashes, en dashes, a hyphen before a number, a trailing hyphen.
        assert_eq!(words("pre - op"), vec!["pre", "op"]);
        assert_eq!(words("pre\u{2013}op"), vec!["pre", "op"]);
        assert_eq!(
            all("COVID-19"),
            vec![("COVID", TokenKind::Word), ("19", TokenKind::Number)]
        );
        assert_eq!(words("pre- and post-op"), vec!["pre", "and", "post-op"]);
    }

    #[test]
    fn contractions_and_possessives_are_one_word() {
        assert_eq!(
            words("isn't it the patient's"),
            vec!["isn't", "it", "the", "patient's"]
        );
        assert_eq!(
            words("isn\u{2019}t doesn\u{2019}t"),
            vec!["isn\u{2019}t", "doesn\u{2019}t"]
        );
        // A quotation mark is not part of the word it closes.
        assert_eq!(
            words("the patients' ‘notes’"),
            vec!["the", "patients", "notes"]
        );
    }

    #[test]
    fn numbers_are_not_words() {
        let text = "1,000 people, 0.73 and 95% CI 1.2 to 3.4, p < 0.05, the 3rd dose at 10am";
        assert_eq!(
            of_kind(text, TokenKind::Number),
            vec!["1,000", "0.73", "95", "1.2", "3.4", "0.05", "3rd", "10am"]
        );
        assert_eq!(
            words(text),
            vec!["people", "and", "CI", "to", "the", "dose", "at"]
        );
        assert_eq!(of_kind(text, TokenKind::Symbol), vec!["%", "p", "<"]);
        // Letters first: a word.
        assert_eq!(
            words("vitamin B12 and H1N1"),
            vec!["vitamin", "B12", "and", "H1N1"]
        );
    }

    #[test]
    fn urls_and_emails_are_one_token() {
        let text = "See https://www.example.50.com/new-site/awesome_content.html. Mail Jane.Doe@example.com, or (www.nhs.uk) and nhs.uk.";
        assert_eq!(
            of_kind(text, TokenKind::Url),
            vec![
                "https://www.example.50.com/new-site/awesome_content.html",
                "www.nhs.uk",
                "nhs.uk"
            ]
        );
        assert_eq!(
            of_kind(text, TokenKind::Email),
            vec!["Jane.Doe@example.com"]
        );
        assert_eq!(words(text), vec!["See", "Mail", "or", "and"]);
        // Parentheses that belong to the address stay in it.
        assert_eq!(
            of_kind(
                "(https://en.wikipedia.org/wiki/Pain_(disease))",
                TokenKind::Url
            ),
            vec!["https://en.wikipedia.org/wiki/Pain_(disease)"]
        );
        // Not addresses: an "@" without a domain, a dot between words.
        assert!(of_kind("meet @ noon; a@b", TokenKind::Email).is_empty());
        assert!(of_kind("end.Then", TokenKind::Url).is_empty());
    }

    #[test]
    fn dotted_pieces() {
        // Abbreviations with inner dots are words; words run together by a missing space are two.
        assert_eq!(
            words("the U.S.A. e.g. Ph.D."),
            vec!["the", "U.S.A", "e.g", "Ph.D"]
        );
        assert_eq!(
            words("Hello world.Today is Tuesday.Mr. Smith"),
            vec!["Hello", "world", "Today", "is", "Tuesday", "Mr", "Smith"]
        );
        assert_eq!(words("Note:This"), vec!["Note", "This"]);
        assert_eq!(
            all("bought 1,000.That"),
            vec![
                ("bought", TokenKind::Word),
                ("1,000", TokenKind::Number),
                ("That", TokenKind::Word)
            ]
        );
    }

    #[test]
    fn citation_markers_are_not_words() {
        let text = "in our body.1 Smooth muscles [3] and pain (1,2) or [1, 2] or [4\u{2013}6], exams.4,5 care\u{b9}\u{b2} end.\u{b3}";
        assert_eq!(
            of_kind(text, TokenKind::Citation),
            vec![
                "1",
                "[3]",
                "(1,2)",
                "[1, 2]",
                "[4\u{2013}6]",
                "4,5",
                "\u{b9}\u{b2}",
                "\u{b3}"
            ]
        );
        assert_eq!(
            words(text),
            vec![
                "in", "our", "body", "Smooth", "muscles", "and", "pain", "or", "or", "exams",
                "care", "end"
            ]
        );
        assert_eq!(of_kind("pelvic exams.4", TokenKind::Citation), vec!["4"]);
        assert_eq!(
            of_kind("pain.[3][4]", TokenKind::Citation),
            vec!["[3]", "[4]"]
        );
    }

    #[test]
    fn look_alikes_are_not_citations() {
        // Decimals, numbered references, years in parentheses, exponents.
        let text = "RR 0.73 in Fig.1 and No.5 (2019) at 10\u{2076} per m\u{b2} (n = 45)";
        assert!(of_kind(text, TokenKind::Citation).is_empty());
        assert_eq!(
            of_kind(text, TokenKind::Number),
            vec!["0.73", "1", "5", "2019", "10\u{2076}", "45"]
        );
    }

    #[test]
    fn symbols_and_non_ascii() {
        assert_eq!(
            of_kind("£5 ± 2 °C © 🙂", TokenKind::Symbol),
            vec!["£", "±", "°", "©", "🙂"]
        );
        assert_eq!(
            words("café naïve Straße µg"),
            vec!["café", "naïve", "Straße", "µg"]
        );
        assert_eq!(
            words("“Stop,” she said\u{a0}— twice…"),
            vec!["Stop", "she", "said", "twice"]
        );
    }

    /// Tokens read chunk by chunk through the general path only.
    fn general_path(text: &str) -> Vec<Token> {
        let mut builder = Builder::new(text, Vec::new(), 0);
        let mut pos = 0;
        while let Some((start, end)) = next_chunk(text, pos) {
            pos = builder.chunk(start, end);
        }
        builder.out
    }

    /// The one-pass reading gives the same tokens as the general path.
    #[test]
    fn fast_path_matches_general_path() {
        let pieces = [
            "a",
            "Zy",
            "09",
            ".",
            "'",
            ",",
            ":",
            ";",
            "_",
            "-",
            "$",
            "(",
            ")",
            "[",
            "]",
            " ",
            "  ",
            "\u{2019}",
            "\u{2018}",
            "\u{201c}",
            "\u{2013}",
            "\u{2026}",
            "\u{a0}",
            "\u{e9}",
            "\u{b9}",
            "*",
            "@",
            "://",
            "www.",
            "x.com",
            "[1]",
            "(2)",
            "body.1",
            "well-known",
            "U.S.",
            "e.g.",
            "\u{2011}",
            "isn\u{2019}t",
        ];
        let mut seed: u64 = 7;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(seed >> 59) + 1 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(tokens(&s), general_path(&s), "{s:?}");
        }
    }

    /// The ASCII fast path gives the same pieces as `unicode-segmentation`.
    #[test]
    fn ascii_fast_path_matches_uax29() {
        let alphabet = b"ab Z09.',:;_-$()";
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let len = 1 + (seed >> 60) as usize;
            let mut s = String::new();
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                s.push(alphabet[(seed >> 33) as usize % alphabet.len()] as char);
            }
            let expected: Vec<&str> = s.split_word_bounds().filter(|p| p.trim() != "").collect();
            let mut got = Vec::new();
            let mut pos = 0;
            while let Some((start, end)) = next_chunk(&s, pos) {
                let mut i = start;
                while i < end {
                    let j = ascii_piece_end(s.as_bytes(), i, end);
                    got.push(&s[i..j]);
                    i = j;
                }
                pos = end;
            }
            assert_eq!(got, expected, "{s:?}");
        }
    }
}
