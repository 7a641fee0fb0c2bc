//! Serves the pages over a throwaway in-memory store, to look at them in a
//! browser or take a screenshot.
//!
//! ```text
//! cargo run -p throughline-server --example demo_server -- [PORT] [OCEL-FILE | empty]
//! ```
//!
//! Without a file the store holds a made-up account with 80 orders, 400 order
//! lines and 180 deliveries (660 tiles on a three-level map); with one it
//! imports that OCEL 2.0 log and opens a process for its busiest account;
//! `empty` leaves the store empty, to see the pages' empty states.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use throughline_model::{Money, Phase};
use throughline_server::service::{self, CreateProcess};
use throughline_server::{AppState, serve};
use throughline_store::{ImportBatch, NewLink, NewRecord, SqliteStore, Store};

const ORDERS: usize = 80;
const LINES_PER_ORDER: usize = 5;
const DELIVERIES: usize = 180;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut arguments = std::env::args().skip(1);
    let port: u16 = arguments.next().map_or(Ok(0), |text| text.parse())?;
    let store = SqliteStore::open_in_memory()?;

    match arguments.next().as_deref() {
        Some("empty") => {}
        Some(file) => open_process(&store, &import_file(&store, Path::new(file))?)?,
        None => {
            store.import_batch(&made_up_batch())?;
            open_process(&store, "Acme GmbH")?;
        }
    }

    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("http://{}/", listener.local_addr()?);
    serve(AppState::new(Arc::new(store)), listener).await?;
    Ok(())
}

/// Imports an OCEL 2.0 log; returns the key of the account with most records.
fn import_file(store: &SqliteStore, file: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let options = throughline_ingest::ImportOptions::default();
    throughline_ingest::import_ocel_file(store, file, &options, &mut |_| {})?;

    let accounts = store.accounts()?;
    let busiest = accounts.iter().max_by_key(|account| account.records);
    Ok(busiest.ok_or("the log holds no accounts")?.key.clone())
}

fn open_process(store: &SqliteStore, account: &str) -> Result<(), service::ServiceError> {
    let request = CreateProcess {
        account: account.to_owned(),
        group: "order-to-cash".to_owned(),
        owner: Some("ana".to_owned()),
        ..CreateProcess::default()
    };
    service::create_process(store, request)?;
    Ok(())
}

/// Orders with five lines each; each delivery ships two or three lines,
/// some of them from two orders.
fn made_up_batch() -> ImportBatch {
    let mut batch = ImportBatch {
        source: "demo".to_owned(),
        ..ImportBatch::default()
    };
    let account = new_record("account", "acme", "Acme GmbH", "active", Phase::Open);
    batch.records.push(account);
    for order in 1..=ORDERS {
        add_order(&mut batch, order);
    }
    for delivery in 1..=DELIVERIES {
        add_delivery(&mut batch, delivery);
    }
    batch
}

fn add_order(batch: &mut ImportBatch, order: usize) {
    let key = format!("o-{order:03}");
    let (status, phase) = [
        ("placed", Phase::Open),
        ("confirmed", Phase::InProgress),
        ("paid", Phase::Done),
        ("cancelled", Phase::Cancelled),
    ][order % 4];
    let mut order_record = new_record("order", &key, &format!("Order {key}"), status, phase);
    let price = format!("{}.50", 100 + order * 37 % 900);
    order_record.amount = Some(Money::new(Decimal::from_str(&price).unwrap(), "EUR"));
    order_record.fields.insert("price".to_owned(), price);
    batch.records.push(order_record);

    for line in 1..=LINES_PER_ORDER {
        add_order_line(batch, &key, order, line);
    }
}

fn add_order_line(batch: &mut ImportBatch, order_key: &str, order: usize, line: usize) {
    let key = format!("{order_key}-{line}");
    let product = ["Widget", "Gadget", "Sprocket", "Flange", "Gasket"][line - 1];
    let (status, phase) = [
        ("picked", Phase::InProgress),
        ("delivered", Phase::Done),
        ("open", Phase::Open),
    ][(order + line) % 3];
    let name = format!("{product} x{line}");
    let mut line_record = new_record("order_line", &key, &name, status, phase);
    line_record
        .fields
        .insert("product".to_owned(), product.to_owned());
    batch.records.push(line_record);

    let parent = ("order", order_key);
    batch
        .links
        .push(link("order.order_line", parent, ("order_line", &key)));
}

fn add_delivery(batch: &mut ImportBatch, delivery: usize) {
    let key = format!("d-{delivery:03}");
    let (status, phase) = [("sent", Phase::InProgress), ("delivered", Phase::Done)][delivery % 2];
    let name = format!("Delivery {key}");
    let mut delivery_record = new_record("delivery", &key, &name, status, phase);
    let weight = format!("{} kg", 3 + delivery % 17);
    delivery_record.fields.insert("weight".to_owned(), weight);
    batch.records.push(delivery_record);

    // Consecutive lines, wrapping across order boundaries now and then.
    let first = (delivery - 1) * ORDERS * LINES_PER_ORDER / DELIVERIES;
    for offset in 0..(2 + delivery % 2) {
        let line = (first + offset) % (ORDERS * LINES_PER_ORDER);
        let line_key = format!(
            "o-{:03}-{}",
            line / LINES_PER_ORDER + 1,
            line % LINES_PER_ORDER + 1
        );
        let parent = ("order_line", line_key.as_str());
        batch
            .links
            .push(link("order_line.delivery", parent, ("delivery", &key)));
    }
}

fn new_record(type_key: &str, key: &str, name: &str, status: &str, phase: Phase) -> NewRecord {
    NewRecord {
        type_key: type_key.to_owned(),
        key: key.to_owned(),
        account: Some("acme".to_owned()),
        display_name: name.to_owned(),
        source_status: Some(status.to_owned()),
        status_time: None,
        phase,
        amount: None,
        fields: BTreeMap::new(),
        first_seen: None,
        last_changed: None,
    }
}

/// A data link between two records, each named by (type, key).
fn link(relationship: &str, parent: (&str, &str), child: (&str, &str)) -> NewLink {
    NewLink {
        relationship: relationship.to_owned(),
        qualifier: String::new(),
        parent_type: parent.0.to_owned(),
        parent_key: parent.1.to_owned(),
        child_type: child.0.to_owned(),
        child_key: child.1.to_owned(),
        quantity: None,
        amount: None,
    }
}
