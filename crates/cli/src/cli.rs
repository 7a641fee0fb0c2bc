//! The command line's shape: every command, flag and help text.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Throughline follows each deal from the first order to the cash in the
/// bank: it imports CRM and ERP records, links them into one hierarchy per
/// customer account and shows it as a node map.
#[derive(Debug, Parser)]
#[command(name = "throughline", version)]
pub struct Arguments {
    #[command(flatten)]
    pub global: Global,
    /// Log what happens in detail (to stderr).
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// The database file [default: throughline.db in the working directory].
    /// Created and migrated by the commands that write; the others need it
    /// to exist.
    #[arg(long, global = true, env = "THROUGHLINE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print data as JSON, for scripts.
    #[arg(long, global = true)]
    pub json: bool,
}

impl Global {
    pub fn database(&self) -> PathBuf {
        self.db
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATABASE))
    }
}

const DEFAULT_DATABASE: &str = "throughline.db";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import records from a file.
    #[command(subcommand)]
    Import(ImportCommand),
    /// List the business object types, or add a custom one.
    Types(TypesArguments),
    /// List the business object groups (processes such as order-to-cash).
    Groups,
    /// List the customer accounts and how many records each has.
    Accounts,
    /// List records.
    Records(RecordsArguments),
    /// Create, list and change sales process records.
    #[command(subcommand)]
    Process(ProcessCommand),
    /// Print the node map of a sales process record.
    Map(MapArguments),
    /// Serve the web pages and the JSON API.
    Serve(ServeArguments),
    /// Serve the bundled order-management log, one process per customer.
    ///
    /// Imports the bundled OCEL 2.0 order-management log, opens one sales
    /// process record per customer account and serves them. Without --db,
    /// in a fresh database in the temporary directory.
    Demo(ServeArguments),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import an OCEL 2.0 log (JSON, XML or SQLite; gzip accepted).
    Ocel(ImportOcelArguments),
}

#[derive(Debug, Args)]
pub struct ImportOcelArguments {
    /// The log file.
    pub file: PathBuf,
    /// A mapping file (TOML); without it, the built-in order-management mapping.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// The UTC offset of timestamps the file writes without one, such as
    /// +01:00, -05:00 or Z.
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true)]
    pub naive_offset: Option<String>,
}

#[derive(Debug, Args)]
pub struct TypesArguments {
    #[command(subcommand)]
    pub command: Option<TypesCommand>,
}

#[derive(Debug, Subcommand)]
pub enum TypesCommand {
    /// Add a custom business object type, or replace a custom one, from a
    /// TOML or JSON file with key, label, icon, display_field, fields and
    /// statuses (see `throughline types --json` for the shape).
    Add {
        /// The type definition (.toml or .json).
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct RecordsArguments {
    /// Only records of this business object type (see `throughline types`).
    #[arg(long = "type", value_name = "TYPE")]
    pub type_key: Option<String>,
    /// Only records of this account (see `throughline accounts`).
    #[arg(long)]
    pub account: Option<String>,
    /// At most this many records.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
}

#[derive(Debug, Subcommand)]
pub enum ProcessCommand {
    /// Open a sales process record for an account.
    Create(CreateProcessArguments),
    /// List the sales process records.
    List,
    /// Take a record, and what hangs only below it, out of a process's map.
    Delink {
        /// The process number, such as SP0001.
        number: String,
        /// The record's key; write TYPE:KEY or SOURCE:TYPE:KEY where a key
        /// is not unique.
        key: String,
    },
    /// Pull a record into a process's map under another record, beside the
    /// parents the data gives it.
    Link {
        /// The process number, such as SP0001.
        number: String,
        /// The key of the record to pull in.
        key: String,
        /// The key of the record to hang it under; it must be in the map.
        #[arg(long)]
        under: String,
    },
    /// Undo every delink, link and move of a record: it goes back where the
    /// data puts it.
    Reset {
        /// The process number, such as SP0001.
        number: String,
        /// The key of the record.
        key: String,
    },
    /// Hang a record under another parent instead of its data parents.
    Move {
        /// The process number, such as SP0001.
        number: String,
        /// The key of the record to move.
        key: String,
        /// The key of its new parent; it must be in the map.
        #[arg(long)]
        under: String,
    },
}

#[derive(Debug, Args)]
pub struct CreateProcessArguments {
    /// The customer account, by key or name.
    #[arg(long)]
    pub account: String,
    /// The business object group, such as order-to-cash.
    #[arg(long)]
    pub group: String,
    /// Root records by key; without any, every record of the group's top
    /// type that the account has.
    #[arg(long = "root", value_name = "KEY")]
    pub roots: Vec<String>,
    /// Children to monitor with the roots (order lines, deliveries, ...).
    #[arg(long = "child", value_name = "KEY")]
    pub children: Vec<String>,
    /// A title [default: "ACCOUNT — GROUP"].
    #[arg(long)]
    pub title: Option<String>,
    /// Who follows the process [default: unassigned].
    #[arg(long)]
    pub owner: Option<String>,
}

#[derive(Debug, Args)]
pub struct MapArguments {
    /// The process number, such as SP0001.
    pub number: String,
    /// How many levels to walk down from the roots, 1 to 12 [default: the
    /// group's layout, 3 for order-to-cash].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=12))]
    pub levels: Option<u32>,
}

#[derive(Debug, Args)]
pub struct ServeArguments {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub listen: SocketAddr,
}
