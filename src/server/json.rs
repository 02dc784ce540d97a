//! Compact JSON for the service's responses: byte for byte what `serde_json::to_vec` writes,
//! in fewer instructions.
//!
//! A report of a 1,600-word article is about 220 KB of JSON (every sentence, block, term and
//! finding with its span), and serialising it with `serde_json` cost about a quarter of the
//! report itself: `serde_json` examines every byte of every string, and of every field name,
//! one at a time for characters to escape. This writer tests 32 bytes at a time with SSE2
//! on x86-64 and a shorter string eight at a time (a word-at-a-time test, as in Hacker's
//! Delight, Warren, 2nd ed., §6-1 "Find First 0-Byte"), writes a string of eight bytes or
//! fewer and its quotes with one sixteen-byte store, a field name with its quotes, colon and
//! the comma before it with one store from a table of the names already written, kept
//! between a thread's responses (and a unit variant's name from the same table), each such
//! store past the buffer's end with one capacity test (see `put`), and writes structure
//! directly into one buffer, reserved from the report's counts (see [`report_capacity`]):
//! about 0.53 M instructions for that report instead of 3.58 M (see BENCHMARKS.md). A
//! span, the report's commonest object (about 620 of them, eight keys and eight numbers
//! each), is taken whole and written in one piece, a fixed run of keys with its numbers
//! between them (see `Writer::numbers`), and so are a text range (about 270 of them, three
//! numbers each) and a sentence's jargon counts (about 150, five integers and an `f32`). A
//! report given as one ([`report_to_vec`]) has its sentences, findings, blocks, outline and
//! jargon written by writers of their own (the spans inside them too), with their keys as
//! literals (see `direct`), not field by field through serde. What remains is per value, not per byte: about 2,200 strings and
//! 1,500 numbers outside the fixed shapes.
//!
//! A float that is the nearest one to a number of hundredths (the report's rounded scores) is
//! written as that number's digits, which are `serde_json`'s shortest form of it; other
//! floats, signed integers and unsigned ones of 10^8 and above are formatted by `serde_json`
//! itself (so they keep its exact digits), smaller unsigned integers into one word from a
//! table of the digits of 0 to 999, by their magnitude; strings are escaped exactly as
//! `serde_json` escapes them (RFC 8259 §7: `"`, `\` and the control characters, with the
//! short forms `\b \t \n \f \r` and `\u00xx` for the others), and tests compare the two
//! writers on every kind of value serde describes. Pretty output (the CLI) stays with `serde_json`.

use crate::checks::jargon::SENTENCE_JARGON_FIELDS;
use crate::report::{Report, TEXT_RANGE_FIELDS};
use crate::source::SPAN_FIELDS;
use serde::ser::{self, Serialize};
use std::cell::Cell;
use std::mem::MaybeUninit;

mod direct;

/// The JSON of `value`, the same bytes as `serde_json::to_vec(value)`, in a buffer grown as
/// it must from nothing (the service's responses are written by [`report_to_vec`] and
/// `batch_to_vec`, in buffers reserved from their reports).
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    write_with(0, |writer| value.serialize(writer))
}

/// The JSON of `report`, the same bytes as `serde_json::to_vec(report)`, in a buffer reserved
/// by [`report_capacity`]: the service's response. The report's commonest objects (its
/// sentences, findings, blocks, outline headings, jargon terms and uses, and the spans and
/// text ranges inside them) are written by their own writers (see `direct`), each field's
/// key a literal stored in one piece, not handed to serde field by field; the rest of it as
/// any value.
pub fn report_to_vec(report: &Report) -> Result<Vec<u8>, serde_json::Error> {
    write_with(report_capacity(report), |writer| writer.report(report))
}

/// The JSON of a batch's response, the same bytes as `serde_json::to_vec(batch)`, in a
/// buffer of `capacity` bytes to begin with (its reports', see [`report_capacity`]): each
/// report written as [`report_to_vec`] writes it.
pub(crate) fn batch_to_vec(
    batch: &super::analyze::BatchResponse,
    capacity: usize,
) -> Result<Vec<u8>, serde_json::Error> {
    write_with(capacity, |writer| writer.batch(batch))
}

/// Runs `write` on a writer of a buffer of `capacity` bytes to begin with and the thread's
/// kept field-name table, and gives back the buffer. A report's buffer is reserved from
/// [`report_capacity`]: grown by doubling from nothing it took about 16 reallocations for
/// the article's 219 KB, which with their copies cost about 0.03 M of its JSON's 1.18 M
/// instructions. A JSON longer than `capacity` still grows as it must.
fn write_with(
    capacity: usize,
    write: impl FnOnce(&mut Writer) -> Result<(), serde_json::Error>,
) -> Result<Vec<u8>, serde_json::Error> {
    // `try_with`: a thread's locals being torn down leave it to make its own table.
    let (keys, kept_keys) = match KEPT_NAMES.try_with(Cell::take).ok().flatten() {
        Some(kept) => kept,
        None => (new_name_table()?, 0),
    };
    let mut writer = Writer {
        out: Vec::with_capacity(capacity),
        keys,
        kept_keys,
    };
    let written = write(&mut writer);
    // A table with room for more names is kept for the next response; a full one, which only
    // names beyond every report's would fill, is dropped, so the next starts empty.
    if writer.kept_keys < KEY_SLOTS / 2 {
        let _ = KEPT_NAMES.try_with(|kept| kept.set(Some((writer.keys, writer.kept_keys))));
    }
    written.map(|()| writer.out)
}

/// The field-name table (see [`Writer::key`]) and how many names it holds.
type NameTable = (Box<[KeyBlock; KEY_SLOTS]>, usize);

thread_local! {
    /// The field-name table between the responses a thread writes: the names' texts live as
    /// long as the program at the same addresses, so the bytes kept for them stay right, and
    /// a response finds its names kept instead of keeping each again (35 for the article) in a
    /// table allocated zeroed (24 KiB) for it. A panic while writing
    /// leaves the next response to make its own.
    static KEPT_NAMES: Cell<Option<NameTable>> = const { Cell::new(None) };
}

/// An empty field-name table: built on the heap (an array built on the stack would be
/// written there and then copied), then held as an array of its known length.
fn new_name_table() -> Result<Box<[KeyBlock; KEY_SLOTS]>, serde_json::Error> {
    vec![KeyBlock::EMPTY; KEY_SLOTS]
        .into_boxed_slice()
        .try_into()
        .map_err(|_| ser::Error::custom("the field-name table is not of its size"))
}

/// About how many bytes a report's JSON takes: the members with a span and text of their own
/// (the outline's headings among them), each at its mean size in the JSON of
/// `tests/fixtures/health_article.html` (219,088 bytes, estimated at 218,760 without the
/// margin), plus the fixed members, plus a sixteenth. A jargon use is counted twice, in the
/// list of uses and as a span in its term's list, so that a term used a thousand times is not
/// estimated at one term's size. The margin is there because a buffer
/// that falls short even by a few bytes is reallocated at the end, and in the service, where
/// the buffer is rarely at the top of the heap, that copies the whole response (3 % of the
/// service's time under load before it was added, BENCHMARKS.md "Load"). An estimate, not a
/// bound: a report of longer texts grows its buffer from there, and one of shorter texts
/// leaves the estimate's last pages untouched.
pub fn report_capacity(report: &Report) -> usize {
    let jargon = &report.jargon;
    let estimate = 1_700
        + 500 * report.sentences.len()
        + 330 * report.blocks.len()
        + 450 * report.findings.len()
        + 230 * report.skipped.len()
        + 340 * report.images.len()
        + 290 * report.stats.headings
        + 150 * jargon.terms.len()
        + 330 * jargon.uses.len();
    estimate + estimate / 16
}

/// The buffer the JSON is written into.
struct Writer {
    out: Vec<u8>,
    /// Field names already written once, ready to copy (see [`Writer::key`]): an array, not a
    /// slice, so that a slot (always below its length) is read without a bounds test.
    keys: Box<[KeyBlock; KEY_SLOTS]>,
    kept_keys: usize,
}

/// What a kept name is written as: a member's key, after a comma unless it is the first, or a
/// unit variant's name (or another string that lives as long as the program, see `direct`)
/// alone, in quotes.
#[derive(Clone, Copy)]
enum Kept {
    Key { first: bool },
    Variant,
}

impl Kept {
    /// Where its bytes start in a kept `,"name":` and how many they are, for a name of `len`
    /// bytes.
    fn cut(self, len: usize) -> (usize, usize) {
        match self {
            Kept::Key { first } => {
                let skip = usize::from(first);
                (skip, len + 4 - skip)
            }
            Kept::Variant => (1, len + 2),
        }
    }
}

/// Slots of the field-name table, open addressing with linear probing (Knuth, TAOCP vol. 3,
/// §6.4, algorithm L). The article's report keeps 35 names (field names written through
/// serde, kinds, sources, the ids and criteria of its findings), and every rule's id and
/// criteria are 70 more: all within half the slots, so probes are short and a long-running
/// thread's table never fills (a full table would be dropped after each response, and the
/// next would keep every name again).
const KEY_SLOTS: usize = 512;

/// A field name as written after a comma, `,"key":`, for the name whose text is at `addr`.
#[derive(Clone, Copy)]
struct KeyBlock {
    addr: usize,
    name_len: usize,
    /// `,"key":` and padding.
    bytes: [u8; 32],
}

impl KeyBlock {
    const EMPTY: KeyBlock = KeyBlock {
        addr: 0,
        name_len: 0,
        bytes: [0; 32],
    };

    /// The slot of the name whose text is at `addr` (Fibonacci hashing, Knuth, TAOCP vol. 3,
    /// §6.4): names are laid out side by side in the binary, so their addresses differ only in
    /// their low bits.
    fn slot(addr: usize) -> usize {
        (addr as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) as usize
            >> (usize::BITS - KEY_SLOTS.trailing_zeros())
    }
}

impl Writer {
    /// A number or other scalar, formatted by `serde_json` itself so its digits are unchanged.
    fn scalar<T: Serialize>(&mut self, value: T) -> Result<(), serde_json::Error> {
        serde_json::to_writer(&mut self.out, &value)
    }

    /// An unsigned integer in decimal, as `serde_json` writes it: below [`SMALL`] (every
    /// offset, line, column and count of a report under 100 MB) with one eight-byte store of
    /// [`small_digits`], cut back to their number, instead of a copy of a formatted buffer of
    /// any length. Inlined into the `serialize_u*` methods, which have nothing else to do.
    #[inline(always)]
    fn unsigned(&mut self, value: u64) -> Result<(), serde_json::Error> {
        self.keyed_unsigned(&[], value)
    }

    /// `key` (a member's, see `direct`; none for a value alone) and an unsigned integer after
    /// it, as [`Writer::unsigned`] writes it: below [`SMALL`] with one capacity test for both
    /// (see [`put_after`]).
    #[inline(always)]
    fn keyed_unsigned<const K: usize>(
        &mut self,
        key: &[u8; K],
        value: u64,
    ) -> Result<(), serde_json::Error> {
        if value >= SMALL {
            self.put(key, K);
            return self.large(value);
        }
        let (word, len) = small_digits(value);
        put_after(&mut self.out, key, &word.to_le_bytes(), len);
        Ok(())
    }

    /// `key` (none for a value alone) and `true` or `false` after it, with one eight-byte
    /// store cut back to the word's length, as a short string is, instead of a call of
    /// `memcpy` for four or five bytes (about 460 booleans per report), and one capacity
    /// test for the key and the word. With `close`, the object's closing brace after the
    /// word in the same store (a sentence's and a jargon use's last member), not a push of
    /// its own.
    #[inline(always)]
    fn keyed_bool<const K: usize>(&mut self, key: &[u8; K], v: bool, close: bool) {
        let (word, len) = if v {
            (b"true}   ", 4)
        } else {
            (b"false}  ", 5)
        };
        put_after(&mut self.out, key, word, len + usize::from(close));
    }

    /// An unsigned integer of [`SMALL`] or more (a document over 100 MB), by `serde_json`:
    /// kept out of line, so that each number's inlined code is only the small one's.
    #[cold]
    #[inline(never)]
    fn large(&mut self, value: u64) -> Result<(), serde_json::Error> {
        self.scalar(value)
    }

    /// The first `len` of `bytes` with one store of all `N` (see [`put`]).
    #[inline(always)]
    fn put<const N: usize>(&mut self, bytes: &[u8; N], len: usize) {
        put(&mut self.out, bytes, len);
    }

    /// A float that is the one nearest a number of hundredths, as the report's rounded
    /// scores are (`(x * 100).round() / 100`), written as `serde_json` writes it, without its
    /// general algorithm, after `key` (a member's, see `direct`; none for a value alone);
    /// `false`, with nothing written, for any other float.
    ///
    /// `serde_json` writes the shortest decimal that reads back as the float (zmij, as Ryū,
    /// Adams, PLDI 2018), in plain notation for these magnitudes. When the float is the one
    /// nearest n / 100 (`nearest(n)`, which also bounds n so that the float's neighbours lie
    /// less than 0.01 away), that decimal is n / 100 without trailing zeros: a decimal with
    /// fewer digits is another multiple of 0.01, at least 0.01 away, and so reads back as
    /// another float. Written as the integer part, a point and one or two digits (`7.5`,
    /// `0.52`, `8.0`), with the sign of a negative float, `-0.0` included: all of it and the
    /// key with one store and one capacity test (see [`put_after`]), where the sign, the
    /// integer part and the fraction took a write each (about 500 floats a report).
    #[inline(always)]
    fn hundredths<const K: usize>(
        &mut self,
        key: &[u8; K],
        value: f64,
        negative: bool,
        nearest: impl Fn(i64) -> bool,
    ) -> bool {
        let scaled = value * 100.0;
        // Rounded half away from zero; a NaN gives 0 and an infinity a saturated n, which
        // `nearest` refuses, as it refuses a float it is not the nearest to n / 100.
        let n = (scaled + 0.5_f64.copysign(scaled)) as i64;
        if !nearest(n) {
            return false;
        }
        let n = n.unsigned_abs();
        // `nearest` bounds n below 100 × [`SMALL`], so the units take one word of digits.
        let (units, units_len) = small_digits(n / 100);
        let [tens, ones] = DIGIT_PAIRS[(n % 100) as usize].to_le_bytes();
        let fraction = u64::from(b'.') | u64::from(tens) << 8 | u64::from(ones) << 16;
        let fraction_len = if ones == b'0' { 2 } else { 3 };
        let sign = usize::from(negative);
        // The sign, then eight digits or fewer and three bytes: twelve bytes at most.
        let digits = u128::from(units) | u128::from(fraction) << (8 * units_len);
        let number = (digits << (8 * sign)) | (u128::from(b'-') * sign as u128);
        put_after(
            &mut self.out,
            key,
            &number.to_le_bytes(),
            sign + units_len + fraction_len,
        );
        true
    }

    /// An `f32` as `serde_json` writes it: one of hundredths as its digits (see
    /// [`Writer::hundredths`]), any other by `serde_json` itself.
    #[inline(always)]
    fn float32(&mut self, v: f32) -> Result<(), serde_json::Error> {
        // Below 2^23 hundredths (83,886) `n as f32` is exact, so the division is the one
        // rounding of n / 100, and an `f32`'s neighbours are under 2^-7 away.
        let nearest = |n: i64| n.unsigned_abs() < 1 << 23 && n as f32 / 100.0 == v;
        if self.hundredths(&[], f64::from(v), v.is_sign_negative(), nearest) {
            return Ok(());
        }
        self.scalar(v)
    }

    /// An `f64` as `serde_json` writes it: one of hundredths as its digits (see
    /// [`Writer::hundredths`]), any other by `serde_json` itself.
    fn float64(&mut self, v: f64) -> Result<(), serde_json::Error> {
        self.keyed_float64(&[], v)
    }

    /// `key` (none for a value alone) and an `f64` after it, as [`Writer::float64`] writes
    /// it: one of hundredths with one capacity test for both.
    #[inline(always)]
    fn keyed_float64<const K: usize>(
        &mut self,
        key: &[u8; K],
        v: f64,
    ) -> Result<(), serde_json::Error> {
        // Below 10^10 hundredths the units are below [`SMALL`] and `n as f64` is exact.
        let nearest = |n: i64| n.unsigned_abs() < 100 * SMALL && n as f64 / 100.0 == v;
        if self.hundredths(key, v, v.is_sign_negative(), nearest) {
            return Ok(());
        }
        self.put(key, K);
        self.scalar(v)
    }

    /// An object of numbers under a shape's fixed member names (a span, a text range, a
    /// sentence's jargon counts), assembled in place past the buffer's end (each key of the
    /// shape with one fixed-size store, each integer with one more; see [`Writer::members`]),
    /// instead of a trip per member through serde's per-field calls and the field-name table.
    /// An `f32` member is written after what is assembled before it, and the members after it
    /// are assembled again. Inlined into each shape's writer, where the shape's length, keys
    /// and first member are constants and its members' loop is unrolled. After `key` (a
    /// member's, see `direct`; none for an object alone), stored in the same room, where a
    /// store of its own took a capacity test and a length update (about 890 spans and text
    /// ranges a report).
    #[inline(always)]
    fn numbers<const K: usize, const N: usize, S: Fixed<N>>(
        &mut self,
        key: &[u8; K],
        values: &[u64; N],
    ) -> Result<(), serde_json::Error> {
        // The integers' bits together are at least the largest of them, so an integer of
        // [`SMALL`] or more is never missed (a few smaller ones together may take the slower
        // way too, which writes the same bytes): one `and` with the member's mask and one `or`
        // a member, without a test, which the compiler does for several members at once
        // (a test of each cost about 25 instructions an object, a test of whether each was
        // the `f32` about 20).
        let integer_bits = values
            .iter()
            .zip(&S::SHAPE.integer_masks)
            .fold(0, |bits, (&value, &mask)| bits | value & mask);
        if integer_bits >= SMALL {
            self.put(key, K);
            return self.large_numbers::<N, S>(*values);
        }
        let mut at = self.members::<K, N, S>(key, values, 0);
        while let Some(&bits) = values.get(at) {
            self.float32(f32_of(bits))?;
            at = self.members::<0, N, S>(&[], values, at + 1);
        }
        Ok(())
    }

    /// The members of a shape's object from `first` on, each below [`SMALL`], written in the
    /// buffer's spare room, not assembled elsewhere and copied (a `memcpy` call for each of
    /// the report's 1,040 such objects): up to and including the key of an `f32` member,
    /// whose index is returned, or through the closing brace, when the shape's length is.
    /// `key` first (see [`Writer::numbers`]).
    #[inline(always)]
    fn members<const K: usize, const N: usize, S: Fixed<N>>(
        &mut self,
        key: &[u8; K],
        values: &[u64; N],
        first: usize,
    ) -> usize {
        self.out.reserve(K + OBJECT_ROOM);
        let start = self.out.len();
        let room = &mut self.out.spare_capacity_mut()[..K + OBJECT_ROOM];
        // SAFETY: the room holds `K` bytes before the object's `OBJECT_ROOM`.
        unsafe { store(room, 0, key) };
        let mut at = K;
        let mut member = first;
        // Each member's digits, for a member equal to the one two before it to take: in ASCII
        // text a span's UTF-16 offsets are its byte offsets (two members on), and most spans
        // end on the line they start on, so three of a span's eight numbers are worked out
        // once for two. Only the members the shape marks as often equal to that one are
        // compared with it (see `Shape::repeats`).
        let mut digits = [(0, 0); N];
        // SAFETY (both stores): `at` is at most `K` and the lengths of the keys and numbers
        // before it, each number of eight digits or fewer (`small_digits`), and `Shape::new`
        // stops the build for a shape whose keys' lengths and eight bytes a number, with the
        // last key's and number's whole stores and the closing brace, pass `OBJECT_ROOM`.
        while let (Some(name), Some(&value)) = (S::SHAPE.keys.get(member), values.get(member)) {
            unsafe { store(room, at, &name.bytes) };
            at += name.len;
            if S::SHAPE.is_f32(member) {
                break;
            }
            let (word, len) = match member.checked_sub(2) {
                Some(before)
                    if S::SHAPE.repeats[member] && before >= first && values[before] == value =>
                {
                    digits[before]
                }
                _ => small_digits(value),
            };
            digits[member] = (word, len);
            unsafe { store(room, at, &word.to_le_bytes()) };
            at += len;
            member += 1;
        }
        if member == N {
            room[at] = MaybeUninit::new(b'}');
            at += 1;
        }
        // SAFETY: every byte of the room below `at` has been written: each store above begins
        // where the one before it was cut back to.
        unsafe { self.out.set_len(start + at) };
        member
    }

    /// A shape's object with an integer of [`SMALL`] or more (a document over 100 MB), a key
    /// and a number at a time. Its members taken by value, a copy made on this cold way
    /// alone: the address of the caller's array, taken for a call, kept each member stored
    /// on the stack before the test that sends the object here (ten stores a span).
    #[cold]
    fn large_numbers<const N: usize, S: Fixed<N>>(
        &mut self,
        values: [u64; N],
    ) -> Result<(), serde_json::Error> {
        for (i, (key, value)) in S::SHAPE.keys.iter().zip(values).enumerate() {
            self.out.extend_from_slice(&key.bytes[..key.len]);
            if S::SHAPE.is_f32(i) {
                self.float32(f32_of(value))?;
            } else {
                self.unsigned(value)?;
            }
        }
        self.out.push(b'}');
        Ok(())
    }

    /// The object of a newtype of shape `S`, written in one piece; `None`, with nothing
    /// written, when the newtype holds anything else.
    #[inline(always)]
    fn shaped<const N: usize, S: Fixed<N>, T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Option<Result<(), serde_json::Error>> {
        match value.serialize(Take::<N, S>::new()) {
            Ok(Taken::Object(values)) => Some(self.numbers::<0, N, S>(&[], &values)),
            _ => None,
        }
    }

    /// `"value"`, with the characters JSON requires escaped. Inlined into the few methods that
    /// write strings (`serialize_str` above all), which have little else to do.
    #[inline(always)]
    fn string(&mut self, value: &str) {
        self.keyed_string(&[], value);
    }

    /// `key` (a member's, see `direct`; none for a value alone) and `"value"` after it, as
    /// [`Writer::string`] writes it: a string of 32 bytes or fewer with nothing to escape with
    /// one capacity test for both (see [`put_after`]).
    #[inline(always)]
    fn keyed_string<const K: usize>(&mut self, key: &[u8; K], value: &str) {
        let bytes = value.as_bytes();
        let n = bytes.len();
        if let Some(word) = short_word(bytes) {
            if escape_mask(word) == 0 {
                // Most strings are eight bytes or fewer: the string and its quotes with one
                // sixteen-byte store, cut back to their length, instead of a copy of any
                // length and a write per quote. The word's padding is cleared for the
                // closing quote (a shift by 8 × 8 bits is within a `u128`).
                let text = u128::from(word) & ((1 << (8 * n)) - 1);
                let quoted = u128::from(b'"') | text << 8 | u128::from(b'"') << (8 * (n + 1));
                return put_after(&mut self.out, key, &quoted.to_le_bytes(), n + 2);
            }
        } else if let Some(block) = padded_block(bytes) {
            if first_escape_in_block(&block).is_none() {
                // A string of nine to 32 bytes and its quotes: one 48-byte store, cut back to
                // their length, instead of a call of `memcpy` and a write per quote.
                let mut quoted = [b'"'; 48];
                quoted[1..33].copy_from_slice(&block);
                quoted[n + 1] = b'"';
                return put_after(&mut self.out, key, &quoted, n + 2);
            }
        }
        let Some(at) = first_escape(bytes) else {
            return self.keyed_clean(key, bytes);
        };
        put_after(&mut self.out, key, b"\"", 1);
        self.escaped(bytes, at);
    }

    /// `key` and `"bytes"`, a string of any length with nothing to escape (most of the
    /// sentences', blocks' and findings' texts), with one capacity test and one length
    /// update for all of it, where the key, each quote and the text took a test and an update
    /// of their own.
    #[inline(always)]
    fn keyed_clean<const K: usize>(&mut self, key: &[u8; K], bytes: &[u8]) {
        let n = bytes.len();
        self.out.reserve(K + n + 2);
        let at = self.out.len();
        // SAFETY: `reserve` leaves room for `K + n + 2` bytes past `at`, each written below
        // (`copy_nonoverlapping` allows unaligned pointers) before the length takes them in.
        unsafe {
            let to = self.out.as_mut_ptr().add(at);
            std::ptr::copy_nonoverlapping(key.as_ptr(), to, K);
            to.add(K).write(b'"');
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), to.add(K + 1), n);
            to.add(K + 1 + n).write(b'"');
            self.out.set_len(at + K + n + 2);
        }
    }

    /// A member's key and colon, after a comma unless `first`: `,"key":`. Every key comes from
    /// a struct's field names, text that lives as long as the program at one address, so the
    /// bytes written for it are kept by that address and copied with one fixed-size store the
    /// next time: a report writes thousands of keys but few distinct ones. Inlined
    /// into each field's call: a call of its own cost about a fifth of it.
    #[inline(always)]
    fn key(&mut self, key: &'static str, first: bool) {
        self.kept(key, Kept::Key { first });
    }

    /// A name written from the table of kept names (see [`Writer::key`]): a key, or a unit
    /// variant's name (`"paragraph"`, `"warning"`), the part of its kept `,"name":` between
    /// the comma and the colon.
    #[inline(always)]
    fn kept(&mut self, name: &'static str, kind: Kept) {
        self.keyed_kept(&[], name, kind);
    }

    /// `key` (a member's, see `direct`; none for a name alone) and a name from the table of
    /// kept names after it, as [`Writer::kept`] writes it: a kept one with one capacity test
    /// for both (see [`put_after`]).
    #[inline(always)]
    fn keyed_kept<const K: usize>(&mut self, key: &[u8; K], name: &'static str, kind: Kept) {
        let addr = name.as_ptr() as usize;
        let mut slot = KeyBlock::slot(addr);
        loop {
            let cached = &self.keys[slot];
            if cached.addr == addr && cached.name_len == name.len() {
                let (skip, len) = kind.cut(name.len());
                if let Some(bytes) = cached.bytes[skip..].first_chunk::<24>() {
                    put_after(&mut self.out, key, bytes, len);
                }
                return;
            }
            if cached.addr == 0 {
                self.put(key, K);
                return self.new_kept(name, kind, slot);
            }
            slot = (slot + 1) % KEY_SLOTS;
        }
    }

    /// A name not kept yet, whose probe ended at the empty `slot`: kept there and written, or
    /// written escaped. At most half the slots are filled, so a probe always meets an empty one.
    #[cold]
    #[inline(never)]
    fn new_kept(&mut self, name: &'static str, kind: Kept, slot: usize) {
        match Self::key_block(name).filter(|_| self.kept_keys < KEY_SLOTS / 2) {
            Some(block) => {
                self.keys[slot] = block;
                self.kept_keys += 1;
                self.kept(name, kind);
            }
            None => match kind {
                Kept::Key { first } => {
                    if !first {
                        self.out.push(b',');
                    }
                    self.string(name);
                    self.out.push(b':');
                }
                Kept::Variant => self.string(name),
            },
        }
    }

    /// `,"key":` of a key of twenty bytes or fewer (24 written, the store's size) with nothing
    /// to escape: every key of the report; `None` for any other key.
    fn key_block(key: &'static str) -> Option<KeyBlock> {
        let bytes = key.as_bytes();
        let len = bytes.len();
        if len > 20 {
            return None;
        }
        let mut block = [0_u8; 32];
        block[..2].copy_from_slice(b",\"");
        block[2..2 + len].copy_from_slice(bytes);
        block[2 + len..4 + len].copy_from_slice(b"\":");
        let mut dirty = 0;
        for word in bytes.chunks(8) {
            dirty |= escape_mask(short_word(word)?);
        }
        (dirty == 0).then_some(KeyBlock {
            addr: key.as_ptr() as usize,
            name_len: len,
            bytes: block,
        })
    }

    /// The contents of a string whose first byte to escape is at `at`, and its closing quote.
    /// The bytes from `at` on go a piece of at most [`ESCAPED_PIECE`] bytes at a time, each in
    /// room reserved once for its worst case (every byte escaped as six), so that a long text
    /// with a quote near its start reserves a few KiB more than it needs, not six times itself.
    /// Within a piece each block of sixteen bytes is stored whole and tested once, and the
    /// output moves on past the bytes before the first one to escape, whose sequence is stored
    /// over the rest (a block that needs none moves it on by sixteen). Each escape thus costs a
    /// block's test and one store, where a scan of the rest of the string, a capacity test and
    /// a `memcpy` call of the run before it took about 100 instructions (the excerpts' and
    /// texts' quotes).
    #[cold]
    fn escaped(&mut self, bytes: &[u8], at: usize) {
        self.clean_blocks(bytes, at);
        for piece in bytes[at..].chunks(ESCAPED_PIECE) {
            self.escaped_piece(piece);
        }
        self.out.push(b'"');
    }

    /// The first `len` bytes of `bytes`, none of which needs an escape, a block of sixteen at
    /// a time: a last block's bytes past them (the rest of `bytes`, or spaces) are left past
    /// the output's end, for what follows to be stored over.
    fn clean_blocks(&mut self, bytes: &[u8], len: usize) {
        let room_len = len + 16;
        self.out.reserve(room_len);
        let start = self.out.len();
        let room = &mut self.out.spare_capacity_mut()[..room_len];
        let mut written = 0;
        while written < len {
            // SAFETY: `written` is below `len`, so the block's sixteen bytes are within `room`.
            unsafe { store(room, written, &padded16(&bytes[written..])) };
            written += block_len(len - written);
        }
        // SAFETY: the blocks stored every byte of the room below `len`.
        unsafe { self.out.set_len(start + len) };
    }

    /// `piece` escaped (see [`Writer::escaped`]).
    fn escaped_piece(&mut self, piece: &[u8]) {
        let room_len = 6 * piece.len() + 16;
        self.out.reserve(room_len);
        let start = self.out.len();
        let room = &mut self.out.spare_capacity_mut()[..room_len];
        // SAFETY (every store below): `written` is at most six for each byte of `piece` read
        // before it, so a block's sixteen bytes and an escape's six stay within `room`.
        let (mut read, mut written) = (0, 0);
        while read < piece.len() {
            let block = padded16(&piece[read..]);
            unsafe { store(room, written, &block) };
            // The padding (spaces) is never flagged, so a flagged byte is one of `piece`'s.
            match escape_in_block(&block) {
                None => {
                    let step = block_len(piece.len() - read);
                    (read, written) = (read + step, written + step);
                }
                Some(i) => {
                    let escape = escape(piece[read + i]);
                    unsafe { store(room, written + i, &escape.bytes) };
                    (read, written) = (read + i + 1, written + i + escape.len);
                }
            }
        }
        // SAFETY: every byte of the room below `written` has been written: each store begins
        // where the output had reached.
        unsafe { self.out.set_len(start + written) };
    }
}

/// How many bytes of `left` a block takes: sixteen, or what is left.
fn block_len(left: usize) -> usize {
    left.min(16)
}

/// The most bytes of a string escaped in one reserved room (see [`Writer::escaped`]).
const ESCAPED_PIECE: usize = 4096;

/// The first sixteen bytes of `bytes`, padded with spaces (which need no escape) when it holds
/// fewer.
#[inline(always)]
fn padded16(bytes: &[u8]) -> [u8; 16] {
    match bytes.first_chunk::<16>() {
        Some(block) => *block,
        None => {
            let mut block = [b' '; 16];
            block[..bytes.len()].copy_from_slice(bytes);
            block
        }
    }
}

/// Writes the first `len` of `bytes` with one store of all `N`, the rest left past the
/// buffer's end for the next write to overwrite: one capacity test and one length update,
/// where `extend_from_slice` and `truncate` took a test each and a compare to cut back (about
/// 9,000 such writes per report: field names, short strings, numbers, booleans).
#[inline(always)]
fn put<const N: usize>(out: &mut Vec<u8>, bytes: &[u8; N], len: usize) {
    put_after(out, &[], bytes, len);
}

/// Writes all of `key` and then the first `len` of `bytes` as [`put`] writes them, with one
/// capacity test and one length update for both: a member's key and its short value (about
/// 4,000 such members per report: strings, numbers and booleans), where a write of each took
/// a test and an update of its own.
#[inline(always)]
fn put_after<const K: usize, const N: usize>(
    out: &mut Vec<u8>,
    key: &[u8; K],
    bytes: &[u8; N],
    len: usize,
) {
    out.reserve(K + N);
    let at = out.len();
    // SAFETY: `reserve` leaves room for `K + N` bytes past `at`, all written by the two copies
    // (`copy_nonoverlapping` allows unaligned pointers), and the new length adds at most
    // `K + N` of them.
    unsafe {
        let to = out.as_mut_ptr().add(at);
        std::ptr::copy_nonoverlapping(key.as_ptr(), to, K);
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), to.add(K), N);
        out.set_len(at + K + len.min(N));
    }
}

/// Copies `bytes` into `room` at `at` with one store (a copy of `MaybeUninit`s came out as
/// a store per piece of the key's known bytes), without a bounds test: [`Shape::new`] has
/// proved at compile time that a shape's stores fit its room (two tests a member, about
/// 25 k instructions per report).
///
/// # Safety
///
/// `at + N` must be at most `room`'s length.
#[inline(always)]
unsafe fn store<const N: usize>(room: &mut [MaybeUninit<u8>], at: usize, bytes: &[u8; N]) {
    debug_assert!(at + N <= room.len(), "a store within the room");
    // SAFETY: the caller keeps the `N` bytes from `at` within `room`, and a `MaybeUninit<u8>`
    // is laid out as a `u8`.
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), room.as_mut_ptr().add(at).cast::<u8>(), N);
    }
}

/// The numbers written from one word of digits: those of eight digits or fewer.
const SMALL: u64 = 100_000_000;

/// The decimal digits of `value` (below [`SMALL`]) in one little-endian word, the first
/// digit in the lowest byte, and their number, with the number's magnitude tested first so
/// that each division is by a constant and there is no loop. Most of a report's numbers
/// (about 5,400 of 7,600 in the article's: counts, lines, columns, indexes) are below 1,000
/// and take one read of [`THOUSAND`] (about 5 instructions for three digits, where two
/// digits at a time took about 15: up to three tests, a division and two reads); four
/// digits are two pairs from [`DIGIT_PAIRS`]; five to eight a read of the table per three.
/// Its callers send larger numbers elsewhere; one of [`SMALL`] or more would index past the
/// table.
#[inline(always)]
fn small_digits(value: u64) -> (u64, usize) {
    debug_assert!(value < SMALL, "{value} has more than eight digits");
    if value < 1_000 {
        return below_thousand(value);
    }
    if value < 10_000 {
        return (pair(value / 100) | pair(value % 100) << 16, 4);
    }
    // Five to eight digits: the last three, or six, all written, zeros included.
    let (high, low) = (value / 1_000, three_digits(value % 1_000));
    if high < 1_000 {
        let (high, len) = below_thousand(high);
        return (high | low << (8 * len), len + 3);
    }
    let (top, len) = below_thousand(high / 1_000);
    let middle = three_digits(high % 1_000);
    (top | middle << (8 * len) | low << (8 * (len + 3)), len + 6)
}

/// The digits of `value` (below 1,000), as [`small_digits`] gives them: one read of
/// [`THOUSAND`], the digits in its low half, nothing above them, and their number in its top
/// byte.
#[inline(always)]
fn below_thousand(value: u64) -> (u64, usize) {
    let entry = THOUSAND[value as usize];
    (u64::from(entry as u32), (entry >> 56) as usize)
}

/// The three digits of `value` (below 1,000), zeros first included (`007`): the part of a
/// longer number after its first digits.
#[inline(always)]
fn three_digits(value: u64) -> u64 {
    THOUSAND[value as usize] >> 32 & 0xff_ffff
}

/// For each number below 1,000: its digits as [`small_digits`] gives them in the low 32 bits,
/// its three digits with leading zeros in the next 24, and how many digits it has in the top
/// byte (8 KiB, built at compile time).
static THOUSAND: [u64; 1_000] = {
    let mut table = [0; 1_000];
    let mut n = 0;
    while n < 1_000 {
        let zero = b'0' as u64;
        let (hundreds, tens, ones) = (n as u64 / 100, n as u64 / 10 % 10, n as u64 % 10);
        let padded = (zero + hundreds) | (zero + tens) << 8 | (zero + ones) << 16;
        let (short, len) = if n < 10 {
            (padded >> 16, 1)
        } else if n < 100 {
            (padded >> 8, 2)
        } else {
            (padded, 3)
        };
        table[n] = short | padded << 32 | len << 56;
        n += 1;
    }
    table
};

/// The two ASCII digits of `value` (below 100), the tens in the low byte.
#[inline(always)]
fn pair(value: u64) -> u64 {
    u64::from(DIGIT_PAIRS[value as usize])
}

/// The two ASCII digits of 0 to 99, the tens in the low byte.
const DIGIT_PAIRS: [u16; 100] = {
    let mut pairs = [0; 100];
    let mut n = 0;
    while n < 100 {
        pairs[n] = (b'0' as u16 + n as u16 / 10) | (b'0' as u16 + n as u16 % 10) << 8;
        n += 1;
    }
    pairs
};

/// An object whose members are unsigned integers (and perhaps an `f32`) under fixed names,
/// in a fixed order: taken whole by [`Take`] from the newtype named `name` around it, and
/// written in one piece.
struct Shape<const N: usize> {
    /// The newtype's name, which [`Writer`] looks for in `serialize_newtype_struct`.
    name: &'static str,
    /// The member names, the very `&str`s the type's `Serialize` impl passes.
    fields: &'static [&'static str; N],
    /// Each member's key as written: `{"start":`, then `,"end":` and so on.
    keys: [ObjectKey; N],
    /// All ones for a member that is an integer, none for one that is an `f32`, taken as its
    /// bits.
    integer_masks: [u64; N],
    /// Whether a member is often equal to the one two before it, and so is compared with it
    /// to take its digits (see [`Writer::members`]); the others are not compared, where a
    /// compare of every member cost about three instructions each to save none.
    repeats: [bool; N],
}

/// The `f32` whose bits [`Take`] took as a member's number.
fn f32_of(bits: u64) -> f32 {
    f32::from_bits(bits as u32)
}

/// A shape as a type, so that the take and the writer are compiled for each shape with its
/// names and keys as constants.
trait Fixed<const N: usize> {
    const SHAPE: Shape<N>;
}

/// A span: `source::Span`'s members, [`SPAN_FIELDS`].
enum SpanShape {}

impl Fixed<8> for SpanShape {
    /// The UTF-16 offsets (the byte offsets in ASCII text) and the end's line.
    const SHAPE: Shape<8> = Shape::new("Span", &SPAN_FIELDS)
        .repeating(2)
        .repeating(3)
        .repeating(6);
}

/// A text range: `report::TextRange`'s members, [`TEXT_RANGE_FIELDS`].
enum TextRangeShape {}

impl Fixed<3> for TextRangeShape {
    const SHAPE: Shape<3> = Shape::new("TextRange", &TEXT_RANGE_FIELDS);
}

/// A sentence's jargon counts: `checks::jargon::SentenceJargon`'s members,
/// [`SENTENCE_JARGON_FIELDS`], five integers and the lexical load, an `f32`.
enum SentenceJargonShape {}

impl Fixed<6> for SentenceJargonShape {
    const SHAPE: Shape<6> = Shape::new("SentenceJargon", &SENTENCE_JARGON_FIELDS).with_f32(5);
}

/// Room for a shape's object of numbers below [`SMALL`] as [`Writer::members`] assembles it:
/// each key's and each number's whole store (sixteen and eight bytes, the last ones past the
/// object's end) and `}`. [`Shape::new`] stops the build for a shape that needs more.
const OBJECT_ROOM: usize = 160;

/// One key of a shape with the punctuation around it, padded for one fixed-size store.
struct ObjectKey {
    bytes: [u8; 16],
    len: usize,
}

impl<const N: usize> Shape<N> {
    /// The shape's keys, worked out at compile time: a name too long for its sixteen bytes, a
    /// character JSON escapes, or an object longer than [`OBJECT_ROOM`] stops the build.
    const fn new(name: &'static str, fields: &'static [&'static str; N]) -> Shape<N> {
        let mut keys = [const {
            ObjectKey {
                bytes: [0; 16],
                len: 0,
            }
        }; N];
        // The last key's and number's whole stores and the closing brace after them, the ones
        // before cut to their lengths.
        let mut room = 16 + 8 + 1;
        let mut i = 0;
        while i < N {
            let field = fields[i].as_bytes();
            assert!(field.len() + 4 <= 16, "a key fits one store");
            let key = &mut keys[i];
            key.bytes[0] = if i == 0 { b'{' } else { b',' };
            key.bytes[1] = b'"';
            let mut at = 0;
            while at < field.len() {
                let byte = field[at];
                assert!(
                    byte >= 0x20 && byte != b'"' && byte != b'\\',
                    "nothing to escape"
                );
                key.bytes[2 + at] = byte;
                at += 1;
            }
            key.bytes[2 + at] = b'"';
            key.bytes[3 + at] = b':';
            key.len = field.len() + 4;
            if i + 1 < N {
                room += key.len + 8;
            }
            i += 1;
        }
        assert!(room <= OBJECT_ROOM, "the object fits its room");
        Shape {
            name,
            fields,
            keys,
            integer_masks: [u64::MAX; N],
            repeats: [false; N],
        }
    }

    /// The same shape with member `i` an `f32`.
    const fn with_f32(mut self, i: usize) -> Shape<N> {
        assert!(i < N, "a member of the shape");
        self.integer_masks[i] = 0;
        self
    }

    /// The same shape with member `i` often equal to member `i - 2`.
    const fn repeating(mut self, i: usize) -> Shape<N> {
        assert!(i >= 2 && i < N, "a member with one two before it");
        self.repeats[i] = true;
        self
    }

    /// Whether member `i` is an `f32`.
    const fn is_f32(&self, i: usize) -> bool {
        self.integer_masks[i] == 0
    }
}

/// Nine to 32 bytes padded with spaces (which need no escape) to 32, read as two overlapping
/// halves; `None` for a string of other length.
fn padded_block(bytes: &[u8]) -> Option<[u8; 32]> {
    let n = bytes.len();
    let mut block = [b' '; 32];
    if let (Some(lo), Some(hi)) = (bytes.first_chunk::<16>(), bytes.last_chunk::<16>()) {
        if n > 32 {
            return None;
        }
        block[..16].copy_from_slice(lo);
        block[n - 16..n].copy_from_slice(hi);
    } else if let (Some(lo), Some(hi)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        if n == 8 {
            return None;
        }
        block[..8].copy_from_slice(lo);
        block[n - 8..n].copy_from_slice(hi);
    } else {
        return None;
    }
    Some(block)
}

/// Where the first byte to escape is in 32 bytes, sixteen at a time (see
/// [`escape_in_block`]).
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn first_escape_in_block(block: &[u8; 32]) -> Option<usize> {
    // Both halves are always there; one that were not would count as needing an escape,
    // which sends the string the general way.
    let half = |at: usize| {
        block[at..]
            .first_chunk::<16>()
            .map_or(Some(0), escape_in_block)
            .map(|i| at + i)
    };
    half(0).or_else(|| half(16))
}

/// Where the first byte to escape is in 32 bytes, with SSE2: both halves' flags joined and
/// tested once, not a test and a branch for each half.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn first_escape_in_block(block: &[u8; 32]) -> Option<usize> {
    use std::arch::x86_64::{_mm_movemask_epi8, _mm_or_si128};
    // SAFETY: SSE2 is part of the x86-64 baseline, and the two loads read the 32 bytes
    // `block` holds, sixteen from its start and sixteen from its middle.
    let mask = unsafe {
        let (low, high) = (
            escape_flags(block.as_ptr()),
            escape_flags(block.as_ptr().add(16)),
        );
        // Most blocks need no escape: one mask of both halves joined says so, and only a
        // block that needs one has each half's mask taken for where.
        if _mm_movemask_epi8(_mm_or_si128(low, high)) == 0 {
            return None;
        }
        _mm_movemask_epi8(low) as u32 | (_mm_movemask_epi8(high) as u32) << 16
    };
    Some(mask.trailing_zeros() as usize)
}

/// Where the first byte that JSON requires escaped is: 32 bytes at a time in a string of
/// sixteen or more (see [`first_escape_in_block`]; one test a block, where sixteen bytes at a
/// time took a test and a branch for each), then sixteen, eight at a time in a shorter one.
/// The blocks are taken by `chunks_exact`, whose loop tests one pointer, where a block
/// sliced from the string at each offset took a bounds test and a length test of its own.
fn first_escape(bytes: &[u8]) -> Option<usize> {
    let Some(last) = bytes.last_chunk::<16>() else {
        return first_escape_in_words(bytes);
    };
    let mut blocks = bytes.chunks_exact(32);
    let mut offset = 0;
    for block in &mut blocks {
        // Every block is 32 bytes; one that were not would count as needing an escape at its
        // start, which sends the string the general way, where the same bytes are written.
        if let Some(at) = block
            .first_chunk::<32>()
            .map_or(Some(0), first_escape_in_block)
        {
            return Some(offset + at);
        }
        offset += 32;
    }
    if let Some(block) = blocks.remainder().first_chunk::<16>() {
        if let Some(at) = escape_in_block(block) {
            return Some(offset + at);
        }
    }
    // The last sixteen bytes, overlapping blocks already found clean.
    escape_in_block(last).map(|at| bytes.len() - 16 + at)
}

/// The first of sixteen bytes that needs escaping, with SSE2 (see [`escape_bits`]).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn escape_in_block(block: &[u8; 16]) -> Option<usize> {
    // SAFETY: SSE2 is part of the x86-64 baseline, and the load reads the sixteen bytes
    // `block` holds.
    let mask = unsafe { escape_bits(block.as_ptr()) };
    (mask != 0).then(|| mask.trailing_zeros() as usize)
}

/// A bit for each of the sixteen bytes at `at` that needs escaping, with SSE2 (see
/// [`escape_flags`]).
///
/// # Safety
///
/// Sixteen bytes from `at` must be readable (unaligned loads are allowed).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
unsafe fn escape_bits(at: *const u8) -> u32 {
    // SAFETY: as the caller guarantees.
    unsafe { std::arch::x86_64::_mm_movemask_epi8(escape_flags(at)) as u32 }
}

/// All ones in each of the sixteen bytes at `at` that needs escaping, with SSE2 (part of
/// every x86-64): two compares of all sixteen bytes at once, about a third of the
/// instructions of [`escape_mask`] on two words. A byte is a control character or `"` when
/// it, with its bit 0x02 flipped, is at most 0x20: the flip takes `"` (0x22) to 0x20 and the
/// control characters to one another, so one unsigned minimum and compare finds both, where
/// a compare of its own for `"` took two instructions more.
///
/// # Safety
///
/// Sixteen bytes from `at` must be readable (unaligned loads are allowed).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
unsafe fn escape_flags(at: *const u8) -> std::arch::x86_64::__m128i {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_or_si128, _mm_set1_epi8, _mm_xor_si128,
    };
    // SAFETY: the caller guarantees sixteen readable bytes at `at`; the load is unaligned.
    let bytes = unsafe { _mm_loadu_si128(at.cast()) };
    let flipped = _mm_xor_si128(bytes, _mm_set1_epi8(0x02));
    let control_or_quote = _mm_cmpeq_epi8(_mm_min_epu8(flipped, _mm_set1_epi8(0x20)), flipped);
    let backslash = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'\\' as i8));
    _mm_or_si128(control_or_quote, backslash)
}

/// The first of sixteen bytes that needs escaping, two words at a time elsewhere.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn escape_in_block(block: &[u8; 16]) -> Option<usize> {
    first_escape_in_words(block)
}

/// Where the first byte to escape is in a string, eight bytes at a time.
fn first_escape_in_words(bytes: &[u8]) -> Option<usize> {
    let Some(last) = bytes.last_chunk::<8>() else {
        return lowest_flagged(escape_mask(short_word(bytes)?));
    };
    let mut offset = 0;
    while let Some(word) = bytes[offset..].first_chunk::<8>() {
        if let Some(at) = lowest_flagged(escape_mask(u64::from_le_bytes(*word))) {
            return Some(offset + at);
        }
        offset += 8;
    }
    // The last eight bytes, overlapping words already found clean.
    let at = lowest_flagged(escape_mask(u64::from_le_bytes(*last)))?;
    Some(bytes.len() - 8 + at)
}

const SPACES: u64 = ONES * 0x20;

/// Eight bytes or fewer as a little-endian word, padded with spaces (which need no escape),
/// read as two overlapping halves rather than byte by byte; `None` for a longer string.
fn short_word(bytes: &[u8]) -> Option<u64> {
    let n = bytes.len();
    let word = if let Some(word) = bytes.first_chunk::<8>() {
        return (n == 8).then(|| u64::from_le_bytes(*word));
    } else if let (Some(lo), Some(hi)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        u64::from(u32::from_le_bytes(*lo)) | u64::from(u32::from_le_bytes(*hi)) << (8 * (n - 4))
    } else if let (Some(lo), Some(hi)) = (bytes.first_chunk::<2>(), bytes.last_chunk::<2>()) {
        u64::from(u16::from_le_bytes(*lo)) | u64::from(u16::from_le_bytes(*hi)) << (8 * (n - 2))
    } else {
        bytes.first().map_or(0, |&b| u64::from(b))
    };
    Some(word | SPACES << (8 * n))
}

/// The index of the lowest byte whose high bit is set in `mask`, if any: always a real match
/// (see `escape_mask`).
fn lowest_flagged(mask: u64) -> Option<usize> {
    (mask != 0).then(|| mask.trailing_zeros() as usize / 8)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` that is `"`, `\` or below 0x20 (a control
/// character), and perhaps of bytes above such a byte: a borrow only spreads upwards from a
/// byte that matched, so the lowest flagged byte is always a match, and a word without one
/// flags nothing (Hacker's Delight §6-1).
fn escape_mask(word: u64) -> u64 {
    let zero_bytes = |w: u64| w.wrapping_sub(ONES) & !w & HIGH_BITS;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH_BITS;
    below_space
        | zero_bytes(word ^ (ONES * u64::from(b'"')))
        | zero_bytes(word ^ (ONES * u64::from(b'\\')))
}

/// The escape sequence of a byte that `escape_mask` flags.
fn escape(byte: u8) -> Escape {
    let short = |c: u8| Escape {
        bytes: [b'\\', c, 0, 0, 0, 0],
        len: 2,
    };
    match byte {
        b'"' => short(b'"'),
        b'\\' => short(b'\\'),
        0x08 => short(b'b'),
        b'\t' => short(b't'),
        b'\n' => short(b'n'),
        0x0c => short(b'f'),
        b'\r' => short(b'r'),
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            Escape {
                bytes: [
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(byte >> 4)],
                    HEX[usize::from(byte & 0xf)],
                ],
                len: 6,
            }
        }
    }
}

/// An escape sequence: `\x` or `\u00xx`.
struct Escape {
    bytes: [u8; 6],
    len: usize,
}

/// An array or object being written: whether a comma goes before the next member, the
/// bracket that closes it, and whether it is an enum variant's, wrapped in an object.
struct Compound<'a> {
    writer: &'a mut Writer,
    first: bool,
    close: u8,
    wrapped: bool,
}

impl<'a> Compound<'a> {
    fn open(writer: &'a mut Writer, open: u8, close: u8) -> Self {
        writer.out.push(open);
        Compound {
            writer,
            first: true,
            close,
            wrapped: false,
        }
    }

    /// Opens `{"variant":` followed by `open`, closed by `close` and then `}`.
    fn variant(writer: &'a mut Writer, variant: &str, open: u8, close: u8) -> Self {
        writer.out.push(b'{');
        writer.string(variant);
        writer.out.push(b':');
        Compound {
            wrapped: true,
            ..Compound::open(writer, open, close)
        }
    }

    /// Inlined into each element's and map entry's call, which has little else to do.
    #[inline(always)]
    fn separate(&mut self) {
        if !self.first {
            self.writer.out.push(b',');
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        self.separate();
        value.serialize(&mut *self.writer)
    }

    fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.writer.key(key, self.first);
        self.first = false;
        value.serialize(&mut *self.writer)
    }

    /// Closes the compound: its closing byte, and the `}` of the object around a variant
    /// that wraps it.
    fn finish(self) -> Result<(), serde_json::Error> {
        self.writer.out.push(self.close);
        if self.wrapped {
            self.writer.out.push(b'}');
        }
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Self::Error> {
        self.keyed_bool(&[], v, false);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Self::Error> {
        self.scalar(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Self::Error> {
        self.scalar(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Self::Error> {
        self.scalar(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Self::Error> {
        self.scalar(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Self::Error> {
        self.scalar(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Self::Error> {
        self.unsigned(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Self::Error> {
        self.unsigned(u64::from(v))
    }
    // Inlined into each field's call: most numbers are a `u32` or `usize` field's.
    #[inline(always)]
    fn serialize_u32(self, v: u32) -> Result<(), Self::Error> {
        self.unsigned(u64::from(v))
    }
    #[inline(always)]
    fn serialize_u64(self, v: u64) -> Result<(), Self::Error> {
        self.unsigned(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Self::Error> {
        self.scalar(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Self::Error> {
        self.float32(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Self::Error> {
        self.float64(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Self::Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Self::Error> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Self::Error> {
        self.scalar(v)
    }
    fn serialize_none(self) -> Result<(), Self::Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Self::Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Self::Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Self::Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Self::Error> {
        self.kept(variant, Kept::Variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        // A span, a text range or a sentence's jargon counts (see their `Serialize` impls)
        // is written in one piece; anything else named so, which `Take` refuses without
        // writing, is written as any newtype.
        let shaped = if name == SpanShape::SHAPE.name {
            self.shaped::<8, SpanShape, T>(value)
        } else if name == TextRangeShape::SHAPE.name {
            self.shaped::<3, TextRangeShape, T>(value)
        } else if name == SentenceJargonShape::SHAPE.name {
            self.shaped::<6, SentenceJargonShape, T>(value)
        } else {
            None
        };
        shaped.unwrap_or_else(|| value.serialize(self))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        let mut object = Compound::open(self, b'{', b'}');
        object.field(variant, value)?;
        object.finish()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Self::Error> {
        Ok(Compound::open(self, b'[', b']'))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Self::Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Self::Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Self::Error> {
        Ok(Compound::variant(self, variant, b'[', b']'))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Self::Error> {
        Ok(Compound::open(self, b'{', b'}'))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Self::Error> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Self::Error> {
        Ok(Compound::variant(self, variant, b'{', b'}'))
    }
}

/// The sequence-like compounds (arrays and tuples of every kind) all write comma-separated
/// elements and a closing bracket; only the trait and its method's name differ.
macro_rules! elements {
    ($($trait:ident :: $method:ident),+) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = serde_json::Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Self::Error> {
                self.finish()
            }
        }
    )+};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Self::Error> {
        self.separate();
        // `serde_json` writes `{key:null}`: its rules for keys (numbers in quotes, an error
        // for a key that is no string) stay in one place. Only flattened fields come here.
        let entry = serde_json::to_vec(&KeyOf(key))?;
        let key_and_colon = &entry[1..entry.len() - b"null}".len()];
        self.writer.out.extend_from_slice(key_and_colon);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Self::Error> {
        self.finish()
    }
}

/// A one-entry map `{key: null}`, for `serde_json` to write a map key.
struct KeyOf<'k, T: ?Sized>(&'k T);

impl<T: Serialize + ?Sized> Serialize for KeyOf<'_, T> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, &())?;
        map.end()
    }
}

/// Struct and struct-variant fields: named members, written through the field-name table.
macro_rules! fields {
    ($($trait:ident),+) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = serde_json::Error;
            // Inlined into the struct's `Serialize` impl, which otherwise calls it only for it
            // to call `Compound::field`.
            #[inline(always)]
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Self::Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Self::Error> {
                self.finish()
            }
        }
    )+};
}

fields!(SerializeStruct, SerializeStructVariant);

/// A serializer that writes nothing: it takes an unsigned integer's value, an `f32`, or the
/// numbers of an object whose members are its shape's fields in order, and refuses anything
/// else. A shape's numbers are taken this way so that its object is written in one piece.
struct Take<const N: usize, S>(std::marker::PhantomData<S>);

impl<const N: usize, S: Fixed<N>> Take<N, S> {
    fn new() -> Self {
        Take(std::marker::PhantomData)
    }
}

/// What [`Take`] took.
enum Taken<const N: usize> {
    Number(u64),
    F32(f32),
    Object([u64; N]),
}

/// The members [`Take`] has taken so far.
struct Members<const N: usize, S> {
    values: [u64; N],
    taken: usize,
    shape: std::marker::PhantomData<S>,
}

/// Why [`Take`] refused a value: it is not one it takes (nothing is written either way).
#[derive(Debug)]
struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not an object of its shape, an unsigned integer or an f32")
    }
}

impl std::error::Error for Refused {}

impl ser::Error for Refused {
    fn custom<T: std::fmt::Display>(_: T) -> Refused {
        Refused
    }
}

/// The methods of [`Take`] for the values it refuses.
macro_rules! refuse {
    ($($method:ident($($value:ty),*) -> $ok:ty),+) => {$(
        fn $method(self, $(_: $value),*) -> Result<$ok, Refused> {
            Err(Refused)
        }
    )+};
}

impl<const N: usize, S: Fixed<N>> ser::Serializer for Take<N, S> {
    type Ok = Taken<N>;
    type Error = Refused;
    type SerializeSeq = ser::Impossible<Taken<N>, Refused>;
    type SerializeTuple = ser::Impossible<Taken<N>, Refused>;
    type SerializeTupleStruct = ser::Impossible<Taken<N>, Refused>;
    type SerializeTupleVariant = ser::Impossible<Taken<N>, Refused>;
    type SerializeMap = ser::Impossible<Taken<N>, Refused>;
    type SerializeStruct = Members<N, S>;
    type SerializeStructVariant = ser::Impossible<Taken<N>, Refused>;

    fn serialize_u8(self, v: u8) -> Result<Taken<N>, Refused> {
        Ok(Taken::Number(u64::from(v)))
    }
    fn serialize_u16(self, v: u16) -> Result<Taken<N>, Refused> {
        Ok(Taken::Number(u64::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Result<Taken<N>, Refused> {
        Ok(Taken::Number(u64::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Result<Taken<N>, Refused> {
        Ok(Taken::Number(v))
    }
    fn serialize_f32(self, v: f32) -> Result<Taken<N>, Refused> {
        Ok(Taken::F32(v))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Members<N, S>, Refused> {
        if len != N {
            return Err(Refused);
        }
        Ok(Members {
            values: [0; N],
            taken: 0,
            shape: std::marker::PhantomData,
        })
    }
    refuse!(
        serialize_bool(bool) -> Taken<N>,
        serialize_i8(i8) -> Taken<N>,
        serialize_i16(i16) -> Taken<N>,
        serialize_i32(i32) -> Taken<N>,
        serialize_i64(i64) -> Taken<N>,
        serialize_i128(i128) -> Taken<N>,
        serialize_u128(u128) -> Taken<N>,
        serialize_f64(f64) -> Taken<N>,
        serialize_char(char) -> Taken<N>,
        serialize_str(&str) -> Taken<N>,
        serialize_bytes(&[u8]) -> Taken<N>,
        serialize_none() -> Taken<N>,
        serialize_unit() -> Taken<N>,
        serialize_unit_struct(&'static str) -> Taken<N>,
        serialize_unit_variant(&'static str, u32, &'static str) -> Taken<N>,
        serialize_seq(Option<usize>) -> Self::SerializeSeq,
        serialize_tuple(usize) -> Self::SerializeTuple,
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct,
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant,
        serialize_map(Option<usize>) -> Self::SerializeMap,
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant
    );
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Taken<N>, Refused> {
        Err(Refused)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Taken<N>, Refused> {
        Err(Refused)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Taken<N>, Refused> {
        Err(Refused)
    }
}

impl<const N: usize, S: Fixed<N>> ser::SerializeStruct for Members<N, S> {
    type Ok = Taken<N>;
    type Error = Refused;
    // Inlined into the type's `Serialize` impl, itself inlined into the take: a call per
    // member of every span cost more than the member's number.
    #[inline(always)]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Refused> {
        let expected = *S::SHAPE.fields.get(self.taken).ok_or(Refused)?;
        // The shape's type passes these very `&str`s; the same text from elsewhere is the
        // same key.
        if !std::ptr::eq(key, expected) && key != expected {
            return Err(Refused);
        }
        let f32_member = S::SHAPE.is_f32(self.taken);
        let number = match value.serialize(Take::<N, S>::new())? {
            Taken::Number(number) if !f32_member => number,
            Taken::F32(v) if f32_member => u64::from(v.to_bits()),
            _ => return Err(Refused),
        };
        self.values[self.taken] = number;
        self.taken += 1;
        Ok(())
    }
    fn end(self) -> Result<Taken<N>, Refused> {
        if self.taken == self.values.len() {
            Ok(Taken::Object(self.values))
        } else {
            Err(Refused)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{report_capacity, report_to_vec, to_vec, ESCAPED_PIECE, KEPT_NAMES, KEY_SLOTS};
    use serde::Serialize;
    use std::collections::BTreeMap;

    /// The two writers agree on `value`.
    fn same<T: Serialize + ?Sized>(value: &T) {
        let ours = to_vec(value).expect("our writer serialises the value");
        let theirs = serde_json::to_vec(value).expect("serde_json serialises the value");
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }

    #[test]
    fn every_ascii_character_is_escaped_as_serde_json_escapes_it() {
        for byte in 0..=0x7f_u8 {
            let c = char::from(byte);
            same(&c);
            same(&format!("{c}"));
            // At each position of a string read as one padded word, of one whose last word
            // overlaps the one before, of one read as a block of sixteen and an overlapping
            // last block, of one read as a block of 32 and an overlapping last block, and of
            // one read as blocks of 32, a block of sixteen and an overlapping last block.
            for base in [
                "abc",
                "abcdefghijk",
                "abcdefghijklmnopqrstu",
                "abcdefghijklmnopqrstuvwxyzäöüabcdefgh",
                "abcdefghijklmnopqrstuvwxyzäöüabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW",
            ] {
                for at in (0..=base.len()).filter(|&at| base.is_char_boundary(at)) {
                    let mut text = base.to_string();
                    text.insert(at, c);
                    same(&text);
                }
            }
        }
    }

    #[test]
    fn unicode_long_and_empty_strings() {
        same("");
        same("é");
        same("naïve “quotes” — 😀 \u{2028} \u{7f}");
        same(&"metastasised\t\"spread\"\n".repeat(100));
        same(&"x".repeat(1001));
        same(&format!("{}\u{1}", "ü".repeat(37)));
    }

    /// Two characters to escape at every pair of places in a string of three blocks and
    /// more, with sequences of both lengths, and strings of nothing else: a run between two
    /// escapes of every length, across the blocks' ends, and the most room an escaped string
    /// takes.
    #[test]
    fn escapes_at_every_pair_of_places() {
        let base = "abcdefghijklmnopqrstuvwxyzäöüabcdefghijklmnopqrstu";
        let places: Vec<usize> = (0..=base.len())
            .filter(|&at| base.is_char_boundary(at))
            .collect();
        for (first, second) in [('"', '\u{1}'), ('\u{1f}', '\\'), ('\n', '\n')] {
            for &a in &places {
                for &b in places.iter().filter(|&&b| b >= a) {
                    let mut text = base.to_string();
                    text.insert(b, second);
                    text.insert(a, first);
                    same(&text);
                }
            }
        }
        // Strings longer than a piece, with escapes on either side of and at the pieces' edges.
        let long = "abcdefghijklmnopqrstuvwxyzäöü".repeat(ESCAPED_PIECE / 8);
        for at in [
            0,
            1,
            ESCAPED_PIECE - 1,
            ESCAPED_PIECE,
            ESCAPED_PIECE + 1,
            long.len() - 1,
        ] {
            let at = (at..).find(|&at| long.is_char_boundary(at)).unwrap();
            let mut text = long.clone();
            text.insert(at, '"');
            text.insert(0, '\n');
            same(&text);
        }
        same(&"\"".repeat(3 * ESCAPED_PIECE + 5));
        for len in 0..=50 {
            same(&"\u{1}".repeat(len));
            same(&"\"".repeat(len));
            same(&format!("{}\u{1}{}", "a".repeat(len), "\u{2}".repeat(len)));
        }
    }

    #[test]
    fn strings_of_every_length_around_the_stores_and_blocks() {
        // The short stores end at 8, 16 and 32 bytes and the blocks at 16 and 32: every length
        // up to past two blocks, plain and with a character to escape last.
        for len in 0..=70 {
            same(&"a".repeat(len));
            same(&format!("{}\n", "a".repeat(len)));
        }
    }

    #[test]
    fn numbers_keep_serde_json_digits() {
        same(&[
            0.1_f64,
            -0.0,
            1e300,
            2.5e-8,
            100.0,
            f64::NAN,
            f64::INFINITY,
            12.34,
        ]);
        same(&[0.1_f32, f32::NAN, 3.5]);
        same(&[i64::MIN, -1, 0, i64::MAX]);
        same(&[u64::MAX, 0]);
        let mut edges: Vec<u64> = (0..=1000).collect();
        for power in 1..19 {
            let ten = 10_u64.pow(power);
            edges.extend([ten - 1, ten, ten + 1, 2 * ten - 1]);
        }
        edges.extend([10_u64.pow(19) - 1, 10_u64.pow(19), u64::MAX - 1]);
        // Numbers of every length written from one word, with zeros inside them too.
        edges.extend((0..super::SMALL).step_by(9_973));
        edges.extend([10_001, 1_000_005, 10_000_100, 99_990_009]);
        // Every part of a number split at its thousands with zeros in it, and none.
        edges.extend([
            10_000, 10_010, 100_001, 999_000, 1_000_000, 1_001_010, 12_000_345,
        ]);
        edges.extend([20_000_000, 99_999_999, 98_007_006, 5_432_100]);
        same(&edges);
        same(&edges.iter().map(|&n| n as u32).collect::<Vec<_>>());
        same(&[u16::MAX, 9, 10]);
        same(&[u8::MAX]);
        same(&(
            i128::MIN,
            u128::MAX,
            -7_i8,
            300_i16,
            -70_000_i32,
            9_u16,
            4_000_000_000_u32,
        ));
    }

    /// Every number below a million, and others of seven and eight digits, has its decimal
    /// digits in the word `small_digits` gives, cut to their number, and nothing above them.
    #[test]
    fn small_digits_are_the_decimal_digits() {
        let numbers = (0..1_000_000).chain((1_000_000..super::SMALL).step_by(997));
        for n in numbers.chain([super::SMALL - 1]) {
            let (word, len) = super::small_digits(n);
            let bytes = word.to_le_bytes();
            assert_eq!(&bytes[..len], n.to_string().as_bytes(), "{n}");
            assert!(bytes[len..].iter().all(|&byte| byte == 0), "{n}");
        }
    }

    #[test]
    fn floats_of_hundredths_keep_serde_json_digits() {
        // Every number of hundredths up to 2,000.00, then around each power of ten and the
        // bounds of the short way (2^23 hundredths for an `f32`, 10^10 for an `f64`); each
        // float with its two neighbours, which are not the nearest to any number of hundredths.
        let around = |edge: i64| edge - 50..=edge + 50;
        let edges = (0..=11)
            .map(|power| 10_i64.pow(power))
            .chain([1 << 23, 1 << 24]);
        let hundredths: Vec<i64> = (-20_000..=200_000)
            .chain(edges.flat_map(|edge| around(edge).chain(around(-edge))))
            .collect();
        let mut doubles = vec![0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 1e300];
        let mut singles = vec![0.0, -0.0, f32::INFINITY, f32::NEG_INFINITY, f32::NAN, 3e38];
        for &n in &hundredths {
            let double = n as f64 / 100.0;
            doubles.extend([double, double.next_up(), double.next_down()]);
            let single = n as f32 / 100.0;
            singles.extend([single, single.next_up(), single.next_down()]);
        }
        for chunk in doubles.chunks(500) {
            same(chunk);
        }
        for chunk in singles.chunks(500) {
            same(chunk);
        }
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    struct Newtype(u32);

    #[derive(Serialize)]
    struct Pair(u8, &'static str);

    #[derive(Serialize)]
    enum Kind {
        Plain,
        Wrapped(String),
        Tuple(u8, bool),
        Record { a: u8, b: Option<&'static str> },
    }

    #[derive(Serialize)]
    struct Inner {
        x: u8,
        y: &'static str,
    }

    #[derive(Serialize)]
    struct Outer {
        #[serde(flatten)]
        inner: Inner,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        none: Option<u8>,
        some: Option<f64>,
        empty: Vec<u8>,
        list: Vec<Kind>,
        unit: Unit,
        newtype: Newtype,
        pair: Pair,
        tuple: (),
        flag: bool,
        bytes: &'static [u8],
        #[serde(rename = "quoted \"name\"")]
        quoted: char,
    }

    #[test]
    fn structs_enums_options_and_flattened_fields() {
        same(&Outer {
            inner: Inner { x: 1, y: "why" },
            skipped: None,
            none: None,
            some: Some(2.25),
            empty: vec![],
            list: vec![
                Kind::Plain,
                Kind::Wrapped("w".into()),
                Kind::Tuple(3, false),
                Kind::Record { a: 4, b: None },
                Kind::Record { a: 5, b: Some("b") },
            ],
            unit: Unit,
            newtype: Newtype(6),
            pair: Pair(7, "seven"),
            tuple: (),
            flag: true,
            bytes: b"\x00\xff",
            quoted: '"',
        });
    }

    /// Field names of every length around the words they are checked in and the longest name
    /// kept, clean and with a character to escape in each word; written twice, the second
    /// time from the kept bytes.
    #[derive(Serialize, Default, Clone)]
    struct Keys {
        #[serde(rename = "")]
        empty: u8,
        a: u8,
        abcdefg: u8,
        abcdefgh: u8,
        abcdefghi: u8,
        abcdefghijklmno: u8,
        abcdefghijklmnop: u8,
        abcdefghijklmnopq: u8,
        abcdefghijklmnopqrs: u8,
        abcdefghijklmnopqrst: u8,
        abcdefghijklmnopqrstu: u8,
        #[serde(rename = "ab\"d")]
        quote_in_one_word: u8,
        #[serde(rename = "abcdefghijklmn\\")]
        backslash_in_the_second_word: u8,
        #[serde(rename = "a\tcdefghijklmno")]
        tab_in_the_first_word: u8,
        #[serde(rename = "abcdefghijklmnopqrstuvwxyz\u{1}")]
        control_in_a_long_key: u8,
        #[serde(rename = "clé")]
        unicode: u8,
    }

    #[test]
    fn keys_of_every_length_are_written_as_serde_json_writes_them() {
        same(&Keys {
            empty: 0,
            a: 1,
            abcdefg: 7,
            abcdefgh: 8,
            abcdefghi: 9,
            abcdefghijklmno: 15,
            abcdefghijklmnop: 16,
            abcdefghijklmnopq: 17,
            abcdefghijklmnopqrs: 19,
            abcdefghijklmnopqrst: 20,
            abcdefghijklmnopqrstu: 21,
            quote_in_one_word: 4,
            backslash_in_the_second_word: 16,
            tab_in_the_first_word: 16,
            control_in_a_long_key: 27,
            unicode: 4,
        });
        same(&vec![Keys::default(); 2]);
    }

    /// Unit variants of every length around the kept names' limit, with and without a
    /// character to escape, and one named as a field is.
    #[derive(Serialize, Clone, Copy)]
    #[serde(rename_all = "snake_case")]
    enum Variant {
        A,
        Paragraph,
        VeryHardToReadAndLong,
        #[serde(rename = "twenty_chars_exactly")]
        TwentyCharactersLong,
        #[serde(rename = "say \"no\"")]
        Quoted,
        #[serde(rename = "tab\there")]
        Tab,
        #[serde(rename = "kind")]
        Kind,
    }

    #[derive(Serialize)]
    struct Variants {
        kind: Variant,
        all: Vec<Variant>,
    }

    #[test]
    fn unit_variants_are_written_as_serde_json_writes_them() {
        let all = vec![
            Variant::A,
            Variant::Paragraph,
            Variant::VeryHardToReadAndLong,
            Variant::TwentyCharactersLong,
            Variant::Quoted,
            Variant::Tab,
            Variant::Kind,
        ];
        // Twice: the second time from the kept names.
        same(&[
            Variants {
                kind: Variant::Kind,
                all: all.clone(),
            },
            Variants {
                kind: Variant::Paragraph,
                all,
            },
        ]);
    }

    #[test]
    fn spans_are_written_as_serde_json_writes_them() {
        // Casts, so the test stands whatever unsigned type a span's numbers have.
        let span = |n: u32| crate::source::Span {
            start: n as _,
            end: (n + 1) as _,
            utf16_start: (n / 2) as _,
            utf16_end: n.saturating_mul(3) as _,
            line: 1,
            column: 10,
            end_line: 99,
            end_column: 100,
        };
        let mut spans: Vec<_> = [0, 9, 10, 99, 100, 12_345, 99_999_999].map(span).into();
        // A number of nine digits or more takes the slower way, at any position.
        spans.push(span(100_000_000));
        spans.push(crate::source::Span {
            end_column: u32::MAX as _,
            ..span(5)
        });
        same(&spans);
        same(&Some(span(7)));
        // Members equal to the one two before them (UTF-16 offsets as the byte offsets, the
        // end on the start's line) written with that one's digits, of every length, and one
        // differing from it only in its length.
        let ascii = |start: u32, end: u32, line: u32| crate::source::Span {
            start: start as _,
            end: end as _,
            utf16_start: start as _,
            utf16_end: end as _,
            line: line as _,
            column: 10,
            end_line: line as _,
            end_column: 100,
        };
        same(&[
            ascii(0, 0, 0),
            ascii(9, 10, 99),
            ascii(12_345, 99_999_999, 1),
            ascii(100_000_000, 7, 7),
            crate::source::Span {
                utf16_start: 100,
                ..ascii(10, 20, 3)
            },
            // Members equal to the one two before them where the shape does not look for it.
            crate::source::Span {
                line: 10,
                column: 20,
                end_column: 20,
                ..ascii(10, 20, 3)
            },
        ]);
    }

    #[test]
    fn text_ranges_are_written_as_serde_json_writes_them() {
        let range = |block, start, end| crate::report::TextRange { block, start, end };
        same(&[
            range(0, 0, 0),
            range(9, 10, 99),
            range(100, 12_345, 99_999_999),
            // A number of nine digits or more takes the slower way, at any position.
            range(100_000_000, 1, 2),
            range(3, 4, usize::MAX),
        ]);
        same(&Some(range(1, 2, 3)));
    }

    #[test]
    fn sentence_jargon_counts_are_written_as_serde_json_writes_them() {
        use crate::checks::jargon::SentenceJargon;
        let counts = |words, load| SentenceJargon {
            words,
            jargon: 3,
            undefined: 2,
            acronyms: 1,
            watch: 0,
            load,
        };
        same(&[
            counts(0, 0.0),
            counts(14, 7.15),
            // The words as many as the undefined terms two members on.
            counts(2, 1.5),
            counts(5, 0.849_999_9),
            counts(22, -0.0),
            counts(9, f32::NAN),
            counts(9, f32::INFINITY),
            counts(7, 1e30),
            // An integer of nine digits or more takes the slower way, the float still its own.
            counts(u32::MAX, 2.4),
            counts(u32::MAX, 0.1 + 0.2),
        ]);
    }

    /// A newtype named `SentenceJargon` whose members are not a sentence's counts.
    #[derive(Serialize)]
    #[serde(rename = "SentenceJargon")]
    struct NotSentenceJargon<T>(T);

    #[derive(Serialize)]
    struct IntegerLoad {
        words: u32,
        jargon: u32,
        undefined: u32,
        acronyms: u32,
        watch: u32,
        load: u32,
    }

    #[derive(Serialize)]
    struct FloatWords {
        words: f32,
        jargon: u32,
        undefined: u32,
        acronyms: u32,
        watch: u32,
        load: f32,
    }

    #[test]
    fn other_newtypes_named_sentence_jargon_are_written_as_serde_json_writes_them() {
        same(&NotSentenceJargon(IntegerLoad {
            words: 1,
            jargon: 2,
            undefined: 3,
            acronyms: 4,
            watch: 5,
            load: 6,
        }));
        same(&NotSentenceJargon(FloatWords {
            words: 1.5,
            jargon: 2,
            undefined: 3,
            acronyms: 4,
            watch: 5,
            load: 6.25,
        }));
        same(&NotSentenceJargon(1.5_f32));
    }

    /// Newtypes named `Span` that are not spans: written as any newtype.
    #[derive(Serialize)]
    #[serde(rename = "Span")]
    struct NotASpan<T>(T);

    #[derive(Serialize)]
    struct EightOthers {
        start: u8,
        end: u16,
        utf16_start: u32,
        utf16_end: u64,
        line: usize,
        column: usize,
        end_line: usize,
        other: usize,
    }

    #[derive(Serialize)]
    struct SignedSpan {
        start: i64,
        end: usize,
        utf16_start: usize,
        utf16_end: usize,
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
    }

    #[derive(Serialize)]
    struct ShortSpan {
        start: usize,
        end: usize,
    }

    /// A newtype named `TextRange` whose members are not a text range's.
    #[derive(Serialize)]
    #[serde(rename = "TextRange")]
    struct NotATextRange<T>(T);

    #[derive(Serialize)]
    struct ThreeOthers {
        block: usize,
        start: usize,
        other: usize,
    }

    #[derive(Serialize)]
    struct SignedRange {
        block: usize,
        start: i64,
        end: usize,
    }

    #[test]
    fn other_newtypes_named_text_range_are_written_as_serde_json_writes_them() {
        same(&NotATextRange("text"));
        same(&NotATextRange(ThreeOthers {
            block: 1,
            start: 2,
            other: 3,
        }));
        same(&NotATextRange(ShortSpan { start: 1, end: 2 }));
        same(&NotATextRange(SignedRange {
            block: 1,
            start: -2,
            end: 3,
        }));
    }

    #[test]
    fn other_newtypes_named_span_are_written_as_serde_json_writes_them() {
        same(&NotASpan("text"));
        same(&NotASpan(7_u8));
        same(&NotASpan(EightOthers {
            start: 1,
            end: 2,
            utf16_start: 3,
            utf16_end: 4,
            line: 5,
            column: 6,
            end_line: 7,
            other: 8,
        }));
        same(&NotASpan(SignedSpan {
            start: -1,
            end: 2,
            utf16_start: 3,
            utf16_end: 4,
            line: 5,
            column: 6,
            end_line: 7,
            end_column: 8,
        }));
        same(&NotASpan(ShortSpan { start: 1, end: 2 }));
        same(&NotASpan([1_u8; 8]));
    }

    /// A struct of `n` distinct field names, more than the field-name table keeps.
    struct ManyKeys(Vec<&'static str>);

    impl Serialize for ManyKeys {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeStruct;
            let mut object = serializer.serialize_struct("ManyKeys", self.0.len())?;
            for (i, key) in self.0.iter().enumerate() {
                object.serialize_field(key, &i)?;
            }
            object.end()
        }
    }

    #[test]
    fn keys_beyond_the_kept_ones_are_still_written() {
        let keys = (0..700)
            .map(|i| &*Box::leak(format!("key {i}").into_boxed_str()))
            .collect();
        let many = ManyKeys(keys);
        same(&[&many, &many]);
    }

    #[test]
    fn names_kept_by_earlier_values_on_the_thread_are_written_as_serde_json_writes_them() {
        // Each value is written by its own call, from the names the calls before it kept: a
        // name kept as a later member is written first, a field's name as a unit variant's.
        #[derive(Serialize)]
        struct Reordered {
            abcdefgh: u8,
            a: u8,
        }
        same(&Keys::default());
        same(&Reordered { abcdefgh: 1, a: 2 });
        same(&Variants {
            kind: Variant::Kind,
            all: vec![Variant::Paragraph],
        });
        same(&Keys::default());
        // A table filled past its limit is not kept, and the next value keeps its own names.
        let keys = (0..300)
            .map(|i| &*Box::leak(format!("name {i}").into_boxed_str()))
            .collect();
        same(&ManyKeys(keys));
        same(&Keys::default());
        same(&Reordered { abcdefgh: 3, a: 4 });
    }

    #[test]
    fn maps_follow_serde_json_rules_for_keys() {
        same(&BTreeMap::from([("b \"key\"", 1), ("a", 2)]));
        same(&BTreeMap::from([(3_u8, "three"), (1, "one")]));
        same(&BTreeMap::from([(true, 1)]));
        same(&BTreeMap::<String, u8>::new());
        same(&BTreeMap::from([(Newtype(1), 1)]));
        let unusable = BTreeMap::from([((1, 2), 3)]);
        assert!(to_vec(&unusable).is_err() && serde_json::to_vec(&unusable).is_err());
    }

    #[test]
    fn a_whole_report_is_byte_for_byte_serde_json() {
        let html = include_str!("../../tests/fixtures/health_article.html");
        let report = crate::analyze_html(html.as_bytes(), None, &crate::Options::default())
            .expect("the fixture is analysed");
        same(&report);
    }

    #[test]
    fn the_article_is_written_into_the_buffer_reserved_for_it() {
        let html = include_str!("../../tests/fixtures/health_article.html");
        let report = crate::analyze_html(html.as_bytes(), None, &crate::Options::default())
            .expect("the fixture is analysed");
        let json = report_to_vec(&report).expect("a report is written");
        // Not grown: a buffer that had to grow would have doubled past the estimate.
        assert_eq!(json.capacity(), report_capacity(&report));
        // Nor reserved far beyond what it holds.
        assert!(
            json.capacity() < json.len() + json.len() / 8,
            "{} for {}",
            json.capacity(),
            json.len()
        );
    }

    #[test]
    fn every_name_a_thread_may_keep_fits_its_table() {
        let html = include_str!("../../tests/fixtures/health_article.html");
        let report = crate::analyze_html(html.as_bytes(), None, &crate::Options::default())
            .expect("the fixture is analysed");
        report_to_vec(&report).expect("a report is written");
        let kept = KEPT_NAMES.with(|kept| {
            let table = kept.take();
            let count = table.as_ref().map(|(_, count)| *count);
            kept.set(table);
            count
        });
        let kept = kept.expect("the table is kept after a report");
        // Every rule's id and criteria, whether or not the article's findings kept them.
        let rules = crate::checks::REGISTRY
            .iter()
            .flat_map(|rule| std::iter::once(rule.id).chain(rule.wcag.iter().copied()))
            .map(|name| name.as_ptr() as usize)
            .collect::<std::collections::HashSet<_>>();
        assert!(
            kept + rules.len() < KEY_SLOTS / 2,
            "{kept} names kept for the article and {} of the rules in {} slots",
            rules.len(),
            KEY_SLOTS
        );
    }

    proptest::proptest! {
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(text in ".*", bytes in proptest::collection::vec(0u8..0x80, 0..40)) {
            same(&text);
            same(&String::from_utf8(bytes).expect("ASCII is UTF-8"));
        }
    }
}
