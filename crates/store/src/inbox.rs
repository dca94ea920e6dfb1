//! The durable inbox: updates are stored (sealed) before Telegram is told they were received, and
//! marked processed in the same transaction as their effects.
//!
//! Rows are keyed by `seq`, their order of arrival: that is the key every handler uses and the order
//! they are handled in. Telegram's `update_id` is unique only within a *run* of one bot's sequence
//! (after a week without updates Telegram starts again at a random id, and another bot has ids of
//! its own), so a re-delivery is recognised by `(bot_id, run, update_id)`.

use std::collections::HashMap;

use super::{Db, WriteTx};
use crate::on_conn;

/// An update as it arrives, before it has a place in the inbox.
#[derive(Debug, Clone)]
pub struct NewUpdate {
    pub update_id: i64,
    pub chat_id: i64,
    /// Sealed JSON of the update as Telegram sent it.
    pub payload: String,
}

/// One stored update waiting to be handled.
#[derive(Debug, Clone)]
pub struct InboxRow {
    /// Its place in the order of arrival: the inbox's key.
    pub seq: i64,
    pub chat_id: i64,
    /// Sealed JSON of the update as Telegram sent it.
    pub payload: String,
}

/// A row as read: `(seq, chat_id, payload)`; a handled row's payload is gone.
impl From<(i64, i64, Option<String>)> for InboxRow {
    fn from((seq, chat_id, payload): (i64, i64, Option<String>)) -> InboxRow {
        InboxRow { seq, chat_id, payload: payload.unwrap_or_default() }
    }
}

/// Where a bot's newest run of update ids stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunEnd {
    pub run: i64,
    pub last_update_id: i64,
    /// When its newest update arrived (RFC 3339).
    pub received_at: String,
}

/// Stores a batch of one run in one transaction; gives each row its `seq` if it was new (a
/// re-delivered update_id of the same run, even one repeated within the batch, is not). One statement
/// per 1,000 rows: each statement is a round trip to the connection's thread.
pub async fn store_batch(
    db: &Db,
    bot_id: i64,
    run: i64,
    rows: &[NewUpdate],
    now: &str,
) -> Result<Vec<Option<i64>>, sqlx::Error> {
    let mut tx = super::begin_write(db).await?;
    let mut inserted = HashMap::new();
    for chunk in rows.chunks(1_000) {
        let mut sql = String::from("INSERT INTO inbox (bot_id, run, update_id, chat_id, payload, received_at) VALUES ");
        for i in 0..chunk.len() {
            let n = 3 * i + 4;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("($1, $2, ${n}, ${}, ${}, $3)", n + 1, n + 2));
        }
        sql.push_str(" ON CONFLICT (bot_id, run, update_id) DO NOTHING RETURNING update_id, seq");
        // Only placeholders are formatted in; the values are bound.
        // Not kept prepared: batch sizes vary, and each size would take a place in the statement cache.
        let rows: Vec<(i64, i64)> = on_conn!(tx.conn(), c => {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).persistent(false).bind(bot_id).bind(run).bind(now);
            for row in chunk {
                query = query.bind(row.update_id).bind(row.chat_id).bind(&row.payload);
            }
            query.fetch_all(c).await
        })?;
        inserted.extend(rows);
    }
    tx.commit().await?;
    // `remove`: of an update_id repeated within the batch only the first copy is new.
    Ok(rows.iter().map(|row| inserted.remove(&row.update_id)).collect())
}

/// Updates stored but not yet handled (after a crash), in the order they arrived.
pub async fn unprocessed(db: &Db) -> Result<Vec<InboxRow>, sqlx::Error> {
    let mut c = db.acquire().await?;
    let rows: Vec<(i64, i64, Option<String>)> = on_conn!(c.conn(), c =>
        sqlx::query_as("SELECT seq, chat_id, payload FROM inbox WHERE processed_at IS NULL ORDER BY seq")
            .fetch_all(c)
            .await)?;
    Ok(rows.into_iter().map(InboxRow::from).collect())
}

/// Updates stored before `before` and still not handled, oldest first (at most `limit`): on
/// PostgreSQL, those of a replica that died between storing and handling them.
pub async fn stranded(db: &Db, before: &str, limit: i64) -> Result<Vec<InboxRow>, sqlx::Error> {
    let mut c = db.acquire().await?;
    let rows: Vec<(i64, i64, Option<String>)> = on_conn!(c.conn(), c => sqlx::query_as(
        "SELECT seq, chat_id, payload FROM inbox WHERE processed_at IS NULL AND received_at < $1 ORDER BY seq LIMIT $2",
    )
    .bind(before)
    .bind(limit)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(InboxRow::from).collect())
}

/// Marks an update handled and drops its payload, with the transaction's commit; `error` records why a
/// handler gave up on it.
pub fn mark_processed(tx: &mut WriteTx, seq: i64, now: &str, error: Option<&str>) {
    tx.defer("UPDATE inbox SET processed_at = ?, payload = NULL, error = ? WHERE seq = ?")
        .bind(now)
        .bind(error)
        .bind(seq);
}

/// The bot's newest run and its highest update_id, so polling resumes after it (`None`: this bot
/// never polled into this database).
pub async fn current_run(db: &Db, bot_id: i64) -> Result<Option<RunEnd>, sqlx::Error> {
    let mut c = db.acquire().await?;
    let row: Option<(i64, i64, String)> = on_conn!(c.conn(), c => sqlx::query_as(
        "SELECT run, MAX(update_id), MAX(received_at) FROM inbox
         WHERE bot_id = $1 AND run = (SELECT MAX(run) FROM inbox WHERE bot_id = $1)
         GROUP BY run",
    )
    .bind(bot_id)
    .fetch_optional(c)
    .await)?;
    Ok(row.map(|(run, last_update_id, received_at)| RunEnd { run, last_update_id, received_at }))
}

/// Rows stored before bot ids were kept (bot 0) become the bot's that polls first, unless it already
/// has rows of its own: their last batch may not have been confirmed yet, and Telegram sends it again.
pub async fn adopt_unowned(db: &Db, bot_id: i64) -> Result<u64, sqlx::Error> {
    let mut c = db.acquire().await?;
    on_conn!(c.conn(), c => sqlx::query(
        "UPDATE inbox SET bot_id = $1 WHERE bot_id = 0 AND NOT EXISTS (SELECT 1 FROM inbox WHERE bot_id = $1)",
    )
    .bind(bot_id)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
}

/// Whether the newest stored copy of `update_id` was handled (for tests and the demo, which know the
/// id Telegram gave an update, not its place in the inbox).
pub async fn newest_is_processed(db: &Db, update_id: i64) -> Result<bool, sqlx::Error> {
    let mut c = db.acquire().await?;
    let processed: Option<bool> = on_conn!(c.conn(), c =>
        sqlx::query_scalar("SELECT processed_at IS NOT NULL FROM inbox WHERE update_id = $1 ORDER BY seq DESC LIMIT 1")
            .bind(update_id)
            .fetch_optional(c)
            .await)?;
    Ok(processed == Some(true))
}

#[cfg(test)]
#[path = "inbox_tests.rs"]
mod tests;
