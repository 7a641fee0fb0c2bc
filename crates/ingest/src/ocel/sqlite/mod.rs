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

use rusqlite::{Connection, OpenFlags};
use throughline_model::Timestamp;

use super::ReadOptions;
use super::error::{OcelError, Place};
use super::log::{
    OcelEvent, OcelEventAttribute, OcelLog, OcelObject, OcelObjectAttribute, OcelRelationship,
};
use super::source::Origin;

mod table_row;
mod type_table;

use table_row::TableRow;
use type_table::{Column, TypeTable};

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
            .filter(|table| !present.iter().any(|name| name.eq_ignore_ascii_case(table)))
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
                let column_index = table.first_attribute_index() + offset;
                if let Some(value) = row.text(column_index, &column.name)? {
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
            Some(table) if !table.exists => format!(
                "event '{id}' has no time: table {} does not exist",
                table.table
            ),
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
        let column_index = table.first_attribute_index() + offset;
        if let Some(value) = row.text(column_index, &column.name)? {
            let name = column.name.clone();
            attributes.push(OcelEventAttribute { name, value });
        }
    }
    Ok(attributes)
}
