//! The domain of Throughline in pure Rust: business object types, relationships,
//! groups, records, sales process records and the node map walk. Nothing here
//! touches a disk, a socket or a clock it was not handed.

pub mod business_object_type;
pub mod group;
pub mod money;
pub mod node_map;
pub mod record;
pub mod relationship;
pub mod sales_process;
pub mod timestamp;
pub mod words;

pub use business_object_type::{
    AmountField, BusinessObjectType, FieldDefinition, FieldKind, Phase, StatusValue, TypeError,
    built_in_types,
};
pub use group::{
    BusinessObjectGroup, DEFAULT_LEVELS, DashboardLayout, TileLayout, built_in_relationships,
    order_to_cash,
};
pub use money::Money;
pub use node_map::{MapData, MapRequest, Node, NodeMap, TileField, Tracking, build_node_map};
pub use record::{Edge, LinkOrigin, Record, RecordEvent, RecordId};
pub use relationship::{Cardinality, ParentLookup, Relationship};
pub use sales_process::{Override, ProcessNumber, ProcessNumberError, ProcessState, SalesProcess};
pub use timestamp::{Timestamp, TimestampError};
