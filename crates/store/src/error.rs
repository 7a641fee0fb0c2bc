//! The store's one error type.

use throughline_model::ProcessNumber;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {path}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("database error while {action}")]
    Database {
        action: &'static str,
        source: rusqlite::Error,
    },
    #[error(
        "the database {path} was written by a newer Throughline (schema {found}, this one knows {known})"
    )]
    NewerSchema {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("stored {what} is unreadable: {detail}")]
    Corrupt { what: &'static str, detail: String },
    #[error("no sales process record {0}")]
    ProcessNotFound(ProcessNumber),
    #[error("{0}")]
    Invalid(String),
}

/// Names what the store was doing when SQLite failed.
pub(crate) trait Context<T> {
    fn doing(self, action: &'static str) -> Result<T, StoreError>;
}

impl<T> Context<T> for Result<T, rusqlite::Error> {
    fn doing(self, action: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Database { action, source })
    }
}
