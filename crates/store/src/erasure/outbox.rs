//! What an erasure or the retention purge clears in the outbox: a row keeps its shape (the delivery
//! worker still reads what a sent row cost against Telegram's limits), its words go.

use sqlx::SqliteConnection;

use crate::outbox::ERASED_TEXT;

/// Clears what an outbox row says while keeping its shape (the delivery worker still reads what a
/// sent row cost against Telegram's limits): texts and captions become [`ERASED_TEXT`], keyboards go,
/// file ids, file paths and topic names are blanked. A payload that is not JSON is blanked whole.
const CLEAR: &str = "payload = CASE WHEN json_valid(payload) THEN json_replace(payload,
        '$.text', ?1, '$.caption', ?1, '$.keyboard', 'None', '$.path', '',
        '$.op.text', ?1, '$.op.caption', ?1, '$.op.keyboard', 'None', '$.op.name', '', '$.op.file_id', '')
    ELSE '' END, cleared_at = ?2";

/// Clears every row for `chat` (the worker's chat); rows still waiting are not sent any more. Returns
/// how many rows were cleared. (Two statements, so each reads one of the outbox's partial indexes
/// instead of the whole table.)
pub async fn clear_chat_outbox(conn: &mut SqliteConnection, chat: i64, now: &str) -> Result<u64, sqlx::Error> {
    let sent = format!("UPDATE outbox SET {CLEAR} WHERE state <> 'pending' AND cleared_at IS NULL AND chat_id = ?3");
    let waiting = format!(
        "UPDATE outbox SET {CLEAR}, state = 'failed', last_error = 'erased before sending'
         WHERE state = 'pending' AND chat_id = ?3"
    );
    let mut cleared = 0;
    for sql in [sent, waiting] {
        let done =
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(ERASED_TEXT).bind(now).bind(chat).execute(&mut *conn).await?;
        cleared += done.rows_affected();
    }
    Ok(cleared)
}

/// Clears the rows about a case in any chat: posts and cards in office groups (`op.complaint_id`) and
/// anything naming its number (a supervisor's alert). Of the rows still waiting, card edits (the
/// erasure queues a fresh one after this) and posts of personal data in clear are not sent any more;
/// other waiting posts go out and are cleared by the retention purge afterwards. Returns how many rows
/// were cleared.
pub async fn clear_case_outbox(
    conn: &mut SqliteConnection,
    complaint_id: i64,
    case_number: &str,
    now: &str,
) -> Result<u64, sqlx::Error> {
    let about = "json_valid(payload) AND (json_extract(payload, '$.op.complaint_id') = ?3 OR instr(payload, ?4) > 0)";
    let sent = format!("UPDATE outbox SET {CLEAR} WHERE state <> 'pending' AND cleared_at IS NULL AND {about}");
    let waiting = format!(
        "UPDATE outbox SET {CLEAR}, state = 'failed', last_error = 'erased before sending'
         WHERE state = 'pending' AND {about}
           AND (erase_after_send = 1 OR json_extract(payload, '$.op.op') = 'edit_card')"
    );
    let mut cleared = 0;
    for sql in [sent, waiting] {
        let done = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(ERASED_TEXT)
            .bind(now)
            .bind(complaint_id)
            .bind(case_number)
            .execute(&mut *conn)
            .await?;
        cleared += done.rows_affected();
    }
    Ok(cleared)
}

/// Clears up to `limit` outbox rows sent (or refused for good) at or before `before`; returns how many.
pub async fn clear_sent(conn: &mut SqliteConnection, before: &str, now: &str, limit: i64) -> Result<u64, sqlx::Error> {
    let sql = format!(
        "UPDATE outbox SET {CLEAR}
         WHERE id IN (SELECT id FROM outbox WHERE cleared_at IS NULL AND state <> 'pending'
                          AND COALESCE(sent_at, created_at) <= ?3 ORDER BY id LIMIT ?4)"
    );
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(ERASED_TEXT)
        .bind(now)
        .bind(before)
        .bind(limit)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
