//! The whole product through its command line, as a user runs it: import the
//! real order-management log, open a sales process record for AlpenTech
//! Innovations AG, read its node map, delink a record and re-import.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn log_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/ocel2-order-management/order-management.json.gz")
}

fn throughline(database: &Path, arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_throughline"))
        .arg("--db")
        .arg(database)
        .args(arguments)
        .output()
        .expect("the binary runs")
}

/// Runs a command that must succeed and returns its stdout.
fn succeed(database: &Path, arguments: &[&str]) -> String {
    let output = throughline(database, arguments);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{arguments:?} failed:\n{stdout}\n{stderr}"
    );
    stdout
}

fn json(database: &Path, arguments: &[&str]) -> Value {
    let mut with_json = arguments.to_vec();
    with_json.push("--json");
    serde_json::from_str(&succeed(database, &with_json)).expect("valid JSON")
}

fn nodes_of_type<'a>(map: &'a Value, type_key: &str) -> Vec<&'a Value> {
    map["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter(|node| node["type"] == type_key)
        .collect()
}

fn import(database: &Path) -> Value {
    let log = log_path();
    json(database, &["import", "ocel", log.to_str().unwrap()])
}

#[test]
fn alpentech_map_holds_its_orders_lines_and_deliveries_and_a_delink_survives_reimport() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("throughline.db");

    let summary = import(&database);
    assert_eq!(summary["written"]["records_inserted"], 10_840);

    let process = json(
        &database,
        &[
            "process",
            "create",
            "--account",
            "AlpenTech Innovations AG",
            "--group",
            "order-to-cash",
        ],
    );
    assert_eq!(process["number"], "SP0001");
    assert_eq!(process["roots"].as_array().unwrap().len(), 121);

    let map = json(&database, &["map", "SP0001", "--levels", "3"]);
    assert_eq!(map["nodes"].as_array().unwrap().len(), 660);
    let orders = nodes_of_type(&map, "order");
    assert_eq!(orders.len(), 121);
    assert_eq!(nodes_of_type(&map, "order_line").len(), 464);
    assert_eq!(nodes_of_type(&map, "delivery").len(), 75);
    assert!(
        orders
            .iter()
            .all(|order| order["phase"] == "done" && order["status"] == "paid")
    );

    succeed(&database, &["process", "delink", "SP0001", "o-990001"]);
    let again = import(&database);
    assert_eq!(again["written"]["records_inserted"], 0);
    assert_eq!(again["written"]["records_unchanged"], 10_840);

    let map = json(&database, &["map", "SP0001", "--levels", "3"]);
    assert_eq!(nodes_of_type(&map, "order").len(), 120);
    let keys: Vec<&str> = map["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|node| node["key"].as_str().unwrap())
        .collect();
    assert!(!keys.contains(&"o-990001"));
    // o-990001's three lines hang only below it.
    assert!(!keys.contains(&"i-880001"));
    assert_eq!(nodes_of_type(&map, "order_line").len(), 461);

    let reset = succeed(&database, &["process", "reset", "SP0001", "o-990001"]);
    assert_eq!(
        reset.trim(),
        "o-990001 is back where the data puts it in SP0001 (1 override removed)"
    );
    let map = json(&database, &["map", "SP0001", "--levels", "3"]);
    assert_eq!(map["nodes"].as_array().unwrap().len(), 660);
}

#[test]
fn the_tree_view_names_each_order_with_its_status_and_amount() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("throughline.db");
    import(&database);
    succeed(
        &database,
        &[
            "process",
            "create",
            "--account",
            "AlpenTech Innovations AG",
            "--group",
            "order-to-cash",
            "--root",
            "o-990001",
        ],
    );

    let tree = succeed(&database, &["map", "SP0001", "--levels", "2"]);

    assert!(
        tree.starts_with("order o-990001 [done: paid] 1353.98 EUR * · 3 order lines"),
        "{tree}"
    );
    assert!(
        tree.contains("├─ order_line i-880001 [done: delivered]"),
        "{tree}"
    );
    assert!(
        tree.contains("4 nodes at 2 levels: 1 order, 3 order lines"),
        "{tree}"
    );
}

#[test]
fn a_malformed_file_is_refused_with_its_place_and_the_database_keeps_what_it_had() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("throughline.db");
    import(&database);
    let broken = folder.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\"objects\": [\n  {\"id\": \"x\", \"type\": }\n]}",
    )
    .unwrap();

    let output = throughline(&database, &["import", "ocel", broken.to_str().unwrap()]);

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.json"), "{stderr}");
    assert!(stderr.contains("line 2"), "{stderr}");
    let records = json(&database, &["records", "--type", "account"]);
    assert_eq!(records.as_array().unwrap().len(), 15);
}

#[test]
fn an_unknown_process_number_is_a_plain_error() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("throughline.db");
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let p2p = data.join("data/ocel2-example-p2p/ocel20_example.jsonocel");
    let mapping = data.join("crates/ingest/tests/data/p2p-mapping.toml");
    succeed(
        &database,
        &[
            "import",
            "ocel",
            p2p.to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
        ],
    );

    let output = throughline(&database, &["map", "SP0042"]);

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim(), "error: no sales process record SP0042");
}

#[test]
fn a_mistyped_database_path_is_named_and_not_created() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("typo.db");

    let output = throughline(&database, &["accounts"]);

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("there is no database at"), "{stderr}");
    assert!(stderr.contains("typo.db"), "{stderr}");
    assert!(!database.exists());
}

#[test]
fn output_cut_short_by_its_reader_ends_quietly() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("throughline.db");
    import(&database);

    let mut child = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .arg("--db")
        .arg(&database)
        .args(["records", "--limit", "10000", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then hang up, as `| head -1` does.
    let mut first = String::new();
    let stdout = child.stdout.take().unwrap();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut first).unwrap();
    let output = child.wait_with_output().unwrap();

    assert_eq!(first, "[\n");
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).is_empty());
}

#[test]
fn a_custom_type_can_be_added_from_a_toml_file_and_a_broken_one_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("throughline.db");
    let definition = folder.path().join("credit_check.toml");
    std::fs::write(
        &definition,
        r#"key = "credit_check"
label = "Credit check"
icon = "shield"
display_field = "number"
fields = [{ name = "number", label = "Number", kind = "text" },
          { name = "limit", label = "Credit limit", kind = "money" }]
statuses = [{ value = "requested", phase = "open" }, { value = "approved", phase = "done" },
            { value = "declined", phase = "cancelled" }]
amount = { field = "limit", default_currency = "EUR" }
"#,
    )
    .unwrap();

    let saved = json(&database, &["types", "add", definition.to_str().unwrap()]);

    assert_eq!(saved["custom"], true);
    let types = json(&database, &["types"]);
    assert_eq!(types.as_array().unwrap().len(), 14);
    assert_eq!(types[13]["key"], "credit_check");

    std::fs::write(&definition, "key = \"order\"\nlabel = \"Mine\"\n").unwrap();
    let output = throughline(&database, &["types", "add", definition.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("credit_check.toml is not a business object type"),
        "{stderr}"
    );
    assert!(stderr.contains("missing field"), "{stderr}");
}

#[test]
fn a_refused_first_import_leaves_no_database_behind() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("new.db");
    let broken = folder.path().join("broken.json");
    std::fs::write(&broken, "{\"objects\": [").unwrap();

    let output = throughline(&database, &["import", "ocel", broken.to_str().unwrap()]);

    assert!(!output.status.success());
    assert!(!database.exists());
    let missing_folder = folder.path().join("nowhere").join("x.db");
    let output = throughline(
        &missing_folder,
        &["import", "ocel", broken.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("does not exist"), "{stderr}");
}
