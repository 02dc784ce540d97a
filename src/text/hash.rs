// The hash of the text engine's tables (a document's spellings, the syllable exceptions).
// Shared by build.rs (which lays out the exceptions' slots) and `text` through `include!`, so
// both always agree.

/// A fast multiplicative hash of a short byte string, eight bytes at a time: for the table of
/// a document's spellings and the syllable exceptions.
#[inline]
fn spelling_hash(w: &[u8]) -> u64 {
    let mut h = spelling_hash_seed(w.len());
    let mut chunks = w.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = spelling_hash_step(h, v);
    }
    spelling_hash_step(h, le_tail(chunks.remainder()))
}

/// Fewer than eight bytes read as one little-endian number, zero-padded: a word's last
/// piece as [`spelling_hash`] hashes it.
#[inline]
fn le_tail(bytes: &[u8]) -> u64 {
    bytes.iter().rev().fold(0, |v, &b| v << 8 | u64::from(b))
}

/// [`spelling_hash`]'s state before the bytes of a word of `len` bytes: a word of fewer than
/// eight bytes, read as one little-endian number `v`, hashes to
/// `spelling_hash_step(spelling_hash_seed(len), v)`.
#[inline]
fn spelling_hash_seed(len: usize) -> u64 {
    (len as u64).wrapping_mul(SPELLING_HASH_MULTIPLIER)
}

/// [`spelling_hash`]'s state after eight more bytes (or the last, zero-padded), `v`.
#[inline]
fn spelling_hash_step(h: u64, v: u64) -> u64 {
    (h.rotate_left(23) ^ v).wrapping_mul(SPELLING_HASH_MULTIPLIER)
}

/// 2^64 divided by the golden ratio, the multiplier of Fibonacci hashing (Knuth, The Art of
/// Computer Programming, vol. 3, 6.4).
const SPELLING_HASH_MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;
