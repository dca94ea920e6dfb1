//! Copying and forwarding a stored message into another chat or topic.

use serde_json::{Map, Value, json};

use super::messages::{bot_message_fields, check_can_send};
use super::methods::Params;
use super::reply::{ApiError, ApiResult};
use super::state::{World, unix_now};

/// Content fields a copy or forward carries over.
const CONTENT: [&str; 13] = [
    "text",
    "entities",
    "caption",
    "caption_entities",
    "photo",
    "document",
    "voice",
    "audio",
    "video",
    "sticker",
    "animation",
    "location",
    "contact",
];

fn source_message(world: &World, p: &Params<'_>, missing: &str) -> Result<Map<String, Value>, ApiError> {
    let from_chat = p.chat(world, "from_chat_id")?;
    world.chat(from_chat)?;
    let source =
        world.message(from_chat, p.id("message_id")).ok_or_else(|| ApiError::bad_request(missing.to_owned()))?;
    Ok(source.raw.as_object().cloned().unwrap_or_default())
}

pub(super) fn copy_message(world: &mut World, p: &Params<'_>) -> ApiResult {
    let source = source_message(world, p, "message to copy not found")?;
    let mut out = bot_message_fields(world, p)?;
    for key in CONTENT {
        if let Some(value) = source.get(key) {
            out.fields.insert(key.into(), value.clone());
        }
    }
    if let Some(caption) = p.str("caption") {
        out.fields.insert("caption".into(), json!(caption));
        out.fields.remove("caption_entities");
    }
    let message = out.store(world)?;
    Ok(json!({ "message_id": message["message_id"] }))
}

pub(super) fn forward_message(world: &mut World, p: &Params<'_>) -> Result<std::sync::Arc<Value>, ApiError> {
    let source = source_message(world, p, "message to forward not found")?;
    let chat_id = p.chat(world, "chat_id")?;
    let thread_id = p.int("message_thread_id");
    check_can_send(world, chat_id, thread_id)?;
    let mut fields = Map::new();
    fields.insert("from".into(), world.bot_json());
    for key in CONTENT {
        if let Some(value) = source.get(key) {
            fields.insert(key.into(), value.clone());
        }
    }
    let sender = source.get("from").cloned().unwrap_or_else(|| world.bot_json());
    let date = source.get("date").cloned().unwrap_or_else(|| json!(unix_now()));
    fields.insert("forward_origin".into(), json!({ "type": "user", "sender_user": sender, "date": date }));
    if p.flag("protect_content") {
        fields.insert("has_protected_content".into(), json!(true));
    }
    world.add_message(chat_id, thread_id, fields, true)
}
