//! What the importer does with logs that are readable but not clean; each
//! choice is written down in the README's "Importing OCEL 2.0" section.

use std::path::Path;

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
    assert_eq!(summary.warnings.len(), 1);
    assert!(
        summary.warnings[0].contains("event e1 names ghost"),
        "{:?}",
        summary.warnings
    );
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
