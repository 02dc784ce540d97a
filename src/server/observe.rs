//! What every request leaves behind: an `X-Request-Id` (the client's, if it sent a usable one,
//! else a new one) on the response, its count and latency in the metrics, and one log line on
//! stderr — method, path (never the query or the body), status, time, response size, id.

use super::Service;
use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Longest client request id echoed; longer ones are replaced.
const MAX_REQUEST_ID_LEN: usize = 128;

/// How each request is logged to stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// `2026-11-27T08:00:00.000Z request_id=… method=POST path=/v1/analyze status=200 …`
    Text,
    /// One JSON object per line.
    Json,
    /// No request log.
    Off,
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let start = Instant::now();
    let id = request_id(&req);
    let service = req
        .app_data::<web::Data<Service>>()
        .expect("the service state is registered")
        .clone();
    // Kept for an error that escapes every handler (none should): it has no request left.
    let (method, path) = (req.method().clone(), req.path().to_string());
    let result = next.call(req).await;
    let elapsed = start.elapsed();
    let (route, status, bytes) = match &result {
        Ok(response) => (
            response.request().match_pattern(),
            response.status(),
            match response.response().body().size() {
                BodySize::Sized(n) => Some(n),
                BodySize::None => Some(0),
                BodySize::Stream => None,
            },
        ),
        Err(err) => (None, err.as_response_error().status_code(), None),
    };
    let route = route.unwrap_or_else(|| "unmatched".to_string());
    service
        .metrics
        .record_request(&route, status.as_u16(), elapsed);
    if service.settings.log_format != LogFormat::Off {
        let line = Line {
            id: id.to_str().unwrap_or_default(),
            method: method.as_str(),
            path: &path,
            status: status.as_u16(),
            millis: elapsed.as_secs_f64() * 1e3,
            bytes,
        };
        write_line(&line.format(service.settings.log_format));
    }
    let mut response = result?.map_into_boxed_body();
    response.headers_mut().insert(REQUEST_ID, id);
    Ok(response)
}

/// The client's `X-Request-Id` when it is 1 to 128 visible ASCII characters (so it cannot
/// break a log line), else a new id.
fn request_id(req: &ServiceRequest) -> HeaderValue {
    req.headers()
        .get(REQUEST_ID)
        .filter(|v| {
            let bytes = v.as_bytes();
            (1..=MAX_REQUEST_ID_LEN).contains(&bytes.len())
                && bytes.iter().all(|b| b.is_ascii_graphic())
        })
        .cloned()
        .unwrap_or_else(new_request_id)
}

/// A process-unique id: a counter mixed (SplitMix64, Steele et al. 2014) with the process's
/// start time, so ids of restarted instances do not collide in shared logs.
fn new_request_id() -> HeaderValue {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let seed = *SEED.get_or_init(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
            ^ u64::from(std::process::id()).rotate_left(32)
    });
    let mut z = seed.wrapping_add(
        NEXT.fetch_add(1, Ordering::Relaxed)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15),
    );
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    HeaderValue::from_bytes(&hex16(z)).expect("hex digits are a valid header value")
}

/// `value` as 16 lowercase hex digits, written without a formatter or a `String`.
fn hex16(value: u64) -> [u8; 16] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    std::array::from_fn(|i| DIGITS[(value >> (60 - 4 * i)) as usize & 0xf])
}

/// One request, as logged.
struct Line<'a> {
    id: &'a str,
    method: &'a str,
    path: &'a str,
    status: u16,
    millis: f64,
    /// Response body size; `None` for a streamed body.
    bytes: Option<u64>,
}

impl Line<'_> {
    fn format(&self, format: LogFormat) -> String {
        let time = rfc3339_now();
        match format {
            LogFormat::Json => serde_json::json!({
                "time": time,
                "request_id": self.id,
                "method": self.method,
                "path": self.path,
                "status": self.status,
                "duration_ms": (self.millis * 1e3).round() / 1e3,
                "bytes": self.bytes,
            })
            .to_string(),
            _ => format!(
                "{time} request_id={} method={} path={} status={} duration_ms={:.3} bytes={}",
                self.id,
                self.method,
                self.path,
                self.status,
                self.millis,
                self.bytes.map_or("-".to_string(), |b| b.to_string()),
            ),
        }
    }
}

/// Writes a whole line with one call, so lines of concurrent requests never interleave.
fn write_line(line: &str) {
    let mut buffer = Vec::with_capacity(line.len() + 1);
    buffer.extend_from_slice(line.as_bytes());
    buffer.push(b'\n');
    let _ = std::io::stderr().lock().write_all(&buffer);
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
fn rfc3339_now() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let secs = now.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        now.subsec_millis()
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date: Howard Hinnant's `civil_from_days`
/// ("chrono-Compatible Low-Level Date Algorithms", 2013).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sixteen_hex_digits_as_format_writes_them() {
        for value in [0, 1, 0xabc, u64::MAX, 0x0123_4567_89ab_cdef] {
            assert_eq!(hex16(value), format!("{value:016x}").as_bytes());
        }
    }

    #[test]
    fn civil_dates_match_known_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_784), (2026, 11, 27));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn log_lines_hold_no_query_and_json_lines_parse() {
        let line = Line {
            id: "abc",
            method: "POST",
            path: "/v1/analyze",
            status: 200,
            millis: 1.5,
            bytes: Some(42),
        };
        let text = line.format(LogFormat::Text);
        assert!(
            text.ends_with(
                "request_id=abc method=POST path=/v1/analyze status=200 duration_ms=1.500 bytes=42"
            ),
            "{text}"
        );
        let json: serde_json::Value = serde_json::from_str(&line.format(LogFormat::Json)).unwrap();
        assert_eq!(json["status"], 200);
        assert_eq!(json["bytes"], 42);
        assert_eq!(json["request_id"], "abc");
    }
}
