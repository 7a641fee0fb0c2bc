//! Sales process records: their header row, their chosen records and the
//! manager's overrides.

use rusqlite::{Connection, OptionalExtension, Row, params};
use throughline_model::{Override, ProcessNumber, ProcessState, RecordId, SalesProcess, Timestamp};

use super::rows::{corrupt, timestamp};
use crate::error::Context;
use crate::{NewSalesProcess, Result, StoreError};

const PROCESS_COLUMNS: &str = "number, title, account, group_key, owner, state, created_at";

pub(super) fn create_process(
    connection: &mut Connection,
    process: &NewSalesProcess,
) -> Result<SalesProcess> {
    let transaction = connection.transaction().doing("creating a sales process")?;
    let created_at = Timestamp::now();
    transaction
        .execute(
            "INSERT INTO sales_processes (number, title, account, group_key, owner, state,
                                          created_at)
             VALUES ((SELECT coalesce(max(number), 0) + 1 FROM sales_processes),
                     ?1, ?2, ?3, ?4, 'open', ?5)",
            params![
                process.title,
                process.account,
                process.group,
                process.owner,
                created_at.to_string()
            ],
        )
        .doing("creating a sales process")?;
    let number = transaction.last_insert_rowid();

    let mut insert = transaction
        .prepare(
            "INSERT INTO sales_process_records (process_number, record_id, role, position)
             VALUES (?1, ?2, ?3, ?4)",
        )
        .doing("choosing a sales process's records")?;
    let chosen = [
        ("root", &process.roots),
        ("chosen_child", &process.chosen_children),
    ];
    for (role, records) in chosen {
        for (position, record) in records.iter().enumerate() {
            insert
                .execute(params![number, record.0, role, position as i64])
                .doing("choosing a sales process's records")?;
        }
    }
    drop(insert);
    transaction.commit().doing("creating a sales process")?;

    let number = ProcessNumber(number as u32);
    process_by_number(connection, number)?.ok_or(StoreError::ProcessNotFound(number))
}

pub(super) fn processes(connection: &Connection) -> Result<Vec<SalesProcess>> {
    let sql = format!("SELECT {PROCESS_COLUMNS} FROM sales_processes ORDER BY number");
    let mut statement = connection.prepare(&sql).doing("listing sales processes")?;
    let headers = statement
        .query_map([], process_from_row)
        .doing("listing sales processes")?
        .collect::<Result<Vec<_>, _>>()
        .doing("listing sales processes")?;
    headers
        .into_iter()
        .map(|header| with_records(connection, header))
        .collect()
}

pub(super) fn process(
    connection: &Connection,
    number: ProcessNumber,
) -> Result<Option<SalesProcess>> {
    process_by_number(connection, number)
}

fn process_by_number(
    connection: &Connection,
    number: ProcessNumber,
) -> Result<Option<SalesProcess>> {
    let sql = format!("SELECT {PROCESS_COLUMNS} FROM sales_processes WHERE number = ?1");
    let header = connection
        .query_row(&sql, [number.0], process_from_row)
        .optional()
        .doing("reading a sales process")?;
    header
        .map(|header| with_records(connection, header))
        .transpose()
}

/// A process's header row; its records and overrides are read after.
fn process_from_row(row: &Row<'_>) -> rusqlite::Result<SalesProcess> {
    let state_text: String = row.get(5)?;
    let state = ProcessState::parse(&state_text).ok_or_else(|| corrupt(5, "state", &state_text))?;
    let created_at = timestamp(row, 6)?.ok_or_else(|| corrupt(6, "created_at", ""))?;
    Ok(SalesProcess {
        number: ProcessNumber(row.get(0)?),
        title: row.get(1)?,
        account: row.get(2)?,
        group: row.get(3)?,
        owner: row.get(4)?,
        state,
        roots: Vec::new(),
        chosen_children: Vec::new(),
        overrides: Vec::new(),
        created_at,
    })
}

fn with_records(connection: &Connection, mut process: SalesProcess) -> Result<SalesProcess> {
    let mut statement = connection
        .prepare_cached(
            "SELECT role, record_id FROM sales_process_records
             WHERE process_number = ?1 ORDER BY role, position",
        )
        .doing("reading a sales process's records")?;
    let rows = statement
        .query_map([process.number.0], |row| {
            Ok((row.get::<_, String>(0)?, RecordId(row.get(1)?)))
        })
        .doing("reading a sales process's records")?;
    for row in rows {
        let (role, record) = row.doing("reading a sales process's records")?;
        match role.as_str() {
            "root" => process.roots.push(record),
            _ => process.chosen_children.push(record),
        }
    }
    process.overrides = overrides(connection, process.number)?;
    Ok(process)
}

fn overrides(connection: &Connection, number: ProcessNumber) -> Result<Vec<Override>> {
    let mut statement = connection
        .prepare_cached(
            "SELECT kind, record_id, under_id FROM sales_process_overrides
             WHERE process_number = ?1 ORDER BY sequence",
        )
        .doing("reading overrides")?;
    let rows = statement
        .query_map([number.0], |row| {
            let kind: String = row.get(0)?;
            let record = RecordId(row.get(1)?);
            let under: Option<i64> = row.get(2)?;
            override_from_columns(&kind, record, under.map(RecordId))
                .ok_or_else(|| corrupt(0, "override", &kind))
        })
        .doing("reading overrides")?;
    rows.collect::<Result<_, _>>().doing("reading overrides")
}

fn override_from_columns(
    kind: &str,
    record: RecordId,
    under: Option<RecordId>,
) -> Option<Override> {
    match (kind, under) {
        ("delink", _) => Some(Override::Delink { record }),
        ("link", Some(under)) => Some(Override::Link { record, under }),
        ("move", Some(under)) => Some(Override::Move { record, under }),
        _ => None,
    }
}

/// Appends an override unless it repeats the record's latest one: a
/// manager clicking "delink" twice means it once, and a second row would
/// only make the history longer to read and to undo.
pub(super) fn add_override(
    connection: &mut Connection,
    number: ProcessNumber,
    entry: Override,
) -> Result<bool> {
    let transaction = connection.transaction().doing("saving an override")?;
    check_process_exists(&transaction, number, "saving an override")?;
    if latest_override(&transaction, number, entry.record())? == Some(entry) {
        return Ok(false);
    }

    let (kind, record, under) = override_columns(entry);
    transaction
        .execute(
            "INSERT INTO sales_process_overrides (process_number, sequence, kind, record_id,
                                                   under_id, created_at)
             VALUES (?1, (SELECT coalesce(max(sequence), 0) + 1 FROM sales_process_overrides
                          WHERE process_number = ?1), ?2, ?3, ?4, ?5)",
            params![
                number.0,
                kind,
                record.0,
                under.map(|id| id.0),
                Timestamp::now().to_string()
            ],
        )
        .doing("saving an override")?;
    transaction.commit().doing("saving an override")?;
    Ok(true)
}

/// Deletes every override of `record` in the process. The remaining rows
/// keep their sequence numbers: only their order matters, not that they
/// are consecutive.
pub(super) fn reset_overrides(
    connection: &mut Connection,
    number: ProcessNumber,
    record: RecordId,
) -> Result<u64> {
    let transaction = connection.transaction().doing("resetting overrides")?;
    check_process_exists(&transaction, number, "resetting overrides")?;

    let removed = transaction
        .execute(
            "DELETE FROM sales_process_overrides WHERE process_number = ?1 AND record_id = ?2",
            params![number.0, record.0],
        )
        .doing("resetting overrides")?;
    transaction.commit().doing("resetting overrides")?;
    Ok(removed as u64)
}

fn check_process_exists(
    connection: &Connection,
    number: ProcessNumber,
    action: &'static str,
) -> Result<()> {
    let exists: bool = connection
        .query_row(
            "SELECT count(*) FROM sales_processes WHERE number = ?1",
            [number.0],
            |row| row.get::<_, i64>(0).map(|count| count > 0),
        )
        .doing(action)?;
    if exists {
        Ok(())
    } else {
        Err(StoreError::ProcessNotFound(number))
    }
}

/// The override in force for `record`: the last one made.
fn latest_override(
    connection: &Connection,
    number: ProcessNumber,
    record: RecordId,
) -> Result<Option<Override>> {
    let row = connection
        .query_row(
            "SELECT kind, under_id FROM sales_process_overrides
             WHERE process_number = ?1 AND record_id = ?2
             ORDER BY sequence DESC LIMIT 1",
            params![number.0, record.0],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<i64>>(1)?)),
        )
        .optional()
        .doing("reading an override")?;
    Ok(row.and_then(|(kind, under)| override_from_columns(&kind, record, under.map(RecordId))))
}

fn override_columns(entry: Override) -> (&'static str, RecordId, Option<RecordId>) {
    match entry {
        Override::Delink { record } => ("delink", record, None),
        Override::Link { record, under } => ("link", record, Some(under)),
        Override::Move { record, under } => ("move", record, Some(under)),
    }
}
