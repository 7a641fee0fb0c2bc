//! The catalog as users read it: business object types and groups.

use throughline_model::{BusinessObjectGroup, BusinessObjectType};
use throughline_store::Store;

use super::{Result, ServiceError};

/// Every business object type, built-in and custom, in catalog order.
pub fn list_business_object_types(store: &dyn Store) -> Result<Vec<BusinessObjectType>> {
    Ok(store.business_object_types()?)
}

pub fn list_groups(store: &dyn Store) -> Result<Vec<BusinessObjectGroup>> {
    Ok(store.groups()?)
}

/// The group with this key, or an error naming the key.
pub fn find_group(store: &dyn Store, key: &str) -> Result<BusinessObjectGroup> {
    store
        .group(key.trim())?
        .ok_or_else(|| ServiceError::NotFound(format!("business object group '{key}'")))
}
