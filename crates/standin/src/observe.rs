//! What the bot did, for assertions: recorded calls, violations, the messages in each chat, and
//! waiters that wake on every change (no sleep-polling). Also the fault controls.

use std::time::Duration;

use serde_json::{Value, json};
use tokio::time::Instant;

use super::StandIn;
use super::fault::FaultRule;
use super::model::{RecordedCall, SentMessage, Violation};
use super::state::World;

impl StandIn {
    /// Every request so far, in order.
    pub fn calls(&self) -> Vec<RecordedCall> {
        self.world().calls.clone()
    }

    /// Requests to `method` (any spelling).
    pub fn calls_to(&self, method: &str) -> Vec<RecordedCall> {
        let world = self.world();
        world.calls.iter().filter(|c| c.method.eq_ignore_ascii_case(method)).cloned().collect()
    }

    /// Every request so far that broke the spec or a documented limit (checking, first, the calls
    /// whose check was left for later).
    pub fn violations(&self) -> Vec<Violation> {
        let mut world = self.world();
        StandIn::check_recorded(&mut world);
        world.violations.clone()
    }

    /// The bot's live (not deleted) messages in `chat_id`, oldest first, as they stand now.
    pub fn messages_in(&self, chat_id: i64) -> Vec<SentMessage> {
        bot_messages(&self.world(), chat_id)
    }

    pub fn last_message_in(&self, chat_id: i64) -> Option<SentMessage> {
        self.messages_in(chat_id).pop()
    }

    /// The highest `update_id` of the current sequence the bot confirmed by polling with a later
    /// `offset`.
    pub fn confirmed_update_id(&self) -> Option<i64> {
        self.world().confirmed_update_id
    }

    /// The highest update_id queued so far in the current sequence (0 before the first), to wait for
    /// the bot to handle it.
    pub fn last_update_id(&self) -> i64 {
        let world = self.world();
        if world.next_update_id > world.sequence_start { world.next_update_id - 1 } else { 0 }
    }

    /// Updates queued and not yet confirmed (delivered or not).
    pub fn pending_updates(&self) -> Vec<Value> {
        self.world().updates.iter().map(|(_, update)| update.value()).collect()
    }

    /// How the bot answered a callback query (`answerCallbackQuery` parameters), if it did.
    pub fn callback_answer(&self, callback_query_id: &str) -> Option<Value> {
        self.world().callback_queries.get(callback_query_id).cloned().flatten()
    }

    /// How long after its press the bot's answer to a callback query arrived (pressed with
    /// [`StandIn::press_button`]; `None` before an answer).
    pub fn callback_answer_delay(&self, callback_query_id: &str) -> Option<Duration> {
        let (pressed, answered) = self.world().callback_times.get(callback_query_id).copied()?;
        Some(answered?.duration_since(pressed))
    }

    /// The commands set for `scope` (`None`: default) and `language_code` (`""`: all).
    pub fn commands(&self, scope: Option<Value>, language_code: &str) -> Option<Value> {
        let scope = scope.unwrap_or_else(|| json!({ "type": "default" }));
        let key = (scope.to_string(), language_code.to_owned());
        self.world().commands.get(&key).cloned()
    }

    /// The bytes of a stored file.
    pub fn file_bytes(&self, file_id: &str) -> Option<Vec<u8>> {
        self.world().files.get(file_id).map(|f| f.bytes.as_ref().clone())
    }

    /// The next requests matching `rule` meet its fault.
    pub fn inject(&self, rule: FaultRule) {
        self.world().faults.push(rule);
    }

    pub fn clear_faults(&self) {
        self.world().faults.clear();
    }

    /// Turns Telegram's flood limits on or off.
    pub fn set_rate_limits(&self, enabled: bool) {
        self.world().rate.enabled = enabled;
    }

    /// Changes the enforced flood limits (Telegram's by default).
    pub fn set_rate_windows(&self, windows: super::RateWindows) {
        self.world().rate.windows = windows;
    }

    /// How many requests the flood limits refused with 429 (injected 429s not counted).
    pub fn too_many_requests_count(&self) -> u64 {
        self.world().too_many_requests
    }

    /// Waits until `probe` finds something, re-checking on every change the bot makes.
    async fn wait_until<T>(
        &self,
        timeout: Duration,
        what: &str,
        mut probe: impl FnMut(&World) -> Option<T>,
    ) -> anyhow::Result<T> {
        let deadline = Instant::now() + timeout;
        loop {
            let changed = self.shared.changed.notified();
            tokio::pin!(changed);
            // Registered before looking, so a change in between still wakes us.
            changed.as_mut().enable();
            if let Some(found) = probe(&self.world()) {
                return Ok(found);
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                return probe(&self.world())
                    .ok_or_else(|| anyhow::anyhow!("timed out after {timeout:?} waiting for {what}"));
            }
        }
    }

    /// The first of the bot's messages in `chat_id` that satisfies `predicate`.
    pub async fn wait_for_message(
        &self,
        chat_id: i64,
        predicate: impl Fn(&SentMessage) -> bool,
        timeout: Duration,
    ) -> anyhow::Result<SentMessage> {
        let found = self
            .wait_until(timeout, "a matching message", |world| {
                bot_messages(world, chat_id).into_iter().find(&predicate)
            })
            .await;
        found.map_err(|e| e.context(self.describe_chat(chat_id)))
    }

    /// Waits until the bot has at least `count` live messages in `chat_id`; returns them all.
    pub async fn wait_for_messages_count(
        &self,
        chat_id: i64,
        count: usize,
        timeout: Duration,
    ) -> anyhow::Result<Vec<SentMessage>> {
        let what = format!("{count} messages");
        let found = self
            .wait_until(timeout, &what, |world| {
                let messages = bot_messages(world, chat_id);
                (messages.len() >= count).then_some(messages)
            })
            .await;
        found.map_err(|e| e.context(self.describe_chat(chat_id)))
    }

    /// Waits until at least `count` calls to `method` were recorded; returns them.
    pub async fn wait_for_calls(
        &self,
        method: &str,
        count: usize,
        timeout: Duration,
    ) -> anyhow::Result<Vec<RecordedCall>> {
        self.wait_until(timeout, &format!("{count} calls to {method}"), |world| {
            let calls: Vec<RecordedCall> =
                world.calls.iter().filter(|c| c.method.eq_ignore_ascii_case(method)).cloned().collect();
            (calls.len() >= count).then_some(calls)
        })
        .await
    }

    /// Waits until the bot has confirmed `update_id` (polled with a later offset).
    pub async fn wait_until_confirmed(&self, update_id: i64, timeout: Duration) -> anyhow::Result<()> {
        self.wait_until(timeout, &format!("update {update_id} to be confirmed"), |world| {
            world.confirmed_update_id.filter(|c| *c >= update_id).map(|_| ())
        })
        .await
    }

    /// For a timeout message: what the bot did post there.
    fn describe_chat(&self, chat_id: i64) -> String {
        let texts: Vec<String> = self
            .messages_in(chat_id)
            .into_iter()
            .map(|m| format!("#{}: {:?}", m.message_id, m.text.unwrap_or_default()))
            .collect();
        format!("the bot's messages in chat {chat_id}: [{}]", texts.join(", "))
    }
}

fn bot_messages(world: &World, chat_id: i64) -> Vec<SentMessage> {
    let Some(entry) = world.chats.get(&chat_id) else {
        return Vec::new();
    };
    entry
        .messages
        .values()
        .filter(|m| m.from_bot && !m.deleted)
        .map(|m| SentMessage::from_raw(&m.raw, m.edit_count))
        .collect()
}
