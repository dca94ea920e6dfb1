//! The `wagedesk` command line: `demo`, `run`, `check-config`, `projects`, `offices`, `signboard`, `qr`,
//! `export`, `erase`, `keys`, `backup`, `restore`, `migrate`, `migrate-store`, `probe`. Each command's flags
//! and body live in its own file; the arguments several commands share
//! (the deployment file, the database, the key file, the bot's username) are declared once in [`args`].

mod args;
mod backup;
mod boards;
mod erase;
mod export;
mod keys;
mod logging;
mod migrate_store;
mod offices;
mod projects;
mod run;
mod token;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::deployment::Deployment;

#[derive(Parser)]
#[command(name = "wagedesk", version, about = "Wage-arrears complaints from Telegram to the office that must act")]
pub struct Cli {
    /// Log lines as text, or as one JSON object a line for a log shipper (fields in the README).
    #[arg(long, global = true, env = "WAGEDESK_LOG_FORMAT", value_enum, default_value_t = logging::LogFormat::Text)]
    log_format: logging::LogFormat,
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
        /// Type as the worker or as an office clerk instead of watching the scripted story.
        #[arg(long)]
        interactive: bool,
    },
    /// Runs the bot against Telegram (the token from WAGEDESK_BOT_TOKEN_FILE, the systemd credential
    /// bot-token or TELOXIDE_TOKEN; TELOXIDE_API_URL to use another Bot API server).
    Run(run::RunArgs),
    /// Checks the deployment file and its calendar files, naming the field and line of every problem.
    CheckConfig(args::CheckedFile),
    /// Worksites and the deep-link codes on their signboards.
    #[command(subcommand)]
    Projects(projects::ProjectsCmd),
    /// Offices' Telegram chats: where each office receives its notifications.
    #[command(subcommand)]
    Offices(offices::OfficesCmd),
    /// Prints a project's rights-protection board (维权信息告示牌) with its QR code, or every project's
    /// with --all. Uses a system font with Chinese glyphs when there is one, else the subset built into
    /// wagedesk; --font names another.
    Signboard(boards::SignboardArgs),
    /// Prints a project's deep link and writes its QR code alone (PNG, or SVG by the --out extension).
    Qr(boards::QrArgs),
    /// Exports for offices: the ledger (台账) as an Excel workbook or CSV files.
    #[command(subcommand)]
    Export(export::ExportCmd),
    /// Erases a worker's personal data on request (a request on paper): --chat ID for everything of a
    /// worker's chat, --case N [--claimant K] for the claimant(s) of one case. The case's facts and a
    /// timeline entry "personal data erased on …" stay.
    Erase(erase::EraseArgs),
    /// The master keys: `status`, and `rotate` to re-seal everything under a new key while the bot runs.
    #[command(subcommand)]
    Keys(keys::KeysCmd),
    /// Backs up the data directory while the bot runs: a consistent copy of the database, the evidence
    /// files and the reports waiting to be sent, with a manifest of SHA-256 checksums (--out DIR, or
    /// --into PARENT --keep N for scheduled backups); --verify DIR checks one. The key is never copied.
    Backup(backup::BackupArgs),
    /// Restores a backup into an empty data directory, after checking it against its manifest; refuses
    /// (restoring nothing) on any mismatch. The key is put back separately.
    Restore(backup::RestoreArgs),
    /// Makes the database (a new SQLite file, or the tables of an empty PostgreSQL database) or brings
    /// an existing one to this version's schema, then exits: the first command of a new install, as the
    /// other commands (but `run`, `demo` and `restore`) refuse a SQLite file that does not exist.
    Migrate(args::Store),
    /// Copies the SQLite database into an empty PostgreSQL database and checks every table equal (rows
    /// and SHA-256); --verify compares the two again later. Stop `wagedesk run` first.
    MigrateStore(migrate_store::MigrateStoreArgs),
    /// Asks a running bot's admin address (e.g. http://127.0.0.1:9187/readyz) and exits 0 when it
    /// answers 200: a container health check without curl in the image.
    Probe { url: String },
}

impl Cli {
    /// Logs to stderr, filtered by RUST_LOG, as text or JSON (`--log-format`); by default the demo, which
    /// prints a conversation, logs only warnings.
    pub fn init_logging(&self) {
        let default_filter = match self.command {
            Cmd::Demo { .. } => "warn",
            _ => "info,sqlx=warn,hyper=warn,reqwest=warn",
        };
        logging::init(self.log_format, default_filter);
    }
}

/// Runs the command on a new runtime; an error is printed to stderr and fails the exit code.
pub fn run(cli: Cli) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli.command.run()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

impl Cmd {
    async fn run(self) -> anyhow::Result<ExitCode> {
        match self {
            Cmd::Demo { dir, interactive: false } => crate::demo::run(dir).await?,
            Cmd::Demo { dir, interactive: true } => crate::demo::interactive::run(dir).await?,
            Cmd::Run(args) => run::run(args).await?,
            Cmd::CheckConfig(file) => return Ok(check_config(&file.path_from_env())),
            Cmd::Projects(command) => return projects::run(command).await,
            Cmd::Offices(command) => return offices::run(command).await,
            Cmd::Signboard(args) => boards::signboard(args).await?,
            Cmd::Qr(args) => boards::qr(args).await?,
            Cmd::Export(command) => return export::run(command).await,
            Cmd::Erase(args) => return erase::run(args).await,
            Cmd::Keys(command) => return keys::run(command).await,
            Cmd::Backup(args) => return backup::backup(args).await,
            Cmd::Restore(args) => return backup::restore(args).await,
            Cmd::Migrate(store) => migrate(&store).await?,
            Cmd::MigrateStore(args) => return migrate_store::run(args).await,
            Cmd::Probe { url } => return probe(&url).await,
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// GETs `url`; prints its answer and succeeds on 200.
async fn probe(url: &str) -> anyhow::Result<ExitCode> {
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build()?;
    let response = client.get(url).send().await?;
    let status = response.status();
    print!("{}", response.text().await.unwrap_or_default());
    Ok(if status.is_success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Makes or migrates the store and says which it was.
async fn migrate(store: &args::Store) -> anyhow::Result<()> {
    let new = store.database_url.is_none() && !store.database.is_file();
    let db = store.open().await?;
    db.close().await;
    println!("{}: {}", store.describe(), if new { "made, empty" } else { "at this version's schema" });
    Ok(())
}

/// Prints the deployment file's warnings and a summary, or every problem that makes it unusable.
fn check_config(config: &std::path::Path) -> ExitCode {
    match Deployment::load_with_warnings(config) {
        Ok((loaded, warnings)) => {
            for w in &warnings {
                println!("{w}");
            }
            for year in loaded.calendar.missing_years_ahead(crate::clock::Clock::system().today()) {
                println!("{}", crate::app::missing_calendar_warning(year));
            }
            println!("{}: ok ({} counties, {} offices)", config.display(), loaded.regions.len(), loaded.offices.len());
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprintln!("{errors}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use clap::Parser;

    use super::{Cli, Cmd};

    /// The file `check-config` checks, parsed from `args` with WAGEDESK_CONFIG at `env`.
    fn parsed(args: &[&str], env: Option<&str>) -> Result<PathBuf, clap::Error> {
        let cli = Cli::try_parse_from(["wagedesk", "check-config"].iter().chain(args))?;
        let Cmd::CheckConfig(file) = cli.command else { panic!("not check-config") };
        Ok(file.path(env.map(Into::into)))
    }

    fn checked(args: &[&str], env: Option<&str>) -> PathBuf {
        parsed(args, env).expect("the arguments are accepted")
    }

    #[test]
    fn check_config_takes_the_file_as_an_argument_or_by_flag_but_not_both() {
        assert_eq!(checked(&["a.toml"], None), PathBuf::from("a.toml"));
        assert_eq!(checked(&["--config", "a.toml"], None), PathBuf::from("a.toml"));
        let both = parsed(&["a.toml", "--config", "b.toml"], None).expect_err("both refused");
        assert_eq!(both.kind(), clap::error::ErrorKind::ArgumentConflict);
    }

    #[test]
    fn check_config_named_on_the_command_line_wins_over_the_environment_then_the_default() {
        assert_eq!(checked(&["a.toml"], Some("/etc/wagedesk/wagedesk.toml")), PathBuf::from("a.toml"));
        assert_eq!(checked(&["--config", "a.toml"], Some("/etc/w.toml")), PathBuf::from("a.toml"));
        assert_eq!(checked(&[], Some("/etc/w.toml")), PathBuf::from("/etc/w.toml"));
        assert_eq!(checked(&[], Some("")), PathBuf::from("deploy/wagedesk.toml"));
        assert_eq!(checked(&[], None), PathBuf::from("deploy/wagedesk.toml"));
    }
}
