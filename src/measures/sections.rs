//! Sections of a document, from its headings. The section of a heading runs from the block
//! after it to the next heading of the same or a higher level, so it includes its
//! subsections; a run is the stretch of blocks between two consecutive headings of any level
//! (what a reader gets without a subheading).

use super::counts::Counts;
use crate::document::{BlockKind, Document};
use std::ops::Range;

/// The blocks of the section of the heading at block `heading`.
pub fn section_blocks(document: &Document, heading: usize) -> Range<usize> {
    let blocks = &document.blocks;
    let BlockKind::Heading(level) = blocks[heading].kind else {
        return heading..heading;
    };
    let end = blocks[heading + 1..]
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Heading(l) if l <= level))
        .map_or(blocks.len(), |offset| heading + 1 + offset);
    heading + 1..end
}

/// The runs of non-heading blocks between headings, each with the heading before it (if any).
pub fn runs(document: &Document) -> Vec<(Option<usize>, Range<usize>)> {
    let mut out = Vec::new();
    let mut heading = None;
    let mut start = 0;
    for (index, block) in document.blocks.iter().enumerate() {
        if matches!(block.kind, BlockKind::Heading(_)) {
            if start < index {
                out.push((heading, start..index));
            }
            heading = Some(index);
            start = index + 1;
        }
    }
    if start < document.blocks.len() {
        out.push((heading, start..document.blocks.len()));
    }
    out
}

/// The sum of the counts of some blocks (`block_counts` as in [`super::Measured::blocks`]).
pub fn sum(block_counts: &[Counts], blocks: Range<usize>) -> Counts {
    let mut total = Counts::default();
    for counts in &block_counts[blocks] {
        total.add(counts);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ScopeOption;
    use crate::source::Source;

    fn document(html: &str) -> Document {
        Document::from_html(
            Source::decode(html.as_bytes(), None).unwrap(),
            ScopeOption::Fragment,
        )
    }

    #[test]
    fn a_section_includes_its_subsections() {
        let doc = document("<h1>A</h1><p>a</p><h2>B</h2><p>b</p><h1>C</h1><p>c</p>");
        assert_eq!(section_blocks(&doc, 0), 1..4);
        assert_eq!(section_blocks(&doc, 2), 3..4);
        assert_eq!(section_blocks(&doc, 4), 5..6);
    }

    #[test]
    fn runs_lie_between_headings() {
        let doc = document("<p>intro</p><h2>B</h2><p>b</p><p>b2</p><h2>C</h2>");
        assert_eq!(runs(&doc), vec![(None, 0..1), (Some(1), 2..4)]);
    }
}
