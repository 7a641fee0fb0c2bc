//! `throughline import ocel`: reads a log with a progress line on stderr and
//! prints what was imported.

use std::time::Duration;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};
use throughline_ingest::{ImportOptions, ImportSummary, Progress, import_ocel_file};
use time::UtcOffset;
use time::macros::format_description;

use super::open_store;
use crate::cli::{Global, ImportOcelArguments};
use crate::output::print_json;

pub fn ocel(global: &Global, arguments: &ImportOcelArguments) -> anyhow::Result<()> {
    let store = open_store(&global.db)?;
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
    let summary = summary?;

    if global.json {
        print_json(&summary)
    } else {
        print_summary(&summary);
        Ok(())
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
    let format = format_description!("[offset_hour sign:mandatory]:[offset_minute]");
    UtcOffset::parse(text, &format)
        .with_context(|| format!("--naive-offset '{text}' is not an offset such as +01:00"))
}

pub fn print_summary(summary: &ImportSummary) {
    let written = &summary.written;
    println!(
        "Imported {} in {:.2} s (source '{}')",
        summary.file, summary.seconds, summary.source
    );
    println!(
        "  read     {} objects, {} events, {} event-object and {} object-object relations",
        summary.objects,
        summary.events,
        summary.event_object_relations,
        summary.object_object_relations
    );
    println!(
        "  records  {} new, {} updated, {} unchanged",
        written.records_inserted, written.records_updated, written.records_unchanged
    );
    println!(
        "  history  {} new events, {} new event links; links: {} new",
        written.events_inserted, written.event_links_inserted, written.links_inserted
    );
    println!("  warnings {}", summary.warnings.len());
    for warning in &summary.warnings {
        println!("    - {warning}");
    }
}
