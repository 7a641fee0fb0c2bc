//! Importing an OCEL 2.0 log end to end: read the file, map it, write it as
//! one batch, and say what happened. Progress is reported by stage so the
//! command line can show it; the store writes the batch in one transaction,
//! so a refused file leaves the database as it was.

use std::path::{Path, PathBuf};
use std::time::Instant;

use throughline_store::{ImportReport, Store};
use time::UtcOffset;

use crate::IngestError;
use crate::mapping::Mapping;
use crate::ocel::{self, OcelLog, ReadOptions};
use crate::ocel_batch::convert;

#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// A mapping file; without one, the built-in order-management mapping.
    pub mapping: Option<PathBuf>,
    /// Overrides the mapping's offset for timestamps written without one.
    pub naive_offset: Option<UtcOffset>,
}

/// The stage an import has reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Progress {
    Reading {
        file: String,
    },
    Mapping {
        objects: usize,
        events: usize,
    },
    Writing {
        records: usize,
        events: usize,
        links: usize,
    },
}

/// What an import read and what it wrote.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ImportSummary {
    pub file: String,
    pub source: String,
    pub objects: usize,
    pub events: usize,
    pub event_object_relations: usize,
    pub object_object_relations: usize,
    pub written: ImportReport,
    pub warnings: Vec<String>,
    pub seconds: f64,
}

pub fn import_ocel_file(
    store: &dyn Store,
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportSummary, IngestError> {
    let started = Instant::now();
    let file = path.display().to_string();
    let mapping = load_mapping(options)?;
    let read_options = read_options(&mapping, options)?;

    progress(Progress::Reading { file: file.clone() });
    let log = ocel::read_log(path, &read_options)?;
    write_log(store, log, &mapping, file, started, progress)
}

/// The same for a log held in memory, such as the one the binary bundles.
pub fn import_ocel_bytes(
    store: &dyn Store,
    name: &str,
    bytes: Vec<u8>,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportSummary, IngestError> {
    let started = Instant::now();
    let mapping = load_mapping(options)?;
    let read_options = read_options(&mapping, options)?;

    progress(Progress::Reading {
        file: name.to_owned(),
    });
    let log = ocel::read_log_bytes(name, bytes, &read_options)?;
    write_log(store, log, &mapping, name.to_owned(), started, progress)
}

fn load_mapping(options: &ImportOptions) -> Result<Mapping, IngestError> {
    match &options.mapping {
        Some(path) => Mapping::from_file(path),
        None => Ok(Mapping::order_management()),
    }
}

fn read_options(mapping: &Mapping, options: &ImportOptions) -> Result<ReadOptions, IngestError> {
    let naive_offset = match options.naive_offset {
        Some(offset) => offset,
        None => mapping.naive_offset("the mapping")?,
    };
    Ok(ReadOptions { naive_offset })
}

fn write_log(
    store: &dyn Store,
    log: OcelLog,
    mapping: &Mapping,
    file: String,
    started: Instant,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportSummary, IngestError> {
    progress(Progress::Mapping {
        objects: log.objects.len(),
        events: log.events.len(),
    });
    let types = store.business_object_types()?;
    let mapping_name = mapping_name(mapping);
    mapping.check_types(&types, &mapping_name)?;
    let read = ReadCounts::of(&log);
    let conversion = convert(log, mapping, &types)?;

    let batch = &conversion.batch;
    progress(Progress::Writing {
        records: batch.records.len(),
        events: batch.events.len(),
        links: batch.links.len(),
    });
    let written = store.import_batch(batch)?;
    let summary = ImportSummary {
        file,
        source: mapping.source.clone(),
        objects: read.objects,
        events: read.events,
        event_object_relations: read.event_object_relations,
        object_object_relations: read.object_object_relations,
        written,
        warnings: conversion.warnings,
        seconds: started.elapsed().as_secs_f64(),
    };
    tracing::info!(
        file = %summary.file,
        records = summary.objects,
        events = summary.events,
        seconds = summary.seconds,
        "import finished"
    );
    Ok(summary)
}

fn mapping_name(mapping: &Mapping) -> String {
    format!("the mapping for source '{}'", mapping.source)
}

/// What the file held, counted before the log is handed on.
struct ReadCounts {
    objects: usize,
    events: usize,
    event_object_relations: usize,
    object_object_relations: usize,
}

impl ReadCounts {
    fn of(log: &OcelLog) -> Self {
        Self {
            objects: log.objects.len(),
            events: log.events.len(),
            event_object_relations: log
                .events
                .iter()
                .map(|event| event.relationships.len())
                .sum(),
            object_object_relations: log
                .objects
                .iter()
                .map(|object| object.relationships.len())
                .sum(),
        }
    }
}
