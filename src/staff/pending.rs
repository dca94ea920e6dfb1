//! Staff actions from the card's buttons, carried out: the core decides what a press or the words
//! completing a prompt do (`office::actions`); this module stores the prompt, applies the operation
//! or the tag, unmasks, and answers in the group.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::authz::{Action, Sender};
use super::buttons::ButtonData;
use super::card::CardFacts;
use super::{
    GroupButton, GroupMessage, Here, actor, lifecycle_refusal, post, record, say, say_erased_after_send, say_with, tr,
    tr_args,
};
use crate::case::{Message, Operation, TimelineKind};
use crate::case_ops;
use crate::clock::stamp;
use crate::context::Ctx;
use crate::deployment::OfficeId;
use crate::office::actions::{self, Answer, Pending, Press, Prompt};
use crate::storage::staff::{self as store, OfficeChat};

#[allow(clippy::too_many_arguments)]
pub(super) async fn button(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    b: &GroupButton,
    group: &OfficeChat,
    office: &OfficeId,
    f: &CardFacts,
    data: ButtonData,
    here: Here,
) -> anyhow::Result<()> {
    let who = actor(office, b.user_id);
    match actions::on_button(&ctx.deployment, f, &data) {
        Press::OpenThread => {
            post::ensure_thread(conn, ctx, f, group).await?;
            let text = tr_args("staff-opened", &[("case", f.case_number.clone().into())]);
            say(conn, Here { chat_id: b.chat_id, thread_id: b.thread_id, reply_to: None }, text).await
        }
        Press::Apply(op) => apply(conn, ctx, f, op, who, here).await,
        Press::Prompt { pending, ask } => prompt(conn, ctx, b, f, pending, ask, here).await,
        Press::Choose { text, keyboard } => say_with(conn, here, text, keyboard).await,
        Press::Tag(tag) => {
            let who_text = format!("staff:{}/tg:{}", office.as_str(), b.user_id);
            let now = stamp(ctx.clock.now());
            if store::add_tag(conn, f.complaint_id, tag.code(), &who_text, &now).await? {
                let m = Message::new("timeline-tagged").text("tag", tag.code());
                record(conn, ctx, f.complaint_id, who, TimelineKind::Tagged, m).await?;
                post::refresh_cards(conn, ctx, f.complaint_id).await?;
            }
            let label = tr(&format!("staff-tag-{}", tag.code().replace('_', "-")));
            say(conn, here, tr_args("staff-tagged", &[("tag", label.into())])).await
        }
        Press::Unmask => unmask(conn, ctx, f, who, here).await,
        Press::Invalid => {
            tracing::warn!(action = data.action.code(), choice = ?data.choice, "staff button with an unknown choice");
            say(conn, here, tr("staff-button-invalid")).await
        }
    }
}

/// Applies a lifecycle operation and tells the group the result (or the core's refusal).
async fn apply(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    f: &CardFacts,
    op: Operation,
    who: crate::case::Actor,
    here: Here,
) -> anyhow::Result<()> {
    let code = op.code();
    match case_ops::apply(conn, ctx, f.complaint_id, op, who).await? {
        Ok(stored) => {
            let status = tr(stored.state.status.message_id());
            let text = tr_args("staff-done", &[("case", f.case_number.clone().into()), ("status", status.into())]);
            say(conn, here, text).await
        }
        Err(e) => {
            tracing::info!(case = %f.case_number, op = code, error = %e, "lifecycle refused a staff action");
            say(conn, here, lifecycle_refusal(ctx, &e)).await
        }
    }
}

async fn prompt(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    b: &GroupButton,
    f: &CardFacts,
    pending: Pending,
    ask: &str,
    here: Here,
) -> anyhow::Result<()> {
    let json = serde_json::to_string(&Prompt::on_card(pending, f))?;
    store::set_prompt(conn, b.chat_id, b.user_id, f.complaint_id, &json, &stamp(ctx.clock.now())).await?;
    say(conn, here, tr_args(ask, &[("case", f.case_number.clone().into())])).await
}

/// Completes a member's pending prompt with this message. False when there is none, it expired, or
/// the case changed since it was made (then the caller handles the message as ordinary talk).
pub(super) async fn complete(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    m: &GroupMessage,
    office: &OfficeId,
) -> anyhow::Result<bool> {
    if m.sender != Sender::Member {
        return Ok(false);
    }
    let Some((complaint_id, json, created_at)) = store::take_prompt(conn, m.chat_id, m.user_id).await? else {
        return Ok(false);
    };
    let fresh = DateTime::parse_from_rfc3339(&created_at)
        .is_ok_and(|t| actions::prompt_is_fresh(t.with_timezone(&Utc), ctx.clock.now()));
    let Ok(prompt) = serde_json::from_str::<Prompt>(&json) else { return Ok(false) };
    if !fresh {
        return Ok(false);
    }
    let here = m.here();
    // The case changed since the press (another button, the worker's answer): the prompt no longer
    // fits it. It is dropped, the member told, and the message goes on as ordinary talk.
    if let Some(now) = store::card_facts(conn, complaint_id).await?
        && prompt.is_outdated(now.rev)
    {
        tracing::info!(case = %now.case_number, "staff prompt dropped: the case changed under it");
        let status = tr(now.state.status.message_id());
        let text =
            tr_args("staff-prompt-dropped", &[("case", now.case_number.clone().into()), ("status", status.into())]);
        say(conn, here, text).await?;
        return Ok(false);
    }
    let pending = prompt.pending;
    let Some(words) = m.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        // A photo or sticker is not an answer; keep asking.
        store::set_prompt(conn, m.chat_id, m.user_id, complaint_id, &json, &created_at).await?;
        say(conn, here, tr("staff-prompt-needs-text")).await?;
        return Ok(true);
    };
    // Rights are checked again: the member may have been removed, or the case transferred.
    let f = match super::authorize(conn, ctx, Some(office), complaint_id, m.sender, Action::Accept).await? {
        Ok(f) => f,
        Err(refusal) => {
            say(conn, here, tr(refusal.message_id())).await?;
            return Ok(true);
        }
    };
    let who = actor(office, m.user_id);
    let op = match actions::on_answer(&pending, words, ctx.clock.today()) {
        Answer::Apply(op) => op,
        Answer::AskAgain(message_id) => {
            // The prompt stays.
            store::set_prompt(conn, m.chat_id, m.user_id, complaint_id, &json, &created_at).await?;
            return say(conn, here, tr(message_id)).await.map(|()| true);
        }
        Answer::Invalid => return say(conn, here, tr("staff-button-invalid")).await.map(|()| true),
        Answer::Verify(amounts) => return verify(conn, ctx, &f, who, here, &amounts).await.map(|()| true),
    };
    apply(conn, ctx, &f, op, who, here).await?;
    Ok(true)
}

/// Records the verified amount of each claimant (not a lifecycle operation: the case's status stays).
async fn verify(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    f: &CardFacts,
    who: crate::case::Actor,
    here: Here,
    amounts: &[i64],
) -> anyhow::Result<()> {
    if !crate::storage::claimants::set_verified(conn, f.complaint_id, amounts).await? {
        return say(conn, here, tr("staff-prompt-verify-again")).await;
    }
    let total: i64 = amounts.iter().sum();
    let count = i64::try_from(amounts.len()).unwrap_or(0);
    let m = Message::new("case-timeline-amount-verified")
        .arg("amount", crate::case::Arg::Fen(total))
        .arg("count", crate::case::Arg::Count(amounts.len() as u64));
    record(conn, ctx, f.complaint_id, who, TimelineKind::AmountVerified, m).await?;
    post::refresh_cards(conn, ctx, f.complaint_id).await?;
    let args = [
        ("case", f.case_number.clone().into()),
        ("count", count.into()),
        ("amount", crate::render::yuan(total).into()),
    ];
    say(conn, here, tr_args("staff-verified", &args)).await
}

/// Shows the claimants' full phone and ID numbers in the case's thread (protected from forwarding),
/// and writes who saw them and when into the timeline.
async fn unmask(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    f: &CardFacts,
    who: crate::case::Actor,
    here: Here,
) -> anyhow::Result<()> {
    let rows = crate::storage::staff::sealed_claimants(conn, f.complaint_id).await?;
    let mut lines = vec![tr_args("staff-unmasked-title", &[("case", f.case_number.clone().into())])];
    for (name, phone, id) in rows {
        let phone = ctx.vault.open(&phone).unwrap_or_else(|_| tr("staff-unmask-unreadable"));
        let id = match id {
            Some(sealed) => ctx.vault.open(&sealed).unwrap_or_else(|_| tr("staff-unmask-unreadable")),
            None => tr("staff-card-none"),
        };
        lines
            .push(tr_args("staff-unmasked-line", &[("name", name.into()), ("phone", phone.into()), ("id", id.into())]));
    }
    record(conn, ctx, f.complaint_id, who, TimelineKind::Unmasked, Message::new("timeline-unmasked")).await?;
    tracing::info!(case = %f.case_number, "personal data unmasked for staff");
    say_erased_after_send(conn, here, lines.join("\n")).await
}
