//! Axum's `Json` and `Query` extractors, answering a malformed request with
//! our error envelope in plain words: which parameter or field was wrong and
//! what the endpoint takes, never the name of a Rust type or of the step
//! inside the framework that failed. The HTML pages read their query
//! string with [`PageQuery`], the lenient sibling of [`Query`].

use std::error::Error as _;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::error::ApiError;

/// A JSON body an endpoint takes.
pub(crate) trait JsonBody: DeserializeOwned {
    /// What the body must be, finishing the sentence "the body must be …".
    const EXPECTED: &'static str;
}

/// The query string an endpoint takes. Its fields are all text, so that
/// each handler reads a value with its own message.
pub(crate) trait QueryParameters: DeserializeOwned {
    /// Every parameter's name, as a client writes it.
    const NAMES: &'static [&'static str];
}

/// A JSON body in, a JSON body out.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    S: Send + Sync,
    T: JsonBody,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        // Read as raw JSON first: axum checks the content type, the size and
        // the syntax, and the text stays as the client wrote it, so the
        // position in a later error points into what they sent.
        let axum::Json(raw) = axum::Json::<Box<RawValue>>::from_request(request, state).await?;
        let text = raw.get();
        if !text.trim_start().starts_with('{') {
            return Err(ApiError::Invalid(format!(
                "the body must be {}",
                T::EXPECTED
            )));
        }

        let axum::Json(value) = axum::Json::<T>::from_bytes(text.as_bytes())
            .map_err(|rejection| mismatch(&rejection, T::EXPECTED))?;
        Ok(Self(value))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// An object whose fields do not fit: serde's own account of which field
/// and why, after what the body must be.
fn mismatch(rejection: &JsonRejection, expected: &str) -> ApiError {
    let message = match rejection.source() {
        Some(detail) => format!(
            "the body must be {expected}; {}",
            without_type_names(&detail.to_string())
        ),
        None => format!("the body must be {expected}"),
    };
    ApiError::Invalid(message)
}

/// serde names the Rust type it wanted ("expected struct FieldDefinition
/// with 3 elements"); a client only needs to hear that an object was due.
fn without_type_names(detail: &str) -> String {
    const MARK: &str = "expected struct ";
    let Some(start) = detail.find(MARK) else {
        return detail.to_owned();
    };

    let after_mark = &detail[start + MARK.len()..];
    let name_length = after_mark
        .find(|character: char| !character.is_alphanumeric() && character != '_')
        .unwrap_or(after_mark.len());
    let mut rest = &after_mark[name_length..];
    if let Some(elements) = rest.strip_prefix(" with ") {
        let count_length = elements
            .find(" elements")
            .map_or(0, |at| at + " elements".len());
        rest = &elements[count_length..];
    }
    format!("{}expected a JSON object{rest}", &detail[..start])
}

/// A query string read into `T`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    S: Send + Sync,
    T: QueryParameters,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let pairs = query_pairs(parts, state).await?;
        Ok(Self(read_parameters(pairs)?))
    }
}

/// A query string read into `T` for an HTML page, which passes over the
/// parameters it does not take. A link shared by mail or chat often gains
/// some (`?utm_source=newsletter`), and the person who follows it wants
/// the page, not an error about the link. The parameters the page does
/// take are read as strictly as the API reads them.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PageQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for PageQuery<T>
where
    S: Send + Sync,
    T: QueryParameters,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let mut pairs = query_pairs(parts, state).await?;
        pairs.retain(|(name, _)| T::NAMES.contains(&name.as_str()));
        Ok(Self(read_parameters(pairs)?))
    }
}

async fn query_pairs<S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
) -> Result<Vec<(String, String)>, ApiError> {
    let axum::extract::Query(pairs) =
        axum::extract::Query::<Vec<(String, String)>>::from_request_parts(parts, state).await?;
    Ok(pairs)
}

/// The pairs read into `T`, each known to the endpoint and given once.
fn read_parameters<T: QueryParameters>(pairs: Vec<(String, String)>) -> Result<T, ApiError> {
    let parameters = known_parameters(pairs, T::NAMES)?;
    serde_json::from_value(Value::Object(parameters)).map_err(|error| {
        ApiError::BadRequest(format!("the query string could not be read: {error}"))
    })
}

/// The parameters as a map, once each is known to the endpoint and given
/// only once. A misspelt parameter is refused rather than ignored: ignoring
/// it would answer a question the client did not ask.
fn known_parameters(
    pairs: Vec<(String, String)>,
    names: &[&str],
) -> Result<Map<String, Value>, ApiError> {
    let mut parameters = Map::new();
    for (name, value) in pairs {
        if !names.contains(&name.as_str()) {
            return Err(ApiError::BadRequest(format!(
                "unknown query parameter '{name}'; this endpoint takes {}",
                names.join(", ")
            )));
        }
        if parameters.contains_key(&name) {
            return Err(ApiError::BadRequest(format!(
                "query parameter '{name}' is given more than once"
            )));
        }
        parameters.insert(name, Value::String(value));
    }
    Ok(parameters)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rust_type_name_in_a_serde_message_reads_as_a_json_object() {
        assert_eq!(
            without_type_names(
                "fields[0]: invalid type: integer `5`, \
                 expected struct FieldDefinition at line 1 column 9"
            ),
            "fields[0]: invalid type: integer `5`, expected a JSON object at line 1 column 9"
        );
        assert_eq!(
            without_type_names("invalid length 0, expected struct StatusValue with 2 elements"),
            "invalid length 0, expected a JSON object"
        );
        assert_eq!(
            without_type_names("missing field `key`"),
            "missing field `key`"
        );
    }

    #[test]
    fn a_parameter_the_endpoint_does_not_take_is_named() {
        let pairs = vec![("level".to_owned(), "2".to_owned())];

        let error = known_parameters(pairs, &["levels"]).unwrap_err();

        assert_eq!(
            error.to_string(),
            "unknown query parameter 'level'; this endpoint takes levels"
        );
    }
}
