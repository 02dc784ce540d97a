// The hash of the text engine's tables (a document's spellings, the syllable exceptions).
// Shared by build.rs (which lays out the exceptions' slots) and `text` through `include!`, so
// both always agree.

/// A fast multiplicative hash of a short byte string, eight bytes at a time: for the table of
/// a document's spellings and the syllable exceptions.
#[inline]
fn spelling_hash(w: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (w.len() as u64).wrapping_mul(K);
    let mut chunks = w.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(23) ^ v).wrapping_mul(K);
    }
    let mut tail = 0u64;
    for (i, &b) in chunks.remainder().iter().enumerate() {
        tail |= u64::from(b) << (8 * i);
    }
    (h.rotate_left(23) ^ tail).wrapping_mul(K)
}
