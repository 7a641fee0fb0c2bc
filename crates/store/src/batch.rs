//! What an importer hands the store: records, events and links of one
//! source, named by their keys in that source, never by store ids.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use throughline_model::{BusinessObjectType, Money, Phase, Relationship, Timestamp};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportBatch {
    /// The source system these keys belong to.
    pub source: String,
    /// Custom types the batch needs; saved before its records.
    pub types: Vec<BusinessObjectType>,
    pub relationships: Vec<Relationship>,
    pub records: Vec<NewRecord>,
    pub events: Vec<NewEvent>,
    pub links: Vec<NewLink>,
    /// Relationships, in order, through which a record without an account
    /// takes its parent's. Applied to all the source holds, so a child an
    /// earlier batch brought gets its account when its parent arrives.
    pub account_relationships: Vec<String>,
    /// Fields a child takes from its parent's key through a relationship
    /// (an order line's `order`). Like accounts, applied to all the source
    /// holds, so a child that arrives after its parent still gets them.
    pub reference_fields: Vec<ReferenceField>,
}

/// A field of the child that holds the key of its parent through a
/// relationship.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceField {
    pub relationship: String,
    pub field: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRecord {
    pub type_key: String,
    pub key: String,
    pub account: Option<String>,
    pub display_name: String,
    pub source_status: Option<String>,
    /// When the source status was set; a stored status only gives way to
    /// one at least as recent, so an older file never rolls a record back.
    pub status_time: Option<Timestamp>,
    pub phase: Phase,
    pub amount: Option<Money>,
    pub fields: BTreeMap<String, String>,
    pub first_seen: Option<Timestamp>,
    pub last_changed: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEvent {
    pub key: String,
    pub activity: String,
    pub time: Timestamp,
    pub attributes: BTreeMap<String, String>,
    pub objects: Vec<EventObject>,
}

/// A record an event touched, and in which role. The record is named by
/// its position in the batch's `records`: an event log names its objects a
/// hundred thousand times, and a position costs no lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventObject {
    pub record: usize,
    pub qualifier: String,
}

/// A data link. Its ends are keys, so a child may arrive before its parent:
/// the link waits in the store and shows once both records exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewLink {
    /// The relationship it realises, or empty where the source relates
    /// two records in a way no relationship describes.
    pub relationship: String,
    pub qualifier: String,
    pub parent_type: String,
    pub parent_key: String,
    pub child_type: String,
    pub child_key: String,
    pub quantity: Option<Decimal>,
    pub amount: Option<Money>,
}

/// What an import wrote: rows inserted and rows already there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub records_inserted: u64,
    pub records_updated: u64,
    pub records_unchanged: u64,
    pub events_inserted: u64,
    pub event_links_inserted: u64,
    pub links_inserted: u64,
    /// Records that took their account from a parent.
    pub accounts_inherited: u64,
}
