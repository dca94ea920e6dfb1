//! The web channel (`[web]` in the deployment file): a plain mobile web page, served by the same
//! binary behind the operator's HTTPS proxy, for workers who cannot open Telegram (WeChat's browser
//! does not open t.me). It is an adapter like `bot/`: the same core decisions, the same store.
//!
//! Identity: a web worker is a session (an HttpOnly, Secure, SameSite=Lax cookie; only its hash is
//! stored). The session's chat id is `core::channel::web_chat(row id)`, an id Telegram never uses, so
//! the dialogue, the claimant rows, follow-up questions and notifications key on it exactly as on a
//! Telegram chat. The store sends a web chat's outbox rows to its web mailbox instead of Telegram;
//! the private status page (`/t/<token>`) shows them. Complaints filed here are marked
//! `channel = 'web'`, which the office's card shows.
//!
//! Forms: every form carries the session's token, which is good for one submission (checked and
//! spent in the transaction that applies the form): a resubmitted or replayed form changes nothing
//! and gets a clear page. Bodies are capped, uploads streamed to disk encrypted like Telegram
//! evidence, and posts are rate-limited per session and per address.
//!
//! - [`html`] — the page layout and escaping.
//! - [`intake`] — the landing page of a signboard's code and the intake, one question per page.
//! - [`crew`] — the landing page of a crew's join link, which a web filer forwards to the crew.
//! - [`status`] — the private status page after filing: messages, reply, follow-up answers.
//! - [`material`] — a file the worker uploads on the status page after filing (补正).
//! - [`open311`] — the Open311 GeoReport v2 read API (`[web] open311 = true`): the caseload without
//!   personal data, for city dashboards.

mod crew;
pub mod html;
mod intake;
mod limits;
mod material;
mod open311;
mod status;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use rand::RngCore;
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;

use crate::clock::stamp;
use crate::context::Ctx;
use crate::deployment::Web;
use crate::i18n::{Lang, tr};
use crate::shutdown::Shutdown;
use crate::storage::{self, web as store};

/// The session cookie's name.
pub const COOKIE: &str = "wd_session";
/// How long a browser keeps the session cookie (90 days); a session not seen for that long is
/// purged by the retention pass (`erasure::retention`).
pub const COOKIE_LIFETIME_SECS: i64 = 90 * 24 * 3600;
/// A form without a file: the longest answer a page allows, percent-encoded at its worst (a Chinese
/// character is three UTF-8 bytes sent as `%XX` each, nine in all), and room for the other fields.
const FORM_LIMIT: usize = crate::intake::MAX_TEXT_CHARS * 9 + 4 * 1024;

/// What every handler shares.
#[derive(Clone)]
pub struct WebState {
    pub ctx: Ctx,
    pub web: Web,
    /// For "open in Telegram" (empty: no link offered).
    pub bot_username: String,
    limits: Arc<limits::Limits>,
    /// One Open311 query at a time (see `open311`).
    open311_turn: Arc<tokio::sync::Semaphore>,
}

/// Serves the web channel on `listener` until shutdown (a failure is logged: the bot goes on).
pub async fn serve(ctx: Ctx, web: Web, bot_username: String, listener: TcpListener, mut shutdown: Shutdown) {
    match listener.local_addr() {
        Ok(at) => tracing::info!(address = %at, public = %web.public_url, "web channel listening"),
        Err(e) => tracing::warn!(error = %e, "web listener has no address"),
    }
    let state = WebState {
        ctx,
        web,
        bot_username,
        limits: Arc::new(limits::Limits::default()),
        open311_turn: Arc::new(tokio::sync::Semaphore::new(1)),
    };
    let app = router(state);
    let served = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async move { shutdown.wait().await })
        .await;
    if let Err(e) = served {
        tracing::error!(error = %e, "web channel stopped");
    }
}

fn router(state: WebState) -> Router {
    let upload_limit = usize::try_from(state.web.max_upload_bytes).unwrap_or(usize::MAX).saturating_add(64 * 1024);
    // Off unless the deployment enables it: then its paths are unknown pages like any other.
    let open311 = if state.web.open311 { open311::routes() } else { Router::new() };
    Router::new()
        .merge(open311)
        .route("/s/{code}", get(intake::landing))
        .route("/s/{code}/start", post(intake::start))
        .route("/w", get(intake::show).post(intake::answer))
        .route("/w/upload", post(intake::upload).layer(DefaultBodyLimit::max(upload_limit)))
        .route("/t/{token}", get(status::show))
        .route("/t/{token}/reply", post(status::reply))
        .route("/t/{token}/file", post(material::upload).layer(DefaultBodyLimit::max(upload_limit)))
        .route("/t/{token}/press", post(status::press))
        .route("/t/{token}/privacy", post(status::privacy))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(middleware::from_fn(too_large_page))
        .with_state(state)
}

/// axum refuses a body over its limit with a plain English line; the worker gets a page in their
/// language that says what happened and leads back (the upload's own refusals are pages already).
async fn too_large_page(request: Request, next: Next) -> Response {
    let lang = lang_of(request.headers());
    let back = back_to(request.uri().path());
    let response = next.run(request).await;
    let is_page = response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE || is_page {
        return response;
    }
    let label = tr(lang, "web-continue");
    let body = html::notice(lang, "web-refused-title", &tr(lang, "web-form-too-large"), Some((&back, &label)));
    html_response(StatusCode::PAYLOAD_TOO_LARGE, body, None)
}

/// The page a form at `path` came from: a status page or a landing page by its token or code, else
/// the intake (nothing else of the path is echoed back).
fn back_to(path: &str) -> String {
    let mut parts = path.trim_start_matches('/').split('/');
    match (parts.next(), parts.next()) {
        (Some(kind @ ("t" | "s")), Some(id))
            if !id.is_empty()
                && id.len() <= 64
                && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            format!("/{kind}/{id}")
        }
        _ => "/w".to_owned(),
    }
}

async fn not_found(headers: HeaderMap) -> Response {
    let lang = lang_of(&headers);
    let body = html::notice(lang, "web-not-found-title", &tr(lang, "web-not-found"), None);
    html_response(StatusCode::NOT_FOUND, body, None)
}

/// A page, with a new session cookie when one was made.
pub(crate) fn html_response(status: StatusCode, body: String, cookie: Option<&str>) -> Response {
    let mut response = (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'"),
    );
    if let Some(value) = cookie
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{COOKIE}={value}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age={COOKIE_LIFETIME_SECS}"
        ))
    {
        h.insert(header::SET_COOKIE, v);
    }
    response
}

/// After a form: back to the page that shows its outcome (post/redirect/get).
pub(crate) fn see_other(to: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}

/// The page language before a dialogue has one: `?lang=`, then the browser's, then Chinese.
pub(crate) fn lang_of(headers: &HeaderMap) -> Lang {
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if accept.trim_start().to_ascii_lowercase().starts_with("en") { Lang::En } else { Lang::ZhHans }
}

/// 32 random bytes, hex: session cookies, form tokens, status links.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// How a cookie or a status token is stored: its SHA-256, so the database alone opens nothing.
pub(crate) fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The session cookie's value, if the request has one that looks like ours.
fn cookie_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim().to_owned())
}

/// The request's session.
pub(crate) enum Visitor {
    /// A cookie whose session row exists.
    Known(store::Session),
    /// No cookie: a first visit.
    New,
    /// A cookie with no session row: one a page gave a first visit (its row is made when its first
    /// form comes back), or one we never issued (refused, never adopted).
    Unknown(String),
}

pub(crate) async fn visitor(ctx: &Ctx, headers: &HeaderMap) -> anyhow::Result<Visitor> {
    let Some(cookie) = cookie_of(headers) else { return Ok(Visitor::New) };
    let well_formed = cookie.len() == 64 && cookie.bytes().all(|b| b.is_ascii_hexdigit());
    if !well_formed {
        return Ok(Visitor::Unknown(String::new()));
    }
    Ok(match store::read(&ctx.db, &hash(&cookie)).await? {
        Some(session) => Visitor::Known(session),
        None => Visitor::Unknown(cookie),
    })
}

/// The first form's token for a browser without a session row: derived from its cookie with the
/// vault's key. A page shown to a first visit (a crawler, WeChat's link preview) stores nothing; only
/// a form coming back with this token makes the row, so rows grow with posts, which are rate limited.
fn first_form_token(ctx: &Ctx, cookie: &str) -> String {
    ctx.vault.lookup_hash("web-first-form", cookie)
}

/// The session a page is shown to: the known one, or for a first visit (or a cookie we do not know) a
/// new cookie to set with its first form's token, and no row yet (`id` 0, no chat).
pub(crate) async fn session_for_page(
    ctx: &Ctx,
    headers: &HeaderMap,
) -> anyhow::Result<(store::Session, Option<String>)> {
    match visitor(ctx, headers).await? {
        Visitor::Known(session) => Ok((session, None)),
        // A browser with a cookie we do not know starts afresh: it sees nothing of anyone's, and its
        // old cookie is replaced.
        Visitor::New | Visitor::Unknown(_) => {
            let cookie = random_token();
            let csrf = first_form_token(ctx, &cookie);
            Ok((store::Session { id: 0, chat_id: 0, csrf, page: None }, Some(cookie)))
        }
    }
}

/// The session row of a first visit whose first form came back with its token: made now. Two such
/// forms at once make one row; the second then finds the token spent.
async fn first_session(ctx: &Ctx, cookie: &str, csrf: &str) -> anyhow::Result<Option<store::Session>> {
    let mut tx = storage::begin_write(&ctx.db).await?;
    let made = store::create(&mut tx, &hash(cookie), csrf, &stamp(ctx.clock.now())).await;
    match made {
        Ok(session) => {
            tx.commit().await?;
            Ok(Some(session))
        }
        // The same first form twice at once: the other made the row.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            drop(tx);
            tracing::info!("a first form came back twice");
            Ok(store::read(&ctx.db, &hash(cookie)).await?)
        }
        Err(e) => Err(e.into()),
    }
}

/// Why a form was not acted on.
pub(crate) enum Refused {
    /// No session cookie, or one we never issued.
    NoSession,
    /// The form's token is not the session's current one (an old page, a replay, a forgery).
    StaleForm,
    /// Too many posts from this session or address.
    TooMany,
}

impl Refused {
    pub(crate) fn page(&self, lang: Lang, again: &str) -> Response {
        let (status, title, text) = match self {
            Refused::NoSession => (StatusCode::FORBIDDEN, "web-refused-title", "web-no-session"),
            Refused::StaleForm => (StatusCode::CONFLICT, "web-refused-title", "web-stale-form"),
            Refused::TooMany => (StatusCode::TOO_MANY_REQUESTS, "web-refused-title", "web-too-many"),
        };
        let label = tr(lang, "web-continue");
        html_response(status, html::notice(lang, title, &tr(lang, text), Some((again, &label))), None)
    }
}

/// The checks every form passes before it is applied: a known session, within the rate limits, and
/// the session's current token (spent later, in the transaction that applies the form).
pub(crate) async fn check_form(
    state: &WebState,
    headers: &HeaderMap,
    peer: SocketAddr,
    csrf: &str,
) -> anyhow::Result<Result<store::Session, Refused>> {
    let address = client_address(headers, peer);
    let session = match visitor(&state.ctx, headers).await? {
        Visitor::Known(session) => session,
        Visitor::Unknown(cookie)
            if !cookie.is_empty()
                && constant_time_eq(csrf.as_bytes(), first_form_token(&state.ctx, &cookie).as_bytes()) =>
        {
            // Counted against the address before a row is made: first forms are what grows the table.
            if !state.limits.admit_address(address) {
                return Ok(Err(Refused::TooMany));
            }
            match first_session(&state.ctx, &cookie, csrf).await? {
                Some(session) => session,
                None => return Ok(Err(Refused::NoSession)),
            }
        }
        Visitor::New | Visitor::Unknown(_) => return Ok(Err(Refused::NoSession)),
    };
    if !state.limits.admit(session.id, address) {
        return Ok(Err(Refused::TooMany));
    }
    if !constant_time_eq(csrf.as_bytes(), session.csrf.as_bytes()) {
        return Ok(Err(Refused::StaleForm));
    }
    Ok(Ok(session))
}

/// Spends the form's token in `tx` and gives the session its next one; `false` if the token was spent
/// already (a form sent twice at once: the second changes nothing).
pub(crate) async fn spend_form(
    ctx: &Ctx,
    tx: &mut storage::WriteTx,
    session: &store::Session,
    page: Option<&str>,
) -> anyhow::Result<bool> {
    let now = stamp(ctx.clock.now());
    if !store::use_form(&mut *tx, &session.csrf, session.id, &now).await? {
        return Ok(false);
    }
    store::turned(tx, session.id, &random_token(), page, &now).await?;
    Ok(true)
}

/// The worker's address: behind the operator's proxy on this machine, the one it forwarded.
fn client_address(headers: &HeaderMap, peer: SocketAddr) -> std::net::IpAddr {
    if peer.ip().is_loopback()
        && let Some(forwarded) = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(ip) = forwarded.rsplit(',').next().and_then(|s| s.trim().parse().ok())
    {
        return ip;
    }
    peer.ip()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A failure inside a handler: logged, and the worker gets a clear page (never a panic or a blank).
pub(crate) fn internal(lang: Lang, e: &anyhow::Error) -> Response {
    tracing::error!(error = %format!("{e:#}"), "web request failed");
    html_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        html::notice(lang, "web-refused-title", &tr(lang, "error-internal"), None),
        None,
    )
}
