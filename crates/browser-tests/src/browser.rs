//! What a check does with the browser: open a page, find and count
//! elements, read their text, wait for an address. Each helper panics with
//! what it was looking for, since a check has nothing better to do with an
//! error than fail.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use throughline_model::ProcessNumber;

use crate::app::ServedApp;

/// Chromium waits for a page to load before it answers a command, so a
/// new address shows within a few tries; this bounds the wait at a second.
const ADDRESS_TRIES: u32 = 40;
const ADDRESS_PAUSE: Duration = Duration::from_millis(25);

/// One browser session on the served app.
#[derive(Debug, Clone)]
pub struct Browser {
    client: Client,
    origin: String,
    process_number: ProcessNumber,
    scratch: PathBuf,
}

impl Browser {
    pub(crate) fn new(client: Client, app: &ServedApp, scratch: &Path) -> Self {
        Self {
            client,
            origin: origin(app.address),
            process_number: app.process_number,
            scratch: scratch.to_owned(),
        }
    }

    /// The WebDriver client, for what the helpers here do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The number of the sales process record opened for the account.
    pub fn process_number(&self) -> &ProcessNumber {
        &self.process_number
    }

    /// A temporary folder that lives as long as the test, for files such as
    /// screenshots.
    pub fn scratch_folder(&self) -> &Path {
        &self.scratch
    }

    /// The full address of a path on the served app.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// Opens a path on the served app and waits for the page to load.
    pub async fn open(&self, path: &str) {
        let url = self.url(path);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|error| panic!("cannot open {url}: {error}"));
    }

    /// The one element matching a CSS selector.
    pub async fn find(&self, selector: &str) -> Element {
        self.client
            .find(Locator::Css(selector))
            .await
            .unwrap_or_else(|error| panic!("no element matches {selector}: {error}"))
    }

    /// Every element matching a CSS selector.
    pub async fn find_all(&self, selector: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(selector))
            .await
            .unwrap_or_else(|error| panic!("cannot look for {selector}: {error}"))
    }

    /// How many elements match a CSS selector.
    pub async fn count(&self, selector: &str) -> usize {
        self.find_all(selector).await.len()
    }

    /// The visible text of the one element matching a CSS selector.
    pub async fn text(&self, selector: &str) -> String {
        let element = self.find(selector).await;
        element
            .text()
            .await
            .unwrap_or_else(|error| panic!("cannot read the text of {selector}: {error}"))
    }

    /// The page's address less the origin: its path and query.
    pub async fn address(&self) -> String {
        let url = self
            .client
            .current_url()
            .await
            .expect("the browser knows its address");
        let address = url.as_str();
        address
            .strip_prefix(&self.origin)
            .unwrap_or(address)
            .to_owned()
    }

    /// Waits until the page's path and query are `expected`, as after a
    /// click on a link.
    pub async fn wait_for_address(&self, expected: &str) {
        let mut address = String::new();
        for _ in 0..ADDRESS_TRIES {
            address = self.address().await;
            if address == expected {
                return;
            }
            tokio::time::sleep(ADDRESS_PAUSE).await;
        }
        panic!("the browser stayed at {address} instead of going to {expected}");
    }

    /// A PNG of the whole page rather than of the part in the window.
    ///
    /// WebDriver only captures the window, so the window grows to the
    /// page's height for the shot and gets its own size back afterwards.
    pub async fn full_page_screenshot(&self) -> Vec<u8> {
        let (width, height) = self.window_size().await;
        let whole_page = self.window_height_for_whole_page().await;
        self.resize_window(width, whole_page).await;

        let screenshot = self.client.screenshot().await;
        self.resize_window(width, height).await;
        screenshot.expect("a screenshot of the page")
    }

    async fn window_size(&self) -> (u32, u32) {
        let (width, height) = self
            .client
            .get_window_size()
            .await
            .expect("the window's size");
        (pixels(width), pixels(height))
    }

    /// The page's height plus what the window keeps for itself.
    async fn window_height_for_whole_page(&self) -> u32 {
        let script = "return document.documentElement.scrollHeight + outerHeight - innerHeight;";
        let height = self
            .client
            .execute(script, Vec::new())
            .await
            .expect("the page's height");
        pixels(height.as_u64().expect("a height in whole pixels"))
    }

    async fn resize_window(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|error| {
                panic!("cannot resize the window to {width}×{height}: {error}")
            });
    }
}

fn pixels(length: u64) -> u32 {
    u32::try_from(length).expect("a length that fits a window")
}

fn origin(address: SocketAddr) -> String {
    format!("http://{address}")
}
