//! Serves the pages over a throwaway in-memory store, to look at them in a
//! browser or take a screenshot.
//!
//! ```text
//! cargo run -p throughline-server --example demo_server -- [PORT] [OCEL-FILE]
//! ```
//!
//! Without a file the store holds a made-up account with 80 orders, 400 order
//! lines and 180 deliveries (660 tiles on a three-level map); with one it
//! imports that OCEL 2.0 log and opens a process for its busiest account.

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

    let account = match arguments.next() {
        Some(file) => import_file(&store, Path::new(&file))?,
        None => {
            store.import_batch(&made_up_batch())?;
            "Acme GmbH".to_owned()
        }
    };
    open_process(&store, &account)?;

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
    batch.records.push(new_record(
        "account",
        "acme",
        "Acme GmbH",
        "active",
        Phase::Open,
    ));
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
    let mut made = new_record("order", &key, &format!("Order {key}"), status, phase);
    let price = format!("{}.50", 100 + order * 37 % 900);
    made.amount = Some(Money::new(Decimal::from_str(&price).unwrap(), "EUR"));
    made.fields.insert("price".to_owned(), price);
    batch.records.push(made);

    for line in 1..=LINES_PER_ORDER {
        let line_key = format!("{key}-{line}");
        let product = ["Widget", "Gadget", "Sprocket", "Flange", "Gasket"][line - 1];
        let (status, phase) = [
            ("picked", Phase::InProgress),
            ("delivered", Phase::Done),
            ("open", Phase::Open),
        ][(order + line) % 3];
        let mut made = new_record(
            "order_line",
            &line_key,
            &format!("{product} x{line}"),
            status,
            phase,
        );
        made.fields.insert("product".to_owned(), product.to_owned());
        batch.records.push(made);
        batch.links.push(link(
            "order.order_line",
            "order",
            &key,
            "order_line",
            &line_key,
        ));
    }
}

fn add_delivery(batch: &mut ImportBatch, delivery: usize) {
    let key = format!("d-{delivery:03}");
    let (status, phase) = [("sent", Phase::InProgress), ("delivered", Phase::Done)][delivery % 2];
    let mut made = new_record("delivery", &key, &format!("Delivery {key}"), status, phase);
    made.fields
        .insert("weight".to_owned(), format!("{} kg", 3 + delivery % 17));
    batch.records.push(made);

    // Consecutive lines, wrapping across order boundaries now and then.
    let first = (delivery - 1) * ORDERS * LINES_PER_ORDER / DELIVERIES;
    for offset in 0..(2 + delivery % 2) {
        let line = (first + offset) % (ORDERS * LINES_PER_ORDER);
        let line_key = format!(
            "o-{:03}-{}",
            line / LINES_PER_ORDER + 1,
            line % LINES_PER_ORDER + 1
        );
        batch.links.push(link(
            "order_line.delivery",
            "order_line",
            &line_key,
            "delivery",
            &key,
        ));
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

fn link(
    relationship: &str,
    parent_type: &str,
    parent: &str,
    child_type: &str,
    child: &str,
) -> NewLink {
    NewLink {
        relationship: relationship.to_owned(),
        qualifier: String::new(),
        parent_type: parent_type.to_owned(),
        parent_key: parent.to_owned(),
        child_type: child_type.to_owned(),
        child_key: child.to_owned(),
        quantity: None,
        amount: None,
    }
}
