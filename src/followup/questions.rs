//! Putting the questions: the scheduler's pass over cases that wait for one, the reminder, and the
//! office's "unconfirmed"; and the question itself (text and buttons) in the worker's language.

use rand::Rng;
use rand::distr::Alphanumeric;
use wagedesk_store::conn::Conn;

use super::{Choice, FollowupOptions};
use crate::case::{Arg, Message, Notification, Outcome, Recipient, Status};
use crate::case_ops::{self, StoredCase};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::i18n::{Lang, tr_args};
use crate::intake::{Keyboard, Reply};
use crate::notify;
use crate::outgoing::Outgoing;
use crate::render::yuan;
use crate::storage::followups::{self, Followup, Kind, state};
use crate::storage::{self, claimants};
use wagedesk_core::followup::answer::Owed;
use wagedesk_core::followup::{attached, button};

/// One pass: new questions, reminders, unconfirmed payments. Returns how many things it did.
pub async fn scan(ctx: &Ctx, options: &FollowupOptions) -> anyhow::Result<usize> {
    let now = ctx.clock.now();
    let today = ctx.clock.today().to_string();
    let mut done = 0;
    for kind in [Kind::Payment, Kind::Satisfaction, Kind::Recheck] {
        for (complaint_id, trigger_id) in followups::unasked(&ctx.db, kind, &today).await? {
            let mut tx = storage::begin_write(&ctx.db).await?;
            if let Some(case) = case_ops::load(&mut tx.conn(), complaint_id).await? {
                // Each claimant is asked in their own chat and language; a payment only by those
                // who have not confirmed yet.
                let chats = match kind {
                    Kind::Payment => claimants::unconfirmed_chats(&mut tx, complaint_id).await?,
                    Kind::Satisfaction | Kind::Recheck => claimants::chats(&mut tx, complaint_id).await?,
                };
                for (chat, dialogue) in chats {
                    let asked = Asked { chat, lang: notify::lang_of(&ctx.vault, dialogue.as_deref(), case.lang) };
                    if let Some(question) = prepare(&mut tx.conn(), ctx, &case, kind, trigger_id, asked).await? {
                        queue(&mut tx.conn(), ctx, chat, complaint_id, question).await?;
                        done += 1;
                    }
                }
            }
            tx.commit().await?;
        }
    }
    let asked_before = stamp(now - options.remind_after);
    for f in followups::payments_to_remind(&ctx.db, &asked_before).await? {
        done += usize::from(chase(ctx, &f, Chase::Remind).await?);
    }
    let reminded_before = stamp(now - options.unconfirmed_after);
    for f in followups::payments_unconfirmed(&ctx.db, &reminded_before).await? {
        done += usize::from(chase(ctx, &f, Chase::Unconfirmed).await?);
    }
    if done > 0 {
        ctx.outbox_wake.notify_one();
        tracing::info!(done, "follow-up questions, reminders and unconfirmed payments");
    }
    Ok(done)
}

/// The worker a question is put to: one claimant's chat and language.
#[derive(Debug, Clone, Copy)]
pub(super) struct Asked {
    pub chat: i64,
    pub lang: Lang,
}

/// Records a question of `kind` for one claimant and returns it, or `None` if it was asked already
/// (or, for a payment, nothing is owed to them).
pub(super) async fn prepare(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    case: &StoredCase,
    kind: Kind,
    trigger_id: i64,
    asked: Asked,
) -> anyhow::Result<Option<Reply>> {
    let amount = match kind {
        Kind::Payment => match expected_payment(&mut *conn, case, asked.chat).await? {
            Some(owed) if owed.expected_fen > 0 => Some(owed.expected_fen),
            _ => return Ok(None),
        },
        Kind::Satisfaction | Kind::Recheck => None,
    };
    let token = new_token();
    let now = stamp(ctx.clock.now());
    if !followups::insert(&mut *conn, &token, case.complaint_id, asked.chat, kind, trigger_id, &now).await? {
        return Ok(None);
    }
    Ok(Some(question(ctx, case, &token, ask_id(kind), choices(kind), asked, amount)))
}

/// The buttons a worker's notification carries for the worker of `chat` ([`attached`]): a question
/// of its own is recorded for them now, so a press is answered like any follow-up question. No
/// buttons when the notification carries none (or its question was put already).
pub async fn buttons_for(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    complaint_id: i64,
    message_id: &str,
    chat: i64,
    lang: Lang,
) -> anyhow::Result<Keyboard> {
    let Some(a) = attached(message_id) else { return Ok(Keyboard::None) };
    let Some(trigger) = followups::latest_event(&mut *conn, complaint_id, a.trigger_event).await? else {
        return Ok(Keyboard::None);
    };
    let token = new_token();
    let now = stamp(ctx.clock.now());
    if !followups::insert(&mut *conn, &token, complaint_id, chat, a.kind, trigger, &now).await? {
        return Ok(Keyboard::None);
    }
    Ok(Keyboard::Inline(a.choices.iter().map(|c| vec![button(lang, &token, *c)]).collect()))
}

fn new_token() -> String {
    rand::rng().sample_iter(Alphanumeric).take(12).map(char::from).collect()
}

/// The message that puts a question of `kind` for the first time.
fn ask_id(kind: Kind) -> &'static str {
    match kind {
        Kind::Payment => "followup-payment-ask",
        Kind::Satisfaction => "followup-satisfaction-ask",
        Kind::Recheck => "followup-recheck-ask",
    }
}

/// The buttons of a question of `kind` put on its own.
fn choices(kind: Kind) -> &'static [Choice] {
    match kind {
        Kind::Payment => &[Choice::Received, Choice::Partly, Choice::NotReceived],
        Kind::Satisfaction => &[Choice::Satisfied, Choice::Mostly, Choice::Dissatisfied],
        Kind::Recheck => &[Choice::StillPaid, Choice::NotPaid],
    }
}

/// The question's text (`id`) and its buttons; a payment question names `amount`.
fn question(
    ctx: &Ctx,
    case: &StoredCase,
    token: &str,
    id: &str,
    choices: &[Choice],
    asked: Asked,
    amount: Option<i64>,
) -> Reply {
    let lang = asked.lang;
    let office = notify::office_name(&ctx.deployment, lang, &case.state.owner);
    let mut args = vec![("case", case.case_number.clone().into()), ("office", office.into())];
    if let Some(fen) = amount {
        args.push(("amount", yuan(fen).into()));
    }
    let rows = choices.iter().map(|c| vec![button(lang, token, *c)]).collect();
    Reply { text: tr_args(lang, id, &args), keyboard: Keyboard::Inline(rows) }
}

/// Puts the questions `chat` has not answered to it again, in `lang`: a worker who moved from the
/// web page to Telegram got them in their web mailbox, where their buttons no longer answer. A
/// payment question whose resolution changed meanwhile, or a 回头看 of an earlier closing, is not
/// repeated. Returns how many went.
pub async fn ask_again(conn: &mut Conn<'_>, ctx: &Ctx, chat: i64, lang: Lang) -> anyhow::Result<usize> {
    let mut asked = 0;
    for f in followups::unanswered_of_chat(&mut *conn, chat).await? {
        let Some(case) = case_ops::load(&mut *conn, f.complaint_id).await? else { continue };
        let amount = match f.kind {
            Kind::Payment if !payment_open(&mut *conn, &f, &case).await? => continue,
            Kind::Payment => Some(expected_payment(&mut *conn, &case, chat).await?.unwrap_or_default().expected_fen),
            Kind::Recheck if !recheck_current(&mut *conn, &f).await? => continue,
            Kind::Satisfaction | Kind::Recheck => None,
        };
        let to = Asked { chat, lang };
        // The button a closing without this worker carried is put again with the closing's words.
        let settled = attached("notify-worker-closed-settled").filter(|a| a.kind == f.kind);
        let reply = match settled {
            Some(a)
                if followups::latest_event(&mut *conn, f.complaint_id, a.trigger_event).await?
                    == Some(f.trigger_id) =>
            {
                question(ctx, &case, &f.token, "notify-worker-closed-settled", a.choices, to, None)
            }
            _ => question(ctx, &case, &f.token, ask_id(f.kind), choices(f.kind), to, amount),
        };
        queue(&mut *conn, ctx, chat, f.complaint_id, reply).await?;
        asked += 1;
    }
    Ok(asked)
}

/// What the worker of `chat` is asked about and still owed ([`Owed::after`]); `None` unless the case
/// is resolved as paid.
pub(super) async fn expected_payment(
    conn: &mut Conn<'_>,
    case: &StoredCase,
    chat: i64,
) -> anyhow::Result<Option<Owed>> {
    let payers = claimants::payers(&mut *conn, case.complaint_id).await?;
    Ok(Owed::after(case.state.outcome.as_ref(), &payers, chat))
}

/// Whether a payment question still stands: the case is resolved as paid by the resolution it asked about.
pub(super) async fn payment_open(conn: &mut Conn<'_>, f: &Followup, case: &StoredCase) -> anyhow::Result<bool> {
    let latest = followups::latest_event(&mut *conn, f.complaint_id, "resolved").await?;
    Ok(case.state.status == Status::Resolved
        && case.state.outcome.as_ref().is_some_and(Outcome::is_paid)
        && latest == Some(f.trigger_id))
}

/// A 回头看 question (or a closing's "not received" button) is about the case as it was when asked —
/// its trigger is the latest payment confirmation or resolution; after a reopening and a new
/// resolution, an old one is stale.
pub(super) async fn recheck_current(conn: &mut Conn<'_>, f: &Followup) -> anyhow::Result<bool> {
    for event in ["payment_confirmed", "resolved"] {
        if followups::latest_event(&mut *conn, f.complaint_id, event).await? == Some(f.trigger_id) {
            return Ok(true);
        }
    }
    Ok(false)
}

enum Chase {
    Remind,
    Unconfirmed,
}

/// A payment question left unanswered: remind the worker, or later tell the office.
async fn chase(ctx: &Ctx, f: &Followup, step: Chase) -> anyhow::Result<bool> {
    let mut tx = storage::begin_write(&ctx.db).await?;
    let now = stamp(ctx.clock.now());
    let Some(case) = case_ops::load(&mut tx.conn(), f.complaint_id).await? else { return Ok(false) };
    // The list was read before this write: the worker may have answered since ("partly", waiting for
    // the amount), or another pass got there first. Only a question still where it was moves on.
    let (from, to) = match step {
        Chase::Remind => (state::ASKED, state::REMINDED),
        Chase::Unconfirmed => (state::REMINDED, state::UNCONFIRMED),
    };
    if !payment_open(&mut tx.conn(), f, &case).await? {
        followups::advance(&mut tx, f.id, from, state::STALE, &now).await?;
        tx.commit().await?;
        return Ok(false);
    }
    if !followups::advance(&mut tx, f.id, from, to, &now).await? {
        return Ok(false);
    }
    match step {
        Chase::Remind => {
            let dialogue = storage::dialogues::load(&mut tx, f.chat_id).await?;
            let asked = Asked { chat: f.chat_id, lang: notify::lang_of(&ctx.vault, dialogue.as_deref(), case.lang) };
            let amount = expected_payment(&mut tx.conn(), &case, f.chat_id).await?.unwrap_or_default().expected_fen;
            let choices = choices(Kind::Payment);
            let reminder = question(ctx, &case, &f.token, "followup-payment-remind", choices, asked, Some(amount));
            queue(&mut tx.conn(), ctx, f.chat_id, f.complaint_id, reminder).await?;
        }
        Chase::Unconfirmed => {
            let fen = expected_payment(&mut tx.conn(), &case, f.chat_id).await?.unwrap_or_default().expected_fen;
            let m = Message::new("notify-office-payment-unconfirmed").arg("amount", Arg::Fen(fen));
            let n = Notification::new(Recipient::Office(case.state.owner.clone()), m);
            notify::send(&mut tx.conn(), ctx, &case.as_ref(), &n).await?;
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// Queues a question about case `complaint_id` for the worker as a notification (they are not in a
/// dialogue with us now).
async fn queue(conn: &mut Conn<'_>, ctx: &Ctx, chat_id: i64, complaint_id: i64, reply: Reply) -> anyhow::Result<()> {
    let row = Outgoing::Send { chat_id, text: reply.text, keyboard: reply.keyboard };
    crate::staff::post::queue_about(&mut *conn, &ctx.vault, chat_id, &row, complaint_id).await?;
    Ok(())
}
