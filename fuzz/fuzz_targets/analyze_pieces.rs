//! The whole analysis over HTML assembled from tricky pieces (tags the tree builder repairs,
//! raw-text elements, comments, entities, astral and combining characters): each input byte
//! picks a piece or a character, so the fuzzer explores markup structure rather than spelling.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;
#[path = "../../tests/support/pieces.rs"]
mod pieces;

libfuzzer_sys::fuzz_target!(|picks: &[u8]| {
    invariants::analyze_everything(pieces::assemble(picks).as_bytes())
});
