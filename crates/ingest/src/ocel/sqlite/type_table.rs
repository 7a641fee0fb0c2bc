//! The per-type tables of an OCEL SQLite log (`object_<map>` and
//! `event_<map>`, named through the `*_map_type` tables): which exist, which
//! of their columns are attributes, and how to select their rows.

use super::{CHANGED_FIELD_COLUMN, ID_COLUMN, SqliteReader, TIME_COLUMN};
use crate::ocel::error::{OcelError, Place};
use crate::ocel::log::{OcelAttributeDeclaration, OcelType};

/// A per-type table and the attribute columns it declares.
pub(super) struct TypeTable {
    pub(super) type_name: String,
    pub(super) table: String,
    /// Attribute columns in table order, with their declared SQL types.
    pub(super) attributes: Vec<Column>,
    pub(super) has_changed_field: bool,
    /// Some writers list a type without creating its table; such a type
    /// simply has no attributes and no rows.
    pub(super) exists: bool,
}

pub(super) struct Column {
    pub(super) name: String,
    pub(super) declared_type: String,
}

impl SqliteReader<'_> {
    /// The types listed in `map_table`, each with its table's columns.
    pub(super) fn type_tables(
        &self,
        map_table: &str,
        prefix: &str,
    ) -> Result<Vec<TypeTable>, OcelError> {
        let mut tables = Vec::new();
        let query = format!(
            "SELECT rowid, ocel_type, ocel_type_map FROM {} ORDER BY rowid",
            quoted(map_table)
        );
        self.each_row(map_table, &query, |row| {
            let type_name = row.required_text(1, "ocel_type")?;
            let table = format!("{prefix}{}", row.required_text(2, "ocel_type_map")?);
            tables.push((type_name, table));
            Ok(())
        })?;

        tables
            .into_iter()
            .map(|(type_name, table)| self.type_table(type_name, table))
            .collect()
    }

    fn type_table(&self, type_name: String, table: String) -> Result<TypeTable, OcelError> {
        let columns = self.columns(&table)?;
        let has = |wanted: &str| columns.iter().any(|column| column.name == wanted);
        let exists = !columns.is_empty();

        for required in [ID_COLUMN, TIME_COLUMN] {
            if exists && !has(required) {
                let place = Place::Table { table };
                let problem = format!("the table has no {required} column");
                return Err(self.origin.malformed(place, problem));
            }
        }

        let has_changed_field = has(CHANGED_FIELD_COLUMN);
        let attributes = columns
            .into_iter()
            .filter(|column| {
                ![ID_COLUMN, TIME_COLUMN, CHANGED_FIELD_COLUMN].contains(&column.name.as_str())
            })
            .collect();
        Ok(TypeTable {
            type_name,
            table,
            attributes,
            has_changed_field,
            exists,
        })
    }

    /// The columns of `table` in order; none when the table does not exist.
    fn columns(&self, table: &str) -> Result<Vec<Column>, OcelError> {
        let query_error = |source| self.query_error(table, source);
        let mut statement = self
            .connection
            .prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")
            .map_err(query_error)?;

        let rows = statement
            .query_map([table], |row| {
                Ok(Column {
                    name: row.get(0)?,
                    declared_type: row.get(1)?,
                })
            })
            .map_err(query_error)?;
        rows.collect::<Result<_, _>>().map_err(query_error)
    }
}

impl TypeTable {
    pub(super) fn declaration(&self) -> OcelType {
        let attributes = self
            .attributes
            .iter()
            .map(|column| OcelAttributeDeclaration {
                name: column.name.clone(),
                kind: attribute_kind(&column.declared_type).to_owned(),
            });
        OcelType {
            name: self.type_name.clone(),
            attributes: attributes.collect(),
        }
    }

    /// A query for the rows in rowid order: rowid, ocel_id, ocel_time, then
    /// ocel_changed_field when the table has it, then the attributes.
    pub(super) fn select_rows(&self) -> String {
        let mut columns = vec!["rowid".to_owned(), quoted(ID_COLUMN), quoted(TIME_COLUMN)];
        if self.has_changed_field {
            columns.push(quoted(CHANGED_FIELD_COLUMN));
        }
        columns.extend(self.attributes.iter().map(|column| quoted(&column.name)));
        format!(
            "SELECT {} FROM {} ORDER BY rowid",
            columns.join(", "),
            quoted(&self.table)
        )
    }

    /// The index of the first attribute column in [`TypeTable::select_rows`].
    pub(super) fn first_attribute_index(&self) -> usize {
        if self.has_changed_field { 4 } else { 3 }
    }
}

/// The OCEL type name for a column's declared SQL type. The checks follow
/// SQLite's own affinity rules, so that `VARCHAR(20)` or `BIGINT` read as
/// their plain kin.
fn attribute_kind(declared_type: &str) -> &str {
    let upper = declared_type.to_ascii_uppercase();
    let has = |part: &str| upper.contains(part);
    if has("INT") {
        "integer"
    } else if has("CHAR") || has("CLOB") || has("TEXT") || upper.is_empty() {
        "string"
    } else if has("REAL") || has("FLOA") || has("DOUB") {
        "float"
    } else if has("TIME") || has("DATE") {
        "time"
    } else if has("BOOL") {
        "boolean"
    } else {
        declared_type
    }
}

/// A SQL identifier in double quotes, so that any type name is safe.
fn quoted(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_sql_types_map_to_ocel_kinds() {
        assert_eq!(attribute_kind("TEXT"), "string");
        assert_eq!(attribute_kind("VARCHAR(20)"), "string");
        assert_eq!(attribute_kind("REAL"), "float");
        assert_eq!(attribute_kind("INTEGER"), "integer");
        assert_eq!(attribute_kind("TIMESTAMP"), "time");
        assert_eq!(attribute_kind(""), "string");
        assert_eq!(attribute_kind("NUMERIC"), "NUMERIC");
    }

    #[test]
    fn identifiers_with_quotes_are_escaped() {
        assert_eq!(quoted("object_Say \"hi\""), "\"object_Say \"\"hi\"\"\"");
    }
}
