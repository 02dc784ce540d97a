//! No input makes the analysis panic, and every span of every report stays valid: inside the
//! body, on character boundaries, with UTF-16 offsets and lines that agree with the body.
//! Inputs are arbitrary bytes, HTML assembled from tricky pieces, mutations of a realistic
//! article (cuts, duplications, insertions, truncation) and deep nesting.

use legible::report::Report;
use legible::source::Span;
use legible::{analyze_html, analyze_text, Options};
use proptest::prelude::*;

const ARTICLE: &str = include_str!("fixtures/article.html");

/// Pieces that exercise the tokenizer's states and the tree builder's repairs.
const PIECES: &[&str] = &[
    "<p>",
    "</p>",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<a href=x>",
    "</a>",
    "<table>",
    "</table>",
    "<tr>",
    "<td>",
    "</td>",
    "<li>",
    "<ul>",
    "</ul>",
    "<h1>",
    "</h2>",
    "<br>",
    "</br>",
    "<img src=a.png>",
    "<img alt=\"x > y\">",
    "<svg>",
    "</svg>",
    "<math>",
    "<![CDATA[",
    "]]>",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<title>",
    "</title>",
    "<textarea>",
    "</textarea>",
    "<pre>",
    "</pre>",
    "<select>",
    "<option>",
    "<template>",
    "</template>",
    "<frameset>",
    "<plaintext>",
    "<main>",
    "<article>",
    "<nav>",
    "<!--",
    "-->",
    "--!>",
    "<!-->",
    "<!DOCTYPE html>",
    "<?x?>",
    "</>",
    "<",
    ">",
    "&",
    "&amp;",
    "&amp",
    "&#",
    "&#x",
    "&#x1F600;",
    "&#0;",
    "&#150;",
    "&notit;",
    "&nbsp",
    "\0",
    "\r\n",
    "\r",
    "\n",
    " ",
    "\t",
    "text",
    "Dr.",
    "U.S.",
    "0.73",
    "body.1 Next",
    "😀",
    "👩‍⚕️",
    "é",
    "e\u{301}",
    "漢字",
    "𝒜",
    "'",
    "\"",
    "=",
    "/>",
    "<p hidden>",
    "<div aria-hidden=true>",
    "<b class=\"",
    "<html>",
    "<body>",
    "<head>",
    "\u{feff}",
    "<P CLASS=Y>",
    "<h2 id=a>",
];

fn check_span(body: &str, span: &Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= body.len(),
        "{what}: {span:?} out of bounds"
    );
    assert!(
        body.is_char_boundary(span.start) && body.is_char_boundary(span.end),
        "{what}: {span:?} splits a character"
    );
    assert_eq!(
        span.utf16_start,
        body[..span.start].encode_utf16().count(),
        "{what}"
    );
    assert_eq!(
        span.utf16_end,
        body[..span.end].encode_utf16().count(),
        "{what}"
    );
    assert!(
        span.line >= 1 && span.column >= 1 && span.end_line >= span.line,
        "{what}"
    );
}

fn check_report(body: &str, report: &Report) {
    for sentence in &report.sentences {
        check_span(body, &sentence.span, "sentence");
        assert!(!sentence.text.trim().is_empty(), "empty sentence");
    }
    for finding in &report.findings {
        check_span(body, &finding.span, "finding");
    }
    for image in &report.images {
        check_span(body, &image.span, "image");
    }
    let mut stack: Vec<_> = report.outline.iter().collect();
    while let Some(node) = stack.pop() {
        check_span(body, &node.span, "heading");
        stack.extend(node.children.iter());
    }
    serde_json::to_string(report).expect("every report serialises");
}

/// Analyses `body` as HTML and as text, checking every report it gets.
fn analyze_everything(body: &str) {
    for options in [Options::default(), fragment()] {
        if let Ok(report) = analyze_html(body.as_bytes(), None, &options) {
            check_report(body, &report);
        }
    }
    if let Ok(report) = analyze_text(body.as_bytes(), None, &Options::default()) {
        check_report(body, &report);
    }
}

fn fragment() -> Options {
    Options {
        scope: legible::document::ScopeOption::Fragment,
        ..Options::default()
    }
}

fn char_floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A mutation of the article: (kind, position, length, piece).
fn mutate(kind: u8, at: usize, len: usize, piece: &str) -> String {
    let a = char_floor(ARTICLE, at % (ARTICLE.len() + 1));
    let b = char_floor(ARTICLE, a + len);
    match kind % 4 {
        0 => format!("{}{}", &ARTICLE[..a], &ARTICLE[b..]),
        1 => format!("{}{}{}", &ARTICLE[..b], &ARTICLE[a..b], &ARTICLE[b..]),
        2 => format!("{}{}{}", &ARTICLE[..a], piece, &ARTICLE[a..]),
        _ => ARTICLE[..a].to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = analyze_html(&bytes, None, &Options::default());
        let _ = analyze_text(&bytes, None, &Options::default());
        if let Ok(text) = std::str::from_utf8(&bytes) {
            analyze_everything(text);
        }
    }

    #[test]
    fn html_from_tricky_pieces_keeps_every_span_valid(
        picks in proptest::collection::vec(0..PIECES.len(), 0..80)
    ) {
        let body: String = picks.iter().map(|&i| PIECES[i]).collect();
        analyze_everything(&body);
    }

    #[test]
    fn mutated_articles_keep_every_span_valid(
        kind in 0u8..4,
        at in 0usize..ARTICLE.len(),
        len in 0usize..400,
        piece in 0..PIECES.len(),
    ) {
        analyze_everything(&mutate(kind, at, len, PIECES[piece]));
    }
}

#[test]
fn deep_nesting_is_analysed() {
    for (open, close) in [
        ("<div>", "</div>"),
        ("<b>", "</b>"),
        ("<blockquote>", ""),
        ("<li><ul>", ""),
    ] {
        let depth = 20_000;
        let body = format!(
            "{}<p>Deep text. Very deep.</p>{}",
            open.repeat(depth),
            close.repeat(depth)
        );
        let report = analyze_html(body.as_bytes(), None, &Options::default()).expect("analysis");
        check_report(&body, &report);
        assert_eq!(report.stats.sentences, 2, "{open}");
    }
}

#[test]
fn every_truncation_of_the_article_is_analysed() {
    let mut cut = 0;
    while cut < ARTICLE.len() {
        let body = &ARTICLE[..char_floor(ARTICLE, cut)];
        analyze_everything(body);
        cut += 23;
    }
}
