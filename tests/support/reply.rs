//! What a request to the service under test got back, shared by the HTTP test suites.

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{HeaderMap, HeaderName};
use actix_web::http::StatusCode;
use actix_web::test;
use actix_web::web::Bytes;
use serde_json::Value;

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    /// Reads a whole response.
    pub async fn from_response<B: MessageBody>(response: ServiceResponse<B>) -> Reply {
        let (status, headers) = (response.status(), response.headers().clone());
        Reply {
            status,
            headers,
            body: test::read_body(response).await,
        }
    }

    /// A header's value, or "" when it is absent.
    pub fn header(&self, name: HeaderName) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().expect("the header is ASCII"))
            .unwrap_or_default()
    }

    /// The body as JSON; a body that is not JSON fails the test, showing it.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| {
            panic!(
                "{} body is not JSON ({err}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}
