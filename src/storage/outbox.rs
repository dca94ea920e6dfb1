//! The transactional outbox: rows written with the change that causes them, sent by the delivery worker.

use sqlx::SqliteConnection;

use super::Db;

#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub id: i64,
    pub chat_id: i64,
    pub payload: String,
    pub attempts: i64,
}

pub async fn enqueue(conn: &mut SqliteConnection, chat_id: i64, payload: &str, now: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outbox (chat_id, payload, next_attempt_at, created_at) VALUES ($1, $2, $3, $3) RETURNING id",
    )
    .bind(chat_id)
    .bind(payload)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Pending rows whose time has come, oldest first. A chat whose oldest pending row is not yet due is
/// left out entirely, so a later row never overtakes an earlier one.
pub async fn due(db: &Db, now: &str, limit: i64) -> Result<Vec<OutboxRow>, sqlx::Error> {
    let rows: Vec<(i64, i64, String, i64)> = sqlx::query_as(
        "SELECT o.id, o.chat_id, o.payload, o.attempts FROM outbox o
         WHERE o.state = 'pending' AND o.next_attempt_at <= $1
           AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.state = 'pending' AND e.chat_id = o.chat_id
                           AND e.id < o.id AND e.next_attempt_at > $1)
         ORDER BY o.id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(id, chat_id, payload, attempts)| OutboxRow { id, chat_id, payload, attempts }).collect())
}

/// When the next pending row falls due, for the worker to sleep until then.
pub async fn next_due_at(db: &Db) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'").fetch_one(db).await
}

pub async fn mark_sent(db: &Db, id: i64, now: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET state = 'sent', sent_at = $2, attempts = attempts + 1 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}

/// Postpones a row (and so its chat) until `at`.
pub async fn retry_at(db: &Db, id: i64, at: &str, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE id = $1")
        .bind(id)
        .bind(at)
        .bind(error)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn mark_failed(db: &Db, id: i64, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = $2 WHERE id = $1")
        .bind(id)
        .bind(error)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn pending_count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state = 'pending'").fetch_one(db).await
}
