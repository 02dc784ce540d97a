//! Speed of each pipeline stage on a 1,700-word patient article (tests/fixtures).
//!
//! `cargo bench --bench pipeline`; figures are recorded in BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion};
use legible::document::{Document, ScopeOption};
use legible::source::Source;
use legible::{analyze, analyze_html, text, Options};
use std::hint::black_box;

const ARTICLE: &str = include_str!("../tests/fixtures/health_article.html");

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
}

criterion_group!(benches, stages);
criterion_main!(benches);
