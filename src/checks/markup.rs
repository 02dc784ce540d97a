//! Markup damage: parse errors that change what readers get. An unclosed or misnested
//! formatting element (`<strong>`, `<em>`, `<a>` …) is carried by the parser into every block
//! that follows — the rest of the article turns bold, or one link swallows the page. The tree
//! builder's error points at the token where it noticed (often the end of the damage); this rule
//! reports at the cause, the formatting element's start tag, with what it swallowed.
//!
//! A formatting element is damaged when the parser had to re-open it (copies of it without a
//! start tag of their own follow it: it was left open when its block closed), or when it wraps
//! headings, paragraphs or lists and a parse error was raised inside it.

use super::accname::{element, fold, is_formatting, text_of, El};
use super::{Category, Context, Hit, Rule, Severity};
use crate::source::Span;
use ego_tree::NodeId;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use scraper::node::Element;

pub(super) const MARKUP_DAMAGE: Rule = Rule {
    id: "markup-damage",
    title: "Unclosed or misnested formatting",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["1.3.1"],
    act: &[],
    help: "A formatting tag that is never closed (or closed in the wrong order) spreads over \
           everything after it: headings, paragraphs and lists all turn bold or italic, or all \
           become part of one link. Close the tag where its text ends.",
    check: markup_damage,
};

fn is_swallowable_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "table"
            | "blockquote"
            | "div"
            | "section"
            | "figure"
            | "dl"
            | "pre"
    )
}

fn markup_damage(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    let document = context.document;
    let elements = dom.elements();
    let mut hits = Vec::new();
    let mut reported: HashSet<NodeId> = HashSet::default();
    // Copies the parser made, attributed to the nearest written element of the same name.
    // Their names borrowed from the elements: a copy of each was an allocation per written
    // formatting element.
    let mut open_origin: Vec<(&str, El<'_>)> = Vec::new();
    let mut copies: Vec<(NodeId, Vec<El<'_>>)> = Vec::new();
    // Where each origin's copies are in `copies`.
    let mut copies_of: HashMap<NodeId, usize> = HashMap::default();
    // The written formatting elements but links, with their start tags: all that the test of
    // wrapped blocks below reads, listed here rather than found by a second walk of every
    // element.
    let mut written: Vec<(El<'_>, &Element, Span)> = Vec::new();
    for &(node, el) in elements {
        let name = el.name();
        if !is_formatting(name) {
            continue;
        }
        if let Some(start) = document.start_tag_span(node.id()) {
            open_origin.retain(|(n, _)| *n != name);
            open_origin.push((name, node));
            if name != "a" {
                written.push((node, el, start));
            }
        } else if let Some((_, origin)) = open_origin.iter().rev().find(|(n, _)| *n == name) {
            match copies_of.get(&origin.id()) {
                Some(&at) => copies[at].1.push(node),
                None => {
                    copies_of.insert(origin.id(), copies.len());
                    copies.push((origin.id(), vec![node]));
                }
            }
        }
    }
    for (origin, list) in &copies {
        let Some(node) = dom.html.tree.get(*origin) else {
            continue;
        };
        let name = element(&node).map_or("", |e| e.name());
        let swallowed: Vec<El<'_>> = list
            .iter()
            .flat_map(|copy| {
                // The blocks the copy wraps, else the block it sits in.
                let inside: Vec<El<'_>> = copy
                    .children()
                    .filter(|c| element(c).is_some_and(|e| is_swallowable_block(e.name())))
                    .collect();
                if inside.is_empty() {
                    copy.ancestors()
                        .find(|a| element(a).is_some_and(|e| is_swallowable_block(e.name())))
                        .into_iter()
                        .collect()
                } else {
                    inside
                }
            })
            .collect();
        // Misnesting inside the origin's own block (`<b><i>x</b>y</i>`) reads as meant.
        let swallowed: Vec<El<'_>> = swallowed
            .into_iter()
            .filter(|block| !node.ancestors().any(|a| a.id() == block.id()))
            .collect();
        if swallowed.is_empty() {
            continue;
        }
        reported.insert(*origin);
        hits.push(dom.hit(node, message(name, &swallowed)));
    }
    // Formatting elements that wrap blocks, with a parse error inside them: one raised after
    // their start tag (none without a parse error).
    let Some(last_error) = document.parse_errors.iter().map(|e| e.range.start).max() else {
        return hits;
    };
    for (node, el, start) in written {
        if reported.contains(&node.id()) || last_error < start.end as usize {
            continue;
        }
        let blocks: Vec<El<'_>> = node
            .children()
            .filter(|c| element(c).is_some_and(|e| is_swallowable_block(e.name())))
            .collect();
        if !blocks.is_empty() {
            hits.push(dom.hit(node, message(el.name(), &blocks)));
        }
    }
    hits
}

fn message(name: &str, swallowed: &[El<'_>]) -> String {
    let mut seen = HashSet::default();
    let blocks: Vec<El<'_>> = swallowed
        .iter()
        .copied()
        .filter(|b| seen.insert(b.id()))
        .collect();
    // Only the blocks shown need their text: a damaged page may swallow thousands.
    let shown: Vec<String> = blocks
        .iter()
        .take(3)
        .map(|b| {
            let tag = element(b).map_or("", |e| e.name());
            let text = fold(&text_of(*b));
            let short: String = text.chars().take(40).collect();
            if short.len() < text.len() {
                format!("<{tag}> \"{short}…\"")
            } else {
                format!("<{tag}> \"{short}\"")
            }
        })
        .collect();
    let more = blocks.len().saturating_sub(3);
    format!(
        "<{name}> is not closed where its text ends, so it spreads over {} following block{}: {}{}",
        blocks.len(),
        if blocks.len() == 1 { "" } else { "s" },
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )
}

#[cfg(test)]
mod tests {
    /// The `markup-damage` findings of an HTML fragment, as the spans of their elements.
    fn damaged(html: &str) -> Vec<&str> {
        let options = crate::Options::default();
        let report = crate::analyze_html(html.as_bytes(), None, &options).expect("a report");
        report
            .findings
            .iter()
            .filter(|f| f.rule == "markup-damage")
            .map(|f| &html[f.span.range()])
            .collect()
    }

    #[test]
    fn formatting_that_wraps_blocks_is_damage_only_before_a_parse_error_and_not_for_links() {
        // The stray `</i>` is a parse error after the wrapping element's start tag.
        let wrapped = "<em><p>One.</p><p>Two.</p></em><p>Three</i></p>";
        assert_eq!(damaged(wrapped), ["<em>"]);
        assert!(damaged(&wrapped.replace("</i>", "")).is_empty());
        let linked = "<a href=x><p>One.</p><p>Two.</p></a><p>Three</i></p>";
        assert!(damaged(linked).is_empty());
        // Two wrapping elements, each reported at its own start tag, in document order.
        let both = "<b><p>One.</p></b><p>Two.</p><u><p>Three.</p></u><p>Four</i></p>";
        assert_eq!(damaged(both), ["<b>", "<u>"]);
    }
}
