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

/// The records a listing asks for. A type the catalog does not have, or an
/// account nobody has, is an error rather than an empty list, which would
/// read as "no data yet". The account is named as opening a process names
/// it: by key or, ignoring case, by name.
pub fn list_records(store: &dyn Store, filter: &RecordFilter) -> Result<Vec<Record>> {
    if let Some(type_key) = &filter.type_key {
        check_type_exists(store, type_key)?;
    }
    let account = match &filter.account {
        Some(account) => Some(resolve_account(store, account)?.key),
        None => None,
    };

    let filter = RecordFilter {
        account,
        ..filter.clone()
    };
    Ok(store.records(&filter)?)
}

fn check_type_exists(store: &dyn Store, type_key: &str) -> Result<()> {
    let types = store.business_object_types()?;
    if types.iter().any(|kind| kind.key == type_key) {
        return Ok(());
    }
    Err(ServiceError::NotFound(format!(
        "business object type '{type_key}' (`throughline types` and /api/v1/types list them)"
    )))
}

/// A record and its history. `reference` is a store id when it is all
/// digits, and otherwise any name [`resolve_record`] reads; a numeric
/// external key is therefore written `TYPE:KEY`.
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

/// The one record a person names. Three forms are read, the most
/// qualified first, and the first that names any record wins:
///
/// - `SOURCE:TYPE:KEY` (`erp:order:o-1`), for the same type and key in two
///   source systems;
/// - `TYPE:KEY` (`invoice:90000001`), for the same key in two types, as
///   document numbers of two systems often are;
/// - `KEY` alone.
///
/// Trying the longer forms first, and falling back when they name nothing,
/// keeps a key that itself holds colons working in every form. When the
/// winning form still names several records, the error lists each in the
/// shortest form that picks it alone, ready to be copied.
pub fn resolve_record(store: &dyn Store, text: &str) -> Result<Record> {
    let text = text.trim();
    let mut candidates = Vec::new();
    for reading in readings(text) {
        candidates = reading.matches(store)?;
        if !candidates.is_empty() {
            break;
        }
    }

    match candidates.len() {
        0 => Err(ServiceError::NotFound(format!("record '{text}'"))),
        1 => Ok(candidates.remove(0)),
        _ => Err(ServiceError::Ambiguous {
            key: text.to_owned(),
            candidates: candidate_names(&candidates),
        }),
    }
}

/// One way to read the name of a record.
#[derive(Debug)]
struct Reading<'a> {
    source: Option<&'a str>,
    type_key: Option<&'a str>,
    key: &'a str,
}

impl Reading<'_> {
    fn matches(&self, store: &dyn Store) -> Result<Vec<Record>> {
        let records = store.records_by_key(self.key)?;
        Ok(records
            .into_iter()
            .filter(|record| self.source.is_none_or(|source| record.source == source))
            .filter(|record| self.type_key.is_none_or(|kind| record.type_key == kind))
            .collect())
    }
}

/// The readings of `text`, the most qualified first.
fn readings(text: &str) -> Vec<Reading<'_>> {
    let mut readings = Vec::with_capacity(3);
    if let Some((first, rest)) = text.split_once(':') {
        if let Some((type_key, key)) = rest.split_once(':') {
            readings.push(Reading {
                source: Some(first),
                type_key: Some(type_key),
                key,
            });
        }
        readings.push(Reading {
            source: None,
            type_key: Some(first),
            key: rest,
        });
    }
    readings.push(Reading {
        source: None,
        type_key: None,
        key: text,
    });
    readings
}

/// `type:key` for each candidate, or `source:type:key` where two share the
/// type and the key: each is a name [`resolve_record`] reads as that one
/// record.
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
                format!("{}:{}", record.source, typed(record))
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
