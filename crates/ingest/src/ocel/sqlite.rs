//! The OCEL 2.0 SQLite reader. An OCEL database keeps ids and types in the
//! `object` and `event` tables, links in `event_object` and
//! `object_object`, and times and attributes in one table per type, named
//! through `object_map_type` and `event_map_type`. The database is opened
//! read-only; rows are read in rowid order, which is the order they were
//! written in.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::Write;
use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, Row};
use throughline_model::Timestamp;

use super::ReadOptions;
use super::error::{OcelError, Place};
use super::log::{
    OcelAttributeDeclaration, OcelEvent, OcelEventAttribute, OcelLog, OcelObject,
    OcelObjectAttribute, OcelRelationship, OcelType,
};
use super::source::Origin;

const REQUIRED_TABLES: [&str; 6] = [
    "event",
    "object",
    "event_object",
    "object_object",
    "event_map_type",
    "object_map_type",
];

/// Columns of the per-type tables that are not attributes.
const ID_COLUMN: &str = "ocel_id";
const TIME_COLUMN: &str = "ocel_time";
const CHANGED_FIELD_COLUMN: &str = "ocel_changed_field";

/// Reads the OCEL 2.0 SQLite database at `database`; errors name `origin`.
pub(super) fn read_file(
    database: &Path,
    origin: &Origin,
    options: &ReadOptions,
) -> Result<OcelLog, OcelError> {
    let connection = open_read_only(database, origin)?;
    let reader = SqliteReader {
        connection,
        origin,
        naive_offset: options.naive_offset,
    };
    reader.log()
}

/// Reads a database held in memory, such as one that was gzipped. SQLite
/// opens databases from files, so the bytes go to a temporary file first,
/// which is removed when reading ends.
pub(super) fn read_bytes(
    bytes: &[u8],
    origin: &Origin,
    options: &ReadOptions,
) -> Result<OcelLog, OcelError> {
    let copy_error = |source| OcelError::TemporaryCopy {
        path: origin.path.clone(),
        source,
    };
    let mut copy = tempfile::NamedTempFile::new().map_err(copy_error)?;
    copy.write_all(bytes).map_err(copy_error)?;
    copy.flush().map_err(copy_error)?;

    read_file(copy.path(), origin, options)
}

fn open_read_only(database: &Path, origin: &Origin) -> Result<Connection, OcelError> {
    let open_error = |source| OcelError::OpenDatabase {
        path: origin.path.clone(),
        source,
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(database, flags).map_err(open_error)?;

    // SQLite reads the header lazily; touching the schema now reports a
    // damaged file as one that cannot be opened rather than as a failed query.
    connection
        .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(open_error)?;
    Ok(connection)
}

/// A per-type table and the attribute columns it declares.
struct TypeTable {
    type_name: String,
    table: String,
    /// Attribute columns in table order, with their declared SQL types.
    attributes: Vec<Column>,
    has_changed_field: bool,
    /// Some writers list a type without creating its table; such a type
    /// simply has no attributes and no rows.
    exists: bool,
}

struct Column {
    name: String,
    declared_type: String,
}

impl TypeTable {
    fn declaration(&self) -> OcelType {
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
    fn select_rows(&self) -> String {
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
    fn first_attribute_index(&self) -> usize {
        if self.has_changed_field { 4 } else { 3 }
    }
}

/// The OCEL type name for a column's declared SQL type. The tests follow
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

/// Where each id stands: its position in the result and its rowid.
type IdIndex = HashMap<String, (usize, i64)>;

/// What the per-type table gives an event.
struct EventDetails {
    time: Timestamp,
    attributes: Vec<OcelEventAttribute>,
}

struct SqliteReader<'a> {
    connection: Connection,
    origin: &'a Origin,
    naive_offset: time::UtcOffset,
}

impl SqliteReader<'_> {
    fn log(&self) -> Result<OcelLog, OcelError> {
        self.require_tables()?;
        let object_tables = self.type_tables("object_map_type", "object_")?;
        let event_tables = self.type_tables("event_map_type", "event_")?;

        let (mut objects, object_index) = self.objects()?;
        for table in object_tables.iter().filter(|table| table.exists) {
            self.object_attributes(table, &mut objects, &object_index)?;
        }
        self.object_relationships(&mut objects, &object_index)?;

        let details = self.event_details(&event_tables)?;
        let (mut events, event_index) = self.events(details, &event_tables)?;
        self.event_relationships(&mut events, &event_index)?;

        Ok(OcelLog {
            object_types: object_tables.iter().map(TypeTable::declaration).collect(),
            event_types: event_tables.iter().map(TypeTable::declaration).collect(),
            objects,
            events,
        })
    }

    fn require_tables(&self) -> Result<(), OcelError> {
        let mut present = Vec::new();
        self.each_row(
            "sqlite_master",
            "SELECT rowid, name FROM sqlite_master WHERE type = 'table'",
            |row| {
                present.push(row.required_text(1, "name")?);
                Ok(())
            },
        )?;

        let missing: Vec<String> = REQUIRED_TABLES
            .iter()
            .filter(|table| !present.iter().any(|name| name == *table))
            .map(|table| (*table).to_owned())
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(OcelError::MissingTables {
            path: self.origin.path.clone(),
            tables: missing,
        })
    }

    /// The types listed in `map_table`, each with its table's columns.
    fn type_tables(&self, map_table: &str, prefix: &str) -> Result<Vec<TypeTable>, OcelError> {
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

    fn objects(&self) -> Result<(Vec<OcelObject>, IdIndex), OcelError> {
        let mut objects = Vec::new();
        let mut index = IdIndex::new();
        let query = "SELECT rowid, ocel_id, ocel_type FROM object ORDER BY rowid";

        self.each_row("object", query, |row| {
            let id = row.required_text(1, "ocel_id")?;
            if let Some(first) = register(&mut index, &id, objects.len(), row.rowid) {
                return Err(OcelError::DuplicateObjectId {
                    path: self.origin.path.clone(),
                    place: row.place(),
                    first: Place::Row {
                        table: "object".to_owned(),
                        rowid: first,
                    },
                    id,
                });
            }

            objects.push(OcelObject {
                id,
                object_type: row.required_text(2, "ocel_type")?,
                attributes: Vec::new(),
                relationships: Vec::new(),
            });
            Ok(())
        })?;
        Ok((objects, index))
    }

    /// A row with ocel_changed_field NULL (or no such column) sets every
    /// attribute it has a value for; a row naming a field changes only that
    /// one, and its other columns are mere copies.
    fn object_attributes(
        &self,
        table: &TypeTable,
        objects: &mut [OcelObject],
        index: &IdIndex,
    ) -> Result<(), OcelError> {
        self.each_row(&table.table, &table.select_rows(), |row| {
            let id = row.required_text(1, ID_COLUMN)?;
            let Some(&(position, _)) = index.get(&id) else {
                let problem = format!("{ID_COLUMN} '{id}' is not in table object");
                return Err(self.origin.malformed(row.place(), problem));
            };
            let time = row.time(2, self.naive_offset)?;
            let changed_field = if table.has_changed_field {
                row.text(3, CHANGED_FIELD_COLUMN)?
            } else {
                None
            };

            let attributes = &mut objects[position].attributes;
            for (offset, column) in self.changed_columns(table, changed_field, row)? {
                let index = table.first_attribute_index() + offset;
                if let Some(value) = row.text(index, &column.name)? {
                    let name = column.name.clone();
                    attributes.push(OcelObjectAttribute { name, value, time });
                }
            }
            Ok(())
        })
    }

    /// The attribute columns a row sets, with their offsets among them.
    fn changed_columns<'table>(
        &self,
        table: &'table TypeTable,
        changed_field: Option<String>,
        row: &TableRow<'_>,
    ) -> Result<Vec<(usize, &'table Column)>, OcelError> {
        let columns = table.attributes.iter().enumerate();
        let Some(field) = changed_field else {
            return Ok(columns.collect());
        };

        let changed: Vec<_> = columns.filter(|(_, column)| column.name == field).collect();
        if changed.is_empty() {
            let problem = format!(
                "{CHANGED_FIELD_COLUMN} names '{field}', which is not a column of this table"
            );
            return Err(self.origin.malformed(row.place(), problem));
        }
        Ok(changed)
    }

    fn object_relationships(
        &self,
        objects: &mut [OcelObject],
        index: &IdIndex,
    ) -> Result<(), OcelError> {
        let query = "SELECT rowid, ocel_source_id, ocel_target_id, ocel_qualifier \
                     FROM object_object ORDER BY rowid";
        self.each_row("object_object", query, |row| {
            let source_id = row.required_text(1, "ocel_source_id")?;
            let Some(&(position, _)) = index.get(&source_id) else {
                let problem = format!("ocel_source_id '{source_id}' is not in table object");
                return Err(self.origin.malformed(row.place(), problem));
            };

            objects[position].relationships.push(OcelRelationship {
                object_id: row.required_text(2, "ocel_target_id")?,
                qualifier: row.text(3, "ocel_qualifier")?.unwrap_or_default(),
            });
            Ok(())
        })
    }

    /// Times and attributes of all events, by event id.
    fn event_details(
        &self,
        tables: &[TypeTable],
    ) -> Result<HashMap<String, EventDetails>, OcelError> {
        let mut details = HashMap::new();
        for table in tables.iter().filter(|table| table.exists) {
            self.each_row(&table.table, &table.select_rows(), |row| {
                let id = row.required_text(1, ID_COLUMN)?;
                let event = EventDetails {
                    time: row.time(2, self.naive_offset)?,
                    attributes: event_attributes(table, row)?,
                };

                match details.entry(id) {
                    Entry::Vacant(slot) => {
                        slot.insert(event);
                        Ok(())
                    }
                    Entry::Occupied(first) => {
                        let problem = format!(
                            "a second row for event '{}'; an event has one time",
                            first.key()
                        );
                        Err(self.origin.malformed(row.place(), problem))
                    }
                }
            })?;
        }
        Ok(details)
    }

    fn events(
        &self,
        mut details: HashMap<String, EventDetails>,
        tables: &[TypeTable],
    ) -> Result<(Vec<OcelEvent>, IdIndex), OcelError> {
        let mut events = Vec::new();
        let mut index = IdIndex::new();
        let query = "SELECT rowid, ocel_id, ocel_type FROM event ORDER BY rowid";

        self.each_row("event", query, |row| {
            let id = row.required_text(1, "ocel_id")?;
            if let Some(first) = register(&mut index, &id, events.len(), row.rowid) {
                return Err(OcelError::DuplicateEventId {
                    path: self.origin.path.clone(),
                    place: row.place(),
                    first: Place::Row {
                        table: "event".to_owned(),
                        rowid: first,
                    },
                    id,
                });
            }

            let event_type = row.required_text(2, "ocel_type")?;
            let Some(EventDetails { time, attributes }) = details.remove(&id) else {
                return Err(self.event_without_time(row, &id, &event_type, tables));
            };
            events.push(OcelEvent {
                id,
                event_type,
                time,
                attributes,
                relationships: Vec::new(),
            });
            Ok(())
        })?;
        Ok((events, index))
    }

    fn event_without_time(
        &self,
        row: &TableRow<'_>,
        id: &str,
        event_type: &str,
        tables: &[TypeTable],
    ) -> OcelError {
        let table = tables.iter().find(|table| table.type_name == event_type);
        let problem = match table {
            Some(table) => format!(
                "event '{id}' has no time: table {} has no row for it",
                table.table
            ),
            None => format!(
                "event '{id}' has no time: its type '{event_type}' is not in event_map_type"
            ),
        };
        self.origin.malformed(row.place(), problem)
    }

    fn event_relationships(
        &self,
        events: &mut [OcelEvent],
        index: &IdIndex,
    ) -> Result<(), OcelError> {
        let query = "SELECT rowid, ocel_event_id, ocel_object_id, ocel_qualifier \
                     FROM event_object ORDER BY rowid";
        self.each_row("event_object", query, |row| {
            let event_id = row.required_text(1, "ocel_event_id")?;
            let Some(&(position, _)) = index.get(&event_id) else {
                let problem = format!("ocel_event_id '{event_id}' is not in table event");
                return Err(self.origin.malformed(row.place(), problem));
            };

            events[position].relationships.push(OcelRelationship {
                object_id: row.required_text(2, "ocel_object_id")?,
                qualifier: row.text(3, "ocel_qualifier")?.unwrap_or_default(),
            });
            Ok(())
        })
    }

    /// Runs `query`, whose first column must be the rowid, and hands each
    /// row to `visit`.
    fn each_row(
        &self,
        table: &str,
        query: &str,
        mut visit: impl FnMut(&TableRow<'_>) -> Result<(), OcelError>,
    ) -> Result<(), OcelError> {
        let query_error = |source| self.query_error(table, source);
        let mut statement = self.connection.prepare(query).map_err(query_error)?;
        let mut rows = statement.query([]).map_err(query_error)?;

        while let Some(row) = rows.next().map_err(query_error)? {
            let row = TableRow {
                origin: self.origin,
                table,
                rowid: row.get(0).map_err(query_error)?,
                row,
            };
            visit(&row)?;
        }
        Ok(())
    }

    fn query_error(&self, table: &str, source: rusqlite::Error) -> OcelError {
        OcelError::Query {
            path: self.origin.path.clone(),
            place: Place::Table {
                table: table.to_owned(),
            },
            source,
        }
    }
}

/// Notes where `id` stands, or returns the rowid of its first use.
fn register(index: &mut IdIndex, id: &str, position: usize, rowid: i64) -> Option<i64> {
    match index.entry(id.to_owned()) {
        Entry::Occupied(first) => Some(first.get().1),
        Entry::Vacant(slot) => {
            slot.insert((position, rowid));
            None
        }
    }
}

fn event_attributes(
    table: &TypeTable,
    row: &TableRow<'_>,
) -> Result<Vec<OcelEventAttribute>, OcelError> {
    let mut attributes = Vec::new();
    for (offset, column) in table.attributes.iter().enumerate() {
        let index = table.first_attribute_index() + offset;
        if let Some(value) = row.text(index, &column.name)? {
            let name = column.name.clone();
            attributes.push(OcelEventAttribute { name, value });
        }
    }
    Ok(attributes)
}

/// A row being read, with what it takes to name it in an error.
struct TableRow<'a> {
    origin: &'a Origin,
    table: &'a str,
    rowid: i64,
    row: &'a Row<'a>,
}

impl TableRow<'_> {
    fn place(&self) -> Place {
        Place::Row {
            table: self.table.to_owned(),
            rowid: self.rowid,
        }
    }

    /// A cell as text, `None` for NULL. Numbers become the text of their
    /// value; a REAL is written the shortest way that reads back the same.
    fn text(&self, index: usize, column: &str) -> Result<Option<String>, OcelError> {
        let value = self.row.get_ref(index).map_err(|source| OcelError::Query {
            path: self.origin.path.clone(),
            place: self.place(),
            source,
        })?;

        match value {
            ValueRef::Null => Ok(None),
            ValueRef::Integer(number) => Ok(Some(number.to_string())),
            ValueRef::Real(number) => Ok(Some(number.to_string())),
            ValueRef::Text(bytes) | ValueRef::Blob(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => Ok(Some(text.to_owned())),
                Err(_) => {
                    let problem = format!("{column} holds bytes that are not UTF-8 text");
                    Err(self.origin.malformed(self.place(), problem))
                }
            },
        }
    }

    fn required_text(&self, index: usize, column: &str) -> Result<String, OcelError> {
        self.text(index, column)?.ok_or_else(|| {
            let problem = format!("{column} is empty (NULL)");
            self.origin.malformed(self.place(), problem)
        })
    }

    fn time(&self, index: usize, naive_offset: time::UtcOffset) -> Result<Timestamp, OcelError> {
        let text = self.required_text(index, TIME_COLUMN)?;
        Timestamp::parse(&text, naive_offset)
            .map_err(|_| self.origin.bad_timestamp(self.place(), TIME_COLUMN, &text))
    }
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
