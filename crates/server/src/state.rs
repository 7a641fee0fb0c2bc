//! What every handler shares: the store, and the one way to call it.

use std::sync::Arc;

use throughline_store::Store;

use crate::error::ApiError;
use crate::service::ServiceError;

#[derive(Clone)]
pub struct AppState {
    store: Arc<dyn Store>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("AppState")
    }
}

impl AppState {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
    }

    /// Runs service calls on tokio's blocking pool: the store's calls block
    /// (SQLite behind a mutex), and an async worker thread must not.
    pub(crate) async fn call<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&dyn Store) -> Result<T, ServiceError> + Send + 'static,
        T: Send + 'static,
    {
        let store = Arc::clone(&self.store);
        let outcome = tokio::task::spawn_blocking(move || work(store.as_ref())).await?;
        Ok(outcome?)
    }
}
