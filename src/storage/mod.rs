//! Storage: one SQLite file in WAL mode, opened by our own pool, migrations applied at start.
//!
//! SQL here is kept portable (`$n` placeholders, `ON CONFLICT`, `RETURNING`) so a PostgreSQL backend
//! can be added beside it without touching the core. Every function takes a connection or
//! transaction so callers compose one transaction per decision.

pub mod cases;
pub mod complaints;
pub mod dialogues;
pub mod followups;
pub mod inbox;
pub mod outbox;
pub mod projects;
pub mod staff;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

pub type Db = SqlitePool;
pub type Tx = Transaction<'static, Sqlite>;

/// Opens (creating if needed) the database file and brings its schema up to date.
pub async fn open(path: &Path) -> Result<Db, sqlx::Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
    }
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // NORMAL is durable across process crashes in WAL mode; only a power cut can lose the last commits.
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // Erased personal data must not linger in free pages.
        .pragma("secure_delete", "ON");
    // No ping before every acquire: a connection to a local file cannot go stale, and each ping is a round
    // trip to the connection's thread (two context switches), which profiles of the bot pinned to one core
    // showed dominating (BENCHMARKS.md).
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .min_connections(1)
        .test_before_acquire(false)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    Ok(pool)
}

/// A write transaction, holding this process's write turn for its database until it ends.
pub struct WriteTx {
    tx: Tx,
    _turn: tokio::sync::OwnedMutexGuard<()>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::SqliteConnection;
    fn deref(&self) -> &sqlx::SqliteConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut sqlx::SqliteConnection {
        &mut self.tx
    }
}

/// One write turn per database file in this process. SQLite admits one writer at a time anyway,
/// and when writers collide its busy handler sleeps in steps of milliseconds; queueing them here
/// hands the lock over at once. (A transaction must never start another one: it would wait on itself.)
fn write_turn(db: &Db) -> Arc<tokio::sync::Mutex<()>> {
    static TURNS: LazyLock<std::sync::Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>> =
        LazyLock::new(Default::default);
    let file = db.connect_options().get_filename().to_path_buf();
    let mut turns = TURNS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    turns.entry(file).or_default().clone()
}

/// Starts a write transaction. SQLite's default deferred transaction fails with SQLITE_BUSY when it
/// upgrades from read to write under contention; taking the write lock up front (after this
/// process's write turn) makes writers queue instead.
pub async fn begin_write(db: &Db) -> Result<WriteTx, sqlx::Error> {
    let turn = write_turn(db).lock_owned().await;
    let tx = db.begin_with("BEGIN IMMEDIATE").await?;
    Ok(WriteTx { tx, _turn: turn })
}
