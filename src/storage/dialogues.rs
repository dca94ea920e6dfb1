//! Dialogue state per chat, as JSON. The handler writes it inside its own transaction; the
//! [`DialogueStorage`] type offers the same table through teloxide's `Storage` trait.

use std::sync::Arc;

use futures_util::future::BoxFuture;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::SqliteConnection;
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

use super::{Db, WriteTx};
use crate::clock::{Clock, stamp};

// Positional `?`: the same text runs alone and, in a write transaction, with other statements.
const LOAD: &str = "SELECT state FROM dialogues WHERE chat_id = ?";
const SAVE: &str = "INSERT INTO dialogues (chat_id, state, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at";

pub async fn load(conn: &mut SqliteConnection, chat_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(LOAD).bind(chat_id).fetch_optional(conn).await
}

pub async fn save(conn: &mut SqliteConnection, chat_id: i64, state_json: &str, now: &str) -> Result<(), sqlx::Error> {
    sqlx::query(SAVE).bind(chat_id).bind(state_json).bind(now).execute(conn).await?;
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

pub async fn remove(conn: &mut SqliteConnection, chat_id: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM dialogues WHERE chat_id = $1").bind(chat_id).execute(conn).await?.rows_affected())
}

/// teloxide's `Storage` over our pool and table.
pub struct DialogueStorage {
    db: Db,
    clock: Clock,
}

#[derive(Debug, thiserror::Error)]
pub enum DialogueStorageError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// A stored state that no longer deserializes (an upgrade renamed a variant): callers reset it.
    #[error("stored dialogue state is unreadable: {0}")]
    Unreadable(#[from] serde_json::Error),
    #[error("no dialogue for this chat")]
    NotFound,
}

impl DialogueStorage {
    pub fn new(db: Db, clock: Clock) -> Arc<DialogueStorage> {
        Arc::new(DialogueStorage { db, clock })
    }
}

impl<D> Storage<D> for DialogueStorage
where
    D: Serialize + DeserializeOwned + Send + 'static,
{
    type Error = DialogueStorageError;

    fn remove_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            let mut conn = self.db.acquire().await?;
            match remove(&mut conn, chat_id.0).await? {
                0 => Err(DialogueStorageError::NotFound),
                _ => Ok(()),
            }
        })
    }

    fn update_dialogue(self: Arc<Self>, chat_id: ChatId, dialogue: D) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            let json = serde_json::to_string(&dialogue)?;
            let mut conn = self.db.acquire().await?;
            save(&mut conn, chat_id.0, &json, &stamp(self.clock.now())).await?;
            Ok(())
        })
    }

    fn get_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<'static, Result<Option<D>, Self::Error>> {
        Box::pin(async move {
            let mut conn = self.db.acquire().await?;
            match load(&mut conn, chat_id.0).await? {
                None => Ok(None),
                Some(json) => Ok(Some(serde_json::from_str(&json)?)),
            }
        })
    }
}
