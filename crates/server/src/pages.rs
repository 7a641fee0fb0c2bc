//! The HTML pages: the list of sales process records and one record's
//! dashboard, rendered from askama templates, plus the stylesheet they use.
//! Errors here become a friendly page rather than the API's JSON envelope.

mod dashboard;
mod list;
mod words;

use askama::Template;
use askama_web::WebTemplate;
use axum::http::{Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::ApiError;
use crate::service::ServiceError;

pub(crate) use dashboard::show_dashboard;
pub(crate) use list::list_processes;

pub(crate) const STYLESHEET_PATH: &str = "/static/throughline.css";
/// The stylesheet's address as pages link it; the version makes a browser
/// fetch the new file after an upgrade despite its long cache lifetime.
pub(crate) const STYLESHEET_URL: &str =
    concat!("/static/throughline.css?v=", env!("CARGO_PKG_VERSION"));
const STYLESHEET: &str = include_str!("../static/throughline.css");

/// Serves the stylesheet compiled into the binary.
pub(crate) async fn get_stylesheet() -> impl IntoResponse {
    let headers = [
        (header::CONTENT_TYPE, "text/css; charset=utf-8"),
        (header::CACHE_CONTROL, "public, max-age=86400"),
    ];
    (headers, STYLESHEET)
}

/// Sends `/processes/` and `/processes/SP0001/` on to the page without the
/// slash, keeping the query. Only these routes lead here, so the address
/// it answers with is always one of this server's own pages.
pub(crate) async fn redirect_without_slash(uri: Uri) -> Redirect {
    let path = uri.path().trim_end_matches('/');
    let target = match uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    };
    Redirect::permanent(&target)
}

/// Answers a path no page serves.
pub(crate) async fn unknown_page(uri: Uri) -> PageError {
    PageError(ApiError::NotFound(format!("no page at {}", uri.path())))
}

/// Answers a method a page does not take, such as a form posted to it.
pub(crate) async fn unknown_method(method: Method, uri: Uri) -> PageError {
    PageError(ApiError::MethodNotAllowed(format!(
        "the page {} can only be opened, not sent a {method} request",
        uri.path()
    )))
}

/// An [`ApiError`] shown as a page: same status, same public message.
#[derive(Debug)]
pub(crate) struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(error: ApiError) -> Self {
        Self(error)
    }
}

impl From<ServiceError> for PageError {
    fn from(error: ServiceError) -> Self {
        Self(error.into())
    }
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    heading: &'static str,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.log();
        let status = self.0.status();
        let page = ErrorPage {
            status: status.as_u16(),
            heading: heading(status),
            message: sentence(&self.0.public_message()),
        };
        (status, page).into_response()
    }
}

/// API messages start in lower case to read well inside a longer line; a
/// page shows them as a sentence of their own.
fn sentence(message: &str) -> String {
    let mut characters = message.chars();
    characters.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(characters).collect()
    })
}

fn heading(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "Not found",
        StatusCode::CONFLICT => "Which one did you mean?",
        StatusCode::BAD_REQUEST
        | StatusCode::UNPROCESSABLE_ENTITY
        | StatusCode::METHOD_NOT_ALLOWED => "That request did not work",
        _ => "Something went wrong",
    }
}
