//! One row of a query over an OCEL SQLite table: its cells as text, and
//! errors that name the table and the rowid.

use rusqlite::Row;
use rusqlite::types::ValueRef;
use throughline_model::Timestamp;

use super::TIME_COLUMN;
use crate::ocel::error::{OcelError, Place};
use crate::ocel::source::Origin;

/// A row being read, with what it takes to name it in an error.
pub(super) struct TableRow<'a> {
    pub(super) origin: &'a Origin,
    pub(super) table: &'a str,
    pub(super) rowid: i64,
    pub(super) row: &'a Row<'a>,
}

impl TableRow<'_> {
    pub(super) fn place(&self) -> Place {
        Place::Row {
            table: self.table.to_owned(),
            rowid: self.rowid,
        }
    }

    /// A cell as text, `None` for NULL. Numbers become the text of their
    /// value; a REAL is written the shortest way that reads back the same.
    pub(super) fn text(&self, index: usize, column: &str) -> Result<Option<String>, OcelError> {
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

    pub(super) fn required_text(&self, index: usize, column: &str) -> Result<String, OcelError> {
        self.text(index, column)?.ok_or_else(|| {
            let problem = format!("{column} is empty (NULL)");
            self.origin.malformed(self.place(), problem)
        })
    }

    pub(super) fn time(
        &self,
        index: usize,
        naive_offset: time::UtcOffset,
    ) -> Result<Timestamp, OcelError> {
        let text = self.required_text(index, TIME_COLUMN)?;
        Timestamp::parse(&text, naive_offset)
            .map_err(|_| self.origin.bad_timestamp(self.place(), TIME_COLUMN, &text))
    }
}
