//! The bot: what a Telegram update means to wagedesk. The transport — polling into the inbox, per-chat
//! shards, delivery of the outbox — is the `wagedesk-telegram` crate (re-exported here under its
//! module names); this module routes each update ([`route`]), turns it into the core's inputs
//! ([`inputs`]), lets the core decide and commits the decision ([`handler`]), and wires it all up
//! ([`run`]). The core never sees a Telegram type.

mod connect;
mod followup;
mod group;
pub mod handler;
pub mod inputs;
pub mod members;
pub mod menu;
mod mode;
mod privacy;
pub mod route;
pub mod unreachable;

pub use wagedesk_telegram::{
    api, budget, delivery, flood, group_send, lanes, poller, sequence, shards, upload, webhook,
};

use std::time::Duration;

pub use mode::{WebhookMode, WebhookOptions};

use teloxide::prelude::*;

use crate::context::Ctx;
use crate::shutdown::{AbortOnDrop, Shutdown};
use crate::storage::inbox;

/// Tunables of the adapter.
#[derive(Debug, Clone)]
pub struct BotOptions {
    /// Long-polling timeout passed to getUpdates.
    pub poll_timeout_secs: u32,
    /// Number of handler shards (chats are spread over them). Many and cheap: an update that waits
    /// (an evidence download) holds up only the chats of its shard (closed-loop p99 about a quarter
    /// lower at 64 than at 8, BENCHMARKS.md).
    pub shards: usize,
    /// How often the legal clocks are scanned.
    pub clock_scan_every: Duration,
    /// Flood limits, retries and the shutdown flush of the outbox.
    pub delivery: delivery::DeliveryOptions,
    /// When an unanswered payment question is reminded and then reported as unconfirmed.
    pub followup: crate::followup::FollowupOptions,
    /// Start even when getMe's username is not `[telegram] bot_username` (see [`crate::startup`]).
    pub ignore_username_mismatch: bool,
    /// Where `/healthz`, `/readyz` and `/metrics` are served, if anywhere.
    pub admin: Option<crate::admin::AdminOptions>,
    /// Webhook mode (updates posted to us) instead of long polling, as far as the command line sets it;
    /// the deployment file's `[telegram]` fills in the rest ([`WebhookOptions::resolve`]).
    pub webhook: WebhookOptions,
}

impl Default for BotOptions {
    fn default() -> Self {
        BotOptions {
            poll_timeout_secs: 25,
            shards: 64,
            clock_scan_every: Duration::from_secs(60),
            delivery: delivery::DeliveryOptions::default(),
            followup: crate::followup::FollowupOptions::default(),
            ignore_username_mismatch: false,
            admin: None,
            webhook: WebhookOptions::default(),
        }
    }
}

/// Runs the bot until shutdown: recover the inbox, then poll; on shutdown finish in-flight handlers and
/// flush the outbox.
pub async fn run(ctx: Ctx, bot: Bot, options: BotOptions, mut shutdown: Shutdown) -> anyhow::Result<()> {
    let webhook_mode = options.webhook.resolve(&ctx.deployment.telegram);
    // First, so a monitor sees the process (and why it is not ready) while Telegram is unreachable.
    let _admin_task = match &options.admin {
        Some(admin) => {
            let listener = tokio::net::TcpListener::bind(admin.listen)
                .await
                .map_err(|e| anyhow::anyhow!("the admin address {} cannot be used: {e}", admin.listen))?;
            Some(AbortOnDrop(tokio::spawn(crate::admin::serve(ctx.clone(), admin.clone(), listener, shutdown.clone()))))
        }
        None => None,
    };
    // Before Telegram is asked anything: a URL it would refuse or an address in use stops the start.
    let webhook_listener = match &webhook_mode {
        Some(w) => {
            webhook::path_of(&w.url)?;
            let listener = tokio::net::TcpListener::bind(w.listen)
                .await
                .map_err(|e| anyhow::anyhow!("the webhook address {} cannot be used: {e}", w.listen))?;
            Some(listener)
        }
        None => None,
    };
    let me = tokio::select! {
        me = get_me(&bot) => me,
        _ = shutdown.wait() => return Ok(()),
    };
    crate::startup::username_matches(
        ctx.deployment.telegram.bot_username.as_deref(),
        me.username.as_deref(),
        options.ignore_username_mismatch,
    )?;
    ctx.metrics.fetched();
    let bot_username = me.username.clone().unwrap_or_default();
    tracing::info!(bot = %bot_username, "connected to the Bot API");
    if let Err(e) = menu::set_commands(&bot).await {
        tracing::warn!(error = %e, "setting the command menu failed");
    }

    // The web channel, when the deployment turns it on: the same core and store, served here.
    let _web_task = match &ctx.deployment.web {
        Some(web) => {
            let listener = tokio::net::TcpListener::bind(web.listen)
                .await
                .map_err(|e| anyhow::anyhow!("the web channel's address {} cannot be used: {e}", web.listen))?;
            let serve = crate::web::serve(ctx.clone(), web.clone(), bot_username.clone(), listener, shutdown.clone());
            Some(AbortOnDrop(tokio::spawn(serve)))
        }
        None => None,
    };

    // One replica at a time runs the scheduler and delivers (always this one on SQLite).
    let leadership = crate::storage::leader::Leadership::start(ctx.db.clone());
    // Rows other replicas commit wake this one's delivery (PostgreSQL); an erasure by another process
    // makes it read its rows again (both).
    let _commits_task = AbortOnDrop(tokio::spawn(crate::storage::outbox::follow_commits(
        ctx.db.clone(),
        ctx.outbox_wake.clone(),
        ctx.outbox_reread.clone(),
    )));
    let delivery = delivery::Delivery {
        ctx: ctx.clone(),
        bot: bot.clone(),
        options: options.delivery.clone(),
        unreachable: std::sync::Arc::new(unreachable::TellOffices(ctx.clone())),
        files: std::sync::Arc::new(crate::evidence::OfficeCopies(ctx.clone())),
        leading: leadership.watch(),
    };
    // Delivery stops only after the shards drained, so its final flush sends their last replies too.
    let (stop_delivery, delivery_shutdown) = crate::shutdown::channel();
    let mut delivery_task = AbortOnDrop(tokio::spawn(delivery.run(delivery_shutdown)));

    let scheduler_task = AbortOnDrop(tokio::spawn(crate::scheduler::run(
        ctx.clone(),
        options.clock_scan_every,
        options.followup.clone(),
        leadership.watch(),
        shutdown.clone(),
    )));

    let checkpoint_task = AbortOnDrop(tokio::spawn({
        let mut stop = shutdown.clone();
        crate::storage::checkpoints(ctx.db.clone(), async move { stop.wait().await })
    }));

    let memory_task = AbortOnDrop(tokio::spawn({
        let mut stop = shutdown.clone();
        crate::memory::give_back_when_quiet(ctx.metrics.clone(), async move { stop.wait().await })
    }));

    let members = std::sync::Arc::new(members::Members::default());
    let handler = handler::Handler { ctx: ctx.clone(), bot: bot.clone(), bot_username, bot_id: me.id.0, members };
    let shards = shards::Shards::start(handler, options.shards, &ctx);
    let pending = inbox::unprocessed(&ctx.db).await?;
    if !pending.is_empty() {
        tracing::info!(count = pending.len(), "processing updates stored before the last stop");
    }
    for row in pending {
        let json = ctx.vault.open(&row.payload).map_err(anyhow::Error::from);
        match json.map(wagedesk_telegram::incoming::Incoming::read) {
            Ok(Some(incoming)) => shards.dispatch((row.seq, incoming)).await,
            Ok(None) => tracing::error!(seq = row.seq, "stored update unreadable: not an update"),
            Err(e) => tracing::error!(seq = row.seq, error = %e, "stored update unreadable"),
        }
    }

    let polled = match (webhook_listener, &webhook_mode) {
        (Some(listener), Some(w)) => {
            let webhook = webhook::Webhook {
                ctx: ctx.clone(),
                bot: bot.clone(),
                bot_id: i64::try_from(me.id.0)?,
                url: w.url.clone(),
                listener,
                allowed_updates: route::KINDS,
            };
            webhook.run(&shards, shutdown.clone()).await
        }
        _ => {
            let poller = poller::Poller {
                ctx: ctx.clone(),
                bot: bot.clone(),
                bot_id: i64::try_from(me.id.0)?,
                timeout_secs: options.poll_timeout_secs,
                allowed_updates: route::KINDS,
            };
            poller.run(&shards, shutdown.clone()).await
        }
    };
    shards.drain().await;
    drop(scheduler_task);
    drop(checkpoint_task);
    drop(memory_task);
    stop_delivery.fire();
    if let Err(e) = (&mut delivery_task.0).await {
        tracing::error!(error = %e, "delivery task ended abnormally");
    }
    // Last: another replica takes over only once this one sends nothing more.
    leadership.resign().await;
    polled
}

async fn get_me(bot: &Bot) -> teloxide::types::Me {
    let mut wait = Duration::from_millis(500);
    loop {
        match bot.get_me().await {
            Ok(me) => return me,
            Err(e) => {
                tracing::warn!(error = %e, "getMe failed; retrying");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(30));
            }
        }
    }
}
