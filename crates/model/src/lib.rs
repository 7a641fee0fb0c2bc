//! The domain of Throughline in pure Rust: business object types, relationships,
//! groups, records, sales process records and the node map walk. Nothing here
//! touches a disk, a socket or a clock it was not handed.

pub mod timestamp;

pub use timestamp::{Timestamp, TimestampError};
