//! What every report must keep, whatever the input: every span inside the analysed text, on
//! character boundaries, with UTF-16 offsets and lines that agree with that text; no empty
//! sentence; a report that serialises, and that the service's own JSON writer writes byte
//! for byte as `serde_json` does.
//!
//! Shared by the property tests (`tests/robustness.rs`), the replay of the fuzz corpus
//! (`tests/fuzz_regressions.rs`) and the fuzz targets (`fuzz/`, which include this file by
//! path), so that all three check the same thing.

use legible::document::ScopeOption;
use legible::report::Report;
use legible::source::{Source, Span};
use legible::{analyze_html, analyze_text, Options};

/// Analyses `bytes` as HTML (automatic scope and as a fragment) and as plain text, checking
/// every report against the text the bytes decode to (the body itself for UTF-8).
pub fn analyze_everything(bytes: &[u8]) {
    let Ok(source) = Source::decode(bytes, None) else {
        assert!(analyze_html(bytes, None, &Options::default()).is_err());
        return;
    };
    let body = source.text();
    for scope in [ScopeOption::Auto, ScopeOption::Fragment] {
        let options = Options {
            scope,
            ..Options::default()
        };
        if let Ok(report) = analyze_html(bytes, None, &options) {
            check_report(body, &report);
        }
    }
    if let Ok(report) = analyze_text(bytes, None, &Options::default()) {
        check_report(body, &report);
    }
}

/// Checks every span of `report` against `body`, and that the report serialises, the same
/// bytes from the service's writers (`legible::server::json`, which has its own string
/// escaping and number formatting, and its own writers of the report's commonest objects) as
/// from `serde_json`.
pub fn check_report(body: &str, report: &Report) {
    let utf16 = utf16_offsets(body);
    let check = |span: &Span, what: &str| check_span(body, &utf16, span, what);
    for sentence in &report.sentences {
        check(&sentence.span, "sentence");
        assert!(!sentence.text.trim().is_empty(), "empty sentence");
    }
    for finding in &report.findings {
        check(&finding.span, "finding");
    }
    for image in &report.images {
        check(&image.span, "image");
    }
    let mut stack: Vec<_> = report.outline.iter().collect();
    while let Some(node) = stack.pop() {
        check(&node.span, "heading");
        stack.extend(node.children.iter());
    }
    let expected = serde_json::to_vec(report).expect("every report serialises");
    // The response's writer, with the report's own types written directly, and the writer of
    // any value, which writes a batch's reports.
    let direct = legible::server::json::report_to_vec(report).expect("the service writes it");
    let any = legible::server::json::to_vec(report).expect("the service's writer serialises");
    for written in [direct, any] {
        assert!(
            written == expected,
            "the service's JSON differs from serde_json's:\n{}\n{}",
            String::from_utf8_lossy(&written),
            String::from_utf8_lossy(&expected)
        );
    }
}

/// UTF-16 code units before each byte offset of `body` (meaningful at character boundaries),
/// counted once so that checking many spans stays linear.
fn utf16_offsets(body: &str) -> Vec<usize> {
    let mut offsets = vec![0; body.len() + 1];
    let mut units = 0;
    for (i, c) in body.char_indices() {
        offsets[i] = units;
        units += c.len_utf16();
    }
    offsets[body.len()] = units;
    offsets
}

fn check_span(body: &str, utf16: &[usize], span: &Span, what: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= body.len(),
        "{what}: {span:?} out of bounds"
    );
    assert!(
        body.is_char_boundary(start) && body.is_char_boundary(end),
        "{what}: {span:?} splits a character"
    );
    assert_eq!(span.utf16_start as usize, utf16[start], "{what}: {span:?}");
    assert_eq!(span.utf16_end as usize, utf16[end], "{what}: {span:?}");
    assert!(
        span.line >= 1 && span.column >= 1 && span.end_line >= span.line,
        "{what}: {span:?}"
    );
}
