//! Runs handlers concurrently across chats while keeping each chat's updates in order: a chat always
//! maps to the same shard, and a shard handles one update at a time.

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::flood::{Limiter, Verdict};
use super::incoming::{self, Incoming};
use super::poller::Queued;
use crate::UpdateHandler;
use wagedesk_store::metrics::Metrics;

/// How often a failing update is retried before the worker gets an apology.
const ATTEMPTS: u32 = 3;

/// Boxed in the queue: a parsed update is about 2 KB and a channel allocates its slots 32 at a time,
/// so 64 idle shards held 4 MB of empty slots (massif, BENCHMARKS.md).
type Slot = (i64, Box<Incoming>);

pub struct Shards {
    senders: Vec<mpsc::Sender<Slot>>,
    tasks: JoinSet<()>,
}

impl Shards {
    /// Starts `count` shards; each update's kind, outcome and time are counted in `metrics`.
    pub fn start<H: UpdateHandler>(handler: H, count: usize, metrics: Metrics) -> Shards {
        let mut senders = Vec::new();
        let mut tasks = JoinSet::new();
        for _ in 0..count.max(1) {
            let (tx, mut rx) = mpsc::channel::<Slot>(256);
            senders.push(tx);
            let handler = handler.clone();
            let metrics = metrics.clone();
            tasks.spawn(async move {
                let mut limiter = Limiter::default();
                while let Some((seq, incoming)) = rx.recv().await {
                    let incoming = *incoming;
                    let (started, kind, chat) = (Instant::now(), incoming.kind, incoming.chat);
                    let outcome = match limiter.check(chat, started) {
                        Verdict::Handle => handle_with_retries(&handler, seq, incoming).await,
                        Verdict::Flood { warn } => {
                            set_aside(&handler, seq, chat, warn).await;
                            "set_aside"
                        }
                    };
                    metrics.handled(kind, outcome, started.elapsed().as_secs_f64());
                }
            });
        }
        Shards { senders, tasks }
    }

    pub async fn dispatch(&self, (seq, incoming): Queued) {
        let n = self.senders.len() as u64;
        let index = usize::try_from((incoming.chat as u64) % n).unwrap_or(0);
        if self.senders[index].send((seq, Box::new(incoming))).await.is_err() {
            tracing::error!("shard stopped; the update stays in the inbox for the next start");
        }
    }

    /// Stops taking work and waits for every queued update to finish.
    pub async fn drain(mut self) {
        self.senders.clear();
        while self.tasks.join_next().await.is_some() {}
    }
}

/// A flooding chat's update: marked in the inbox, not handled, its payload dropped; the chat is told
/// once per window.
async fn set_aside<H: UpdateHandler>(handler: &H, seq: i64, chat: i64, warn: bool) {
    if warn {
        tracing::warn!(chat, "chat is flooding; its updates are set aside for a while");
    }
    if let Err(e) = Box::pin(handler.set_aside(seq, chat, warn)).await {
        tracing::error!(seq, error = %format!("{e:#}"), "could not set a flooding update aside");
    }
}

/// Handles an update, retrying a failure; says `handled` or `failed` (given up).
async fn handle_with_retries<H: UpdateHandler>(handler: &H, seq: i64, incoming: Incoming) -> &'static str {
    let Incoming { chat, update, text, .. } = incoming;
    let mut parsed = Some(update);
    let mut last = None;
    for attempt in 1..=ATTEMPTS {
        // The first attempt takes the update parsed on arrival; a retry (rare) parses the bytes again.
        let update = parsed.take().unwrap_or_else(|| incoming::parse(&text));
        // A panic in a handler is a bug, but it must not take the shard (and every chat on it) down.
        // Boxed: the handler's future is ~27 KB, and inline it made every idle shard's task that big.
        let outcome = AssertUnwindSafe(Box::pin(handler.process(seq, update))).catch_unwind().await;
        let outcome = outcome.unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned());
            Err(anyhow::anyhow!("handler panicked: {}", what.unwrap_or_default()))
        });
        match outcome {
            Ok(()) => return "handled",
            Err(e) => {
                tracing::warn!(seq, attempt, error = %format!("{e:#}"), "handler attempt failed");
                last = Some(e);
                tokio::time::sleep(Duration::from_millis(50 * u64::from(attempt))).await;
            }
        }
    }
    if let Some(e) = last
        && let Err(e2) = Box::pin(handler.give_up(seq, chat, &e)).await
    {
        // The row stays unprocessed and is retried on the next start.
        tracing::error!(seq, error = %format!("{e2:#}"), "could not record the failure");
    }
    "failed"
}
