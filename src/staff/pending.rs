//! Staff actions from the card's buttons, carried out: the core decides what a press or the words
//! completing a prompt do (`office::actions`); this module stores the prompt, applies the operation
//! or the tag, unmasks, and answers in the group.

use chrono::{DateTime, Utc};
use wagedesk_store::conn::Conn;

use super::authz::{Action, Sender};
use super::buttons::ButtonData;
use super::card::CardFacts;
use super::{
    GroupButton, GroupMessage, Here, actor, answer, lifecycle_refusal, post, record, say, say_with, tr, tr_args,
};
use crate::case::{Arg, Message, Operation, TimelineKind};
use crate::case_ops;
use crate::clock::stamp;
use crate::context::Ctx;
use crate::deployment::OfficeId;
use crate::office::actions::{self, Answer, Pending, Press, Prompt, PromptAge};
use crate::office::unmask::{self, Person, Unmask};
use crate::outgoing::Outgoing;
use crate::storage::staff::{self as store, OfficeChat};

#[allow(clippy::too_many_arguments)]
pub(super) async fn button(
    conn: &mut Conn<'_>,
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
            post::ensure_thread(&mut *conn, ctx, f, group).await?;
            let text = tr_args("staff-opened", &[("case", f.case_number.clone().into())]);
            say(&mut *conn, &ctx.vault, Here { chat_id: b.chat_id, thread_id: b.thread_id, reply_to: None }, text).await
        }
        Press::Apply(op) => apply(&mut *conn, ctx, f, op, who, here).await,
        Press::Prompt { pending, ask } => prompt(&mut *conn, ctx, b, f, pending, ask, here).await,
        Press::Choose { text, keyboard } => say_with(&mut *conn, &ctx.vault, here, text, keyboard).await,
        Press::Tag(tag) => {
            let who_text = format!("staff:{}/tg:{}", office.as_str(), b.user_id);
            let now = stamp(ctx.clock.now());
            if store::add_tag(&mut *conn, f.complaint_id, tag.code(), &who_text, &now).await? {
                let m = Message::new("timeline-tagged").text("tag", tag.code());
                record(&mut *conn, ctx, f.complaint_id, who, TimelineKind::Tagged, m).await?;
                post::refresh_cards(&mut *conn, ctx, f.complaint_id).await?;
            }
            let label = tr(&format!("staff-tag-{}", tag.code().replace('_', "-")));
            say(&mut *conn, &ctx.vault, here, tr_args("staff-tagged", &[("tag", label.into())])).await
        }
        // Answered before this point like every other press, so it cannot show an alert: on_button
        // sends 👁 to `unmask` instead.
        Press::Unmask => say(&mut *conn, &ctx.vault, here, tr("staff-button-invalid")).await,
        Press::Invalid => {
            tracing::warn!(action = data.action.code(), choice = ?data.choice, "staff button with an unknown choice");
            say(&mut *conn, &ctx.vault, here, tr("staff-button-invalid")).await
        }
    }
}

/// Applies a lifecycle operation and tells the group the result (or the core's refusal).
async fn apply(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    f: &CardFacts,
    op: Operation,
    who: crate::case::Actor,
    here: Here,
) -> anyhow::Result<()> {
    let code = op.code();
    let transferred_to = match &op {
        Operation::Transfer { to, .. } => Some(to.clone()),
        _ => None,
    };
    match case_ops::apply(&mut *conn, ctx, f.complaint_id, op, who).await? {
        Ok(stored) => {
            let status = tr(stored.state.status.message_id());
            let text = tr_args("staff-done", &[("case", f.case_number.clone().into()), ("status", status.into())]);
            say(&mut *conn, &ctx.vault, here, text).await?;
            match transferred_to {
                Some(to) => transferred_unlinked(&mut *conn, ctx, f, &to, here).await,
                None => Ok(()),
            }
        }
        Err(e) => {
            tracing::info!(case = %f.case_number, op = code, error = %e, "lifecycle refused a staff action");
            say(&mut *conn, &ctx.vault, here, lifecycle_refusal(ctx, &e)).await
        }
    }
}

/// A case transferred to an office with no linked group reaches nobody until it links one (its
/// notification is only kept on record): the transferring group is told plainly, and so is the
/// receiving office's supervisor, whose group can open the case; the operator reads the warning.
async fn transferred_unlinked(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    f: &CardFacts,
    to: &OfficeId,
    here: Here,
) -> anyhow::Result<()> {
    if store::chat_of_office(&mut *conn, to.as_str()).await?.is_some() {
        return Ok(());
    }
    tracing::warn!(case = %f.case_number, office = to.as_str(), "case transferred to an office with no linked group");
    let args = [
        ("case", f.case_number.clone().into()),
        ("office", crate::notify::office_name(&ctx.deployment, super::card::OFFICE_LANG, to).into()),
    ];
    say(&mut *conn, &ctx.vault, here, tr_args("staff-transferred-unlinked", &args)).await?;
    if let Some(supervisor) = ctx.deployment.supervisor_of(to) {
        let text = tr_args("staff-transferred-unlinked-supervisor", &args);
        super::supervisor_alerts::post(&mut *conn, ctx, f.complaint_id, &supervisor.id, text).await?;
    }
    Ok(())
}

async fn prompt(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    b: &GroupButton,
    f: &CardFacts,
    pending: Pending,
    ask: &str,
    here: Here,
) -> anyhow::Result<()> {
    let json = serde_json::to_string(&Prompt::on_card(pending, f))?;
    store::set_prompt(&mut *conn, b.chat_id, b.user_id, f.complaint_id, &json, &stamp(ctx.clock.now())).await?;
    say(&mut *conn, &ctx.vault, here, tr_args(ask, &[("case", f.case_number.clone().into())])).await
}

/// Completes a member's pending prompt with this message. False when there is none, it was forgotten, or
/// the message was written in another case than the prompt's (`written_in`, from its topic or the
/// message it replies to): then the caller handles it as ordinary talk, and a prompt made on another
/// case stays for its own answer.
pub(super) async fn complete(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    m: &GroupMessage,
    office: &OfficeId,
    written_in: Option<i64>,
) -> anyhow::Result<bool> {
    if m.sender != Sender::Member {
        return Ok(false);
    }
    let Some((complaint_id, json, created_at)) = store::take_prompt(&mut *conn, m.chat_id, m.user_id).await? else {
        return Ok(false);
    };
    if written_in.is_some_and(|case| case != complaint_id) {
        store::set_prompt(&mut *conn, m.chat_id, m.user_id, complaint_id, &json, &created_at).await?;
        return Ok(false);
    }
    let age = DateTime::parse_from_rfc3339(&created_at)
        .map_or(PromptAge::Forgotten, |t| actions::prompt_age(t.with_timezone(&Utc), ctx.clock.now()));
    let Ok(prompt) = serde_json::from_str::<Prompt>(&json) else { return Ok(false) };
    let here = m.here();
    match age {
        PromptAge::Fresh => {}
        PromptAge::Forgotten => return Ok(false),
        // Words typed after the prompt lapsed were most likely its answer (the verified amounts, a
        // penalty's number): like those of an outdated prompt they are not passed on to the worker.
        PromptAge::Lapsed => {
            let case = store::card_facts(&mut *conn, &ctx.vault, complaint_id).await?.map(|f| f.case_number);
            let args = [("case", case.unwrap_or_default().into()), ("minutes", actions::PROMPT_MINUTES.into())];
            say(&mut *conn, &ctx.vault, here, tr_args("staff-prompt-lapsed", &args)).await?;
            return Ok(true);
        }
    }
    // The case changed since the press (another button, the worker's answer): the prompt no longer
    // fits it. It is dropped and the member told. The words were typed as an answer to the prompt
    // (an amount, a reason for the file), so they are not passed on to the worker either: the
    // member sends them again if they were meant for the worker.
    if let Some(now) = store::card_facts(&mut *conn, &ctx.vault, complaint_id).await?
        && prompt.is_outdated(now.rev)
    {
        tracing::info!(case = %now.case_number, "staff prompt dropped: the case changed under it");
        let status = tr(now.state.status.message_id());
        let text =
            tr_args("staff-prompt-dropped", &[("case", now.case_number.clone().into()), ("status", status.into())]);
        say(&mut *conn, &ctx.vault, here, text).await?;
        return Ok(true);
    }
    let pending = prompt.pending;
    let Some(words) = m.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        // A photo or sticker is not an answer; keep asking.
        store::set_prompt(&mut *conn, m.chat_id, m.user_id, complaint_id, &json, &created_at).await?;
        say(&mut *conn, &ctx.vault, here, tr("staff-prompt-needs-text")).await?;
        return Ok(true);
    };
    // Rights are checked again: the member may have been removed, or the case transferred.
    let f = match super::authorize(&mut *conn, ctx, Some(office), complaint_id, m.sender, Action::Accept).await? {
        Ok(f) => f,
        Err(refusal) => {
            say(&mut *conn, &ctx.vault, here, tr(refusal.message_id())).await?;
            return Ok(true);
        }
    };
    let who = actor(office, m.user_id);
    let op = match actions::on_answer(&pending, words, ctx.clock.today()) {
        Answer::Apply(op) => op,
        Answer::AskAgain(message_id) => {
            // The prompt stays.
            store::set_prompt(&mut *conn, m.chat_id, m.user_id, complaint_id, &json, &created_at).await?;
            return say(&mut *conn, &ctx.vault, here, tr(message_id)).await.map(|()| true);
        }
        Answer::Invalid => return say(&mut *conn, &ctx.vault, here, tr("staff-button-invalid")).await.map(|()| true),
        Answer::Verify(amounts) => return verify(&mut *conn, ctx, &f, who, here, &amounts).await.map(|()| true),
    };
    apply(&mut *conn, ctx, &f, op, who, here).await?;
    Ok(true)
}

/// A member's reply to one of the bot's prompts or notices, not their own prompt's answer: nothing
/// is relayed. The member is told why (a colleague's prompt waits for that colleague's words); a
/// non-member is not answered, like any message that is not relayed.
pub(super) async fn not_for_the_worker(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    m: &GroupMessage,
    written_in: Option<i64>,
) -> anyhow::Result<()> {
    tracing::info!(chat = m.chat_id, user = m.user_id, "reply to a bot prompt or notice not relayed");
    if m.sender != Sender::Member {
        return Ok(());
    }
    let colleagues = match written_in {
        Some(case) => store::others_prompt_on(&mut *conn, m.chat_id, m.user_id, case).await?,
        None => false,
    };
    let id = if colleagues { "staff-reply-to-colleagues-prompt" } else { "staff-reply-to-bot-not-relayed" };
    say(&mut *conn, &ctx.vault, m.here(), tr(id)).await
}

/// Records the verified amount of each claimant (not a lifecycle operation: the case's status stays).
async fn verify(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    f: &CardFacts,
    who: crate::case::Actor,
    here: Here,
    amounts: &[i64],
) -> anyhow::Result<()> {
    if !crate::storage::claimants::set_verified(&mut *conn, f.complaint_id, amounts).await? {
        return say(&mut *conn, &ctx.vault, here, tr("staff-prompt-verify-again")).await;
    }
    let total: i64 = amounts.iter().sum();
    let count = i64::try_from(amounts.len()).unwrap_or(0);
    let m = Message::new("case-timeline-amount-verified")
        .arg("amount", crate::case::Arg::Fen(total))
        .arg("count", crate::case::Arg::Count(amounts.len() as u64));
    record(&mut *conn, ctx, f.complaint_id, who, TimelineKind::AmountVerified, m).await?;
    post::refresh_cards(&mut *conn, ctx, f.complaint_id).await?;
    let args = [
        ("case", f.case_number.clone().into()),
        ("count", count.into()),
        ("amount", crate::render::yuan(total).into()),
    ];
    say(&mut *conn, &ctx.vault, here, tr_args("staff-verified", &args)).await
}

/// Shows the claimants' full phone and ID numbers in an alert on the presser's screen only (see
/// `office::unmask`), answering the press itself; each alert shown is written to the timeline.
pub(super) async fn unmask(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    b: &GroupButton,
    office: &OfficeId,
    f: &CardFacts,
    choice: Option<&str>,
    here: Here,
) -> anyhow::Result<()> {
    let people: Vec<Option<Person>> = store::sealed_claimants(&mut *conn, f.complaint_id)
        .await?
        .into_iter()
        .map(|(name, phone, id, erased)| {
            let open = |sealed: &str| ctx.vault.open_stored(sealed).unwrap_or_else(|_| tr("staff-unmask-unreadable"));
            (!erased).then(|| Person { name: open(&name), phone: open(&phone), id: id.as_deref().map(open) })
        })
        .collect();
    let who = actor(office, b.user_id);
    let now = ctx.clock.now();
    let since = stamp(now - chrono::Duration::hours(1));
    let used = store::unmasks_since(&mut *conn, &crate::filing::actor_code(&who), &since).await?;
    match unmask::decide(f, &people, choice, u32::try_from(used).unwrap_or(u32::MAX)) {
        Unmask::Alert { text, which } => {
            let m = Message::new("timeline-unmasked").arg("claimant", Arg::Count(which.map_or(0, |i| i as u64 + 1)));
            record(&mut *conn, ctx, f.complaint_id, who, TimelineKind::Unmasked, m).await?;
            tracing::info!(case = %f.case_number, "personal data unmasked for staff");
            let row = Outgoing::AnswerCallback { callback_id: b.callback_id.clone(), text: Some(text), alert: true };
            post::queue_erased_after_send(&mut *conn, &ctx.vault, b.chat_id, &row).await?;
            Ok(())
        }
        Unmask::Choose { text, keyboard } => {
            answer(&mut *conn, &ctx.vault, b, None).await?;
            say_with(&mut *conn, &ctx.vault, here, text, keyboard).await
        }
        Unmask::Limited => {
            tracing::info!(case = %f.case_number, "unmask refused: hourly allowance used");
            answer(&mut *conn, &ctx.vault, b, Some(tr("unmask-limited"))).await
        }
        Unmask::Invalid => answer(&mut *conn, &ctx.vault, b, Some(tr("staff-button-invalid"))).await,
    }
}
