//! Blocks that are in the article but are not prose to be scored: reference sections and
//! citation lists, and figure credits. Scoring them would reward or punish an article for its
//! bibliography; they are reported as skipped instead.

use super::{Block, BlockKind, SkipReason};

/// Headings that open a reference section.
const REFERENCE_HEADINGS: &[&str] = &[
    "references",
    "reference",
    "sources",
    "source",
    "bibliography",
    "citations",
    "works cited",
    "literature cited",
    "notes",
    "footnotes",
    "endnotes",
    "further reading",
    "references and further reading",
    "sources and references",
];

/// Marks reference sections (a reference heading and every block up to the next heading of the
/// same or a higher level), citation-like list items anywhere, and figure credits.
pub(super) fn mark(blocks: &mut [Block]) {
    let mut section: Option<u8> = None;
    for block in blocks.iter_mut() {
        if let BlockKind::Heading(level) = block.kind {
            if section.is_some_and(|open| level <= open) {
                section = None;
            }
            if section.is_none() && is_reference_heading(&block.text) {
                section = Some(level);
            }
        }
        block.skip = if section.is_some() || is_citation(block) {
            Some(SkipReason::References)
        } else if is_credit(block) {
            Some(SkipReason::Credit)
        } else {
            None
        };
    }
}

fn is_reference_heading(text: &str) -> bool {
    let trimmed = text.trim().trim_end_matches([':', '.']).trim();
    // The headings listed are ASCII: an ASCII heading is compared without lowercasing it into
    // a new string. Others are lowercased, since some letters lowercase to ASCII (the Kelvin
    // sign to `k`).
    if trimmed.is_ascii() {
        return REFERENCE_HEADINGS
            .iter()
            .any(|heading| heading.eq_ignore_ascii_case(trimmed));
    }
    REFERENCE_HEADINGS.contains(&trimmed.to_lowercase().as_str())
}

/// A list item that reads like a reference: a year in parentheses or followed by a semicolon or
/// period, with a DOI, PMID or URL, or with volume/page numbers ("2019;12(3):45-50").
fn is_citation(block: &Block) -> bool {
    // The year test reads bytes; lowercasing allocates, so it waits for a year.
    if block.kind != BlockKind::ListItem || !has_year(&block.text) {
        return false;
    }
    let text = &block.text;
    let lower = text.to_lowercase();
    let has_identifier = lower.contains("doi:")
        || lower.contains("doi.org/")
        || lower.contains("pmid")
        || lower.contains("http://")
        || lower.contains("https://");
    has_identifier || has_volume_pages(text) || lower.contains("et al.")
}

/// A four-digit year 1800–2099 standing alone (not part of a longer number).
fn has_year(text: &str) -> bool {
    let bytes = text.as_bytes();
    // A year starts with a 1 or a 2, which memchr finds a vector at a time; prose has few
    // digits, so most of a list item is skipped instead of tested window by window (about ten
    // instructions a byte, a tenth of the document stage's own work on the article's lists).
    memchr::memchr2_iter(b'1', b'2', bytes).any(|i| is_year_at(bytes, i))
}

/// Is a year 1800–2099 at `i` of `bytes`, not part of a longer number?
fn is_year_at(bytes: &[u8], i: usize) -> bool {
    matches!(
        bytes.get(i..i + 4),
        Some([b'1', b'8' | b'9', c, d] | [b'2', b'0', c, d])
            if c.is_ascii_digit() && d.is_ascii_digit()
    ) && (i == 0 || !bytes[i - 1].is_ascii_digit())
        && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit())
}

/// "12(3):45" or ";12:45" — journal volume, issue and pages.
fn has_volume_pages(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b':'
            && i > 0
            && (bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b')')
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
    })
}

/// A caption that credits the image rather than describing it.
fn is_credit(block: &Block) -> bool {
    if block.kind != BlockKind::Caption {
        return false;
    }
    let lower = block.text.trim_start().to_lowercase();
    lower.starts_with('©')
        || [
            "credit",
            "photo",
            "image",
            "illustration",
            "source",
            "copyright",
        ]
        .iter()
        .any(|word| {
            lower.strip_prefix(word).is_some_and(|rest| {
                let rest = rest.strip_prefix('s').unwrap_or(rest).trim_start();
                rest.starts_with(':') || rest.starts_with("by ")
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::sourcemap::MapRange;

    fn block(kind: BlockKind, text: &str) -> Block {
        Block {
            kind,
            text: text.to_string(),
            map: MapRange::default(),
            element: None,
            selector: None,
            skip: None,
            inlines: Vec::new(),
        }
    }

    fn skips(blocks: &[(BlockKind, &str)]) -> Vec<Option<SkipReason>> {
        let mut blocks: Vec<Block> = blocks.iter().map(|(k, t)| block(*k, t)).collect();
        mark(&mut blocks);
        blocks.into_iter().map(|b| b.skip).collect()
    }

    #[test]
    fn a_references_section_runs_to_the_next_heading_of_its_level() {
        let r = Some(SkipReason::References);
        assert_eq!(
            skips(&[
                (BlockKind::Paragraph, "Body text."),
                (BlockKind::Heading(2), "References:"),
                (BlockKind::ListItem, "Smith J. Anaemia. Lancet."),
                (BlockKind::Heading(3), "Older sources"),
                (BlockKind::ListItem, "Jones A. Iron."),
                (BlockKind::Heading(2), "Get help"),
                (BlockKind::Paragraph, "Call us."),
            ]),
            vec![None, r, r, r, r, None, None]
        );
    }

    #[test]
    fn reference_headings_match_in_any_case() {
        let r = Some(SkipReason::References);
        for heading in [
            "REFERENCES",
            "Works Cited.",
            "  further reading : ",
            "Wor\u{212a}s cited",
        ] {
            assert_eq!(
                skips(&[(BlockKind::Heading(2), heading)]),
                vec![r],
                "{heading:?}"
            );
        }
        for heading in ["Reference list", "Sources of iron", "Notes\u{e9}"] {
            assert_eq!(
                skips(&[(BlockKind::Heading(2), heading)]),
                vec![None],
                "{heading:?}"
            );
        }
    }

    #[test]
    fn citation_list_items_are_skipped_ordinary_items_are_not() {
        let r = Some(SkipReason::References);
        assert_eq!(
            skips(&[
                (
                    BlockKind::ListItem,
                    "Lee K, et al. Iron therapy. BMJ. 2019;364:l1234."
                ),
                (
                    BlockKind::ListItem,
                    "NHS. Anaemia (2023). https://example.org/anaemia"
                ),
                (BlockKind::ListItem, "Take iron tablets with orange juice."),
                (BlockKind::ListItem, "Since 2019 we have seen more cases."),
            ]),
            vec![r, r, None, None]
        );
    }

    #[test]
    fn years_are_found_alone_at_any_place() {
        for text in [
            "1800",
            "In 2099.",
            "(1999)",
            "x;1850;",
            "12 2019",
            "2020",
            "\u{e9}1901\u{e9}",
        ] {
            assert!(has_year(text), "{text:?}");
        }
        for text in [
            "",
            "1799",
            "2100",
            "21000",
            "12019",
            "20191",
            "201",
            "19x9",
            "1 2 1 2",
            "\u{661}\u{669}\u{669}\u{669}",
        ] {
            assert!(!has_year(text), "{text:?}");
        }
    }

    #[test]
    fn credits_are_skipped_descriptive_captions_are_not() {
        let c = Some(SkipReason::Credit);
        assert_eq!(
            skips(&[
                (BlockKind::Caption, "Photo: Science Photo Library"),
                (BlockKind::Caption, "© 2024 Example Health"),
                (BlockKind::Caption, "Image by Jane Doe"),
                (
                    BlockKind::Caption,
                    "Images of a healthy colon and one with polyps."
                ),
            ]),
            vec![c, c, c, None]
        );
    }
}
