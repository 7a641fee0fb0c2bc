//! The HTTP face of Throughline, and the services behind it.
//!
//! [`service`] holds the operations themselves, which the command line calls
//! directly. [`app`] puts them on HTTP: a JSON API under /api/v1 and two
//! server-rendered pages, every store call on tokio's blocking pool, every
//! failure mapped to a status in one place ([`ApiError`]).

mod api;
mod error;
mod pages;
mod routes;
pub mod service;
mod state;

pub use error::ApiError;
pub use routes::{app, serve, serve_until};
pub use state::AppState;
