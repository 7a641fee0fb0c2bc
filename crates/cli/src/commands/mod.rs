//! One module per group of commands; each opens the store it needs, calls
//! the same services the server calls and prints the outcome.

mod catalog;
mod import;
mod process;
mod serve;

use std::path::Path;

use throughline_store::SqliteStore;

use crate::cli::{Arguments, Command, Global, ImportCommand};

pub fn run(arguments: Arguments) -> anyhow::Result<()> {
    let global = &arguments.global;
    match arguments.command {
        Command::Import(ImportCommand::Ocel(import)) => import::ocel(global, &import),
        Command::Types(types) => catalog::types(global, types.command),
        Command::Groups => catalog::groups(global),
        Command::Accounts => catalog::accounts(global),
        Command::Records(records) => catalog::records(global, &records),
        Command::Process(command) => process::run(global, command),
        Command::Map(map) => process::map(global, &map),
        Command::Serve(serve) => serve::serve(global, &serve),
        Command::Demo(serve) => serve::demo(global, &serve),
    }
}

/// Opens the database a reading command names. A missing file is an
/// error: reading from a mistyped path would show an empty, new database.
pub fn open_store(global: &Global) -> anyhow::Result<SqliteStore> {
    let path = global.database();
    if !path.exists() {
        anyhow::bail!(
            "there is no database at {}: import data first (throughline import ocel FILE) \
             or name another with --db",
            path.display()
        );
    }
    create_store(&path)
}

/// Opens the database at `path`, creating and migrating it if need be.
pub fn create_store(path: &Path) -> anyhow::Result<SqliteStore> {
    let folder = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty());
    if let Some(folder) = folder.filter(|folder| !folder.is_dir()) {
        anyhow::bail!(
            "cannot create the database {}: the folder {} does not exist",
            path.display(),
            folder.display()
        );
    }
    Ok(SqliteStore::open(path)?)
}

/// Removes a database file and SQLite's companions; what is already gone
/// is no matter.
pub fn remove_database(path: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", path.display());
        match std::fs::remove_file(&file) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                anyhow::bail!("cannot remove {file}: {error}");
            }
            _ => {}
        }
    }
    Ok(())
}
