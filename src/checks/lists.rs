//! List rules (WCAG 1.3.1): a list is marked up as one, and list items sit in a list.

use super::accname::{attribute_named, element, fold, is_formatting, text_of, El, Exposed};
use super::{Category, Context, Hit, Rule, Severity};
use crate::document::AttributeByName;
use html5ever::local_name;

pub(super) const LIST_IMITATED: Rule = Rule {
    id: "list-imitated",
    title: "Paragraphs that imitate a list",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["1.3.1"],
    act: &[],
    help: "Lines that start with \"•\", \"-\" or \"1.\" look like a list but are not one: screen \
           readers do not announce how many items there are or let readers skip the list. Use \
           <ul> or <ol>.",
    check: list_imitated,
};

/// Does a line start like a list item: a bullet, or a number or letter with "." or ")"?
fn is_item_line(line: &str) -> bool {
    let line = line.trim_start();
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if matches!(
        first,
        '•' | '·'
            | '▪'
            | '◦'
            | '‣'
            | '●'
            | '○'
            | '■'
            | '□'
            | '➢'
            | '►'
            | '*'
            | '-'
            | '–'
            | '—'
            | '✓'
            | '✔'
    ) {
        return chars.next().is_some_and(char::is_whitespace);
    }
    let marker = &line[..line.bytes().take_while(u8::is_ascii_alphanumeric).count()];
    let numbered = !marker.is_empty()
        && (marker.chars().all(|c| c.is_ascii_digit()) && marker.len() <= 2
            || marker.len() == 1 && marker.chars().all(|c| c.is_ascii_lowercase()));
    let rest = &line[marker.len()..];
    numbered && (rest.starts_with(". ") || rest.starts_with(") "))
}

/// The first characters of a line after its leading whitespace: all [`is_item_line`] reads (a
/// bullet and a space, or a marker of at most two characters, a "." or ")" and a space), so a
/// paragraph's lines are tested without copying their text.
#[derive(Default)]
struct LineStart {
    bytes: [u8; 4 * LineStart::CHARS],
    len: usize,
    chars: usize,
}

impl LineStart {
    const CHARS: usize = 4;

    fn push(&mut self, text: &str) {
        for c in text.chars() {
            if self.chars == Self::CHARS {
                return;
            }
            if self.chars == 0 && c.is_whitespace() {
                continue;
            }
            self.len += c.encode_utf8(&mut self.bytes[self.len..]).len();
            self.chars += 1;
        }
    }

    /// Tested as text only when its first byte can begin an item (a bullet's first byte, a
    /// digit or a lowercase ASCII letter): most lines are ruled out by that byte alone.
    fn is_item(&self) -> bool {
        self.bytes[..self.len].first().is_some_and(|&b| {
            !b.is_ascii()
                || b.is_ascii_digit()
                || b.is_ascii_lowercase()
                || matches!(b, b'*' | b'-')
        }) && std::str::from_utf8(&self.bytes[..self.len]).is_ok_and(is_item_line)
    }
}

/// Does the text of a node (all of it, line breaks ignored) start like a list item?
fn starts_as_item(node: El<'_>) -> bool {
    let mut start = LineStart::default();
    for text in node.descendants().filter_map(|d| d.value().as_text()) {
        start.push(text);
    }
    start.is_item()
}

fn list_imitated(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for &Exposed { node, .. } in dom.exposed_named(&local_name!("p")) {
        // Lines split by <br> inside one paragraph. The start of the whole paragraph is its
        // first line's until the first break, so it is read apart from the lines' only after
        // one (and most paragraphs have none).
        let (mut line, mut whole, mut items) = (LineStart::default(), None::<LineStart>, 0);
        for child in node.descendants().skip(1) {
            if let Some(t) = child.value().as_text() {
                line.push(t);
                if let Some(whole) = &mut whole {
                    whole.push(t);
                }
            } else if element(&child).is_some_and(|e| e.name.local == local_name!("br")) {
                items += usize::from(line.is_item());
                let first = std::mem::take(&mut line);
                whole.get_or_insert(first);
            }
        }
        let last_line = line.is_item();
        items += usize::from(last_line);
        if items >= 2 {
            hits.push(dom.hit(
                node,
                "Lines starting with bullets or numbers imitate a list: use <ul> or <ol>",
            ));
            continue;
        }
        // A run of sibling paragraphs, reported at its first. Without a line break the
        // paragraph is its one line, already tested.
        if !whole.as_ref().map_or(last_line, LineStart::is_item) {
            continue;
        }
        let previous_is_item = node
            .prev_siblings()
            .find(|s| element(s).is_some())
            .is_some_and(|s| element(&s).is_some_and(|e| e.name() == "p") && starts_as_item(s));
        if previous_is_item {
            continue;
        }
        let run = std::iter::once(node)
            .chain(node.next_siblings().filter(|s| element(s).is_some()))
            .take_while(|s| element(s).is_some_and(|e| e.name() == "p") && starts_as_item(*s))
            .count();
        if run >= 2 {
            hits.push(dom.hit(
                node,
                format!("{run} paragraphs starting with bullets or numbers imitate a list (\"{}\" …): use <ul> or <ol>", fold(&text_of(node))),
            ));
        }
    }
    hits
}

pub(super) const LIST_ITEM_OUTSIDE_LIST: Rule = Rule {
    id: "list-item-outside-list",
    title: "List item outside a list",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.3.1"],
    act: &[],
    help: "An <li> must be inside a <ul>, <ol> or <menu>; outside one, it is announced as a \
           list item of no list.",
    check: list_item_outside_list,
};

fn list_item_outside_list(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    dom.exposed_named(&local_name!("li"))
        .filter(|Exposed { node, el, .. }| {
            attribute_named(el, &local_name!("role")).is_none()
                && !node
                    .ancestors()
                    .find(|a| element(a).is_none_or(|e| !is_transparent(e.name())))
                    .is_some_and(|p| {
                        element(&p).is_some_and(|e| {
                            matches!(e.name(), "ul" | "ol" | "menu")
                                || e.attribute("role").is_some_and(|r| r.trim() == "list")
                        })
                    })
        })
        .map(|e| dom.hit(e.node, "<li> is not inside a <ul>, <ol> or <menu>"))
        .collect()
}

/// Inline containers the accessibility tree skips when it looks for an item's list (the
/// parser puts a re-opened `<em>` between a list and its items when a tag was left open).
fn is_transparent(name: &str) -> bool {
    is_formatting(name) || name == "span"
}

#[cfg(test)]
mod tests {
    #[test]
    fn item_lines() {
        assert!(super::is_item_line("• Take with food"));
        assert!(super::is_item_line("1. Wash hands"));
        assert!(super::is_item_line("b) Second"));
        assert!(!super::is_item_line("2019 was a year"));
        assert!(!super::is_item_line("-5 degrees"));
    }

    #[test]
    fn line_starts_keep_what_item_lines_read() {
        let starts = |pieces: &[&str]| {
            let mut start = super::LineStart::default();
            pieces.iter().for_each(|p| start.push(p));
            start.is_item()
        };
        assert!(starts(&[" \n ", "•", " Take"]));
        assert!(starts(&["1", "2) Wash"]));
        assert!(!starts(&["123", ". Wash"]));
        assert!(!starts(&["ab. Wash"]));
        assert!(starts(&["  ✔ ", "done"]));
        assert!(!starts(&["", " "]));
    }
}
