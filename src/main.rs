//! The `wagedesk` command; its commands are in [`wagedesk::cli`].

use clap::Parser;
use wagedesk::cli::{self, Cli};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    cli.init_logging();
    cli::run(cli)
}
