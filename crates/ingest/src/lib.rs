//! Turns outside data into Throughline's terms. Each source format gets its
//! own module that reads a file into plain Rust values and reports, with the
//! file and the place in it, anything it cannot read; mapping those values
//! onto business objects happens after, never while reading.

pub mod import;
pub mod mapping;
pub mod ocel;
mod ocel_batch;

pub use import::{ImportOptions, ImportSummary, Progress, import_ocel_bytes, import_ocel_file};
pub use mapping::Mapping;
pub use ocel_batch::{Conversion, convert};

/// Why an import did not happen. Nothing was written when it is returned.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: cannot read the file")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Mapping { path: String, message: String },
    #[error(transparent)]
    Ocel(#[from] ocel::OcelError),
    #[error(transparent)]
    Store(#[from] throughline_store::StoreError),
}
