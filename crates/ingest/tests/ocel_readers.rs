//! The OCEL 2.0 readers against the bundled real logs and small fixtures:
//! counts a person could check by hand, and the three formats of one log
//! reading the same. Broken files are in ocel_reader_errors.rs.

mod common;

use std::collections::HashMap;
use std::time::Instant;

use common::{build_sqlite, fixture, order_management, p2p_example, read};
use throughline_ingest::ocel::{OcelLog, ReadOptions, read_log_bytes};
use time::macros::offset;

/// The XML and SQLite forms of the p2p example write local times in CET
/// without an offset; the JSON form writes them in UTC.
fn central_european() -> ReadOptions {
    ReadOptions {
        naive_offset: offset!(+1),
    }
}

/// The log with every collection sorted, for comparing logs that hold the
/// same content in different orders.
fn sorted(mut log: OcelLog) -> OcelLog {
    for declared in log.object_types.iter_mut().chain(&mut log.event_types) {
        declared
            .attributes
            .sort_by(|left, right| left.name.cmp(&right.name));
    }
    log.object_types
        .sort_by(|left, right| left.name.cmp(&right.name));
    log.event_types
        .sort_by(|left, right| left.name.cmp(&right.name));

    for object in &mut log.objects {
        object.attributes.sort_by(|left, right| {
            (&left.name, left.time, &left.value).cmp(&(&right.name, right.time, &right.value))
        });
        object.relationships.sort_by(|left, right| {
            (&left.object_id, &left.qualifier).cmp(&(&right.object_id, &right.qualifier))
        });
    }
    log.objects.sort_by(|left, right| left.id.cmp(&right.id));

    for event in &mut log.events {
        event
            .attributes
            .sort_by(|left, right| (&left.name, &left.value).cmp(&(&right.name, &right.value)));
        event.relationships.sort_by(|left, right| {
            (&left.object_id, &left.qualifier).cmp(&(&right.object_id, &right.qualifier))
        });
    }
    log.events.sort_by(|left, right| left.id.cmp(&right.id));
    log
}

fn event_relationship_count(log: &OcelLog) -> usize {
    log.events
        .iter()
        .map(|event| event.relationships.len())
        .sum()
}

fn object_relationship_count(log: &OcelLog) -> usize {
    log.objects
        .iter()
        .map(|object| object.relationships.len())
        .sum()
}

fn objects_per_type(log: &OcelLog) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for object in &log.objects {
        *counts.entry(object.object_type.as_str()).or_default() += 1;
    }
    counts
}

fn assert_order_management_counts(log: &OcelLog) {
    assert_eq!(log.objects.len(), 10_840);
    assert_eq!(log.events.len(), 21_008);
    assert_eq!(event_relationship_count(log), 147_463);
    assert_eq!(object_relationship_count(log), 28_391);

    let expected = HashMap::from([
        ("items", 7_659),
        ("orders", 2_000),
        ("packages", 1_128),
        ("products", 20),
        ("employees", 18),
        ("customers", 15),
    ]);
    assert_eq!(objects_per_type(log), expected);
}

fn assert_first_order_price_kept_as_written(log: &OcelLog) {
    let order = log
        .objects
        .iter()
        .find(|object| object.id == "o-990001")
        .unwrap();
    let price = order
        .attributes
        .iter()
        .find(|attribute| attribute.name == "price")
        .unwrap();
    assert_eq!(price.value, "1353.98");
    assert_eq!(price.time.to_string(), "2023-04-03T12:08:18+02:00");
}

#[test]
fn order_management_json_has_the_published_counts() {
    let log = read(&order_management("json.gz"), &ReadOptions::default());

    assert_order_management_counts(&log);
    assert_first_order_price_kept_as_written(&log);
    assert_eq!(log.object_types.len(), 6);
    assert_eq!(log.event_types.len(), 11);
}

#[test]
fn order_management_xml_has_the_published_counts() {
    let log = read(&order_management("xml.gz"), &ReadOptions::default());

    assert_order_management_counts(&log);
    assert_first_order_price_kept_as_written(&log);
    assert_eq!(log.object_types.len(), 6);
    assert_eq!(log.event_types.len(), 11);
}

/// The JSON file writes whole prices as `3083.0` where the XML file writes
/// `3083`; the readers keep each as written, so numbers compare by value.
#[test]
fn order_management_json_and_xml_hold_the_same_log_up_to_number_spelling() {
    let json = read(&order_management("json.gz"), &ReadOptions::default());
    let xml = read(&order_management("xml.gz"), &ReadOptions::default());

    let price_of_second_order = |log: &OcelLog| {
        let order = log
            .objects
            .iter()
            .find(|object| object.id == "o-990002")
            .unwrap();
        order.attributes[0].value.clone()
    };
    assert_eq!(price_of_second_order(&json), "3083.0");
    assert_eq!(price_of_second_order(&xml), "3083");

    assert_eq!(
        sorted(with_numbers_by_value(json)),
        sorted(with_numbers_by_value(xml))
    );
}

/// The log with every attribute value that reads as a number rewritten in
/// one spelling.
fn with_numbers_by_value(mut log: OcelLog) -> OcelLog {
    let respell = |value: &mut String| {
        if let Ok(number) = value.parse::<f64>() {
            *value = number.to_string();
        }
    };
    for object in &mut log.objects {
        object
            .attributes
            .iter_mut()
            .for_each(|attribute| respell(&mut attribute.value));
    }
    for event in &mut log.events {
        event
            .attributes
            .iter_mut()
            .for_each(|attribute| respell(&mut attribute.value));
    }
    log
}

#[test]
fn p2p_example_reads_the_same_from_json_xml_and_sqlite() {
    let json = read(&p2p_example("jsonocel"), &ReadOptions::default());
    let xml = read(&p2p_example("xmlocel"), &central_european());
    let sqlite = read(&p2p_example("sqlite"), &central_european());

    assert_eq!(json.events.len(), 13);
    assert_eq!(json.objects.len(), 9);
    assert_eq!(event_relationship_count(&json), 20);
    assert_eq!(object_relationship_count(&json), 7);

    let json = sorted(json);
    assert_eq!(json, sorted(xml));
    assert_eq!(json, sorted(sqlite));
}

#[test]
fn sqlite_keeps_table_order_and_reads_changed_fields_alone() {
    let log = read(&p2p_example("sqlite"), &central_european());

    let object_ids: Vec<&str> = log
        .objects
        .iter()
        .map(|object| object.id.as_str())
        .collect();
    assert_eq!(
        object_ids,
        ["R1", "R2", "R3", "P1", "P2", "P3", "PO1", "PO2", "PR1"]
    );
    assert_eq!(log.events[9].id, "e10");

    // Row 3 of object_PurchaseOrder changes only po_quantity, at 12:00 CET.
    let purchase_order = &log.objects[6];
    let changes: Vec<String> = purchase_order
        .attributes
        .iter()
        .map(|attribute| format!("{}={}@{}", attribute.name, attribute.value, attribute.time))
        .collect();
    assert_eq!(
        changes,
        [
            "po_product=Cows@1970-01-01T00:00:00Z",
            "po_quantity=500@1970-01-01T00:00:00Z",
            "po_quantity=600@2022-01-13T11:00:00Z",
        ]
    );
}

#[test]
fn sqlite_attribute_kinds_come_from_declared_column_types() {
    let path = build_sqlite(&fixture("bad_time.sql"), |script| {
        script.replace("'next Tuesday'", "'2023-04-07 08:00:00'")
    });
    let log = read(path.path(), &ReadOptions::default());

    let pay_order = &log.event_types[0];
    assert_eq!(pay_order.attributes[0].name, "amount");
    assert_eq!(pay_order.attributes[0].kind, "float");
    let amounts: Vec<&str> = log
        .events
        .iter()
        .map(|event| event.attributes[0].value.as_str())
        .collect();
    assert_eq!(amounts, ["100.5", "200", "300"]);
    assert_eq!(log.objects[0].attributes[0].value, "1353.98");
}

#[test]
fn a_gzipped_json_log_reads_the_same_as_the_plain_one() {
    let plain = read(&p2p_example("jsonocel"), &ReadOptions::default());
    let gzipped = read(
        &fixture("ocel20_example.jsonocel.gz"),
        &ReadOptions::default(),
    );

    assert_eq!(gzipped, plain);
}

#[test]
fn a_gzipped_sqlite_log_reads_the_same_as_the_plain_one() {
    let plain = read(&p2p_example("sqlite"), &central_european());
    let gzipped = read(&fixture("ocel20_example.sqlite.gz"), &central_european());

    assert_eq!(gzipped, plain);
}

#[test]
fn logs_in_memory_are_told_by_content_not_by_name() {
    let bytes = std::fs::read(p2p_example("xmlocel")).unwrap();
    let log = read_log_bytes("upload.bin", bytes, &central_european()).unwrap();

    assert_eq!(log.events.len(), 13);
}

#[test]
fn json_attribute_values_keep_the_text_the_file_wrote() {
    let text = r#"{
        "objects": [{"id": "o1", "type": "order", "attributes": [
            {"name": "price", "value": 0.10, "time": "2023-04-03T12:08:18+02:00"},
            {"name": "weight", "value": 1e3, "time": "2023-04-03T12:08:18+02:00"},
            {"name": "paid", "value": true, "time": "2023-04-03T12:08:18+02:00"},
            {"name": "note", "value": "said \"rush\"", "time": "2023-04-03T12:08:18+02:00"},
            {"name": "discount", "value": null, "time": "2023-04-03T12:08:18+02:00"}
        ]}],
        "events": [{"id": "e1", "type": "pay order", "time": "2023-04-05T15:28:14Z",
            "attributes": [{"name": "amount", "value": 1353.98}, {"name": "by", "value": null}],
            "relationships": [{"objectId": "not-in-this-log", "qualifier": "order"}]}]
    }"#;
    let log = read_log_bytes("inline.json", text.into(), &ReadOptions::default()).unwrap();

    let values: Vec<&str> = log.objects[0]
        .attributes
        .iter()
        .map(|attribute| attribute.value.as_str())
        .collect();
    assert_eq!(values, ["0.10", "1e3", "true", "said \"rush\""]);
    assert_eq!(log.events[0].attributes.len(), 1);
    assert_eq!(log.events[0].attributes[0].value, "1353.98");
    assert_eq!(log.events[0].relationships[0].object_id, "not-in-this-log");
}

#[test]
fn xml_text_and_attribute_values_are_unescaped() {
    let text = r#"<?xml version="1.0" encoding="UTF-8"?>
<log>
  <objects>
    <object id="R&amp;D &quot;1&quot;" type="team">
      <attributes>
        <attribute name="motto" time="2023-01-01T00:00:00Z"
          >Caf&#233; &amp; <![CDATA[<cake>]]></attribute>
      </attributes>
    </object>
  </objects>
  <events/>
</log>"#;
    let log = read_log_bytes("inline.xml", text.into(), &ReadOptions::default()).unwrap();

    assert_eq!(log.objects[0].id, "R&D \"1\"");
    assert_eq!(log.objects[0].attributes[0].value, "Café & <cake>");
}

/// Read times of the real log in a release build, and of gunzip alone for
/// comparison; run with `cargo test --release -p throughline-ingest --test
/// ocel_readers -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, meaningful only in a release build"]
fn measure_order_management_read_times() {
    for extension in ["json.gz", "xml.gz"] {
        let path = order_management(extension);
        let packed = std::fs::read(&path).unwrap();

        let unpack = fastest_of_ten(|| {
            let mut unpacked = Vec::new();
            let mut decoder = flate2::read::GzDecoder::new(packed.as_slice());
            std::io::Read::read_to_end(&mut decoder, &mut unpacked).unwrap();
            unpacked
        });
        let whole_read = fastest_of_ten(|| read(&path, &ReadOptions::default()));
        println!(
            "order-management.{extension}: read {whole_read:.1} ms, \
             of which gunzip alone {unpack:.1} ms"
        );
    }
}

/// The fastest of ten runs, in milliseconds. What a run returns is dropped
/// after its clock stops: freeing the log is not part of reading it.
fn fastest_of_ten<T>(mut run: impl FnMut() -> T) -> f64 {
    let mut fastest = f64::MAX;
    for _ in 0..10 {
        let started = Instant::now();
        let result = run();
        fastest = fastest.min(started.elapsed().as_secs_f64() * 1000.0);
        drop(result);
    }
    fastest
}
