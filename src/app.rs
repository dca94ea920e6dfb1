//! Wiring: settings → database, key, deployment → the running bot. Tests and the demo build the same
//! [`App`] against the local stand-in.

use std::path::{Path, PathBuf};

use teloxide::Bot;

use crate::bot::{self, BotOptions};
use crate::clock::Clock;
use crate::context::Ctx;
use crate::deployment::Deployment;
use crate::keys::source::KeySource;
use crate::keys::watch::KeyWatch;
use crate::shutdown::Shutdown;
use crate::storage;

pub use crate::keys::key_for;

/// Where things live. Every path can be set by flag or environment (see [`crate::cli`]).
#[derive(Debug, Clone)]
pub struct Settings {
    /// The SQLite file, unless `database_url` names a PostgreSQL database.
    pub database: PathBuf,
    /// A PostgreSQL database (`postgres://…`) to run on instead of the SQLite file.
    pub database_url: Option<String>,
    pub key_file: PathBuf,
    pub evidence_dir: PathBuf,
    pub config: PathBuf,
    pub bot: BotOptions,
}

/// The repository's sample deployment and the calendars it names, built into the binary: the demo
/// runs from wherever the binary is, not only from a checkout.
const SAMPLE_DEPLOYMENT: [(&str, &str); 3] = [
    ("wagedesk.toml", include_str!("../deploy/wagedesk.toml")),
    ("calendar/2026.toml", include_str!("../deploy/calendar/2026.toml")),
    ("calendar/2027.toml", include_str!("../deploy/calendar/2027.toml")),
];

/// Writes the sample deployment into `dir` and returns its main file. Like every file the bot writes
/// under its data directory, the folders it makes and the files are its user's alone.
fn write_sample_deployment(dir: &Path) -> std::io::Result<PathBuf> {
    for (name, text) in SAMPLE_DEPLOYMENT {
        let path = dir.join(name);
        let missing: Vec<&Path> =
            path.ancestors().skip(1).take_while(|d| !d.as_os_str().is_empty() && !d.exists()).collect();
        for folder in missing.into_iter().rev() {
            std::fs::create_dir(folder)?;
            crate::private_files::restrict_dir(folder)?;
        }
        std::fs::write(&path, text)?;
        crate::private_files::restrict_file(&path)?;
    }
    Ok(dir.join(SAMPLE_DEPLOYMENT[0].0))
}

impl Settings {
    /// Everything under one data directory, with the sample deployment written into it (`deploy/`).
    /// Should that fail, the start says so, naming the file it could not read.
    pub fn in_dir(dir: &Path) -> Settings {
        let deploy = dir.join("deploy");
        let config = write_sample_deployment(&deploy).unwrap_or_else(|e| {
            tracing::error!(dir = %deploy.display(), error = %e, "writing the sample deployment failed");
            deploy.join(SAMPLE_DEPLOYMENT[0].0)
        });
        Settings {
            database: dir.join("wagedesk.db"),
            database_url: None,
            key_file: dir.join("wagedesk.key"),
            evidence_dir: dir.join("evidence"),
            config,
            bot: BotOptions::default(),
        }
    }
}

pub struct App {
    pub ctx: Ctx,
    pub bot: Bot,
    pub options: BotOptions,
    /// Where the keys came from: a file is re-read while the bot runs (a rotation).
    pub key_source: KeySource,
}

impl App {
    /// Opens the deployment file, the database (applying migrations) and the keys (made on the first
    /// start), after the start-up checks ([`crate::startup`]). Keys that do not fit the database stop
    /// the start with nothing made: no key file, and the database closed again.
    pub async fn build(settings: &Settings, bot: Bot, clock: Clock) -> anyhow::Result<App> {
        let deployment = load_deployment(&settings.config)?;
        for year in deployment.calendar.missing_years_ahead(clock.today()) {
            tracing::warn!("{}", missing_calendar_warning(year));
        }
        let reports_dir = crate::ledger::reports_dir_of(&settings.evidence_dir);
        let mut dirs = vec![settings.evidence_dir.as_path(), &reports_dir];
        if settings.database_url.is_none() {
            dirs.push(settings.database.parent().unwrap_or(Path::new("")));
        }
        crate::startup::writable(&dirs)?;
        let (db, store) = match &settings.database_url {
            Some(url) => (open_url(url).await?, PathBuf::from(storage::postgres::redacted(url))),
            None => (open_db(&settings.database).await?, settings.database.clone()),
        };
        let checked = match crate::startup::migrations_applied(&db, &store).await {
            Ok(()) => key_for(&db, &settings.key_file).await,
            Err(e) => Err(e),
        };
        let vault = match checked {
            Ok(vault) => vault,
            Err(e) => {
                // Closed, so SQLite removes its -wal and -shm files before the process exits.
                db.close().await;
                return Err(e);
            }
        };
        let key_source = KeySource::resolve(&settings.key_file)?;
        let ctx = Ctx::new(db, vault, deployment, clock, settings.evidence_dir.clone());
        Ok(App { ctx, bot, options: settings.bot.clone(), key_source })
    }

    pub async fn run_until_stopped(self, shutdown: Shutdown) -> anyhow::Result<()> {
        let watch = KeyWatch { source: self.key_source, vault: self.ctx.vault.clone(), db: self.ctx.db.clone() };
        // The watch runs as long as the bot (which still seals while it drains) and with it: in the same
        // task, so a bot task aborted (a crash in tests) leaves no watch behind.
        let (stop_watch, watch_stop) = crate::shutdown::channel();
        let bot = async {
            let ran = bot::run(self.ctx, self.bot, self.options, shutdown).await;
            stop_watch.fire();
            ran
        };
        let (ran, ()) = tokio::join!(bot, watch.run(watch_stop));
        ran
    }
}

/// The deployment file, or what is wrong with it (every problem, with its field and line).
/// What `check-config` and the bot's start say of a year deadlines can reach that has no calendar file.
pub fn missing_calendar_warning(year: i32) -> String {
    format!(
        "warning: [calendar] has no file for {year}, where deadlines set now can fall; its days count as \
         plain Monday–Friday (wrong around every holiday): add calendar/{year}.toml from the State \
         Council's notice and list it in [calendar] files"
    )
}

pub fn load_deployment(config: &Path) -> anyhow::Result<Deployment> {
    Deployment::load(config)
        .map_err(|errors| anyhow::anyhow!("{}: not usable (see `wagedesk check-config`):\n{errors}", config.display()))
}

/// Opens (creating and migrating) the database file.
pub async fn open_db(database: &Path) -> anyhow::Result<storage::Db> {
    storage::open(database).await.map_err(|e| crate::startup::explain_open_error(database, e))
}

/// Opens (migrating) the PostgreSQL database at `url`.
pub async fn open_url(url: &str) -> anyhow::Result<storage::Db> {
    storage::open_url(url)
        .await
        .map_err(|e| crate::startup::explain_open_error(Path::new(&storage::postgres::redacted(url)), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_sample_deployment_loads_on_its_own() {
        let dir = std::env::temp_dir().join(format!("wagedesk-sample-{}", std::process::id()));
        let settings = Settings::in_dir(&dir);
        assert!(settings.config.starts_with(&dir), "{}", settings.config.display());
        let deployment = load_deployment(&settings.config);
        std::fs::remove_dir_all(&dir).ok();
        let deployment = deployment.expect("the sample and every calendar it names were written");
        assert!(!deployment.offices.is_empty());
    }
}
