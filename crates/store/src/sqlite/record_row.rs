//! A record as its columns hold it, and how a stored row and a newly
//! imported record merge, so that files may arrive in any order.

use std::collections::BTreeMap;

use throughline_model::{RecordId, Timestamp};

use super::rows::fields_json;
use crate::NewRecord;

/// A record as its columns hold it, to compare a stored row with a new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct RecordRow {
    pub(super) id: RecordId,
    pub(super) account: Option<String>,
    pub(super) display_name: String,
    pub(super) source_status: Option<String>,
    pub(super) status_time_ms: Option<i64>,
    pub(super) phase: String,
    pub(super) amount: Option<String>,
    pub(super) currency: Option<String>,
    pub(super) fields: String,
    pub(super) first_seen: Option<String>,
    pub(super) last_changed: Option<String>,
}

impl RecordRow {
    pub(super) fn from_new(record: &NewRecord) -> Self {
        Self {
            id: RecordId(0),
            account: record.account.clone(),
            display_name: record.display_name.clone(),
            source_status: record.source_status.clone(),
            status_time_ms: record.status_time.map(|time| time.unix_millis()),
            phase: record.phase.as_str().to_owned(),
            amount: record.amount.as_ref().map(|money| money.amount.to_string()),
            currency: record.amount.as_ref().map(|money| money.currency.clone()),
            fields: fields_json(&record.fields),
            first_seen: record.first_seen.map(|time| time.to_string()),
            last_changed: record.last_changed.map(|time| time.to_string()),
        }
    }

    /// The stored row with what the new record brings. Files may come in
    /// any order and each may hold only part of a record's life, so: its
    /// status only if at least as recent as the stored one; its account only
    /// if it has one; its fields added to the stored ones, winning where
    /// both have a value unless the file's view of the record is older; the
    /// first and last times seen widened, never narrowed.
    pub(super) fn merged_with(&self, record: &NewRecord) -> Self {
        let mut merged = Self::from_new(record);
        merged.id = self.id;
        if merged.account.is_none() {
            merged.account.clone_from(&self.account);
        }
        self.keep_newer_status(&mut merged);

        let newer_view = match (record.last_changed, self.last_changed_time()) {
            (Some(new), Some(stored)) => new >= stored,
            _ => true,
        };
        merged.fields = self.merged_fields(&record.fields, newer_view);
        if !newer_view {
            merged.display_name.clone_from(&self.display_name);
        }
        // A value the file leaves out never erases a stored one: a file may
        // name a record without its attributes.
        if !newer_view || merged.amount.is_none() {
            merged.amount.clone_from(&self.amount);
            merged.currency.clone_from(&self.currency);
        }
        merged.first_seen = earliest(&self.first_seen, &merged.first_seen);
        merged.last_changed = latest(&self.last_changed, &merged.last_changed);
        merged
    }

    fn keep_newer_status(&self, merged: &mut Self) {
        let newer_status = match (merged.status_time_ms, self.status_time_ms) {
            (Some(new), Some(stored)) => new >= stored,
            (new, _) => new.is_some() || self.status_time_ms.is_none(),
        };
        if !newer_status {
            merged.source_status.clone_from(&self.source_status);
            merged.status_time_ms = self.status_time_ms;
            merged.phase.clone_from(&self.phase);
        }
    }

    fn merged_fields(&self, new: &BTreeMap<String, String>, newer_view: bool) -> String {
        let mut fields: BTreeMap<String, String> =
            serde_json::from_str(&self.fields).unwrap_or_default();
        for (name, value) in new {
            if newer_view || !fields.contains_key(name) {
                fields.insert(name.clone(), value.clone());
            }
        }
        fields_json(&fields)
    }

    fn last_changed_time(&self) -> Option<Timestamp> {
        self.last_changed
            .as_deref()
            .and_then(|text| text.parse().ok())
    }
}

/// The earlier of two stored times; either may be missing.
fn earliest(stored: &Option<String>, new: &Option<String>) -> Option<String> {
    pick_time(stored, new, |stored, new| new < stored)
}

/// The later of two stored times; either may be missing.
fn latest(stored: &Option<String>, new: &Option<String>) -> Option<String> {
    pick_time(stored, new, |stored, new| new > stored)
}

fn pick_time(
    stored: &Option<String>,
    new: &Option<String>,
    new_wins: impl Fn(Timestamp, Timestamp) -> bool,
) -> Option<String> {
    let parse = |text: &Option<String>| {
        text.as_deref()
            .and_then(|text| text.parse::<Timestamp>().ok())
    };
    match (parse(stored), parse(new)) {
        (Some(old), Some(fresh)) if !new_wins(old, fresh) => stored.clone(),
        (Some(_), None) => stored.clone(),
        _ => new.clone(),
    }
}
