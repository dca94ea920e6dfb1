//! The landing page of a signboard's code, and the intake: one question per page. Every answer runs
//! the same `intake::decide` as a Telegram message; what the turn said is kept with the session and
//! shown by `GET /w` (post/redirect/get: a reload never answers twice).

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::html::{self, esc, paragraphs};
use super::{Refused, WebState, check_form, html_response, internal, lang_of, see_other, session_for_page};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::crypto::stream::FileKey;
use crate::i18n::{Arg, Lang, tr, tr_args};
use crate::intake::draft::EvidenceItem;
use crate::intake::{self, Command, Dialogue, Input, Keyboard, Out, Reply, Step};
use crate::storage::{self, web as store};
use crate::worksite::CodeLookup;

/// What the last turn said, kept (sealed) with the session until the next one.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Shown {
    replies: Vec<Reply>,
    /// After filing: the private status link, shown once (only its hash is stored).
    status_link: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct LangQuery {
    lang: Option<String>,
}

/// The language a `?lang=` link picked, if any.
fn picked_lang(q: &LangQuery) -> Option<Lang> {
    q.lang.as_deref().and_then(Lang::from_code)
}

fn plausible_code(code: &str) -> bool {
    !code.is_empty() && intake::plausible_code(code)
}

/// `GET /s/<code>`: "is this your worksite?", with the web form and the Telegram link; for a crew's
/// join link, the crew's page (`crew`).
pub(super) async fn landing(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let picked = picked_lang(&q);
    let lang = picked.unwrap_or_else(|| lang_of(&headers));
    match landing_page(&state, peer, &code, lang, picked.is_some(), &headers).await {
        Ok(response) => response,
        Err(e) => internal(lang, &e),
    }
}

async fn landing_page(
    state: &WebState,
    peer: SocketAddr,
    code: &str,
    lang: Lang,
    picked: bool,
    headers: &HeaderMap,
) -> anyhow::Result<Response> {
    // A crew's join link (`j` and its code) rather than a signboard's.
    if let Some(crew) = crate::crew::code_of_payload(code) {
        return super::crew::landing_page(state, peer, code, &crew, lang, picked, headers).await;
    }
    let lookup = if plausible_code(code) {
        let mut conn = state.ctx.db.acquire().await?;
        storage::projects::find_by_code(&mut conn, code).await?
    } else {
        CodeLookup::Unknown
    };
    let card = match lookup {
        CodeLookup::Active(card) => card,
        CodeLookup::Revoked | CodeLookup::Unknown => {
            let body = html::notice(lang, "web-unknown-code-title", &tr(lang, "web-unknown-code"), None);
            return Ok(html_response(StatusCode::NOT_FOUND, body, None));
        }
    };
    let (session, cookie) = session_for_page(&state.ctx, headers).await?;
    let t = |id: &str| tr(lang, id);
    let mut body = lang_links(lang, &format!("/s/{code}"));
    body.push_str(&format!("<h1>{}</h1>", esc(&t("web-landing-title"))));
    body.push_str(&format!(
        "<div class=\"box\"><p><b>{}</b></p><p>{}</p></div>",
        esc(&card.name),
        esc(&tr_args(lang, "web-landing-contractor", &[("contractor", Arg::from(&*card.general_contractor))]))
    ));
    // A language picked with the page's links is the worker's choice, which the intake then keeps;
    // one guessed from the browser is not (the intake asks).
    let mut start = html::button("go", "1", &t("web-fill-here"), true);
    if picked {
        start.push_str(&format!("<input type=\"hidden\" name=\"lang\" value=\"{}\">", lang.code()));
    }
    body.push_str(&html::form(&format!("/s/{code}/start"), &session.csrf, &start));
    if !state.bot_username.is_empty() {
        let link = crate::signboard::deep_link(&state.bot_username, code);
        body.push_str(&format!("<a class=\"btn\" href=\"{}\">{}</a>", esc(&link), esc(&t("web-open-telegram"))));
    }
    body.push_str(&format!("<p class=\"note\">{}</p>", esc(&t("web-landing-note"))));
    Ok(html_response(StatusCode::OK, html::page(lang, &t("web-landing-title"), &body), cookie.as_deref()))
}

pub(super) fn lang_links(current: Lang, path: &str) -> String {
    let links: Vec<String> = Lang::ALL
        .into_iter()
        .filter(|l| *l != current)
        .map(|l| format!("<a href=\"{}?lang={}\">{}</a>", esc(path), l.code(), esc(&tr(l, "language-name"))))
        .collect();
    format!("<div class=\"lang\">{}</div>", links.join(" · "))
}

#[derive(Deserialize)]
pub(super) struct StartForm {
    csrf: String,
    lang: Option<String>,
}

/// `POST /s/<code>/start`: the web form starts like `/start <code>` in Telegram.
pub(super) async fn start(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    headers: HeaderMap,
    Form(form): Form<StartForm>,
) -> Response {
    let picked = form.lang.as_deref().and_then(Lang::from_code);
    let lang = picked.unwrap_or_else(|| lang_of(&headers));
    let code = if plausible_code(&code) { code } else { String::new() };
    let input = Input::Command(Command::Start(Some(code.clone())));
    let again = format!("/s/{code}");
    act(&state, &headers, peer, &form.csrf, lang, &again, |_| async move { Ok(Some((input, picked))) }).await
}

#[derive(Deserialize)]
pub(super) struct AnswerForm {
    csrf: String,
    /// A pressed button's data.
    b: Option<String>,
    /// A typed answer.
    text: Option<String>,
    /// `language`, `new` or `cancel`: the commands a page offers.
    command: Option<String>,
}

/// `POST /w`: one answer.
pub(super) async fn answer(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<AnswerForm>,
) -> Response {
    let lang = lang_of(&headers);
    let input = match (form.command.as_deref(), form.b, form.text) {
        (Some("language"), _, _) => Some(Input::Command(Command::Language)),
        (Some("new"), _, _) => Some(Input::Command(Command::New)),
        (Some("cancel"), _, _) => Some(Input::Command(Command::Cancel)),
        (_, Some(data), _) => Some(Input::Button { data }),
        (_, None, Some(text)) if !text.trim().is_empty() => Some(Input::Text(text)),
        _ => None,
    };
    act(&state, &headers, peer, &form.csrf, lang, "/w", |_| async move { Ok(input.map(|i| (i, None))) }).await
}

/// Checks a form, runs the turn its input makes (with the language the form picked, if it did), and
/// sends the worker to the page that shows it.
async fn act<F, Fut>(
    state: &WebState,
    headers: &HeaderMap,
    peer: SocketAddr,
    csrf: &str,
    lang: Lang,
    again: &str,
    input: F,
) -> Response
where
    F: FnOnce(store::Session) -> Fut,
    Fut: Future<Output = anyhow::Result<Option<(Input, Option<Lang>)>>>,
{
    let session = match check_form(state, headers, peer, csrf).await {
        Ok(Ok(session)) => session,
        Ok(Err(refused)) => return refused.page(lang, again),
        Err(e) => return internal(lang, &e),
    };
    let (input, picked) = match input(session.clone()).await {
        Ok(Some(input)) => input,
        // An empty answer: the same question again.
        Ok(None) => return see_other("/w"),
        Err(e) => return internal(lang, &e),
    };
    match turn(state, &session, input, picked).await {
        Ok(true) => see_other("/w"),
        Ok(false) => Refused::StaleForm.page(lang, "/w"),
        Err(e) => internal(lang, &e),
    }
}

/// One intake turn for a web session, applied like the bot applies one: the dialogue read and saved
/// in one transaction with the filing and the form's token spent. `false`: the token was spent.
/// `picked`: a language the worker chose on the landing page, kept as their choice like Telegram's
/// language step keeps it.
async fn turn(state: &WebState, session: &store::Session, input: Input, picked: Option<Lang>) -> anyhow::Result<bool> {
    let ctx = &state.ctx;
    let chat = session.chat_id;
    let (mut tx, json) = storage::dialogues::begin_and_load(&ctx.db, chat).await?;
    let now = stamp(ctx.clock.now());
    if !store::use_form(&mut tx, &session.csrf, session.id, &now).await? {
        return Ok(false);
    }
    let mut dialogue = read_dialogue(ctx, json);
    if picked.is_some() {
        dialogue.lang = picked;
    }
    let held = crate::dialogue::held_files(&dialogue);
    let needs = intake::needs(&input);
    let known = storage::intake_facts(&mut tx, chat, &needs).await?;
    let env = intake::Env { deployment: &ctx.deployment, vault: &ctx.vault, now: ctx.clock.now() };
    let decision = intake::decide(&env, known, chat, dialogue, input);
    let (dialogue, mut outs) = (decision.dialogue, decision.outs);
    let lang = dialogue.lang();
    // Files of a draft the worker cancelled or started over: deleted once the turn is committed, as
    // in Telegram (a file a filed complaint holds stays).
    let dropped = crate::dialogue::dropped_files(held, &dialogue);
    let mut status_link = None;
    if let Some(draft) = decision.file {
        let filed = crate::filing::file_complaint(&mut tx.conn(), ctx, chat, lang, &draft).await?;
        outs.extend(intake::filed_replies(lang, &filed, intake::JoinAt::Web(&state.web)));
        let complaint = match &filed {
            intake::Filed::Opened { complaint_id, .. } => {
                store::mark_web_complaint(&mut tx, *complaint_id).await?;
                Some(*complaint_id)
            }
            intake::Filed::Joined { complaint_id, .. } => Some(*complaint_id),
            intake::Filed::AlreadyFiled { .. } => None,
        };
        if let Some(complaint_id) = complaint {
            let token = super::random_token();
            store::add_status_link(&mut tx, &super::hash(&token), chat, complaint_id, &now).await?;
            status_link = Some(format!("{}/t/{token}", state.web.public_url));
        }
    }
    let shown = Shown { replies: replies(outs), status_link };
    let page = ctx.vault.seal(&serde_json::to_string(&shown)?);
    store::turned(&mut tx, session.id, &super::random_token(), Some(&page), &now).await?;
    let sealed = ctx.vault.seal(&serde_json::to_string(&dialogue)?);
    storage::dialogues::save_at_commit(&mut tx, chat, &sealed, &now);
    tx.commit().await?;
    // Filing queued the office's card and alerts.
    ctx.outbox_wake.notify_one();
    crate::evidence::delete_discarded(ctx, chat, dropped).await?;
    Ok(true)
}

/// A stored dialogue, or a fresh one when there is none or it no longer reads.
fn read_dialogue(ctx: &Ctx, json: Option<String>) -> Dialogue {
    let Some(stored) = json else { return Dialogue::default() };
    match crate::dialogue::open(&ctx.vault, &stored) {
        Ok(d) => d,
        Err(_) => {
            tracing::warn!("unreadable web dialogue state reset");
            Dialogue::default()
        }
    }
}

/// The turn's outs as the page shows them: what was said, a chosen button as a ticked line.
fn replies(outs: Vec<Out>) -> Vec<Reply> {
    outs.into_iter()
        .map(|out| match out {
            Out::Say(reply) => reply,
            Out::Chosen { label } => Reply { text: format!("✅ {label}"), keyboard: Keyboard::None },
            Out::Toast(text) => Reply { text, keyboard: Keyboard::None },
        })
        .collect()
}

/// Steps whose answer is typed (the others are answered with their buttons).
fn takes_text(step: Step) -> bool {
    matches!(
        step,
        Step::Site
            | Step::Employer
            | Step::Amount
            | Step::AmountConfirm
            | Step::Period
            | Step::Workers
            | Step::CrewSize
            | Step::Name
            | Step::Phone
            | Step::IdNumber
            | Step::Description
    )
}

/// `GET /w`: the current question.
pub(super) async fn show(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(_q): Query<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&headers);
    match page(&state, &headers).await {
        Ok(response) => response,
        Err(e) => internal(lang, &e),
    }
}

async fn page(state: &WebState, headers: &HeaderMap) -> anyhow::Result<Response> {
    let ctx = &state.ctx;
    let (session, cookie) = session_for_page(ctx, headers).await?;
    let stored = storage::dialogues::read(&ctx.db, session.chat_id).await?;
    let dialogue = read_dialogue(ctx, stored);
    let lang = dialogue.lang.unwrap_or_else(|| lang_of(headers));
    let shown: Shown = match &session.page {
        Some(sealed) => serde_json::from_str(&ctx.vault.open(sealed)?).unwrap_or_default(),
        None => Shown::default(),
    };
    let t = |id: &str| tr(lang, id);
    let csrf = &session.csrf;
    let mut body = String::new();
    if dialogue.step != Step::Idle && dialogue.step != Step::Language {
        let switch = html::form("/w", csrf, &html::button("command", "language", &t("web-switch-language"), false));
        body.push_str(&format!("<div class=\"lang\">{switch}</div>"));
    }
    if let Some(link) = &shown.status_link {
        body.push_str(&format!(
            "<div class=\"box\"><p>{}</p><p class=\"link\"><a href=\"{}\">{}</a></p></div>",
            esc(&t("web-status-link-save")),
            esc(link),
            esc(link)
        ));
    }
    if shown.replies.is_empty() {
        body.push_str(&format!("<div class=\"box say\">{}</div>", paragraphs(&t("web-start-hint"))));
    }
    for reply in &shown.replies {
        body.push_str(&format!("<div class=\"box say\">{}", paragraphs(&reply.text)));
        if let Keyboard::Inline(rows) = &reply.keyboard {
            let buttons: String = rows.iter().flatten().map(|b| html::button("b", &b.data, &b.label, false)).collect();
            body.push_str(&html::form("/w", csrf, &buttons));
        }
        body.push_str("</div>");
    }
    if takes_text(dialogue.step) {
        let kind = if dialogue.step == Step::Phone { "tel\" inputmode=\"tel" } else { "text" };
        // A phone is often shared on a site: the browser must not offer the last worker's name,
        // number or ID number.
        let personal = matches!(dialogue.step, Step::Name | Step::Phone | Step::IdNumber);
        let remember = if personal { " autocomplete=\"off\"" } else { "" };
        let field = if dialogue.step == Step::Description {
            format!("<textarea name=\"text\" maxlength=\"{}\" required></textarea>", intake::MAX_TEXT_CHARS)
        } else {
            format!(
                "<input type=\"{kind}\" name=\"text\" maxlength=\"{}\"{remember} required autofocus>",
                intake::MAX_TEXT_CHARS
            )
        };
        let inner = format!("{field}{}", html::button("send", "1", &t("web-send"), true));
        body.push_str(&html::form("/w", csrf, &inner));
    }
    if matches!(dialogue.step, Step::Evidence | Step::Description) {
        let limit = crate::deployment::evidence::format_size(state.web.max_upload_bytes);
        body.push_str(&format!(
            "<form method=\"post\" action=\"/w/upload\" enctype=\"multipart/form-data\" class=\"box\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{}\"><p>{}</p>\
             <input type=\"file\" name=\"file\" accept=\"image/*,audio/*,application/pdf\" required>{}</form>",
            esc(csrf),
            esc(&tr_args(lang, "web-upload-hint", &[("limit", Arg::from(limit))])),
            html::button("up", "1", &t("web-upload"), false)
        ));
    }
    if dialogue.step == Step::Idle {
        body.push_str(&html::form("/w", csrf, &html::button("command", "new", &t("web-new-complaint"), false)));
    }
    let title = t("web-intake-title");
    let mut html_body = format!("<h1>{}</h1>", esc(&title));
    html_body.push_str(&body);
    Ok(html_response(StatusCode::OK, html::page(lang, &title, &html_body), cookie.as_deref()))
}

/// `POST /w/upload`: one evidence file, streamed to disk encrypted like Telegram evidence, then
/// handed to the dialogue as the same media input.
pub(super) async fn upload(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let lang = lang_of(&headers);
    // The token comes first in the form, so nothing is written for a form we refuse.
    let csrf = match multipart.next_field().await {
        Ok(Some(field)) if field.name() == Some("csrf") => field.text().await.unwrap_or_default(),
        _ => return refused_upload(lang, Unfit::Bad),
    };
    let session = match check_form(&state, &headers, peer, &csrf).await {
        Ok(Ok(session)) => session,
        Ok(Err(refused)) => return refused.page(lang, "/w"),
        Err(e) => return internal(lang, &e),
    };
    let item = match receive(&state, &session, &mut multipart).await {
        Ok(Ok(item)) => item,
        Ok(Err(unfit)) => return refused_upload(lang, unfit),
        Err(e) => return internal(lang, &e),
    };
    let path = item.stored_path.clone();
    let turned = turn(&state, &session, Input::Media(item), None).await;
    // A file the draft did not take (the form was stale, the turn failed, the step moved on) is not
    // left in the evidence folder.
    if let Some(path) = path
        && !draft_holds(&state, &session, &path).await
    {
        let _ = crate::evidence::remove(&state.ctx.evidence_dir, &path).await;
    }
    match turned {
        Ok(true) => see_other("/w"),
        Ok(false) => Refused::StaleForm.page(lang, "/w"),
        Err(e) => internal(lang, &e),
    }
}

/// Whether the session's draft holds the stored file `path` (a read that fails says it does: a file
/// is never deleted on a guess).
async fn draft_holds(state: &WebState, session: &store::Session, path: &str) -> bool {
    match storage::dialogues::read(&state.ctx.db, session.chat_id).await {
        Ok(stored) => crate::dialogue::held_files(&read_dialogue(&state.ctx, stored)).iter().any(|p| p == path),
        Err(_) => true,
    }
}

/// Why an upload is not kept.
#[derive(Debug, Clone, Copy)]
enum Unfit {
    /// Over the size or the count.
    TooLarge,
    /// No file, or a broken form.
    Bad,
    /// The intake is at no step that takes files (the page offered no upload).
    NotNow,
}

fn refused_upload(lang: Lang, unfit: Unfit) -> Response {
    let (status, id) = match unfit {
        Unfit::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "web-upload-too-large"),
        Unfit::Bad => (StatusCode::BAD_REQUEST, "web-upload-bad"),
        Unfit::NotNow => (StatusCode::CONFLICT, "web-upload-not-now"),
    };
    let label = tr(lang, "web-continue");
    html_response(status, html::notice(lang, "web-refused-title", &tr(lang, id), Some(("/w", &label))), None)
}

/// Streams the form's file into the evidence folder, or says why not. Nothing is kept of a refused file.
async fn receive(
    state: &WebState,
    session: &store::Session,
    multipart: &mut Multipart,
) -> anyhow::Result<Result<EvidenceItem, Unfit>> {
    let ctx = &state.ctx;
    let stored = storage::dialogues::read(&ctx.db, session.chat_id).await?;
    let dialogue = read_dialogue(ctx, stored);
    // The form is shown only where files are taken; a post from anywhere else stores nothing.
    if !crate::dialogue::accepts_files(&dialogue) {
        return Ok(Err(Unfit::NotNow));
    }
    let used = crate::evidence::quota::in_draft(&dialogue.draft.evidence);
    if used.files >= state.web.max_uploads || ctx.deployment.evidence.admit(used, 0).is_err() {
        return Ok(Err(Unfit::TooLarge));
    }
    let limit = state.web.max_upload_bytes.min(ctx.deployment.evidence.bytes_left(used));
    let mut field = match multipart.next_field().await {
        Ok(Some(field)) if field.name() == Some("file") => field,
        _ => return Ok(Err(Unfit::Bad)),
    };
    let kind = upload_kind(&field);
    let key = FileKey::random();
    let mut out = crate::evidence::file::EncryptedFile::create(&ctx.evidence_dir, &key).await?;
    loop {
        match field.chunk().await {
            Ok(Some(piece)) => {
                if out.size() + piece.len() as u64 > limit {
                    drop(out);
                    return Ok(Err(Unfit::TooLarge));
                }
                out.write(&piece).await?;
            }
            Ok(None) => break,
            Err(e) => {
                drop(out);
                // The body limit cut it off, or the form is broken.
                let too_large = e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                return Ok(Err(if too_large { Unfit::TooLarge } else { Unfit::Bad }));
            }
        }
    }
    if out.size() == 0 {
        drop(out);
        return Ok(Err(Unfit::Bad));
    }
    let stored = out.finish().await?;
    Ok(Ok(uploaded_item(ctx, kind, stored, &key)))
}

/// How an uploaded file is kept and shown to the office, by the type the browser gave it. Only the
/// picture formats Telegram takes as a photo are sent as one; another picture (an iPhone's HEIC, a TIFF
/// scan) goes as a document, which Telegram takes whatever its format.
pub(super) fn upload_kind(field: &axum::extract::multipart::Field<'_>) -> &'static str {
    kind_of_type(field.content_type().unwrap_or(""))
}

fn kind_of_type(content_type: &str) -> &'static str {
    match content_type.to_ascii_lowercase().as_str() {
        "image/jpeg" | "image/jpg" | "image/png" | "image/webp" => "photo",
        t if t.starts_with("audio/") => "audio",
        _ => "document",
    }
}

/// The evidence item of a file uploaded on the web and stored encrypted under `key`.
pub(super) fn uploaded_item(
    ctx: &Ctx,
    kind: &str,
    stored: crate::evidence::file::Stored,
    key: &FileKey,
) -> EvidenceItem {
    EvidenceItem {
        kind: kind.to_owned(),
        // Not a Telegram file: no file id.
        file_id: String::new(),
        file_unique_id: format!("web-{}", &stored.sha256[..16.min(stored.sha256.len())]),
        sha256: Some(stored.sha256),
        stored_path: Some(stored.path.display().to_string()),
        size_bytes: Some(i64::try_from(stored.size).unwrap_or(i64::MAX)),
        received_at: stamp(ctx.clock.now()),
        file_key: Some(ctx.vault.seal(&key.to_hex())),
        note: None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_pictures_telegram_takes_as_photos_are_sent_as_photos() {
        for t in ["image/jpeg", "image/png", "IMAGE/JPEG", "image/webp"] {
            assert_eq!(super::kind_of_type(t), "photo", "{t}");
        }
        for t in ["image/heic", "image/tiff", "application/pdf", ""] {
            assert_eq!(super::kind_of_type(t), "document", "{t}");
        }
        assert_eq!(super::kind_of_type("audio/ogg"), "audio");
    }
}
