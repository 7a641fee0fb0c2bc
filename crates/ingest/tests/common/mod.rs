//! What the ingest tests share: where the bundled logs and the fixtures
//! lie, reading a log or its error, and building small logs to read.
//!
//! Each test file uses a part of this, so the rest is unused there.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use throughline_ingest::ocel::{OcelError, OcelLog, ReadOptions, read_log};

pub fn manifest_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

pub fn fixture(name: &str) -> PathBuf {
    manifest_path(&format!("tests/data/{name}"))
}

pub fn order_management(extension: &str) -> PathBuf {
    manifest_path(&format!(
        "../../data/ocel2-order-management/order-management.{extension}"
    ))
}

pub fn p2p_example(extension: &str) -> PathBuf {
    manifest_path(&format!(
        "../../data/ocel2-example-p2p/ocel20_example.{extension}"
    ))
}

/// The p2p example's mapping, written for the tests.
pub fn p2p_mapping() -> PathBuf {
    fixture("p2p-mapping.toml")
}

pub fn read(path: &Path, options: &ReadOptions) -> OcelLog {
    read_log(path, options).unwrap_or_else(|error| panic!("{}", full_message(&error)))
}

/// The error and its causes, joined as the command line prints them.
pub fn full_message(error: &OcelError) -> String {
    let mut message = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        message.push_str(&format!(": {inner}"));
        cause = inner.source();
    }
    message
}

pub fn read_error(path: &Path) -> OcelError {
    match read_log(path, &ReadOptions::default()) {
        Ok(_) => panic!("{} was read without an error", path.display()),
        Err(error) => error,
    }
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A database built from a SQL script under tests/data, after `edit`.
pub fn build_sqlite(script: &Path, edit: impl FnOnce(&str) -> String) -> tempfile::NamedTempFile {
    let script = edit(&std::fs::read_to_string(script).unwrap());
    let database = tempfile::Builder::new()
        .suffix(".sqlite")
        .tempfile()
        .unwrap();
    let connection = rusqlite::Connection::open(database.path()).unwrap();
    connection.execute_batch(&script).unwrap();
    database
}
