//! `throughline process ...` and `throughline map`: sales process records
//! through the same services the server uses.

use throughline_model::words::count_of;
use throughline_model::{ProcessNumber, SalesProcess};
use throughline_server::service::{self, CreateProcess};
use throughline_store::Store;

use super::open_store;
use crate::cli::{CreateProcessArguments, Global, MapArguments, ProcessCommand};
use crate::output::{emit, map_tree, print_json, print_table};

pub fn run(global: &Global, command: ProcessCommand) -> anyhow::Result<()> {
    match command {
        ProcessCommand::Create(arguments) => create(global, arguments),
        ProcessCommand::List => list(global),
        ProcessCommand::Delink { number, key } => {
            let store = open_store(global)?;
            let process = service::delink_record(&store, parse_number(&number)?, &key)?;
            confirm(
                global,
                &process,
                &format!("{key} delinked from {}", process.number),
            )
        }
        ProcessCommand::Link { number, key, under } => {
            let store = open_store(global)?;
            let process = service::link_record(&store, parse_number(&number)?, &key, &under)?;
            confirm(
                global,
                &process,
                &format!("{key} linked under {under} in {}", process.number),
            )
        }
        ProcessCommand::Reset { number, key } => {
            let store = open_store(global)?;
            let reset = service::reset_record(&store, parse_number(&number)?, &key)?;
            let message = match reset.removed {
                0 => format!("{key} had no override in {}", reset.process.number),
                removed => format!(
                    "{key} is back where the data puts it in {} ({} removed)",
                    reset.process.number,
                    count_of(removed as usize, "override")
                ),
            };
            confirm(global, &reset.process, &message)
        }
        ProcessCommand::Move { number, key, under } => {
            let store = open_store(global)?;
            let process = service::move_record(&store, parse_number(&number)?, &key, &under)?;
            confirm(
                global,
                &process,
                &format!("{key} moved under {under} in {}", process.number),
            )
        }
    }
}

fn create(global: &Global, arguments: CreateProcessArguments) -> anyhow::Result<()> {
    let store = open_store(global)?;
    let request = CreateProcess {
        account: arguments.account,
        group: arguments.group,
        roots: arguments.roots,
        children: arguments.children,
        owner: arguments.owner,
        title: arguments.title,
    };
    let process = service::create_process(&store, request)?;
    let message = format!(
        "Created {} \"{}\" with {}",
        process.number,
        process.title,
        count_of(process.roots.len(), "root record")
    );
    confirm(global, &process, &message)
}

fn list(global: &Global) -> anyhow::Result<()> {
    let processes = service::list_processes(&open_store(global)?)?;
    if global.json {
        return print_json(&processes);
    }
    let rows: Vec<Vec<String>> = processes
        .iter()
        .map(|process| {
            vec![
                process.number.to_string(),
                process.title.clone(),
                process.account.clone(),
                process.group.clone(),
                process.owner.clone(),
                process.state.as_str().to_owned(),
                process.roots.len().to_string(),
            ]
        })
        .collect();
    print_table(
        &[
            "number", "title", "account", "group", "owner", "state", "roots",
        ],
        &rows,
    )
}

pub fn map(global: &Global, arguments: &MapArguments) -> anyhow::Result<()> {
    let store = open_store(global)?;
    let map = service::node_map(&store, parse_number(&arguments.number)?, arguments.levels)?;
    if global.json {
        return print_json(&map);
    }
    emit(&map_tree(&map, &store.business_object_types()?))
}

fn parse_number(text: &str) -> anyhow::Result<ProcessNumber> {
    text.parse::<ProcessNumber>()
        .map_err(|error| anyhow::anyhow!("{error}; `throughline process list` shows them"))
}

fn confirm(global: &Global, process: &SalesProcess, message: &str) -> anyhow::Result<()> {
    if global.json {
        print_json(process)
    } else {
        emit(&format!("{message}\n"))
    }
}
