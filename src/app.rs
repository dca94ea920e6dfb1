//! Wiring: settings → database, key, deployment → the running bot. Tests and the demo build the same
//! [`App`] against the local stand-in.

use std::path::{Path, PathBuf};

use anyhow::Context;
use teloxide::Bot;

use crate::bot::{self, BotOptions};
use crate::clock::Clock;
use crate::context::Ctx;
use crate::crypto::Vault;
use crate::deployment::Deployment;
use crate::shutdown::Shutdown;
use crate::storage;

/// Where things live. Every path can be set by flag or environment (see [`crate::cli`]).
#[derive(Debug, Clone)]
pub struct Settings {
    pub database: PathBuf,
    pub key_file: PathBuf,
    pub evidence_dir: PathBuf,
    pub config: PathBuf,
    pub bot: BotOptions,
}

impl Settings {
    /// Everything under one data directory, with the repository's sample deployment.
    pub fn in_dir(dir: &Path) -> Settings {
        Settings {
            database: dir.join("wagedesk.db"),
            key_file: dir.join("wagedesk.key"),
            evidence_dir: dir.join("evidence"),
            config: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/wagedesk.toml")),
            bot: BotOptions::default(),
        }
    }
}

pub struct App {
    pub ctx: Ctx,
    pub bot: Bot,
    pub options: BotOptions,
}

impl App {
    /// Opens the deployment file, the key (made on the first start) and the database (applying migrations).
    pub async fn build(settings: &Settings, bot: Bot, clock: Clock) -> anyhow::Result<App> {
        let deployment = load_deployment(&settings.config)?;
        let vault = load_key(&settings.key_file, MissingKey::Create)?
            .with_context(|| format!("no key at {}", settings.key_file.display()))?;
        let db = open_db(&settings.database).await?;
        let ctx = Ctx::new(db, vault, deployment, clock, settings.evidence_dir.clone());
        Ok(App { ctx, bot, options: settings.bot.clone() })
    }

    pub async fn run_until_stopped(self, shutdown: Shutdown) -> anyhow::Result<()> {
        bot::run(self.ctx, self.bot, self.options, shutdown).await
    }
}

/// The deployment file, or what is wrong with it (every problem, with its field and line).
pub fn load_deployment(config: &Path) -> anyhow::Result<Deployment> {
    Deployment::load(config)
        .map_err(|errors| anyhow::anyhow!("{}: not usable (see `wagedesk check-config`):\n{errors}", config.display()))
}

/// What to do when neither WAGEDESK_KEY nor the key file holds a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingKey {
    /// Make a fresh key file: the bot on its first start.
    Create,
    /// Answer `None`: a tool opening sealed data needs the key that sealed it, never a new one.
    Absent,
}

/// The key that seals personal data: WAGEDESK_KEY (hex) takes precedence over the key file.
pub fn load_key(key_file: &Path, missing: MissingKey) -> anyhow::Result<Option<Vault>> {
    if let Ok(hex) = std::env::var("WAGEDESK_KEY") {
        return Ok(Some(Vault::from_hex(&hex).context("WAGEDESK_KEY")?));
    }
    if missing == MissingKey::Absent && !key_file.is_file() {
        return Ok(None);
    }
    Ok(Some(Vault::load_or_create(key_file)?))
}

/// Opens (creating and migrating) the database file.
pub async fn open_db(database: &Path) -> anyhow::Result<storage::Db> {
    storage::open(database).await.with_context(|| format!("opening {}", database.display()))
}
