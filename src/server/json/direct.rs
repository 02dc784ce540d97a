//! The report's commonest objects written by writers of their own: a sentence (154 in the
//! article's report, fourteen fields each), a finding, a block, a jargon term and a use of
//! one, a heading of the outline, the report and its jargon section that hold them, the
//! report's counts, scores and skipped blocks, and a batch's response and its results, which
//! hold reports. Each field's key, with the comma before it (the brace for the first), is a
//! literal stored in one piece and its value is written after it, where the derived
//! `Serialize` impls hand serde each field by a call of its own, which found the key's bytes
//! in the table of kept names (about 4,900 such calls for the article, some 45 instructions
//! each). The spans, text ranges and sentences' jargon counts these objects hold are written
//! in one piece from their members (see `Writer::numbers`), not handed to serde as a newtype
//! for the shape's take to collect them member by member (about 1,040 such objects for the
//! article). A
//! unit variant's member is one literal of its key and name (see [`variant!`]), and a score
//! is written with its key under one capacity test.
//!
//! The JSON is the derived impls' byte for byte: the fields in their order, a field that the
//! derive skips when empty (`skip_serializing_if`) skipped on the same test, every value that
//! is not a string, a count, a boolean, a score or one of those unit variants written by its
//! own `Serialize` impl; the tests compare every variant with `serde_json`. Each writer takes
//! its struct apart field by field, so a field added to the struct stops the build until it is written here;
//! the tests compare this writer with `serde_json` on whole reports with every optional field
//! present and absent, which a field written out of order or under another name fails.

use super::{
    small_digits, store, Kept, SentenceJargonShape, SpanShape, TextRangeShape, Writer, SMALL,
};
use crate::checks::jargon::{Jargon, Kind, SentenceJargon, Term, TermBand, Use};
use crate::checks::{Category, Severity};
use crate::document::SkipReason;
use crate::measures::counts::Counts;
use crate::measures::difficulty::Difficulty;
use crate::measures::Stats;
use crate::report::{
    BlockReport, Finding, Fingerprint, OutlineNode, Readability, Report, SentenceReport,
    SkippedBlock, Suggestion, TextRange,
};
use crate::server::analyze::{BatchResponse, BatchResult};
use crate::source::Span;
use serde::Serialize;
use serde_json::Error;

/// A field's key as written: `,"name":`, or `{"name":` for an object's first field (`{name}`),
/// or `,{"name":` for the first field of an array's item (`, {name}`, the comma before the
/// item, which [`Writer::items`] turns into the array's `[` for the first), as a byte array
/// of its length, for one fixed-size store (see [`Writer::literal`]). The name is the
/// field's identifier, which needs no escape (a raw identifier would not do).
macro_rules! key {
    (, { $name:ident }) => {
        key!(@concat!(",{\"", stringify!($name), "\":"))
    };
    ({ $name:ident }) => {
        key!(@concat!("{\"", stringify!($name), "\":"))
    };
    ($name:ident) => {
        key!(@concat!(",\"", stringify!($name), "\":"))
    };
    (@$text:expr) => {{
        const TEXT: &str = $text;
        const BYTES: [u8; TEXT.len()] = key_bytes(TEXT);
        &BYTES
    }};
}

/// The bytes of `text`, `N` of them, as an array (for [`key!`], at compile time).
const fn key_bytes<const N: usize>(text: &str) -> [u8; N] {
    let text = text.as_bytes();
    assert!(text.len() == N, "the key's length");
    let mut bytes = [0; N];
    let mut i = 0;
    while i < N {
        bytes[i] = text[i];
        i += 1;
    }
    bytes
}

/// A member whose value is a unit variant as written: its key (as [`key!`] writes it) and the
/// variant's name in quotes, `,"severity":"warning"`, padded for one fixed-size store (or a
/// key alone, see [`padded_key!`]).
struct Variant {
    bytes: [u8; 32],
    len: usize,
}

/// The literal of the member `key` whose value is the variant named `name` (`, {key}` for
/// the first member of an array's item, see [`key!`]), worked out at compile time. The name
/// is the one the variant's derived `Serialize` impl writes; the tests compare every variant with `serde_json`.
macro_rules! variant {
    (, { $key:ident }, $name:literal) => {
        variant!(@concat!(",{\"", stringify!($key), "\":\"", $name, "\""))
    };
    ($key:ident, $name:literal) => {
        variant!(@concat!(",\"", stringify!($key), "\":\"", $name, "\""))
    };
    (@$text:expr) => {{
        const VARIANT: Variant = variant_bytes($text);
        &VARIANT
    }};
}

/// A member's key alone (as [`key!`] writes it, `,"name":`), padded as a [`Variant`] is, for
/// the keys of a run of counts (see `Writer::counts`), whose stores are all of one size.
macro_rules! padded_key {
    ($key:ident) => {
        variant!(@concat!(",\"", stringify!($key), "\":"))
    };
}

/// The room a count of a run takes at most (see `Writer::counts`): its key's whole store,
/// a [`Variant`]'s 32 bytes, and eight digits.
const COUNT_ROOM: usize = 32 + 8;

/// `text` padded to a [`Variant`]'s store (for [`variant!`], at compile time): a text too
/// long for it, or a name with a character JSON escapes, stops the build.
const fn variant_bytes(text: &str) -> Variant {
    let text = text.as_bytes();
    assert!(text.len() <= 32, "the member fits one store");
    let mut bytes = [0; 32];
    let mut i = 0;
    while i < text.len() {
        assert!(text[i] >= 0x20 && text[i] != b'\\', "nothing to escape");
        bytes[i] = text[i];
        i += 1;
    }
    Variant {
        bytes,
        len: text.len(),
    }
}

/// A sentence's `difficulty` member.
fn difficulty_variant(difficulty: Difficulty) -> &'static Variant {
    match difficulty {
        Difficulty::Ok => variant!(difficulty, "ok"),
        Difficulty::Hard => variant!(difficulty, "hard"),
        Difficulty::VeryHard => variant!(difficulty, "very_hard"),
    }
}

/// A finding's `category` member.
fn category_variant(category: Category) -> &'static Variant {
    match category {
        Category::Accessibility => variant!(category, "accessibility"),
        Category::Readability => variant!(category, "readability"),
        Category::Jargon => variant!(category, "jargon"),
        Category::Structure => variant!(category, "structure"),
    }
}

/// A finding's `severity` member.
fn severity_variant(severity: Severity) -> &'static Variant {
    match severity {
        Severity::Info => variant!(severity, "info"),
        Severity::Warning => variant!(severity, "warning"),
        Severity::Error => variant!(severity, "error"),
    }
}

/// A jargon term's `band` member.
fn band_variant(band: TermBand) -> &'static Variant {
    match band {
        TermBand::Medical => variant!(band, "medical"),
        TermBand::Rare => variant!(band, "rare"),
        TermBand::Acronym => variant!(band, "acronym"),
    }
}

/// A skipped block's `reason` member, its first.
fn reason_variant(reason: SkipReason) -> &'static Variant {
    match reason {
        SkipReason::References => variant!(, { reason }, "references"),
        SkipReason::Credit => variant!(, { reason }, "credit"),
    }
}

/// A use's `kind` member, its first.
fn kind_variant(kind: Kind) -> &'static Variant {
    match kind {
        Kind::Term => variant!(, { kind }, "term"),
        Kind::Acronym => variant!(, { kind }, "acronym"),
        Kind::PlainWord => variant!(, { kind }, "plain_word"),
        Kind::WordyPhrase => variant!(, { kind }, "wordy_phrase"),
    }
}

impl Writer {
    /// A key or other fixed bytes, with one store of all of them.
    #[inline(always)]
    fn literal<const N: usize>(&mut self, bytes: &[u8; N]) {
        self.put(bytes, N);
    }

    /// A field whose value is a string.
    #[inline(always)]
    fn text<const N: usize>(&mut self, key: &[u8; N], value: &str) {
        self.keyed_string(key, value);
    }

    /// A field whose value is a string that lives as long as the program (a rule's id, a
    /// sentence's and a block's kind, a WCAG criterion, a suggestion's source), written from
    /// the table of kept names with its key under one capacity test (see `Writer::kept`),
    /// where its bytes were tested for characters to escape at each use (about 520 such
    /// strings a report). What the table cannot keep is written as any string is.
    #[inline(always)]
    fn name<const N: usize>(&mut self, key: &[u8; N], value: &'static str) {
        self.keyed_kept(key, value, Kept::Variant);
    }

    /// A field whose value is a count (`usize`, written as `serde_json` writes it).
    #[inline(always)]
    fn count<const N: usize>(&mut self, key: &[u8; N], value: usize) -> Result<(), Error> {
        self.keyed_unsigned(key, value as u64)
    }

    /// Counts under their keys in a row (a sentence's five), each below [`SMALL`], written in
    /// room reserved once for all of them, with one capacity test and one length update,
    /// where each count took its own (154 sentences a report). A run with a count of
    /// [`SMALL`] or more is written a count at a time.
    #[inline(always)]
    fn counts<const N: usize>(
        &mut self,
        keys: [&Variant; N],
        values: [usize; N],
    ) -> Result<(), Error> {
        // The counts' bits together are at least the largest of them (see `Writer::numbers`).
        if values.iter().fold(0, |bits, &value| bits | value) as u64 >= SMALL {
            for (key, value) in keys.into_iter().zip(values) {
                self.variant(key);
                self.unsigned(value as u64)?;
            }
            return Ok(());
        }
        let room_len = N * COUNT_ROOM;
        self.out.reserve(room_len);
        let start = self.out.len();
        let room = &mut self.out.spare_capacity_mut()[..room_len];
        let mut at = 0;
        for (key, value) in keys.into_iter().zip(values) {
            let (digits, len) = small_digits(value as u64);
            // SAFETY: before a run's i-th count `at` is at most i × `COUNT_ROOM` (each key at
            // most its 32 bytes, each count below `SMALL` at most eight digits), so both whole
            // stores end within the room's N × `COUNT_ROOM`.
            unsafe {
                store(room, at, &key.bytes);
                store(room, at + key.len, &digits.to_le_bytes());
            }
            at += key.len + len;
        }
        // SAFETY: every byte of the room below `at` has been written: each store begins where
        // the one before it was cut back to.
        unsafe { self.out.set_len(start + at) };
        Ok(())
    }

    /// A field whose value is a `u32` count, written as a count is.
    #[inline(always)]
    fn number<const N: usize>(&mut self, key: &[u8; N], value: u32) -> Result<(), Error> {
        self.keyed_unsigned(key, u64::from(value))
    }

    /// A field whose value is a boolean.
    #[inline(always)]
    fn flag<const N: usize>(&mut self, key: &[u8; N], value: bool) {
        self.keyed_bool(key, value, false);
    }

    /// An object's last field, a boolean, and the object's closing brace with it in one
    /// store (see [`Writer::keyed_bool`]; 266 sentences and uses a report).
    #[inline(always)]
    fn flag_last<const N: usize>(&mut self, key: &[u8; N], value: bool) {
        self.keyed_bool(key, value, true);
    }

    /// A field whose value is a score that may be missing (`null`), with one capacity test
    /// for the key and the number (see [`Writer::keyed_float64`]), not through serde's
    /// `Option` and a call of `serialize_f64` after a store of the key of its own (about 320
    /// scores a report: each sentence's grade and difficulty score).
    #[inline(always)]
    fn score<const N: usize>(&mut self, key: &[u8; N], value: Option<f64>) -> Result<(), Error> {
        match value {
            Some(value) => self.keyed_float64(key, value),
            None => {
                super::put_after(&mut self.out, key, b"null", 4);
                Ok(())
            }
        }
    }

    /// A field whose value is a unit variant: its key and the variant's name with one store
    /// of a literal (see [`variant!`]), instead of the derived impl's call and the name found
    /// in the table of kept names (about 40 instructions each, some 600 a report).
    #[inline(always)]
    fn variant(&mut self, variant: &Variant) {
        self.put(&variant.bytes, variant.len);
    }

    /// A field whose value is written by its own `Serialize` impl (numbers, booleans, unit
    /// variants, spans and text ranges come through inlined calls).
    #[inline(always)]
    fn member<const N: usize, T: Serialize + ?Sized>(
        &mut self,
        key: &[u8; N],
        value: &T,
    ) -> Result<(), Error> {
        self.literal(key);
        value.serialize(&mut *self)
    }

    /// An array of `items`, each written by `write` after a comma of its own: the spans and
    /// the sentences' jargon counts, whose objects are written whole (see `Writer::numbers`).
    fn array<T>(
        &mut self,
        items: &[T],
        mut write: impl FnMut(&mut Self, &T) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.out.push(b'[');
        let mut items = items.iter();
        if let Some(first) = items.next() {
            write(self, first)?;
            for item in items {
                self.out.push(b',');
                write(self, item)?;
            }
        }
        self.out.push(b']');
        Ok(())
    }

    /// An array of `items`, each written by `write` with the comma before it (its first
    /// key's `,{"name":`, see [`key!`]): the array's `[` stored over the first item's comma
    /// afterwards, instead of a write of its own for each item's comma (about 1,000 items a
    /// report).
    fn items<T>(
        &mut self,
        items: &[T],
        mut write: impl FnMut(&mut Self, &T) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let open = self.out.len();
        for item in items {
            write(self, item)?;
        }
        if items.is_empty() {
            self.literal(b"[]");
        } else {
            self.out[open] = b'[';
            self.out.push(b']');
        }
        Ok(())
    }

    /// The report: its hot lists by their own writers, the rest as any value.
    pub(super) fn report(&mut self, report: &Report) -> Result<(), Error> {
        let Report {
            legible_version,
            language,
            scope,
            stats,
            readability,
            profiles,
            outline,
            images,
            sentences,
            skipped,
            blocks,
            jargon,
            findings,
        } = report;
        self.text(key!({ legible_version }), legible_version);
        self.text(key!(language), language);
        self.member(key!(scope), scope)?;
        self.literal(key!(stats));
        self.stats(stats)?;
        self.literal(key!(readability));
        self.readability(readability)?;
        self.member(key!(profiles), profiles)?;
        self.literal(key!(outline));
        self.items(outline, Self::outline_node)?;
        self.member(key!(images), images)?;
        self.literal(key!(sentences));
        self.items(sentences, Self::sentence)?;
        self.literal(key!(skipped));
        self.items(skipped, Self::skipped_block)?;
        self.literal(key!(blocks));
        self.items(blocks, Self::block)?;
        self.literal(key!(jargon));
        self.jargon(jargon)?;
        self.literal(key!(findings));
        self.items(findings, Self::finding)?;
        self.out.push(b'}');
        Ok(())
    }

    /// The report's counts: each a literal key and its number, in the derived impl's order
    /// (the flattened `Counts` first), instead of through serde's map of a flattened struct,
    /// which took about 500 instructions a member.
    fn stats(&mut self, stats: &Stats) -> Result<(), Error> {
        let Stats {
            counts,
            unscored_sentences,
            paragraphs,
            headings,
            images,
        } = stats;
        let Counts {
            words,
            sentences,
            syllables,
            polysyllables,
            monosyllables,
            complex_words,
            difficult_words,
            characters,
            letters,
            passive_sentences,
            decimal_figures,
        } = *counts;
        self.number(key!({ words }), words)?;
        self.number(key!(sentences), sentences)?;
        self.number(key!(syllables), syllables)?;
        self.number(key!(polysyllables), polysyllables)?;
        self.number(key!(monosyllables), monosyllables)?;
        self.number(key!(complex_words), complex_words)?;
        self.number(key!(difficult_words), difficult_words)?;
        self.number(key!(characters), characters)?;
        self.number(key!(letters), letters)?;
        self.number(key!(passive_sentences), passive_sentences)?;
        self.number(key!(decimal_figures), decimal_figures)?;
        self.count(key!(unscored_sentences), *unscored_sentences)?;
        self.count(key!(paragraphs), *paragraphs)?;
        self.count(key!(headings), *headings)?;
        self.count(key!(images), *images)?;
        self.out.push(b'}');
        Ok(())
    }

    /// The report's scores, each after its key with one capacity test (see [`Writer::score`]),
    /// instead of through serde's call per field, its `Option` and `serialize_f64`.
    fn readability(&mut self, readability: &Readability) -> Result<(), Error> {
        let Readability {
            flesch_reading_ease,
            flesch_kincaid_grade,
            gunning_fog,
            smog,
            coleman_liau,
            automated_readability_index,
            dale_chall,
            dale_chall_grade,
            linsear_write,
            forcast,
            consensus_grade,
            passive_voice_percent,
            warnings,
        } = readability;
        self.score(key!({ flesch_reading_ease }), *flesch_reading_ease)?;
        self.score(key!(flesch_kincaid_grade), *flesch_kincaid_grade)?;
        self.score(key!(gunning_fog), *gunning_fog)?;
        self.score(key!(smog), *smog)?;
        self.score(key!(coleman_liau), *coleman_liau)?;
        self.score(
            key!(automated_readability_index),
            *automated_readability_index,
        )?;
        self.score(key!(dale_chall), *dale_chall)?;
        self.member(key!(dale_chall_grade), dale_chall_grade)?;
        self.score(key!(linsear_write), *linsear_write)?;
        self.score(key!(forcast), *forcast)?;
        self.score(key!(consensus_grade), *consensus_grade)?;
        self.score(key!(passive_voice_percent), *passive_voice_percent)?;
        self.member(key!(warnings), warnings)?;
        self.out.push(b'}');
        Ok(())
    }

    /// A batch's response: its reports as a report alone is written, the rest as any value.
    pub(super) fn batch(&mut self, batch: &BatchResponse) -> Result<(), Error> {
        let BatchResponse { results } = batch;
        self.literal(key!({ results }));
        self.items(results, Self::batch_result)?;
        self.out.push(b'}');
        Ok(())
    }

    fn batch_result(&mut self, result: &BatchResult) -> Result<(), Error> {
        let BatchResult {
            id,
            status,
            report,
            problem,
        } = result;
        self.member(key!(, { id }), id)?;
        self.member(key!(status), status)?;
        if let Some(report) = report {
            self.literal(key!(report));
            self.report(report)?;
        }
        if let Some(problem) = problem {
            self.member(key!(problem), problem)?;
        }
        self.out.push(b'}');
        Ok(())
    }

    /// A heading of the outline and, within it, the headings under it.
    fn outline_node(&mut self, node: &OutlineNode) -> Result<(), Error> {
        let OutlineNode {
            level,
            text,
            span,
            selector,
            words,
            sentences,
            syllables,
            grade,
            children,
        } = node;
        self.member(key!(, { level }), level)?;
        self.text(key!(text), text);
        self.span(key!(span), span)?;
        self.member(key!(selector), selector)?;
        self.count(key!(words), *words)?;
        self.count(key!(sentences), *sentences)?;
        self.count(key!(syllables), *syllables)?;
        self.score(key!(grade), *grade)?;
        self.literal(key!(children));
        self.items(children, Self::outline_node)?;
        self.out.push(b'}');
        Ok(())
    }

    fn sentence(&mut self, sentence: &SentenceReport) -> Result<(), Error> {
        let SentenceReport {
            text,
            span,
            text_range,
            kind,
            words,
            syllables,
            polysyllables,
            difficult_words,
            letters,
            grade,
            difficulty_score,
            difficulty,
            passive,
            scored,
        } = sentence;
        self.text(key!(, { text }), text);
        self.span(key!(span), span)?;
        self.text_range(key!(text_range), text_range)?;
        self.name(key!(kind), kind);
        self.counts(
            [
                padded_key!(words),
                padded_key!(syllables),
                padded_key!(polysyllables),
                padded_key!(difficult_words),
                padded_key!(letters),
            ],
            [
                *words,
                *syllables,
                *polysyllables,
                *difficult_words,
                *letters,
            ],
        )?;
        self.score(key!(grade), *grade)?;
        self.score(key!(difficulty_score), *difficulty_score)?;
        self.variant(difficulty_variant(*difficulty));
        self.flag(key!(passive), *passive);
        self.flag_last(key!(scored), *scored);
        Ok(())
    }

    fn block(&mut self, block: &BlockReport) -> Result<(), Error> {
        let BlockReport {
            kind,
            level,
            text,
            span,
            selector,
            skipped,
        } = block;
        self.name(key!(, { kind }), kind);
        if let Some(level) = level {
            self.member(key!(level), level)?;
        }
        self.text(key!(text), text);
        self.span(key!(span), span)?;
        if let Some(selector) = selector {
            self.text(key!(selector), selector);
        }
        if let Some(skipped) = skipped {
            self.member(key!(skipped), skipped)?;
        }
        self.out.push(b'}');
        Ok(())
    }

    /// A block left out of the measures (the references, a figure's credit).
    fn skipped_block(&mut self, skipped: &SkippedBlock) -> Result<(), Error> {
        let SkippedBlock { reason, text, span } = skipped;
        self.variant(reason_variant(*reason));
        self.text(key!(text), text);
        self.span(key!(span), span)?;
        self.out.push(b'}');
        Ok(())
    }

    /// A list of strings that live as long as the program (a finding's WCAG criteria, about
    /// 135 lists a report), each written from the table of kept names (see [`Writer::name`]),
    /// not through serde's sequence and a call of `serialize_str` each.
    fn strings(&mut self, strings: &[&'static str]) -> Result<(), Error> {
        self.array(strings, |writer, text| {
            writer.kept(text, Kept::Variant);
            Ok(())
        })
    }

    fn finding(&mut self, finding: &Finding) -> Result<(), Error> {
        let Finding {
            rule,
            category,
            severity,
            message,
            wcag,
            span,
            selector,
            excerpt,
            suggestions,
            fingerprint,
        } = finding;
        self.name(key!(, { rule }), rule);
        self.variant(category_variant(*category));
        self.variant(severity_variant(*severity));
        self.text(key!(message), message);
        self.literal(key!(wcag));
        self.strings(wcag)?;
        self.span(key!(span), span)?;
        if let Some(selector) = selector {
            self.text(key!(selector), selector);
        }
        self.text(key!(excerpt), excerpt);
        if !suggestions.is_empty() {
            self.literal(key!(suggestions));
            self.items(suggestions, Self::suggestion)?;
        }
        self.fingerprint_last(key!(fingerprint), *fingerprint);
        Ok(())
    }

    /// A finding's fingerprint, its last member, and the finding's closing brace: the key,
    /// the sixteen hex digits in quotes and the brace with one store and one capacity test,
    /// where the digits were checked as UTF-8, handed to serde as a string and tested for
    /// characters to escape, and the brace pushed after them (135 findings a report, about
    /// 140 instructions each).
    #[inline(always)]
    fn fingerprint_last<const N: usize>(&mut self, key: &[u8; N], fingerprint: Fingerprint) {
        let mut quoted = *b"\"0123456789abcdef\"}";
        quoted[1..17].copy_from_slice(&fingerprint.hex_digits());
        super::put_after(&mut self.out, key, &quoted, quoted.len());
    }

    fn suggestion(&mut self, suggestion: &Suggestion) -> Result<(), Error> {
        let Suggestion {
            replace_with,
            source,
        } = suggestion;
        self.text(key!(, { replace_with }), replace_with);
        self.name(key!(source), source);
        self.out.push(b'}');
        Ok(())
    }

    fn jargon(&mut self, jargon: &Jargon) -> Result<(), Error> {
        let Jargon {
            density,
            density_undefined,
            terms,
            sentences,
            uses,
        } = jargon;
        self.member(key!({ density }), density)?;
        self.member(key!(density_undefined), density_undefined)?;
        self.literal(key!(terms));
        self.items(terms, Self::term)?;
        self.literal(key!(sentences));
        self.array(sentences, Self::sentence_jargon)?;
        self.literal(key!(uses));
        self.items(uses, Self::jargon_use)?;
        self.out.push(b'}');
        Ok(())
    }

    fn term(&mut self, term: &Term) -> Result<(), Error> {
        let Term {
            term,
            normalized,
            count,
            band,
            defined,
            definition,
            suggestions,
            spans,
        } = term;
        self.text(key!(, { term }), term);
        self.text(key!(normalized), normalized);
        self.count(key!(count), *count)?;
        self.variant(band_variant(*band));
        self.flag(key!(defined), *defined);
        if let Some(definition) = definition {
            self.span(key!(definition), definition)?;
        }
        self.literal(key!(suggestions));
        self.items(suggestions, Self::suggestion)?;
        self.literal(key!(spans));
        self.array(spans, |writer, span| writer.span(&[], span))?;
        self.out.push(b'}');
        Ok(())
    }

    fn jargon_use(&mut self, used: &Use) -> Result<(), Error> {
        let Use {
            kind,
            text_range,
            span,
            sentence,
            term,
            defined,
        } = used;
        self.variant(kind_variant(*kind));
        self.text_range(key!(text_range), text_range)?;
        self.span(key!(span), span)?;
        self.count(key!(sentence), *sentence)?;
        if let Some(term) = term {
            self.count(key!(term), *term)?;
        }
        self.flag_last(key!(defined), *defined);
        Ok(())
    }

    /// A span after `key` (none in a list), written in one piece from its members by name
    /// (see `Writer::numbers`), in the order of its `Serialize` impl, instead of through
    /// serde's newtype and struct calls and the shape's take (about 620 spans a report). One
    /// copy, out of line, of the unrolled writer for each key.
    #[inline(never)]
    fn span<const K: usize>(&mut self, key: &[u8; K], span: &Span) -> Result<(), Error> {
        self.numbers::<K, 8, SpanShape>(key, &span.members().map(u64::from))
    }

    /// A text range after its key, written in one piece from its members as a span is (about
    /// 270 a report; inlined into the sentence's and the use's writers, its only callers,
    /// where its call cost about a third of it).
    #[inline(always)]
    fn text_range<const K: usize>(
        &mut self,
        key: &[u8; K],
        range: &TextRange,
    ) -> Result<(), Error> {
        self.numbers::<K, 3, TextRangeShape>(key, &range.members().map(|n| n as u64))
    }

    /// A sentence's jargon counts, written in one piece from its members as a span is, the
    /// lexical load as its bits (see `Writer::numbers`; about 150 a report).
    fn sentence_jargon(&mut self, counts: &SentenceJargon) -> Result<(), Error> {
        let SentenceJargon {
            words,
            jargon,
            undefined,
            acronyms,
            watch,
            load,
        } = *counts;
        let members = [words, jargon, undefined, acronyms, watch, load.to_bits()];
        self.numbers::<0, 6, SentenceJargonShape>(&[], &members.map(u64::from))
    }
}

#[cfg(test)]
mod tests {
    use crate::document::SkipReason;
    use crate::report::{OutlineNode, Report, SharedStr, Suggestion};
    use std::borrow::Cow;

    /// The report's writer and `serde_json` agree on `report`.
    fn same(report: &Report) {
        let ours = super::super::report_to_vec(report).expect("our writer writes the report");
        let theirs = serde_json::to_vec(report).expect("serde_json writes the report");
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }

    fn article() -> Report {
        let html = include_str!("../../../tests/fixtures/health_article.html");
        let report = crate::analyze_html(html.as_bytes(), None, &crate::Options::default())
            .expect("the fixture is analysed");
        // Every type with a writer of its own is in it, so that each variant below has some.
        let jargon = &report.jargon;
        assert!(!report.sentences.is_empty() && !report.blocks.is_empty());
        assert!(!report.findings.is_empty() && !jargon.terms.is_empty());
        assert!(!jargon.uses.is_empty());
        assert!(report.outline.iter().any(|node| !node.children.is_empty()));
        report
    }

    /// Every heading of `outline`, those under others included, given to `change`.
    fn each_heading(outline: &mut [OutlineNode], change: &mut impl FnMut(&mut OutlineNode)) {
        for node in outline {
            change(node);
            each_heading(&mut node.children, change);
        }
    }

    #[test]
    fn the_article_is_written_as_serde_json_writes_it() {
        same(&article());
    }

    /// Counts and indexes of 10^8 and above take `serde_json`'s own digits after their key
    /// (the shorter ones are written from a table of digits).
    #[test]
    fn large_counts_and_indexes_are_written_as_serde_json_writes_them() {
        let mut report = article();
        for (n, term) in report.jargon.terms.iter_mut().enumerate() {
            term.count = 100_000_000 + n;
        }
        for used in &mut report.jargon.uses {
            used.sentence = u32::MAX as usize + 1;
            used.term = Some(123_456_789_012);
        }
        // A sentence's run of counts with one of them large, at each place in the run.
        for (n, sentence) in report.sentences.iter_mut().take(5).enumerate() {
            let counts = [
                &mut sentence.words,
                &mut sentence.syllables,
                &mut sentence.polysyllables,
                &mut sentence.difficult_words,
                &mut sentence.letters,
            ];
            *counts.into_iter().nth(n).expect("five counts") = 100_000_000 + n;
        }
        report.sentences[5].letters = usize::MAX;
        report.stats.counts.words = u32::MAX;
        report.stats.counts.decimal_figures = 100_000_000;
        report.stats.images = usize::MAX;
        // Spans and text ranges written after their keys with a member of 10^8 or more.
        report.sentences[6].span.end = 123_456_789;
        report.sentences[6].text_range.end = 100_000_000;
        report.findings[0].span.end_column = u32::MAX;
        report.blocks[0].span.start = 100_000_000;
        report.jargon.uses[0].span.utf16_end = 999_999_999;
        report.jargon.uses[1].text_range.block = usize::MAX;
        if let Some(definition) = &mut report.jargon.terms[0].definition {
            definition.line = 100_000_001;
        }
        same(&report);
    }

    /// Every variant of the unit enums written from literals (see `variant!`), each in turn
    /// on the article's sentences, findings, terms and uses.
    #[test]
    fn every_unit_variant_is_written_as_serde_json_writes_it() {
        use crate::checks::jargon::{Kind, TermBand};
        use crate::checks::{Category, Severity};
        use crate::measures::difficulty::Difficulty;
        let mut report = article();
        let difficulties = [Difficulty::Ok, Difficulty::Hard, Difficulty::VeryHard];
        let categories = [
            Category::Accessibility,
            Category::Readability,
            Category::Jargon,
            Category::Structure,
        ];
        let severities = [Severity::Info, Severity::Warning, Severity::Error];
        let bands = [TermBand::Medical, TermBand::Rare, TermBand::Acronym];
        let kinds = [
            Kind::Term,
            Kind::Acronym,
            Kind::PlainWord,
            Kind::WordyPhrase,
        ];
        assert!(report.sentences.len() >= 3 && report.findings.len() >= 4);
        assert!(report.jargon.terms.len() >= 3 && report.jargon.uses.len() >= 4);
        for (n, sentence) in report.sentences.iter_mut().enumerate() {
            sentence.difficulty = difficulties[n % difficulties.len()];
        }
        for (n, finding) in report.findings.iter_mut().enumerate() {
            finding.category = categories[n % categories.len()];
            finding.severity = severities[n % severities.len()];
        }
        for (n, term) in report.jargon.terms.iter_mut().enumerate() {
            term.band = bands[n % bands.len()];
        }
        for (n, used) in report.jargon.uses.iter_mut().enumerate() {
            used.kind = kinds[n % kinds.len()];
        }
        let reasons = [SkipReason::References, SkipReason::Credit];
        assert!(report.skipped.len() >= 2);
        for (n, skipped) in report.skipped.iter_mut().enumerate() {
            skipped.reason = reasons[n % reasons.len()];
        }
        same(&report);
    }

    /// Scores that are not a number of hundredths, negative ones and missing ones, which
    /// the sentences' and headings' writers write after their keys.
    #[test]
    fn every_kind_of_score_is_written_as_serde_json_writes_it() {
        let mut report = article();
        let scores = [
            Some(1.0 / 3.0),
            Some(-2.5),
            Some(-0.0),
            Some(12_345_678.91),
            Some(1e300),
            None,
            Some(0.07),
            Some(10.0),
        ];
        for (n, sentence) in report.sentences.iter_mut().enumerate() {
            sentence.grade = scores[n % scores.len()];
            sentence.difficulty_score = scores[(n + 3) % scores.len()];
        }
        let mut n = 0;
        each_heading(&mut report.outline, &mut |node| {
            node.grade = scores[n % scores.len()];
            n += 1;
        });
        let readability = &mut report.readability;
        for (n, score) in [
            &mut readability.flesch_reading_ease,
            &mut readability.flesch_kincaid_grade,
            &mut readability.gunning_fog,
            &mut readability.smog,
            &mut readability.coleman_liau,
            &mut readability.automated_readability_index,
            &mut readability.dale_chall,
            &mut readability.linsear_write,
            &mut readability.forcast,
            &mut readability.consensus_grade,
            &mut readability.passive_voice_percent,
        ]
        .into_iter()
        .enumerate()
        {
            *score = scores[n % scores.len()];
        }
        readability.dale_chall_grade = None;
        same(&report);
    }

    /// Rule ids, kinds, WCAG criteria and sources that the table of kept names does not keep
    /// (longer than its 20 bytes, or with a character to escape) are written as any string.
    #[test]
    fn static_strings_the_table_cannot_keep_are_written_as_serde_json_writes_them() {
        let mut report = article();
        const NAMES: [&str; 4] = [
            "a kind longer than twenty bytes",
            "say \"no\"",
            "tab\there",
            "",
        ];
        let names = NAMES;
        for (n, sentence) in report.sentences.iter_mut().enumerate() {
            sentence.kind = names[n % names.len()];
        }
        for (n, block) in report.blocks.iter_mut().enumerate() {
            block.kind = names[(n + 1) % names.len()];
        }
        for (n, finding) in report.findings.iter_mut().enumerate() {
            finding.rule = names[(n + 2) % names.len()];
            finding.wcag = &NAMES;
            finding.suggestions = Cow::Owned(vec![Suggestion {
                replace_with: Cow::Borrowed("use"),
                source: names[(n + 3) % names.len()],
            }]);
        }
        same(&report);
    }

    #[test]
    fn every_optional_field_present_is_written_as_serde_json_writes_it() {
        let mut report = article();
        let span = report.sentences[0].span;
        for block in &mut report.blocks {
            block.level.get_or_insert(3);
            block
                .selector
                .get_or_insert_with(|| SharedStr::from("main > p".to_string()));
            block.skipped.get_or_insert(SkipReason::Credit);
        }
        each_heading(&mut report.outline, &mut |node| {
            node.selector
                .get_or_insert_with(|| SharedStr::from("main > h2".to_string()));
            node.grade.get_or_insert(9.5);
        });
        for sentence in &mut report.sentences {
            sentence.grade.get_or_insert(7.25);
            sentence.difficulty_score.get_or_insert(0.5);
        }
        let suggestions: crate::report::Suggestions = Cow::Owned(vec![Suggestion {
            replace_with: Cow::Borrowed("use"),
            source: "plainlanguage.gov",
        }]);
        for finding in &mut report.findings {
            finding
                .selector
                .get_or_insert_with(|| SharedStr::from("main > p".to_string()));
            finding.suggestions = suggestions.clone();
        }
        for term in &mut report.jargon.terms {
            term.definition.get_or_insert(span);
            term.suggestions = suggestions.clone();
        }
        for used in &mut report.jargon.uses {
            used.term.get_or_insert(0);
        }
        same(&report);
    }

    #[test]
    fn every_optional_field_absent_is_written_as_serde_json_writes_it() {
        let mut report = article();
        for block in &mut report.blocks {
            (block.level, block.selector, block.skipped) = (None, None, None);
        }
        each_heading(&mut report.outline, &mut |node| {
            (node.selector, node.grade) = (None, None);
        });
        for sentence in &mut report.sentences {
            (sentence.grade, sentence.difficulty_score) = (None, None);
        }
        for finding in &mut report.findings {
            finding.selector = None;
            finding.suggestions = Cow::Borrowed(&[]);
        }
        for term in &mut report.jargon.terms {
            term.definition = None;
            term.suggestions = Cow::Borrowed(&[]);
            term.spans.clear();
        }
        for used in &mut report.jargon.uses {
            used.term = None;
        }
        same(&report);
    }

    #[test]
    fn a_batch_is_written_as_serde_json_writes_it() {
        use crate::server::analyze::{BatchResponse, BatchResult};
        use crate::server::Problem;
        let result = |id: Option<&str>, report, problem: Option<Problem>| BatchResult {
            id: id.map(str::to_string),
            status: if problem.is_some() { 422 } else { 200 },
            report,
            problem,
        };
        let batch = BatchResponse {
            results: vec![
                result(Some("article"), Some(article()), None),
                result(
                    None,
                    None,
                    Some(Problem::unprocessable("bad", "a \"bad\" one")),
                ),
                result(Some("neither"), None, None),
            ],
        };
        let ours = super::super::batch_to_vec(&batch, 0).expect("our writer writes the batch");
        let theirs = serde_json::to_vec(&batch).expect("serde_json writes the batch");
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
        let empty = BatchResponse { results: vec![] };
        let ours = super::super::batch_to_vec(&empty, 0).expect("our writer writes the batch");
        assert_eq!(
            ours,
            serde_json::to_vec(&empty).expect("serde_json writes it")
        );
    }

    #[test]
    fn empty_lists_are_written_as_serde_json_writes_them() {
        let mut report = article();
        report.sentences.clear();
        report.blocks.clear();
        report.findings.clear();
        report.jargon.terms.clear();
        report.jargon.uses.clear();
        report.outline.clear();
        report.skipped.clear();
        for finding in &mut report.findings {
            finding.wcag = &[];
        }
        same(&report);
    }
}
