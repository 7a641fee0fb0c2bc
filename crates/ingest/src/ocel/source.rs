//! The bytes of a log before a format reads them: unpacking gzip, telling
//! the format by content (a file's name says little; logs travel renamed),
//! and turning a byte offset into the line and column a person looks for.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

use super::error::{OcelError, Place};

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
const UTF8_BYTE_ORDER_MARK: &[u8] = b"\xef\xbb\xbf";

/// The three ways an OCEL 2.0 log is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Json,
    Xml,
    Sqlite,
}

/// The file a log came from, as its errors will name it.
#[derive(Debug, Clone)]
pub(super) struct Origin {
    pub(super) path: PathBuf,
    /// Set once the bytes were gunzipped, so that positions say they count
    /// in the unpacked text.
    pub(super) unpacked: bool,
}

impl Origin {
    pub(super) fn new(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
            unpacked: false,
        }
    }

    /// The place of a byte offset in `text`.
    pub(super) fn text_place(&self, text: &[u8], offset: usize) -> Place {
        let (line, column) = line_and_column(text, offset);
        Place::Text {
            line,
            column,
            unpacked: self.unpacked,
        }
    }

    pub(super) fn malformed(&self, place: Place, problem: impl Into<String>) -> OcelError {
        OcelError::Malformed {
            path: self.path.clone(),
            place,
            problem: problem.into(),
        }
    }

    pub(super) fn bad_timestamp(
        &self,
        place: Place,
        field: impl Into<String>,
        text: &str,
    ) -> OcelError {
        OcelError::BadTimestamp {
            path: self.path.clone(),
            place,
            field: field.into(),
            text: text.to_owned(),
        }
    }
}

/// Whether the file begins with the SQLite header, read without loading the
/// whole file.
pub(super) fn has_sqlite_header(path: &Path) -> Result<bool, OcelError> {
    let read_error = |source| OcelError::Read {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(read_error)?;

    let mut header = Vec::with_capacity(SQLITE_MAGIC.len());
    file.take(SQLITE_MAGIC.len() as u64)
        .read_to_end(&mut header)
        .map_err(read_error)?;
    Ok(header == SQLITE_MAGIC)
}

/// The most bytes one gzip file may unpack to. A file of a few megabytes
/// can unpack to terabytes; past this limit it is refused rather than left to
/// exhaust the memory of the server that was handed it.
const LARGEST_UNPACKED: usize = 2 << 30;

/// The bytes themselves when they are not gzip, else the unpacked bytes.
pub(super) fn unpack(origin: &mut Origin, bytes: Vec<u8>) -> Result<Vec<u8>, OcelError> {
    if !bytes.starts_with(GZIP_MAGIC) {
        return Ok(bytes);
    }

    let unpacked =
        unpack_at_most(&bytes, LARGEST_UNPACKED).map_err(|source| OcelError::Unpack {
            path: origin.path.clone(),
            source,
        })?;
    origin.unpacked = true;
    Ok(unpacked)
}

fn unpack_at_most(packed: &[u8], limit: usize) -> io::Result<Vec<u8>> {
    let mut unpacked = Vec::with_capacity(unpacked_size_hint(packed).min(limit));

    // Several gzip members in one file are legal and read as one text.
    let decoder = MultiGzDecoder::new(packed);
    decoder.take(limit as u64 + 1).read_to_end(&mut unpacked)?;

    if unpacked.len() > limit {
        let problem = format!(
            "it unpacks to more than {} MiB, the most we read",
            limit >> 20
        );
        return Err(io::Error::other(problem));
    }
    Ok(unpacked)
}

/// The size gzip records in its last four bytes, which saves regrowing the
/// buffer while unpacking. It is only a hint: it wraps at 4 GiB and a
/// damaged file may claim anything, so it is held to what deflate can reach
/// from the packed size (at most about 1032 to 1).
fn unpacked_size_hint(packed: &[u8]) -> usize {
    const LARGEST_RATIO: usize = 1032;
    let Some(trailer) = packed.last_chunk::<4>() else {
        return 0;
    };
    let recorded = u32::from_le_bytes(*trailer) as usize;
    recorded.min(packed.len().saturating_mul(LARGEST_RATIO))
}

/// The format of (unpacked) bytes, told by their first bytes.
pub(super) fn detect(origin: &Origin, bytes: &[u8]) -> Result<Format, OcelError> {
    if bytes.starts_with(SQLITE_MAGIC) {
        return Ok(Format::Sqlite);
    }

    let text = without_byte_order_mark(bytes);
    let first = text.iter().find(|byte| !byte.is_ascii_whitespace());
    match first {
        Some(b'{') => Ok(Format::Json),
        Some(b'<') => Ok(Format::Xml),
        _ => Err(OcelError::UnknownFormat {
            path: origin.path.clone(),
            found: describe_start(origin, bytes),
        }),
    }
}

/// Some editors on Windows put a byte order mark before UTF-8 text; it is
/// not part of the text.
pub(super) fn without_byte_order_mark(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(UTF8_BYTE_ORDER_MARK).unwrap_or(bytes)
}

fn describe_start(origin: &Origin, bytes: &[u8]) -> String {
    const SHOWN_BYTES: usize = 24;
    let what = if origin.unpacked {
        "unpacked text"
    } else {
        "file"
    };
    if bytes.is_empty() {
        return format!("{what} is empty");
    }

    let start = &bytes[..bytes.len().min(SHOWN_BYTES)];
    format!("{what} starts with {:?}", String::from_utf8_lossy(start))
}

/// Line and column, both counted from 1, of a byte offset; the column counts
/// bytes from the start of the line.
fn line_and_column(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line_start = before
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |newline| newline + 1);
    let line = 1 + before[..line_start]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count();
    (line, before.len() - line_start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin::new(Path::new("log.json"))
    }

    #[test]
    fn lines_and_columns_count_from_one() {
        let text = b"{\n  \"a\": 1,\n  \"b\"";
        assert_eq!(line_and_column(text, 0), (1, 1));
        assert_eq!(line_and_column(text, 4), (2, 3));
        assert_eq!(line_and_column(text, text.len()), (3, 6));
    }

    #[test]
    fn formats_are_told_by_content_after_whitespace_and_byte_order_mark() {
        assert_eq!(detect(&origin(), b"  \n{}").unwrap(), Format::Json);
        assert_eq!(
            detect(&origin(), b"\xef\xbb\xbf<log/>").unwrap(),
            Format::Xml
        );
        assert_eq!(
            detect(&origin(), b"SQLite format 3\0rest").unwrap(),
            Format::Sqlite
        );
    }

    #[test]
    fn an_unknown_format_shows_how_the_file_starts() {
        let error = detect(&origin(), b"case id,activity\n").unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("but the file starts with \"case id,activity\\n\""),
            "{error}"
        );
    }

    #[test]
    fn an_empty_file_is_called_empty() {
        let error = detect(&origin(), b"").unwrap_err();
        assert!(
            error.to_string().ends_with("but the file is empty"),
            "{error}"
        );
    }

    #[test]
    fn a_damaged_size_trailer_gives_a_capped_hint() {
        assert_eq!(
            unpacked_size_hint(&[0x1f, 0x8b, 0xff, 0xff, 0xff, 0xff]),
            6 * 1032
        );
        assert_eq!(unpacked_size_hint(&[0x1f]), 0);
    }

    #[test]
    fn gzip_that_unpacks_past_the_limit_is_refused() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        io::Write::write_all(&mut encoder, &[b' '; 3 << 20]).unwrap();
        let packed = encoder.finish().unwrap();

        let error = unpack_at_most(&packed, 2 << 20).unwrap_err();
        assert_eq!(
            error.to_string(),
            "it unpacks to more than 2 MiB, the most we read"
        );
        assert_eq!(unpack_at_most(&packed, 3 << 20).unwrap().len(), 3 << 20);
    }
}
