//! Queueing what office groups see about a case: the topic and card on first contact, posts in
//! the case's thread, and the card edited in place after every change. All through the outbox,
//! in the caller's transaction.

use wagedesk_store::conn::Conn;

use super::authz::{Place, place_of};
use super::card::{self, CardFacts};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::crypto::Vault;
use crate::deployment::OfficeId;
use crate::intake::Keyboard;
use crate::outgoing::{Outgoing, StaffOp};
use crate::storage::outbox;
use crate::storage::staff::{self, OfficeChat};

/// Queues one row for `chat_id`; delivery runs on wall-clock time even when tests move the clock.
pub async fn queue(conn: &mut Conn<'_>, vault: &Vault, chat_id: i64, row: &Outgoing) -> anyhow::Result<i64> {
    Ok(outbox::enqueue(&mut *conn, vault, chat_id, &serde_json::to_string(row)?, &stamp(chrono::Utc::now())).await?)
}

pub async fn queue_op(conn: &mut Conn<'_>, vault: &Vault, chat_id: i64, op: StaffOp) -> anyhow::Result<i64> {
    queue(&mut *conn, vault, chat_id, &Outgoing::Staff { chat_id, op }).await
}

/// [`queue`] for a worker about case `complaint_id`: a web worker's mailbox row names the case, so
/// that case's status page shows it (one browser may have filed several).
pub async fn queue_about(
    conn: &mut Conn<'_>,
    vault: &Vault,
    chat_id: i64,
    row: &Outgoing,
    complaint_id: i64,
) -> anyhow::Result<i64> {
    let payload = serde_json::to_string(row)?;
    Ok(outbox::enqueue_about(&mut *conn, vault, chat_id, &payload, &stamp(chrono::Utc::now()), complaint_id).await?)
}

/// Queues a row that shows personal data in clear to its one reader: the outbox keeps only its
/// text-free copy once it is sent.
pub async fn queue_erased_after_send(
    conn: &mut Conn<'_>,
    vault: &Vault,
    chat_id: i64,
    row: &Outgoing,
) -> anyhow::Result<i64> {
    let payload = serde_json::to_string(row)?;
    let after = serde_json::to_string(&row.without_text(outbox::ERASED_TEXT))?;
    Ok(outbox::enqueue_erased_after_send(&mut *conn, vault, chat_id, &payload, &after, &stamp(chrono::Utc::now()))
        .await?)
}

/// How `office` stands on the case now.
pub async fn place(conn: &mut Conn<'_>, ctx: &Ctx, f: &CardFacts, office: &OfficeId) -> anyhow::Result<Place> {
    let had = staff::thread(&mut *conn, f.complaint_id, office.as_str()).await?.is_some()
        || had_case_before(&mut *conn, f.complaint_id, office).await?;
    Ok(place_of(Some(office), &f.state, had, &ctx.deployment))
}

/// An office that owned the case before a transfer keeps a read-only view.
async fn had_case_before(conn: &mut Conn<'_>, complaint_id: i64, office: &OfficeId) -> anyhow::Result<bool> {
    Ok(staff::transferred_by(&mut *conn, complaint_id, office.as_str()).await?)
}

/// Makes sure the case has its topic and card in this office's group.
pub async fn ensure_thread(conn: &mut Conn<'_>, ctx: &Ctx, f: &CardFacts, group: &OfficeChat) -> anyhow::Result<()> {
    if staff::thread(&mut *conn, f.complaint_id, &group.office_id).await?.is_some() {
        return Ok(());
    }
    let Ok(office) = OfficeId::parse(&group.office_id) else { return Ok(()) };
    let place = place(&mut *conn, ctx, f, &office).await?;
    staff::insert_thread(&mut *conn, f.complaint_id, &group.office_id, group.chat_id, &stamp(ctx.clock.now())).await?;
    if group.is_forum {
        let name = card::topic_name(&ctx.deployment, f);
        let op = StaffOp::CreateTopic { complaint_id: f.complaint_id, office: group.office_id.clone(), name };
        queue_op(&mut *conn, &ctx.vault, group.chat_id, op).await?;
    }
    let op = StaffOp::Post {
        complaint_id: f.complaint_id,
        office: group.office_id.clone(),
        text: card::text(&ctx.deployment, f, place),
        keyboard: card::keyboard(f, place),
        card: true,
    };
    queue_op(&mut *conn, &ctx.vault, group.chat_id, op).await?;
    send_evidence(&mut *conn, ctx, f.complaint_id, &f.case_number, &group.office_id, group.chat_id, 0).await
}

/// Evidence a filing added to a case already open (a worker joining, or filing again): posted in
/// every thread the case has, like the files the card came with. `after`: the newest evidence row
/// before the filing.
pub async fn new_evidence(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    complaint_id: i64,
    case_number: &str,
    after: i64,
) -> anyhow::Result<()> {
    for t in staff::threads_of_case(&mut *conn, complaint_id).await? {
        send_evidence(&mut *conn, ctx, complaint_id, case_number, &t.office_id, t.chat_id, after).await?;
    }
    Ok(())
}

/// Queues the case's evidence files after row `after` into `office`'s thread in group `chat_id`.
async fn send_evidence(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    complaint_id: i64,
    case_number: &str,
    office: &str,
    chat_id: i64,
    after: i64,
) -> anyhow::Result<()> {
    for (kind, file_id, note) in staff::evidence_files(&mut *conn, complaint_id, after).await? {
        let caption = card::noted_evidence_caption(case_number, &kind, opened(ctx, note).as_deref());
        let op = StaffOp::SendFile { complaint_id, office: office.to_owned(), kind, file_id, caption };
        queue_op(&mut *conn, &ctx.vault, chat_id, op).await?;
    }
    // Web uploads: read from our disk and uploaded when the row goes.
    for (evidence_id, kind, note) in staff::stored_only_evidence(&mut *conn, complaint_id, after).await? {
        let caption = card::noted_evidence_caption(case_number, &kind, opened(ctx, note).as_deref());
        let op = StaffOp::SendStored {
            complaint_id,
            office: office.to_owned(),
            evidence_id,
            kind,
            caption,
            from_chat: None,
        };
        queue_op(&mut *conn, &ctx.vault, chat_id, op).await?;
    }
    Ok(())
}

/// A file's sealed note, opened; one that does not open is left out (logged), the file still goes.
fn opened(ctx: &Ctx, sealed: Option<String>) -> Option<String> {
    let opened = ctx.vault.open(&sealed?);
    opened.map_err(|e| tracing::warn!(error = %e, "an evidence note does not open; the file goes without it")).ok()
}

/// Posts `text` in the case's thread of `office`'s group, opening the thread first if needed.
/// Returns the post's outbox id, or `None` when the office has no linked group.
pub async fn post(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    complaint_id: i64,
    office: &OfficeId,
    text: String,
    keyboard: Keyboard,
) -> anyhow::Result<Option<i64>> {
    let Some(group) = staff::chat_of_office(&mut *conn, office.as_str()).await? else { return Ok(None) };
    let Some(f) = crate::storage::staff::card_facts(&mut *conn, &ctx.vault, complaint_id).await? else {
        return Ok(None);
    };
    ensure_thread(&mut *conn, ctx, &f, &group).await?;
    let op = StaffOp::Post { complaint_id, office: group.office_id.clone(), text, keyboard, card: false };
    Ok(Some(queue_op(&mut *conn, &ctx.vault, group.chat_id, op).await?))
}

/// Edits every card of the case to show it as it is now, each as its group may see it.
pub async fn refresh_cards(conn: &mut Conn<'_>, ctx: &Ctx, complaint_id: i64) -> anyhow::Result<()> {
    let Some(f) = crate::storage::staff::card_facts(&mut *conn, &ctx.vault, complaint_id).await? else { return Ok(()) };
    for t in staff::threads_of_case(&mut *conn, complaint_id).await? {
        let Ok(office) = OfficeId::parse(&t.office_id) else { continue };
        let place = place(&mut *conn, ctx, &f, &office).await?;
        let op = StaffOp::EditCard {
            complaint_id,
            office: t.office_id.clone(),
            text: card::text(&ctx.deployment, &f, place),
            keyboard: card::keyboard(&f, place),
        };
        queue_op(&mut *conn, &ctx.vault, t.chat_id, op).await?;
    }
    Ok(())
}
