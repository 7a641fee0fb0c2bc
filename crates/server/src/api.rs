//! The JSON API under /api/v1. Handlers parse the request into domain
//! types, call a service on the blocking pool and wrap the answer in an
//! object named after the resource (`{"processes": [...]}`), so a field can
//! be added beside it later without breaking a client.

mod catalog;
mod extract;
mod processes;
mod records;

use axum::extract::OriginalUri;
use axum::http::Method;

use crate::error::ApiError;

pub(crate) use catalog::{create_business_object_type, list_business_object_types, list_groups};
pub(crate) use extract::{Json, JsonBody, PageQuery, Query, QueryParameters};
pub(crate) use processes::{
    LevelsQuery, create_process, delink_record, get_node_map, get_process, link_record,
    list_processes, move_record, parse_process_number, reset_record,
};
pub(crate) use records::{get_record, list_accounts, list_records};

// Both fallbacks read the original URI: inside the nested router the
// request's own URI has lost its /api/v1 prefix.

/// Answers a path no endpoint serves.
pub(crate) async fn unknown_route(method: Method, OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::NotFound(format!("no endpoint {method} {}", uri.path()))
}

/// Answers a method the endpoint does not take.
pub(crate) async fn unknown_method(method: Method, OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::MethodNotAllowed(format!("{} does not take {method}", uri.path()))
}
