//! What the services write to the log: readable messages with identifiers as
//! separate fields, so a log search can filter on them.

mod common;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use throughline_model::ProcessNumber;
use throughline_server::service::{self, CreateProcess};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// The fields of one event, each as text.
type Fields = BTreeMap<String, String>;

/// Keeps every event's fields; spans are not needed here.
#[derive(Clone, Default)]
struct Capture {
    events: Arc<Mutex<Vec<Fields>>>,
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = FieldText::default();
        event.record(&mut fields);
        self.events.lock().unwrap().push(fields.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[derive(Default)]
struct FieldText(Fields);

impl Visit for FieldText {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

#[test]
fn an_override_is_logged_with_its_kind_record_and_new_parent_as_fields() {
    let store = common::store();
    let request = CreateProcess {
        account: "acme".to_owned(),
        group: "order-to-cash".to_owned(),
        ..CreateProcess::default()
    };
    service::create_process(store.as_ref(), request).unwrap();
    let delivery = service::resolve_record(store.as_ref(), "d-2").unwrap().id;
    let line = service::resolve_record(store.as_ref(), "ol-1").unwrap().id;

    let capture = Capture::default();
    tracing::subscriber::with_default(capture.clone(), || {
        service::move_record(store.as_ref(), ProcessNumber(1), "d-2", "ol-1").unwrap();
    });

    let events = capture.events.lock().unwrap();
    let logged = events
        .iter()
        .find(|fields| fields["message"] == "override recorded")
        .expect("the override is logged");
    assert_eq!(logged["process"], "SP0001");
    assert_eq!(logged["kind"], "move");
    assert_eq!(logged["record"], delivery.to_string());
    assert_eq!(logged["under"], line.to_string());
    assert!(!logged.contains_key("entry"), "{logged:?}");
}
