//! The accessibility tree as far as markup decides it: which elements are hidden, their roles
//! (explicit, implicit, and the presentational-role conflict rules of WAI-ARIA), and their
//! accessible names (the part of W3C accname 1.2 that needs no layout: `aria-labelledby`,
//! `aria-label`, `alt`, `value`, `<title>` in SVG, captions, text content and `title`).
//!
//! Not for: CSS from style sheets (only inline `display:none` and `visibility:hidden` count),
//! layout, scripts. Element rules look at every element of the page's `<body>` (a fragment is
//! its own body): accessibility applies to everything a reader meets, not only the article.

use super::{Hit, Messages};
use crate::document::AttributeByName;
use crate::document::{hidden, Document, Selectors};
use crate::source::Span;
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use html5ever::{local_name, LocalName};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use scraper::node::Element;
use scraper::{Html, Node};
use std::cell::{OnceCell, RefCell};

pub(super) type El<'a> = NodeRef<'a, Node>;

/// An element of the body in the accessibility tree, and its role.
#[derive(Clone, Copy)]
pub(super) struct Exposed<'a> {
    pub node: El<'a>,
    pub el: &'a Element,
    pub role: Option<&'static str>,
}

/// The document's tree with the lookups element rules share.
pub(super) struct Dom<'a> {
    pub document: &'a Document,
    pub html: &'a Html,
    ids: HashMap<&'a str, NodeId>,
    selectors: RefCell<Selectors<'a>>,
    /// Per element that is not rendered or is inside `aria-hidden="true"`: (not rendered,
    /// inside `aria-hidden="true"`), computed once top-down. An element absent is in the
    /// accessibility tree: the hidden ones are few (the head and its elements on most pages),
    /// so the map holds a handful of entries instead of one hashed in per element.
    hidden: HashMap<NodeId, (bool, bool)>,
    /// The body's elements in document order, without template contents: most rules walk
    /// every element and ask its role.
    elements: Vec<(El<'a>, &'a Element)>,
    /// Whether each of `elements` is in the accessibility tree, known from the walk that
    /// collects them: listing the exposed elements reads it instead of a hash look-up each.
    elements_in_tree: Vec<bool>,
    /// Those of them in the accessibility tree, with their roles: what most rules filter on
    /// first, worked out once instead of once per rule.
    exposed: OnceCell<Vec<Exposed<'a>>>,
    /// Those with a `role` or an `aria-*` attribute: the only ones the ARIA rules can flag,
    /// and on most pages a handful.
    with_aria: OnceCell<Vec<(El<'a>, &'a Element)>>,
    roles: RefCell<HashMap<NodeId, Option<&'static str>>>,
    /// Accessible names asked for, kept: each image rule asks for every image's name, and
    /// the control and frame rules ask for their elements' names.
    names: RefCell<HashMap<NodeId, String>>,
    /// The elements a name's computation has visited, emptied for each name: one set for all
    /// of them instead of a table allocated and freed per name.
    visited: RefCell<HashSet<NodeId>>,
    /// Where the hits' messages are written.
    messages: &'a Messages,
}

impl<'a> Dom<'a> {
    /// `None` for plain text, which has no elements. One walk of the tree finds each
    /// element's hidden state from its parent's, kept on a stack of the open elements rather
    /// than looked up, and collects the body's elements on the way.
    pub fn new(document: &'a Document, messages: &'a Messages) -> Option<Dom<'a>> {
        let html = document.html.as_ref()?;
        let body = body_of(html).map(|body| body.id());
        let mut ids = HashMap::default();
        // The body's elements are sized for every element of the document (the head's are
        // few) instead of grown by doubling.
        let count = html.tree.values().filter(|node| node.is_element()).count();
        let mut hidden: HashMap<NodeId, (bool, bool)> = HashMap::default();
        let mut elements = Vec::with_capacity(count);
        let mut elements_in_tree = Vec::with_capacity(count);
        // The hidden states of the open elements; whether the walk is in the body, and in a
        // template there (whose contents are not the body's elements).
        let mut open: Vec<(bool, bool)> = Vec::new();
        let (mut in_body, mut template) = (false, None);
        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(node) => {
                    let Some(el) = node.value().as_element() else {
                        continue;
                    };
                    let (parent_hidden, parent_aria) = open.last().copied().unwrap_or_default();
                    let state = own_state(el, &mut ids, node.id());
                    let state = (parent_hidden || state.0, parent_aria || state.1);
                    if state != (false, false) {
                        hidden.insert(node.id(), state);
                    }
                    open.push(state);
                    in_body |= Some(node.id()) == body;
                    if in_body && template.is_none() {
                        elements.push((node, el));
                        elements_in_tree.push(!state.0 && !state.1);
                        if el.name.local == local_name!("template") {
                            template = Some(node.id());
                        }
                    }
                }
                Edge::Close(node) if node.value().is_element() => {
                    open.pop();
                    if template == Some(node.id()) {
                        template = None;
                    }
                    in_body &= Some(node.id()) != body;
                }
                Edge::Close(_) => {}
            }
        }
        Some(Dom {
            document,
            html,
            ids,
            selectors: RefCell::new(document.selectors()?),
            hidden,
            elements,
            elements_in_tree,
            exposed: OnceCell::new(),
            with_aria: OnceCell::new(),
            roles: RefCell::new(HashMap::default()),
            messages,
            names: RefCell::new(HashMap::default()),
            visited: RefCell::new(HashSet::default()),
        })
    }

    /// The `<html>` element.
    pub fn html_element(&self) -> Option<El<'a>> {
        html_element_of(self.html)
    }

    /// The `<body>` element.
    pub fn body(&self) -> Option<El<'a>> {
        body_of(self.html)
    }

    /// Every element of the body in document order, without template contents.
    pub fn elements(&self) -> &[(El<'a>, &'a Element)] {
        &self.elements
    }

    /// The elements of the body in the accessibility tree (see [`Dom::in_tree`]), in document
    /// order, with their roles.
    pub fn exposed(&self) -> &[Exposed<'a>] {
        self.exposed.get_or_init(|| {
            let elements = self.elements();
            // Their roles are not copied into the role cache: the rules read most of them
            // from here, and [`Dom::role`] works out the few others it is asked for (the
            // elements named, the tables' cells) as it does any element's.
            // Sized for every element of the body, which most are: grown by doubling, the
            // vector of a large page took up to twice its size while the rules ran, and each
            // step held the old and the new block together.
            let mut exposed = Vec::with_capacity(elements.len());
            let in_tree = elements.iter().zip(&self.elements_in_tree);
            exposed.extend(in_tree.filter(|(_, &shown)| shown).map(|(&(node, el), _)| {
                let role = self.compute_role(node);
                Exposed { node, el, role }
            }));
            exposed
        })
    }

    /// The exposed elements named `name` (any namespace), in document order. A pass over the
    /// exposed elements comparing interned names, one integer each: cheaper for the ten or so
    /// names the rules ask for than an index by name, hashed and grown for every element.
    pub fn exposed_named<'s>(
        &'s self,
        name: &'s LocalName,
    ) -> impl Iterator<Item = &'s Exposed<'a>> + 's {
        self.exposed()
            .iter()
            .filter(move |e| e.el.name.local == *name)
    }

    /// The elements of the body with a `role` or an `aria-*` attribute, in document order.
    pub fn with_aria(&self) -> &[(El<'a>, &'a Element)] {
        self.with_aria.get_or_init(|| {
            self.elements()
                .iter()
                .filter(|(_, el)| {
                    el.attrs()
                        .any(|(name, _)| name == "role" || name.starts_with("aria-"))
                })
                .copied()
                .collect()
        })
    }

    /// Not rendered: the element or an ancestor is hidden, or it sits in `<head>`.
    pub fn is_hidden(&self, node: El<'_>) -> bool {
        self.hidden.get(&node.id()).is_some_and(|h| h.0)
    }

    /// Included in the accessibility tree: an element, rendered, and not inside
    /// `aria-hidden="true"` (the hidden map holds only the elements that are not).
    pub fn in_tree(&self, node: El<'_>) -> bool {
        node.value().is_element() && !self.hidden.contains_key(&node.id())
    }

    pub fn by_id(&self, id: &str) -> Option<El<'a>> {
        self.ids.get(id).and_then(|n| self.html.tree.get(*n))
    }

    /// The span of the element's start tag; for an element the parser implied (`<tbody>`, a
    /// `<head>` or `<html>` nobody wrote, a formatting element it re-opened), the start tag of
    /// its first descendant that has one, else of the first written element after it, else of
    /// its nearest ancestor that has one.
    pub fn span(&self, node: El<'a>) -> Span {
        if let Some(span) = self.document.start_tag_span(node.id()) {
            return span;
        }
        if let Some(span) = node
            .descendants()
            .find_map(|d| self.document.start_tag_span(d.id()))
        {
            return span;
        }
        // The nodes after this one in document order: following siblings of it and of each
        // ancestor, with their descendants.
        let mut following = std::iter::successors(Some(node), |n| n.parent())
            .flat_map(|n| n.next_siblings())
            .flat_map(|s| s.descendants());
        if let Some(span) = following.find_map(|d| self.document.start_tag_span(d.id())) {
            return span;
        }
        node.ancestors()
            .find_map(|a| self.document.start_tag_span(a.id()))
            .unwrap_or_else(|| self.document.source.span(0, 0))
    }

    /// The element's CSS selector (`html` for the root element).
    pub fn selector(&self, node: El<'a>) -> String {
        let selector = self.selectors.borrow_mut().of(node);
        if selector.is_empty() {
            element(&node).map_or_else(String::new, |e| e.name().to_string())
        } else {
            selector
        }
    }

    /// A hit at the element's start tag, its message written into the rules' messages (a
    /// `&str`, or `format_args!` to format it there).
    pub fn hit(&self, node: El<'a>, message: impl std::fmt::Display) -> Hit {
        Hit {
            span: self.span(node),
            selector: Some(super::Selector::Element(self.selector(node))),
            message: self.messages.add(message),
            suggestions: Default::default(),
        }
    }

    /// The accessible name, whitespace-folded and trimmed ("" when it has none).
    pub fn name(&self, node: El<'a>) -> String {
        if let Some(known) = self.names.borrow().get(&node.id()) {
            return known.clone();
        }
        let name = self.computed_name(node);
        self.names.borrow_mut().insert(node.id(), name.clone());
        name
    }

    /// The accessible name of an exposed element, as [`Dom::name`] gives it, for a caller that
    /// asks for it once and keeps it (the headings and links lists, which their rules read):
    /// not kept in the name cache, whose copy of each heading's or link's name no other rule
    /// would ask for.
    pub fn name_once(&self, exposed: &Exposed<'a>) -> String {
        if let Some(text) = plain_content_name(exposed) {
            return text;
        }
        if let Some(known) = self.names.borrow().get(&exposed.node.id()) {
            return known.clone();
        }
        self.computed_name(exposed.node)
    }

    /// The accessible name worked out afresh.
    fn computed_name(&self, node: El<'a>) -> String {
        let mut visited = self.visited.take();
        visited.clear();
        let name = folded(self.name_of(node, false, false, &mut visited));
        self.visited.replace(visited);
        name
    }

    fn name_of(
        &self,
        node: El<'a>,
        in_labelledby: bool,
        in_content: bool,
        visited: &mut HashSet<NodeId>,
    ) -> String {
        let Some(el) = element(&node) else {
            return node
                .value()
                .as_text()
                .map(|t| t.to_string())
                .unwrap_or_default();
        };
        if !visited.insert(node.id()) {
            return String::new();
        }
        if in_content && (hidden::is_hidden(el) || hidden::is_aria_hidden(el)) {
            return String::new();
        }
        if !in_labelledby {
            if let Some(ids) = el.attribute("aria-labelledby") {
                let targets: Vec<El<'a>> = ids
                    .split_ascii_whitespace()
                    .filter_map(|id| self.by_id(id))
                    .collect();
                if !targets.is_empty() {
                    let text: Vec<String> = targets
                        .into_iter()
                        .map(|t| self.name_of(t, true, false, &mut visited.clone()))
                        .collect();
                    let text = fold(&text.join(" "));
                    if !text.is_empty() {
                        return text;
                    }
                }
            }
        }
        if let Some(label) = el.attribute("aria-label").filter(|l| !l.trim().is_empty()) {
            return label.to_string();
        }
        let role = self.role(node);
        let presentational = matches!(role, Some("none" | "presentation"));
        if !presentational {
            if let Some(native) = self.native_name(node, el, in_labelledby, visited) {
                return native;
            }
        }
        let from_content = in_content
            || in_labelledby
            || role.is_some_and(|r| NAME_FROM_CONTENT.contains(&r))
            || self.is_details_summary(node);
        let mut text = String::new();
        if from_content && !is_embedded_control(role) {
            for child in node.children() {
                // A text node's part is its text: copied here, not into a string of its own.
                if let Some(part) = child.value().as_text() {
                    text.push_str(part);
                    continue;
                }
                let block = element(&child).is_some_and(|e| is_block(e.name()));
                let part = self.name_of(child, in_labelledby, true, visited);
                if block {
                    text.push(' ');
                }
                text.push_str(&part);
                if block {
                    text.push(' ');
                }
            }
        }
        if text.trim().is_empty() && !presentational {
            if let Some(title) = el.attribute("title").filter(|t| !t.trim().is_empty()) {
                return title.to_string();
            }
        }
        text
    }

    /// Names the host language gives: `alt`, button values, SVG `<title>`, captions. A
    /// caption's name is computed in the same traversal (`in_labelledby`, `visited`), so a
    /// reference from inside the caption back to its table ends there instead of recursing.
    fn native_name(
        &self,
        node: El<'a>,
        el: &Element,
        in_labelledby: bool,
        visited: &mut HashSet<NodeId>,
    ) -> Option<String> {
        match el.name() {
            "img" | "area" => el.attribute("alt").map(str::to_string),
            "input" => input_name(el),
            "svg" | "circle" | "rect" | "path" | "g" | "ellipse" | "polygon" | "line"
            | "polyline" | "use" | "image" | "text"
                if is_svg(el) =>
            {
                node.children()
                    .find(|c| element(c).is_some_and(|e| e.name() == "title" && is_svg(e)))
                    .map(text_of)
                    .filter(|t| !t.trim().is_empty())
            }
            "table" => self.child_text(node, "caption", in_labelledby, visited),
            "figure" => self.child_text(node, "figcaption", in_labelledby, visited),
            "fieldset" => self.child_text(node, "legend", in_labelledby, visited),
            _ => None,
        }
    }

    fn child_text(
        &self,
        node: El<'a>,
        name: &str,
        in_labelledby: bool,
        visited: &mut HashSet<NodeId>,
    ) -> Option<String> {
        node.children()
            .find(|c| element(c).is_some_and(|e| e.name() == name))
            .map(|c| self.name_of(c, in_labelledby, true, visited))
            .filter(|t| !t.trim().is_empty())
    }

    /// The first `<summary>` child of a `<details>`: the disclosure's button.
    pub fn is_details_summary(&self, node: El<'a>) -> bool {
        element(&node).is_some_and(|e| e.name() == "summary")
            && node.parent().is_some_and(|p| {
                element(&p).is_some_and(|e| e.name() == "details")
                    && p.children()
                        .find(|c| element(c).is_some_and(|e| e.name() == "summary"))
                        .is_some_and(|first| first.id() == node.id())
            })
    }

    /// The role the accessibility tree exposes: a valid explicit role, unless it is
    /// `none`/`presentation` on an element that is focusable or has a global ARIA attribute;
    /// else the implicit role.
    pub fn role(&self, node: El<'a>) -> Option<&'static str> {
        if let Some(known) = self.roles.borrow().get(&node.id()) {
            return *known;
        }
        let role = self.compute_role(node);
        self.roles.borrow_mut().insert(node.id(), role);
        role
    }

    fn compute_role(&self, node: El<'a>) -> Option<&'static str> {
        let el = element(&node)?;
        match explicit_role(el) {
            Some("none" | "presentation") if is_focusable(el) || has_global_aria(el) => {
                self.implicit_role(node)
            }
            Some(role) => Some(role),
            None => self.implicit_role(node),
        }
    }

    /// The role HTML-AAM gives an element without a `role` attribute; `None` when it has none
    /// this module knows.
    pub fn implicit_role(&self, node: El<'a>) -> Option<&'static str> {
        let el = element(&node)?;
        if is_svg(el) {
            return (el.name() == "svg").then_some("graphics-document");
        }
        let role = match el.name() {
            "a" | "area" if el.attribute("href").is_some() => "link",
            "a" | "div" | "span" | "b" | "i" | "u" | "s" | "small" | "bdi" | "bdo" | "data"
            | "q" | "samp" | "abbr" | "cite" | "kbd" | "var" | "font" | "center" => "generic",
            "article" => "article",
            "aside" => "complementary",
            "blockquote" => "blockquote",
            "button" => "button",
            "caption" => "caption",
            "code" => "code",
            "datalist" => "listbox",
            "dd" => "definition",
            "del" => "deletion",
            "details" => "group",
            "dialog" => "dialog",
            "dfn" => "term",
            "dt" => "term",
            "em" => "emphasis",
            "fieldset" | "optgroup" => "group",
            "figure" => "figure",
            "footer" => "contentinfo",
            "form" => "form",
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => "heading",
            "header" => "banner",
            "hr" => "separator",
            "img" => match el.attribute("alt") {
                Some("") if !is_focusable(el) && !has_global_aria(el) => "presentation",
                _ => "img",
            },
            "input" => match input_type(el).as_str() {
                "button" | "submit" | "reset" | "image" => "button",
                "checkbox" => "checkbox",
                "radio" => "radio",
                "range" => "slider",
                "number" => "spinbutton",
                "search" => "searchbox",
                "hidden" => return None,
                "email" | "tel" | "text" | "url" | "password" | "" => "textbox",
                _ => return None,
            },
            "ins" => "insertion",
            "li" => "listitem",
            "main" => "main",
            "math" => "math",
            "menu" | "ol" | "ul" => "list",
            "meter" => "meter",
            "nav" => "navigation",
            "option" => "option",
            "output" => "status",
            "p" => "paragraph",
            "progress" => "progressbar",
            "section" => "region",
            "select" => {
                if el.attribute("multiple").is_some()
                    || el
                        .attribute("size")
                        .and_then(|s| s.trim().parse::<u32>().ok())
                        > Some(1)
                {
                    "listbox"
                } else {
                    "combobox"
                }
            }
            "strong" => "strong",
            "sub" => "subscript",
            "sup" => "superscript",
            "table" => "table",
            "tbody" | "thead" | "tfoot" => "rowgroup",
            "td" => "cell",
            "textarea" => "textbox",
            "th" => {
                if el
                    .attribute("scope")
                    .is_some_and(|s| s.trim().eq_ignore_ascii_case("row"))
                {
                    "rowheader"
                } else {
                    "columnheader"
                }
            }
            "tr" => "row",
            "time" => "time",
            _ => return None,
        };
        Some(role)
    }
}

/// An element's own part of its hidden state (not rendered, `aria-hidden="true"`), its id
/// recorded in `ids` on the way. An element without attributes, most of a page's, can only be
/// hidden by being `<head>`, `<template>` or `<noscript>`: its attributes are not searched
/// four times by name to find none.
fn own_state<'a>(
    el: &'a Element,
    ids: &mut HashMap<&'a str, NodeId>,
    node: NodeId,
) -> (bool, bool) {
    let name = &el.name.local;
    let unrendered = *name == local_name!("head")
        || *name == local_name!("template")
        || *name == local_name!("noscript");
    if el.attrs.is_empty() {
        return (unrendered, false);
    }
    if let Some(id) = attribute_named(el, &local_name!("id")) {
        ids.entry(id).or_insert(node);
    }
    (
        unrendered || hidden::is_hidden(el),
        hidden::is_aria_hidden(el),
    )
}

/// The name an `<input>` gives itself: an image button's alt, a button's value or its
/// default label. Its type, lowercased into a new string, is worked out for inputs alone.
fn input_name(el: &Element) -> Option<String> {
    match input_type(el).as_str() {
        "image" => el
            .attribute("alt")
            .filter(|a| !a.trim().is_empty())
            .map(str::to_string),
        kind @ ("submit" | "reset" | "button") => match el.attribute("value") {
            Some(value) => Some(value.to_string()),
            None if kind == "submit" => Some("Submit".to_string()),
            None if kind == "reset" => Some("Reset".to_string()),
            None => None,
        },
        _ => None,
    }
}

/// The name of an element without attributes whose role takes its name from its content and
/// whose children are all text (most headings): that text, folded. [`Dom::name_of`] comes to
/// the same for it (no `aria-*` or `title` to read, and no child element for the host
/// language to name it by) through its visited set, its role look-up and its tests of the
/// element's name; `None` for any other element.
fn plain_content_name(exposed: &Exposed<'_>) -> Option<String> {
    let from_content = exposed.role.is_some_and(|r| NAME_FROM_CONTENT.contains(&r));
    if !exposed.el.attrs.is_empty() || !from_content {
        return None;
    }
    let mut text = String::new();
    for child in exposed.node.children() {
        text.push_str(child.value().as_text()?);
    }
    Some(folded(text))
}

/// Roles whose name comes from their content.
#[rustfmt::skip]
const NAME_FROM_CONTENT: &[&str] = &[
    "button", "cell", "checkbox", "columnheader", "gridcell", "heading", "link", "menuitem",
    "menuitemcheckbox", "menuitemradio", "option", "radio", "row", "rowheader", "sectionhead",
    "switch", "tab", "tooltip", "treeitem", "doc-backlink", "doc-biblioref", "doc-glossref",
    "doc-noteref",
];

fn is_embedded_control(role: Option<&str>) -> bool {
    matches!(
        role,
        Some("textbox" | "combobox" | "listbox" | "searchbox" | "slider" | "spinbutton")
    )
}

pub(super) fn element<'a>(node: &El<'a>) -> Option<&'a Element> {
    node.value().as_element()
}

/// The value of the attribute `local` in no namespace, as [`AttributeByName::attribute`] finds
/// it, but comparing interned names (one integer each) instead of each attribute's name as
/// text: for the look-ups the rules make on every element, or every one of a kind.
pub(super) fn attribute_named<'e>(el: &'e Element, local: &LocalName) -> Option<&'e str> {
    el.attrs
        .iter()
        .find(|(qualified, _)| qualified.ns == html5ever::ns!() && qualified.local == *local)
        .map(|(_, value)| &**value)
}

/// Compared as interned namespaces (one integer), not as the namespace's text.
pub(super) fn is_svg(el: &Element) -> bool {
    el.name.ns == html5ever::ns!(svg)
}

/// HTML's formatting elements: those the parser re-opens when they are left open.
pub(super) fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// The `type` of an `<input>`, lowercased (`text` when absent).
pub(super) fn input_type(el: &Element) -> String {
    el.attribute("type")
        .map(|t| t.trim().to_ascii_lowercase())
        .unwrap_or_else(|| "text".to_string())
}

/// Focusable without scripts: links, form controls that are not disabled, `tabindex`,
/// `contenteditable`, the first `<summary>` of a `<details>`.
pub(super) fn is_focusable(el: &Element) -> bool {
    if el
        .attribute("tabindex")
        .is_some_and(|t| t.trim().parse::<i32>().is_ok())
    {
        return true;
    }
    if el.attribute("contenteditable").is_some_and(|v| {
        let v = v.trim();
        v.is_empty() || v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("plaintext-only")
    }) {
        return true;
    }
    let disabled = el.attribute("disabled").is_some();
    match el.name() {
        "a" | "area" => el.attribute("href").is_some(),
        "button" | "select" | "textarea" => !disabled,
        "input" => !disabled && input_type(el) != "hidden",
        "summary" | "iframe" => true,
        _ => false,
    }
}

/// WAI-ARIA 1.2 global states and properties (and 1.3's `aria-description` and braille ones).
pub(super) const GLOBAL_ARIA: &[&str] = &[
    "aria-atomic",
    "aria-braillelabel",
    "aria-brailleroledescription",
    "aria-busy",
    "aria-controls",
    "aria-current",
    "aria-describedby",
    "aria-description",
    "aria-details",
    "aria-disabled",
    "aria-dropeffect",
    "aria-errormessage",
    "aria-flowto",
    "aria-grabbed",
    "aria-haspopup",
    "aria-hidden",
    "aria-invalid",
    "aria-keyshortcuts",
    "aria-label",
    "aria-labelledby",
    "aria-live",
    "aria-owns",
    "aria-relevant",
    "aria-roledescription",
];

pub(super) fn has_global_aria(el: &Element) -> bool {
    el.attrs()
        .any(|(name, _)| name != "aria-hidden" && GLOBAL_ARIA.contains(&name))
}

/// The first token of `role` that is a valid role, lowercased. Inlined with its test for an
/// element without attributes (most of a page's, and the rules ask most elements' roles), which
/// is answered without a call and a search of its attributes by name.
#[inline]
pub(super) fn explicit_role(el: &Element) -> Option<&'static str> {
    if el.attrs.is_empty() {
        return None;
    }
    first_valid_role(attribute_named(el, &local_name!("role"))?)
}

/// The first of the space-separated `roles` that is a valid role, lowercased.
fn first_valid_role(roles: &str) -> Option<&'static str> {
    roles.split_ascii_whitespace().find_map(|token| {
        ROLES
            .iter()
            .copied()
            .find(|r| r.eq_ignore_ascii_case(token))
    })
}

pub(super) fn valid_role(token: &str) -> Option<&'static str> {
    ROLES.iter().copied().find(|r| *r == token)
}

/// Non-abstract roles of WAI-ARIA 1.2, DPUB-ARIA 1.1 and the Graphics module.
pub(super) const ROLES: &[&str] = &[
    "alert",
    "alertdialog",
    "application",
    "article",
    "banner",
    "blockquote",
    "button",
    "caption",
    "cell",
    "checkbox",
    "code",
    "columnheader",
    "combobox",
    "comment",
    "complementary",
    "contentinfo",
    "definition",
    "deletion",
    "dialog",
    "directory",
    "document",
    "emphasis",
    "feed",
    "figure",
    "form",
    "generic",
    "grid",
    "gridcell",
    "group",
    "heading",
    "img",
    "image",
    "insertion",
    "link",
    "list",
    "listbox",
    "listitem",
    "log",
    "main",
    "mark",
    "marquee",
    "math",
    "menu",
    "menubar",
    "menuitem",
    "menuitemcheckbox",
    "menuitemradio",
    "meter",
    "navigation",
    "none",
    "note",
    "option",
    "paragraph",
    "presentation",
    "progressbar",
    "radio",
    "radiogroup",
    "region",
    "row",
    "rowgroup",
    "rowheader",
    "scrollbar",
    "search",
    "searchbox",
    "separator",
    "slider",
    "spinbutton",
    "status",
    "strong",
    "subscript",
    "suggestion",
    "superscript",
    "switch",
    "tab",
    "table",
    "tablist",
    "tabpanel",
    "term",
    "textbox",
    "time",
    "timer",
    "toolbar",
    "tooltip",
    "tree",
    "treegrid",
    "treeitem",
    "doc-abstract",
    "doc-acknowledgments",
    "doc-afterword",
    "doc-appendix",
    "doc-backlink",
    "doc-biblioentry",
    "doc-bibliography",
    "doc-biblioref",
    "doc-chapter",
    "doc-colophon",
    "doc-conclusion",
    "doc-cover",
    "doc-credit",
    "doc-credits",
    "doc-dedication",
    "doc-endnote",
    "doc-endnotes",
    "doc-epigraph",
    "doc-epilogue",
    "doc-errata",
    "doc-example",
    "doc-footnote",
    "doc-foreword",
    "doc-glossary",
    "doc-glossref",
    "doc-index",
    "doc-introduction",
    "doc-noteref",
    "doc-notice",
    "doc-pagebreak",
    "doc-pagefooter",
    "doc-pageheader",
    "doc-pagelist",
    "doc-part",
    "doc-preface",
    "doc-prologue",
    "doc-pullquote",
    "doc-qna",
    "doc-subtitle",
    "doc-tip",
    "doc-toc",
    "graphics-document",
    "graphics-object",
    "graphics-symbol",
];

/// Roles that are a kind of link.
pub(super) fn is_link_role(role: Option<&str>) -> bool {
    matches!(
        role,
        Some("link" | "doc-backlink" | "doc-biblioref" | "doc-glossref" | "doc-noteref")
    )
}

/// Elements whose content a name computation separates with spaces: block-level boxes, and
/// line breaks.
fn is_block(name: &str) -> bool {
    name == "br" || crate::document::is_block_level(name)
}

/// The text of a node's descendants, as written (no hiding, no folding).
pub(super) fn text_of(node: El<'_>) -> String {
    node.descendants()
        .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
        .collect()
}

/// `text` with its whitespace folded: kept as it is when it already is (ASCII words between
/// single spaces, as most names are), instead of copied by [`fold`].
fn folded(text: String) -> String {
    if is_folded(&text) {
        text
    } else {
        fold(&text)
    }
}

/// Is `text` ASCII without leading, trailing or repeated spaces or other whitespace? (Text
/// that is not ASCII is left to [`fold`], which knows Unicode's whitespace.)
fn is_folded(text: &str) -> bool {
    // A space here would be leading or repeated.
    let mut after_space = true;
    for &byte in text.as_bytes() {
        match byte {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'\t'..=b'\r' | 0x80.. => return false,
            _ => after_space = false,
        }
    }
    !after_space || text.is_empty()
}

/// The `<html>` element of a tree.
fn html_element_of(html: &Html) -> Option<El<'_>> {
    html.tree
        .root()
        .children()
        .find(|n| element(n).is_some_and(|e| e.name() == "html"))
}

/// The `<body>` element of a tree.
fn body_of(html: &Html) -> Option<El<'_>> {
    html_element_of(html)?
        .children()
        .find(|n| element(n).is_some_and(|e| e.name() == "body"))
}

/// Names and alt texts are compared and shown with their whitespace folded.
pub(super) use crate::text::fold_whitespace as fold;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ScopeOption;
    use crate::source::Source;

    fn name_of(html: &str, id: &str) -> String {
        let document = Document::from_html(Source::from_text(html), ScopeOption::Fragment);
        let messages = Messages::default();
        let dom = Dom::new(&document, &messages).unwrap();
        dom.name(dom.by_id(id).unwrap())
    }

    #[test]
    fn names_come_from_labelledby_label_alt_content_and_title() {
        assert_eq!(
            name_of(
                "<span id=l hidden>Hi</span><a id=a href=x aria-labelledby=l>x</a>",
                "a"
            ),
            "Hi"
        );
        assert_eq!(name_of("<a id=a href=x aria-label=' Go '>x</a>", "a"), "Go");
        assert_eq!(
            name_of("<a id=a href=x>Read <img src=a alt='the guide'></a>", "a"),
            "Read the guide"
        );
        assert_eq!(name_of("<a id=a href=x><img src=a alt=''></a>", "a"), "");
        assert_eq!(
            name_of("<a id=a href=x title=Home><img src=a alt=''></a>", "a"),
            "Home"
        );
        assert_eq!(
            name_of("<h2 id=h><span aria-hidden=true>x</span></h2>", "h"),
            ""
        );
        assert_eq!(
            name_of("<h2 id=h><img src=a alt=Logo role=none></h2>", "h"),
            ""
        );
        assert_eq!(
            name_of("<svg id=s role=img><title>Chart</title></svg>", "s"),
            "Chart"
        );
    }

    #[test]
    fn a_caption_that_refers_back_to_its_own_table_ends_the_name_computation() {
        // Each element is named by its own content once the reference back to it is cut;
        // computed in a fresh traversal, the caption's name recursed until the stack ran out.
        assert_eq!(
            name_of(
                "<table id=t><caption><a id=a href=x aria-labelledby=t>x</a></caption></table>",
                "a"
            ),
            "x"
        );
        assert_eq!(
            name_of(
                "<figure id=f><figcaption><img id=i src=x aria-labelledby=f></figcaption></figure>",
                "i"
            ),
            ""
        );
        assert_eq!(
            name_of(
                "<fieldset id=f><legend><h2 id=h aria-labelledby=f>Part</h2></legend></fieldset>",
                "h"
            ),
            "Part"
        );
    }

    #[test]
    fn names_already_folded_are_kept_and_others_folded() {
        for (text, expected) in [
            ("", ""),
            ("Read the guide", "Read the guide"),
            (" Read  the\tguide ", "Read the guide"),
            ("Read\u{a0}the guide", "Read the guide"),
            ("Café au lait", "Café au lait"),
        ] {
            assert_eq!(folded(text.to_string()), expected);
            assert_eq!(folded(text.to_string()), fold(text));
        }
    }

    #[test]
    fn a_name_asked_for_once_is_the_name_worked_out_in_full() {
        let html = "<h2>Plain  heading </h2><h2 title=T></h2><h3>With <em>emphasis</em></h3>\
                    <table><tr><th>Head</th><td>Cell\ntext</td></tr></table>\
                    <button>Go</button><a href=x>Link</a><h4></h4><div role=heading>R</div>\
                    <p>Not named from content</p><img src=a alt=Image>";
        let document = Document::from_html(Source::from_text(html), ScopeOption::Fragment);
        let messages = Messages::default();
        let dom = Dom::new(&document, &messages).unwrap();
        for exposed in dom.exposed() {
            assert_eq!(
                dom.name_once(exposed),
                dom.computed_name(exposed.node),
                "{}",
                exposed.el.name()
            );
        }
    }

    #[test]
    fn only_shown_elements_are_in_the_tree() {
        let html = "<p id=p>x</p><div id=h hidden><span id=s>y</span></div>\
                    <div id=a aria-hidden=true><span id=t>z</span></div>";
        let document = Document::from_html(Source::from_text(html), ScopeOption::Fragment);
        let messages = Messages::default();
        let dom = Dom::new(&document, &messages).unwrap();
        let node = |id| dom.by_id(id).unwrap();
        assert!(dom.in_tree(node("p")) && !dom.is_hidden(node("p")));
        assert!(!dom.in_tree(node("h")) && dom.is_hidden(node("h")));
        assert!(!dom.in_tree(node("s")) && dom.is_hidden(node("s")));
        assert!(!dom.in_tree(node("a")) && !dom.is_hidden(node("a")));
        assert!(!dom.in_tree(node("t")) && !dom.is_hidden(node("t")));
        // A text node is no element of the tree.
        let text = node("p").first_child().unwrap();
        assert!(!dom.in_tree(text) && !dom.is_hidden(text));
    }

    #[test]
    fn attributes_named_by_interned_names_are_those_named_by_text() {
        let html = "<p id=p lang=fr role=note data-x=1 xml:lang=de>x</p>\
                    <svg id=s><a xlink:href=u href=h>y</a></svg>";
        let document = Document::from_html(Source::from_text(html), ScopeOption::Fragment);
        let messages = Messages::default();
        let dom = Dom::new(&document, &messages).unwrap();
        let names = [
            local_name!("id"),
            local_name!("lang"),
            local_name!("role"),
            local_name!("href"),
            local_name!("style"),
        ];
        for (node, el) in dom.elements() {
            for name in &names {
                assert_eq!(
                    attribute_named(el, name),
                    el.attribute(name),
                    "{name} of {:?}",
                    node.id()
                );
            }
        }
        let p = element(&dom.by_id("p").unwrap()).unwrap();
        assert_eq!(attribute_named(p, &local_name!("lang")), Some("fr"));
        assert_eq!(attribute_named(p, &local_name!("style")), None);
    }

    #[test]
    fn presentational_roles_yield_to_focus_and_global_aria() {
        let html = "<img id=a role=none src=x><img id=b role=none tabindex=0 src=x>\
                    <nav id=c role=presentation aria-label=g></nav><img id=d alt='' src=x>";
        let document = Document::from_html(Source::from_text(html), ScopeOption::Fragment);
        let messages = Messages::default();
        let dom = Dom::new(&document, &messages).unwrap();
        let role = |id| dom.role(dom.by_id(id).unwrap());
        assert_eq!(role("a"), Some("none"));
        assert_eq!(role("b"), Some("img"));
        assert_eq!(role("c"), Some("navigation"));
        assert_eq!(role("d"), Some("presentation"));
    }
}
