//! Accessibility and structure rules: one firing and one non-firing example per rule, spans and
//! selectors of findings, the heading-start option, and markup damage reported at its cause.

use legible::checks::{Category, Severity, REGISTRY};
use legible::document::ScopeOption;
use legible::report::{Finding, Report};
use legible::{analyze_html, Options};

fn report(html: &str, scope: ScopeOption) -> Report {
    let options = Options {
        scope,
        ..Options::default()
    };
    analyze_html(html.as_bytes(), None, &options).unwrap()
}

fn findings(html: &str, scope: ScopeOption, rule: &str) -> Vec<Finding> {
    report(html, scope)
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

/// A page around a body, with language and title, so that only the body is under test.
fn page(body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=en><head><title>Asthma</title></head><body>{body}</body></html>"
    )
}

const F: ScopeOption = ScopeOption::Fragment;
const P: ScopeOption = ScopeOption::Page;

/// (rule, scope, fires on, does not fire on)
const EXAMPLES: &[(&str, ScopeOption, &str, &str)] = &[
    ("page-lang-missing", P, "<!DOCTYPE html><html><head><title>T</title></head><body><h1>A</h1></body></html>", "<!DOCTYPE html><html lang=en-GB><head><title>T</title></head><body><h1>A</h1></body></html>"),
    ("page-lang-invalid", P, "<!DOCTYPE html><html lang=english><head><title>T</title></head><body><h1>A</h1></body></html>", "<!DOCTYPE html><html lang=pt-BR><head><title>T</title></head><body><h1>A</h1></body></html>"),
    ("page-title-missing", P, "<!DOCTYPE html><html lang=en><head><title> </title></head><body><h1>A</h1></body></html>", "<!DOCTYPE html><html lang=en><head><title>Asthma</title></head><body><h1>A</h1></body></html>"),
    ("lang-invalid", F, "<p lang=eng>Hello there.</p>", "<p lang=fr>Bonjour.</p>"),
    ("image-alt-missing", F, "<p><img src=chart.png></p>", "<p><img src=chart.png alt=\"Peak flow falls at night\"></p>"),
    ("role-img-name-missing", F, "<div role=img class=icon></div>", "<div role=img aria-label=\"Warning\"></div>"),
    ("svg-name-missing", F, "<svg role=img><circle r=4></circle></svg>", "<svg role=img><title>Lung diagram</title></svg>"),
    ("input-image-name-missing", F, "<input type=image src=go.png alt=\"\">", "<input type=image src=go.png alt=Search>"),
    ("object-name-missing", F, "<object data=talk.mp3></object>", "<object data=talk.mp3 title=\"Talk on asthma\"></object>"),
    ("image-alt-file-name", F, "<img src=a/IMG_2041.jpg alt=IMG_2041.jpg>", "<img src=a/IMG_2041.jpg alt=\"A nurse checks an inhaler\">"),
    ("image-alt-placeholder", F, "<img src=a.png alt=Photo>", "<img src=a.png alt=\"Photo of the clinic entrance\">"),
    ("image-alt-redundant", F, "<img src=a.png alt=\"Image of a spacer device\">", "<img src=a.png alt=\"A spacer device on an inhaler\">"),
    ("image-alt-too-long", F, "<img src=a.png alt=\"This chart shows the peak flow of a person with asthma measured every morning and every evening over four weeks, with the readings falling at night and rising after treatment started\">", "<img src=a.png alt=\"Peak flow readings over four weeks\">"),
    ("image-alt-unpronounceable", F, "<img src=a.png alt=\"***\">", "<img src=a.png alt=\"3 stars\">"),
    ("image-alt-same-as-caption", F, "<figure><img src=a.png alt=\"Peak flow meter\"><figcaption>Peak flow meter</figcaption></figure>", "<figure><img src=a.png alt=\"A hand holding a peak flow meter\"><figcaption>Peak flow meter</figcaption></figure>"),
    ("image-decorative-in-figure", F, "<figure><img src=a.png alt=\"\"><figcaption>Peak flow meter</figcaption></figure>", "<figure><img src=a.png alt=\"Peak flow meter\"><figcaption>Use it daily</figcaption></figure>"),
    ("heading-empty", F, "<h2><img src=a.png alt=\"\"></h2><p>Text.</p>", "<h2>Symptoms</h2><p>Text.</p>"),
    ("heading-start", F, "<h2>Symptoms</h2><p>Text.</p>", "<h1>Asthma</h1><h2>Symptoms</h2><p>Text.</p>"),
    ("heading-multiple-h1", F, "<h1>Asthma</h1><p>A.</p><h1>Symptoms</h1><p>B.</p>", "<h1>Asthma</h1><p>A.</p><h2>Symptoms</h2><p>B.</p>"),
    ("heading-skipped-level", F, "<h1>Asthma</h1><p>A.</p><h3>Symptoms</h3><p>B.</p>", "<h1>Asthma</h1><p>A.</p><h2>Symptoms</h2><p>B.</p>"),
    ("heading-too-long", F, "<h1>What you need to know about asthma, its symptoms, the tests your doctor may do, the treatments available and how to live well with it</h1><p>A.</p>", "<h1>Living well with asthma</h1><p>A.</p>"),
    ("heading-duplicate", F, "<h1>Asthma</h1><h2>Treatment</h2><p>A.</p><h2>Treatment</h2><p>B.</p>", "<h1>Asthma</h1><h2>Treatment for adults</h2><p>A.</p><h2>Treatment for children</h2><p>B.</p>"),
    ("heading-empty-section", F, "<h1>Asthma</h1><p>A.</p><h2>Symptoms</h2><h2>Treatment</h2><p>B.</p>", "<h1>Asthma</h1><p>A.</p><h2>Symptoms</h2><h3>In children</h3><p>B.</p>"),
    ("heading-fake", F, "<p><strong>Side effects</strong></p><p>Most people have none.</p>", "<p><strong>Note:</strong> most people have no side effects.</p><p>Ask your pharmacist.</p>"),
    ("heading-not-descriptive", F, "<h1>Asthma</h1><p>A.</p><h2>More</h2><p>B.</p>", "<h1>Asthma</h1><p>A.</p><h2>More about inhalers</h2><p>B.</p>"),
    ("link-name-missing", F, "<a href=/home><img src=logo.png alt=\"\"></a>", "<a href=/home><img src=logo.png alt=\"Home\"></a>"),
    ("link-generic-text", F, "<p>For the plan, <a href=/plan>click here</a>.</p>", "<p>Read <a href=/plan>the asthma action plan</a>.</p>"),
    ("link-url-text", F, "<p>See <a href=https://example.org/asthma>https://example.org/asthma</a>.</p>", "<p>See <a href=https://example.org/asthma>Asthma UK</a>.</p>"),
    ("link-same-text-different-target", F, "<p><a href=/a>Asthma plan</a> and <a href=/b>Asthma plan</a></p>", "<p><a href=/a>Asthma plan</a> and <a href=/a#top>Asthma plan</a></p>"),
    ("link-document-no-format", F, "<p><a href=/plan.pdf>Asthma action plan</a></p>", "<p><a href=/plan.pdf>Asthma action plan (PDF, 200 KB)</a></p>"),
    ("link-new-window-no-warning", F, "<p><a href=/plan target=_blank>Asthma action plan</a></p>", "<p><a href=/plan target=_blank>Asthma action plan (opens in a new tab)</a></p>"),
    ("iframe-name-missing", F, "<iframe src=video.html></iframe>", "<iframe src=video.html title=\"Video: using an inhaler\"></iframe>"),
    ("button-name-missing", F, "<button><span aria-hidden=true>×</span></button>", "<button aria-label=Close><span aria-hidden=true>×</span></button>"),
    ("summary-name-missing", F, "<details><summary></summary><p>Open 9 to 5.</p></details>", "<details><summary>Opening times</summary><p>Open 9 to 5.</p></details>"),
    ("table-headers-invalid", F, "<table><tr><th id=a>Dose</th></tr><tr><td headers=b>2 puffs</td></tr></table>", "<table><tr><th id=a>Dose</th></tr><tr><td headers=a>2 puffs</td></tr></table>"),
    ("table-header-no-cells", F, "<table><tr><th>Dose</th><th>Time</th></tr><tr><td>2 puffs</td></tr></table>", "<table><tr><th>Dose</th><th>Time</th></tr><tr><td>2 puffs</td><td>Morning</td></tr></table>"),
    ("table-no-headers", F, "<table><tr><td>Dose</td><td>Time</td></tr><tr><td>2 puffs</td><td>Morning</td></tr></table>", "<table role=presentation><tr><td>Dose</td><td>Time</td></tr><tr><td>2 puffs</td><td>Morning</td></tr></table>"),
    ("table-header-empty", F, "<table><tr><th></th><th>Time</th></tr><tr><th>Dose</th><td>Morning</td></tr></table>", "<table><tr><td></td><th>Time</th></tr><tr><th>Dose</th><td>Morning</td></tr></table>"),
    ("list-imitated", F, "<p>• Cough</p><p>• Wheeze</p><p>Both are common.</p>", "<ul><li>Cough</li><li>Wheeze</li></ul><p>- 5 is not a list.</p>"),
    ("list-item-outside-list", F, "<div><li>Cough</li></div>", "<ul><li>Cough</li></ul>"),
    ("aria-role-invalid", F, "<span role=lnik>ACT</span>", "<span role=\"doc-biblioref link\">ACT</span>"),
    ("aria-attr-undefined", F, "<div aria-labeled=x>Text</div>", "<div aria-live=polite>Text</div>"),
    ("aria-value-invalid", F, "<div role=button aria-pressed=yes>Mute</div>", "<div role=button aria-pressed=true>Mute</div>"),
    ("aria-attr-not-permitted", F, "<div aria-label=Bananas>Fruit</div>", "<nav aria-label=Bananas>Fruit</nav>"),
    ("aria-required-attr", F, "<div role=checkbox>Agree</div>", "<div role=checkbox aria-checked=false>Agree</div>"),
    ("aria-id-ref-missing", F, "<div role=scrollbar aria-controls=nothing aria-valuenow=0></div>", "<main id=c>Text</main><div role=scrollbar aria-controls=c aria-valuenow=0></div>"),
    ("decorative-exposed", F, "<img src=a.png alt=\"\" aria-label=Logo>", "<img src=a.png alt=\"\">"),
    ("markup-damage", F, "<p>Take <strong>two puffs</p><h2>Side effects</h2><p>Few.</p>", "<p>Take <strong>two puffs</strong></p><h2>Side effects</h2><p>Few.</p>"),
];

#[test]
fn every_rule_fires_on_its_example_and_not_on_the_fixed_one() {
    for (rule, scope, fires, quiet) in EXAMPLES {
        let (fires, quiet) = match scope {
            ScopeOption::Page => (fires.to_string(), quiet.to_string()),
            _ => (fires.to_string(), quiet.to_string()),
        };
        let hits = findings(&fires, *scope, rule);
        assert_eq!(
            hits.len(),
            1,
            "{rule} should fire once on {fires}: {hits:?}"
        );
        let quiet_hits = findings(&quiet, *scope, rule);
        assert!(
            quiet_hits.is_empty(),
            "{rule} should not fire on {quiet}: {quiet_hits:?}"
        );
    }
}

#[test]
fn every_non_text_rule_has_an_example() {
    for rule in REGISTRY {
        if matches!(rule.category, Category::Accessibility | Category::Structure)
            && !rule.id.starts_with("section-")
        {
            assert!(
                EXAMPLES.iter().any(|(id, ..)| *id == rule.id),
                "no example for {}",
                rule.id
            );
        }
    }
}

#[test]
fn accessibility_findings_carry_wcag_span_and_selector() {
    for (rule, scope, fires, _) in EXAMPLES {
        for f in findings(fires, *scope, rule) {
            assert!(!f.wcag.is_empty(), "{rule}: no WCAG reference");
            let selector = f.selector.as_deref().unwrap_or("");
            assert!(!selector.is_empty(), "{rule}: no selector");
            let flagged = &fires[f.span.range()];
            assert!(
                flagged.starts_with('<') && flagged.ends_with('>'),
                "{rule}: span {flagged:?} is not a start tag"
            );
        }
    }
}

#[test]
fn the_registry_has_at_least_twenty_rules_and_fifteen_act_rules() {
    assert!(REGISTRY.len() >= 20);
    let mut act: Vec<&str> = REGISTRY
        .iter()
        .flat_map(|r| r.act.iter().copied())
        .collect();
    act.sort_unstable();
    act.dedup();
    assert!(act.len() >= 15, "{act:?}");
    for rule in REGISTRY.iter().filter(|r| !r.act.is_empty()) {
        assert!(!rule.wcag.is_empty(), "{} names no WCAG criterion", rule.id);
    }
}

#[test]
fn a_finding_about_an_implied_element_spans_the_nearest_written_tag() {
    // The <tbody> and <tr> are implied by the parser; the header cell's own tag is written.
    let html = "<table><th>Dose<th>Time<tr><td>2 puffs</table>";
    let hits = findings(html, F, "table-header-no-cells");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(&html[hits[0].span.range()], "<th>");
    // A page without <html> and <head> tags: the missing title is reported at the first tag
    // the author wrote.
    let html = "<!DOCTYPE html><p>Text</p>";
    let hits = findings(html, P, "page-title-missing");
    assert_eq!(hits.len(), 1);
    assert_eq!(&html[hits[0].span.range()], "<p>");
}

#[test]
fn fragment_starting_at_h2_is_fine_with_first_heading_level_2() {
    let html = "<h2>Symptoms</h2><p>Cough.</p><h3>In children</h3><p>Wheeze.</p>";
    let options = Options {
        scope: F,
        first_heading_level: Some(2),
        ..Options::default()
    };
    let report = analyze_html(html.as_bytes(), None, &options).unwrap();
    assert!(
        report.findings.iter().all(|f| f.rule != "heading-start"),
        "{:?}",
        report.findings
    );
    assert!(report
        .findings
        .iter()
        .all(|f| f.rule != "heading-skipped-level"));
    assert_eq!(
        findings(html, F, "heading-start").len(),
        1,
        "default first level is 1"
    );
    assert_eq!(report.outline.len(), 1);
    assert_eq!(report.outline[0].children.len(), 1);
}

#[test]
fn first_heading_level_is_one_to_six() {
    let options: Options = serde_json::from_str(r#"{"first_heading_level": 2}"#).unwrap();
    assert_eq!(options.first_heading_level, Some(2));
    for bad in ["0", "7", "\"two\""] {
        let json = format!(r#"{{"first_heading_level": {bad}}}"#);
        assert!(serde_json::from_str::<Options>(&json).is_err(), "{bad}");
    }
}

#[test]
fn a_page_without_h1_gets_a_heading_start_finding() {
    let html = page("<h2>Symptoms</h2><p>Cough.</p>");
    let hits = findings(&html, P, "heading-start");
    assert_eq!(hits.len(), 1);
    assert_eq!(&html[hits[0].span.range()], "<h2>");
    // first_heading_level is for fragments: a page still needs its h1.
    let options = Options {
        scope: P,
        first_heading_level: Some(2),
        ..Options::default()
    };
    let report = analyze_html(html.as_bytes(), None, &options).unwrap();
    assert!(report.findings.iter().any(|f| f.rule == "heading-start"));
}

#[test]
fn the_page_shell_is_checked_on_pages_only() {
    let body = "<h2>Symptoms</h2><p>Cough.</p>";
    let fragment = report(body, F);
    for rule in ["page-lang-missing", "page-title-missing"] {
        assert!(fragment.findings.iter().all(|f| f.rule != rule));
    }
    let page = report(&format!("<html><body>{body}</body></html>"), P);
    for rule in ["page-lang-missing", "page-title-missing", "heading-start"] {
        assert!(page.findings.iter().any(|f| f.rule == rule), "{rule}");
    }
}

#[test]
fn an_unclosed_strong_before_the_headings_is_reported_at_the_strong() {
    let html = "<article><h1>Asthma</h1><p>Use your inhaler <strong>every morning.</p>\
                <h2>Side effects</h2><p>Most people have none.</p>\
                <h2>When to get help</h2><p>Call 999.</p></article>";
    let hits = findings(html, F, "markup-damage");
    assert_eq!(hits.len(), 1, "{hits:?}");
    let hit = &hits[0];
    assert_eq!(&html[hit.span.range()], "<strong>");
    assert_eq!(hit.severity, Severity::Warning);
    assert!(hit.message.contains("Side effects"), "{}", hit.message);
    assert!(hit.message.contains("When to get help"), "{}", hit.message);
}

#[test]
fn misnesting_inside_one_paragraph_is_not_damage() {
    let html = "<p><b>one <i>two</b> three</i></p><p>Next.</p>";
    assert!(findings(html, F, "markup-damage").is_empty());
}

#[test]
fn a_strong_wrapping_headings_without_its_end_tag_is_damage() {
    let html = "<p>Intro.</p><strong>Warning<h2>Dose</h2><p>Two puffs.</p>";
    let hits = findings(html, F, "markup-damage");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(&html[hits[0].span.range()], "<strong>");
    // Closed properly, bold around blocks is the author's choice, not damage.
    let html = "<p>Intro.</p><p><strong>Warning</strong></p><h2>Dose</h2><p>Two puffs.</p>";
    assert!(findings(html, F, "markup-damage").is_empty());
}
