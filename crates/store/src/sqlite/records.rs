//! Reading records, their history, their data edges and the store's counts.

use std::collections::BTreeMap;

use rusqlite::{Connection, params, params_from_iter};
use throughline_model::{Edge, LinkOrigin, Record, RecordEvent, RecordId};

use super::rows::{RECORD_COLUMNS, placeholders, record_from_row, timestamp};
use crate::error::Context;
use crate::{AccountSummary, RecordFilter, Result, StoreCounts};

/// SQLite's limit on bound values is far above this; chunks keep each
/// statement small enough to plan quickly.
const CHUNK: usize = 500;

pub(super) fn accounts(connection: &Connection) -> Result<Vec<AccountSummary>> {
    let mut statement = connection
        .prepare(
            "SELECT owned.account,
                    coalesce((SELECT display_name FROM records a
                              WHERE a.type_key = 'account' AND a.key = owned.account LIMIT 1),
                             owned.account),
                    owned.records,
                    (SELECT count(*) FROM sales_processes p WHERE p.account = owned.account)
             FROM (SELECT account, count(*) AS records FROM records
                   WHERE account IS NOT NULL GROUP BY account) AS owned
             ORDER BY 2",
        )
        .doing("listing accounts")?;
    let rows = statement
        .query_map([], |row| {
            Ok(AccountSummary {
                key: row.get(0)?,
                name: row.get(1)?,
                records: row.get(2)?,
                processes: row.get(3)?,
            })
        })
        .doing("listing accounts")?;
    rows.collect::<Result<_, _>>().doing("listing accounts")
}

pub(super) fn records(connection: &Connection, filter: &RecordFilter) -> Result<Vec<Record>> {
    let sql = format!(
        "SELECT {RECORD_COLUMNS} FROM records
         WHERE (?1 IS NULL OR type_key = ?1) AND (?2 IS NULL OR account = ?2)
         ORDER BY type_key, key LIMIT ?3"
    );
    let limit = filter.limit.map_or(-1, i64::from);
    let mut statement = connection.prepare_cached(&sql).doing("listing records")?;
    let rows = statement
        .query_map(
            params![filter.type_key, filter.account, limit],
            record_from_row,
        )
        .doing("listing records")?;
    rows.collect::<Result<_, _>>().doing("listing records")
}

pub(super) fn records_by_id(connection: &Connection, ids: &[RecordId]) -> Result<Vec<Record>> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM records WHERE id IN ({})",
            placeholders(chunk.len())
        );
        let mut statement = connection.prepare(&sql).doing("reading records")?;
        let rows = statement
            .query_map(
                params_from_iter(chunk.iter().map(|id| id.0)),
                record_from_row,
            )
            .doing("reading records")?;
        for record in rows {
            found.push(record.doing("reading records")?);
        }
    }
    Ok(found)
}

pub(super) fn records_by_key(connection: &Connection, key: &str) -> Result<Vec<Record>> {
    let sql = format!("SELECT {RECORD_COLUMNS} FROM records WHERE key = ?1 ORDER BY type_key");
    let mut statement = connection.prepare_cached(&sql).doing("finding a record")?;
    let rows = statement
        .query_map([key], record_from_row)
        .doing("finding a record")?;
    rows.collect::<Result<_, _>>().doing("finding a record")
}

pub(super) fn records_in_source(
    connection: &Connection,
    source: &str,
    keys: &[String],
) -> Result<Vec<Record>> {
    let mut found = Vec::new();
    for chunk in keys.chunks(CHUNK) {
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM records WHERE source = ? AND key IN ({})",
            placeholders(chunk.len())
        );
        let values = std::iter::once(source).chain(chunk.iter().map(String::as_str));
        let mut statement = connection.prepare(&sql).doing("finding stored records")?;
        let rows = statement
            .query_map(params_from_iter(values), record_from_row)
            .doing("finding stored records")?;
        for record in rows {
            found.push(record.doing("finding stored records")?);
        }
    }
    Ok(found)
}

pub(super) fn record_history(connection: &Connection, id: RecordId) -> Result<Vec<RecordEvent>> {
    let mut statement = connection
        .prepare_cached(
            "SELECT e.key, e.activity, e.time, r.qualifier, e.attributes
             FROM event_records r JOIN events e ON e.id = r.event_id
             WHERE r.record_id = ?1
             ORDER BY e.time_ms, e.id",
        )
        .doing("reading a record's history")?;
    let rows = statement
        .query_map([id.0], |row| {
            let attributes: String = row.get(4)?;
            Ok(RecordEvent {
                event_key: row.get(0)?,
                activity: row.get(1)?,
                time: timestamp(row, 2)?.unwrap_or_else(throughline_model::Timestamp::now),
                qualifier: row.get(3)?,
                attributes: serde_json::from_str::<BTreeMap<String, String>>(&attributes)
                    .unwrap_or_default(),
            })
        })
        .doing("reading a record's history")?;
    rows.collect::<Result<_, _>>()
        .doing("reading a record's history")
}

pub(super) fn child_edges(
    connection: &Connection,
    parents: &[RecordId],
    relationships: &[String],
) -> Result<Vec<Edge>> {
    if relationships.is_empty() {
        return Ok(Vec::new());
    }
    let mut edges = Vec::new();
    for chunk in parents.chunks(CHUNK) {
        edges.extend(child_edges_of_chunk(connection, chunk, relationships)?);
    }
    Ok(edges)
}

fn child_edges_of_chunk(
    connection: &Connection,
    parents: &[RecordId],
    relationships: &[String],
) -> Result<Vec<Edge>> {
    let sql = format!(
        "SELECT l.relationship, p.id, c.id, c.type_key
         FROM records p
         JOIN links l ON l.source = p.source AND l.parent_type = p.type_key
                     AND l.parent_key = p.key
         JOIN records c ON c.source = l.source AND c.type_key = l.child_type
                       AND c.key = l.child_key
         WHERE p.id IN ({}) AND l.relationship IN ({})
         ORDER BY p.id, c.key",
        placeholders(parents.len()),
        placeholders(relationships.len())
    );
    let values = parents
        .iter()
        .map(|id| rusqlite::types::Value::Integer(id.0))
        .chain(
            relationships
                .iter()
                .map(|key| rusqlite::types::Value::Text(key.clone())),
        );
    let mut statement = connection.prepare(&sql).doing("walking links")?;
    let rows = statement
        .query_map(params_from_iter(values), |row| {
            Ok(Edge {
                relationship: row.get(0)?,
                parent: RecordId(row.get(1)?),
                child: RecordId(row.get(2)?),
                child_type: row.get(3)?,
                origin: LinkOrigin::Data,
            })
        })
        .doing("walking links")?;
    rows.collect::<Result<_, _>>().doing("walking links")
}

pub(super) fn counts(connection: &Connection) -> Result<StoreCounts> {
    connection
        .query_row(
            "SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM events),
                    (SELECT count(*) FROM event_records), (SELECT count(*) FROM links),
                    (SELECT count(*) FROM sales_processes)",
            [],
            |row| {
                Ok(StoreCounts {
                    records: row.get(0)?,
                    events: row.get(1)?,
                    event_links: row.get(2)?,
                    links: row.get(3)?,
                    processes: row.get(4)?,
                })
            },
        )
        .doing("counting")
}
