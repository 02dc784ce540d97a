//! Image rules (WCAG 1.1.1 Non-text Content).

use super::{Category, Context, Hit, Rule, Severity};
use scraper::node::Element;

pub(super) const IMAGE_ALT_MISSING: Rule = Rule {
    id: "image-alt-missing",
    title: "Image without an alt attribute",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.1.1"],
    act: &["23a2a8"],
    help: "Every image needs an alt attribute: a short description of what the image shows or \
           does, or alt=\"\" when it is decorative. Without it, screen readers read the file \
           name instead.",
    check: image_alt_missing,
};

/// An `img` with no `alt` and no other accessible name (`aria-label`, `aria-labelledby`,
/// `title`), that is not marked decorative with `role="presentation"` or `role="none"`.
fn image_alt_missing(context: &Context) -> Vec<Hit> {
    let document = context.document;
    let Some(html) = &document.html else {
        return Vec::new();
    };
    document
        .images
        .iter()
        .filter(|image| image.alt.is_none())
        .filter(|image| {
            html.tree
                .get(image.element)
                .and_then(|n| n.value().as_element())
                .is_some_and(|e| !is_decorative(e) && !has_other_name(e))
        })
        .map(|image| Hit {
            span: document.source.span(image.tag.start, image.tag.end),
            selector: Some(image.selector.clone()),
            message: match image.src.as_deref().and_then(file_name) {
                Some(name) => format!(
                    "Image \"{name}\" has no alt attribute: describe it, or use alt=\"\" if it is decorative"
                ),
                None => "Image has no alt attribute: describe it, or use alt=\"\" if it is decorative"
                    .to_string(),
            },
        })
        .collect()
}

fn is_decorative(element: &Element) -> bool {
    element.attr("role").is_some_and(|role| {
        role.split_ascii_whitespace().next().is_some_and(|r| {
            r.eq_ignore_ascii_case("presentation") || r.eq_ignore_ascii_case("none")
        })
    })
}

fn has_other_name(element: &Element) -> bool {
    ["aria-label", "aria-labelledby", "title"]
        .iter()
        .any(|attr| element.attr(attr).is_some_and(|v| !v.trim().is_empty()))
}

/// The last path segment of an image URL, for a message the author recognises.
fn file_name(src: &str) -> Option<&str> {
    let path = src.split(['?', '#']).next()?;
    let name = path.rsplit('/').next()?;
    (!name.is_empty() && !src.starts_with("data:")).then_some(name)
}

#[cfg(test)]
mod tests {
    use crate::{analyze_html, Options};

    fn rules_fired(html: &str) -> Vec<String> {
        let report = analyze_html(html.as_bytes(), None, &Options::default()).unwrap();
        report
            .findings
            .into_iter()
            .map(|f| f.rule.to_string())
            .collect()
    }

    #[test]
    fn fires_on_img_without_alt() {
        assert_eq!(
            rules_fired("<p>Text <img src=\"x.png\"></p>"),
            ["image-alt-missing"]
        );
    }

    #[test]
    fn does_not_fire_with_alt_name_or_decorative_role() {
        for html in [
            "<p>Text <img src=x.png alt=\"A chart\"></p>",
            "<p>Text <img src=x.png alt></p>",
            "<p>Text <img src=x.png aria-label=\"A chart\"></p>",
            "<p>Text <img src=x.png role=presentation></p>",
            "<p>Text <img src=x.png hidden></p>",
        ] {
            assert!(rules_fired(html).is_empty(), "{html}");
        }
    }
}
