//! The jargon section and findings on a short patient article.

use legible::report::Report;
use legible::{analyze_html, Options};

const ARTICLE: &str = r#"<!DOCTYPE html>
<html lang="en-GB"><body><main>
<h1>Leiomyosarcoma</h1>
<p>Leiomyosarcoma (LMS) is a rare cancer that starts in smooth muscle. It often grows in the
uterus or the abdomen.</p>
<p>Your doctor will ensure you get the right treatment. If the cancer has metastasised (spread
to other parts of the body), you may need more treatment. Cancer that has metastasised is
harder to treat.</p>
<p>In order to plan treatment, you will have a CT scan. LMS can come back. Tell your GP
prior to any operation if you have dizziness or constipation. Some people take NSAIDs.</p>
<p>The oncologist, a doctor who treats cancer, will talk to you. Ask the oncologist anything.</p>
<p>Your <abbr title="multidisciplinary team">MDT</abbr> will meet. The MDT decides with you.</p>
</main></body></html>"#;

fn report() -> Report {
    analyze_html(ARTICLE.as_bytes(), None, &Options::default()).unwrap()
}

fn term<'a>(report: &'a Report, normalized: &str) -> Option<&'a legible::checks::jargon::Term> {
    report
        .jargon
        .terms
        .iter()
        .find(|t| t.normalized == normalized)
}

fn suggestions_for(report: &Report, text: &str) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.excerpt == text)
        .flat_map(|f| f.suggestions.iter().map(|s| s.replace_with.to_string()))
        .collect()
}

#[test]
fn gloss_in_brackets_defines_a_term() {
    let report = report();
    let term = term(&report, "metastasize").expect("metastasised is jargon");
    assert_eq!(term.term, "metastasised");
    assert_eq!(term.count, 2);
    assert!(term.defined);
    let definition = term.definition.expect("span of the definition");
    assert_eq!(
        &ARTICLE[definition.range()],
        "(spread\nto other parts of the body)"
    );
    let rules: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.excerpt == "metastasised")
        .map(|f| f.rule)
        .collect();
    assert_eq!(rules, ["jargon-term-defined", "jargon-term-defined"]);
}

#[test]
fn expansion_before_brackets_defines_an_acronym() {
    let report = report();
    let lms = term(&report, "LMS").expect("LMS is an acronym");
    assert!(lms.defined);
    assert_eq!(lms.count, 2);
    let definition = lms.definition.unwrap();
    assert_eq!(&ARTICLE[definition.range()], "Leiomyosarcoma (LMS)");
    assert!(!report
        .findings
        .iter()
        .any(|f| f.rule == "acronym-undefined" && f.excerpt == "LMS"));
    // <abbr title> defines too; an acronym without either is flagged; CT and GP are tolerated.
    assert!(term(&report, "MDT").unwrap().defined);
    let undefined: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "acronym-undefined")
        .map(|f| f.excerpt.as_str())
        .collect();
    assert_eq!(undefined, ["NSAIDs"]);
}

#[test]
fn medical_words_get_plain_suggestions() {
    let report = report();
    assert_eq!(suggestions_for(&report, "uterus"), ["womb"]);
    let abdomen = suggestions_for(&report, "abdomen");
    assert!(abdomen.contains(&"belly".to_string()) || abdomen.contains(&"tummy".to_string()));
    assert_eq!(suggestions_for(&report, "ensure"), ["make sure"]);
    assert_eq!(suggestions_for(&report, "In order to"), ["To"]);
    assert_eq!(suggestions_for(&report, "prior to"), ["before"]);
    let uterus = report
        .findings
        .iter()
        .find(|f| f.excerpt == "uterus")
        .unwrap();
    assert_eq!(uterus.rule, "jargon-term");
    assert_eq!(uterus.suggestions[0].source, "legible health terms");
}

#[test]
fn everyday_words_are_not_jargon() {
    let report = report();
    for word in [
        "treatment",
        "doctor",
        "cancer",
        "dizziness",
        "constipation",
        "CT",
        "GP",
    ] {
        assert!(
            !report
                .jargon
                .terms
                .iter()
                .any(|t| t.term.eq_ignore_ascii_case(word)),
            "{word} is not jargon"
        );
    }
}

#[test]
fn appositive_defines_and_density_counts_jargon_words() {
    let report = report();
    let oncologist = term(&report, "oncologist").unwrap();
    assert!(oncologist.defined && oncologist.count == 2);
    let jargon = &report.jargon;
    assert!(jargon.density > 0.0 && jargon.density < 0.3);
    assert!(jargon.density_undefined < jargon.density);
    assert_eq!(jargon.sentences.len(), report.sentences.len());
}
