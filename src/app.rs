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
        let db = open_db(&settings.database).await?;
        let vault = key_for(&db, &settings.key_file).await?;
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

/// The key for this database. A new key is made only for a database that holds no sealed data yet:
/// with sealed data, a missing key, a key that does not open it, or a key file others may read is
/// refused with what to do, instead of starting with a key that could never open what was sealed.
pub async fn key_for(db: &storage::Db, key_file: &Path) -> anyhow::Result<Vault> {
    check_key_file(key_file)?;
    let sample = storage::any_sealed(db).await?;
    let missing = if sample.is_some() { MissingKey::Absent } else { MissingKey::Create };
    let Some(vault) = load_key(key_file, missing)? else {
        anyhow::bail!(
            "the database holds sealed personal data, but there is no key in {} and WAGEDESK_KEY is not set: restore \
             the key file (a new key could never open that data)",
            key_file.display()
        );
    };
    if let Some(sealed) = sample
        && vault.open(&sealed).is_err()
    {
        anyhow::bail!(
            "the key in {} (or WAGEDESK_KEY) does not open this database's sealed personal data: it is the wrong key",
            key_file.display()
        );
    }
    Ok(vault)
}

/// A key file anyone but its owner may read is refused (it opens every worker's numbers).
fn check_key_file(key_file: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(key_file) {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            anyhow::bail!("{} may be read by others (mode {mode:o}): run `chmod 600` on it", key_file.display());
        }
    }
    Ok(())
}

/// Opens (creating and migrating) the database file.
pub async fn open_db(database: &Path) -> anyhow::Result<storage::Db> {
    storage::open(database).await.with_context(|| format!("opening {}", database.display()))
}
