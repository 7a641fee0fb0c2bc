//! The catalog as users read it: business object types and groups.

use throughline_model::{BusinessObjectGroup, BusinessObjectType};
use throughline_store::Store;

use super::{Result, ServiceError};

/// Every business object type, built-in and custom, in catalog order.
pub fn list_business_object_types(store: &dyn Store) -> Result<Vec<BusinessObjectType>> {
    Ok(store.business_object_types()?)
}

/// Adds a custom type, or replaces a custom type with the same key. A
/// built-in type cannot be replaced: records of every source rely on it.
pub fn add_business_object_type(
    store: &dyn Store,
    mut business_type: BusinessObjectType,
) -> Result<BusinessObjectType> {
    business_type.custom = true;
    business_type
        .validate()
        .map_err(|error| ServiceError::Invalid(error.to_string()))?;
    let existing = store.business_object_types()?;
    let built_in = existing
        .iter()
        .any(|kind| kind.key == business_type.key && !kind.custom);
    if built_in {
        return Err(ServiceError::Invalid(format!(
            "'{}' is a built-in type and cannot be replaced; choose another key",
            business_type.key
        )));
    }

    store.save_business_object_type(&business_type)?;
    tracing::info!(business_type = %business_type.key, "custom type saved");
    Ok(business_type)
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
