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

use std::path::Path;
use std::str::FromStr;
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
    let pool = SqlitePoolOptions::new().max_connections(4).min_connections(1).connect_with(options).await?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    Ok(pool)
}

/// Starts a write transaction. SQLite's default deferred transaction fails with SQLITE_BUSY when it
/// upgrades from read to write under contention; taking the write lock up front makes writers queue
/// on the busy timeout instead.
pub async fn begin_write(db: &Db) -> Result<Tx, sqlx::Error> {
    db.begin_with("BEGIN IMMEDIATE").await
}
