//! chromedriver as a child process of the test, and the headless Chromium
//! session opened through it.
//!
//! The driver listens on a loopback port found free just before it starts.
//! Its output goes to a file in the test's temporary folder, which a failure
//! to start quotes in full. Chromium outlives a killed chromedriver, so the
//! driver's guard ends an open session before it kills the driver.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What to do when the driver is missing; the tests fail rather than skip,
/// so that a machine without a browser cannot pass them by accident.
const INSTALL_HINT: &str = "install chromium and chromium-driver \
    (apt-get install -y chromium chromium-driver); .ci/run does this";
const DEBIAN_CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// chromedriver answers its status endpoint within a few hundred
/// milliseconds; a hundred tries fifty milliseconds apart leave room for a
/// busy machine and still fail within seconds when it never comes up.
const READINESS_TRIES: u32 = 100;
const READINESS_PAUSE: Duration = Duration::from_millis(50);
/// How long one status request may take before it counts as not ready.
const STATUS_TIMEOUT: Duration = Duration::from_secs(1);
/// How long a guard waits for Chromium to quit before it kills the driver.
const SESSION_END_TIMEOUT: Duration = Duration::from_secs(5);
/// The browser window's size; wide enough for the dashboard's grid of tiles.
pub const WINDOW_WIDTH: u32 = 1400;
const WINDOW_HEIGHT: u32 = 1000;
/// Headless, without the background traffic, first-run screens and shared
/// memory a container lacks.
const CHROMIUM_ARGUMENTS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// The running driver and the session it has open, if any; dropping it
/// ends both, also when a test panics on the way.
#[derive(Debug)]
pub(crate) struct Chromedriver {
    child: Child,
    port: u16,
    log: PathBuf,
    session: Option<String>,
}

impl Chromedriver {
    /// Starts chromedriver and waits until it accepts new sessions.
    pub(crate) async fn start(scratch: &Path) -> Self {
        let program = find_chromedriver();
        let port = free_port();
        let log = scratch.join("chromedriver.log");
        let output = File::create(&log).expect("a log file for chromedriver");
        let errors = output.try_clone().expect("a second handle on the log");

        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(output)
            .stderr(errors)
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", program.display()));
        let mut chromedriver = Self {
            child,
            port,
            log,
            session: None,
        };
        chromedriver.wait_until_ready().await;
        chromedriver
    }

    /// Opens a headless Chromium session whose profile lives under
    /// `scratch`.
    pub(crate) async fn open_session(&mut self, scratch: &Path) -> Client {
        // chromedriver listens on loopback over plain HTTP: no TLS stack.
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let mut builder = ClientBuilder::new(connector);
        builder.capabilities(capabilities(&scratch.join("chromium-profile")));
        let client = builder.connect(&self.url()).await.unwrap_or_else(|error| {
            panic!(
                "chromedriver could not start Chromium: {error}\n{}",
                self.output()
            )
        });

        self.session = client.session_id().await.expect("the session's id");
        client
    }

    /// Ends the session, which closes Chromium.
    pub(crate) async fn close_session(&mut self, client: Client) {
        match client.close().await {
            Ok(()) => self.session = None,
            // The guard tries once more when it drops.
            Err(error) => eprintln!("closing the browser session failed: {error}"),
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    async fn wait_until_ready(&mut self) {
        for _ in 0..READINESS_TRIES {
            if let Some(status) = self.child.try_wait().expect("chromedriver's state") {
                panic!("chromedriver exited with {status}:\n{}", self.output());
            }
            if is_ready(self.port).await {
                return;
            }
            tokio::time::sleep(READINESS_PAUSE).await;
        }
        panic!("chromedriver never became ready:\n{}", self.output());
    }

    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            end_session(self.port, &session);
        }
        // The process may have died already; there is nothing left to do
        // then, and a panic inside a drop would hide the test's own.
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Asks chromedriver to end a session, which quits its Chromium, and waits
/// for the answer. Blocking: a guard's drop cannot await.
fn end_session(port: u16, session: &str) {
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return;
    };
    stream.set_read_timeout(Some(SESSION_END_TIMEOUT)).ok();
    let request = format!(
        "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_ok() {
        // The status line, "HTTP/1.1 200", comes once Chromium has quit.
        stream.read_exact(&mut [0; 12]).ok();
    }
}

/// Debian's driver, or else the first one on PATH.
fn find_chromedriver() -> PathBuf {
    let debian = PathBuf::from(DEBIAN_CHROMEDRIVER);
    if debian.is_file() {
        return debian;
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|folder| folder.join("chromedriver"))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| panic!("chromedriver not found: {INSTALL_HINT}"))
}

/// A port nothing listens on at the moment; another process could take it
/// before chromedriver binds it, which a loopback-only test machine makes
/// unlikely enough.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().expect("the port's address").port()
}

/// Asks chromedriver's status endpoint whether it takes new sessions.
async fn is_ready(port: u16) -> bool {
    let status = tokio::time::timeout(STATUS_TIMEOUT, fetch_status(port)).await;
    matches!(status, Ok(Some(status)) if status["value"]["ready"] == true)
}

/// The status as JSON, or None while the driver cannot answer yet.
async fn fetch_status(port: u16) -> Option<Value> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let request = format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    stream.write_all(request.as_bytes()).await.ok()?;

    // chromedriver keeps the connection open after answering, so the
    // response ends where its body first parses as a whole JSON object.
    let mut response = Vec::new();
    let mut buffer = [0; 1024];
    loop {
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        response.extend_from_slice(&buffer[..read]);
        if let Some(status) = json_body(&response) {
            return Some(status);
        }
    }
}

fn json_body(response: &[u8]) -> Option<Value> {
    let response = std::str::from_utf8(response).ok()?;
    let (_head, body) = response.split_once("\r\n\r\n")?;
    serde_json::from_str(body).ok()
}

fn capabilities(profile: &Path) -> Capabilities {
    let mut arguments: Vec<String> = CHROMIUM_ARGUMENTS
        .iter()
        .map(|&arg| arg.to_owned())
        .collect();
    arguments.push(format!("--window-size={WINDOW_WIDTH},{WINDOW_HEIGHT}"));
    arguments.push(format!("--user-data-dir={}", profile.display()));

    let options = json!({ "args": arguments });
    Capabilities::from_iter([("goog:chromeOptions".to_owned(), options)])
}
