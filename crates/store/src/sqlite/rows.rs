//! Turning rows into model values, and model values into column text.

use std::collections::BTreeMap;
use std::str::FromStr;

use rusqlite::Row;
use rust_decimal::Decimal;
use throughline_model::{Money, Phase, Record, RecordId, Timestamp};

/// The columns [`record_from_row`] reads, in its order.
pub(super) const RECORD_COLUMNS: &str = "id, source, type_key, key, account, display_name, \
     source_status, phase, amount, currency, fields, first_seen, last_changed";

/// A record row; unreadable stored text is reported as a conversion
/// failure of the column that holds it.
pub(super) fn record_from_row(row: &Row<'_>) -> rusqlite::Result<Record> {
    let phase_text: String = row.get(7)?;
    let phase = Phase::parse(&phase_text).ok_or_else(|| corrupt(7, "phase", &phase_text))?;
    let fields_text: String = row.get(10)?;
    let fields: BTreeMap<String, String> =
        serde_json::from_str(&fields_text).map_err(|_| corrupt(10, "fields", &fields_text))?;
    Ok(Record {
        id: RecordId(row.get(0)?),
        source: row.get(1)?,
        type_key: row.get(2)?,
        key: row.get(3)?,
        account: row.get(4)?,
        display_name: row.get(5)?,
        source_status: row.get(6)?,
        phase,
        amount: money(row, 8, 9)?,
        fields,
        first_seen: timestamp(row, 11)?,
        last_changed: timestamp(row, 12)?,
    })
}

pub(super) fn money(
    row: &Row<'_>,
    amount: usize,
    currency: usize,
) -> rusqlite::Result<Option<Money>> {
    let amount_text: Option<String> = row.get(amount)?;
    let currency_text: Option<String> = row.get(currency)?;
    let (Some(amount_text), Some(currency_text)) = (amount_text, currency_text) else {
        return Ok(None);
    };
    let value =
        Decimal::from_str(&amount_text).map_err(|_| corrupt(amount, "amount", &amount_text))?;
    Ok(Some(Money::new(value, currency_text)))
}

pub(super) fn timestamp(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<Timestamp>> {
    let text: Option<String> = row.get(index)?;
    text.map(|text| {
        text.parse::<Timestamp>()
            .map_err(|_| corrupt(index, "timestamp", &text))
    })
    .transpose()
}

pub(super) fn corrupt(index: usize, what: &str, text: &str) -> rusqlite::Error {
    let message = format!("stored {what} '{text}' is unreadable");
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, message.into())
}

pub(super) fn fields_json(fields: &BTreeMap<String, String>) -> String {
    // A map of strings always serialises.
    serde_json::to_string(fields).unwrap_or_else(|_| "{}".to_owned())
}

/// `?, ?, ?` for an IN list of `count` values.
pub(super) fn placeholders(count: usize) -> String {
    vec!["?"; count].join(", ")
}
