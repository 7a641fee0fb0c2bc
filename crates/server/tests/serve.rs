//! The server on a real socket: a request over TCP to 127.0.0.1 on a port
//! the system picked, and a graceful stop.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;

use throughline_server::service::{self, CreateProcess};
use throughline_server::{AppState, serve, serve_until};
use throughline_store::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A store holding the fixture and SP0001 for Acme.
fn state_with_process() -> AppState {
    let store = common::store();
    let request = CreateProcess {
        account: common::ACME.to_owned(),
        group: "order-to-cash".to_owned(),
        ..CreateProcess::default()
    };
    service::create_process(store.as_ref(), request).unwrap();
    AppState::new(store as Arc<dyn Store>)
}

/// Sends one HTTP/1.1 request by hand and reads the whole response.
async fn fetch(address: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(address).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();

    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

#[tokio::test]
async fn a_request_over_tcp_reaches_the_api() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(serve(state_with_process(), listener));

    let response = fetch(address, "/api/v1/processes/SP0001").await;

    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(
        response.contains("content-type: application/json"),
        "{response}"
    );
    assert!(
        response.contains(r#""title":"Acme GmbH — Order to cash""#),
        "{response}"
    );
    server.abort();
}

#[tokio::test]
async fn the_server_stops_when_told_and_reports_a_clean_stop() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let shutdown = async {
        stopped.await.ok();
    };
    let server = tokio::spawn(serve_until(state_with_process(), listener, shutdown));

    let page = fetch(address, "/processes/SP0001").await;
    assert!(page.starts_with("HTTP/1.1 200 OK\r\n"), "{page}");
    assert!(page.contains("Sprocket line"));

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    assert!(TcpStream::connect(address).await.is_err());
}
