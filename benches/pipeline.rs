//! Speed of each pipeline stage on a 1,700-word patient article (tests/fixtures), and of the
//! whole report on a 1 MB page made from it.
//!
//! `cargo bench --bench pipeline`; figures are recorded in BENCHMARKS.md.

#[path = "../src/allocator.rs"]
mod allocator;

use criterion::{criterion_group, criterion_main, Criterion};
use legible::document::{Document, ScopeOption};
use legible::source::Source;
use legible::{analyze, analyze_html, text, Options};
use std::hint::black_box;

const ARTICLE: &str = include_str!("../tests/fixtures/health_article.html");

#[path = "../tests/support/big_page.rs"]
mod big_page;
use big_page::big_page;

fn stages(c: &mut Criterion) {
    let options = Options::default();
    let document = Document::from_html(Source::from_text(ARTICLE), ScopeOption::Auto);
    c.bench_function("document (decode, parse, blocks)", |b| {
        b.iter(|| Document::from_html(Source::from_text(black_box(ARTICLE)), ScopeOption::Auto))
    });
    c.bench_function("text engine (sentences, words, syllables)", |b| {
        b.iter(|| text::analyze(black_box(&document.blocks)))
    });
    c.bench_function("measures, checks and report", |b| {
        b.iter(|| analyze(black_box(&document), &options))
    });
    c.bench_function("full report from bytes", |b| {
        b.iter(|| analyze_html(black_box(ARTICLE.as_bytes()), None, &options))
    });
    c.bench_function("report as JSON", |b| {
        let report = analyze(&document, &options);
        b.iter(|| {
            legible::server::json::report_to_vec(black_box(&report)).expect("a report serialises")
        })
    });
}

fn big(c: &mut Criterion) {
    let options = Options::default();
    let page = big_page();
    let mut group = c.benchmark_group("1 MB page");
    group.sample_size(10);
    group.bench_function("full report from bytes", |b| {
        b.iter(|| analyze_html(black_box(page.as_bytes()), None, &options))
    });
    group.finish();
}

criterion_group!(benches, stages, big);
criterion_main!(benches);
