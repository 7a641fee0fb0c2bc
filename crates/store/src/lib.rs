//! Persistence for Throughline. The [`Store`] trait is what every other layer
//! sees; [`SqliteStore`] is the embedded backend behind it. This crate is the
//! only place in the workspace that holds SQL.
//!
//! The trait is synchronous: SQLite calls are blocking anyway, imports run on
//! the caller's thread, and the server hands each call to a blocking task.

mod batch;
mod error;
mod map_data;
mod sqlite;

use throughline_model::{
    BusinessObjectGroup, BusinessObjectType, Edge, Override, ProcessNumber, Record, RecordEvent,
    RecordId, Relationship, SalesProcess,
};

pub use batch::{
    EventObject, ImportBatch, ImportReport, NewEvent, NewLink, NewRecord, ReferenceField,
};
pub use error::StoreError;
pub use map_data::StoreMapData;
pub use sqlite::SqliteStore;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which records a listing asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordFilter {
    pub type_key: Option<String>,
    pub account: Option<String>,
    pub limit: Option<u32>,
}

/// An account as listed: its key, its name and how many records it has.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AccountSummary {
    pub key: String,
    pub name: String,
    pub records: u64,
    pub processes: u64,
}

/// How much the store holds; what an import's summary is checked against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct StoreCounts {
    pub records: u64,
    pub events: u64,
    pub event_links: u64,
    pub links: u64,
    pub processes: u64,
}

/// What a new sales process record is made of; the store gives its number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSalesProcess {
    pub title: String,
    pub account: String,
    pub group: String,
    pub owner: String,
    pub roots: Vec<RecordId>,
    pub chosen_children: Vec<RecordId>,
}

pub trait Store: Send + Sync {
    /// The business object types, built-in and custom, in catalog order.
    fn business_object_types(&self) -> Result<Vec<BusinessObjectType>>;
    /// Adds a type or replaces the one with the same key.
    fn save_business_object_type(&self, business_type: &BusinessObjectType) -> Result<()>;
    fn relationships(&self) -> Result<Vec<Relationship>>;
    fn save_relationship(&self, relationship: &Relationship) -> Result<()>;
    fn groups(&self) -> Result<Vec<BusinessObjectGroup>>;
    fn group(&self, key: &str) -> Result<Option<BusinessObjectGroup>>;
    fn save_group(&self, group: &BusinessObjectGroup) -> Result<()>;

    /// Writes one batch in one transaction: records are upserted by
    /// (source, type, key), so the same batch twice changes nothing.
    fn import_batch(&self, batch: &ImportBatch) -> Result<ImportReport>;

    fn accounts(&self) -> Result<Vec<AccountSummary>>;
    fn records(&self, filter: &RecordFilter) -> Result<Vec<Record>>;
    fn records_by_id(&self, ids: &[RecordId]) -> Result<Vec<Record>>;
    /// Records whose external key is `key`, in any source and type.
    fn records_by_key(&self, key: &str) -> Result<Vec<Record>>;
    /// The stored records of one source with any of these keys.
    fn records_in_source(&self, source: &str, keys: &[String]) -> Result<Vec<Record>>;
    /// The events that touched a record, oldest first.
    fn record_history(&self, id: RecordId) -> Result<Vec<RecordEvent>>;
    /// Data edges below `parents` through any of `relationships`.
    fn child_edges(&self, parents: &[RecordId], relationships: &[String]) -> Result<Vec<Edge>>;
    fn counts(&self) -> Result<StoreCounts>;

    fn create_process(&self, process: &NewSalesProcess) -> Result<SalesProcess>;
    fn processes(&self) -> Result<Vec<SalesProcess>>;
    fn process(&self, number: ProcessNumber) -> Result<Option<SalesProcess>>;
    /// Records a manager's override; it is never touched by an import. An
    /// override the same as the record's latest one is not stored again;
    /// returns whether a row was written.
    fn add_override(&self, number: ProcessNumber, entry: Override) -> Result<bool>;
    /// Removes every override of `record` in the process, so the map shows
    /// it where the data puts it; returns how many were removed.
    fn reset_overrides(&self, number: ProcessNumber, record: RecordId) -> Result<u64>;
}
