//! The catalog endpoints: business object types and groups.

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};
use throughline_model::BusinessObjectType;

use super::{Json, JsonBody};
use crate::error::ApiError;
use crate::service;
use crate::state::AppState;

impl JsonBody for BusinessObjectType {
    const EXPECTED: &'static str =
        "a JSON object with key, label, icon, display_field, fields and statuses";
}

/// Lists the business object types, built-in and custom.
pub(crate) async fn list_business_object_types(
    State(state): State<AppState>,
) -> Result<Json<Value>, ApiError> {
    let types = state.call(service::list_business_object_types).await?;
    Ok(Json(json!({ "types": types })))
}

/// Adds a custom business object type.
pub(crate) async fn create_business_object_type(
    State(state): State<AppState>,
    Json(business_type): Json<BusinessObjectType>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let saved = state
        .call(move |store| service::add_business_object_type(store, business_type))
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "type": saved }))))
}

/// Lists the business object groups with their layouts.
pub(crate) async fn list_groups(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let groups = state.call(service::list_groups).await?;
    Ok(Json(json!({ "groups": groups })))
}
