//! SARIF 2.1.0 (OASIS), the format GitHub code scanning reads: one run of the `legible` tool,
//! its rules (with help text and a help URL) and one result per problem, located by line and
//! column in the checked file, with a partial fingerprint so code scanning can follow a result
//! across commits. [`sarif_log`] serves a single report as well (the web form's download).

use super::problems::{Problem, CI_RULES};
use crate::checks::{Rule, REGISTRY};
use crate::report::{Report, FINGERPRINT_VERSION};
use serde_json::{json, Value};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// WCAG 2.2 "Understanding" page of every success criterion a rule names.
const UNDERSTANDING: &[(&str, &str)] = &[
    ("1.1.1", "non-text-content"),
    ("1.3.1", "info-and-relationships"),
    ("2.4.2", "page-titled"),
    ("2.4.4", "link-purpose-in-context"),
    ("2.4.6", "headings-and-labels"),
    ("2.4.9", "link-purpose-link-only"),
    ("3.1.1", "language-of-page"),
    ("3.1.2", "language-of-parts"),
    ("3.1.3", "unusual-words"),
    ("3.1.4", "abbreviations"),
    ("3.1.5", "reading-level"),
    ("3.2.5", "change-on-request"),
    ("4.1.2", "name-role-value"),
];

/// A SARIF log of the reports' findings at their own severities; `uri` is each file's path
/// relative to the repository root (or a name for a submitted document).
pub fn sarif_log(files: &[(&str, &Report)]) -> Value {
    let problems: Vec<(&str, Vec<Problem>)> = files
        .iter()
        .map(|(uri, report)| {
            let found = report
                .findings
                .iter()
                .map(|f| Problem::from_finding(f, f.severity.into()))
                .collect();
            (*uri, found)
        })
        .collect();
    log(&problems)
}

/// A SARIF log of CI problems, by file.
pub(super) fn log<P: AsRef<[Problem]>>(files: &[(&str, P)]) -> Value {
    let ids: Vec<&str> = REGISTRY
        .iter()
        .map(|r| r.id)
        .chain(CI_RULES.iter().map(|r| r.id))
        .collect();
    let results: Vec<Value> = files
        .iter()
        .flat_map(|(uri, problems)| {
            let ids = &ids;
            problems.as_ref().iter().map(move |p| result(uri, p, ids))
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "legible",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://www.w3.org/WAI/WCAG22/Understanding/reading-level.html",
                "rules": rules(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn rules() -> Vec<Value> {
    let registry = REGISTRY.iter().map(|rule| {
        let mut tags = vec![rule.category.name().to_string()];
        tags.extend(
            rule.wcag
                .iter()
                .map(|sc| format!("wcag{}", sc.replace('.', ""))),
        );
        json!({
            "id": rule.id,
            "shortDescription": {"text": rule.title},
            "fullDescription": {"text": rule.help},
            "help": {"text": rule.help},
            "helpUri": help_uri(rule),
            "defaultConfiguration": {"level": level(rule.severity.into())},
            "properties": {"tags": tags},
        })
    });
    let ci = CI_RULES.iter().map(|rule| {
        json!({
            "id": rule.id,
            "shortDescription": {"text": rule.title},
            "fullDescription": {"text": rule.help},
            "help": {"text": rule.help},
            "helpUri": understanding("3.1.5"),
            "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["readability"]},
        })
    });
    registry.chain(ci).collect()
}

/// The W3C ACT rule the rule implements, else the WCAG success criterion it tests, else
/// WCAG's guidance on reading level (readability and jargon rules).
fn help_uri(rule: &Rule) -> String {
    if let Some(act) = rule.act.first() {
        return format!("https://www.w3.org/WAI/standards-guidelines/act/rules/{act}/");
    }
    rule.wcag
        .iter()
        .find(|sc| UNDERSTANDING.iter().any(|(n, _)| n == *sc))
        .map_or_else(|| understanding("3.1.5"), |sc| understanding(sc))
}

fn understanding(sc: &str) -> String {
    let slug = UNDERSTANDING
        .iter()
        .find(|(n, _)| *n == sc)
        .map_or("reading-level", |(_, slug)| slug);
    format!("https://www.w3.org/WAI/WCAG22/Understanding/{slug}.html")
}

fn level(level: super::config::Level) -> &'static str {
    use super::config::Level;
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info | Level::Off => "note",
    }
}

fn result(uri: &str, problem: &Problem, ids: &[&str]) -> Value {
    let span = &problem.span;
    let mut value = json!({
        "ruleId": problem.rule,
        "level": level(problem.level),
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": {
                "startLine": span.line,
                "startColumn": span.column,
                "endLine": span.end_line,
                "endColumn": span.end_column,
            },
        }}],
    });
    value["partialFingerprints"][format!("legibleFingerprint/v{FINGERPRINT_VERSION}")] =
        json!(problem.fingerprint);
    if let Some(index) = ids.iter().position(|id| *id == problem.rule) {
        value["ruleIndex"] = json!(index);
    }
    value
}
