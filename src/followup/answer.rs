//! The worker's answers: a button on a question, or the amount or words typed after one. Each is checked
//! against the database first; what it changes (the case confirmed or reopened, the office or the
//! supervisor told) commits with the worker's update.

use wagedesk_store::conn::Conn;

use super::decode;
use super::questions::{Asked, payment_open, prepare, recheck_current};
use crate::case_ops;
use crate::clock::stamp;
use crate::context::Ctx;
use crate::i18n::{Lang, tr};
use crate::intake::Out;
use crate::notify;
use crate::storage::followups::{self, Followup, Kind, state};
use crate::storage::{self, claimants};
use wagedesk_core::case::claimants::waiting_besides;
use wagedesk_core::followup::answer::{self as rules, CaseView, Press, Question};
use wagedesk_core::followup::answer::{Owed, Standing};

fn stale(lang: Lang) -> Vec<Out> {
    vec![Out::Toast(tr(lang, "followup-stale"))]
}

/// A `c:` button pressed by `chat`: what it names is loaded, the core decides
/// ([`wagedesk_core::followup::answer::on_button`]), and the decision is stored here. `lang` is the
/// presser's: they read the answer.
pub async fn on_button(conn: &mut Conn<'_>, ctx: &Ctx, chat: i64, lang: Lang, data: &str) -> anyhow::Result<Vec<Out>> {
    let Some((token, choice)) = decode(data) else { return Ok(stale(lang)) };
    let Some(f) = followups::by_token(&mut *conn, token).await? else { return Ok(stale(lang)) };
    if f.chat_id != chat {
        tracing::warn!(chat, "a follow-up button of another chat pressed");
        return Ok(stale(lang));
    }
    let Some(mut case) = case_ops::load(&mut *conn, f.complaint_id).await? else { return Ok(stale(lang)) };
    if f.kind == Kind::Recheck && !recheck_current(&mut *conn, &f).await? {
        return Ok(stale(lang));
    }
    let payment_open = f.kind == Kind::Payment && payment_open(&mut *conn, &f, &case).await?;
    // The claimants, read once: what this worker is owed and who else must still confirm.
    let payers = claimants::payers(&mut *conn, f.complaint_id).await?;
    let press = Press {
        chat_id: chat,
        choice,
        question: question_of(&f),
        case: CaseView { case_number: case.case_number.clone(), lang, state: case.state.clone() },
        payment_open,
        owed: Owed::after(case.state.outcome.as_ref(), &payers, chat).unwrap_or_default(),
        others_waiting: waiting_besides(&payers, chat),
    };
    let decision = rules::on_button(&press, ctx.clock.today(), &ctx.deployment);
    let now = stamp(ctx.clock.now());
    if let Some(paid) = decision.paid {
        claimants::record_paid(&mut *conn, f.complaint_id, chat, paid, &now).await?;
    }
    if let Some(transition) = decision.transition {
        case_ops::store_answer(&mut *conn, ctx, &mut case, transition, chat).await?;
    }
    let Some((new_state, answer)) = decision.question else { return Ok(decision.outs) };
    followups::set_state(&mut *conn, f.id, new_state, answer, &now).await?;
    if let Some(n) = &decision.notify {
        notify::send(&mut *conn, ctx, &case.as_ref(), n).await?;
    }
    let mut outs = decision.outs;
    if decision.ask_satisfaction {
        outs.extend(satisfaction_now(&mut *conn, ctx, &case, chat, lang).await?);
    }
    tracing::info!(case = %case.case_number, kind = f.kind.code(), answer = choice.answer(), "follow-up answered");
    Ok(outs)
}

/// The worker who closed the case is here now: the satisfaction question follows at once, not at the
/// next scan.
async fn satisfaction_now(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    case: &case_ops::StoredCase,
    chat: i64,
    lang: Lang,
) -> anyhow::Result<Option<Out>> {
    let Some(trigger) = followups::latest_event(&mut *conn, case.complaint_id, "payment_confirmed").await? else {
        return Ok(None);
    };
    let question = prepare(&mut *conn, ctx, case, Kind::Satisfaction, trigger, Asked { chat, lang }).await?;
    Ok(question.map(Out::Say))
}

/// Text from `chat` while a question waits for typed words or an amount (a question of case `case`
/// only, when the text was written about that case); `None` when none does (the text then goes
/// wherever it would have gone). The core decides ([`rules::on_text`]); this stores it.
pub async fn on_text(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    chat: i64,
    case: Option<i64>,
    text: &str,
) -> anyhow::Result<Option<Vec<Out>>> {
    // Later than its window, the text goes wherever it would have gone (the office, the intake).
    let now = ctx.clock.now();
    let since = followups::Since {
        amount: stamp(now - wagedesk_core::followup::AMOUNT_WINDOW),
        words: stamp(now - wagedesk_core::followup::WORDS_WINDOW),
    };
    let Some(f) = followups::awaiting_text(&mut *conn, chat, case, &since).await? else { return Ok(None) };
    let Some(mut case) = case_ops::load(&mut *conn, f.complaint_id).await? else { return Ok(None) };
    // An amount is judged like a press: what this worker is owed and who else must still confirm.
    let standing = match f.state.as_str() {
        state::AWAITING_AMOUNT => {
            let payers = claimants::payers(&mut *conn, f.complaint_id).await?;
            Standing {
                payment_open: payment_open(&mut *conn, &f, &case).await?,
                owed: Owed::after(case.state.outcome.as_ref(), &payers, chat).unwrap_or_default(),
                others_waiting: waiting_besides(&payers, chat),
            }
        }
        _ => Standing::default(),
    };
    let question = question_of(&f);
    let lang = notify::lang_of(&ctx.vault, storage::dialogues::load(&mut *conn, chat).await?.as_deref(), case.lang);
    let view = CaseView { case_number: case.case_number.clone(), lang, state: case.state.clone() };
    let decision = rules::on_text(&question, &view, standing, text, ctx.clock.today(), &ctx.deployment);
    if let Some(fen) = decision.amount_fen {
        followups::set_amount(&mut *conn, f.id, fen).await?;
    }
    if let Some(paid) = decision.paid {
        let now = stamp(ctx.clock.now());
        claimants::record_paid(&mut *conn, f.complaint_id, chat, paid, &now).await?;
    }
    if let Some(transition) = decision.transition {
        case_ops::store_answer(&mut *conn, ctx, &mut case, transition, chat).await?;
    }
    if let Some(words) = &decision.words {
        followups::set_words(&mut *conn, f.id, &ctx.vault.seal(words)).await?;
    }
    if let Some(n) = &decision.notify {
        notify::send(&mut *conn, ctx, &case.as_ref(), n).await?;
    }
    let mut outs = decision.outs;
    if decision.ask_satisfaction {
        outs.extend(satisfaction_now(&mut *conn, ctx, &case, chat, lang).await?);
    }
    Ok(Some(outs))
}

fn question_of(f: &Followup) -> Question {
    Question {
        kind: f.kind,
        token: f.token.clone(),
        chat_id: f.chat_id,
        state: f.state.clone(),
        answer: f.answer.clone(),
    }
}
