//! The delivery worker: sends outbox rows in order per chat, right away when woken, and retries what
//! Telegram refuses for now (429, network errors, 5xx) while giving up on what it refuses for good.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::Utc;
use futures_util::future::join_all;
use rand::Rng;
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{
    ChatId, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, KeyboardMarkup, KeyboardRemove, MessageId,
    ReplyMarkup,
};

use super::outgoing::Outgoing;
use super::poller::redact;
use crate::clock::stamp;
use crate::context::Ctx;
use crate::intake::Keyboard;
use crate::shutdown::Shutdown;
use crate::storage::outbox::{self, OutboxRow};

/// How long a shutdown waits for the outbox to empty.
const FLUSH_ON_SHUTDOWN: Duration = Duration::from_secs(5);

#[derive(Clone)]
pub struct Delivery {
    pub ctx: Ctx,
    pub bot: Bot,
}

/// What happened to one row.
enum Sent {
    Ok,
    RetryIn(Duration, String),
    Failed(String),
}

impl Delivery {
    /// Sends until shutdown, then flushes for a few seconds.
    pub async fn run(self, mut shutdown: Shutdown) {
        loop {
            let sent = self.deliver_due().await.unwrap_or_else(|e| {
                tracing::error!(error = %format!("{e:#}"), "outbox pass failed");
                0
            });
            if sent > 0 {
                continue;
            }
            let sleep = self.until_next_due().await;
            tokio::select! {
                _ = shutdown.wait() => break,
                _ = self.ctx.outbox_wake.notified() => {}
                _ = tokio::time::sleep(sleep) => {}
            }
        }
        let deadline = tokio::time::Instant::now() + FLUSH_ON_SHUTDOWN;
        while tokio::time::Instant::now() < deadline {
            match self.deliver_due().await {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "outbox flush failed");
                    break;
                }
            }
        }
    }

    /// One pass: sends every row that is due, chats in parallel, each chat in order. Returns how many
    /// rows were settled (sent or failed for good). Public so tests drain the outbox without sleeping.
    pub async fn deliver_due(&self) -> anyhow::Result<usize> {
        let rows = outbox::due(&self.ctx.db, &stamp(Utc::now()), 500).await?;
        let mut by_chat: BTreeMap<i64, Vec<OutboxRow>> = BTreeMap::new();
        for row in rows {
            by_chat.entry(row.chat_id).or_default().push(row);
        }
        let settled = join_all(by_chat.into_values().map(|rows| self.deliver_chat(rows))).await;
        Ok(settled.into_iter().sum())
    }

    async fn deliver_chat(&self, rows: Vec<OutboxRow>) -> usize {
        let mut settled = 0;
        for row in rows {
            let outcome = match serde_json::from_str::<Outgoing>(&row.payload) {
                Ok(outgoing) => self.send(&outgoing).await,
                Err(e) => Sent::Failed(format!("unreadable outbox row: {e}")),
            };
            let db = &self.ctx.db;
            let result = match outcome {
                Sent::Ok => outbox::mark_sent(db, row.id, &stamp(Utc::now())).await.map(|_| true),
                Sent::Failed(error) => {
                    tracing::warn!(outbox_id = row.id, chat = row.chat_id, %error, "message undeliverable");
                    outbox::mark_failed(db, row.id, &error).await.map(|_| true)
                }
                Sent::RetryIn(wait, error) => {
                    let at = Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default();
                    tracing::info!(outbox_id = row.id, chat = row.chat_id, %error, ?wait, "delivery postponed");
                    outbox::retry_at(db, row.id, &stamp(at), &error).await.map(|_| false)
                }
            };
            match result {
                Ok(true) => settled += 1,
                // The rest of this chat waits behind the postponed row.
                Ok(false) => break,
                Err(e) => {
                    tracing::error!(error = %e, "recording delivery failed");
                    break;
                }
            }
        }
        settled
    }

    async fn send(&self, outgoing: &Outgoing) -> Sent {
        let result = match outgoing {
            Outgoing::Send { chat_id, text, keyboard } => {
                let mut request = self.bot.send_message(ChatId(*chat_id), text.clone());
                if let Some(markup) = reply_markup(keyboard) {
                    request = request.reply_markup(markup);
                }
                request.await.map(|_| ())
            }
            Outgoing::CloseKeyboard { chat_id, message_id, text: Some(text) } => {
                self.bot.edit_message_text(ChatId(*chat_id), MessageId(*message_id), text.clone()).await.map(|_| ())
            }
            Outgoing::CloseKeyboard { chat_id, message_id, text: None } => {
                self.bot.edit_message_reply_markup(ChatId(*chat_id), MessageId(*message_id)).await.map(|_| ())
            }
            Outgoing::AnswerCallback { callback_id, text } => {
                let mut request = self.bot.answer_callback_query(teloxide::types::CallbackQueryId(callback_id.clone()));
                if let Some(text) = text {
                    request = request.text(text.clone());
                }
                request.await.map(|_| ())
            }
            Outgoing::Staff { chat_id, op } => super::group_send::send(&self.bot, &self.ctx.db, *chat_id, op).await,
            Outgoing::Photo { .. } | Outgoing::Document { .. } => super::upload::send(&self.bot, outgoing).await,
        };
        classify(result)
    }

    async fn until_next_due(&self) -> Duration {
        let next = outbox::next_due_at(&self.ctx.db).await.ok().flatten();
        let Some(next) = next.and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok()) else {
            return Duration::from_secs(60);
        };
        (next.with_timezone(&Utc) - Utc::now()).to_std().unwrap_or(Duration::ZERO).min(Duration::from_secs(60))
    }
}

fn classify(result: Result<(), RequestError>) -> Sent {
    match result {
        Ok(()) => Sent::Ok,
        Err(RequestError::RetryAfter(secs)) => Sent::RetryIn(secs.duration(), "429 retry_after".to_owned()),
        Err(RequestError::Api(ApiError::MessageNotModified)) => Sent::Ok,
        // An old callback cannot be answered any more; nothing to retry.
        Err(RequestError::Api(ApiError::InvalidQueryId)) => Sent::Ok,
        Err(RequestError::Api(e)) => Sent::Failed(e.to_string()),
        Err(e @ (RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. })) => {
            let jitter = rand::rng().random_range(0..500);
            Sent::RetryIn(Duration::from_millis(1000 + jitter), redact(&e.to_string()))
        }
        Err(e) => Sent::Failed(redact(&e.to_string())),
    }
}

pub(super) fn reply_markup(keyboard: &Keyboard) -> Option<ReplyMarkup> {
    match keyboard {
        Keyboard::None => None,
        Keyboard::Inline(rows) => {
            Some(ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new(rows.iter().map(|row| {
                row.iter().map(|b| InlineKeyboardButton::callback(b.label.clone(), b.data.clone())).collect::<Vec<_>>()
            }))))
        }
        Keyboard::RequestContact { label } => Some(ReplyMarkup::Keyboard(
            KeyboardMarkup::new(vec![vec![
                KeyboardButton::new(label.clone()).request(teloxide::types::ButtonRequest::Contact),
            ]])
            .resize_keyboard()
            .one_time_keyboard(),
        )),
        Keyboard::Remove => Some(ReplyMarkup::KeyboardRemove(KeyboardRemove::new())),
    }
}
