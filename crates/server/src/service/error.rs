//! The services' one error type: what went wrong in words a user can act on,
//! with the store's own failures carried along untouched.

use throughline_store::StoreError;

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Holds what was looked for, such as "sales process record SP0042".
    #[error("no {0}")]
    NotFound(String),
    #[error("'{key}' is ambiguous: it matches {}", candidates.join(", "))]
    Ambiguous {
        key: String,
        candidates: Vec<String>,
    },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(StoreError),
}

/// A store error that is really the caller's mistake becomes one here, so
/// the edges never have to look inside a `StoreError`.
impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::ProcessNotFound(number) => {
                Self::NotFound(format!("sales process record {number}"))
            }
            StoreError::Invalid(message) => Self::Invalid(message),
            other => Self::Store(other),
        }
    }
}
