//! From a highlighted piece of text to its finding: findings are looked up by their exact span,
//! so each `<mark>` can link to the finding that reports it, and its note can repeat the
//! finding's suggestions.

use crate::checks::jargon::{Kind, TermBand, Use};
use crate::report::{Report, Suggestion};
use crate::source::Span;
use std::collections::HashMap;

pub struct Links<'a> {
    report: &'a Report,
    /// Finding indexes by `(span.start, span.end)`, in report order.
    by_span: HashMap<(u32, u32), Vec<usize>>,
}

impl<'a> Links<'a> {
    pub fn new(report: &'a Report) -> Links<'a> {
        let mut by_span: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
        for (index, finding) in report.findings.iter().enumerate() {
            by_span
                .entry((finding.span.start, finding.span.end))
                .or_default()
                .push(index);
        }
        Links { report, by_span }
    }

    /// The first finding at exactly `span` whose rule satisfies `rule`.
    pub fn finding(&self, span: &Span, rule: impl Fn(&str) -> bool) -> Option<usize> {
        self.by_span
            .get(&(span.start, span.end))?
            .iter()
            .copied()
            .find(|&i| rule(self.report.findings[i].rule))
    }

    /// The note of a marked use: what it is, whether it is defined, and plainer words.
    pub fn note(&self, located: &Use) -> String {
        let (what, suggestions): (String, &[Suggestion]) = match located.term {
            Some(t) => {
                let term = &self.report.jargon.terms[t];
                let band = match term.band {
                    TermBand::Medical => "Medical term",
                    TermBand::Rare => "Rare word",
                    TermBand::Acronym => "Acronym",
                };
                let state = if located.defined {
                    "defined in the text"
                } else {
                    "not defined here"
                };
                (format!("{band}, {state}."), &term.suggestions)
            }
            None => {
                let what = match located.kind {
                    Kind::WordyPhrase => "Wordy phrase.",
                    _ => "A plainer word exists.",
                };
                let finding = self.finding(&located.span, |_| true);
                let suggestions = finding.map_or(&[][..], |f| &self.report.findings[f].suggestions);
                (what.to_string(), suggestions)
            }
        };
        if suggestions.is_empty() {
            return what;
        }
        let quoted: Vec<String> = suggestions
            .iter()
            .map(|s| format!("\u{201c}{}\u{201d}", s.replace_with))
            .collect();
        format!("{what} Try {}.", quoted.join(" or "))
    }
}
