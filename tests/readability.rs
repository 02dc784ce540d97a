//! Readability in the report: every score recomputed from the reported counts, SMOG's
//! warning, profiles, per-sentence difficulty and per-section grades.

use legible::{analyze_html, analyze_text, Options};
use serde_json::Value;

const ARTICLE: &str = include_str!("fixtures/health_article.html");

fn report(html: &str, options: &Options) -> Value {
    serde_json::to_value(analyze_html(html.as_bytes(), None, options).unwrap()).unwrap()
}

fn options(json: &str) -> Options {
    serde_json::from_str(json).unwrap()
}

fn n(stats: &Value, field: &str) -> f64 {
    stats[field]
        .as_f64()
        .unwrap_or_else(|| panic!("stats.{field}"))
}

fn assert_close(report: &Value, field: &str, expected: f64) {
    let value = report["readability"][field]
        .as_f64()
        .unwrap_or_else(|| panic!("readability.{field}"));
    assert!(
        (value - expected).abs() <= 0.01,
        "{field}: reported {value}, recomputed {expected}"
    );
}

/// Every score of the report, recomputed from `stats` with the published formulas.
fn assert_reproducible(report: &Value) {
    let s = &report["stats"];
    let (w, n_s) = (n(s, "words"), n(s, "sentences"));
    let wps = w / n_s;
    assert_close(
        report,
        "flesch_reading_ease",
        206.835 - 1.015 * wps - 84.6 * n(s, "syllables") / w,
    );
    let fk = 0.39 * wps + 11.8 * n(s, "syllables") / w - 15.59;
    assert_close(report, "flesch_kincaid_grade", fk);
    let fog = 0.4 * (wps + 100.0 * n(s, "complex_words") / w);
    assert_close(report, "gunning_fog", fog);
    let smog = 1.0430 * (n(s, "polysyllables") * 30.0 / n_s).sqrt() + 3.1291;
    assert_close(report, "smog", smog);
    let cli = 0.0588 * 100.0 * n(s, "letters") / w - 0.296 * 100.0 * n_s / w - 15.8;
    assert_close(report, "coleman_liau", cli);
    let ari = 4.71 * n(s, "characters") / w + 0.5 * wps - 21.43;
    assert_close(report, "automated_readability_index", ari);
    // Decimal figures are words, and unfamiliar ones, for Dale–Chall alone.
    let dc_words = w + n(s, "decimal_figures");
    let pdw = 100.0 * (n(s, "difficult_words") + n(s, "decimal_figures")) / dc_words;
    let dc = 0.1579 * pdw + 0.0496 * dc_words / n_s + if pdw > 5.0 { 3.6365 } else { 0.0 };
    assert_close(report, "dale_chall", dc);
    let r = (w + 2.0 * n(s, "polysyllables")) / n_s;
    let linsear = if r > 20.0 { r / 2.0 } else { (r - 2.0) / 2.0 };
    assert_close(report, "linsear_write", linsear);
    let forcast = 20.0 - 15.0 * n(s, "monosyllables") / w;
    assert_close(report, "forcast", forcast);
    let mut grades = [fk, fog, smog, cli, ari, linsear, forcast];
    grades.sort_by(f64::total_cmp);
    assert_close(report, "consensus_grade", grades[3]);
    assert_close(
        report,
        "passive_voice_percent",
        100.0 * n(s, "passive_sentences") / n_s,
    );
}

#[test]
fn scores_are_their_formulas_applied_to_the_reported_counts() {
    let article = report(ARTICLE, &Options::default());
    assert!(n(&article["stats"], "sentences") >= 30.0);
    assert_reproducible(&article);
    let short = report(
        "<p>The tablets are taken with food. Most people have no side effects.</p>",
        &Options::default(),
    );
    assert_reproducible(&short);
    let statistics = report(
        "<p>The risk fell by 0.82 times (95% range 0.70 to 0.96) in 12 trials.</p>",
        &Options::default(),
    );
    assert_eq!(statistics["stats"]["decimal_figures"], 3);
    assert_reproducible(&statistics);
}

#[test]
fn decimal_figures_are_unfamiliar_words_for_dale_chall_only() {
    // "The dose is 2.5 mg a day." Words: The dose is mg a day = 6 ("mg" off the list);
    // "2.5" is no word for Flesch–Kincaid but a seventh word, unfamiliar, for Dale–Chall.
    let r = report("<p>The dose is 2.5 mg a day.</p>", &Options::default());
    let s = &r["stats"];
    assert_eq!(s["words"], 6);
    assert_eq!(s["decimal_figures"], 1);
    let difficult = n(s, "difficult_words");
    let pdw = 100.0 * (difficult + 1.0) / 7.0;
    let expected = 0.1579 * pdw + 0.0496 * 7.0 + if pdw > 5.0 { 3.6365 } else { 0.0 };
    assert_close(&r, "dale_chall", expected);
    // Without the decimal, the same sentence has no decimal figure and six words.
    let whole = report("<p>The dose is 2 mg a day.</p>", &Options::default());
    assert_eq!(whole["stats"]["decimal_figures"], 0);
    assert_eq!(whole["stats"]["words"], 6);
    assert!(whole["readability"]["dale_chall"].as_f64() < r["readability"]["dale_chall"].as_f64());
}

#[test]
fn hand_computed_document() {
    // Two sentences of 6 one-syllable words, all on the Dale–Chall list.
    let r = report(
        "<p>The cat sat on the mat. A dog ran to the park.</p>",
        &Options::default(),
    );
    let s = &r["stats"];
    assert_eq!(s["words"], 12);
    assert_eq!(s["sentences"], 2);
    assert_eq!(s["syllables"], 12);
    assert_eq!(s["monosyllables"], 12);
    assert_eq!(s["polysyllables"], 0);
    assert_eq!(s["difficult_words"], 0);
    // FK: 0.39·6 + 11.8·1 − 15.59 = −1.45; FORCAST: 20 − 15 = 5.
    assert_close(&r, "flesch_kincaid_grade", -1.45);
    assert_close(&r, "forcast", 5.0);
    assert_eq!(r["readability"]["dale_chall_grade"], "4 and below");
}

#[test]
fn smog_warns_below_30_sentences_only() {
    let short = report("<p>One short sentence here.</p>", &Options::default());
    let codes: Vec<&str> = short["readability"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["smog_needs_30_sentences"]);
    let long = report(ARTICLE, &Options::default());
    assert!(long["readability"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["code"] != "smog_needs_30_sentences"));
}

#[test]
fn every_profile_passes_or_fails_with_a_reason_and_the_option_picks_the_headline() {
    let default = report(ARTICLE, &Options::default());
    let profiles = default["profiles"].as_array().unwrap();
    assert_eq!(profiles[0]["id"], "nih");
    assert_eq!(profiles[0]["headline"], true);
    for profile in profiles {
        assert!(profile["pass"].is_boolean());
        let because = profile["because"].as_str().unwrap();
        assert!(because.contains("consensus grade"), "{because}");
    }
    let nhs = report(ARTICLE, &options(r#"{"profile": "nhs"}"#));
    assert_eq!(nhs["profiles"][0]["id"], "nhs");
    assert_eq!(nhs["profiles"][0]["target"], "reading age <= 11");
    let custom = report(
        ARTICLE,
        &options(r#"{"profile": "custom", "target_grade": 20}"#),
    );
    assert_eq!(custom["profiles"][0]["id"], "custom");
    assert_eq!(custom["profiles"][0]["pass"], true);
}

#[test]
fn unknown_profiles_and_options_are_rejected() {
    assert!(serde_json::from_str::<Options>(r#"{"profile": "who"}"#).is_err());
    assert!(serde_json::from_str::<Options>(r#"{"profil": "nih"}"#).is_err());
}

/// `legible analyze` with the given flags on the article.
fn cli(flags: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_legible"))
        .arg("analyze")
        .args(flags)
        .arg("tests/fixtures/health_article.html")
        .output()
        .unwrap()
}

#[test]
fn the_cli_takes_the_api_options_as_flags() {
    let out = cli(&[
        "--profile",
        "ama",
        "--hard-grade",
        "99",
        "--very-hard-grade",
        "99",
    ]);
    assert!(out.status.success());
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["profiles"][0]["id"], "ama");
    assert_eq!(r["profiles"][0]["target"], "grade <= 6");
    assert!(r["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["difficulty"] == "ok"));
    // A bad value is a usage error (exit 2) naming the option, as the API's 422 does.
    let bad = cli(&["--profile", "who"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("who"));
}

#[test]
fn sentences_carry_difficulty_and_sections_carry_grades() {
    let r = report(ARTICLE, &Options::default());
    let sentences = r["sentences"].as_array().unwrap();
    assert!(sentences
        .iter()
        .any(|s| s["difficulty"] == "hard" || s["difficulty"] == "very_hard"));
    for s in sentences.iter().filter(|s| s["words"].as_u64() > Some(0)) {
        assert!(s["grade"].is_number() && s["difficulty_score"].is_number());
        assert!(s["passive"].is_boolean());
    }
    assert!(sentences
        .iter()
        .filter(|s| s["kind"] == "heading")
        .all(|s| s["scored"] == false));
    let h1 = &r["outline"][0];
    assert!(h1["grade"].is_number());
    let children = h1["children"].as_array().unwrap();
    assert!(children.len() > 3);
    let section_words: u64 = children.iter().map(|c| c["words"].as_u64().unwrap()).sum();
    assert!(section_words <= h1["words"].as_u64().unwrap());
    assert!(children
        .iter()
        .filter(|c| c["sentences"].as_u64() > Some(0))
        .all(|c| c["grade"].is_number()));
    // The issue's 1,700-word article; sentence and section grades are Flesch–Kincaid of the
    // counts reported beside them.
    let words: f64 = sentences.iter().map(|s| n(s, "words")).sum();
    assert!(words >= 1_700.0, "{words} words");
    let fk = |w: f64, s: f64, syl: f64| 0.39 * w / s + 11.8 * syl / w - 15.59;
    for s in sentences.iter().filter(|s| n(s, "words") > 0.0) {
        let expected = fk(n(s, "words"), 1.0, n(s, "syllables"));
        assert!((n(s, "grade") - expected).abs() <= 0.01, "{s}");
    }
    for c in children.iter().filter(|c| n(c, "sentences") > 0.0) {
        let expected = fk(n(c, "words"), n(c, "sentences"), n(c, "syllables"));
        assert!((n(c, "grade") - expected).abs() <= 0.01, "{c}");
    }
}

#[test]
fn difficulty_thresholds_are_options() {
    let strict = report(
        ARTICLE,
        &options(r#"{"hard_grade": -100, "very_hard_grade": 100}"#),
    );
    let sentences = strict["sentences"].as_array().unwrap();
    assert!(sentences.iter().all(|s| s["difficulty"] != "very_hard"));
    assert!(sentences
        .iter()
        .filter(|s| s["words"].as_u64() >= Some(14))
        .all(|s| s["difficulty"] == "hard"));
}

#[test]
fn readability_findings_in_an_article() {
    let r = report(ARTICLE, &Options::default());
    let rules: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"sentence-too-long"));
    let text = analyze_text(b"Short and plain.", None, &Options::default()).unwrap();
    assert!(text.findings.iter().all(|f| f.rule != "sentence-too-long"));
}
