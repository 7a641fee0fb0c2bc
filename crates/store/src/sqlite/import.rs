//! Writing an import batch: one transaction, records upserted by
//! (source, type, key), events by (source, key), links and event links
//! inserted once. The same batch twice changes nothing.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, Transaction, params};
use throughline_model::RecordId;

use super::catalog;
use super::record_row::RecordRow;
use super::rows::fields_json;
use crate::error::Context;
use crate::{ImportBatch, ImportReport, NewRecord, Result, StoreError};

pub(super) fn import_batch(
    connection: &mut Connection,
    batch: &ImportBatch,
) -> Result<ImportReport> {
    let transaction = connection.transaction().doing("starting an import")?;
    let mut report = ImportReport::default();

    save_catalog(&transaction, batch)?;
    let record_ids = write_records(&transaction, batch, &mut report)?;
    let event_ids = write_events(&transaction, batch, &mut report)?;
    write_event_records(&transaction, batch, &record_ids, &event_ids, &mut report)?;
    write_links(&transaction, batch, &mut report)?;
    inherit_accounts(&transaction, batch, &mut report)?;
    inherit_reference_fields(&transaction, batch)?;

    transaction.commit().doing("committing an import")?;
    Ok(report)
}

fn save_catalog(transaction: &Transaction<'_>, batch: &ImportBatch) -> Result<()> {
    for business_type in &batch.types {
        catalog::save_business_object_type(transaction, business_type)?;
    }
    for relationship in &batch.relationships {
        catalog::save_relationship(transaction, relationship)?;
    }
    Ok(())
}

/// Inserts new records and updates changed ones. Existing rows are read
/// first so that an unchanged record is not written at all, and so that a
/// stored status only gives way to a newer one.
/// Returns the ids of the batch's records, in the batch's order.
fn write_records(
    transaction: &Transaction<'_>,
    batch: &ImportBatch,
    report: &mut ImportReport,
) -> Result<Vec<RecordId>> {
    let existing = existing_records(transaction, &batch.source)?;
    let mut ids = Vec::with_capacity(batch.records.len());
    for record in &batch.records {
        let stored = existing
            .get(&record.type_key)
            .and_then(|by_key| by_key.get(&record.key));
        let id = match stored {
            Some(stored) => update_record(transaction, stored, record, report)?,
            None => insert_record(transaction, &batch.source, record, report)?,
        };
        ids.push(id);
    }
    Ok(ids)
}

fn insert_record(
    transaction: &Transaction<'_>,
    source: &str,
    record: &NewRecord,
    report: &mut ImportReport,
) -> Result<RecordId> {
    let row = RecordRow::from_new(record);
    transaction
        .prepare_cached(
            "INSERT INTO records (source, type_key, key, account, display_name, source_status,
                                  status_time_ms, phase, amount, currency, fields, first_seen,
                                  last_changed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )
        .doing("inserting records")?
        .execute(params![
            source,
            record.type_key,
            record.key,
            row.account,
            row.display_name,
            row.source_status,
            row.status_time_ms,
            row.phase,
            row.amount,
            row.currency,
            row.fields,
            row.first_seen,
            row.last_changed
        ])
        .doing("inserting records")?;
    report.records_inserted += 1;
    Ok(RecordId(transaction.last_insert_rowid()))
}

/// Stored records of the source, by type and then key.
fn existing_records(
    transaction: &Transaction<'_>,
    source: &str,
) -> Result<HashMap<String, HashMap<String, RecordRow>>> {
    let mut statement = transaction
        .prepare(
            "SELECT type_key, key, id, account, display_name, source_status, status_time_ms,
                    phase, amount, currency, fields, first_seen, last_changed
             FROM records WHERE source = ?1",
        )
        .doing("reading stored records")?;
    // Raw columns, not parsed values: the comparison is on stored text, so
    // nothing is rewritten by a round trip, and nothing is parsed twice.
    let rows = statement
        .query_map([source], |row| {
            let stored = RecordRow {
                id: RecordId(row.get(2)?),
                account: row.get(3)?,
                display_name: row.get(4)?,
                source_status: row.get(5)?,
                status_time_ms: row.get(6)?,
                phase: row.get(7)?,
                amount: row.get(8)?,
                currency: row.get(9)?,
                fields: row.get(10)?,
                first_seen: row.get(11)?,
                last_changed: row.get(12)?,
            };
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, stored))
        })
        .doing("reading stored records")?;
    let mut existing: HashMap<String, HashMap<String, RecordRow>> = HashMap::new();
    for row in rows {
        let (type_key, key, stored) = row.doing("reading stored records")?;
        existing.entry(type_key).or_default().insert(key, stored);
    }
    Ok(existing)
}

fn update_record(
    transaction: &Transaction<'_>,
    stored: &RecordRow,
    record: &NewRecord,
    report: &mut ImportReport,
) -> Result<RecordId> {
    let merged = stored.merged_with(record);
    if merged == *stored {
        report.records_unchanged += 1;
        return Ok(stored.id);
    }
    transaction
        .prepare_cached(
            "UPDATE records SET account = ?2, display_name = ?3, source_status = ?4,
                    status_time_ms = ?5, phase = ?6, amount = ?7, currency = ?8, fields = ?9,
                    first_seen = ?10, last_changed = ?11
             WHERE id = ?1",
        )
        .doing("updating records")?
        .execute(params![
            stored.id.0,
            merged.account,
            merged.display_name,
            merged.source_status,
            merged.status_time_ms,
            merged.phase,
            merged.amount,
            merged.currency,
            merged.fields,
            merged.first_seen,
            merged.last_changed
        ])
        .doing("updating records")?;
    report.records_updated += 1;
    Ok(stored.id)
}

/// Inserts the events not yet stored. An event is a fact that happened:
/// once stored it is not rewritten by a later file.
fn write_events(
    transaction: &Transaction<'_>,
    batch: &ImportBatch,
    report: &mut ImportReport,
) -> Result<HashMap<String, i64>> {
    let mut ids = existing_events(transaction, &batch.source)?;
    let mut insert = transaction
        .prepare_cached(
            "INSERT INTO events (source, key, activity, time, time_ms, attributes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .doing("inserting events")?;
    for event in &batch.events {
        if ids.contains_key(&event.key) {
            continue;
        }
        insert
            .execute(params![
                batch.source,
                event.key,
                event.activity,
                event.time.to_string(),
                event.time.unix_millis(),
                fields_json(&event.attributes)
            ])
            .doing("inserting events")?;
        ids.insert(event.key.clone(), transaction.last_insert_rowid());
        report.events_inserted += 1;
    }
    Ok(ids)
}

fn existing_events(transaction: &Transaction<'_>, source: &str) -> Result<HashMap<String, i64>> {
    let mut statement = transaction
        .prepare("SELECT key, id FROM events WHERE source = ?1")
        .doing("reading stored events")?;
    let rows = statement
        .query_map([source], |row| Ok((row.get(0)?, row.get(1)?)))
        .doing("reading stored events")?;
    rows.collect::<Result<_, _>>()
        .doing("reading stored events")
}

/// Which records each event touched.
fn write_event_records(
    transaction: &Transaction<'_>,
    batch: &ImportBatch,
    record_ids: &[RecordId],
    event_ids: &HashMap<String, i64>,
    report: &mut ImportReport,
) -> Result<()> {
    let mut insert = transaction
        .prepare_cached(
            "INSERT OR IGNORE INTO event_records (record_id, event_id, qualifier)
             VALUES (?1, ?2, ?3)",
        )
        .doing("linking events to records")?;
    for event in &batch.events {
        let event_id = event_ids[&event.key];
        for object in &event.objects {
            let Some(record_id) = record_ids.get(object.record) else {
                return Err(StoreError::Invalid(format!(
                    "event {} names record {} of a batch of {}",
                    event.key,
                    object.record,
                    record_ids.len()
                )));
            };
            let inserted = insert
                .execute(params![record_id.0, event_id, object.qualifier])
                .doing("linking events to records")?;
            report.event_links_inserted += inserted as u64;
        }
    }
    Ok(())
}

fn write_links(
    transaction: &Transaction<'_>,
    batch: &ImportBatch,
    report: &mut ImportReport,
) -> Result<()> {
    let mut insert = transaction
        .prepare_cached(
            "INSERT OR IGNORE INTO links (source, parent_type, parent_key, relationship,
                                          qualifier, child_type, child_key, quantity, amount,
                                          currency)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )
        .doing("inserting links")?;
    for link in &batch.links {
        let inserted = insert
            .execute(params![
                batch.source,
                link.parent_type,
                link.parent_key,
                link.relationship,
                link.qualifier,
                link.child_type,
                link.child_key,
                link.quantity.map(|quantity| quantity.to_string()),
                link.amount.as_ref().map(|money| money.amount.to_string()),
                link.amount.as_ref().map(|money| money.currency.clone())
            ])
            .doing("inserting links")?;
        report.links_inserted += inserted as u64;
    }
    Ok(())
}

/// Hands accounts down the batch's account relationships, in order, to
/// every record of the source that has none, whichever batch brought it.
fn inherit_accounts(
    transaction: &Transaction<'_>,
    batch: &ImportBatch,
    report: &mut ImportReport,
) -> Result<()> {
    let mut inherit = transaction
        .prepare_cached(
            "UPDATE records SET account = parent.account
             FROM links AS l
             JOIN records AS parent ON parent.source = l.source
                                   AND parent.type_key = l.parent_type
                                   AND parent.key = l.parent_key
             WHERE records.source = ?1 AND records.account IS NULL
               AND l.source = records.source AND l.relationship = ?2
               AND l.child_type = records.type_key AND l.child_key = records.key
               AND parent.account IS NOT NULL",
        )
        .doing("handing accounts down")?;
    for relationship in &batch.account_relationships {
        let changed = inherit
            .execute(params![batch.source, relationship])
            .doing("handing accounts down")?;
        report.accounts_inherited += changed as u64;
    }
    Ok(())
}

/// Writes the parent's key into each child of the source that lacks the
/// reference field, whichever batch brought the child or the link.
fn inherit_reference_fields(transaction: &Transaction<'_>, batch: &ImportBatch) -> Result<()> {
    for reference in &batch.reference_fields {
        let path = json_path(&reference.field);
        let missing = children_missing(transaction, &batch.source, &reference.relationship, &path)?;
        let mut update = transaction
            .prepare_cached("UPDATE records SET fields = ?2 WHERE id = ?1")
            .doing("filling reference fields")?;
        for (id, fields_text, parent_key) in missing {
            let mut fields: BTreeMap<String, String> =
                serde_json::from_str(&fields_text).unwrap_or_default();
            fields.insert(reference.field.clone(), parent_key);
            update
                .execute(params![id, fields_json(&fields)])
                .doing("filling reference fields")?;
        }
    }
    Ok(())
}

/// Children through `relationship` whose fields lack the one at `path`,
/// with their parent's key: (id, fields, parent key).
fn children_missing(
    transaction: &Transaction<'_>,
    source: &str,
    relationship: &str,
    path: &str,
) -> Result<Vec<(i64, String, String)>> {
    let mut select = transaction
        .prepare_cached(
            "SELECT records.id, records.fields, l.parent_key
             FROM records JOIN links AS l
               ON l.source = records.source AND l.child_type = records.type_key
              AND l.child_key = records.key
             WHERE records.source = ?1 AND l.relationship = ?2
               AND json_extract(records.fields, ?3) IS NULL",
        )
        .doing("finding reference fields to fill")?;
    let rows = select
        .query_map(params![source, relationship, path], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .doing("finding reference fields to fill")?;
    rows.collect::<Result<_, _>>()
        .doing("finding reference fields to fill")
}

/// A JSON path naming one member, quoted so any field name is safe.
fn json_path(field: &str) -> String {
    format!("$.\"{}\"", field.replace('\\', "\\\\").replace('"', "\\\""))
}
