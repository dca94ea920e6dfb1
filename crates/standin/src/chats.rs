//! Chats as the bot sees them: full chat info, members and administrators, leaving, and forum
//! topics.

use serde_json::{Map, Value, json};

use super::methods::Params;
use super::model::{ChatKind, MemberStatus};
use super::reply::{ApiError, ApiResult};
use super::state::{ChatEntry, World};

pub(super) fn get_chat(world: &World, p: &Params<'_>) -> ApiResult {
    let chat_id = p.chat(world, "chat_id")?;
    let entry = world.chat(chat_id)?;
    let mut info = world.chat_json(&entry.chat);
    info["accent_color_id"] = json!(0);
    info["max_reaction_count"] = json!(11);
    info["accepted_gift_types"] = json!({
        "unlimited_gifts": false,
        "limited_gifts": false,
        "unique_gifts": false,
        "premium_subscription": false,
    });
    Ok(info)
}

/// A `ChatMember` object with every field teloxide requires for the status.
pub(super) fn member_json(user: Value, status: MemberStatus) -> Value {
    let mut member = json!({ "user": user, "status": status.as_str() });
    match status {
        MemberStatus::Creator => member["is_anonymous"] = json!(false),
        MemberStatus::Administrator => {
            let rights = [
                "can_be_edited",
                "can_manage_chat",
                "can_change_info",
                "can_delete_messages",
                "can_manage_video_chats",
                "can_invite_users",
                "can_restrict_members",
                "can_pin_messages",
                "can_manage_topics",
                "can_promote_members",
                "can_post_stories",
                "can_edit_stories",
                "can_delete_stories",
            ];
            member["is_anonymous"] = json!(false);
            for right in rights {
                member[right] = json!(right != "can_be_edited" && right != "can_promote_members");
            }
        }
        MemberStatus::Kicked => member["until_date"] = json!(0),
        MemberStatus::Restricted => {
            let rights = [
                "can_send_messages",
                "can_send_audios",
                "can_send_documents",
                "can_send_photos",
                "can_send_videos",
                "can_send_video_notes",
                "can_send_voice_notes",
                "can_send_polls",
                "can_send_other_messages",
                "can_add_web_page_previews",
                "can_react_to_messages",
                "can_edit_tag",
                "can_change_info",
                "can_invite_users",
                "can_pin_messages",
                "can_manage_topics",
            ];
            member["is_member"] = json!(true);
            member["until_date"] = json!(0);
            for right in rights {
                member[right] = json!(false);
            }
        }
        MemberStatus::Member | MemberStatus::Left => {}
    }
    member
}

fn status_in(world: &World, entry: &ChatEntry, user_id: i64) -> MemberStatus {
    if user_id == world.bot.id {
        return entry.bot_status;
    }
    if entry.chat.kind == ChatKind::Private {
        return if user_id == entry.chat.id { MemberStatus::Member } else { MemberStatus::Left };
    }
    entry.members.get(&user_id).copied().unwrap_or(MemberStatus::Left)
}

fn user_value(world: &World, user_id: i64) -> Option<Value> {
    if user_id == world.bot.id {
        return Some(world.bot_json());
    }
    world.users.get(&user_id).map(|entry| World::user_json(&entry.user, false))
}

pub(super) fn get_chat_member(world: &World, p: &Params<'_>) -> ApiResult {
    let chat_id = p.chat(world, "chat_id")?;
    let entry = world.chat(chat_id)?;
    let user_id = p.id("user_id");
    let user = user_value(world, user_id).ok_or_else(|| ApiError::bad_request("user not found"))?;
    Ok(member_json(user, status_in(world, entry, user_id)))
}

pub(super) fn get_chat_administrators(world: &World, p: &Params<'_>) -> ApiResult {
    let chat_id = p.chat(world, "chat_id")?;
    let entry = world.chat(chat_id)?;
    if entry.chat.kind == ChatKind::Private {
        return Err(ApiError::bad_request("there are no administrators in the private chat"));
    }
    let mut ids: Vec<i64> = entry.members.keys().copied().collect();
    ids.push(world.bot.id);
    let admins = ids
        .into_iter()
        .filter(|id| matches!(status_in(world, entry, *id), MemberStatus::Creator | MemberStatus::Administrator))
        .filter_map(|id| Some(member_json(user_value(world, id)?, status_in(world, entry, id))))
        .collect();
    Ok(Value::Array(admins))
}

pub(super) fn get_chat_member_count(world: &World, p: &Params<'_>) -> ApiResult {
    let chat_id = p.chat(world, "chat_id")?;
    let entry = world.chat(chat_id)?;
    if entry.chat.kind == ChatKind::Private {
        return Ok(json!(2));
    }
    let present = |s: &MemberStatus| !matches!(s, MemberStatus::Left | MemberStatus::Kicked);
    let bot = usize::from(present(&entry.bot_status));
    Ok(json!(entry.members.values().filter(|s| present(s)).count() + bot))
}

pub(super) fn leave_chat(world: &mut World, p: &Params<'_>) -> ApiResult {
    let chat_id = p.chat(world, "chat_id")?;
    let entry = world.chat_mut(chat_id)?;
    if entry.chat.kind == ChatKind::Private {
        return Err(ApiError::bad_request("chat member status can't be changed in private chats"));
    }
    if matches!(entry.bot_status, MemberStatus::Left | MemberStatus::Kicked) {
        return Err(ApiError::new(403, "Forbidden: bot is not a member of the supergroup chat"));
    }
    entry.bot_status = MemberStatus::Left;
    Ok(json!(true))
}

/// Default topic icon colour (one of the six Telegram allows).
const TOPIC_COLOR: i64 = 7_322_096;

pub(super) fn create_forum_topic(world: &mut World, p: &Params<'_>) -> ApiResult {
    let chat_id = p.chat(world, "chat_id")?;
    let entry = world.chat(chat_id)?;
    if entry.chat.kind != (ChatKind::Supergroup { is_forum: true }) {
        return Err(ApiError::bad_request("the chat is not a forum"));
    }
    if !matches!(entry.bot_status, MemberStatus::Creator | MemberStatus::Administrator) {
        return Err(ApiError::bad_request("not enough rights to create a topic"));
    }
    let name = p.str("name").unwrap_or_default().trim().to_owned();
    if name.is_empty() || name.encode_utf16().count() > 128 {
        return Err(ApiError::bad_request("TOPIC_TITLE_EMPTY"));
    }
    let color = p.int("icon_color").unwrap_or(TOPIC_COLOR);
    // As on Telegram, the topic's thread id is the id of its "topic created" service message.
    let mut fields = Map::new();
    fields.insert("from".into(), world.bot_json());
    fields.insert("forum_topic_created".into(), json!({ "name": name, "icon_color": color }));
    // A service message: not counted among the bot's messages in `messages_in`.
    // The returned message is dropped at once, so marking the stored one below does not copy it.
    let thread_id = world.add_message(chat_id, None, fields, false)?["message_id"].as_i64().unwrap_or_default();
    if let Some(stored) = world.message_mut(chat_id, thread_id)
        && let Some(raw) = std::sync::Arc::make_mut(&mut stored.raw).as_object_mut()
    {
        raw.insert("message_thread_id".into(), json!(thread_id));
        raw.insert("is_topic_message".into(), json!(true));
    }
    world.chat_mut(chat_id)?.topics.insert(thread_id, name.clone());
    Ok(json!({ "message_thread_id": thread_id, "name": name, "icon_color": color }))
}
