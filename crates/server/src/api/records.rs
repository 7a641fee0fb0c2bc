//! The record endpoints: accounts, record listings and one record's history.

use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::{Value, json};
use throughline_store::RecordFilter;

use super::{Json, Query, QueryParameters};
use crate::error::ApiError;
use crate::service;
use crate::state::AppState;

/// Records a listing returns unless it asks for another number.
const DEFAULT_LIMIT: u32 = 100;
/// The most a listing returns; a bigger export is the command line's job.
const MAX_LIMIT: u32 = 1000;

/// `?type=order&account=acme&limit=50`, every value kept as text so a bad
/// one gets our own message.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RecordQuery {
    #[serde(rename = "type")]
    type_key: Option<String>,
    account: Option<String>,
    limit: Option<String>,
}

impl QueryParameters for RecordQuery {
    const NAMES: &'static [&'static str] = &["type", "account", "limit"];
}

impl RecordQuery {
    fn into_filter(self) -> Result<RecordFilter, ApiError> {
        let limit = match self.limit.as_deref() {
            Some(text) => parse_limit(text)?,
            None => DEFAULT_LIMIT,
        };
        Ok(RecordFilter {
            type_key: self.type_key.filter(|text| !text.is_empty()),
            account: self.account.filter(|text| !text.is_empty()),
            limit: Some(limit),
        })
    }
}

fn parse_limit(text: &str) -> Result<u32, ApiError> {
    match text.trim().parse::<u32>() {
        Ok(limit) if (1..=MAX_LIMIT).contains(&limit) => Ok(limit),
        _ => Err(ApiError::BadRequest(format!(
            "limit must be a whole number from 1 to {MAX_LIMIT}, not '{text}'"
        ))),
    }
}

/// Lists the accounts that own records.
pub(crate) async fn list_accounts(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let accounts = state.call(service::list_accounts).await?;
    Ok(Json(json!({ "accounts": accounts })))
}

/// Lists records, filtered by type and account.
pub(crate) async fn list_records(
    State(state): State<AppState>,
    Query(query): Query<RecordQuery>,
) -> Result<Json<Value>, ApiError> {
    let filter = query.into_filter()?;

    let records = state
        .call(move |store| service::list_records(store, &filter))
        .await?;
    Ok(Json(json!({ "records": records })))
}

/// Shows one record, by store id or external key, with its history.
pub(crate) async fn get_record(
    State(state): State<AppState>,
    Path(reference): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let detail = state
        .call(move |store| service::record_detail(store, &reference))
        .await?;
    Ok(Json(
        json!({ "record": detail.record, "history": detail.history }),
    ))
}
