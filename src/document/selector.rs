//! CSS selectors that find an element again in the submitted document.
//!
//! Each step is `name` or `name:nth-of-type(k)` when siblings share the name; a step at an
//! element with a unique, plain `id` becomes `#id` and ends the walk. For a page the path starts
//! at `body`; for a fragment it is relative to the fragment's container (the editor's root), so
//! a plugin resolves it with `root.querySelector(":scope > " + selector)`.

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};
use std::collections::HashMap;

pub struct Selectors<'a> {
    id_counts: HashMap<&'a str, usize>,
    relative: bool,
    cache: HashMap<NodeId, String>,
    /// Each element's position among its siblings of the same name (`None` when it is the only
    /// one), filled for all children of a parent at once: counting siblings for every step
    /// would make a page of many paragraphs quadratic.
    nth_of_type: HashMap<NodeId, Option<usize>>,
}

impl<'a> Selectors<'a> {
    pub fn new(html: &'a Html, relative: bool) -> Selectors<'a> {
        let mut id_counts = HashMap::new();
        for node in html.tree.root().descendants() {
            if let Some(id) = node.value().as_element().and_then(|e| e.attr("id")) {
                *id_counts.entry(id).or_insert(0) += 1;
            }
        }
        Selectors {
            id_counts,
            relative,
            cache: HashMap::new(),
            nth_of_type: HashMap::new(),
        }
    }

    /// The selector of `node` (an element).
    pub fn of(&mut self, node: NodeRef<'a, Node>) -> String {
        if let Some(known) = self.cache.get(&node.id()) {
            return known.clone();
        }
        let mut steps: Vec<String> = Vec::new();
        let mut current = Some(node);
        while let Some(n) = current {
            let Some(element) = n.value().as_element() else {
                break;
            };
            let name = element.name();
            if name == "html" || (self.relative && name == "body") {
                break;
            }
            if let Some(id) = element.attr("id").filter(|id| self.is_unique_plain_id(id)) {
                steps.push(format!("#{id}"));
                break;
            }
            steps.push(match self.nth_of_type(n) {
                Some(k) => format!("{name}:nth-of-type({k})"),
                None => name.to_string(),
            });
            if name == "body" {
                break;
            }
            current = n.parent();
        }
        steps.reverse();
        let selector = steps.join(" > ");
        self.cache.insert(node.id(), selector.clone());
        selector
    }

    /// `k` of `:nth-of-type(k)` for an element that shares its name with a sibling.
    fn nth_of_type(&mut self, node: NodeRef<'a, Node>) -> Option<usize> {
        if let Some(&known) = self.nth_of_type.get(&node.id()) {
            return known;
        }
        let mut by_name: HashMap<&str, Vec<NodeId>> = HashMap::new();
        for sibling in node.parent().into_iter().flat_map(|p| p.children()) {
            if let Some(element) = sibling.value().as_element() {
                by_name
                    .entry(element.name())
                    .or_default()
                    .push(sibling.id());
            }
        }
        for ids in by_name.into_values() {
            let shared = ids.len() > 1;
            for (k, id) in ids.into_iter().enumerate() {
                self.nth_of_type.insert(id, shared.then_some(k + 1));
            }
        }
        self.nth_of_type.get(&node.id()).copied().flatten()
    }

    fn is_unique_plain_id(&self, id: &str) -> bool {
        let plain = id
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        plain && self.id_counts.get(id) == Some(&1)
    }
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, ScopeOption};
    use crate::source::Source;

    fn selectors(html: &str, scope: ScopeOption) -> Vec<String> {
        let doc = Document::from_html(Source::from_text(html), scope);
        doc.blocks
            .iter()
            .map(|b| b.selector.clone().expect("an HTML block has a selector"))
            .collect()
    }

    #[test]
    fn steps_number_only_siblings_that_share_a_name() {
        let html = "<body><h1>T</h1><div><p>a</p><ul><li>x</li></ul><p>b</p></div>\
                    <section id=s><p>c</p></section><div><p>d</p></div></body>";
        assert_eq!(
            selectors(html, ScopeOption::Page),
            [
                "body > h1",
                "body > div:nth-of-type(1) > p:nth-of-type(1)",
                "body > div:nth-of-type(1) > ul > li",
                "body > div:nth-of-type(1) > p:nth-of-type(2)",
                "#s > p",
                "body > div:nth-of-type(2) > p",
            ]
        );
    }

    #[test]
    fn fragments_are_relative_and_repeated_ids_are_not_used() {
        let html = "<p id=a>one</p><p id=a>two</p><p id=b>three</p>";
        assert_eq!(
            selectors(html, ScopeOption::Fragment),
            ["p:nth-of-type(1)", "p:nth-of-type(2)", "#b"]
        );
    }

    #[test]
    fn many_siblings_are_numbered_in_order() {
        let html = "<p>x</p>".repeat(20_000);
        let all = selectors(&html, ScopeOption::Fragment);
        assert_eq!(all.len(), 20_000);
        assert_eq!(all[0], "p:nth-of-type(1)");
        assert_eq!(all[19_999], "p:nth-of-type(20000)");
    }
}
