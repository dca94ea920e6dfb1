//! The `wagedesk` command: `demo`, `run`, `check-config`.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use wagedesk::app::{App, Settings};
use wagedesk::bot::BotOptions;
use wagedesk::clock::Clock;
use wagedesk::deployment::Deployment;
use wagedesk::shutdown;

#[derive(Parser)]
#[command(name = "wagedesk", version, about = "Wage-arrears complaints from Telegram to the office that must act")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Runs a scripted worker against the built-in Telegram stand-in on a fresh database, and prints the
    /// conversation. Needs no Telegram account and no configuration.
    Demo {
        /// Keep the demo's database here instead of a new temporary directory.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Runs the bot against Telegram (TELOXIDE_TOKEN; TELOXIDE_API_URL to use another Bot API server).
    Run(Paths),
    /// Checks the deployment file and its calendar files, naming the field and line of every problem.
    CheckConfig {
        #[arg(long, env = "WAGEDESK_CONFIG", default_value = "deploy/wagedesk.toml")]
        config: PathBuf,
    },
}

#[derive(clap::Args)]
struct Paths {
    #[arg(long, env = "WAGEDESK_CONFIG", default_value = "deploy/wagedesk.toml")]
    config: PathBuf,
    #[arg(long, env = "WAGEDESK_DATABASE", default_value = "data/wagedesk.db")]
    database: PathBuf,
    /// 32-byte key as hex, created on first start; WAGEDESK_KEY (hex) takes precedence.
    #[arg(long, env = "WAGEDESK_KEY_FILE", default_value = "data/wagedesk.key")]
    key_file: PathBuf,
    #[arg(long, env = "WAGEDESK_EVIDENCE_DIR", default_value = "data/evidence")]
    evidence_dir: PathBuf,
    #[arg(long, env = "WAGEDESK_POLL_TIMEOUT", default_value_t = 25)]
    poll_timeout: u32,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let demo = matches!(cli.command, Cmd::Demo { .. });
    let default_filter = if demo { "warn" } else { "info,sqlx=warn,hyper=warn,reqwest=warn" };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter)),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(command: Cmd) -> anyhow::Result<std::process::ExitCode> {
    match command {
        Cmd::Demo { dir } => {
            wagedesk::demo::run(dir).await?;
        }
        Cmd::Run(paths) => {
            let token = std::env::var("TELOXIDE_TOKEN").context("TELOXIDE_TOKEN is not set")?;
            let mut bot = teloxide::Bot::new(token);
            if let Ok(url) = std::env::var("TELOXIDE_API_URL") {
                bot = bot.set_api_url(url.parse().context("TELOXIDE_API_URL is not a URL")?);
            }
            let settings = Settings {
                database: paths.database,
                key_file: paths.key_file,
                evidence_dir: paths.evidence_dir,
                config: paths.config,
                bot: BotOptions { poll_timeout_secs: paths.poll_timeout, ..BotOptions::default() },
            };
            let app = App::build(&settings, bot, Clock::system()).await?;
            let (trigger, stop) = shutdown::channel();
            shutdown::on_signals(trigger);
            app.run_until_stopped(stop).await?;
            tracing::info!("stopped cleanly");
        }
        Cmd::CheckConfig { config } => match Deployment::load_with_warnings(&config) {
            Ok((deployment, warnings)) => {
                for w in &warnings {
                    println!("{w}");
                }
                println!(
                    "{}: ok ({} counties, {} offices)",
                    config.display(),
                    deployment.regions.len(),
                    deployment.offices.len()
                );
            }
            Err(errors) => {
                eprintln!("{errors}");
                return Ok(std::process::ExitCode::FAILURE);
            }
        },
    }
    Ok(std::process::ExitCode::SUCCESS)
}
