//! The route table, the request span and the listening loop.

use std::future::Future;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;
use tracing::Span;

use crate::state::AppState;
use crate::{api, pages};

/// The longest request body read; a longer one is answered 413. Axum's own
/// default, written out so the error message can say it.
pub(crate) const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Every page and endpoint Throughline serves.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route(
            "/types",
            get(api::list_business_object_types).post(api::create_business_object_type),
        )
        .route("/groups", get(api::list_groups))
        .route("/accounts", get(api::list_accounts))
        .route("/records", get(api::list_records))
        .route("/records/{id}", get(api::get_record))
        .route(
            "/processes",
            get(api::list_processes).post(api::create_process),
        )
        .route("/processes/{number}", get(api::get_process))
        .route("/processes/{number}/map", get(api::get_node_map))
        .route("/processes/{number}/delink", post(api::delink_record))
        .route("/processes/{number}/link", post(api::link_record))
        .route("/processes/{number}/move", post(api::move_record))
        .route("/processes/{number}/reset", post(api::reset_record))
        .fallback(api::unknown_route)
        .method_not_allowed_fallback(api::unknown_method);

    Router::new()
        .route("/", get(pages::list_processes))
        .route("/processes", get(pages::list_processes))
        .route("/processes/{number}", get(pages::show_dashboard))
        .route("/processes/", get(pages::redirect_without_slash))
        .route("/processes/{number}/", get(pages::redirect_without_slash))
        .route(pages::STYLESHEET_PATH, get(pages::get_stylesheet))
        // Set before the API is nested, so it covers the pages only: the
        // API answers a wrong method with its own envelope.
        .method_not_allowed_fallback(pages::unknown_method)
        .nest("/api/v1", api)
        .fallback(pages::unknown_page)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        // Failures are not logged again here: an error response has
        // already logged its detail, once.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_failure(()),
        )
        .with_state(state)
}

/// One span per request, named by its route rather than its path, so logs
/// group by endpoint and the record keys in a path stay out of them.
fn request_span(request: &Request) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str);
    tracing::info_span!("request", method = %request.method(), route)
}

/// Serves until ctrl-c, then lets requests in flight finish.
pub async fn serve(state: AppState, listener: TcpListener) -> std::io::Result<()> {
    serve_until(state, listener, ctrl_c()).await
}

/// Serves until `shutdown` completes; for callers that stop the server
/// themselves, such as tests.
pub async fn serve_until(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let address = listener.local_addr()?;
    tracing::info!(%address, "serving");

    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    tracing::info!("stopped serving");
    Ok(())
}

async fn ctrl_c() {
    if let Err(error) = tokio::signal::ctrl_c().await {
        // Without the signal the server can only be killed; keep serving
        // rather than stop at once.
        tracing::warn!(%error, "cannot listen for ctrl-c");
        std::future::pending::<()>().await;
    }
}
