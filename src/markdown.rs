//! Markdown input: rendered to HTML with pulldown-cmark (CommonMark plus tables,
//! strikethrough, task lists, footnotes, heading ids and front matter), analysed by the HTML pipeline, and every span of the report
//! moved back to the `.md` source, so `md[start..end]`, UTF-16 offsets and line/column all
//! point at what the author wrote.
//!
//! The renderer is fed one event at a time and the length of its output is read before each
//! event, so every stretch of rendered HTML is known to come from one event's source range
//! ([`pulldown_cmark::Parser::into_offset_iter`]). Text and raw HTML are aligned character by
//! character (escapes and entities included); markup the renderer adds (`<p>`, `<img …>`) maps
//! to the whole source range of the construct it renders, so a finding about an image spans
//! `![alt](src)`.

use crate::report::Report;
use crate::source::{Source, Span};
use crate::{AnalyzeError, Options};
use pulldown_cmark::{html, Event, Options as MdOptions, Parser, Tag, TagEnd};
use std::cell::Cell;
use std::fmt;
use std::ops::Range;
use std::rc::Rc;

/// Analyses Markdown bytes (`charset` as declared by the transport, if any). Raw HTML in the
/// Markdown is analysed as written, comments and `data-legible-ignore` included. The rendered
/// HTML is always read as a fragment (Markdown has no page around the article), whatever
/// `options.scope` says.
pub fn analyze_markdown(
    bytes: &[u8],
    charset: Option<&str>,
    options: &Options,
) -> Result<Report, AnalyzeError> {
    let source = crate::decode(bytes, charset)?;
    let rendered = render(source.text());
    let options = Options {
        scope: crate::document::ScopeOption::Fragment,
        ..options.clone()
    };
    crate::source::within_limit(rendered.html.len()).map_err(AnalyzeError::Decode)?;
    let html = Source::from_text(rendered.html.clone());
    let document = crate::document::Document::from_html(html, options.scope);
    let mut report = crate::analyze_owned(document, &options);
    remap_report(&mut report, &rendered, &source);
    Ok(report)
}

/// Rendered HTML and where each part of it came from.
pub struct Rendered {
    pub html: String,
    pieces: Vec<Piece>,
}

/// The HTML one event rendered, and the source it came from.
struct Piece {
    html: Range<usize>,
    md: Range<usize>,
    /// Character-level alignment for text and raw HTML; empty when the piece maps as a whole.
    units: Vec<Unit>,
}

/// One character of rendered text and its source (an entity or escape may be several bytes
/// on either side).
#[derive(Debug, Clone, Copy)]
struct Unit {
    html: usize,
    html_len: usize,
    md: usize,
    md_len: usize,
}

/// Renders Markdown to HTML, recording the source range of every piece of output.
pub fn render(md: &str) -> Rendered {
    // Docs sites add front matter (YAML `---` or TOML `+++`, left out of the output), heading
    // ids (`## Dosage {#dose}`) and footnotes to CommonMark.
    let options = MdOptions::ENABLE_TABLES
        | MdOptions::ENABLE_STRIKETHROUGH
        | MdOptions::ENABLE_TASKLISTS
        | MdOptions::ENABLE_FOOTNOTES
        | MdOptions::ENABLE_HEADING_ATTRIBUTES
        | MdOptions::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | MdOptions::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let written = Rc::new(Cell::new(0));
    let mut events = Tracked {
        inner: Parser::new_ext(md, options).into_offset_iter().peekable(),
        written: Rc::clone(&written),
        marks: Vec::new(),
    };
    let mut out = Counter {
        html: String::new(),
        written,
    };
    // Writing to a String cannot fail.
    let _ = html::write_html_fmt(&mut out, &mut events);
    let html = out.html;
    let ends = events
        .marks
        .iter()
        .skip(1)
        .map(|m| m.0)
        .chain([html.len()])
        .collect::<Vec<_>>();
    let pieces = events
        .marks
        .into_iter()
        .zip(ends)
        .filter(|((start, ..), end)| start < end)
        .map(|((start, md_range, text), end)| {
            let units = text
                .map(|t| align(&t, &html[start..end], start, md, md_range.clone()))
                .unwrap_or_default();
            Piece {
                html: start..end,
                md: md_range,
                units,
            }
        })
        .collect();
    Rendered { html, pieces }
}

/// The renderer's output, counting what has been written so far.
struct Counter {
    html: String,
    written: Rc<Cell<usize>>,
}

impl fmt::Write for Counter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.html.push_str(s);
        self.written.set(self.html.len());
        Ok(())
    }
}

/// The events, noting where the output stood when each was handed to the renderer.
struct Tracked<I: Iterator> {
    inner: std::iter::Peekable<I>,
    written: Rc<Cell<usize>>,
    /// (output offset, source range, text to align for text and raw HTML).
    marks: Vec<(usize, Range<usize>, Option<String>)>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Tracked<I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let (event, range) = self.inner.next()?;
        if let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &event
        {
            if matches!(self.inner.peek(), Some((Event::End(TagEnd::Image), _))) {
                self.inner.next();
                // Generated markup: it maps to the whole `![](src)` as one piece.
                self.marks.push((self.written.get(), range, None));
                return Some(Event::InlineHtml(image_without_alt(dest_url, title).into()));
            }
        }
        let text = match &event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => Some(t.to_string()),
            _ => None,
        };
        self.marks.push((self.written.get(), range, text));
        Some(event)
    }
}

/// `![](src)` gives no text alternative, but the renderer would write `alt=""`, which marks an
/// image as decorative; the `<img>` is written without `alt` so the image rules see what the
/// author wrote (markdownlint's MD045 reads it the same way).
fn image_without_alt(src: &str, title: &str) -> String {
    let attr = |v: &str| {
        v.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    if title.is_empty() {
        format!("<img src=\"{}\" />", attr(src))
    } else {
        format!("<img src=\"{}\" title=\"{}\" />", attr(src), attr(title))
    }
}

/// Aligns `text` (as the event carried it) with its rendered `html` and its `md` source, one
/// character at a time; empty if the rendered form is not the text escaped (the piece then
/// maps as a whole).
fn align(text: &str, html: &str, html_at: usize, md: &str, md_range: Range<usize>) -> Vec<Unit> {
    let mut units = Vec::with_capacity(text.len());
    let (mut h, mut m) = (0, md_range.start);
    for c in text.chars() {
        let Some(html_len) = escaped_len(&html[h..], c) else {
            return Vec::new();
        };
        let (md_at, md_len) = source_char(md, m, md_range.end, c);
        units.push(Unit {
            html: html_at + h,
            html_len,
            md: md_at,
            md_len,
        });
        h += html_len;
        m = md_at + md_len;
    }
    units
}

/// The length of `c` at the start of rendered `html`: the character itself or an entity.
fn escaped_len(html: &str, c: char) -> Option<usize> {
    if html.starts_with(c) {
        Some(c.len_utf8())
    } else if html.starts_with('&') {
        html.find(';').filter(|&end| end < 12).map(|end| end + 1)
    } else {
        None
    }
}

/// Where character `c` of the event's text was written in the source, from `at` on: the
/// character itself, a backslash escape, an entity, or (for text the parser joined or
/// normalised) the next occurrence; a zero-length position when it cannot be found.
fn source_char(md: &str, at: usize, end: usize, c: char) -> (usize, usize) {
    let rest = &md[at.min(end)..end];
    if rest.starts_with(c) {
        return (at, c.len_utf8());
    }
    if rest.starts_with('\\') && rest[1..].starts_with(c) {
        return (at, 1 + c.len_utf8());
    }
    if rest.starts_with('&') {
        if let Some(semi) = rest.find(';').filter(|&s| s < 32) {
            return (at, semi + 1);
        }
    }
    match rest.find(c) {
        Some(offset) => (at + offset, c.len_utf8()),
        None => (at.min(end), 0),
    }
}

impl Rendered {
    /// The source range of rendered `html` range.
    pub fn source_range(&self, html: Range<usize>) -> Range<usize> {
        let start = self.source_start(html.start);
        let end = if html.end > html.start {
            self.source_end(html.end)
        } else {
            start
        };
        start..end.max(start)
    }

    fn piece_at(&self, offset: usize) -> Option<&Piece> {
        let index = self.pieces.partition_point(|p| p.html.start <= offset);
        self.pieces[..index].last()
    }

    fn source_start(&self, offset: usize) -> usize {
        let Some(piece) = self.piece_at(offset) else {
            return 0;
        };
        match unit_at(&piece.units, offset) {
            Some(unit) => unit.md,
            None => piece.md.start,
        }
    }

    fn source_end(&self, offset: usize) -> usize {
        let Some(piece) = self.piece_at(offset - 1) else {
            return 0;
        };
        match unit_at(&piece.units, offset - 1) {
            Some(unit) => unit.md + unit.md_len,
            None => piece.md.end,
        }
    }
}

fn unit_at(units: &[Unit], offset: usize) -> Option<&Unit> {
    let index = units.partition_point(|u| u.html <= offset);
    units[..index]
        .last()
        .filter(|u| offset < u.html + u.html_len.max(1))
}

/// Moves every span of a report on the rendered HTML to the Markdown source.
fn remap_report(report: &mut Report, rendered: &Rendered, md: &Source) {
    let remap = |span: &mut Span| {
        let range = rendered.source_range(span.range());
        *span = md.span(range.start, range.end);
    };
    for finding in &mut report.findings {
        remap(&mut finding.span);
        finding.excerpt = crate::report::excerpt(&md.text()[finding.span.range()]).into();
    }
    report.sentences.iter_mut().for_each(|s| remap(&mut s.span));
    report.images.iter_mut().for_each(|i| remap(&mut i.span));
    report.skipped.iter_mut().for_each(|s| remap(&mut s.span));
    for term in &mut report.jargon.terms {
        term.spans.iter_mut().for_each(remap);
        term.definition.iter_mut().for_each(remap);
    }
    let mut outline: Vec<&mut crate::report::OutlineNode> = report.outline.iter_mut().collect();
    while let Some(node) = outline.pop() {
        remap(&mut node.span);
        outline.extend(node.children.iter_mut());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn back(md: &str, html_text: &str) -> String {
        let rendered = render(md);
        let at = rendered
            .html
            .find(html_text)
            .unwrap_or_else(|| panic!("{html_text:?} not in {:?}", rendered.html));
        md[rendered.source_range(at..at + html_text.len())].to_string()
    }

    #[test]
    fn text_maps_to_itself_through_emphasis_and_escapes() {
        let md = "# Title\n\nSome *very* plain text \\* with &amp; entity.\n";
        assert_eq!(back(md, "Title"), "Title");
        assert_eq!(back(md, "very"), "very");
        assert_eq!(
            back(md, "plain text * with &amp; entity."),
            "plain text \\* with &amp; entity."
        );
    }

    #[test]
    fn generated_markup_maps_to_its_construct() {
        let md = "Intro.\n\n![](scan.png)\n";
        let rendered = render(md);
        let at = rendered.html.find("<img").unwrap();
        let end = rendered.html[at..].find('>').unwrap() + at + 1;
        assert_eq!(&md[rendered.source_range(at..end)], "![](scan.png)");
    }

    #[test]
    fn raw_html_maps_byte_for_byte() {
        let md = "Text.\n\n<div data-legible-ignore>\n<p>raw</p>\n</div>\n";
        assert_eq!(back(md, "<p>raw</p>"), "<p>raw</p>");
    }

    #[test]
    fn front_matter_and_heading_ids_are_not_text() {
        let md = "---\ntitle: Dosage\n---\n\n## How much to take {#dose}\n\nTake one.[^1]\n\n[^1]: With water.\n";
        let rendered = render(md);
        assert!(!rendered.html.contains("title:"), "{}", rendered.html);
        assert!(!rendered.html.contains("{#dose}"));
        assert_eq!(back(md, "How much to take"), "How much to take");
        assert_eq!(back(md, "With water."), "With water.");
    }

    #[test]
    fn non_ascii_text_keeps_its_position() {
        let md = "Café – naïve text.\n";
        assert_eq!(back(md, "naïve"), "naïve");
    }
}
