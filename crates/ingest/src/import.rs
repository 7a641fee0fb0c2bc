//! Importing an OCEL 2.0 log end to end: read the file, map it, write it as
//! one batch, and say what happened. Progress is reported by stage so the
//! command line can show it; the store writes the batch in one transaction,
//! so a refused file leaves the database as it was.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use throughline_store::{ImportReport, Store};
use time::UtcOffset;

use crate::IngestError;
use crate::mapping::Mapping;
use crate::ocel::{self, OcelLog, OcelObject, ReadOptions};
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
    let file = path.display().to_string();
    import_with(store, file, options, progress, |read_options| {
        ocel::read_log(path, read_options)
    })
}

/// The same for a log held in memory, such as the one the binary bundles.
pub fn import_ocel_bytes(
    store: &dyn Store,
    name: &str,
    bytes: Vec<u8>,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportSummary, IngestError> {
    import_with(store, name.to_owned(), options, progress, |read_options| {
        ocel::read_log_bytes(name, bytes, read_options)
    })
}

/// Loads the mapping, reads the log with `read` and writes it.
fn import_with(
    store: &dyn Store,
    file: String,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
    read: impl FnOnce(&ReadOptions) -> Result<OcelLog, ocel::OcelError>,
) -> Result<ImportSummary, IngestError> {
    let started = Instant::now();
    let mapping = load_mapping(options)?;
    let read_options = read_options(&mapping, options)?;

    progress(Progress::Reading { file: file.clone() });
    let log = read(&read_options)?;
    write_log(store, log, &mapping, file, started, progress)
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
    mut log: OcelLog,
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
    let stored = stored_objects(store, &log, mapping)?;
    log.objects.extend(stored);
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

/// Objects the file's events and relations name but does not hold, which
/// an earlier import stored: they join the log as bare objects, so this
/// file's events still set their status and history and its relations
/// still link them. The store merges them with what it holds.
fn stored_objects(
    store: &dyn Store,
    log: &OcelLog,
    mapping: &Mapping,
) -> Result<Vec<OcelObject>, IngestError> {
    let held: HashSet<&str> = log
        .objects
        .iter()
        .map(|object| object.id.as_str())
        .collect();
    let named = log
        .events
        .iter()
        .flat_map(|event| &event.relationships)
        .chain(log.objects.iter().flat_map(|object| &object.relationships));
    let mut missing: Vec<String> = named
        .map(|relation| relation.object_id.as_str())
        .filter(|id| !held.contains(id))
        .map(str::to_owned)
        .collect();
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    missing.sort_unstable();
    missing.dedup();

    let stored = store.records_in_source(&mapping.source, &missing)?;
    Ok(stored
        .into_iter()
        .filter_map(|record| {
            let object_type = mapping.object_type_of(&record.type_key)?;
            Some(OcelObject {
                id: record.key,
                object_type: object_type.to_owned(),
                attributes: Vec::new(),
                relationships: Vec::new(),
            })
        })
        .collect())
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
