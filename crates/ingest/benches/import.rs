//! Import benchmark: the order-management log (OCEL 2.0 JSON, gzipped) into
//! a fresh SQLite file through the whole product path (read, map, write,
//! link), against the same rows written with plain prepared INSERTs in one
//! transaction into the same schema: the floor the database itself sets.
//!
//! Run with `cargo bench -p throughline-ingest --bench import`. It prints the
//! best of five runs of each and their ratio, and, where Python has pm4py,
//! the peer tool reading the same file (best of three). The SQL below is the baseline
//! being measured, not product code; the product's SQL lives in the store.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};
use throughline_ingest::ocel::{ReadOptions, read_log};
use throughline_ingest::{ImportOptions, Mapping, convert, import_ocel_file};
use throughline_model::built_in_types;
use throughline_store::{ImportBatch, SqliteStore};

const RUNS: usize = 5;

/// The allocator the `throughline` binary uses, so the bench measures what
/// users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let log = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/ocel2-order-management/order-management.json.gz");
    let folder = tempfile::tempdir().expect("a temporary folder");

    let read = best_of(|| {
        let started = Instant::now();
        read_log(&log, &ReadOptions::default()).expect("the log reads");
        started.elapsed()
    });
    let parsed = read_log(&log, &ReadOptions::default()).expect("the log reads");
    let map = best_of(|| {
        let copy = parsed.clone();
        let started = Instant::now();
        convert(copy, &Mapping::order_management(), &built_in_types()).expect("the log maps");
        started.elapsed()
    });
    let product = best_of(|| import_once(&log, &folder.path().join("product.db")));
    let batch = batch_of(&log);
    let plain = best_of(|| plain_insert_once(&batch, &folder.path().join("plain.db")));

    let rows = batch.records.len()
        + batch.events.len()
        + batch
            .events
            .iter()
            .map(|event| event.objects.len())
            .sum::<usize>()
        + batch.links.len();
    println!("order-management.json.gz, best of {RUNS} runs, {rows} rows");
    println!(
        "  read and parse only          {:>8.3} s",
        read.as_secs_f64()
    );
    println!(
        "  map to records only          {:>8.3} s",
        map.as_secs_f64()
    );
    println!(
        "  throughline import (stored)  {:>8.3} s",
        product.as_secs_f64()
    );
    println!(
        "  plain INSERTs, one tx        {:>8.3} s",
        plain.as_secs_f64()
    );
    println!(
        "  ratio import / plain insert  {:>8.2}",
        product.as_secs_f64() / plain.as_secs_f64()
    );
    match pm4py_read_seconds(&log) {
        Some(pm4py) => {
            println!("  pm4py read_ocel2_json        {pm4py:>8.3} s (in memory, not stored)");
            println!(
                "  ratio import / pm4py read    {:>8.2}",
                product.as_secs_f64() / pm4py
            );
        }
        None => println!("  pm4py: not installed (pip install pm4py), peer run skipped"),
    }
}

/// Runs pm4py on the same file in a child process, if Python has it.
fn pm4py_read_seconds(log: &Path) -> Option<f64> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/pm4py_read.py");
    let output = std::process::Command::new("python3")
        .arg(script)
        .arg(log)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8_lossy(&output.stdout).trim().parse().ok()
}

fn best_of(mut run: impl FnMut() -> Duration) -> Duration {
    (0..RUNS).map(|_| run()).min().unwrap_or_default()
}

/// Both sides start from a fresh file that already holds the schema, so
/// each clock measures the import alone.
fn import_once(log: &Path, database: &Path) -> Duration {
    remove_database(database);
    let store = SqliteStore::open(database).expect("the store opens");
    let started = Instant::now();
    import_ocel_file(&store, log, &ImportOptions::default(), &mut |_| {}).expect("the log imports");
    started.elapsed()
}

fn batch_of(log: &Path) -> ImportBatch {
    let parsed = read_log(log, &ReadOptions::default()).expect("the log reads");
    convert(parsed, &Mapping::order_management(), &built_in_types())
        .expect("the log maps")
        .batch
}

/// The same rows, in the same schema, with nothing but INSERTs: no upsert,
/// no lookups of stored rows, ids taken from the insert order.
fn plain_insert_once(batch: &ImportBatch, database: &Path) -> Duration {
    remove_database(database);
    // The schema comes from the store's own migration, applied by opening it.
    drop(SqliteStore::open(database).expect("the store opens"));
    let started = Instant::now();
    let mut connection = Connection::open(database).expect("the database opens");
    connection
        .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
        .expect("pragmas");
    let transaction = connection.transaction().expect("a transaction");
    insert_rows(&transaction, batch).expect("the rows insert");
    transaction.commit().expect("the commit");
    started.elapsed()
}

fn insert_rows(connection: &Connection, batch: &ImportBatch) -> rusqlite::Result<()> {
    let mut record = connection.prepare(
        "INSERT INTO records (id, source, type_key, key, account, display_name, source_status,
                              status_time_ms, phase, amount, currency, fields, first_seen,
                              last_changed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for (position, row) in batch.records.iter().enumerate() {
        let id = position as i64 + 1;
        record.execute(params![
            id,
            batch.source,
            row.type_key,
            row.key,
            row.account,
            row.display_name,
            row.source_status,
            row.status_time.map(|time| time.unix_millis()),
            row.phase.as_str(),
            row.amount.as_ref().map(|money| money.amount.to_string()),
            row.amount.as_ref().map(|money| money.currency.clone()),
            serde_json::to_string(&row.fields).unwrap_or_default(),
            row.first_seen.map(|time| time.to_string()),
            row.last_changed.map(|time| time.to_string()),
        ])?;
    }

    let mut event = connection.prepare(
        "INSERT INTO events (id, source, key, activity, time, time_ms, attributes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut event_record = connection.prepare(
        "INSERT OR IGNORE INTO event_records (record_id, event_id, qualifier) VALUES (?1, ?2, ?3)",
    )?;
    for (position, row) in batch.events.iter().enumerate() {
        let id = position as i64 + 1;
        event.execute(params![
            id,
            batch.source,
            row.key,
            row.activity,
            row.time.to_string(),
            row.time.unix_millis(),
            serde_json::to_string(&row.attributes).unwrap_or_default(),
        ])?;
        for object in &row.objects {
            let record_id = object.record as i64 + 1;
            event_record.execute(params![record_id, id, object.qualifier])?;
        }
    }

    let mut link = connection.prepare(
        "INSERT OR IGNORE INTO links (source, parent_type, parent_key, relationship, qualifier,
                                      child_type, child_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for row in &batch.links {
        link.execute(params![
            batch.source,
            row.parent_type,
            row.parent_key,
            row.relationship,
            row.qualifier,
            row.child_type,
            row.child_key,
        ])?;
    }
    Ok(())
}

fn remove_database(database: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", database.display()));
    }
}
