//! Maps from decoded text back to byte ranges of the submitted source.
//!
//! Text reaches a reader through decoding (entities, CRLF), tree building (text split and
//! merged) and whitespace folding. Each step keeps a [`SourceMap`], so any range of the final
//! text can be turned into the exact source bytes it was read from.
//!
//! A text node keeps a [`SourceMap`] of its own while the tree is built (nodes merge and
//! split); the blocks' maps, fixed once a block is folded, live one after another in a
//! document's [`SourceMaps`], each block holding its [`MapRange`] there: one allocation for
//! the document instead of one per block.

use std::ops::{Deref, DerefMut, Range};

/// Segments of text, in text order, each tied to a source range.
///
/// A literal segment maps byte for byte (text offset `t` ↔ source offset `src + (t - text)`);
/// an atomic one (an entity, a CRLF, a folded run of whitespace) maps as a whole: any part of
/// its text stands for all of its source.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    segments: Segments,
}

impl PartialEq for SourceMap {
    fn eq(&self, other: &SourceMap) -> bool {
        *self.segments == *other.segments
    }
}

impl Eq for SourceMap {}

/// A map's segments. Most maps, a text node's text as written with no entity or CR in it,
/// have one segment: it is kept inline, so such a map allocates nothing (one allocation per
/// text node before); more segments go to a vector, which keeps its room when cleared.
#[derive(Debug, Clone, Default)]
enum Segments {
    #[default]
    None,
    One(Segment),
    Many(Vec<Segment>),
}

impl Segments {
    fn push(&mut self, segment: Segment) {
        match self {
            Segments::None => *self = Segments::One(segment),
            Segments::One(first) => *self = Segments::Many(vec![*first, segment]),
            Segments::Many(all) => all.push(segment),
        }
    }

    fn clear(&mut self) {
        match self {
            Segments::Many(all) => all.clear(),
            _ => *self = Segments::None,
        }
    }
}

impl Deref for Segments {
    type Target = [Segment];

    fn deref(&self) -> &[Segment] {
        match self {
            Segments::None => &[],
            Segments::One(segment) => std::slice::from_ref(segment),
            Segments::Many(all) => all,
        }
    }
}

impl DerefMut for Segments {
    fn deref_mut(&mut self) -> &mut [Segment] {
        match self {
            Segments::None => &mut [],
            Segments::One(segment) => std::slice::from_mut(segment),
            Segments::Many(all) => all,
        }
    }
}

/// Offsets and lengths are `u32` (20 bytes a segment instead of 40: a large page's blocks hold
/// a segment per run of literal text): none exceeds the text's length, which
/// [`crate::source::Source`] keeps within [`crate::source::MAX_LEN`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    text: u32,
    text_len: u32,
    src: u32,
    src_len: u32,
    atomic: bool,
}

impl Segment {
    fn new(text: usize, text_len: usize, src: usize, src_len: usize, atomic: bool) -> Segment {
        Segment {
            text: narrow(text),
            text_len: narrow(text_len),
            src: narrow(src),
            src_len: narrow(src_len),
            atomic,
        }
    }

    fn text(&self) -> usize {
        self.text as usize
    }

    fn text_len(&self) -> usize {
        self.text_len as usize
    }

    fn src(&self) -> usize {
        self.src as usize
    }

    fn src_len(&self) -> usize {
        self.src_len as usize
    }

    fn text_end(&self) -> usize {
        self.text() + self.text_len()
    }
}

/// An offset or length of a text within [`crate::source::MAX_LEN`], as stored.
fn narrow(offset: usize) -> u32 {
    debug_assert!(
        offset <= crate::source::MAX_LEN,
        "offset {offset} beyond MAX_LEN"
    );
    offset as u32
}

impl SourceMap {
    /// The map of a text that is source `src..src+len` as written: one literal segment.
    pub fn literal(src: usize, len: usize) -> SourceMap {
        let mut map = SourceMap::default();
        map.push_literal(0, src, len);
        map
    }

    /// Text `text..text+len` is source `src..src+len`, byte for byte.
    pub fn push_literal(&mut self, text: usize, src: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.segments.last_mut() {
            if !last.atomic && last.text_end() == text && last.src() + last.src_len() == src {
                last.text_len += narrow(len);
                last.src_len += narrow(len);
                return;
            }
        }
        self.segments.push(Segment::new(text, len, src, len, false));
    }

    /// Text `text..text+text_len` stands for source `src..src+src_len` as a whole.
    ///
    /// One byte for one byte (most often a single space between words, folded) maps the same
    /// either way, so it is stored as a literal and merges with the text around it: a block's
    /// map then has a segment per run of literal text, not two per word.
    pub fn push_atomic(&mut self, text: usize, text_len: usize, src: usize, src_len: usize) {
        if text_len == 0 {
            return;
        }
        if text_len == 1 && src_len == 1 {
            return self.push_literal(text, src, 1);
        }
        self.segments
            .push(Segment::new(text, text_len, src, src_len, true));
    }

    /// Appends `other` (a map of text that starts at 0) as if its text started at `shift`.
    pub fn append_shifted(&mut self, other: &SourceMap, shift: usize) {
        for seg in other.segments.iter() {
            if seg.atomic {
                self.push_atomic(seg.text() + shift, seg.text_len(), seg.src(), seg.src_len());
            } else {
                self.push_literal(seg.text() + shift, seg.src(), seg.text_len());
            }
        }
    }

    /// The segments in text order: (text range, source range, atomic?).
    pub fn segments(&self) -> impl Iterator<Item = (Range<usize>, Range<usize>, bool)> + '_ {
        self.segments.iter().map(|s| {
            (
                s.text()..s.text_end(),
                s.src()..s.src() + s.src_len(),
                s.atomic,
            )
        })
    }

    /// Appends the part of `other` covering its text `range`, re-based so `range.start`
    /// lands at `shift`.
    pub fn append_slice(&mut self, other: &SourceMap, range: Range<usize>, shift: usize) {
        let first = other
            .segments
            .partition_point(|s| s.text_end() <= range.start);
        for seg in &other.segments[first..] {
            if seg.text() >= range.end {
                break;
            }
            let from = seg.text().max(range.start);
            let to = seg.text_end().min(range.end);
            let at = from - range.start + shift;
            if seg.atomic {
                self.push_atomic(at, to - from, seg.src(), seg.src_len());
            } else {
                self.push_literal(at, seg.src() + (from - seg.text()), to - from);
            }
        }
    }

    /// Forgets every segment, keeping the allocation for reuse.
    pub fn clear(&mut self) {
        self.segments.clear();
    }

    /// The source range that text `range` was read from; `None` if no part of it is mapped.
    pub fn source_range(&self, range: Range<usize>) -> Option<Range<usize>> {
        source_range(&self.segments, range)
    }

    /// The source range the whole text was read from, as `source_range(0..len)` gives it for
    /// the text's length `len`, without its two binary searches: from the first segment's
    /// source to the end of the last one's. `None` for an empty map.
    pub fn extent(&self) -> Option<Range<usize>> {
        let (first, last) = (self.segments.first()?, self.segments.last()?);
        Some(first.src()..last.src() + last.src_len())
    }
}

/// The source maps of a document's blocks, stored one after another.
#[derive(Debug, Clone, Default)]
pub struct SourceMaps {
    segments: Vec<Segment>,
}

/// Where one block's map lies in its document's [`SourceMaps`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapRange(Range<usize>);

impl SourceMaps {
    /// Room for `segments` segments, stored without growing until they are all there.
    pub fn with_capacity(segments: usize) -> SourceMaps {
        SourceMaps {
            segments: Vec::with_capacity(segments),
        }
    }

    /// Stores a copy of `map` and says where it lies.
    pub fn add(&mut self, map: &SourceMap) -> MapRange {
        let start = self.segments.len();
        self.segments.extend_from_slice(&map.segments);
        MapRange(start..self.segments.len())
    }

    /// Gives back the room that growing by doubling reserved beyond the maps stored.
    pub fn shrink_to_fit(&mut self) {
        self.segments.shrink_to_fit();
    }

    /// The source range that text `range` of the map at `map` was read from; `None` if no
    /// part of it is mapped.
    pub fn source_range(&self, map: &MapRange, range: Range<usize>) -> Option<Range<usize>> {
        source_range(&self.segments[map.0.clone()], range)
    }
}

/// The source range that text `range` of the map made of `segments` was read from.
fn source_range(segments: &[Segment], range: Range<usize>) -> Option<Range<usize>> {
    if range.is_empty() {
        return None;
    }
    let first = segments.partition_point(|s| s.text_end() <= range.start);
    let last = segments.partition_point(|s| s.text() < range.end);
    if first >= last {
        return None;
    }
    let (a, b) = (segments[first], segments[last - 1]);
    let start = if a.atomic || range.start < a.text() {
        a.src()
    } else {
        a.src() + (range.start - a.text())
    };
    let end = if b.atomic || range.end > b.text_end() {
        b.src() + b.src_len()
    } else {
        b.src() + (range.end - b.text())
    };
    Some(start..end.max(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "a&amp;b" decoded to "a&b".
    fn entity_map() -> SourceMap {
        let mut map = SourceMap::default();
        map.push_literal(0, 0, 1);
        map.push_atomic(1, 1, 1, 5);
        map.push_literal(2, 6, 1);
        map
    }

    #[test]
    fn ranges_through_an_entity_cover_all_of_it() {
        let map = entity_map();
        assert_eq!(map.source_range(0..3), Some(0..7));
        assert_eq!(map.source_range(1..2), Some(1..6));
        assert_eq!(map.source_range(2..3), Some(6..7));
    }

    #[test]
    fn slices_rebase_and_keep_atomic_segments_whole() {
        let mut map = SourceMap::default();
        map.append_slice(&entity_map(), 1..3, 0);
        assert_eq!(map.source_range(0..2), Some(1..7));
        let mut joined = SourceMap::default();
        joined.append_slice(&entity_map(), 1..3, 10);
        assert_eq!(joined.source_range(10..11), Some(1..6));
        assert_eq!(joined.source_range(11..12), Some(6..7));
    }

    #[test]
    fn one_byte_atomic_segments_merge_with_literals() {
        // "a b" where the space was read from one source byte.
        let mut map = SourceMap::default();
        map.push_literal(0, 0, 1);
        map.push_atomic(1, 1, 1, 1);
        map.push_literal(2, 2, 1);
        assert_eq!(map.segments.len(), 1);
        assert_eq!(map.source_range(1..2), Some(1..2));
        assert_eq!(map.source_range(0..3), Some(0..3));
    }

    #[test]
    fn maps_grow_from_one_inline_segment_and_compare_by_their_segments() {
        let mut map = SourceMap::default();
        assert_eq!(map.source_range(0..1), None);
        map.push_literal(0, 10, 3);
        assert_eq!(map.source_range(1..3), Some(11..13));
        map.push_atomic(3, 1, 13, 5);
        map.push_literal(4, 18, 2);
        assert_eq!(map.source_range(1..5), Some(11..19));
        assert_eq!(map.segments().count(), 3);
        // Cleared, the map keeps its vector; refilled, it equals a map that never grew.
        map.clear();
        assert_eq!(map.source_range(0..1), None);
        map.push_literal(0, 10, 3);
        let mut fresh = SourceMap::default();
        fresh.push_literal(0, 10, 3);
        assert_eq!(map, fresh);
        assert_ne!(map, entity_map());
    }

    #[test]
    fn stored_maps_answer_as_their_originals() {
        let mut maps = SourceMaps::default();
        let mut shifted = SourceMap::default();
        shifted.push_literal(0, 100, 4);
        let first = maps.add(&entity_map());
        let second = maps.add(&shifted);
        assert_eq!(maps.source_range(&first, 0..3), Some(0..7));
        assert_eq!(maps.source_range(&first, 1..2), Some(1..6));
        assert_eq!(maps.source_range(&second, 1..3), Some(101..103));
        assert_eq!(maps.source_range(&second, 4..5), None);
    }

    #[test]
    fn the_extent_is_the_source_range_of_the_whole_text() {
        let atomic_last = {
            let mut map = entity_map();
            map.push_atomic(3, 1, 7, 4);
            map
        };
        for map in [entity_map(), atomic_last] {
            let len = map.segments.last().map_or(0, Segment::text_end);
            assert_eq!(map.extent(), map.source_range(0..len));
        }
        assert_eq!(SourceMap::default().extent(), None);
    }

    #[test]
    fn adjacent_literals_merge() {
        let mut map = SourceMap::default();
        map.push_literal(0, 4, 2);
        map.push_literal(2, 6, 3);
        assert_eq!(map.segments.len(), 1);
        assert_eq!(map.source_range(1..4), Some(5..8));
    }
}
