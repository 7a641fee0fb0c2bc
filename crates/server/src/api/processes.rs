//! The sales process endpoints: open, list, read, draw as a node map, and
//! the manager's delink, link and move, and the reset that undoes them.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::{Value, json};
use throughline_model::ProcessNumber;

use super::{Json, JsonBody, Query, QueryParameters};
use crate::error::ApiError;
use crate::service::{self, CreateProcess};
use crate::state::AppState;

/// `?levels=4`, kept as text so a bad value gets our own message.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LevelsQuery {
    levels: Option<String>,
}

impl QueryParameters for LevelsQuery {
    const NAMES: &'static [&'static str] = &["levels"];
}

impl LevelsQuery {
    pub(crate) fn levels(&self) -> Result<Option<u32>, ApiError> {
        self.levels
            .as_deref()
            .map(|text| {
                service::parse_levels(text).map_err(|error| ApiError::BadRequest(error.to_string()))
            })
            .transpose()
    }
}

/// `{"key": "o-1"}`, for a delink or a reset.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RecordKeyRequest {
    key: String,
}

impl JsonBody for RecordKeyRequest {
    const EXPECTED: &'static str = "a JSON object with key";
}

/// `{"key": "d-2", "under": "ol-1"}`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlacementRequest {
    key: String,
    under: String,
}

impl JsonBody for PlacementRequest {
    const EXPECTED: &'static str = "a JSON object with key and under";
}

impl JsonBody for CreateProcess {
    const EXPECTED: &'static str = "a JSON object with account and group";
}

/// Reads `SP0001`, `sp1` or `1` from a path.
pub(crate) fn parse_process_number(text: &str) -> Result<ProcessNumber, ApiError> {
    text.parse::<ProcessNumber>()
        .map_err(|error| ApiError::BadRequest(error.to_string()))
}

/// Lists the sales process records.
pub(crate) async fn list_processes(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let processes = state.call(service::list_processes).await?;
    Ok(Json(json!({ "processes": processes })))
}

/// Opens a sales process record; answers 201 with its location.
pub(crate) async fn create_process(
    State(state): State<AppState>,
    Json(request): Json<CreateProcess>,
) -> Result<impl IntoResponse, ApiError> {
    let process = state
        .call(move |store| service::create_process(store, request))
        .await?;

    let location = format!("/api/v1/processes/{}", process.number);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(json!({ "process": process })),
    ))
}

/// Shows one sales process record.
pub(crate) async fn get_process(
    State(state): State<AppState>,
    Path(number): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let number = parse_process_number(&number)?;

    let process = state
        .call(move |store| service::get_process(store, number))
        .await?;
    Ok(Json(json!({ "process": process })))
}

/// Draws a sales process record's node map.
pub(crate) async fn get_node_map(
    State(state): State<AppState>,
    Path(number): Path<String>,
    Query(query): Query<LevelsQuery>,
) -> Result<Json<Value>, ApiError> {
    let number = parse_process_number(&number)?;
    let levels = query.levels()?;

    let map = state
        .call(move |store| service::node_map(store, number, levels))
        .await?;
    Ok(Json(json!({ "map": map })))
}

/// Takes a record and its own subtree out of a node map.
pub(crate) async fn delink_record(
    State(state): State<AppState>,
    Path(number): Path<String>,
    Json(request): Json<RecordKeyRequest>,
) -> Result<Json<Value>, ApiError> {
    let number = parse_process_number(&number)?;

    let process = state
        .call(move |store| service::delink_record(store, number, &request.key))
        .await?;
    Ok(Json(json!({ "process": process })))
}

/// Links a record in under another, beside its data parents.
pub(crate) async fn link_record(
    State(state): State<AppState>,
    Path(number): Path<String>,
    Json(request): Json<PlacementRequest>,
) -> Result<Json<Value>, ApiError> {
    let number = parse_process_number(&number)?;

    let process = state
        .call(move |store| service::link_record(store, number, &request.key, &request.under))
        .await?;
    Ok(Json(json!({ "process": process })))
}

/// Moves a record under another parent in place of its data parents.
pub(crate) async fn move_record(
    State(state): State<AppState>,
    Path(number): Path<String>,
    Json(request): Json<PlacementRequest>,
) -> Result<Json<Value>, ApiError> {
    let number = parse_process_number(&number)?;

    let process = state
        .call(move |store| service::move_record(store, number, &request.key, &request.under))
        .await?;
    Ok(Json(json!({ "process": process })))
}

/// Removes a record's overrides, putting it back where the data puts it.
pub(crate) async fn reset_record(
    State(state): State<AppState>,
    Path(number): Path<String>,
    Json(request): Json<RecordKeyRequest>,
) -> Result<Json<Value>, ApiError> {
    let number = parse_process_number(&number)?;

    let reset = state
        .call(move |store| service::reset_record(store, number, &request.key))
        .await?;
    Ok(Json(
        json!({ "process": reset.process, "removed": reset.removed }),
    ))
}
