//! The HTML pages: the process list, the dashboard and the friendly error
//! page.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

use common::{
    ACME, app_over, app_with_process, get_text, post_json, send, store_with_order_without_status,
    test_app,
};

#[tokio::test]
async fn the_list_shows_each_process_with_its_number_and_title() {
    let app = app_with_process().await;

    for uri in ["/", "/processes"] {
        let (status, html) = get_text(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(html.contains(r#"href="/processes/SP0001""#), "{uri}");
        assert!(html.contains("Acme GmbH — Order to cash"), "{uri}");
        assert!(html.contains("unassigned"), "{uri}");
    }
}

#[tokio::test]
async fn an_empty_list_tells_how_to_open_a_process() {
    let app = test_app();

    let (status, html) = get_text(&app, "/").await;

    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No sales process records yet"));
    assert!(html.contains("throughline process create --account"));
}

#[tokio::test]
async fn the_dashboard_shows_the_tiles_and_the_phase_legend() {
    let app = app_with_process().await;

    let (status, html) = get_text(&app, "/processes/SP0001").await;

    assert_eq!(status, StatusCode::OK);
    for label in [
        "Order o-1",
        "Order o-2",
        "Widget line",
        "Gadget line",
        "Sprocket line",
    ] {
        assert!(html.contains(label), "{label}");
    }
    for phase in ["Open", "In progress", "Done", "Cancelled"] {
        assert!(html.contains(&format!("</span>{phase}</span>")), "{phase}");
    }
    assert!(html.contains("7 records: 2 orders · 3 order lines · 2 deliveries"));
    assert!(html.contains("under ol-1, ol-2, ol-3"));
    assert!(html.contains("120.00 EUR"));
}

#[tokio::test]
async fn the_dashboard_draws_roots_monitored_and_the_rest_derived() {
    let app = app_with_process().await;

    let (_, html) = get_text(&app, "/processes/SP0001").await;

    assert_eq!(html.matches(r#"class="tile phase-"#).count(), 7);
    assert_eq!(html.matches(r#" monitored" title="#).count(), 2);
    assert_eq!(html.matches(r#" derived" title="#).count(), 5);
}

#[tokio::test]
async fn fewer_levels_hide_the_deliveries_but_count_them_on_the_lines() {
    let app = app_with_process().await;

    let (status, html) = get_text(&app, "/processes/SP0001?levels=2").await;

    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("5 records: 2 orders · 3 order lines"));
    assert!(html.contains("2 deliveries"));
    assert!(html.contains(r#"aria-current="page" href="?levels=2""#));
}

#[tokio::test]
async fn an_unknown_process_is_a_friendly_not_found_page() {
    let app = test_app();

    let response = app
        .oneshot(
            Request::get("/processes/SP0042")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let content_type = response.headers()[header::CONTENT_TYPE].to_str().unwrap();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let (_, html) = get_text(&test_app(), "/processes/SP0042").await;
    assert!(html.contains("Not found"));
    assert!(html.contains("No sales process record SP0042"));
    assert!(html.contains(r#"href="/processes""#));
}

#[tokio::test]
async fn a_bad_level_on_the_dashboard_is_a_friendly_bad_request_page() {
    let app = app_with_process().await;

    let (status, html) = get_text(&app, "/processes/SP0001?levels=0").await;

    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("Levels must be a whole number from 1 to 12, not &#39;0&#39;"));
}

#[tokio::test]
async fn an_unknown_page_is_a_friendly_not_found_page() {
    let app = test_app();

    let (status, html) = get_text(&app, "/nowhere").await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("No page at /nowhere"));
}

#[tokio::test]
async fn the_stylesheet_is_served_from_the_binary_as_css() {
    let app = test_app();

    let response = app
        .oneshot(
            Request::get("/static/throughline.css")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/css; charset=utf-8"
    );
}

#[tokio::test]
async fn the_empty_list_shows_how_to_choose_roots_and_children() {
    let app = test_app();

    let (_, html) = get_text(&app, "/").await;

    assert!(html.contains("--root o-1 --child ol-1"), "{html}");
    assert!(html.contains("<code>--root</code>"));
    assert!(html.contains("<code>--child</code>"));
    assert!(html.contains(r#""children": ["ol-1"]"#), "{html}");
}

#[tokio::test]
async fn a_wrong_method_on_a_page_is_a_friendly_page() {
    let app = test_app();

    let request = Request::post("/processes").body(Body::empty()).unwrap();
    let (status, html) = send(&app, request).await;

    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(html.contains("<!doctype html>"), "{html}");
    assert!(html.contains("The page /processes can only be opened, not sent a POST request"));
    assert!(html.contains(r#"href="/processes""#));
}

#[tokio::test]
async fn a_long_unbroken_title_is_cut_in_the_list_and_on_the_dashboard_and_may_wrap() {
    let app = test_app();
    let title = "X".repeat(500);
    let body = serde_json::json!({ "account": ACME, "group": "order-to-cash", "title": title });
    post_json(&app, "/api/v1/processes", &body).await;

    let (_, list) = get_text(&app, "/processes").await;
    let (_, dashboard) = get_text(&app, "/processes/SP0001").await;

    let shown_in_list = format!(">{}…</a>", "X".repeat(79));
    assert!(list.contains(&shown_in_list), "{list}");
    assert!(list.contains(&format!(r#"title="{title}""#)));
    let shown_on_dashboard = format!(">{}…</h1>", "X".repeat(159));
    assert!(dashboard.contains(&shown_on_dashboard), "{dashboard}");
    assert!(list.contains(r#"<td class="process-title">"#));
    assert!(dashboard.contains(r#"<h1 class="process-title""#));
}

#[tokio::test]
async fn a_process_title_breaks_only_a_word_too_long_for_a_line_and_a_narrow_list_scrolls() {
    let app = app_with_process().await;

    let (_, css) = get_text(&app, "/static/throughline.css").await;
    let (_, list) = get_text(&app, "/processes").await;

    assert!(css.contains(".process-title {\n  overflow-wrap: break-word;\n}"));
    assert!(!css.contains("overflow-wrap: anywhere"));
    assert!(css.contains(".table-scroll {\n  overflow-x: auto;"));
    assert!(list.contains("<div class=\"table-scroll\">\n<table class=\"processes\">"));
}

#[tokio::test]
async fn tiles_in_a_row_share_a_height_and_field_labels_stay_on_one_line() {
    let app = app_with_process().await;

    let (_, css) = get_text(&app, "/static/throughline.css").await;
    let (_, html) = get_text(&app, "/processes/SP0001").await;

    assert!(css.contains("align-items: stretch;"));
    assert!(!css.contains("align-items: start;"));
    assert!(css.contains("grid-template-columns: max-content minmax(0, 1fr);"));
    let labels = css
        .split(".tile-fields dt,\n.tile-fields dd {")
        .nth(1)
        .unwrap();
    assert!(labels.starts_with("\n  overflow: hidden;\n  white-space: nowrap;"));
    assert!(
        html.contains(r#"<dt>Product</dt><dd title="Widget">Widget</dd>"#),
        "{html}"
    );
}

#[tokio::test]
async fn a_shared_link_with_tracking_parameters_shows_the_dashboard_and_the_list() {
    let app = app_with_process().await;

    let (status, dashboard) = get_text(
        &app,
        "/processes/SP0001?utm_source=newsletter&levels=2&fbclid=x",
    )
    .await;
    let (list_status, list) = get_text(&app, "/processes?utm_source=newsletter").await;

    assert_eq!(status, StatusCode::OK, "{dashboard}");
    assert!(dashboard.contains("5 records: 2 orders · 3 order lines"));
    assert_eq!(list_status, StatusCode::OK);
    assert!(list.contains(r#"href="/processes/SP0001""#));
}

#[tokio::test]
async fn a_bad_level_beside_a_tracking_parameter_is_still_refused() {
    let app = app_with_process().await;

    let (status, html) = get_text(&app, "/processes/SP0001?utm_source=x&levels=0").await;

    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("Levels must be a whole number from 1 to 12, not &#39;0&#39;"));
}

#[tokio::test]
async fn a_page_address_ending_in_a_slash_redirects_to_the_page_without_it() {
    let app = app_with_process().await;

    for (uri, target) in [
        ("/processes/", "/processes"),
        ("/processes/SP0001/", "/processes/SP0001"),
        ("/processes/SP0001/?levels=2", "/processes/SP0001?levels=2"),
    ] {
        let request = Request::get(uri).body(Body::empty()).unwrap();
        let response = app.clone().oneshot(request).await.unwrap();

        assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT, "{uri}");
        assert_eq!(response.headers()[header::LOCATION], target, "{uri}");
    }
}

#[tokio::test]
async fn a_record_without_a_status_says_no_status_in_its_phase_colour() {
    let app = app_over(store_with_order_without_status());
    let body = serde_json::json!({ "account": ACME, "group": "order-to-cash", "roots": ["o-3"] });
    post_json(&app, "/api/v1/processes", &body).await;

    let (status, html) = get_text(&app, "/processes/SP0001").await;

    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(r#"<li class="tile phase-open monitored""#),
        "{html}"
    );
    assert!(
        html.contains(r#"<span class="status">no status</span>"#),
        "{html}"
    );
}
