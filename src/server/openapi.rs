//! `GET /openapi.json`: the OpenAPI 3.1 description of the service, generated from the Rust
//! types the handlers serialise, so it cannot drift from what they send.

use actix_web::HttpResponse;
use std::sync::OnceLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "legible",
        description = "How hard an article is to read, and where it fails people: readability, jargon, heading structure and image alt text, every finding with its exact position in the submitted HTML. Errors are RFC 9457 problem details (`application/problem+json`). When the deployment sets API keys, `/v1/*` needs `Authorization: Bearer <key>`."
    ),
    paths(
        super::analyze::analyze,
        super::analyze::batch,
        super::rules,
        super::livez,
        super::readyz,
        super::metrics::render,
        document,
    ),
    components(schemas(super::Problem)),
    modifiers(&BearerKey),
    tags(
        (name = "analysis", description = "Reports on documents"),
        (name = "health", description = "Probes, metrics and this document")
    )
)]
pub struct ApiDoc;

/// Declares the `bearer` scheme the `/v1` operations name.
struct BearerKey;

impl utoipa::Modify for BearerKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some(
                            "Required only when the deployment sets --api-key-file or LEGIBLE_API_KEYS",
                        ))
                        .build(),
                ),
            );
        }
    }
}

/// This document (built once: it depends only on the types).
#[utoipa::path(get, path = "/openapi.json", tag = "health",
    responses((status = 200, description = "The OpenAPI 3.1 document", body = Object)))]
pub async fn document() -> HttpResponse {
    static JSON: OnceLock<String> = OnceLock::new();
    let json = JSON.get_or_init(|| {
        ApiDoc::openapi()
            .to_json()
            .expect("the OpenAPI document serialises")
    });
    HttpResponse::Ok()
        .content_type("application/json")
        .body(json.as_str())
}
