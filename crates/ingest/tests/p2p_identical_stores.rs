//! The OCEL 2.0 standard's purchase-to-pay example exists as JSON, XML and
//! SQLite. Imported through the same mapping, the three must leave the
//! store in exactly the same state: records, histories and links.

mod common;

use std::path::Path;

use common::{p2p_example, p2p_mapping};
use throughline_ingest::{ImportOptions, import_ocel_file};
use throughline_model::RecordId;
use throughline_store::{RecordFilter, SqliteStore, Store};

/// Everything the store holds from an import, in an order and form that
/// does not depend on the order a file lists things in.
fn dump(file: &Path) -> Vec<String> {
    let store = SqliteStore::open_in_memory().unwrap();
    let options = ImportOptions {
        mapping: Some(p2p_mapping()),
        naive_offset: None,
    };
    let summary = import_ocel_file(&store, file, &options, &mut |_| {}).unwrap();
    assert_eq!(
        (summary.objects, summary.events),
        (9, 13),
        "{}",
        file.display()
    );

    let mut lines = Vec::new();
    let records = store.records(&RecordFilter::default()).unwrap();
    let mut relationships: Vec<String> = store
        .relationships()
        .unwrap()
        .into_iter()
        .map(|r| r.key)
        .collect();
    relationships.push(String::new());
    for record in &records {
        let mut shown = record.clone();
        shown.id = RecordId(0);
        lines.push(format!("{shown:?}"));
        for event in store.record_history(record.id).unwrap() {
            lines.push(format!("  {} {event:?}", record.key));
        }
        for edge in store.child_edges(&[record.id], &relationships).unwrap() {
            let child = records
                .iter()
                .find(|candidate| candidate.id == edge.child)
                .unwrap();
            lines.push(format!(
                "  {} -{}-> {}",
                record.key, edge.relationship, child.key
            ));
        }
    }
    lines.sort();
    lines
}

#[test]
fn json_xml_and_sqlite_forms_give_identical_stores() {
    let from_json = dump(&p2p_example("jsonocel"));
    let from_xml = dump(&p2p_example("xmlocel"));
    let from_sqlite = dump(&p2p_example("sqlite"));

    assert_eq!(from_xml, from_json);
    assert_eq!(from_sqlite, from_json);
    let invoice = from_json
        .iter()
        .find(|line| line.contains("key: \"R1\""))
        .unwrap();
    assert!(
        invoice.contains("source_status: Some(\"paid\")"),
        "{invoice}"
    );
    assert!(
        invoice.contains("\"paid_at\": \"2022-01-30T22:00:00Z\""),
        "{invoice}"
    );
}

#[test]
fn the_p2p_history_keeps_utc_times_from_naive_local_ones() {
    let lines = dump(&p2p_example("sqlite"));
    let created = lines
        .iter()
        .find(|line| line.contains("Create Purchase Requisition"))
        .unwrap();
    // 15:00 CET in the file is 14:00 UTC, as the JSON form writes it.
    assert!(
        created.contains("2022-01-09 14:00:00.0 +00:00:00"),
        "{created}"
    );
}
