//! The record endpoints: filtered listings and one record with its history.

mod common;

use axum::http::StatusCode;

use common::{app_over, get_json, store_with_crm, test_app};

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

#[tokio::test]
async fn a_negative_limit_is_refused_in_plain_words() {
    let app = test_app();

    let (status, body) = get_json(&app, "/api/v1/records?limit=-1").await;

    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["error"]["message"],
        "limit must be a whole number from 1 to 1000, not '-1'"
    );
}

#[tokio::test]
async fn a_listing_of_a_type_that_does_not_exist_is_not_found_rather_than_empty() {
    let app = test_app();

    let (status, body) = get_json(&app, "/api/v1/records?type=orders").await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body["error"]["message"],
        "no business object type 'orders' (`throughline types` and /api/v1/types list them)"
    );
}

#[tokio::test]
async fn an_account_filter_takes_the_accounts_name_in_any_case() {
    let app = test_app();

    let (status, body) = get_json(&app, "/api/v1/records?type=order&account=ACME%20gmbh").await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(keys(&body), ["o-1", "o-2"]);
}

#[tokio::test]
async fn an_unknown_account_filter_is_not_found_by_name() {
    let app = test_app();

    let (status, body) = get_json(&app, "/api/v1/records?account=Initech").await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body["error"]["message"],
        "no account 'Initech' with records"
    );
}

#[tokio::test]
async fn an_unknown_query_parameter_on_the_listing_is_refused_by_name() {
    let app = test_app();

    let (status, body) = get_json(&app, "/api/v1/records?kind=order").await;

    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["error"]["message"],
        "unknown query parameter 'kind'; this endpoint takes type, account, limit"
    );
}

#[tokio::test]
async fn a_type_and_key_in_two_sources_lists_candidates_that_each_read_back() {
    let app = app_over(store_with_crm());

    let (status, body) = get_json(&app, "/api/v1/records/order:o-1").await;

    assert_eq!(status, StatusCode::CONFLICT);
    let mut candidates: Vec<String> =
        serde_json::from_value(body["error"]["candidates"].clone()).unwrap();
    candidates.sort();
    assert_eq!(candidates, ["crm:order:o-1", "erp:order:o-1"]);
    for candidate in candidates {
        let (status, read) = get_json(&app, &format!("/api/v1/records/{candidate}")).await;
        assert_eq!(status, StatusCode::OK, "{candidate}");
        let source = candidate.split(':').next().unwrap();
        assert_eq!(read["record"]["source"], source, "{candidate}");
    }
}
