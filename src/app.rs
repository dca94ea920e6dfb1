//! Wiring: settings → database, key, deployment → the running bot. Tests and the demo build the same
//! [`App`] against the local stand-in.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use teloxide::Bot;

use crate::bot::{self, BotOptions};
use crate::clock::Clock;
use crate::context::Ctx;
use crate::crypto::Vault;
use crate::deployment::Deployment;
use crate::shutdown::Shutdown;
use crate::storage;

/// Where things live. Every path can be set by flag or environment (see `main.rs`).
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
    pub fn in_dir(dir: &std::path::Path) -> Settings {
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
    /// Opens the database (applying migrations), the key and the deployment file.
    pub async fn build(settings: &Settings, bot: Bot, clock: Clock) -> anyhow::Result<App> {
        let deployment = Deployment::load(&settings.config)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("loading {}", settings.config.display()))?;
        let vault = match std::env::var("WAGEDESK_KEY") {
            Ok(hex) => Vault::from_hex(&hex).context("WAGEDESK_KEY")?,
            Err(_) => Vault::load_or_create(&settings.key_file)?,
        };
        let db = storage::open(&settings.database)
            .await
            .with_context(|| format!("opening {}", settings.database.display()))?;
        let ctx = Ctx {
            db,
            vault,
            deployment: Arc::new(deployment),
            clock,
            evidence_dir: settings.evidence_dir.clone(),
            outbox_wake: Arc::default(),
        };
        Ok(App { ctx, bot, options: settings.bot.clone() })
    }

    pub async fn run_until_stopped(self, shutdown: Shutdown) -> anyhow::Result<()> {
        bot::run(self.ctx, self.bot, self.options, shutdown).await
    }
}
