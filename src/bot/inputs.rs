//! Lifting a worker's Telegram message into an intake [`Input`]: commands, text, contacts, and media
//! (downloaded, hashed and kept as evidence files).

use std::path::Path;

use sha2::{Digest, Sha256};
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::{FileMeta, Message};

use crate::clock::stamp;
use crate::commands;
use crate::context::Ctx;
use crate::intake::draft::EvidenceItem;
use crate::intake::{Command, Input};

/// Bots may download files up to 20 MB; larger ones are kept by file id only.
const MAX_DOWNLOAD_BYTES: u32 = 20 * 1024 * 1024;

/// What a private message is, before any download.
pub enum Incoming {
    Ready(Input),
    /// A file that becomes evidence once fetched.
    File {
        kind: &'static str,
        meta: FileMeta,
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
        return Incoming::File { kind: "photo", meta: largest.file.clone() };
    }
    if let Some(doc) = msg.document() {
        return Incoming::File { kind: "document", meta: doc.file.clone() };
    }
    if let Some(voice) = msg.voice() {
        return Incoming::File { kind: "voice", meta: voice.file.clone() };
    }
    if let Some(video) = msg.video() {
        return Incoming::File { kind: "video", meta: video.file.clone() };
    }
    if let Some(audio) = msg.audio() {
        return Incoming::File { kind: "audio", meta: audio.file.clone() };
    }
    if let Some(note) = msg.video_note() {
        return Incoming::File { kind: "video", meta: note.file.clone() };
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

/// Parses a worker's command; a command addressed to another bot is plain text.
pub fn parse_command(text: &str, bot_username: &str) -> Option<Command> {
    let (name, payload) = commands::split(text, bot_username)?;
    Some(commands::worker(&name, &payload))
}

/// Downloads a file into the evidence folder under its SHA-256. A failed download still keeps the
/// file id (Telegram keeps the file), so nothing the worker sent is lost.
pub async fn fetch_evidence(bot: &Bot, ctx: &Ctx, kind: &'static str, meta: &FileMeta) -> EvidenceItem {
    let mut item = EvidenceItem {
        kind: kind.to_owned(),
        file_id: meta.id.to_string(),
        file_unique_id: meta.unique_id.to_string(),
        sha256: None,
        stored_path: None,
        size_bytes: Some(i64::from(meta.size)),
        received_at: stamp(ctx.clock.now()),
    };
    if meta.size > MAX_DOWNLOAD_BYTES {
        return item;
    }
    match download(bot, &meta.id.to_string(), &ctx.evidence_dir).await {
        Ok((sha, path, size)) => {
            item.sha256 = Some(sha);
            item.stored_path = Some(path);
            item.size_bytes = Some(size);
        }
        Err(e) => tracing::warn!(error = %format!("{e:#}"), "evidence download failed; keeping the file id"),
    }
    item
}

async fn download(bot: &Bot, file_id: &str, dir: &Path) -> anyhow::Result<(String, String, i64)> {
    let file = bot.get_file(teloxide::types::FileId(file_id.to_owned())).await?;
    let mut bytes: Vec<u8> = Vec::new();
    bot.download_file(&file.path, &mut bytes).await?;
    let sha = hex::encode(Sha256::digest(&bytes));
    tokio::fs::create_dir_all(dir).await?;
    crate::private_files::restrict_dir(dir)?;
    let path = dir.join(&sha);
    if tokio::fs::metadata(&path).await.is_err() {
        let tmp = dir.join(format!("{sha}.part"));
        tokio::fs::write(&tmp, &bytes).await?;
        // Photos of ID and bank cards: readable by the service's user only, before the file has its name.
        crate::private_files::restrict_file(&tmp)?;
        tokio::fs::rename(&tmp, &path).await?;
    }
    Ok((sha, path.display().to_string(), i64::try_from(bytes.len()).unwrap_or(i64::MAX)))
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
