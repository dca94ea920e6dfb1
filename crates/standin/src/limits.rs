//! Telegram's documented limits that the spec's types cannot express: text and caption lengths,
//! callback data size, button labels, command names, parse modes.

use serde_json::{Map, Value};

use super::spec::spec;
use super::validate::Problem;

pub(super) const MAX_TEXT_CHARS: usize = 4096;
pub(super) const MAX_CAPTION_CHARS: usize = 1024;
pub(super) const MAX_CALLBACK_DATA_BYTES: usize = 64;
pub(super) const MAX_CALLBACK_ANSWER_CHARS: usize = 200;
const PARSE_MODES: [&str; 3] = ["HTML", "Markdown", "MarkdownV2"];

/// Lengths as Telegram counts them: UTF-16 code units (an emoji such as 💰 is two).
fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

fn text_of<'a>(params: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    params.get(name).and_then(Value::as_str)
}

/// Limits on a method's top-level fields.
pub(super) fn check_method(method: &str, params: &Map<String, Value>, out: &mut Vec<Problem>) {
    if matches!(method, "sendMessage" | "editMessageText")
        && let Some(text) = text_of(params, "text")
    {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            out.push(Problem::new(
                format!("{method}: text is empty after trimming"),
                "Bad Request: message text is empty",
            ));
        } else if utf16_len(trimmed) > MAX_TEXT_CHARS {
            out.push(Problem::new(
                format!("{method}: text is {} UTF-16 units long, the limit is {MAX_TEXT_CHARS}", utf16_len(trimmed)),
                // Telegram words the same limit differently for edits.
                if method == "editMessageText" {
                    "Bad Request: MESSAGE_TOO_LONG"
                } else {
                    "Bad Request: message is too long"
                },
            ));
        }
    }
    if method == "answerCallbackQuery" {
        if let Some(text) = text_of(params, "text")
            && utf16_len(text) > MAX_CALLBACK_ANSWER_CHARS
        {
            out.push(Problem::new(
                format!("answerCallbackQuery: text is longer than {MAX_CALLBACK_ANSWER_CHARS}"),
                "Bad Request: MESSAGE_TOO_LONG",
            ));
        }
    } else if let Some(caption) = text_of(params, "caption")
        && utf16_len(caption.trim()) > MAX_CAPTION_CHARS
    {
        out.push(Problem::new(
            format!("{method}: caption is longer than {MAX_CAPTION_CHARS} characters"),
            "Bad Request: message caption is too long",
        ));
    }
    if let Some(mode) = text_of(params, "parse_mode")
        && !mode.is_empty()
        && !PARSE_MODES.iter().any(|m| m.eq_ignore_ascii_case(mode))
    {
        out.push(Problem::new(
            format!("{method}: parse_mode \"{mode}\" is not one of {PARSE_MODES:?}"),
            format!("Bad Request: unsupported parse_mode \"{mode}\""),
        ));
    }
}

/// Limits on objects nested anywhere in a request, called once the object's shape is checked.
pub(super) fn check_object(type_name: &str, object: &Map<String, Value>, path: &str, out: &mut Vec<Problem>) {
    match type_name {
        "InlineKeyboardButton" | "KeyboardButton" => {
            if object.get("text").and_then(Value::as_str).is_some_and(|t| t.trim().is_empty()) {
                out.push(Problem::new(format!("`{path}.text` is empty"), "Bad Request: BUTTON_TEXT_INVALID"));
            }
            if let Some(data) = object.get("callback_data").and_then(Value::as_str)
                && !(1..=MAX_CALLBACK_DATA_BYTES).contains(&data.len())
            {
                out.push(Problem::new(
                    format!("`{path}.callback_data` is {} bytes, it must be 1-{MAX_CALLBACK_DATA_BYTES}", data.len()),
                    "Bad Request: BUTTON_DATA_INVALID",
                ));
            }
            if type_name == "InlineKeyboardButton" {
                check_inline_button_action(object, path, out);
            }
        }
        "BotCommand" => check_bot_command(object, path, out),
        _ => {}
    }
}

/// An inline button must do exactly one thing (callback, url, …).
fn check_inline_button_action(object: &Map<String, Value>, path: &str, out: &mut Vec<Problem>) {
    // Unknown keys are reported by the spec check; only the spec's action fields count here.
    let spec_fields = spec().type_spec("InlineKeyboardButton").map(|t| &t.fields[..]).unwrap_or_default();
    let actions = object
        .keys()
        .filter(|k| !matches!(k.as_str(), "text" | "icon_custom_emoji_id" | "style"))
        .filter(|k| spec_fields.iter().any(|f| &f.name == *k))
        .count();
    if actions == 0 {
        out.push(Problem::new(
            format!("`{path}` has no action (callback_data, url, …)"),
            "Bad Request: text buttons are unallowed in the inline keyboard",
        ));
    } else if actions > 1 {
        out.push(Problem::new(
            format!("`{path}` has {actions} actions, exactly one is allowed"),
            "Bad Request: can't parse inline keyboard button: exactly one of the optional fields must be used",
        ));
    }
}

fn check_bot_command(object: &Map<String, Value>, path: &str, out: &mut Vec<Problem>) {
    if let Some(command) = object.get("command").and_then(Value::as_str) {
        // Telegram tolerates a leading slash, which teloxide's derived commands include.
        let name = command.strip_prefix('/').unwrap_or(command);
        let valid = (1..=32).contains(&name.len())
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            out.push(Problem::new(
                format!("`{path}.command` \"{command}\" must match [a-z0-9_]{{1,32}}"),
                "Bad Request: BOT_COMMAND_INVALID",
            ));
        }
    }
    if let Some(description) = object.get("description").and_then(Value::as_str) {
        let len = description.trim().chars().count();
        if !(1..=256).contains(&len) {
            out.push(Problem::new(
                format!("`{path}.description` has {len} characters, it must be 1-256"),
                "Bad Request: command description is invalid",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(method: &str, params: Value) -> Vec<String> {
        let Value::Object(params) = params else { panic!("an object") };
        let mut out = Vec::new();
        check_method(method, &params, &mut out);
        out.into_iter().map(|p| p.description).collect()
    }

    #[test]
    fn text_and_caption_limits_count_utf16_units_as_telegram_does() {
        // 2,048 emoji are 4,096 units: the most a message may hold; one more character is too long.
        let full = "💰".repeat(2048);
        assert!(problems("sendMessage", serde_json::json!({ "chat_id": 1, "text": full })).is_empty());
        let over = format!("{full}a");
        assert_eq!(
            problems("sendMessage", serde_json::json!({ "chat_id": 1, "text": over })),
            ["Bad Request: message is too long"]
        );
        // 3,000 Chinese characters are 3,000 units, well inside.
        assert!(problems("sendMessage", serde_json::json!({ "chat_id": 1, "text": "欠".repeat(3000) })).is_empty());
        let caption = "👷".repeat(513);
        assert_eq!(
            problems("sendPhoto", serde_json::json!({ "chat_id": 1, "photo": "x", "caption": caption })),
            ["Bad Request: message caption is too long"]
        );
    }
}
