//! Which replica handles a chat's updates now. Several replicas behind one webhook URL each store the
//! updates the load balancer gives them, so one worker's updates can land on different replicas; two
//! handling them at once would interleave the worker's dialogue. A replica therefore holds a chat
//! while it handles one of its updates: on PostgreSQL a session-level advisory lock on a connection of
//! a small pool of its own, waited for if another replica holds it.
//!
//! Advisory locks rather than `FOR UPDATE SKIP LOCKED` on a row per chat: there is no table of chats
//! to keep or clean up, a replica that dies loses its locks with its session (the server ends it once
//! the socket closes), and a waiting replica queues behind the holder instead of skipping the chat.
//!
//! Holding the chat, the replica handles every update of it stored and not yet handled up to its own,
//! oldest first, whichever replica stored them (so order holds, and an update whose replica died is not
//! stranded); one already handled by the time the lock is held is skipped. On SQLite one process owns
//! the file and its shards already keep each chat to one task: there is nothing to hold.

use sqlx::Postgres;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgPool, PgPoolOptions};

use crate::Db;
use crate::inbox::InboxRow;

/// The advisory locks' class (first key) for chats: "wd" + 1; the scheduler's lock uses the
/// one-key form, which never meets a two-key lock.
const CHAT_CLASS: i32 = 0x7764_0001;

/// Connections that hold chats at once, per replica: a replica handles at most this many chats at a
/// time on PostgreSQL (the store's own pool has 8, and every handler needs one of those too).
pub const HOLDERS: u32 = 4;

/// Where a replica's chat locks live.
#[derive(Clone, Debug)]
pub struct ChatClaims {
    /// `None` on SQLite.
    pool: Option<PgPool>,
}

/// A chat held by this replica until [`HeldChat::release`] (or drop, which ends the session).
pub struct HeldChat {
    chat: i64,
    conn: Option<PoolConnection<Postgres>>,
}

impl ChatClaims {
    pub fn new(db: &Db) -> ChatClaims {
        let pool = match db {
            Db::Sqlite(_) => None,
            Db::Postgres(pool) => Some(
                PgPoolOptions::new()
                    .max_connections(HOLDERS)
                    .acquire_timeout(std::time::Duration::from_secs(60))
                    .connect_lazy_with(pool.connect_options().as_ref().clone()),
            ),
        };
        ChatClaims { pool }
    }

    /// Whether replicas may share the inbox (PostgreSQL): then updates must be claimed.
    pub fn shared(&self) -> bool {
        self.pool.is_some()
    }

    /// Holds `chat`, waiting while another replica handles one of its updates.
    pub async fn hold(&self, chat: i64) -> Result<HeldChat, sqlx::Error> {
        let Some(pool) = &self.pool else { return Ok(HeldChat { chat, conn: None }) };
        let mut conn = pool.acquire().await?;
        sqlx::query("SELECT pg_advisory_lock($1, $2)").bind(CHAT_CLASS).bind(key(chat)).execute(&mut *conn).await?;
        Ok(HeldChat { chat, conn: Some(conn) })
    }
}

impl HeldChat {
    /// The chat's updates that are stored, not handled, and not after `seq`, oldest first: `seq`'s own
    /// last, or not at all if it was handled meanwhile (by the replica that held the chat before).
    /// Sealed payloads, as stored. On SQLite: none, the caller handles `seq` as it has it.
    pub async fn waiting(&mut self, seq: i64) -> Result<Vec<InboxRow>, sqlx::Error> {
        let Some(conn) = self.conn.as_mut() else { return Ok(Vec::new()) };
        let rows: Vec<(i64, i64, Option<String>)> = sqlx::query_as(
            "SELECT seq, chat_id, payload FROM inbox WHERE chat_id = $1 AND processed_at IS NULL AND seq <= $2 ORDER BY seq",
        )
        .bind(self.chat)
        .bind(seq)
        .fetch_all(&mut **conn)
        .await?;
        Ok(rows.into_iter().map(InboxRow::from).collect())
    }

    /// Lets the chat go for the next replica (or task) waiting for it.
    pub async fn release(mut self) {
        let Some(mut conn) = self.conn.take() else { return };
        let unlocked = sqlx::query_scalar::<_, bool>("SELECT pg_advisory_unlock($1, $2)")
            .bind(CHAT_CLASS)
            .bind(key(self.chat))
            .fetch_one(&mut *conn)
            .await;
        if !matches!(unlocked, Ok(true)) {
            // Not given back to the pool still holding the lock: its session ends instead.
            tracing::warn!(chat = self.chat, answer = ?unlocked, "a chat lock did not unlock; its session is closed");
            drop(conn.detach());
        }
    }
}

impl Drop for HeldChat {
    /// A claim dropped unreleased (its task cancelled, a panic) must not go back to the pool holding
    /// the chat: the session is closed, and the server lets the lock go with it.
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            drop(conn.detach());
        }
    }
}

/// The lock's second key: a chat id folded into 32 bits (two chats that share one only wait for each
/// other, they never mix).
fn key(chat: i64) -> i32 {
    let bits = chat as u64;
    ((bits ^ (bits >> 32)) as u32) as i32
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn chat_keys_fold_the_whole_id() {
        assert_eq!(key(5), 5);
        assert_ne!(key(-1_001_234_567_890), key(-1_001_234_567_891));
        assert_ne!(key(1 << 32), key(0), "the high half counts");
    }
}
