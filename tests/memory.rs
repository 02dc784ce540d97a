//! Peak heap of the analysis of a 1 MB page, counted by a global allocator that keeps the bytes
//! in use and their high-water mark (issue 9: a 1 MB page in at most 20× its size).
//!
//! Heap bytes, not RSS: the count is the same on every run and machine for the same code and
//! input (one test in this binary, so no other test allocates meanwhile), so the ceilings below
//! fail on a regression and never on load. The figures are printed; BENCHMARKS.md has them with
//! massif's breakdown and the peak RSS of `legible analyze`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

#[path = "support/big_page.rs"]
mod big_page;
use big_page::big_page;

/// The system allocator, counting.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

impl Counting {
    fn grew(by: usize) {
        let now = IN_USE.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(now, Relaxed);
    }

    fn shrank(by: usize) {
        IN_USE.fetch_sub(by, Relaxed);
    }
}

// SAFETY: every call is passed to `System` unchanged; the counters only read the sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let block = System.alloc(layout);
        if !block.is_null() {
            Counting::grew(layout.size());
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        System.dealloc(block, layout);
        Counting::shrank(layout.size());
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = System.realloc(block, layout, new_size);
        if !moved.is_null() {
            // The old block is alive until the new one holds its bytes: count both, as the
            // heap does when the block moves.
            Counting::grew(new_size);
            Counting::shrank(layout.size());
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Bytes allocated at the high-water mark of `run`, above those in use before it, and what
/// `run` returned.
fn peak_of<T>(run: impl FnOnce() -> T) -> (usize, T) {
    let before = IN_USE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let value = run();
    (PEAK.load(Relaxed) - before, value)
}

#[test]
fn the_analysis_of_a_1_mb_page_stays_within_its_memory_ceilings() {
    let page = big_page();
    let size = page.len();
    let options = legible::Options::default();
    let (analysis, report) =
        peak_of(|| legible::analyze_html(page.as_bytes(), None, &options).expect("it analyses"));
    let kept = IN_USE.load(Relaxed);
    let (json, body) =
        peak_of(|| legible::server::json::report_to_vec(&report).expect("it serialises"));
    let ratio = |bytes: usize| bytes as f64 / size as f64;
    eprintln!(
        "1 MB page: {size} bytes; analysis peak {analysis} bytes ({:.1}x); report and page \
         kept {kept} bytes; JSON {} bytes, its peak above the report {json} bytes ({:.1}x)",
        ratio(analysis),
        body.len(),
        ratio(json),
    );
    assert!(report.findings.len() > 10_000, "the page is the large one");
    // 34.9x when this test was written (36.8 MB for 1.05 MB; massif counted a 46.6 MB heap
    // peak before the report was built after the tree and the text engine's words were freed),
    // 34.4x at the start of round 5 (36.3 MB), 23.2x in round 6 (24.4 MB) once the text
    // engine's tokens were freed before the rules run and the tree before the findings are
    // built, 19.8x in round 7 (20.9 MB) with counts, source-map segments and spans of `u32`
    // and the jargon analysis before the measures, 18.7x in round 8 (19.7 MB) with jargon
    // occurrences and sentences of `u32` indexes and ranges and the jargon uses sized once.
    // The issue asks for 20x; the ceiling holds the ground gained and fails on a regression
    // of 8 %.
    assert!(
        ratio(analysis) <= 20.2,
        "the analysis peaked at {:.1}x the page's size",
        ratio(analysis)
    );
    // The response body is written as the service writes it, into one buffer reserved from
    // the report's counts (`report_capacity`, an estimate with a sixteenth's margin: 20.8 MB
    // of JSON peaked at 21.6 MB). An estimate that fell short (it once counted a jargon term
    // at one size however often it was used) doubled the buffer at the end and peaked at
    // 61.1 MB; grown by doubling from nothing it peaked at 40.9 MB. Either, or a copy of the
    // report, would fail here.
    assert!(
        json <= body.len() + body.len() / 8,
        "serialising took {json} bytes for {} of JSON",
        body.len()
    );
}
