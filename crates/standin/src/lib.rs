//! A local stand-in for the Telegram Bot API: an HTTP server on 127.0.0.1 that answers the bot
//! like Telegram would, checks every request against the vendored spec, and lets tests and the
//! demo play the users.
//!
//! Layout:
//! - `server` receives requests (JSON, form, query, multipart) and runs them through the
//!   `validate`/`limits` checks, `fault` injection and the method handlers: `methods` (identity,
//!   commands, callbacks), `messages` (send, edit, delete), `copies` (copy, forward), `media`
//!   (uploads, files), `chats` (chat info, members, forum topics) and `polling` (`getUpdates`).
//!   `body` decodes request bodies.
//! - `state` is the world behind one mutex; `model` the public vocabulary of it.
//! - `world_setup` creates users and chats; `world` and `world_media` queue what simulated users
//!   do; `observe` reports and awaits what the bot did.

mod body;
mod chats;
mod copies;
mod fault;
mod limits;
mod media;
mod messages;
mod methods;
mod model;
mod observe;
mod polling;
mod reply;
mod server;
mod spec;
mod state;
mod tap;
mod validate;
mod webhook;
mod world;
mod world_groups;
mod world_media;
mod world_setup;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use anyhow::Context as _;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

pub use self::fault::{FaultKind, FaultRule, RateWindows};
pub use self::model::{
    CallOutcome, ChatKind, FakeChat, FakeUser, GroupKind, MemberStatus, RecordedCall, SentMedia, SentMessage, Target,
    Violation,
};
pub use self::tap::TappedCall;

pub use self::webhook::WebhookDelivery;

use self::state::World;

/// How to start a [`StandIn`]: the bot's token and identity, and whether to enforce flood limits.
#[derive(Debug, Clone)]
pub struct StandInOptions {
    pub bot_id: i64,
    pub bot_username: String,
    pub bot_first_name: String,
    /// `None`: derived from `bot_id`, shaped like a real token.
    pub token: Option<String>,
    /// Answer 429 past 1 msg/s per private chat, 20/min per group, 30/s overall.
    pub rate_limits: bool,
    /// When requests are checked against the spec.
    pub validation: Validation,
    /// Keep each call's result in the recording (tests read what the bot was answered). A benchmark
    /// that needs only the requests checked drops them: an echo run's 200,000 results, each a copy
    /// of a message the world holds anyway, were half of the gigabyte the load side paged in.
    pub keep_results: bool,
}

/// When the stand-in checks a request against the Bot API spec.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Validation {
    /// As it arrives: a request that breaks the spec is answered 400, as Telegram would.
    #[default]
    OnArrival,
    /// From the recording, when [`StandIn::violations`] is asked: every request is answered as if it
    /// were valid, and the checks cost the load side nothing while a benchmark measures. Every call
    /// is still checked, none sampled away.
    FromRecording,
}

impl Default for StandInOptions {
    fn default() -> Self {
        Self {
            bot_id: 7_000_000_001,
            bot_username: "wagedesk_bot".into(),
            bot_first_name: "WageDesk".into(),
            token: None,
            rate_limits: false,
            validation: Validation::OnArrival,
            keep_results: true,
        }
    }
}

/// A running stand-in. Clones share the same server and world.
#[derive(Clone)]
pub struct StandIn {
    shared: Arc<Shared>,
}

struct Shared {
    world: Mutex<World>,
    /// Woken whenever the bot did something (a call, a message, an edit).
    changed: Notify,
    /// Woken when an update is queued, and when a poll is superseded or the server stops.
    updates_arrived: Notify,
    token: String,
    addr: SocketAddr,
    stop: Notify,
    server: Mutex<Option<JoinHandle<()>>>,
    /// Where finished calls are streamed, once someone asked (see `tap`).
    tap: Mutex<Option<tokio::sync::mpsc::UnboundedSender<TappedCall>>>,
}

impl StandIn {
    /// Binds 127.0.0.1 on a port the OS picks and starts serving.
    pub async fn start(options: StandInOptions) -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .context("binding the Telegram stand-in to 127.0.0.1")?;
        let addr = listener.local_addr().context("reading the stand-in's address")?;
        let token = options
            .token
            .clone()
            .unwrap_or_else(|| format!("{}:AAStandInTokenForLocalUseOnly_0000000", options.bot_id));
        let bot = FakeUser {
            id: options.bot_id,
            first_name: options.bot_first_name,
            username: Some(options.bot_username),
            language_code: None,
        };
        let mut world = World::new(bot);
        world.rate.enabled = options.rate_limits;
        world.validation = options.validation;
        world.keep_results = options.keep_results;
        let standin = Self {
            shared: Arc::new(Shared {
                world: Mutex::new(world),
                changed: Notify::new(),
                updates_arrived: Notify::new(),
                token,
                addr,
                stop: Notify::new(),
                server: Mutex::new(None),
                tap: Mutex::new(None),
            }),
        };
        let router = server::router(standin.clone());
        let stopper = standin.clone();
        let task = tokio::spawn(async move {
            let stopped = async move { stopper.shared.stop.notified().await };
            if let Err(error) = axum::serve(listener, router).with_graceful_shutdown(stopped).await {
                tracing::error!(%error, "the Telegram stand-in stopped serving");
            }
        });
        *lock(&standin.shared.server) = Some(task);
        tokio::spawn(standin.clone().deliver_webhooks());
        tracing::debug!(%addr, "Telegram stand-in listening");
        Ok(standin)
    }

    /// What to pass to `teloxide::Bot::set_api_url`: `http://127.0.0.1:PORT/`.
    pub fn api_url(&self) -> reqwest::Url {
        let url = format!("http://{}/", self.shared.addr);
        reqwest::Url::parse(&url).unwrap_or_else(|_| unreachable!("a socket address is a valid host"))
    }

    pub fn token(&self) -> &str {
        &self.shared.token
    }

    /// The bot's own user (what `getMe` returns).
    pub fn bot_user(&self) -> FakeUser {
        self.world().bot.clone()
    }

    /// A `teloxide::Bot` for this stand-in.
    pub fn bot(&self) -> teloxide::Bot {
        teloxide::Bot::new(self.token()).set_api_url(self.api_url())
    }

    /// Stops serving: pending long polls return, in-flight requests finish.
    pub async fn shutdown(&self) {
        self.world().shutting_down = true;
        self.shared.updates_arrived.notify_waiters();
        self.shared.stop.notify_one();
        let task = lock(&self.shared.server).take();
        if let Some(task) = task
            && let Err(error) = task.await
        {
            tracing::error!(%error, "the Telegram stand-in's server task failed");
        }
    }

    fn world(&self) -> MutexGuard<'_, World> {
        lock(&self.shared.world)
    }
}

/// Locks, ignoring poisoning: a panicking test thread must not take the stand-in down with it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
