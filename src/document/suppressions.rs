//! Where the author has told legible to stay quiet, as ranges of the source.
//!
//! Two forms, both read by the document stage so that every consumer (the API, the CLI, the
//! web form) honours them alike:
//!
//! - `<!-- legible-disable -->` … `<!-- legible-enable -->` silences every rule from the end of
//!   the first comment to the start of the second; `<!-- legible-disable image-alt-missing
//!   jargon -->` silences only the named rule ids or categories. `<!-- legible-enable -->` ends
//!   every open range, `<!-- legible-enable jargon -->` only the one naming `jargon`. A range
//!   never enabled again runs to the end of the document.
//! - `data-legible-ignore` on an element: its subtree is not read as prose at all (the block
//!   walker skips it), and findings on its elements are dropped.
//!
//! Findings that start inside a range are dropped before the report is built; sentences and
//! scores are untouched by comments (silencing a rule is not rewriting the text).

use super::tree::Parsed;
use super::AttributeByName;
use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::Node;
use std::ops::Range;

/// The attribute that takes an element and its subtree out of the analysis.
pub const IGNORE_ATTRIBUTE: &str = "data-legible-ignore";

/// A silenced stretch of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Byte range of the source.
    pub range: Range<usize>,
    /// Rule ids or category names silenced; empty means every rule.
    pub rules: Vec<String>,
}

impl Suppression {
    /// Does this suppression silence `rule` (of `category`) at byte `offset`?
    pub fn covers(&self, rule: &str, category: &str, offset: usize) -> bool {
        self.range.contains(&offset)
            && (self.rules.is_empty() || self.rules.iter().any(|r| r == rule || r == category))
    }
}

/// Is the element marked to be left out?
pub fn is_ignored(element: &Element) -> bool {
    element.attribute(IGNORE_ATTRIBUTE).is_some()
}

/// The suppressions of a parsed document: comment ranges, then ignored elements. The tree is
/// walked for those only when a tag carried the attribute: testing every element's attributes
/// for it cost about 2 % of the document stage, for pages that almost never use it.
pub(super) fn find(parsed: &Parsed, source_len: usize) -> Vec<Suppression> {
    let mut found = from_comments(&parsed.comments, source_len);
    if parsed.marks_ignored {
        found.extend(ignored_elements(parsed));
    }
    found
}

/// A comment's directive: `(true, rules)` for disable, `(false, rules)` for enable.
fn directive(comment: &str) -> Option<(bool, Vec<String>)> {
    let mut words = comment
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty());
    let disable = match words.next()? {
        "legible-disable" => true,
        "legible-enable" => false,
        _ => return None,
    };
    Some((disable, words.map(str::to_string).collect()))
}

fn from_comments(comments: &[(String, Range<usize>)], source_len: usize) -> Vec<Suppression> {
    let mut closed = Vec::new();
    let mut open: Vec<Suppression> = Vec::new();
    for (body, range) in comments {
        match directive(body) {
            Some((true, rules)) => open.push(Suppression {
                range: range.end..source_len,
                rules,
            }),
            Some((false, rules)) => {
                let (ending, still_open): (Vec<_>, Vec<_>) = open
                    .into_iter()
                    .partition(|s| rules.is_empty() || s.rules.iter().any(|r| rules.contains(r)));
                open = still_open;
                closed.extend(ending.into_iter().map(|mut s| {
                    s.range.end = range.start;
                    s
                }));
            }
            None => {}
        }
    }
    closed.extend(open);
    closed
}

/// Each `data-legible-ignore` element, from its start tag to the end of the last
/// thing inside it that has a source position (its end tag is not recorded, and nothing a
/// finding could point at lies between that and the end tag).
fn ignored_elements(parsed: &Parsed) -> Vec<Suppression> {
    let mut found = Vec::new();
    for node in parsed.html.tree.root().descendants() {
        let Node::Element(element) = node.value() else {
            continue;
        };
        if !is_ignored(element) {
            continue;
        }
        if let Some(range) = extent(parsed, node) {
            found.push(Suppression {
                range,
                rules: Vec::new(),
            });
        }
    }
    found
}

/// The source bytes an element and its descendants were read from.
fn extent(parsed: &Parsed, element: NodeRef<'_, Node>) -> Option<Range<usize>> {
    element
        .descendants()
        .filter_map(|node| match node.value() {
            Node::Text(_) => {
                let map = parsed.text_maps.get(node.id())?;
                let mut sources = map.segments().map(|(_, src, _)| src);
                let first = sources.next()?;
                let last = sources.last().unwrap_or_else(|| first.clone());
                Some(first.start..last.end)
            }
            _ => parsed.start_tags.get(node.id()).cloned(),
        })
        .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use html5ever::tendril::StrTendril;

    fn ranges(html: &str) -> Vec<(String, Vec<String>)> {
        let parsed = super::super::tree::parse(&StrTendril::from_slice(html));
        find(&parsed, html.len())
            .into_iter()
            .map(|s| (html[s.range].to_string(), s.rules))
            .collect()
    }

    #[test]
    fn comments_open_and_close_ranges() {
        let html = "<p>a</p><!-- legible-disable jargon, image-alt-missing --><p>b</p><!-- legible-enable --><p>c</p>";
        assert_eq!(
            ranges(html),
            [(
                "<p>b</p>".to_string(),
                vec!["jargon".to_string(), "image-alt-missing".to_string()]
            )]
        );
    }

    #[test]
    fn an_unclosed_range_runs_to_the_end_and_enable_can_name_rules() {
        let html = "<!-- legible-disable a --><!-- legible-disable b --><p>x</p><!-- legible-enable b --><p>y</p>";
        let found = ranges(html);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], ("<p>x</p>".to_string(), vec!["b".to_string()]));
        assert!(found[1].0.ends_with("<p>y</p>") && found[1].1 == ["a"]);
    }

    #[test]
    fn other_comments_and_comments_in_scripts_do_nothing() {
        assert!(ranges("<!-- note --><script>/* <!-- legible-disable --> */</script>").is_empty());
    }

    #[test]
    fn an_ignored_element_spans_its_subtree() {
        let html = "<p>a</p><div data-legible-ignore><p>b <img src=x></p></div><p>c</p>";
        assert_eq!(
            ranges(html),
            [(
                "<div data-legible-ignore><p>b <img src=x>".to_string(),
                vec![]
            )]
        );
    }

    /// The tree is searched for ignored elements only when the tokenizer read the attribute,
    /// whatever its case and wherever the tree builder put it (a second `<body>` tag's
    /// attributes go to the first body).
    #[test]
    fn ignored_elements_are_found_in_any_case_and_on_merged_tags() {
        let html = "<p>a</p><SECTION Data-Legible-Ignore><p>b</p></SECTION>";
        assert_eq!(
            ranges(html),
            [("<SECTION Data-Legible-Ignore><p>b".to_string(), vec![])]
        );
        let html = "<body><p>a</p><body data-legible-ignore><p>b</p>";
        assert_eq!(ranges(html), [(html[..html.len() - 4].to_string(), vec![])]);
        assert!(
            !super::super::tree::parse(&StrTendril::from_slice("<p data-legible>x</p>"))
                .marks_ignored
        );
    }

    #[test]
    fn covers_matches_rule_or_category() {
        let s = Suppression {
            range: 5..10,
            rules: vec!["jargon".to_string()],
        };
        assert!(s.covers("jargon-term", "jargon", 5));
        assert!(!s.covers("image-alt-missing", "accessibility", 6));
        assert!(!s.covers("jargon-term", "jargon", 10));
    }
}
