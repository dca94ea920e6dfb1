//! Routes a checked request to its handler, and answers the small methods: identity, webhook
//! stubs, callback answers, bot commands.

use serde_json::{Map, Value, json};

use super::body::Uploads;
use super::reply::{Answer, ApiError, ApiResult, Reply};
use super::state::World;
use super::{chats, copies, media, messages};

/// Reading a request's (already type-checked) parameters.
pub(super) struct Params<'a>(pub &'a Map<String, Value>);

impl Params<'_> {
    pub fn int(&self, name: &str) -> Option<i64> {
        self.0.get(name).and_then(Value::as_i64)
    }

    pub fn str(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    pub fn flag(&self, name: &str) -> bool {
        self.0.get(name).and_then(Value::as_bool) == Some(true)
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// A required integer the spec check already guaranteed; 0 if it somehow is not there.
    pub fn id(&self, name: &str) -> i64 {
        self.int(name).unwrap_or_default()
    }

    /// `chat_id` (or another chat field): an integer, or `@username` of a known chat.
    pub fn chat(&self, world: &World, name: &str) -> Result<i64, ApiError> {
        match self.0.get(name) {
            Some(Value::Number(n)) => n.as_i64().ok_or_else(ApiError::chat_not_found),
            Some(Value::String(handle)) => {
                let handle = handle.strip_prefix('@').unwrap_or(handle);
                // Only public groups are reachable by username (a title stands in for groups without one).
                let groups = || world.chats.values().filter(|c| c.chat.id < 0);
                groups()
                    .find(|c| c.username.as_deref() == Some(handle))
                    .or_else(|| groups().find(|c| c.chat.title.as_deref() == Some(handle)))
                    .map(|c| c.chat.id)
                    .ok_or_else(ApiError::chat_not_found)
            }
            _ => Err(ApiError::chat_not_found()),
        }
    }
}

pub(super) fn dispatch(world: &mut World, method: &str, params: &Map<String, Value>, uploads: &Uploads) -> Answer {
    let p = Params(params);
    match method {
        // A message the bot sent or edited is answered with the stored one itself.
        "sendMessage" => messages::send_message(world, &p).map(Reply::Shared),
        "editMessageText" => messages::edit_message_text(world, &p).map(Reply::Shared),
        "editMessageCaption" => messages::edit_message_caption(world, &p).map(Reply::Shared),
        "editMessageReplyMarkup" => messages::edit_message_reply_markup(world, &p).map(Reply::Shared),
        "forwardMessage" => copies::forward_message(world, &p).map(Reply::Shared),
        "sendPhoto" | "sendDocument" | "sendVoice" | "sendVideo" | "sendAudio" => {
            media::send_media(world, method, &p, uploads).map(Reply::Shared)
        }
        _ => dispatch_json(world, method, &p).map(Reply::Json),
    }
}

fn dispatch_json(world: &mut World, method: &str, p: &Params<'_>) -> ApiResult {
    match method {
        "getMe" => Ok(get_me(world)),
        "logOut" | "close" | "sendChatAction" | "setMessageReaction" => {
            // Still refuse for chats that do not exist, like Telegram.
            if p.get("chat_id").is_some() {
                let chat_id = p.chat(world, "chat_id")?;
                world.chat(chat_id)?;
            }
            Ok(json!(true))
        }
        "answerCallbackQuery" => answer_callback_query(world, p),
        "setMyCommands" => {
            let key = commands_key(p);
            world.commands.insert(key, p.get("commands").cloned().unwrap_or_else(|| json!([])));
            Ok(json!(true))
        }
        "getMyCommands" => Ok(world.commands.get(&commands_key(p)).cloned().unwrap_or_else(|| json!([]))),
        "deleteMyCommands" => {
            world.commands.remove(&commands_key(p));
            Ok(json!(true))
        }
        "deleteMessage" => messages::delete_message(world, p),
        "copyMessage" => copies::copy_message(world, p),
        "getFile" => media::get_file(world, p),
        "getChat" => chats::get_chat(world, p),
        "getChatMember" => chats::get_chat_member(world, p),
        "getChatAdministrators" => chats::get_chat_administrators(world, p),
        "getChatMemberCount" => chats::get_chat_member_count(world, p),
        "leaveChat" => chats::leave_chat(world, p),
        "createForumTopic" => chats::create_forum_topic(world, p),
        _ => Err(ApiError::bad_request("method not supported by the stand-in")),
    }
}

fn get_me(world: &World) -> Value {
    let mut me = world.bot_json();
    me["can_join_groups"] = json!(true);
    me["can_read_all_group_messages"] = json!(false);
    me["supports_inline_queries"] = json!(false);
    me["can_connect_to_business"] = json!(false);
    me["has_main_web_app"] = json!(false);
    me
}

/// How long after a press Telegram still takes its answer. The Bot API does not say; answers a
/// quarter of a minute late are refused in practice, so the stand-in refuses them too.
pub const CALLBACK_ANSWER_DEADLINE: std::time::Duration = std::time::Duration::from_secs(15);

fn answer_callback_query(world: &mut World, p: &Params<'_>) -> ApiResult {
    let id = p.str("callback_query_id").unwrap_or_default();
    let now = std::time::Instant::now();
    let late = match world.callback_times.get_mut(id) {
        Some((pressed, answered)) => {
            answered.get_or_insert(now);
            now.duration_since(*pressed) > CALLBACK_ANSWER_DEADLINE
        }
        None => false,
    };
    match world.callback_queries.get_mut(id) {
        Some(None) if late => {
            Err(ApiError::bad_request("query is too old and response timeout expired or query ID is invalid"))
        }
        // Telegram refuses a second answer just as it refuses an unknown id.
        Some(answer @ None) => {
            *answer = Some(Value::Object(p.0.clone()));
            Ok(json!(true))
        }
        _ => Err(ApiError::bad_request("query is too old and response timeout expired or query ID is invalid")),
    }
}

/// Commands are kept per scope and language; an absent scope is the default scope.
pub(super) fn commands_key(p: &Params<'_>) -> (String, String) {
    let scope = p.get("scope").cloned().unwrap_or_else(|| json!({ "type": "default" }));
    (scope.to_string(), p.str("language_code").unwrap_or_default().to_owned())
}
