//! The text engine on a real-shaped patient article: units of their own for list items and
//! headings, glued citation markers split off, the reference list left out of every measure.

use legible::{analyze_html, Options};

const ARTICLE: &str = include_str!("fixtures/health_article.html");

fn report() -> legible::report::Report {
    analyze_html(ARTICLE.as_bytes(), None, &Options::default()).expect("analysis")
}

fn texts(report: &legible::report::Report) -> Vec<&str> {
    report.sentences.iter().map(|s| s.text.as_str()).collect()
}

#[test]
fn every_list_item_and_heading_is_one_sentence() {
    let report = report();
    let texts = texts(&report);
    for unit in [
        "Uterine leiomyosarcoma (LMS)",
        "Symptoms",
        "Tests you may have",
        "bleeding from the vagina after the menopause",
        "a change in your bowel habits, such as constipation",
        "What treatment do you recommend, and why?",
        "Stage 1",
        "The cancer is only in the womb.",
    ] {
        assert_eq!(
            texts.iter().filter(|t| **t == unit).count(),
            1,
            "{unit:?} in {texts:#?}"
        );
    }
}

#[test]
fn glued_citation_markers_end_the_sentence_and_are_not_words() {
    let report = report();
    let texts = texts(&report);
    assert!(
        texts.contains(
            &"Leiomyosarcoma is a rare cancer that starts in the smooth muscle of the body."
        ),
        "{texts:#?}"
    );
    assert!(texts
        .iter()
        .any(|t| t.starts_with("Smooth muscles are the muscles we cannot control")));
    let with_marker = report
        .sentences
        .iter()
        .find(|s| s.text.starts_with("Leiomyosarcoma is a rare cancer"))
        .unwrap();
    assert_eq!(with_marker.words, 14);
}

#[test]
fn the_reference_list_and_credits_are_skipped_not_scored() {
    let report = report();
    assert!(!texts(&report)
        .iter()
        .any(|t| t.contains("J Clin Pathol") || t == &"References"));
    let reasons: Vec<_> = report
        .skipped
        .iter()
        .map(|s| serde_json::to_value(s.reason).unwrap())
        .collect();
    assert_eq!(reasons.iter().filter(|r| *r == "references").count(), 7);
    assert_eq!(reasons.iter().filter(|r| *r == "credit").count(), 1);
}
