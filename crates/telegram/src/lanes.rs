//! The delivery worker's view of the outbox: one lane per chat holding its pending rows in id order, of
//! which only the head may be sent and only when nothing of that chat is in flight (per-chat order).
//! Heads are picked by priority, then age, while the [`Budget`] allows. Pure; the worker feeds it rows
//! and answers.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::time::Instant;

use super::budget::{Budget, Cost, Ready, Ticket};
use wagedesk_core::outgoing::{Outgoing, StaffOp};
use wagedesk_store::outbox::Priority;

/// A pending row as the worker holds it.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: i64,
    pub chat_id: i64,
    pub priority: Priority,
    /// The stored payload, or why it does not read.
    pub outgoing: Result<Outgoing, String>,
    pub attempts: u32,
    pub not_before: Instant,
}

impl Row {
    pub fn cost(&self) -> Cost {
        match &self.outgoing {
            Ok(o) => cost(o),
            Err(_) => Cost::Free,
        }
    }
}

/// What a row costs against Telegram's limits.
pub fn cost(o: &Outgoing) -> Cost {
    match o {
        Outgoing::AnswerCallback { .. } | Outgoing::Staff { op: StaffOp::React { .. } | StaffOp::Leave, .. } => {
            Cost::Free
        }
        Outgoing::CloseKeyboard { .. } | Outgoing::Staff { op: StaffOp::EditCard { .. }, .. } => Cost::Overall,
        // Everything else posts a message into the chat.
        _ => Cost::ChatAndOverall,
    }
}

/// What became of a lane's head once its answer was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Sent, or given up for good: the next row of the chat is the head now.
    Done,
    /// Still pending; try again at `not_before`.
    Retry { not_before: Instant },
}

#[derive(Debug, Default)]
struct Lane {
    rows: VecDeque<Row>,
    in_flight: bool,
}

/// Key in the pick order: lower priority value first, then the older head.
type Key = (Priority, i64, i64);

#[derive(Debug, Default)]
pub struct Lanes {
    lanes: HashMap<i64, Lane>,
    /// Heads of lanes with nothing in flight: button answers (free) apart, so they are never stuck
    /// behind an exhausted overall budget.
    free: BTreeSet<Key>,
    paid: BTreeSet<Key>,
    rows: usize,
    last_id: i64,
}

impl Lanes {
    /// Rows must arrive in id order (the loader reads on from [`Lanes::last_id`]).
    pub fn add(&mut self, row: Row) {
        self.last_id = self.last_id.max(row.id);
        self.rows += 1;
        let chat = row.chat_id;
        let lane = self.lanes.entry(chat).or_default();
        let was_empty = lane.rows.is_empty();
        lane.rows.push_back(row);
        if was_empty && !lane.in_flight {
            self.index(chat);
        }
    }

    pub fn last_id(&self) -> i64 {
        self.last_id
    }

    /// Rows held, in flight included.
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    fn key(lane: &Lane) -> Option<(Key, bool)> {
        let head = lane.rows.front()?;
        Some(((head.priority, head.id, head.chat_id), head.cost() == Cost::Free))
    }

    fn index(&mut self, chat: i64) {
        if let Some((key, free)) = self.lanes.get(&chat).and_then(Self::key) {
            if free {
                self.free.insert(key)
            } else {
                self.paid.insert(key)
            };
        }
    }

    fn unindex(&mut self, chat: i64) {
        if let Some((key, free)) = self.lanes.get(&chat).and_then(Self::key) {
            if free {
                self.free.remove(&key)
            } else {
                self.paid.remove(&key)
            };
        }
    }

    /// Takes every head that may go now, reserving its budget, best first. Also says when to look
    /// again if nothing else happens (`None`: only an answer or a new row can change anything).
    pub fn pick(&mut self, budget: &mut Budget, now: Instant) -> (Vec<(Row, Ticket)>, Option<Instant>) {
        let mut chosen = Vec::new();
        let mut wake: Option<Instant> = None;
        let mut wake_at = |t: Option<Instant>| {
            if let Some(t) = t {
                wake = Some(wake.map_or(t, |w| w.min(t)));
            }
        };
        for &(_, _, chat) in self.free.iter().chain(self.paid.iter()) {
            let Some(head) = self.lanes.get(&chat).and_then(|l| l.rows.front()) else { continue };
            match consider(head, budget, now) {
                Verdict::Go(ticket) => chosen.push((chat, ticket)),
                Verdict::Wait(t) => wake_at(t),
                // Free heads come first, so only paid ones are left, and none can go before this.
                Verdict::OverallShort(t) => {
                    wake_at(t);
                    break;
                }
            }
        }
        let rows = chosen.into_iter().filter_map(|(chat, ticket)| Some((self.launch(chat)?, ticket))).collect();
        (rows, wake)
    }

    /// Marks a lane in flight and hands out a copy of its head.
    fn launch(&mut self, chat: i64) -> Option<Row> {
        self.unindex(chat);
        let lane = self.lanes.get_mut(&chat)?;
        lane.in_flight = true;
        lane.rows.front().cloned()
    }

    /// The answer for `chat`'s head was recorded.
    pub fn landed(&mut self, chat: i64, next: Next) {
        let Some(lane) = self.lanes.get_mut(&chat) else { return };
        lane.in_flight = false;
        match next {
            Next::Done => {
                if lane.rows.pop_front().is_some() {
                    self.rows -= 1;
                }
            }
            Next::Retry { not_before } => {
                if let Some(head) = lane.rows.front_mut() {
                    head.attempts = head.attempts.saturating_add(1);
                    head.not_before = not_before;
                }
            }
        }
        if lane.rows.is_empty() {
            self.lanes.remove(&chat);
        } else {
            self.index(chat);
        }
    }
}

enum Verdict {
    Go(Ticket),
    /// This chat must wait (until then, if known).
    Wait(Option<Instant>),
    /// The overall budget is spent (until then, if known).
    OverallShort(Option<Instant>),
}

fn consider(head: &Row, budget: &mut Budget, now: Instant) -> Verdict {
    if head.not_before > now {
        return Verdict::Wait(Some(head.not_before));
    }
    let cost = head.cost();
    match budget.chat_ready(head.chat_id, cost, now) {
        Ready::Now => {}
        Ready::At(t) => return Verdict::Wait(Some(t)),
        Ready::AfterInFlight => return Verdict::Wait(None),
    }
    match budget.overall_ready(cost, now) {
        Ready::Now => Verdict::Go(budget.reserve(head.chat_id, cost)),
        Ready::At(t) => Verdict::OverallShort(Some(t)),
        Ready::AfterInFlight => Verdict::OverallShort(None),
    }
}

#[cfg(test)]
#[path = "lanes_tests.rs"]
mod tests;
