//! Whether markup alone hides an element from every reader. Shared by the document stage (no
//! prose from hidden elements) and the accessibility rules (hidden elements are not in the
//! accessibility tree), so both agree on what hidden means.

use super::AttributeByName;
use scraper::node::Element;

/// Hidden by the element itself: the `hidden` attribute, or an inline `display:none` or
/// `visibility:hidden` style.
pub fn is_hidden(element: &Element) -> bool {
    if element.attribute("hidden").is_some() {
        return true;
    }
    element.attribute("style").is_some_and(|style| {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        compact.contains("display:none") || compact.contains("visibility:hidden")
    })
}

/// `aria-hidden="true"`: hidden from assistive technology (and so from the article's readers
/// that use it).
pub fn is_aria_hidden(element: &Element) -> bool {
    element
        .attribute("aria-hidden")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}
