//! The score panel: the headline grade against the chosen profile's target, pass or fail and
//! why, then every formula with a one-line explanation and the counts it used. Values come
//! from the report; the formulas are only named and explained here (see
//! [`crate::measures::formulas`] for the sources).

use super::escape::Esc;
use crate::report::Report;
use std::fmt::Write;

/// A formula as the panel shows it.
struct Row {
    name: &'static str,
    value: Option<f64>,
    /// The formula and its source, in one line.
    explain: &'static str,
    /// The counts it reads, as `(label, value)`.
    counts: Vec<(&'static str, u32)>,
}

fn rows(report: &Report) -> Vec<Row> {
    let (r, s) = (&report.readability, &report.stats);
    let (w, n) = (("words", s.words), ("sentences", s.sentences));
    vec![
        Row {
            name: "Consensus grade",
            value: r.consensus_grade,
            explain: "The median of the seven grade-level formulas below, so no one formula's quirks decide.",
            counts: vec![],
        },
        Row {
            name: "Flesch–Kincaid grade",
            value: r.flesch_kincaid_grade,
            explain: "0.39 × words per sentence + 11.8 × syllables per word − 15.59 (Kincaid et al. 1975).",
            counts: vec![w, n, ("syllables", s.syllables)],
        },
        Row {
            name: "Gunning fog",
            value: r.gunning_fog,
            explain: "0.4 × (words per sentence + 100 × complex words per word) (Gunning 1952).",
            counts: vec![w, n, ("complex words", s.complex_words)],
        },
        Row {
            name: "SMOG",
            value: r.smog,
            explain: "1.043 × √(polysyllables × 30 ÷ sentences) + 3.1291 (McLaughlin 1969).",
            counts: vec![n, ("polysyllables", s.polysyllables)],
        },
        Row {
            name: "Coleman–Liau",
            value: r.coleman_liau,
            explain: "0.0588 × letters per 100 words − 0.296 × sentences per 100 words − 15.8 (Coleman and Liau 1975).",
            counts: vec![w, n, ("letters", s.letters)],
        },
        Row {
            name: "Automated Readability Index",
            value: r.automated_readability_index,
            explain: "4.71 × characters per word + 0.5 × words per sentence − 21.43 (Smith and Senter 1967).",
            counts: vec![w, n, ("characters", s.characters)],
        },
        Row {
            name: "Linsear Write",
            value: r.linsear_write,
            explain: "(easy words + 3 × words of 3+ syllables) ÷ sentences, halved (O'Hayre 1966).",
            counts: vec![w, n, ("polysyllables", s.polysyllables)],
        },
        Row {
            name: "FORCAST",
            value: r.forcast,
            explain: "20 − one-syllable words per 150 words ÷ 10; ignores sentences (Caylor et al. 1973).",
            counts: vec![w, ("one-syllable words", s.monosyllables)],
        },
        Row {
            name: "Flesch reading ease",
            value: r.flesch_reading_ease,
            explain: "206.835 − 1.015 × words per sentence − 84.6 × syllables per word; higher is easier, 60–70 is plain English (Flesch 1948).",
            counts: vec![w, n, ("syllables", s.syllables)],
        },
        Row {
            name: "Dale–Chall score",
            value: r.dale_chall,
            explain: "0.1579 × % unfamiliar words + 0.0496 × words per sentence, + 3.6365 above 5% unfamiliar (Dale and Chall 1948; 1995 word list); decimal figures count as unfamiliar words.",
            counts: vec![
                w,
                n,
                ("unfamiliar words", s.difficult_words),
                ("decimal figures", s.decimal_figures),
            ],
        },
        Row {
            name: "Passive voice, % of sentences",
            value: r.passive_voice_percent,
            explain: "Sentences with a form of \"be\" and a past participle; 10% or less is good (Yoast).",
            counts: vec![n, ("passive sentences", s.passive_sentences)],
        },
    ]
}

/// A value to two decimals, or a dash when the text had nothing to measure.
pub fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{v:.1}"))
}

/// Writes the score panel.
pub fn panel(out: &mut String, report: &Report) {
    out.push_str(
        "<section class=\"panel score\" aria-labelledby=\"score-h\"><h3 id=\"score-h\">Score</h3>",
    );
    if let Some(headline) = report.profiles.iter().find(|p| p.headline) {
        let (class, verdict) = if headline.pass {
            ("pass", "Passes")
        } else {
            ("fail", "Does not pass")
        };
        let _ = write!(
            out,
            "<p class=\"headline {class}\"><span class=\"verdict\">{verdict}</span> \
             <strong>Grade {}</strong> against the {} target ({}). {}</p>",
            number(headline.value),
            profile_name(headline.id),
            Esc(&headline.target),
            Esc(&headline.because),
        );
    }
    out.push_str("<ul class=\"profiles\">");
    for profile in report.profiles.iter().filter(|p| !p.headline) {
        let _ = write!(
            out,
            "<li>{}: {} — {}</li>",
            profile_name(profile.id),
            Esc(&profile.target),
            if profile.pass {
                "passes"
            } else {
                "does not pass"
            }
        );
    }
    out.push_str("</ul>");
    formulas(out, report);
    counts(out, report);
    for warning in &report.readability.warnings {
        let _ = write!(
            out,
            "<p class=\"warning\">Note: {}</p>",
            Esc(&warning.message)
        );
    }
    out.push_str("</section>");
}

fn profile_name(id: crate::measures::profiles::ProfileId) -> &'static str {
    use crate::measures::profiles::ProfileId;
    match id {
        ProfileId::Ama => "AMA",
        ProfileId::Nih => "NIH",
        ProfileId::Nhs => "NHS",
        ProfileId::Custom => "custom",
    }
}

fn formulas(out: &mut String, report: &Report) {
    out.push_str(
        "<div class=\"scroll\" role=\"region\" aria-label=\"Readability formulas table\" tabindex=\"0\">\
         <table class=\"formulas\"><caption>Readability formulas</caption><thead><tr>\
         <th scope=\"col\">Formula</th><th scope=\"col\">Value</th>\
         <th scope=\"col\">How it is worked out</th><th scope=\"col\">Counts</th></tr></thead><tbody>",
    );
    for row in rows(report) {
        let counts: Vec<String> = row
            .counts
            .iter()
            .map(|(label, n)| format!("{n} {label}"))
            .collect();
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            row.name,
            number(row.value),
            Esc(row.explain),
            counts.join(", ")
        );
    }
    if let Some(band) = report.readability.dale_chall_grade {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">Dale–Chall grade band</th><td class=\"num\">{}</td>\
             <td>The grade band of the Dale–Chall score (Chall and Dale 1995).</td><td></td></tr>",
            Esc(band)
        );
    }
    out.push_str("</tbody></table></div>");
}

fn counts(out: &mut String, report: &Report) {
    let s = &report.stats;
    let items = [
        ("words", s.words as usize),
        ("sentences", s.sentences as usize),
        ("paragraphs", s.paragraphs),
        ("headings", s.headings),
        ("images", s.images),
        ("jargon terms", report.jargon.terms.len()),
    ];
    out.push_str("<ul class=\"counts\" aria-label=\"Counts\">");
    for (label, n) in items {
        let _ = write!(out, "<li><strong>{n}</strong> {label}</li>");
    }
    let _ = write!(
        out,
        "<li><strong>{:.1}%</strong> of words are jargon</li></ul>",
        report.jargon.density * 100.0
    );
}
