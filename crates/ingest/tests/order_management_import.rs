//! Importing the real OCEL 2.0 order-management log into a real SQLite
//! database: exact counts, statuses, accounts, and re-import changing nothing.

mod common;

use common::order_management;
use throughline_ingest::{ImportOptions, import_ocel_file};
use throughline_model::Phase;
use throughline_store::{RecordFilter, SqliteStore, Store, StoreCounts};

fn import(store: &SqliteStore, extension: &str) -> throughline_ingest::ImportSummary {
    import_ocel_file(
        store,
        &order_management(extension),
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap()
}

const EXPECTED: StoreCounts = StoreCounts {
    records: 10_840,
    events: 21_008,
    event_links: 147_463,
    links: 28_391,
    processes: 0,
};

#[test]
fn the_json_log_imports_with_exact_counts() {
    let store = SqliteStore::open_in_memory().unwrap();
    let summary = import(&store, "json.gz");

    assert_eq!(store.counts().unwrap(), EXPECTED);
    assert_eq!(summary.written.records_inserted, 10_840);
    assert_eq!(summary.event_object_relations, 147_463);
    assert_eq!(summary.object_object_relations, 28_391);
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
}

#[test]
fn importing_the_same_log_twice_changes_nothing() {
    let store = SqliteStore::open_in_memory().unwrap();
    import(&store, "json.gz");
    let before = store.records(&RecordFilter::default()).unwrap();

    let again = import(&store, "json.gz");

    assert_eq!(store.counts().unwrap(), EXPECTED);
    assert_eq!(again.written.records_inserted, 0);
    assert_eq!(again.written.records_updated, 0);
    assert_eq!(again.written.records_unchanged, 10_840);
    assert_eq!(again.written.events_inserted, 0);
    assert_eq!(again.written.event_links_inserted, 0);
    assert_eq!(again.written.links_inserted, 0);
    assert_eq!(store.records(&RecordFilter::default()).unwrap(), before);
}

#[test]
fn the_xml_form_of_the_log_gives_the_same_store_as_the_json_form() {
    let from_json = SqliteStore::open_in_memory().unwrap();
    import(&from_json, "json.gz");
    let from_xml = SqliteStore::open_in_memory().unwrap();
    import(&from_xml, "xml.gz");

    assert_eq!(from_xml.counts().unwrap(), EXPECTED);
    let json_records = without_ids(&from_json);
    let xml_records = without_ids(&from_xml);
    let first_difference = json_records
        .iter()
        .zip(&xml_records)
        .find(|(json, xml)| json != xml);
    assert_eq!(first_difference, None);
}

/// Records in key order with their store ids blanked: ids follow the order
/// a file lists its objects in, which formats need not share.
fn without_ids(store: &SqliteStore) -> Vec<throughline_model::Record> {
    let mut records = store.records(&RecordFilter::default()).unwrap();
    for record in &mut records {
        record.id = throughline_model::RecordId(0);
    }
    records
}

#[test]
fn a_paid_order_is_done_with_its_exact_price_in_euros() {
    let store = SqliteStore::open_in_memory().unwrap();
    import(&store, "json.gz");

    let order = store.records_by_key("o-990001").unwrap().remove(0);
    assert_eq!(order.type_key, "order");
    assert_eq!(order.account.as_deref(), Some("AlpenTech Innovations AG"));
    assert_eq!(order.source_status.as_deref(), Some("paid"));
    assert_eq!(order.phase, Phase::Done);
    assert_eq!(order.amount.unwrap().to_string(), "1353.98 EUR");
    assert_eq!(order.fields["placed_at"], "2023-04-03T10:08:18Z");
}

#[test]
fn lines_and_deliveries_inherit_the_account_of_their_order() {
    let store = SqliteStore::open_in_memory().unwrap();
    import(&store, "json.gz");

    let line = store.records_by_key("i-880001").unwrap().remove(0);
    assert_eq!(line.type_key, "order_line");
    assert_eq!(line.account.as_deref(), Some("AlpenTech Innovations AG"));
    assert_eq!(line.fields["order"], "o-990001");
    let delivery = store.records_by_key("p-660001").unwrap().remove(0);
    assert_eq!(
        delivery.account.as_deref(),
        Some("AlpenTech Innovations AG")
    );
    assert_eq!(delivery.source_status.as_deref(), Some("delivered"));
}

#[test]
fn an_order_keeps_its_whole_history_in_time_order() {
    let store = SqliteStore::open_in_memory().unwrap();
    import(&store, "json.gz");

    let order = store.records_by_key("o-990001").unwrap().remove(0);
    let activities: Vec<String> = store
        .record_history(order.id)
        .unwrap()
        .into_iter()
        .map(|event| event.activity)
        .collect();
    assert_eq!(activities.first().map(String::as_str), Some("place order"));
    assert!(activities.contains(&"pay order".to_owned()));
    assert!(!activities.contains(&"pick item".to_owned()));
}
