//! The OCEL 2.0 log as read from a file, the same whichever of the three
//! formats it came from. Values stay the text the file wrote; only times
//! are parsed, because every later step compares them.

use throughline_model::Timestamp;

/// One object-centric event log: its declared types, its objects and its
/// events, each collection in the order the file gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct OcelLog {
    pub object_types: Vec<OcelType>,
    pub event_types: Vec<OcelType>,
    pub objects: Vec<OcelObject>,
    pub events: Vec<OcelEvent>,
}

/// An object type or event type with the attributes it declares.
#[derive(Debug, Clone, PartialEq)]
pub struct OcelType {
    pub name: String,
    pub attributes: Vec<OcelAttributeDeclaration>,
}

/// A declared attribute; `kind` is the OCEL type name, such as "float",
/// "string", "integer" or "time".
#[derive(Debug, Clone, PartialEq)]
pub struct OcelAttributeDeclaration {
    pub name: String,
    pub kind: String,
}

/// A business object with its attribute history and its links to other
/// objects (OCEL's object-to-object relationships).
#[derive(Debug, Clone, PartialEq)]
pub struct OcelObject {
    pub id: String,
    pub object_type: String,
    /// In file order; one attribute may appear again with a later time when
    /// its value changed.
    pub attributes: Vec<OcelObjectAttribute>,
    pub relationships: Vec<OcelRelationship>,
}

/// The value an object attribute took from `time` on.
#[derive(Debug, Clone, PartialEq)]
pub struct OcelObjectAttribute {
    pub name: String,
    pub value: String,
    pub time: Timestamp,
}

/// Something that happened at one time to the objects it relates to (OCEL's
/// event-to-object relationships).
#[derive(Debug, Clone, PartialEq)]
pub struct OcelEvent {
    pub id: String,
    pub event_type: String,
    pub time: Timestamp,
    pub attributes: Vec<OcelEventAttribute>,
    pub relationships: Vec<OcelRelationship>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OcelEventAttribute {
    pub name: String,
    pub value: String,
}

/// A qualified link to an object, from an event or from another object.
#[derive(Debug, Clone, PartialEq)]
pub struct OcelRelationship {
    pub object_id: String,
    pub qualifier: String,
}
