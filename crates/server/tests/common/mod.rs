//! The world every HTTP test starts from, and small helpers to ask the app
//! for a page or an endpoint without a socket.
//!
//! Acme GmbH has two orders, o-1 and o-2. o-1 has lines ol-1 and ol-2, o-2
//! has ol-3. Delivery d-1 ships ol-1, ol-2 and ol-3 (lines of both orders);
//! d-2 ships ol-2 only. Globex has one order of its own, o-9. An invoice and
//! a payment share the key 90000001, as document numbers of two systems do.
//!
//! [`store_with_crm`] adds a second source, the CRM, holding its own order
//! o-1 for Acme (same type, same key as the ERP's) and an order line keyed
//! `2024:07:1`, colons and all, that names no account.

#![allow(dead_code)] // each test file uses its own share of these helpers

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use rust_decimal::Decimal;
use serde_json::Value;
use throughline_model::{Money, Phase};
use throughline_server::{AppState, app};
use throughline_store::{ImportBatch, NewLink, NewRecord, SqliteStore, Store};
use tower::ServiceExt;

pub const ACME: &str = "Acme GmbH";

/// A fresh in-memory store holding the world above.
pub fn store() -> Arc<SqliteStore> {
    let store = SqliteStore::open_in_memory().expect("an in-memory store opens");
    store.import_batch(&batch()).expect("the fixture imports");
    Arc::new(store)
}

/// The app over a fresh store.
pub fn test_app() -> Router {
    app(AppState::new(store()))
}

/// The world above plus the CRM's records.
pub fn store_with_crm() -> Arc<SqliteStore> {
    let store = store();
    store
        .import_batch(&crm_batch())
        .expect("the CRM fixture imports");
    store
}

/// The world above plus Acme's order o-3, for which the source gave no
/// status: its phase, open, is only inferred.
pub fn store_with_order_without_status() -> Arc<SqliteStore> {
    let store = store();
    let mut order = order("o-3", "acme", "", Phase::Open, "40.00");
    order.source_status = None;
    let batch = ImportBatch {
        source: "erp".to_owned(),
        records: vec![order],
        ..ImportBatch::default()
    };
    store
        .import_batch(&batch)
        .expect("the order without a status imports");
    store
}

/// The app over a given store.
pub fn app_over(store: Arc<SqliteStore>) -> Router {
    app(AppState::new(store))
}

/// The app over a fresh store with SP0001 opened for all of Acme's orders.
pub async fn app_with_process() -> Router {
    let app = test_app();
    let body = serde_json::json!({ "account": ACME, "group": "order-to-cash" });
    let (status, _) = post_json(&app, "/api/v1/processes", &body).await;
    assert_eq!(status, StatusCode::CREATED);
    app
}

pub fn batch() -> ImportBatch {
    let records = vec![
        record("account", "acme", "acme", ACME, "active", Phase::Open),
        record(
            "account",
            "globex",
            "globex",
            "Globex",
            "active",
            Phase::Open,
        ),
        order("o-1", "acme", "confirmed", Phase::InProgress, "120.00"),
        order("o-2", "acme", "placed", Phase::Open, "80.00"),
        order("o-9", "globex", "paid", Phase::Done, "15.00"),
        line("ol-1", "Widget", "shipped", Phase::InProgress),
        line("ol-2", "Gadget", "delivered", Phase::Done),
        line("ol-3", "Sprocket", "cancelled", Phase::Cancelled),
        record("delivery", "d-1", "acme", "d-1", "sent", Phase::InProgress),
        record("delivery", "d-2", "acme", "d-2", "delivered", Phase::Done),
        record(
            "invoice",
            "90000001",
            "acme",
            "90000001",
            "issued",
            Phase::InProgress,
        ),
        record(
            "payment",
            "90000001",
            "acme",
            "90000001",
            "received",
            Phase::Done,
        ),
    ];
    let links = vec![
        link("order.order_line", "order", "o-1", "order_line", "ol-1"),
        link("order.order_line", "order", "o-1", "order_line", "ol-2"),
        link("order.order_line", "order", "o-2", "order_line", "ol-3"),
        link(
            "order_line.delivery",
            "order_line",
            "ol-1",
            "delivery",
            "d-1",
        ),
        link(
            "order_line.delivery",
            "order_line",
            "ol-2",
            "delivery",
            "d-1",
        ),
        link(
            "order_line.delivery",
            "order_line",
            "ol-3",
            "delivery",
            "d-1",
        ),
        link(
            "order_line.delivery",
            "order_line",
            "ol-2",
            "delivery",
            "d-2",
        ),
    ];
    ImportBatch {
        source: "erp".to_owned(),
        records,
        links,
        ..ImportBatch::default()
    }
}

/// The CRM's share: a twin of the ERP's order o-1, and a line with a key
/// holding colons and no account.
pub fn crm_batch() -> ImportBatch {
    let mut loose_line = line("2024:07:1", "Spare part", "open", Phase::Open);
    loose_line.account = None;
    ImportBatch {
        source: "crm".to_owned(),
        records: vec![
            order("o-1", "acme", "won", Phase::Done, "120.00"),
            loose_line,
        ],
        ..ImportBatch::default()
    }
}

fn record(
    type_key: &str,
    key: &str,
    account: &str,
    display_name: &str,
    status: &str,
    phase: Phase,
) -> NewRecord {
    NewRecord {
        type_key: type_key.to_owned(),
        key: key.to_owned(),
        account: Some(account.to_owned()),
        display_name: display_name.to_owned(),
        source_status: Some(status.to_owned()),
        status_time: None,
        phase,
        amount: None,
        fields: BTreeMap::new(),
        first_seen: None,
        last_changed: None,
    }
}

fn order(key: &str, account: &str, status: &str, phase: Phase, price: &str) -> NewRecord {
    let mut order = record(
        "order",
        key,
        account,
        &format!("Order {key}"),
        status,
        phase,
    );
    order.amount = Some(Money::new(Decimal::from_str(price).unwrap(), "EUR"));
    order.fields.insert("price".to_owned(), price.to_owned());
    order
}

fn line(key: &str, product: &str, status: &str, phase: Phase) -> NewRecord {
    let mut line = record(
        "order_line",
        key,
        "acme",
        &format!("{product} line"),
        status,
        phase,
    );
    line.fields.insert("product".to_owned(), product.to_owned());
    line
}

fn link(
    relationship: &str,
    parent_type: &str,
    parent_key: &str,
    child_type: &str,
    child_key: &str,
) -> NewLink {
    NewLink {
        relationship: relationship.to_owned(),
        qualifier: String::new(),
        parent_type: parent_type.to_owned(),
        parent_key: parent_key.to_owned(),
        child_type: child_type.to_owned(),
        child_key: child_key.to_owned(),
        quantity: None,
        amount: None,
    }
}

/// Sends a request through the app; returns the status and the body text.
pub async fn send(app: &Router, request: Request<Body>) -> (StatusCode, String) {
    let response = app.clone().oneshot(request).await.expect("the app answers");
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        String::from_utf8(bytes.to_vec()).expect("a UTF-8 body"),
    )
}

pub async fn get_text(app: &Router, uri: &str) -> (StatusCode, String) {
    let request = Request::get(uri).body(Body::empty()).unwrap();
    send(app, request).await
}

pub async fn get_json(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, text) = get_text(app, uri).await;
    (status, parse(&text))
}

pub async fn post_json(app: &Router, uri: &str, body: &Value) -> (StatusCode, Value) {
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let (status, text) = send(app, request).await;
    (status, parse(&text))
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("not JSON ({error}): {text}"))
}

/// The keys of a map's nodes of one type, sorted.
pub fn keys_of_type(map: &Value, type_key: &str) -> Vec<String> {
    let mut keys: Vec<String> = nodes(map)
        .filter(|node| node["type"] == type_key)
        .map(|node| node["key"].as_str().unwrap().to_owned())
        .collect();
    keys.sort();
    keys
}

/// The keys of a node's parents, sorted.
pub fn parent_keys(map: &Value, key: &str) -> Vec<String> {
    let node = nodes(map)
        .find(|node| node["key"] == key)
        .expect("the node is on the map");
    let mut keys: Vec<String> = node["parents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|parent| {
            let parent = nodes(map).find(|node| node["id"] == *parent).unwrap();
            parent["key"].as_str().unwrap().to_owned()
        })
        .collect();
    keys.sort();
    keys
}

fn nodes(map: &Value) -> impl Iterator<Item = &Value> {
    map["nodes"].as_array().expect("a map has nodes").iter()
}
