//! The catalog endpoints: business object types and groups.

use axum::extract::State;
use serde_json::{Value, json};

use super::Json;
use crate::error::ApiError;
use crate::service;
use crate::state::AppState;

/// Lists the business object types, built-in and custom.
pub(crate) async fn list_business_object_types(
    State(state): State<AppState>,
) -> Result<Json<Value>, ApiError> {
    let types = state.call(service::list_business_object_types).await?;
    Ok(Json(json!({ "types": types })))
}

/// Lists the business object groups with their layouts.
pub(crate) async fn list_groups(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let groups = state.call(service::list_groups).await?;
    Ok(Json(json!({ "groups": groups })))
}
