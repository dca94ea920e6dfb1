//! Case notifications leave the core here: each is rendered in its reader's language (office ids
//! become office names, dates and money are written out), recorded against the case, and queued in
//! the outbox for the worker's chat or the office's linked group — in the caller's transaction.

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use crate::case::{Arg, Args, Notification, Recipient};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::deployment::{Deployment, OfficeId};
use crate::domain::money::WageAmount;
use crate::i18n::{self, Lang};
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
    pub worker_lang: Lang,
}

/// Offices work in Chinese.
const OFFICE_LANG: Lang = Lang::ZhHans;

/// Renders a message id with case arguments in `lang`.
pub fn render(d: &Deployment, lang: Lang, id: &str, args: &Args) -> String {
    let rendered: Vec<(String, i18n::Arg)> =
        args.iter().map(|(k, v)| (k.clone(), render_arg(d, lang, v, args))).collect();
    let borrowed: Vec<(&str, i18n::Arg)> = rendered.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    i18n::tr_args(lang, id, &borrowed)
}

fn render_arg(d: &Deployment, lang: Lang, arg: &Arg, all: &Args) -> i18n::Arg {
    let text = match arg {
        Arg::Text(s) => s.clone(),
        Arg::Office(id) => office_name(d, lang, id),
        Arg::County(code) => d.county(code).map_or_else(
            || code.clone(),
            |c| match lang {
                Lang::ZhHans => c.name_zh.clone(),
                Lang::En => c.name_en.clone(),
            },
        ),
        Arg::Date(day) => date_text(lang, *day),
        Arg::Fen(fen) => format!("¥{}", WageAmount::from_fen(*fen).yuan_text()),
        Arg::Count(n) => return i18n::Arg::Int(i64::try_from(*n).unwrap_or(i64::MAX)),
        // A nested message (an outcome's name) renders with the same arguments, but never nests again.
        Arg::Message(id) => {
            let flat: Args = all
                .iter()
                .filter(|(_, v)| !matches!(v, Arg::Message(_)))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            render(d, lang, id, &flat)
        }
    };
    i18n::Arg::Text(text)
}

pub fn office_name(d: &Deployment, lang: Lang, id: &OfficeId) -> String {
    d.office(id).map_or_else(
        || id.as_str().to_owned(),
        |o| match lang {
            Lang::ZhHans => o.name_zh.clone(),
            Lang::En => o.name_en.clone(),
        },
    )
}

pub fn date_text(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::ZhHans => day.format("%Y年%-m月%-d日").to_string(),
        Lang::En => day.format("%-d %b %Y").to_string(),
    }
}

/// The text a recipient reads. Offices and supervisors see the case number first.
pub fn text_for(ctx: &Ctx, case: &CaseRef<'_>, n: &Notification) -> String {
    let d = &ctx.deployment;
    match &n.to {
        Recipient::Worker => render(d, case.worker_lang, &n.message_id, &n.args),
        Recipient::Office(_) | Recipient::Supervisor(_) => {
            let body = render(d, OFFICE_LANG, &n.message_id, &n.args);
            i18n::tr_args(
                OFFICE_LANG,
                "notify-office-frame",
                &[("case", case.case_number.into()), ("body", body.into())],
            )
        }
    }
}

/// Records a notification and queues it for its recipient: the worker's chat; an office's case
/// thread in its linked group (opening the topic and card first); a supervisor's group, with a
/// button that opens the case there. An office with no linked group keeps it on record only (and
/// the log says so), so linking later loses nothing of the history.
pub async fn send(conn: &mut SqliteConnection, ctx: &Ctx, case: &CaseRef<'_>, n: &Notification) -> anyhow::Result<()> {
    let text = text_for(ctx, case, n);
    let (recipient, outbox_id) = match &n.to {
        Recipient::Worker => {
            let row = Outgoing::Send { chat_id: case.worker_chat_id, text, keyboard: Keyboard::None };
            ("worker".to_owned(), Some(staff::post::queue(conn, case.worker_chat_id, &row).await?))
        }
        Recipient::Office(o) => {
            let queued = staff::post::post(conn, ctx, case.complaint_id, o, text, Keyboard::None).await?;
            (format!("office:{}", o.as_str()), queued)
        }
        Recipient::Supervisor(o) => {
            let queued = staff::alerts::post(conn, ctx, case.complaint_id, o, text).await?;
            (format!("supervisor:{}", o.as_str()), queued)
        }
    };
    if outbox_id.is_none() {
        tracing::info!(case = case.case_number, %recipient, message = %n.message_id, "no linked chat; kept on record");
    }
    record(conn, ctx, case, n, &recipient, outbox_id).await
}

/// Records a notification delivered some other way (a worker told inside the dialogue).
pub async fn record(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    case: &CaseRef<'_>,
    n: &Notification,
    recipient: &str,
    outbox_id: Option<i64>,
) -> anyhow::Result<()> {
    let args = serde_json::to_string(&n.args)?;
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
