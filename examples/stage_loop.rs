//! Runs one pipeline stage on a file N times, for instruction counts under callgrind, which
//! are repeatable on a loaded machine where wall-clock times are not (see BENCHMARKS.md).
//!
//! `cargo build --release --example stage_loop`, then
//! `valgrind --tool=callgrind target/release/examples/stage_loop FILE N [STAGE]` for N = 0 and
//! N = 10: the difference over 10 is the stage's cost per document, start-up excluded.
//! STAGE is `full` (report from bytes, the default), `document`, `text`, `report` (measures,
//! checks and report from a parsed document) or `json` (full report, then serialised as the
//! service serialises it).

#[path = "../src/allocator.rs"]
mod allocator;

use legible::document::{Document, ScopeOption};
use legible::server::json;
use legible::source::Source;
use legible::{analyze, analyze_html, text, Options};
use std::hint::black_box;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("stage_loop: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [file, runs, rest @ ..] = args.as_slice() else {
        return Err("usage: stage_loop FILE N [full|document|text|report|json]".into());
    };
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let html = std::str::from_utf8(&bytes).map_err(|e| format!("{file}: {e}"))?;
    let runs: usize = runs
        .parse()
        .map_err(|_| format!("N must be a count, not {runs:?}"))?;
    let options = Options::default();
    // One full analysis outside the loop, so one-time start-up (word lists) is in every run.
    analyze_html(&bytes, None, &options).map_err(|e| format!("{file}: {e}"))?;
    let document = Document::from_html(Source::from_text(html), ScopeOption::Auto);
    let stage = rest.first().map_or("full", String::as_str);
    for _ in 0..runs {
        match stage {
            "full" => drop(black_box(analyze_html(&bytes, None, &options))),
            "document" => drop(black_box(Document::from_html(
                Source::from_text(html),
                ScopeOption::Auto,
            ))),
            "text" => drop(black_box(text::analyze(&document.blocks))),
            "report" => drop(black_box(analyze(&document, &options))),
            "json" => {
                let report = analyze_html(&bytes, None, &options).map_err(|e| e.to_string())?;
                let json = json::report_to_vec(&report).map_err(|e| e.to_string())?;
                drop(black_box(json));
            }
            other => return Err(format!("unknown stage {other:?}")),
        }
    }
    Ok(())
}
