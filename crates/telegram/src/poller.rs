//! Our own long-polling loop. Updates are sealed into the inbox, and that commit synced to disk
//! ([`wagedesk_store::durable`]), *before* the next `getUpdates` call confirms them to Telegram (stock
//! teloxide polling confirms first, so a crash loses them). The offset
//! follows this bot's current run of update ids, and a batch below it starts a new run ([`sequence`]).

use std::time::Duration;

use teloxide::prelude::*;

use serde_json::value::RawValue;

use super::api::{BotApi, Envelope, Sent};
use super::incoming::Incoming;
use super::sequence::{self, Position, Start};
use super::shards::Shards;
use crate::shutdown::Shutdown;
use wagedesk_core::clock::stamp;
use wagedesk_store::context::Ctx;
use wagedesk_store::inbox::{self, NewUpdate};

/// An update on its way to a shard: its inbox `seq` and the update (so it is not unsealed again).
pub type Queued = (i64, Incoming);

pub struct Poller {
    pub ctx: Ctx,
    pub bot: Bot,
    /// The bot's user id (`getMe`): update ids are its own.
    pub bot_id: i64,
    pub timeout_secs: u32,
    /// The update kinds to ask for (`allowed_updates`); opt-in kinds such as `chat_member` come
    /// only when named.
    pub allowed_updates: &'static [&'static str],
}

impl Poller {
    /// Polls until shutdown, handing each newly stored update to its shard.
    pub async fn run(self, shards: &Shards, mut shutdown: Shutdown) -> anyhow::Result<()> {
        // The bot's client (one set of certificates and connections for the process), with the long
        // poll's own timeout.
        let client = self.bot.client();
        let poll_timeout = Duration::from_secs(u64::from(self.timeout_secs) + 15);
        // Not `Url::join`: a token such as `123:abc` would parse as a URL scheme.
        let url = format!("{}/bot{}/GetUpdates", self.bot.api_url().as_str().trim_end_matches('/'), self.bot.token());
        let api = BotApi::new(&self.bot, Duration::from_secs(30));
        let mut position = resume(&self.ctx, self.bot_id).await?;
        let barrier = wagedesk_store::durable::barrier(&self.ctx.db);
        let mut failures: u32 = 0;
        loop {
            if shutdown.is_triggered() {
                break;
            }
            let body = serde_json::json!({
                "offset": sequence::offset(position.as_ref(), chrono::Utc::now()),
                "timeout": self.timeout_secs,
                "limit": 100,
                "allowed_updates": self.allowed_updates,
            });
            let request = client.post(url.clone()).timeout(poll_timeout).json(&body).send();
            let response = tokio::select! {
                _ = shutdown.wait() => break,
                r = request => r,
            };
            let wait = match parse(response).await {
                Ok(updates) => {
                    failures = 0;
                    self.ctx.metrics.fetched();
                    let (rows, incoming): (Vec<NewUpdate>, Vec<Incoming>) =
                        updates.into_iter().filter_map(|raw| self.to_row(raw)).unzip();
                    let ids = rows.iter().map(|r| r.update_id);
                    if let (Some(lowest), Some(highest)) = (ids.clone().min(), ids.max()) {
                        let placement = sequence::place(position.as_ref(), lowest);
                        self.log_start(placement.started, placement.run);
                        let now = chrono::Utc::now();
                        let fresh =
                            inbox::store_batch(&self.ctx.db, self.bot_id, placement.run, &rows, &stamp(now)).await?;
                        // Only now, with the batch committed, may the next poll confirm it.
                        position = Some(sequence::advance(position.as_ref(), placement, highest, now));
                        // Only new rows run: a re-delivered update, or one repeated in the batch, runs once.
                        for (incoming, seq) in incoming.into_iter().zip(fresh) {
                            if let Some(seq) = seq {
                                self.ctx.metrics.received(incoming.kind);
                                shards.dispatch((seq, incoming)).await;
                            }
                        }
                        // The next poll confirms the batch, and Telegram then forgets it: not before
                        // the commit that stored it is on disk (the shards handle it meanwhile).
                        barrier.sync_after_now().await;
                    }
                    None
                }
                Err(PollError::RetryAfter(secs)) => Some(Duration::from_secs(secs)),
                Err(PollError::WebhookActive) => {
                    // Switching back from webhook mode: updates wait at Telegram until it is deleted.
                    tracing::info!("a webhook is set; deleting it to poll");
                    match api.call("deleteWebhook", &serde_json::json!({ "drop_pending_updates": false })).await {
                        Sent::Ok => None,
                        other => {
                            tracing::warn!(answer = other.label(), "deleteWebhook failed");
                            Some(Duration::from_secs(5))
                        }
                    }
                }
                Err(PollError::Other(e)) => {
                    failures = failures.saturating_add(1);
                    let secs = 2u64.saturating_pow(failures.min(5));
                    tracing::warn!(error = %e, retry_in_secs = secs, "getUpdates failed");
                    Some(Duration::from_secs(secs))
                }
            };
            if let Some(wait) = wait {
                tokio::select! {
                    _ = shutdown.wait() => break,
                    _ = tokio::time::sleep(wait) => {}
                }
            }
        }
        Ok(())
    }

    /// The update parsed (once) and its inbox row, which seals the bytes Telegram sent.
    fn to_row(&self, raw: Box<RawValue>) -> Option<(NewUpdate, Incoming)> {
        let Some(incoming) = Incoming::read(String::from(Box::<str>::from(raw))) else {
            tracing::warn!("update without update_id skipped");
            return None;
        };
        let payload = self.ctx.vault.seal(&incoming.text);
        Some((NewUpdate { update_id: incoming.update_id, chat_id: incoming.chat, payload }, incoming))
    }

    fn log_start(&self, started: Option<Start>, run: i64) {
        match started {
            Some(Start::FirstForBot) => tracing::info!(bot_id = self.bot_id, run, "first updates for this bot"),
            Some(Start::Reset { last_update_id, lowest }) => tracing::warn!(
                bot_id = self.bot_id,
                run,
                last_update_id,
                lowest,
                "Telegram's update ids went back (its sequence started again); following the new ids as a new run"
            ),
            None => {}
        }
    }
}

enum PollError {
    RetryAfter(u64),
    /// 409: Telegram holds the updates for a webhook.
    WebhookActive,
    Other(String),
}

/// The batch's updates as raw JSON: each is parsed once, later, into what the router needs.
async fn parse(response: reqwest::Result<reqwest::Response>) -> Result<Vec<Box<RawValue>>, PollError> {
    let response = response.map_err(|e| PollError::Other(redact(&e.to_string())))?;
    let status = response.status();
    let body =
        response.bytes().await.map_err(|e| PollError::Other(format!("HTTP {status}: {}", redact(&e.to_string()))))?;
    let envelope: Envelope<Vec<Box<RawValue>>> =
        serde_json::from_slice(&body).map_err(|e| PollError::Other(format!("HTTP {status}: {e}")))?;
    if envelope.ok {
        return Ok(envelope.result.unwrap_or_default());
    }
    if let Some(secs) = envelope.parameters.and_then(|p| p.retry_after) {
        return Err(PollError::RetryAfter(secs));
    }
    let description = envelope.description.unwrap_or_default();
    if envelope.error_code == Some(409) && description.contains("webhook") {
        return Err(PollError::WebhookActive);
    }
    Err(PollError::Other(format!("HTTP {status}: {description}")))
}

/// reqwest errors print the URL, which holds the bot token: never let it reach a log.
pub fn redact(text: &str) -> String {
    static TOKEN: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"bot\d+:[A-Za-z0-9_-]+").expect("static regex"));
    TOKEN.replace_all(text, "bot<token>").into_owned()
}

/// Where `bot_id` stands in Telegram's ids, as stored: polling and the webhook both start here. Rows
/// stored before bot ids were kept are adopted by the first bot that comes.
pub async fn resume(ctx: &Ctx, bot_id: i64) -> anyhow::Result<Option<Position>> {
    let adopted = inbox::adopt_unowned(&ctx.db, bot_id).await?;
    if adopted > 0 {
        tracing::info!(bot_id, rows = adopted, "inbox rows stored before bot ids were kept adopted");
    }
    Ok(inbox::current_run(&ctx.db, bot_id).await?.map(|end| Position {
        run: end.run,
        last_update_id: end.last_update_id,
        last_at: chrono::DateTime::parse_from_rfc3339(&end.received_at).ok().map(Into::into),
    }))
}
