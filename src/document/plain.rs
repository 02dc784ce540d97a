//! Plain-text input: paragraphs are separated by blank lines; single newlines are spaces.

use super::blocks::{fold_whitespace, FoldScratch};
use super::sourcemap::{SourceMap, SourceMaps};
use super::{Block, BlockKind};

/// The paragraphs of `text`, and their source maps.
pub(super) fn paragraphs(text: &str) -> (Vec<Block>, SourceMaps) {
    let mut out = Paragraphs::default();
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            out.push(text, start..offset);
            start = offset + line.len();
        }
        offset += line.len();
    }
    out.push(text, start..text.len());
    (out.blocks, out.maps)
}

#[derive(Default)]
struct Paragraphs {
    blocks: Vec<Block>,
    maps: SourceMaps,
    folded: FoldScratch,
}

impl Paragraphs {
    fn push(&mut self, text: &str, range: std::ops::Range<usize>) {
        let slice = &text[range.clone()];
        if slice.trim().is_empty() {
            return;
        }
        let mut map = SourceMap::default();
        map.push_literal(0, range.start, slice.len());
        let text = fold_whitespace([(slice, &map)], &mut self.folded);
        self.blocks.push(Block {
            kind: BlockKind::Paragraph,
            text,
            map: self.maps.add(&self.folded.map),
            element: None,
            selector: None,
            skip: None,
            inlines: Vec::new(),
        });
    }
}
