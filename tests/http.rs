//! The HTTP API through actix's test service: statuses, content types, and the problem+json
//! contract of every error.

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use actix_web::web::Bytes;
use futures_util::Stream;
use legible::server::{self, LogFormat, Service, Settings};
use serde_json::{json, Value};
use std::pin::Pin;

#[path = "support/reply.rs"]
mod reply;
use reply::Reply;

/// Body limit of the service under test: small, so that 413 needs no large allocation.
const LIMIT: usize = 16 * 1024;

const BAD: StatusCode = StatusCode::BAD_REQUEST;
const TOO_LARGE: StatusCode = StatusCode::PAYLOAD_TOO_LARGE;
const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

/// A fragment with two sentences and an image without alt text.
const ARTICLE: &str = "<p>Hello World. My name is Jonas.</p>\n<img src=\"cat.png\">";
const IMG_TAG: &str = "<img src=\"cat.png\">";

/// A request body that arrives in chunks, without a Content-Length.
type BodyStream = Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>>;

/// Sends one request to a fresh instance of the service; `stream`, if any, replaces its body.
async fn send(request: TestRequest, stream: Option<BodyStream>) -> Reply {
    let settings = Settings {
        max_body_bytes: LIMIT,
        log_format: LogFormat::Off,
        ..Settings::default()
    };
    let app = test::init_service(server::app(
        Service::new(settings).expect("the service starts"),
    ))
    .await;
    let mut request = request.to_request();
    if let Some(stream) = stream {
        request = request.replace_payload(Payload::from(stream)).0;
    }
    Reply::from_response(test::call_service(&app, request).await).await
}

async fn call(request: TestRequest) -> Reply {
    send(request, None).await
}

/// `POST /v1/analyze` with a Content-Type and a body.
fn post(content_type: &str, body: impl Into<Bytes>) -> TestRequest {
    post_to("/v1/analyze", content_type, body)
}

fn post_to(uri: &str, content_type: &str, body: impl Into<Bytes>) -> TestRequest {
    TestRequest::post()
        .uri(uri)
        .insert_header((header::CONTENT_TYPE, content_type))
        .set_payload(body)
}

fn post_json(value: Value) -> TestRequest {
    post("application/json", value.to_string())
}

/// Asserts a 200 with a JSON report and returns the report.
async fn report(request: TestRequest) -> Value {
    let reply = call(request).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert!(
        reply
            .header(header::CONTENT_TYPE)
            .starts_with("application/json"),
        "report Content-Type is {:?}",
        reply.header(header::CONTENT_TYPE)
    );
    reply.json()
}

/// Asserts an RFC 9457 problem with `status` and `code`, and returns its `detail`.
async fn problem(request: TestRequest, status: StatusCode, code: &str) -> String {
    assert_problem(call(request).await, status, code)
}

fn assert_problem(reply: Reply, status: StatusCode, code: &str) -> String {
    let body = reply.json();
    assert_eq!(reply.status, status, "{body}");
    assert_eq!(
        reply.header(header::CONTENT_TYPE),
        "application/problem+json"
    );
    for key in ["type", "title"] {
        assert!(
            body[key].as_str().is_some_and(|s| !s.is_empty()),
            "problem lacks a {key:?}: {body}"
        );
    }
    assert_eq!(body["status"], status.as_u16(), "{body}");
    assert_eq!(body["code"], code, "{body}");
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(!detail.trim().is_empty(), "problem lacks a detail: {body}");
    detail.to_string()
}

fn sentence_texts(report: &Value) -> Vec<&str> {
    report["sentences"]
        .as_array()
        .expect("sentences is an array")
        .iter()
        .map(|s| s["text"].as_str().expect("sentence text is a string"))
        .collect()
}

/// The checks every report of [`ARTICLE`] passes, wherever the fragment sits in `body`.
fn assert_article_report(report: &Value, body: &str) {
    assert_eq!(report["stats"]["words"], 6, "{report}");
    assert_eq!(
        sentence_texts(report),
        ["Hello World.", "My name is Jonas."]
    );
    let finding = report["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .find(|f| f["rule"] == "image-alt-missing")
        .unwrap_or_else(|| panic!("no image-alt-missing finding: {report}"));
    let span = &finding["span"];
    let start = span["start"].as_u64().expect("span.start") as usize;
    let end = span["end"].as_u64().expect("span.end") as usize;
    assert_eq!(
        &body[start..end],
        IMG_TAG,
        "the finding spans the img start tag"
    );
    assert_eq!(span["line"], 2);
    assert_eq!(span["column"], 1);
}

// 200: the accepted media types.

#[actix_web::test]
async fn html_body_gets_a_report() {
    let report = report(post("text/html", ARTICLE)).await;
    assert_article_report(&report, ARTICLE);
}

#[actix_web::test]
async fn html_body_with_utf8_charset_gets_a_report() {
    let report = report(post("text/html; charset=utf-8", ARTICLE)).await;
    assert_article_report(&report, ARTICLE);
}

#[actix_web::test]
async fn plain_text_paragraphs_split_at_blank_lines() {
    let text = "Hello World. My name\nis Jonas.\n\nA new paragraph starts.";
    let report = report(post("text/plain", text)).await;
    assert_eq!(report["scope"], "text");
    assert_eq!(report["stats"]["paragraphs"], 2, "{report}");
    assert_eq!(report["stats"]["words"], 10, "{report}");
    assert_eq!(
        sentence_texts(&report),
        [
            "Hello World.",
            "My name is Jonas.",
            "A new paragraph starts."
        ]
    );
}

#[actix_web::test]
async fn json_html_with_options_gets_a_report() {
    let report = report(post_json(
        json!({"html": ARTICLE, "options": {"scope": "fragment"}}),
    ))
    .await;
    assert_eq!(report["scope"], "fragment");
    assert_article_report(&report, ARTICLE);
}

#[actix_web::test]
async fn json_text_gets_a_report() {
    let report = report(post_json(json!({"text": "Hello World. My name is Jonas."}))).await;
    assert_eq!(report["scope"], "text");
    assert_eq!(report["stats"]["words"], 6);
    assert_eq!(
        sentence_texts(&report),
        ["Hello World.", "My name is Jonas."]
    );
}

// Options in the query string of raw bodies.

#[actix_web::test]
async fn query_scope_fragment_is_used() {
    let page =
        format!("<!DOCTYPE html><html><body><nav><p>Skip me.</p></nav>{ARTICLE}</body></html>");
    let whole = report(post_to(
        "/v1/analyze?scope=fragment",
        "text/html",
        page.clone(),
    ))
    .await;
    assert_eq!(whole["scope"], "fragment");
    assert_eq!(sentence_texts(&whole)[0], "Skip me.");
    let narrowed = report(post("text/html", page)).await;
    assert_eq!(narrowed["scope"], "body");
    assert_eq!(sentence_texts(&narrowed)[0], "Hello World.");
}

#[actix_web::test]
async fn query_first_heading_level_is_used() {
    let fragment = "<h2>Symptoms</h2><p>Cough.</p>";
    let heading_start = |report: &Value| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "heading-start")
    };
    let default = report(post_to("/v1/analyze?scope=fragment", "text/html", fragment)).await;
    assert!(heading_start(&default), "{default}");
    let uri = "/v1/analyze?scope=fragment&first_heading_level=2";
    let cms = report(post_to(uri, "text/html", fragment)).await;
    assert!(!heading_start(&cms), "{cms}");
    let request = post_to("/v1/analyze?first_heading_level=9", "text/html", fragment);
    let detail = problem(request, UNPROCESSABLE, "invalid_options").await;
    assert!(detail.contains("first_heading_level"), "{detail}");
}

#[actix_web::test]
async fn query_unknown_scope_is_422() {
    let request = post_to("/v1/analyze?scope=bogus", "text/html", ARTICLE);
    let detail = problem(request, UNPROCESSABLE, "invalid_options").await;
    assert!(detail.contains("bogus"), "{detail}");
}

#[actix_web::test]
async fn query_unknown_option_is_422() {
    let request = post_to("/v1/analyze?nonsense=1", "text/plain", "Hello.");
    let detail = problem(request, UNPROCESSABLE, "invalid_options").await;
    assert!(detail.contains("nonsense"), "{detail}");
}

// 400: bad input.

#[actix_web::test]
async fn invalid_utf8_is_400_naming_the_offset() {
    let request = post("text/html", &b"<p>caf\xe9</p>"[..]);
    let detail = problem(request, BAD, "invalid_encoding").await;
    assert!(detail.contains("offset 6"), "{detail}");
}

#[actix_web::test]
async fn broken_json_is_400() {
    let request = post("application/json", "{\"html\": \"<p>x</p>\"");
    problem(request, BAD, "invalid_json").await;
}

#[actix_web::test]
async fn empty_body_is_400() {
    problem(post("text/html", ""), BAD, "empty_document").await;
}

#[actix_web::test]
async fn whitespace_only_body_is_400() {
    problem(post("text/plain", " \n\t\r\n "), BAD, "empty_document").await;
}

#[actix_web::test]
async fn json_blank_html_is_400() {
    problem(post_json(json!({"html": "  "})), BAD, "empty_document").await;
}

// 413: over the body limit.

#[actix_web::test]
async fn body_over_the_limit_is_413() {
    let request = post("text/plain", "a ".repeat(LIMIT));
    let detail = problem(request, TOO_LARGE, "body_too_large").await;
    assert!(detail.contains(&LIMIT.to_string()), "{detail}");
}

#[actix_web::test]
async fn streamed_body_over_the_limit_is_413() {
    let chunk = Bytes::from("word ".repeat(1024));
    let chunks = (0..LIMIT / chunk.len() + 2).map(move |_| Ok(chunk.clone()));
    let request = TestRequest::post()
        .uri("/v1/analyze")
        .insert_header((header::CONTENT_TYPE, "text/plain"));
    let reply = send(request, Some(Box::pin(futures_util::stream::iter(chunks)))).await;
    assert_problem(reply, TOO_LARGE, "body_too_large");
}

#[actix_web::test]
async fn body_streamed_in_chunks_is_read_as_the_whole_body() {
    let (head, tail) = ARTICLE.split_at(ARTICLE.find("My name").expect("a second sentence"));
    let chunks = ["", head, "", tail].map(|chunk| Ok(Bytes::from(chunk)));
    let request = TestRequest::post()
        .uri("/v1/analyze")
        .insert_header((header::CONTENT_TYPE, "text/html"));
    let streamed = send(request, Some(Box::pin(futures_util::stream::iter(chunks)))).await;
    assert_eq!(streamed.status, StatusCode::OK);
    let whole = call(post("text/html", ARTICLE)).await;
    assert_eq!(streamed.body, whole.body);
}

// 415: other media types.

async fn assert_unsupported(request: TestRequest) {
    let detail = problem(
        request,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    assert!(
        detail.contains("text/html"),
        "names what is accepted: {detail}"
    );
}

#[actix_web::test]
async fn xml_is_415() {
    assert_unsupported(post("application/xml", "<p>Hello.</p>")).await;
}

#[actix_web::test]
async fn missing_content_type_is_415() {
    assert_unsupported(
        TestRequest::post()
            .uri("/v1/analyze")
            .set_payload("<p>Hello.</p>"),
    )
    .await;
}

#[actix_web::test]
async fn multipart_is_415() {
    let body =
        "--b\r\nContent-Disposition: form-data; name=\"html\"\r\n\r\n<p>Hi.</p>\r\n--b--\r\n";
    assert_unsupported(post("multipart/form-data; boundary=b", body)).await;
}

// 422: unusable options in JSON requests.

async fn assert_unusable_json(value: Value) {
    problem(post_json(value), UNPROCESSABLE, "invalid_options").await;
}

#[actix_web::test]
async fn json_unknown_scope_is_422() {
    assert_unusable_json(json!({"html": "<p>x</p>", "options": {"scope": "everything"}})).await;
}

#[actix_web::test]
async fn json_unknown_option_is_422() {
    assert_unusable_json(json!({"html": "<p>x</p>", "options": {"grade": 6}})).await;
}

#[actix_web::test]
async fn json_unknown_field_is_422() {
    assert_unusable_json(json!({"html": "<p>x</p>", "markdown": "x"})).await;
}

#[actix_web::test]
async fn json_with_html_and_text_is_422() {
    assert_unusable_json(json!({"html": "<p>x</p>", "text": "x"})).await;
}

#[actix_web::test]
async fn json_with_neither_html_nor_text_is_422() {
    assert_unusable_json(json!({"options": {"scope": "fragment"}})).await;
}

// Routing.

#[actix_web::test]
async fn unknown_path_is_404() {
    let request = TestRequest::get().uri("/v2/nothing");
    let detail = problem(request, StatusCode::NOT_FOUND, "not_found").await;
    assert!(detail.contains("/v2/nothing"), "{detail}");
}

#[actix_web::test]
async fn get_analyze_is_405() {
    let reply = call(TestRequest::get().uri("/v1/analyze")).await;
    assert_eq!(reply.header(header::ALLOW), "POST");
    assert_problem(reply, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

#[actix_web::test]
async fn livez_is_200() {
    let reply = call(TestRequest::get().uri("/livez")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["status"], "ok");
}

#[actix_web::test]
async fn rules_lists_the_registry() {
    let reply = call(TestRequest::get().uri("/v1/rules")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply
        .header(header::CONTENT_TYPE)
        .starts_with("application/json"));
    let rules = reply.json();
    let rules = rules.as_array().expect("an array of rules");
    assert_eq!(rules.len(), legible::checks::REGISTRY.len());
    let alt = rules
        .iter()
        .find(|r| r["id"] == "image-alt-missing")
        .expect("image-alt-missing is listed");
    for field in ["id", "title", "category", "severity", "wcag", "act", "help"] {
        assert!(!alt[field].is_null(), "{field}");
    }
    assert_eq!(alt["wcag"], json!(["1.1.1"]));
    assert_eq!(alt["act"], json!(["23a2a8"]));
    assert_eq!(alt["severity"], "error");
}

// Charsets.

#[actix_web::test]
async fn declared_charset_is_honoured() {
    let report = report(post(
        "text/html; charset=windows-1252",
        &b"<p>Caf\xe9 au lait.</p>"[..],
    ))
    .await;
    assert_eq!(sentence_texts(&report), ["Café au lait."]);
}

#[actix_web::test]
async fn unknown_charset_is_400() {
    let request = post("text/html; charset=no-such-charset", "<p>Hello.</p>");
    let detail = problem(request, BAD, "invalid_encoding").await;
    assert!(detail.contains("no-such-charset"), "{detail}");
}

#[actix_web::test]
async fn allow_terms_in_the_query_or_json_silence_jargon_findings() {
    let text = "The tumours were removed with a hysterectomy.";
    let jargon = |report: &Value| -> Vec<String> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["category"] == "jargon")
            .map(|f| f["excerpt"].as_str().unwrap().to_string())
            .collect()
    };
    let plain = report(post("text/plain", text)).await;
    assert!(jargon(&plain).contains(&"hysterectomy".to_string()));
    let query = report(post_to(
        "/v1/analyze?allow_terms=hysterectomy,tumour",
        "text/plain",
        text,
    ))
    .await;
    assert!(jargon(&query).is_empty(), "{:?}", jargon(&query));
    let json = report(post_json(
        json!({"text": text, "options": {"allow_terms": ["hysterectomy", "tumours"]}}),
    ))
    .await;
    assert!(jargon(&json).is_empty(), "{:?}", jargon(&json));
}

// Every error of the framework's own is problem+json too.

#[actix_web::test]
async fn unknown_path_under_v1_is_404() {
    let request = TestRequest::get().uri("/v1/nothing");
    problem(request, StatusCode::NOT_FOUND, "not_found").await;
}

#[actix_web::test]
async fn post_to_a_read_only_resource_is_405() {
    for uri in [
        "/livez",
        "/readyz",
        "/metrics",
        "/openapi.json",
        "/v1/rules",
    ] {
        let reply = call(TestRequest::post().uri(uri)).await;
        assert_eq!(reply.header(header::ALLOW), "GET, HEAD", "{uri}");
        assert_problem(reply, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    }
}

#[actix_web::test]
async fn get_batch_is_405() {
    let reply = call(TestRequest::get().uri("/v1/analyze/batch")).await;
    assert_eq!(reply.header(header::ALLOW), "POST");
    assert_problem(reply, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

#[actix_web::test]
async fn json_with_a_query_string_is_422() {
    let request = post_to(
        "/v1/analyze?scope=page",
        "application/json",
        "{\"html\": \"<p>x</p>\"}",
    );
    let detail = problem(request, UNPROCESSABLE, "invalid_options").await;
    assert!(detail.contains("options"), "{detail}");
}
