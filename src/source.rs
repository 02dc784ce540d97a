//! The submitted document as text, and the position indexes every span is built from.
//!
//! Decoding picks the charset from the transport (`Content-Type`), then a byte-order mark, then a
//! `<meta charset>` in the first 1024 bytes, and falls back to UTF-8. Invalid bytes are an error
//! naming their offset: a silently replaced byte would shift every position after it.
//!
//! Offsets everywhere in legible are UTF-8 byte offsets into [`Source::text`]. For UTF-8 input
//! (the overwhelming case, and what the HTTP API and CLI expect) that is the submitted body byte
//! for byte, BOM included. For a legacy charset it is the body as transcoded to UTF-8.

use html5ever::tendril::StrTendril;
use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// A decoded document plus the indexes that turn byte offsets into lines, columns and UTF-16.
///
/// The text is held in a tendril, the buffer the HTML parse shares: the tree's text nodes and
/// attribute values are slices of it, so the source is copied once, from the submitted bytes,
/// instead of a second time into a tendril of the parse's own (a `memcpy` of the whole source,
/// and a page's length more memory for as long as the tree lives). A tendril's reference count
/// is not atomic, so a `Source` stays on its thread, as the element tree already does.
pub struct Source {
    text: StrTendril,
    index: PositionIndex,
}

/// Why the bytes could not become text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes are not valid in the charset; `offset` is the first bad byte.
    Invalid { charset: String, offset: usize },
    /// The charset label is not one the Encoding Standard knows.
    UnknownCharset(String),
    /// The text is `len` bytes, more than [`MAX_LEN`].
    TooLarge { len: usize },
}

/// The longest text legible analyses, in bytes: 4 GiB less two. Offsets, spans, source maps
/// and counts are `u32` (each is at most the text's length, and a line number at most one
/// more, as a text of line breaks alone has one line more than it has bytes), which halves what a large page
/// holds of them; a longer text is refused before any of them is built. Analysing a page
/// takes about 20 times its size in memory, so no text near this limit could be analysed
/// anyway.
pub const MAX_LEN: usize = u32::MAX as usize - 1;

/// Refuses a text (or the bytes it is decoded from) of `len` bytes when it is longer than
/// [`MAX_LEN`].
pub fn within_limit(len: usize) -> Result<(), DecodeError> {
    if len > MAX_LEN {
        return Err(DecodeError::TooLarge { len });
    }
    Ok(())
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Invalid { charset, offset } => {
                write!(
                    f,
                    "the body is not valid {charset}: bad byte at offset {offset}"
                )
            }
            DecodeError::UnknownCharset(label) => write!(f, "unknown charset {label:?}"),
            DecodeError::TooLarge { len } => write!(
                f,
                "the document is {len} bytes; at most {MAX_LEN} (4 GiB) can be analysed"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

impl Source {
    /// Text that is already Rust `str` (plain-text input, tests).
    ///
    /// # Panics
    ///
    /// When the text is longer than [`MAX_LEN`], which a tendril cannot hold: [`Source::decode`]
    /// refuses such a text with [`DecodeError::TooLarge`] before it gets here.
    pub fn from_text(text: impl AsRef<str>) -> Source {
        let text = StrTendril::from_slice(text.as_ref());
        let index = PositionIndex::new(text.as_bytes());
        Source { text, index }
    }

    /// Decodes submitted bytes. `declared` is the charset from a `Content-Type` header, if any.
    /// Bytes longer than [`MAX_LEN`] are refused before they are read.
    pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Source, DecodeError> {
        within_limit(bytes.len())?;
        let encoding = match declared {
            Some(label) => Some(
                encoding_rs::Encoding::for_label(label.trim().as_bytes())
                    .ok_or_else(|| DecodeError::UnknownCharset(label.to_string()))?,
            ),
            None => None,
        };
        let encoding = encoding
            .or_else(|| encoding_rs::Encoding::for_bom(bytes).map(|(enc, _)| enc))
            .or_else(|| sniff_meta_charset(bytes))
            .unwrap_or(encoding_rs::UTF_8);
        // Documents served as UTF-16 are transcoded; any ASCII-compatible label that is really
        // UTF-8 takes the zero-copy path so offsets equal the submitted bytes.
        if encoding == encoding_rs::UTF_8 {
            let (index, text) =
                PositionIndex::of_utf8(bytes).map_err(|offset| DecodeError::Invalid {
                    charset: "UTF-8".into(),
                    offset,
                })?;
            let text = StrTendril::from_slice(text);
            return Ok(Source { text, index });
        }
        let (decoded, _, had_errors) = encoding.decode(bytes);
        if had_errors {
            let offset = first_invalid_offset(encoding, bytes);
            return Err(DecodeError::Invalid {
                charset: encoding.name().into(),
                offset,
            });
        }
        // A legacy charset's text can be longer than its bytes.
        within_limit(decoded.len())?;
        Ok(Source::from_text(decoded))
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text as the tendril it is held in, for the HTML parse to slice its text from.
    pub(crate) fn tendril(&self) -> &StrTendril {
        &self.text
    }

    /// UTF-16 code units before byte `offset`.
    pub fn utf16(&self, offset: usize) -> usize {
        self.index.counts(&self.text, offset).utf16
    }

    /// 1-based line and column (in scalar values) of byte `offset`.
    pub fn line_column(&self, offset: usize) -> LineColumn {
        let counts = self.index.counts(&self.text, offset);
        self.index.line_column(offset, counts.chars)
    }

    /// The full span of the byte range `start..end` of the text.
    ///
    /// Each end costs one checkpoint read, a scan of at most one stride when its stride holds
    /// non-ASCII text, and a step over the line starts inside its stride (none for most).
    pub fn span(&self, start: usize, end: usize) -> Span {
        let (from_counts, to_counts) = (
            self.index.counts(&self.text, start),
            self.index.counts(&self.text, end),
        );
        let from = self.index.line_column(start, from_counts.chars);
        let to = self.index.line_column(end, to_counts.chars);
        // Every offset and count is at most the text's length, within `MAX_LEN`.
        Span {
            start: start as u32,
            end: end as u32,
            utf16_start: from_counts.utf16 as u32,
            utf16_end: to_counts.utf16 as u32,
            line: from.line as u32,
            column: from.column as u32,
            end_line: to.line as u32,
            end_column: to.column as u32,
        }
    }
}

/// Finds the first byte the decoder rejects, by decoding in growing prefixes' worth of work
/// once: the streaming decoder reports how much it read before the first malformed sequence.
fn first_invalid_offset(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len() * 3),
    );
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, _) => read.saturating_sub(bad as usize),
        _ => read,
    }
}

/// The `<meta charset>` pre-scan of the HTML standard, simplified to the two forms seen in
/// practice: `<meta charset=X>` and `<meta http-equiv=Content-Type content="...; charset=X">`.
///
/// Names are matched without regard to ASCII case where they stand, at each `<` memchr finds:
/// lowercasing a copy of the first 1024 bytes and sliding a window over it byte by byte cost
/// about as much as validating and indexing the whole of a 12 KB page.
fn sniff_meta_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let mut from = 0;
    while let Some(start) = find_ignoring_case(head, from, b"<meta") {
        let end = memchr::memchr(b'>', &head[start..]).map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(cs) = find_ignoring_case(tag, 0, b"charset=") {
            let value = &tag[cs + 8..];
            let value = value
                .iter()
                .skip_while(|b| **b == b'"' || **b == b'\'' || b.is_ascii_whitespace())
                .take_while(|b| {
                    !matches!(**b, b'"' | b'\'' | b';' | b'/') && !b.is_ascii_whitespace()
                })
                .copied()
                .collect::<Vec<u8>>();
            // A page that declares UTF-16 in a meta tag is really ASCII-compatible (HTML rule).
            return encoding_rs::Encoding::for_label(&value).map(|enc| {
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    encoding_rs::UTF_8
                } else {
                    enc
                }
            });
        }
        from = end;
    }
    None
}

/// Where `needle` (ASCII, lowercase) first occurs in `haystack` at or after `from`, in any
/// ASCII case. Only the places where its first byte occurs are compared.
fn find_ignoring_case(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut at = from;
    while let Some(found) = memchr::memchr2(first, first.to_ascii_uppercase(), haystack.get(at..)?)
    {
        let start = at + found;
        let candidate = haystack.get(start..start + needle.len())?;
        if candidate.eq_ignore_ascii_case(needle) {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// A region of the submitted document, in every unit a consumer needs.
///
/// Each field is a `u32` (32 bytes instead of 64; every finding, hit and defined jargon term
/// holds one): none exceeds the text's length, which [`Source`] keeps within [`MAX_LEN`].
///
/// `start`/`end` are UTF-8 byte offsets (so `body[start..end]` is the text as written);
/// `utf16_*` count UTF-16 code units from the start of the body, as DOM ranges do; `line` and
/// `column` are 1-based, columns count Unicode scalar values, and `end_column` is exclusive (the
/// column just past the last character), as in SARIF regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, utoipa::ToSchema)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub utf16_start: u32,
    pub utf16_end: u32,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Span {
    /// The byte range `start..end`, to slice the text with (`&body[span.range()]`).
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Its members in the order of [`SPAN_FIELDS`]: the one list for its `Serialize` impl and
    /// the service's JSON writer. Taken apart field by field, so that a new field stops the
    /// build here until it is given its place.
    pub(crate) fn members(&self) -> [u32; 8] {
        let Span {
            start,
            end,
            utf16_start,
            utf16_end,
            line,
            column,
            end_line,
            end_column,
        } = *self;
        [
            start,
            end,
            utf16_start,
            utf16_end,
            line,
            column,
            end_line,
            end_column,
        ]
    }
}

/// A range of offsets into a text (or of indexes bounded by its length) held as `u32`, which
/// every one fits, the text being at most [`MAX_LEN`] bytes: half the room of `usize` in the
/// sentences and jargon occurrences a large page holds.
pub fn narrow_range(range: Range<usize>) -> Range<u32> {
    range.start as u32..range.end as u32
}

/// A range [`narrow_range`] made, back as `usize`, to slice or index with.
pub fn widen_range(range: &Range<u32>) -> Range<usize> {
    range.start as usize..range.end as usize
}

/// A span's JSON member names, in the order every serialisation writes them: the one list for
/// `Span`'s `Serialize` impl and for the service's JSON writer, which writes a span's keys as
/// one fixed run with the numbers between them (`server::json`). A static rather than a const,
/// so every use reads the same `&str`s and the writer can recognise them by address.
pub static SPAN_FIELDS: [&str; 8] = [
    "start",
    "end",
    "utf16_start",
    "utf16_end",
    "line",
    "column",
    "end_line",
    "end_column",
];

/// A span is a newtype named `Span` around the object of its eight members. JSON writers
/// look through a newtype, so the JSON is the object alone, as a derived impl writes it; the
/// name lets the service's writer take the eight numbers in one call and write the object in
/// one piece (`server::json`), which a struct's fields, handed over one by one, do not allow.
impl Serialize for Span {
    #[inline]
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let members = NamedNumbers {
            name: "Span",
            fields: &SPAN_FIELDS,
            values: self.members(),
        };
        serializer.serialize_newtype_struct("Span", &members)
    }
}

/// An object of numbers under fixed member names, written as the struct a derived impl
/// writes: the inside of every newtype the service's writer takes in one piece (`Span`,
/// `report::TextRange`), which must pass it the very `&str`s of `fields`.
pub(crate) struct NamedNumbers<T, const N: usize> {
    pub(crate) name: &'static str,
    pub(crate) fields: &'static [&'static str; N],
    pub(crate) values: [T; N],
}

impl<T: Serialize, const N: usize> Serialize for NamedNumbers<T, N> {
    #[inline]
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut members = serializer.serialize_struct(self.name, N)?;
        for (field, value) in self.fields.iter().zip(&self.values) {
            members.serialize_field(field, value)?;
        }
        members.end()
    }
}

/// Byte offset → line, column and UTF-16 offset in constant time, scanning at most one stride.
///
/// Counting from the start for every span would be quadratic on a minified page (one long
/// line). Instead, every `STRIDE` bytes (and at the end of the text) the index stores how many
/// scalar values and UTF-16 units precede that byte, whether the stride is all ASCII, and the
/// line that byte is on. A query reads its stride's checkpoint and scans the rest of the way
/// only when the stride holds non-ASCII text (an all-ASCII stride counts one of each per
/// byte); its line is the checkpoint's, moved past the line starts inside the stride (none
/// for most queries: a binary search of every line start cost seven steps for the article's
/// 128 lines, twice per span). Each line start keeps its scalar count, so a column is a
/// subtraction, not a scan back to the line's start.
struct PositionIndex {
    /// Byte offset of each line's start, and the scalar values before it.
    lines: Vec<(usize, usize)>,
    /// The checkpoint of byte `k * STRIDE`, then of the end of the text.
    checkpoints: Vec<Checkpoint>,
    len: usize,
}

const STRIDE: usize = 64;
// A stride's bytes are classed one bit each in a `u64`.
const _: () = assert!(STRIDE == 64);

/// Unicode scalar values and UTF-16 code units before a byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counts {
    chars: usize,
    utf16: usize,
}

/// What the index knows at the start of a stride. The counts are `u32` (16 bytes a checkpoint,
/// as the two counts took before the line was kept): none exceeds the text's length but the
/// line, at most one more, and [`MAX_LEN`] leaves room for that one.
#[derive(Debug, Clone, Copy, Default)]
struct Checkpoint {
    chars: u32,
    utf16: u32,
    /// How many lines start at or before the stride's first byte: its 1-based line.
    line: u32,
    /// Every byte of the stride is ASCII: one scalar value and one UTF-16 unit each.
    ascii: bool,
}

impl Checkpoint {
    /// The counts before the end of `head`, the start of this checkpoint's stride.
    fn counts_to(self, head: &[u8]) -> Counts {
        let mut counts = Counts {
            chars: self.chars as usize,
            utf16: self.utf16 as usize,
        };
        if self.ascii {
            counts.chars += head.len();
            counts.utf16 += head.len();
            return counts;
        }
        for &b in head {
            let (c, u) = unit_counts(b);
            counts.chars += c;
            counts.utf16 += u;
        }
        counts
    }
}

/// What the index needs to know of a stride's bytes: whether they are all ASCII, and where
/// its line feeds and carriage returns are (bit `i` for byte `i`).
struct Stride {
    ascii: bool,
    line_feeds: u64,
    returns: u64,
}

impl Stride {
    /// Classes a stride of at most [`STRIDE`] bytes (64, one bit each in a `u64`).
    fn of(chunk: &[u8]) -> Stride {
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        if let Ok(full) = <&[u8; STRIDE]>::try_from(chunk) {
            return Stride::of_full(full);
        }
        let mut stride = Stride {
            ascii: chunk.is_ascii(),
            line_feeds: 0,
            returns: 0,
        };
        for (i, &b) in chunk.iter().enumerate() {
            stride.line_feeds |= u64::from(b == b'\n') << i;
            stride.returns |= u64::from(b == b'\r') << i;
        }
        stride
    }

    /// A whole stride with SSE2 (part of every x86-64): for each sixteen bytes, two compares
    /// and three masks (the third, of the bytes' high bits, is their non-ASCII bytes).
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    fn of_full(full: &[u8; STRIDE]) -> Stride {
        use std::arch::x86_64::{
            _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        };
        let (mut line_feeds, mut returns, mut high) = (0u64, 0u64, 0i32);
        for (i, sixteen) in full.chunks_exact(16).enumerate() {
            // SAFETY: SSE2 is part of the x86-64 baseline, and the load reads the sixteen
            // bytes of `sixteen` (unaligned loads are allowed).
            let (lf, cr, top) = unsafe {
                let v = _mm_loadu_si128(sixteen.as_ptr().cast());
                (
                    _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8))),
                    _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b'\r' as i8))),
                    _mm_movemask_epi8(v),
                )
            };
            // Each mask is sixteen bits, so the casts keep them whole.
            line_feeds |= u64::from(lf as u16) << (16 * i);
            returns |= u64::from(cr as u16) << (16 * i);
            high |= top;
        }
        Stride {
            ascii: high == 0,
            line_feeds,
            returns,
        }
    }
}

/// Where the scalar values of a stride that is not all ASCII start (bit `i` for byte `i`: any
/// byte but a continuation byte) and which of them need two UTF-16 units (four-byte leads), so
/// the counts up to any byte of the stride are two population counts, where adding up each
/// byte's counts took some six instructions a byte, for the stride and again for each line
/// starting in it (Greek, Cyrillic or CJK text is all such strides).
struct Scalars {
    starts: u64,
    astral: u64,
}

impl Scalars {
    /// Classes a stride of at most [`STRIDE`] bytes.
    fn of(chunk: &[u8]) -> Scalars {
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        if let Ok(full) = <&[u8; STRIDE]>::try_from(chunk) {
            return Scalars::of_full(full);
        }
        let mut scalars = Scalars {
            starts: 0,
            astral: 0,
        };
        for (i, &b) in chunk.iter().enumerate() {
            let (chars, utf16) = unit_counts(b);
            scalars.starts |= (chars as u64) << i;
            scalars.astral |= ((utf16 - chars) as u64) << i;
        }
        scalars
    }

    /// A whole stride with SSE2: for each sixteen bytes, two signed compares and three masks
    /// (as `i8`, continuation bytes 0x80 to 0xBF are those below -64; four-byte leads, 0xF0
    /// to 0xF7, are the negative ones above -17, 0xF8 and above not being UTF-8). This reads
    /// the stride a second time after [`Stride::of_full`], on purpose: most strides of an
    /// article are all ASCII and need none of these masks, so they are worked out only for
    /// the strides whose high bits said otherwise.
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    fn of_full(full: &[u8; STRIDE]) -> Scalars {
        use std::arch::x86_64::{
            _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        };
        let (mut continuations, mut astral) = (0u64, 0u64);
        for (i, sixteen) in full.chunks_exact(16).enumerate() {
            // SAFETY: SSE2 is part of the x86-64 baseline, and the load reads the sixteen
            // bytes of `sixteen` (unaligned loads are allowed).
            let (tail, lead) = unsafe {
                let v = _mm_loadu_si128(sixteen.as_ptr().cast());
                (
                    _mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(-64))),
                    _mm_movemask_epi8(_mm_cmpgt_epi8(v, _mm_set1_epi8(-17))) & _mm_movemask_epi8(v),
                )
            };
            // Each mask is sixteen bits, so the casts keep them whole.
            continuations |= u64::from(tail as u16) << (16 * i);
            astral |= u64::from(lead as u16) << (16 * i);
        }
        Scalars {
            starts: !continuations,
            astral,
        }
    }

    /// The counts before byte `end` (at most [`STRIDE`]) of the stride `checkpoint` starts.
    fn counts_to(&self, checkpoint: Checkpoint, end: usize) -> Counts {
        let below = if end >= STRIDE {
            u64::MAX
        } else {
            (1u64 << end) - 1
        };
        let chars = (self.starts & below).count_ones() as usize;
        let astral = (self.astral & below).count_ones() as usize;
        Counts {
            chars: checkpoint.chars as usize + chars,
            utf16: checkpoint.utf16 as usize + chars + astral,
        }
    }
}

/// A count or offset within [`MAX_LEN`], as a checkpoint stores it.
fn narrow(n: usize) -> u32 {
    debug_assert!(n <= MAX_LEN, "{n} beyond MAX_LEN");
    n as u32
}

/// A line/column position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

impl PositionIndex {
    /// Builds the index in one pass over the strides: each stride's bytes are classed at once
    /// (all ASCII? where are its line feeds and carriage returns?), and the lines starting in it
    /// are read from those masks, so a line start costs a few instructions, where a search
    /// from each line break to the next (a `memchr2` call per line, and its set-up) and a
    /// second pass placing the checkpoints on the lines cost about as much as the strides.
    fn new(bytes: &[u8]) -> PositionIndex {
        let mut checkpoints = Vec::with_capacity(bytes.len() / STRIDE + 2);
        // Room for every line at once: one per LF, which memchr counts a vector at a time,
        // where growing the index by doubling moved it seven times for the article. A lone CR
        // (rare) ends a line too and may still grow it.
        let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
        lines.push((0, 0));
        let mut counts = Counts { chars: 0, utf16: 0 };
        for (slot, chunk) in bytes.chunks(STRIDE).enumerate() {
            let classes = Stride::of(chunk);
            let checkpoint = Checkpoint {
                chars: narrow(counts.chars),
                utf16: narrow(counts.utf16),
                // The lines that start in earlier strides or at this one's first byte.
                line: narrow(lines.len()),
                ascii: classes.ascii,
            };
            checkpoints.push(checkpoint);
            let stride_start = slot * STRIDE;
            // Where the stride's scalar values start, for the counts of a stride that is not
            // all ASCII (each byte of one that is starts one of each).
            let scalars = (!classes.ascii).then(|| Scalars::of(chunk));
            let counts_to = |end: usize| match &scalars {
                Some(scalars) => scalars.counts_to(checkpoint, end),
                None => checkpoint.counts_to(&chunk[..end]),
            };
            let mut breaks = classes.line_feeds | classes.returns;
            while breaks != 0 {
                let at = breaks.trailing_zeros() as usize;
                breaks &= breaks - 1;
                // A lone CR ends a line too (old Mac files; the HTML parser treats it as LF);
                // the CR of a CRLF does not.
                if (classes.returns >> at) & 1 == 1
                    && bytes.get(stride_start + at + 1) == Some(&b'\n')
                {
                    continue;
                }
                let line_start = stride_start + at + 1;
                lines.push((line_start, counts_to(at + 1).chars));
            }
            counts = counts_to(chunk.len());
        }
        checkpoints.push(Checkpoint {
            chars: narrow(counts.chars),
            utf16: narrow(counts.utf16),
            line: narrow(lines.len()),
            ascii: true,
        });
        PositionIndex {
            lines,
            checkpoints,
            len: bytes.len(),
        }
    }

    /// The index of `bytes` and `bytes` as text, or the offset of the first byte that is not
    /// UTF-8.
    ///
    /// Only the runs of strides that are not all ASCII are validated, as the index has just
    /// told the strides apart: an ASCII stride is UTF-8, and a run of the others starts and
    /// ends beside ASCII bytes (or the text's ends), so no sequence crosses its ends and its
    /// first bad byte is the text's. Validating the whole text read every byte a second time.
    /// The index is built here, from the very bytes it vouches for, so no caller can pair an
    /// index with other bytes.
    fn of_utf8(bytes: &[u8]) -> Result<(PositionIndex, &str), usize> {
        let index = PositionIndex::new(bytes);
        // The last checkpoint is the end of the text's, not a stride's.
        let strides = index.checkpoints.len() - 1;
        let mut slot = 0;
        while slot < strides {
            if index.checkpoints[slot].ascii {
                slot += 1;
                continue;
            }
            let start = slot * STRIDE;
            while slot < strides && !index.checkpoints[slot].ascii {
                slot += 1;
            }
            let end = (slot * STRIDE).min(bytes.len());
            if let Err(err) = std::str::from_utf8(&bytes[start..end]) {
                return Err(start + err.valid_up_to());
            }
        }
        // SAFETY: `index` was built from `bytes` above, so every stride of `bytes` is ASCII
        // or in a run just found to be UTF-8, and each run starts and ends at a character
        // boundary, so the whole is UTF-8.
        Ok((index, unsafe { std::str::from_utf8_unchecked(bytes) }))
    }

    /// The counts before byte `offset` (clamped to the text) of `text`, the indexed text.
    ///
    /// The text's bytes are read only in a stride that is not all ASCII: most offsets are in
    /// one that is, where the counts are the checkpoint's plus the offset into the stride, and
    /// reaching the bytes through the tendril (its inline, owned or shared form told apart)
    /// and slicing them cost more than the rest of the query. Inlined into [`Source::span`],
    /// which asks twice: as a call of its own it cost what the tendril did.
    #[inline]
    fn counts(&self, text: &StrTendril, offset: usize) -> Counts {
        let offset = offset.min(self.len);
        let slot = offset / STRIDE;
        let stride_start = slot * STRIDE;
        let checkpoint = self.checkpoints[slot];
        if checkpoint.ascii {
            let into = offset - stride_start;
            return Counts {
                chars: checkpoint.chars as usize + into,
                utf16: checkpoint.utf16 as usize + into,
            };
        }
        checkpoint.counts_to(&text.as_bytes()[stride_start..offset])
    }

    /// Line and column of byte `offset`, which has `chars` scalar values before it: the line
    /// of its stride's start, moved past the lines that start in the stride up to `offset`.
    fn line_column(&self, offset: usize, chars: usize) -> LineColumn {
        let mut line = self.checkpoints[offset.min(self.len) / STRIDE].line as usize;
        while self
            .lines
            .get(line)
            .is_some_and(|&(start, _)| start <= offset)
        {
            line += 1;
        }
        LineColumn {
            line,
            column: chars - self.lines[line - 1].1 + 1,
        }
    }
}

/// How many scalar values and UTF-16 units a byte starts: continuation bytes start none, a
/// four-byte lead starts one scalar that needs a surrogate pair.
fn unit_counts(b: u8) -> (usize, usize) {
    if b & 0xC0 == 0x80 {
        (0, 0)
    } else if b >= 0xF0 {
        (1, 2)
    } else {
        (1, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_columns_count_astral_characters_as_two_units() {
        let text = "a😀b\nxé";
        let index = Source::from_text(text);
        let b = text.find('b').unwrap();
        assert_eq!(index.utf16(b), 3);
        assert_eq!(index.line_column(b), LineColumn { line: 1, column: 3 });
        let e = text.find('é').unwrap();
        assert_eq!(index.line_column(e), LineColumn { line: 2, column: 2 });
        assert_eq!(index.utf16(text.len()), "a😀b\nxé".encode_utf16().count());
    }

    #[test]
    fn long_lines_cross_checkpoints_correctly() {
        let text: String = "ab😀ç".repeat(200);
        let index = Source::from_text(text.clone());
        for (offset, _) in text.char_indices() {
            assert_eq!(index.utf16(offset), text[..offset].encode_utf16().count());
            assert_eq!(
                index.line_column(offset).column,
                text[..offset].chars().count() + 1
            );
        }
    }

    /// Line, column and UTF-16 offset counted from the start of `text`, the slow way.
    fn naive(text: &str, offset: usize) -> (usize, usize, usize) {
        let before = &text[..offset];
        let line_start = before
            .char_indices()
            .filter(|&(i, c)| c == '\n' || (c == '\r' && !text[i + 1..].starts_with('\n')))
            .map(|(i, _)| i + 1)
            .next_back()
            .unwrap_or(0);
        let line = 1 + before
            .char_indices()
            .filter(|&(i, c)| c == '\n' || (c == '\r' && !text[i + 1..].starts_with('\n')))
            .count();
        let column = text[line_start..offset].chars().count() + 1;
        (line, column, before.encode_utf16().count())
    }

    #[test]
    fn spans_agree_with_counting_from_the_start() {
        // ASCII strides, strides with two-, three- and four-byte characters, a character cut
        // by a stride boundary, CRLF, lone CR, a line longer than a stride and strides of
        // many lines (each line start in a stride is stepped over from its checkpoint), some
        // after four-byte characters in their stride.
        let text = format!(
            "{}é\r\n{}€x\r{}😀\n\n{}{}{}{}",
            "a".repeat(63),
            "b".repeat(70),
            "c".repeat(130),
            "dé😀".repeat(40),
            "\n".repeat(70),
            "e\r\r\né\n".repeat(30),
            "😀x\n€".repeat(20)
        );
        let source = Source::from_text(text.clone());
        let offsets: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        for (n, &start) in offsets.iter().enumerate() {
            for &end in offsets[n..].iter().step_by(7) {
                let span = source.span(start, end);
                let (line, column, utf16_start) = naive(&text, start);
                let (end_line, end_column, utf16_end) = naive(&text, end);
                assert_eq!(
                    span,
                    Span {
                        start: start as u32,
                        end: end as u32,
                        utf16_start: utf16_start as u32,
                        utf16_end: utf16_end as u32,
                        line: line as u32,
                        column: column as u32,
                        end_line: end_line as u32,
                        end_column: end_column as u32,
                    }
                );
            }
        }
    }

    /// Line breaks at a stride's edges: the CR of a CRLF as a stride's last byte (its LF the
    /// next stride's first), an LF as a stride's last byte, and a lone CR ending the text.
    #[test]
    fn line_breaks_at_stride_edges_agree_with_counting_from_the_start() {
        let text = format!(
            "{}\r\n{}\n{}é\r",
            "a".repeat(63),
            "b".repeat(62),
            "c".repeat(60)
        );
        let source = Source::from_text(text.clone());
        for offset in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let (line, column, utf16) = naive(&text, offset);
            let span = source.span(offset, offset);
            assert_eq!(
                (span.line, span.column, span.utf16_start),
                (line as u32, column as u32, utf16 as u32),
                "at byte {offset}"
            );
        }
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let index = Source::from_text("a\r\nb\rc");
        assert_eq!(index.line_column(3), LineColumn { line: 2, column: 1 });
        assert_eq!(index.line_column(5), LineColumn { line: 3, column: 1 });
    }

    #[test]
    fn texts_longer_than_4_gib_are_refused_with_their_length() {
        assert_eq!(within_limit(MAX_LEN), Ok(()));
        let err = within_limit(MAX_LEN + 1).unwrap_err();
        assert_eq!(err, DecodeError::TooLarge { len: MAX_LEN + 1 });
        assert_eq!(
            err.to_string(),
            "the document is 4294967295 bytes; at most 4294967294 (4 GiB) can be analysed"
        );
        // Every offset of the longest text, and its last line's number, one more than a text
        // of line breaks alone has bytes, fit the `u32` fields of spans and counts.
        assert_eq!(u32::try_from(MAX_LEN + 1), Ok(u32::MAX));
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = Source::decode(b"ok \xff bad", None).err().unwrap();
        assert_eq!(
            err,
            DecodeError::Invalid {
                charset: "UTF-8".into(),
                offset: 3
            }
        );
    }

    /// Bad bytes and sequences cut short anywhere among strides of ASCII and of other text
    /// (inside a stride, across two, at a stride's end or the text's) are refused at the
    /// offset the standard library names, and good text is taken whole.
    #[test]
    fn invalid_utf8_is_found_at_its_offset_across_strides() {
        let ascii = "a".repeat(STRIDE);
        let wide = "é€😀".repeat(STRIDE / 4);
        for good in [
            format!("{ascii}{wide}{ascii}"),
            format!("{wide}{ascii}{wide}"),
            format!("{ascii}{ascii}{wide}"),
        ] {
            let bytes = good.as_bytes();
            assert_eq!(Source::decode(bytes, None).unwrap().text(), good);
            // Every seventh offset, and each side of the first strides' edges.
            let edges = [STRIDE - 1, STRIDE, STRIDE + 1, 2 * STRIDE - 1, 2 * STRIDE];
            for at in (0..bytes.len()).step_by(7).chain(edges) {
                for bad in [
                    &b"\xff"[..],
                    b"\xe2\x82",
                    b"\xf0\x9f\x98",
                    // A lone continuation byte, overlong forms, a surrogate, past U+10FFFF.
                    b"\x80",
                    b"\xc0\x80",
                    b"\xe0\x80\x80",
                    b"\xf0\x80\x80\x80",
                    b"\xed\xa0\x80",
                    b"\xf4\x90\x80\x80",
                    b"\xf5",
                ] {
                    let mut text = bytes[..at].to_vec();
                    text.extend_from_slice(bad);
                    text.extend_from_slice(&bytes[at..]);
                    let expected = std::str::from_utf8(&text).map_err(|e| e.valid_up_to());
                    let found = Source::decode(&text, None).map(|s| s.text().to_string());
                    match (expected, found) {
                        (Ok(text), Ok(found)) => assert_eq!(found, text),
                        (Err(offset), Err(err)) => assert_eq!(
                            err,
                            DecodeError::Invalid {
                                charset: "UTF-8".into(),
                                offset
                            }
                        ),
                        (expected, found) => panic!("{expected:?} but {found:?} at {at}"),
                    }
                }
            }
        }
    }

    #[test]
    fn legacy_charset_from_meta_is_transcoded() {
        let bytes = b"<meta charset=windows-1252><p>caf\xe9</p>";
        let source = Source::decode(bytes, None).unwrap();
        assert!(source.text().ends_with("caf\u{e9}</p>"));
    }

    #[test]
    fn meta_charset_is_found_in_any_case_after_other_meta_tags() {
        let bytes = b"<META NAME=viewport CONTENT=x><Meta HTTP-EQUIV=Content-Type \
                      CONTENT='text/html; CharSet=ISO-8859-1'><p>caf\xe9</p>";
        let source = Source::decode(bytes, None).unwrap();
        assert!(source.text().ends_with("caf\u{e9}</p>"));
        // A `<meta` cut by the end of the first 1024 bytes, or no charset at all: UTF-8.
        let mut cut = vec![b' '; 1020];
        cut.extend_from_slice(b"<meta charset=latin1>\xc3\xa9");
        assert_eq!(Source::decode(&cut, None).unwrap().text().len(), cut.len());
        assert!(Source::decode(b"<meta name=x><p>\xe9", None).is_err());
    }

    #[test]
    fn declared_charset_wins_and_unknown_labels_are_errors() {
        let source = Source::decode(b"caf\xe9", Some("iso-8859-1")).unwrap();
        assert_eq!(source.text(), "caf\u{e9}");
        assert!(matches!(
            Source::decode(b"x", Some("klingon")),
            Err(DecodeError::UnknownCharset(_))
        ));
    }
}
