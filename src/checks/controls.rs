//! Control rules (WCAG 4.1.2): buttons and disclosure summaries need a name.

use super::accname::{explicit_role, input_type};
use super::{Category, Context, Hit, Rule, Severity};
use html5ever::local_name;

pub(super) const BUTTON_NAME_MISSING: Rule = Rule {
    id: "button-name-missing",
    title: "Button without a name",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["4.1.2"],
    act: &["97a4e1"],
    help: "A button needs text that says what it does: its content, aria-label, or for \
           <input type=\"button\"> a value.",
    check: button_name_missing,
};

fn button_name_missing(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    dom.exposed()
        .iter()
        .filter(|e| {
            e.role == Some("button")
                && !(e.el.name() == "input" && input_type(e.el) == "image")
                && !dom.is_details_summary(e.node)
        })
        .map(|e| (e.node, e.el))
        .filter(|(node, _)| dom.name(*node).is_empty())
        .map(|(node, _)| dom.hit(node, "Button has no text: say what it does"))
        .collect()
}

pub(super) const SUMMARY_NAME_MISSING: Rule = Rule {
    id: "summary-name-missing",
    title: "Disclosure summary without a name",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["4.1.2"],
    act: &["2t702h"],
    help: "The <summary> of a <details> is the button that opens it: give it text that says \
           what the hidden part contains.",
    check: summary_name_missing,
};

fn summary_name_missing(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    dom.exposed_named(&local_name!("summary"))
        .map(|e| (e.node, e.el))
        .filter(|(node, el)| {
            dom.is_details_summary(*node)
                && explicit_role(el).is_none_or(|r| matches!(r, "none" | "presentation"))
        })
        .filter(|(node, _)| dom.name(*node).is_empty())
        .map(|(node, _)| dom.hit(node, "<summary> has no text: say what the details contain"))
        .collect()
}
