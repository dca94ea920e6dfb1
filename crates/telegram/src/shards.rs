//! Runs handlers concurrently across chats while keeping each chat's updates in order: a chat always
//! maps to the same shard, a shard handles one update at a time, and on PostgreSQL a replica holds the
//! chat while it does (replicas share the inbox).

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::flood::{Limiter, Verdict};
use super::incoming::{self, Incoming};
use super::poller::Queued;
use crate::UpdateHandler;
use crate::shutdown::AbortOnDrop;
use wagedesk_store::claims::ChatClaims;
use wagedesk_store::context::Ctx;
use wagedesk_store::inbox::{self, InboxRow};

/// How often a failing update is retried before the worker gets an apology.
const ATTEMPTS: u32 = 3;

/// Boxed in the queue: a parsed update is about 2 KB and a channel allocates its slots 32 at a time,
/// so 64 idle shards held 4 MB of empty slots (massif, BENCHMARKS.md).
type Slot = (i64, Box<Incoming>);

pub struct Shards {
    senders: Vec<mpsc::Sender<Slot>>,
    tasks: JoinSet<()>,
    /// The sweep for stranded updates (PostgreSQL only).
    sweep: Option<AbortOnDrop>,
}

impl Shards {
    /// Starts `count` shards; each update's kind, outcome and time are counted in the context's metrics.
    /// On PostgreSQL, where replicas share the inbox, each update is handled holding its chat
    /// ([`ChatClaims`]), and updates another replica stored and left unhandled are swept up.
    pub fn start<H: UpdateHandler>(handler: H, count: usize, ctx: &Ctx) -> Shards {
        let claims = ChatClaims::new(&ctx.db);
        let mut senders = Vec::new();
        let mut tasks = JoinSet::new();
        for _ in 0..count.max(1) {
            let (tx, mut rx) = mpsc::channel::<Slot>(256);
            senders.push(tx);
            let (handler, claims, ctx) = (handler.clone(), claims.clone(), ctx.clone());
            tasks.spawn(async move {
                let mut limiter = Limiter::default();
                while let Some((seq, incoming)) = rx.recv().await {
                    // SQLite: one process, and this shard is the chat's only task.
                    if !claims.shared() {
                        handle_one(&handler, &mut limiter, &ctx, seq, *incoming).await;
                        continue;
                    }
                    let chat = incoming.chat;
                    let mut held = match claims.hold(chat).await {
                        Ok(held) => held,
                        Err(e) => {
                            // Stored: the sweep (or the next start) brings it back.
                            tracing::error!(seq, chat, error = %e, "could not hold the chat; the update waits in the inbox");
                            continue;
                        }
                    };
                    let rows = match held.waiting(seq).await {
                        Ok(rows) => rows,
                        Err(e) => {
                            tracing::error!(seq, chat, error = %e, "reading the chat's waiting updates failed");
                            held.release().await;
                            continue;
                        }
                    };
                    if rows.last().is_none_or(|row| row.seq != seq) {
                        ctx.metrics.handled(incoming.kind, "handled_elsewhere", 0.0);
                    }
                    let mut own = Some(*incoming);
                    for row in rows {
                        let incoming = match own.take_if(|_| row.seq == seq) {
                            Some(incoming) => incoming,
                            None => stored(&ctx, &row),
                        };
                        handle_one(&handler, &mut limiter, &ctx, row.seq, incoming).await;
                    }
                    held.release().await;
                }
            });
        }
        let sweep = claims.shared().then(|| AbortOnDrop(tokio::spawn(sweep(ctx.clone(), senders.clone()))));
        Shards { senders, tasks, sweep }
    }

    pub async fn dispatch(&self, (seq, incoming): Queued) {
        if send_to_shard(&self.senders, seq, incoming).await.is_err() {
            tracing::error!("shard stopped; the update stays in the inbox for the next start");
        }
    }

    /// Stops taking work and waits for every queued update to finish.
    pub async fn drain(mut self) {
        self.sweep.take();
        self.senders.clear();
        while self.tasks.join_next().await.is_some() {}
    }
}

/// A chat always goes to the same shard.
async fn send_to_shard(senders: &[mpsc::Sender<Slot>], seq: i64, incoming: Incoming) -> Result<(), ()> {
    let n = senders.len() as u64;
    let index = usize::try_from((incoming.chat as u64) % n).unwrap_or(0);
    senders[index].send((seq, Box::new(incoming))).await.map_err(|_| ())
}

/// Handles one update within the chat's flood limit, and counts it.
async fn handle_one<H: UpdateHandler>(handler: &H, limiter: &mut Limiter, ctx: &Ctx, seq: i64, incoming: Incoming) {
    let (started, kind, chat) = (Instant::now(), incoming.kind, incoming.chat);
    let outcome = match limiter.check(chat, started) {
        Verdict::Handle => handle_with_retries(handler, seq, incoming).await,
        Verdict::Flood { warn } => {
            set_aside(handler, seq, chat, warn).await;
            "set_aside"
        }
    };
    ctx.metrics.handled(kind, outcome, started.elapsed().as_secs_f64());
}

/// An update another replica stored, read back from the inbox; one that does not open or read is
/// handed on as unparseable, so it is marked rather than blocking its chat.
fn stored(ctx: &Ctx, row: &InboxRow) -> Incoming {
    let opened = ctx.vault.open(&row.payload).map_err(|e| format!("stored update does not open: {e}"));
    match opened.and_then(|json| Incoming::read(json).ok_or_else(|| "stored update is not an update".to_owned())) {
        Ok(incoming) => incoming,
        Err(why) => {
            Incoming { update_id: 0, chat: row.chat_id, kind: "unreadable", update: Err(why), text: String::new() }
        }
    }
}

/// How long an update may wait unhandled before any replica takes it up: its own replica died (or
/// is far behind; the claim then makes the second one a no-op).
const STRANDED_AFTER: chrono::TimeDelta = chrono::TimeDelta::seconds(10);
const SWEEP_EVERY: Duration = Duration::from_secs(5);

/// Every few seconds, dispatches updates left unhandled for [`STRANDED_AFTER`]: stored by a replica
/// that was killed before it handled them. Each is swept once a minute at most.
async fn sweep(ctx: Ctx, senders: Vec<mpsc::Sender<Slot>>) {
    let mut swept: HashMap<i64, Instant> = HashMap::new();
    let mut every = tokio::time::interval(SWEEP_EVERY);
    loop {
        every.tick().await;
        let now = Instant::now();
        swept.retain(|_, at| now.duration_since(*at) < Duration::from_secs(60));
        let before = wagedesk_core::clock::stamp(chrono::Utc::now() - STRANDED_AFTER);
        let rows = match inbox::stranded(&ctx.db, &before, 500).await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!(error = %e, "looking for stranded updates failed");
                continue;
            }
        };
        for row in rows {
            let std::collections::hash_map::Entry::Vacant(first) = swept.entry(row.seq) else { continue };
            first.insert(now);
            tracing::info!(seq = row.seq, chat = row.chat_id, "an update left unhandled is taken up");
            if send_to_shard(&senders, row.seq, stored(&ctx, &row)).await.is_err() {
                return;
            }
        }
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
