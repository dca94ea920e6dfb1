//! The durable inbox: updates are stored (sealed) before Telegram is told they were received, and
//! marked processed in the same transaction as their effects.

use sqlx::SqliteConnection;

use super::Db;

/// One update waiting to be handled.
#[derive(Debug, Clone)]
pub struct InboxRow {
    pub update_id: i64,
    pub chat_id: i64,
    /// Sealed JSON of the update as Telegram sent it.
    pub payload: String,
}

/// Stores a batch in one transaction; says for each row whether it was new (a re-delivered update_id,
/// even one repeated within the batch, is not).
pub async fn store_batch(db: &Db, rows: &[InboxRow], now: &str) -> Result<Vec<bool>, sqlx::Error> {
    let mut tx = super::begin_write(db).await?;
    let mut fresh = Vec::with_capacity(rows.len());
    for row in rows {
        let inserted = sqlx::query(
            "INSERT INTO inbox (update_id, chat_id, payload, received_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (update_id) DO NOTHING",
        )
        .bind(row.update_id)
        .bind(row.chat_id)
        .bind(&row.payload)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        fresh.push(inserted == 1);
    }
    tx.commit().await?;
    Ok(fresh)
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

/// Marks an update handled and drops its payload; `error` records why a handler gave up on it.
pub async fn mark_processed(
    conn: &mut SqliteConnection,
    update_id: i64,
    now: &str,
    error: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE inbox SET processed_at = $2, payload = NULL, error = $3 WHERE update_id = $1")
        .bind(update_id)
        .bind(now)
        .bind(error)
        .execute(conn)
        .await?;
    Ok(())
}

/// The highest update_id ever stored, so polling resumes after it.
pub async fn last_update_id(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MAX(update_id) FROM inbox").fetch_one(db).await
}
