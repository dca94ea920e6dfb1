//! The public vocabulary of the simulated world: users, chats, where a message goes, and what
//! the stand-in observed the bot doing.

use std::time::SystemTime;

use serde_json::Value;

/// A Telegram user the test or demo plays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeUser {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
    /// IETF tag the client reports (`zh-hans`, `en`); bots pick a locale from it.
    pub language_code: Option<String>,
}

/// What sort of chat a [`FakeChat`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatKind {
    Private,
    Group,
    Supergroup {
        /// Forum supergroups have topics (`createForumTopic`, `message_thread_id`).
        is_forum: bool,
    },
}

/// What sort of group [`StandIn::new_group`](super::StandIn::new_group) creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    Group,
    Supergroup,
    /// A supergroup with topics.
    Forum,
}

/// A chat the bot can see. A user's private chat has the user's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeChat {
    pub id: i64,
    pub kind: ChatKind,
    /// Groups only.
    pub title: Option<String>,
}

impl FakeChat {
    /// A forum topic of this chat, as a place to post.
    pub fn topic(&self, thread_id: i64) -> Target {
        Target { chat_id: self.id, thread_id: Some(thread_id) }
    }
}

/// A user's standing in a chat (`getChatMember`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberStatus {
    Creator,
    Administrator,
    Member,
    /// In the group but muted by an administrator: may send nothing (`ChatMemberRestricted` with
    /// `is_member` true and every `can_*` right false).
    Restricted,
    Left,
    Kicked,
}

impl MemberStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Creator => "creator",
            Self::Administrator => "administrator",
            Self::Member => "member",
            Self::Restricted => "restricted",
            Self::Left => "left",
            Self::Kicked => "kicked",
        }
    }
}

/// Where a simulated user posts: a chat, optionally one forum topic of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub chat_id: i64,
    pub thread_id: Option<i64>,
}

impl From<&FakeChat> for Target {
    fn from(chat: &FakeChat) -> Self {
        Self { chat_id: chat.id, thread_id: None }
    }
}

/// A user stands for their private chat with the bot.
impl From<&FakeUser> for Target {
    fn from(user: &FakeUser) -> Self {
        Self { chat_id: user.id, thread_id: None }
    }
}

impl From<i64> for Target {
    fn from(chat_id: i64) -> Self {
        Self { chat_id, thread_id: None }
    }
}

/// A message the bot sent, as it stands now (after edits).
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    pub chat_id: i64,
    pub message_id: i64,
    pub thread_id: Option<i64>,
    /// The text, or the caption of a media message.
    pub text: Option<String>,
    pub reply_markup: Option<Value>,
    pub protect_content: bool,
    /// The message this one replies to.
    pub reply_to: Option<i64>,
    pub media: Option<SentMedia>,
    pub edit_count: u32,
    /// The Telegram `Message` object as the stand-in would return it now.
    pub raw: Value,
}

/// The file attached to a bot message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMedia {
    /// `photo`, `document`, `voice`, …: the `Message` field that holds it.
    pub kind: String,
    pub file_id: String,
}

impl SentMessage {
    pub(super) fn from_raw(raw: &Value, edit_count: u32) -> Self {
        let text = raw.get("text").or_else(|| raw.get("caption")).and_then(Value::as_str);
        let media =
            ["photo", "document", "voice", "audio", "video", "sticker", "animation"].into_iter().find_map(|kind| {
                let field = raw.get(kind)?;
                // A photo is an array of sizes; the largest comes last.
                let file = field.as_array().and_then(|sizes| sizes.last()).unwrap_or(field);
                let file_id = file.get("file_id")?.as_str()?.to_owned();
                Some(SentMedia { kind: kind.to_owned(), file_id })
            });
        Self {
            chat_id: raw["chat"]["id"].as_i64().unwrap_or_default(),
            message_id: raw["message_id"].as_i64().unwrap_or_default(),
            thread_id: raw.get("message_thread_id").and_then(Value::as_i64),
            text: text.map(str::to_owned),
            reply_markup: raw.get("reply_markup").cloned(),
            protect_content: raw.get("has_protected_content").and_then(Value::as_bool) == Some(true),
            reply_to: raw.pointer("/reply_to_message/message_id").and_then(Value::as_i64),
            media,
            edit_count,
            raw: raw.clone(),
        }
    }

    /// `(text, callback_data)` of every callback button of the inline keyboard, row by row.
    pub fn callback_buttons(&self) -> Vec<(String, String)> {
        let rows = self.reply_markup.as_ref().and_then(|m| m.get("inline_keyboard"));
        rows.and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(|button| {
                let text = button.get("text")?.as_str()?;
                let data = button.get("callback_data")?.as_str()?;
                Some((text.to_owned(), data.to_owned()))
            })
            .collect()
    }
}

/// One request the bot made, whatever came of it.
#[derive(Debug, Clone)]
pub struct RecordedCall {
    /// Spec spelling (`sendMessage`), or as sent if the spec does not know it.
    pub method: String,
    pub params: Value,
    pub at: SystemTime,
    pub outcome: CallOutcome,
}

/// How the stand-in answered a [`RecordedCall`].
#[derive(Debug, Clone, PartialEq)]
pub enum CallOutcome {
    Ok(Value),
    Error { code: u16, description: String },
}

impl CallOutcome {
    pub fn is_ok(&self) -> bool {
        matches!(self, Self::Ok(_))
    }
}

/// A request that broke the spec or one of Telegram's documented limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub method: String,
    pub detail: String,
}
