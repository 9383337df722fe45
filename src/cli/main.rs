//! The `smpsim` command line: parses arguments, runs one command, reports errors on one line.

mod args;
mod commands;
mod options;
mod output;
mod preset_source;
mod progress_bar;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use crate::args::{Cli, Command};

/// Exit code for every refused input and failed run (clap uses the same for usage errors).
const EXIT_BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return report_usage_error(&err),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(io::stderr(), "error: {}", one_line(&format!("{err:#}")));
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(threads) = cli.threads {
        rayon::ThreadPoolBuilder::new().num_threads(usize::from(threads)).build_global()?;
    }
    match &cli.command {
        Command::Sample(args) => commands::sample::run(args),
        Command::Presets(command) => commands::presets::run(command),
        Command::Stats(args) => commands::stats::run(args),
        Command::Preview(args) => commands::preview::run(args),
        Command::Stencil(args) => commands::stencil::run(args),
        Command::Tune(args) => commands::tune::run(args),
        Command::Serve(args) => commands::serve::run(args),
    }
}

/// Help and version go to stdout with success; every other clap error becomes one line on
/// stderr with exit code 2.
fn report_usage_error(err: &clap::Error) -> ExitCode {
    if matches!(err.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = err.print();
        return ExitCode::SUCCESS;
    }
    let text = err.render().to_string();
    let kept: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| {
            !line.is_empty() && !line.starts_with("Usage:") && !line.starts_with("For more")
        })
        .collect();
    let _ = writeln!(io::stderr(), "{}", kept.join(" "));
    ExitCode::from(EXIT_BAD_INPUT)
}

/// Folds a multi-line message into one line.
fn one_line(message: &str) -> String {
    message.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A reader that closed the pipe (e.g. `| head`) is not an error worth reporting.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
