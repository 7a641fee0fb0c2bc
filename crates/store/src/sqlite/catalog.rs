//! The catalog tables: business object types, relationships and groups,
//! each stored as its JSON definition under its key.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use throughline_model::{
    BusinessObjectGroup, BusinessObjectType, Relationship, built_in_relationships, built_in_types,
    order_to_cash,
};

use crate::error::Context;
use crate::{Result, StoreError};

/// Writes the built-in catalog into a new database.
pub(super) fn seed(connection: &mut Connection) -> Result<()> {
    let transaction = connection.transaction().doing("seeding the catalog")?;
    for business_type in built_in_types() {
        save_business_object_type(&transaction, &business_type)?;
    }
    for relationship in built_in_relationships() {
        save_relationship(&transaction, &relationship)?;
    }
    save_group(&transaction, &order_to_cash())?;
    transaction.commit().doing("seeding the catalog")
}

pub(super) fn business_object_types(connection: &Connection) -> Result<Vec<BusinessObjectType>> {
    definitions(
        connection,
        "SELECT definition FROM business_object_types ORDER BY position, key",
        "business object type",
    )
}

/// A new type goes to the end of the catalog; a changed one keeps its place.
pub(super) fn save_business_object_type(
    connection: &Connection,
    business_type: &BusinessObjectType,
) -> Result<()> {
    save_definition(
        connection,
        "INSERT INTO business_object_types (position, key, definition)
         VALUES ((SELECT coalesce(max(position), 0) + 1 FROM business_object_types), ?1, ?2)
         ON CONFLICT (key) DO UPDATE SET definition = excluded.definition",
        &business_type.key,
        business_type,
        "saving a business object type",
    )
}

pub(super) fn relationships(connection: &Connection) -> Result<Vec<Relationship>> {
    definitions(
        connection,
        "SELECT definition FROM relationships ORDER BY key",
        "relationship",
    )
}

pub(super) fn save_relationship(
    connection: &Connection,
    relationship: &Relationship,
) -> Result<()> {
    save_definition(
        connection,
        "INSERT INTO relationships (key, definition) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET definition = excluded.definition",
        &relationship.key,
        relationship,
        "saving a relationship",
    )
}

pub(super) fn groups(connection: &Connection) -> Result<Vec<BusinessObjectGroup>> {
    definitions(
        connection,
        "SELECT definition FROM business_object_groups ORDER BY key",
        "business object group",
    )
}

pub(super) fn group(connection: &Connection, key: &str) -> Result<Option<BusinessObjectGroup>> {
    let definition: Option<String> = connection
        .query_row(
            "SELECT definition FROM business_object_groups WHERE key = ?1",
            [key],
            |row| row.get(0),
        )
        .optional()
        .doing("reading a business object group")?;
    definition
        .map(|text| from_json(&text, "business object group"))
        .transpose()
}

pub(super) fn save_group(connection: &Connection, group: &BusinessObjectGroup) -> Result<()> {
    save_definition(
        connection,
        "INSERT INTO business_object_groups (key, definition) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET definition = excluded.definition",
        &group.key,
        group,
        "saving a business object group",
    )
}

/// Writes one definition as JSON under its key with an upsert of `sql`
/// (`?1` the key, `?2` the definition).
fn save_definition<T: Serialize>(
    connection: &Connection,
    sql: &str,
    key: &str,
    definition: &T,
    action: &'static str,
) -> Result<()> {
    connection
        .execute(sql, params![key, to_json(definition)?])
        .doing(action)?;
    Ok(())
}

fn definitions<T: DeserializeOwned>(
    connection: &Connection,
    sql: &str,
    what: &'static str,
) -> Result<Vec<T>> {
    let mut statement = connection.prepare(sql).doing("reading the catalog")?;
    let texts = statement
        .query_map([], |row| row.get::<_, String>(0))
        .doing("reading the catalog")?
        .collect::<Result<Vec<_>, _>>()
        .doing("reading the catalog")?;
    texts.iter().map(|text| from_json(text, what)).collect()
}

fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|error| StoreError::Invalid(error.to_string()))
}

fn from_json<T: DeserializeOwned>(text: &str, what: &'static str) -> Result<T> {
    serde_json::from_str(text).map_err(|error| StoreError::Corrupt {
        what,
        detail: error.to_string(),
    })
}
