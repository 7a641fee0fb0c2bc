//! The OCEL 2.0 JSON reader. serde reads the file straight into borrowed
//! wire structs in one pass; ids, times and attribute values are kept as raw
//! JSON slices of the input, which keeps numbers exactly as written (never
//! through f64) and tells where each value stands, so that a bad time or a
//! repeated id is reported at its own line and column.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;
use throughline_model::Timestamp;

use super::ReadOptions;
use super::duplicates::first_repeated_id;
use super::error::{OcelError, Place};
use super::log::{
    OcelAttributeDeclaration, OcelEvent, OcelEventAttribute, OcelLog, OcelObject,
    OcelObjectAttribute, OcelRelationship, OcelType,
};
use super::source::{Origin, without_byte_order_mark};

/// `objects` and `events` are required, so that an OCEL 1.0 file (which
/// writes `ocel:objects`) is refused by name; the type lists may be left out.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireLog<'input> {
    #[serde(default)]
    object_types: Vec<WireType>,
    #[serde(default)]
    event_types: Vec<WireType>,
    #[serde(borrow)]
    objects: Vec<WireObject<'input>>,
    #[serde(borrow)]
    events: Vec<WireEvent<'input>>,
}

#[derive(Deserialize)]
struct WireType {
    name: String,
    #[serde(default)]
    attributes: Vec<WireAttributeDeclaration>,
}

#[derive(Deserialize)]
struct WireAttributeDeclaration {
    name: String,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct WireObject<'input> {
    #[serde(borrow)]
    id: &'input RawValue,
    #[serde(rename = "type")]
    object_type: String,
    #[serde(default, borrow)]
    attributes: Vec<WireObjectAttribute<'input>>,
    #[serde(default)]
    relationships: Vec<WireRelationship>,
}

#[derive(Deserialize)]
struct WireObjectAttribute<'input> {
    name: String,
    #[serde(borrow)]
    value: &'input RawValue,
    #[serde(borrow)]
    time: &'input RawValue,
}

#[derive(Deserialize)]
struct WireEvent<'input> {
    #[serde(borrow)]
    id: &'input RawValue,
    #[serde(rename = "type")]
    event_type: String,
    #[serde(borrow)]
    time: &'input RawValue,
    #[serde(default, borrow)]
    attributes: Vec<WireEventAttribute<'input>>,
    #[serde(default)]
    relationships: Vec<WireRelationship>,
}

#[derive(Deserialize)]
struct WireEventAttribute<'input> {
    name: String,
    #[serde(borrow)]
    value: &'input RawValue,
}

#[derive(Deserialize)]
struct WireRelationship {
    #[serde(rename = "objectId")]
    object_id: String,
    qualifier: String,
}

/// Reads an OCEL 2.0 JSON text.
pub(super) fn read(
    bytes: &[u8],
    origin: &Origin,
    options: &ReadOptions,
) -> Result<OcelLog, OcelError> {
    let text = without_byte_order_mark(bytes);
    let wire: WireLog =
        serde_json::from_slice(text).map_err(|error| syntax_error(origin, &error))?;
    let reader = JsonReader {
        text,
        origin,
        options,
    };

    reader.refuse_repeated_object_ids(&wire.objects)?;
    reader.refuse_repeated_event_ids(&wire.events)?;

    Ok(OcelLog {
        object_types: wire.object_types.into_iter().map(into_type).collect(),
        event_types: wire.event_types.into_iter().map(into_type).collect(),
        objects: reader.objects(wire.objects)?,
        events: reader.events(wire.events)?,
    })
}

/// serde_json's own message, with its position moved to the front where
/// every other message of ours has it.
fn syntax_error(origin: &Origin, error: &serde_json::Error) -> OcelError {
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = error.to_string();
    let problem = message.strip_suffix(&position).unwrap_or(&message);

    let place = Place::Text {
        line: error.line(),
        column: error.column(),
        unpacked: origin.unpacked,
    };
    origin.malformed(place, problem)
}

fn into_type(wire: WireType) -> OcelType {
    let attributes = wire
        .attributes
        .into_iter()
        .map(|declaration| OcelAttributeDeclaration {
            name: declaration.name,
            kind: declaration.kind,
        });
    OcelType {
        name: wire.name,
        attributes: attributes.collect(),
    }
}

fn into_relationships(wire: Vec<WireRelationship>) -> Vec<OcelRelationship> {
    // Both structs have the same layout, so collecting reuses the allocation.
    let relationships = wire.into_iter().map(|relationship| OcelRelationship {
        object_id: relationship.object_id,
        qualifier: relationship.qualifier,
    });
    relationships.collect()
}

/// The parsed text and what is needed to turn its raw values into a log.
struct JsonReader<'a> {
    text: &'a [u8],
    origin: &'a Origin,
    options: &'a ReadOptions,
}

impl JsonReader<'_> {
    fn refuse_repeated_object_ids(&self, objects: &[WireObject<'_>]) -> Result<(), OcelError> {
        let raw_ids: Vec<&RawValue> = objects.iter().map(|object| object.id).collect();
        let Some((first, second, id)) = self.first_repeated_id(&raw_ids, "object id")? else {
            return Ok(());
        };
        Err(OcelError::DuplicateObjectId {
            path: self.origin.path.clone(),
            place: self.place_of(second),
            first: self.place_of(first),
            id,
        })
    }

    fn refuse_repeated_event_ids(&self, events: &[WireEvent<'_>]) -> Result<(), OcelError> {
        let raw_ids: Vec<&RawValue> = events.iter().map(|event| event.id).collect();
        let Some((first, second, id)) = self.first_repeated_id(&raw_ids, "event id")? else {
            return Ok(());
        };
        Err(OcelError::DuplicateEventId {
            path: self.origin.path.clone(),
            place: self.place_of(second),
            first: self.place_of(first),
            id,
        })
    }

    /// The raw values of the first and second use of the first id given
    /// twice, and that id. Ids are compared unescaped, since `"a"` and
    /// `"\u0061"` name the same object.
    fn first_repeated_id<'raw>(
        &self,
        raw_ids: &[&'raw RawValue],
        what: &str,
    ) -> Result<Option<(&'raw RawValue, &'raw RawValue, String)>, OcelError> {
        let ids = raw_ids
            .iter()
            .map(|raw| self.string(raw, what))
            .collect::<Result<Vec<_>, _>>()?;
        let repeated = first_repeated_id(ids.iter().map(AsRef::as_ref));
        Ok(repeated.map(|(first, second)| {
            (
                raw_ids[first],
                raw_ids[second],
                ids[second].clone().into_owned(),
            )
        }))
    }

    fn objects(&self, wire: Vec<WireObject<'_>>) -> Result<Vec<OcelObject>, OcelError> {
        wire.into_iter().map(|object| self.object(object)).collect()
    }

    fn object(&self, wire: WireObject<'_>) -> Result<OcelObject, OcelError> {
        Ok(OcelObject {
            id: self.string(wire.id, "object id")?.into_owned(),
            object_type: wire.object_type,
            attributes: self.object_attributes(wire.attributes)?,
            relationships: into_relationships(wire.relationships),
        })
    }

    fn object_attributes(
        &self,
        wire: Vec<WireObjectAttribute<'_>>,
    ) -> Result<Vec<OcelObjectAttribute>, OcelError> {
        let mut attributes = Vec::with_capacity(wire.len());
        for attribute in wire {
            let Some(value) = self.attribute_value(attribute.value, &attribute.name)? else {
                continue;
            };
            let time = self.time(attribute.time, || {
                format!("attribute '{}' time", attribute.name)
            })?;
            attributes.push(OcelObjectAttribute {
                name: attribute.name,
                value,
                time,
            });
        }
        Ok(attributes)
    }

    fn events(&self, wire: Vec<WireEvent<'_>>) -> Result<Vec<OcelEvent>, OcelError> {
        wire.into_iter().map(|event| self.event(event)).collect()
    }

    fn event(&self, wire: WireEvent<'_>) -> Result<OcelEvent, OcelError> {
        Ok(OcelEvent {
            id: self.string(wire.id, "event id")?.into_owned(),
            event_type: wire.event_type,
            time: self.time(wire.time, || "event time".to_owned())?,
            attributes: self.event_attributes(wire.attributes)?,
            relationships: into_relationships(wire.relationships),
        })
    }

    fn event_attributes(
        &self,
        wire: Vec<WireEventAttribute<'_>>,
    ) -> Result<Vec<OcelEventAttribute>, OcelError> {
        let mut attributes = Vec::with_capacity(wire.len());
        for attribute in wire {
            let Some(value) = self.attribute_value(attribute.value, &attribute.name)? else {
                continue;
            };
            attributes.push(OcelEventAttribute {
                name: attribute.name,
                value,
            });
        }
        Ok(attributes)
    }

    /// An attribute value as the text the file wrote, or `None` for null,
    /// which OCEL writers use for "no value".
    fn attribute_value(&self, raw: &RawValue, name: &str) -> Result<Option<String>, OcelError> {
        let text = raw.get();
        match text.as_bytes().first() {
            Some(b'"') => Ok(Some(self.string(raw, "attribute value")?.into_owned())),
            Some(b'n') => Ok(None),
            Some(b'[' | b'{') => Err(self.origin.malformed(
                self.place_of(raw),
                format!(
                    "attribute '{name}' has a list or object as its value; \
                     OCEL values are strings, numbers or booleans"
                ),
            )),
            _ => Ok(Some(text.to_owned())),
        }
    }

    /// `field` names the time in an error, and is only built for one.
    fn time(&self, raw: &RawValue, field: impl FnOnce() -> String) -> Result<Timestamp, OcelError> {
        let text = self.string(raw, "time")?;
        Timestamp::parse(&text, self.options.naive_offset).map_err(|_| {
            self.origin
                .bad_timestamp(self.place_of(raw), field(), &text)
        })
    }

    /// The text of a JSON string, borrowed unless it holds escapes.
    fn string<'raw>(&self, raw: &'raw RawValue, what: &str) -> Result<Cow<'raw, str>, OcelError> {
        let text = raw.get();
        let not_a_string = || {
            let problem = format!("{what} must be a string, found {}", json_kind(text));
            self.origin.malformed(self.place_of(raw), problem)
        };
        let inner = text
            .strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'))
            .ok_or_else(not_a_string)?;

        if !inner.contains('\\') {
            return Ok(Cow::Borrowed(inner));
        }
        let unescaped: String = serde_json::from_str(text).map_err(|_| not_a_string())?;
        Ok(Cow::Owned(unescaped))
    }

    /// serde_json hands out every `RawValue` as a slice of the input it
    /// parsed, so the distance between the two is the value's byte offset.
    fn place_of(&self, raw: &RawValue) -> Place {
        let start = self.text.as_ptr() as usize;
        let offset = (raw.get().as_ptr() as usize).saturating_sub(start);
        self.origin.text_place(self.text, offset)
    }
}

/// What kind of JSON value a raw text is, for messages.
fn json_kind(raw: &str) -> &'static str {
    match raw.as_bytes().first() {
        Some(b'"') => "a string",
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        Some(b'[') => "a list",
        Some(b'{') => "an object",
        _ => "a number",
    }
}
