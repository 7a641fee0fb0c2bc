//! `throughline serve` and `throughline demo`: the web pages and the JSON
//! API over the embedded database.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use throughline_ingest::{ImportOptions, import_ocel_bytes};
use throughline_server::AppState;
use throughline_server::service::{self, CreateProcess};
use throughline_store::{SqliteStore, Store};

use super::import::{describe, print_summary, spinner};
use super::{create_store, remove_database};
use crate::cli::{Global, ServeArguments};
use crate::output::emit;

/// The order-management log, carried inside the binary so the demo needs
/// no files and no network.
const BUNDLED_LOG: &[u8] =
    include_bytes!("../../../../data/ocel2-order-management/order-management.json.gz");

pub fn serve(global: &Global, arguments: &ServeArguments) -> anyhow::Result<()> {
    let store = create_store(&global.database())?;
    run_server(store, arguments)
}

/// Without `--db`, a fresh file in the temporary directory, so a demo never
/// touches a real database; with it, that file, filled where it lacks data.
pub fn demo(global: &Global, arguments: &ServeArguments) -> anyhow::Result<()> {
    let path = match &global.db {
        Some(path) => path.clone(),
        None => fresh_demo_database()?,
    };
    emit(&format!("Demo database: {}\n", path.display()))?;
    let store = create_store(&path)?;

    let spinner = spinner();
    let summary = import_ocel_bytes(
        &store,
        "order-management.json.gz (bundled)",
        BUNDLED_LOG.to_vec(),
        &ImportOptions::default(),
        &mut |stage| spinner.set_message(describe(&stage)),
    );
    spinner.finish_and_clear();
    print_summary(&summary?)?;

    let opened = open_process_per_account(&store)?;
    emit(&format!(
        "Opened {opened} sales process records, one per customer account.\n"
    ))?;
    run_server(store, arguments)
}

/// A new, empty file in the temporary directory, so a demo never touches
/// a real database.
fn fresh_demo_database() -> anyhow::Result<PathBuf> {
    let folder = std::env::temp_dir().join("throughline-demo");
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let path = folder.join("demo.db");
    remove_database(&path)?;
    Ok(path)
}

/// Opens a process for every account that has none yet, so a demo run
/// twice on one database does not double them.
fn open_process_per_account(store: &SqliteStore) -> anyhow::Result<usize> {
    let accounts: Vec<_> = store
        .accounts()?
        .into_iter()
        .filter(|account| account.processes == 0)
        .collect();
    for account in &accounts {
        let request = CreateProcess {
            account: account.key.clone(),
            group: "order-to-cash".to_owned(),
            ..CreateProcess::default()
        };
        service::create_process(store, request)?;
    }
    Ok(accounts.len())
}

fn run_server(store: SqliteStore, arguments: &ServeArguments) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(arguments.listen)
            .await
            .with_context(|| format!("cannot listen on {}", arguments.listen))?;
        let address = listener.local_addr()?;
        emit(&format!(
            "Throughline is serving on http://{address}/  (ctrl-c stops it)\n"
        ))?;
        let state = AppState::new(Arc::new(store) as Arc<dyn Store>);
        throughline_server::serve(state, listener).await?;
        Ok(())
    })
}
