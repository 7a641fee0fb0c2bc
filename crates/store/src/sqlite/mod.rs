//! The embedded backend: one SQLite file, opened, migrated and seeded with
//! the built-in catalog on first use.
//!
//! One connection behind a mutex serves every call. SQLite writes one
//! transaction at a time anyway; a pool of readers is the next step once a
//! team's dashboards make reads queue behind an import.

mod catalog;
mod import;
mod processes;
mod record_row;
mod records;
mod rows;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;
use throughline_model::{
    BusinessObjectGroup, BusinessObjectType, Edge, Override, ProcessNumber, Record, RecordEvent,
    RecordId, Relationship, SalesProcess,
};

use crate::error::Context;
use crate::{
    AccountSummary, ImportBatch, ImportReport, NewSalesProcess, RecordFilter, Result, Store,
    StoreCounts, StoreError,
};

/// The migrations, in order; a database records how many it has applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/sqlite/0001_initial.sql"),
    include_str!("../../migrations/sqlite/0002_links_by_child.sql"),
];

pub struct SqliteStore {
    connection: Mutex<Connection>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("SqliteStore")
    }
}

impl SqliteStore {
    /// Opens the database at `path`, creating and migrating it as needed.
    pub fn open(path: &Path) -> Result<Self> {
        let shown = path.display().to_string();
        let connection = Connection::open(path).map_err(|source| StoreError::Open {
            path: shown.clone(),
            source,
        })?;
        Self::prepare(connection, &shown)
    }

    /// A private database that lives as long as the value; for tests.
    pub fn open_in_memory() -> Result<Self> {
        let connection = Connection::open_in_memory().doing("opening an in-memory database")?;
        Self::prepare(connection, ":memory:")
    }

    fn prepare(mut connection: Connection, shown: &str) -> Result<Self> {
        configure(&connection)?;
        let applied = migrate(&mut connection, shown)?;
        if applied.contains(&1) {
            catalog::seed(&mut connection)?;
        }
        Ok(Self {
            connection: Mutex::new(connection),
        })
    }

    /// The connection; a panic in another call cannot corrupt SQLite's own
    /// state, so a poisoned lock is taken over rather than propagated.
    fn connection(&self) -> MutexGuard<'_, Connection> {
        self.connection
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn configure(connection: &Connection) -> Result<()> {
    // WAL lets readers go on while an import writes; NORMAL sync is safe
    // under WAL and keeps bulk imports fast. Foreign keys stay unenforced:
    // every id written is one this crate just read or inserted in the same
    // transaction, and checking 150,000 event links again costs a fifth of
    // an import. The REFERENCES clauses document the schema.
    connection
        .execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = OFF;
             PRAGMA busy_timeout = 5000;",
        )
        .doing("configuring the connection")
}

/// Applies the migrations the database lacks; returns their numbers.
fn migrate(connection: &mut Connection, shown: &str) -> Result<Vec<i64>> {
    let found: i64 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .doing("reading the schema version")?;
    let known = MIGRATIONS.len() as i64;
    if found > known {
        return Err(StoreError::NewerSchema {
            path: shown.to_owned(),
            found,
            known,
        });
    }

    let mut applied = Vec::new();
    for (index, script) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = index as i64 + 1;
        let transaction = connection.transaction().doing("starting a migration")?;
        transaction
            .execute_batch(script)
            .doing("applying a migration")?;
        transaction
            .pragma_update(None, "user_version", version)
            .doing("recording the schema version")?;
        transaction.commit().doing("committing a migration")?;
        applied.push(version);
    }
    Ok(applied)
}

impl Store for SqliteStore {
    fn business_object_types(&self) -> Result<Vec<BusinessObjectType>> {
        catalog::business_object_types(&self.connection())
    }

    fn save_business_object_type(&self, business_type: &BusinessObjectType) -> Result<()> {
        catalog::save_business_object_type(&self.connection(), business_type)
    }

    fn relationships(&self) -> Result<Vec<Relationship>> {
        catalog::relationships(&self.connection())
    }

    fn save_relationship(&self, relationship: &Relationship) -> Result<()> {
        catalog::save_relationship(&self.connection(), relationship)
    }

    fn groups(&self) -> Result<Vec<BusinessObjectGroup>> {
        catalog::groups(&self.connection())
    }

    fn group(&self, key: &str) -> Result<Option<BusinessObjectGroup>> {
        catalog::group(&self.connection(), key)
    }

    fn save_group(&self, group: &BusinessObjectGroup) -> Result<()> {
        catalog::save_group(&self.connection(), group)
    }

    fn import_batch(&self, batch: &ImportBatch) -> Result<ImportReport> {
        import::import_batch(&mut self.connection(), batch)
    }

    fn accounts(&self) -> Result<Vec<AccountSummary>> {
        records::accounts(&self.connection())
    }

    fn records(&self, filter: &RecordFilter) -> Result<Vec<Record>> {
        records::records(&self.connection(), filter)
    }

    fn records_by_id(&self, ids: &[RecordId]) -> Result<Vec<Record>> {
        records::records_by_id(&self.connection(), ids)
    }

    fn records_by_key(&self, key: &str) -> Result<Vec<Record>> {
        records::records_by_key(&self.connection(), key)
    }

    fn records_in_source(&self, source: &str, keys: &[String]) -> Result<Vec<Record>> {
        records::records_in_source(&self.connection(), source, keys)
    }

    fn record_history(&self, id: RecordId) -> Result<Vec<RecordEvent>> {
        records::record_history(&self.connection(), id)
    }

    fn child_edges(&self, parents: &[RecordId], relationships: &[String]) -> Result<Vec<Edge>> {
        records::child_edges(&self.connection(), parents, relationships)
    }

    fn counts(&self) -> Result<StoreCounts> {
        records::counts(&self.connection())
    }

    fn create_process(&self, process: &NewSalesProcess) -> Result<SalesProcess> {
        processes::create_process(&mut self.connection(), process)
    }

    fn processes(&self) -> Result<Vec<SalesProcess>> {
        processes::processes(&self.connection())
    }

    fn process(&self, number: ProcessNumber) -> Result<Option<SalesProcess>> {
        processes::process(&self.connection(), number)
    }

    fn add_override(&self, number: ProcessNumber, entry: Override) -> Result<bool> {
        processes::add_override(&mut self.connection(), number, entry)
    }

    fn reset_overrides(&self, number: ProcessNumber, record: RecordId) -> Result<u64> {
        processes::reset_overrides(&mut self.connection(), number, record)
    }
}
