//! Sales process records: a tracked deal for one account inside one group,
//! with its chosen roots and children and the manager's overrides.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::record::RecordId;
use crate::timestamp::Timestamp;

/// The number people say aloud: SP0001, SP0002, ...
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProcessNumber(pub u32);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("'{0}' is not a sales process number (expected SP followed by digits, such as SP0001)")]
pub struct ProcessNumberError(pub String);

impl fmt::Display for ProcessNumber {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "SP{:04}", self.0)
    }
}

/// Accepts `SP0001`, `sp1` and a bare `1`, since people type all three.
impl FromStr for ProcessNumber {
    type Err = ProcessNumberError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let digits = text
            .strip_prefix("SP")
            .or_else(|| text.strip_prefix("sp"))
            .unwrap_or(text);
        digits
            .parse()
            .map(Self)
            .map_err(|_| ProcessNumberError(text.to_owned()))
    }
}

impl Serialize for ProcessNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ProcessNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcessState {
    Open,
    Won,
    Lost,
    Closed,
}

impl ProcessState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Won => "won",
            Self::Lost => "lost",
            Self::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "open" => Some(Self::Open),
            "won" => Some(Self::Won),
            "lost" => Some(Self::Lost),
            "closed" => Some(Self::Closed),
            _ => None,
        }
    }
}

/// A manager's correction of what the data implies. Kept apart from the
/// data links so that no re-import can undo it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Override {
    /// Take the record, and whatever hangs only below it, out of the map.
    Delink { record: RecordId },
    /// Pull the record in under a node, beside its data parents.
    Link { record: RecordId, under: RecordId },
    /// Hang the record under another parent instead of its data parents.
    Move { record: RecordId, under: RecordId },
}

impl Override {
    pub fn record(self) -> RecordId {
        match self {
            Self::Delink { record } | Self::Link { record, .. } | Self::Move { record, .. } => {
                record
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesProcess {
    pub number: ProcessNumber,
    pub title: String,
    pub account: String,
    pub group: String,
    pub owner: String,
    pub state: ProcessState,
    pub roots: Vec<RecordId>,
    /// Children the manager picked with the roots; they are monitored.
    pub chosen_children: Vec<RecordId>,
    /// In the order they were made; a later override of a record replaces
    /// an earlier one.
    pub overrides: Vec<Override>,
    pub created_at: Timestamp,
}

impl SalesProcess {
    /// The override in force for a record, if any.
    pub fn override_for(&self, record: RecordId) -> Option<Override> {
        self.overrides
            .iter()
            .rev()
            .find(|entry| entry.record() == record)
            .copied()
    }

    /// Whether the manager chose this record: a root, a picked child, or
    /// one linked or moved in by hand.
    pub fn is_monitored(&self, record: RecordId) -> bool {
        self.roots.contains(&record)
            || self.chosen_children.contains(&record)
            || matches!(
                self.override_for(record),
                Some(Override::Link { .. } | Override::Move { .. })
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_way_people_type_them() {
        assert_eq!("SP0007".parse::<ProcessNumber>().unwrap(), ProcessNumber(7));
        assert_eq!("sp7".parse::<ProcessNumber>().unwrap(), ProcessNumber(7));
        assert_eq!("7".parse::<ProcessNumber>().unwrap(), ProcessNumber(7));
        assert_eq!(ProcessNumber(7).to_string(), "SP0007");
        assert!("SPX".parse::<ProcessNumber>().is_err());
    }

    #[test]
    fn the_latest_override_of_a_record_wins() {
        let record = RecordId(5);
        let process = SalesProcess {
            number: ProcessNumber(1),
            title: "Deal".to_owned(),
            account: "Acme".to_owned(),
            group: "order-to-cash".to_owned(),
            owner: "ana".to_owned(),
            state: ProcessState::Open,
            roots: vec![RecordId(1)],
            chosen_children: vec![],
            overrides: vec![
                Override::Delink { record },
                Override::Link {
                    record,
                    under: RecordId(1),
                },
            ],
            created_at: Timestamp::now(),
        };
        assert!(matches!(
            process.override_for(record),
            Some(Override::Link { .. })
        ));
        assert!(process.is_monitored(record));
        assert!(!process.is_monitored(RecordId(9)));
    }
}
