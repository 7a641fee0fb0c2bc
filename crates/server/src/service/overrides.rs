//! A manager's corrections to a node map: delink, link and move. Each is
//! stored as an override beside the data links, so no re-import undoes it.
//!
//! The records named are not checked against the current map: a delink of a
//! record the map does not show yet keeps it out once the data brings it, and
//! a link under a record off the map stays invisible until that record is on
//! it.

use throughline_model::{Override, ProcessNumber, RecordId, SalesProcess};
use throughline_store::Store;

use super::{Result, ServiceError, get_process, resolve_record};

/// Takes a record, and what hangs only below it, out of the map.
pub fn delink_record(store: &dyn Store, number: ProcessNumber, key: &str) -> Result<SalesProcess> {
    get_process(store, number)?;
    let record = resolve_record(store, key)?;

    apply(store, number, Override::Delink { record: record.id })
}

/// Pulls a record in under `under_key`, beside its data parents.
pub fn link_record(
    store: &dyn Store,
    number: ProcessNumber,
    key: &str,
    under_key: &str,
) -> Result<SalesProcess> {
    let (record, under) = placement(store, number, key, under_key)?;

    apply(store, number, Override::Link { record, under })
}

/// Hangs a record under `under_key` instead of its data parents.
pub fn move_record(
    store: &dyn Store,
    number: ProcessNumber,
    key: &str,
    under_key: &str,
) -> Result<SalesProcess> {
    let (record, under) = placement(store, number, key, under_key)?;

    apply(store, number, Override::Move { record, under })
}

/// The record to place and its new parent; a record never hangs below
/// itself.
fn placement(
    store: &dyn Store,
    number: ProcessNumber,
    key: &str,
    under_key: &str,
) -> Result<(RecordId, RecordId)> {
    get_process(store, number)?;
    let record = resolve_record(store, key)?;
    let under = resolve_record(store, under_key)?;

    if record.id == under.id {
        return Err(ServiceError::Invalid(format!(
            "record '{key}' cannot be placed under itself"
        )));
    }
    Ok((record.id, under.id))
}

fn apply(store: &dyn Store, number: ProcessNumber, entry: Override) -> Result<SalesProcess> {
    store.add_override(number, entry)?;
    tracing::info!(process = %number, ?entry, "override recorded");

    get_process(store, number)
}
