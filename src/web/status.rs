//! The private status page of a web worker's complaint (`/t/<token>`, an unguessable link shown once
//! after filing): every message the worker's chat received (status changes, the office's messages,
//! follow-up questions) from their web mailbox, in their language; a reply box whose words go into
//! the case's office topic like a Telegram worker's message; while the case is open, an upload of
//! more material (`material`); and the follow-up questions' buttons.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::html::{self, esc, paragraphs};
use super::{Refused, WebState, check_form, hash, html_response, internal, lang_of, see_other, session_for_page};
use crate::case::Status;
use crate::clock::stamp;
use crate::commands::PrivacyCommand;
use crate::erasure::questions;
use crate::i18n::{Arg, Lang, tr, tr_args};
use crate::intake::{Keyboard, from_outs};
use crate::outgoing::{Outgoing, StaffOp};
use crate::storage::{self, web as store};

/// The case a status token names, and the language its worker reads.
pub(super) struct Named {
    pub(super) chat: i64,
    pub(super) complaint_id: i64,
    case_number: String,
    status: String,
    pub(super) lang: Lang,
    /// The worker moved this chat's notifications to Telegram ("connect Telegram").
    pub(super) moved: bool,
}

pub(super) async fn named(state: &WebState, token: &str) -> anyhow::Result<Option<Named>> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let Some((chat, complaint_id)) = store::status_link(&state.ctx.db, &hash(token)).await? else { return Ok(None) };
    let Some((case_number, status, lang)) = store::complaint_status(&state.ctx.db, complaint_id).await? else {
        return Ok(None);
    };
    // Moved, for the cases the move took: a case this browser filed afterwards is still the web's.
    let moved = store::moved_to_telegram(&state.ctx.db, chat).await?
        && !store::claims_on(&mut state.ctx.db.acquire().await?.conn(), chat, complaint_id).await?;
    // The worker's own language, as chosen on the web: a worker who joined someone else's case reads
    // theirs, not the filer's; the case's only when nothing is stored (after an erasure).
    let stored = storage::dialogues::read(&state.ctx.db, chat).await?;
    let lang = crate::notify::lang_of(&state.ctx.vault, stored.as_deref(), Lang::from_code(&lang).unwrap_or_default());
    Ok(Some(Named { chat, complaint_id, case_number, status, lang, moved }))
}

pub(super) fn unknown(lang: Lang) -> Response {
    html_response(
        StatusCode::NOT_FOUND,
        html::notice(lang, "web-unknown-status-title", &tr(lang, "web-unknown-status"), None),
        None,
    )
}

/// `GET /t/<token>`.
pub(super) async fn show(State(state): State<WebState>, Path(token): Path<String>, headers: HeaderMap) -> Response {
    let lang = lang_of(&headers);
    match page(&state, &token, &headers).await {
        Ok(Some(response)) => response,
        Ok(None) => unknown(lang),
        Err(e) => internal(lang, &e),
    }
}

async fn page(state: &WebState, token: &str, headers: &HeaderMap) -> anyhow::Result<Option<Response>> {
    let Some(n) = named(state, token).await? else { return Ok(None) };
    let (session, cookie) = session_for_page(&state.ctx, headers).await?;
    let lang = n.lang;
    let t = |id: &str| tr(lang, id);
    let status = Status::from_code(&n.status).map_or_else(|| n.status.clone(), |s| t(s.message_id()));
    let here = format!("/t/{token}");
    let title = tr_args(lang, "web-status-title", &[("case", Arg::from(&*n.case_number))]);
    let mut body = format!(
        "<h1>{}</h1><div class=\"box\"><p>{}</p><p class=\"note\">{}</p></div>",
        esc(&title),
        esc(&tr_args(lang, "web-status-now", &[("status", Arg::from(status))])),
        esc(&t("web-status-link-save"))
    );
    if n.moved {
        body.push_str(&format!("<div class=\"box\"><p>{}</p></div>", esc(&t("web-moved-to-telegram"))));
    }
    body.push_str("<div class=\"box\">");
    let mail = store::mail(&state.ctx.db, &state.ctx.vault, n.chat, n.complaint_id).await?;
    if mail.is_empty() {
        body.push_str(&format!("<p>{}</p>", esc(&t("web-status-no-messages"))));
    }
    for (_, payload, at) in mail {
        let Some((text, keyboard)) = payload.ok().and_then(|p| shown(lang, &p)) else { continue };
        body.push_str(&format!("<div class=\"mail\"><time>{}</time>{}", esc(&local_time(&at)), paragraphs(&text)));
        if let Keyboard::Inline(rows) = keyboard
            && !n.moved
        {
            let buttons: String = rows.iter().flatten().map(|b| html::button("b", &b.data, &b.label, false)).collect();
            body.push_str(&html::form(&format!("{here}/press"), &session.csrf, &buttons));
        }
        body.push_str("</div>");
    }
    body.push_str("</div>");
    // Moved to Telegram: the page only shows what was said; answers go there.
    if !n.moved {
        let open = super::material::is_open(state, &n).await?;
        if open {
            crew_link(state, &mut body, &n).await?;
        }
        answer_forms(state, &mut body, &here, &session.csrf, n.chat, lang, open);
    }
    Ok(Some(html_response(StatusCode::OK, html::page(lang, &title, &body), cookie.as_deref())))
}

/// A crew's leader keeps the link for the crew while the case is open: on the web the page shown after
/// filing is gone with the next step, and a member who has not joined yet still needs it.
async fn crew_link(state: &WebState, body: &mut String, n: &Named) -> anyhow::Result<()> {
    let mut conn = state.ctx.db.acquire().await?;
    if let Some(code) = storage::crew::code_for_filer(&mut conn.conn(), n.complaint_id, n.chat).await? {
        let link = state.web.crew_url(&code);
        let text = tr(n.lang, "web-crew-link-status");
        body.push_str(&format!(
            "<div class=\"box\"><p>{}</p><p><a href=\"{}\">{}</a></p></div>",
            esc(&text),
            esc(&link),
            esc(&link)
        ));
    }
    Ok(())
}

/// The reply box, while the case is `open` the upload of more material and, with a bot to open, the
/// "connect Telegram" link.
fn answer_forms(state: &WebState, body: &mut String, here: &str, csrf: &str, chat: i64, lang: Lang, open: bool) {
    let t = |id: &str| tr(lang, id);
    let reply = format!(
        "<p>{}</p><textarea name=\"text\" maxlength=\"{}\" required></textarea>{}",
        esc(&t("web-reply-hint")),
        crate::intake::MAX_TEXT_CHARS,
        html::button("send", "1", &t("web-send"), true)
    );
    body.push_str(&format!("<div class=\"box\">{}</div>", html::form(&format!("{here}/reply"), csrf, &reply)));
    if open {
        body.push_str(&super::material::form(state, here, csrf, lang));
    }
    // What the consent promised: withdrawing and erasing, each asked again before it is done.
    let privacy = format!(
        "<p>{}</p>{}{}",
        esc(&t("web-privacy-hint")),
        html::button("what", "withdraw", &t("web-withdraw"), false),
        html::button("what", "erase", &t("web-erase"), false)
    );
    body.push_str(&format!("<div class=\"box\">{}</div>", html::form(&format!("{here}/privacy"), csrf, &privacy)));
    // Workers who can use Telegram after all move their notifications there.
    if !state.bot_username.is_empty() {
        let payload = crate::channel::telegram_link_payload(&state.ctx.vault, chat);
        let link = crate::channel::start_link(&state.bot_username, &payload);
        body.push_str(&format!(
            "<div class=\"box\"><p>{}</p><p><a class=\"btn\" href=\"{}\">{}</a></p></div>",
            esc(&t("web-connect-hint")),
            esc(&link),
            esc(&t("web-connect-link"))
        ));
    }
}

/// What a mailbox row shows: its text and buttons (rows that say nothing to a worker are skipped).
fn shown(lang: Lang, payload: &str) -> Option<(String, Keyboard)> {
    match serde_json::from_str::<Outgoing>(payload).ok()? {
        Outgoing::Send { text, keyboard, .. } => Some((text, keyboard)),
        Outgoing::Receipt { text, .. } => Some((text, Keyboard::None)),
        Outgoing::Photo { caption, .. } | Outgoing::Document { caption, .. } => {
            Some((caption.unwrap_or_else(|| tr(lang, "web-status-file")), Keyboard::None))
        }
        Outgoing::Staff { op: StaffOp::Copy { caption, .. }, .. } => {
            let file = tr(lang, "web-status-file");
            Some((caption.map_or(file.clone(), |c| format!("{c}\n{file}")), Keyboard::None))
        }
        Outgoing::Staff { op: StaffOp::Reply { text, keyboard, .. }, .. } => Some((text, keyboard)),
        _ => None,
    }
}

fn local_time(stamp: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .map(|t| t.with_timezone(&chrono_tz::Asia::Shanghai).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

#[derive(Deserialize)]
pub(super) struct ReplyForm {
    csrf: String,
    text: Option<String>,
}

/// `POST /t/<token>/reply`: a follow-up question waiting for words takes them; otherwise they go to
/// the case's office topic.
pub(super) async fn reply(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ReplyForm>,
) -> Response {
    let here = format!("/t/{token}");
    let text = form.text.unwrap_or_default();
    let text = text.trim();
    respond(&state, &token, &headers, peer, &form.csrf, &here, |state, n, tx| {
        let text = text.to_owned();
        Box::pin(async move {
            if text.is_empty() {
                return Ok(Done::default());
            }
            if text.chars().count() > crate::intake::MAX_TEXT_CHARS {
                let args = [("max", Arg::from(crate::intake::MAX_TEXT_CHARS))];
                return Ok(vec![note(n.chat, tr_args(n.lang, "error-too-long", &args))].into());
            }
            if let Some(outs) =
                crate::followup::on_text(&mut tx.conn(), &state.ctx, n.chat, Some(n.complaint_id), &text).await?
            {
                return Ok(from_outs(n.chat, outs, None).into());
            }
            // The web has no message to copy: the text is relayed as words.
            let post = crate::staff::relay::WorkerPost::text(n.chat, n.lang, 0, text);
            if crate::staff::relay::to_case(&mut tx.conn(), &state.ctx, &post, n.complaint_id).await? {
                Ok(Done::default())
            } else {
                Ok(vec![note(n.chat, tr(n.lang, "web-reply-case-closed"))].into())
            }
        })
    })
    .await
}

/// A form from the page of a case moved to Telegram: answers go there.
pub(super) fn moved(n: &Named, here: &str) -> Response {
    let label = tr(n.lang, "web-continue");
    let body = html::notice(n.lang, "web-refused-title", &tr(n.lang, "web-moved-to-telegram"), Some((here, &label)));
    html_response(StatusCode::CONFLICT, body, None)
}

fn note(chat: i64, text: String) -> Outgoing {
    Outgoing::Send { chat_id: chat, text, keyboard: Keyboard::None }
}

#[derive(Deserialize)]
pub(super) struct PressForm {
    csrf: String,
    b: String,
}

#[derive(Deserialize)]
pub(super) struct PrivacyForm {
    csrf: String,
    what: String,
}

/// `POST /t/<token>/privacy`: "withdraw my complaint" or "delete my personal data", as the consent
/// promised on the web too. Asks first, like `/withdraw` and `/delete_my_data`: the question and its
/// buttons arrive on the page, and a press confirms.
pub(super) async fn privacy(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(form): Form<PrivacyForm>,
) -> Response {
    let here = format!("/t/{token}");
    let command = match form.what.as_str() {
        "withdraw" => Some(PrivacyCommand::Withdraw),
        "erase" => Some(PrivacyCommand::DeleteMyData),
        _ => None,
    };
    respond(&state, &token, &headers, peer, &form.csrf, &here, |state, n, tx| {
        Box::pin(async move {
            let Some(command) = command else { return Ok(vec![note(n.chat, tr(n.lang, "error-stale-button"))].into()) };
            let reply = questions::ask(&mut tx.conn(), &state.ctx, n.chat, n.lang, command).await?;
            Ok(vec![Outgoing::Send { chat_id: n.chat, text: reply.text, keyboard: reply.keyboard }].into())
        })
    })
    .await
}

/// `POST /t/<token>/press`: a button of a question on the page (a follow-up's "did the money arrive?",
/// or confirming a withdrawal or an erasure).
pub(super) async fn press(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(form): Form<PressForm>,
) -> Response {
    let here = format!("/t/{token}");
    let data = form.b;
    respond(&state, &token, &headers, peer, &form.csrf, &here, |state, n, tx| {
        Box::pin(async move {
            if questions::is_button(&data) {
                let (outs, erased_files) =
                    questions::on_button(&mut tx.conn(), &state.ctx, n.chat, n.lang, &data).await?;
                return Ok(Done { rows: from_outs(n.chat, outs, None), erased_files });
            }
            if !crate::followup::is_case_button(&data) {
                return Ok(vec![note(n.chat, tr(n.lang, "error-stale-button"))].into());
            }
            let outs = crate::followup::on_button(&mut tx.conn(), &state.ctx, n.chat, n.lang, &data).await?;
            Ok(from_outs(n.chat, outs, None).into())
        })
    })
    .await
}

/// What a form did: the rows for the worker's mailbox and, after an erasure, the files to delete once
/// it is committed.
#[derive(Default)]
struct Done {
    rows: Vec<Outgoing>,
    erased_files: Option<Vec<String>>,
}

impl From<Vec<Outgoing>> for Done {
    fn from(rows: Vec<Outgoing>) -> Done {
        Done { rows, erased_files: None }
    }
}

type Act<'a> = std::pin::Pin<Box<dyn Future<Output = anyhow::Result<Done>> + Send + 'a>>;

/// Checks the form and applies `act` in one transaction with the form's token spent; its rows go to
/// the worker's mailbox (the store diverts a web chat's rows), then back to the page.
async fn respond<F>(
    state: &WebState,
    token: &str,
    headers: &HeaderMap,
    peer: SocketAddr,
    csrf: &str,
    here: &str,
    act: F,
) -> Response
where
    F: for<'a> FnOnce(&'a WebState, &'a Named, &'a mut storage::WriteTx) -> Act<'a>,
{
    let lang = lang_of(headers);
    let n = match named(state, token).await {
        Ok(Some(n)) => n,
        Ok(None) => return unknown(lang),
        Err(e) => return internal(lang, &e),
    };
    if n.moved {
        return moved(&n, here);
    }
    let session = match check_form(state, headers, peer, csrf).await {
        Ok(Ok(session)) => session,
        Ok(Err(refused)) => return refused.page(n.lang, here),
        Err(e) => return internal(n.lang, &e),
    };
    let applied = async {
        let mut tx = storage::begin_write(&state.ctx.db).await?;
        if !super::spend_form(&state.ctx, &mut tx, &session, None).await? {
            return Ok(false);
        }
        let done = act(state, &n, &mut tx).await?;
        let now = stamp(chrono::Utc::now());
        let payloads = done
            .rows
            .iter()
            .map(|r| Ok((n.chat, serde_json::to_string(r)?)))
            .collect::<anyhow::Result<Vec<(i64, String)>>>()?;
        storage::outbox::enqueue_replies(&mut tx, &state.ctx.vault, &payloads, &now);
        tx.commit().await?;
        state.ctx.outbox_wake.notify_one();
        if let Some(files) = done.erased_files {
            crate::erasure::after_commit(&state.ctx, &files).await?;
        }
        anyhow::Ok(true)
    };
    match applied.await {
        Ok(true) => see_other(here),
        Ok(false) => Refused::StaleForm.page(n.lang, here),
        Err(e) => internal(n.lang, &e),
    }
}
