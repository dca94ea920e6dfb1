//! Trouble on demand: injected faults, and Telegram's flood limits (off unless asked for).

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use super::reply::ApiError;

/// A fault the next matching requests meet instead of (or, for `Delay`, before) normal handling.
#[derive(Debug, Clone)]
pub struct FaultRule {
    /// Only this method (any spelling); `None` matches every method.
    pub method: Option<String>,
    /// Only requests whose `chat_id` is this chat; `None` matches every request.
    pub chat_id: Option<i64>,
    /// How many matching requests meet the fault; `u32::MAX` means for ever.
    pub times: u32,
    pub kind: FaultKind,
}

#[derive(Debug, Clone)]
pub enum FaultKind {
    /// 429 with `parameters.retry_after`.
    TooManyRequests { retry_after: u32 },
    /// An error envelope with this code (the HTTP status is the same code, as Telegram does;
    /// teloxide waits 10 s after any 5xx).
    ServerError { code: u16, description: String },
    /// Answer normally, but this much later.
    Delay(Duration),
    /// 403 `Forbidden: bot was blocked by the user`.
    Forbidden,
    /// The connection drops before the request is handled: nothing happened, the client sees a
    /// network error.
    ResetBeforeHandling,
    /// The request is handled (a message is sent), then the connection drops before the answer: the
    /// client cannot know it went through.
    ResetAfterHandling,
}

impl FaultRule {
    fn matches(&self, method: &str, chat_id: Option<i64>) -> bool {
        self.times > 0
            && self.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.chat_id.is_none_or(|c| Some(c) == chat_id)
    }
}

/// What an injected fault does to one request.
pub(super) enum FaultEffect {
    Fail(ApiError),
    Delay(Duration),
    ResetAfterHandling,
}

/// Takes one use of the first rule matching this request.
pub(super) fn take_fault(rules: &mut Vec<FaultRule>, method: &str, chat_id: Option<i64>) -> Option<FaultEffect> {
    let index = rules.iter().position(|rule| rule.matches(method, chat_id))?;
    let rule = &mut rules[index];
    if rule.times != u32::MAX {
        rule.times -= 1;
    }
    let effect = match &rule.kind {
        FaultKind::TooManyRequests { retry_after } => FaultEffect::Fail(ApiError::too_many_requests(*retry_after)),
        FaultKind::ServerError { code, description } => FaultEffect::Fail(ApiError::new(*code, description.clone())),
        FaultKind::Delay(delay) => FaultEffect::Delay(*delay),
        FaultKind::Forbidden => FaultEffect::Fail(ApiError::blocked()),
        FaultKind::ResetBeforeHandling => FaultEffect::Fail(ApiError::connection_reset()),
        FaultKind::ResetAfterHandling => FaultEffect::ResetAfterHandling,
    };
    if rule.times == 0 {
        rules.remove(index);
    }
    Some(effect)
}

/// Telegram's advertised flood limits for sending: 1 message/s per private chat (a pair may go at
/// once: 2 in any 2 s, as the FAQ tolerates short bursts), 20/min per group, 30/s overall (see
/// [`RateWindows`] to change them).
#[derive(Debug, Default)]
pub(super) struct RateLimiter {
    pub enabled: bool,
    pub windows: RateWindows,
    per_chat: HashMap<i64, VecDeque<Instant>>,
    overall: VecDeque<Instant>,
}

/// The enforced limits, each "at most `.0` sends in any `.1`".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateWindows {
    pub private_chat: (usize, Duration),
    pub group: (usize, Duration),
    pub overall: (usize, Duration),
}

impl Default for RateWindows {
    fn default() -> Self {
        Self {
            private_chat: (2, Duration::from_secs(2)),
            group: (20, Duration::from_secs(60)),
            overall: (30, Duration::from_secs(1)),
        }
    }
}

impl RateLimiter {
    /// Records a send to `chat_id` now, or says how many seconds to wait if it is over a limit.
    pub fn admit(&mut self, chat_id: i64, now: Instant) -> Result<(), u32> {
        if !self.enabled {
            return Ok(());
        }
        let ((chat_max, chat_window), (all_max, all_window)) =
            (if chat_id > 0 { self.windows.private_chat } else { self.windows.group }, self.windows.overall);
        let chat_log = self.per_chat.entry(chat_id).or_default();
        let wait_chat = wait_needed(chat_log, chat_window, chat_max, now);
        let wait_all = wait_needed(&mut self.overall, all_window, all_max, now);
        match wait_chat.max(wait_all) {
            Some(wait) => Err(u32::try_from(wait.as_secs() + 1).unwrap_or(u32::MAX)),
            None => {
                chat_log.push_back(now);
                self.overall.push_back(now);
                Ok(())
            }
        }
    }
}

/// Forgets sends older than `window`; if `max` remain, how long until the oldest expires.
fn wait_needed(log: &mut VecDeque<Instant>, window: Duration, max: usize, now: Instant) -> Option<Duration> {
    while log.front().is_some_and(|t| now.duration_since(*t) >= window) {
        log.pop_front();
    }
    (log.len() >= max).then(|| log.front().map_or(window, |t| window - now.duration_since(*t)))
}

/// Methods that post a message and so count against the flood limits.
pub(super) fn is_send(method: &str) -> bool {
    method.starts_with("send") && method != "sendChatAction" || method == "copyMessage" || method == "forwardMessage"
}
