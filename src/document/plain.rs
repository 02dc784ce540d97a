//! Plain-text input: paragraphs are separated by blank lines; single newlines are spaces.

use super::blocks::fold_whitespace;
use super::sourcemap::SourceMap;
use super::{Block, BlockKind};

pub(super) fn paragraphs(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            push_paragraph(text, start..offset, &mut blocks);
            start = offset + line.len();
        }
        offset += line.len();
    }
    push_paragraph(text, start..text.len(), &mut blocks);
    blocks
}

fn push_paragraph(text: &str, range: std::ops::Range<usize>, out: &mut Vec<Block>) {
    let slice = &text[range.clone()];
    if slice.trim().is_empty() {
        return;
    }
    let mut map = SourceMap::default();
    map.push_literal(0, range.start, slice.len());
    let folded = fold_whitespace([(slice, &map)]);
    out.push(Block {
        kind: BlockKind::Paragraph,
        text: folded.text,
        map: folded.map,
        element: None,
        selector: None,
        skip: None,
        inlines: Vec::new(),
    });
}
