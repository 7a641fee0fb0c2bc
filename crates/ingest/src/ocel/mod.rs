//! Reading OCEL 2.0 object-centric event logs from their three standard
//! formats (JSON, XML and SQLite, each possibly gzipped) into one [`OcelLog`].
//! The format is told by content, not by file name. Reading is strict and
//! whole: a log with a malformed part, a bad time or a repeated id is refused
//! with an [`OcelError`] that names the file and the place, because a
//! partial log would quietly skew every measure taken from it. Links to
//! unknown objects are read as they are; judging them is the mapping's job.

mod duplicates;
mod error;
mod json;
mod log;
mod source;
mod sqlite;
mod xml;

use std::fs;
use std::path::Path;

use time::UtcOffset;

pub use error::{OcelError, Place};
pub use log::{
    OcelAttributeDeclaration, OcelEvent, OcelEventAttribute, OcelLog, OcelObject,
    OcelObjectAttribute, OcelRelationship, OcelType,
};

use source::{Format, Origin};

/// How to read what a file leaves open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// The offset that times written without one are read in. OCEL's SQLite
    /// and some XML writers drop the offset; only the person importing knows
    /// which zone the source system meant.
    pub naive_offset: UtcOffset,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            naive_offset: UtcOffset::UTC,
        }
    }
}

/// Reads the OCEL 2.0 log in the file at `path`.
pub fn read_log(path: &Path, options: &ReadOptions) -> Result<OcelLog, OcelError> {
    let origin = Origin::new(path);

    // A SQLite file is opened where it lies; loading it first would only
    // cost time and memory.
    if source::has_sqlite_header(path)? {
        return sqlite::read_file(path, &origin, options);
    }

    let bytes = fs::read(path).map_err(|source| OcelError::Read {
        path: path.to_owned(),
        source,
    })?;
    read_bytes(origin, bytes, options)
}

/// Reads an OCEL 2.0 log held in memory; `name` stands for the file in
/// error messages.
pub fn read_log_bytes(
    name: &str,
    bytes: Vec<u8>,
    options: &ReadOptions,
) -> Result<OcelLog, OcelError> {
    read_bytes(Origin::new(Path::new(name)), bytes, options)
}

fn read_bytes(
    mut origin: Origin,
    bytes: Vec<u8>,
    options: &ReadOptions,
) -> Result<OcelLog, OcelError> {
    let bytes = source::unpack(&mut origin, bytes)?;

    match source::detect(&origin, &bytes)? {
        Format::Json => json::read(&bytes, &origin, options),
        Format::Xml => xml::read(&bytes, &origin, options),
        Format::Sqlite => sqlite::read_bytes(&bytes, &origin, options),
    }
}
