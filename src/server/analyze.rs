//! `POST /v1/analyze` and `POST /v1/analyze/batch`: reading the body within its limits,
//! choosing how to read the document, and running the analysis behind the concurrency gate, on
//! the worker that read the request or on the analysis pool (see [`Placement`]).

use super::{json, Problem, Service};
use crate::report::Report;
use crate::source::DecodeError;
use crate::{analyze_html, analyze_text, AnalyzeError, Options};
use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

/// Most documents in one batch.
pub const MAX_BATCH_DOCUMENTS: usize = 100;

/// Seconds a client is asked to wait after a 503.
const RETRY_AFTER_SECONDS: u32 = 1;

/// The JSON form of a request: HTML (or plain text) plus options.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalyzeRequest {
    /// The article's HTML (exactly one of `html` and `text`).
    html: Option<String>,
    /// The article as plain text, paragraphs at blank lines.
    text: Option<String>,
    #[serde(default)]
    options: Options,
}

/// One document of a batch.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchDocument {
    /// The caller's name for the document, echoed in its result.
    id: String,
    /// The document's HTML (exactly one of `html` and `text`).
    html: Option<String>,
    /// The document as plain text.
    text: Option<String>,
    #[serde(default)]
    options: Options,
}

/// Documents to analyse in one request; each is read on its own, so one unusable document
/// does not fail the others.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// At most 100 documents; the whole body is bounded by the body limit.
    #[schema(value_type = Vec<BatchDocument>)]
    documents: Vec<serde_json::Value>,
}

/// The results, in the order of the documents. Its fields are the service's, for its JSON
/// writer to write the reports in them as it writes a report alone (`json::batch_to_vec`).
#[derive(Serialize, utoipa::ToSchema)]
pub struct BatchResponse {
    pub(super) results: Vec<BatchResult>,
}

/// The report of one document, or the problem that prevented it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct BatchResult {
    /// The document's `id` (`null` when the document had none).
    pub(super) id: Option<String>,
    /// What `POST /v1/analyze` would have answered for this document alone.
    pub(super) status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) report: Option<Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) problem: Option<Problem>,
}

/// A document and how to read it.
enum Body {
    Html(Bytes, Option<String>),
    Text(Bytes, Option<String>),
}

impl Body {
    /// The `html` or `text` member of a JSON request; exactly one must be present.
    fn from_members(html: Option<String>, text: Option<String>) -> Result<Body, Problem> {
        match (html, text) {
            (Some(html), None) => Ok(Body::Html(html.into_bytes().into(), None)),
            (None, Some(text)) => Ok(Body::Text(text.into_bytes().into(), None)),
            _ => Err(Problem::unprocessable(
                "invalid_options",
                "send exactly one of \"html\" or \"text\"",
            )),
        }
    }

    /// The document's size in bytes, as sent.
    fn len(&self) -> usize {
        match self {
            Body::Html(bytes, _) | Body::Text(bytes, _) => bytes.len(),
        }
    }

    /// Analyses the document, recording its size and analysis time.
    fn analyze(self, options: &Options, service: &Service) -> Result<Report, Problem> {
        let start = Instant::now();
        let bytes = self.len();
        let report = match self {
            Body::Html(bytes, charset) => analyze_html(&bytes, charset.as_deref(), options),
            Body::Text(bytes, charset) => analyze_text(&bytes, charset.as_deref(), options),
        };
        service.metrics.record_analysis(bytes, start.elapsed());
        report.map_err(analyze_problem)
    }
}

const PROBLEM: &str = "application/problem+json";

/// Analyse one document.
///
/// The body is `text/html` or `text/plain` (options in the query string, e.g.
/// `?scope=fragment&allow_terms=stent,biopsy`) or `application/json` (options in `options`).
#[utoipa::path(post, path = "/v1/analyze", tag = "analysis",
    request_body(content(
        (String = "text/html"),
        (String = "text/plain"),
        (AnalyzeRequest = "application/json"))),
    responses(
        (status = 200, description = "The report", body = Report),
        (status = 400, description = "Invalid encoding, broken JSON or an empty document", body = Problem, content_type = PROBLEM),
        (status = 401, description = "A missing or refused API key", body = Problem, content_type = PROBLEM),
        (status = 408, description = "The body did not arrive in time", body = Problem, content_type = PROBLEM),
        (status = 413, description = "The body is over the limit", body = Problem, content_type = PROBLEM),
        (status = 415, description = "Not HTML, plain text or JSON", body = Problem, content_type = PROBLEM),
        (status = 422, description = "Unusable options", body = Problem, content_type = PROBLEM),
        (status = 503, description = "Every analysis slot is taken; retry after `Retry-After` seconds", body = Problem, content_type = PROBLEM)),
    security((), ("bearer" = [])))]
pub async fn analyze(
    req: HttpRequest,
    payload: web::Payload,
    service: web::Data<Service>,
) -> Result<HttpResponse, Problem> {
    let media = media_type(&req)?;
    let bytes = read_body(payload, &req, &service.settings).await?;
    let (body, mut options) = match media.essence.as_str() {
        "text/html" => (Body::Html(bytes, media.charset), query_options(&req)?),
        "text/plain" => (Body::Text(bytes, media.charset), query_options(&req)?),
        "application/json" => {
            no_query(&req)?;
            let request: AnalyzeRequest = parse_json(&bytes)?;
            (
                Body::from_members(request.html, request.text)?,
                request.options,
            )
        }
        other => return Err(unsupported(other)),
    };
    options.glossary = service.settings.glossary.clone();
    let placement = Placement::of_document(body.len());
    let report = run_analysis(&service, placement, move |service| {
        body.analyze(&options, service)
            .and_then(|report| to_json(json::report_to_vec(&report)))
    })
    .await??;
    Ok(json_response(report))
}

/// Analyse up to 100 documents in one request; results come in the order of the documents,
/// each with its report or its problem.
#[utoipa::path(post, path = "/v1/analyze/batch", tag = "analysis",
    request_body(content((BatchRequest = "application/json"))),
    responses(
        (status = 200, description = "One result per document, in order", body = BatchResponse),
        (status = 400, description = "Broken JSON", body = Problem, content_type = PROBLEM),
        (status = 401, description = "A missing or refused API key", body = Problem, content_type = PROBLEM),
        (status = 408, description = "The body did not arrive in time", body = Problem, content_type = PROBLEM),
        (status = 413, description = "The body is over the limit", body = Problem, content_type = PROBLEM),
        (status = 415, description = "Not JSON", body = Problem, content_type = PROBLEM),
        (status = 422, description = "No `documents` list, or more than 100 documents", body = Problem, content_type = PROBLEM),
        (status = 503, description = "Every analysis slot is taken; retry after `Retry-After` seconds", body = Problem, content_type = PROBLEM)),
    security((), ("bearer" = [])))]
pub async fn batch(
    req: HttpRequest,
    payload: web::Payload,
    service: web::Data<Service>,
) -> Result<HttpResponse, Problem> {
    let media = media_type(&req)?;
    if media.essence != "application/json" {
        return Err(unsupported(&media.essence));
    }
    no_query(&req)?;
    let bytes = read_body(payload, &req, &service.settings).await?;
    let request: BatchRequest = parse_json(&bytes)?;
    if request.documents.len() > MAX_BATCH_DOCUMENTS {
        return Err(Problem::unprocessable(
            "too_many_documents",
            format!(
                "a batch holds at most {MAX_BATCH_DOCUMENTS} documents, not {}",
                request.documents.len()
            ),
        ));
    }
    let results = run_analysis(&service, Placement::Pool, move |service| {
        let results = request
            .documents
            .into_iter()
            .map(|document| batch_result(document, service))
            .collect::<Vec<_>>();
        let capacity = results.iter().map(BatchResult::json_capacity).sum();
        to_json(json::batch_to_vec(&BatchResponse { results }, capacity))
    })
    .await??;
    Ok(json_response(results))
}

/// The JSON written with the analysis, where the analysis runs (see [`Placement`]), or the
/// problem of a value it could not write.
fn to_json(written: Result<Vec<u8>, serde_json::Error>) -> Result<Vec<u8>, Problem> {
    written.map_err(|err| {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "serialisation_failed",
            format!("the report could not be written as JSON: {err}"),
        )
    })
}

fn json_response(body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(actix_web::http::header::ContentType::json())
        .body(body)
}

impl BatchResult {
    /// About how many bytes its JSON takes: its report's (see [`json::report_capacity`]), or
    /// a problem's few hundred.
    fn json_capacity(&self) -> usize {
        self.report.as_ref().map_or(400, json::report_capacity)
    }
}

fn batch_result(document: serde_json::Value, service: &Service) -> BatchResult {
    let written_id = document
        .get("id")
        .and_then(serde_json::Value::as_str)
        .map(str::to_string);
    let (id, outcome) = match serde_json::from_value::<BatchDocument>(document) {
        Ok(document) => {
            let mut options = document.options;
            options.glossary = service.settings.glossary.clone();
            let outcome = Body::from_members(document.html, document.text)
                .and_then(|body| body.analyze(&options, service));
            (Some(document.id), outcome)
        }
        Err(err) => (
            written_id,
            Err(Problem::unprocessable(
                "invalid_options",
                format!("unusable document: {err}"),
            )),
        ),
    };
    match outcome {
        Ok(report) => BatchResult {
            id,
            status: StatusCode::OK.as_u16(),
            report: Some(report),
            problem: None,
        },
        Err(problem) => BatchResult {
            id,
            status: problem.status,
            report: None,
            problem: Some(problem),
        },
    }
}

/// Documents of up to this many bytes are analysed on the async worker that read them; larger
/// ones on the analysis pool. The pool costs a request two thread hand-offs, to a pool thread
/// and back, and the response's 219 KB (for the test article) is written on one core and copied
/// to the socket on another; on the worker the analysis, its JSON and the copy run on one core
/// in turn, but the worker's other connections wait while it runs. The test article (11.9 KB)
/// takes about a fifth of a millisecond with its JSON; the slowest 32 KiB page measured (500
/// formatting elements reopened in every paragraph, a 9 MB report) about 25 ms, twice what a
/// request waits anyway under full load (BENCHMARKS.md, "Load", "Small documents on the
/// worker").
pub(super) const ON_WORKER_MAX_BYTES: usize = 32 * 1024;

/// Where an analysis runs: the async worker that read the request, or the analysis pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Placement {
    Worker,
    Pool,
}

impl Placement {
    /// One HTML or text document of `bytes` bytes, whose analysis grows with its size: on the
    /// worker up to [`ON_WORKER_MAX_BYTES`]. Work that a small body can make large (a batch of
    /// up to 100 documents, Markdown whose tables expand into many times its bytes of HTML)
    /// always goes to the pool.
    pub(super) fn of_document(bytes: usize) -> Placement {
        if bytes <= ON_WORKER_MAX_BYTES {
            Placement::Worker
        } else {
            Placement::Pool
        }
    }
}

/// Runs `work` while holding an analysis slot, where `placement` says; 503 when no slot is
/// free. On the pool the slot moves into the work, so it is held until the analysis ends even
/// if the client disconnects first.
pub(super) async fn run_analysis<T: Send + 'static>(
    service: &web::Data<Service>,
    placement: Placement,
    work: impl FnOnce(&Service) -> T + Send + 'static,
) -> Result<T, Problem> {
    let permit = service.gate.try_enter().ok_or_else(|| {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            format!(
                "all {} analysis slots are taken; retry in {RETRY_AFTER_SECONDS} s",
                service.gate.max()
            ),
        )
        .retry_after(RETRY_AFTER_SECONDS)
    })?;
    if placement == Placement::Worker {
        // The worker's other connections whose requests are already read go first, so that
        // analyses on a worker are served in the order their requests arrived.
        actix_web::rt::task::yield_now().await;
        let _permit = permit;
        // A panicking analysis answers 500, as it does on the pool, rather than unwinding
        // through the worker and dropping its other connections. Nothing the closure borrows
        // is used after a panic, so no broken state can be observed.
        return catch_unwind(AssertUnwindSafe(|| work(service))).map_err(|_| analysis_failed());
    }
    let shared = web::Data::clone(service);
    service
        .pool
        .run(move || {
            let _permit = permit;
            work(&shared)
        })
        .await
        .map_err(|_| analysis_failed())
}

/// An analysis that ended without a result (it panicked).
fn analysis_failed() -> Problem {
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "analysis_failed",
        "the analysis could not be completed",
    )
}

pub(super) fn analyze_problem(err: AnalyzeError) -> Problem {
    match err {
        AnalyzeError::Decode(err @ DecodeError::TooLarge { .. }) => Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            err.to_string(),
        ),
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

/// Reads the body up to the limit (a declared or actual length beyond it is a 413) and within
/// the body timeout (408 after it).
pub(super) async fn read_body(
    payload: web::Payload,
    req: &HttpRequest,
    settings: &super::Settings,
) -> Result<Bytes, Problem> {
    let timeout = settings.body_timeout;
    actix_web::rt::time::timeout(
        timeout,
        read_body_within(payload, req, settings.max_body_bytes),
    )
    .await
    .unwrap_or_else(|_| {
        Err(Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            "body_timeout",
            format!("the body did not arrive within {} s", timeout.as_secs_f64()),
        ))
    })
}

async fn read_body_within(
    mut payload: web::Payload,
    req: &HttpRequest,
    limit: usize,
) -> Result<Bytes, Problem> {
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
    // A body that arrives in one chunk, as most do, is that chunk, not a copy of it; the
    // chunks of a longer one are joined.
    let (mut first, mut joined, mut len) = (Bytes::new(), BytesMut::new(), 0);
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|err| Problem::bad_request("unreadable_body", err.to_string()))?;
        len += chunk.len();
        if len > limit {
            return Err(too_large());
        }
        if first.is_empty() && joined.is_empty() {
            first = chunk;
            continue;
        }
        if joined.is_empty() {
            joined.reserve(declared.unwrap_or(len).max(len));
            joined.extend_from_slice(&first);
        }
        joined.extend_from_slice(&chunk);
    }
    Ok(if joined.is_empty() {
        first
    } else {
        joined.freeze()
    })
}

/// Options for raw HTML or text bodies come from the query string (`?scope=fragment`).
fn query_options(req: &HttpRequest) -> Result<Options, Problem> {
    web::Query::<Options>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .map_err(|err| {
            Problem::unprocessable("invalid_options", format!("unusable options: {err}"))
        })
}

/// JSON requests carry their options in the body; a query string would be silently ignored.
fn no_query(req: &HttpRequest) -> Result<(), Problem> {
    if req.query_string().is_empty() {
        Ok(())
    } else {
        Err(Problem::unprocessable(
            "invalid_options",
            "with a JSON body, put options in its \"options\" member, not the query string",
        ))
    }
}

/// A JSON body: 400 when it is not JSON, 422 when it is JSON of the wrong shape.
fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    serde_json::from_slice(bytes).map_err(|err| {
        if err.is_data() {
            Problem::unprocessable("invalid_options", format!("unusable request: {err}"))
        } else {
            Problem::bad_request("invalid_json", format!("the body is not valid JSON: {err}"))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::Settings;

    fn service(max_concurrent: usize) -> web::Data<Service> {
        web::Data::from(
            Service::new(Settings {
                max_concurrent,
                ..Settings::default()
            })
            .expect("the analysis threads start"),
        )
    }

    #[test]
    fn documents_over_the_limit_go_to_the_pool() {
        assert_eq!(Placement::of_document(0), Placement::Worker);
        assert_eq!(
            Placement::of_document(ON_WORKER_MAX_BYTES),
            Placement::Worker
        );
        assert_eq!(
            Placement::of_document(ON_WORKER_MAX_BYTES + 1),
            Placement::Pool
        );
    }

    #[actix_web::test]
    async fn a_panicking_analysis_answers_500_and_gives_its_slot_back_wherever_it_runs() {
        let service = service(1);
        for placement in [Placement::Worker, Placement::Pool] {
            let answer = run_analysis(&service, placement, |_| -> u8 {
                panic!("an analysis that fails")
            })
            .await;
            let problem = answer.expect_err("a panic is a problem, not a result");
            assert_eq!(problem.status, 500, "{placement:?}");
            assert_eq!(service.gate.in_flight(), 0, "{placement:?}");
            let after = run_analysis(&service, placement, |_| 7u8).await;
            assert_eq!(after.ok(), Some(7), "{placement:?}: the slot is free again");
        }
    }

    #[actix_web::test]
    async fn an_analysis_holds_its_slot_while_it_runs_wherever_it_runs() {
        let service = service(1);
        for placement in [Placement::Worker, Placement::Pool] {
            let seen = run_analysis(&service, placement, |service| service.gate.in_flight()).await;
            assert_eq!(seen.ok(), Some(1), "{placement:?}");
            assert_eq!(service.gate.in_flight(), 0, "{placement:?}");
            let _held = service.gate.try_enter().expect("the only slot");
            let refused = run_analysis(&service, placement, |_| ()).await;
            let problem = refused.expect_err("no slot is free");
            assert_eq!(problem.status, 503, "{placement:?}");
        }
    }
}
