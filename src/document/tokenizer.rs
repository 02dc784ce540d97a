//! A position-aware HTML tokenizer that feeds html5ever's tree builder.
//!
//! html5ever's own tokenizer records no source offsets, and its tree builder re-parents,
//! clones and drops nodes, so positions cannot be recovered after parsing by matching text.
//! Instead this tokenizer cuts the source into the same tokens the WHATWG tokenizer would, each
//! carrying its byte range, and every run of character data carries a [`SourceMap`] from its
//! decoded text back to the bytes it came from (entities, CRLF). The tree builder then runs
//! unchanged on these tokens, so the tree is the browsers' tree and every piece of it has a
//! known origin.
//!
//! Simplifications, all outside article prose: script data has no escaped states (a literal
//! `</script>` inside `<!--` in a script ends it), and a DOCTYPE ends at its first `>`.

use super::sourcemap::SourceMap;
use super::suppressions::IGNORE_ATTRIBUTE;
use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token};
use html5ever::{local_name, Attribute, LocalName, QualName};
use std::borrow::Cow;
use std::ops::Range;

/// One token and where it came from.
pub(crate) enum Item<'a> {
    /// A token that is not character data; `range` covers it in the source.
    Token(Token, Range<usize>),
    /// Character data: decoded text plus its map back to the source. Text that is one stretch
    /// of the source as written (no entity, no CR) is borrowed from it.
    Text(Cow<'a, str>, SourceMap),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Data,
    Rcdata,
    Rawtext,
    Plaintext,
}

pub(crate) struct Tokenizer<'a> {
    /// The source: the text of `shared`, so that the text items borrowed from it and the
    /// tendrils sliced for them are the same bytes at the same address.
    src: &'a str,
    /// The source as one tendril, which text and attribute values written as they stand are
    /// sliced from: see [`Tokenizer::tendril`].
    shared: &'a StrTendril,
    pos: usize,
    mode: Mode,
    /// The name of the last start tag, for the end of raw text: kept as its interned name,
    /// which a start tag copies as one word, not its string.
    last_start_tag: LocalName,
    finished: bool,
    /// The source has no NUL byte (the rule), so runs of text need not look for one.
    nul_free: bool,
    /// A tag carried [`IGNORE_ATTRIBUTE`]: only then can an element of the tree carry it.
    marks_ignored: bool,
}

impl<'a> Tokenizer<'a> {
    /// Reads the source held by `shared`. Text items borrow the tendril's own bytes, not a
    /// copy elsewhere, so the tree sink can tell a piece of text that is the very text of an
    /// item by its address, without comparing the bytes.
    pub(crate) fn new(shared: &'a StrTendril) -> Tokenizer<'a> {
        let src: &'a str = shared;
        // A byte-order mark is not content (it stays in the source, so offsets stay true).
        let pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
        Tokenizer {
            src,
            shared,
            pos,
            mode: Mode::Data,
            last_start_tag: LocalName::default(),
            finished: false,
            nul_free: memchr::memchr(0, src.as_bytes()).is_none(),
            marks_ignored: false,
        }
    }

    /// Did any tag read so far carry [`IGNORE_ATTRIBUTE`]? Elements get their attributes from
    /// tags only, so when none did, no element of the tree is to be left out.
    pub(crate) fn marks_ignored(&self) -> bool {
        self.marks_ignored
    }

    /// The tendril the tree builder is given for `text`, an item's text. Text that is a
    /// stretch of the source as written (borrowed from it) is a slice of the source's one shared
    /// tendril: no allocation and no copy per run of text, where copying each run into a tendril
    /// of its own cost an allocation, a copy and a free for most of them (the tree's text nodes
    /// keep the shared buffer, the source's length, alive instead). Decoded text is copied.
    pub(crate) fn tendril(&self, text: &str) -> StrTendril {
        let source = self.src.as_bytes().as_ptr_range();
        if text.is_empty() || !source.contains(&text.as_ptr()) {
            return StrTendril::from_slice(text);
        }
        let offset = text.as_ptr() as usize - source.start as usize;
        let end = offset + text.len();
        assert!(end <= self.src.len(), "a slice of the source");
        // Both fit in `u32`: the shared tendril, whose length is a `u32`, holds the source.
        // SAFETY: `offset..end` is within the shared tendril, which holds the bytes of `src`,
        // and its ends are char boundaries, `text` being a `str` of `src` there; the checked
        // `subtendril` would validate those ends again, which cost a third of the call.
        unsafe {
            self.shared
                .unsafe_subtendril(offset as u32, text.len() as u32)
        }
    }

    /// Switches to a raw text state, as the tree builder asks after `<title>`, `<style>` ….
    pub(crate) fn set_raw(&mut self, kind: RawKind) {
        self.mode = match kind {
            RawKind::Rcdata => Mode::Rcdata,
            _ => Mode::Rawtext,
        };
    }

    pub(crate) fn set_plaintext(&mut self) {
        self.mode = Mode::Plaintext;
    }

    /// The next item, or `None` after the end-of-file token. `cdata_allowed` says whether the
    /// current node is foreign (SVG, MathML), where `<![CDATA[` opens a CDATA section.
    pub(crate) fn next_item(&mut self, cdata_allowed: &dyn Fn() -> bool) -> Option<Item<'a>> {
        if self.finished {
            return None;
        }
        if self.pos >= self.src.len() {
            self.finished = true;
            return Some(Item::Token(Token::EOFToken, self.pos..self.pos));
        }
        if self.mode != Mode::Data {
            return Some(self.raw_text());
        }
        let bytes = self.src.as_bytes();
        if bytes[self.pos] == b'<' {
            if let Some(item) = self.markup(cdata_allowed) {
                return Some(item);
            }
        }
        if bytes[self.pos] == 0 {
            self.pos += 1;
            return Some(Item::Token(
                Token::NullCharacterToken,
                self.pos - 1..self.pos,
            ));
        }
        Some(self.data_text())
    }

    /// Character data in the data state, up to the next markup or NUL.
    fn data_text(&mut self) -> Item<'a> {
        if let Some(item) = self.plain_text() {
            return item;
        }
        let bytes = self.src.as_bytes();
        let mut text = TextBuilder::new(self.nul_free);
        // The first byte is consumed even if it is a `<` that opens no markup.
        let mut first = true;
        while self.pos < bytes.len() {
            let b = bytes[self.pos];
            if b == 0 || (b == b'<' && !first && self.opens_markup()) {
                break;
            }
            first = false;
            self.pos = text.push_char_at(self.src, self.pos, true);
        }
        text.finish()
    }

    /// [`Tokenizer::data_text`] of a run written as it stands (no reference, no CR) up to
    /// markup, a NUL or the end: the common case, taken as one slice with a map of one
    /// segment, without a [`TextBuilder`] and its call per stretch. `None` (nothing consumed)
    /// when the run needs the general loop.
    fn plain_text(&mut self) -> Option<Item<'a>> {
        let bytes = self.src.as_bytes();
        let start = self.pos;
        if matches!(bytes[start], b'&' | b'\r' | 0) {
            return None;
        }
        // The first byte is consumed even if it is a `<` that opens no markup.
        let end = start + 1 + literal_end(&bytes[start + 1..], !self.nul_free);
        let stops = match bytes.get(end) {
            None | Some(0) => true,
            Some(b'<') => opens_markup(&bytes[end + 1..]),
            Some(_) => false,
        };
        if !stops {
            return None;
        }
        self.pos = end;
        // `end` is at an ASCII byte or the end, so it is a char boundary.
        let text = &self.src[start..end];
        Some(Item::Text(
            Cow::Borrowed(text),
            SourceMap::literal(start, text.len()),
        ))
    }

    /// Does the `<` at the current position start a tag, comment or declaration?
    fn opens_markup(&self) -> bool {
        opens_markup(&self.src.as_bytes()[self.pos + 1..])
    }

    /// Text of a raw text element (RCDATA decodes entities; RAWTEXT and script data do not)
    /// up to its appropriate end tag, which is returned on the next call.
    fn raw_text(&mut self) -> Item<'a> {
        let bytes = self.src.as_bytes();
        if self.mode != Mode::Plaintext && self.at_appropriate_end_tag() {
            self.mode = Mode::Data;
            let start = self.pos;
            return self.tag(start).unwrap_or_else(|| self.data_text());
        }
        let decode = self.mode == Mode::Rcdata;
        let mut text = TextBuilder::new(self.nul_free);
        while self.pos < bytes.len() {
            if self.mode != Mode::Plaintext && self.at_appropriate_end_tag() {
                break;
            }
            if bytes[self.pos] == 0 {
                // NUL in raw text becomes U+FFFD (tokenizer spec, "unexpected-null-character").
                text.push_replacement(self.pos, 1, "\u{fffd}");
                self.pos += 1;
                continue;
            }
            self.pos = text.push_char_at(self.src, self.pos, decode);
        }
        text.finish()
    }

    fn at_appropriate_end_tag(&self) -> bool {
        let rest = &self.src.as_bytes()[self.pos..];
        let name = self.last_start_tag.as_bytes();
        rest.len() > name.len() + 2
            && rest.starts_with(b"</")
            && rest[2..2 + name.len()].eq_ignore_ascii_case(name)
            && matches!(
                rest[2 + name.len()],
                b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'
            )
    }

    /// Markup at a `<`: a tag, comment, DOCTYPE, CDATA section, or nothing (literal `<`).
    fn markup(&mut self, cdata_allowed: &dyn Fn() -> bool) -> Option<Item<'a>> {
        let start = self.pos;
        let rest = &self.src[start + 1..];
        let next = *rest.as_bytes().first()?;
        if next.is_ascii_alphabetic() {
            return self.tag(start);
        }
        match next {
            b'/' => {
                let after = rest.as_bytes().get(1).copied();
                match after {
                    Some(b) if b.is_ascii_alphabetic() => self.tag(start),
                    // `</>` is dropped entirely.
                    Some(b'>') => {
                        self.pos = start + 3;
                        Some(self.next_after_dropped())
                    }
                    None => None,
                    _ => Some(self.bogus_comment(start, start + 2)),
                }
            }
            b'!' => {
                if rest.starts_with("!--") {
                    Some(self.comment(start))
                } else if rest
                    .as_bytes()
                    .get(1..8)
                    .is_some_and(|b| b.eq_ignore_ascii_case(b"doctype"))
                {
                    Some(self.doctype(start))
                } else if rest.starts_with("![CDATA[") && cdata_allowed() {
                    Some(self.cdata(start))
                } else {
                    Some(self.bogus_comment(start, start + 2))
                }
            }
            b'?' => Some(self.bogus_comment(start, start + 1)),
            _ => None,
        }
    }

    /// `</>` produces no token; an empty text item keeps the driver's loop simple.
    fn next_after_dropped(&self) -> Item<'a> {
        Item::Text(Cow::Borrowed(""), SourceMap::default())
    }

    fn comment(&mut self, start: usize) -> Item<'a> {
        let body_start = start + 4;
        let rest = &self.src[body_start..];
        // `<!-->` and `<!--->` are complete (empty) comments.
        for abrupt in [">", "->"] {
            if rest.starts_with(abrupt) {
                self.pos = body_start + abrupt.len();
                return comment_item("", start..self.pos);
            }
        }
        let end = [
            rest.find("-->").map(|i| (i, 3)),
            rest.find("--!>").map(|i| (i, 4)),
        ]
        .into_iter()
        .flatten()
        .min();
        let (body, end) = match end {
            Some((i, len)) => (&rest[..i], body_start + i + len),
            None => (rest, self.src.len()),
        };
        self.pos = end;
        comment_item(body, start..end)
    }

    fn bogus_comment(&mut self, start: usize, body_start: usize) -> Item<'a> {
        let rest = &self.src[body_start..];
        let (body, end) = match rest.find('>') {
            Some(i) => (&rest[..i], body_start + i + 1),
            None => (rest, self.src.len()),
        };
        self.pos = end;
        comment_item(body, start..end)
    }

    fn cdata(&mut self, start: usize) -> Item<'a> {
        let body_start = start + 9;
        let rest = &self.src[body_start..];
        let end = rest.find("]]>");
        let body_end = end.map_or(self.src.len(), |i| body_start + i);
        self.pos = end.map_or(self.src.len(), |i| body_start + i + 3);
        let mut text = TextBuilder::new(self.nul_free);
        let mut p = body_start;
        while p < body_end {
            p = text.push_char_at(self.src, p, false);
        }
        text.finish()
    }

    fn doctype(&mut self, start: usize) -> Item<'a> {
        let body_start = start + 9;
        let rest = &self.src[body_start..];
        let (body, end) = match rest.find('>') {
            Some(i) => (&rest[..i], body_start + i + 1),
            None => (rest, self.src.len()),
        };
        self.pos = end;
        Item::Token(Token::DoctypeToken(parse_doctype(body)), start..end)
    }

    /// A start or end tag at `start` (the `<`). Returns `None` (and leaves the position) when
    /// the input ends inside the tag: the spec drops such a tag, and what is left is text.
    fn tag(&mut self, start: usize) -> Option<Item<'a>> {
        let bytes = self.src.as_bytes();
        let is_end = bytes[start + 1] == b'/';
        let mut p = start + if is_end { 2 } else { 1 };
        let name_start = p;
        while p < bytes.len() && !is_tag_space(bytes[p]) && bytes[p] != b'/' && bytes[p] != b'>' {
            p += 1;
        }
        let name = lower_name(&self.src[name_start..p]);
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut self_closing = false;
        loop {
            while p < bytes.len() && is_tag_space(bytes[p]) {
                p += 1;
            }
            match bytes.get(p) {
                // End of input inside a tag: the tag is not emitted (eof-in-tag).
                None => {
                    self.pos = bytes.len();
                    return Some(self.next_after_dropped());
                }
                Some(b'>') => {
                    p += 1;
                    break;
                }
                Some(b'/') => {
                    p += 1;
                    if bytes.get(p) == Some(&b'>') {
                        self_closing = true;
                        p += 1;
                        break;
                    }
                }
                Some(_) => {
                    let (attr, next) = self.attribute(p);
                    p = next;
                    if !attrs.iter().any(|a| a.name.local == attr.name.local) {
                        attrs.push(attr);
                    }
                }
            }
        }
        self.pos = p;
        let kind = if is_end {
            TagKind::EndTag
        } else {
            TagKind::StartTag
        };
        let name = intern(name);
        if !is_end {
            self.last_start_tag = name.clone();
        }
        let tag = Tag {
            kind,
            name,
            self_closing,
            attrs: if is_end { Vec::new() } else { attrs },
            had_duplicate_attributes: false,
        };
        Some(Item::Token(Token::TagToken(tag), start..p))
    }

    /// One attribute starting at `p` (not whitespace, `/` or `>`); returns it and the position
    /// after it.
    fn attribute(&mut self, mut p: usize) -> (Attribute, usize) {
        let bytes = self.src.as_bytes();
        let name_start = p;
        // A leading `=` belongs to the name (spec: unexpected-equals-sign-before-attribute-name).
        p += 1;
        while p < bytes.len() && !is_tag_space(bytes[p]) && !matches!(bytes[p], b'/' | b'>' | b'=')
        {
            p += 1;
        }
        let name = lower_name(&self.src[name_start..p]);
        self.marks_ignored |= name == IGNORE_ATTRIBUTE;
        let mut q = p;
        while q < bytes.len() && is_tag_space(bytes[q]) {
            q += 1;
        }
        let mut value = StrTendril::new();
        if bytes.get(q) == Some(&b'=') {
            q += 1;
            while q < bytes.len() && is_tag_space(bytes[q]) {
                q += 1;
            }
            let (value_range, next) = match bytes.get(q) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let close = self.src[q + 1..].find(quote as char);
                    match close {
                        Some(i) => (q + 1..q + 1 + i, q + 2 + i),
                        None => (q + 1..bytes.len(), bytes.len()),
                    }
                }
                _ => {
                    let mut e = q;
                    while e < bytes.len() && !is_tag_space(bytes[e]) && bytes[e] != b'>' {
                        e += 1;
                    }
                    (q..e, e)
                }
            };
            value = self.attribute_value(&self.src[value_range]);
            p = next;
        } else if q > p && bytes.get(q).is_some_and(|b| *b != b'/' && *b != b'>') {
            // Whitespace then another attribute: this one had no value.
            p = q;
        }
        let attribute = Attribute {
            name: QualName::new(None, html5ever::ns!(), intern(name)),
            value,
        };
        (attribute, p)
    }

    /// An attribute value written as `raw` in the source: sliced from the shared tendril when
    /// it holds nothing to decode (see [`Tokenizer::tendril`]).
    fn attribute_value(&self, raw: &'a str) -> StrTendril {
        if raw.contains(['&', '\0', '\r']) {
            return StrTendril::from(decode_attribute(raw));
        }
        self.tendril(raw)
    }
}

fn comment_item(body: &str, range: Range<usize>) -> Item<'static> {
    Item::Token(Token::CommentToken(StrTendril::from(body)), range)
}

fn is_tag_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// The interned name `name`: the names articles are mostly made of are matched to their
/// atoms' constants directly. Names of seven bytes or fewer are inline atoms, which
/// `LocalName::from` builds by copying the name into a word and then dropping the `Cow`;
/// the constants skip both, about 30 instructions for each of the article's 270 start tags,
/// end tags and attributes (measured: `Tokenizer::tag` 65 k to 57 k per report). The atoms
/// are the same either way (a test compares them).
fn intern(name: Cow<'_, str>) -> LocalName {
    match &*name {
        "p" => local_name!("p"),
        "li" => local_name!("li"),
        "a" => local_name!("a"),
        "h2" => local_name!("h2"),
        "h3" => local_name!("h3"),
        "td" => local_name!("td"),
        "th" => local_name!("th"),
        "tr" => local_name!("tr"),
        "ul" => local_name!("ul"),
        "ol" => local_name!("ol"),
        "em" => local_name!("em"),
        "strong" => local_name!("strong"),
        "span" => local_name!("span"),
        "div" => local_name!("div"),
        "br" => local_name!("br"),
        "img" => local_name!("img"),
        "section" => local_name!("section"),
        "href" => local_name!("href"),
        "class" => local_name!("class"),
        "id" => local_name!("id"),
        _ => LocalName::from(name),
    }
}

/// Tag and attribute names are ASCII-lowercased; NUL becomes U+FFFD. Most names are written
/// in lowercase already and are borrowed as they are, so a tag costs no allocation before its
/// name is interned.
fn lower_name(raw: &str) -> Cow<'_, str> {
    if !raw.bytes().any(|b| b == 0 || b.is_ascii_uppercase()) {
        return Cow::Borrowed(raw);
    }
    raw.chars()
        .map(|c| match c {
            '\0' => '\u{fffd}',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

fn parse_doctype(body: &str) -> Doctype {
    let mut words = body.split_ascii_whitespace();
    let name = words
        .next()
        .map(|n| StrTendril::from(n.to_ascii_lowercase()));
    let mut doctype = Doctype {
        force_quirks: name.is_none(),
        name,
        ..Doctype::default()
    };
    let rest = body.trim_start();
    let rest = rest[rest.find(char::is_whitespace).unwrap_or(rest.len())..].trim_start();
    let keyword = rest.get(..6).map(str::to_ascii_uppercase);
    let quoted = |s: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut it = s;
        while let Some(open) = it.find(['"', '\'']) {
            let quote = it.as_bytes()[open] as char;
            let after = &it[open + 1..];
            let close = after.find(quote).unwrap_or(after.len());
            out.push(after[..close].to_string());
            it = after.get(close + 1..).unwrap_or("");
        }
        out
    };
    match keyword.as_deref() {
        Some("PUBLIC") => {
            let ids = quoted(&rest[6..]);
            doctype.public_id = ids.first().map(|s| StrTendril::from(s.as_str()));
            doctype.system_id = ids.get(1).map(|s| StrTendril::from(s.as_str()));
            doctype.force_quirks |= ids.is_empty();
        }
        Some("SYSTEM") => {
            let ids = quoted(&rest[6..]);
            doctype.system_id = ids.first().map(|s| StrTendril::from(s.as_str()));
            doctype.force_quirks |= ids.is_empty();
        }
        _ => {}
    }
    doctype
}

/// Does a `<` followed by `rest` start a tag, comment or declaration?
fn opens_markup(rest: &[u8]) -> bool {
    match rest.first() {
        Some(b) if b.is_ascii_alphabetic() => true,
        Some(b'!' | b'?') => true,
        Some(b'/') => rest.len() >= 2,
        _ => false,
    }
}

/// Accumulates decoded text and its source map.
struct TextBuilder<'a> {
    text: Cow<'a, str>,
    map: SourceMap,
    /// The source has no NUL byte: see [`TextBuilder::push_literal`].
    nul_free: bool,
}

impl<'a> TextBuilder<'a> {
    fn new(nul_free: bool) -> Self {
        TextBuilder {
            text: Cow::Borrowed(""),
            map: SourceMap::default(),
            nul_free,
        }
    }

    /// Consumes one character (or character reference, or CRLF) at `pos` of `src`, appends
    /// what it decodes to, and returns the position after it.
    fn push_char_at(&mut self, src: &'a str, pos: usize, decode_refs: bool) -> usize {
        let bytes = src.as_bytes();
        match bytes[pos] {
            b'\r' => {
                // CRLF and lone CR become LF (input stream preprocessing).
                let len = if bytes.get(pos + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                self.push_replacement(pos, len, "\n");
                pos + len
            }
            b'&' if decode_refs => match char_ref(&src[pos..], false) {
                Some((decoded, len)) => {
                    self.push_replacement(pos, len, decoded.as_str());
                    pos + len
                }
                None => self.push_literal(src, pos),
            },
            _ => self.push_literal(src, pos),
        }
    }

    /// Copies source text from `pos` up to the next byte that needs attention.
    fn push_literal(&mut self, src: &'a str, pos: usize) -> usize {
        let rest = &src.as_bytes()[pos + 1..];
        let end = pos + 1 + literal_end(rest, !self.nul_free);
        // `end` is at an ASCII byte or the end, so it is a char boundary.
        self.map.push_literal(self.text.len(), pos, end - pos);
        if self.text.is_empty() {
            self.text = Cow::Borrowed(&src[pos..end]);
        } else {
            self.text.to_mut().push_str(&src[pos..end]);
        }
        end
    }

    fn push_replacement(&mut self, pos: usize, src_len: usize, replacement: &str) {
        self.map
            .push_atomic(self.text.len(), replacement.len(), pos, src_len);
        self.text.to_mut().push_str(replacement);
    }

    fn finish(self) -> Item<'a> {
        Item::Text(self.text, self.map)
    }
}

/// Where the literal text `bytes` stops: at its first `<`, `&` or CR (or NUL, when `nul`),
/// else at its end. Most runs of text between tags are a line break and some indentation,
/// fewer than sixteen bytes, which one SSE2 test of the first sixteen finds; `memchr3`'s
/// set-up for a run so short cost about 85 instructions. Longer runs are left to `memchr3`
/// after those sixteen (testing them sixteen at a time cost more).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn literal_end(bytes: &[u8], nul: bool) -> usize {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128};
    use std::arch::x86_64::{_mm_set1_epi8, _mm_setzero_si128};
    let Some(sixteen) = bytes.get(..16) else {
        return literal_end_after(bytes, 0, nul);
    };
    // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 processor runs these, and
    // the unaligned load reads the sixteen bytes `sixteen` holds.
    let stops = unsafe {
        let v = _mm_loadu_si128(sixteen.as_ptr().cast());
        let at = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
        let markup = _mm_or_si128(at(b'<'), at(b'&'));
        let nuls = if nul { at(0) } else { _mm_setzero_si128() };
        _mm_movemask_epi8(_mm_or_si128(markup, _mm_or_si128(at(b'\r'), nuls)))
    };
    if stops != 0 {
        return stops.trailing_zeros() as usize;
    }
    literal_end_after(bytes, 16, nul)
}

/// Elsewhere `memchr3` does all of the search.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn literal_end(bytes: &[u8], nul: bool) -> usize {
    literal_end_after(bytes, 0, nul)
}

/// [`literal_end`] of `bytes`, whose first `from` bytes hold none of its stops.
fn literal_end_after(bytes: &[u8], from: usize, nul: bool) -> usize {
    let rest = &bytes[from..];
    // memchr finds three bytes at once; NUL is rare, so it is looked for only before the
    // first of them, and only in a source that has one (a second pass over every run of
    // text cost a third of the search).
    let stop = memchr::memchr3(b'<', b'&', b'\r', rest).unwrap_or(rest.len());
    let stop = if nul {
        memchr::memchr(0, &rest[..stop]).unwrap_or(stop)
    } else {
        stop
    };
    from + stop
}

/// Decodes the character reference at the start of `s` (which starts with `&`). Returns the
/// decoded text and the number of source bytes it used, or `None` when it is not a reference.
/// Follows the HTML standard's named and numeric character reference states.
pub(crate) fn char_ref(s: &str, in_attribute: bool) -> Option<(String, usize)> {
    let bytes = s.as_bytes();
    match bytes.get(1)? {
        b'#' => numeric_ref(s),
        b if b.is_ascii_alphanumeric() => named_ref(s, in_attribute),
        _ => None,
    }
}

fn named_ref(s: &str, in_attribute: bool) -> Option<(String, usize)> {
    let bytes = s.as_bytes();
    let mut best: Option<(usize, (u32, u32))> = None;
    let mut end = 1;
    // The entity table holds every prefix of every name, so extend while the prefix is known.
    while end < bytes.len()
        && end <= 33
        && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b';')
    {
        end += 1;
        match NAMED_ENTITIES.get(&s[1..end]) {
            Some(&(0, _)) => {}
            Some(&value) => best = Some((end, value)),
            None => break,
        }
        if bytes[end - 1] == b';' {
            break;
        }
    }
    let (len, (first, second)) = best?;
    if bytes[len - 1] != b';' && in_attribute {
        // Legacy entities without `;` stay literal in attributes before `=` or alphanumerics.
        if bytes
            .get(len)
            .is_some_and(|b| *b == b'=' || b.is_ascii_alphanumeric())
        {
            return None;
        }
    }
    let mut out = String::new();
    out.extend(char::from_u32(first));
    if second != 0 {
        out.extend(char::from_u32(second));
    }
    Some((out, len))
}

fn numeric_ref(s: &str) -> Option<(String, usize)> {
    let bytes = s.as_bytes();
    let hex = matches!(bytes.get(2), Some(b'x' | b'X'));
    let digits_start = if hex { 3 } else { 2 };
    let mut end = digits_start;
    let mut value: u32 = 0;
    while let Some(&b) = bytes.get(end) {
        let digit = if hex {
            (b as char).to_digit(16)
        } else {
            (b as char).to_digit(10)
        };
        let Some(digit) = digit else { break };
        value = value
            .saturating_mul(if hex { 16 } else { 10 })
            .saturating_add(digit);
        end += 1;
    }
    if end == digits_start {
        return None;
    }
    if bytes.get(end) == Some(&b';') {
        end += 1;
    }
    let c = match value {
        0 => '\u{fffd}',
        0x80..=0x9f => C1_REPLACEMENTS[(value - 0x80) as usize]
            .unwrap_or_else(|| char::from_u32(value).unwrap_or('\u{fffd}')),
        v => char::from_u32(v).unwrap_or('\u{fffd}'),
    };
    Some((c.to_string(), end))
}

/// Decodes character references in an attribute value.
fn decode_attribute(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let rest = &raw[i..];
        let c = rest.chars().next().unwrap_or('\0');
        match c {
            '&' => match char_ref(rest, true) {
                Some((decoded, len)) => {
                    out.push_str(&decoded);
                    i += len;
                    continue;
                }
                None => out.push('&'),
            },
            '\0' => out.push('\u{fffd}'),
            '\r' => {
                out.push('\n');
                if rest.as_bytes().get(1) == Some(&b'\n') {
                    i += 1;
                }
            }
            c => out.push(c),
        }
        i += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_names_are_the_atoms_local_name_from_makes() {
        for name in [
            "p",
            "li",
            "a",
            "h2",
            "h3",
            "td",
            "th",
            "tr",
            "ul",
            "ol",
            "em",
            "strong",
            "span",
            "div",
            "br",
            "img",
            "section",
            "href",
            "class",
            "id",
            "article",
            "figcaption",
        ] {
            assert_eq!(intern(Cow::Borrowed(name)), LocalName::from(name), "{name}");
            assert_eq!(
                intern(lower_name(&name.to_uppercase())),
                LocalName::from(name)
            );
        }
    }

    fn items(src: &str) -> Vec<String> {
        let shared = StrTendril::from_slice(src);
        let mut tokenizer = Tokenizer::new(&shared);
        let mut out = Vec::new();
        while let Some(item) = tokenizer.next_item(&|| false) {
            out.push(match item {
                Item::Text(text, _) if text.is_empty() => continue,
                Item::Text(text, _) => format!("T:{text}"),
                Item::Token(Token::TagToken(tag), range) => format!(
                    "{}{}@{}..{}",
                    if tag.kind == TagKind::EndTag { "/" } else { "" },
                    tag.name,
                    range.start,
                    range.end
                ),
                Item::Token(Token::CommentToken(c), _) => format!("C:{c}"),
                Item::Token(Token::DoctypeToken(d), _) => {
                    format!("D:{}", d.name.map(|n| n.to_string()).unwrap_or_default())
                }
                Item::Token(Token::EOFToken, _) => "EOF".into(),
                Item::Token(other, _) => format!("{other:?}"),
            });
        }
        out
    }

    #[test]
    fn tags_text_and_entities() {
        assert_eq!(
            items("<!DOCTYPE html><P class=x>a &amp; b&nbsp;c</p>"),
            vec!["D:html", "p@15..26", "T:a & b\u{a0}c", "/p@42..46", "EOF"]
        );
    }

    #[test]
    fn attributes_may_hold_angle_brackets_and_entities() {
        let shared = StrTendril::from_slice(r#"<img alt="a > b &amp; c" src=x.png>"#);
        let mut tokenizer = Tokenizer::new(&shared);
        let Some(Item::Token(Token::TagToken(tag), range)) = tokenizer.next_item(&|| false) else {
            panic!("expected a tag");
        };
        assert_eq!(range, 0..35);
        assert_eq!(&*tag.attrs[0].value, "a > b & c");
        assert_eq!(&*tag.attrs[1].value, "x.png");
    }

    #[test]
    fn names_are_lowercased_and_nul_replaced_whatever_their_case() {
        let shared = StrTendril::from_slice("<ImG ALT=a data-x=b s\0rc=c>");
        let mut tokenizer = Tokenizer::new(&shared);
        let Some(Item::Token(Token::TagToken(tag), _)) = tokenizer.next_item(&|| false) else {
            panic!("expected a tag");
        };
        assert_eq!(&*tag.name, "img");
        let names: Vec<&str> = tag.attrs.iter().map(|a| &*a.name.local).collect();
        assert_eq!(names, ["alt", "data-x", "s\u{fffd}rc"]);
    }

    #[test]
    fn comments_and_bogus_comments() {
        assert_eq!(
            items("a<!-- x -->b<!-->c<?php d ?>e"),
            vec![
                "T:a",
                "C: x ",
                "T:b",
                "C:",
                "T:c",
                "C:?php d ?",
                "T:e",
                "EOF"
            ]
        );
    }

    #[test]
    fn a_doctype_cut_inside_a_character_is_a_bogus_comment() {
        // Found by fuzzing: slicing the keyword at byte 8 split the '⁃'.
        assert_eq!(items("<!DOCTYP⁃>a"), vec!["C:DOCTYP⁃", "T:a", "EOF"]);
    }

    #[test]
    fn lone_less_than_is_text() {
        assert_eq!(items("a < b <3"), vec!["T:a < b <3", "EOF"]);
    }

    #[test]
    fn legacy_entities_and_numeric_references() {
        assert_eq!(char_ref("&amp", false), Some(("&".into(), 4)));
        assert_eq!(char_ref("&notit;", false), Some(("\u{ac}".into(), 4)));
        assert_eq!(char_ref("&#8217;", false), Some(("\u{2019}".into(), 7)));
        assert_eq!(char_ref("&#x1F600;", false), Some(("\u{1F600}".into(), 9)));
        assert_eq!(char_ref("&#150;", false), Some(("\u{2013}".into(), 6)));
        assert_eq!(char_ref("&#0;", false), Some(("\u{fffd}".into(), 4)));
        assert_eq!(char_ref("&ampx", false), Some(("&".into(), 4)));
        assert_eq!(char_ref("&ampx", true), None);
        assert_eq!(char_ref("&amp=", true), None);
        assert_eq!(char_ref("& b", false), None);
        assert_eq!(char_ref("&zzz;", false), None);
    }

    #[test]
    fn unterminated_tag_at_end_is_dropped() {
        assert_eq!(items("a<b c=\"d"), vec!["T:a", "EOF"]);
    }

    /// The text items of `src`: each text, whether it is borrowed from the source, and its map.
    fn text_items(src: &str) -> Vec<(String, bool, SourceMap)> {
        let shared = StrTendril::from_slice(src);
        let mut tokenizer = Tokenizer::new(&shared);
        let mut out = Vec::new();
        while let Some(item) = tokenizer.next_item(&|| false) {
            if let Item::Text(text, map) = item {
                out.push((text.to_string(), matches!(text, Cow::Borrowed(_)), map));
            }
        }
        out
    }

    #[test]
    fn runs_written_as_they_stand_are_borrowed_with_one_segment() {
        let mut decoded = SourceMap::literal(24, 2);
        decoded.push_atomic(2, 1, 26, 5);
        decoded.push_literal(3, 31, 2);
        assert_eq!(
            text_items("<p>plain run</p>a < b<i>c &amp; d</i>e\0f"),
            vec![
                ("plain run".to_string(), true, SourceMap::literal(3, 9)),
                // A `<` that opens no markup continues the run, which is then copied.
                ("a < b".to_string(), false, SourceMap::literal(16, 5)),
                ("c & d".to_string(), false, decoded),
                ("e".to_string(), true, SourceMap::literal(37, 1)),
                ("f".to_string(), true, SourceMap::literal(39, 1)),
            ]
        );
    }

    #[test]
    fn literal_text_ends_at_its_first_stop_within_and_past_sixteen_bytes() {
        for len in [0, 1, 7, 15, 16, 17, 31, 32, 40] {
            for stop in [b'<', b'&', b'\r', 0] {
                for nul in [false, true] {
                    for at in 0..=len {
                        let mut bytes = vec![b'x'; len];
                        if at < len {
                            bytes[at] = stop;
                        }
                        // A NUL is a stop only where the source may hold one.
                        let expected = if at == len || (stop == 0 && !nul) {
                            len
                        } else {
                            at
                        };
                        let found = literal_end(&bytes, nul);
                        assert_eq!(found, expected, "{len} {stop} {nul} {at}");
                    }
                }
            }
        }
    }
}
