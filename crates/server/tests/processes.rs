//! The sales process endpoints: opening one, reading its node map, and the
//! manager's delink, link and move.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

use common::{
    ACME, app_with_process, get_json, keys_of_type, parent_keys, post_json, send, test_app,
};

#[tokio::test]
async fn a_process_opened_without_roots_follows_all_of_the_accounts_orders() {
    let app = test_app();

    let body = json!({ "account": ACME, "group": "order-to-cash" });
    let (status, created) = post_json(&app, "/api/v1/processes", &body).await;

    assert_eq!(status, StatusCode::CREATED);
    let process = &created["process"];
    assert_eq!(process["number"], "SP0001");
    assert_eq!(process["title"], "Acme GmbH — Order to cash");
    assert_eq!(process["account"], "acme");
    assert_eq!(process["owner"], "unassigned");
    assert_eq!(process["roots"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_list_holds_every_opened_process() {
    let app = app_with_process().await;

    let (status, list) = get_json(&app, "/api/v1/processes").await;

    assert_eq!(status, StatusCode::OK);
    let numbers: Vec<&str> = list["processes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|process| process["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["SP0001"]);
}

#[tokio::test]
async fn a_process_number_reads_however_it_is_typed() {
    let app = app_with_process().await;

    for written in ["SP0001", "sp1", "1"] {
        let (status, body) = get_json(&app, &format!("/api/v1/processes/{written}")).await;
        assert_eq!(status, StatusCode::OK, "{written}");
        assert_eq!(body["process"]["number"], "SP0001");
    }
}

#[tokio::test]
async fn the_map_counts_its_nodes_per_type() {
    let app = app_with_process().await;

    let (status, body) = get_json(&app, "/api/v1/processes/SP0001/map").await;

    assert_eq!(status, StatusCode::OK);
    let map = &body["map"];
    assert_eq!(map["levels"], 3);
    assert_eq!(
        map["counts"],
        json!({ "order": 2, "order_line": 3, "delivery": 2 })
    );
    assert_eq!(keys_of_type(map, "delivery"), ["d-1", "d-2"]);
}

#[tokio::test]
async fn a_delivery_shipping_lines_of_both_orders_lists_every_line_as_parent() {
    let app = app_with_process().await;

    let (_, body) = get_json(&app, "/api/v1/processes/SP0001/map").await;

    assert_eq!(parent_keys(&body["map"], "d-1"), ["ol-1", "ol-2", "ol-3"]);
    assert_eq!(parent_keys(&body["map"], "d-2"), ["ol-2"]);
}

#[tokio::test]
async fn two_levels_stop_at_the_lines_and_count_their_deliveries() {
    let app = app_with_process().await;

    let (_, body) = get_json(&app, "/api/v1/processes/SP0001/map?levels=2").await;

    let map = &body["map"];
    assert_eq!(map["counts"], json!({ "order": 2, "order_line": 3 }));
    let shared_line = map["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|node| node["key"] == "ol-2")
        .unwrap();
    assert_eq!(shared_line["child_counts"], json!({ "delivery": 2 }));
}

#[tokio::test]
async fn delinking_a_line_removes_its_own_delivery_but_keeps_the_shared_one() {
    let app = app_with_process().await;

    let body = json!({ "key": "ol-2" });
    let (status, _) = post_json(&app, "/api/v1/processes/SP0001/delink", &body).await;
    assert_eq!(status, StatusCode::OK);

    let (_, body) = get_json(&app, "/api/v1/processes/SP0001/map").await;
    let map = &body["map"];
    assert_eq!(keys_of_type(map, "order_line"), ["ol-1", "ol-3"]);
    assert_eq!(keys_of_type(map, "delivery"), ["d-1"]);
    assert_eq!(parent_keys(map, "d-1"), ["ol-1", "ol-3"]);
}

#[tokio::test]
async fn a_moved_delivery_hangs_only_under_its_new_parent_and_is_monitored() {
    let app = app_with_process().await;

    let body = json!({ "key": "d-2", "under": "ol-1" });
    let (status, moved) = post_json(&app, "/api/v1/processes/SP0001/move", &body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(moved["process"]["overrides"][0]["kind"], "move");

    let (_, body) = get_json(&app, "/api/v1/processes/SP0001/map").await;
    let map = &body["map"];
    assert_eq!(parent_keys(map, "d-2"), ["ol-1"]);
    let delivery = map["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|node| node["key"] == "d-2")
        .unwrap();
    assert_eq!(delivery["tracking"], "monitored");
}

#[tokio::test]
async fn a_linked_line_joins_the_map_under_the_order_it_was_linked_to() {
    let app = test_app();
    let body = json!({ "account": ACME, "group": "order-to-cash", "roots": ["o-1"] });
    post_json(&app, "/api/v1/processes", &body).await;

    let body = json!({ "key": "ol-3", "under": "o-1" });
    let (status, _) = post_json(&app, "/api/v1/processes/SP0001/link", &body).await;
    assert_eq!(status, StatusCode::OK);

    let (_, body) = get_json(&app, "/api/v1/processes/SP0001/map?levels=2").await;
    let map = &body["map"];
    assert_eq!(keys_of_type(map, "order"), ["o-1"]);
    assert_eq!(keys_of_type(map, "order_line"), ["ol-1", "ol-2", "ol-3"]);
    assert_eq!(parent_keys(map, "ol-3"), ["o-1"]);
}

#[tokio::test]
async fn an_unknown_process_answers_the_error_envelope() {
    let app = test_app();

    let (status, body) = get_json(&app, "/api/v1/processes/SP0099/map").await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body,
        json!({ "error": { "code": "not_found", "message": "no sales process record SP0099" } })
    );
}

#[tokio::test]
async fn levels_out_of_range_or_not_a_number_are_a_bad_request() {
    let app = app_with_process().await;

    for levels in ["0", "13", "abc", "-1"] {
        let uri = format!("/api/v1/processes/SP0001/map?levels={levels}");
        let (status, body) = get_json(&app, &uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{levels}");
        assert_eq!(body["error"]["code"], "bad_request");
        assert_eq!(
            body["error"]["message"],
            format!("levels must be a whole number from 1 to 12, not '{levels}'")
        );
    }
}

#[tokio::test]
async fn a_process_number_that_is_no_number_is_a_bad_request() {
    let app = test_app();

    let (status, body) = get_json(&app, "/api/v1/processes/SPX").await;

    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"]["message"].as_str().unwrap().contains("'SPX'"));
}

#[tokio::test]
async fn a_key_two_records_share_is_ambiguous_and_lists_both() {
    let app = app_with_process().await;

    let body = json!({ "key": "90000001" });
    let (status, body) = post_json(&app, "/api/v1/processes/SP0001/delink", &body).await;

    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["code"], "ambiguous");
    assert_eq!(
        body["error"]["candidates"],
        json!(["invoice:90000001", "payment:90000001"])
    );
    assert_eq!(
        body["error"]["message"],
        "'90000001' is ambiguous: it matches invoice:90000001, payment:90000001"
    );
}

#[tokio::test]
async fn a_type_prefix_picks_one_of_two_records_sharing_a_key() {
    let app = app_with_process().await;

    let body = json!({ "key": "invoice:90000001" });
    let (status, _) = post_json(&app, "/api/v1/processes/SP0001/delink", &body).await;

    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_record_key_is_not_found_by_name() {
    let app = app_with_process().await;

    let body = json!({ "key": "ol-404" });
    let (status, body) = post_json(&app, "/api/v1/processes/SP0001/delink", &body).await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["message"], "no record 'ol-404'");
}

#[tokio::test]
async fn a_record_cannot_be_moved_under_itself() {
    let app = app_with_process().await;

    let body = json!({ "key": "d-2", "under": "d-2" });
    let (status, body) = post_json(&app, "/api/v1/processes/SP0001/move", &body).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "invalid");
}

#[tokio::test]
async fn an_unknown_group_is_not_found() {
    let app = test_app();

    let body = json!({ "account": ACME, "group": "quote-to-cash" });
    let (status, body) = post_json(&app, "/api/v1/processes", &body).await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body["error"]["message"],
        "no business object group 'quote-to-cash'"
    );
}

#[tokio::test]
async fn an_account_without_records_is_not_found() {
    let app = test_app();

    let body = json!({ "account": "Initech", "group": "order-to-cash" });
    let (status, body) = post_json(&app, "/api/v1/processes", &body).await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body["error"]["message"],
        "no account 'Initech' with records"
    );
}

#[tokio::test]
async fn a_root_of_another_account_is_refused() {
    let app = test_app();

    let body = json!({ "account": ACME, "group": "order-to-cash", "roots": ["o-9"] });
    let (status, body) = post_json(&app, "/api/v1/processes", &body).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["error"]["message"],
        "record order:o-9 belongs to account 'globex', not 'Acme GmbH'"
    );
}

#[tokio::test]
async fn a_misspelt_field_is_refused_rather_than_ignored() {
    let app = test_app();

    let body = json!({ "account": ACME, "group": "order-to-cash", "root": ["o-1"] });
    let (status, body) = post_json(&app, "/api/v1/processes", &body).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "invalid");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("`root`")
    );
}

/// Posts a body as it is written, JSON or not.
async fn post_text(uri: &str, body: impl Into<Body>) -> (StatusCode, Value) {
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap();
    let (status, text) = send(&test_app(), request).await;
    (status, serde_json::from_str(&text).unwrap())
}

#[tokio::test]
async fn a_body_that_is_no_object_is_refused_naming_the_fields_it_needs() {
    for body in ["[]", r#""acme""#, "5", "null"] {
        let (status, refused) = post_text("/api/v1/processes", body).await;

        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(
            refused["error"]["message"], "the body must be a JSON object with account and group",
            "{body}"
        );
    }
    let (_, refused) = post_text("/api/v1/processes/SP0001/link", "[]").await;
    assert_eq!(
        refused["error"]["message"],
        "the body must be a JSON object with key and under"
    );
}

#[tokio::test]
async fn a_body_missing_a_field_names_the_field_and_no_rust_type() {
    let (status, refused) = post_text("/api/v1/processes", r#"{"account": "acme"}"#).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused["error"]["message"],
        "the body must be a JSON object with account and group; \
         missing field `group` at line 1 column 19"
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_bad_request_in_plain_words() {
    let (status, refused) = post_text("/api/v1/processes", "{account").await;

    assert_eq!(status, StatusCode::BAD_REQUEST);
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("the body is not valid JSON: "),
        "{message}"
    );
    assert!(!message.contains("Failed to"), "{message}");
}

#[tokio::test]
async fn a_body_without_its_content_type_is_told_which_header_to_send() {
    let request = Request::post("/api/v1/processes")
        .body(Body::from(
            r#"{"account": "acme", "group": "order-to-cash"}"#,
        ))
        .unwrap();

    let (status, text) = send(&test_app(), request).await;

    assert_eq!(status, StatusCode::BAD_REQUEST);
    let refused: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        refused["error"]["message"],
        "the body must be JSON, sent with the header Content-Type: application/json"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_payload_too_large_in_the_envelope() {
    let title = "x".repeat(2 * 1024 * 1024);
    let body = json!({ "account": ACME, "group": "order-to-cash", "title": title });

    let (status, refused) = post_text("/api/v1/processes", body.to_string()).await;

    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        refused,
        json!({ "error": {
            "code": "payload_too_large",
            "message": "the body is larger than 2 MiB, the most this server reads"
        } })
    );
}

#[tokio::test]
async fn an_unknown_query_parameter_on_the_map_is_refused_by_name() {
    let app = app_with_process().await;

    let (status, body) = get_json(&app, "/api/v1/processes/SP0001/map?levels=2&level=3").await;

    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["error"]["message"],
        "unknown query parameter 'level'; this endpoint takes levels"
    );
}

#[tokio::test]
async fn a_chosen_child_of_another_order_is_refused_by_key_and_nothing_is_opened() {
    let app = test_app();

    let body = json!({
        "account": ACME, "group": "order-to-cash", "roots": ["o-2"], "children": ["ol-1"]
    });
    let (status, refused) = post_json(&app, "/api/v1/processes", &body).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused["error"]["message"],
        "ol-1 is not below any chosen root; choose its parent record as a root, \
         or link it in after creating the process"
    );
    let (_, list) = get_json(&app, "/api/v1/processes").await;
    assert_eq!(list["processes"], json!([]));
}
