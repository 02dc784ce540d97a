//! The editor's form over HTTP, without a browser: the JavaScript-off acceptance (a health
//! article's report page has its highlights, outline, chart and jargon suggestions), security
//! headers, hostile input shown as text, uploads and errors as pages.

use actix_web::http::header::{self, HeaderMap};
use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use legible::server::{self, LogFormat, Service, Settings};

const HEALTH_ARTICLE: &str = include_str!("fixtures/health_article.html");
const HOSTILE: &str = include_str!("browser/hostile.html");

struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Page {
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

async fn call(request: TestRequest) -> Page {
    let settings = Settings {
        log_format: LogFormat::Off,
        ..Settings::default()
    };
    let app = test::init_service(server::app(
        Service::new(settings).expect("the service starts"),
    ))
    .await;
    let response = test::call_service(&app, request.to_request()).await;
    let status = response.status();
    let headers = response.headers().clone();
    let body = String::from_utf8(test::read_body(response).await.to_vec()).expect("UTF-8 page");
    Page {
        status,
        headers,
        body,
    }
}

/// `application/x-www-form-urlencoded` of the pairs.
fn urlencoded(pairs: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn post_form(uri: &str, pairs: &[(&str, &str)]) -> TestRequest {
    TestRequest::post()
        .uri(uri)
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .set_payload(urlencoded(pairs))
}

/// A multipart body with one file part.
fn post_file(filename: &str, content: &str) -> TestRequest {
    let body = format!(
        "--B0und\r\nContent-Disposition: form-data; name=\"profile\"\r\n\r\nnih\r\n\
         --B0und\r\nContent-Disposition: form-data; name=\"html\"\r\n\r\n\r\n\
         --B0und\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n{content}\r\n--B0und--\r\n"
    );
    TestRequest::post()
        .uri("/report")
        .insert_header((header::CONTENT_TYPE, "multipart/form-data; boundary=B0und"))
        .set_payload(body)
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The security headers every page must carry.
fn assert_secured(page: &Page) {
    let csp = page.header(header::CONTENT_SECURITY_POLICY);
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .unwrap_or_else(|| panic!("no script-src in the CSP {csp:?}"));
    assert!(!script_src.contains("'unsafe-inline'"), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert_eq!(page.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(page.header(header::REFERRER_POLICY), "no-referrer");
}

/// The SVG namespace name: an identifier, never fetched.
const SVG_NAMESPACE: &str = "xmlns=\"http://www.w3.org/2000/svg\"";

/// No absolute URL anywhere: everything the page refers to is on this server.
fn assert_no_external_url(page: &Page) {
    let body = page.body.replace(SVG_NAMESPACE, "");
    for scheme in ["http://", "https://", "//"] {
        for (at, _) in body.match_indices(scheme) {
            let before = &body[..at];
            assert!(
                scheme == "//" && !(before.ends_with("=\"") || before.ends_with("url(")),
                "external URL at byte {at}: {}",
                &body[at.saturating_sub(40)..(at + 60).min(body.len())]
            );
        }
    }
}

#[actix_web::test]
async fn the_form_page_is_complete_and_secured() {
    let page = call(TestRequest::get().uri("/")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.header(header::CONTENT_TYPE),
        "text/html; charset=utf-8"
    );
    assert_secured(&page);
    assert_no_external_url(&page);
    for needle in [
        "action=\"/report\"",
        "enctype=\"multipart/form-data\"",
        "name=\"html\"",
        "type=\"file\"",
        "value=\"custom\"",
        "value=\"en-GB\"",
        "value=\"fragment\"",
        "name=\"first_heading_level\"",
        "<script src=\"/assets/form.js\" defer></script>",
    ] {
        assert!(page.body.contains(needle), "the form lacks {needle}");
    }
}

#[actix_web::test]
async fn javascript_off_the_health_article_report_page_has_everything() {
    let page = call(post_form(
        "/report",
        &[
            ("html", HEALTH_ARTICLE),
            ("format", "html"),
            ("profile", "nih"),
        ],
    ))
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_secured(&page);
    assert_no_external_url(&page);
    let marks = count(&page.body, "<mark");
    assert!(marks >= 20, "{marks} highlights");
    assert!(page.body.contains("<ol class=\"outline\">"));
    assert!(count(&page.body, "<svg class=\"chart") >= 2);
    assert!(page.body.contains("<desc id=\"difficulty-desc\">"));
    assert!(
        page.body.contains("<mark class=\"jargon\"><a href=\"#f-")
            && page.body.contains("not defined here. Try “"),
        "jargon with suggestions"
    );
    assert!(page.body.contains("Does not pass") || page.body.contains("Passes"));
    assert!(page.body.contains("Flesch–Kincaid grade"));
    assert!(page.body.contains("— aim for 0</li>"));
    // The textarea echoes the article, escaped, so the editor can keep editing.
    assert!(page
        .body
        .contains("&lt;h1&gt;Uterine leiomyosarcoma (LMS)&lt;/h1&gt;"));
}

#[actix_web::test]
async fn hostile_markup_is_shown_never_run() {
    let page = call(post_form("/report", &[("html", HOSTILE)])).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_secured(&page);
    assert_no_external_url(&page);
    let dom = scraper::Html::parse_document(&page.body);
    let all = scraper::Selector::parse("*").unwrap();
    let scripts: Vec<_> = dom
        .select(&all)
        .filter(|e| e.value().name() == "script")
        .map(|e| e.value().attr("src").unwrap_or("inline"))
        .collect();
    assert_eq!(scripts, ["/assets/form.js"]);
    for element in dom.select(&all) {
        let name = element.value().name();
        assert!(
            !["img", "iframe", "object", "embed", "math", "style", "frame"].contains(&name),
            "the page has a <{name}>"
        );
        for (attribute, value) in element.value().attrs() {
            assert!(
                !attribute.starts_with("on") && attribute != "srcdoc",
                "<{name} {attribute}>"
            );
            assert!(
                !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                "<{name} {attribute}={value:?}>"
            );
        }
    }
    assert_eq!(
        count(&page.body, "</textarea>"),
        1,
        "the textarea closes once"
    );
    assert!(page.body.contains("&lt;/textarea&gt;&lt;script&gt;"));
    // The article's text, rebuilt from our blocks, shows the payload as text.
    assert!(page.body.contains("alert(&#39;PWNED entity&#39;)"));
}

#[actix_web::test]
async fn remote_images_are_named_not_loaded() {
    let html = "<p>Plain words here.</p><img src=\"https://tracker.example/p.png\" alt=\"Chart\">";
    let page = call(post_form(
        "/report",
        &[("html", html), ("scope", "fragment")],
    ))
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .body
        .contains("<code>https://tracker.example/p.png</code>"));
    for attribute in ["src=\"http", "href=\"http", "url(http"] {
        assert!(!page.body.contains(attribute), "{attribute}");
    }
}

#[actix_web::test]
async fn uploads_html_and_markdown_files_and_refuses_others_clearly() {
    let page = call(post_file(
        "leaflet.HTM",
        "<h1>Hello</h1><p>Take one tablet a day.</p>",
    ))
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Take one tablet a day."));
    let page = call(post_file(
        "notes.md",
        "# Hello\n\nTake *one* tablet.\n\n![](dose.png)\n",
    ))
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Take one tablet."), "{}", page.body);
    assert!(page.body.contains("image-alt-missing"), "{}", page.body);
    assert!(page.body.contains("value=\"markdown\" checked"));
    let page = call(post_file("notes.docx", "PK")).await;
    assert_eq!(page.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_secured(&page);
    assert!(
        page.body.contains("is not a file the form reads"),
        "{}",
        page.body
    );
}

#[actix_web::test]
async fn bad_input_is_an_error_page_with_the_form_kept() {
    let cases = [
        (
            post_form("/report", &[("html", "  ")]),
            StatusCode::BAD_REQUEST,
            "the form is empty",
        ),
        (
            post_form(
                "/report",
                &[("html", "<p>Hi there.</p>"), ("profile", "custom")],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "needs a target grade",
        ),
        (
            TestRequest::post()
                .uri("/report")
                .insert_header((header::CONTENT_TYPE, "multipart/form-data; boundary=x"))
                .set_payload("--x\r\nbroken"),
            StatusCode::BAD_REQUEST,
            "malformed multipart body",
        ),
        (
            TestRequest::post()
                .uri("/report")
                .insert_header((header::CONTENT_TYPE, "application/json"))
                .set_payload("{}"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "multipart/form-data",
        ),
    ];
    for (request, status, message) in cases {
        let page = call(request).await;
        assert_eq!(page.status, status, "{}", page.body);
        assert_eq!(
            page.header(header::CONTENT_TYPE),
            "text/html; charset=utf-8"
        );
        assert!(page.body.contains(message), "{message}: {}", page.body);
        assert!(page.body.contains("role=\"alert\""));
        assert!(page.body.contains("<form id=\"analyze\""));
    }
    let page = call(post_form(
        "/report",
        &[("html", "<p>Keep me.</p>"), ("profile", "who")],
    ))
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("&lt;p&gt;Keep me.&lt;/p&gt;</textarea>"));
    let page = call(TestRequest::get().uri("/report")).await;
    assert_eq!(page.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[actix_web::test]
async fn the_json_report_downloads_as_a_file() {
    let page = call(post_form(
        "/report.json",
        &[
            ("html", "<p>The uterus is a muscle.</p>"),
            ("language", "en-GB"),
        ],
    ))
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page
        .header(header::CONTENT_DISPOSITION)
        .starts_with("attachment;"));
    let report: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(report["blocks"][0]["kind"], "paragraph");
    assert_eq!(report["sentences"][0]["text_range"]["block"], 0);
    assert_eq!(report["jargon"]["uses"][0]["kind"], "term");
}

#[actix_web::test]
async fn the_sarif_log_downloads_as_a_file() {
    let page = call(post_form(
        "/report.sarif",
        &[(
            "html",
            "<h1>Doses</h1><p>Take it.</p><img src=\"dose.png\">",
        )],
    ))
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.header(header::CONTENT_TYPE), "application/sarif+json");
    let log: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    let alt = results
        .iter()
        .find(|r| r["ruleId"] == "image-alt-missing")
        .expect("the image without alt text is a result");
    let region = &alt["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 1);
    assert_eq!(region["startColumn"], 30);
}

#[actix_web::test]
async fn assets_are_served_from_the_binary() {
    for (name, content_type) in [
        ("form.css", "text/css; charset=utf-8"),
        ("form.js", "text/javascript; charset=utf-8"),
        ("icon.svg", "image/svg+xml"),
    ] {
        let page = call(TestRequest::get().uri(&format!("/assets/{name}"))).await;
        assert_eq!(page.status, StatusCode::OK, "{name}");
        assert_eq!(page.header(header::CONTENT_TYPE), content_type);
        assert_secured(&page);
        assert_no_external_url(&page);
    }
    let page = call(TestRequest::get().uri("/assets/secrets.txt")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_secured(&page);
}

/// The page renders the article from the report's `blocks`, so every sentence and jargon use
/// must point at its own text there.
#[test]
fn the_report_locates_sentences_and_jargon_uses_in_its_blocks() {
    let report = legible::analyze_html(
        HEALTH_ARTICLE.as_bytes(),
        None,
        &legible::Options::default(),
    )
    .unwrap();
    let at = |r: legible::report::TextRange| &report.blocks[r.block].text[r.start..r.end];
    assert!(!report.blocks.is_empty());
    for sentence in &report.sentences {
        assert_eq!(at(sentence.text_range), sentence.text);
    }
    assert!(report.jargon.uses.len() > 20);
    let mut first_use = vec![true; report.jargon.terms.len()];
    for located in &report.jargon.uses {
        let sentence = report.sentences[located.sentence].text_range;
        let range = located.text_range;
        assert_eq!(range.block, sentence.block);
        assert!(sentence.start <= range.start && range.end <= sentence.end);
        // A term is reported as first written; later uses may inflect it.
        if let Some(term) = located.term.filter(|&t| std::mem::take(&mut first_use[t])) {
            assert_eq!(at(range), report.jargon.terms[term].term);
        }
    }
    let headings = report.blocks.iter().filter(|b| b.kind == "heading").count();
    assert_eq!(headings, report.stats.headings);
}
