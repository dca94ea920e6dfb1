//! An update as it arrives: Telegram's bytes, parsed once into the `Update` the router needs. The
//! bytes are what the inbox seals (not a re-serialization), and what a retry reads again.

use teloxide::types::{Update, UpdateKind};

/// The update as the handler gets it: parsed, or why it could not be.
pub type Parsed = Result<Update, String>;

/// An update on its way from Telegram (or the inbox) to a shard.
#[derive(Debug)]
pub struct Incoming {
    pub update_id: i64,
    /// The chat it belongs to, for per-chat order (0 when it has none).
    pub chat: i64,
    /// Its kind as Telegram names it, for metrics and logs.
    pub kind: &'static str,
    pub update: Parsed,
    /// The JSON exactly as Telegram sent it.
    pub text: String,
}

impl Incoming {
    /// Parses `text`; `None` when it is not an update (not JSON, or no `update_id`).
    pub fn read(text: String) -> Option<Incoming> {
        let update = match parse(&text) {
            Ok(update) if !matches!(update.kind, UpdateKind::Error(_)) => {
                let (update_id, chat, kind) = (i64::from(update.id.0), chat_of(&update), kind_name(&update.kind));
                return Some(Incoming { update_id, chat, kind, update: Ok(update), text });
            }
            other => other,
        };
        // A kind teloxide does not know, or a shape it refuses (rare): read as plain JSON for its
        // id, chat and kind; the handler ignores it.
        let raw: serde_json::Value = serde_json::from_str(&text).ok()?;
        let update_id = raw.get("update_id").and_then(serde_json::Value::as_i64)?;
        Some(Incoming { update_id, chat: chat_key(&raw), kind: update_kind(&raw), update, text })
    }
}

/// Parses an update. teloxide's deserializers panic on a few malformed shapes (a `poll_answer`
/// with neither `user` nor `voter_chat`, found by the hostile-input test); that is an unparseable
/// update too, not a crash. From text, not a `Value`: teloxide's `Update` deserializer turns a
/// `Value` into `UpdateKind::Error` (its untagged fallback needs a borrowed input).
pub fn parse(text: &str) -> Parsed {
    match std::panic::catch_unwind(|| serde_json::from_str::<Update>(text)) {
        Ok(Ok(update)) => Ok(update),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the update's deserializer panicked".to_owned()),
    }
}

fn chat_of(update: &Update) -> i64 {
    match &update.kind {
        UpdateKind::Message(m)
        | UpdateKind::EditedMessage(m)
        | UpdateKind::ChannelPost(m)
        | UpdateKind::EditedChannelPost(m) => m.chat.id.0,
        UpdateKind::CallbackQuery(q) => {
            q.message.as_ref().map_or_else(|| i64::try_from(q.from.id.0).unwrap_or(0), |m| m.chat().id.0)
        }
        UpdateKind::MyChatMember(c) | UpdateKind::ChatMember(c) => c.chat.id.0,
        UpdateKind::ChatJoinRequest(r) => r.chat.id.0,
        _ => 0,
    }
}

/// A parsed update's kind as Telegram names it, for metrics and logs; "unknown" for one teloxide read
/// as `UpdateKind::Error`.
pub fn kind_name(kind: &UpdateKind) -> &'static str {
    match kind {
        UpdateKind::Message(_) => "message",
        UpdateKind::EditedMessage(_) => "edited_message",
        UpdateKind::CallbackQuery(_) => "callback_query",
        UpdateKind::MyChatMember(_) => "my_chat_member",
        UpdateKind::ChatMember(_) => "chat_member",
        UpdateKind::ChannelPost(_) => "channel_post",
        UpdateKind::EditedChannelPost(_) => "edited_channel_post",
        UpdateKind::ChatJoinRequest(_) => "chat_join_request",
        UpdateKind::InlineQuery(_) => "inline_query",
        UpdateKind::MessageReaction(_) => "message_reaction",
        UpdateKind::Poll(_) => "poll",
        UpdateKind::BusinessMessage(_) => "business_message",
        UpdateKind::Error(_) => "unknown",
        _ => "other",
    }
}

/// The update's kind as Telegram names it (its one field besides `update_id`).
pub fn update_kind(raw: &serde_json::Value) -> &'static str {
    const KINDS: [&str; 12] = [
        "message",
        "edited_message",
        "callback_query",
        "my_chat_member",
        "chat_member",
        "channel_post",
        "edited_channel_post",
        "chat_join_request",
        "inline_query",
        "message_reaction",
        "poll",
        "business_message",
    ];
    KINDS.into_iter().find(|k| raw.get(*k).is_some()).unwrap_or("other")
}

/// The chat an update belongs to, for per-chat ordering (0 when it has none).
pub fn chat_key(raw: &serde_json::Value) -> i64 {
    let pointers = [
        "/message/chat/id",
        "/edited_message/chat/id",
        "/channel_post/chat/id",
        "/edited_channel_post/chat/id",
        "/callback_query/message/chat/id",
        "/callback_query/from/id",
        "/my_chat_member/chat/id",
        "/chat_member/chat/id",
        "/chat_join_request/chat/id",
    ];
    pointers.iter().find_map(|p| raw.pointer(p).and_then(serde_json::Value::as_i64)).unwrap_or(0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn read(json: serde_json::Value) -> Incoming {
        Incoming::read(json.to_string()).unwrap()
    }

    #[test]
    fn the_parsed_update_gives_the_same_chat_and_kind_as_the_json() {
        let message = serde_json::json!({"update_id": 5, "message": {"message_id": 1, "date": 0,
            "chat": {"id": 42, "type": "private", "first_name": "Li"},
            "from": {"id": 42, "is_bot": false, "first_name": "Li"}, "text": "hi"}});
        let button = serde_json::json!({"update_id": 6, "callback_query": {"id": "c", "chat_instance": "i",
            "from": {"id": 43, "is_bot": false, "first_name": "Wang"}, "data": "x"}});
        for json in [message, button] {
            let incoming = read(json.clone());
            assert!(incoming.update.is_ok());
            assert_eq!(incoming.chat, chat_key(&json));
            assert_eq!(incoming.kind, update_kind(&json));
            assert_eq!(incoming.update_id, json["update_id"].as_i64().unwrap());
            assert_eq!(incoming.text, json.to_string(), "the bytes are kept as they came");
        }
    }

    #[test]
    fn an_unknown_kind_or_a_broken_shape_still_has_its_id_and_chat() {
        let unknown = read(serde_json::json!({"update_id": 7, "new_kind": {"chat": {"id": 1}}}));
        assert_eq!((unknown.update_id, unknown.chat, unknown.kind), (7, 0, "other"));
        let broken = read(serde_json::json!({"update_id": 8, "message": {"chat": {"id": 9}}}));
        assert_eq!((broken.update_id, broken.chat, broken.kind), (8, 9, "message"));
        assert!(Incoming::read("{\"no_id\": 1}".to_owned()).is_none());
        assert!(Incoming::read("not json".to_owned()).is_none());
    }
}
