//! `wagedesk run`: the bot against Telegram, until SIGTERM or SIGINT.

use anyhow::Context;

use super::args::{DeploymentFile, EvidenceDir, KeyFile, Store};
use crate::admin::AdminOptions;
use crate::app::{App, Settings};
use crate::bot::budget::{Limits, Window};
use crate::bot::delivery::DeliveryOptions;
use crate::bot::{BotOptions, WebhookOptions};
use crate::clock::Clock;
use crate::followup::{self, FollowupOptions};
use crate::shutdown;

#[derive(clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    deployment: DeploymentFile,
    #[command(flatten)]
    store: Store,
    #[command(flatten)]
    key: KeyFile,
    #[command(flatten)]
    evidence: EvidenceDir,
    #[arg(long, env = "WAGEDESK_POLL_TIMEOUT", default_value_t = 25)]
    poll_timeout: u32,
    /// Handler shards: a chat's updates run in order on its shard, different shards at once.
    #[arg(long, env = "WAGEDESK_SHARDS", default_value_t = BotOptions::default().shards)]
    shards: usize,
    /// Messages per private chat, as COUNT/WINDOW (Telegram: about one a second, short bursts tolerated).
    #[arg(long, env = "WAGEDESK_LIMIT_PRIVATE", default_value = "2/2s")]
    limit_private: Window,
    /// Messages per group chat (Telegram: 20 a minute).
    #[arg(long, env = "WAGEDESK_LIMIT_GROUP", default_value = "20/60s")]
    limit_group: Window,
    /// Messages overall (Telegram: 30 a second).
    #[arg(long, env = "WAGEDESK_LIMIT_OVERALL", default_value = "30/1s")]
    limit_overall: Window,
    /// Remind a worker who has not said whether the money arrived after this long (e.g. 3d, 12h).
    #[arg(long, env = "WAGEDESK_PAYMENT_REMINDER_AFTER", default_value = "3d", value_parser = followup::parse_span)]
    payment_reminder_after: chrono::Duration,
    /// Show the office the payment as unconfirmed this long after the reminder.
    #[arg(long, env = "WAGEDESK_PAYMENT_UNCONFIRMED_AFTER", default_value = "4d", value_parser = followup::parse_span)]
    payment_unconfirmed_after: chrono::Duration,
    /// Start even when Telegram's username for the token (getMe) is not `[telegram] bot_username`:
    /// signboards printed with that name then send workers to another bot.
    #[arg(long, env = "WAGEDESK_IGNORE_USERNAME_MISMATCH")]
    ignore_username_mismatch: bool,
    /// Serve /healthz, /readyz and /metrics on this address, e.g. 127.0.0.1:9187 (off when not set;
    /// keep it off the public network).
    #[arg(long, env = "WAGEDESK_ADMIN_LISTEN")]
    admin_listen: Option<std::net::SocketAddr>,
    /// Webhook mode: the public https URL Telegram posts updates to (your proxy forwards it to
    /// --webhook-listen); overrides `[telegram] webhook_url`. Without either, the bot long-polls (and
    /// deletes a webhook left set).
    #[arg(long, env = "WAGEDESK_WEBHOOK_URL")]
    webhook_url: Option<String>,
    /// Where the webhook server listens, behind the proxy; overrides `[telegram] webhook_listen`, whether
    /// the URL comes from --webhook-url or from `[telegram] webhook_url` (default 127.0.0.1:8443).
    #[arg(long, env = "WAGEDESK_WEBHOOK_LISTEN")]
    webhook_listen: Option<std::net::SocketAddr>,
}

impl RunArgs {
    fn settings(self) -> Settings {
        Settings {
            database: self.store.database,
            database_url: self.store.database_url,
            key_file: self.key.key_file,
            evidence_dir: self.evidence.evidence_dir,
            config: self.deployment.config,
            bot: BotOptions {
                poll_timeout_secs: self.poll_timeout,
                shards: self.shards,
                delivery: DeliveryOptions {
                    limits: Limits {
                        private_chat: self.limit_private,
                        group: self.limit_group,
                        overall: self.limit_overall,
                    },
                    ..DeliveryOptions::default()
                },
                followup: FollowupOptions {
                    remind_after: self.payment_reminder_after,
                    unconfirmed_after: self.payment_unconfirmed_after,
                },
                ignore_username_mismatch: self.ignore_username_mismatch,
                admin: self.admin_listen.map(|at| AdminOptions::on(at, self.poll_timeout)),
                webhook: WebhookOptions { url: self.webhook_url, listen: self.webhook_listen },
                ..BotOptions::default()
            },
        }
    }
}

/// The one HTTP client of every Bot API call (teloxide's settings), through the proxy TELOXIDE_PROXY
/// names if any: a server in mainland China reaches Telegram only through one. (teloxide's own
/// `client_from_env` would panic on a proxy URL it cannot use.)
fn http_client() -> anyhow::Result<reqwest::Client> {
    let mut client = teloxide::net::default_reqwest_settings();
    if let Ok(proxy) = std::env::var("TELOXIDE_PROXY") {
        let proxy = reqwest::Proxy::all(proxy.as_str()).context("TELOXIDE_PROXY is not a proxy URL")?;
        client = client.proxy(proxy);
    }
    client.build().context("cannot build the HTTP client")
}

/// Runs the bot against the Bot API server TELOXIDE_API_URL names (Telegram's by default), with the
/// token from a file, a systemd credential or TELOXIDE_TOKEN ([`super::token`]).
pub async fn run(args: RunArgs) -> anyhow::Result<()> {
    let token = super::token::bot_token()?;
    let mut bot = teloxide::Bot::with_client(token, http_client()?);
    if let Ok(url) = std::env::var("TELOXIDE_API_URL") {
        bot = bot.set_api_url(url.parse().context("TELOXIDE_API_URL is not a URL")?);
    }
    let settings = args.settings();
    // Signals first: a SIGTERM while migrations run must still end in a clean exit.
    let (trigger, stop) = shutdown::channel();
    shutdown::on_signals(trigger);
    let app = App::build(&settings, bot, Clock::system()).await?;
    // On a runtime worker, not on the main thread: the poller and the handlers then wake each
    // other without a switch between threads (costly in profiles of the bot pinned to one core).
    let db = app.ctx.db.clone();
    let ran = tokio::spawn(app.run_until_stopped(stop)).await.context("the bot stopped abnormally");
    // Closed, so a SQLite file is left complete on its own (checkpointed, no -wal or -shm beside it):
    // what a copy of the file after `systemctl stop` relies on.
    db.close().await;
    ran??;
    tracing::info!("stopped cleanly");
    Ok(())
}
