//! legible reads article HTML and reports how hard it is to read and where it fails people,
//! every finding with an exact position in the submitted HTML.
//!
//! The pipeline runs one way, each stage a function of the one before:
//! [`source`] (decode, positions) → [`document`] (blocks with source maps) → [`text`]
//! (sentences, words, syllables) → [`measures`] and [`checks`] → [`report::Report`] → outputs
//! ([`server`], the CLI).

pub mod checks;
pub mod document;
pub mod measures;
pub mod report;
pub mod server;
pub mod source;
pub mod text;

use document::{Document, ScopeOption};
use report::Report;
use serde::Deserialize;
use source::{DecodeError, Source};
use std::fmt;

/// What the caller may choose about an analysis. Unknown fields are rejected so that a typo
/// is an error rather than a silently ignored option.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Options {
    /// `auto` (default), `page` or `fragment`.
    pub scope: ScopeOption,
    /// Language of the text when the document does not say (`lang`), e.g. `en-GB`.
    pub language: Option<String>,
}

/// Why an input could not be analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnalyzeError {
    /// The bytes are not text in the declared or detected charset.
    Decode(DecodeError),
    /// Nothing but whitespace was submitted.
    Empty,
}

impl fmt::Display for AnalyzeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnalyzeError::Decode(err) => err.fmt(f),
            AnalyzeError::Empty => f.write_str("the document is empty"),
        }
    }
}

impl std::error::Error for AnalyzeError {}

/// Analyses HTML bytes; `charset` is the one declared by the transport, if any.
pub fn analyze_html(
    bytes: &[u8],
    charset: Option<&str>,
    options: &Options,
) -> Result<Report, AnalyzeError> {
    let source = decode(bytes, charset)?;
    Ok(analyze(
        &Document::from_html(source, options.scope),
        options,
    ))
}

/// Analyses plain text (paragraphs at blank lines).
pub fn analyze_text(
    bytes: &[u8],
    charset: Option<&str>,
    options: &Options,
) -> Result<Report, AnalyzeError> {
    let source = decode(bytes, charset)?;
    Ok(analyze(&Document::from_text(source), options))
}

fn decode(bytes: &[u8], charset: Option<&str>) -> Result<Source, AnalyzeError> {
    let source = Source::decode(bytes, charset).map_err(AnalyzeError::Decode)?;
    let text = source.text().trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(AnalyzeError::Empty);
    }
    Ok(source)
}

/// Runs the text engine, measures and checks over a document and assembles the report.
pub fn analyze(document: &Document, options: &Options) -> Report {
    let sentences = text::analyze(&document.blocks);
    let stats = measures::stats(document, &sentences);
    let context = checks::Context {
        document,
        sentences: &sentences,
    };
    let findings: Vec<report::Finding> = checks::run(&context)
        .into_iter()
        .map(|(rule, hit)| report::finding(document, rule, hit))
        .collect();
    Report {
        legible_version: env!("CARGO_PKG_VERSION"),
        language: document
            .language
            .clone()
            .or_else(|| options.language.clone())
            .unwrap_or_else(|| "en".to_string()),
        scope: document.scope,
        readability: report::readability(&stats),
        outline: report::outline(document),
        images: report::images(document, &findings),
        sentences: report::sentences(document, &sentences),
        stats,
        findings,
    }
}
