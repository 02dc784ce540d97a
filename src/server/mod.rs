//! The HTTP service: `POST /v1/analyze` and `GET /livez`, every error as problem+json.
//!
//! Analysis is CPU-bound, so it runs on actix's blocking pool, never on the async reactor.
//! Request bodies are never logged.

mod form;
mod problem;

use crate::lexicon::glossary::Glossary;
use crate::{analyze_html, analyze_text, AnalyzeError, Options};
use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer, ResponseError};
use futures_util::StreamExt;
pub use problem::Problem;
use serde::Deserialize;
use std::sync::Arc;

/// Server settings from the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    pub addr: String,
    pub max_body_bytes: usize,
    /// The deployment's glossary, applied to every request.
    pub glossary: Option<Arc<Glossary>>,
}

/// Default body limit: 2 MiB, far above any article and small enough to bound memory.
pub const DEFAULT_MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Runs the service until it is stopped.
pub async fn run(settings: Settings) -> std::io::Result<()> {
    let (limit, glossary) = (settings.max_body_bytes, settings.glossary.clone());
    HttpServer::new(move || {
        let glossary = glossary.clone();
        App::new().configure(|cfg| configure_with(cfg, limit, glossary))
    })
    .bind(&settings.addr)?
    .run()
    .await
}

/// Routes, shared by the server and the tests.
pub fn configure(cfg: &mut web::ServiceConfig, max_body_bytes: usize) {
    configure_with(cfg, max_body_bytes, None)
}

/// Routes, with a deployment glossary.
pub fn configure_with(
    cfg: &mut web::ServiceConfig,
    max_body_bytes: usize,
    glossary: Option<Arc<Glossary>>,
) {
    cfg.app_data(web::Data::new(Limits {
        max_body_bytes,
        glossary,
    }))
    .service(
        web::resource("/v1/analyze")
            .route(web::post().to(analyze))
            .default_service(web::to(|req| method_not_allowed(req, "POST"))),
    )
    .service(
        web::resource("/v1/rules")
            .route(web::get().to(rules))
            .route(web::head().to(rules))
            .default_service(web::to(|req| method_not_allowed(req, "GET, HEAD"))),
    )
    .service(
        web::resource("/livez")
            .route(web::get().to(livez))
            .route(web::head().to(livez))
            .default_service(web::to(|req| method_not_allowed(req, "GET, HEAD"))),
    )
    .configure(form::configure)
    .default_service(web::to(not_found));
}

struct Limits {
    max_body_bytes: usize,
    glossary: Option<Arc<Glossary>>,
}

/// The rule registry, as `legible rules` prints it.
async fn rules() -> HttpResponse {
    HttpResponse::Ok().json(crate::checks::REGISTRY)
}

async fn livez() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok"}))
}

async fn not_found(req: HttpRequest) -> HttpResponse {
    Problem::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("no resource at {}", req.path()),
    )
    .error_response()
}

/// A 405 names the methods the resource allows in `Allow`, as RFC 9110 requires.
async fn method_not_allowed(req: HttpRequest, allow: &'static str) -> HttpResponse {
    let mut response = Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!(
            "{} is not allowed on {}; use {allow}",
            req.method(),
            req.path()
        ),
    )
    .error_response();
    response
        .headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static(allow));
    response
}

/// The JSON form of a request: HTML (or plain text) plus options.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonRequest {
    html: Option<String>,
    text: Option<String>,
    #[serde(default)]
    options: Options,
}

enum Body {
    Html(Vec<u8>, Option<String>),
    Text(Vec<u8>, Option<String>),
}

async fn analyze(
    req: HttpRequest,
    payload: web::Payload,
    limits: web::Data<Limits>,
) -> Result<HttpResponse, Problem> {
    let media = media_type(&req)?;
    let bytes = read_body(payload, &req, limits.max_body_bytes).await?;
    let (body, mut options) = match media.essence.as_str() {
        "text/html" => (Body::Html(bytes, media.charset), query_options(&req)?),
        "text/plain" => (Body::Text(bytes, media.charset), query_options(&req)?),
        "application/json" if !req.query_string().is_empty() => {
            return Err(Problem::unprocessable(
                "invalid_options",
                "with a JSON body, put options in its \"options\" member, not the query string",
            ))
        }
        "application/json" => json_body(&bytes)?,
        other => return Err(unsupported(other)),
    };
    options.glossary = limits.glossary.clone();
    let report = web::block(move || match body {
        Body::Html(bytes, charset) => analyze_html(&bytes, charset.as_deref(), &options),
        Body::Text(bytes, charset) => analyze_text(&bytes, charset.as_deref(), &options),
    })
    .await
    .map_err(|_| {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "analysis_failed",
            "the analysis could not be completed",
        )
    })?
    .map_err(analyze_problem)?;
    Ok(HttpResponse::Ok().json(report))
}

fn analyze_problem(err: AnalyzeError) -> Problem {
    match err {
        AnalyzeError::Decode(err) => Problem::bad_request("invalid_encoding", err.to_string()),
        AnalyzeError::Empty => Problem::bad_request(
            "empty_document",
            "the document is empty: send the article's HTML or text",
        ),
    }
}

struct MediaType {
    essence: String,
    charset: Option<String>,
}

fn media_type(req: &HttpRequest) -> Result<MediaType, Problem> {
    let Some(value) = req.headers().get(header::CONTENT_TYPE) else {
        return Err(unsupported("no Content-Type"));
    };
    let value = value
        .to_str()
        .map_err(|_| unsupported("an unreadable Content-Type"))?;
    let mut parts = value.split(';');
    let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (key, val) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| val.trim().trim_matches('"').to_string())
    });
    Ok(MediaType { essence, charset })
}

fn unsupported(what: &str) -> Problem {
    Problem::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        format!(
            "{what} is not supported: send text/html, text/plain, or application/json {{\"html\": \"...\", \"options\": {{...}}}}"
        ),
    )
}

/// Reads the body up to the limit; a declared or actual length beyond it is a 413.
async fn read_body(
    mut payload: web::Payload,
    req: &HttpRequest,
    limit: usize,
) -> Result<Vec<u8>, Problem> {
    let too_large = || {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("the body is larger than the limit of {limit} bytes"),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > limit) {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|err| Problem::bad_request("unreadable_body", err.to_string()))?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Options for raw HTML or text bodies come from the query string (`?scope=fragment`).
fn query_options(req: &HttpRequest) -> Result<Options, Problem> {
    web::Query::<Options>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .map_err(|err| {
            Problem::unprocessable("invalid_options", format!("unusable options: {err}"))
        })
}

fn json_body(bytes: &[u8]) -> Result<(Body, Options), Problem> {
    let request: JsonRequest = serde_json::from_slice(bytes).map_err(|err| {
        if err.is_data() {
            Problem::unprocessable("invalid_options", format!("unusable request: {err}"))
        } else {
            Problem::bad_request("invalid_json", format!("the body is not valid JSON: {err}"))
        }
    })?;
    let body = match (request.html, request.text) {
        (Some(html), None) => Body::Html(html.into_bytes(), None),
        (None, Some(text)) => Body::Text(text.into_bytes(), None),
        _ => {
            return Err(Problem::unprocessable(
                "invalid_options",
                "send exactly one of \"html\" or \"text\"",
            ))
        }
    };
    Ok((body, request.options))
}
