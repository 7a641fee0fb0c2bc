//! The record endpoints: filtered listings and one record with its history.

mod common;

use axum::http::StatusCode;

use common::{get_json, test_app};

fn keys(body: &serde_json::Value) -> Vec<&str> {
    body["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|record| record["key"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn records_filter_by_type_and_account() {
    let app = test_app();

    let (status, body) = get_json(&app, "/api/v1/records?type=order&account=acme").await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(keys(&body), ["o-1", "o-2"]);
}

#[tokio::test]
async fn a_limit_caps_the_listing() {
    let app = test_app();

    let (_, body) = get_json(&app, "/api/v1/records?type=order_line&limit=2").await;

    assert_eq!(keys(&body), ["ol-1", "ol-2"]);
}

#[tokio::test]
async fn a_limit_that_is_no_number_or_zero_is_a_bad_request() {
    let app = test_app();

    for limit in ["abc", "0", "5000"] {
        let (status, body) = get_json(&app, &format!("/api/v1/records?limit={limit}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{limit}");
        assert_eq!(body["error"]["code"], "bad_request");
    }
}

#[tokio::test]
async fn a_record_reads_by_store_id_by_key_and_by_type_and_key() {
    let app = test_app();
    let (_, listing) = get_json(&app, "/api/v1/records?type=delivery").await;
    let id = listing["records"][0]["id"].as_i64().unwrap();

    let (status, by_id) = get_json(&app, &format!("/api/v1/records/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(by_id["record"]["key"], "d-1");
    assert_eq!(by_id["history"], serde_json::json!([]));

    let (_, by_key) = get_json(&app, "/api/v1/records/d-1").await;
    assert_eq!(by_key["record"]["id"], id);

    let (_, typed) = get_json(&app, "/api/v1/records/payment:90000001").await;
    assert_eq!(typed["record"]["type"], "payment");
}

#[tokio::test]
async fn an_unknown_record_is_not_found() {
    let app = test_app();

    let (status, body) = get_json(&app, "/api/v1/records/999999").await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["message"], "no record with id 999999");
}
