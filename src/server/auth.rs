//! API keys: when a deployment sets any, every `/v1/*` request needs
//! `Authorization: Bearer <key>` (RFC 6750). Keys are compared in constant time, and against
//! every key, so response time says nothing about how much of a guess was right.

use super::Problem;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, ResponseError};
use std::path::Path;

/// The accepted keys; empty when authentication is off.
#[derive(Clone, Default)]
pub struct ApiKeys(Vec<Vec<u8>>);

impl std::fmt::Debug for ApiKeys {
    /// Never prints a key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ApiKeys({} keys)", self.0.len())
    }
}

impl ApiKeys {
    /// Keys from a file: one per line; blank lines and lines starting with `#` are skipped.
    pub fn from_file(path: &Path) -> Result<ApiKeys, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the API key file {}: {e}", path.display()))?;
        let keys = ApiKeys::from_lines(&text);
        if keys.is_empty() {
            return Err(format!("the API key file {} has no key", path.display()));
        }
        Ok(keys)
    }

    /// Keys from the text of a key file.
    fn from_lines(text: &str) -> ApiKeys {
        ApiKeys::from_iter(text.lines().filter(|l| !l.trim_start().starts_with('#')))
    }

    /// Keys from a comma-separated list (the `LEGIBLE_API_KEYS` variable).
    pub fn from_list(list: &str) -> ApiKeys {
        ApiKeys::from_iter(list.split(','))
    }

    /// Both sets of keys.
    pub fn union(mut self, other: ApiKeys) -> ApiKeys {
        self.0.extend(other.0);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `token` is one of the keys, comparing against every key.
    fn accepts(&self, token: &[u8]) -> bool {
        self.0
            .iter()
            .fold(false, |found, key| found | constant_time_eq(token, key))
    }
}

impl<'a> FromIterator<&'a str> for ApiKeys {
    fn from_iter<I: IntoIterator<Item = &'a str>>(keys: I) -> ApiKeys {
        ApiKeys(
            keys.into_iter()
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(|k| k.as_bytes().to_vec())
                .collect(),
        )
    }
}

/// Equality whose time depends only on the length of `given`, never on where the first
/// difference is or on the key: every byte of `given` is compared (with a zero past the key's
/// end), and the differences are folded together without an early exit.
fn constant_time_eq(given: &[u8], key: &[u8]) -> bool {
    let mut diff = u8::from(given.len() != key.len());
    for (i, byte) in given.iter().enumerate() {
        diff |= byte ^ key.get(i).copied().unwrap_or(0);
    }
    std::hint::black_box(diff) == 0
}

/// The bearer token of `Authorization`, if the header holds one (the scheme is
/// case-insensitive, RFC 9110 §11.1).
fn bearer_token(req: &ServiceRequest) -> Option<&[u8]> {
    let value = req.headers().get(header::AUTHORIZATION)?.as_bytes();
    let (scheme, token) = value.split_at_checked(7)?;
    scheme
        .eq_ignore_ascii_case(b"bearer ")
        .then(|| token.trim_ascii())
}

/// Refuses a `/v1/*` request without an accepted key with 401 and `WWW-Authenticate: Bearer`.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let keys = &req
        .app_data::<web::Data<super::Service>>()
        .expect("the service state is registered")
        .settings
        .api_keys;
    if keys.is_empty() {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let (challenge, detail) = match bearer_token(&req) {
        Some(token) if keys.accepts(token) => {
            return Ok(next.call(req).await?.map_into_boxed_body())
        }
        Some(_) => (
            "Bearer realm=\"legible\", error=\"invalid_token\"",
            "the API key is not accepted",
        ),
        None => (
            "Bearer realm=\"legible\"",
            "an API key is required: send Authorization: Bearer <key>",
        ),
    };
    let mut response =
        Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", detail).error_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static(challenge),
    );
    Ok(req.into_response(response))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_only_when_every_byte_and_the_length_match() {
        assert!(constant_time_eq(b"s3cret", b"s3cret"));
        assert!(!constant_time_eq(b"s3creT", b"s3cret"));
        assert!(!constant_time_eq(b"s3cre", b"s3cret"));
        assert!(!constant_time_eq(b"s3cret!", b"s3cret"));
        assert!(!constant_time_eq(b"", b"s3cret"));
        assert!(!constant_time_eq(b"s3cret\0", b"s3cret"));
    }

    #[test]
    fn keys_come_from_lines_or_a_list_without_comments_or_blanks() {
        let keys = ApiKeys::from_lines("# ops team\n alpha \n\n#beta\ngamma");
        assert!(keys.accepts(b"alpha") && keys.accepts(b"gamma"));
        assert!(!keys.accepts(b"beta") && !keys.accepts(b"") && !keys.accepts(b"# ops team"));
        let listed = ApiKeys::from_list("one, two,,");
        assert!(listed.accepts(b"one") && listed.accepts(b"two") && !listed.accepts(b""));
        assert_eq!(format!("{listed:?}"), "ApiKeys(2 keys)");
    }
}
