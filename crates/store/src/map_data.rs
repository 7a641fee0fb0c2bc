//! Lets the node map walk read from any store.

use throughline_model::{Edge, MapData, Record, RecordId};

use crate::{Store, StoreError};

#[derive(Clone, Copy)]
pub struct StoreMapData<'a>(pub &'a dyn Store);

impl std::fmt::Debug for StoreMapData<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("StoreMapData")
    }
}

impl MapData for StoreMapData<'_> {
    type Error = StoreError;

    fn child_edges(
        &self,
        parents: &[RecordId],
        relationships: &[String],
    ) -> Result<Vec<Edge>, StoreError> {
        self.0.child_edges(parents, relationships)
    }

    fn records(&self, ids: &[RecordId]) -> Result<Vec<Record>, StoreError> {
        self.0.records_by_id(ids)
    }
}
