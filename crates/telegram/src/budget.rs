//! The delivery budget: which outbox row may leave now under Telegram's flood limits (per private
//! chat, per group, overall) and 429 answers, and how long to back off after a network error. Pure:
//! every function is given the time, so tests step it without sleeping.
//!
//! Each scope is a sliding window ("at most `max` in any `per`"), the model Telegram describes and the
//! stand-in enforces, so the time a scope frees up is known exactly and the worker sleeps until then
//! instead of ticking. A send occupies its slot from the moment it starts, and its window is counted
//! from the moment its answer arrived: Telegram saw it somewhere in between, so the next send can never
//! land inside the previous one's window whatever the network latency was.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, Instant};

/// "At most `max` sends in any `per`".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub max: u32,
    pub per: Duration,
}

impl Window {
    pub const fn new(max: u32, per: Duration) -> Window {
        Window { max, per }
    }
}

/// `30/1s`, `20/60s`, `20/1m`: how limits are written in flags and the environment.
impl FromStr for Window {
    type Err = String;

    fn from_str(s: &str) -> Result<Window, String> {
        let bad = || format!("`{s}` is not a limit like 30/1s or 20/1m");
        let (max, per) = s.trim().split_once('/').ok_or_else(bad)?;
        let max: u32 = max.trim().parse().map_err(|_| bad())?;
        let per = per.trim();
        let (number, unit) = per.split_at(per.find(|c: char| !c.is_ascii_digit()).unwrap_or(per.len()));
        let number: u64 = number.parse().map_err(|_| bad())?;
        let per = match unit {
            "s" | "" => Duration::from_secs(number),
            "ms" => Duration::from_millis(number),
            "m" => Duration::from_secs(number * 60),
            _ => return Err(bad()),
        };
        if max == 0 || per.is_zero() {
            return Err(format!("`{s}`: a limit needs at least one message in a non-empty window"));
        }
        Ok(Window { max, per })
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}ms", self.max, self.per.as_millis())
    }
}

/// Telegram's limits; the defaults are the ones its Bot FAQ gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A private chat (positive chat id): about one message a second. The FAQ allows short bursts;
    /// the default lets a pair go at once (an answer and the office's receipt, a saved number and the
    /// next question), and still averages one a second.
    pub private_chat: Window,
    /// A group or supergroup (negative chat id): 20 a minute.
    pub group: Window,
    /// Everything the bot sends: 30 a second.
    pub overall: Window,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            private_chat: Window::new(2, Duration::from_secs(2)),
            group: Window::new(20, Duration::from_secs(60)),
            overall: Window::new(30, Duration::from_secs(1)),
        }
    }
}

/// Which scopes a row counts against. Telegram limits messages; answering a button press and
/// editing a message are not messages in a chat, but edits still count overall to stay cautious.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cost {
    Free,
    Overall,
    ChatAndOverall,
}

/// When a row may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ready {
    Now,
    At(Instant),
    /// Every slot is taken by a send still in flight; its answer frees one.
    AfterInFlight,
}

impl Ready {
    fn later(self, other: Ready) -> Ready {
        match (self, other) {
            (Ready::AfterInFlight, _) | (_, Ready::AfterInFlight) => Ready::AfterInFlight,
            (Ready::Now, r) | (r, Ready::Now) => r,
            (Ready::At(a), Ready::At(b)) => Ready::At(a.max(b)),
        }
    }
}

/// One scope's recent sends: answer times inside the window, and sends still waiting for an answer.
#[derive(Debug, Default)]
struct Log {
    answered: VecDeque<Instant>,
    in_flight: u32,
}

impl Log {
    fn forget_before(&mut self, window: Window, now: Instant) {
        while self.answered.front().is_some_and(|t| now.saturating_duration_since(*t) >= window.per) {
            self.answered.pop_front();
        }
    }

    fn ready(&mut self, window: Window, now: Instant) -> Ready {
        self.forget_before(window, now);
        let used = self.in_flight as usize + self.answered.len();
        let max = window.max as usize;
        if used < max {
            return Ready::Now;
        }
        // The (used - max + 1) oldest answers must leave the window; in-flight sends cannot be timed.
        let must_expire = used - max;
        match self.answered.get(must_expire) {
            Some(t) if self.in_flight < window.max => Ready::At(*t + window.per),
            _ => Ready::AfterInFlight,
        }
    }

    fn settle(&mut self, now: Instant) {
        self.in_flight = self.in_flight.saturating_sub(1);
        // Answers arrive in time order, so the log stays sorted.
        let at = self.answered.back().map_or(now, |last| now.max(*last));
        self.answered.push_back(at);
    }
}

/// A reserved slot, handed back when the answer arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket {
    chat_id: i64,
    cost: Cost,
}

/// The budget of every scope, and the waits Telegram asked for with 429.
#[derive(Debug)]
pub struct Budget {
    limits: Limits,
    chats: HashMap<i64, Log>,
    overall: Log,
    chat_blocked_until: HashMap<i64, Instant>,
    all_blocked_until: Option<Instant>,
    /// Sends of a group's window that bulk rows leave to the rest.
    group_reserve: u32,
    /// The chat of the last 429 while no send has succeeded since: a second chat refused in a row means
    /// the limit Telegram applies is not one chat's.
    refused_streak: Option<i64>,
}

impl Budget {
    pub fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            chats: HashMap::new(),
            overall: Log::default(),
            chat_blocked_until: HashMap::new(),
            all_blocked_until: None,
            refused_streak: None,
            group_reserve: 0,
        }
    }

    /// Leaves `reserve` sends of every group's window to rows that are not bulk (at least one send of
    /// the window stays bulk's).
    pub fn with_group_reserve(mut self, reserve: u32) -> Budget {
        self.group_reserve = reserve;
        self
    }

    fn chat_window(&self, chat_id: i64) -> Window {
        if chat_id < 0 { self.limits.group } else { self.limits.private_chat }
    }

    /// When a row to `chat_id` costing `cost` may go, as far as the chat alone is concerned; `bulk`
    /// rows in a group leave the group's reserve to the rest.
    pub fn chat_ready(&mut self, chat_id: i64, cost: Cost, bulk: bool, now: Instant) -> Ready {
        if cost == Cost::Free {
            // A 429 for the chat's messages says nothing about answering its buttons.
            return Ready::Now;
        }
        let blocked = match self.chat_blocked_until.get(&chat_id) {
            Some(until) if *until > now => Ready::At(*until),
            _ => Ready::Now,
        };
        if cost != Cost::ChatAndOverall {
            return blocked;
        }
        let mut window = self.chat_window(chat_id);
        if bulk && chat_id < 0 {
            window.max = window.max.saturating_sub(self.group_reserve).max(1);
        }
        blocked.later(self.chats.entry(chat_id).or_default().ready(window, now))
    }

    /// When anything costing `cost` may go, as far as the overall scope is concerned.
    pub fn overall_ready(&mut self, cost: Cost, now: Instant) -> Ready {
        if cost == Cost::Free {
            return Ready::Now;
        }
        let blocked = match self.all_blocked_until {
            Some(until) if until > now => Ready::At(until),
            _ => Ready::Now,
        };
        blocked.later(self.overall.ready(self.limits.overall, now))
    }

    /// Both scopes at once.
    pub fn ready(&mut self, chat_id: i64, cost: Cost, now: Instant) -> Ready {
        self.chat_ready(chat_id, cost, false, now).later(self.overall_ready(cost, now))
    }

    /// Takes a slot for a send starting now. Call only when [`Budget::ready`] said `Now`.
    pub fn reserve(&mut self, chat_id: i64, cost: Cost) -> Ticket {
        if cost != Cost::Free {
            self.overall.in_flight += 1;
        }
        if cost == Cost::ChatAndOverall {
            self.chats.entry(chat_id).or_default().in_flight += 1;
        }
        Ticket { chat_id, cost }
    }

    /// The answer to a reserved send arrived at `now` (whatever it said).
    pub fn settle(&mut self, ticket: Ticket, now: Instant) {
        if ticket.cost != Cost::Free {
            self.overall.settle(now);
        }
        if ticket.cost == Cost::ChatAndOverall {
            self.chats.entry(ticket.chat_id).or_default().settle(now);
        }
    }

    /// Counts a send answered at `answered` before this budget existed (by the previous process), so a
    /// restart does not spend again what Telegram still counts. Call in time order.
    pub fn seed(&mut self, chat_id: i64, cost: Cost, answered: Instant) {
        let ticket = self.reserve(chat_id, cost);
        self.settle(ticket, answered);
    }

    /// A private chat the previous sender (a killed process or replica) may have sent to just now
    /// without recording it waits one whole window, so what it sent has aged out. Not a group: its
    /// window is a minute, and counting a send that may not have happened would keep its minute one
    /// short after every start (a rare 429 there is waited out like any other).
    pub fn hold_chat(&mut self, chat_id: i64, now: Instant) {
        if chat_id > 0 {
            let until = now + self.limits.private_chat.per;
            let entry = self.chat_blocked_until.entry(chat_id).or_insert(until);
            *entry = (*entry).max(until);
        }
    }

    /// The longest window of any scope: sends older than this no longer count anywhere.
    pub fn memory(&self) -> Duration {
        self.limits.private_chat.per.max(self.limits.group.per).max(self.limits.overall.per)
    }

    /// A send went through: a run of 429s is over.
    pub fn succeeded(&mut self) {
        self.refused_streak = None;
    }

    /// Telegram answered 429 with `retry_after` for a send to `chat_id`. That chat waits; if another
    /// chat was refused just before with nothing sent in between, everything waits.
    pub fn refused(&mut self, chat_id: i64, retry_after: Duration, now: Instant) {
        let until = now + retry_after;
        let entry = self.chat_blocked_until.entry(chat_id).or_insert(until);
        *entry = (*entry).max(until);
        if self.refused_streak.is_some_and(|c| c != chat_id) {
            self.all_blocked_until = Some(self.all_blocked_until.map_or(until, |u| u.max(until)));
        }
        self.refused_streak = Some(chat_id);
    }

    /// Forgets chats with nothing in their window, so the map does not grow with every chat ever served.
    pub fn forget_idle(&mut self, now: Instant) {
        let (private, group) = (self.limits.private_chat, self.limits.group);
        self.chats.retain(|chat, log| {
            log.forget_before(if *chat < 0 { group } else { private }, now);
            log.in_flight > 0 || !log.answered.is_empty()
        });
        self.chat_blocked_until.retain(|_, until| *until > now);
    }
}

/// How long to wait before attempt `attempts + 1` after a network error or a 5xx: doubling from `base`
/// up to `max`, scaled by `jitter` in [0, 1) into the upper half so retries of many rows spread out.
pub fn backoff(attempts: u32, base: Duration, max: Duration, jitter: f64) -> Duration {
    let doubled = base.saturating_mul(1u32.checked_shl(attempts.min(20)).unwrap_or(u32::MAX));
    let capped = doubled.min(max);
    capped.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

#[cfg(test)]
#[path = "budget_tests.rs"]
mod tests;
