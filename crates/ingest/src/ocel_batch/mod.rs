//! Turns an OCEL 2.0 log into one import batch through a mapping: objects
//! become records, object-to-object relations become links, events become
//! each record's history and, where the mapping says so, set its status.
//!
//! What the log gets wrong but can be imported anyway (an event naming an
//! object the log does not hold, an object type the mapping does not know)
//! becomes a warning; the rest of the log still imports.

use std::collections::BTreeMap;

use std::str::FromStr;

use rustc_hash::FxHashMap as HashMap;

use rust_decimal::Decimal;
use throughline_model::{BusinessObjectType, Money};
use throughline_store::{EventObject, ImportBatch, NewEvent, NewRecord, ReferenceField};

use crate::IngestError;
use crate::mapping::Mapping;
use crate::ocel::{OcelEvent, OcelLog, OcelObject};

mod observe;
mod relations;

use observe::{Observations, Observed, observe_events};
use relations::relate;

/// The batch and what the log got wrong.
#[derive(Debug)]
pub struct Conversion {
    pub batch: ImportBatch,
    pub warnings: Vec<String>,
}

/// Maps a log onto records, links and events. Takes the log by value: its
/// events' strings move into the batch rather than being copied, which is
/// most of what mapping a large log costs. Refused when the mapping fits
/// none of the log's objects or sets a status a type does not have.
pub fn convert(
    mut log: OcelLog,
    mapping: &Mapping,
    types: &[BusinessObjectType],
) -> Result<Conversion, IngestError> {
    let events = std::mem::take(&mut log.events);
    let log = &log;
    let mut warnings = Vec::new();
    let index = ObjectIndex::new(log, mapping, &mut warnings);
    index.refuse_if_nothing_maps(log, mapping)?;

    let observations = observe_events(&events, log.objects.len(), mapping, &index);
    observations.check_statuses(mapping, types)?;
    warnings.extend(observations.unused_rules(mapping));
    let mut records = new_records(log, &index, &observations, mapping, types, &mut warnings);

    let links = relate(log, mapping, &index, &mut records, &mut warnings);
    let events = new_events(events, &index, &mut warnings);
    let batch = ImportBatch {
        source: mapping.source.clone(),
        types: mapping.custom_types.clone(),
        relationships: mapping.relationships(),
        records,
        events,
        links,
        account_relationships: mapping
            .relations
            .iter()
            .filter(|relation| relation.account)
            .map(|relation| relation.relationship.clone())
            .collect(),
        reference_fields: mapping
            .relations
            .iter()
            .filter_map(|relation| {
                Some(ReferenceField {
                    relationship: relation.relationship.clone(),
                    field: relation.field.clone()?,
                })
            })
            .collect(),
    };
    Ok(Conversion { batch, warnings })
}

/// One record per object the mapping knows, in the log's order.
fn new_records(
    log: &OcelLog,
    index: &ObjectIndex<'_>,
    observations: &Observations,
    mapping: &Mapping,
    types: &[BusinessObjectType],
    warnings: &mut Vec<String>,
) -> Vec<NewRecord> {
    log.objects
        .iter()
        .enumerate()
        .filter_map(|(position, object)| {
            let business_type = index.mapped[position].as_deref()?;
            let observed = &observations.per_object[position];
            let fields = latest_attributes(log, object, mapping);
            Some(new_record(
                object,
                fields,
                business_type,
                mapping,
                types,
                observed,
                warnings,
            ))
        })
        .collect()
}

/// Objects by id, and the business object type each maps to.
struct ObjectIndex<'a> {
    positions: HashMap<&'a str, usize>,
    mapped: Vec<Option<String>>,
    /// Position in the batch's records of each object that becomes one.
    records: Vec<Option<usize>>,
}

impl<'a> ObjectIndex<'a> {
    fn new(log: &'a OcelLog, mapping: &Mapping, warnings: &mut Vec<String>) -> Self {
        let positions = log
            .objects
            .iter()
            .enumerate()
            .map(|(position, object)| (object.id.as_str(), position))
            .collect();
        let mut unmapped: BTreeMap<&str, usize> = BTreeMap::new();
        let mapped: Vec<Option<String>> = log
            .objects
            .iter()
            .map(|object| {
                let found = mapping.type_of(&object.object_type);
                if found.is_none() {
                    *unmapped.entry(&object.object_type).or_insert(0) += 1;
                }
                found.map(|object_mapping| object_mapping.type_key.clone())
            })
            .collect();
        for (object_type, count) in unmapped {
            warnings.push(format!(
                "{count} objects of type '{object_type}' skipped: the mapping has no [objects.\"{object_type}\"]"
            ));
        }
        let mut next = 0;
        let records = mapped
            .iter()
            .map(|business_type| {
                business_type.as_ref().map(|_| {
                    next += 1;
                    next - 1
                })
            })
            .collect();
        Self {
            positions,
            mapped,
            records,
        }
    }

    /// A log the mapping knows nothing of would import only events with no
    /// records: the wrong mapping, most likely, or none given.
    fn refuse_if_nothing_maps(&self, log: &OcelLog, mapping: &Mapping) -> Result<(), IngestError> {
        if log.objects.is_empty() || self.mapped.iter().any(Option::is_some) {
            return Ok(());
        }
        let mut found: Vec<&str> = log
            .objects
            .iter()
            .map(|object| object.object_type.as_str())
            .collect();
        found.sort_unstable();
        found.dedup();
        Err(IngestError::Mapping {
            path: format!("the mapping for source '{}'", mapping.source),
            message: format!(
                "it maps none of this log's object types ({}); pass --mapping with a mapping for this log",
                found.join(", ")
            ),
        })
    }

    fn record_of(&self, id: &str) -> Option<usize> {
        self.records[*self.positions.get(id)?]
    }

    fn type_of(&self, id: &str) -> Option<(usize, &str)> {
        let position = *self.positions.get(id)?;
        let business_type = self.mapped[position].as_deref()?;
        Some((position, business_type))
    }
}

fn new_record(
    object: &OcelObject,
    mut fields: BTreeMap<String, String>,
    type_key: &str,
    mapping: &Mapping,
    types: &[BusinessObjectType],
    observed: &Observed,
    warnings: &mut Vec<String>,
) -> NewRecord {
    let business_type = types
        .iter()
        .chain(&mapping.custom_types)
        .find(|kind| kind.key == type_key);
    let object_mapping = mapping.type_of(&object.object_type);
    if let Some(key_field) = object_mapping.and_then(|found| found.key_field.as_ref()) {
        fields.insert(key_field.clone(), object.id.clone());
    }
    for (field, time) in &observed.stamps {
        fields.insert(field.clone(), time.to_string());
    }

    let status = observed.status.as_ref();
    let source_status = status.map(|(_, _, _, status)| status.clone());
    let phase = business_type.map_or(throughline_model::Phase::Open, |kind| {
        kind.phase_of(source_status.as_deref())
    });
    let display_name = business_type
        .and_then(|kind| fields.get(&kind.display_field))
        .cloned()
        .unwrap_or_else(|| object.id.clone());
    let amount = business_type.and_then(|kind| amount_of(object, kind, &fields, mapping, warnings));
    let account = (type_key == "account").then(|| object.id.clone());

    NewRecord {
        type_key: type_key.to_owned(),
        key: object.id.clone(),
        account,
        display_name,
        source_status,
        status_time: status.map(|(_, _, time, _)| *time),
        phase,
        amount,
        fields,
        first_seen: observed.first_seen,
        last_changed: observed.last_changed,
    }
}

/// The latest value of each attribute, renamed as the mapping says; of two
/// at the same time, the one written later in the file. Numbers the log
/// declares as such are written in their shortest exact form, so that
/// `1.0` in one format and `1` in another are the same value.
fn latest_attributes(
    log: &OcelLog,
    object: &OcelObject,
    mapping: &Mapping,
) -> BTreeMap<String, String> {
    let renames = mapping
        .type_of(&object.object_type)
        .map(|found| &found.attributes);
    let declared = log
        .object_types
        .iter()
        .find(|kind| kind.name == object.object_type);
    let mut latest: BTreeMap<String, (i64, String)> = BTreeMap::new();
    for attribute in &object.attributes {
        let numeric = declared.is_some_and(|kind| {
            kind.attributes.iter().any(|declaration| {
                declaration.name == attribute.name && is_numeric(&declaration.kind)
            })
        });
        let value = if numeric {
            shortest_number(&attribute.value)
        } else {
            attribute.value.clone()
        };
        let name = renames
            .and_then(|renames| renames.get(&attribute.name))
            .unwrap_or(&attribute.name);
        let millis = attribute.time.unix_millis();
        let newer = latest.get(name).is_none_or(|(stored, _)| millis >= *stored);
        if newer {
            latest.insert(name.clone(), (millis, value));
        }
    }
    latest
        .into_iter()
        .map(|(name, (_, value))| (name, value))
        .collect()
}

fn is_numeric(kind: &str) -> bool {
    matches!(kind, "float" | "double" | "integer" | "int" | "number")
}

/// `1.0` → `1`, `2946.50` → `2946.5`; text that is no number stays as it is.
fn shortest_number(text: &str) -> String {
    Decimal::from_str(text)
        .map_or_else(|_| text.to_owned(), |number| number.normalize().to_string())
}

fn amount_of(
    object: &OcelObject,
    business_type: &BusinessObjectType,
    fields: &BTreeMap<String, String>,
    mapping: &Mapping,
    warnings: &mut Vec<String>,
) -> Option<Money> {
    let amount_field = business_type.amount.as_ref()?;
    let text = fields.get(&amount_field.field)?;
    let currency = mapping
        .currency
        .clone()
        .or_else(|| amount_field.default_currency.clone())?;
    match Decimal::from_str(text).or_else(|_| Decimal::from_scientific(text)) {
        Ok(amount) => Some(Money::new(amount, currency)),
        Err(_) => {
            warnings.push(format!(
                "object {}: {} '{text}' is not a number; the record has no amount",
                object.id, amount_field.field
            ));
            None
        }
    }
}

fn new_events(
    events: Vec<OcelEvent>,
    index: &ObjectIndex<'_>,
    warnings: &mut Vec<String>,
) -> Vec<NewEvent> {
    let mut unknown = Vec::new();
    let events = events
        .into_iter()
        .map(|event| {
            let objects = event
                .relationships
                .into_iter()
                .filter_map(|relation| match index.record_of(&relation.object_id) {
                    Some(record) => Some(EventObject {
                        record,
                        qualifier: relation.qualifier,
                    }),
                    None => {
                        unknown.push((event.id.clone(), relation.object_id));
                        None
                    }
                })
                .collect();
            NewEvent {
                key: event.id,
                activity: event.event_type,
                time: event.time,
                attributes: event
                    .attributes
                    .into_iter()
                    .map(|attribute| (attribute.name, attribute.value))
                    .collect(),
                objects,
            }
        })
        .collect();
    if !unknown.is_empty() {
        let examples: Vec<String> = unknown
            .iter()
            .take(3)
            .map(|(event, object)| format!("event {event} names {object}"))
            .collect();
        warnings.push(format!(
            "{} event-to-object relations name objects this log does not hold or the mapping skips ({}); the events are kept without them",
            unknown.len(),
            examples.join(", ")
        ));
    }
    events
}
