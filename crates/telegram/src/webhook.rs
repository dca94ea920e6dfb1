//! Webhook mode: Telegram POSTs each update to our URL (behind the operator's HTTPS proxy) instead of
//! our polling for it. Each request is checked against the secret token in constant time (401
//! otherwise, nothing stored), capped at 1 MB (413), and its update sealed into the inbox, and synced to
//! disk ([`wagedesk_store::durable`]), **before** the 200: a crash (or a power cut) after answering loses
//! nothing, and a crash before it gets the update again, which the inbox then takes as a re-delivery. A
//! body that is not an update is answered 200 and logged, so Telegram does not retry it for ever. Updates then run through the same shards as polled ones.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use rand::Rng;
use teloxide::Bot;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use super::api::{BotApi, Sent};
use super::incoming::Incoming;
use super::poller::Queued;
use super::sequence::{self, Position};
use super::shards::Shards;
use crate::shutdown::Shutdown;
use wagedesk_core::clock::stamp;
use wagedesk_store::context::Ctx;
use wagedesk_store::inbox::{self, NewUpdate};

/// Telegram's header carrying the secret token set with `setWebhook`.
pub const SECRET_HEADER: &str = "X-Telegram-Bot-Api-Secret-Token";

/// How often Telegram is asked about the webhook while updates are quiet.
const CHECK_EVERY: Duration = Duration::from_secs(20);

/// No update comes near this; anything larger is refused before it is read whole.
pub const MAX_BODY: usize = 1 << 20;

pub struct Webhook {
    pub ctx: Ctx,
    pub bot: Bot,
    /// The bot's user id (`getMe`): update ids are its own.
    pub bot_id: i64,
    /// The public URL Telegram is given (https, or http on the loopback address for the stand-in).
    pub url: String,
    /// Where our HTTP server listens (the proxy forwards the URL's path here).
    pub listener: TcpListener,
    /// The update kinds to ask for, as in polling.
    pub allowed_updates: &'static [&'static str],
}

#[derive(Clone)]
struct Receiver {
    ctx: Ctx,
    bot_id: i64,
    secret: String,
    queue: mpsc::Sender<Queued>,
    /// Where the bot stands in Telegram's ids; one request stores at a time, so runs stay straight.
    position: std::sync::Arc<tokio::sync::Mutex<Option<Position>>>,
}

/// The URL's path, which is the route served (`/` when it has none).
pub fn path_of(url: &str) -> anyhow::Result<String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| anyhow::anyhow!("the webhook URL `{url}` is not a URL: {e}"))?;
    let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost"));
    if parsed.scheme() != "https" && !(parsed.scheme() == "http" && loopback) {
        anyhow::bail!("the webhook URL must be https:// (Telegram sends webhooks over HTTPS only): `{url}`");
    }
    Ok(parsed.path().to_owned())
}

impl Webhook {
    /// Serves the webhook until shutdown, handing each newly stored update to its shard.
    pub async fn run(self, shards: &Shards, mut shutdown: Shutdown) -> anyhow::Result<()> {
        let path = path_of(&self.url)?;
        let secret =
            wagedesk_store::webhook::secret(&self.ctx.db, &self.ctx.vault, &fresh_secret(), &stamp(chrono::Utc::now()))
                .await?;
        // Telegram is given the secret below: a power cut must not lose the one it was given.
        wagedesk_store::durable::barrier(&self.ctx.db).sync_after_now().await;
        let position = super::poller::resume(&self.ctx, self.bot_id).await?;
        let (queue, mut queued) = mpsc::channel::<Queued>(1024);
        let receiver = Receiver {
            ctx: self.ctx.clone(),
            bot_id: self.bot_id,
            secret: secret.clone(),
            queue,
            position: std::sync::Arc::new(tokio::sync::Mutex::new(position)),
        };
        let app = Router::new().route(&path, post(receive)).layer(DefaultBodyLimit::max(MAX_BODY)).with_state(receiver);
        let address: Option<SocketAddr> = self.listener.local_addr().ok();
        tracing::info!(address = ?address, path = %path, "webhook listening");
        let (stop_server, mut server_stop) = crate::shutdown::channel();
        let server = tokio::spawn(async move {
            let stopped = async move { server_stop.wait().await };
            if let Err(e) = axum::serve(self.listener, app).with_graceful_shutdown(stopped).await {
                tracing::error!(error = %e, "the webhook server stopped");
            }
        });
        // Listening first: Telegram may send the first update the moment the webhook is set.
        tokio::select! {
            set = set_webhook(&self.bot, &self.url, &secret, self.allowed_updates) => set?,
            _ = shutdown.wait() => {}
        }
        // Updates may not come for hours; asking Telegram now and then shows it is reachable (/readyz).
        let api = BotApi::new(&self.bot, Duration::from_secs(10));
        let mut check = tokio::time::interval(CHECK_EVERY);
        loop {
            tokio::select! {
                _ = shutdown.wait() => break,
                item = queued.recv() => match item {
                    Some(item) => shards.dispatch(item).await,
                    None => break,
                },
                _ = check.tick() => match api.call("getWebhookInfo", &serde_json::json!({})).await {
                    Sent::Ok => self.ctx.metrics.fetched(),
                    other => tracing::warn!(answer = other.label(), "getWebhookInfo failed"),
                },
            }
        }
        // Requests under way finish (their updates are stored and answered); what they queued runs
        // now, and anything stored but not dispatched runs at the next start.
        stop_server.fire();
        if let Err(e) = server.await {
            tracing::error!(error = %e, "webhook server task failed");
        }
        while let Ok(item) = queued.try_recv() {
            shards.dispatch(item).await;
        }
        Ok(())
    }
}

/// 32 random bytes as hex: within Telegram's 1–256 characters of `[A-Za-z0-9_-]`.
fn fresh_secret() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Tells Telegram where to send updates, retrying until it agrees; a refusal for good (a bad URL) is an
/// error that stops the start.
async fn set_webhook(bot: &Bot, url: &str, secret: &str, allowed: &[&str]) -> anyhow::Result<()> {
    let api = BotApi::new(bot, Duration::from_secs(30));
    let body = serde_json::json!({
        "url": url,
        "secret_token": secret,
        "allowed_updates": allowed,
        "drop_pending_updates": false,
    });
    let mut wait = Duration::from_millis(500);
    loop {
        match api.call("setWebhook", &body).await {
            Sent::Ok => {
                tracing::info!("webhook set");
                return Ok(());
            }
            Sent::Refused(e) | Sent::Undeliverable(e) => anyhow::bail!("Telegram refused the webhook: {e}"),
            Sent::TooManyRequests(after) => tokio::time::sleep(after).await,
            Sent::Transient(e) => {
                tracing::warn!(error = %e, retry_in = ?wait, "setWebhook failed");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(30));
            }
        }
    }
}

/// Equal secrets, compared in time that does not depend on where they differ.
fn same_secret(given: &[u8], secret: &[u8]) -> bool {
    given.len() == secret.len() && given.iter().zip(secret).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let given = headers.get(SECRET_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
    if !same_secret(given, r.secret.as_bytes()) {
        tracing::warn!(secret_present = !given.is_empty(), "webhook request with a wrong secret refused");
        return StatusCode::UNAUTHORIZED;
    }
    // Parsed once, into the update the router needs; the inbox seals the bytes as they came.
    let Some(incoming) = String::from_utf8(body.to_vec()).ok().and_then(Incoming::read) else {
        // Sending it again would not make it readable.
        tracing::warn!(bytes = body.len(), "webhook body is not an update (not JSON, or no update_id); dropped");
        return StatusCode::OK;
    };
    r.ctx.metrics.fetched();
    let update_id = incoming.update_id;
    let row = NewUpdate { update_id, chat_id: incoming.chat, payload: r.ctx.vault.seal(&incoming.text) };
    let position = r.position.lock().await;
    let now = chrono::Utc::now();
    let placement = sequence::place_pushed(position.as_ref(), update_id, now);
    if let Some(sequence::Start::Reset { last_update_id, .. }) = placement.started {
        tracing::warn!(bot_id = r.bot_id, run = placement.run, last_update_id, "Telegram's update ids started again");
    }
    // Telegram sends several requests at once: within a run they store side by side. Only the update
    // that starts a run keeps the others waiting until it is stored, so none is placed in the old run.
    let held = placement.started.is_some().then_some(position);
    match inbox::store_batch(&r.ctx.db, r.bot_id, placement.run, std::slice::from_ref(&row), &stamp(now)).await {
        Ok(fresh) => {
            let mut position = match held {
                Some(position) => position,
                None => r.position.lock().await,
            };
            let next = sequence::advance(position.as_ref(), placement, update_id, now);
            // A run another request started meanwhile stays.
            if position.as_ref().is_none_or(|p| p.run <= next.run) {
                *position = Some(next);
            }
            drop(position);
            if let Some(seq) = fresh.first().copied().flatten() {
                r.ctx.metrics.received(incoming.kind);
                // Stored: if the queue is gone (shutting down) it runs at the next start.
                let _ = r.queue.send((seq, incoming)).await;
            }
            // The 200 lets Telegram forget the update: not before the commit that stored it is on disk.
            wagedesk_store::durable::barrier(&r.ctx.db).sync_after_now().await;
            StatusCode::OK
        }
        Err(e) => {
            // Not stored: Telegram sends it again.
            tracing::error!(update_id, error = %e, "storing a webhook update failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn secrets_match_only_whole() {
        assert!(same_secret(b"abc123", b"abc123"));
        assert!(!same_secret(b"abc124", b"abc123"));
        assert!(!same_secret(b"abc12", b"abc123"));
        assert!(!same_secret(b"", b"abc123"));
    }

    #[test]
    fn a_fresh_secret_is_one_telegram_takes() {
        let s = fresh_secret();
        assert_eq!(s.len(), 64);
        assert!(s.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(s, fresh_secret());
    }

    #[test]
    fn the_webhook_url_is_https_or_loopback() {
        assert_eq!(path_of("https://bot.example.gov.cn/tg/hook").unwrap(), "/tg/hook");
        assert_eq!(path_of("http://127.0.0.1:8443/hook").unwrap(), "/hook");
        assert_eq!(path_of("https://bot.example.gov.cn").unwrap(), "/");
        assert!(path_of("http://bot.example.gov.cn/hook").is_err());
        assert!(path_of("not a url").is_err());
    }
}
