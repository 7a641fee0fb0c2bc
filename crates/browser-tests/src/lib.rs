//! Helpers for testing Throughline's pages in a real browser; the crate has
//! no other code.
//!
//! [`with_browser`] builds the world a test file shares: a SQLite store in a
//! temporary folder holding the real order-management log and one sales
//! process record, the server on a loopback port the system picked, and
//! headless Chromium driven through chromedriver. It runs the file's checks
//! in that world and takes it down again whether they pass or fail.
//! Importing the log and starting Chromium each take a while, so they run
//! side by side, once per test file, and the checks share them.

mod app;
mod browser;
mod driver;

use std::future::Future;

use tokio::task::JoinError;

pub use app::{ACCOUNT, GROUP};
pub use browser::Browser;
pub use driver::WINDOW_WIDTH;

use app::ServedApp;
use driver::Chromedriver;

/// Runs `checks` against the served app in a fresh headless Chromium.
///
/// A failing check fails the test as usual, but only after the browser
/// session, the server and chromedriver have been stopped.
pub async fn with_browser<Checks, Outcome>(checks: Checks)
where
    Checks: FnOnce(Browser) -> Outcome,
    Outcome: Future<Output = ()> + Send + 'static,
{
    let scratch = tempfile::tempdir().expect("a temporary folder for the test");
    let mut chromedriver = Chromedriver::start(scratch.path()).await;
    // The import is seconds of blocking work; on a task of its own it runs
    // while Chromium starts.
    let app = tokio::spawn(ServedApp::start(scratch.path().to_owned()));
    let client = chromedriver.open_session(scratch.path()).await;
    let app = rethrow(app.await);

    // Likewise a panicking check comes back from its task as a value, so
    // the teardown below runs before the panic goes on.
    let browser = Browser::new(client.clone(), &app, scratch.path());
    let outcome = tokio::spawn(checks(browser)).await;

    chromedriver.close_session(client).await;
    app.stop().await;
    drop(chromedriver);
    rethrow(outcome);
}

/// A task's value, or its panic carried on into the caller.
pub(crate) fn rethrow<T>(outcome: Result<T, JoinError>) -> T {
    match outcome {
        Ok(value) => value,
        Err(failure) if failure.is_panic() => std::panic::resume_unwind(failure.into_panic()),
        Err(failure) => panic!("a task of the test did not run to the end: {failure}"),
    }
}
