//! The article as we read it, rebuilt from the report's blocks and sentences (never from the
//! submitted markup, so nothing the author wrote can run or load): hard and very hard
//! sentences, long and passive sentences, jargon, plain-word and wordy-phrase uses are
//! `<mark>`ed, each with a text label or note (never colour alone) and a link to its finding.

use super::escape::Esc;
use super::links::Links;
use crate::checks::jargon::{Kind, Use};
use crate::report::{Difficulty, Report, SentenceReport};
use std::fmt::Write;

/// The sentence rule whose finding a long sentence links to.
const LONG_SENTENCE: &str = "sentence-too-long";

/// Writes the article section.
pub fn section(out: &mut String, report: &Report, links: &Links) {
    out.push_str(
        "<section class=\"panel\" aria-labelledby=\"article-h\"><h3 id=\"article-h\">Article</h3>",
    );
    legend(out);
    let _ = write!(
        out,
        "<div class=\"article\" lang=\"{}\">",
        Esc(&report.language)
    );
    let mut sentences: Vec<Vec<usize>> = vec![Vec::new(); report.blocks.len()];
    for (index, sentence) in report.sentences.iter().enumerate() {
        if let Some(list) = sentences.get_mut(sentence.text_range.block) {
            list.push(index);
        }
    }
    let mut uses: Vec<Vec<&Use>> = vec![Vec::new(); report.sentences.len()];
    for located in &report.jargon.uses {
        if let Some(list) = uses.get_mut(located.sentence) {
            list.push(located);
        }
    }
    let mut note = 0;
    for (index, block) in report.blocks.iter().enumerate() {
        let mut classes = format!("block {}", block.kind);
        if block.skipped.is_some() {
            classes.push_str(" skipped");
        }
        let _ = write!(out, "<p class=\"{classes}\" id=\"b-{index}\">");
        if let Some(level) = block.level {
            let _ = write!(out, "<span class=\"tag\">H{level}</span> ");
        }
        if block.skipped.is_some() {
            out.push_str("<span class=\"tag\">not scored</span> ");
        }
        let mut at = 0;
        for &s in &sentences[index] {
            let sentence = &report.sentences[s];
            let range = sentence.text_range;
            let (Some(gap), Some(_)) = (
                block.text.get(at..range.start),
                block.text.get(range.start..range.end),
            ) else {
                continue;
            };
            let _ = write!(out, "{}", Esc(gap));
            render_sentence(out, &block.text, sentence, &uses[s], links, &mut note);
            at = range.end;
        }
        let _ = write!(out, "{}</p>", Esc(block.text.get(at..).unwrap_or("")));
    }
    out.push_str("</div></section>");
}

fn legend(out: &mut String) {
    out.push_str(
        "<div class=\"legend\" role=\"note\" aria-label=\"Legend\"><p><strong>Legend</strong></p><ul>\
         <li><mark class=\"s very_hard\">Very hard sentence</mark> double underline, labelled</li>\
         <li><mark class=\"s hard\">Hard sentence</mark> dotted underline, labelled</li>\
         <li><mark class=\"s long\">Long or passive sentence</mark> dashed underline, labelled</li>\
         <li><mark class=\"jargon\">Jargon term</mark> boxed; focus or hover it for its note</li>\
         <li><mark class=\"jargon defined\">Defined term</mark> boxed, thin</li>\
         <li><mark class=\"plain\">Plainer word exists</mark> wavy underline</li></ul></div>",
    );
}

/// The labels of a sentence: how hard, how long, passive.
fn labels(sentence: &SentenceReport, long: bool) -> Vec<String> {
    let mut labels = Vec::new();
    match sentence.difficulty {
        Difficulty::VeryHard => labels.push("very hard".to_string()),
        Difficulty::Hard => labels.push("hard".to_string()),
        _ => {}
    }
    if long {
        labels.push(format!("{} words", sentence.words));
    }
    if sentence.passive {
        labels.push("passive".to_string());
    }
    labels
}

fn render_sentence(
    out: &mut String,
    text: &str,
    sentence: &SentenceReport,
    uses: &[&Use],
    links: &Links,
    note: &mut usize,
) {
    let long = links.finding(&sentence.span, |rule| rule == LONG_SENTENCE);
    let labels = labels(sentence, long.is_some());
    if labels.is_empty() {
        inner(out, text, sentence, uses, links, note);
        return;
    }
    let class = match sentence.difficulty {
        Difficulty::VeryHard => "very_hard",
        Difficulty::Hard => "hard",
        _ => "long",
    };
    let _ = write!(out, "<mark class=\"s {class}\">");
    inner(out, text, sentence, uses, links, note);
    out.push_str("</mark>");
    let label = labels.join(", ");
    match long {
        Some(finding) => {
            let _ = write!(out, " <a class=\"tag\" href=\"#f-{finding}\">{label}</a>");
        }
        None => {
            let _ = write!(out, " <span class=\"tag\">{label}</span>");
        }
    }
}

/// The sentence's text with its jargon uses marked; uses that overlap an earlier one or fall
/// outside the sentence are left unmarked.
fn inner(
    out: &mut String,
    text: &str,
    sentence: &SentenceReport,
    uses: &[&Use],
    links: &Links,
    note: &mut usize,
) {
    let range = sentence.text_range;
    let mut at = range.start;
    for located in uses {
        let r = located.text_range;
        if r.start < at || r.end > range.end {
            continue;
        }
        let (Some(gap), Some(term)) = (text.get(at..r.start), text.get(r.start..r.end)) else {
            continue;
        };
        let _ = write!(out, "{}", Esc(gap));
        mark_use(out, term, located, links, note);
        at = r.end;
    }
    let _ = write!(out, "{}", Esc(text.get(at..range.end).unwrap_or("")));
}

fn mark_use(out: &mut String, term: &str, located: &Use, links: &Links, note: &mut usize) {
    let jargon = matches!(located.kind, Kind::Term | Kind::Acronym);
    let class = match (jargon, located.defined) {
        (true, true) => "jargon defined",
        (true, false) => "jargon",
        (false, _) => "plain",
    };
    let finding = links.finding(&located.span, |rule| {
        rule.starts_with("jargon-")
            || rule.starts_with("acronym-")
            || rule.starts_with("plain-")
            || rule.starts_with("wordy-")
    });
    let href = match (finding, located.term) {
        (Some(f), _) => format!("#f-{f}"),
        (None, Some(t)) => format!("#t-{t}"),
        (None, None) => {
            let _ = write!(out, "<mark class=\"{class}\">{}</mark>", Esc(term));
            return;
        }
    };
    *note += 1;
    let _ = write!(
        out,
        "<mark class=\"{class}\"><a href=\"{href}\" aria-describedby=\"n-{note}\">{}</a>\
         <span class=\"note\" id=\"n-{note}\" role=\"tooltip\">{}</span></mark>",
        Esc(term),
        Esc(&links.note(located))
    );
}

#[cfg(test)]
mod tests {
    use super::Links;
    use crate::{analyze_html, Options};

    fn article(html: &str) -> String {
        let report = analyze_html(html.as_bytes(), None, &Options::default()).unwrap();
        let mut out = String::new();
        super::section(&mut out, &report, &Links::new(&report));
        out
    }

    #[test]
    fn jargon_is_marked_with_a_link_and_a_note_and_markup_stays_text() {
        let out = article("<p>Your uterus is fine &lt;script&gt;alert(1)&lt;/script&gt;.</p>");
        assert!(out.contains(
            "<mark class=\"jargon\"><a href=\"#f-0\" aria-describedby=\"n-1\">uterus</a>"
        ));
        assert!(out.contains("<span class=\"note\" id=\"n-1\" role=\"tooltip\">Medical term, not defined here. Try “womb”.</span>"));
        assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!out.contains("<script"));
    }

    #[test]
    fn a_very_hard_long_sentence_is_marked_and_labelled() {
        let out = article(
            "<p>Notwithstanding considerable methodological heterogeneity, multivariable \
             pharmacokinetic investigations demonstrated substantially elevated immunosuppressive \
             concentrations among hepatically compromised transplantation recipients receiving \
             concomitant antifungal prophylaxis.</p><p>Ask us.</p>",
        );
        assert!(out.contains("<mark class=\"s very_hard\">"));
        assert!(out.contains(">very hard, 21 words</a>"), "{out}");
        assert_eq!(
            out.matches("<mark class=\"s").count(),
            1 + 3,
            "the legend has three"
        );
    }
}
