//! No input makes the analysis panic, and every span of every report stays valid: inside the
//! body, on character boundaries, with UTF-16 offsets and lines that agree with the body.
//! Inputs are arbitrary bytes, HTML assembled from tricky pieces, mutations of a realistic
//! article (cuts, duplications, insertions, truncation) and deep nesting.

#[path = "support/invariants.rs"]
mod invariants;
#[path = "support/pieces.rs"]
mod pieces;

use invariants::{analyze_everything, check_report};
use legible::{analyze_html, Options};
use pieces::{assemble, PIECES};
use proptest::prelude::*;

const ARTICLE: &str = include_str!("fixtures/article.html");

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
        analyze_everything(&bytes);
    }

    #[test]
    fn html_from_tricky_pieces_keeps_every_span_valid(
        picks in proptest::collection::vec(0u8..128, 0..80)
    ) {
        analyze_everything(assemble(&picks).as_bytes());
    }

    #[test]
    fn mutated_articles_keep_every_span_valid(
        kind in 0u8..4,
        at in 0usize..ARTICLE.len(),
        len in 0usize..400,
        piece in 0..PIECES.len(),
    ) {
        analyze_everything(mutate(kind, at, len, PIECES[piece]).as_bytes());
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
        analyze_everything(body.as_bytes());
        cut += 23;
    }
}
