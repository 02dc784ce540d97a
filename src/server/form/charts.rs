//! Charts drawn on the server as inline SVG (no script, no remote library): sentence
//! difficulty along the document with the target line, and each section's grade as a bar.
//! Each chart is an `img` with a title and a text description saying what it shows in words
//! (WCAG 1.1.1), and the bars carry a pattern as well as a colour (WCAG 1.4.1).

use super::escape::Esc;
use super::score::number;
use crate::report::{Difficulty, OutlineNode, Report};
use std::fmt::Write;

const WIDTH: f64 = 720.0;
const LEFT: f64 = 40.0;
const TOP: f64 = 16.0;

/// The grade the headline profile accepts, if it has one.
fn target(report: &Report) -> Option<f64> {
    report.profiles.iter().find(|p| p.headline)?.max_grade
}

/// The y-axis maximum: a multiple of 5 above every value and the target.
fn ceiling(values: impl Iterator<Item = f64>, target: Option<f64>) -> f64 {
    let max = values.chain(target).fold(5.0_f64, f64::max);
    (max / 5.0).ceil() * 5.0
}

/// Writes the charts section.
pub fn section(out: &mut String, report: &Report) {
    out.push_str(
        "<section class=\"panel\" aria-labelledby=\"charts-h\"><h3 id=\"charts-h\">Charts</h3>",
    );
    sentence_difficulty(out, report);
    section_grades(out, report);
    out.push_str("</section>");
}

fn sentence_difficulty(out: &mut String, report: &Report) {
    let points: Vec<(f64, Difficulty)> = report
        .sentences
        .iter()
        .filter(|s| s.scored)
        .filter_map(|s| Some((s.difficulty_score?, s.difficulty)))
        .collect();
    if points.is_empty() {
        out.push_str("<p>No sentence to chart.</p>");
        return;
    }
    let target = target(report);
    let height = 220.0;
    let plot_h = height - TOP - 30.0;
    let plot_w = WIDTH - LEFT - 10.0;
    let top = ceiling(points.iter().map(|p| p.0), target);
    let y = |v: f64| TOP + plot_h * (1.0 - v.clamp(0.0, top) / top);
    let step = plot_w / points.len() as f64;
    let above = points
        .iter()
        .filter(|p| target.is_some_and(|t| p.0 > t))
        .count();
    let (hardest, score) = points
        .iter()
        .enumerate()
        .map(|(i, p)| (i + 1, p.0))
        .fold((0, f64::MIN), |best, p| if p.1 > best.1 { p } else { best });
    let desc = format!(
        "{} sentences in reading order, scored 0 to {top}. {}The hardest is sentence {hardest}, at {score:.1}.",
        points.len(),
        target.map_or(String::new(), |t| format!("{above} are above the target of grade {t}. ")),
    );
    open(
        out,
        "difficulty",
        "Sentence difficulty along the document",
        &desc,
        height,
    );
    axis(out, top, &y);
    for (i, (value, difficulty)) in points.iter().enumerate() {
        let class = match difficulty {
            Difficulty::VeryHard => "very_hard",
            Difficulty::Hard => "hard",
            _ => "ok",
        };
        let _ = write!(
            out,
            "<rect class=\"bar {class}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
            LEFT + i as f64 * step,
            y(*value),
            (step * 0.8).max(0.5),
            y(0.0) - y(*value)
        );
    }
    target_line(out, target, &|t| (LEFT, y(t), LEFT + plot_w, y(t)));
    let _ = write!(
        out,
        "<text x=\"{LEFT}\" y=\"{:.0}\" class=\"axis\">sentence 1</text>\
         <text x=\"{:.0}\" y=\"{:.0}\" class=\"axis\" text-anchor=\"end\">sentence {}</text></svg></figure>",
        height - 8.0,
        LEFT + plot_w,
        height - 8.0,
        points.len()
    );
}

fn section_grades(out: &mut String, report: &Report) {
    let mut sections: Vec<&OutlineNode> = Vec::new();
    flatten(&report.outline, &mut sections);
    let bars: Vec<(&OutlineNode, f64)> = sections
        .into_iter()
        .filter_map(|node| Some((node, node.grade?)))
        .collect();
    if bars.is_empty() {
        out.push_str("<p>No section with a grade to chart.</p>");
        return;
    }
    let target = target(report);
    let row = 22.0;
    let label_w = 260.0;
    // Room above the bars for the target line's label.
    let first = TOP + 16.0;
    let height = first + row * bars.len() as f64 + 24.0;
    let plot_w = WIDTH - label_w - 50.0;
    let top = ceiling(bars.iter().map(|b| b.1), target);
    let x = |v: f64| label_w + plot_w * v.clamp(0.0, top) / top;
    let over: Vec<String> = bars
        .iter()
        .filter(|(_, g)| target.is_some_and(|t| *g > t))
        .map(|(node, g)| format!("{} ({g:.1})", node.text))
        .collect();
    let desc = format!(
        "Flesch–Kincaid grade of each of {} sections. {}",
        bars.len(),
        match (target, over.is_empty()) {
            (None, _) => String::new(),
            (Some(t), true) => format!("All are at or below the target of grade {t}."),
            (Some(t), false) => format!("Above the target of grade {t}: {}.", over.join("; ")),
        }
    );
    open(
        out,
        "sections",
        "Reading grade of each section",
        &desc,
        height,
    );
    for (i, (node, grade)) in bars.iter().enumerate() {
        let top_y = first + i as f64 * row;
        let class = if target.is_some_and(|t| *grade > t) {
            "over"
        } else {
            "ok"
        };
        let label: String = node.text.chars().take(40).collect();
        let _ = write!(
            out,
            "<text x=\"{:.0}\" y=\"{:.1}\" class=\"label\" text-anchor=\"end\">{}</text>\
             <rect class=\"bar {class}\" x=\"{label_w}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"value\">{}</text>",
            label_w - 6.0,
            top_y + row * 0.65,
            Esc(&label),
            top_y + 3.0,
            x(*grade) - label_w,
            row - 6.0,
            x(*grade) + 4.0,
            top_y + row * 0.65,
            number(Some(*grade)),
        );
    }
    target_line(out, target, &|t| (x(t), first - 2.0, x(t), height - 20.0));
    out.push_str("</svg></figure>");
}

fn flatten<'a>(nodes: &'a [OutlineNode], out: &mut Vec<&'a OutlineNode>) {
    for node in nodes {
        out.push(node);
        flatten(&node.children, out);
    }
}

/// Opens an `<svg>` with its title and description.
fn open(out: &mut String, id: &str, title: &str, desc: &str, height: f64) {
    let _ = write!(
        out,
        "<figure class=\"chart\"><svg class=\"chart {id}\" viewBox=\"0 0 {WIDTH} {height:.0}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title>\
         <desc id=\"{id}-desc\">{}</desc>",
        Esc(title),
        Esc(desc)
    );
}

/// Horizontal grid lines with their values.
fn axis(out: &mut String, top: f64, y: &dyn Fn(f64) -> f64) {
    let mut value = 0.0;
    while value <= top {
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{:.0}\" y1=\"{:.1}\" y2=\"{:.1}\"/>\
             <text class=\"axis\" x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"end\">{value}</text>",
            WIDTH - 10.0,
            y(value),
            y(value),
            LEFT - 4.0,
            y(value) + 4.0
        );
        value += 5.0;
    }
}

/// The dashed target line, labelled, with `at` giving its ends for a target.
fn target_line(out: &mut String, target: Option<f64>, at: &dyn Fn(f64) -> (f64, f64, f64, f64)) {
    let Some(t) = target else { return };
    let (x1, y1, x2, y2) = at(t);
    let _ = write!(
        out,
        "<line class=\"target\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\"/>\
         <text class=\"target-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">target {t}</text>",
        x2 - 2.0,
        y1.min(y2) - 4.0
    );
}

#[cfg(test)]
mod tests {
    use crate::{analyze_html, Options};

    fn charts(html: &str) -> String {
        let report = analyze_html(html.as_bytes(), None, &Options::default()).unwrap();
        let mut out = String::new();
        super::section(&mut out, &report);
        out
    }

    #[test]
    fn each_chart_has_a_text_alternative_and_the_target_line() {
        let out = charts(
            "<h1>Dose &lt;b&gt; guide</h1><p>Take one tablet. Drink some water with it.</p>\
             <h2>Next</h2><p>Call us if you feel unwell.</p>",
        );
        assert_eq!(out.matches("role=\"img\"").count(), 2);
        assert!(out.contains("<desc id=\"difficulty-desc\">3 sentences in reading order"));
        assert!(out.contains("All are at or below the target of grade 8."));
        assert_eq!(out.matches("class=\"target\"").count(), 2);
        assert!(out.contains("Dose &lt;b&gt; guide") && !out.contains("<b>"));
    }

    #[test]
    fn nothing_to_chart_is_said_in_words() {
        let out = charts("<h1>Only a heading</h1>");
        assert!(out.contains("No sentence to chart."));
        assert!(out.contains("No section with a grade to chart."));
        assert!(!out.contains("<svg"));
    }
}
