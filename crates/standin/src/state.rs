//! Everything the stand-in remembers, behind one mutex: the world (users, chats, messages,
//! files), the update queue, and the record of what the bot did.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use serde_json::{Map, Value, json};

use super::fault::{FaultRule, RateLimiter};
use super::model::{ChatKind, FakeChat, FakeUser, MemberStatus, RecordedCall, Violation};
use super::reply::ApiError;

/// An update as queued: serialized once when it is made, so a poll answers with its bytes and the
/// load side clones and frees no JSON tree per update (the benchmark's generator profile).
#[derive(Debug, Clone)]
pub(super) struct Queued {
    /// The chat of whatever it carries, else its sender: one webhook lane (`None`: it goes alone).
    pub chat: Option<i64>,
    pub json: Bytes,
}

impl Queued {
    pub fn value(&self) -> Value {
        serde_json::from_slice(&self.json).unwrap_or(Value::Null)
    }
}

/// The chat of what an update carries (a message, a button press on a message, a member change),
/// else the user who sent it.
fn chat_of(inner: &Value) -> Option<i64> {
    let id = inner.pointer("/chat/id").or_else(|| inner.pointer("/message/chat/id"));
    id.or_else(|| inner.pointer("/from/id")).and_then(Value::as_i64)
}

pub(super) struct World {
    pub bot: FakeUser,
    pub users: HashMap<i64, UserEntry>,
    pub chats: HashMap<i64, ChatEntry>,
    /// By `file_id`.
    pub files: HashMap<String, StoredFile>,
    /// Updates not yet confirmed by an `offset`, oldest first, by `update_id`.
    pub updates: VecDeque<(i64, Queued)>,
    pub next_update_id: i64,
    /// The first id of the current sequence (Telegram starts again after a week without updates).
    pub sequence_start: i64,
    /// The highest id of the current sequence the bot confirmed.
    pub confirmed_update_id: Option<i64>,
    /// Bumped by every `getUpdates`; a waiting poll that sees it move was superseded (409).
    pub poll_generation: u64,
    /// The last `allowed_updates` the bot sent; Telegram remembers it between calls.
    pub allowed_updates: Option<Vec<String>>,
    pub calls: Vec<RecordedCall>,
    pub violations: Vec<Violation>,
    pub validation: super::Validation,
    /// Whether recorded calls keep their results (`StandInOptions::keep_results`).
    pub keep_results: bool,
    /// With [`super::Validation::FromRecording`]: recorded calls not yet checked, by index into
    /// `calls`, with the names of their uploaded files.
    pub unchecked: Vec<(usize, Vec<String>)>,
    /// Callback query id → the bot's answer, once it answered.
    pub callback_queries: HashMap<String, Option<Value>>,
    /// Callback query id → when it was pressed and when the bot's answer arrived.
    pub callback_times: HashMap<String, (std::time::Instant, Option<std::time::Instant>)>,
    /// `(scope as JSON, language_code)` → the commands set for it.
    pub commands: BTreeMap<(String, String), Value>,
    pub faults: Vec<FaultRule>,
    pub rate: RateLimiter,
    pub too_many_requests: u64,
    pub shutting_down: bool,
    /// The webhook the bot set, if any: updates go there instead of to getUpdates.
    pub webhook: Option<super::webhook::Hook>,
    pub webhook_deliveries: Vec<super::webhook::WebhookDelivery>,
    /// Set by a test standing in for a load balancer: each webhook request goes to one of these
    /// origins (`http://host:port`) at random, with the webhook URL's path.
    pub webhook_balance: Vec<String>,
    serial: i64,
}

pub(super) struct UserEntry {
    pub user: FakeUser,
    /// The user blocked the bot: sends to their private chat fail with 403.
    pub blocked: bool,
}

pub(super) struct ChatEntry {
    pub chat: FakeChat,
    pub members: BTreeMap<i64, MemberStatus>,
    pub bot_status: MemberStatus,
    /// A public supergroup's username (`None`: private, reachable by invitation only).
    pub username: Option<String>,
    pub messages: BTreeMap<i64, StoredMessage>,
    /// Forum topics: thread id → name.
    pub topics: BTreeMap<i64, String>,
    /// A basic group upgraded to this supergroup: Telegram refuses sends to the old id, naming it.
    pub migrated_to: Option<i64>,
    next_message_id: i64,
}

pub(super) struct StoredMessage {
    /// The Telegram `Message` object, kept current through edits; shared with the answer that
    /// returns it (an edit copies it only while an answer still holds it).
    pub raw: Arc<Value>,
    pub from_bot: bool,
    pub deleted: bool,
    pub edit_count: u32,
}

#[derive(Clone)]
pub(super) struct StoredFile {
    pub file_id: String,
    pub file_unique_id: String,
    pub file_path: String,
    pub bytes: Arc<Vec<u8>>,
}

impl StoredFile {
    pub fn json(&self) -> Value {
        json!({
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.bytes.len(),
            "file_path": self.file_path,
        })
    }
}

pub(super) fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

impl World {
    pub fn new(bot: FakeUser) -> Self {
        Self {
            bot,
            users: HashMap::new(),
            chats: HashMap::new(),
            files: HashMap::new(),
            updates: VecDeque::new(),
            next_update_id: 1,
            sequence_start: 1,
            confirmed_update_id: None,
            poll_generation: 0,
            allowed_updates: None,
            calls: Vec::new(),
            violations: Vec::new(),
            validation: super::Validation::OnArrival,
            keep_results: true,
            unchecked: Vec::new(),
            callback_queries: HashMap::new(),
            callback_times: HashMap::new(),
            commands: BTreeMap::new(),
            faults: Vec::new(),
            rate: RateLimiter::default(),
            too_many_requests: 0,
            shutting_down: false,
            webhook: None,
            webhook_deliveries: Vec::new(),
            webhook_balance: Vec::new(),
            serial: 0,
        }
    }

    /// A number never handed out before, for ids of every kind.
    pub fn next_serial(&mut self) -> i64 {
        self.serial += 1;
        self.serial
    }

    pub fn add_chat(&mut self, chat: FakeChat, bot_status: MemberStatus) {
        let entry = ChatEntry {
            chat: chat.clone(),
            migrated_to: None,
            members: BTreeMap::new(),
            bot_status,
            username: None,
            messages: BTreeMap::new(),
            topics: BTreeMap::new(),
            next_message_id: 1,
        };
        self.chats.insert(chat.id, entry);
    }

    pub fn chat(&self, chat_id: i64) -> Result<&ChatEntry, ApiError> {
        self.chats.get(&chat_id).ok_or_else(ApiError::chat_not_found)
    }

    pub fn chat_mut(&mut self, chat_id: i64) -> Result<&mut ChatEntry, ApiError> {
        self.chats.get_mut(&chat_id).ok_or_else(ApiError::chat_not_found)
    }

    pub fn user_json(user: &FakeUser, is_bot: bool) -> Value {
        let mut value = json!({ "id": user.id, "is_bot": is_bot, "first_name": user.first_name });
        if let Some(username) = &user.username {
            value["username"] = json!(username);
        }
        if let Some(language) = &user.language_code {
            value["language_code"] = json!(language);
        }
        value
    }

    pub fn bot_json(&self) -> Value {
        Self::user_json(&self.bot, true)
    }

    /// The short `Chat` object that messages carry.
    pub fn chat_json(&self, chat: &FakeChat) -> Value {
        match chat.kind {
            ChatKind::Private => {
                let mut value = json!({ "id": chat.id, "type": "private" });
                if let Some(entry) = self.users.get(&chat.id) {
                    value["first_name"] = json!(entry.user.first_name);
                    if let Some(username) = &entry.user.username {
                        value["username"] = json!(username);
                    }
                }
                value
            }
            ChatKind::Group => json!({ "id": chat.id, "type": "group", "title": chat.title }),
            ChatKind::Supergroup { is_forum } => {
                let mut value = json!({ "id": chat.id, "type": "supergroup", "title": chat.title });
                if let Some(username) = self.chats.get(&chat.id).and_then(|e| e.username.as_ref()) {
                    value["username"] = json!(username);
                }
                if is_forum {
                    value["is_forum"] = json!(true);
                }
                value
            }
        }
    }

    /// Stores a message in `chat_id`, giving it the chat's next `message_id`, `date` and `chat`;
    /// `fields` holds the rest (`from`, `text`, …). Returns the complete message.
    pub fn add_message(
        &mut self,
        chat_id: i64,
        thread_id: Option<i64>,
        mut fields: Map<String, Value>,
        from_bot: bool,
    ) -> Result<Arc<Value>, ApiError> {
        let chat_json = self.chat_json(&self.chat(chat_id)?.chat);
        let entry = self.chat_mut(chat_id)?;
        let message_id = entry.next_message_id;
        entry.next_message_id += 1;
        fields.insert("message_id".into(), json!(message_id));
        fields.insert("date".into(), json!(unix_now()));
        fields.insert("chat".into(), chat_json);
        if let Some(thread_id) = thread_id {
            fields.insert("message_thread_id".into(), json!(thread_id));
            fields.insert("is_topic_message".into(), json!(true));
        }
        let raw = Arc::new(Value::Object(fields));
        let stored = StoredMessage { raw: raw.clone(), from_bot, deleted: false, edit_count: 0 };
        entry.messages.insert(message_id, stored);
        Ok(raw)
    }

    /// A live (not deleted) message.
    pub fn message(&self, chat_id: i64, message_id: i64) -> Option<&StoredMessage> {
        let message = self.chats.get(&chat_id)?.messages.get(&message_id)?;
        (!message.deleted).then_some(message)
    }

    pub fn message_mut(&mut self, chat_id: i64, message_id: i64) -> Option<&mut StoredMessage> {
        let message = self.chats.get_mut(&chat_id)?.messages.get_mut(&message_id)?;
        (!message.deleted).then_some(message)
    }

    /// Keeps `bytes` as a new file and returns it.
    pub fn register_file(&mut self, bytes: Vec<u8>, folder: &str, extension: &str) -> StoredFile {
        let n = self.next_serial();
        let file = StoredFile {
            file_id: format!("StandInFile{n:06}-{folder}"),
            file_unique_id: format!("StandInUnique{n:06}"),
            file_path: format!("{folder}/file_{n}.{extension}"),
            bytes: Arc::new(bytes),
        };
        self.files.insert(file.file_id.clone(), file.clone());
        file
    }

    /// Queues an update, giving it the next `update_id` unless it carries one.
    pub fn push_update(&mut self, mut update: Value) -> i64 {
        let id = match update.get("update_id").and_then(Value::as_i64) {
            Some(id) => id,
            None => {
                let id = self.next_update_id;
                // A hostile update need not even be an object; it still gets a place in line.
                if let Some(object) = update.as_object_mut() {
                    object.insert("update_id".into(), json!(id));
                }
                id
            }
        };
        self.next_update_id = self.next_update_id.max(id + 1);
        let chat = update.as_object().and_then(|fields| {
            fields.iter().filter(|(name, _)| *name != "update_id").find_map(|(_, inner)| chat_of(inner))
        });
        let json = serde_json::to_vec(&update).expect("a JSON value serializes");
        self.updates.push_back((id, Queued { chat, json: json.into() }));
        id
    }

    /// Queues an update of `kind` carrying `inner` under the next `update_id`, serialized from the
    /// borrowed value (no copy of its tree).
    pub fn push_kind(&mut self, kind: &str, inner: &Value) -> i64 {
        let id = self.next_update_id;
        self.next_update_id += 1;
        let mut json = Vec::with_capacity(512);
        json.extend_from_slice(format!("{{\"update_id\":{id},").as_bytes());
        serde_json::to_writer(&mut json, kind).expect("a string serializes");
        json.push(b':');
        serde_json::to_writer(&mut json, inner).expect("a JSON value serializes");
        json.push(b'}');
        self.updates.push_back((id, Queued { chat: chat_of(inner), json: json.into() }));
        id
    }
}
