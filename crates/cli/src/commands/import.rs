//! `throughline import ocel`: reads a log with a progress line on stderr and
//! prints what was imported.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use throughline_ingest::{ImportOptions, ImportSummary, Progress, import_ocel_file};
use throughline_model::words::count_of;
use time::UtcOffset;

use super::{create_store, remove_database};
use crate::cli::{Global, ImportOcelArguments};
use crate::output::{emit, print_json};

pub fn ocel(global: &Global, arguments: &ImportOcelArguments) -> anyhow::Result<()> {
    let database = global.database();
    let is_new = !database.exists();
    let store = create_store(&database)?;
    let options = ImportOptions {
        mapping: arguments.mapping.clone(),
        naive_offset: arguments
            .naive_offset
            .as_deref()
            .map(parse_offset)
            .transpose()?,
    };

    let spinner = spinner();
    let summary = import_ocel_file(&store, &arguments.file, &options, &mut |stage| {
        spinner.set_message(describe(&stage));
    });
    spinner.finish_and_clear();
    let summary = match summary {
        Ok(summary) => summary,
        Err(error) => {
            // A refused first import leaves no empty database behind for a
            // later command to mistake for a real one.
            drop(store);
            if is_new {
                remove_database(&database)?;
            }
            return Err(error.into());
        }
    };

    if global.json {
        print_json(&summary)
    } else {
        print_summary(&summary)
    }
}

pub fn spinner() -> ProgressBar {
    let spinner = ProgressBar::new_spinner();
    spinner.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    spinner.enable_steady_tick(Duration::from_millis(100));
    spinner
}

pub fn describe(stage: &Progress) -> String {
    match stage {
        Progress::Reading { file } => format!("reading {file}"),
        Progress::Mapping { objects, events } => {
            format!("mapping {objects} objects and {events} events")
        }
        Progress::Writing {
            records,
            events,
            links,
        } => format!("writing {records} records, {events} events and {links} links"),
    }
}

fn parse_offset(text: &str) -> anyhow::Result<UtcOffset> {
    throughline_ingest::mapping::parse_offset(text)
        .map_err(|problem| anyhow::anyhow!("--naive-offset {problem}"))
}

pub fn print_summary(summary: &ImportSummary) -> anyhow::Result<()> {
    let written = &summary.written;
    let mut text = format!(
        "Imported {} in {:.2} s (source '{}')\n",
        summary.file, summary.seconds, summary.source
    );
    text += &format!(
        "  read     {}, {}, {} and {}\n",
        count_of(summary.objects, "object"),
        count_of(summary.events, "event"),
        count_of(summary.event_object_relations, "event-object relation"),
        count_of(summary.object_object_relations, "object-object relation"),
    );
    text += &format!(
        "  records  {} new, {} updated, {} unchanged\n",
        written.records_inserted, written.records_updated, written.records_unchanged
    );
    text += &format!(
        "  history  {} new, {} new; links: {} new\n",
        count_of(written.events_inserted as usize, "event"),
        count_of(written.event_links_inserted as usize, "event link"),
        written.links_inserted
    );
    text += &format!("  warnings {}\n", summary.warnings.len());
    for warning in &summary.warnings {
        text += &format!("    - {warning}\n");
    }
    emit(&text)
}
