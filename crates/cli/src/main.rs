//! The `throughline` binary: parses the command line, sets up logging, runs
//! one command and turns its outcome into an exit code.

mod cli;
mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system's allocator: an import makes hundreds of
/// thousands of small strings, and it reads and maps a log about a third
/// faster with it (see the import benchmark).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let arguments = cli::Arguments::parse();
    let serving = matches!(
        arguments.command,
        cli::Command::Serve(_) | cli::Command::Demo(_)
    );
    init_tracing(arguments.verbose, serving);
    match commands::run(arguments) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if reader_went_away(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// True when stdout's reader closed early (`throughline records | head`):
/// the output was wanted only in part, which is no failure.
fn reader_went_away(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Logs go to stderr so that `--json` output on stdout stays clean. A
/// server logs its requests and changes; a one-off command prints its own
/// outcome and logs only warnings.
fn init_tracing(verbose: bool, serving: bool) {
    let default = match (verbose, serving) {
        (true, _) => "debug",
        (false, true) => "warn,throughline_server=info",
        (false, false) => "warn",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("THROUGHLINE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
}
