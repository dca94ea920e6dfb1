//! wagedesk's store: one SQLite file in WAL mode, or a PostgreSQL database ([`postgres`]), each
//! behind a pool ([`Db`]), migrations applied at start; and the move of a deployment's data from the
//! first to the second ([`migrate_store`]). All of the product's SQL is in this crate; the rules it stores are the core's
//! (`wagedesk-core`), and nothing here knows Telegram.
//!
//! SQL here is written once for both (`$n` placeholders, `ON CONFLICT`, `RETURNING`; [`conn`] lists
//! where they differ). Every function takes a connection or transaction so callers compose one
//! transaction per decision.

pub mod alerts;
pub mod backup;
pub mod cases;
pub mod claimants;
pub mod claims;
pub mod complaints;
pub mod conn;
pub mod context;
pub mod crew;
pub mod dialogues;
pub mod durable;
pub mod erasure;
pub mod followups;
pub mod inbox;
pub mod leader;
pub mod ledger;
pub mod metrics;
pub mod migrate_store;
pub mod open311;
pub mod outbox;
pub mod postgres;
pub mod private_files;
pub mod projects;
pub mod sealed;
pub mod staff;
pub mod web;
pub mod webhook;
mod writer;

pub use writer::{
    CommitCounts, Deferred, MAX_AGE, MAX_WRITES, WriteTx, begin_write, begin_write_reading, commit_counts,
};

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool};

use conn::{Conn, Dialect};

/// The store: a SQLite file or a PostgreSQL database, each behind a pool of connections.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A connection taken from the store's pool, given back when dropped.
pub enum DbConn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl DbConn {
    /// The connection, for store functions.
    pub fn conn(&mut self) -> Conn<'_> {
        match self {
            DbConn::Sqlite(c) => Conn::Sqlite(c),
            DbConn::Postgres(c) => Conn::Postgres(c),
        }
    }

    /// Takes the connection out of the pool for good (the pool opens another in its place).
    pub fn detach(self) -> OwnConn {
        match self {
            DbConn::Sqlite(c) => OwnConn::Sqlite(c.detach()),
            DbConn::Postgres(c) => OwnConn::Postgres(c.detach()),
        }
    }
}

/// A connection of one task's own, outside the pool (see [`DbConn::detach`]).
pub enum OwnConn {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl OwnConn {
    pub fn conn(&mut self) -> Conn<'_> {
        match self {
            OwnConn::Sqlite(c) => Conn::Sqlite(c),
            OwnConn::Postgres(c) => Conn::Postgres(c),
        }
    }
}

impl Db {
    /// A connection of the pool, for reads or a caller's own transaction.
    pub async fn acquire(&self) -> Result<DbConn, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool) => DbConn::Sqlite(pool.acquire().await?),
            Db::Postgres(pool) => DbConn::Postgres(pool.acquire().await?),
        })
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite(_) => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    /// The SQLite pool, for what only a SQLite file has (its WAL, backups of the file).
    pub fn sqlite(&self) -> Option<&SqlitePool> {
        match self {
            Db::Sqlite(pool) => Some(pool),
            Db::Postgres(_) => None,
        }
    }

    /// Closes the pool, waiting for its connections to be given back; on SQLite the file's writer
    /// connection too, so the file is left checkpointed, without `-wal` and `-shm`.
    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => {
                writer::close(pool).await;
                pool.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// What opening a store does to its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// Brings it up to this binary's migrations (`wagedesk migrate`, the bot's start, a restore).
    Migrate,
    /// Leaves it as it is: an operator's command beside a running bot must not move the schema
    /// under it (a new binary installed before the bot restarted).
    AsItIs,
}

/// Opens the store at `url`: `postgres://…` (or `postgresql://…`), or a SQLite file as
/// `sqlite://path` or a plain path.
pub async fn open_url(url: &str) -> Result<Db, sqlx::Error> {
    open_url_with(url, Schema::Migrate).await
}

/// [`open_url`], doing `schema` to the schema.
pub async fn open_url_with(url: &str, schema: Schema) -> Result<Db, sqlx::Error> {
    if postgres::is_postgres_url(url) {
        return Ok(Db::Postgres(postgres::open(url, schema).await?));
    }
    open_with(Path::new(url.strip_prefix("sqlite://").unwrap_or(url)), schema).await
}

/// Opens (creating if needed) the database file and brings its schema up to date.
pub async fn open(path: &Path) -> Result<Db, sqlx::Error> {
    open_with(path, Schema::Migrate).await
}

/// [`open`], doing `schema` to the schema.
pub async fn open_with(path: &Path, schema: Schema) -> Result<Db, sqlx::Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
    }
    private_file(path).map_err(sqlx::Error::Io)?;
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // NORMAL is durable across process crashes in WAL mode; a power cut can lose the last commits, so
        // nothing that reveals a commit (a send, a confirmed offset, a webhook's 200) happens before
        // `durable::SyncBarrier` synced the WAL after it: the disk sync stays off the write turn.
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
    if schema == Schema::Migrate {
        MIGRATOR.run(&pool).await?;
    }
    Ok(Db::Sqlite(pool))
}

/// The schema's migrations, built into the binary.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");

/// The migrations this binary knows that the database has not applied (none after [`open`]; the
/// start checks it anyway, as a guard on the schema the code expects).
pub async fn unapplied_migrations(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    let mut c = db.acquire().await?;
    // A database never migrated (an empty file) has none applied, not an error.
    let known = match c.conn().dialect() {
        Dialect::Sqlite => "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        Dialect::Postgres => "SELECT to_regclass('_sqlx_migrations') IS NOT NULL",
    };
    let migrated: bool = on_conn!(c.conn(), c => sqlx::query_scalar(known).fetch_one(c).await)?;
    let applied: Vec<i64> = if migrated {
        on_conn!(c.conn(), c =>
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(c).await)?
    } else {
        Vec::new()
    };
    let migrator = match db {
        Db::Sqlite(_) => &MIGRATOR,
        Db::Postgres(_) => &postgres::MIGRATOR,
    };
    Ok(migrator.iter().map(|m| m.version).filter(|v| !applied.contains(v)).collect())
}

/// The database file is readable by the process's user only (0600), created so before SQLite opens it
/// and tightened if it was not: SQLite gives its WAL and shared-memory files the database file's mode.
#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    match crate::private_files::create_new(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                tracing::warn!(path = %path.display(), mode = format!("{mode:o}"), "database file was readable by others; made 0600");
                crate::private_files::restrict_file(path)?;
            }
            Ok(())
        }
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn private_file(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// How often a running bot copies committed pages from the WAL into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// Checkpoints the WAL in the background until `stop` completes. Left to itself SQLite does it inside the
/// COMMIT that takes the WAL past 1,000 pages, with its fsyncs, while every other writer waits for
/// the turn (a stall of milliseconds now and then: the paced benchmark's p99). A passive checkpoint
/// waits for no reader or writer, and run this often it keeps the WAL below that threshold.
pub async fn checkpoints(db: Db, stop: impl Future<Output = ()>) {
    let mut stop = std::pin::pin!(stop);
    // PostgreSQL checkpoints by itself.
    let Db::Sqlite(db) = db else {
        stop.await;
        return;
    };
    loop {
        tokio::select! {
            () = &mut stop => break,
            _ = tokio::time::sleep(CHECKPOINT_EVERY) => {}
        }
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&db).await {
            tracing::warn!(error = %e, "WAL checkpoint failed");
        }
    }
}

/// Loads what an intake turn needs (see `intake::needs`), in the turn's transaction, from either
/// database.
pub async fn intake_facts<'c>(
    conn: impl Into<conn::Conn<'c>>,
    chat_id: i64,
    needs: &wagedesk_core::intake::Needs,
) -> Result<wagedesk_core::intake::Known, sqlx::Error> {
    let mut conn = conn.into();
    let mut known = wagedesk_core::intake::Known::default();
    if let Some(code) = &needs.project_code {
        known.project = Some(projects::find_by_code(conn.reborrow(), code).await?);
    }
    if needs.worker_cases {
        known.worker_cases = complaints::list_for_worker(conn.reborrow(), chat_id).await?;
    }
    if let Some(code) = &needs.crew_code {
        known.crew = Some(crew::lookup(conn, code).await?);
    }
    Ok(known)
}
