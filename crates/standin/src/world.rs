//! Playing the users: queueing what they do (text, replies, button presses, contacts,
//! locations, edits, raw updates) as updates for the bot.
//!
//! These helpers panic on misuse (posting into a chat that was never created): that is a bug in
//! the test or demo script, not a situation to handle.

use serde_json::{Map, Value, json};
use std::sync::Arc;

use super::StandIn;
use super::model::{FakeUser, SentMessage, Target};
use super::state::{World, unix_now};

/// `bot_command` entities for every `/command` or `/command@bot` word, offsets in UTF-16 units.
fn command_entities(text: &str) -> Vec<Value> {
    let mut entities = Vec::new();
    let mut start = None;
    for (index, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(index),
            (true, Some(from)) => {
                let word = &text[from..index];
                let body = word.strip_prefix('/').unwrap_or_default();
                let (name, bot) = body.split_once('@').unwrap_or((body, "x"));
                let valid = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if valid(name) && valid(bot) {
                    entities.push(json!({
                        "type": "bot_command",
                        "offset": text[..from].encode_utf16().count(),
                        "length": word.encode_utf16().count(),
                    }));
                }
                start = None;
            }
            _ => {}
        }
    }
    entities
}

/// The fields of a text message: the text, and a `bot_command` entity for each `/command` word in it.
pub(super) fn text_fields(text: &str) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert("text".into(), json!(text));
    let entities = command_entities(text);
    if !entities.is_empty() {
        fields.insert("entities".into(), json!(entities));
    }
    fields
}

impl StandIn {
    /// Stores a message from `user` and queues it as an update of `kind` (`message`, …).
    pub(super) fn user_message(&self, user: &FakeUser, target: Target, mut fields: Map<String, Value>) -> Arc<Value> {
        fields.insert("from".into(), World::user_json(user, false));
        let mut world = self.world();
        let message = world
            .add_message(target.chat_id, target.thread_id, fields, false)
            .unwrap_or_else(|e| panic!("posting into chat {}: {}", target.chat_id, e.description));
        self.queue_kind(&mut world, "message", &message);
        message
    }

    /// Queues what a user did as an update, unless it is of a kind the bot did not ask for in
    /// `allowed_updates`: Telegram never creates those (0 is returned then).
    pub(super) fn queue(&self, world: &mut World, update: Value) -> i64 {
        if !super::polling::allowed(world, &update) {
            return 0;
        }
        let id = world.push_update(update);
        self.shared.updates_arrived.notify_waiters();
        id
    }

    /// A text message; `/command` words get `bot_command` entities.
    pub fn send_text(&self, user: &FakeUser, target: impl Into<Target>, text: &str) -> Arc<Value> {
        self.user_message(user, target.into(), text_fields(text))
    }

    /// A text message replying to message `reply_to` of the same chat.
    pub fn reply_to(&self, user: &FakeUser, target: impl Into<Target>, reply_to: i64, text: &str) -> Arc<Value> {
        let target = target.into();
        let original = self.world().message(target.chat_id, reply_to).map(|m| Value::clone(&m.raw));
        let mut fields = Map::new();
        fields.insert("text".into(), json!(text));
        if let Some(mut original) = original {
            if let Some(object) = original.as_object_mut() {
                object.remove("reply_to_message");
            }
            fields.insert("reply_to_message".into(), original);
        }
        self.user_message(user, target, fields)
    }

    /// The user shares their own phone number in their private chat.
    pub fn share_contact(&self, user: &FakeUser, phone: &str) -> Arc<Value> {
        let mut fields = Map::new();
        let contact = json!({ "phone_number": phone, "first_name": user.first_name, "user_id": user.id });
        fields.insert("contact".into(), contact);
        self.user_message(user, user.into(), fields)
    }

    pub fn send_location(
        &self,
        user: &FakeUser,
        target: impl Into<Target>,
        latitude: f64,
        longitude: f64,
    ) -> Arc<Value> {
        let mut fields = Map::new();
        fields.insert("location".into(), json!({ "latitude": latitude, "longitude": longitude }));
        self.user_message(user, target.into(), fields)
    }

    /// The user edits their earlier text `message`; queues an `edited_message`.
    pub fn edit_text(&self, user: &FakeUser, message: &Value, new_text: &str) -> Value {
        let chat_id = message["chat"]["id"].as_i64().unwrap_or_default();
        let message_id = message["message_id"].as_i64().unwrap_or_default();
        let mut world = self.world();
        let mut edited = message.clone();
        edited["text"] = json!(new_text);
        edited["edit_date"] = json!(unix_now());
        edited["from"] = World::user_json(user, false);
        match command_entities(new_text) {
            entities if entities.is_empty() => edited.as_object_mut().map(|o| o.remove("entities")),
            entities => edited.as_object_mut().map(|o| o.insert("entities".into(), json!(entities))),
        };
        if let Some(stored) = world.message_mut(chat_id, message_id) {
            stored.raw = Arc::new(edited.clone());
            stored.edit_count += 1;
        }
        self.queue_kind(&mut world, "edited_message", &edited);
        edited
    }

    /// The user presses the button with `callback_data` on `message` as they last saw it.
    /// Errs if that snapshot has no such button (a stale snapshot is how to press an old one).
    pub fn press_button(&self, user: &FakeUser, message: &SentMessage, callback_data: &str) -> anyhow::Result<Value> {
        if !message.callback_buttons().iter().any(|(_, data)| data == callback_data) {
            anyhow::bail!(
                "message {} in chat {} has no button with callback data {callback_data:?}",
                message.message_id,
                message.chat_id
            );
        }
        let mut world = self.world();
        let current = world.message(message.chat_id, message.message_id).map(|m| Value::clone(&m.raw));
        let id = format!("{}", 4_000_000_000_000_i64 + world.next_serial());
        let query = json!({
            "id": id,
            "from": World::user_json(user, false),
            "message": current.unwrap_or_else(|| message.raw.clone()),
            "chat_instance": format!("{}", message.chat_id.unsigned_abs() ^ 0x5eed),
            "data": callback_data,
        });
        world.callback_times.insert(id.clone(), (std::time::Instant::now(), None));
        world.callback_queries.insert(id, None);
        self.queue_kind(&mut world, "callback_query", &query);
        Ok(query)
    }

    /// Queues an update of `kind` carrying `inner`, unless the bot did not ask for that kind.
    pub(super) fn queue_kind(&self, world: &mut World, kind: &str, inner: &Value) -> i64 {
        if !super::polling::allowed_kind(world, kind) {
            return 0;
        }
        let id = world.push_kind(kind, inner);
        self.shared.updates_arrived.notify_waiters();
        id
    }

    /// Queues any JSON as an update (hostile input welcome); gives it the next `update_id`
    /// unless it has one. Returns the id (0 for a kind the bot did not ask for, never created).
    pub fn push_raw_update(&self, update: Value) -> i64 {
        let mut world = self.world();
        self.queue(&mut world, update)
    }

    /// Telegram's sequence starts again at `first_id`, as after a week without updates (when Telegram
    /// picks the next id at random, possibly lower than any before). Updates still queued are dropped,
    /// as Telegram keeps an update 24 hours at most; returns their ids. Confirmations start afresh.
    pub fn restart_update_ids(&self, first_id: i64) -> Vec<i64> {
        let mut world = self.world();
        let dropped = world.updates.drain(..).map(|(id, _)| id).collect();
        world.next_update_id = first_id;
        world.sequence_start = first_id;
        world.confirmed_update_id = None;
        dropped
    }

    /// Queues `update` under a chosen id, e.g. to redeliver a duplicate.
    pub fn push_update_with_id(&self, update_id: i64, mut update: Value) -> i64 {
        if let Some(object) = update.as_object_mut() {
            object.insert("update_id".into(), json!(update_id));
        }
        let mut world = self.world();
        world.push_update(update);
        // `push_update` read the id from the object; a non-object still needs this one.
        if let Some(last) = world.updates.back_mut() {
            last.0 = update_id;
        }
        self.shared.updates_arrived.notify_waiters();
        update_id
    }
}
