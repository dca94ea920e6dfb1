//! The bot's messages: sending, editing, deleting, copying and forwarding, with Telegram's
//! refusals (blocked user, missing message, unchanged edit).

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::methods::Params;
use super::model::{ChatKind, MemberStatus};
use super::reply::{ApiError, ApiResult};
use super::state::{World, unix_now};

/// Whether the bot may post into `chat_id` (and `thread_id`) at all.
pub(super) fn check_can_send(world: &World, chat_id: i64, thread_id: Option<i64>) -> Result<(), ApiError> {
    let entry = world.chat(chat_id)?;
    let what = match entry.chat.kind {
        ChatKind::Private => {
            if world.users.get(&chat_id).is_some_and(|u| u.blocked) {
                return Err(ApiError::blocked());
            }
            return Ok(());
        }
        ChatKind::Group if let Some(to) = entry.migrated_to => return Err(ApiError::migrated(to)),
        ChatKind::Group => "group chat",
        ChatKind::Supergroup { .. } => "supergroup chat",
    };
    match entry.bot_status {
        MemberStatus::Left => {
            return Err(ApiError::new(403, format!("Forbidden: bot is not a member of the {what}")));
        }
        MemberStatus::Kicked => {
            return Err(ApiError::new(403, format!("Forbidden: bot was kicked from the {what}")));
        }
        _ => {}
    }
    if let Some(thread_id) = thread_id
        && !entry.topics.contains_key(&thread_id)
    {
        return Err(ApiError::bad_request("message thread not found"));
    }
    Ok(())
}

/// A bot message about to be stored: where it goes and its fields so far.
pub(super) struct Outgoing {
    pub chat_id: i64,
    pub thread_id: Option<i64>,
    pub fields: Map<String, Value>,
}

impl Outgoing {
    pub fn store(self, world: &mut World) -> Result<Arc<Value>, ApiError> {
        world.add_message(self.chat_id, self.thread_id, self.fields, true)
    }
}

/// The fields every message the bot posts shares: sender, keyboard, protection, reply.
pub(super) fn bot_message_fields(world: &World, p: &Params<'_>) -> Result<Outgoing, ApiError> {
    let chat_id = p.chat(world, "chat_id")?;
    let thread_id = p.int("message_thread_id");
    check_can_send(world, chat_id, thread_id)?;
    let mut fields = Map::new();
    fields.insert("from".into(), world.bot_json());
    // Only inline keyboards come back on the Message; reply keyboards stay client-side.
    if let Some(markup) = p.get("reply_markup").filter(|m| m.get("inline_keyboard").is_some()) {
        fields.insert("reply_markup".into(), markup.clone());
    }
    if p.flag("protect_content") {
        fields.insert("has_protected_content".into(), json!(true));
    }
    if let Some(reply) = p.get("reply_parameters") {
        let reply_chat = match reply.get("chat_id") {
            Some(_) => Params(reply.as_object().unwrap_or(p.0)).chat(world, "chat_id")?,
            None => chat_id,
        };
        let reply_id = reply.get("message_id").and_then(Value::as_i64).unwrap_or_default();
        match world.message(reply_chat, reply_id) {
            Some(original) => {
                let mut original = Value::clone(&original.raw);
                if let Some(object) = original.as_object_mut() {
                    object.remove("reply_to_message");
                }
                fields.insert("reply_to_message".into(), original);
            }
            None if reply.get("allow_sending_without_reply") == Some(&json!(true)) => {}
            None => return Err(ApiError::bad_request("message to be replied not found")),
        }
    }
    Ok(Outgoing { chat_id, thread_id, fields })
}

pub(super) fn send_message(world: &mut World, p: &Params<'_>) -> Result<Arc<Value>, ApiError> {
    let mut out = bot_message_fields(world, p)?;
    out.fields.insert("text".into(), json!(p.str("text").unwrap_or_default()));
    if let Some(entities) = p.get("entities") {
        out.fields.insert("entities".into(), entities.clone());
    }
    out.store(world)
}

/// The bot's own live message named by `chat_id` + `message_id`.
fn own_message<'w>(
    world: &'w mut World,
    p: &Params<'_>,
    missing: &str,
) -> Result<&'w mut super::state::StoredMessage, ApiError> {
    if p.get("inline_message_id").is_some() {
        return Err(ApiError::bad_request("inline messages are not supported by the stand-in"));
    }
    let chat_id = p.chat(world, "chat_id")?;
    world.chat(chat_id)?;
    let message =
        world.message_mut(chat_id, p.id("message_id")).ok_or_else(|| ApiError::bad_request(missing.to_owned()))?;
    if !message.from_bot {
        return Err(ApiError::bad_request("message can't be edited"));
    }
    Ok(message)
}

/// Applies an edit of `field` (text or caption) and the keyboard, refusing a no-op like Telegram.
fn edit(world: &mut World, p: &Params<'_>, field: Option<&str>) -> Result<Arc<Value>, ApiError> {
    let message = own_message(world, p, "message to edit not found")?;
    let raw = Arc::make_mut(&mut message.raw)
        .as_object_mut()
        .ok_or_else(|| ApiError::bad_request("message can't be edited"))?;
    let new_markup = p.get("reply_markup").cloned();
    let mut changed = raw.get("reply_markup") != new_markup.as_ref();
    if let Some(field) = field {
        if field == "text" && raw.get("text").is_none() {
            return Err(ApiError::bad_request("there is no text in the message to edit"));
        }
        let new_text = json!(p.str(field).unwrap_or_default());
        changed |= raw.get(field) != Some(&new_text);
        raw.insert(field.into(), new_text);
        match p.get(if field == "text" { "entities" } else { "caption_entities" }) {
            Some(entities) => {
                raw.insert(if field == "text" { "entities" } else { "caption_entities" }.into(), entities.clone())
            }
            None => raw.remove(if field == "text" { "entities" } else { "caption_entities" }),
        };
    }
    if !changed {
        return Err(ApiError::bad_request(
            "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
        ));
    }
    // Editing without a keyboard removes it, as on Telegram.
    match new_markup {
        Some(markup) => raw.insert("reply_markup".into(), markup),
        None => raw.remove("reply_markup"),
    };
    raw.insert("edit_date".into(), json!(unix_now()));
    message.edit_count += 1;
    Ok(message.raw.clone())
}

pub(super) fn edit_message_text(world: &mut World, p: &Params<'_>) -> Result<Arc<Value>, ApiError> {
    if p.str("text").is_none() {
        return Err(ApiError::bad_request("message text is empty"));
    }
    edit(world, p, Some("text"))
}

pub(super) fn edit_message_caption(world: &mut World, p: &Params<'_>) -> Result<Arc<Value>, ApiError> {
    edit(world, p, Some("caption"))
}

pub(super) fn edit_message_reply_markup(world: &mut World, p: &Params<'_>) -> Result<Arc<Value>, ApiError> {
    edit(world, p, None)
}

pub(super) fn delete_message(world: &mut World, p: &Params<'_>) -> ApiResult {
    let chat_id = p.chat(world, "chat_id")?;
    world.chat(chat_id)?;
    let message = world
        .message_mut(chat_id, p.id("message_id"))
        .ok_or_else(|| ApiError::bad_request("message to delete not found"))?;
    message.deleted = true;
    Ok(json!(true))
}
