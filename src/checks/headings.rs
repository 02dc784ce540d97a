//! Heading rules: every heading has a name; the page starts at h1 (a fragment at
//! `first_heading_level`); levels are not skipped; headings are short, distinct, descriptive,
//! and have a section under them; and bold paragraphs are not passed off as headings.
//!
//! Headings are the elements exposed with role `heading` (h1–h6 and `role="heading"`), of the
//! whole body, in document order; their text is their accessible name.

use super::accname::{attribute_named, element, fold, text_of, Dom, El, Exposed};
use super::{Category, Context, Hit, Rule, Severity};
use crate::document::AttributeByName;
use crate::document::Scope;
use ego_tree::iter::Edge;
use html5ever::local_name;
use rustc_hash::FxHashSet as HashSet;

/// Headings longer than this many characters are flagged: a heading is a signpost, and
/// screen reader users skim them in a list.
pub const HEADING_MAX_CHARS: usize = 120;
/// A bold-only paragraph of at most this many characters may be a heading in disguise.
const FAKE_HEADING_MAX_CHARS: usize = 80;

pub(super) struct Heading<'a> {
    node: El<'a>,
    level: u8,
    text: String,
    /// The name lowercased, which two rules compare: lowercased once here, not by each.
    lower: String,
}

/// The headings of the body in document order, with their levels and names: built once per
/// document and shared by the heading rules (see [`Context::headings`]).
pub(super) fn headings<'a>(dom: &Dom<'a>) -> Vec<Heading<'a>> {
    dom.exposed()
        .iter()
        .filter(|e| e.role == Some("heading"))
        .map(|exposed| {
            let Exposed { node, el, .. } = *exposed;
            let native = match el.name() {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(el.name().as_bytes()[1] - b'0'),
                _ => None,
            };
            let aria = attribute_named(el, &local_name!("aria-level"))
                .and_then(|l| l.trim().parse::<u8>().ok())
                .filter(|l| *l >= 1);
            let level = aria.or(native).unwrap_or(2);
            let text = dom.name_once(exposed);
            Heading {
                node,
                level,
                lower: text.to_lowercase(),
                text,
            }
        })
        .collect()
}

fn with_headings(
    context: &Context,
    f: impl for<'a> Fn(&Dom<'a>, &[Heading<'a>]) -> Vec<Hit>,
) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    f(dom, context.headings())
}

pub(super) const HEADING_NAME_EMPTY: Rule = Rule {
    id: "heading-empty",
    title: "Empty heading",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.3.1", "2.4.6"],
    act: &["ffd0e9"],
    help: "A heading with no text (only spaces, a line break, an image without alt, or text \
           hidden with aria-hidden) is announced as an empty heading and breaks the page's \
           outline. Give it text, or remove it.",
    check: heading_empty,
};

fn heading_empty(context: &Context) -> Vec<Hit> {
    with_headings(context, |dom, list| {
        list.iter()
            .filter(|h| h.text.is_empty())
            .map(|h| {
                dom.hit(
                    h.node,
                    format_args!("Heading (level {}) has no text", h.level),
                )
            })
            .collect()
    })
}

pub(super) const HEADING_START: Rule = Rule {
    id: "heading-start",
    title: "Page without an h1, or fragment starting at the wrong level",
    category: Category::Structure,
    severity: Severity::Warning,
    wcag: &["1.3.1", "2.4.6"],
    act: &[],
    help: "A page needs one h1 naming its subject. A fragment edited in a CMS that supplies \
           the h1 itself should start at the level the CMS expects: set the option \
           first_heading_level (2 when the CMS owns the h1).",
    check: heading_start,
};

fn heading_start(context: &Context) -> Vec<Hit> {
    let expected = context.options.first_heading_level.unwrap_or(1);
    with_headings(context, |dom, list| match context.document.scope {
        Scope::Fragment => {
            let Some(first) = list.first() else {
                return Vec::new();
            };
            if first.level == expected {
                return Vec::new();
            }
            let message = if first.level > expected {
                format!(
                        "The first heading is h{} but the text should start at h{expected} \
                         (set first_heading_level={} if the page around it supplies the levels above)",
                        first.level, first.level
                    )
            } else {
                format!(
                    "The first heading is h{} but first_heading_level is {expected}: the page \
                         around this fragment already has that level",
                    first.level
                )
            };
            vec![dom.hit(first.node, message)]
        }
        Scope::Text => Vec::new(),
        _ => {
            if list.iter().any(|h| h.level == 1) {
                return Vec::new();
            }
            let at = list.first().map(|h| h.node).or_else(|| dom.body());
            at.map(|node| {
                dom.hit(
                    node,
                    "The page has no h1: add one heading that names the page's subject",
                )
            })
            .into_iter()
            .collect()
        }
    })
}

pub(super) const HEADING_MULTIPLE_H1: Rule = Rule {
    id: "heading-multiple-h1",
    title: "More than one h1",
    category: Category::Structure,
    severity: Severity::Warning,
    wcag: &["1.3.1"],
    act: &[],
    help: "One h1 names the page; more than one makes its subject unclear to people who skim \
           the headings. Make the others h2.",
    check: heading_multiple_h1,
};

fn heading_multiple_h1(context: &Context) -> Vec<Hit> {
    with_headings(context, |dom, list| {
        list.iter()
            .filter(|h| h.level == 1)
            .skip(1)
            .map(|h| {
                dom.hit(
                    h.node,
                    format!(
                        "Another h1 (\"{}\"): the page already has one; use h2",
                        h.text
                    ),
                )
            })
            .collect()
    })
}

pub(super) const HEADING_SKIPPED_LEVEL: Rule = Rule {
    id: "heading-skipped-level",
    title: "Heading level skipped",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["1.3.1"],
    act: &[],
    help: "Heading levels go down one at a time (h2 then h3, not h2 then h4), so that the \
           outline shows which section belongs to which. Choose the level by structure, not \
           by size; restyle it with CSS if it looks too big.",
    check: heading_skipped_level,
};

fn heading_skipped_level(context: &Context) -> Vec<Hit> {
    with_headings(context, |dom, list| {
        list.windows(2)
            .filter(|w| w[1].level > w[0].level + 1)
            .map(|w| {
                dom.hit(
                    w[1].node,
                    format!(
                        "Heading level jumps from h{} to h{}: use h{}",
                        w[0].level,
                        w[1].level,
                        w[0].level + 1
                    ),
                )
            })
            .collect()
    })
}

pub(super) const HEADING_TOO_LONG: Rule = Rule {
    id: "heading-too-long",
    title: "Very long heading",
    category: Category::Structure,
    severity: Severity::Warning,
    wcag: &["2.4.6"],
    act: &[],
    help: "Headings over 120 characters read like paragraphs: shorten the heading to the \
           section's topic and move the rest into the text.",
    check: heading_too_long,
};

fn heading_too_long(context: &Context) -> Vec<Hit> {
    with_headings(context, |dom, list| {
        list.iter()
            .filter_map(|h| {
                let chars = h.text.chars().count();
                (chars > HEADING_MAX_CHARS).then(|| {
                    dom.hit(
                        h.node,
                        format!(
                            "Heading is {chars} characters long (more than {HEADING_MAX_CHARS})"
                        ),
                    )
                })
            })
            .collect()
    })
}

pub(super) const HEADING_DUPLICATE: Rule = Rule {
    id: "heading-duplicate",
    title: "Same heading text twice",
    category: Category::Structure,
    severity: Severity::Warning,
    wcag: &["2.4.6"],
    act: &[],
    help: "Two headings with the same text look the same in a list of headings: say what is \
           different about each section.",
    check: heading_duplicate,
};

fn heading_duplicate(context: &Context) -> Vec<Hit> {
    with_headings(context, |dom, list| {
        // Keyed by the headings' own lowercased names, sized once for all of them.
        let mut seen: HashSet<&str> =
            HashSet::with_capacity_and_hasher(list.len(), Default::default());
        list.iter()
            .filter(|h| !h.text.is_empty() && !seen.insert(&h.lower))
            .map(|h| {
                dom.hit(
                    h.node,
                    format!("Heading \"{}\" repeats an earlier heading", h.text),
                )
            })
            .collect()
    })
}

pub(super) const HEADING_EMPTY_SECTION: Rule = Rule {
    id: "heading-empty-section",
    title: "Heading with nothing under it",
    category: Category::Structure,
    severity: Severity::Warning,
    wcag: &["1.3.1"],
    act: &[],
    help: "A heading followed directly by a heading of the same or a higher level heads an \
           empty section. Add its content, remove it, or make the next heading a sub-heading.",
    check: heading_empty_section,
};

fn heading_empty_section(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    let list = context.headings();
    let Some(body) = dom.body() else {
        return Vec::new();
    };
    let content_after = content_after_headings(dom, list, body);
    list.windows(2)
        .enumerate()
        .filter(|(i, w)| !content_after[*i] && w[1].level <= w[0].level)
        .map(|(_, w)| {
            dom.hit(
                w[0].node,
                format!(
                    "Heading \"{}\" is followed directly by a heading of the same or higher level (h{}): its section is empty",
                    w[0].text, w[1].level
                ),
            )
        })
        .collect()
}

/// For each heading: does content (non-blank text, an image, a table, a form control …) follow
/// it before the next heading, outside the subtrees that are not read (see [`starts_skip`])?
/// A heading inside another heading, or inside a subtree that is not read, starts no section
/// of its own (its answer is false), and content inside a heading counts for none.
///
/// Only the nodes from a heading's end up to its first content are visited: once it has
/// content, the walk jumps to the next heading (the headings are in document order), so most
/// of the body is never walked.
fn content_after_headings<'a>(dom: &Dom<'a>, list: &[Heading<'a>], body: El<'a>) -> Vec<bool> {
    let mut content_after = vec![false; list.len()];
    let mut next = 0;
    // The next heading to start a section, if the walk of the one before stopped on it.
    let mut reached = None;
    loop {
        let current = match reached.take() {
            Some(i) => i,
            None => {
                let Some(heading) = list.get(next) else {
                    break;
                };
                next += 1;
                if in_skipped_subtree(dom, heading.node, body) {
                    continue;
                }
                next - 1
            }
        };
        let node = list[current].node;
        // The headings inside this one start no section.
        while list
            .get(next)
            .is_some_and(|h| h.node.ancestors().any(|a| a.id() == node.id()))
        {
            next += 1;
        }
        let mut skipping: Option<ego_tree::NodeId> = None;
        for edge in following(node, body) {
            match edge {
                Edge::Open(open) if list.get(next).is_some_and(|h| h.node.id() == open.id()) => {
                    next += 1;
                    if skipping.is_none() {
                        reached = Some(next - 1);
                        break;
                    }
                }
                Edge::Open(open) if skipping.is_none() => {
                    if is_content(dom, open) {
                        content_after[current] = true;
                        break;
                    }
                    if element(&open).is_some_and(|el| starts_skip(dom, open, el)) {
                        skipping = Some(open.id());
                    }
                }
                Edge::Close(close) if skipping == Some(close.id()) => skipping = None,
                _ => {}
            }
        }
    }
    content_after
}

/// The edges of the nodes after `node` and its subtree in document order, up to the end of
/// `body`.
fn following<'a>(node: El<'a>, body: El<'a>) -> impl Iterator<Item = Edge<'a, scraper::Node>> {
    std::iter::successors(Some(node), |n| n.parent())
        .take_while(move |n| n.id() != body.id())
        .flat_map(|n| n.next_siblings())
        .flat_map(|s| s.traverse())
}

/// Is the node content of a section: non-blank text, or an element that shows or asks for
/// something (an image, a table, media, a form control)? Elements whose subtree is not read
/// are not.
fn is_content(dom: &Dom<'_>, node: El<'_>) -> bool {
    match element(&node) {
        Some(el) => {
            !starts_skip(dom, node, el)
                && matches!(
                    el.name(),
                    "img"
                        | "table"
                        | "iframe"
                        | "video"
                        | "audio"
                        | "svg"
                        | "object"
                        | "embed"
                        | "canvas"
                        | "input"
                        | "button"
                        | "select"
                        | "textarea"
                        | "picture"
                        | "math"
                )
        }
        None => node.value().as_text().is_some_and(|t| !t.trim().is_empty()),
    }
}

/// Does `heading_empty_section`'s walk skip the subtree of this element (not rendered, not
/// exposed, or text that is not read)?
fn starts_skip(dom: &Dom<'_>, node: El<'_>, el: &scraper::node::Element) -> bool {
    let name = &el.name.local;
    !dom.in_tree(node)
        || *name == local_name!("script")
        || *name == local_name!("style")
        || *name == local_name!("template")
}

/// Is `node` inside a subtree that `heading_empty_section`'s walk of `body` skips?
fn in_skipped_subtree(dom: &Dom<'_>, node: El<'_>, body: El<'_>) -> bool {
    node.ancestors()
        .take_while(|a| a.id() != body.id())
        .any(|a| element(&a).is_some_and(|el| starts_skip(dom, a, el)))
}

pub(super) const HEADING_FAKE: Rule = Rule {
    id: "heading-fake",
    title: "Bold paragraph used as a heading",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["1.3.1"],
    act: &[],
    help: "A short paragraph that is all bold (or in a large font) looks like a heading but is \
           not one: screen reader users cannot jump to it, and it is missing from the outline. \
           Use a heading element of the right level.",
    check: heading_fake,
};

fn heading_fake(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    dom.exposed_named(&local_name!("p"))
        .filter_map(|&Exposed { node, el, .. }| {
            // Bold or large first: it rules out most paragraphs at their first words, without
            // building their text.
            let large = attribute_named(el, &local_name!("style")).is_some_and(is_large_font);
            if !(large || all_bold(node)) {
                return None;
            }
            let text = fold(&text_of(node));
            let chars = text.chars().count();
            if text.is_empty() || chars > FAKE_HEADING_MAX_CHARS || text.ends_with(['.', ',', ';']) {
                return None;
            }
            // A heading heads something: another block follows.
            let followed = node
                .next_siblings()
                .any(|s| element(&s).is_some_and(|e| !matches!(e.name(), "br" | "script")));
            followed.then(|| {
                dom.hit(
                    node,
                    format!("\"{text}\" looks like a heading (a short bold paragraph): use a heading element"),
                )
            })
        })
        .collect()
}

/// Is every non-blank text of the paragraph inside `<strong>`/`<b>` (or bold inline style)?
fn all_bold(node: El<'_>) -> bool {
    let mut any = false;
    for d in node.descendants() {
        let Some(text) = d.value().as_text() else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        any = true;
        let bold = d.ancestors().take_while(|a| a.id() != node.id()).any(|a| {
            element(&a).is_some_and(|e| {
                matches!(e.name(), "strong" | "b")
                    || e.attribute("style").is_some_and(|s| {
                        let s = s.replace(' ', "").to_ascii_lowercase();
                        s.contains("font-weight:bold") || s.contains("font-weight:700")
                    })
            })
        });
        if !bold {
            return false;
        }
    }
    any
}

fn is_large_font(style: &str) -> bool {
    let s = style.replace(' ', "").to_ascii_lowercase();
    let Some(at) = s.find("font-size:") else {
        return false;
    };
    let value = s[at + 10..].split(';').next().unwrap_or("");
    if matches!(value, "large" | "x-large" | "xx-large" | "larger") {
        return true;
    }
    let number: String = value
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let unit = &value[number.len()..];
    let Ok(n) = number.parse::<f64>() else {
        return false;
    };
    match unit {
        "px" => n >= 20.0,
        "pt" => n >= 15.0,
        "em" | "rem" => n >= 1.25,
        "%" => n >= 125.0,
        _ => false,
    }
}

pub(super) const HEADING_NOT_DESCRIPTIVE: Rule = Rule {
    id: "heading-not-descriptive",
    title: "Heading that says nothing",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["2.4.6"],
    act: &[],
    help: "Headings such as \"More\", \"Untitled\" or \"Section 1\" do not tell readers what \
           the section is about. Name its topic.",
    check: heading_not_descriptive,
};

const VAGUE_HEADINGS: &[&str] = &[
    "more",
    "more info",
    "more information",
    "untitled",
    "heading",
    "title",
    "subheading",
    "section",
    "new section",
    "header",
    "details",
    "misc",
    "miscellaneous",
    "other",
    "stuff",
    "text",
    "content",
    "lorem ipsum",
    "click here",
    "read more",
    "placeholder",
    "tbd",
    "todo",
];

fn heading_not_descriptive(context: &Context) -> Vec<Hit> {
    with_headings(context, |dom, list| {
        list.iter()
            .filter(|h| {
                let key = h.lower.trim_end_matches([':', '.', '…']).trim();
                let numbered = key
                    .strip_prefix("section ")
                    .or_else(|| key.strip_prefix("heading "))
                    .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
                VAGUE_HEADINGS.contains(&key) || numbered
            })
            .map(|h| {
                dom.hit(
                    h.node,
                    format!(
                        "Heading \"{}\" does not say what the section is about",
                        h.text
                    ),
                )
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use crate::{analyze_html, Options};

    fn empty_sections(html: &str) -> usize {
        let report = analyze_html(html.as_bytes(), None, &Options::default()).unwrap();
        report
            .findings
            .iter()
            .filter(|f| f.rule == "heading-empty-section")
            .count()
    }

    #[test]
    fn a_section_has_content_only_where_it_is_read() {
        let after = "<h2>B</h2><p>y</p>";
        // Content anywhere after the heading's end counts: in a sibling's subtree, or after an
        // ancestor of the heading.
        for content in ["<div><span>x</span></div>", "<p><img src=a alt=b></p>"] {
            assert_eq!(empty_sections(&format!("<h2>A</h2>{content}{after}")), 0);
        }
        assert_eq!(
            empty_sections(&format!("<div><h2>A</h2></div><p>x</p>{after}")),
            0
        );
        // Hidden content, scripts and content inside the heading itself do not.
        for nothing in [
            "<div hidden><p>x</p></div>",
            "<script>x</script>",
            "<p> </p>",
        ] {
            assert_eq!(empty_sections(&format!("<h2>A</h2>{nothing}{after}")), 1);
        }
        assert_eq!(
            empty_sections(&format!("<h2>A<img src=a alt=b></h2>{after}")),
            1
        );
        // A hidden heading is no heading: the content after it belongs to the one before.
        let hidden = "<div aria-hidden=true><h2>H</h2></div>";
        assert_eq!(
            empty_sections(&format!("<h2>A</h2>{hidden}<p>x</p>{after}")),
            0
        );
        // A heading inside another starts no section: the one after it follows it directly.
        let nested = "<h2>A<span role=heading aria-level=2>N</span></h2>";
        assert_eq!(empty_sections(&format!("{nested}<p>x</p>{after}")), 1);
    }
}
