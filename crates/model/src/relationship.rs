//! Relationships between business object types: which type is the parent,
//! which the child, and how a child record finds its parent record.

use serde::{Deserialize, Serialize};

/// How a child record names its parent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ParentLookup {
    /// The child holds the parent's key in one of its fields.
    ReferenceField { field: String },
    /// The source states each link explicitly (OCEL 2.0 object-to-object
    /// relations, SAP's document flow).
    ExplicitLinks,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cardinality {
    /// A child has at most one parent of this relationship.
    OneToMany,
    /// A child may have several parents (a delivery shipping several lines).
    ManyToMany,
}

/// A directed parent → child link between two business object types.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationship {
    /// Unique name, by convention `parent.child` or `parent.child.qualifier`.
    pub key: String,
    pub parent_type: String,
    pub child_type: String,
    /// The source's word for the link ("comprises", "contains").
    pub qualifier: String,
    pub parent_lookup: ParentLookup,
    pub cardinality: Cardinality,
    /// Whether a link may carry a quantity and an amount for roll-ups.
    #[serde(default)]
    pub carries_quantity: bool,
}
