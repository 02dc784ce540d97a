//! Every position in a report points at exactly what it names.
//!
//! For each sentence and outline heading, the submitted body sliced at the span, with tags and
//! comments removed and entities decoded, equals the item's text (whitespace folded); for each
//! finding the slice is what its excerpt shows. `utf16_*`, `line` and `column` are checked
//! against counts made here, independently of the library. The fixture has entities, emoji
//! (including ZWJ sequences), astral letters, CJK, comments, an unclosed inline tag, a tag
//! inside a word, a table and a figure; it runs with LF and with CRLF line endings.

use legible::{analyze_html, Options};
use serde_json::Value;

const ARTICLE: &str = include_str!("fixtures/article.html");

fn report(body: &str) -> Value {
    let report = analyze_html(body.as_bytes(), None, &Options::default()).expect("analysis");
    serde_json::to_value(report).expect("serialisable")
}

/// Removes tags and comments and decodes the entities the fixtures use.
fn strip_and_decode(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let close = if after.starts_with("<!--") {
            after.find("-->").map(|i| i + 3)
        } else {
            after.find('>').map(|i| i + 1)
        };
        let close = close.unwrap_or(after.len());
        // A line break separates words like whitespace.
        if after.starts_with("<br") {
            out.push(' ');
        }
        rest = &after[close..];
    }
    out.push_str(rest);
    decode_entities(&out)
}

fn decode_entities(text: &str) -> String {
    let named = [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&nbsp;", "\u{a0}"),
        ("&mdash;", "\u{2014}"),
        ("&ndash;", "\u{2013}"),
        ("&rsquo;", "\u{2019}"),
        ("&copy;", "\u{a9}"),
    ];
    let mut out = String::new();
    let mut rest = text;
    'outer: while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        for (entity, decoded) in named {
            if let Some(after) = rest.strip_prefix(entity) {
                out.push_str(decoded);
                rest = after;
                continue 'outer;
            }
        }
        if let Some(after) = rest.strip_prefix("&#") {
            if let Some(semi) = after.find(';') {
                if let Ok(code) = after[..semi].parse::<u32>() {
                    out.extend(char::from_u32(code));
                    rest = &after[semi + 1..];
                    continue;
                }
            }
        }
        out.push('&');
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 1-based line and column (in scalar values) of byte `offset`, counting CRLF, LF and lone CR
/// as line ends.
fn line_column(body: &str, offset: usize) -> (u64, u64) {
    let before = &body[..offset];
    let normalised = before.replace("\r\n", "\n").replace('\r', "\n");
    let line = normalised.matches('\n').count() + 1;
    let column = normalised.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u64, column as u64)
}

/// Checks the span's units against the body and returns the slice it covers.
fn check_span<'a>(body: &'a str, span: &Value, what: &str) -> &'a str {
    let get = |key: &str| {
        span[key]
            .as_u64()
            .unwrap_or_else(|| panic!("{what}: no {key}"))
    };
    let (start, end) = (get("start") as usize, get("end") as usize);
    assert!(
        start <= end && end <= body.len(),
        "{what}: span {start}..{end} out of bounds"
    );
    assert!(
        body.is_char_boundary(start) && body.is_char_boundary(end),
        "{what}: span {start}..{end} splits a character"
    );
    assert_eq!(
        get("utf16_start"),
        body[..start].encode_utf16().count() as u64,
        "{what}: utf16_start"
    );
    assert_eq!(
        get("utf16_end"),
        body[..end].encode_utf16().count() as u64,
        "{what}: utf16_end"
    );
    assert_eq!(
        (get("line"), get("column")),
        line_column(body, start),
        "{what}: line/column"
    );
    assert_eq!(
        (get("end_line"), get("end_column")),
        line_column(body, end),
        "{what}: end line/column"
    );
    &body[start..end]
}

fn check_text_item(body: &str, item: &Value, what: &str) {
    let text = item["text"].as_str().expect("text");
    let slice = check_span(body, &item["span"], what);
    assert_eq!(
        fold(&strip_and_decode(slice)),
        fold(text),
        "{what}: span does not cover exactly its text (slice {slice:?})"
    );
}

/// A page's selectors start at `body`; they must find exactly one element of the browser DOM.
fn check_selector(body: &str, selector: &Value, name: &str) {
    let selector = selector.as_str().expect("selector");
    let dom = scraper::Html::parse_document(body);
    let parsed = scraper::Selector::parse(selector).expect("valid CSS");
    let found: Vec<_> = dom.select(&parsed).collect();
    assert_eq!(found.len(), 1, "{selector} should find one element");
    assert_eq!(found[0].value().name(), name, "{selector}");
}

fn check_outline(body: &str, nodes: &Value) -> usize {
    let mut count = 0;
    for node in nodes.as_array().expect("outline") {
        check_text_item(body, node, "heading");
        let level = node["level"].as_u64().unwrap();
        check_selector(body, &node["selector"], &format!("h{level}"));
        count += 1 + check_outline(body, &node["children"]);
    }
    count
}

fn check_all_positions(body: &str) -> Value {
    let report = report(body);
    let sentences = report["sentences"].as_array().expect("sentences");
    for (i, sentence) in sentences.iter().enumerate() {
        check_text_item(body, sentence, &format!("sentence {i}"));
    }
    for (i, finding) in report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .enumerate()
    {
        let slice = check_span(body, &finding["span"], &format!("finding {i}"));
        assert_eq!(
            fold(slice),
            finding["excerpt"].as_str().unwrap(),
            "finding {i}"
        );
    }
    for (i, image) in report["images"]
        .as_array()
        .expect("images")
        .iter()
        .enumerate()
    {
        let slice = check_span(body, &image["span"], &format!("image {i}"));
        assert!(
            slice.starts_with("<img") && slice.ends_with('>'),
            "image {i}: {slice}"
        );
        check_selector(body, &image["selector"], "img");
    }
    assert_eq!(check_outline(body, &report["outline"]), 4);
    report
}

fn sentence_texts(report: &Value) -> Vec<String> {
    report["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_span_covers_its_text_with_lf_line_endings() {
    let report = check_all_positions(ARTICLE);
    let texts = sentence_texts(&report);
    // The article is the <main>: header, nav, footer, script and style are not in it.
    assert_eq!(report["scope"], "main");
    assert!(!texts
        .iter()
        .any(|t| t.contains("Conditions") || t.contains("Reviewed")));
    assert!(!texts.iter().any(|t| t.contains("not prose")));
    // Entities decoded, emoji and astral letters kept, a tag inside a word joined.
    assert!(texts
        .iter()
        .any(|t| t.contains("don\u{2019}t have enough iron")));
    assert!(texts.iter().any(|t| t.contains("😮‍💨")));
    assert!(texts.iter().any(|t| t.contains("leiomyosarcoma")));
    assert!(texts.iter().any(|t| t.contains("貧血") && !t.contains("𝔅")));
    assert!(texts.iter().any(|t| t.contains("𐌰")));
}

#[test]
fn every_span_covers_its_text_with_crlf_line_endings() {
    let crlf = ARTICLE.replace('\n', "\r\n");
    let lf_report = report(ARTICLE);
    let crlf_report = check_all_positions(&crlf);
    assert_eq!(sentence_texts(&lf_report), sentence_texts(&crlf_report));
}

#[test]
fn list_items_headings_and_cells_are_units_of_their_own() {
    let texts = sentence_texts(&report(ARTICLE));
    for unit in [
        "tiredness and lack of energy",
        "hair loss (in rare cases)",
        "Symptoms",
        "Typical blood test results",
        "Haemoglobin (women)",
        "Ferritin levels in adults, by age group.",
    ] {
        assert!(
            texts.iter().any(|t| t == unit),
            "{unit:?} not a unit of its own in {texts:#?}"
        );
    }
}

#[test]
fn the_unclosed_inline_tag_does_not_swallow_the_following_blocks() {
    // html5ever re-opens the unclosed <em> in each later block; the text stays in its blocks.
    let texts = sentence_texts(&report(ARTICLE));
    assert!(texts
        .iter()
        .any(|t| t == "a pale complexion – your GP may call it pallor"));
    assert!(texts.iter().any(|t| t == "hair loss (in rare cases)"));
}

#[test]
fn the_image_without_alt_is_found_at_its_start_tag() {
    let report = report(ARTICLE);
    let findings: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "image-alt-missing")
        .collect();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = findings[0];
    // The unclosed <em> is reconstructed around what follows, as in a browser's DOM; the
    // selector must find the image in that DOM.
    let selector = finding["selector"].as_str().unwrap();
    let dom = scraper::Html::parse_document(ARTICLE);
    let found: Vec<_> = dom
        .select(&scraper::Selector::parse(selector).unwrap())
        .collect();
    assert_eq!(found.len(), 1, "{selector}");
    assert_eq!(
        found[0].value().attr("src"),
        Some("/images/ferritin-levels-chart.png")
    );
    let span = &finding["span"];
    let start = span["start"].as_u64().unwrap() as usize;
    let end = span["end"].as_u64().unwrap() as usize;
    assert_eq!(
        &ARTICLE[start..end],
        r#"<img src="/images/ferritin-levels-chart.png" width="600">"#
    );
}

#[test]
fn spans_in_a_fragment_with_misnested_tags() {
    let body = "<p>One <b>two <i>three</b> four</i> five.</p><p>Caf&eacute; &#x1F600; ok.</p>";
    let report = check_all_positions_without_outline(body);
    assert_eq!(report["scope"], "fragment");
    assert_eq!(
        sentence_texts(&report),
        vec!["One two three four five.", "Café 😀 ok."]
    );
}

fn check_all_positions_without_outline(body: &str) -> Value {
    let report = report(body);
    for (i, sentence) in report["sentences"].as_array().unwrap().iter().enumerate() {
        let text = sentence["text"].as_str().unwrap();
        let slice = check_span(body, &sentence["span"], &format!("sentence {i}"));
        let decoded = strip_and_decode(slice)
            .replace("&eacute;", "é")
            .replace("&#x1F600;", "😀");
        assert_eq!(fold(&decoded), fold(text), "sentence {i}");
    }
    report
}
