//! Sending a local file — a digest chart as a photo, an exported ledger as a document — as a
//! multipart upload. The outbox row names the file; it is read when the row is sent.

use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{ChatId, InputFile};

use wagedesk_core::outgoing::Outgoing;

/// Uploads the row's file. A file that is gone cannot appear later, so it fails the row for good
/// (as an API refusal) instead of being retried.
pub async fn send(bot: &Bot, outgoing: &Outgoing) -> Result<(), RequestError> {
    let (chat_id, path, caption, photo) = match outgoing {
        Outgoing::Photo { chat_id, path, caption } => (*chat_id, path, caption, true),
        Outgoing::Document { chat_id, path, caption } => (*chat_id, path, caption, false),
        _ => return Ok(()),
    };
    if !std::path::Path::new(path).is_file() {
        return Err(RequestError::Api(ApiError::Unknown(format!("file to upload is missing: {path}"))));
    }
    let file = InputFile::file(path);
    if photo {
        let mut request = bot.send_photo(ChatId(chat_id), file);
        if let Some(c) = caption {
            request = request.caption(c.clone());
        }
        request.await.map(|_| ())
    } else {
        // A workbook lists the office's caseload: kept from forwarding and saving like every case post.
        let mut request = bot.send_document(ChatId(chat_id), file).protect_content(true);
        if let Some(c) = caption {
            request = request.caption(c.clone());
        }
        request.await.map(|_| ())
    }
}
