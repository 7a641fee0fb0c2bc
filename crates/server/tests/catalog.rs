//! The catalog endpoints and the API's answers to routes it does not have.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;

use common::{get_json, post_json, send, test_app};

#[tokio::test]
async fn the_types_are_the_built_in_catalog_in_order() {
    let app = test_app();

    let (status, body) = get_json(&app, "/api/v1/types").await;

    assert_eq!(status, StatusCode::OK);
    let types = body["types"].as_array().unwrap();
    assert_eq!(types.len(), 13);
    assert_eq!(types[0]["key"], "account");
    assert_eq!(types[7]["label"], "Order line");
}

fn credit_check() -> serde_json::Value {
    json!({
        "key": "credit_check",
        "label": "Credit check",
        "icon": "shield",
        "display_field": "number",
        "fields": [{"name": "number", "label": "Number", "kind": "text"}],
        "statuses": [{"value": "requested", "phase": "open"},
                     {"value": "approved", "phase": "done"}]
    })
}

#[tokio::test]
async fn a_custom_type_joins_the_end_of_the_catalog() {
    let app = test_app();

    let (status, body) = post_json(&app, "/api/v1/types", &credit_check()).await;

    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["type"]["custom"], true);
    let (_, listed) = get_json(&app, "/api/v1/types").await;
    assert_eq!(listed["types"][13]["key"], "credit_check");
}

#[tokio::test]
async fn a_built_in_type_cannot_be_replaced_and_a_broken_one_is_named() {
    let app = test_app();
    let mut order = credit_check();
    order["key"] = json!("order");
    let mut broken = credit_check();
    broken["display_field"] = json!("title");

    let (replace_status, replace_body) = post_json(&app, "/api/v1/types", &order).await;
    let (broken_status, broken_body) = post_json(&app, "/api/v1/types", &broken).await;

    assert_eq!(replace_status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        replace_body["error"]["message"],
        "'order' is a built-in type and cannot be replaced; choose another key"
    );
    assert_eq!(broken_status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        broken_body["error"]["message"],
        "type 'credit_check' shows 'title' as its display field, but has no such field"
    );
}

#[tokio::test]
async fn the_groups_hold_order_to_cash_with_its_layout() {
    let app = test_app();

    let (status, body) = get_json(&app, "/api/v1/groups").await;

    assert_eq!(status, StatusCode::OK);
    let group = &body["groups"][0];
    assert_eq!(group["key"], "order-to-cash");
    assert_eq!(group["label"], "Order to cash");
    assert_eq!(group["layout"]["levels"], 3);
}

#[tokio::test]
async fn the_accounts_are_listed_by_name_with_their_record_counts() {
    let app = test_app();

    let (status, body) = get_json(&app, "/api/v1/accounts").await;

    assert_eq!(status, StatusCode::OK);
    let acme = body["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|account| account["key"] == "acme")
        .unwrap();
    assert_eq!(acme["name"], "Acme GmbH");
    assert_eq!(acme["records"], 10);
    assert_eq!(acme["processes"], 0);
}

#[tokio::test]
async fn an_unknown_endpoint_answers_the_error_envelope() {
    let app = test_app();

    let (status, body) = get_json(&app, "/api/v1/nothing-here").await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    let message = "no endpoint GET /api/v1/nothing-here";
    assert_eq!(
        body,
        json!({ "error": { "code": "not_found", "message": message } })
    );
}

#[tokio::test]
async fn a_method_an_endpoint_does_not_take_answers_the_error_envelope() {
    let app = test_app();

    let request = Request::delete("/api/v1/processes")
        .body(Body::empty())
        .unwrap();
    let (status, text) = send(&app, request).await;

    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
}
