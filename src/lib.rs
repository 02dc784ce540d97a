//! legible reads article HTML and reports how hard it is to read and where it fails people,
//! every finding with an exact position in the submitted HTML.
//!
//! The pipeline runs one way, each stage a function of the one before:
//! [`source`] (decode, positions) → [`document`] (blocks with source maps) → [`text`]
//! (sentences, words, syllables) → [`measures`] and [`checks`] → [`report::Report`] → outputs
//! ([`server`], the CLI).

pub mod checks;
pub mod ci;
pub mod document;
pub mod lexicon;
pub mod markdown;
pub mod measures;
pub mod report;
pub mod server;
pub mod source;
pub mod text;

use document::{Document, ScopeOption};
pub use markdown::analyze_markdown;
use report::Report;
use serde::Deserialize;
use source::{DecodeError, Source};
use std::fmt;

/// What the caller may choose about an analysis. Unknown fields are rejected so that a typo
/// is an error rather than a silently ignored option.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Options {
    /// `auto` (default), `page` or `fragment`.
    pub scope: ScopeOption,
    /// Language of the text when the document does not say (`lang`), e.g. `en-GB`.
    pub language: Option<String>,
    /// The health-literacy profile reported first, as the headline: `ama` (grade 6 or below),
    /// `nih` (grade 8 or below, the default), `nhs` (reading age 11 or below) or `custom`.
    pub profile: measures::profiles::ProfileId,
    /// The highest passing grade of the `custom` profile.
    pub target_grade: Option<f64>,
    /// Difficulty score at which a sentence of 14 words or more is `hard` (default 10).
    pub hard_grade: Option<f64>,
    /// Difficulty score at which a sentence of 14 words or more is `very_hard` (default 14).
    pub very_hard_grade: Option<f64>,
    /// The heading level a fragment starts at (1 to 6; default 1): 2 when the CMS page around
    /// the fragment supplies the h1.
    #[serde(deserialize_with = "heading_level")]
    pub first_heading_level: Option<u8>,
    /// Terms the editor accepts here ("this term is fine"): never flagged as jargon. A JSON
    /// list, or in a query string one comma-separated value.
    #[serde(deserialize_with = "term_list")]
    pub allow_terms: Vec<String>,
    /// The deployment's glossary (`--glossary FILE`); set by the server or CLI, never by a
    /// request.
    #[serde(skip)]
    pub glossary: Option<std::sync::Arc<lexicon::glossary::Glossary>>,
}

/// A list of terms: a JSON array of strings, or one string of comma-separated terms.
fn term_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Terms {
        List(Vec<String>),
        Joined(String),
    }
    let terms = match Terms::deserialize(d)? {
        Terms::List(list) => list,
        Terms::Joined(joined) => joined.split(',').map(str::to_string).collect(),
    };
    Ok(terms
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect())
}

/// A heading level option: 1 to 6.
fn heading_level<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    let level = Option::<u8>::deserialize(d)?;
    match level {
        Some(l) if !(1..=6).contains(&l) => Err(serde::de::Error::custom(format!(
            "first_heading_level must be 1 to 6, not {l}"
        ))),
        _ => Ok(level),
    }
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
    let text = text::analyze(&document.blocks);
    let sentences = &text.sentences;
    let measured = measures::measure(document, &text);
    let jargon = checks::jargon::analyze(document, &text, options);
    let context = checks::Context::new(document, sentences, &jargon, options);
    let findings: Vec<report::Finding> = checks::run(&context)
        .into_iter()
        .filter(|(rule, hit)| !document.suppresses(rule.id, rule.category.name(), hit.span.start))
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
        readability: report::readability(&measured.stats),
        profiles: report::profiles(&measured.stats, options),
        outline: report::outline(document, &measured),
        images: report::images(document, &findings),
        sentences: report::sentences(document, sentences, &measured, &jargon.sentences, options),
        skipped: report::skipped(document),
        blocks: report::blocks(document),
        jargon: checks::jargon::report(document, &jargon),
        stats: measured.stats,
        findings,
    }
}
