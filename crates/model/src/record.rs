//! Records: one business object from one source system, keyed by
//! (source, type, external key), with its status, phase, amount and fields.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::business_object_type::Phase;
use crate::money::Money;
use crate::timestamp::Timestamp;

/// The store's identifier of a record; stable across re-imports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(pub i64);

impl fmt::Display for RecordId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(formatter)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub id: RecordId,
    pub source: String,
    #[serde(rename = "type")]
    pub type_key: String,
    pub key: String,
    /// The key of the account record this record belongs to, if known.
    pub account: Option<String>,
    pub display_name: String,
    pub source_status: Option<String>,
    pub phase: Phase,
    pub amount: Option<Money>,
    /// Latest value of each field, as exact text.
    pub fields: BTreeMap<String, String>,
    /// First and last time the source saw the record change.
    pub first_seen: Option<Timestamp>,
    pub last_changed: Option<Timestamp>,
}

/// One step of a record's history: an event that touched it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordEvent {
    pub event_key: String,
    pub activity: String,
    pub time: Timestamp,
    /// The record's role in the event ("order", "item").
    pub qualifier: String,
    pub attributes: BTreeMap<String, String>,
}

/// Where a link came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkOrigin {
    /// Derived from a reference in the source data.
    Data,
    /// Drawn by a manager.
    Manual,
}

/// A parent → child link through a relationship, as the map walk sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    pub relationship: String,
    pub parent: RecordId,
    pub child: RecordId,
    /// The child's business object type, so a map can count what lies
    /// past its last level without reading those records.
    pub child_type: String,
    pub origin: LinkOrigin,
}
