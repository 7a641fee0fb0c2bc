//! Points in time as the sources wrote them: an instant plus the offset it was
//! written in, so that a time never shifts and its zone is never lost.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// An instant with the UTC offset its source gave it.
///
/// Equality and ordering are by instant, as `OffsetDateTime`'s are: 12:00Z
/// equals 14:00+02:00. Compare the text (`to_string`) to tell zones apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(OffsetDateTime);

/// A text that is neither RFC 3339 nor a naive `YYYY-MM-DD[T ]HH:MM:SS[.f]`.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("'{text}' is not a timestamp (expected RFC 3339, such as 2023-04-03T10:08:18Z)")]
pub struct TimestampError {
    pub text: String,
}

impl Timestamp {
    /// Reads a timestamp. A text with an offset keeps it; a naive text (no
    /// offset, as OCEL SQLite and some XML files write them) is read in
    /// `naive_offset` and then stored in UTC, since the source never said
    /// which zone it meant and our assumption should not pose as its own.
    pub fn parse(text: &str, naive_offset: UtcOffset) -> Result<Self, TimestampError> {
        let trimmed = text.trim();
        if let Ok(with_offset) = OffsetDateTime::parse(trimmed, &Rfc3339) {
            return Ok(Self(with_offset));
        }
        let naive = parse_naive(trimmed).ok_or_else(|| TimestampError {
            text: text.to_owned(),
        })?;
        Ok(Self(
            naive.assume_offset(naive_offset).to_offset(UtcOffset::UTC),
        ))
    }

    pub fn from_offset_date_time(value: OffsetDateTime) -> Self {
        Self(value)
    }

    pub fn as_offset_date_time(self) -> OffsetDateTime {
        self.0
    }

    /// Milliseconds since 1970-01-01T00:00:00Z: the key to order instants by.
    pub fn unix_millis(self) -> i64 {
        (self.0.unix_timestamp_nanos() / 1_000_000) as i64
    }

    /// The calendar date in the timestamp's own offset.
    pub fn date(self) -> time::Date {
        self.0.date()
    }

    /// Now, in UTC.
    pub fn now() -> Self {
        Self(OffsetDateTime::now_utc())
    }
}

fn parse_naive(text: &str) -> Option<PrimitiveDateTime> {
    let with_t = format_description!(
        version = 2,
        "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
    );
    let with_space = format_description!(
        version = 2,
        "[year]-[month]-[day] [hour]:[minute]:[second][optional [.[subsecond]]]"
    );
    PrimitiveDateTime::parse(text, &with_t)
        .or_else(|_| PrimitiveDateTime::parse(text, &with_space))
        .ok()
}

/// RFC 3339 in the timestamp's own offset; UTC is written with `Z`.
impl fmt::Display for Timestamp {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.format(&Rfc3339).map_err(|_| fmt::Error)?;
        formatter.write_str(&text)
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text, UtcOffset::UTC)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::offset;

    #[test]
    fn explicit_offsets_are_kept() {
        let stamp = Timestamp::parse("2023-04-03T12:08:18+02:00", UtcOffset::UTC).unwrap();
        assert_eq!(stamp.to_string(), "2023-04-03T12:08:18+02:00");
        assert_eq!(stamp.date().to_string(), "2023-04-03");
    }

    #[test]
    fn utc_is_written_with_z_whichever_way_it_was_read() {
        let zulu = Timestamp::parse("2022-01-09T14:00:00Z", UtcOffset::UTC).unwrap();
        let plus_zero = Timestamp::parse("2022-01-09T14:00:00+00:00", UtcOffset::UTC).unwrap();
        assert_eq!(zulu, plus_zero);
        assert_eq!(plus_zero.to_string(), "2022-01-09T14:00:00Z");
    }

    #[test]
    fn naive_times_are_read_in_the_given_offset_and_stored_in_utc() {
        let stamp = Timestamp::parse("2022-01-09 15:00:00", offset!(+1)).unwrap();
        assert_eq!(stamp.to_string(), "2022-01-09T14:00:00Z");
        let with_t = Timestamp::parse("2022-01-09T15:00:00", offset!(+1)).unwrap();
        assert_eq!(with_t, stamp);
    }

    #[test]
    fn the_same_instant_in_two_zones_is_equal_but_written_apart() {
        let utc = Timestamp::parse("2023-04-03T10:08:18Z", UtcOffset::UTC).unwrap();
        let berlin = Timestamp::parse("2023-04-03T12:08:18+02:00", UtcOffset::UTC).unwrap();
        assert_eq!(utc, berlin);
        assert_ne!(utc.to_string(), berlin.to_string());
    }

    #[test]
    fn a_late_evening_time_never_shifts_its_date() {
        let stamp = Timestamp::parse("2023-12-31T23:30:00-05:00", UtcOffset::UTC).unwrap();
        assert_eq!(stamp.date().to_string(), "2023-12-31");
    }

    #[test]
    fn garbage_is_refused_with_the_text() {
        let error = Timestamp::parse("yesterday", UtcOffset::UTC).unwrap_err();
        assert!(error.to_string().contains("'yesterday'"));
    }
}
