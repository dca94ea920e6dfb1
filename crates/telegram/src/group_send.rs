//! Sending office-group operations: where a case lives in a group (its topic, its card) is read
//! from the database at send time, because the topic and card ids exist only once Telegram made
//! them — the rows before in the same chat's queue did. Every message about a case is sent with
//! `protect_content` and remembered as the case's, so a reply to it finds the case.

use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{ChatId, FileId, InputFile, MessageId, ReactionType, ReplyParameters, ThreadId};

use super::delivery::reply_markup;
use wagedesk_core::outgoing::StaffOp;
use wagedesk_store::Db;
use wagedesk_store::staff::{self, CaseThread};

/// Where a post about a case goes in its group.
struct Place {
    thread: Option<ThreadId>,
    under: Option<ReplyParameters>,
}

async fn place(db: &Db, complaint_id: i64, office: &str, card: bool) -> Place {
    let mut conn = match db.acquire().await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "reading a case's thread failed");
            return Place { thread: None, under: None };
        }
    };
    let t: Option<CaseThread> = staff::thread(&mut conn, complaint_id, office).await.ok().flatten();
    let thread =
        t.as_ref().and_then(|t| t.thread_id).and_then(|id| i32::try_from(id).ok()).map(|id| ThreadId(MessageId(id)));
    // In a plain group everything about a case hangs under its card.
    let under = match (&thread, t.as_ref().and_then(|t| t.card_message_id), card) {
        (None, Some(card_id), false) => {
            i32::try_from(card_id).ok().map(|id| ReplyParameters::new(MessageId(id)).allow_sending_without_reply())
        }
        _ => None,
    };
    Place { thread, under }
}

/// Remembers a sent message as the case's (and as its card, or as relaying `worker`'s words).
async fn remember(db: &Db, chat_id: i64, message_id: MessageId, complaint_id: i64, card_of: Option<&str>) {
    remember_as(db, chat_id, message_id, complaint_id, card_of, None).await;
}

async fn remember_as(
    db: &Db,
    chat_id: i64,
    message_id: MessageId,
    complaint_id: i64,
    card_of: Option<&str>,
    worker: Option<i64>,
) {
    let result = async {
        let mut conn = db.acquire().await?;
        staff::remember_message(&mut conn, chat_id, i64::from(message_id.0), complaint_id, worker).await?;
        if let Some(office) = card_of {
            staff::set_card_message(&mut conn, complaint_id, office, i64::from(message_id.0)).await?;
        }
        Ok::<_, sqlx::Error>(())
    }
    .await;
    if let Err(e) = result {
        tracing::error!(chat = chat_id, complaint_id, error = %e, "remembering a case message failed");
    }
}

pub async fn send(bot: &Bot, db: &Db, chat_id: i64, op: &StaffOp) -> Result<(), RequestError> {
    let chat = ChatId(chat_id);
    match op {
        StaffOp::CreateTopic { complaint_id, office, name } => {
            let topic = bot.create_forum_topic(chat, name.clone()).await?;
            if let Ok(mut conn) = db.acquire().await {
                let id = i64::from(topic.thread_id.0.0);
                if let Err(e) = staff::set_thread_id(&mut conn, *complaint_id, office, id).await {
                    tracing::error!(error = %e, "recording a case topic failed");
                }
            }
            Ok(())
        }
        StaffOp::Post { complaint_id, office, text, keyboard, card } => {
            let at = place(db, *complaint_id, office, *card).await;
            let mut request = bot.send_message(chat, text.clone()).protect_content(true);
            if let Some(thread) = at.thread {
                request = request.message_thread_id(thread);
            }
            if let Some(under) = at.under {
                request = request.reply_parameters(under);
            }
            if let Some(markup) = reply_markup(keyboard) {
                request = request.reply_markup(markup);
            }
            let sent = request.await?;
            remember(db, chat_id, sent.id, *complaint_id, card.then_some(office.as_str())).await;
            Ok(())
        }
        StaffOp::Relay { complaint_id, office, text, from_chat } => {
            let at = place(db, *complaint_id, office, false).await;
            let mut request = bot.send_message(chat, text.clone()).protect_content(true);
            if let Some(thread) = at.thread {
                request = request.message_thread_id(thread);
            }
            if let Some(under) = at.under {
                request = request.reply_parameters(under);
            }
            let sent = request.await?;
            remember_as(db, chat_id, sent.id, *complaint_id, None, *from_chat).await;
            Ok(())
        }
        StaffOp::EditCard { complaint_id, office, text, keyboard } => {
            let card = {
                let Ok(mut conn) = db.acquire().await else { return Ok(()) };
                staff::thread(&mut conn, *complaint_id, office).await.ok().flatten().and_then(|t| t.card_message_id)
            };
            let Some(card) = card.and_then(|id| i32::try_from(id).ok()) else {
                tracing::info!(complaint_id, office, "no card to edit yet");
                return Ok(());
            };
            let mut request = bot.edit_message_text(chat, MessageId(card), text.clone());
            if let Some(teloxide::types::ReplyMarkup::InlineKeyboard(markup)) = reply_markup(keyboard) {
                request = request.reply_markup(markup);
            }
            request.await.map(|_| ())
        }
        StaffOp::SendFile { complaint_id, office, kind, file_id, caption } => {
            let file = InputFile::file_id(FileId(file_id.clone()));
            let sent = send_media(bot, db, chat, *complaint_id, office, kind, file, caption).await?;
            remember(db, chat.0, sent, *complaint_id, None).await;
            Ok(())
        }
        // Its bytes are read by the caller (`send_stored`); without them there is nothing to send.
        StaffOp::SendStored { .. } => {
            Err(RequestError::Api(teloxide::ApiError::Unknown("a stored file sent without its bytes".into())))
        }
        StaffOp::Copy { complaint_id, office, from_chat_id, message_id, caption } => {
            let mut request =
                bot.copy_message(chat, ChatId(*from_chat_id), MessageId(*message_id)).protect_content(true);
            if let Some(caption) = caption {
                request = request.caption(caption.clone());
            }
            if let Some(office) = office {
                let at = place(db, *complaint_id, office, false).await;
                if let Some(thread) = at.thread {
                    request = request.message_thread_id(thread);
                }
                if let Some(under) = at.under {
                    request = request.reply_parameters(under);
                }
            }
            let copied = request.await?;
            // Into an office's thread, the copy is the worker's message.
            if office.is_some() {
                remember_as(db, chat_id, copied, *complaint_id, None, Some(*from_chat_id)).await;
            }
            Ok(())
        }
        StaffOp::Reply { text, reply_to, thread_id, keyboard } => {
            let mut request = bot.send_message(chat, text.clone()).protect_content(true);
            if let Some(thread) = thread_id {
                request = request.message_thread_id(ThreadId(MessageId(*thread)));
            }
            if let Some(id) = reply_to {
                request = request.reply_parameters(ReplyParameters::new(MessageId(*id)).allow_sending_without_reply());
            }
            if let Some(markup) = reply_markup(keyboard) {
                request = request.reply_markup(markup);
            }
            request.await.map(|_| ())
        }
        StaffOp::React { message_id } => bot
            .set_message_reaction(chat, MessageId(*message_id))
            .reaction([ReactionType::Emoji { emoji: "👌".to_owned() }])
            .await
            .map(|_| ()),
        StaffOp::Leave => bot.leave_chat(chat).await.map(|_| ()),
    }
}

/// Uploads an evidence file only we hold (`StaffOp::SendStored`), its bytes read by the caller.
pub async fn send_stored(bot: &Bot, db: &Db, chat_id: i64, op: &StaffOp, file: InputFile) -> Result<(), RequestError> {
    match op {
        StaffOp::SendStored { complaint_id, office, kind, caption, from_chat, .. } => {
            let sent = send_media(bot, db, ChatId(chat_id), *complaint_id, office, kind, file, caption).await?;
            // A worker's file sent after filing is their message: a reply to it goes back to them.
            remember_as(db, chat_id, sent, *complaint_id, None, *from_chat).await;
            Ok(())
        }
        other => send(bot, db, chat_id, other).await,
    }
}

/// An evidence file (by Telegram's id or uploaded) in the case's thread, with a caption; the caller
/// remembers the post as the case's.
#[allow(clippy::too_many_arguments)]
async fn send_media(
    bot: &Bot,
    db: &Db,
    chat: ChatId,
    complaint_id: i64,
    office: &str,
    kind: &str,
    file: InputFile,
    caption: &str,
) -> Result<MessageId, RequestError> {
    let at = place(db, complaint_id, office, false).await;
    let caption = wagedesk_core::outgoing::truncated(caption, wagedesk_core::outgoing::MAX_CAPTION_CHARS);
    macro_rules! media {
        ($request:expr) => {{
            let mut request = $request.caption(caption).protect_content(true);
            if let Some(thread) = at.thread {
                request = request.message_thread_id(thread);
            }
            if let Some(under) = at.under {
                request = request.reply_parameters(under);
            }
            request.await?
        }};
    }
    let sent = match kind {
        "photo" => media!(bot.send_photo(chat, file)),
        "voice" => media!(bot.send_voice(chat, file)),
        "video" => media!(bot.send_video(chat, file)),
        "audio" => media!(bot.send_audio(chat, file)),
        _ => media!(bot.send_document(chat, file)),
    };
    Ok(sent.id)
}
