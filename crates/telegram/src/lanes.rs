//! The delivery worker's view of the outbox: pending rows in lanes, each lane in id order, of which
//! only the head may be sent and only when nothing of that lane is in flight. Heads are picked by
//! priority, then age, while the [`Budget`] allows. Pure; the worker feeds it rows and answers.
//!
//! A lane is a chat's ([`Track::Chat`]: a worker's chat keeps its order), except in an office group,
//! where each case has its own ([`Track::Case`]: its topic and card before its posts, posts in order)
//! so one filer's burst holds up no other case, and its card edits another ([`Track::Card`]: the
//! newest pending edit wins, at most once per `card_every`, never before the card is posted). A
//! button's answer is a lane of its own ([`Track::Answer`]): it costs no budget and waits for nothing;
//! so is the closing of a pressed message's keyboard ([`Track::Edit`], one lane per message).
//!
//! In a group, relays and evidence files ("bulk") leave part of the group's budget to new cases,
//! alerts and answers to staff; consecutive relays of one case, and consecutive equal receipts to a
//! worker, go as one message after waiting `gather` for the rest of a burst.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::time::{Duration, Instant};

use super::budget::{Budget, Cost, Ready, Ticket};
use wagedesk_core::outgoing::{MAX_MESSAGE_CHARS, Outgoing, StaffOp, telegram_len};
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
    /// Rows after this one in its lane that this send also carries (batched or superseded): they are
    /// recorded with it.
    pub carries: Vec<i64>,
}

impl Row {
    pub fn new(
        id: i64,
        chat_id: i64,
        priority: Priority,
        outgoing: Result<Outgoing, String>,
        attempts: u32,
        not_before: Instant,
    ) -> Row {
        Row { id, chat_id, priority, outgoing, attempts, not_before, carries: Vec::new() }
    }

    pub fn cost(&self) -> Cost {
        match &self.outgoing {
            Ok(o) => cost(o),
            Err(_) => Cost::Free,
        }
    }

    /// Its lane.
    pub fn lane(&self) -> LaneId {
        (self.chat_id, track(self.id, self.chat_id, self.outgoing.as_ref().ok()))
    }

    /// Every row this send stands for: itself, then what it carries.
    pub fn ids(&self) -> Vec<i64> {
        std::iter::once(self.id).chain(self.carries.iter().copied()).collect()
    }

    fn op(&self) -> Option<&StaffOp> {
        match &self.outgoing {
            Ok(Outgoing::Staff { op, .. }) => Some(op),
            _ => None,
        }
    }

    /// Waits for the rest of a burst before it goes.
    fn gathers(&self) -> bool {
        matches!(self.outgoing, Ok(Outgoing::Receipt { .. })) || matches!(self.op(), Some(StaffOp::Relay { .. }))
    }

    /// Relays and evidence files in a group: they leave part of the group's budget to the rest.
    fn bulk(&self) -> bool {
        self.chat_id < 0
            && matches!(
                self.op(),
                Some(
                    StaffOp::Relay { .. }
                        | StaffOp::SendFile { .. }
                        | StaffOp::SendStored { .. }
                        | StaffOp::Copy { office: Some(_), .. }
                )
            )
    }

    /// Opens a case's place in a group: its card's edits wait for it.
    fn makes_card(&self) -> bool {
        matches!(self.op(), Some(StaffOp::CreateTopic { .. } | StaffOp::Post { card: true, .. }))
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

/// Which of a chat's lanes a row waits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Track {
    Chat,
    Case(i64),
    Card(i64),
    Answer(i64),
    /// Closing the keyboard of a pressed message: an edit of a message already there, so it need not
    /// wait for the chat's messages ahead of it, nor the reply behind it for the edit (a reply's next
    /// question then waits for no round trip); two closes of one message keep their order.
    Edit(i64),
}

/// A lane: its chat and track.
pub type LaneId = (i64, Track);

/// The track of row `id` for `chat_id`.
pub fn track(id: i64, chat_id: i64, outgoing: Option<&Outgoing>) -> Track {
    match outgoing {
        Some(Outgoing::AnswerCallback { .. }) => Track::Answer(id),
        Some(Outgoing::CloseKeyboard { message_id, .. }) => Track::Edit(i64::from(*message_id)),
        Some(Outgoing::Staff { op, .. }) if chat_id < 0 => match op {
            StaffOp::EditCard { complaint_id, .. } => Track::Card(*complaint_id),
            StaffOp::CreateTopic { complaint_id, .. }
            | StaffOp::Post { complaint_id, .. }
            | StaffOp::Relay { complaint_id, .. }
            | StaffOp::SendFile { complaint_id, .. }
            | StaffOp::SendStored { complaint_id, .. }
            | StaffOp::Copy { complaint_id, .. } => Track::Case(*complaint_id),
            StaffOp::Reply { .. } | StaffOp::React { .. } | StaffOp::Leave => Track::Chat,
        },
        _ => Track::Chat,
    }
}

/// How lanes batch and space their rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LaneOptions {
    /// A case's card is edited at most once in this long (pending edits wait and the newest wins).
    pub card_every: Duration,
    /// A relay or a receipt waits this long after it was read, for the rest of the burst to join it.
    pub gather: Duration,
}

/// What became of a lane's head once its answer was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Sent, or given up for good: the rows it carried are done too, and the next row is the head now.
    Done,
    /// Still pending; try again at `not_before`.
    Retry { not_before: Instant },
}

#[derive(Debug, Default)]
struct Lane {
    rows: VecDeque<Row>,
    /// Rows the send in flight stands for (0: nothing in flight).
    in_flight: usize,
}

/// Key in the pick order: lower priority value first, then what is not bulk, then the older head.
type Key = (Priority, bool, i64, LaneId);

#[derive(Debug, Default)]
pub struct Lanes {
    options: LaneOptions,
    lanes: HashMap<LaneId, Lane>,
    /// Heads of lanes with nothing in flight: button answers (free) apart, so they are never stuck
    /// behind an exhausted overall budget.
    free: BTreeSet<Key>,
    paid: BTreeSet<Key>,
    /// When each card was last edited, for `card_every`.
    card_edited: HashMap<LaneId, Instant>,
    rows: usize,
    last_id: i64,
}

impl Lanes {
    pub fn new(options: LaneOptions) -> Lanes {
        Lanes { options, ..Lanes::default() }
    }

    /// Rows must arrive in id order (the loader reads on from [`Lanes::last_id`]); `now` is when it was read.
    pub fn add(&mut self, mut row: Row, now: Instant) {
        self.last_id = self.last_id.max(row.id);
        self.rows += 1;
        if row.gathers() {
            row.not_before = row.not_before.max(now + self.options.gather);
        }
        let id = row.lane();
        let lane = self.lanes.entry(id).or_default();
        let was_empty = lane.rows.is_empty();
        lane.rows.push_back(row);
        if was_empty && lane.in_flight == 0 {
            self.index(id);
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

    fn key(id: LaneId, lane: &Lane) -> Option<(Key, bool)> {
        let head = lane.rows.front()?;
        Some(((head.priority, head.bulk(), head.id, id), head.cost() == Cost::Free))
    }

    fn index(&mut self, id: LaneId) {
        if let Some((key, free)) = self.lanes.get(&id).and_then(|l| Self::key(id, l)) {
            if free {
                self.free.insert(key)
            } else {
                self.paid.insert(key)
            };
        }
    }

    fn unindex(&mut self, id: LaneId) {
        if let Some((key, free)) = self.lanes.get(&id).and_then(|l| Self::key(id, l)) {
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
        for &(_, _, _, id) in self.free.iter().chain(self.paid.iter()) {
            let Some(head) = self.lanes.get(&id).and_then(|l| l.rows.front()) else { continue };
            let verdict = match self.held_back(id, head, now) {
                Some(until) => Verdict::Wait(until),
                None => consider(head, budget, now),
            };
            match verdict {
                Verdict::Go(ticket) => chosen.push((id, ticket)),
                Verdict::Wait(t) => wake_at(t),
                // Free heads come first, so only paid ones are left, and none can go before this.
                Verdict::OverallShort(t) => {
                    wake_at(t);
                    break;
                }
            }
        }
        let rows = chosen.into_iter().filter_map(|(id, ticket)| Some((self.launch(id, now)?, ticket))).collect();
        (rows, wake)
    }

    /// Why a card edit may not go yet, whatever the budget: its card was edited within `card_every`
    /// (until then), or the card itself is still to be posted (until that lands).
    fn held_back(&self, id: LaneId, head: &Row, now: Instant) -> Option<Option<Instant>> {
        let (chat, Track::Card(case)) = id else { return None };
        if let Some(at) = self.card_edited.get(&id).map(|t| *t + self.options.card_every)
            && at > now
        {
            return Some(Some(at));
        }
        let posts = self.lanes.get(&(chat, Track::Case(case)))?;
        posts.rows.iter().take_while(|r| r.id < head.id).any(Row::makes_card).then_some(None)
    }

    /// Marks a lane in flight and hands out its head, carrying what goes with it.
    fn launch(&mut self, id: LaneId, now: Instant) -> Option<Row> {
        self.unindex(id);
        let lane = self.lanes.get_mut(&id)?;
        let mut head = lane.rows.front()?.clone();
        let rest = lane.rows.iter().skip(1);
        if let Track::Card(_) = id.1 {
            // Every pending edit of the card: the newest says what it should show.
            if let Some(newest) = rest.clone().last() {
                head.outgoing = newest.outgoing.clone();
            }
            head.carries = rest.map(|r| r.id).collect();
            self.card_edited.insert(id, now);
        } else {
            match &mut head.outgoing {
                Ok(Outgoing::Staff { op: StaffOp::Relay { text, from_chat, .. }, .. }) => {
                    for r in rest {
                        let Ok(Outgoing::Staff { op: StaffOp::Relay { text: more, from_chat: theirs, .. }, .. }) =
                            &r.outgoing
                        else {
                            break;
                        };
                        // One worker's words per message: a reply to it answers that worker.
                        if theirs != from_chat {
                            break;
                        }
                        if telegram_len(text) + 1 + telegram_len(more) > MAX_MESSAGE_CHARS {
                            break;
                        }
                        text.push('\n');
                        text.push_str(more);
                        head.carries.push(r.id);
                    }
                }
                Ok(Outgoing::Receipt { text, .. }) => {
                    for r in rest {
                        match &r.outgoing {
                            Ok(Outgoing::Receipt { text: same, .. }) if same == text => head.carries.push(r.id),
                            _ => break,
                        }
                    }
                }
                _ => {}
            }
        }
        lane.in_flight = 1 + head.carries.len();
        Some(head)
    }

    /// The answer for a lane's head was recorded.
    pub fn landed(&mut self, id: LaneId, next: Next) {
        let Some(lane) = self.lanes.get_mut(&id) else { return };
        let carried = std::mem::take(&mut lane.in_flight).max(1);
        match next {
            Next::Done => {
                for _ in 0..carried {
                    if lane.rows.pop_front().is_some() {
                        self.rows -= 1;
                    }
                }
            }
            Next::Retry { not_before } => {
                // The edit did not land: its wait is the retry's, not `card_every`.
                self.card_edited.remove(&id);
                if let Some(head) = lane.rows.front_mut() {
                    head.attempts = head.attempts.saturating_add(1);
                    head.not_before = not_before;
                }
            }
        }
        if lane.rows.is_empty() {
            self.lanes.remove(&id);
        } else {
            self.index(id);
        }
    }

    /// Forgets card edit times older than `card_every`.
    pub fn forget_idle(&mut self, now: Instant) {
        let every = self.options.card_every;
        self.card_edited.retain(|_, at| now.saturating_duration_since(*at) < every);
    }
}

enum Verdict {
    Go(Ticket),
    /// This lane must wait (until then, if known).
    Wait(Option<Instant>),
    /// The overall budget is spent (until then, if known).
    OverallShort(Option<Instant>),
}

fn consider(head: &Row, budget: &mut Budget, now: Instant) -> Verdict {
    if head.not_before > now {
        return Verdict::Wait(Some(head.not_before));
    }
    let cost = head.cost();
    match budget.chat_ready(head.chat_id, cost, head.bulk(), now) {
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
