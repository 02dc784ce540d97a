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
