//! The real order-management log cut in two and imported file by file, as
//! monthly exports or separate systems would deliver it: children before
//! their parents, and an older file after a newer one.

mod common;

use std::io::Read;
use std::path::Path;

use common::order_management;
use serde_json::{Value, json};
use throughline_ingest::{ImportOptions, import_ocel_file};
use throughline_store::{RecordFilter, SqliteStore, Store};

fn whole_log() -> Value {
    let path = order_management("json.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The log with only the objects and events the filters keep.
fn part(
    log: &Value,
    keep_object: impl Fn(&Value) -> bool,
    keep_event: impl Fn(&Value) -> bool,
) -> Value {
    let objects: Vec<&Value> = log["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| keep_object(o))
        .collect();
    let events: Vec<&Value> = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| keep_event(e))
        .collect();
    json!({
        "objectTypes": log["objectTypes"],
        "eventTypes": log["eventTypes"],
        "objects": objects,
        "events": events,
    })
}

fn import(store: &SqliteStore, folder: &Path, name: &str, log: &Value) {
    let path = folder.join(name);
    std::fs::write(&path, serde_json::to_vec(log).unwrap()).unwrap();
    import_ocel_file(store, &path, &ImportOptions::default(), &mut |_| {}).unwrap();
}

fn alpentech_records(store: &SqliteStore) -> usize {
    let filter = RecordFilter {
        account: Some("AlpenTech Innovations AG".to_owned()),
        ..RecordFilter::default()
    };
    store.records(&filter).unwrap().len()
}

fn is_parent(object: &Value) -> bool {
    matches!(object["type"].as_str(), Some("orders" | "customers"))
}

/// The log as two files, the line, package, product and employee objects
/// in one, the orders, customers and every event in the other, imported in
/// the order given.
fn import_split(children_first: bool) -> SqliteStore {
    let log = whole_log();
    let folder = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_in_memory().unwrap();
    let children = part(&log, |object| !is_parent(object), |_| false);
    let parents = part(&log, is_parent, |_| true);
    let mut files = vec![("children.json", children), ("parents.json", parents)];
    if !children_first {
        files.reverse();
    }
    for (name, file) in &files {
        import(&store, folder.path(), name, file);
    }
    store
}

#[test]
fn lines_and_deliveries_imported_before_their_orders_take_the_account_when_the_orders_come() {
    let store = import_split(true);

    // The account, its 121 orders, 464 lines and 75 deliveries.
    assert_eq!(alpentech_records(&store), 661);
    let line = store.records_by_key("i-880001").unwrap().remove(0);
    assert_eq!(line.account.as_deref(), Some("AlpenTech Innovations AG"));
    // The events came with the parents; they still reach the stored lines.
    assert_eq!(line.source_status.as_deref(), Some("delivered"));
    assert_eq!(line.amount.unwrap().to_string(), "99.99 EUR");
    assert!(!store.record_history(line.id).unwrap().is_empty());
}

#[test]
fn an_older_file_after_a_newer_one_keeps_every_field_both_brought() {
    let log = whole_log();
    let folder = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_in_memory().unwrap();
    let early = |event: &Value| event["time"].as_str().unwrap() < "2023-10-01";

    import(
        &store,
        folder.path(),
        "late.json",
        &part(&log, |_| true, |e| !early(e)),
    );
    import(
        &store,
        folder.path(),
        "early.json",
        &part(&log, |_| true, early),
    );

    let order = store.records_by_key("o-990679").unwrap().remove(0);
    assert_eq!(order.fields["placed_at"], "2023-08-13T09:19:26Z");
    assert_eq!(order.fields["paid_at"], "2023-11-03T08:20:55Z");
    assert_eq!(order.source_status.as_deref(), Some("paid"));
    assert_eq!(
        order.first_seen.unwrap().to_string(),
        "2023-08-13T09:19:26Z"
    );
    assert_eq!(
        order.last_changed.unwrap().to_string(),
        "2023-11-03T08:20:55Z"
    );
}

#[test]
fn children_imported_after_their_parents_still_get_the_fields_relations_fill() {
    let store = import_split(false);

    let line = store.records_by_key("i-880001").unwrap().remove(0);
    assert_eq!(line.fields["order"], "o-990001");
    assert_eq!(line.account.as_deref(), Some("AlpenTech Innovations AG"));
    let account = store
        .records_by_key("AlpenTech Innovations AG")
        .unwrap()
        .remove(0);
    assert_eq!(account.fields["primary_sales_rep"], "Wil van der Aalst");
}
