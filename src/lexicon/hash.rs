// The hash that places a table's keys in its slot array. Shared by build.rs (which writes the
// slots) and the lexicon (which probes them) through `include!`, so both always agree.

/// FNV-1a, 64-bit: fast on short keys, and stable across builds and platforms.
fn key_hash(key: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The low bits of a table's slot: the key's index + 1 (0: an empty slot).
const SLOT_INDEX_MASK: u32 = (1 << 20) - 1;

/// The high bits of a slot: the top 12 bits of its key's hash, so a probe passes over most
/// other keys' slots without reading their bytes.
fn slot_tag(hash: u64) -> u32 {
    ((hash >> 52) as u32) << 20
}
