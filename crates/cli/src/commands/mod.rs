//! One module per group of commands; each opens the store it needs, calls
//! the same services the server calls and prints the outcome.

mod catalog;
mod import;
mod process;
mod serve;

use std::path::Path;

use anyhow::Context as _;
use throughline_store::SqliteStore;

use crate::cli::{Arguments, Command, ImportCommand};

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
        Command::Demo(serve) => serve::demo(&serve),
    }
}

/// Opens (creating if need be) the database named by `--db`.
pub fn open_store(path: &Path) -> anyhow::Result<SqliteStore> {
    SqliteStore::open(path).with_context(|| format!("cannot use the database {}", path.display()))
}
