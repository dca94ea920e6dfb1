//! The delivery worker: sends outbox rows within Telegram's limits, each chat in order, the moment the
//! [`Budget`] allows, and otherwise sleeps until the earliest time a row can go, a send is answered or a
//! commit wakes it (no tick). Replies to a worker in a dialogue go before queued notifications.
//!
//! A 429 holds the chat it was for (everything, if Telegram refuses several chats in a row) for its
//! `retry_after` while other chats go on; a network error or a 5xx backs the row off exponentially with
//! jitter; a chat that cannot be reached ends its row as undeliverable and its case's office is told
//! once (the application's [`UnreachableChat`]). Rows are marked after the answer, so a crash in between sends a row at
//! most twice.

use std::collections::HashMap;
use std::sync::atomic::Ordering::SeqCst;
use std::time::{Duration, Instant};

use chrono::Utc;
use rand::Rng;
use serde_json::json;
use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, KeyboardMarkup, KeyboardRemove, ReplyMarkup,
};
use tokio::task::JoinSet;

use super::api::{BotApi, Sent, from_teloxide};
use super::budget::{Budget, Limits, Ticket, backoff};
use super::lanes::{LaneId, LaneOptions, Lanes, Next, Row, cost};
use crate::shutdown::Shutdown;
use crate::{StoredFiles, UnreachableChat};
use wagedesk_core::clock::stamp;
use wagedesk_core::intake::Keyboard;
use wagedesk_core::outgoing::{Outgoing, StaffOp};
use wagedesk_store::OwnConn;
use wagedesk_store::context::Ctx;
use wagedesk_store::outbox::{self, OutboxRow, UNDELIVERABLE};

/// Tunables of delivery.
#[derive(Debug, Clone)]
pub struct DeliveryOptions {
    /// Telegram's flood limits to stay within.
    pub limits: Limits,
    /// First wait after a network error or a 5xx; doubles with every attempt up to `backoff_max`.
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// How long a shutdown keeps sending before it leaves the rest for the next start.
    pub flush_on_shutdown: Duration,
    /// The longest one request may take before it counts as a network error.
    pub request_timeout: Duration,
    /// Sends of an office group's window that relays and evidence files leave to new cases, alerts
    /// and answers to staff.
    pub group_reserve: u32,
    /// A case's card is edited at most once in this long; pending edits wait and the newest wins.
    pub card_every: Duration,
    /// A relay or a receipt waits this long for the rest of a burst to go with it.
    pub gather: Duration,
}

impl Default for DeliveryOptions {
    fn default() -> Self {
        DeliveryOptions {
            limits: Limits::default(),
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(300),
            flush_on_shutdown: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            // A new case is a topic and a card; the rest is for alerts and answers to staff.
            group_reserve: 6,
            card_every: Duration::from_secs(60),
            // A photo is downloaded before it is relayed: its receipt and the text's before it meet.
            gather: Duration::from_secs(3),
        }
    }
}

/// Rows held in memory at most (a few hundred bytes each); the rest wait in the database, and
/// priorities apply among the rows held.
const MAX_HELD: usize = 50_000;

/// After the flush time, sends already under way get this long to be answered, so what Telegram
/// received is recorded rather than sent again after the next start.
const LANDING_GRACE: Duration = Duration::from_secs(1);

/// The outbox is read again at least this often, for rows committed without a wake-up.
const RESCAN_EVERY: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct Delivery {
    pub ctx: Ctx,
    /// For dispatch arms that send with teloxide's requests.
    pub bot: Bot,
    pub options: DeliveryOptions,
    /// What becomes of a row whose chat cannot be reached.
    pub unreachable: std::sync::Arc<dyn UnreachableChat>,
    /// Opens the evidence files only we hold, for `StaffOp::SendStored`.
    pub files: std::sync::Arc<dyn StoredFiles>,
    /// Whether this replica leads ([`wagedesk_store::leader::Leadership`]): of replicas sharing a
    /// PostgreSQL database only the leader delivers, so Telegram's overall limit, each group's and each
    /// chat's are kept by one budget and each chat's rows leave in order. [`always`](wagedesk_store::leader::always)
    /// for the one process on a SQLite file.
    pub leading: tokio::sync::watch::Receiver<bool>,
}

/// Why [`Delivery::serve`] returned.
enum Ended {
    Shutdown,
    /// Another replica leads now: it delivers, from what the database says.
    NotLeading,
}

/// A send Telegram did not take, as [`Delivery::record`] handles it (a send it took is marked in a batch).
#[derive(Debug, Clone, Copy)]
enum Failed<'a> {
    TooManyRequests(Duration),
    Transient(&'a str),
    Undeliverable(&'a str),
    Refused(&'a str),
}

impl Failed<'_> {
    fn of(sent: &Sent) -> Option<Failed<'_>> {
        Some(match sent {
            Sent::Ok => return None,
            Sent::TooManyRequests(wait) => Failed::TooManyRequests(*wait),
            Sent::Transient(error) => Failed::Transient(error),
            Sent::Undeliverable(error) => Failed::Undeliverable(error),
            Sent::Refused(error) => Failed::Refused(error),
        })
    }
}

/// A send that was answered.
struct Landed {
    row: Row,
    answered: Instant,
    sent: Sent,
}

/// Rows Telegram took, on their way to being marked sent. Their lanes move on as soon as a send is
/// answered: waiting for the mark's write (the write turn, behind every update's transaction) held up
/// the next message of every chat and the whole delivery loop with it. One write at a time carries
/// every row answered meanwhile; one that fails is tried again a second later, never by sending again.
#[derive(Default)]
struct Marks {
    /// Answered, not yet being marked.
    waiting: Vec<i64>,
    /// Being marked by the write under way.
    marking: Vec<i64>,
    running: JoinSet<anyhow::Result<()>>,
    /// After a failed write, the next waits until then.
    again_at: Option<Instant>,
}

impl Marks {
    fn is_empty(&self) -> bool {
        self.waiting.is_empty() && self.marking.is_empty()
    }

    /// Starts a write for the rows waiting, unless one is under way or a failed one asked for a pause.
    fn start(&mut self, delivery: &Delivery, now: Instant) {
        if !self.running.is_empty() || self.waiting.is_empty() || self.again_at.is_some_and(|at| now < at) {
            return;
        }
        self.again_at = None;
        self.marking = std::mem::take(&mut self.waiting);
        self.running.spawn(mark_sent(delivery.ctx.clone(), self.marking.clone()));
    }

    /// The write under way ended (a panicked write counts as failed).
    fn ended(&mut self, joined: Result<anyhow::Result<()>, tokio::task::JoinError>) {
        match joined.unwrap_or_else(|e| Err(anyhow::anyhow!("{e}"))) {
            Ok(()) => self.marking.clear(),
            Err(e) => {
                // The rows keep their stored state until a write succeeds (a crash meanwhile sends
                // them again after the next start: at most twice).
                tracing::error!(rows = self.marking.len(), error = %format!("{e:#}"), "recording deliveries failed");
                self.waiting.append(&mut self.marking);
                self.again_at = Some(Instant::now() + Duration::from_secs(1));
            }
        }
    }

    /// Waits for the write under way, then marks what is left (one attempt).
    async fn flush(&mut self, delivery: &Delivery) {
        while let Some(joined) = self.running.join_next().await {
            self.ended(joined);
        }
        self.waiting.append(&mut self.marking);
        if self.waiting.is_empty() {
            return;
        }
        let ids = std::mem::take(&mut self.waiting);
        if let Err(e) = mark_sent(delivery.ctx.clone(), ids.clone()).await {
            tracing::error!(rows = ids.len(), error = %format!("{e:#}"), "recording deliveries failed; they go again after the next start");
        }
    }
}

/// Marks rows sent, in one write.
async fn mark_sent(ctx: Ctx, ids: Vec<i64>) -> anyhow::Result<()> {
    let mut tx = wagedesk_store::begin_write(&ctx.db).await?;
    outbox::mark_sent(&mut tx, &ids, &stamp(Utc::now()));
    tx.commit().await?;
    Ok(())
}

impl Delivery {
    /// Sends until shutdown, then for at most `flush_on_shutdown` while anything can still go; while
    /// another replica leads, waits.
    pub async fn run(self, mut shutdown: Shutdown) {
        let api = BotApi::new(&self.bot, self.options.request_timeout);
        let mut leading = self.leading.clone();
        loop {
            while !*leading.borrow_and_update() {
                tokio::select! {
                    _ = shutdown.wait() => return,
                    _ = wagedesk_store::leader::changed(&mut leading) => {}
                }
            }
            tracing::info!("this replica delivers the outbox");
            match self.serve(&api, &mut leading, &mut shutdown).await {
                Ended::Shutdown => return,
                Ended::NotLeading => tracing::warn!("this replica no longer leads; it stops delivering"),
            }
        }
    }

    /// Delivers while this replica leads: everything is read afresh, and the budget remembers what went
    /// out in the last window (by whichever replica sent it).
    async fn serve(
        &self,
        api: &BotApi,
        leading: &mut tokio::sync::watch::Receiver<bool>,
        shutdown: &mut Shutdown,
    ) -> Ended {
        let mut lost_lead = false;
        let o = &self.options;
        let mut lanes = Lanes::new(LaneOptions { card_every: o.card_every, gather: o.gather });
        let mut budget = Budget::new(o.limits).with_group_reserve(o.group_reserve);
        self.remember_recent_sends(&mut budget).await;
        let mut flights: JoinSet<Landed> = JoinSet::new();
        let mut flying: HashMap<tokio::task::Id, (LaneId, Ticket)> = HashMap::new();
        let mut marks = Marks::default();
        let mut flush_until: Option<Instant> = None;
        let (mut reload, mut more_in_db) = (true, false);
        let mut reader = None;
        let barrier = wagedesk_store::durable::barrier(&self.ctx.db);
        let mut next_scan = Instant::now();
        let (mut read_at, mut rereading) = (self.ctx.outbox_reread.load(SeqCst), false);
        loop {
            let now = Instant::now();
            // An erasure changed rows held here: nothing new starts until the sends under way land,
            // then everything held is dropped and the outbox read afresh (erased rows are no longer
            // pending, and nothing erased goes out).
            let reread = self.ctx.outbox_reread.load(SeqCst);
            if reread != read_at {
                (read_at, rereading) = (reread, true);
            }
            marks.start(self, now);
            // Rows sent and not yet marked would read as pending: reread only once they are marked.
            if rereading && flights.is_empty() && marks.is_empty() {
                lanes = Lanes::new(LaneOptions { card_every: o.card_every, gather: o.gather });
                (reload, rereading) = (true, false);
                tracing::debug!("outbox read again after an erasure");
            }
            if reload || now >= next_scan {
                let held_before = lanes.last_id();
                more_in_db = self.load(&mut reader, &mut lanes).await;
                if lanes.last_id() != held_before {
                    // Rows just read leave only once their commits are on disk: a sync that started
                    // after the read covers every commit the read saw (synchronous=NORMAL syncs the
                    // WAL only at checkpoints). Rows held before were covered when they were read.
                    barrier.sync_after_now().await;
                }
                (reload, next_scan) = (false, now + RESCAN_EVERY);
                budget.forget_idle(now);
                lanes.forget_idle(now);
            }
            // Past the flush time nothing new starts; sends under way may still land.
            let past_deadline = flush_until.is_some_and(|d| now >= d);
            let (ready, wake) =
                if past_deadline || rereading { (Vec::new(), None) } else { lanes.pick(&mut budget, now) };
            for (row, ticket) in ready {
                let lane = row.lane();
                let task = flights.spawn(self.clone().fly(api.clone(), row));
                flying.insert(task.id(), (lane, ticket));
            }
            if let Some(deadline) = flush_until {
                let nothing_before_deadline = wake.is_none_or(|w| w >= deadline) && !more_in_db;
                if flights.is_empty() && (past_deadline || nothing_before_deadline) {
                    break;
                }
                if now >= deadline + LANDING_GRACE {
                    tracing::warn!(in_flight = flights.len(), "shutdown: sends still unanswered are abandoned");
                    break;
                }
            }
            let stop_at = flush_until.map(|d| if past_deadline { d + LANDING_GRACE } else { d });
            let until =
                [wake, Some(next_scan), stop_at, marks.again_at].into_iter().flatten().min().unwrap_or(next_scan);
            tokio::select! {
                _ = shutdown.wait(), if flush_until.is_none() => {
                    // The shards have drained: their last replies are committed, so read them too.
                    (flush_until, reload) = (Some(Instant::now() + self.options.flush_on_shutdown), true);
                }
                _ = wagedesk_store::leader::changed(leading), if flush_until.is_none() => {
                    // Nothing new starts; the sends under way land and are recorded.
                    if !*leading.borrow_and_update() {
                        (flush_until, lost_lead) = (Some(Instant::now()), true);
                    }
                }
                _ = self.ctx.outbox_wake.notified() => reload = true,
                Some(joined) = flights.join_next_with_id() => {
                    // Every send answered by now is recorded together: one write for all that went out.
                    let mut answers = vec![joined];
                    while let Some(joined) = flights.try_join_next_with_id() {
                        answers.push(joined);
                    }
                    let mut landed = Vec::with_capacity(answers.len());
                    for joined in answers {
                        let (id, l) = match joined {
                            Ok((id, l)) => (id, Some(l)),
                            Err(e) => (e.id(), None),
                        };
                        let Some((lane, ticket)) = flying.remove(&id) else { continue };
                        let answered = l.as_ref().map_or_else(Instant::now, |l| l.answered);
                        budget.settle(ticket, answered);
                        match l {
                            Some(l) => landed.push(l),
                            // A send that panicked: its row stays pending and is tried again.
                            None => lanes.landed(lane, Next::Retry { not_before: answered + Duration::from_secs(1) }),
                        }
                    }
                    self.record_all(landed, &mut lanes, &mut budget, &mut marks).await;
                    reload |= more_in_db && lanes.len() < MAX_HELD / 2;
                }
                Some(joined) = marks.running.join_next() => marks.ended(joined),
                _ = tokio::time::sleep_until(until.into()) => {}
            }
        }
        // Rows still in flight stay pending and go again after the next start; what Telegram took is
        // marked before this replica stops delivering, so neither the next start nor another leader
        // sends it again.
        flights.abort_all();
        marks.flush(self).await;
        if lost_lead {
            return Ended::NotLeading;
        }
        if !lanes.is_empty() {
            tracing::warn!(rows = lanes.len(), "shutdown: rows left for the next start");
        }
        Ended::Shutdown
    }

    /// Writes what became of answered sends and moves their lanes on. The rows Telegram took, with the
    /// rows each send carried, move their lanes on at once and are marked together in the background
    /// ([`Marks`]; a crash before that sends them again: at most twice); the rest (rare) one send at a
    /// time, before their lanes move.
    async fn record_all(&self, landed: Vec<Landed>, lanes: &mut Lanes, budget: &mut Budget, marks: &mut Marks) {
        for l in &landed {
            let method = l.row.outgoing.as_ref().map_or("unreadable", method_of);
            self.ctx.metrics.sent(method, l.sent.label());
            if let Sent::TooManyRequests(wait) = &l.sent {
                self.ctx.metrics.retry_after(wait.as_secs());
            }
        }
        let mut other = Vec::new();
        for l in landed {
            if Failed::of(&l.sent).is_some() {
                other.push(l);
                continue;
            }
            budget.succeeded();
            marks.waiting.extend(l.row.ids());
            lanes.landed(l.row.lane(), Next::Done);
        }
        for l in &other {
            let Some(failed) = Failed::of(&l.sent) else { continue };
            let next = self.record(&l.row, &failed).await;
            if let Failed::TooManyRequests(wait) = failed {
                budget.refused(l.row.chat_id, wait, l.answered);
            }
            lanes.landed(l.row.lane(), next);
        }
    }

    /// Telegram still counts what the previous process sent within the last window; so does the budget.
    async fn remember_recent_sends(&self, budget: &mut Budget) {
        let memory = chrono::Duration::from_std(budget.memory()).unwrap_or_default();
        let (now, wall) = (Instant::now(), Utc::now());
        let sent = match outbox::sent_since(&self.ctx.db, &self.ctx.vault, &stamp(wall - memory)).await {
            Ok(sent) => sent,
            Err(e) => {
                tracing::error!(error = %e, "reading recent sends failed");
                return;
            }
        };
        for (chat_id, payload, sent_at) in sent {
            let Ok(outgoing) = serde_json::from_str::<Outgoing>(&payload) else { continue };
            let Ok(at) = chrono::DateTime::parse_from_rfc3339(&sent_at) else { continue };
            let ago = (wall - at.with_timezone(&Utc)).to_std().unwrap_or_default();
            budget.seed(chat_id, cost(&outgoing), now.checked_sub(ago).unwrap_or(now));
        }
        // A row still pending may have been in flight when the previous sender died: Telegram counted
        // it, the database does not say so.
        match outbox::pending_chats(&self.ctx.db).await {
            Ok(chats) => chats.into_iter().for_each(|chat| budget.hold_chat(chat, now)),
            Err(e) => tracing::error!(error = %e, "reading the chats with pending rows failed"),
        }
    }

    /// Reads rows committed since the last read; says whether more wait beyond what is held.
    ///
    /// The reads go through a connection of the worker's own: it is read after nearly every commit,
    /// and a pooled connection costs a round trip to its thread on every release.
    async fn load(&self, reader: &mut Option<OwnConn>, lanes: &mut Lanes) -> bool {
        let room = MAX_HELD.saturating_sub(lanes.len());
        if room == 0 {
            return true;
        }
        if reader.is_none() {
            match self.ctx.db.acquire().await {
                Ok(conn) => *reader = Some(conn.detach()),
                Err(e) => {
                    tracing::error!(error = %e, "no connection to read the outbox");
                    return false;
                }
            }
        }
        let Some(conn) = reader.as_mut() else { return false };
        match outbox::pending_after(
            conn.conn(),
            &self.ctx.vault,
            lanes.last_id(),
            i64::try_from(room).unwrap_or(i64::MAX),
        )
        .await
        {
            Ok(rows) => {
                let more = rows.len() == room;
                tracing::debug!(rows = rows.len(), after = lanes.last_id(), held = lanes.len(), "outbox read");
                let now = Instant::now();
                for row in rows {
                    lanes.add(held(row), now);
                }
                more
            }
            Err(e) => {
                tracing::error!(error = %e, "reading the outbox failed");
                *reader = None;
                false
            }
        }
    }

    /// Sends one row.
    async fn fly(self, api: BotApi, row: Row) -> Landed {
        let sent = match &row.outgoing {
            Ok(outgoing) => self.send(&api, outgoing).await,
            Err(e) => Sent::Refused(format!("unreadable outbox row: {e}")),
        };
        Landed { row, answered: Instant::now(), sent }
    }

    /// Sends one outgoing row: one arm per kind of row.
    async fn send(&self, api: &BotApi, outgoing: &Outgoing) -> Sent {
        match outgoing {
            Outgoing::Receipt { chat_id, text } => {
                api.call("sendMessage", &json!({ "chat_id": chat_id, "text": text })).await
            }
            Outgoing::Send { chat_id, text, keyboard } => {
                let mut body = json!({ "chat_id": chat_id, "text": text });
                if let Some(markup) = reply_markup(keyboard) {
                    match serde_json::to_value(markup) {
                        Ok(markup) => body["reply_markup"] = markup,
                        Err(e) => return Sent::Refused(format!("keyboard does not serialize: {e}")),
                    }
                }
                api.call("sendMessage", &body).await
            }
            Outgoing::CloseKeyboard { chat_id, message_id, text: Some(text) } => {
                let body = json!({ "chat_id": chat_id, "message_id": message_id, "text": text });
                api.call("editMessageText", &body).await
            }
            Outgoing::CloseKeyboard { chat_id, message_id, text: None } => {
                api.call("editMessageReplyMarkup", &json!({ "chat_id": chat_id, "message_id": message_id })).await
            }
            Outgoing::AnswerCallback { callback_id, text, alert } => {
                let mut body = json!({ "callback_query_id": callback_id });
                if let Some(text) = text {
                    body["text"] = json!(text);
                }
                if *alert {
                    body["show_alert"] = json!(true);
                }
                api.call("answerCallbackQuery", &body).await
            }
            Outgoing::Staff { chat_id, op: op @ StaffOp::SendStored { evidence_id, .. } } => {
                match self.files.open(*evidence_id).await {
                    Ok(Some((bytes, name))) => {
                        let file = teloxide::types::InputFile::memory(bytes).file_name(name);
                        let (bot, db) = (&self.bot, &self.ctx.db);
                        let send = || super::group_send::send_stored(bot, db, *chat_id, op, file.clone());
                        from_teloxide(super::topics::send_into_live_topic(bot, &self.ctx, *chat_id, op, send).await)
                    }
                    // Erased before it went: nothing to show, and it cannot come back.
                    Ok(None) => Sent::Refused("the evidence file is gone".into()),
                    Err(e) => Sent::Transient(format!("reading the evidence file: {e:#}")),
                }
            }
            Outgoing::Staff { chat_id, op } => {
                let (bot, db) = (&self.bot, &self.ctx.db);
                let send = || super::group_send::send(bot, db, *chat_id, op);
                from_teloxide(super::topics::send_into_live_topic(bot, &self.ctx, *chat_id, op, send).await)
            }
            Outgoing::Photo { .. } | Outgoing::Document { .. } => {
                from_teloxide(super::upload::send(&self.bot, outgoing).await)
            }
        }
    }

    /// Writes what became of a row Telegram did not take; says what its lane does next.
    async fn record(&self, row: &Row, failed: &Failed<'_>) -> Next {
        let result: anyhow::Result<Next> = match *failed {
            Failed::TooManyRequests(wait) => self.postpone(row, wait, "429 Too Many Requests").await,
            Failed::Transient(error) => {
                let jitter = rand::rng().random::<f64>();
                let o = &self.options;
                self.postpone(row, backoff(row.attempts, o.backoff_base, o.backoff_max, jitter), error).await
            }
            Failed::Undeliverable(error) => {
                tracing::warn!(outbox_id = row.id, chat = row.chat_id, %error, "chat unreachable; row given up");
                match self.unreachable.give_up(row.id, row.chat_id, error).await {
                    Ok(_) => {
                        self.mark_failed(&row.carries, &format!("{UNDELIVERABLE}{error}")).await.map(|()| Next::Done)
                    }
                    Err(e) => Err(e),
                }
            }
            Failed::Refused(error) => {
                tracing::warn!(outbox_id = row.id, chat = row.chat_id, %error, "row refused; given up");
                self.mark_failed(&row.ids(), error).await.map(|()| Next::Done)
            }
        };
        result.unwrap_or_else(|e| {
            // The row keeps its stored state; trying again is safe (at worst it is sent twice).
            tracing::error!(outbox_id = row.id, error = %format!("{e:#}"), "recording a delivery failed");
            Next::Retry { not_before: Instant::now() + Duration::from_secs(1) }
        })
    }

    /// Ends rows for good, together.
    async fn mark_failed(&self, ids: &[i64], error: &str) -> anyhow::Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut tx = wagedesk_store::begin_write(&self.ctx.db).await?;
        for id in ids {
            outbox::mark_failed(&mut tx, *id, error).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn postpone(&self, row: &Row, wait: Duration, error: &str) -> anyhow::Result<Next> {
        let at = Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default();
        tracing::info!(outbox_id = row.id, chat = row.chat_id, %error, ?wait, "delivery postponed");
        let mut tx = wagedesk_store::begin_write(&self.ctx.db).await?;
        let still_pending = outbox::retry_at(&mut tx, row.id, &stamp(at), error).await?;
        tx.commit().await?;
        if !still_pending {
            // Moved on meanwhile (a group's rows went to its supergroup): sending it again would
            // only be refused again.
            return Ok(Next::Done);
        }
        Ok(Next::Retry { not_before: Instant::now() + wait })
    }
}

/// A stored row as the worker holds it: its payload read, its next attempt as an instant.
fn held(row: OutboxRow) -> Row {
    let outgoing = row.payload.and_then(|p| serde_json::from_str::<Outgoing>(&p).map_err(|e| e.to_string()));
    let wait = chrono::DateTime::parse_from_rfc3339(&row.next_attempt_at)
        .ok()
        .and_then(|t| (t.with_timezone(&Utc) - Utc::now()).to_std().ok())
        .unwrap_or(Duration::ZERO);
    let attempts = u32::try_from(row.attempts).unwrap_or(u32::MAX);
    Row::new(row.id, row.chat_id, row.priority, outgoing, attempts, Instant::now() + wait)
}

/// The Bot API method a row is sent with, for `/metrics`.
pub fn method_of(o: &Outgoing) -> &'static str {
    match o {
        Outgoing::Send { .. } | Outgoing::Receipt { .. } => "sendMessage",
        Outgoing::CloseKeyboard { text: Some(_), .. } => "editMessageText",
        Outgoing::CloseKeyboard { text: None, .. } => "editMessageReplyMarkup",
        Outgoing::AnswerCallback { .. } => "answerCallbackQuery",
        Outgoing::Photo { .. } => "sendPhoto",
        Outgoing::Document { .. } => "sendDocument",
        Outgoing::Staff { op, .. } => match op {
            StaffOp::CreateTopic { .. } => "createForumTopic",
            StaffOp::Post { .. } | StaffOp::Reply { .. } | StaffOp::Relay { .. } => "sendMessage",
            StaffOp::EditCard { .. } => "editMessageText",
            StaffOp::Copy { .. } => "copyMessage",
            StaffOp::SendFile { kind, .. } | StaffOp::SendStored { kind, .. } => match kind.as_str() {
                "photo" => "sendPhoto",
                "audio" => "sendAudio",
                "voice" => "sendVoice",
                "video" => "sendVideo",
                _ => "sendDocument",
            },
            StaffOp::React { .. } => "setMessageReaction",
            StaffOp::Leave => "leaveChat",
        },
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
