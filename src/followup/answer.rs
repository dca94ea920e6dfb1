//! The worker's answers: a button on a question, or the amount or words typed after one. Each is checked
//! against the database first; what it changes (the case confirmed or reopened, the office or the
//! supervisor told) commits with the worker's update.

use chrono::Duration;
use sqlx::SqliteConnection;

use super::ask::{button, expected_payment, payment_open, prepare, yuan};
use super::{Choice, decode};
use crate::case::{Actor, Arg, Message, Notification, Operation, Recipient, Status};
use crate::case_ops::{self, StoredCase};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::domain::money::WageAmount;
use crate::i18n::{Lang, tr, tr_args};
use crate::intake::{Keyboard, Out, Reply};
use crate::notify;
use crate::storage::followups::{self, Followup, Kind, state};

/// Typed words or an amount count as an answer for this long after the button that asked for them;
/// later, what the worker writes goes to their case's office as usual.
const TEXT_WINDOW: Duration = Duration::days(1);

/// Words longer than this are cut: they are a comment, not a new complaint.
const MAX_WORDS: usize = 1000;

fn say(text: String) -> Out {
    Out::Say(Reply { text, keyboard: Keyboard::None })
}

fn stale(lang: Lang) -> Vec<Out> {
    vec![Out::Toast(tr(lang, "followup-stale"))]
}

/// A `c:` button pressed by `chat`. `lang` is for refusals that find no case.
pub async fn on_button(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    chat: i64,
    lang: Lang,
    data: &str,
) -> anyhow::Result<Vec<Out>> {
    let Some((token, choice)) = decode(data) else { return Ok(stale(lang)) };
    let Some(f) = followups::by_token(conn, token).await? else { return Ok(stale(lang)) };
    if f.chat_id != chat {
        tracing::warn!(chat, "a follow-up button of another chat pressed");
        return Ok(stale(lang));
    }
    let Some(case) = case_ops::load(conn, f.complaint_id).await? else { return Ok(stale(lang)) };
    let lang = case.lang;
    let open = match f.kind {
        Kind::Payment => {
            let waiting = [state::ASKED, state::REMINDED, state::UNCONFIRMED].contains(&f.state.as_str());
            waiting && payment_open(conn, &f, &case).await?
        }
        Kind::Satisfaction if choice == Choice::Skip => f.state == state::AWAITING_WORDS,
        Kind::Satisfaction | Kind::Recheck => f.state == state::ASKED && case.state.status == Status::Closed,
    };
    if !open {
        return Ok(stale(lang));
    }
    let now = stamp(ctx.clock.now());
    let chosen = Out::Chosen { label: tr(lang, &choice.label_id()) };
    let outs = match (f.kind, choice) {
        (Kind::Payment, Choice::Received) => {
            let Ok(closed) = case_ops::apply(conn, ctx, f.complaint_id, Operation::ConfirmPaid, Actor::Worker).await?
            else {
                return Ok(stale(lang));
            };
            followups::set_state(conn, f.id, state::ANSWERED, Some(choice.answer()), &now).await?;
            let mut outs = vec![chosen, say(tr_args(lang, "followup-payment-closed", &[("case", case_arg(&case))]))];
            // The worker is here now: the satisfaction question follows at once, not at the next scan.
            if let Some(trigger) = followups::latest_event(conn, f.complaint_id, "payment_confirmed").await?
                && let Some(question) = prepare(conn, ctx, &closed, Kind::Satisfaction, trigger).await?
            {
                outs.push(Out::Say(question));
            }
            outs
        }
        (Kind::Payment, Choice::Partly) => {
            followups::set_state(conn, f.id, state::AWAITING_AMOUNT, Some(choice.answer()), &now).await?;
            vec![chosen, say(tr(lang, "followup-payment-ask-amount"))]
        }
        (Kind::Payment, Choice::NotReceived) | (Kind::Recheck, Choice::NotPaid) => {
            let reason_id =
                if f.kind == Kind::Payment { "followup-reason-not-received" } else { "followup-reason-recheck" };
            // The reason goes on the timeline and to the office, which work in Chinese.
            let op = Operation::Reopen { reason: tr(Lang::ZhHans, reason_id) };
            let Ok(reopened) = case_ops::apply(conn, ctx, f.complaint_id, op, Actor::Worker).await? else {
                return Ok(stale(lang));
            };
            followups::set_state(conn, f.id, state::ANSWERED, Some(choice.answer()), &now).await?;
            vec![chosen, say(reopened_text(ctx, &reopened))]
        }
        (Kind::Satisfaction, Choice::Satisfied | Choice::Mostly | Choice::Dissatisfied) => {
            followups::set_state(conn, f.id, state::AWAITING_WORDS, Some(choice.answer()), &now).await?;
            let id = if choice == Choice::Dissatisfied {
                let m = Message::new("notify-supervisor-dissatisfied").office("office", &case.state.owner);
                tell_supervisor(conn, ctx, &case, m).await?;
                "followup-satisfaction-words-escalated"
            } else {
                "followup-satisfaction-words"
            };
            let skip = Keyboard::Inline(vec![vec![button(lang, &f.token, Choice::Skip)]]);
            vec![chosen, Out::Say(Reply { text: tr(lang, id), keyboard: skip })]
        }
        (Kind::Satisfaction, Choice::Skip) => {
            followups::set_state(conn, f.id, state::ANSWERED, None, &now).await?;
            vec![chosen, say(tr(lang, "followup-satisfaction-thanks"))]
        }
        (Kind::Recheck, Choice::StillPaid) => {
            followups::set_state(conn, f.id, state::ANSWERED, Some(choice.answer()), &now).await?;
            vec![chosen, say(tr(lang, "followup-recheck-thanks"))]
        }
        _ => return Ok(stale(lang)),
    };
    tracing::info!(case = %case.case_number, kind = f.kind.code(), answer = choice.answer(), "follow-up answered");
    Ok(outs)
}

/// Text from `chat` while a question waits for typed words or an amount; `None` when none does (the
/// text then goes wherever it would have gone).
pub async fn on_text(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    chat: i64,
    text: &str,
) -> anyhow::Result<Option<Vec<Out>>> {
    let since = stamp(ctx.clock.now() - TEXT_WINDOW);
    let Some(f) = followups::awaiting_text(conn, chat, &since).await? else { return Ok(None) };
    let Some(case) = case_ops::load(conn, f.complaint_id).await? else { return Ok(None) };
    let lang = case.lang;
    let outs = if f.state == state::AWAITING_AMOUNT {
        received_part(conn, ctx, &f, &case, text).await?
    } else {
        let words: String = text.trim().chars().take(MAX_WORDS).collect();
        followups::set_words(conn, f.id, &ctx.vault.seal(&words)).await?;
        if f.answer.as_deref() == Some(Choice::Dissatisfied.answer()) {
            let masked = crate::staff::mask::mask_numbers(&words);
            let m = Message::new("notify-supervisor-dissatisfied-words").text("words", &masked);
            tell_supervisor(conn, ctx, &case, m).await?;
        }
        vec![say(tr(lang, "followup-satisfaction-thanks"))]
    };
    Ok(Some(outs))
}

/// "Partly": the amount the worker typed is recorded and the office told; the case stays unclosed.
async fn received_part(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    f: &Followup,
    case: &StoredCase,
    text: &str,
) -> anyhow::Result<Vec<Out>> {
    let lang = case.lang;
    let Ok(amount) = WageAmount::parse(text) else {
        return Ok(vec![say(tr(lang, "followup-payment-amount-invalid"))]);
    };
    followups::set_amount(conn, f.id, amount.fen()).await?;
    let expected = expected_payment(conn, case).await?.unwrap_or_default();
    let m = Message::new("notify-office-payment-partly")
        .arg("amount", Arg::Fen(amount.fen()))
        .arg("expected", Arg::Fen(expected));
    notify::send(conn, ctx, &case.as_ref(), &Notification::new(Recipient::Office(case.state.owner.clone()), m)).await?;
    let office = notify::office_name(&ctx.deployment, lang, &case.state.owner);
    let args = [("amount", yuan(amount.fen()).into()), ("office", office.into())];
    Ok(vec![say(tr_args(lang, "followup-payment-partly-recorded", &args))])
}

/// The owner's supervisor hears it (the owner itself if the deployment names no supervisor).
async fn tell_supervisor(conn: &mut SqliteConnection, ctx: &Ctx, case: &StoredCase, m: Message) -> anyhow::Result<()> {
    let to = match ctx.deployment.escalation_office(&case.state.owner) {
        Some(sup) => Recipient::Supervisor(sup.id.clone()),
        None => Recipient::Office(case.state.owner.clone()),
    };
    notify::send(conn, ctx, &case.as_ref(), &Notification::new(to, m)).await
}

fn case_arg(case: &StoredCase) -> crate::i18n::Arg {
    case.case_number.clone().into()
}

fn reopened_text(ctx: &Ctx, case: &StoredCase) -> String {
    let lang = case.lang;
    let office = notify::office_name(&ctx.deployment, lang, &case.state.owner);
    let due = case.state.investigation_due.map(|d| notify::date_text(lang, d)).unwrap_or_default();
    tr_args(lang, "followup-reopened", &[("case", case_arg(case)), ("office", office.into()), ("due", due.into())])
}
