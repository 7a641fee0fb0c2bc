//! The one error of the HTTP edge. Its status, code and public message are
//! chosen here and nowhere else; the JSON envelope is written here and the
//! HTML pages wrap the same error in a friendly page.

use std::error::Error as _;

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tokio::task::JoinError;

use crate::routes::MAX_BODY_BYTES;
use crate::service::ServiceError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    Ambiguous {
        message: String,
        candidates: Vec<String>,
    },
    /// The request itself is malformed: a bad query value, unreadable JSON.
    #[error("{0}")]
    BadRequest(String),
    /// The request reads fine but asks for something that cannot be done.
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The body is longer than the server reads.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// Holds the detail for the log; the client never sees it.
    #[error("{0}")]
    Internal(String),
}

/// `{"error": {"code": "not_found", "message": "..."}}`, the only shape an
/// API error takes.
#[derive(Debug, Serialize)]
struct Envelope<'a> {
    error: EnvelopeBody<'a>,
}

#[derive(Debug, Serialize)]
struct EnvelopeBody<'a> {
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    candidates: Option<&'a [String]>,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Ambiguous { .. } => StatusCode::CONFLICT,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "not_found",
            Self::Ambiguous { .. } => "ambiguous",
            Self::BadRequest(_) => "bad_request",
            Self::Invalid(_) => "invalid",
            Self::MethodNotAllowed(_) => "method_not_allowed",
            Self::PayloadTooLarge(_) => "payload_too_large",
            Self::Internal(_) => "internal",
        }
    }

    /// What the client may read. An internal error's detail may hold paths
    /// or SQL, so it goes to the log and the client gets a plain sentence.
    pub fn public_message(&self) -> String {
        match self {
            Self::Internal(_) => {
                "something went wrong on the server; the server log has the details".to_owned()
            }
            other => other.to_string(),
        }
    }

    /// Logs an internal error, once, where it turns into a response.
    pub(crate) fn log(&self) {
        if let Self::Internal(detail) = self {
            tracing::error!(error = %detail, "request failed");
        }
    }

    fn candidates(&self) -> Option<&[String]> {
        match self {
            Self::Ambiguous { candidates, .. } => Some(candidates),
            _ => None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.log();
        let envelope = Envelope {
            error: EnvelopeBody {
                code: self.code(),
                message: self.public_message(),
                candidates: self.candidates(),
            },
        };
        (self.status(), Json(envelope)).into_response()
    }
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::NotFound(_) => Self::NotFound(error.to_string()),
            ServiceError::Ambiguous { ref candidates, .. } => Self::Ambiguous {
                candidates: candidates.clone(),
                message: error.to_string(),
            },
            ServiceError::Invalid(message) => Self::Invalid(message),
            ServiceError::Store(store_error) => Self::Internal(error_chain(&store_error)),
        }
    }
}

/// A blocking task that panicked or was cancelled.
impl From<JoinError> for ApiError {
    fn from(error: JoinError) -> Self {
        Self::Internal(format!("a blocking store call did not finish: {error}"))
    }
}

/// A body axum could not read as JSON at all. A body that is JSON but not
/// the endpoint's shape is worded by the extractor, which knows the shape.
impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return Self::PayloadTooLarge(format!(
                "the body is larger than {} MiB, the most this server reads",
                MAX_BODY_BYTES / (1024 * 1024)
            ));
        }
        match rejection {
            JsonRejection::JsonSyntaxError(_) => Self::BadRequest(format!(
                "the body is not valid JSON: {}",
                source_text(&rejection)
            )),
            JsonRejection::MissingJsonContentType(_) => Self::BadRequest(
                "the body must be JSON, sent with the header Content-Type: application/json"
                    .to_owned(),
            ),
            JsonRejection::JsonDataError(_) => Self::Invalid(source_text(&rejection)),
            _ => Self::BadRequest("the body could not be read".to_owned()),
        }
    }
}

/// The cause under axum's own wording ("Failed to parse the request body
/// as JSON"), which names a step of the framework rather than the problem.
fn source_text(rejection: &JsonRejection) -> String {
    rejection
        .source()
        .map_or_else(|| rejection.body_text(), ToString::to_string)
}

/// A query string that is not even a list of `name=value` pairs.
impl From<QueryRejection> for ApiError {
    fn from(_: QueryRejection) -> Self {
        Self::BadRequest("the query string could not be read as name=value pairs".to_owned())
    }
}

/// An error and every cause below it, for the log: "database error while
/// reading records: disk I/O error".
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;

    use super::*;

    async fn body_of(error: ApiError) -> (StatusCode, serde_json::Value) {
        let response = error.into_response();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn an_internal_error_keeps_its_detail_out_of_the_response() {
        let detail = "database error while walking links: disk I/O error in /srv/tl.db";

        let (status, body) = body_of(ApiError::Internal(detail.to_owned())).await;

        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body["error"]["code"], "internal");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(!message.contains("/srv/tl.db"), "{message}");
        assert!(!body.to_string().contains("disk I/O"), "{body}");
    }

    #[tokio::test]
    async fn only_an_ambiguous_error_lists_candidates() {
        let (_, not_found) = body_of(ApiError::NotFound("no record 'x'".to_owned())).await;
        assert_eq!(not_found["error"].as_object().unwrap().len(), 2);

        let ambiguous = ApiError::Ambiguous {
            message: "'1' is ambiguous".to_owned(),
            candidates: vec!["invoice:1".to_owned(), "payment:1".to_owned()],
        };
        let (status, body) = body_of(ambiguous).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["error"]["candidates"][1], "payment:1");
    }
}
