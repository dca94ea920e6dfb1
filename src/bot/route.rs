//! What an update is, decided before anything is read or written: the one place that sorts
//! Telegram's update kinds into the paths of [`super::handler::Handler`].

use teloxide::types::{CallbackQuery, ChatMemberUpdated, MaybeInaccessibleMessage, Message, UpdateKind};
use wagedesk_telegram::incoming::kind_name;

/// The update kinds the bot asks Telegram for (`allowed_updates`): the ones [`route`] gives a path.
/// `chat_member` must be named to be sent at all; it keeps the membership cache honest.
pub const KINDS: &[&str] = &["message", "edited_message", "callback_query", "my_chat_member", "chat_member"];

/// An update sorted by who sent it and from where.
#[derive(Debug)]
pub enum Route {
    /// A worker's message in their private chat.
    WorkerMessage(Message),
    /// A worker edited a message: answered "please send it again".
    WorkerEdit(Message),
    /// A button pressed in a private chat (the intake's, a follow-up's, the relay's, or forged).
    WorkerButton(Box<CallbackQuery>),
    /// A message (or an edit) in a group or supergroup: staff commands, replies, relays.
    GroupMessage { msg: Message, edited: bool },
    /// A button pressed under a message in a group.
    GroupButton(Box<CallbackQuery>),
    /// A button press Telegram sent without its message: only answered.
    ButtonWithoutMessage(Box<CallbackQuery>),
    /// The bot was added to, promoted in or removed from a chat.
    Membership(Box<ChatMemberUpdated>),
    /// Another user joined, left, was promoted or removed in a group (`chat_member`).
    MemberChanged(Box<ChatMemberUpdated>),
    /// Anything else (channel posts, polls, …), named for the log.
    Ignored(&'static str),
}

pub fn route(kind: UpdateKind) -> Route {
    match kind {
        UpdateKind::Message(msg) if msg.chat.is_private() => Route::WorkerMessage(msg),
        UpdateKind::Message(msg) if is_group(&msg) => Route::GroupMessage { msg, edited: false },
        UpdateKind::EditedMessage(msg) if msg.chat.is_private() => Route::WorkerEdit(msg),
        UpdateKind::EditedMessage(msg) if is_group(&msg) => Route::GroupMessage { msg, edited: true },
        UpdateKind::CallbackQuery(q) if is_private_button(&q) => Route::WorkerButton(Box::new(q)),
        UpdateKind::CallbackQuery(q) if q.message.is_some() => Route::GroupButton(Box::new(q)),
        UpdateKind::CallbackQuery(q) => Route::ButtonWithoutMessage(Box::new(q)),
        UpdateKind::MyChatMember(change) => Route::Membership(Box::new(change)),
        UpdateKind::ChatMember(change) if change.chat.is_group() || change.chat.is_supergroup() => {
            Route::MemberChanged(Box::new(change))
        }
        other => Route::Ignored(kind_name(&other)),
    }
}

fn is_group(msg: &Message) -> bool {
    msg.chat.is_group() || msg.chat.is_supergroup()
}

fn is_private_button(q: &CallbackQuery) -> bool {
    match &q.message {
        Some(MaybeInaccessibleMessage::Regular(m)) => m.chat.is_private(),
        Some(MaybeInaccessibleMessage::Inaccessible(m)) => m.chat.is_private(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(json: serde_json::Value) -> UpdateKind {
        // From text: teloxide's `Update` reads a `Value` as `UpdateKind::Error`.
        let update: teloxide::types::Update = serde_json::from_str(&json.to_string()).expect("an update");
        update.kind
    }

    fn chat(id: i64, kind: &str) -> serde_json::Value {
        match kind {
            "private" => serde_json::json!({ "id": id, "type": "private", "first_name": "李" }),
            other => serde_json::json!({ "id": id, "type": other, "title": "西湖区劳动监察大队" }),
        }
    }

    fn message(chat_json: serde_json::Value) -> serde_json::Value {
        serde_json::json!({
            "message_id": 5, "date": 1_767_225_600, "chat": chat_json, "text": "/cases",
            "from": { "id": 42, "is_bot": false, "first_name": "李" }
        })
    }

    #[test]
    fn every_update_kind_goes_where_it_belongs() {
        let private = kind(serde_json::json!({ "update_id": 1, "message": message(chat(42, "private")) }));
        assert!(matches!(route(private), Route::WorkerMessage(_)));
        let group = kind(serde_json::json!({ "update_id": 2, "message": message(chat(-100, "supergroup")) }));
        assert!(matches!(route(group), Route::GroupMessage { edited: false, .. }));
        let edit = kind(serde_json::json!({ "update_id": 3, "edited_message": message(chat(42, "private")) }));
        assert!(matches!(route(edit), Route::WorkerEdit(_)));
        let group_edit = kind(serde_json::json!({ "update_id": 4, "edited_message": message(chat(-5, "group")) }));
        assert!(matches!(route(group_edit), Route::GroupMessage { edited: true, .. }));
        let from = serde_json::json!({ "id": 42, "is_bot": false, "first_name": "李" });
        let press = |chat_json: Option<serde_json::Value>| {
            let mut q = serde_json::json!({ "id": "q1", "from": from, "chat_instance": "c", "data": "1:lang:zh" });
            if let Some(c) = chat_json {
                q["message"] = message(c);
            }
            kind(serde_json::json!({ "update_id": 5, "callback_query": q }))
        };
        assert!(matches!(route(press(Some(chat(42, "private")))), Route::WorkerButton(_)));
        assert!(matches!(route(press(Some(chat(-100, "supergroup")))), Route::GroupButton(_)));
        assert!(matches!(route(press(None)), Route::ButtonWithoutMessage(_)));
        let channel = kind(serde_json::json!({ "update_id": 6, "channel_post": message(chat(-7, "channel")) }));
        assert!(matches!(route(channel), Route::Ignored("channel_post")));
        let member = |chat_json: serde_json::Value| {
            let change = serde_json::json!({
                "chat": chat_json, "from": from, "date": 1_767_225_600,
                "old_chat_member": { "user": from, "status": "member" },
                "new_chat_member": { "user": from, "status": "left" },
            });
            kind(serde_json::json!({ "update_id": 7, "chat_member": change }))
        };
        assert!(matches!(route(member(chat(-100, "supergroup"))), Route::MemberChanged(_)));
        assert!(matches!(route(member(chat(-7, "channel"))), Route::Ignored("chat_member")));
    }
}
