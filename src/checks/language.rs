//! The page shell and languages: a page says its language in a valid BCP 47 tag (WCAG 3.1.1)
//! and has a title (2.4.2); parts in another language carry a valid `lang` (3.1.2).
//!
//! Page rules run only when the input is a page (`scope` other than fragment and text): a
//! fragment lives in a page the CMS provides.

use super::accname::{attribute_named, element, is_svg, text_of, Dom, El};
use super::{Category, Context, Hit, Rule, Severity};
use crate::document::AttributeByName;
use crate::document::Scope;
use html5ever::local_name;
use language_tags::LanguageTag;

fn is_page(context: &Context) -> bool {
    !matches!(context.document.scope, Scope::Fragment | Scope::Text)
}

/// A standalone SVG or MathML document (no DOCTYPE, no `<html>` tag, and an `<svg>` or `<math>`
/// root) is not an HTML page: it has no page shell to check. The tests run in that order and
/// stop at the first that fails: a page with a DOCTYPE (most) is not looked at further, and
/// the three page rules ask for each page.
fn is_foreign_document(dom: &Dom<'_>) -> bool {
    let has_doctype = || {
        dom.html
            .tree
            .root()
            .children()
            .any(|c| c.value().is_doctype())
    };
    let html_written = || {
        dom.html_element()
            .is_some_and(|h| dom.document.start_tag_span(h.id()).is_some())
    };
    let first = || {
        dom.body()
            .and_then(|b| b.children().find_map(|c| element(&c)))
            .map(|e| e.name())
    };
    !has_doctype() && !html_written() && matches!(first(), Some("svg" | "math"))
}

/// The `<html>` element of an HTML page, when the input is one.
fn page_root<'a>(context: &Context, dom: &Dom<'a>) -> Option<El<'a>> {
    if !is_page(context) || is_foreign_document(dom) {
        return None;
    }
    dom.html_element()
}

/// Is the primary language subtag of `tag` in the IANA Language Subtag Registry?
pub(super) fn is_valid_language(tag: &str) -> bool {
    let tag = tag.trim();
    let primary = tag.split('-').next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && LanguageTag::parse(primary).is_ok_and(|t| t.is_valid())
}

pub(super) const PAGE_LANG_MISSING: Rule = Rule {
    id: "page-lang-missing",
    title: "Page without a language",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["3.1.1"],
    act: &["b5c3f8"],
    help: "Screen readers choose their voice and pronunciation from the page's language: add \
           lang to the <html> element (lang=\"en\", lang=\"en-GB\"). xml:lang alone does not \
           count in HTML.",
    check: page_lang_missing,
};

fn page_lang_missing(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    let Some(html) = page_root(context, dom) else {
        return Vec::new();
    };
    let lang = element(&html).and_then(|e| e.attribute("lang"));
    match lang {
        Some(l) if !l.trim().is_empty() => Vec::new(),
        _ => vec![dom.hit(
            html,
            "The page has no lang attribute on <html>: add lang=\"en\" (or the page's language)",
        )],
    }
}

pub(super) const PAGE_LANG_INVALID: Rule = Rule {
    id: "page-lang-invalid",
    title: "Page language is not a valid language tag",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["3.1.1"],
    act: &["bf051a"],
    help: "The lang of <html> must start with a language subtag from the IANA registry: \"en\", \
           \"fr-CA\", \"pt-BR\". Three-letter codes that have a two-letter form (\"eng\") and \
           names (\"english\") are not valid.",
    check: page_lang_invalid,
};

fn page_lang_invalid(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    let Some(html) = page_root(context, dom) else {
        return Vec::new();
    };
    match element(&html).and_then(|e| e.attribute("lang")) {
        Some(lang) if !lang.trim().is_empty() && !is_valid_language(lang) => vec![dom.hit(
            html,
            format!(
                "The page's lang \"{}\" is not a valid language tag",
                lang.trim()
            ),
        )],
        _ => Vec::new(),
    }
}

pub(super) const LANG_INVALID: Rule = Rule {
    id: "lang-invalid",
    title: "Invalid language on part of the page",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["3.1.2"],
    act: &["de46e4"],
    help: "A lang attribute on an element marks text in another language; its value must be a \
           valid language tag (\"fr\", \"es-MX\"), or screen readers read the text with the \
           wrong voice.",
    check: lang_invalid,
};

fn lang_invalid(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    dom.elements()
        .iter()
        .copied()
        .filter_map(|(node, el)| {
            let lang = attribute_named(el, &local_name!("lang"))?;
            if lang.is_empty() || is_valid_language(lang) || !has_own_text(dom, node) {
                return None;
            }
            Some(dom.hit(
                node,
                format_args!("lang=\"{lang}\" is not a valid language tag"),
            ))
        })
        .collect()
}

/// Does the element hold rendered text (or an image's name) whose nearest `lang` is its own?
fn has_own_text<'a>(dom: &Dom<'a>, node: El<'a>) -> bool {
    node.descendants().any(|d| {
        let owner = d
            .ancestors()
            .find(|a| element(a).is_some_and(|e| e.attribute("lang").is_some()));
        let owns = d.id() == node.id() || owner.is_some_and(|o| o.id() == node.id());
        if !owns || d.id() == node.id() {
            return false;
        }
        if let Some(text) = d.value().as_text() {
            return !text.trim().is_empty()
                && d.parent().is_some_and(|p| !dom.is_hidden(p))
                && d.parent()
                    .and_then(|p| element(&p))
                    .is_none_or(|e| !matches!(e.name(), "script" | "style"));
        }
        element(&d).is_some_and(|e| {
            e.attribute("lang").is_none()
                && matches!(e.name(), "img" | "input" | "area")
                && dom.in_tree(d)
                && !dom.name(d).is_empty()
        })
    })
}

pub(super) const PAGE_TITLE_MISSING: Rule = Rule {
    id: "page-title-missing",
    title: "Page without a title",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["2.4.2"],
    act: &["2779a5"],
    help: "The <title> names the page in tabs, bookmarks, search results and is the first \
           thing a screen reader says: give the page a title that names its subject.",
    check: page_title_missing,
};

fn page_title_missing(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    let Some(html) = page_root(context, dom) else {
        return Vec::new();
    };
    let title = html.descendants().find(|d| {
        element(d).is_some_and(|e| e.name() == "title" && !is_svg(e))
            && !d
                .ancestors()
                .any(|a| element(&a).is_some_and(|e| e.name() == "template" || is_svg(e)))
    });
    match title {
        Some(t) if !text_of(t).trim().is_empty() => Vec::new(),
        Some(t) => vec![dom.hit(t, "The page's <title> is empty: name the page's subject")],
        None => {
            let head = html
                .children()
                .find(|c| element(c).is_some_and(|e| e.name() == "head"))
                .unwrap_or(html);
            vec![dom.hit(
                head,
                "The page has no <title>: add one that names the page's subject",
            )]
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::document::ScopeOption;

    /// Does `page-lang-missing` fire for `html` read as a page?
    fn lang_missing(html: &str) -> bool {
        let options = crate::Options {
            scope: ScopeOption::Page,
            ..crate::Options::default()
        };
        let report = crate::analyze_html(html.as_bytes(), None, &options).expect("a report");
        report
            .findings
            .iter()
            .any(|f| f.rule == "page-lang-missing")
    }

    #[test]
    fn only_a_standalone_svg_or_math_document_has_no_page_shell() {
        assert!(!lang_missing("<svg><title>Lungs</title></svg>"));
        assert!(!lang_missing("<math><mi>x</mi></math>"));
        // A DOCTYPE, an `<html>` tag or another first element makes it a page.
        assert!(lang_missing(
            "<!DOCTYPE html><svg><title>Lungs</title></svg>"
        ));
        assert!(lang_missing("<html><svg><title>Lungs</title></svg></html>"));
        assert!(lang_missing("<p>Text</p><svg><title>Lungs</title></svg>"));
        assert!(!lang_missing(
            "<!DOCTYPE html><html lang=en><p>Text</p></html>"
        ));
    }
}
