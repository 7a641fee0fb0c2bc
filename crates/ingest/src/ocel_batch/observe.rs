//! The one walk over a log's events: for each object, its latest
//! status-setting event, the times stamped into its fields, and when it was
//! first and last seen; for the mapping, which status rules fired on which
//! business object types, so that a rule's mistakes can be named.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;
use throughline_model::{BusinessObjectType, Timestamp};

use super::ObjectIndex;
use crate::IngestError;
use crate::mapping::{Mapping, StatusRule};
use crate::ocel::OcelEvent;

/// What the walk over events learns about one object.
#[derive(Debug, Default)]
pub(super) struct Observed {
    /// (time in ms, rule position, status)
    pub(super) status: Option<(i64, usize, Timestamp, String)>,
    pub(super) stamps: BTreeMap<String, Timestamp>,
    pub(super) first_seen: Option<Timestamp>,
    pub(super) last_changed: Option<Timestamp>,
}

/// Takes the log by value: its events' strings move into the batch rather
/// than being copied, which is most of what mapping a large log costs.
/// What the walk found.
#[derive(Debug)]
pub(super) struct Observations {
    /// One entry per object of the log, by position.
    pub(super) per_object: Vec<Observed>,
    /// (status rule position, business object type) pairs that fired.
    fired: BTreeSet<(usize, String)>,
}

/// Walks every event once: the latest status-setting event of each object,
/// the times stamped into fields, and the first and last time it was seen.
/// Returns one entry per object of the log, by position.
pub(super) fn observe_events(
    events: &[OcelEvent],
    objects: usize,
    mapping: &Mapping,
    index: &ObjectIndex<'_>,
) -> Observations {
    let mut rules_by_activity: HashMap<&str, Vec<usize>> = HashMap::default();
    for (position, rule) in mapping.statuses.iter().enumerate() {
        rules_by_activity
            .entry(rule.activity.as_str())
            .or_default()
            .push(position);
    }

    let mut observed: Vec<Observed> = Vec::new();
    observed.resize_with(objects, Observed::default);
    let mut fired = BTreeSet::new();
    for event in events {
        let millis = event.time.unix_millis();
        let rules = rules_by_activity
            .get(event.event_type.as_str())
            .map_or(&[][..], Vec::as_slice);
        for relation in &event.relationships {
            let Some((position, type_key)) = index.type_of(&relation.object_id) else {
                continue;
            };
            let seen = &mut observed[position];
            seen.note_time(event.time);
            let rule = rules
                .iter()
                .find(|rule| mapping.statuses[**rule].qualifier == relation.qualifier);
            if let Some(&rule) = rule {
                seen.apply(&mapping.statuses[rule], rule, event.time, millis);
                if !fired.contains(&(rule, type_key.to_owned())) {
                    fired.insert((rule, type_key.to_owned()));
                }
            }
        }
    }
    Observations {
        per_object: observed,
        fired,
    }
}

impl Observations {
    /// Refuses a rule that set a status its type does not list: a typo
    /// there would leave every such record looking open.
    pub(super) fn check_statuses(
        &self,
        mapping: &Mapping,
        types: &[BusinessObjectType],
    ) -> Result<(), IngestError> {
        for (position, type_key) in &self.fired {
            let rule = &mapping.statuses[*position];
            let business_type = types
                .iter()
                .chain(&mapping.custom_types)
                .find(|kind| &kind.key == type_key);
            let Some(business_type) = business_type else {
                continue;
            };
            if business_type
                .statuses
                .iter()
                .all(|status| status.value != rule.status)
            {
                return Err(unknown_status(mapping, *position, rule, business_type));
            }
        }
        Ok(())
    }

    /// One warning naming the rules that matched no event: a misspelt
    /// activity or qualifier shows here rather than as statuses that never
    /// change. A log that covers only part of a process trips it too,
    /// which is why it warns and does not refuse.
    pub(super) fn unused_rules(&self, mapping: &Mapping) -> Option<String> {
        let used: BTreeSet<usize> = self.fired.iter().map(|(rule, _)| *rule).collect();
        let unused: Vec<String> = mapping
            .statuses
            .iter()
            .enumerate()
            .filter(|(position, _)| !used.contains(position))
            .map(|(position, rule)| {
                format!(
                    "statuses[{position}] ({} / {})",
                    rule.activity, rule.qualifier
                )
            })
            .collect();
        (!unused.is_empty()).then(|| {
            format!(
                "{} status rules matched no event on an object this import knows: {}",
                unused.len(),
                unused.join(", ")
            )
        })
    }
}

fn unknown_status(
    mapping: &Mapping,
    position: usize,
    rule: &StatusRule,
    business_type: &BusinessObjectType,
) -> IngestError {
    let known: Vec<&str> = business_type
        .statuses
        .iter()
        .map(|status| status.value.as_str())
        .collect();
    IngestError::Mapping {
        path: format!("the mapping for source '{}'", mapping.source),
        message: format!(
            "statuses[{position}] sets status '{}' on {} records, but type '{}' has no such status (it has: {})",
            rule.status,
            business_type.key,
            business_type.key,
            known.join(", ")
        ),
    }
}

impl Observed {
    /// Timestamps order by instant, whatever their offsets.
    fn note_time(&mut self, time: Timestamp) {
        if self.first_seen.is_none_or(|first| time < first) {
            self.first_seen = Some(time);
        }
        if self.last_changed.is_none_or(|last| time > last) {
            self.last_changed = Some(time);
        }
    }

    /// Later events win; of two at the same instant, the rule listed later.
    fn apply(&mut self, rule: &StatusRule, position: usize, time: Timestamp, millis: i64) {
        let newer = self
            .status
            .as_ref()
            .is_none_or(|(stored_millis, stored_rule, _, _)| {
                (millis, position) >= (*stored_millis, *stored_rule)
            });
        if newer {
            self.status = Some((millis, position, time, rule.status.clone()));
        }
        if let Some(field) = &rule.stamp {
            let later = self
                .stamps
                .get(field)
                .is_none_or(|stamp| millis >= stamp.unix_millis());
            if later {
                self.stamps.insert(field.clone(), time);
            }
        }
    }
}
