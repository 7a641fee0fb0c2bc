//! The manager's delink, link and move: what each refuses, and that a
//! refused override leaves the map as it was.

mod common;

use axum::Router;
use axum::http::StatusCode;
use serde_json::{Value, json};

use common::{
    ACME, app_over, app_with_process, get_json, keys_of_type, parent_keys, post_json,
    store_with_crm, test_app,
};

/// The app with SP0001 opened for Acme's order o-1 alone: o-2, its line
/// ol-3 and the delivery d-1 it shares are reached only through o-1's lines.
async fn app_following_o1(app: Router) -> Router {
    let body = json!({ "account": ACME, "group": "order-to-cash", "roots": ["erp:order:o-1"] });
    let (status, created) = post_json(&app, "/api/v1/processes", &body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    app
}

async fn override_on(app: &Router, action: &str, body: Value) -> (StatusCode, Value) {
    post_json(app, &format!("/api/v1/processes/SP0001/{action}"), &body).await
}

async fn full_map(app: &Router) -> Value {
    let (status, body) = get_json(app, "/api/v1/processes/SP0001/map?levels=12").await;
    assert_eq!(status, StatusCode::OK);
    body["map"].clone()
}

fn message(body: &Value) -> &str {
    body["error"]["message"].as_str().unwrap()
}

#[tokio::test]
async fn linking_or_moving_under_a_record_off_the_map_is_refused_and_the_map_keeps_the_record() {
    let app = app_following_o1(test_app()).await;

    for action in ["link", "move"] {
        let body = json!({ "key": "d-2", "under": "ol-3" });
        let (status, refused) = override_on(&app, action, body).await;

        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{action}");
        assert_eq!(
            message(&refused),
            "ol-3 is not in SP0001's map, so nothing can hang under it"
        );
    }
    let map = full_map(&app).await;
    assert_eq!(parent_keys(&map, "d-2"), ["ol-2"]);
}

#[tokio::test]
async fn a_record_hanging_past_the_groups_levels_still_counts_as_on_the_map() {
    let app = app_with_process().await;

    let invoice = json!({ "key": "invoice:90000001", "under": "d-2" });
    let (status, _) = override_on(&app, "link", invoice).await;
    assert_eq!(status, StatusCode::OK);
    let payment = json!({ "key": "payment:90000001", "under": "invoice:90000001" });
    let (status, linked) = override_on(&app, "link", payment).await;

    assert_eq!(status, StatusCode::OK, "{linked}");
    let map = full_map(&app).await;
    assert_eq!(keys_of_type(&map, "payment"), ["90000001"]);
    let payment = map["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|node| node["type"] == "payment")
        .unwrap();
    assert_eq!(payment["depth"], 5);
}

#[tokio::test]
async fn an_order_cannot_hang_under_its_own_order_line() {
    let app = app_with_process().await;

    for action in ["link", "move"] {
        let body = json!({ "key": "o-1", "under": "ol-1" });
        let (status, refused) = override_on(&app, action, body).await;

        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{action}");
        assert_eq!(
            message(&refused),
            "o-1 cannot hang under ol-1, which hangs below it"
        );
    }
    let (_, process) = get_json(&app, "/api/v1/processes/SP0001").await;
    assert_eq!(process["process"]["overrides"], json!([]));
}

#[tokio::test]
async fn a_record_off_the_map_cannot_hang_under_a_delivery_its_own_line_shares() {
    let app = app_following_o1(test_app()).await;

    // o-2 is off the map, but its line ol-3 shares d-1 with o-1's lines.
    let body = json!({ "key": "o-2", "under": "d-1" });
    let (status, refused) = override_on(&app, "link", body).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        message(&refused),
        "o-2 cannot hang under d-1, which hangs below it"
    );
}

#[tokio::test]
async fn a_record_of_another_account_cannot_be_linked_moved_or_delinked() {
    let app = app_with_process().await;
    let refusal = "record order:o-9 belongs to account 'globex', not 'Acme GmbH'";

    let placed = json!({ "key": "o-9", "under": "ol-1" });
    for action in ["link", "move"] {
        let (status, refused) = override_on(&app, action, placed.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{action}");
        assert_eq!(message(&refused), refusal, "{action}");
    }
    let (status, refused) = override_on(&app, "delink", json!({ "key": "o-9" })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message(&refused), refusal);
}

#[tokio::test]
async fn a_record_outside_the_groups_types_cannot_be_delinked_or_linked() {
    let app = app_with_process().await;
    let refusal =
        "record account:acme is of type account, which group 'order-to-cash' does not include";

    let (status, refused) = override_on(&app, "delink", json!({ "key": "acme" })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message(&refused), refusal);

    let body = json!({ "key": "acme", "under": "o-1" });
    let (_, refused) = override_on(&app, "link", body).await;
    assert_eq!(message(&refused), refusal);
}

#[tokio::test]
async fn a_record_that_names_no_account_may_be_linked() {
    let app = app_following_o1(app_over(store_with_crm())).await;

    let body = json!({ "key": "2024:07:1", "under": "erp:order:o-1" });
    let (status, linked) = override_on(&app, "link", body).await;

    assert_eq!(status, StatusCode::OK, "{linked}");
    let map = full_map(&app).await;
    assert_eq!(parent_keys(&map, "2024:07:1"), ["o-1"]);
}

#[tokio::test]
async fn a_delink_of_a_record_not_yet_on_the_map_is_kept_for_later() {
    let app = app_following_o1(test_app()).await;

    let (status, delinked) = override_on(&app, "delink", json!({ "key": "ol-3" })).await;

    assert_eq!(status, StatusCode::OK);
    let overrides = &delinked["process"]["overrides"];
    assert_eq!(overrides.as_array().unwrap().len(), 1);
    assert_eq!(overrides[0]["kind"], "delink");
}

#[tokio::test]
async fn the_same_move_twice_is_stored_once() {
    let app = app_with_process().await;

    let body = json!({ "key": "d-2", "under": "ol-1" });
    override_on(&app, "move", body.clone()).await;
    let (status, moved_again) = override_on(&app, "move", body).await;

    assert_eq!(status, StatusCode::OK);
    let overrides = moved_again["process"]["overrides"].as_array().unwrap();
    assert_eq!(overrides.len(), 1, "{overrides:?}");
    assert_eq!(overrides[0]["kind"], "move");
}

#[tokio::test]
async fn a_reset_puts_a_moved_and_a_delinked_record_back_where_the_data_puts_them() {
    let app = app_with_process().await;
    let moved = json!({ "key": "d-2", "under": "ol-1" });
    override_on(&app, "move", moved).await;
    override_on(&app, "delink", json!({ "key": "ol-3" })).await;
    override_on(&app, "delink", json!({ "key": "d-2" })).await;

    let (status, reset) = override_on(&app, "reset", json!({ "key": "d-2" })).await;
    let (_, reset_line) = override_on(&app, "reset", json!({ "key": "ol-3" })).await;

    assert_eq!(status, StatusCode::OK, "{reset}");
    assert_eq!(
        (reset["removed"].as_u64(), reset_line["removed"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(reset_line["process"]["overrides"], json!([]));
    let map = full_map(&app).await;
    assert_eq!(parent_keys(&map, "d-2"), ["ol-2"]);
    assert_eq!(parent_keys(&map, "ol-3"), ["o-2"]);
}

#[tokio::test]
async fn a_reset_of_a_record_without_overrides_removes_nothing_and_an_unknown_key_is_named() {
    let app = app_with_process().await;

    let (status, reset) = override_on(&app, "reset", json!({ "key": "ol-1" })).await;
    let (missing_status, missing) = override_on(&app, "reset", json!({ "key": "q-1" })).await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(reset["removed"], 0);
    assert_eq!(missing_status, StatusCode::NOT_FOUND);
    assert_eq!(message(&missing), "no record 'q-1'");
}
