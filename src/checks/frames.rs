//! Frame rules: an `<iframe>` a keyboard user can reach needs a name (WCAG 4.1.2).

use super::accname::explicit_role;
use super::{Category, Context, Hit, Rule, Severity};
use crate::document::AttributeByName;
use html5ever::local_name;

pub(super) const IFRAME_NAME_MISSING: Rule = Rule {
    id: "iframe-name-missing",
    title: "Iframe without a title",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["4.1.2"],
    act: &["cae760"],
    help: "An iframe (an embedded video, map or form) is announced by its title: give it a \
           title attribute that says what it contains (\"Video: how to use an inhaler\"). The \
           name attribute does not count.",
    check: iframe_name_missing,
};

fn iframe_name_missing(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    dom.exposed_named(&local_name!("iframe"))
        .map(|e| (e.node, e.el))
        .filter(|(_, el)| {
            !matches!(explicit_role(el), Some("none" | "presentation"))
                && el
                    .attribute("tabindex")
                    .and_then(|t| t.trim().parse::<i32>().ok())
                    .is_none_or(|t| t >= 0)
        })
        .filter(|(node, _)| dom.name(*node).is_empty())
        .map(|(node, _)| dom.hit(node, "Iframe has no title: say what it contains"))
        .collect()
}
