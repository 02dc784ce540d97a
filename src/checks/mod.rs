//! Checks: rules that produce findings. A rule is data (id, title, category, severity, WCAG
//! success criteria or guidance, ACT rule ids, help) plus one function over the analysed
//! document. Rule families live in their own files; [`REGISTRY`] lists every rule once, and
//! feeds `legible rules`, the report and conformance tests alike.

mod images;

use crate::document::Document;
use crate::source::Span;
use crate::text::Sentence;
use serde::Serialize;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Accessibility,
    Readability,
    Jargon,
    Structure,
}

/// How sure and how serious: `error` only for a real failure, `warning` for a heuristic that
/// is usually right, `info` for something a person should look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// Everything a check may read: the document and its text analysis. Checks never parse.
pub struct Context<'a> {
    pub document: &'a Document,
    pub sentences: &'a [Sentence],
}

/// One place a rule fires.
#[derive(Debug, Clone)]
pub struct Hit {
    pub span: Span,
    pub selector: Option<String>,
    pub message: String,
}

/// A rule: metadata plus the function that finds its hits.
#[derive(Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub title: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// WCAG 2.2 success criteria the rule tests.
    pub wcag: &'static [&'static str],
    /// W3C ACT rule ids the rule implements.
    pub act: &'static [&'static str],
    pub help: &'static str,
    #[serde(skip)]
    pub check: fn(&Context) -> Vec<Hit>,
}

/// Every rule, in the order their findings are reported.
pub static REGISTRY: &[Rule] = &[images::IMAGE_ALT_MISSING];

/// Runs every rule.
pub fn run(context: &Context) -> Vec<(&'static Rule, Hit)> {
    REGISTRY
        .iter()
        .flat_map(|rule| {
            (rule.check)(context)
                .into_iter()
                .map(move |hit| (rule, hit))
        })
        .collect()
}
