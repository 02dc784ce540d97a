// The hash that places a table's keys in its slot array. Shared by build.rs (which writes the
// slots) and the lexicon (which probes them) through `include!`, so both always agree.

/// The seed and multiplier of [`key_hash`]: the first two constants of wyhash
/// (<https://github.com/wangyi-fudan/wyhash>), odd and with their bits well spread.
const HASH_SEED: u64 = 0xa076_1d64_78bd_642f;
const HASH_MULTIPLIER: u64 = 0xe703_7ed1_a0b4_28db;

/// Eight bytes at a time, not one: a word is read as at most two little-endian pieces (three
/// bytes or two overlapping four-byte halves for a short one, as wyhash reads them; eight-byte
/// pieces and the last eight, overlapping, for a long one), each mixed in by one folded
/// multiply, so every bit of the hash depends on every byte of the key. The length is mixed in
/// first, which makes the overlapping reads unambiguous. Stable across builds and platforms
/// (little-endian reads, no random seed); FNV-1a, a multiply per byte, cost twice as much on
/// the words of an article.
fn key_hash(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let len = bytes.len();
    let mut hash = HASH_SEED ^ len as u64;
    let last = match len {
        0 => 0,
        1..=3 => {
            (u64::from(bytes[0]) << 16) | (u64::from(bytes[len / 2]) << 8) | u64::from(bytes[len - 1])
        }
        4..=8 => (u64::from(le_u32(&bytes[..4])) << 32) | u64::from(le_u32(&bytes[len - 4..])),
        _ => {
            let mut rest = bytes;
            while rest.len() > 8 {
                hash = folded_multiply(hash ^ le_u64(&rest[..8]), HASH_MULTIPLIER);
                rest = &rest[8..];
            }
            le_u64(&bytes[len - 8..])
        }
    };
    folded_multiply(hash ^ last, HASH_MULTIPLIER)
}

/// The 128-bit product of `a` and `b` with its halves xor-ed together (wyhash's `wymum`): one
/// multiply that carries every input bit into both the low bits (the slot) and the high bits
/// (the tag).
fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// The first four bytes of `bytes`, little-endian.
fn le_u32(bytes: &[u8]) -> u32 {
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

/// The first eight bytes of `bytes`, little-endian.
fn le_u64(bytes: &[u8]) -> u64 {
    u64::from(le_u32(bytes)) | (u64::from(le_u32(&bytes[4..])) << 32)
}

/// The low bits of a table's slot: the key's index + 1 (0: an empty slot).
const SLOT_INDEX_MASK: u32 = (1 << 20) - 1;

/// The high bits of a slot: the top 12 bits of its key's hash, so a probe passes over most
/// other keys' slots without reading their bytes.
fn slot_tag(hash: u64) -> u32 {
    ((hash >> 52) as u32) << 20
}
