//! The web channel's rows: sessions (a web worker's identity; their chat id is
//! `core::channel::web_chat(id)`), the mailbox the outbox fills for web chats, the private status
//! links, and the one-time form tokens already used.

use crate::conn::Conn;
use crate::on_conn;
use wagedesk_core::channel::web_chat;
use wagedesk_core::crypto::Vault;

use super::Db;

/// A web session as stored.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: i64,
    pub chat_id: i64,
    /// The token the next form must carry.
    pub csrf: String,
    /// Sealed JSON of what the last turn said.
    pub page: Option<String>,
}

type Row = (i64, String, Option<String>);

fn session((id, csrf, page): Row) -> Session {
    Session { id, chat_id: web_chat(id), csrf, page }
}

/// Makes a session for a cookie (stored by its hash).
pub async fn create<'c>(
    conn: impl Into<Conn<'c>>,
    cookie_hash: &str,
    csrf: &str,
    now: &str,
) -> Result<Session, sqlx::Error> {
    let id: i64 = on_conn!(conn.into(), c => sqlx::query_scalar(
        "INSERT INTO web_sessions (cookie_hash, csrf, created_at, seen_at) VALUES ($1, $2, $3, $3) RETURNING id",
    )
    .bind(cookie_hash)
    .bind(csrf)
    .bind(now)
    .fetch_one(c)
    .await)?;
    Ok(Session { id, chat_id: web_chat(id), csrf: csrf.to_owned(), page: None })
}

/// The session a cookie's hash names.
pub async fn by_cookie<'c>(conn: impl Into<Conn<'c>>, cookie_hash: &str) -> Result<Option<Session>, sqlx::Error> {
    let row: Option<Row> = on_conn!(conn.into(), c =>
        sqlx::query_as("SELECT id, csrf, page FROM web_sessions WHERE cookie_hash = $1")
        .bind(cookie_hash)
        .fetch_optional(c)
        .await)?;
    Ok(row.map(session))
}

/// Reads a session outside any transaction.
pub async fn read(db: &Db, cookie_hash: &str) -> Result<Option<Session>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    by_cookie(&mut conn, cookie_hash).await
}

/// After a form was acted on: the next form's token, and what the turn said.
pub async fn turned<'c>(
    conn: impl Into<Conn<'c>>,
    id: i64,
    csrf: &str,
    page: Option<&str>,
    now: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query("UPDATE web_sessions SET csrf = $2, page = COALESCE($3, page), seen_at = $4 WHERE id = $1")
        .bind(id)
        .bind(csrf)
        .bind(page)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Marks a one-time form token used; `false` when it already was (a resubmitted form).
pub async fn use_form<'c>(
    conn: impl Into<Conn<'c>>,
    token: &str,
    session_id: i64,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let done = on_conn!(conn.into(), c => sqlx::query(
        "INSERT INTO web_forms_used (token, session_id, used_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(token)
    .bind(session_id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// One message of a web worker's mailbox: `(id, payload opened or why not, created_at)`.
pub type Mail = (i64, Result<String, String>, String);

/// A web chat's mailbox as case `complaint_id`'s status page shows it, oldest first: the rows about that
/// case and those about none.
pub async fn mail(db: &Db, vault: &Vault, chat_id: i64, complaint_id: i64) -> Result<Vec<Mail>, sqlx::Error> {
    let rows: Vec<(i64, String, String)> = on_conn!(db.acquire().await?.conn(), c => sqlx::query_as(
        "SELECT id, payload, created_at FROM web_mail
         WHERE chat_id = $1 AND (complaint_id IS NULL OR complaint_id = $2) ORDER BY id",
    )
    .bind(chat_id)
    .bind(complaint_id)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(|(id, p, at)| (id, vault.open(&p).map_err(|e| e.to_string()), at)).collect())
}

/// Records a complaint's private status link (by its token's hash).
pub async fn add_status_link<'c>(
    conn: impl Into<Conn<'c>>,
    token_hash: &str,
    chat_id: i64,
    complaint_id: i64,
    now: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query("INSERT INTO web_status_links (token_hash, chat_id, complaint_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(chat_id)
        .bind(complaint_id)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// What a status link names: `(chat_id, complaint_id)`.
pub async fn status_link(db: &Db, token_hash: &str) -> Result<Option<(i64, i64)>, sqlx::Error> {
    on_conn!(db.acquire().await?.conn(), c =>
        sqlx::query_as("SELECT chat_id, complaint_id FROM web_status_links WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(c)
        .await)
}

/// Marks a complaint as filed on the web channel (the office's card shows it).
pub async fn mark_web_complaint<'c>(conn: impl Into<Conn<'c>>, complaint_id: i64) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query("UPDATE complaints SET channel = 'web' WHERE id = $1").bind(complaint_id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The channel a complaint was filed on (`telegram` for an unknown id).
pub async fn complaint_channel<'c>(conn: impl Into<Conn<'c>>, complaint_id: i64) -> Result<String, sqlx::Error> {
    let channel: Option<String> = on_conn!(conn.into(), c =>
        sqlx::query_scalar("SELECT channel FROM complaints WHERE id = $1")
        .bind(complaint_id)
        .fetch_optional(c)
        .await)?;
    Ok(channel.unwrap_or_else(|| "telegram".to_owned()))
}

/// What the status page shows of a complaint: `(case_number, status, lang)`.
pub async fn complaint_status(db: &Db, complaint_id: i64) -> Result<Option<(String, String, String)>, sqlx::Error> {
    on_conn!(db.acquire().await?.conn(), c =>
        sqlx::query_as("SELECT case_number, status, lang FROM complaints WHERE id = $1")
        .bind(complaint_id)
        .fetch_optional(c)
        .await)
}

/// Sessions no browser can bring back: last seen before `before` (the cookie's lifetime ago), with
/// their chat ids, at most `limit`.
pub async fn expired_sessions(db: &Db, before: &str, limit: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let ids: Vec<i64> = on_conn!(db.acquire().await?.conn(), c =>
        sqlx::query_scalar("SELECT id FROM web_sessions WHERE seen_at < $1 ORDER BY id LIMIT $2")
        .bind(before)
        .bind(limit)
        .fetch_all(c)
        .await)?;
    Ok(ids.into_iter().map(|id| (id, web_chat(id))).collect())
}

/// Whether a web chat filed anything: its status links outlive its session (they open the case
/// without the cookie), so its chat id and mailbox stay.
pub async fn has_status_links<'c>(conn: impl Into<Conn<'c>>, chat_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = on_conn!(conn.into(), c =>
        sqlx::query_scalar("SELECT COUNT(*) FROM web_status_links WHERE chat_id = $1")
        .bind(chat_id)
        .fetch_one(c)
        .await)?;
    Ok(n > 0)
}

/// Deletes a session row and the form tokens it used. Row ids are never reused (AUTOINCREMENT), so
/// the chat id of a deleted session never comes back as someone else's.
pub async fn delete_session<'c>(conn: impl Into<Conn<'c>>, id: i64) -> Result<(), sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    on_conn!(conn.reborrow(), c =>
        sqlx::query("DELETE FROM web_forms_used WHERE session_id = $1").bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    on_conn!(conn.reborrow(), c =>
        sqlx::query("DELETE FROM web_sessions WHERE id = $1").bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Forgets used form tokens older than `before`: by then the session's current token has moved on,
/// so a replay of one is refused as stale anyway; the row only caught two copies sent at once.
pub async fn forget_used_forms<'c>(conn: impl Into<Conn<'c>>, before: &str) -> Result<u64, sqlx::Error> {
    let done = on_conn!(conn.into(), c =>
        sqlx::query("DELETE FROM web_forms_used WHERE used_at < $1").bind(before).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(done)
}

/// The numbers of the cases web chat `chat` has a part in (not erased): what "connect Telegram" moves.
pub async fn cases_of_web_chat<'c>(conn: impl Into<Conn<'c>>, chat: i64) -> Result<Vec<String>, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_scalar(
        "SELECT c.case_number FROM claimants cl JOIN complaints c ON c.id = cl.complaint_id
         WHERE cl.chat_id = $1 AND cl.erased_at IS NULL GROUP BY c.case_number ORDER BY MIN(c.id)",
    )
    .bind(chat)
    .fetch_all(c)
    .await)
}

/// Moves web chat `from`'s part of its cases to Telegram chat `to`: claimant rows, the filer's chat,
/// the office's copies of its words, follow-up questions, evidence ownership and unreachable notices (a row `to` already has for the
/// same case and question is kept, the web one dropped), and records the move for the status pages.
pub async fn move_chat<'c>(conn: impl Into<Conn<'c>>, from: i64, to: i64, now: &str) -> Result<(), sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    for sql in [
        "UPDATE claimants SET chat_id = $2 WHERE chat_id = $1",
        "UPDATE complaints SET worker_chat_id = $2 WHERE worker_chat_id = $1",
        // An office's answer to the worker's words sent from the web reaches them on Telegram.
        "UPDATE case_messages SET worker_chat_id = $2 WHERE worker_chat_id = $1",
        "UPDATE evidence SET chat_id = $2 WHERE chat_id = $1",
        "UPDATE followups SET chat_id = $2 WHERE chat_id = $1
             AND NOT EXISTS (SELECT 1 FROM followups o WHERE o.chat_id = $2 AND o.complaint_id = followups.complaint_id
                             AND o.kind = followups.kind AND o.trigger_id = followups.trigger_id)",
        "DELETE FROM followups WHERE chat_id = $1",
        "UPDATE unreachable_notices SET chat_id = $2 WHERE chat_id = $1
             AND NOT EXISTS (SELECT 1 FROM unreachable_notices o WHERE o.chat_id = $2
                             AND o.complaint_id = unreachable_notices.complaint_id)",
        "DELETE FROM unreachable_notices WHERE chat_id = $1",
    ] {
        on_conn!(conn.reborrow(), c =>
            sqlx::query(sql).bind(from).bind(to).execute(c).await.map(|r| r.rows_affected()))?;
    }
    on_conn!(conn.reborrow(), c => sqlx::query(
        "INSERT INTO web_moved (web_chat, telegram_chat, moved_at) VALUES ($1, $2, $3)
         ON CONFLICT (web_chat) DO UPDATE SET telegram_chat = excluded.telegram_chat, moved_at = excluded.moved_at",
    )
    .bind(from)
    .bind(to)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The web chats whose cases moved to Telegram chat `chat` ("connect Telegram" on a status page).
pub async fn web_chats_moved_to<'c>(conn: impl Into<Conn<'c>>, chat: i64) -> Result<Vec<i64>, sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query_scalar("SELECT web_chat FROM web_moved WHERE telegram_chat = $1 ORDER BY web_chat")
            .bind(chat)
            .fetch_all(c)
            .await)
}

/// Whether web chat `chat` holds a claim on case `complaint_id` (one filed after the chat moved to
/// Telegram stays with the web until the worker moves it too).
pub async fn claims_on<'c>(conn: impl Into<Conn<'c>>, chat: i64, complaint_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = on_conn!(conn.into(), c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM claimants WHERE chat_id = $1 AND complaint_id = $2",
    )
    .bind(chat)
    .bind(complaint_id)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// Whether web chat `chat` moved its notifications to Telegram.
pub async fn moved_to_telegram(db: &Db, chat: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = on_conn!(db.acquire().await?.conn(), c =>
        sqlx::query_scalar("SELECT COUNT(*) FROM web_moved WHERE web_chat = $1").bind(chat).fetch_one(c).await)?;
    Ok(n > 0)
}
