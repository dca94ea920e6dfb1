//! Dialogue state per chat, as JSON. The handler writes it inside its own transaction.

use super::{Db, WriteTx};
use crate::conn::Conn;
use crate::on_conn;

// Positional `?`: the same text runs alone and, in a write transaction, with other statements.
const LOAD: &str = "SELECT state FROM dialogues WHERE chat_id = ?";
const SAVE: &str = "INSERT INTO dialogues (chat_id, state, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at";

pub async fn load<'c>(conn: impl Into<Conn<'c>>, chat_id: i64) -> Result<Option<String>, sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query_scalar("SELECT state FROM dialogues WHERE chat_id = $1").bind(chat_id).fetch_optional(c).await)
}

/// The chat's stored dialogue, read outside any transaction (for a reply that does not change it).
pub async fn read(db: &Db, chat_id: i64) -> Result<Option<String>, sqlx::Error> {
    load(&mut db.acquire().await?, chat_id).await
}

pub async fn save<'c>(conn: impl Into<Conn<'c>>, chat_id: i64, state_json: &str, now: &str) -> Result<(), sqlx::Error> {
    let sql = crate::conn::numbered(SAVE);
    on_conn!(conn.into(), c =>
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(chat_id).bind(state_json).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Begins the write transaction that will save the chat's dialogue, with its stored state read in it.
pub async fn begin_and_load(db: &Db, chat_id: i64) -> Result<(WriteTx, Option<String>), sqlx::Error> {
    super::begin_write_reading(db, LOAD, chat_id).await
}

/// [`save`] with the transaction's commit.
pub fn save_at_commit(tx: &mut WriteTx, chat_id: i64, state_json: &str, now: &str) {
    tx.defer(SAVE).bind(chat_id).bind(state_json).bind(now);
}

pub async fn remove<'c>(conn: impl Into<Conn<'c>>, chat_id: i64) -> Result<u64, sqlx::Error> {
    let done = on_conn!(conn.into(), c =>
        sqlx::query("DELETE FROM dialogues WHERE chat_id = $1").bind(chat_id).execute(c).await.map(|d| d.rows_affected()))?;
    Ok(done)
}
