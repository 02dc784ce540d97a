//! The HTTP service: `POST /v1/analyze`, `POST /v1/analyze/batch`, `GET /v1/rules`, the
//! OpenAPI document, health and metrics; every error as problem+json.
//!
//! Analysis is CPU-bound: a small document's runs on the async worker that read it, which
//! saves two thread hand-offs and a copy of its response across cores; a larger one's, a
//! batch's and Markdown's on the analysis pool (one thread a core, see [`pool`]), so that a
//! long analysis never stalls a worker's other connections (see `analyze::Placement`). At most
//! `max_concurrent` analyses are queued or running at once (see [`gate`]). Request bodies are
//! never logged.

mod analyze;
mod auth;
mod cors;
mod form;
mod gate;
pub mod json;
mod metrics;
mod observe;
mod openapi;
mod pool;
mod problem;

use crate::lexicon::glossary::Glossary;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer, ResponseError};
pub use auth::ApiKeys;
pub use gate::{Gate, Permit};
pub use observe::LogFormat;
pub use problem::Problem;
use std::sync::Arc;
use std::time::Duration;

/// Default body limit: 2 MiB, far above any article and small enough to bound memory.
pub const DEFAULT_MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Default number of analyses that may be queued or running at once: enough for 64 keep-alive
/// connections, few enough that a flood of 2 MiB documents cannot exhaust memory.
pub const DEFAULT_MAX_CONCURRENT: usize = 64;

/// Default longest wait for a request body once its head has arrived: a client that trickles
/// its body more slowly gets 408 and frees the connection.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// Longest wait for a request head (actix answers 408 without a body after it).
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);

/// On SIGTERM or SIGINT, requests in flight get this long to finish before the process exits.
pub const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);

/// Server settings from the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    pub addr: String,
    pub max_body_bytes: usize,
    /// The deployment's glossary, applied to every request.
    pub glossary: Option<Arc<Glossary>>,
    /// Keys accepted on `/v1/*`; empty means no authentication.
    pub api_keys: ApiKeys,
    /// Origins allowed to call the API from a browser (exact `scheme://host[:port]`).
    pub cors_origins: Vec<String>,
    /// Analyses admitted at once (running, or waiting their turn in order); more get 503 with
    /// `Retry-After`.
    pub max_concurrent: usize,
    /// How each request is logged to stderr.
    pub log_format: LogFormat,
    /// Longest wait for a request body after its head.
    pub body_timeout: Duration,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            addr: "127.0.0.1:8080".to_string(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            glossary: None,
            api_keys: ApiKeys::default(),
            cors_origins: Vec::new(),
            max_concurrent: DEFAULT_MAX_CONCURRENT,
            log_format: LogFormat::Text,
            body_timeout: BODY_TIMEOUT,
        }
    }
}

/// What every worker shares: the settings, the analysis gate and pool, and the metrics.
pub struct Service {
    pub settings: Settings,
    pub gate: Arc<Gate>,
    pool: pool::Pool,
    metrics: metrics::Metrics,
}

impl Service {
    /// The shared state, with its analysis threads started (an error if they cannot be).
    pub fn new(settings: Settings) -> std::io::Result<Arc<Service>> {
        Ok(Arc::new(Service {
            gate: Arc::new(Gate::new(settings.max_concurrent)),
            pool: pool::Pool::new(cores())?,
            metrics: metrics::Metrics::default(),
            settings,
        }))
    }
}

/// Runs the service until SIGTERM or SIGINT, then lets requests in flight finish.
pub async fn run(settings: Settings) -> std::io::Result<()> {
    let addr = settings.addr.clone();
    let service = Service::new(settings)?;
    let server = HttpServer::new(move || app(service.clone()))
        // One async worker a core: each reads requests, analyses the small documents among
        // them and writes responses, so analyses keep the workers busy. With wrk posting the
        // test article on 2 cores, two workers analysing it answered as many requests a second
        // as one worker handing every analysis to the pool in the machine's fast minutes and
        // 10 to 20 % more in its slow ones, with a shorter p99 (BENCHMARKS.md, "Load", "Small
        // documents on the worker").
        .workers(cores())
        // A response is written whole at once, so Nagle's algorithm only ever holds back its
        // last partial segment until the client acknowledges the rest, which a client that
        // delays its acknowledgements (RFC 1122 §4.2.3.2; 40 to 200 ms on Linux) makes a stall
        // per response on a real network.
        .tcp_nodelay(true)
        .client_request_timeout(HEAD_TIMEOUT)
        .shutdown_timeout(SHUTDOWN_TIMEOUT.as_secs())
        .bind(&addr)?;
    for bound in server.addrs() {
        eprintln!("legible: listening on http://{bound}");
    }
    server.run().await
}

/// The cores this process may use (its CPU quota, where one is set).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// The whole application: routes, authentication, CORS, request ids, logs and metrics.
pub fn app(
    service: Arc<Service>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(web::Data::from(service))
        .configure(routes)
        .wrap(from_fn(cors::middleware))
        .wrap(from_fn(observe::middleware))
}

/// Routes; `/v1/*` sits behind the API key check, health, metrics and the OpenAPI document do
/// not.
fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/v1")
            .wrap(from_fn(auth::middleware))
            .service(resource("/analyze", Post, analyze::analyze))
            .service(resource("/analyze/batch", Post, analyze::batch))
            .service(resource("/rules", Get, rules)),
    )
    .service(resource("/livez", Get, livez))
    .service(resource("/readyz", Get, readyz))
    .service(resource("/metrics", Get, metrics::render))
    .service(resource("/openapi.json", Get, openapi::document))
    .configure(form::configure)
    .default_service(web::to(not_found));
}

/// The methods a resource answers.
#[derive(Clone, Copy)]
enum Methods {
    Get,
    Post,
}
use Methods::{Get, Post};

/// A resource answering `methods` with `handler`, and any other method with a 405.
fn resource<F, Args>(path: &str, methods: Methods, handler: F) -> actix_web::Resource
where
    F: actix_web::Handler<Args> + Clone,
    Args: actix_web::FromRequest + 'static,
    F::Output: actix_web::Responder + 'static,
{
    let resource = web::resource(path);
    let (resource, allow) = match methods {
        Get => (
            resource
                .route(web::get().to(handler.clone()))
                .route(web::head().to(handler)),
            "GET, HEAD",
        ),
        Post => (resource.route(web::post().to(handler)), "POST"),
    };
    resource.default_service(web::to(move |req| method_not_allowed(req, allow)))
}

/// The rule registry, as `legible rules` prints it.
#[utoipa::path(get, path = "/v1/rules", tag = "analysis",
    responses((status = 200, description = "Every rule the analysis applies", body = [crate::checks::Rule])),
    security((), ("bearer" = [])))]
async fn rules() -> HttpResponse {
    HttpResponse::Ok().json(crate::checks::REGISTRY)
}

/// The process is up.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` (livez), `ready` or `busy` (readyz).
    pub status: &'static str,
    /// Analyses running now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analyses_in_flight: Option<usize>,
    /// Analyses allowed at once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_concurrent: Option<usize>,
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/livez", tag = "health",
    responses((status = 200, description = "The process answers", body = Health)))]
async fn livez() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok",
        analyses_in_flight: None,
        max_concurrent: None,
    })
}

/// Readiness: 503 while every analysis slot is taken, so a load balancer sends the next
/// request to another instance rather than to one that would answer 503.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses(
        (status = 200, description = "An analysis slot is free", body = Health),
        (status = 503, description = "Every analysis slot is taken", body = Health)))]
async fn readyz(service: web::Data<Service>) -> HttpResponse {
    let (in_flight, max) = (service.gate.in_flight(), service.gate.max());
    let busy = in_flight >= max;
    let status = if busy {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    HttpResponse::build(status).json(Health {
        status: if busy { "busy" } else { "ready" },
        analyses_in_flight: Some(in_flight),
        max_concurrent: Some(max),
    })
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
