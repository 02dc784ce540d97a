//! ARIA rules (WCAG 1.3.1, 4.1.2): pasted widgets and embeds often carry ARIA that lies about
//! the content. Roles must exist; `aria-*` attributes must exist, have valid values, be allowed
//! on the element's role, be complete for it, and point at elements that exist; and an element
//! marked decorative must stay decorative.

use super::accname::{
    explicit_role, has_global_aria, is_focusable, is_svg, valid_role, Dom, El, Exposed, GLOBAL_ARIA,
};
use super::{Category, Context, Hit, Rule, Severity};
use crate::document::AttributeByName;
use html5ever::local_name;

/// Roles of table cells and rows, which take position attributes.
const CELLS: &[&str] = &["cell", "columnheader", "gridcell", "row", "rowheader"];
const CELLS_ONLY: &[&str] = &["cell", "columnheader", "gridcell", "rowheader"];
/// Roles of items in a set, which take `aria-posinset` and `aria-setsize`.
#[rustfmt::skip]
const SET_ITEMS: &[&str] = &[
    "article", "comment", "listitem", "menuitem", "menuitemcheckbox", "menuitemradio", "option",
    "radio", "row", "tab", "treeitem",
];
/// Roles of ranges, which take the `aria-value*` properties.
const RANGES: &[&str] = &[
    "meter",
    "progressbar",
    "scrollbar",
    "separator",
    "slider",
    "spinbutton",
];

/// WAI-ARIA 1.2 states and properties that are not global, with the roles that support them.
#[rustfmt::skip]
const ROLE_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("aria-activedescendant", &["application", "combobox", "grid", "group", "listbox", "menu", "menubar", "radiogroup", "row", "searchbox", "spinbutton", "tablist", "textbox", "toolbar", "tree", "treegrid"]),
    ("aria-autocomplete", &["combobox", "searchbox", "textbox"]),
    ("aria-checked", &["checkbox", "menuitemcheckbox", "menuitemradio", "option", "radio", "switch", "treeitem"]),
    ("aria-colcount", &["grid", "table", "treegrid"]),
    ("aria-colindex", CELLS),
    ("aria-colindextext", CELLS),
    ("aria-colspan", CELLS_ONLY),
    ("aria-expanded", &["application", "button", "checkbox", "columnheader", "combobox", "gridcell", "link", "listbox", "menuitem", "menuitemcheckbox", "menuitemradio", "row", "rowheader", "switch", "tab", "treeitem"]),
    ("aria-level", &["comment", "heading", "listitem", "row", "treeitem"]),
    ("aria-modal", &["alertdialog", "dialog"]),
    ("aria-multiline", &["searchbox", "textbox"]),
    ("aria-multiselectable", &["grid", "listbox", "tablist", "tree", "treegrid"]),
    ("aria-orientation", &["listbox", "menu", "menubar", "radiogroup", "scrollbar", "separator", "slider", "tablist", "toolbar", "tree", "treegrid"]),
    ("aria-placeholder", &["searchbox", "textbox"]),
    ("aria-posinset", SET_ITEMS),
    ("aria-pressed", &["button"]),
    ("aria-readonly", &["checkbox", "columnheader", "combobox", "grid", "gridcell", "listbox", "menuitemcheckbox", "menuitemradio", "radiogroup", "rowheader", "searchbox", "slider", "spinbutton", "switch", "textbox", "treegrid"]),
    ("aria-required", &["checkbox", "columnheader", "combobox", "gridcell", "listbox", "radiogroup", "rowheader", "searchbox", "spinbutton", "switch", "textbox", "tree", "treegrid"]),
    ("aria-rowcount", &["grid", "table", "treegrid"]),
    ("aria-rowindex", CELLS),
    ("aria-rowindextext", CELLS),
    ("aria-rowspan", CELLS_ONLY),
    ("aria-selected", &["columnheader", "gridcell", "option", "row", "rowheader", "tab", "treeitem"]),
    ("aria-setsize", SET_ITEMS),
    ("aria-sort", &["columnheader", "rowheader"]),
    ("aria-valuemax", RANGES),
    ("aria-valuemin", RANGES),
    ("aria-valuenow", RANGES),
    ("aria-valuetext", RANGES),
];

/// Roles on which naming (`aria-label`, `aria-labelledby`) is prohibited.
const NAME_PROHIBITED: &[&str] = &[
    "caption",
    "code",
    "deletion",
    "emphasis",
    "generic",
    "insertion",
    "mark",
    "none",
    "paragraph",
    "presentation",
    "strong",
    "subscript",
    "suggestion",
    "superscript",
];

fn is_defined(attr: &str) -> bool {
    GLOBAL_ARIA.contains(&attr) || ROLE_ATTRIBUTES.iter().any(|(a, _)| *a == attr)
}

fn aria_attrs(el: &scraper::node::Element) -> impl Iterator<Item = (&str, &str)> {
    el.attrs().filter(|(name, _)| name.starts_with("aria-"))
}

/// Runs `f` over the elements with a `role` or an `aria-*` attribute (what every rule here
/// but `decorative-exposed` needs one of) and keeps its messages as hits.
fn each(
    context: &Context,
    f: impl for<'a> Fn(&Dom<'a>, El<'a>, &'a scraper::node::Element) -> Option<String>,
) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    dom.with_aria()
        .iter()
        .copied()
        .filter_map(|(node, el)| f(dom, node, el).map(|m| dom.hit(node, m)))
        .collect()
}

pub(super) const ROLE_INVALID: Rule = Rule {
    id: "aria-role-invalid",
    title: "Role that does not exist",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.3.1", "4.1.2"],
    act: &["674b10"],
    help: "A role attribute must name at least one WAI-ARIA or DPUB-ARIA role (\"button\", \
           \"doc-biblioref\"); a misspelt role (\"lnik\") leaves the element with no meaning.",
    check: role_invalid,
};

fn role_invalid(context: &Context) -> Vec<Hit> {
    each(context, |dom, node, el| {
        let role = el.attribute("role")?;
        let valid = role
            .split_ascii_whitespace()
            .any(|t| valid_role(&t.to_ascii_lowercase()).is_some());
        (!role.trim().is_empty() && !valid && dom.in_tree(node))
            .then(|| format!("role=\"{}\" is not a WAI-ARIA role", role.trim()))
    })
}

pub(super) const ARIA_ATTR_UNDEFINED: Rule = Rule {
    id: "aria-attr-undefined",
    title: "ARIA attribute that does not exist",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.3.1", "4.1.2"],
    act: &["5f99a7"],
    help: "Attributes starting with aria- must be WAI-ARIA states or properties; a misspelt \
           one (\"aria-labeled\") is ignored by assistive technology.",
    check: aria_attr_undefined,
};

fn aria_attr_undefined(context: &Context) -> Vec<Hit> {
    each(context, |_, _, el| {
        let unknown: Vec<&str> = aria_attrs(el)
            .map(|(n, _)| n)
            .filter(|n| !is_defined(n))
            .collect();
        (!unknown.is_empty()).then(|| format!("{} is not a WAI-ARIA attribute", unknown.join(", ")))
    })
}

pub(super) const ARIA_VALUE_INVALID: Rule = Rule {
    id: "aria-value-invalid",
    title: "ARIA attribute with an invalid value",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.3.1", "4.1.2"],
    act: &["6a7281"],
    help: "ARIA states and properties take values of a set type: true/false, a token from a \
           list, an integer or a number. Other values are ignored or misread.",
    check: aria_value_invalid,
};

/// Is `value` allowed for `attr`? `None` for attributes whose values are free (strings, ids).
fn value_valid(attr: &str, value: &str) -> Option<bool> {
    let v = value.trim().to_ascii_lowercase();
    let one_of = |allowed: &[&str]| Some(allowed.contains(&v.as_str()));
    match attr {
        "aria-atomic"
        | "aria-busy"
        | "aria-disabled"
        | "aria-modal"
        | "aria-multiline"
        | "aria-multiselectable"
        | "aria-readonly"
        | "aria-required" => one_of(&["true", "false"]),
        "aria-expanded" | "aria-grabbed" | "aria-hidden" | "aria-selected" => {
            one_of(&["true", "false", "undefined"])
        }
        "aria-checked" | "aria-pressed" => one_of(&["true", "false", "mixed", "undefined"]),
        "aria-autocomplete" => one_of(&["inline", "list", "both", "none"]),
        "aria-current" => one_of(&["page", "step", "location", "date", "time", "true", "false"]),
        "aria-haspopup" => one_of(&["false", "true", "menu", "listbox", "tree", "grid", "dialog"]),
        "aria-invalid" => one_of(&["grammar", "false", "spelling", "true"]),
        "aria-live" => one_of(&["assertive", "off", "polite"]),
        "aria-orientation" => one_of(&["horizontal", "vertical", "undefined"]),
        "aria-sort" => one_of(&["ascending", "descending", "none", "other"]),
        "aria-dropeffect" => Some(
            v.split_ascii_whitespace()
                .all(|t| matches!(t, "copy" | "execute" | "link" | "move" | "none" | "popup")),
        ),
        "aria-relevant" => Some(
            v.split_ascii_whitespace()
                .all(|t| matches!(t, "additions" | "removals" | "text" | "all")),
        ),
        "aria-colcount" | "aria-colindex" | "aria-colspan" | "aria-level" | "aria-posinset"
        | "aria-rowcount" | "aria-rowindex" | "aria-rowspan" | "aria-setsize" => {
            Some(v.parse::<i64>().is_ok())
        }
        "aria-valuemax" | "aria-valuemin" | "aria-valuenow" => {
            Some(v.parse::<f64>().is_ok_and(f64::is_finite))
        }
        _ => None,
    }
}

fn aria_value_invalid(context: &Context) -> Vec<Hit> {
    each(context, |_, _, el| {
        let bad: Vec<String> = aria_attrs(el)
            .filter(|(_, v)| !v.trim().is_empty())
            .filter(|(n, v)| value_valid(n, v) == Some(false))
            .map(|(n, v)| format!("{n}=\"{v}\""))
            .collect();
        (!bad.is_empty()).then(|| format!("{} is not a valid value", bad.join(", ")))
    })
}

pub(super) const ARIA_ATTR_NOT_PERMITTED: Rule = Rule {
    id: "aria-attr-not-permitted",
    title: "ARIA attribute not allowed on this element",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.3.1", "4.1.2"],
    act: &["5c01ea"],
    help: "Each ARIA state or property belongs to some roles: aria-pressed to buttons, \
           aria-checked to checkboxes, and aria-label not to plain <div>/<span> or paragraphs. \
           Elsewhere it is ignored, so what it says never reaches the reader.",
    check: aria_attr_not_permitted,
};

/// Elements HTML-AAM gives no role, so only global attributes apply.
fn has_no_role(name: &str) -> bool {
    matches!(
        name,
        "audio" | "video" | "label" | "legend" | "br" | "wbr" | "picture" | "source" | "track"
    )
}

fn aria_attr_not_permitted(context: &Context) -> Vec<Hit> {
    each(context, |dom, node, el| {
        if !dom.in_tree(node) {
            return None;
        }
        let role = dom.role(node);
        if role.is_none() && !has_no_role(el.name()) {
            return None;
        }
        let bad: Vec<&str> = aria_attrs(el)
            .map(|(n, _)| n)
            .filter(|n| is_defined(n))
            .filter(|n| {
                if matches!(*n, "aria-label" | "aria-labelledby") {
                    return role.is_some_and(|r| NAME_PROHIBITED.contains(&r));
                }
                if GLOBAL_ARIA.contains(n) {
                    return false;
                }
                let supported = ROLE_ATTRIBUTES
                    .iter()
                    .find(|(a, _)| a == n)
                    .map(|(_, roles)| *roles)
                    .unwrap_or(&[]);
                !role.is_some_and(|r| supported.contains(&r))
            })
            .collect();
        (!bad.is_empty()).then(|| {
            format!(
                "{} is not allowed on {}",
                bad.join(", "),
                match role {
                    Some(r) => format!("role {r}"),
                    None => format!("<{}>", el.name()),
                }
            )
        })
    })
}

pub(super) const ARIA_REQUIRED_ATTR: Rule = Rule {
    id: "aria-required-attr",
    title: "Role without its required states",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.3.1", "4.1.2"],
    act: &["4e8ab6"],
    help: "Some roles need a state to make sense: a checkbox its aria-checked, a heading its \
           aria-level, a combobox aria-expanded and aria-controls, a slider aria-valuenow. \
           Add them, or use the native element (<input type=\"checkbox\">, <h2>).",
    check: aria_required_attr,
};

fn required_attrs(role: &str, focusable: bool) -> &'static [&'static str] {
    match role {
        "checkbox" | "menuitemcheckbox" | "menuitemradio" | "radio" | "switch" => &["aria-checked"],
        "combobox" => &["aria-controls", "aria-expanded"],
        "heading" => &["aria-level"],
        "meter" | "slider" => &["aria-valuenow"],
        "scrollbar" => &["aria-controls", "aria-valuenow"],
        "separator" if focusable => &["aria-valuenow"],
        _ => &[],
    }
}

fn aria_required_attr(context: &Context) -> Vec<Hit> {
    each(context, |dom, node, el| {
        let role = explicit_role(el)?;
        if dom.role(node) != Some(role)
            || dom.implicit_role(node) == Some(role)
            || !dom.in_tree(node)
        {
            return None;
        }
        // Native checkboxes and radios carry their checked state themselves.
        if el.name() == "input"
            && matches!(
                super::accname::input_type(el).as_str(),
                "checkbox" | "radio"
            )
        {
            return None;
        }
        let missing: Vec<&str> = required_attrs(role, is_focusable(el))
            .iter()
            .copied()
            .filter(|a| el.attribute(a).is_none())
            .collect();
        (!missing.is_empty()).then(|| format!("role {role} needs {}", missing.join(" and ")))
    })
}

pub(super) const ARIA_ID_REF_MISSING: Rule = Rule {
    id: "aria-id-ref-missing",
    title: "Required ARIA reference points at nothing",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.3.1", "4.1.2"],
    act: &["in6db8"],
    help: "A scrollbar, and an expanded combobox, must point with aria-controls at the element \
           they control; an id that no element has breaks the connection.",
    check: aria_id_ref_missing,
};

fn aria_id_ref_missing(context: &Context) -> Vec<Hit> {
    each(context, |dom, node, el| {
        let role = dom.role(node)?;
        let applies = role == "scrollbar"
            || (role == "combobox"
                && el
                    .attribute("aria-expanded")
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("true")));
        let ids: Vec<&str> = el
            .attribute("aria-controls")?
            .split_ascii_whitespace()
            .collect();
        (applies
            && dom.in_tree(node)
            && !ids.is_empty()
            && !ids.iter().any(|id| dom.by_id(id).is_some()))
        .then(|| {
            format!(
                "aria-controls=\"{}\" names no element of the page",
                ids.join(" ")
            )
        })
    })
}

pub(super) const DECORATIVE_EXPOSED: Rule = Rule {
    id: "decorative-exposed",
    title: "Element marked decorative but still exposed",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["1.3.1", "4.1.2"],
    act: &["46ca7f"],
    help: "role=\"none\"/\"presentation\" or alt=\"\" marks an element decorative, but a \
           focusable element, or one with aria-label, aria-labelledby or another global ARIA \
           attribute, is exposed anyway. Decide: remove the ARIA, or remove the decorative \
           marking.",
    check: decorative_exposed,
};

fn decorative_exposed(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    dom.exposed()
        .iter()
        .filter_map(|&Exposed { node, el, role }| {
            let marked = matches!(explicit_role(el), Some("none" | "presentation"))
                || (el.name.local == local_name!("img")
                    && !is_svg(el)
                    && el.attribute("alt") == Some("")
                    && el.attribute("role").is_none());
            if !marked || matches!(role, Some("none" | "presentation")) {
                return None;
            }
            let why = if is_focusable(el) {
                "it is focusable"
            } else if has_global_aria(el) {
                "it has global ARIA attributes"
            } else {
                return None;
            };
            let message = format!(
                "<{}> is marked decorative but is exposed because {why}",
                el.name()
            );
            Some(dom.hit(node, message))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn values() {
        assert_eq!(
            super::value_valid("aria-required", "undefined"),
            Some(false)
        );
        assert_eq!(super::value_valid("aria-rowindex", "2.5"), Some(false));
        assert_eq!(super::value_valid("aria-valuenow", "1.5"), Some(true));
        assert_eq!(super::value_valid("aria-label", "x"), None);
    }
}
