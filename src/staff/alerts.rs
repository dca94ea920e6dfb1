//! Alerts that reach a person (`wagedesk_core::case::acknowledge`): an emergency or key case is
//! posted to the owner and its supervisor with an "acknowledge" button and kept until someone
//! presses it; the scheduler's [`scan`] repeats an overdue one to everyone holding it and takes it
//! one level up the supervisor chain. Retaliation and absconded-employer alerts are told once.

use chrono::Duration;
use wagedesk_store::conn::Conn;

use super::{GroupButton, Here, answer, authz::Sender, office_of, say, tr, tr_args};
use crate::case::acknowledge::{self, ack_minutes, chain, escalate, needs_ack};
use crate::case::{Actor, ImmediateAlert, Message, Notification, Recipient, TimelineEntry, TimelineKind};
use crate::case_ops;
use crate::clock::stamp;
use crate::context::Ctx;
use crate::deployment::OfficeId;
use crate::intake::{Button, Keyboard};
use crate::notify::{self, CaseRef};
use crate::storage::{self, alerts};

/// Posts the case's alerts: those that wait for a person with their button, the others once.
pub async fn raise(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    case: &CaseRef<'_>,
    owner: &OfficeId,
    raised: &[ImmediateAlert],
) -> anyhow::Result<()> {
    let d = &ctx.deployment;
    for alert in raised {
        let m = alert.message(owner);
        if !needs_ack(alert) {
            for office in chain(owner, 0, d) {
                notify::send(&mut *conn, ctx, case, &Notification::new(recipient(owner, &office), m.clone())).await?;
            }
            continue;
        }
        let now = ctx.clock.now();
        let due = now + Duration::minutes(i64::from(ack_minutes(alert, &d.campaign)));
        let id =
            alerts::insert(&mut *conn, case.complaint_id, &serde_json::to_string(alert)?, &stamp(now), &stamp(due))
                .await?;
        post(&mut *conn, ctx, case, owner, id, &chain(owner, 0, d), None, &m).await?;
        tracing::info!(case = case.case_number, alert = id, "alert raised; waiting for an acknowledgement");
    }
    Ok(())
}

/// The owner reads it in its case thread; supervisors in their group.
fn recipient(owner: &OfficeId, office: &OfficeId) -> Recipient {
    if office == owner { Recipient::Office(office.clone()) } else { Recipient::Supervisor(office.clone()) }
}

/// Posts the alert (under `header` when it is repeated) to each office, with its button.
#[allow(clippy::too_many_arguments)]
async fn post(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    case: &CaseRef<'_>,
    owner: &OfficeId,
    alert_id: i64,
    offices: &[OfficeId],
    header: Option<&Message>,
    m: &Message,
) -> anyhow::Result<()> {
    let button = Button { label: tr("alert-button-acknowledge"), data: acknowledge::button_data(alert_id) };
    for office in offices {
        let n = Notification::new(recipient(owner, office), m.clone());
        let mut text = notify::text_for(ctx, case, &n);
        if let Some(h) = header {
            text = format!("{}\n{text}", notify::render(&ctx.deployment, notify::OFFICE_LANG, &h.id, &h.args));
        }
        let (who, queued) = if office == owner {
            let keyboard = Keyboard::Inline(vec![vec![button.clone()]]);
            let queued = super::post::post(&mut *conn, ctx, case.complaint_id, office, text, keyboard).await?;
            (format!("office:{}", office.as_str()), queued)
        } else {
            let queued = super::supervisor_alerts::post_with(
                &mut *conn,
                ctx,
                case.complaint_id,
                office,
                text,
                Some(button.clone()),
            )
            .await?;
            (format!("supervisor:{}", office.as_str()), queued)
        };
        if queued.is_none() {
            tracing::warn!(
                case = case.case_number,
                office = office.as_str(),
                alert = alert_id,
                "alert office has no linked group"
            );
        }
        notify::record(&mut *conn, ctx, case, &n, &who, queued).await?;
    }
    Ok(())
}

/// One pass: every alert nobody acknowledged in time is repeated and taken a level up. Returns how many.
pub async fn scan(ctx: &Ctx) -> anyhow::Result<usize> {
    let now = ctx.clock.now();
    let d = &ctx.deployment;
    let mut done = 0;
    let overdue = alerts::overdue(&mut ctx.db.acquire().await?, &stamp(now)).await?;
    for a in overdue {
        let Ok(alert) = serde_json::from_str::<ImmediateAlert>(&a.alert) else {
            tracing::error!(alert = a.id, "stored alert this version cannot read; left as it is");
            continue;
        };
        let mut tx = storage::begin_write(&ctx.db).await?;
        let Some(case) = case_ops::load(&mut tx.conn(), a.complaint_id).await? else { continue };
        let owner = case.state.owner.clone();
        let waited = chrono::DateTime::parse_from_rfc3339(&a.raised_at).map_or(0, |t| (now - t.to_utc()).num_minutes());
        let up = escalate(&owner, a.level, a.repeats + 1, waited, d);
        let due = now + Duration::minutes(i64::from(ack_minutes(&alert, &d.campaign)));
        if alerts::escalated(&mut tx, a.id, up.level, &stamp(due)).await? {
            post(
                &mut tx.conn(),
                ctx,
                &case.as_ref(),
                &owner,
                a.id,
                &up.offices,
                Some(&up.header),
                &alert.message(&owner),
            )
            .await?;
            tracing::warn!(case = %case.case_number, alert = a.id, level = up.level, reached = ?up.reached, "alert not acknowledged; repeated and escalated");
            done += 1;
        }
        tx.commit().await?;
    }
    if done > 0 {
        ctx.outbox_wake.notify_one();
    }
    Ok(done)
}

/// "Acknowledge" pressed in a group: a member of an office that holds the alert takes it.
pub async fn acknowledge(conn: &mut Conn<'_>, ctx: &Ctx, b: &GroupButton, alert_id: i64) -> anyhow::Result<()> {
    let Some(a) = alerts::get(&mut *conn, alert_id).await? else {
        tracing::warn!(chat = b.chat_id, user = b.user_id, "acknowledge button of no alert");
        return answer(&mut *conn, &ctx.vault, b, Some(tr("staff-button-invalid"))).await;
    };
    let Some((_, office)) = office_of(&mut *conn, b.chat_id).await? else {
        return answer(&mut *conn, &ctx.vault, b, Some(tr("alert-ack-not-yours"))).await;
    };
    let Some(case) = case_ops::load(&mut *conn, a.complaint_id).await? else {
        return answer(&mut *conn, &ctx.vault, b, Some(tr("staff-button-invalid"))).await;
    };
    let holders = chain(&case.state.owner, a.level, &ctx.deployment);
    if b.sender != Sender::Member || !holders.contains(&office) {
        tracing::info!(chat = b.chat_id, user = b.user_id, alert = alert_id, "acknowledge refused: not a holder");
        return answer(&mut *conn, &ctx.vault, b, Some(tr("alert-ack-not-yours"))).await;
    }
    let now = ctx.clock.now();
    let by = format!("{}/tg:{}", office.as_str(), b.user_id);
    if !alerts::acknowledge(&mut *conn, alert_id, &by, &stamp(now)).await? {
        return answer(&mut *conn, &ctx.vault, b, Some(tr("alert-ack-already"))).await;
    }
    answer(&mut *conn, &ctx.vault, b, Some(tr("alert-ack-done"))).await?;
    let actor = Actor::Staff { office: office.clone(), user: format!("tg:{}", b.user_id) };
    let m = Message::new("case-timeline-alert-acknowledged").office("office", &office);
    crate::filing::append_entry(
        conn,
        ctx,
        a.complaint_id,
        &TimelineEntry::new(TimelineKind::AlertAcknowledged, actor, m),
    )
    .await?;
    let name = notify::office_name(&ctx.deployment, notify::OFFICE_LANG, &office);
    let here = Here { chat_id: b.chat_id, thread_id: b.thread_id, reply_to: None };
    say(
        conn,
        &ctx.vault,
        here,
        tr_args("alert-acknowledged", &[("office", name.into()), ("case", case.case_number.clone().into())]),
    )
    .await?;
    tracing::info!(case = %case.case_number, alert = alert_id, office = office.as_str(), "alert acknowledged");
    Ok(())
}
