//! CORS (Fetch standard, "CORS protocol") for the origins a deployment lists with
//! `--cors-origin`, and for no origin by default.
//!
//! A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered here,
//! before authentication, since browsers send no credentials with it: 204 with the allowed
//! methods and headers for a listed origin, 403 problem+json otherwise. Other requests from a
//! listed origin get `Access-Control-Allow-Origin`; requests from other origins are served
//! without it, so the browser withholds the response from the page.

use super::{Problem, Service};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse, ResponseError};

const ALLOW_METHODS: &str = "GET, HEAD, POST";
const ALLOW_HEADERS: &str = "Authorization, Content-Type, X-Request-Id";
/// Response headers a page may read besides the CORS-safelisted ones.
const EXPOSE_HEADERS: &str = "X-Request-Id, Retry-After, WWW-Authenticate";
/// How long a browser may cache a preflight answer, in seconds.
const MAX_AGE: &str = "600";

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let origins = &req
        .app_data::<web::Data<Service>>()
        .expect("the service state is registered")
        .settings
        .cors_origins;
    let Some(origin) = req.headers().get(header::ORIGIN).cloned() else {
        // The answer differs by origin only when some origin is listed.
        let varies = !origins.is_empty();
        let mut response = next.call(req).await?.map_into_boxed_body();
        if varies {
            vary_on_origin(response.headers_mut());
        }
        return Ok(response);
    };
    let allowed = origins.iter().any(|o| o.as_bytes() == origin.as_bytes());
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        let response = if allowed {
            preflight_answer(origin)
        } else {
            refusal(&origin)
        };
        return Ok(req.into_response(response));
    }
    let mut response = next.call(req).await?.map_into_boxed_body();
    let headers = response.headers_mut();
    vary_on_origin(headers);
    if allowed {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSE_HEADERS),
        );
    }
    Ok(response)
}

fn preflight_answer(origin: HeaderValue) -> HttpResponse {
    let mut response = HttpResponse::NoContent().finish();
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    for (name, value) in [
        (header::ACCESS_CONTROL_ALLOW_METHODS, ALLOW_METHODS),
        (header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS),
        (header::ACCESS_CONTROL_MAX_AGE, MAX_AGE),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    vary_on_origin(headers);
    response
}

fn refusal(origin: &HeaderValue) -> HttpResponse {
    let mut response = Problem::new(
        StatusCode::FORBIDDEN,
        "cors_origin_refused",
        format!(
            "the origin {} may not call this service from a browser; the deployment lists the origins it allows with --cors-origin",
            String::from_utf8_lossy(origin.as_bytes())
        ),
    )
    .error_response();
    vary_on_origin(response.headers_mut());
    response
}

/// Caches must not serve one origin's answer to another.
fn vary_on_origin(headers: &mut HeaderMap) {
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
}
