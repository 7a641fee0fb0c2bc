//! What the importer does with logs that are readable but not clean; each
//! choice is written down in the README's "Importing OCEL 2.0" section.

mod common;

use std::path::Path;

use common::p2p_example;
use throughline_ingest::{ImportOptions, ImportSummary, import_ocel_file};
use throughline_model::Phase;
use throughline_store::{SqliteStore, Store};

const LOG: &str = r#"{
  "objectTypes": [{"name": "orders", "attributes": [{"name": "price", "type": "float"}]},
                  {"name": "customers", "attributes": []}],
  "eventTypes": [{"name": "place order", "attributes": []}, {"name": "pay order", "attributes": []}],
  "objects": [
    {"id": "Acme GmbH", "type": "customers", "relationships": [{"objectId": "o-1", "qualifier": "places"}]},
    {"id": "o-1", "type": "orders",
     "attributes": [{"name": "price", "value": 10.50, "time": "2024-01-01T09:00:00+02:00"}]},
    {"id": "o-2", "type": "orders", "attributes": []}
  ],
  "events": [
    {"id": "e1", "type": "place order", "time": "2024-01-01T09:00:00+02:00",
     "relationships": [{"objectId": "o-1", "qualifier": "order"},
                       {"objectId": "ghost", "qualifier": "order"}]},
    {"id": "e2", "type": "pay order", "time": "2024-01-02T23:30:00-05:00",
     "relationships": [{"objectId": "o-1", "qualifier": "order"}]}
  ]
}"#;

fn import(folder: &Path, store: &SqliteStore) -> ImportSummary {
    let path = folder.join("log.json");
    std::fs::write(&path, LOG).unwrap();
    import_ocel_file(store, &path, &ImportOptions::default(), &mut |_| {}).unwrap()
}

#[test]
fn an_event_naming_an_unknown_object_is_kept_without_it_and_warned_about() {
    let folder = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_in_memory().unwrap();

    let summary = import(folder.path(), &store);

    assert_eq!(store.counts().unwrap().events, 2);
    assert_eq!(store.counts().unwrap().event_links, 2);
    let ghost = summary
        .warnings
        .iter()
        .filter(|warning| warning.contains("event e1 names ghost"))
        .count();
    assert_eq!(ghost, 1, "{:?}", summary.warnings);
}

#[test]
fn an_object_without_events_is_imported_open_with_an_empty_history() {
    let folder = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_in_memory().unwrap();
    import(folder.path(), &store);

    let order = store.records_by_key("o-2").unwrap().remove(0);

    assert_eq!(order.phase, Phase::Open);
    assert_eq!(order.source_status, None);
    assert!(store.record_history(order.id).unwrap().is_empty());
}

#[test]
fn offsets_other_than_z_are_kept_and_dates_never_shift() {
    let folder = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_in_memory().unwrap();
    import(folder.path(), &store);

    let order = store.records_by_key("o-1").unwrap().remove(0);
    let history = store.record_history(order.id).unwrap();

    assert_eq!(history[0].time.to_string(), "2024-01-01T09:00:00+02:00");
    assert_eq!(history[1].time.to_string(), "2024-01-02T23:30:00-05:00");
    assert_eq!(history[1].time.date().to_string(), "2024-01-02");
    assert_eq!(order.fields["paid_at"], "2024-01-02T23:30:00-05:00");
    assert_eq!(order.amount.unwrap().to_string(), "10.50 EUR");
    assert_eq!(order.account.as_deref(), Some("Acme GmbH"));
}

#[test]
fn status_rules_that_match_nothing_are_named_in_one_warning() {
    let folder = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_in_memory().unwrap();

    let summary = import(folder.path(), &store);

    let unused = summary
        .warnings
        .iter()
        .find(|warning| warning.contains("status rules matched no event on an object"))
        .unwrap();
    assert!(unused.contains("(confirm order / order)"), "{unused}");
    assert!(!unused.contains("(pay order / order)"), "{unused}");
}

#[test]
fn a_log_the_mapping_does_not_fit_is_refused_and_nothing_is_written() {
    let folder = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_in_memory().unwrap();
    let p2p = p2p_example("jsonocel");

    let error = import_ocel_file(&store, &p2p, &ImportOptions::default(), &mut |_| {})
        .unwrap_err()
        .to_string();

    assert!(error.contains("it maps none of this log's object types (Invoice, Payment, Purchase Order, Purchase Requisition)"), "{error}");
    assert_eq!(store.counts().unwrap().events, 0);
    let _ = folder;
}

#[test]
fn a_status_the_type_does_not_have_refuses_the_import() {
    let folder = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_in_memory().unwrap();
    let mapping = folder.path().join("typo.toml");
    let text = throughline_ingest::mapping::ORDER_MANAGEMENT
        .replace("status = \"paid\"", "status = \"payed\"");
    std::fs::write(&mapping, text).unwrap();
    let log = folder.path().join("log.json");
    std::fs::write(&log, LOG).unwrap();
    let options = ImportOptions {
        mapping: Some(mapping),
        naive_offset: None,
    };

    let error = import_ocel_file(&store, &log, &options, &mut |_| {})
        .unwrap_err()
        .to_string();

    assert!(
        error.contains("sets status 'payed' on order records, but type 'order' has no such status"),
        "{error}"
    );
    assert_eq!(store.counts().unwrap().records, 0);
}
