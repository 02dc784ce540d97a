//! Conformance with the W3C ACT rules: every test case of every ACT rule legible implements
//! (copied into tests/data/act-rules/, see its NOTICE.md) is analysed as a page, and the outcome
//! compared with the expected one, following ACT's consistency definition: a `failed` case must
//! get a finding from a rule that implements the ACT rule; a `passed` or `inapplicable` case must
//! get none.
//!
//! Cases that build their DOM with scripts, and standalone SVG/XML documents, are scored
//! separately: a markup checker sees a different document than the rule's author meant. All
//! other cases must be right; the test prints a per-rule table either way.
//!
//! ACT rules that need human judgement (is this alt text, heading, link text descriptive?) have
//! heuristic warning rules instead; their cases (tests/data/act-rules/review/) are run too, and
//! how many failures they flag for review is printed, not asserted.

use legible::checks::{Rule, REGISTRY};
use legible::document::ScopeOption;
use legible::{analyze_html, Options};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Default)]
struct Score {
    counted: usize,
    right: usize,
    failed: usize,
    failed_found: usize,
    false_positives: usize,
    scripting: (usize, usize),
    other_language: (usize, usize),
}

/// The heuristic rules that flag likely failures of a judgement ACT rule for review.
const REVIEW: &[(&str, &[&str])] = &[
    ("9eb3f6", &["image-alt-file-name"]),
    (
        "qt1vmo",
        &[
            "image-alt-file-name",
            "image-alt-placeholder",
            "image-alt-redundant",
            "image-alt-unpronounceable",
        ],
    ),
    ("b49b2e", &["heading-not-descriptive"]),
    ("5effbb", &["link-generic-text", "link-url-text"]),
    ("b20e66", &["link-same-text-different-target"]),
];

#[test]
fn judgement_rules_flag_failures_for_review() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/act-rules/review");
    let options = Options {
        scope: ScopeOption::Page,
        ..Options::default()
    };
    println!("| ACT rule | legible rules (warnings) | failed cases flagged | passed/inapplicable cases flagged |");
    println!("|---|---|---|---|");
    for (act, ids) in REVIEW {
        let text = std::fs::read_to_string(dir.join(format!("{act}.json"))).unwrap();
        let data: Value = serde_json::from_str(&text).unwrap();
        let (mut failed, mut flagged, mut other, mut other_flagged) = (0, 0, 0, 0);
        for case in data["cases"].as_array().unwrap() {
            if case["requires_scripting"].as_bool().unwrap_or(false)
                || case["language"].as_str() != Some("html")
            {
                continue;
            }
            let document = case["document"].as_str().unwrap();
            let report = analyze_html(document.as_bytes(), None, &options).unwrap();
            let fired = report.findings.iter().any(|f| ids.contains(&f.rule));
            if case["expected"] == "failed" {
                failed += 1;
                flagged += usize::from(fired);
            } else {
                other += 1;
                other_flagged += usize::from(fired);
            }
        }
        for id in *ids {
            let rule = REGISTRY
                .iter()
                .find(|r| r.id == *id)
                .expect("a registered rule");
            assert!(
                rule.act.is_empty(),
                "{id} is a heuristic, not an implementation of {act}"
            );
        }
        println!(
            "| {act} | {} | {flagged}/{failed} | {other_flagged}/{other} |",
            ids.join(", ")
        );
    }
}

fn rules_for(act: &str) -> Vec<&'static Rule> {
    REGISTRY.iter().filter(|r| r.act.contains(&act)).collect()
}

#[test]
fn act_rules_conformance() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/act-rules");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/data/act-rules exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 15, "cases of at least 15 ACT rules");
    let options = Options {
        scope: ScopeOption::Page,
        ..Options::default()
    };
    let mut scores: BTreeMap<String, (Vec<&str>, Score)> = BTreeMap::new();
    let mut wrong = Vec::new();
    for file in files {
        let data: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let act = data["rule_id"].as_str().unwrap().to_string();
        let rules = rules_for(&act);
        assert!(!rules.is_empty(), "no rule implements ACT {act}");
        let ids: Vec<&str> = rules.iter().map(|r| r.id).collect();
        let mut score = Score::default();
        for case in data["cases"].as_array().unwrap() {
            let expected = case["expected"].as_str().unwrap();
            let document = case["document"].as_str().unwrap();
            let report = analyze_html(document.as_bytes(), None, &options).unwrap();
            let findings: Vec<_> = report
                .findings
                .iter()
                .filter(|f| ids.contains(&f.rule))
                .collect();
            let fired = !findings.is_empty();
            let right = fired == (expected == "failed");
            let scripting = case["requires_scripting"].as_bool().unwrap_or(false);
            let other_language = case["language"].as_str() != Some("html");
            let tally = if scripting {
                Some(&mut score.scripting)
            } else if other_language {
                Some(&mut score.other_language)
            } else {
                None
            };
            if let Some((r, n)) = tally {
                *n += 1;
                *r += usize::from(right);
                continue;
            }
            for f in &findings {
                assert!(!f.wcag.is_empty(), "{} carries WCAG references", f.rule);
                assert!(f.selector.is_some(), "{} carries a selector", f.rule);
                assert!(
                    f.span.end > f.span.start,
                    "{} {}: empty span",
                    act,
                    case["id"]
                );
            }
            score.counted += 1;
            score.right += usize::from(right);
            if expected == "failed" {
                score.failed += 1;
                score.failed_found += usize::from(fired);
            } else if fired {
                score.false_positives += 1;
            }
            if !right {
                wrong.push(format!(
                    "{act} {} expected {expected}, {}:\n{document}\n",
                    case["id"].as_str().unwrap(),
                    if fired {
                        format!(
                            "got {:?}",
                            findings.iter().map(|f| &f.message).collect::<Vec<_>>()
                        )
                    } else {
                        "got no finding".to_string()
                    }
                ));
            }
        }
        scores.insert(act, (ids, score));
    }
    println!("| ACT rule | legible rules | cases | right | failed found | false positives | scripted cases right | SVG/XML cases right |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut total = Score::default();
    for (act, (ids, s)) in &scores {
        println!(
            "| {act} | {} | {} | {} | {}/{} | {} | {}/{} | {}/{} |",
            ids.join(", "),
            s.counted,
            s.right,
            s.failed_found,
            s.failed,
            s.false_positives,
            s.scripting.0,
            s.scripting.1,
            s.other_language.0,
            s.other_language.1
        );
        total.counted += s.counted;
        total.right += s.right;
        total.failed += s.failed;
        total.failed_found += s.failed_found;
        total.false_positives += s.false_positives;
        total.scripting.0 += s.scripting.0;
        total.scripting.1 += s.scripting.1;
        total.other_language.0 += s.other_language.0;
        total.other_language.1 += s.other_language.1;
    }
    println!(
        "| **all {} rules** | | {} | {} | {}/{} | {} | {}/{} | {}/{} |",
        scores.len(),
        total.counted,
        total.right,
        total.failed_found,
        total.failed,
        total.false_positives,
        total.scripting.0,
        total.scripting.1,
        total.other_language.0,
        total.other_language.1
    );
    assert!(
        wrong.is_empty(),
        "{} wrong outcomes:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
