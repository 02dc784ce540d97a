//! The production features of the service: the OpenAPI document checked against real responses,
//! API keys, CORS, metrics, request ids, batch analysis, bounded concurrency, and graceful
//! shutdown of the served binary.

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderName};
use actix_web::http::{Method, StatusCode};
use actix_web::test::{self, TestRequest};
use actix_web::web::Bytes;
use legible::server::{self, ApiKeys, LogFormat, Service, Settings};
use serde_json::{json, Value};
use std::sync::Arc;

#[path = "support/reply.rs"]
mod reply;
use reply::Reply;

const ARTICLE: &str = include_str!("fixtures/health_article.html");
const ORIGIN: &str = "https://cms.example.org";
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

impl Reply {
    fn text(&self) -> String {
        String::from_utf8(self.body.to_vec()).expect("the body is UTF-8")
    }

    /// Asserts a problem+json with `status` and `code`.
    fn assert_problem(&self, status: StatusCode, code: &str) -> Value {
        let body = self.json();
        assert_eq!(self.status, status, "{body}");
        assert_eq!(
            self.header(header::CONTENT_TYPE),
            "application/problem+json"
        );
        assert_eq!(body["code"], code, "{body}");
        assert_eq!(body["status"], status.as_u16(), "{body}");
        body
    }
}

fn quiet(settings: Settings) -> Settings {
    Settings {
        log_format: LogFormat::Off,
        ..settings
    }
}

/// A running test instance of the service, sharing one state across requests.
struct App<S> {
    service: S,
}

async fn start(
    state: Arc<Service>,
) -> App<
    impl actix_web::dev::Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    >,
> {
    App {
        service: test::init_service(server::app(state)).await,
    }
}

async fn start_with(
    settings: Settings,
) -> App<
    impl actix_web::dev::Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    >,
> {
    start(Service::new(quiet(settings)).expect("the service starts")).await
}

impl<S, B> App<S>
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: MessageBody,
{
    async fn send(&self, request: TestRequest) -> Reply {
        self.send_request(request.to_request()).await
    }

    async fn send_request(&self, request: actix_http::Request) -> Reply {
        let response = self
            .service
            .call(request)
            .await
            .unwrap_or_else(|err| panic!("the service failed: {err}"));
        Reply::from_response(response).await
    }
}

fn post_html(uri: &str, html: &str) -> TestRequest {
    TestRequest::post()
        .uri(uri)
        .insert_header((header::CONTENT_TYPE, "text/html"))
        .set_payload(html.to_string())
}

fn post_json(uri: &str, value: &Value) -> TestRequest {
    TestRequest::post()
        .uri(uri)
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .set_payload(value.to_string())
}

// OpenAPI: the document, and real responses checked against its schemas.

/// Checks `value` against `schema` (the JSON Schema subset utoipa emits: `$ref`, `allOf`,
/// `oneOf`, `anyOf`, `type` (one or a list), `enum`, `properties`, `required`,
/// `additionalProperties: false`, `items`, `minimum`); returns every mismatch with its JSON
/// path.
fn mismatches(document: &Value, schema: &Value, value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    check(document, schema, value, "$", &mut found);
    found
}

fn check(document: &Value, schema: &Value, value: &Value, at: &str, found: &mut Vec<String>) {
    if let Some(reference) = schema["$ref"].as_str() {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external $ref {reference}"));
        let target = document
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{at}: $ref {reference} resolves to nothing"));
        check(document, target, value, at, found);
    }
    for sub in schema["allOf"].as_array().into_iter().flatten() {
        check(document, sub, value, at, found);
    }
    for (keyword, exactly_one) in [("oneOf", true), ("anyOf", false)] {
        if let Some(options) = schema[keyword].as_array() {
            let matching = options
                .iter()
                .filter(|sub| mismatches_at(document, sub, value, at).is_empty())
                .count();
            if matching == 0 || (exactly_one && matching > 1) {
                found.push(format!(
                    "{at}: {matching} of the {keyword} schemas match {value}"
                ));
            }
        }
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            found.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !types.is_empty() && !types.iter().any(|t| has_type(value, t)) {
        found.push(format!("{at}: {value} is not of type {types:?}"));
        return;
    }
    if let (Some(minimum), Some(number)) = (schema["minimum"].as_f64(), value.as_f64()) {
        if number < minimum {
            found.push(format!("{at}: {number} is below the minimum {minimum}"));
        }
    }
    if let Value::Object(object) = value {
        for name in schema["required"].as_array().into_iter().flatten() {
            let name = name.as_str().expect("required names are strings");
            if !object.contains_key(name) {
                found.push(format!("{at}: lacks the required {name:?}"));
            }
        }
        if let Some(properties) = schema["properties"].as_object() {
            for (name, sub) in properties {
                if let Some(member) = object.get(name) {
                    check(document, sub, member, &format!("{at}.{name}"), found);
                }
            }
            if schema["additionalProperties"] == json!(false) {
                for name in object.keys().filter(|k| !properties.contains_key(*k)) {
                    found.push(format!("{at}: {name:?} is not a described property"));
                }
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            check(document, item_schema, item, &format!("{at}[{i}]"), found);
        }
    }
}

fn mismatches_at(document: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let mut found = Vec::new();
    check(document, schema, value, at, &mut found);
    found
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        other => panic!("unknown JSON Schema type {other}"),
    }
}

/// The schema of a documented response.
fn response_schema<'a>(
    document: &'a Value,
    path: &str,
    method: &str,
    status: u16,
    content_type: &str,
) -> &'a Value {
    let schema = &document["paths"][path][method]["responses"][status.to_string()]["content"]
        [content_type]["schema"];
    assert!(
        !schema.is_null(),
        "the document describes no {content_type} {status} for {method} {path}"
    );
    schema
}

async fn openapi_document() -> Value {
    let app = start_with(Settings::default()).await;
    let reply = app.send(TestRequest::get().uri("/openapi.json")).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json()
}

#[actix_web::test]
async fn openapi_document_is_3_1_and_lists_every_route() {
    let document = openapi_document().await;
    assert_eq!(document["openapi"], "3.1.0");
    for (path, method) in [
        ("/v1/analyze", "post"),
        ("/v1/analyze/batch", "post"),
        ("/v1/rules", "get"),
        ("/livez", "get"),
        ("/readyz", "get"),
        ("/metrics", "get"),
        ("/openapi.json", "get"),
    ] {
        assert!(
            document["paths"][path][method].is_object(),
            "{method} {path} is not described"
        );
    }
    assert_eq!(
        document["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

#[actix_web::test]
async fn real_responses_match_the_openapi_schemas() {
    let document = openapi_document().await;
    let app = start_with(Settings::default()).await;
    let report = app.send(post_html("/v1/analyze", ARTICLE)).await;
    assert_eq!(report.status, StatusCode::OK);
    let report = report.json();
    assert!(
        report["outline"][0]["children"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
            && !report["findings"].as_array().unwrap().is_empty()
            && !report["jargon"]["terms"].as_array().unwrap().is_empty(),
        "the fixture exercises nested outlines, findings and jargon"
    );
    let schema = response_schema(&document, "/v1/analyze", "post", 200, "application/json");
    assert_eq!(mismatches(&document, schema, &report), Vec::<String>::new());

    let unsupported = app
        .send(
            TestRequest::post()
                .uri("/v1/analyze")
                .insert_header((header::CONTENT_TYPE, "application/xml"))
                .set_payload("<p/>"),
        )
        .await;
    let problem =
        unsupported.assert_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    let schema = response_schema(
        &document,
        "/v1/analyze",
        "post",
        415,
        "application/problem+json",
    );
    assert_eq!(
        mismatches(&document, schema, &problem),
        Vec::<String>::new()
    );

    let batch = app
        .send(post_json(
            "/v1/analyze/batch",
            &json!({"documents": [{"id": "a", "html": ARTICLE}, {"id": "b", "html": " "}]}),
        ))
        .await
        .json();
    let schema = response_schema(
        &document,
        "/v1/analyze/batch",
        "post",
        200,
        "application/json",
    );
    assert_eq!(mismatches(&document, schema, &batch), Vec::<String>::new());

    for (path, status) in [("/v1/rules", 200), ("/livez", 200), ("/readyz", 200)] {
        let reply = app.send(TestRequest::get().uri(path)).await;
        assert_eq!(reply.status.as_u16(), status, "{path}");
        let schema = response_schema(&document, path, "get", status, "application/json");
        assert_eq!(
            mismatches(&document, schema, &reply.json()),
            Vec::<String>::new(),
            "{path}"
        );
    }
}

/// The schema of a documented request body.
fn request_schema<'a>(document: &'a Value, path: &str, content_type: &str) -> &'a Value {
    let schema = &document["paths"][path]["post"]["requestBody"]["content"][content_type]["schema"];
    assert!(
        !schema.is_null(),
        "no {content_type} request body for {path}"
    );
    schema
}

/// A document over 32 KiB is analysed on the analysis pool, a smaller one on the worker that
/// read it: the same findings and counts either way (the comment adds bytes, not text).
#[actix_web::test]
async fn documents_analysed_on_the_pool_and_on_the_worker_get_the_same_report() {
    let app = start_with(Settings::default()).await;
    let large = format!("{ARTICLE}<!-- {} -->", "x".repeat(40_000));
    assert!(large.len() > 32 * 1024 && ARTICLE.len() < 32 * 1024);
    let on_worker = app.send(post_html("/v1/analyze", ARTICLE)).await;
    let on_pool = app.send(post_html("/v1/analyze", &large)).await;
    assert_eq!(on_worker.status, StatusCode::OK);
    assert_eq!(on_pool.status, StatusCode::OK, "{}", on_pool.text());
    let (on_worker, on_pool) = (on_worker.json(), on_pool.json());
    assert!(on_worker["findings"]
        .as_array()
        .is_some_and(|f| !f.is_empty()));
    for member in ["findings", "stats", "sentences", "readability", "jargon"] {
        assert!(!on_worker[member].is_null(), "{member}");
        assert_eq!(on_worker[member], on_pool[member], "{member}");
    }
}

#[actix_web::test]
async fn requests_the_service_accepts_match_the_request_schemas() {
    let document = openapi_document().await;
    let app = start_with(Settings::default()).await;
    let single = json!({"html": "<p>Hi.</p>", "options": {
        "scope": "fragment", "profile": "custom", "target_grade": 7.0, "allow_terms": ["stent"],
        "first_heading_level": 2, "language": "en-GB", "hard_grade": 9.0, "very_hard_grade": 13.0}});
    let batch = json!({"documents": [{"id": "a", "text": "Hi.", "options": {"profile": "nhs"}}]});
    for (path, body) in [("/v1/analyze", &single), ("/v1/analyze/batch", &batch)] {
        let reply = app.send(post_json(path, body)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text());
        let schema = request_schema(&document, path, "application/json");
        assert_eq!(
            mismatches(&document, schema, body),
            Vec::<String>::new(),
            "{path}"
        );
    }
    let refused = json!({"html": "<p>Hi.</p>", "markdown": "Hi."});
    let reply = app.send(post_json("/v1/analyze", &refused)).await;
    reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_options");
    let schema = request_schema(&document, "/v1/analyze", "application/json");
    assert_eq!(
        mismatches(&document, schema, &refused),
        ["$: \"markdown\" is not a described property"]
    );
}

#[actix_web::test]
async fn the_schema_check_catches_a_report_that_breaks_the_contract() {
    let document = openapi_document().await;
    let app = start_with(Settings::default()).await;
    let mut report = app.send(post_html("/v1/analyze", ARTICLE)).await.json();
    let schema = response_schema(&document, "/v1/analyze", "post", 200, "application/json");
    report.as_object_mut().unwrap().remove("stats");
    report["scope"] = json!("everything");
    report["findings"][0]["span"]["line"] = json!("one");
    report["readability"]["smog"] = json!(true);
    let found = mismatches(&document, schema, &report).join("\n");
    for expected in [
        "$: lacks the required \"stats\"",
        "$.scope: \"everything\"",
        "$.findings[0].span.line: \"one\"",
        "$.readability.smog: true",
    ] {
        assert!(found.contains(expected), "{expected:?} not in:\n{found}");
    }
}

// API keys.

fn with_keys() -> Settings {
    Settings {
        api_keys: ApiKeys::from_list("first-key, second-key"),
        ..Settings::default()
    }
}

#[actix_web::test]
async fn v1_without_a_key_is_401_with_a_bearer_challenge() {
    let app = start_with(with_keys()).await;
    for request in [
        post_html("/v1/analyze", "<p>Hello.</p>"),
        TestRequest::get().uri("/v1/rules"),
        post_json("/v1/analyze/batch", &json!({"documents": []})),
    ] {
        let reply = app.send(request).await;
        assert!(reply.header(header::WWW_AUTHENTICATE).starts_with("Bearer"));
        reply.assert_problem(StatusCode::UNAUTHORIZED, "unauthorized");
    }
}

#[actix_web::test]
async fn a_wrong_key_is_401_invalid_token() {
    let app = start_with(with_keys()).await;
    for value in [
        "Bearer first-ke",
        "Bearer first-key2",
        "Bearer ",
        "Basic first-key",
        "first-key",
    ] {
        let request =
            post_html("/v1/analyze", "<p>Hello.</p>").insert_header((header::AUTHORIZATION, value));
        let reply = app.send(request).await;
        reply.assert_problem(StatusCode::UNAUTHORIZED, "unauthorized");
        assert!(
            reply.header(header::WWW_AUTHENTICATE).starts_with("Bearer"),
            "{value}"
        );
    }
    let reply = app
        .send(
            post_html("/v1/analyze", "<p>Hello.</p>")
                .insert_header((header::AUTHORIZATION, "Bearer nope")),
        )
        .await;
    assert!(reply
        .header(header::WWW_AUTHENTICATE)
        .contains("invalid_token"));
}

#[actix_web::test]
async fn every_listed_key_is_accepted() {
    let app = start_with(with_keys()).await;
    for value in [
        "Bearer first-key",
        "bearer second-key",
        "BEARER  second-key ",
    ] {
        let request =
            post_html("/v1/analyze", "<p>Hello.</p>").insert_header((header::AUTHORIZATION, value));
        let reply = app.send(request).await;
        assert_eq!(reply.status, StatusCode::OK, "{value}: {}", reply.text());
    }
}

#[actix_web::test]
async fn probes_metrics_and_the_openapi_document_need_no_key() {
    let app = start_with(with_keys()).await;
    for path in ["/livez", "/readyz", "/metrics", "/openapi.json"] {
        let reply = app.send(TestRequest::get().uri(path)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
    }
}

#[test]
fn a_key_file_skips_comments_and_blank_lines_and_must_hold_a_key() {
    let dir = std::env::temp_dir().join(format!("legible-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (keys, empty) = (dir.join("keys"), dir.join("empty"));
    std::fs::write(&keys, "# deploy keys\n\nalpha\n  beta  \n").unwrap();
    std::fs::write(&empty, "# none yet\n\n").unwrap();
    let loaded = ApiKeys::from_file(&keys).expect("the key file loads");
    assert_eq!(format!("{loaded:?}"), "ApiKeys(2 keys)");
    let err = ApiKeys::from_file(&empty).expect_err("a file without keys is refused");
    assert!(err.contains("no key"), "{err}");
    let err = ApiKeys::from_file(&dir.join("missing")).expect_err("a missing file is refused");
    assert!(err.contains("cannot read"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

// CORS.

fn with_origin() -> Settings {
    Settings {
        cors_origins: vec![ORIGIN.to_string()],
        ..with_keys()
    }
}

fn preflight(origin: &str) -> TestRequest {
    TestRequest::default()
        .method(Method::OPTIONS)
        .uri("/v1/analyze")
        .insert_header((header::ORIGIN, origin))
        .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, "POST"))
        .insert_header((
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization, content-type",
        ))
}

#[actix_web::test]
async fn a_listed_origin_passes_the_preflight_without_a_key() {
    let app = start_with(with_origin()).await;
    let reply = app.send(preflight(ORIGIN)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(reply.header(header::ACCESS_CONTROL_ALLOW_ORIGIN), ORIGIN);
    assert!(reply
        .header(header::ACCESS_CONTROL_ALLOW_METHODS)
        .contains("POST"));
    let allowed_headers = reply
        .header(header::ACCESS_CONTROL_ALLOW_HEADERS)
        .to_ascii_lowercase();
    assert!(allowed_headers.contains("authorization") && allowed_headers.contains("content-type"));
    assert_eq!(reply.header(header::VARY), "Origin");
}

#[actix_web::test]
async fn other_origins_are_refused_at_the_preflight() {
    for settings in [with_origin(), Settings::default()] {
        let app = start_with(settings).await;
        for origin in [
            "https://evil.example",
            "https://cms.example.org.evil.example",
            "null",
        ] {
            let reply = app.send(preflight(origin)).await;
            assert_eq!(
                reply.header(header::ACCESS_CONTROL_ALLOW_ORIGIN),
                "",
                "{origin}"
            );
            reply.assert_problem(StatusCode::FORBIDDEN, "cors_origin_refused");
        }
    }
}

#[actix_web::test]
async fn responses_carry_cors_headers_for_listed_origins_only() {
    let app = start_with(with_origin()).await;
    let request = |origin: Option<&str>| {
        let request = post_html("/v1/analyze", "<p>Hello.</p>")
            .insert_header((header::AUTHORIZATION, "Bearer first-key"));
        match origin {
            Some(origin) => request.insert_header((header::ORIGIN, origin)),
            None => request,
        }
    };
    let listed = app.send(request(Some(ORIGIN))).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.header(header::ACCESS_CONTROL_ALLOW_ORIGIN), ORIGIN);
    assert!(listed
        .header(header::ACCESS_CONTROL_EXPOSE_HEADERS)
        .contains("X-Request-Id"));
    let other = app.send(request(Some("https://evil.example"))).await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(other.header(header::ACCESS_CONTROL_ALLOW_ORIGIN), "");
    let none = app.send(request(None)).await;
    assert_eq!(none.header(header::ACCESS_CONTROL_ALLOW_ORIGIN), "");
    assert_eq!(
        none.header(header::VARY),
        "Origin",
        "caches keep answers per origin"
    );
    // A refused key from a listed origin is still readable by the page, so it can say why.
    let unauthorized = app
        .send(post_html("/v1/analyze", "<p>Hello.</p>").insert_header((header::ORIGIN, ORIGIN)))
        .await;
    assert_eq!(unauthorized.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        unauthorized.header(header::ACCESS_CONTROL_ALLOW_ORIGIN),
        ORIGIN
    );
}

#[actix_web::test]
async fn options_without_a_preflight_is_405() {
    let app = start_with(with_origin()).await;
    let reply = app
        .send(TestRequest::default().method(Method::OPTIONS).uri("/livez"))
        .await;
    reply.assert_problem(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

// Metrics.

/// The samples of a Prometheus text exposition: `name{labels}` → value. Panics on a line that
/// is neither a comment nor a sample.
fn samples(text: &str) -> Vec<(String, f64)> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let (series, value) = line
                .rsplit_once(' ')
                .unwrap_or_else(|| panic!("not a sample: {line:?}"));
            let value: f64 = value
                .parse()
                .unwrap_or_else(|_| panic!("not a number in {line:?}"));
            (series.to_string(), value)
        })
        .collect()
}

fn sample(samples: &[(String, f64)], series: &str) -> f64 {
    samples
        .iter()
        .find(|(s, _)| s == series)
        .unwrap_or_else(|| panic!("no sample {series}"))
        .1
}

#[actix_web::test]
async fn metrics_count_requests_by_route_and_status_and_time_analyses() {
    let app = start_with(Settings::default()).await;
    app.send(post_html("/v1/analyze", ARTICLE)).await;
    app.send(post_html("/v1/analyze", "<p>Short.</p>")).await;
    app.send(TestRequest::get().uri("/no/such/path")).await;
    app.send(TestRequest::post().uri("/v1/analyze").set_payload("x"))
        .await;
    let reply = app.send(TestRequest::get().uri("/metrics")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply
        .header(header::CONTENT_TYPE)
        .starts_with("text/plain; version=0.0.4"));
    let text = reply.text();
    let samples = samples(&text);
    let requests = |route: &str, status: u16| {
        sample(
            &samples,
            &format!("legible_http_requests_total{{route=\"{route}\",status=\"{status}\"}}"),
        )
    };
    assert_eq!(requests("/v1/analyze", 200), 2.0);
    assert_eq!(requests("/v1/analyze", 415), 1.0);
    assert_eq!(requests("unmatched", 404), 1.0);
    assert_eq!(
        sample(&samples, "legible_http_request_duration_seconds_count"),
        4.0
    );
    assert_eq!(
        sample(&samples, "legible_analysis_duration_seconds_count"),
        2.0
    );
    assert_eq!(sample(&samples, "legible_document_size_bytes_count"), 2.0);
    assert_eq!(
        sample(&samples, "legible_document_size_bytes_sum"),
        (ARTICLE.len() + "<p>Short.</p>".len()) as f64
    );
    assert_eq!(sample(&samples, "legible_analyses_in_flight"), 0.0);
    for family in [
        "legible_http_request_duration_seconds",
        "legible_analysis_duration_seconds",
        "legible_document_size_bytes",
    ] {
        assert!(
            text.contains(&format!("# TYPE {family} histogram\n")),
            "{family}"
        );
        let buckets: Vec<f64> = samples
            .iter()
            .filter(|(s, _)| s.starts_with(&format!("{family}_bucket{{")))
            .map(|(_, v)| *v)
            .collect();
        assert!(
            buckets.windows(2).all(|w| w[0] <= w[1]),
            "{family} buckets are cumulative"
        );
        assert_eq!(
            buckets.last(),
            Some(&sample(
                &samples,
                &format!("{family}_bucket{{le=\"+Inf\"}}")
            ))
        );
        assert_eq!(
            sample(&samples, &format!("{family}_bucket{{le=\"+Inf\"}}")),
            sample(&samples, &format!("{family}_count"))
        );
    }
}

// Request ids.

#[actix_web::test]
async fn a_usable_request_id_is_echoed_and_others_are_replaced() {
    let app = start_with(Settings::default()).await;
    let echoed = app
        .send(
            TestRequest::get()
                .uri("/livez")
                .insert_header((REQUEST_ID, "cms-42.abc")),
        )
        .await;
    assert_eq!(echoed.header(REQUEST_ID), "cms-42.abc");
    let mut generated = Vec::new();
    for request in [
        TestRequest::get().uri("/livez"),
        TestRequest::get().uri("/nothing"),
        TestRequest::get()
            .uri("/livez")
            .insert_header((REQUEST_ID, "has space")),
        TestRequest::get()
            .uri("/livez")
            .insert_header((REQUEST_ID, "x".repeat(129))),
    ] {
        let reply = app.send(request).await;
        let id = reply.header(REQUEST_ID).to_string();
        assert!(
            id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()),
            "{id:?}"
        );
        generated.push(id);
    }
    generated.sort();
    generated.dedup();
    assert_eq!(generated.len(), 4, "generated ids are unique");
}

// Batch.

#[actix_web::test]
async fn batch_results_come_in_order_with_per_document_problems() {
    let app = start_with(Settings::default()).await;
    let documents = json!({"documents": [
        {"id": "article", "html": ARTICLE},
        {"id": "both", "html": "<p>x</p>", "text": "x"},
        {"id": "note", "text": "Take one tablet. Drink water.", "options": {"profile": "ama"}},
        {"id": "bad-scope", "html": "<p>x</p>", "options": {"scope": "everything"}},
        {"id": "blank", "html": "   "},
        {"html": "<p>No id.</p>"},
        {"id": "fragment", "html": "<h2>Dose</h2><p>One a day.</p>", "options": {"scope": "fragment"}}
    ]});
    let reply = app.send(post_json("/v1/analyze/batch", &documents)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    let results = body["results"].as_array().expect("results");
    let summary: Vec<(Value, u64, &str)> = results
        .iter()
        .map(|r| {
            let kind = if r["report"].is_object() {
                "report"
            } else {
                r["problem"]["code"].as_str().unwrap()
            };
            (r["id"].clone(), r["status"].as_u64().unwrap(), kind)
        })
        .collect();
    assert_eq!(
        summary,
        [
            (json!("article"), 200, "report"),
            (json!("both"), 422, "invalid_options"),
            (json!("note"), 200, "report"),
            (json!("bad-scope"), 422, "invalid_options"),
            (json!("blank"), 400, "empty_document"),
            (Value::Null, 422, "invalid_options"),
            (json!("fragment"), 200, "report"),
        ]
    );
    assert_eq!(results[2]["report"]["profiles"][0]["id"], "ama");
    assert_eq!(results[2]["report"]["stats"]["words"], 5);
    assert_eq!(results[6]["report"]["scope"], "fragment");
    let alone = app.send(post_html("/v1/analyze", ARTICLE)).await.json();
    assert_eq!(
        results[0]["report"], alone,
        "a batch report equals the single one"
    );
}

#[actix_web::test]
async fn batch_limits_and_shape_errors_are_problems() {
    let app = start_with(Settings::default()).await;
    let many: Vec<Value> = (0..101)
        .map(|i| json!({"id": i.to_string(), "text": "Hi."}))
        .collect();
    let reply = app
        .send(post_json(
            "/v1/analyze/batch",
            &json!({ "documents": many }),
        ))
        .await;
    let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "too_many_documents");
    assert!(problem["detail"].as_str().unwrap().contains("100"));
    let reply = app
        .send(post_json("/v1/analyze/batch", &json!({"docs": []})))
        .await;
    reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_options");
    let reply = app
        .send(
            TestRequest::post()
                .uri("/v1/analyze/batch")
                .insert_header((header::CONTENT_TYPE, "application/json"))
                .set_payload("{\"documents\": ["),
        )
        .await;
    reply.assert_problem(StatusCode::BAD_REQUEST, "invalid_json");
    let reply = app.send(post_html("/v1/analyze/batch", "<p>x</p>")).await;
    reply.assert_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
}

#[actix_web::test]
async fn a_batch_over_the_body_limit_is_413() {
    let app = start_with(Settings {
        max_body_bytes: 4096,
        ..Settings::default()
    })
    .await;
    let documents = json!({"documents": [{"id": "a", "text": "word ".repeat(1000)}]});
    let reply = app.send(post_json("/v1/analyze/batch", &documents)).await;
    reply.assert_problem(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large");
}

// Hostile documents: an answer (200 or a 4xx) each, and the service keeps serving.

#[actix_web::test]
async fn hostile_documents_get_an_answer_and_the_service_stays_up() {
    let app = start_with(Settings::default()).await;
    let mut invalid_utf8 = b"<p>caf".to_vec();
    invalid_utf8.extend([0xff, 0xfe]);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("100k-deep nesting", "<div>".repeat(100_000).into_bytes()),
        ("unclosed tags", "<p><b><i>x ".repeat(2_000).into_bytes()),
        (
            "a 1 MB word",
            format!("<p>{}</p>", "a".repeat(1 << 20)).into_bytes(),
        ),
        (
            "combining marks",
            format!("<p>a{}</p>", "\u{301}".repeat(200_000)).into_bytes(),
        ),
        ("invalid UTF-8", invalid_utf8),
        ("an empty body", Vec::new()),
        ("NUL bytes", b"<p>\0\0\0</p>".to_vec()),
    ];
    for (name, body) in cases {
        let request = TestRequest::post()
            .uri("/v1/analyze")
            .insert_header((header::CONTENT_TYPE, "text/html"))
            .set_payload(body);
        let reply = app.send(request).await;
        assert!(
            reply.status == StatusCode::OK || reply.status.is_client_error(),
            "{name}: {}",
            reply.status
        );
        if reply.status != StatusCode::OK {
            assert_eq!(
                reply.header(header::CONTENT_TYPE),
                "application/problem+json",
                "{name}"
            );
        }
    }
    let alive = app.send(TestRequest::get().uri("/livez")).await;
    assert_eq!(alive.status, StatusCode::OK);
}

// Timeouts.

#[actix_web::test]
async fn a_body_that_stops_arriving_is_408() {
    let app = start_with(Settings {
        body_timeout: std::time::Duration::from_millis(50),
        ..Settings::default()
    })
    .await;
    let first = futures_util::stream::iter([Ok::<_, actix_web::error::PayloadError>(
        Bytes::from_static(b"<p>The start"),
    )]);
    let stalled = futures_util::StreamExt::chain(first, futures_util::stream::pending());
    let request = TestRequest::post()
        .uri("/v1/analyze")
        .insert_header((header::CONTENT_TYPE, "text/html"))
        .to_request()
        .replace_payload(actix_web::dev::Payload::from(
            Box::pin(stalled) as std::pin::Pin<Box<dyn futures_util::Stream<Item = _>>>
        ))
        .0;
    // A service without a body timeout would wait for ever: give up well after the 50 ms.
    let reply = actix_web::rt::time::timeout(
        std::time::Duration::from_secs(30),
        app.send_request(request),
    )
    .await
    .expect("the service answers a stalled body");
    reply.assert_problem(StatusCode::REQUEST_TIMEOUT, "body_timeout");
}

// Bounded concurrency.

#[actix_web::test]
async fn a_saturated_service_answers_503_with_retry_after_and_is_not_ready() {
    let state = Service::new(quiet(Settings {
        max_concurrent: 1,
        ..Settings::default()
    }))
    .expect("the service starts");
    let app = start(Arc::clone(&state)).await;
    let held = state.gate.try_enter().expect("the only slot is free");
    for request in [
        post_html("/v1/analyze", "<p>Hello.</p>"),
        post_json(
            "/v1/analyze/batch",
            &json!({"documents": [{"id": "a", "text": "Hi."}]}),
        ),
    ] {
        let reply = app.send(request).await;
        assert_eq!(reply.header(header::RETRY_AFTER), "1");
        reply.assert_problem(StatusCode::SERVICE_UNAVAILABLE, "busy");
    }
    let ready = app.send(TestRequest::get().uri("/readyz")).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.json()["status"], "busy");
    drop(held);
    let reply = app.send(post_html("/v1/analyze", "<p>Hello.</p>")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let ready = app.send(TestRequest::get().uri("/readyz")).await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.json()["status"], "ready");
    assert_eq!(state.gate.in_flight(), 0, "the analysis returned its slot");
}

// The served binary: flags and environment, graceful shutdown.

mod binary {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    use std::process::{Child, Command, Stdio};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    /// `legible serve` on a free port, with its stderr lines arriving on a channel.
    struct Served {
        child: Child,
        addr: String,
        log: mpsc::Receiver<String>,
    }

    impl Drop for Served {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn serve(args: &[&str], keys_variable: Option<&str>) -> Served {
        let mut command = Command::new(env!("CARGO_BIN_EXE_legible"));
        command
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .env_remove("LEGIBLE_API_KEYS")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(keys) = keys_variable {
            command.env("LEGIBLE_API_KEYS", keys);
        }
        let mut child = command.spawn().expect("legible serve starts");
        let (lines, log) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        let first = log
            .recv_timeout(Duration::from_secs(30))
            .expect("the server says where it listens");
        let addr = first
            .strip_prefix("legible: listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .to_string();
        Served { child, addr, log }
    }

    /// The status code of a small `POST /v1/analyze` with these extra header lines.
    fn status_of_post(addr: &str, headers: &str) -> String {
        let mut stream = TcpStream::connect(addr).expect("the server accepts connections");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let body = "<p>Hello.</p>";
        write!(
            stream,
            "POST /v1/analyze HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/html\r\n{headers}\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("an answer");
        response.split_whitespace().nth(1).unwrap_or("").to_string()
    }

    #[test]
    fn keys_come_from_the_key_file_and_the_environment() {
        let dir = std::env::temp_dir().join(format!("legible-served-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("keys");
        std::fs::write(&file, "# editors\nfrom-file\n").unwrap();
        let served = serve(
            &[
                "--api-key-file",
                file.to_str().unwrap(),
                "--log-format",
                "off",
            ],
            Some("from-env-1,from-env-2"),
        );
        let addr = &served.addr;
        assert_eq!(status_of_post(addr, ""), "401");
        assert_eq!(
            status_of_post(addr, "Authorization: Bearer editors\r\n"),
            "401"
        );
        for key in ["from-file", "from-env-1", "from-env-2"] {
            let header = format!("Authorization: Bearer {key}\r\n");
            assert_eq!(status_of_post(addr, &header), "200", "{key}");
        }
        drop(served);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_empty_key_file_stops_the_server_with_exit_2() {
        let dir = std::env::temp_dir().join(format!("legible-empty-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("keys");
        std::fs::write(&file, "# nobody yet\n").unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_legible"))
            .args(["serve", "--addr", "127.0.0.1:0", "--api-key-file"])
            .arg(&file)
            .output()
            .expect("legible runs");
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("has no key"), "{stderr}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn sigterm_finishes_the_request_in_flight_then_exits_0() {
        let mut served = serve(&["--log-format", "json"], None);
        let addr = served.addr.clone();

        // Half a request, sent once the server has answered `100 Continue`, so it has accepted
        // the connection and is reading the body when the signal arrives.
        let body = super::ARTICLE.as_bytes();
        let (head, tail) = body.split_at(body.len() / 2);
        let mut stream = TcpStream::connect(&addr).expect("the server accepts connections");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            stream,
            "POST /v1/analyze HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/html\r\n\
             Content-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .unwrap();
        let mut interim = [0; 25];
        stream.read_exact(&mut interim).expect("an interim answer");
        assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
        stream.write_all(head).unwrap();
        stream.flush().unwrap();
        // The shell's own `kill`, so the test needs no procps.
        let killed = Command::new("sh")
            .args(["-c", &format!("kill -TERM {}", served.child.id())])
            .status()
            .expect("sh runs");
        assert!(killed.success());
        // Give the signal time to arrive before the rest of the body (ordering, not timing,
        // is what the test relies on: the response must come either way).
        std::thread::sleep(Duration::from_millis(300));
        stream.write_all(tail).unwrap();
        let mut response = String::new();
        stream
            .read_to_string(&mut response)
            .expect("the server answers");
        assert!(
            response.starts_with("HTTP/1.1 200"),
            "{}",
            &response[..response.len().min(300)]
        );
        assert!(response.contains("\"legible_version\""));

        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(status) = served.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                panic!("the server did not exit after SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        assert_eq!(status.code(), Some(0), "{status}");
        let log: Vec<String> = served.log.try_iter().collect();
        let line = log
            .iter()
            .find(|l| l.contains("\"path\":\"/v1/analyze\""))
            .unwrap_or_else(|| panic!("no log line for the request: {log:?}"));
        let entry: serde_json::Value = serde_json::from_str(line).expect("a JSON log line");
        assert_eq!(entry["status"], 200);
        assert_eq!(entry["method"], "POST");
        assert!(entry["request_id"]
            .as_str()
            .is_some_and(|id| !id.is_empty()));
        assert!(
            !log.iter().any(|l| l.contains("leiomyosarcoma")),
            "the body is never logged"
        );
    }
}
