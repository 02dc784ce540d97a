//! The editor's web form: `GET /` shows the form, `POST /report` answers the report page,
//! `POST /report.json` the JSON report as a download ([`download`]), `GET /assets/…` the stylesheet, script
//! and icon compiled into the binary from `web/`. Everything works without JavaScript; with
//! it, `form.js` refreshes the report as the editor types.
//!
//! The page shows text derived from untrusted HTML, so: the article is rebuilt from the
//! report's blocks (never the submitted markup), every user-derived string is escaped
//! ([`escape`]), and every page carries a Content-Security-Policy that allows only our own
//! script and stylesheet files (no inline script, nothing from other origins).

mod article;
mod charts;
mod download;
mod escape;
mod input;
mod links;
mod page;
mod render;
mod score;

use super::analyze::{analyze_problem, read_body, run_analysis, Placement};
use super::{method_not_allowed, Problem, Service};
use crate::report::Report;
use crate::{analyze_html, analyze_markdown, analyze_text};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse, HttpResponseBuilder};
use escape::Esc;
use input::{Article, Fields, Submission};
use std::fmt::Write;

/// Our own files only; no inline script or style, no plugins, no framing, forms post here.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The headers of every page, asset and error the form answers.
const SECURITY_HEADERS: [(HeaderName, &str); 3] = [
    (header::CONTENT_SECURITY_POLICY, CSP),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
];

/// Embedded assets: name, content type, bytes.
const ASSETS: [(&str, &str, &str); 3] = [
    (
        "form.css",
        "text/css; charset=utf-8",
        include_str!("../../../web/form.css"),
    ),
    (
        "form.js",
        "text/javascript; charset=utf-8",
        include_str!("../../../web/form.js"),
    ),
    (
        "icon.svg",
        "image/svg+xml",
        include_str!("../../../web/icon.svg"),
    ),
];

/// Registers the form's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/")
            .route(web::get().to(index))
            .route(web::head().to(index))
            .default_service(web::to(|req| method_not_allowed(req, "GET, HEAD"))),
    )
    .service(
        web::resource("/report")
            .route(web::post().to(report_page))
            .default_service(web::to(|req| method_not_allowed(req, "POST"))),
    )
    .service(
        web::resource("/assets/{name}")
            .route(web::get().to(asset))
            .route(web::head().to(asset))
            .default_service(web::to(|req| method_not_allowed(req, "GET, HEAD"))),
    );
    for format in download::FORMATS {
        cfg.service(
            web::resource(format.path)
                .route(web::post().to(
                    move |req: HttpRequest, payload: web::Payload, service: web::Data<Service>| {
                        download(req, payload, service, format)
                    },
                ))
                .default_service(web::to(|req| method_not_allowed(req, "POST"))),
        );
    }
}

/// The headers of every page and asset: the CSP, no MIME sniffing, no referrer.
fn secured(status: StatusCode) -> HttpResponseBuilder {
    let mut builder = HttpResponse::build(status);
    for header in SECURITY_HEADERS {
        builder.insert_header(header);
    }
    builder
}

fn html(status: StatusCode, title: &str, main: &str) -> HttpResponse {
    secured(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(page::layout(title, main))
}

fn default_fields() -> Fields {
    Fields {
        format: "html".to_string(),
        profile: "nih".to_string(),
        scope: "auto".to_string(),
        first_heading_level: "1".to_string(),
        ..Fields::default()
    }
}

async fn index() -> HttpResponse {
    let mut main = String::new();
    page::form(&mut main, &default_fields());
    main.push_str("<div id=\"report\"></div>");
    html(StatusCode::OK, "Check an article — legible", &main)
}

async fn asset(name: web::Path<String>) -> HttpResponse {
    match ASSETS.iter().find(|(file, _, _)| *file == name.as_str()) {
        Some((_, content_type, body)) => secured(StatusCode::OK)
            .content_type(*content_type)
            .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
            .body(*body),
        None => secured_problem(&Problem::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no asset named {}", name.as_str()),
        )),
    }
}

/// Reads and analyses a form submission; the fields come back for the error page.
async fn analyse(
    req: &HttpRequest,
    payload: web::Payload,
    service: &web::Data<Service>,
) -> Result<(Report, Fields), (Problem, Fields)> {
    let body = read_body(payload, req, &service.settings)
        .await
        .map_err(|p| (p, default_fields()))?;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (fields, submission) = input::parse(content_type, &body);
    let Submission {
        article,
        mut options,
    } = match submission {
        Ok(submission) => submission,
        Err(problem) => return Err((problem, fields)),
    };
    options.glossary = service.settings.glossary.clone();
    // A pasted article may be Markdown, whose size says little of its work: the form keeps to
    // the pool, which editors' occasional submissions do not make busier.
    let result = run_analysis(service, Placement::Pool, move |_| match article {
        Article::Html(bytes) => analyze_html(&bytes, None, &options),
        Article::Markdown(bytes) => analyze_markdown(&bytes, None, &options),
        Article::Text(bytes) => analyze_text(&bytes, None, &options),
    })
    .await;
    match result {
        Ok(Ok(report)) => Ok((report, fields)),
        Ok(Err(err)) => Err((analyze_problem(err), fields)),
        Err(problem) => Err((problem, fields)),
    }
}

async fn report_page(
    req: HttpRequest,
    payload: web::Payload,
    service: web::Data<Service>,
) -> HttpResponse {
    let mut main = String::new();
    match analyse(&req, payload, &service).await {
        Ok((report, fields)) => {
            page::form(&mut main, &fields);
            main.push_str("<div id=\"report\">");
            render::report(&mut main, &report);
            main.push_str("</div>");
            html(StatusCode::OK, "Report — legible", &main)
        }
        Err((problem, fields)) => {
            page::form(&mut main, &fields);
            let _ = write!(
                main,
                "<div id=\"report\"><section class=\"panel error\" role=\"alert\" aria-labelledby=\"error-h\">\
                 <h2 id=\"error-h\">{} {}</h2><p>{}</p></section></div>",
                problem.status,
                Esc(problem.title),
                Esc(&problem.detail)
            );
            let status =
                StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            html(status, "Cannot check this article — legible", &main)
        }
    }
}

/// The report of the form's input in `format`, as a file to save.
async fn download(
    req: HttpRequest,
    payload: web::Payload,
    service: web::Data<Service>,
    format: &'static download::Format,
) -> HttpResponse {
    let written = match analyse(&req, payload, &service).await {
        Ok((report, _)) => (format.write)(&report).map_err(|err| {
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "output_failed",
                format!("the report could not be written: {err}"),
            )
        }),
        Err((problem, _)) => Err(problem),
    };
    match written {
        Ok(body) => secured(StatusCode::OK)
            .content_type(format.media_type)
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", format.filename),
            ))
            .body(body),
        Err(problem) => secured_problem(&problem),
    }
}

/// A problem+json response, with the form's security headers.
fn secured_problem(problem: &Problem) -> HttpResponse {
    let mut response = actix_web::ResponseError::error_response(problem);
    for (name, value) in SECURITY_HEADERS {
        response
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    response
}
