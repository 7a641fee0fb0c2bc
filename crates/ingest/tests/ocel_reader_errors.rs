//! The messages a person reads when an OCEL 2.0 file is broken: the file,
//! the place in it and what is wrong, and never a panic.

mod common;

use common::{build_sqlite, fixture, full_message, gzip, read_error};
use throughline_ingest::ocel::{OcelError, Place, ReadOptions, read_log_bytes};

#[test]
fn a_repeated_event_id_in_xml_names_both_places() {
    let text = r#"<log>
  <events>
    <event id="e1" type="pay order" time="2023-04-05T15:28:14Z"/>
    <event id="e1" type="pay order" time="2023-04-06T15:28:14Z"/>
  </events>
</log>"#;
    let error = read_log_bytes("inline.xml", text.into(), &ReadOptions::default()).unwrap_err();

    assert_eq!(
        error.to_string(),
        "inline.xml: line 4, column 5: event id 'e1' is used a second time (first at line 3, \
         column 5); event ids must be unique within a log"
    );
}

#[test]
fn a_repeated_object_id_in_sqlite_names_both_rows() {
    let database = build_sqlite(&fixture("bad_time.sql"), |script| {
        script
            .replace(
                "CREATE TABLE object (ocel_id TEXT PRIMARY KEY",
                "CREATE TABLE object (ocel_id TEXT",
            )
            .replace(
                "('o1', 'order');",
                "('o1', 'order'), ('o2', 'order'), ('o1', 'order');",
            )
    });
    let error = read_error(database.path());

    assert_eq!(
        error.to_string(),
        format!(
            "{}: object row 3: object id 'o1' is used a second time (first at object row 1); \
             object ids must be unique within a log",
            database.path().display()
        )
    );
}

#[test]
fn truncated_json_names_the_line_and_column_where_it_ends() {
    let path = fixture("truncated.json");
    let error = read_error(&path);

    assert_eq!(
        error.to_string(),
        format!(
            "{}: line 6, column 40: EOF while parsing a string",
            path.display()
        )
    );
}

#[test]
fn a_repeated_object_id_in_json_names_the_id_and_both_places() {
    let path = fixture("duplicate_object_id.json");
    let error = read_error(&path);

    assert_eq!(
        error.to_string(),
        format!(
            "{}: line 7, column 12: object id 'o1' is used a second time (first at line 5, \
             column 12); object ids must be unique within a log",
            path.display()
        )
    );
}

#[test]
fn a_bad_json_time_names_its_place_and_text() {
    let path = fixture("bad_timestamp.json");
    let error = read_error(&path);

    assert_eq!(
        error.to_string(),
        format!(
            "{}: line 9, column 15: event time '2023-04-31T10:00:00Z' is not a timestamp \
             (expected RFC 3339 such as 2023-04-03T10:08:18Z, or a time without offset such \
             as 2023-04-03 10:08:18)",
            path.display()
        )
    );
}

#[test]
fn json_positions_in_a_gzipped_file_say_they_count_in_the_unpacked_text() {
    let bytes = std::fs::read(fixture("duplicate_object_id.json")).unwrap();
    let error =
        read_log_bytes("upload.json.gz", gzip(&bytes), &ReadOptions::default()).unwrap_err();

    assert!(
        error
            .to_string()
            .starts_with("upload.json.gz: line 7, column 12 of the unpacked text: object id 'o1'"),
        "{error}"
    );
}

#[test]
fn a_broken_xml_tag_names_its_line_and_column() {
    let path = fixture("broken_tag.xml");
    let error = read_error(&path);

    assert_eq!(
        error.to_string(),
        format!(
            "{}: line 11, column 5: ill-formed document: expected `</object>`, but \
             `</objeckt>` was found",
            path.display()
        )
    );
}

#[test]
fn an_xml_object_without_id_names_the_tag_place() {
    let path = fixture("object_without_id.xml");
    let error = read_error(&path);

    assert_eq!(
        error.to_string(),
        format!(
            "{}: line 5, column 5: <object> has no 'id' attribute",
            path.display()
        )
    );
    assert!(matches!(
        error,
        OcelError::Malformed {
            place: Place::Text {
                line: 5,
                column: 5,
                unpacked: false
            },
            ..
        }
    ));
}

#[test]
fn a_bad_sqlite_time_names_the_table_and_row() {
    let database = build_sqlite(&fixture("bad_time.sql"), str::to_owned);
    let error = read_log_bytes(
        "orders.sqlite",
        std::fs::read(database.path()).unwrap(),
        &ReadOptions::default(),
    )
    .unwrap_err();

    assert_eq!(
        error.to_string(),
        "orders.sqlite: event_PayOrder row 3: ocel_time 'next Tuesday' is not a timestamp \
         (expected RFC 3339 such as 2023-04-03T10:08:18Z, or a time without offset such as \
         2023-04-03 10:08:18)"
    );
}

#[test]
fn a_sqlite_database_without_the_ocel_tables_names_the_missing_ones() {
    let database = build_sqlite(&fixture("not_ocel.sql"), str::to_owned);
    let error = read_error(database.path());

    assert_eq!(
        error.to_string(),
        format!(
            "{}: not an OCEL 2.0 SQLite log: missing table(s) event_object, object_object, \
             event_map_type, object_map_type",
            database.path().display()
        )
    );
}

#[test]
fn a_plain_text_file_is_refused_with_the_formats_we_read() {
    let path = fixture("not_a_log.txt");
    let error = read_error(&path);

    assert_eq!(
        error.to_string(),
        format!(
            "{}: not an OCEL 2.0 log in a format we read: expected JSON, XML or SQLite, each \
             possibly gzipped, but the file starts with \"case id,activity,timesta\"",
            path.display()
        )
    );
}

#[test]
fn a_missing_file_names_its_path() {
    let path = fixture("no_such_log.json");
    let error = read_error(&path);

    assert!(
        full_message(&error).starts_with(&format!("{}: cannot read the file: ", path.display())),
        "{}",
        full_message(&error)
    );
}

#[test]
fn damaged_gzip_names_the_file() {
    let mut bytes = gzip(b"{\"objects\": [], \"events\": []}");
    let middle = bytes.len() / 2;
    bytes.truncate(middle);
    let error = read_log_bytes("cut.json.gz", bytes, &ReadOptions::default()).unwrap_err();

    assert!(
        full_message(&error)
            .starts_with("cut.json.gz: the file starts like gzip but cannot be unpacked: "),
        "{}",
        full_message(&error)
    );
}

#[test]
fn odd_inputs_are_refused_with_a_message_not_a_panic() {
    let inputs: [&[u8]; 13] = [
        b"",
        b"{",
        b"<",
        b"<log><objects><object id=\"o1\" type=\"t\">",
        b"<?xml version=\"1.0\"?><!-- nothing else -->",
        b"<log><objects><object id=\"o1\" type=\"t\"><attributes>\
          <attribute name=\"a\" time=\"x\">1</attribute></attributes></object></objects></log>",
        b"<log><events><event id=\"e1\" type=\"t\" time=\"2023-01-01T00:00:00Z\"><attributes>\
          <attribute name=\"a\">&bogus;</attribute></attributes></event></events></log>",
        b"<orders/>",
        b"{\"ocel:global-log\": {}, \"ocel:events\": {}, \"ocel:objects\": {}}",
        b"{\"objects\": [{\"id\": 7, \"type\": \"t\"}], \"events\": []}",
        b"{\"objects\": [], \"events\": [{\"id\": \"e1\", \"type\": \"t\", \
          \"time\": \"2023-01-01T00:00:00Z\", \
          \"attributes\": [{\"name\": \"a\", \"value\": [1]}]}]}",
        b"SQLite format 3\0this is not really a database",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    ];
    for input in inputs {
        let error = read_log_bytes("odd", input.to_vec(), &ReadOptions::default()).unwrap_err();
        println!("{}", full_message(&error));
        assert!(error.to_string().starts_with("odd: "), "{error}");
    }
}
