//! What an erasure or the retention purge clears in the outbox: a row keeps its shape (the delivery
//! worker still reads what a sent row cost against Telegram's limits), its words go. Payloads are sealed,
//! so each row is opened, cleared and sealed again here rather than in SQL.

use crate::conn::Conn;
use crate::on_conn;
use wagedesk_core::crypto::Vault;

use wagedesk_core::outgoing::Outgoing;

use crate::outbox::ERASED_TEXT;

/// What an outbox row says, cleared while keeping its shape (the delivery worker still reads what a
/// sent row cost against Telegram's limits): texts and captions become [`ERASED_TEXT`], sealed again like
/// every payload. A payload that does not read is blanked whole.
fn cleared(vault: &Vault, stored: &str) -> String {
    vault
        .open_stored(stored)
        .ok()
        .and_then(|json| serde_json::from_str::<Outgoing>(&json).ok())
        .and_then(|row| serde_json::to_string(&row.without_text(ERASED_TEXT)).ok())
        .map(|json| vault.seal(&json))
        .unwrap_or_default()
}

/// Rewrites rows `(id, payload)` cleared; `stop` also keeps a waiting row from being sent.
async fn clear_rows<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    rows: Vec<(i64, String)>,
    now: &str,
    stop: bool,
) -> Result<u64, sqlx::Error> {
    let sql = if stop {
        "UPDATE outbox SET payload = $2, cleared_at = $3, state = 'failed', last_error = 'erased before sending'
         WHERE id = $1"
    } else {
        "UPDATE outbox SET payload = $2, cleared_at = $3 WHERE id = $1"
    };
    let mut conn: Conn<'c> = conn.into();
    let mut count = 0;
    for (id, payload) in rows {
        count += on_conn!(conn.reborrow(), c => sqlx::query(sql)
            .bind(id)
            .bind(cleared(vault, &payload))
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(count)
}

/// Clears every row for `chat` (the worker's chat); rows still waiting are not sent any more. Returns
/// how many rows were cleared.
pub async fn clear_chat_outbox<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    chat: i64,
    now: &str,
) -> Result<u64, sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    let sent: Vec<(i64, String)> = on_conn!(conn.reborrow(), c => sqlx::query_as(
        "SELECT id, payload FROM outbox WHERE state <> 'pending' AND cleared_at IS NULL AND chat_id = $1",
    )
    .bind(chat)
    .fetch_all(c)
    .await)?;
    let waiting: Vec<(i64, String)> = on_conn!(conn.reborrow(), c =>
        sqlx::query_as("SELECT id, payload FROM outbox WHERE state = 'pending' AND chat_id = $1")
            .bind(chat)
            .fetch_all(c)
            .await)?;
    let cleared = clear_rows(conn.reborrow(), vault, sent, now, false).await?
        + clear_rows(conn.reborrow(), vault, waiting, now, true).await?;
    Ok(cleared + clear_web_mail(conn.reborrow(), chat).await?)
}

/// The web mailboxes of `chats` (the erased claimants' chats; Telegram chats are skipped): what a web
/// worker's status page shows holds the office's words about the case, which the erasure promises to
/// remove like the sent rows. A web worker with another case loses that case's history too (the
/// mailbox is per chat); its status and its later messages still show.
pub async fn clear_web_mailboxes<'c>(conn: impl Into<Conn<'c>>, chats: &[i64]) -> Result<u64, sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    let mut cleared = 0;
    for chat in chats {
        cleared += clear_web_mail(conn.reborrow(), *chat).await?;
    }
    Ok(cleared)
}

/// A web worker's mailbox (what their status page shows) and what their last intake page said.
async fn clear_web_mail<'c>(conn: impl Into<Conn<'c>>, chat: i64) -> Result<u64, sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    if !wagedesk_core::channel::is_web_chat(chat) {
        return Ok(0);
    }
    let mail = on_conn!(conn.reborrow(), c =>
        sqlx::query("DELETE FROM web_mail WHERE chat_id = $1").bind(chat).execute(c).await.map(|r| r.rows_affected()))?;
    on_conn!(conn.reborrow(), c => sqlx::query("UPDATE web_sessions SET page = NULL WHERE id = $1")
        .bind(chat - wagedesk_core::channel::WEB_CHAT_BASE)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(mail)
}

/// Clears the rows about a case in any chat: posts and cards in office groups (`op.complaint_id`) and
/// anything naming its number (a supervisor's alert). Of the rows still waiting, card edits (the
/// erasure queues a fresh one after this), posts of personal data in clear and what the erased
/// claimants (`erased_chats`) sent are not sent any more; other waiting posts go out and are cleared by
/// the retention purge afterwards. Payloads are sealed, so the rows not cleared yet are opened here to
/// find them (the retention purge keeps them few). Returns how many rows were cleared.
pub async fn clear_case_outbox<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    complaint_id: i64,
    case_number: &str,
    erased_chats: &[i64],
    now: &str,
) -> Result<u64, sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    let rows: Vec<(i64, String, String, bool)> = on_conn!(conn.reborrow(), c =>
        sqlx::query_as("SELECT id, payload, state, erase_after_send <> 0 FROM outbox WHERE cleared_at IS NULL")
            .fetch_all(c)
            .await)?;
    let mut sent = Vec::new();
    let mut stop = Vec::new();
    for (id, payload, state, erase_after_send) in rows {
        let Ok(json) = vault.open_stored(&payload) else { continue };
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&json) else { continue };
        let about = value.pointer("/op/complaint_id").and_then(serde_json::Value::as_i64) == Some(complaint_id)
            || json.contains(case_number);
        if !about {
            continue;
        }
        if state != "pending" {
            sent.push((id, payload));
        } else if erase_after_send
            || value.pointer("/op/op").and_then(serde_json::Value::as_str) == Some("edit_card")
            || from_erased(&value, erased_chats)
        {
            stop.push((id, payload));
        }
    }
    Ok(clear_rows(conn.reborrow(), vault, sent, now, false).await?
        + clear_rows(conn.reborrow(), vault, stop, now, true).await?)
}

/// A waiting relay or copy of what an erased claimant sent: their words must not reach the office now.
fn from_erased(row: &serde_json::Value, erased_chats: &[i64]) -> bool {
    let from = row.pointer("/op/from_chat").or_else(|| row.pointer("/op/from_chat_id"));
    from.and_then(serde_json::Value::as_i64).is_some_and(|chat| chat > 0 && erased_chats.contains(&chat))
}

/// Clears up to `limit` outbox rows sent (or refused for good) at or before `before`; returns how many.
pub async fn clear_sent<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    before: &str,
    now: &str,
    limit: i64,
) -> Result<u64, sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    let rows: Vec<(i64, String)> = on_conn!(conn.reborrow(), c => sqlx::query_as(
        "SELECT id, payload FROM outbox WHERE cleared_at IS NULL AND state <> 'pending'
             AND COALESCE(sent_at, created_at) <= $1 ORDER BY id LIMIT $2",
    )
    .bind(before)
    .bind(limit)
    .fetch_all(c)
    .await)?;
    clear_rows(conn.reborrow(), vault, rows, now, false).await
}
