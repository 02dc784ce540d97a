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
    Ok(analyze_owned(
        Document::from_html(source, options.scope),
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
    Ok(analyze_owned(Document::from_text(source), options))
}

fn decode(bytes: &[u8], charset: Option<&str>) -> Result<Source, AnalyzeError> {
    let source = Source::decode(bytes, charset).map_err(AnalyzeError::Decode)?;
    let text = source.text().trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(AnalyzeError::Empty);
    }
    Ok(source)
}

/// Runs the text engine, measures and checks over a document the caller keeps, and assembles
/// the report.
pub fn analyze(document: &Document, options: &Options) -> Report {
    Analysed::of(document, options).report(document, options)
}

/// [`analyze`] for a document the caller gives up: its element tree is freed as soon as the
/// rules have read it, before their hits become findings, so on a large page the tree and the
/// findings are never in memory together (the tree of a 1 MB page is several megabytes).
pub fn analyze_owned(mut document: Document, options: &Options) -> Report {
    let analysed = Analysed::of(&document, options);
    document.release_tree();
    analysed.report(&document, options)
}

/// What the rules and the text engine leave for the report. The text engine's words and the
/// rules' shared tables are dropped before this exists: building the report from it keeps only
/// the figures the report arranges, not everything that produced them.
struct Analysed {
    measured: measures::Measured,
    jargon: checks::jargon::Analysis,
    sentences: Vec<text::Sentence>,
    block_spans: report::BlockSpans,
    /// The rules' hits, which become findings once the tree is freed.
    hits: Vec<(&'static checks::Rule, Vec<checks::Hit>)>,
    /// The hits' messages, one after another (see [`checks::Messages`]).
    messages: String,
}

impl Analysed {
    /// The measures, jargon and rules' hits of `document`; the stages are run in the order
    /// each needs the one before, and what only they need is dropped on the way out.
    fn of(document: &Document, options: &Options) -> Analysed {
        let text = text::analyze(&document.blocks);
        // The jargon occurrences grow by doubling: their largest step comes before the
        // measures' counts exist, not beside them.
        let mut jargon = checks::jargon::analyze(document, &text, options);
        let measured = measures::measure(document, &text);
        // Nothing after this reads a word: the rules take the measures' counts and the
        // jargon analysis' occurrences, so the tokens are freed before the rules' hits grow.
        let sentences = text.into_sentences();
        // The jargon occurrences are kept until the report is built, beside the rules' hits and
        // findings: without the spare room of a vector grown by doubling (up to half of it:
        // 3.4 MB on a 1 MB page). Shrunk once the tokens are freed, as the shrink may copy.
        jargon.occurrences.shrink_to_fit();
        let block_spans = report::BlockSpans::new(document);
        let messages = checks::Messages::default();
        let hits = checks::run(&checks::Context::new(
            document,
            &sentences,
            &block_spans,
            &measured,
            &jargon,
            options,
            &messages,
        ));
        Analysed {
            measured,
            jargon,
            sentences,
            block_spans,
            hits,
            messages: messages.into_text(),
        }
    }

    /// The report. The findings come first, while nothing built for the report is alive
    /// beside the hits but the blocks' texts, which hold the selectors of the hits about a
    /// block; the jargon analysis is dropped once its part of the report is built, all but the
    /// counts of each sentence, before the sentences' reports are built.
    fn report(self, document: &Document, options: &Options) -> Report {
        let Analysed {
            measured,
            mut jargon,
            sentences,
            block_spans,
            hits,
            messages,
        } = self;
        let (findings, texts) = findings(document, hits, messages);
        let jargon_report = checks::jargon::report(document, &jargon);
        let sentence_jargon = std::mem::take(&mut jargon.sentences);
        drop(jargon);
        let sentences = report::sentences(
            document,
            &texts,
            &block_spans,
            &sentences,
            &measured,
            &sentence_jargon,
            options,
        );
        let blocks = report::blocks(document, &texts, &block_spans);
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
            outline: report::outline(document, &blocks, &measured),
            images: report::images(document, &findings),
            sentences,
            skipped: report::skipped(&blocks),
            blocks,
            jargon: jargon_report,
            stats: measured.stats,
            findings,
        }
    }
}

/// The findings the rules report and the author has not silenced, collected into a vector of
/// exactly their count: grown by doubling instead, the findings of a large page (14,000 for
/// 1 MB) took up to twice their size while the hits were still alive. Each rule's hits are
/// freed once they are findings. With them, the blocks' texts, which hold the selectors of the
/// hits about a block: built after the excerpts, so that the messages' buffer that the
/// excerpts are written after grows where it lies rather than being moved past them.
fn findings(
    document: &Document,
    mut hits: Vec<(&'static checks::Rule, Vec<checks::Hit>)>,
    messages: String,
) -> (Vec<report::Finding>, report::BlockTexts) {
    // Most documents silence no rule: their hits are not each asked about.
    if !document.suppressions.is_empty() {
        for (rule, hits) in &mut hits {
            hits.retain(|hit| {
                !document.suppresses(rule.id, rule.category.name(), hit.span.start as usize)
            });
        }
    }
    let excerpts = report::Excerpts::new(document, &hits, messages);
    let texts = report::BlockTexts::new(document);
    (excerpts.findings(document, &texts, hits), texts)
}
