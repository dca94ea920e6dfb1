//! Alerts and escalations for a supervisor group: posted in the case's thread there if the group
//! has opened the case, otherwise in the group itself with a button that opens it.

use wagedesk_store::conn::Conn;

use super::authz::Action;
use super::buttons::ButtonData;
use super::card;
use super::post::{self, queue_op};
use crate::context::Ctx;
use crate::deployment::OfficeId;
use crate::i18n;
use crate::intake::{Button, Keyboard};
use crate::outgoing::StaffOp;
use crate::storage::staff;

/// Returns the outbox id, or `None` when the supervisor has no linked group.
pub async fn post(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    complaint_id: i64,
    supervisor: &OfficeId,
    text: String,
) -> anyhow::Result<Option<i64>> {
    post_with(&mut *conn, ctx, complaint_id, supervisor, text, None).await
}

/// [`post`] with one more button (an alert's "acknowledge") above the one that opens the case.
pub async fn post_with(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    complaint_id: i64,
    supervisor: &OfficeId,
    text: String,
    extra: Option<Button>,
) -> anyhow::Result<Option<i64>> {
    let Some(group) = staff::chat_of_office(&mut *conn, supervisor.as_str()).await? else { return Ok(None) };
    let mut rows: Vec<Vec<Button>> = extra.into_iter().map(|b| vec![b]).collect();
    if staff::thread(&mut *conn, complaint_id, supervisor.as_str()).await?.is_some() {
        let keyboard = if rows.is_empty() { Keyboard::None } else { Keyboard::Inline(rows) };
        return post::post(&mut *conn, ctx, complaint_id, supervisor, text, keyboard).await;
    }
    let rev = staff::case_rev(&mut *conn, complaint_id).await?.unwrap_or_default();
    if let Some(data) = ButtonData::new(complaint_id, rev, Action::View, None).encode() {
        rows.push(vec![Button { label: i18n::tr(card::OFFICE_LANG, "staff-button-view"), data }]);
    }
    let keyboard = if rows.is_empty() { Keyboard::None } else { Keyboard::Inline(rows) };
    let op = StaffOp::Reply { text, reply_to: None, thread_id: None, keyboard };
    Ok(Some(queue_op(&mut *conn, &ctx.vault, group.chat_id, op).await?))
}
