//! Case notifications leave the core here: each is rendered in its reader's language (office ids
//! become office names, dates and money are written out), recorded against the case, and queued in
//! the outbox for the worker's chat or the office's linked group — in the caller's transaction.

use wagedesk_store::conn::Conn;

use crate::case::{Notification, Recipient};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::i18n::Lang;
use crate::intake::Keyboard;
use crate::outgoing::Outgoing;
use crate::staff;
use crate::storage::cases;

/// The case a notification is about, and where its worker is.
#[derive(Debug, Clone)]
pub struct CaseRef<'a> {
    pub complaint_id: i64,
    pub case_number: &'a str,
    pub worker_chat_id: i64,
    /// The case's language (the filer's at filing): a worker's stored choice comes first
    /// ([`lang_of`]); this only when none is stored (after an erasure, say).
    pub worker_lang: Lang,
}

pub use wagedesk_core::render::{OFFICE_LANG, date_text, office_name, render};

/// The text a recipient reads, worded for the worker's channel. Offices and supervisors see the case
/// number first.
pub fn text_for(ctx: &Ctx, case: &CaseRef<'_>, n: &Notification) -> String {
    wagedesk_core::render::text_for_chat(&ctx.deployment, case.case_number, case.worker_lang, case.worker_chat_id, n)
}

/// Records a notification and queues it for its recipient: the worker's chat (with the buttons of a
/// question it carries, see [`crate::followup::buttons_for`]); an office's case thread in its linked
/// group (opening the topic and card first); a supervisor's group, with a button that opens the case
/// there. An office with no linked group keeps it on record only (and
/// the log says so), so linking later loses nothing of the history.
pub async fn send(conn: &mut Conn<'_>, ctx: &Ctx, case: &CaseRef<'_>, n: &Notification) -> anyhow::Result<()> {
    let (recipient, outbox_id) = match &n.to {
        Recipient::Worker => {
            tell_other_claimants(&mut *conn, ctx, case, n).await?;
            // Chat 0: every worker of the case withdrew from it or had their data erased.
            if case.worker_chat_id == 0 {
                return record(&mut *conn, ctx, case, n, "worker", None).await;
            }
            // The language the worker chose last (they may have switched since filing), as every
            // other message to them reads it; the case's own only when nothing is stored.
            let stored = crate::storage::dialogues::load(&mut *conn, case.worker_chat_id).await?;
            let lang = lang_of(&ctx.vault, stored.as_deref(), case.worker_lang);
            let text = text_for(ctx, &CaseRef { worker_lang: lang, ..case.clone() }, n);
            let keyboard = crate::followup::buttons_for(
                &mut *conn,
                ctx,
                case.complaint_id,
                &n.message_id,
                case.worker_chat_id,
                lang,
            )
            .await?;
            let row = Outgoing::Send { chat_id: case.worker_chat_id, text, keyboard };
            let id =
                staff::post::queue_about(&mut *conn, &ctx.vault, case.worker_chat_id, &row, case.complaint_id).await?;
            ("worker".to_owned(), Some(id))
        }
        // `case` names the worker who acted, told where they acted: every other worker hears.
        Recipient::OtherWorkers => return tell_other_claimants(&mut *conn, ctx, case, n).await,
        Recipient::Office(o) => {
            let text = text_for(ctx, case, n);
            let queued = staff::post::post(&mut *conn, ctx, case.complaint_id, o, text, Keyboard::None).await?;
            (format!("office:{}", o.as_str()), queued)
        }
        Recipient::Supervisor(o) => {
            let text = text_for(ctx, case, n);
            let queued = staff::supervisor_alerts::post(&mut *conn, ctx, case.complaint_id, o, text).await?;
            (format!("supervisor:{}", o.as_str()), queued)
        }
    };
    if outbox_id.is_none() {
        tracing::info!(case = case.case_number, %recipient, message = %n.message_id, "no linked chat; kept on record");
    }
    record(&mut *conn, ctx, case, n, &recipient, outbox_id).await
}

/// A worker's notification reaches every worker on the case: those who joined it are told each
/// status change too, each in their own language (they were promised "以后的进展也会通知你").
pub async fn tell_other_claimants(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    case: &CaseRef<'_>,
    n: &Notification,
) -> anyhow::Result<()> {
    let chats = crate::storage::claimants::chats(&mut *conn, case.complaint_id).await?;
    for (chat_id, dialogue) in chats.into_iter().filter(|(chat, _)| *chat != case.worker_chat_id) {
        let lang = lang_of(&ctx.vault, dialogue.as_deref(), case.worker_lang);
        let theirs = CaseRef { worker_chat_id: chat_id, worker_lang: lang, ..case.clone() };
        let keyboard =
            crate::followup::buttons_for(&mut *conn, ctx, case.complaint_id, &n.message_id, chat_id, lang).await?;
        let row = Outgoing::Send { chat_id, text: text_for(ctx, &theirs, n), keyboard };
        let outbox_id = staff::post::queue_about(&mut *conn, &ctx.vault, chat_id, &row, case.complaint_id).await?;
        record(&mut *conn, ctx, case, n, &format!("claimant:{chat_id}"), Some(outbox_id)).await?;
    }
    Ok(())
}

/// The language a worker chose, from their stored (sealed) dialogue; `fallback` if none reads.
pub fn lang_of(vault: &crate::crypto::Vault, dialogue: Option<&str>, fallback: Lang) -> Lang {
    dialogue.and_then(|stored| crate::dialogue::open(vault, stored).ok()?.lang).unwrap_or(fallback)
}

/// A message's arguments as kept on record (timeline, notifications): free text (a note, a reason,
/// words asked of the worker) is sealed like the numbers; counts, dates, offices and message ids stay
/// readable for the ledger and the audit.
pub fn sealed_args(vault: &crate::crypto::Vault, args: &crate::case::Args) -> serde_json::Result<String> {
    let mut args = args.clone();
    for value in args.values_mut() {
        if let crate::case::Arg::Text(text) = value {
            *text = vault.seal(text);
        }
    }
    serde_json::to_string(&args)
}

/// Records a notification delivered some other way (a worker told inside the dialogue).
pub async fn record(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    case: &CaseRef<'_>,
    n: &Notification,
    recipient: &str,
    outbox_id: Option<i64>,
) -> anyhow::Result<()> {
    let args = sealed_args(&ctx.vault, &n.args)?;
    cases::record_notification(
        conn,
        case.complaint_id,
        recipient,
        &n.message_id,
        &args,
        outbox_id,
        &stamp(ctx.clock.now()),
    )
    .await?;
    Ok(())
}
