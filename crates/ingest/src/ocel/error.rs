//! Why an OCEL 2.0 log could not be read. Every message starts with the file
//! and, where there is one, the place in it, so that a person can open the
//! file and find the fault without rerunning anything.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Where in a file something was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A position in JSON or XML text. Both count from 1 and the column counts
    /// bytes, as serde_json does. When the file was gzipped, `unpacked` is
    /// set: the position is in the unpacked text, not in the file on disk.
    Text {
        line: usize,
        column: usize,
        unpacked: bool,
    },
    /// A row of a SQLite table, by its rowid.
    Row { table: String, rowid: i64 },
    /// A SQLite table as a whole.
    Table { table: String },
}

impl fmt::Display for Place {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Text {
                line,
                column,
                unpacked,
            } => {
                write!(formatter, "line {line}, column {column}")?;
                if *unpacked {
                    formatter.write_str(" of the unpacked text")?;
                }
                Ok(())
            }
            Place::Row { table, rowid } => write!(formatter, "{table} row {rowid}"),
            Place::Table { table } => write!(formatter, "table {table}"),
        }
    }
}

/// A log that was refused, whole. The readers never hand back part of a log:
/// a later step could not tell what was left out.
#[derive(Debug, thiserror::Error)]
pub enum OcelError {
    #[error("{}: cannot read the file", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("{}: the file starts like gzip but cannot be unpacked", .path.display())]
    Unpack {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error(
        "{}: not an OCEL 2.0 log in a format we read: expected JSON, XML or SQLite, \
         each possibly gzipped, but the {found}",
        .path.display()
    )]
    UnknownFormat { path: PathBuf, found: String },

    /// The text or the tables are there but do not have the OCEL 2.0 shape.
    #[error("{}: {place}: {problem}", .path.display())]
    Malformed {
        path: PathBuf,
        place: Place,
        problem: String,
    },

    #[error(
        "{}: {place}: {field} '{text}' is not a timestamp (expected RFC 3339 such as \
         2023-04-03T10:08:18Z, or a time without offset such as 2023-04-03 10:08:18)",
        .path.display()
    )]
    BadTimestamp {
        path: PathBuf,
        place: Place,
        field: String,
        text: String,
    },

    /// Ids are unique within a log by our documented decision, so a repeated
    /// id refuses the file rather than letting one object hide another.
    #[error(
        "{}: {place}: object id '{id}' is used a second time (first at {first}); \
         object ids must be unique within a log",
        .path.display()
    )]
    DuplicateObjectId {
        path: PathBuf,
        place: Place,
        first: Place,
        id: String,
    },

    #[error(
        "{}: {place}: event id '{id}' is used a second time (first at {first}); \
         event ids must be unique within a log",
        .path.display()
    )]
    DuplicateEventId {
        path: PathBuf,
        place: Place,
        first: Place,
        id: String,
    },

    #[error(
        "{}: not an OCEL 2.0 SQLite log: missing table(s) {}",
        .path.display(),
        .tables.join(", ")
    )]
    MissingTables { path: PathBuf, tables: Vec<String> },

    #[error("{}: cannot open the SQLite database", .path.display())]
    OpenDatabase {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    #[error("{}: {place}: the database query failed", .path.display())]
    Query {
        path: PathBuf,
        place: Place,
        #[source]
        source: rusqlite::Error,
    },

    /// A gzipped SQLite log is unpacked to a temporary file, since SQLite
    /// opens databases from files.
    #[error("{}: cannot write the unpacked database to a temporary file", .path.display())]
    TemporaryCopy {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}
