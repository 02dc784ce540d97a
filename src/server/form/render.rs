//! The report page's sections after the score and the article: the heading outline with each
//! section's grade and issues, the images table, the jargon terms and the findings grouped by
//! category. Every value is the report's; this module only arranges and escapes.

use super::escape::Esc;
use super::links::Links;
use super::score::number;
use super::{article, charts, score};
use crate::checks::{Category, Severity, REGISTRY};
use crate::report::{Finding, OutlineNode, Report};
use std::fmt::Write;

/// Writes the whole report: score, article, outline, charts, images, jargon, findings.
pub fn report(out: &mut String, report: &Report) {
    let links = Links::new(report);
    out.push_str(
        "<section id=\"report-body\" aria-labelledby=\"report-h\"><h2 id=\"report-h\">Report</h2>\
         <nav aria-label=\"Report sections\"><ul class=\"toc\"><li><a href=\"#score-h\">Score</a></li>\
         <li><a href=\"#article-h\">Article</a></li><li><a href=\"#outline-h\">Outline</a></li>\
         <li><a href=\"#charts-h\">Charts</a></li><li><a href=\"#images-h\">Images</a></li>\
         <li><a href=\"#terms-h\">Jargon</a></li><li><a href=\"#findings-h\">Findings</a></li></ul></nav>",
    );
    score::panel(out, report);
    article::section(out, report, &links);
    outline(out, report);
    charts::section(out, report);
    images(out, report);
    terms(out, report);
    findings(out, report);
    out.push_str("</section>");
}

fn outline(out: &mut String, report: &Report) {
    out.push_str(
        "<section class=\"panel\" aria-labelledby=\"outline-h\"><h3 id=\"outline-h\">Outline</h3>",
    );
    if report.outline.is_empty() {
        out.push_str("<p>The article has no headings.</p></section>");
        return;
    }
    let mut starts: Vec<usize> = Vec::new();
    heading_starts(&report.outline, &mut starts);
    starts.sort_unstable();
    outline_list(out, report, &report.outline, &starts);
    out.push_str("</section>");
}

fn heading_starts(nodes: &[OutlineNode], out: &mut Vec<usize>) {
    for node in nodes {
        out.push(node.span.start as usize);
        heading_starts(&node.children, out);
    }
}

/// Findings from this heading up to the next heading of any level.
fn issues_under(report: &Report, start: usize, starts: &[usize]) -> usize {
    let end = starts
        .iter()
        .copied()
        .find(|&s| s > start)
        .unwrap_or(usize::MAX);
    report
        .findings
        .iter()
        .filter(|f| (start..end).contains(&(f.span.start as usize)) && f.severity > Severity::Info)
        .count()
}

fn outline_list(out: &mut String, report: &Report, nodes: &[OutlineNode], starts: &[usize]) {
    out.push_str("<ol class=\"outline\">");
    for node in nodes {
        let block = report
            .blocks
            .iter()
            .position(|b| b.span.start == node.span.start && b.level.is_some());
        let text = if node.text.trim().is_empty() {
            "(empty heading)"
        } else {
            node.text.as_str()
        };
        out.push_str("<li>");
        match block {
            Some(b) => {
                let _ = write!(out, "<a href=\"#b-{b}\">{}</a>", Esc(text));
            }
            None => {
                let _ = write!(out, "{}", Esc(text));
            }
        }
        let _ = write!(
            out,
            " <span class=\"meta\">H{} · grade {} · {} words · {} issues</span>",
            node.level,
            number(node.grade),
            node.words,
            issues_under(report, node.span.start as usize, starts)
        );
        if !node.children.is_empty() {
            outline_list(out, report, &node.children, starts);
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
}

fn images(out: &mut String, report: &Report) {
    out.push_str(
        "<section class=\"panel\" aria-labelledby=\"images-h\"><h3 id=\"images-h\">Images</h3>",
    );
    if report.images.is_empty() {
        out.push_str("<p>The article has no images.</p></section>");
        return;
    }
    out.push_str(
        "<p>Images are listed, never loaded.</p>\
         <div class=\"scroll\" role=\"region\" aria-label=\"Images table\" tabindex=\"0\"><table>\
         <caption>Images and their text alternatives</caption><thead><tr>\
         <th scope=\"col\">Image</th><th scope=\"col\">Source</th><th scope=\"col\">Alt text</th>\
         <th scope=\"col\">Findings</th></tr></thead><tbody>",
    );
    for image in &report.images {
        let alt = match image.alt.as_deref() {
            None => "<em>missing</em>".to_string(),
            Some("") => "<em>empty (decorative)</em>".to_string(),
            Some(alt) => Esc(alt).to_string(),
        };
        let found: Vec<String> = image
            .findings
            .iter()
            .map(|rule| {
                let at = report.findings.iter().position(|f| {
                    f.rule == *rule
                        && f.span.start >= image.span.start
                        && f.span.end <= image.span.end
                });
                match at {
                    Some(i) => format!("<a href=\"#f-{i}\">{}</a>", Esc(rule)),
                    None => Esc(rule).to_string(),
                }
            })
            .collect();
        let _ = write!(
            out,
            "<tr><td><code>{}</code><br>line {}</td><td><code>{}</code></td><td>{alt}</td><td>{}</td></tr>",
            Esc(&image.selector),
            image.span.line,
            Esc(image.src.as_deref().unwrap_or("")),
            if found.is_empty() {
                "none".to_string()
            } else {
                found.join(", ")
            }
        );
    }
    out.push_str("</tbody></table></div></section>");
}

fn terms(out: &mut String, report: &Report) {
    let jargon = &report.jargon;
    let undefined = jargon.terms.iter().filter(|t| !t.defined).count();
    let _ = write!(
        out,
        "<section class=\"panel\" aria-labelledby=\"terms-h\"><h3 id=\"terms-h\">Jargon</h3>\
         <p>{} jargon terms, {undefined} never defined — aim for 0 undefined. Jargon is {:.1}% of \
         the words ({:.1}% where not yet defined).</p>",
        jargon.terms.len(),
        jargon.density * 100.0,
        jargon.density_undefined * 100.0,
    );
    if jargon.terms.is_empty() {
        out.push_str("</section>");
        return;
    }
    out.push_str(
        "<div class=\"scroll\" role=\"region\" aria-label=\"Jargon terms table\" tabindex=\"0\"><table>\
         <caption>Jargon terms in order of first use</caption><thead><tr><th scope=\"col\">Term</th>\
         <th scope=\"col\">Uses</th><th scope=\"col\">Defined</th><th scope=\"col\">Plainer words</th>\
         </tr></thead><tbody>",
    );
    for (i, term) in jargon.terms.iter().enumerate() {
        let suggestions: Vec<String> = term
            .suggestions
            .iter()
            .map(|s| Esc(&s.replace_with).to_string())
            .collect();
        let _ = write!(
            out,
            "<tr id=\"t-{i}\"><th scope=\"row\">{}</th><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            Esc(&term.term),
            term.count,
            if term.defined { "yes" } else { "no" },
            if suggestions.is_empty() {
                "—".to_string()
            } else {
                suggestions.join(", ")
            }
        );
    }
    out.push_str("</tbody></table></div></section>");
}

const CATEGORIES: [(Category, &str); 4] = [
    (Category::Accessibility, "Accessibility"),
    (Category::Readability, "Readability"),
    (Category::Jargon, "Jargon"),
    (Category::Structure, "Structure"),
];

fn findings(out: &mut String, report: &Report) {
    let _ = write!(
        out,
        "<section class=\"panel\" aria-labelledby=\"findings-h\"><h3 id=\"findings-h\">Findings</h3>\
         <p>{} findings.</p>",
        report.findings.len()
    );
    for (category, name) in CATEGORIES {
        let group: Vec<(usize, &Finding)> = report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| f.category == category)
            .collect();
        if group.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<h4>{name} <span class=\"count\">({})</span></h4><ul class=\"targets\">",
            group.len()
        );
        for rule in REGISTRY.iter().filter(|r| r.category == category) {
            let n = group.iter().filter(|(_, f)| f.rule == rule.id).count();
            if n > 0 {
                let aim = if rule.severity == Severity::Info {
                    "for review"
                } else {
                    "aim for 0"
                };
                let _ = write!(out, "<li>{n} × {} — {aim}</li>", Esc(rule.title));
            }
        }
        out.push_str("</ul><ol class=\"findings\">");
        for (i, finding) in group {
            finding_item(out, i, finding, block_of(report, finding));
        }
        out.push_str("</ol>");
    }
    out.push_str("</section>");
}

/// The block of the article a finding lies in, if any (findings about markup outside the
/// readable blocks have none).
fn block_of(report: &Report, finding: &Finding) -> Option<usize> {
    report
        .blocks
        .iter()
        .position(|b| b.span.start <= finding.span.start && finding.span.end <= b.span.end)
}

/// One finding; its position links to its place in the article when it has one.
fn finding_item(out: &mut String, index: usize, finding: &Finding, block: Option<usize>) {
    let severity = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let position = format!("line {}, column {}", finding.span.line, finding.span.column);
    let position = match block {
        Some(b) => format!("<a href=\"#b-{b}\">{position}</a>"),
        None => position,
    };
    let _ = write!(
        out,
        "<li id=\"f-{index}\" class=\"finding {severity}\"><span class=\"sev\">{severity}</span> {} \
         <span class=\"where\">{position} · <code>{}</code>",
        Esc(&finding.message),
        Esc(finding.rule)
    );
    if !finding.wcag.is_empty() {
        let _ = write!(out, " · WCAG {}", finding.wcag.join(", "));
    }
    let _ = write!(
        out,
        "</span><br><q class=\"excerpt\">{}</q>",
        Esc(&finding.excerpt)
    );
    if !finding.suggestions.is_empty() {
        let words: Vec<String> = finding
            .suggestions
            .iter()
            .map(|s| format!("“{}”", Esc(&s.replace_with)))
            .collect();
        let _ = write!(
            out,
            " <span class=\"try\">Try {}.</span>",
            words.join(" or ")
        );
    }
    out.push_str("</li>");
}
