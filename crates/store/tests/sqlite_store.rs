//! The SQLite store against a real database file: created, migrated and
//! seeded on first use, batches upserted, links waiting for late parents,
//! statuses never rolled back, processes and overrides kept.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use throughline_model::{Money, Override, Phase, ProcessNumber, RecordId, Timestamp};
use throughline_store::{
    EventObject, ImportBatch, NewEvent, NewLink, NewRecord, NewSalesProcess, RecordFilter,
    SqliteStore, Store, StoreError,
};

fn time(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn record(type_key: &str, key: &str, status: Option<(&str, &str)>) -> NewRecord {
    NewRecord {
        type_key: type_key.to_owned(),
        key: key.to_owned(),
        account: Some("Acme GmbH".to_owned()),
        display_name: key.to_owned(),
        source_status: status.map(|(status, _)| status.to_owned()),
        status_time: status.map(|(_, at)| time(at)),
        phase: match status {
            Some(("paid", _)) => Phase::Done,
            Some(_) => Phase::InProgress,
            None => Phase::Open,
        },
        amount: Some(Money::new(Decimal::from_str("1353.98").unwrap(), "EUR")),
        fields: BTreeMap::from([("number".to_owned(), key.to_owned())]),
        first_seen: None,
        last_changed: None,
    }
}

fn link(parent: &str, child: &str) -> NewLink {
    NewLink {
        relationship: "order.order_line".to_owned(),
        qualifier: "comprises".to_owned(),
        parent_type: "order".to_owned(),
        parent_key: parent.to_owned(),
        child_type: "order_line".to_owned(),
        child_key: child.to_owned(),
        quantity: None,
        amount: None,
    }
}

fn batch(records: Vec<NewRecord>, links: Vec<NewLink>) -> ImportBatch {
    ImportBatch {
        source: "erp".to_owned(),
        records,
        links,
        ..ImportBatch::default()
    }
}

fn id_of(store: &SqliteStore, key: &str) -> RecordId {
    store.records_by_key(key).unwrap()[0].id
}

#[test]
fn a_new_database_holds_the_built_in_catalog_once_across_reopens() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("throughline.db");
    drop(SqliteStore::open(&path).unwrap());

    let store = SqliteStore::open(&path).unwrap();

    assert_eq!(store.business_object_types().unwrap().len(), 13);
    let group = store.group("order-to-cash").unwrap().unwrap();
    assert_eq!(group.layout.levels, 3);
    assert!(
        store
            .relationships()
            .unwrap()
            .iter()
            .any(|r| r.key == "order.order_line")
    );
}

#[test]
fn a_database_from_a_newer_version_is_refused_by_name() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("future.db");
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection.pragma_update(None, "user_version", 99).unwrap();
    drop(connection);

    let error = SqliteStore::open(&path).unwrap_err();

    assert!(matches!(error, StoreError::NewerSchema { found: 99, .. }));
    assert!(error.to_string().contains("future.db"), "{error}");
}

#[test]
fn the_same_batch_twice_changes_nothing() {
    let store = SqliteStore::open_in_memory().unwrap();
    let orders = batch(
        vec![record(
            "order",
            "o-1",
            Some(("placed", "2024-01-01T10:00:00Z")),
        )],
        vec![],
    );
    let first = store.import_batch(&orders).unwrap();
    let before = store.records(&RecordFilter::default()).unwrap();

    let second = store.import_batch(&orders).unwrap();

    assert_eq!(first.records_inserted, 1);
    assert_eq!((second.records_inserted, second.records_updated), (0, 0));
    assert_eq!(second.records_unchanged, 1);
    assert_eq!(store.records(&RecordFilter::default()).unwrap(), before);
}

#[test]
fn a_child_that_arrives_before_its_parent_links_when_the_parent_comes() {
    let store = SqliteStore::open_in_memory().unwrap();
    store
        .import_batch(&batch(
            vec![record("order_line", "i-1", None)],
            vec![link("o-1", "i-1")],
        ))
        .unwrap();
    assert_eq!(store.counts().unwrap().links, 1);

    store
        .import_batch(&batch(vec![record("order", "o-1", None)], vec![]))
        .unwrap();

    let order = id_of(&store, "o-1");
    let edges = store
        .child_edges(&[order], &["order.order_line".to_owned()])
        .unwrap();
    assert_eq!(edges.len(), 1);
    assert_eq!(edges[0].child, id_of(&store, "i-1"));
    assert_eq!(edges[0].child_type, "order_line");
}

#[test]
fn an_older_file_never_rolls_a_status_back() {
    let store = SqliteStore::open_in_memory().unwrap();
    let paid = record("order", "o-1", Some(("paid", "2024-02-01T00:00:00Z")));
    let placed = record("order", "o-1", Some(("placed", "2024-01-01T00:00:00Z")));
    store.import_batch(&batch(vec![paid], vec![])).unwrap();

    store.import_batch(&batch(vec![placed], vec![])).unwrap();

    let order = &store.records_by_key("o-1").unwrap()[0];
    assert_eq!(order.source_status.as_deref(), Some("paid"));
    assert_eq!(order.phase, Phase::Done);
}

#[test]
fn amounts_and_times_come_back_exactly_as_written() {
    let store = SqliteStore::open_in_memory().unwrap();
    let mut order = record("order", "o-1", None);
    order.first_seen = Some(time("2023-04-03T12:08:18+02:00"));
    store.import_batch(&batch(vec![order], vec![])).unwrap();

    let stored = &store.records_by_key("o-1").unwrap()[0];

    assert_eq!(stored.amount.as_ref().unwrap().to_string(), "1353.98 EUR");
    assert_eq!(
        stored.first_seen.unwrap().to_string(),
        "2023-04-03T12:08:18+02:00"
    );
}

#[test]
fn a_records_history_lists_its_events_oldest_first() {
    let store = SqliteStore::open_in_memory().unwrap();
    let event = |key: &str, activity: &str, at: &str| NewEvent {
        key: key.to_owned(),
        activity: activity.to_owned(),
        time: time(at),
        attributes: BTreeMap::new(),
        objects: vec![EventObject {
            record: 0,
            qualifier: "order".to_owned(),
        }],
    };
    let mut orders = batch(vec![record("order", "o-1", None)], vec![]);
    orders.events = vec![
        event("e2", "pay order", "2024-02-01T00:00:00Z"),
        event("e1", "place order", "2024-01-01T00:00:00Z"),
    ];
    store.import_batch(&orders).unwrap();

    let history = store.record_history(id_of(&store, "o-1")).unwrap();

    let activities: Vec<&str> = history
        .iter()
        .map(|event| event.activity.as_str())
        .collect();
    assert_eq!(activities, ["place order", "pay order"]);
}

#[test]
fn processes_are_numbered_in_order_and_keep_their_overrides() {
    let store = SqliteStore::open_in_memory().unwrap();
    store
        .import_batch(&batch(
            vec![
                record("order", "o-1", None),
                record("order_line", "i-1", None),
            ],
            vec![link("o-1", "i-1")],
        ))
        .unwrap();
    let new_process = NewSalesProcess {
        title: "Acme orders".to_owned(),
        account: "Acme GmbH".to_owned(),
        group: "order-to-cash".to_owned(),
        owner: "ana".to_owned(),
        roots: vec![id_of(&store, "o-1")],
        chosen_children: vec![],
    };
    let first = store.create_process(&new_process).unwrap();
    let second = store.create_process(&new_process).unwrap();
    let delink = Override::Delink {
        record: id_of(&store, "i-1"),
    };

    store.add_override(second.number, delink).unwrap();

    assert_eq!(first.number.to_string(), "SP0001");
    assert_eq!(second.number.to_string(), "SP0002");
    let stored = store.process(second.number).unwrap().unwrap();
    assert_eq!(stored.overrides, [delink]);
    assert_eq!(stored.roots, [id_of(&store, "o-1")]);
    assert!(matches!(
        store.add_override(ProcessNumber(9), delink),
        Err(StoreError::ProcessNotFound(ProcessNumber(9)))
    ));
}

#[test]
fn accounts_count_their_records() {
    let store = SqliteStore::open_in_memory().unwrap();
    store
        .import_batch(&batch(
            vec![record("order", "o-1", None), record("order", "o-2", None)],
            vec![],
        ))
        .unwrap();

    let accounts = store.accounts().unwrap();

    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].name, "Acme GmbH");
    assert_eq!(accounts[0].records, 2);
}

#[test]
fn files_in_any_order_keep_every_field_and_the_widest_span_seen() {
    let store = SqliteStore::open_in_memory().unwrap();
    let mut early = record("order", "o-1", Some(("placed", "2024-01-01T00:00:00Z")));
    early
        .fields
        .insert("placed_at".to_owned(), "2024-01-01T00:00:00Z".to_owned());
    early.fields.insert("note".to_owned(), "early".to_owned());
    early.first_seen = Some(time("2024-01-01T00:00:00Z"));
    early.last_changed = Some(time("2024-01-01T00:00:00Z"));
    let mut late = record("order", "o-1", Some(("paid", "2024-02-01T00:00:00Z")));
    late.fields
        .insert("paid_at".to_owned(), "2024-02-01T00:00:00Z".to_owned());
    late.fields.insert("note".to_owned(), "late".to_owned());
    late.first_seen = Some(time("2024-02-01T00:00:00Z"));
    late.last_changed = Some(time("2024-02-01T00:00:00Z"));

    store.import_batch(&batch(vec![late], vec![])).unwrap();
    store.import_batch(&batch(vec![early], vec![])).unwrap();

    let order = &store.records_by_key("o-1").unwrap()[0];
    assert_eq!(order.fields["placed_at"], "2024-01-01T00:00:00Z");
    assert_eq!(order.fields["paid_at"], "2024-02-01T00:00:00Z");
    assert_eq!(order.fields["note"], "late");
    assert_eq!(order.source_status.as_deref(), Some("paid"));
    assert_eq!(
        order.first_seen.unwrap().to_string(),
        "2024-01-01T00:00:00Z"
    );
    assert_eq!(
        order.last_changed.unwrap().to_string(),
        "2024-02-01T00:00:00Z"
    );
}

#[test]
fn a_child_stored_before_its_parent_takes_the_parents_account_when_it_arrives() {
    let store = SqliteStore::open_in_memory().unwrap();
    let mut line = record("order_line", "i-1", None);
    line.account = None;
    store.import_batch(&batch(vec![line], vec![])).unwrap();
    let mut orders = batch(vec![record("order", "o-1", None)], vec![link("o-1", "i-1")]);
    orders.account_relationships = vec!["order.order_line".to_owned()];

    let report = store.import_batch(&orders).unwrap();

    assert_eq!(report.accounts_inherited, 1);
    let line = &store.records_by_key("i-1").unwrap()[0];
    assert_eq!(line.account.as_deref(), Some("Acme GmbH"));
}

#[test]
fn a_repeated_override_is_stored_once_and_a_reset_removes_every_override_of_the_record() {
    let store = SqliteStore::open_in_memory().unwrap();
    store
        .import_batch(&batch(
            vec![
                record("order", "o-1", None),
                record("order_line", "i-1", None),
                record("order_line", "i-2", None),
            ],
            vec![link("o-1", "i-1"), link("o-1", "i-2")],
        ))
        .unwrap();
    let process = store
        .create_process(&NewSalesProcess {
            title: "Acme orders".to_owned(),
            account: "Acme GmbH".to_owned(),
            group: "order-to-cash".to_owned(),
            owner: "ana".to_owned(),
            roots: vec![id_of(&store, "o-1")],
            chosen_children: vec![],
        })
        .unwrap();
    let (line, other_line) = (id_of(&store, "i-1"), id_of(&store, "i-2"));
    let moved = Override::Move {
        record: line,
        under: other_line,
    };
    let delinked = Override::Delink { record: other_line };

    let written = [moved, moved, delinked, moved]
        .map(|entry| store.add_override(process.number, entry).unwrap());
    let removed = store.reset_overrides(process.number, line).unwrap();
    let removed_again = store.reset_overrides(process.number, line).unwrap();

    assert_eq!(written, [true, false, true, false]);
    assert_eq!((removed, removed_again), (1, 0));
    let stored = store.process(process.number).unwrap().unwrap();
    assert_eq!(stored.overrides, [delinked]);
    assert!(matches!(
        store.reset_overrides(ProcessNumber(9), line),
        Err(StoreError::ProcessNotFound(ProcessNumber(9)))
    ));
}
