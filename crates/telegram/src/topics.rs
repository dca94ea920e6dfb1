//! A case's forum topic deleted in its group: Telegram refuses every post into it ("message thread
//! not found"), and would for good. The case gets a new topic and its card again, as when it first
//! came to the group, and the post goes there; if no topic can be made, into the general chat.

use teloxide::RequestError;
use teloxide::prelude::*;

use wagedesk_core::deployment::OfficeId;
use wagedesk_core::office::authz::place_of;
use wagedesk_core::office::card;
use wagedesk_core::outgoing::StaffOp;
use wagedesk_store::context::Ctx;
use wagedesk_store::staff;

use super::group_send;

/// Telegram's answer to a post into a topic that no longer exists.
fn is_lost(e: &RequestError) -> bool {
    matches!(e, RequestError::Api(_)) && e.to_string().to_lowercase().contains("message thread not found")
}

/// The case and office of an op that posts into a case's thread.
fn case_of(op: &StaffOp) -> Option<(i64, &str)> {
    match op {
        StaffOp::Post { complaint_id, office, .. }
        | StaffOp::Relay { complaint_id, office, .. }
        | StaffOp::SendFile { complaint_id, office, .. }
        | StaffOp::SendStored { complaint_id, office, .. }
        | StaffOp::Copy { complaint_id, office: Some(office), .. } => Some((*complaint_id, office)),
        _ => None,
    }
}

/// Sends `op` with `send`; refused because the case's topic was deleted, gives the case a new topic
/// (or the general chat) and its card there, and sends once more (a card is posted by then). When `op`
/// is not about a case's thread, or the case cannot be read, the refusal stands.
pub async fn send_into_live_topic<F, Fut>(
    bot: &Bot,
    ctx: &Ctx,
    chat_id: i64,
    op: &StaffOp,
    send: F,
) -> Result<(), RequestError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(), RequestError>>,
{
    match send().await {
        Err(e) if is_lost(&e) => match reopen_for(bot, ctx, chat_id, op).await {
            Some(true) => send().await,
            Some(false) => Ok(()),
            None => Err(e),
        },
        sent => sent,
    }
}

/// Gives the case of `op` a new topic (or the general chat) and its card there. `Some(true)`: send
/// `op` again now; `Some(false)`: `op` was the card, posted already. `None`: the refusal stands.
async fn reopen_for(bot: &Bot, ctx: &Ctx, chat_id: i64, op: &StaffOp) -> Option<bool> {
    let (complaint_id, office) = case_of(op)?;
    let card_post = reopen(bot, ctx, chat_id, complaint_id, office).await?;
    // The card just made shows the case as it is now: a card post is done by posting it.
    let again = !matches!(op, StaffOp::Post { card: true, .. });
    if let Err(e) = group_send::send(bot, &ctx.db, chat_id, &card_post).await {
        tracing::warn!(chat = chat_id, complaint_id, error = %e, "posting the card in a new topic failed");
        return Some(true);
    }
    Some(again)
}

/// Forgets the lost topic, opens a new one, and returns the card to post in it.
async fn reopen(bot: &Bot, ctx: &Ctx, chat_id: i64, complaint_id: i64, office: &str) -> Option<StaffOp> {
    let read = async {
        let mut conn = ctx.db.acquire().await?;
        staff::forget_topic(&mut conn, complaint_id, office).await?;
        staff::card_facts(&mut conn, &ctx.vault, complaint_id).await
    };
    let facts = match read.await {
        Ok(Some(f)) => f,
        Ok(None) => return None,
        Err(e) => {
            tracing::error!(complaint_id, error = %format!("{e:#}"), "forgetting a deleted topic failed");
            return None;
        }
    };
    tracing::warn!(chat = chat_id, complaint_id, office, "the case's topic was deleted; opening a new one");
    let create = StaffOp::CreateTopic {
        complaint_id,
        office: office.to_owned(),
        name: card::topic_name(&ctx.deployment, &facts),
    };
    if let Err(e) = group_send::send(bot, &ctx.db, chat_id, &create).await {
        // The words still go: into the group's general chat, under the card.
        tracing::warn!(chat = chat_id, complaint_id, error = %e, "no new topic; posting in the general chat");
    }
    // Its thread row exists, so the group had the case: as in the app's `post::place`.
    let place = place_of(OfficeId::parse(office).ok().as_ref(), &facts.state, true, &ctx.deployment);
    Some(StaffOp::Post {
        complaint_id,
        office: office.to_owned(),
        text: card::text(&ctx.deployment, &facts, place),
        keyboard: card::keyboard(&facts, place),
        card: true,
    })
}
