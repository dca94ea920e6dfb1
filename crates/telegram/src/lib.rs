//! wagedesk's Telegram transport: what moves updates in and messages out, and nothing about what they
//! mean. Our long-polling loop ([`poller`]) seals each update into the store's inbox before Telegram
//! is told it arrived, following resets of Telegram's update ids ([`sequence`]); [`shards`] hand them to the application's [`UpdateHandler`] in per-chat order,
//! with a [`flood`] limit per chat; the [`delivery`] worker drains the outbox within Telegram's
//! limits ([`budget`], [`lanes`]), posts in office groups ([`group_send`]) and uploads files
//! ([`upload`]); [`shutdown`] is the one stop signal every loop obeys. In webhook mode ([`webhook`])
//! Telegram posts the updates to us instead, into the same inbox and shards.
//!
//! teloxide is used for its types and typed requests only: its `Dispatcher` confirms updates before
//! handlers finish and its Ctrl-C handling can miss a signal while busy, and both must be exact here.

pub mod api;
pub mod budget;
pub mod delivery;
pub mod flood;
pub mod group_send;
pub mod incoming;
pub mod lanes;
pub mod poller;
pub mod sequence;
pub mod shards;
pub mod shutdown;
pub mod topics;
pub mod upload;
pub mod webhook;

use std::future::Future;

use futures_util::future::BoxFuture;

/// What the application does with a stored update; the shards call it, one update of a chat at a time.
pub trait UpdateHandler: Clone + Send + Sync + 'static {
    /// Handles the update stored as inbox row `seq` end to end. `Ok` means it is marked processed
    /// (handled or deliberately ignored); an error is retried a few times, then [`UpdateHandler::give_up`].
    fn process(&self, seq: i64, update: incoming::Parsed) -> impl Future<Output = anyhow::Result<()>> + Send;
    /// A flooding chat's update is kept aside unhandled; `warn` asks for the chat to be told once.
    fn set_aside(&self, seq: i64, chat: i64, warn: bool) -> impl Future<Output = anyhow::Result<()>> + Send;
    /// The update failed every attempt: record it, and apologise to the chat.
    fn give_up(&self, seq: i64, chat: i64, error: &anyhow::Error) -> impl Future<Output = anyhow::Result<()>> + Send;
}

/// Evidence files only we hold (web uploads), opened when a row uploads one: the application keeps
/// them encrypted and knows how to read them.
pub trait StoredFiles: Send + Sync {
    /// Evidence row `evidence_id`'s plaintext and a file name for it; `None` when it is gone (erased).
    fn open(&self, evidence_id: i64) -> BoxFuture<'_, anyhow::Result<Option<OpenedFile>>>;
}

/// A stored file's plaintext and the name it is uploaded under.
pub type OpenedFile = (Vec<u8>, String);

/// What the application does when Telegram refuses a row for good because its chat cannot be reached
/// (the bot was blocked, the account deleted): ends the row and tells whoever must know.
pub trait UnreachableChat: Send + Sync {
    /// Ends outbox row `row_id` as undeliverable; returns how many offices were told.
    fn give_up<'a>(&'a self, row_id: i64, chat_id: i64, error: &'a str) -> BoxFuture<'a, anyhow::Result<usize>>;
}
