//! The app under test: the real order-management log in a SQLite store,
//! one sales process record opened over it, and the server on a loopback
//! port the system picked.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use throughline_ingest::{ImportOptions, import_ocel_file};
use throughline_model::ProcessNumber;
use throughline_server::service::{self, CreateProcess};
use throughline_server::{AppState, serve_until};
use throughline_store::SqliteStore;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The account the sales process record follows: 121 orders, 464 order
/// lines and 75 deliveries within three levels.
pub const ACCOUNT: &str = "AlpenTech Innovations AG";
/// The business object group the record is opened in.
pub const GROUP: &str = "order-to-cash";

/// The server, running on a task of the test's runtime until stopped.
#[derive(Debug)]
pub(crate) struct ServedApp {
    pub(crate) address: SocketAddr,
    pub(crate) process_number: ProcessNumber,
    stop: oneshot::Sender<()>,
    serving: JoinHandle<std::io::Result<()>>,
}

impl ServedApp {
    /// Imports the log into a database under `scratch` and starts serving it.
    pub(crate) async fn start(scratch: PathBuf) -> Self {
        let database = scratch.join("throughline.sqlite");
        let filling = tokio::task::spawn_blocking(move || fill_store(&database));
        let (store, process_number) = crate::rethrow(filling.await);

        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port for the server");
        let address = listener.local_addr().expect("the server's address");
        let (stop, stopped) = oneshot::channel::<()>();
        let shutdown = async {
            stopped.await.ok();
        };
        let state = AppState::new(Arc::new(store));
        let serving = tokio::spawn(serve_until(state, listener, shutdown));

        Self {
            address,
            process_number,
            stop,
            serving,
        }
    }

    /// Stops the server and waits until requests in flight have finished.
    pub(crate) async fn stop(self) {
        self.stop.send(()).ok();
        let stopped = self.serving.await.expect("the server task ends");
        stopped.expect("the server stops cleanly");
    }
}

/// A store holding the order-management log and one sales process record
/// for [`ACCOUNT`], which as the store's first record is SP0001.
fn fill_store(database: &Path) -> (SqliteStore, ProcessNumber) {
    let store = SqliteStore::open(database).expect("a SQLite store in the temporary folder");
    let options = ImportOptions::default();
    import_ocel_file(&store, &order_management_log(), &options, &mut |_| {})
        .expect("the order-management log imports");

    let request = CreateProcess {
        account: ACCOUNT.into(),
        group: GROUP.into(),
        ..CreateProcess::default()
    };
    let process = service::create_process(&store, request).expect("the process opens");
    (store, process.number)
}

/// The log the repository ships, found from this crate's folder so that the
/// tests run from any working directory.
fn order_management_log() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/ocel2-order-management/order-management.json.gz")
}
