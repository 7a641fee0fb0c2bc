//! Finding records and accounts the way people name them: by the key their
//! source system gave them, by an account's name, or by a store id.

use serde::Serialize;
use throughline_model::{Record, RecordEvent, RecordId};
use throughline_store::{AccountSummary, RecordFilter, Store};

use super::{Result, ServiceError};

/// A record with the events that touched it, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordDetail {
    pub record: Record,
    pub history: Vec<RecordEvent>,
}

pub fn list_accounts(store: &dyn Store) -> Result<Vec<AccountSummary>> {
    Ok(store.accounts()?)
}

pub fn list_records(store: &dyn Store, filter: &RecordFilter) -> Result<Vec<Record>> {
    Ok(store.records(filter)?)
}

/// A record and its history. `reference` is a store id when it is all
/// digits, and an external key otherwise; a numeric external key is
/// therefore written `TYPE:KEY`.
pub fn record_detail(store: &dyn Store, reference: &str) -> Result<RecordDetail> {
    let record = match reference.trim().parse::<i64>() {
        Ok(id) => record_by_id(store, RecordId(id))?,
        Err(_) => resolve_record(store, reference)?,
    };

    let history = store.record_history(record.id)?;
    Ok(RecordDetail { record, history })
}

fn record_by_id(store: &dyn Store, id: RecordId) -> Result<Record> {
    store
        .records_by_id(&[id])?
        .into_iter()
        .next()
        .ok_or_else(|| ServiceError::NotFound(format!("record with id {id}")))
}

/// The one record an external key names. The same key may exist in several
/// types (an invoice and a payment both numbered 90000001), so `TYPE:KEY`
/// picks one; a text whose prefix is no type is taken as a whole key.
pub fn resolve_record(store: &dyn Store, key: &str) -> Result<Record> {
    let key = key.trim();
    let mut candidates = typed_candidates(store, key)?;
    if candidates.is_empty() {
        candidates = store.records_by_key(key)?;
    }

    match candidates.len() {
        0 => Err(ServiceError::NotFound(format!("record '{key}'"))),
        1 => Ok(candidates.remove(0)),
        _ => Err(ServiceError::Ambiguous {
            key: key.to_owned(),
            candidates: candidate_names(&candidates),
        }),
    }
}

/// The records a `TYPE:KEY` text names; empty when it has no such form.
fn typed_candidates(store: &dyn Store, text: &str) -> Result<Vec<Record>> {
    let Some((type_key, key)) = text.split_once(':') else {
        return Ok(Vec::new());
    };

    let records = store.records_by_key(key)?;
    Ok(records
        .into_iter()
        .filter(|record| record.type_key == type_key)
        .collect())
}

/// `type:key` for each candidate, with its source where two share both.
fn candidate_names(candidates: &[Record]) -> Vec<String> {
    let typed = |record: &Record| format!("{}:{}", record.type_key, record.key);
    candidates
        .iter()
        .map(|record| {
            let twins = candidates
                .iter()
                .filter(|other| typed(other) == typed(record))
                .count();
            if twins > 1 {
                format!("{} (source {})", typed(record), record.source)
            } else {
                typed(record)
            }
        })
        .collect()
}

/// The account a person named, by its key or, ignoring case, its name.
/// Only accounts that own records are known to the store, which is what a
/// new sales process needs anyway.
pub fn resolve_account(store: &dyn Store, account: &str) -> Result<AccountSummary> {
    let wanted = account.trim();
    let accounts = store.accounts()?;
    if let Some(found) = accounts.iter().find(|summary| summary.key == wanted) {
        return Ok(found.clone());
    }

    let lowered = wanted.to_lowercase();
    let mut named: Vec<AccountSummary> = accounts
        .into_iter()
        .filter(|summary| summary.name.to_lowercase() == lowered)
        .collect();
    match named.len() {
        0 => Err(ServiceError::NotFound(format!(
            "account '{wanted}' with records"
        ))),
        1 => Ok(named.remove(0)),
        _ => Err(ServiceError::Ambiguous {
            key: wanted.to_owned(),
            candidates: named.iter().map(|summary| summary.key.clone()).collect(),
        }),
    }
}
