//! Link rules: every link has a name (WCAG 2.4.4, 4.1.2), and that name says where it goes:
//! not "click here", not a bare URL, not the same words for different targets; links to
//! documents say their format, links that open a new window say so.

use super::accname::{element, fold, is_link_role, Dom, El};
use super::{Category, Context, Hit, Rule, Severity};
use crate::document::AttributeByName;
use rustc_hash::FxHashMap as HashMap;

/// Exposed links and their names, in document order: built once per document and shared by
/// the link rules (see [`Context::links`]).
pub(super) fn links<'a>(dom: &Dom<'a>) -> Vec<(El<'a>, String)> {
    dom.exposed()
        .iter()
        .filter(|e| is_link_role(e.role))
        .map(|e| (e.node, dom.name_once(e)))
        .collect()
}

fn each_link(context: &Context, f: impl Fn(El<'_>, &str) -> Option<String>) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    context
        .links()
        .iter()
        .filter_map(|(node, name)| f(*node, name).map(|m| dom.hit(*node, m)))
        .collect()
}

pub(super) const LINK_NAME_MISSING: Rule = Rule {
    id: "link-name-missing",
    title: "Link without a name",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.1.1", "2.4.4", "4.1.2"],
    act: &["c487ae"],
    help: "A link with no text (typically a linked image with alt=\"\" or no alt) is announced \
           as \"link\" or by its URL. Give the image an alt that says where the link goes, or \
           add text to the link.",
    check: link_name_missing,
};

fn link_name_missing(context: &Context) -> Vec<Hit> {
    each_link(context, |node, name| {
        if !name.is_empty() {
            return None;
        }
        let has_image = node
            .descendants()
            .any(|d| element(&d).is_some_and(|e| e.name() == "img"));
        Some(if has_image {
            "Linked image has no text alternative, so the link has no name: give the image an alt that says where the link goes".to_string()
        } else {
            "Link has no text: add text that says where it goes".to_string()
        })
    })
}

pub(super) const LINK_GENERIC_TEXT: Rule = Rule {
    id: "link-generic-text",
    title: "Link text that says nothing",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["2.4.4"],
    act: &[],
    help: "\"Click here\", \"read more\" or \"here\" make sense only beside the text around them; \
           screen reader users often list links on their own. Link the words that say where it \
           goes (\"read the asthma action plan\").",
    check: link_generic_text,
};

const GENERIC_LINK_TEXT: &[&str] = &[
    "click here",
    "click",
    "here",
    "read more",
    "more",
    "learn more",
    "find out more",
    "see more",
    "view more",
    "more info",
    "more information",
    "info",
    "details",
    "more details",
    "this",
    "this link",
    "link",
    "this page",
    "go",
    "continue",
    "click this",
    "see here",
    "read here",
    "go here",
    "start",
    "website",
    "web site",
    "download",
    "download here",
];

fn link_generic_text(context: &Context) -> Vec<Hit> {
    each_link(context, |_, name| {
        let key = fold(
            &name
                .to_lowercase()
                .replace(|c: char| !c.is_alphanumeric() && c != ' ', " "),
        );
        GENERIC_LINK_TEXT
            .contains(&key.as_str())
            .then(|| format!("Link text \"{name}\" does not say where the link goes"))
    })
}

pub(super) const LINK_URL_TEXT: Rule = Rule {
    id: "link-url-text",
    title: "URL or DOI as link text",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["2.4.4"],
    act: &[],
    help: "A URL or DOI is read out character by character. Link a description of the target \
           (the article's title, the organisation's name) instead.",
    check: link_url_text,
};

fn link_url_text(context: &Context) -> Vec<Hit> {
    each_link(context, |_, name| {
        let lower = name.to_lowercase();
        let is_url = ["http://", "https://", "www.", "ftp://"]
            .iter()
            .any(|p| lower.starts_with(p));
        let is_doi = lower.starts_with("doi:")
            || lower.starts_with("doi.org/")
            || (lower.starts_with("10.")
                && lower.contains('/')
                && lower[3..].chars().take_while(char::is_ascii_digit).count() >= 4);
        (!name.contains(' ') && (is_url || is_doi)).then(|| {
            let what = if is_doi { "a DOI" } else { "a URL" };
            format!("Link text \"{name}\" is {what}: link a description of the target instead")
        })
    })
}

pub(super) const LINK_SAME_TEXT_DIFFERENT_TARGET: Rule = Rule {
    id: "link-same-text-different-target",
    title: "Same link text, different targets",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["2.4.4", "2.4.9"],
    act: &[],
    help: "Links with the same text should go to the same place; when they go to different \
           places, readers cannot tell them apart in a list of links. Make each text say where \
           it goes.",
    check: link_same_text_different_target,
};

fn link_same_text_different_target(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    let mut first: HashMap<String, String> = HashMap::default();
    let mut hits = Vec::new();
    for &(node, ref name) in context.links() {
        let Some(href) = element(&node).and_then(|e| e.attribute("href")) else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        let target = normalise_href(href);
        let key = name.to_lowercase();
        match first.get(&key) {
            Some(earlier) if *earlier != target => hits.push(dom.hit(
                node,
                format!("Link text \"{name}\" is also used for a link to {earlier}: make each text say where it goes"),
            )),
            Some(_) => {}
            None => {
                first.insert(key, target);
            }
        }
    }
    hits
}

fn normalise_href(href: &str) -> String {
    let href = href.trim();
    let href = href.split('#').next().unwrap_or(href);
    href.trim_end_matches('/').to_string()
}

pub(super) const LINK_DOCUMENT_NO_FORMAT: Rule = Rule {
    id: "link-document-no-format",
    title: "Link to a document without its format",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["2.4.4"],
    act: &[],
    help: "A link to a PDF, Word or spreadsheet file opens a different program, which is \
           slow or hard on some devices and assistive technology. Say the format (and size) in \
           the link: \"Asthma action plan (PDF, 200 KB)\".",
    check: link_document_no_format,
};

fn link_document_no_format(context: &Context) -> Vec<Hit> {
    each_link(context, |node, name| {
        let href = element(&node)?.attribute("href")?;
        let path = href.split(['?', '#']).next()?.to_ascii_lowercase();
        let ext = path.rsplit_once('.')?.1;
        let (format, words): (&str, &[&str]) = match ext {
            "pdf" => ("PDF", &["pdf"]),
            "doc" | "docx" | "odt" | "rtf" => ("Word", &["word", "doc", "odt", "rtf", "document"]),
            "xls" | "xlsx" | "ods" | "csv" => (
                "spreadsheet",
                &["excel", "xls", "spreadsheet", "csv", "ods"],
            ),
            "ppt" | "pptx" | "odp" => (
                "slides",
                &["powerpoint", "ppt", "slides", "presentation", "odp"],
            ),
            "epub" => ("EPUB", &["epub", "e-book", "ebook"]),
            "zip" => ("ZIP", &["zip"]),
            _ => return None,
        };
        let described = format!(
            "{} {}",
            name.to_lowercase(),
            element(&node)?
                .attribute("title")
                .unwrap_or("")
                .to_lowercase()
        );
        (!words.iter().any(|w| described.contains(w))).then(|| {
            format!("Link \"{name}\" opens a {format} file: say so in the link text (\"{name} ({format})\")")
        })
    })
}

pub(super) const LINK_NEW_WINDOW_NO_WARNING: Rule = Rule {
    id: "link-new-window-no-warning",
    title: "Link opens a new window without saying so",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["3.2.5"],
    act: &[],
    help: "A link with target=\"_blank\" opens a new window or tab; people using screen \
           magnifiers or readers may not notice and lose the back button. Say \"opens in a new \
           tab\" in the link, or open it in the same window.",
    check: link_new_window_no_warning,
};

fn link_new_window_no_warning(context: &Context) -> Vec<Hit> {
    each_link(context, |node, name| {
        let el = element(&node)?;
        let target = el.attribute("target")?.trim().to_ascii_lowercase();
        if matches!(target.as_str(), "" | "_self" | "_parent" | "_top") {
            return None;
        }
        let described = format!("{} {}", name, el.attribute("title").unwrap_or("")).to_lowercase();
        let warned = ["new window", "new tab", "opens in", "external"]
            .iter()
            .any(|w| described.contains(w));
        (!warned).then(|| format!("Link \"{name}\" opens in a new window or tab without saying so"))
    })
}
