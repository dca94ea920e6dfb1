//! Lifting a worker's Telegram message into an intake [`Input`]: commands, text, contacts, and media
//! (fetched as evidence files by [`crate::evidence`]).

use teloxide::types::{FileMeta, Message};

use crate::commands;
use crate::intake::{Command, Input};

/// What a private message is, before any download.
pub enum Incoming {
    Ready(Input),
    /// A file that becomes evidence once fetched, with what the worker wrote with it.
    File {
        kind: &'static str,
        meta: FileMeta,
        caption: Option<String>,
    },
}

pub fn classify(msg: &Message, bot_username: &str) -> Incoming {
    if let Some(text) = msg.text() {
        return Incoming::Ready(match parse_command(text, bot_username) {
            Some(command) => Input::Command(command),
            None => Input::Text(text.to_owned()),
        });
    }
    if let Some(contact) = msg.contact() {
        let own = match (contact.user_id, msg.from.as_ref()) {
            (Some(owner), Some(from)) => owner == from.id,
            _ => false,
        };
        return Incoming::Ready(Input::Contact { phone: contact.phone_number.clone(), own });
    }
    if let Some(largest) = msg.photo().and_then(|s| s.iter().max_by_key(|p| u64::from(p.width) * u64::from(p.height))) {
        return Incoming::File { kind: "photo", meta: largest.file.clone(), caption: caption(msg) };
    }
    if let Some(doc) = msg.document() {
        return Incoming::File { kind: "document", meta: doc.file.clone(), caption: caption(msg) };
    }
    if let Some(voice) = msg.voice() {
        return Incoming::File { kind: "voice", meta: voice.file.clone(), caption: caption(msg) };
    }
    if let Some(video) = msg.video() {
        return Incoming::File { kind: "video", meta: video.file.clone(), caption: caption(msg) };
    }
    if let Some(audio) = msg.audio() {
        return Incoming::File { kind: "audio", meta: audio.file.clone(), caption: caption(msg) };
    }
    if let Some(note) = msg.video_note() {
        return Incoming::File { kind: "video", meta: note.file.clone(), caption: caption(msg) };
    }
    let kind = if msg.sticker().is_some() {
        "sticker"
    } else if msg.location().is_some() || msg.venue().is_some() {
        "location"
    } else if msg.animation().is_some() {
        "animation"
    } else if msg.poll().is_some() {
        "poll"
    } else {
        "other"
    };
    Incoming::Ready(Input::Unsupported(kind))
}

/// A file's caption, when it says anything.
pub fn caption(msg: &Message) -> Option<String> {
    msg.caption().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned)
}

/// Parses a worker's command; a command addressed to another bot is plain text.
pub fn parse_command(text: &str, bot_username: &str) -> Option<Command> {
    let (name, payload) = commands::split(text, bot_username)?;
    Some(commands::worker(&name, &payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse_with_payload_and_bot_suffix() {
        assert_eq!(parse_command("/start abc_DEF-1", "wagedesk_bot"), Some(Command::Start(Some("abc_DEF-1".into()))));
        assert_eq!(parse_command("/status@WageDesk_Bot", "wagedesk_bot"), Some(Command::Status));
        assert_eq!(parse_command("/status@other_bot", "wagedesk_bot"), None);
        assert_eq!(parse_command("/frobnicate", "wagedesk_bot"), Some(Command::Unknown("frobnicate".into())));
        assert_eq!(parse_command("hello", "wagedesk_bot"), None);
    }
}
