//! The page around everything: the layout from `web/page.html`, and the form, filled in with
//! what the editor last sent so that they can edit and check again.

use super::download;
use super::escape::Esc;
use super::input::Fields;
use std::fmt::Write;

const LAYOUT: &str = include_str!("../../../web/page.html");

/// A whole page: `title` is ours (never user-derived), `main` is already escaped HTML.
pub fn layout(title: &str, main: &str) -> String {
    LAYOUT
        .replacen("{{title}}", title, 1)
        .replacen("{{main}}", main, 1)
}

const PROFILES: [(&str, &str); 4] = [
    ("nih", "NIH — grade 8 or below"),
    ("ama", "AMA — grade 6 or below"),
    ("nhs", "NHS — reading age 11 or below"),
    ("custom", "Custom target grade"),
];
const LANGUAGES: [(&str, &str); 3] = [
    ("", "As the article says (lang), else US"),
    ("en-US", "US English (en-US)"),
    ("en-GB", "British English (en-GB)"),
];
const SCOPES: [(&str, &str); 3] = [
    ("auto", "Decide from the markup"),
    ("page", "A whole page: read its main content"),
    ("fragment", "A fragment: read all of it"),
];
const LEVELS: [(&str, &str); 6] = [
    ("1", "1"),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", "5"),
    ("6", "6"),
];

/// The form, with `fields` as its values.
pub fn form(out: &mut String, fields: &Fields) {
    let checked = |yes: bool| if yes { " checked" } else { "" };
    let format = fields.format.as_str();
    let _ = write!(
        out,
        "<form id=\"analyze\" class=\"panel\" method=\"post\" action=\"/report\" enctype=\"multipart/form-data\">\
         <h1>Check an article</h1>\
         <p class=\"field\"><label for=\"html\">Article (HTML, Markdown or plain text)</label>\
         <textarea id=\"html\" name=\"html\" rows=\"12\" spellcheck=\"false\" aria-describedby=\"html-hint\">\n{}</textarea>\
         <span class=\"hint\" id=\"html-hint\">Paste the article. The report updates as you type when JavaScript is on.</span></p>\
         <fieldset><legend>The pasted article is</legend>\
         <label><input type=\"radio\" name=\"format\" value=\"html\"{}> HTML</label> \
         <label><input type=\"radio\" name=\"format\" value=\"markdown\"{}> Markdown</label> \
         <label><input type=\"radio\" name=\"format\" value=\"text\"{}> Plain text</label></fieldset>\
         <p class=\"field\"><label for=\"file\">Or upload a file (.html, .htm, .md or .txt)</label>\
         <input type=\"file\" id=\"file\" name=\"file\" accept=\".html,.htm,.md,.markdown,.txt,text/html,text/markdown,text/plain\"></p>\
         <fieldset class=\"options\"><legend>Options</legend>",
        Esc(&fields.text),
        checked(format != "text" && format != "markdown"),
        checked(format == "markdown"),
        checked(format == "text"),
    );
    select(out, "profile", "Reading target", &PROFILES, &fields.profile);
    let _ = write!(
        out,
        "<p class=\"field\"><label for=\"target_grade\">Custom target grade</label>\
         <input type=\"number\" id=\"target_grade\" name=\"target_grade\" min=\"0\" max=\"20\" step=\"0.5\" value=\"{}\"></p>",
        Esc(&fields.target_grade)
    );
    select(
        out,
        "language",
        "Spelling of suggestions",
        &LANGUAGES,
        &fields.language,
    );
    select(out, "scope", "Page or fragment", &SCOPES, &fields.scope);
    select(
        out,
        "first_heading_level",
        "First heading level of a fragment",
        &LEVELS,
        &fields.first_heading_level,
    );
    out.push_str(
        "</fieldset><p class=\"actions\"><button type=\"submit\">Check the article</button>",
    );
    for format in download::FORMATS {
        let _ = write!(
            out,
            " <button type=\"submit\" class=\"secondary\" formaction=\"{}\">{}</button>",
            format.path, format.label
        );
    }
    out.push_str("</p><p id=\"status\" class=\"status\" role=\"status\"></p></form>");
}

fn select(out: &mut String, name: &str, label: &str, choices: &[(&str, &str)], value: &str) {
    let _ = write!(
        out,
        "<p class=\"field\"><label for=\"{name}\">{label}</label><select id=\"{name}\" name=\"{name}\">"
    );
    for (choice, text) in choices {
        let selected = if *choice == value { " selected" } else { "" };
        let _ = write!(out, "<option value=\"{choice}\"{selected}>{text}</option>");
    }
    out.push_str("</select></p>");
}
