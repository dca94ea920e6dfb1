//! The durable inbox: updates are stored (sealed) before Telegram is told they were received, and
//! marked processed in the same transaction as their effects.

use std::collections::HashSet;

use super::{Db, WriteTx};

/// One update waiting to be handled.
#[derive(Debug, Clone)]
pub struct InboxRow {
    pub update_id: i64,
    pub chat_id: i64,
    /// Sealed JSON of the update as Telegram sent it.
    pub payload: String,
}

/// Stores a batch in one transaction; says for each row whether it was new (a re-delivered update_id,
/// even one repeated within the batch, is not). One statement per 1,000 rows: each statement is a round
/// trip to the connection's thread.
pub async fn store_batch(db: &Db, rows: &[InboxRow], now: &str) -> Result<Vec<bool>, sqlx::Error> {
    let mut tx = super::begin_write(db).await?;
    let mut inserted = HashSet::new();
    for chunk in rows.chunks(1_000) {
        let mut sql = String::from("INSERT INTO inbox (update_id, chat_id, payload, received_at) VALUES ");
        for i in 0..chunk.len() {
            let n = 3 * i + 2;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("(${n}, ${}, ${}, $1)", n + 1, n + 2));
        }
        sql.push_str(" ON CONFLICT (update_id) DO NOTHING RETURNING update_id");
        // Only placeholders are formatted in; the values are bound.
        // Not kept prepared: batch sizes vary, and each size would take a place in the statement cache.
        let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).persistent(false).bind(now);
        for row in chunk {
            query = query.bind(row.update_id).bind(row.chat_id).bind(&row.payload);
        }
        inserted.extend(query.fetch_all(&mut *tx).await?);
    }
    tx.commit().await?;
    // `remove`: of an update_id repeated within the batch only the first copy is new.
    Ok(rows.iter().map(|row| inserted.remove(&row.update_id)).collect())
}

/// Updates stored but not yet handled (after a crash), oldest first.
pub async fn unprocessed(db: &Db) -> Result<Vec<InboxRow>, sqlx::Error> {
    let rows: Vec<(i64, i64, Option<String>)> =
        sqlx::query_as("SELECT update_id, chat_id, payload FROM inbox WHERE processed_at IS NULL ORDER BY update_id")
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(update_id, chat_id, payload)| InboxRow { update_id, chat_id, payload: payload.unwrap_or_default() })
        .collect())
}

/// Marks an update handled and drops its payload, with the transaction's commit; `error` records why a
/// handler gave up on it.
pub fn mark_processed(tx: &mut WriteTx, update_id: i64, now: &str, error: Option<&str>) {
    tx.defer("UPDATE inbox SET processed_at = ?, payload = NULL, error = ? WHERE update_id = ?")
        .bind(now)
        .bind(error)
        .bind(update_id);
}

/// The highest update_id ever stored, so polling resumes after it.
pub async fn last_update_id(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MAX(update_id) FROM inbox").fetch_one(db).await
}

/// Whether the update was stored and its handling committed.
pub async fn is_processed(db: &Db, update_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbox WHERE update_id = $1 AND processed_at IS NOT NULL")
        .bind(update_id)
        .fetch_one(db)
        .await?;
    Ok(n == 1)
}
