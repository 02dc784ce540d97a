//! The whole analysis over arbitrary bytes: decoding (UTF-8, byte-order marks, `<meta
//! charset>`), HTML with the automatic scope and as a fragment, and plain text. No input may
//! panic, hang or exhaust memory, and every span of every report must be valid.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| invariants::analyze_everything(bytes));
