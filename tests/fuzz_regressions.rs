//! Replays the fuzz regression corpus (`tests/fuzz_corpus/`): inputs that once made the
//! analysis panic, hang or blow up (named for what they did), and `cov-*`, a sample of the
//! fuzzer's merged corpus that reaches the parser's and the text engine's rarer paths. Each file is analysed as it is (the `analyze_bytes` target)
//! and as the pieces its bytes pick (the `analyze_pieces` target), with the same span checks
//! as the property tests. The fuzz targets themselves live in `fuzz/`, outside this workspace.

#[path = "support/invariants.rs"]
mod invariants;
#[path = "support/pieces.rs"]
mod pieces;

use std::path::PathBuf;

fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fuzz_corpus is readable")
        .map(|entry| entry.expect("a corpus entry").path())
        .filter(|path| path.is_file())
        .map(|path| {
            let bytes = std::fs::read(&path).expect("a corpus file is readable");
            (path, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_input_is_analysed_with_valid_spans() {
    let files = corpus();
    assert!(
        files.len() >= 800,
        "the corpus has only {} files",
        files.len()
    );
    for (path, bytes) in files {
        // Shown with a failure: the last path printed is the input at fault.
        eprintln!("{}", path.display());
        invariants::analyze_everything(&bytes);
        invariants::analyze_everything(pieces::assemble(&bytes).as_bytes());
    }
}
